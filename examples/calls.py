"""Place calls: one with inline TwiML, one that fetches TwiML from a URL.

Runs offline against the embedded fake Twilio; `--live` uses your account
(TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN) instead.
"""

from __future__ import annotations

import sys

from twilio_sdk import Client
from twilio_sdk.testing import FakeTwilio
from twilio_sdk.twiml.voice_response import VoiceResponse

FAKE = FakeTwilio()
client = Client() if "--live" in sys.argv else FAKE.client()

twiml = VoiceResponse()
twiml.say("Hello from twilio_sdk")
call = client.calls.create(to="+15558675310", from_="+15017122661", twiml=twiml)
print("TwiML call", call.sid, call.status)
by_url = client.calls.create(
    to="+15558675310", from_="+15017122661", url="https://demo.twilio.com/docs/voice.xml"
)
client.calls(by_url.sid or "").update(status="completed")  # hang up
print("URL call", by_url.sid, client.calls(by_url.sid or "").fetch().status)
