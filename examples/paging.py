"""Page through a large list: stream lazily, or page by page.

Runs offline against the embedded fake Twilio; `--live` uses your account
(TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN) instead.
"""

from __future__ import annotations

import sys

from twilio_sdk import Client
from twilio_sdk.testing import FakeTwilio

FAKE = FakeTwilio()
client = Client() if "--live" in sys.argv else FAKE.client()

for i in range(120):  # something to page through
    client.messages.create(to="+15558675310", from_="+15017122661", body=f"#{i}")
print("streamed", sum(1 for _ in client.messages.stream(page_size=50)), "messages")
page = client.messages.page(page_size=50)
pages = 1
while (next_page := page.next_page()) is not None:
    page, pages = next_page, pages + 1
print("pages of 50:", pages)
print("first 10:", len(client.messages.list(limit=10)))
