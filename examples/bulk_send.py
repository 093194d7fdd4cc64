"""Send many messages with bounded concurrency (AsyncClient and a semaphore).

Runs offline against the embedded fake Twilio; `--live` uses your account.
"""

from __future__ import annotations

import asyncio
import sys

from twilio_sdk import AsyncClient, TwilioRestException
from twilio_sdk.testing import FakeTwilio

RECIPIENTS = [f"+1555867{n:04d}" for n in range(200)]


async def main() -> None:
    fake = FakeTwilio()
    client = AsyncClient() if "--live" in sys.argv else fake.async_client()
    limit = asyncio.Semaphore(20)  # at most 20 requests in flight

    async def send(to: str) -> str | None:
        async with limit:
            try:
                msg = await client.messages.create(to=to, from_="+15017122661", body="Hi all")
                return msg.sid
            except TwilioRestException as error:
                print("failed", to, error.code)
                return None

    async with client:
        sids = await asyncio.gather(*(send(to) for to in RECIPIENTS))
    print(f"sent {sum(1 for s in sids if s)} of {len(RECIPIENTS)}")


asyncio.run(main())
