"""Verify: send a one-time code and check it.

Runs offline against the embedded fake Twilio; `--live` uses your account
(TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN) instead.
"""

from __future__ import annotations

import sys

from twilio_sdk import Client
from twilio_sdk.testing import FakeTwilio

FAKE = FakeTwilio()
client = Client() if "--live" in sys.argv else FAKE.client()

service = client.verify.v2.services.create(friendly_name="My App")
verification = client.verify.v2.services(service.sid or "").verifications.create(
    to="+15558675310", channel="sms"
)
print("verification", verification.status)
check = client.verify.v2.services(service.sid or "").verification_checks.create(
    to="+15558675310", code="123456"
)
print("check", check.status)
