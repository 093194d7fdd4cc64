"""Search for an available number and buy it.

Runs offline against the embedded fake Twilio; `--live` uses your account
(TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN) instead.
"""

from __future__ import annotations

import sys

from twilio_sdk import Client
from twilio_sdk.testing import FakeTwilio

FAKE = FakeTwilio()
client = Client() if "--live" in sys.argv else FAKE.client()

offers = client.available_phone_numbers("US").local.list(area_code=510, limit=5)
for offer in offers:
    print("available", offer.phone_number, offer.friendly_name)
bought = client.incoming_phone_numbers.create(phone_number=offers[0].phone_number)
print("bought", bought.sid, bought.phone_number)
