"""Subaccounts and Twilio Connect: create, act as, move a number, close.

Runs offline against the embedded fake Twilio; `--live` uses your account
(TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN) instead.
"""

from __future__ import annotations

import sys

from twilio_sdk import Client
from twilio_sdk.testing import FakeTwilio

FAKE = FakeTwilio()
client = Client() if "--live" in sys.argv else FAKE.client()

team = client.create_subaccount("support team")
number = client.incoming_phone_numbers.create(area_code="415")
client.move_phone_number(number.sid or "", client.account_sid, team.sid or "")
sub = client.for_account(team.sid or "")  # parent credentials, subaccount as the account
print("subaccount numbers:", [n.phone_number for n in sub.incoming_phone_numbers.list()])
sub.messages.create(to="+15558675310", from_=str(number.phone_number), body="from the team")
print("closed:", client.close_subaccount(team.sid or "").status)
# A Twilio Connect account: its SID is the username (client.for_connect_account("AC…")).
