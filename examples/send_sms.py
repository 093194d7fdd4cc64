"""Send an SMS and follow its status.

Runs offline against the embedded fake Twilio; `--live` uses your account
(TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN) instead.
"""

from __future__ import annotations

import sys

from twilio_sdk import Client
from twilio_sdk.testing import FakeTwilio

FAKE = FakeTwilio()
client = Client() if "--live" in sys.argv else FAKE.client()

msg = client.messages.create(to="+15558675310", from_="+15017122661", body="Hello!")
print("sent", msg.sid, msg.status)
FAKE.settle()  # the fake moves it queued -> sent -> delivered (real Twilio does it by itself)
print("now", client.messages(msg.sid or "").fetch().status)
