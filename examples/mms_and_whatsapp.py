"""Send an MMS (a picture) and a WhatsApp message.

Runs offline against the embedded fake Twilio; `--live` uses your account
(TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN) instead.
"""

from __future__ import annotations

import sys

from twilio_sdk import Client
from twilio_sdk.testing import FakeTwilio

FAKE = FakeTwilio()
client = Client() if "--live" in sys.argv else FAKE.client()

mms = client.messages.create(
    to="+15558675310",
    from_="+15017122661",
    body="An owl",
    media_url=["https://demo.twilio.com/owl.png"],
)
print("MMS", mms.sid, "media:", mms.num_media)
wa = client.messages.create(
    to="whatsapp:+15558675310", from_="whatsapp:+14155238886", body="Your code is 1234"
)
print("WhatsApp", wa.sid, wa.to)
