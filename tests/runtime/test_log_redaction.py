"""Logs show paths and query parameter names, never their values (phone numbers...)."""

from __future__ import annotations

import asyncio
import logging
import re
from urllib.parse import parse_qsl, quote_plus, urlsplit

import httpx
import pytest

from twilio_sdk import NotFoundError, TwilioConnectionError
from twilio_sdk._errors import error_from_response, redact_url
from twilio_sdk.testing import FakeTwilio

TO = "+15558675310"
FROM = "+15017122661"


def _assert_no_value(text: str, values: set[str]) -> None:
    """Every logged query parameter shows ``…``, and no sent value of any length that
    could identify someone (4 characters and up) appears anywhere in ``text``."""
    for query in re.findall(r"\?(\S+)", text):
        for pair in query.split("&"):
            assert pair.partition("=")[2] == "…", pair
    for value in values:
        if len(value) >= 4:
            assert value not in text, value


def _sent_values(fake: FakeTwilio) -> set[str]:
    """Every query value the client sent, raw and percent-encoded."""
    values: set[str] = set()
    for recorded in fake.requests:
        query = urlsplit(str(recorded.url)).query
        for _, value in parse_qsl(query, keep_blank_values=True):
            if value:
                values |= {value, quote_plus(value)}
    return values


def test_redact_url_keeps_path_and_names() -> None:
    url = "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json?To=%2B1555&PageToken=PT1"
    redacted = redact_url(url)
    assert redacted == (
        "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json?To=…&PageToken=…"
    )
    assert redact_url("https://x/y") == "https://x/y"
    assert redact_url("https://x/y?flag&a=1#frag") == "https://x/y?flag=…&a=…"


def test_a_paged_walk_logs_no_parameter_value(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="twilio_sdk")
    fake = FakeTwilio()
    client = fake.client()
    for n in range(5):
        client.messages.create(to=TO, from_=FROM, body=f"hello {n}")
    caplog.clear()
    fake.requests.clear()
    walked = list(client.messages.stream(to=TO, from_=FROM, page_size=2))
    assert len(walked) == 5
    lines = [record.getMessage() for record in caplog.records]
    followed = [line for line in lines if "PageToken=…" in line]
    assert len(followed) >= 2, lines  # the followed pages are logged, by parameter name
    assert all("To=…" in line and "From=…" in line for line in followed)
    values = _sent_values(fake)
    assert TO in values and any(v.startswith("PT") for v in values)
    _assert_no_value("\n".join(lines), values)
    assert "+1555" not in caplog.text and "%2B1555" not in caplog.text


def test_async_paged_walk_logs_no_parameter_value(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="twilio_sdk")
    fake = FakeTwilio()
    sync = fake.client()
    for n in range(3):
        sync.messages.create(to=TO, from_=FROM, body=f"hi {n}")
    caplog.clear()
    fake.requests.clear()

    async def walk() -> int:
        async with fake.async_client() as client:
            return len([m async for m in client.messages.stream(to=TO, page_size=1)])

    assert asyncio.run(walk()) == 3
    assert "PageToken=…" in caplog.text
    _assert_no_value("\n".join(r.getMessage() for r in caplog.records), _sent_values(fake))


def test_retry_and_error_text_hide_query_values(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="twilio_sdk")
    fake = FakeTwilio()
    fake.fail(status=429, times=1, retry_after=0)
    client = fake.client()
    client.messages.list(to=TO, limit=1)
    assert "Retrying GET" in caplog.text
    assert TO not in caplog.text and quote_plus(TO) not in caplog.text
    request = httpx.Request("GET", f"https://api.twilio.com/x.json?To={quote_plus(TO)}")
    error = error_from_response(httpx.Response(404, json={"message": "no"}, request=request))
    assert isinstance(error, NotFoundError)
    assert quote_plus(TO) in error.uri  # the attribute keeps the whole URL
    assert quote_plus(TO) not in str(error) and "To=…" in str(error)
    assert re.search(r"GET https://api\.twilio\.com/x\.json\?To=…", str(error))


def test_connection_failure_message_hides_query_values() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    fake = FakeTwilio()
    client = fake.client(http_client=httpx.Client(transport=httpx.MockTransport(refuse)))
    with pytest.raises(TwilioConnectionError) as error:
        client.messages.get_page(
            f"https://api.twilio.com/2010-04-01/Accounts/{fake.account_sid}/Messages.json"
            f"?To={quote_plus(TO)}&PageToken=PT9"
        )
    assert quote_plus(TO) not in str(error.value) and "PT9" not in str(error.value)
