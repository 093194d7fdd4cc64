"""Calls written as Twilio's docs write them: checked by pyright (basic and strict) and mypy
(strict) in `nox -s typecheck`; tests/generated/test_typing_rules.py runs them on both libraries,
each against a fake Twilio, and compares the requests. The other files here do the same per area.

Negative cases carry both checkers' ignore comments; unused ignores are errors for both
(mypy --strict's warn_unused_ignores, pyright's reportUnnecessaryTypeIgnoreComment with
only its own comments honoured), so a case that stops being an error fails the check.
"""

from __future__ import annotations

from datetime import date, datetime

from twilio_sdk import Client


def dates_for_date_time_filters(client: Client) -> None:
    client.messages.list(date_sent=date(2016, 8, 31), limit=20)
    client.calls.list(start_time_after=date(2016, 1, 1), limit=20)
    client.recordings.list(date_created_before=date(2016, 10, 18), limit=20)
    client.messages.list(date_sent_after=datetime(2016, 8, 31, 12, 0), limit=20)


def iso_strings_for_dates(client: Client) -> None:
    client.usage.records.list(start_date="2012-09-01", limit=20)
    client.conferences.list(date_created="2009-07-06", limit=20)


def numbers_as_strings(client: Client) -> None:
    client.available_phone_numbers("US").local.list(area_code="510", limit=20)
    client.available_phone_numbers("US").local.list(distance="50", limit=20)
    client.notifications.list(log="1", limit=20)


def booleans_as_strings(client: Client) -> None:
    client.messages.create(to="+15558675310", from_="+15017122661", body="Hi", send_as_mms="True")


def integers_for_string_parameters(client: Client) -> None:
    # `Available` is a string filter in the spec ("true", "1" …); Twilio's docs pass 1. Type-checked
    # only (the fake has no TaskRouter); test_typing_rules checks the integer goes out as "1".
    workspace = client.taskrouter.v1.workspaces("WSXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX")
    workspace.workers.list(available=1, limit=20)


def positional_and_plain(client: Client) -> None:
    message = client.messages.create("+15558675310", from_="+15017122661", body="Hello")
    print(message.sid, message.status)


def refused(client: Client) -> None:
    client.messages.create(to={"a": 1}, body="x")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    client.messages.create(to="+1", body="x", no_such_keyword=1)  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    client.messages.list(date_sent=1, limit=1)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


CALLS = (
    dates_for_date_time_filters,
    iso_strings_for_dates,
    numbers_as_strings,
    booleans_as_strings,
    positional_and_plain,
)
