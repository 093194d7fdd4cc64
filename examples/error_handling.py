"""Handle errors: typed exceptions, retries of 429 and 5xx.

Runs offline against the embedded fake Twilio; `--live` uses your account
(TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN) instead.
"""

from __future__ import annotations

import sys

from twilio_sdk import BadRequestError, Client, RetryEvent, ServerError
from twilio_sdk.testing import FakeTwilio

FAKE = FakeTwilio()
client = Client() if "--live" in sys.argv else FAKE.client()


def log_retry(event: RetryEvent) -> None:
    print(f"  retry #{event.attempt} after {event.delay:.1f} s (status {event.status})")


client = Client(on_retry=log_retry) if "--live" in sys.argv else FAKE.client(on_retry=log_retry)
try:
    client.messages.create(to="+15005550001", from_="+15017122661", body="x")
except BadRequestError as error:
    print("refused:", error.status, error.code, error.message, error.more_info)

FAKE.fail("ListMessage", status=429, retry_after=1)  # the next list gets Too Many Requests
print("listed after a 429:", client.messages.list(limit=1))
FAKE.fail("CreateMessage", status=503)
try:
    client.messages.create(to="+15558675310", from_="+15017122661", body="x")
except ServerError as error:  # a POST is not retried once it may have reached Twilio
    print("server error:", error.status, error.code)
