"""Messaging, as Twilio's docs write it: positional `to`, dates and strings for numbers and
booleans, lists for repeated parameters, enum fields compared with their wire value."""

from __future__ import annotations

import http
from datetime import UTC, date, datetime

from twilio_sdk import Client


def send_and_schedule(client: Client) -> None:
    message = client.messages.create(
        "+15558675310",
        from_="+15017122661",
        body="McAvoy or Stewart? These timelines can get so confusing.",
        media_url=["https://c1.staticflickr.com/3/2899/14341091933_1e92e62d12_b.jpg"],
        status_callback="https://example.com/status",
        validity_period="600",  # an integer as a string
        max_price="0.75",  # a number as a string
        send_as_mms="true",  # a boolean as a string
    )
    print(message.sid, message.status)
    if message.status == "queued":  # enum fields equal their wire value
        print("queued")
    if message.body is not None:  # spec-nullable: checked before use
        print(message.body.upper())
    client.messages.create(
        to="+15558675310",
        messaging_service_sid="MG9752274e9e519418a7406176694466fa",
        body="The meeting is at 10",
        schedule_type="fixed",
        send_at=datetime(2031, 11, 30, 20, 36, 27, tzinfo=UTC),
        attempt=3,
        smart_encoded=True,
    )


def read_update_delete(client: Client) -> None:
    message = client.messages.create(to="+15558675310", from_="+15017122661", body="Hello")
    fetched = message.fetch()
    print(fetched.date_sent, fetched.num_segments, fetched.price)
    message.update(body="")  # redact it
    message.delete()


def filters(client: Client) -> None:
    for record in client.messages.list(date_sent=date(2016, 8, 31), limit=20):
        print(record.sid)
    client.messages.list(
        from_="+15017122661",
        to="+15558675310",
        date_sent_after=datetime(2016, 8, 31, tzinfo=UTC),
        date_sent_before="2016-09-30",
        limit=20,
    )


def services(client: Client) -> None:
    service = client.messaging.v1.services.create(
        friendly_name="My First Messaging Service", sticky_sender="true", validity_period=600
    )
    print(service.sid, service.friendly_name)


def refused(client: Client) -> None:
    # A dict where a string belongs, an unknown keyword, an enum of the wrong type.
    client.messages.create(to={"number": "+15558675310"}, from_="+15017122661")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    client.messages.create(to="+15558675310", from_="+15017122661", bodyy="x")  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    client.messages.create(to="+15558675310", risk_check=http.HTTPStatus.OK)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    client.messages.create(to="+15558675310", send_as_mms="yes")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    client.messages.list(date_sent=20160831, limit=1)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


CALLS = (send_and_schedule, read_update_delete, filters, services)
