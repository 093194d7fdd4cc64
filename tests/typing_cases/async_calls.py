"""Async, as Twilio's docs write it: `AsyncClient` (ours), and the official library's
`*_async` methods on `Client`: the same requests either way."""

from __future__ import annotations

from datetime import date

from twilio_sdk import AsyncClient, Client
from twilio_sdk.twiml.voice_response import VoiceResponse


async def with_async_client(client: AsyncClient) -> None:
    message = await client.messages.create(
        to="+15558675310", from_="+15017122661", body="Hi", send_as_mms="false"
    )
    print(message.sid)
    await client.calls.create(to="+15558675310", from_="+15017122661", twiml=VoiceResponse())
    async for record in client.messages.stream(date_sent_after=date(2016, 1, 1), page_size=2):
        print(record.sid)
    numbers = await client.available_phone_numbers("US").local.list(area_code="510", limit=2)
    print(len(numbers))


async def with_client_async(client: Client) -> None:
    message = await client.messages.create_async(
        to="+15558675310", from_="+15017122661", body="Hi", send_as_mms="false"
    )
    print(message.sid)
    await client.calls.create_async(to="+15558675310", from_="+15017122661", twiml=VoiceResponse())
    async for record in await client.messages.stream_async(
        date_sent_after=date(2016, 1, 1), page_size=2
    ):
        print(record.sid)
    numbers = await client.available_phone_numbers("US").local.list_async(area_code="510", limit=2)
    print(len(numbers))


async def refused(client: AsyncClient, sync: Client) -> None:
    await client.messages.create(to={"n": 1}, from_="+15017122661")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    await sync.messages.create_async(to="+15558675310", frm="+15017122661")  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    len(client.messages.list(limit=1))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
