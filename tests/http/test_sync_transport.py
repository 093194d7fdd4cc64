"""The sync pipeline's own pool (httpcore used directly, twilio_sdk/_httpcore.py) against real
sockets on loopback.

Each test compares with ``httpx.HTTPTransport``, which the sync pipeline sent through before
(it wraps the same httpcore pool): the same bytes on the wire, responses that read the same,
the same exceptions (so the retry rules and the error mapping hold). And the point of it: the
default sync path never imports httpx (issue 23, cold start).
"""

from __future__ import annotations

import gzip
import json
import os
import socket
import ssl
import subprocess
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

import httpcore
import httpx
import pytest
from loopback import MESSAGE, Exchange, LoopbackServer, http_response, json_reply
from test_async_transport import CREDS, Hosts, describe_response, no_proxy

from twilio_sdk import (
    Client,
    NotFoundError,
    TwilioConnectionError,
    TwilioTimeoutError,
    _httpcore,
    _pipeline,
)
from twilio_sdk._httpcore import HttpcorePool, _target, _wire_headers, httpx_transport_replaced
from twilio_sdk._pipeline import SyncPipeline
from twilio_sdk._response import WireResponse, as_httpx, parse_url
from twilio_sdk._retry import RetryPolicy

__all__ = ["no_proxy"]  # the fixture, imported for the tests here

ACCOUNT = CREDS.account_sid
ROOT = Path(__file__).resolve().parents[2]
HTTPX_TRANSPORT: Callable[..., httpx.BaseTransport] = lambda *_: httpx.HTTPTransport()  # noqa: E731


def sync_client(base: str, **kwargs: Any) -> Client:
    client = Client(ACCOUNT, "secret-token", **kwargs)
    client._context.hosts = Hosts(base)  # every host on loopback
    return client


def _calls(client: Client) -> None:
    """The request kinds the SDK sends (as tests/http/test_async_transport.py's), and URLs
    that httpx normalises (a space, non-ASCII, dot segments, an upper-case scheme, a lone %),
    which the pool then has httpx parse."""
    client.messages.create(to="+15558675310", from_="+15017122661", body="Hé & ☃")
    client.messages.page(page_size=2)
    client.messages("SM" + "1" * 32).update()
    client.messages("SM" + "1" * 32).delete()
    base = client._context.hosts.url_for("")
    pipeline = client._pipeline
    pipeline.request("POST", base + "/v1/J", json={"a": ["é", 1]})
    pipeline.request("GET", base + "/v1/H", headers={"If-Match": "W/1", "Accept": "*/*"})
    pipeline.request("GET", base + "/v1/a b/ü/./c/../d?q=a b&r=é&s=`{}`", params=[("t", "1")])
    pipeline.request("PUT", base.replace("http", "HTTP") + "/v1/%zz%41")
    pipeline.request("PATCH", base + "/v1/P", data=[])
    pipeline.request("POST", base + "/v1/O", headers={"Host": "other.example"})


def _reply(exchange: Exchange) -> bytes:
    if exchange.method == "DELETE":
        return http_response(204, b"", {})
    if exchange.method == "GET" and exchange.target.startswith("/2010"):
        return json_reply(body={"messages": [], "next_page_uri": None})
    return json_reply(201)


def _both_ways(
    reply: Callable[[Exchange], bytes | None], calls: Callable[[Client], object]
) -> tuple[list[Exchange], list[Exchange]]:
    """What one server read of ``calls`` made through the pool, then through
    httpx.HTTPTransport."""
    sent: list[list[Exchange]] = []
    with LoopbackServer(reply) as server, pytest.MonkeyPatch.context() as patch:
        patch.setattr(_pipeline, "uses_proxy", lambda: False)
        for reference in (False, True):
            if reference:
                patch.setattr(_pipeline, "new_transport", HTTPX_TRANSPORT)
            with sync_client(server.url) as client:
                assert isinstance(client._pipeline._transport, HttpcorePool) is not reference
                calls(client)
            sent.append(server.exchanges)
            server.exchanges = []
    return sent[0], sent[1]


# --------------------------------------------------------------------------- the default


def test_same_bytes_on_the_wire_as_httpx_transport() -> None:
    """Request line, headers (in order) and body, exactly as httpx.HTTPTransport sends them."""
    ours, theirs = _both_ways(_reply, _calls)
    assert len(ours) == len(theirs) == 10
    for mine, reference in zip(ours, theirs, strict=True):
        assert mine.request_line == reference.request_line
        assert mine.headers == reference.headers, mine.request_line
        assert mine.body == reference.body
    assert ours[6].target == "/v1/a%20b/%C3%BC/d?q=a%20b&r=%C3%A9&s=`{}`&t=1"
    assert ours[7].target == "/v1/%zz%41"  # httpx keeps a % that starts no escape
    assert ours[8].headers[1] == ("Content-Length", "0")  # an empty PATCH says so
    assert ours[0].headers[0][0] == "Host" and ours[0].headers[-1][0] == "Content-Length"
    assert ("Host", "other.example") in ours[9].headers  # given: not added
    assert [name for name, _ in ours[9].headers].count("Host") == 1


@pytest.mark.parametrize(
    "url",
    [
        "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json",
        "https://api.sydney.au1.twilio.com/v1/Services/VA1?PageSize=2&To=%2B1555",
        "http://127.0.0.1:8080/a/b.json?x=1&y=&z",
        "https://h.example/a/%2E%2E/b/.x/x./..y?q=/./&r=`{}`?",
        "https://h.example/",
        "https://h.example/?",
        # parsed by httpx: what it normalises or refuses, and what the pool leaves to it
        "https://h.example",
        "https://h.example:443/a",
        "http://h.example:80/a",
        "https://H.example/a",
        "https://h.example:08080/a",
        "https://h.example/a/./b/../c/.",
        "https://h.example/a b?c d#frag",
        "https://user:pw@h.example/a",
        "https://bücher.example/a",
        "https://1.2.3.4/a",
        "https://255.255.255.255/a",
        "https://1.2.3.04/a",
        "https://256.1.1.1/a",
        "https://1.2.3/a",
        "https://[::1]:8443/a",
        "https://h.example:65536/a",
        "https://h.example/%/%zz/%4",
        "ftp://h.example/a",
    ],
)
def test_urls_go_on_the_wire_as_httpx_puts_them(url: str) -> None:
    """The pool's reading of a URL (scheme, host, port, target, Host header) is httpx's, for
    the URLs the SDK builds (read without httpx) and any other (parsed by httpx)."""
    _target.cache_clear()
    try:
        reference = httpx.URL(url)
    except httpx.InvalidURL as exc:
        with pytest.raises(httpx.InvalidURL, match=str(exc)):
            _target(url)
        return
    assert _target(url) == (
        reference.raw_scheme,
        reference.raw_host,
        reference.port,
        reference.raw_path,
        reference.netloc,
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json",
        "https://api.sydney.au1.twilio.com/v1/Services/VA1?PageSize=2&To=%2B1555&Q=a+b",
        "http://127.0.0.1:8080/a/b.json?x=1",
        "http://10.0.0.255:8080/a",
    ],
)
def test_the_urls_the_sdk_builds_are_read_without_httpx(url: str) -> None:
    _target.cache_clear()
    parsed = parse_url.cache_info().misses + parse_url.cache_info().hits
    _target(url)
    assert parse_url.cache_info().misses + parse_url.cache_info().hits == parsed


@pytest.mark.parametrize(
    ("method", "headers", "content"),
    [
        ("GET", [("Accept", "*/*")], None),
        ("POST", [], None),
        ("POST", [("Content-Type", "text/plain")], b"abc"),
        ("POST", [("content-LENGTH", "3")], b"abc"),
        ("PUT", [("Content-Length", "0")], None),
        ("PATCH", [("Transfer-Encoding", "chunked")], None),
        ("POST", [("TRANSFER-encoding", "chunked")], b"abc"),
        ("DELETE", [("HOST", "other.example")], b"abc"),
    ],
)
def test_headers_are_those_of_the_httpx_request(
    method: str, headers: list[tuple[str, str]], content: bytes | None
) -> None:
    """``Host`` and ``Content-Length`` are added as httpx.Request adds them (HTTPTransport
    sends its headers as they are): not when the caller gives them, in any case, nor a
    ``Content-Length`` when the caller gives a ``Transfer-Encoding``."""
    url = "https://h.example:8443/a"
    reference = httpx.Request(method, url, headers=headers, content=content)
    assert _wire_headers(method, b"h.example:8443", headers, content) == reference.headers.raw


# --------------------------------------------------------------------------- responses


def test_responses_read_the_same_as_httpx_transport_s() -> None:
    """What the pipeline returns reads the same (as the public httpx.Response) as what
    httpx.HTTPTransport gives, for no coding, gzip (decoded by the pool), deflate, an unknown
    coding and gzip applied twice (left to httpx), chunked; and the same errors: 404, a broken
    gzip body."""
    body = json.dumps(MESSAGE).encode()
    json_type = {"Content-Type": "application/json"}
    replies = {
        "/plain": json_reply(201, Link="<x>; rel=next", **{"Set-Cookie": "a=1"}),
        "/gzip": http_response(200, gzip.compress(body), {**json_type, "Content-Encoding": "gzip"}),
        "/GZIP": http_response(
            200, gzip.compress(body), {**json_type, "Content-Encoding": " GZip"}
        ),
        "/deflate": http_response(
            200, zlib.compress(body), {**json_type, "Content-Encoding": "deflate"}
        ),
        "/unknown": http_response(200, body, {**json_type, "Content-Encoding": "x-custom"}),
        "/gzip-twice": http_response(
            200, gzip.compress(gzip.compress(body)), {**json_type, "Content-Encoding": "gzip, gzip"}
        ),
        "/chunked": (
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n"
            + f"{len(body):x}\r\n".encode()
            + body
            + b"\r\n0\r\n\r\n"
        ),
        "/missing": json_reply(
            404, {"code": 20404, "message": "not found"}, **{"Twilio-Request-Id": "RQ1"}
        ),
        "/broken": http_response(200, b"not gzip", {**json_type, "Content-Encoding": "gzip"}),
    }
    seen: list[list[object]] = []

    def reply(exchange: Exchange) -> bytes:
        return replies[exchange.target.split("?")[0]]

    def calls(client: Client) -> None:
        described: list[object] = []
        pipeline = client._pipeline.with_timeout(12.0)
        for path in replies:
            url = client._context.hosts.url_for("") + path
            try:
                response = pipeline.request("POST", url, data=[("A", "b")])
            except NotFoundError as error:
                described.append((error.status, error.code, error.uri, error.method))
                described.append((error.request_id, error.headers.multi_items()))
                continue
            except httpx.DecodingError as error:
                described.append((type(error), str(error)))
                continue
            public = as_httpx(response)
            assert public is as_httpx(response)  # built once
            described.append(describe_response(public))
            described.append(json.loads(response.content))
            described.append((response.status_code, response.json()))
        seen.append(described)

    _both_ways(reply, calls)
    ours, reference = seen
    assert len(ours) == 3 * 7 + 2 + 1
    assert ours == reference
    assert ours[1] == MESSAGE and ours[4] == MESSAGE  # decoded from gzip


def test_a_wire_response_reads_status_and_body_without_httpx() -> None:
    sent = ("GET", "https://h.example/a", None, [("Accept", "*/*")], {"read": 1.0})
    body = json.dumps(MESSAGE).encode()
    raw = [(b"Content-Type", b"application/json"), (b"Content-Encoding", b"gzip")]
    response = WireResponse(200, raw, gzip.compress(body), {}, sent, 0.01)
    assert (response.status_code, response.content, response.json()) == (200, body, MESSAGE)
    assert response._httpx is None  # nothing was built: status and body are plain values
    assert response.request.url == "https://h.example/a"
    assert response.headers["content-encoding"] == "gzip"
    assert response.as_httpx().content == body
    pairs = response.json(object_pairs_hook=list)  # json.loads' arguments, as httpx takes them
    assert pairs == response.as_httpx().json(object_pairs_hook=list) == list(MESSAGE.items())
    assert repr(response) == "<WireResponse [200]>"


def test_a_wire_response_s_elapsed_is_the_time_it_took(no_proxy: None) -> None:
    def slow(exchange: Exchange) -> bytes:
        time.sleep(0.2)
        return json_reply()

    pool = HttpcorePool(1, ssl.create_default_context())
    with LoopbackServer(slow) as server:
        start = time.perf_counter()
        response = pool.send("GET", server.url + "/x", None, [], {})
        took = time.perf_counter() - start
    pool.close()
    assert 0.2 <= response.as_httpx().elapsed.total_seconds() <= took


# --------------------------------------------------------------------------- failures


def test_a_read_timeout_is_a_timeout_error_and_a_post_is_sent_once(no_proxy: None) -> None:
    def slow(exchange: Exchange) -> bytes:
        time.sleep(0.5)
        return json_reply()

    def run(method: str) -> tuple[BaseException, int]:
        with LoopbackServer(slow) as server:
            client = sync_client(server.url, timeout=0.1, max_retries=1, max_retry_delay=0.0)
            with client, pytest.raises(TwilioTimeoutError) as info:
                client._pipeline.request(method, server.url + "/x")
            return info.value, len(server.exchanges)

    error, attempts = run("POST")
    assert isinstance(error.__cause__, httpx.ReadTimeout)
    assert isinstance(error.__cause__.__cause__, httpcore.ReadTimeout)  # httpx's own mapping
    assert attempts == 1  # it may have reached Twilio: never repeated
    _, attempts = run("GET")
    assert attempts == 2  # idempotent: retried once


def test_a_refused_connection_is_retried_even_for_a_post() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sleeps: list[float] = []
    with SyncPipeline(CREDS, retry=RetryPolicy(max_retries=2), sleep=sleeps.append) as pipeline:
        assert isinstance(pipeline._transport, HttpcorePool)
        with pytest.raises(TwilioConnectionError) as info:
            pipeline.request("POST", f"http://127.0.0.1:{port}/x", data=[("A", "1")])
    assert type(info.value) is TwilioConnectionError
    assert isinstance(info.value.__cause__, httpx.ConnectError)
    assert "after 3 attempts" in str(info.value)
    assert len(sleeps) == 2


def test_a_dropped_connection_is_not_repeated_for_a_post(no_proxy: None) -> None:
    def run(method: str) -> tuple[BaseException, int]:
        with LoopbackServer(lambda exchange: None) as server:
            client = sync_client(server.url, max_retries=2, max_retry_delay=0.0)
            with client, pytest.raises(TwilioConnectionError) as info:
                client._pipeline.request(method, server.url + "/x")
            return info.value, len(server.exchanges)

    error, attempts = run("POST")
    assert isinstance(error.__cause__, httpx.RemoteProtocolError)
    assert attempts == 1
    _, attempts = run("GET")
    assert attempts == 3


def test_errors_that_are_not_httpcore_s_pass_unchanged(no_proxy: None) -> None:
    with LoopbackServer(lambda exchange: json_reply()) as server, sync_client(server.url) as client:
        with pytest.raises(UnicodeEncodeError):  # as httpx.Headers refuses a non-ASCII value
            client._pipeline.request("GET", server.url + "/x", headers={"X-Name": "é"})
        assert server.exchanges == []


# --------------------------------------------------------------------------- no httpx


_COLD_SCRIPT = """
import sys
from twilio_sdk import Client

class Hosts:
    def url_for(self, host):
        return sys.argv[1]

with Client("AC" + "1" * 32, "t") as client:
    client._context.hosts = Hosts()
    message = client.messages.create(to="+15558675310", from_="+15017122661", body="Hi")
    listed = client.messages.list(limit=5)  # one page
    print(message.sid, len(listed), "httpx" in sys.modules, "httpcore" in sys.modules)
    info = client.messages.create_with_http_info(to="+1", from_="+2", body="x")
    print(type(info.headers).__module__, info.headers["content-type"])
"""


def test_the_default_sync_path_never_imports_httpx() -> None:
    """A fresh interpreter: import, Client(), a call and a one-page list, over real sockets:
    httpcore, no httpx; httpx comes in where one of its objects is asked for (the headers of
    *_with_http_info)."""
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(ROOT / "generated")])

    def reply(exchange: Exchange) -> bytes:
        if exchange.method == "GET":
            return json_reply(body={"messages": [MESSAGE], "next_page_uri": None})
        return json_reply(201)

    with LoopbackServer(reply) as server:
        out = subprocess.run(
            [sys.executable, "-c", _COLD_SCRIPT, server.url],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        ).stdout.split("\n")
        assert len(server.exchanges) == 3
    assert out[0] == f"{MESSAGE['sid']} 1 False True"
    assert out[1] == "httpx application/json"


# --------------------------------------------------------------------------- recorders


def _settings(pool: httpcore.ConnectionPool) -> tuple[object, ...]:
    return (
        pool._ssl_context,
        pool._max_connections,
        pool._max_keepalive_connections,
        pool._keepalive_expiry,
    )


@pytest.mark.parametrize("keepalive", [_httpcore.KEEPALIVE_EXPIRY, 7.5])
def test_the_httpx_transport_has_the_pool_s_settings(
    monkeypatch: pytest.MonkeyPatch, keepalive: float
) -> None:
    """The pool's settings as httpcore sees them (every connection kept alive, idle for
    KEEPALIVE_EXPIRY, the TLS context given), and the same in the httpx.HTTPTransport used
    while a recorder is in place, whatever KEEPALIVE_EXPIRY is (httpx's default or not)."""
    monkeypatch.setattr(_httpcore, "KEEPALIVE_EXPIRY", keepalive)
    tls = ssl.create_default_context()
    pool = HttpcorePool(3, tls)
    transport = pool.httpx_transport()
    assert transport is pool.httpx_transport()  # made once
    assert _settings(pool._pool) == (tls, 3, 3, keepalive)
    assert _settings(transport._pool) == _settings(pool._pool)
    pool.close()


def test_timeouts_are_httpx_s_extension_and_plain_ones_need_no_httpx(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What httpcore reads as ``extensions["timeout"]``: ``httpx.Timeout(t).as_dict()``, made
    without httpx for a number or None (the default path)."""
    given = httpx.Timeout(1.0, read=2.0, pool=None)
    assert _pipeline._timeout_extension(given) == given.as_dict()
    assert (
        _pipeline._timeout_extension((1.0, 2.0, 3.0, 4.0))
        == httpx.Timeout((1.0, 2.0, 3.0, 4.0)).as_dict()
    )
    monkeypatch.delitem(sys.modules, "httpx")
    for value in (5, 2.5, None):
        expected = httpx.Timeout(value).as_dict()
        assert _pipeline._timeout_extension(value) == expected
    assert "httpx" not in sys.modules


def test_no_recorder_while_httpx_is_not_imported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "httpx")
    assert not httpx_transport_replaced()


def test_a_mock_without_code_answers_the_default_client(no_proxy: None) -> None:
    """``unittest.mock.patch.object`` puts a Mock (no ``__code__``) in place of the method."""
    answer = httpx.Response(201, json={**MESSAGE, "body": "mocked"})
    with (
        LoopbackServer(lambda exchange: json_reply(201)) as server,
        sync_client(server.url) as client,
    ):
        with mock.patch.object(httpx.HTTPTransport, "handle_request", return_value=answer) as fake:
            assert httpx_transport_replaced()
            assert client.messages.create(to="+1", from_="+2", body="x").body == "mocked"
        assert server.exchanges == [] and fake.call_count == 1


def test_a_recorder_of_httpx_s_transport_still_sees_the_requests(
    tmp_path: Path, no_proxy: None
) -> None:
    """vcrpy records and replays httpx through ``httpx.HTTPTransport.handle_request``, which
    the sync client sent through before: while it is in place, the client sends there."""
    import vcr

    cassette = str(tmp_path / "create.yaml")
    kwargs = {"to": "+15558675310", "from_": "+15017122661", "body": "Hi"}
    with LoopbackServer(lambda exchange: json_reply(201)) as server:
        with vcr.use_cassette(cassette, record_mode="all"), sync_client(server.url) as client:
            recorded = client.messages.create(**kwargs)
        assert len(server.exchanges) == 1
        url = server.url
    with vcr.use_cassette(cassette, record_mode="none"), sync_client(url) as client:
        replayed = client.messages.create(**kwargs)  # the server is gone: from the cassette
    assert replayed.sid == recorded.sid == MESSAGE["sid"]
    assert not httpx_transport_replaced()  # the cassette has put httpx's method back


def test_a_mocked_httpx_transport_answers_the_default_client(
    monkeypatch: pytest.MonkeyPatch, no_proxy: None
) -> None:
    """As pytest-httpx mocks: ``HTTPTransport.handle_request`` replaced for the test."""
    seen: list[httpx.Request] = []

    def handle_request(self: httpx.HTTPTransport, request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(201, json={**MESSAGE, "body": "mocked"})

    with LoopbackServer(lambda exchange: json_reply(201)) as server:
        client = sync_client(server.url)
        assert client.messages.create(to="+1", from_="+2", body="x").body == "Hi"
        monkeypatch.setattr(httpx.HTTPTransport, "handle_request", handle_request)
        assert httpx_transport_replaced()
        assert client.messages.create(to="+1", from_="+2", body="x").body == "mocked"
        monkeypatch.undo()
        assert client.messages.create(to="+1", from_="+2", body="x").body == "Hi"
        client.close()
        assert len(server.exchanges) == 2 and len(seen) == 1
    assert seen[0].headers["Authorization"].startswith("Basic ")


def test_client_request_returns_an_httpx_response(no_proxy: None) -> None:
    """The public raw request keeps its type: the pool's response as an httpx.Response, read
    and with its request (redirects followed through it too)."""
    answers = {
        "/r": http_response(302, b"", {"Location": "/x?b=2"}),
        "/x": json_reply(200, Link="<a>"),
    }
    with LoopbackServer(lambda e: answers[e.target.split("?")[0]]) as server:
        with sync_client(server.url) as client:
            response = client.request("GET", server.url + "/r", allow_redirects=True)
    assert type(response) is httpx.Response
    assert (response.status_code, response.json(), response.headers["link"]) == (
        200,
        MESSAGE,
        "<a>",
    )
    assert str(response.request.url) == server.url + "/x?b=2"
    assert [e.target for e in server.exchanges] == ["/r", "/x?b=2"]


def test_pages_on_the_default_pool(no_proxy: None) -> None:
    """A page keeps its response's headers and URL (made when read), and follows its link."""
    path = f"/2010-04-01/Accounts/{ACCOUNT}/Messages.json"
    second = {**MESSAGE, "sid": "SM" + "2" * 32}
    pages = {
        "0": json_reply(
            body={"messages": [MESSAGE], "next_page_uri": f"{path}?PageSize=1&Page=1"},
            **{"Twilio-Request-Id": "RQ0"},
        ),
        "1": json_reply(body={"messages": [second], "next_page_uri": None}),
    }

    def reply(exchange: Exchange) -> bytes:
        return pages["1" if "Page=1" in exchange.target else "0"]

    with LoopbackServer(reply) as server, sync_client(server.url) as client:
        first = client.messages.page(page_size=1)
        assert first.headers["twilio-request-id"] == "RQ0"
        assert first.next_page_url == f"{server.url}{path}?PageSize=1&Page=1"
        following = first.next_page()
        assert following is not None and [m.sid for m in following] == [second["sid"]]
        assert [m.sid for m in client.messages.stream(page_size=1)] == [
            MESSAGE["sid"],
            second["sid"],
        ]
    assert [e.target for e in server.exchanges][-1] == f"{path}?PageSize=1&Page=1"
