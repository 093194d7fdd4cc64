"""Safe by construction: credentials stay on the host the client chose, path parameters stay in
their segment, bad arguments and malformed responses raise typed errors before or instead of
anything surprising. Every test here drives the public client through a mock transport and
checks what did (or did not) go on the wire.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, unquote

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from twilio.base import serialize as official

from twilio_sdk import (
    ArgumentTypeError,
    AsyncClient,
    Client,
    InvalidArgumentError,
    MalformedResponseError,
    OrgsCredentialProvider,
    RateLimitError,
    RetryEvent,
    ServerError,
    TwilioException,
    UnsafeURLError,
)
from twilio_sdk._encoding import (
    Param,
    encode_bool,
    encode_date,
    encode_datetime,
    encode_params,
    encode_str,
)

ACCOUNT = "AC" + "a" * 32
TOKEN = "sup3r-secret-auth-token"
SERVICE = "IS" + "1" * 32
VERIFY = "VA" + "2" * 32
API = f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}"

Handler = Callable[[httpx.Request], httpx.Response]


class Server:
    """A scripted Twilio: answers each request with the next response, records every one."""

    def __init__(self, *responses: httpx.Response) -> None:
        self.responses = list(responses)
        self.sent: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        if not self.responses:
            return httpx.Response(200, json={"sid": "XX" + "0" * 32})
        return self.responses.pop(0) if len(self.responses) > 1 else self.responses[0]


def client_for(server: Handler, **kwargs: Any) -> Client:
    transport = httpx.MockTransport(server)
    return Client(ACCOUNT, TOKEN, http_client=httpx.Client(transport=transport), **kwargs)


def async_client_for(server: Handler, **kwargs: Any) -> AsyncClient:
    transport = httpx.MockTransport(server)
    return AsyncClient(ACCOUNT, TOKEN, http_client=httpx.AsyncClient(transport=transport), **kwargs)


def flat_page(next_page_uri: str | None, sid: str = "SM" + "1" * 32) -> httpx.Response:
    return httpx.Response(
        200,
        json={"messages": [{"sid": sid, "body": "hi"}], "next_page_uri": next_page_uri},
    )


def meta_page(next_page_url: str | None) -> httpx.Response:
    return httpx.Response(
        200,
        json={
            "services": [{"sid": VERIFY}],
            "meta": {"key": "services", "next_page_url": next_page_url, "page_size": 1},
        },
    )


# --------------------------------------------------------------------------- page links

UNSAFE_FLAT_LINKS = [
    "https://evil.example.com/2010-04-01/Accounts/AC/Messages.json?Page=1",  # another host
    f"http://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}/Messages.json?Page=1",  # downgrade
    "@evil.example.com/x",  # would become https://api.twilio.com@evil.example.com/x
    ".evil.example.com/x",  # would become host api.twilio.com.evil.example.com
    "//evil.example.com/x",  # a network-path reference
    f"https://user:pass@api.twilio.com/2010-04-01/Accounts/{ACCOUNT}/Messages.json",
    "https://api.twilio.com:8443/2010-04-01/Messages.json",  # another port
    "javascript:alert(1)",
]


@pytest.mark.parametrize("link", UNSAFE_FLAT_LINKS)
def test_flat_page_links_off_the_first_pages_host_are_never_followed(link: str) -> None:
    server = Server(flat_page(link))
    client = client_for(server)
    stream = client.messages.stream()
    assert next(stream).sid == "SM" + "1" * 32
    with pytest.raises(UnsafeURLError, match="not followed|relative link|not a valid URL"):
        next(stream)
    assert len(server.sent) == 1  # the first page only: the link was never requested


@pytest.mark.parametrize(
    "link",
    ["https://evil.example.com/v2/Services?PageSize=1&Page=1", "http://verify.twilio.com/v2/S"],
)
def test_meta_page_links_off_the_first_pages_host_are_never_followed(link: str) -> None:
    server = Server(meta_page(link))
    page = client_for(server).verify.v2.services.page()
    assert page.next_page_url == link  # shown as sent ...
    with pytest.raises(UnsafeURLError):
        page.next_page()  # ... but refused when followed
    assert len(server.sent) == 1


def test_safe_links_are_followed_on_the_first_pages_host() -> None:
    relative = f"/2010-04-01/Accounts/{ACCOUNT}/Messages.json?Page=1&PageToken=PA1"
    server = Server(flat_page(relative), flat_page(None, sid="SM" + "2" * 32))
    sids = [m.sid for m in client_for(server).messages.stream()]
    assert sids == ["SM" + "1" * 32, "SM" + "2" * 32]
    assert str(server.sent[1].url) == "https://api.twilio.com" + relative
    assert server.sent[1].headers["Authorization"].startswith("Basic ")


def test_spec_host_link_is_kept_on_the_regional_host_the_client_chose() -> None:
    # A regional client's first page is on verify.sydney.au1.twilio.com; a link naming the
    # global host is followed on the regional one, never elsewhere.
    server = Server(meta_page("https://verify.twilio.com/v2/Services?PageSize=1&Page=1"))
    client = client_for(server, region="au1", edge="sydney")
    page = client.verify.v2.services.page()
    page.next_page()
    assert [r.url.host for r in server.sent] == ["verify.sydney.au1.twilio.com"] * 2


def test_get_page_refuses_a_url_off_the_clients_host() -> None:
    server = Server(flat_page(None))
    client = client_for(server)
    with pytest.raises(UnsafeURLError):
        client.messages.get_page("https://evil.example.com/2010-04-01/Messages.json")
    assert server.sent == []
    client.messages.get_page(f"{API}/Messages.json?Page=2")
    assert server.sent[0].url.host == "api.twilio.com"


def test_async_pages_refuse_unsafe_links_too() -> None:
    server = Server(flat_page("@evil.example.com/x"))

    async def run() -> None:
        async with async_client_for(server) as client:
            page = await client.messages.page()
            with pytest.raises(UnsafeURLError):
                await page.next_page()

    asyncio.run(run())
    assert len(server.sent) == 1


# --------------------------------------------------------------------------- secrets


def _assert_secret_absent(secret: str, *texts: str) -> None:
    for text in texts:
        assert secret not in text


@pytest.mark.parametrize("kind", ["basic", "bearer"])
def test_secrets_stay_out_of_repr_errors_retry_events_and_debug_logs(
    kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    bearer = "bearer-token-" + "x" * 20
    events: list[RetryEvent] = []

    def server(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/token":
            return httpx.Response(200, json={"access_token": bearer, "expires_in": 3600})
        if request.url.params.get("Page") == "1":
            return httpx.Response(500, json={"message": "boom", "code": 20500})
        return httpx.Response(429, headers={"Retry-After": "0"}, json={"message": "slow down"})

    provider = OrgsCredentialProvider("OQ" + "2" * 32, "client-secret-value")
    client = client_for(
        server,
        max_retries=1,
        on_retry=events.append,
        credential_provider=provider if kind == "bearer" else None,
    )
    secrets = [TOKEN, bearer, "client-secret-value"]
    caplog.set_level(logging.DEBUG, logger="twilio_sdk")
    with pytest.raises(RateLimitError) as rate_limited:
        client.messages.list()
    with pytest.raises(ServerError) as failed:
        client.messages.get_page(f"{API}/Messages.json?Page=1")
    texts = [
        repr(client),
        repr(client._pipeline),
        repr(provider),
        str(rate_limited.value),
        repr(rate_limited.value),
        str(failed.value),
        repr(events),
        caplog.text,
    ]
    assert events and caplog.text  # something was said, and none of it is a secret
    for secret in secrets:
        _assert_secret_absent(secret, *texts)


# --------------------------------------------------------------------------- path parameters


@pytest.mark.parametrize("value", ["", ".", ".."])
def test_empty_and_dot_path_segments_are_refused_before_any_request(value: str) -> None:
    server = Server()
    client = client_for(server)
    with pytest.raises(InvalidArgumentError, match="path parameter 'Sid'"):
        client.sync.v1.services(SERVICE).documents(value).delete()
    with pytest.raises(InvalidArgumentError, match="path parameter 'ServiceSid'"):
        client.verify.v2.services(value).verifications.create(to="+15558675310", channel="sms")
    with pytest.raises(InvalidArgumentError, match="path parameter 'Sid'"):
        client.calls(value).fetch()
    assert server.sent == []


@pytest.mark.parametrize("value", [None, {"a": 1}, ["CA1"], b"CA1", True])
def test_path_parameters_of_the_wrong_type_are_refused(value: Any) -> None:
    server = Server()
    with pytest.raises(ArgumentTypeError, match="path parameter 'Sid'"):
        client_for(server).calls(value).fetch()
    assert server.sent == []


@given(st.text())
def test_any_text_as_a_path_parameter_stays_in_its_own_segment_or_is_refused(text: str) -> None:
    server = Server(httpx.Response(200, json={"sid": VERIFY}))
    client = client_for(server)
    try:
        client.verify.v2.services(text).fetch()
    except InvalidArgumentError:
        assert text in ("", ".", "..")
        assert server.sent == []
        return
    raw_path = server.sent[0].url.raw_path.decode("ascii")
    segments = raw_path.split("?")[0].split("/")
    assert segments[:3] == ["", "v2", "Services"] and len(segments) == 4
    assert unquote(segments[3]) == text


# --------------------------------------------------------------------------- argument types


def _form(request: httpx.Request) -> list[tuple[str, str]]:
    return parse_qsl(request.content.decode(), keep_blank_values=True)


@pytest.mark.parametrize(
    ("given_value", "sent"),
    [(True, "true"), (False, "false"), ("false", "false"), ("TRUE", "true")],
)
def test_booleans_and_their_strings_are_sent_as_twilio_reads_them(
    given_value: Any, sent: str
) -> None:
    server = Server()
    client_for(server).calls.create(to="+15558675310", from_="+15017122661", record=given_value)
    assert ("Record", sent) in _form(server.sent[0])


@pytest.mark.parametrize("value", ["yes", "0", "", "no"])
def test_other_boolean_strings_are_refused(value: str) -> None:
    server = Server()
    with pytest.raises(InvalidArgumentError, match="parameter 'record' \\(Record\\)"):
        client_for(server).calls.create(to="+15558675310", from_="+15017122661", record=value)
    assert server.sent == []


def test_none_for_a_required_argument_is_refused() -> None:
    server = Server()
    with pytest.raises(ArgumentTypeError, match="parameter 'to' \\(To\\) is required"):
        client_for(server).messages.create(to=None, body="hi")  # type: ignore[arg-type]
    with pytest.raises(ArgumentTypeError, match="content_create_request"):
        client_for(server).content.v1.contents.create(content_create_request=None)  # type: ignore[arg-type]
    assert server.sent == []


@pytest.mark.parametrize(
    "kwargs",
    [
        {"body": {"a": 1}},
        {"body": ["a"]},
        {"body": {"a"}},
        {"body": b"bytes"},
        {"media_url": {"a": 1}},
        {"media_url": ["https://example.com/a.png", {"a": 1}]},
        {"send_at": 123},
        {"send_at": "2024-01-01", "validity_period": {"x": 1}},
    ],
)
def test_values_of_the_wrong_type_are_refused_naming_the_parameter(kwargs: dict[str, Any]) -> None:
    server = Server()
    name = next(k for k, v in kwargs.items() if not isinstance(v, str))
    with pytest.raises(ArgumentTypeError, match=f"parameter '{name}'"):
        client_for(server).messages.create(to="+15558675310", **kwargs)
    assert server.sent == []


def test_numbers_where_a_string_belongs_are_accepted_as_in_the_official_library() -> None:
    server = Server()
    client_for(server).messages.create(to=15558675310, body=42)  # type: ignore[arg-type]
    assert ("To", "15558675310") in _form(server.sent[0])
    assert ("Body", "42") in _form(server.sent[0])


def test_json_body_of_the_wrong_type_is_refused() -> None:
    server = Server()
    with pytest.raises(ArgumentTypeError, match="content_create_request"):
        client_for(server).content.v1.contents.create(content_create_request="{}")  # type: ignore[arg-type]
    assert server.sent == []


@pytest.mark.parametrize("value", ["abc\r\nX-Evil: 1", "abc\n", "a\rb", "a\0b"])
def test_header_injection_is_refused(value: str) -> None:
    server = Server()
    document = client_for(server).sync.v1.services(SERVICE).documents("ET" + "3" * 32)
    with pytest.raises(InvalidArgumentError, match="parameter 'if_match'"):
        document.update(data={"a": 1}, if_match=value)
    assert server.sent == []


@pytest.mark.parametrize("kwargs", [{"limit": "5"}, {"limit": -1}, {"page_size": 2.5}])
def test_paging_arguments_are_checked(kwargs: dict[str, Any]) -> None:
    server = Server(flat_page(None))
    with pytest.raises((ArgumentTypeError, InvalidArgumentError)):
        client_for(server).messages.list(**kwargs)
    assert server.sent == []


# --------------------------------------------------------------------------- constructor


@pytest.mark.parametrize(
    ("kwargs", "error", "named"),
    [
        ({"region": "au1 "}, InvalidArgumentError, "region"),
        ({"region": "https://foo"}, InvalidArgumentError, "region"),
        ({"region": "au1.evil.example.com"}, InvalidArgumentError, "region"),
        ({"region": 123}, ArgumentTypeError, "region"),
        ({"edge": "syd ney"}, InvalidArgumentError, "edge"),
        ({"edge": "-sydney"}, InvalidArgumentError, "edge"),
        ({"edge": "sydney-"}, InvalidArgumentError, "edge"),
        ({"edge": "s" * 64}, InvalidArgumentError, "edge"),
        ({"edge": "syd\u212aey"}, InvalidArgumentError, "edge"),  # Kelvin sign, not a K
        ({"region": "au1\n"}, InvalidArgumentError, "region"),
        ({"max_retries": 2.5}, ArgumentTypeError, "max_retries"),
        ({"max_retries": True}, ArgumentTypeError, "max_retries"),
        ({"max_retries": -1}, InvalidArgumentError, "max_retries"),
        ({"max_retry_delay": -1}, InvalidArgumentError, "max_retry_delay"),
        ({"max_retry_delay": float("nan")}, InvalidArgumentError, "max_retry_delay"),
        ({"retry_deadline": "soon"}, ArgumentTypeError, "retry_deadline"),
    ],
)
def test_constructor_arguments_are_checked(
    kwargs: dict[str, Any], error: type[Exception], named: str
) -> None:
    with pytest.raises(error, match=named):
        Client(ACCOUNT, TOKEN, **kwargs)
    with pytest.raises(error, match=named):
        AsyncClient(ACCOUNT, TOKEN, **kwargs)


def test_region_from_the_environment_is_checked_too() -> None:
    with pytest.raises(InvalidArgumentError, match="TWILIO_REGION"):
        Client(ACCOUNT, TOKEN, environment={"TWILIO_REGION": "au1/evil"})
    client = Client(ACCOUNT, TOKEN, environment={"TWILIO_REGION": "AU1", "TWILIO_EDGE": "sydney"})
    assert (client.region, client.edge) == ("AU1", "sydney")
    longest = "e" * 61 + "-1"  # 63 characters, an inner hyphen
    assert Client(ACCOUNT, TOKEN, region="x", edge=longest).edge == longest


# --------------------------------------------------------------------------- responses


@pytest.mark.parametrize(
    ("response", "reason"),
    [
        (httpx.Response(200, content=b"<html>gateway</html>"), "not JSON"),
        (httpx.Response(200, content=b"\xff\xfe\x00garbage"), "not JSON"),
        (httpx.Response(200, json=[1, 2]), "expected a JSON object, got list"),
        (httpx.Response(200, content=b"null"), "expected a JSON object, got NoneType"),
        (httpx.Response(200, content=b""), "empty body"),
        (httpx.Response(302, headers={"Location": "https://evil.example.com/"}), "redirect"),
        (httpx.Response(301, json={"sid": "SM1"}), "unexpected redirect"),
    ],
)
def test_malformed_or_unexpected_responses_raise_a_typed_error(
    response: httpx.Response, reason: str
) -> None:
    server = Server(response)
    with pytest.raises(MalformedResponseError, match=reason) as raised:
        client_for(server).messages("SM" + "1" * 32).fetch()
    error = raised.value
    assert isinstance(error, TwilioException)
    assert (error.status, error.method) == (response.status_code, "GET")
    assert error.url == f"{API}/Messages/SM{'1' * 32}.json"
    assert len(error.excerpt) <= 203


def test_declared_redirects_are_answers() -> None:
    # Messaging v1 Deactivations answers 307 with a JSON body naming where the list is.
    server = Server(httpx.Response(307, json={"redirect_to": "https://example.com/list"}))
    result = client_for(server).messaging.v1.deactivations.fetch(date=dt.date(2024, 1, 2))
    assert result.redirect_to == "https://example.com/list"


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(200, content=b"not json"),
        httpx.Response(200, json=["a"]),
        httpx.Response(200, json={"messages": {"sid": "SM1"}}),
        httpx.Response(200, json={"messages": ["SM1"]}),
    ],
)
def test_malformed_pages_raise_a_typed_error(response: httpx.Response) -> None:
    with pytest.raises(MalformedResponseError):
        client_for(Server(response)).messages.list()


def test_async_malformed_response() -> None:
    async def run() -> None:
        async with async_client_for(Server(httpx.Response(200, json=[]))) as client:
            with pytest.raises(MalformedResponseError):
                await client.messages("SM" + "1" * 32).fetch()

    asyncio.run(run())


# --------------------------------------------------------------------------- retries


def test_one_wait_is_capped_by_max_retry_delay() -> None:
    client = Client(ACCOUNT, TOKEN, max_retry_delay=5)
    policy = client._pipeline._retry
    assert policy.compute_delay(1, retry_after=500) == 5
    assert policy.backoff_ceiling(10) <= 5
    assert Client(ACCOUNT, TOKEN)._pipeline._retry.retry_after_max == 60  # the default


def test_no_retry_starts_past_the_deadline() -> None:
    server = Server(httpx.Response(429, headers={"Retry-After": "30"}, json={"message": "slow"}))
    client = client_for(server, max_retries=5, retry_deadline=10)
    with pytest.raises(RateLimitError):
        client.messages.list()
    assert len(server.sent) == 1  # a 30 s pause would end after the 10 s deadline


# --------------------------------------------------------------------------- encoders vs official

naive_datetimes = st.datetimes(min_value=dt.datetime(1000, 1, 1), max_value=dt.datetime(9999, 1, 1))
dates = st.dates(min_value=dt.date(1000, 1, 1))


@given(st.one_of(st.booleans(), st.sampled_from(["true", "false", "True", "FALSE", "tRuE"])))
def test_booleans_encode_as_the_official_library(value: bool | str) -> None:
    assert encode_bool(value) == official.boolean_to_string(value)


@given(st.text().filter(lambda s: s.lower() not in ("true", "false")))
def test_other_strings_for_booleans_are_refused(value: str) -> None:
    with pytest.raises(InvalidArgumentError):
        encode_bool(value)


@given(st.one_of(naive_datetimes, dates, st.text()))
def test_datetimes_encode_as_the_official_library(value: dt.datetime | dt.date | str) -> None:
    assert encode_datetime(value) == official.iso8601_datetime(value)


@given(st.one_of(naive_datetimes, dates, st.text()))
def test_dates_encode_as_the_official_library(value: dt.datetime | dt.date | str) -> None:
    assert encode_date(value) == official.iso8601_date(value)


@given(st.one_of(st.integers(), st.floats(allow_nan=False), st.text()))
def test_numbers_and_strings_encode_as_the_official_library(value: float | str) -> None:
    # The official library hands the value to `requests`, which sends str(value).
    assert encode_str(value) == str(value)


@given(st.lists(st.text(), max_size=5))
def test_lists_become_repeated_keys_as_in_the_official_library(values: list[str]) -> None:
    table = (Param("MediaUrl", "media_url", encode_str, repeated=True),)
    expected = [("MediaUrl", v) for v in official.map(values, lambda e: e)]
    assert encode_params(table, {"media_url": values}) == expected


def test_a_plus_in_a_path_segment_is_sent_as_the_official_library_sends_it() -> None:
    server = Server(httpx.Response(200, json={"phone_number": "+15108675310"}))
    client_for(server).lookups.v2.phone_numbers("+15108675310").fetch()
    assert server.sent[0].url.raw_path == b"/v2/PhoneNumbers/+15108675310"
