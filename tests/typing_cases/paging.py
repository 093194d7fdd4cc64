"""Paging, as Twilio's docs write it: `list` with `limit`/`page_size`, lazy `stream`, one
`page` at a time with `next_page()`, the records typed all the way."""

from __future__ import annotations

from datetime import date

from twilio_sdk import Client


def lists_and_streams(client: Client) -> None:
    for _ in range(5):
        client.messages.create(to="+15558675310", from_="+15017122661", body="Hi")
    messages = client.messages.list(limit=3, page_size=2)
    print(len(messages), [m.sid for m in messages])
    for record in client.messages.stream(date_sent_after=date(2016, 1, 1), page_size=2):
        print(record.sid, record.to)
    for record in client.messages.stream(limit=3):
        print(record.body)


def pages(client: Client) -> None:
    for _ in range(3):
        client.messages.create(to="+15558675310", from_="+15017122661", body="Hi")
    page = client.messages.page(page_size=2)
    total = 0
    while True:
        for record in page:
            total += 1
            print(record.sid)
        following = page.next_page()
        if following is None:
            break
        page = following
    print(total)


def refused(client: Client) -> None:
    client.messages.list(limit="3")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    client.messages.stream(max_pages=2)  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    for record in client.messages.stream(limit=1):
        record.no_such_field = 1  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue]


CALLS = (lists_and_streams, pages)
