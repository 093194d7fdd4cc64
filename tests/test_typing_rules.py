"""The values the types accept (tests/typing_cases/docs_calls.py, type-checked by nox -s typecheck)
encode as the official library sends them, and Twilio's fake takes them."""

from __future__ import annotations

import datetime as dt

import pytest
from twilio.base import serialize as official
from typing_cases.docs_calls import CALLS

from twilio_sdk._encoding import encode_bool, encode_date, encode_datetime, encode_int
from twilio_sdk.testing import FakeTwilio


@pytest.mark.parametrize("call", CALLS, ids=lambda c: c.__name__)
def test_each_kind_of_docs_call_runs_against_the_fake(call: object) -> None:
    fake = FakeTwilio()
    call(fake.client())  # type: ignore[operator]
    assert fake.requests  # it reached the fake, accepted


def test_the_accepted_values_go_on_the_wire_as_the_official_library_sends_them() -> None:
    day = dt.date(2016, 8, 31)
    assert encode_datetime(day) == official.iso8601_datetime(day)
    assert encode_date("2012-09-01") == official.iso8601_date("2012-09-01")
    assert encode_int("510") == "510" == "510"
    assert encode_bool("True") == official.boolean_to_string("True") == "true"


def test_a_date_filter_given_a_date_sends_that_day() -> None:
    fake = FakeTwilio()
    fake.client().messages.list(date_sent=dt.date(2016, 8, 31), limit=1)
    sent = fake.requests[-1].params["DateSent"]
    assert sent == official.iso8601_datetime(dt.date(2016, 8, 31))


@pytest.mark.parametrize("value", ["abc", "1.5", ""])
def test_a_string_that_is_no_integer_is_refused_naming_the_parameter(value: str) -> None:
    with pytest.raises(ValueError, match="area_code"):
        FakeTwilio().client().available_phone_numbers("US").local.list(area_code=value)
