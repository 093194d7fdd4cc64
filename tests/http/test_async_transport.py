"""The async transport (aiohttp, twilio_sdk/_aiohttp.py) against real sockets on loopback.

Each test compares with what httpx's own stack (httpcore) does, which is what AsyncClient sent
through before: the same bytes on the wire, the same response objects, the same exceptions
(so the retry rules and the error mapping hold), and clean closing.
"""

from __future__ import annotations

import asyncio
import datetime
import gzip
import json
import os
import shutil
import socket
import ssl
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from loopback import MESSAGE, Exchange, LoopbackServer, http_response, json_reply

from twilio_sdk import AsyncClient, Client, TwilioConnectionError, TwilioTimeoutError, _pipeline
from twilio_sdk._aiohttp import AiohttpTransport
from twilio_sdk._auth_resolution import Credentials
from twilio_sdk._errors import NotFoundError, RateLimitError
from twilio_sdk._httpcore import HttpcorePool
from twilio_sdk._pipeline import AsyncPipeline, SyncPipeline
from twilio_sdk._retry import RetryEvent, RetryPolicy
from twilio_sdk._tls import default_ssl_context

ACCOUNT = "AC00000000000000000000000000000001"
CREDS = Credentials(ACCOUNT, "secret-token", ACCOUNT)
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_pipeline, "uses_proxy", lambda: False)
    for name in ("http_proxy", "https_proxy", "all_proxy"):  # AsyncClient routes by them
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


class Hosts:
    def __init__(self, base: str) -> None:
        self.base = base

    def url_for(self, host: str) -> str:
        return self.base


def async_client(base: str, **kwargs: Any) -> AsyncClient:
    client = AsyncClient(ACCOUNT, "secret-token", **kwargs)
    client._context.hosts = Hosts(base)  # every host on loopback
    return client


async def _calls(client: AsyncClient) -> None:
    """The request kinds the SDK sends: form POST, query GET, empty POST, DELETE, JSON, and
    a request with headers of its own (merged over the client's)."""
    await client.messages.create(to="+15558675310", from_="+15017122661", body="Hé & ☃")
    await client.messages.page(date_sent_after=datetime.datetime(2024, 1, 2), page_size=2)
    await client.messages("SM" + "1" * 32).update()
    await client.messages("SM" + "1" * 32).delete()
    base = client._context.hosts.url_for("")
    await client._pipeline.request("POST", base + "/v1/J", json={"a": ["é", 1]})
    await client._pipeline.request(
        "GET", base + "/v1/H", headers={"If-Match": "W/1", "Accept": "*/*"}
    )


# --------------------------------------------------------------------------- the default


def test_async_client_sends_through_aiohttp_by_default(no_proxy: None) -> None:
    client = AsyncClient(ACCOUNT, "t")
    assert isinstance(client._pipeline._transport, AiohttpTransport)
    assert client._pipeline._transport.max_connections == 100
    assert client._pipeline._client is None  # no httpx.AsyncClient layers
    sized = AsyncClient(ACCOUNT, "t", max_connections=7)
    assert isinstance(sized._pipeline._transport, AiohttpTransport)
    assert sized._pipeline._transport.max_connections == 7
    # a derived client shares the pool
    assert client.for_account("AC" + "2" * 32)._pipeline._aiohttp is client._pipeline._aiohttp


def test_sync_client_pool_size(no_proxy: None) -> None:
    client = Client(ACCOUNT, "t", max_connections=3)
    transport = client._pipeline._transport
    assert isinstance(transport, HttpcorePool)
    assert transport._pool._max_connections == 3
    assert transport._pool._max_keepalive_connections == 3
    client.close()


@pytest.mark.parametrize("cls", [Client, AsyncClient])
def test_pool_size_is_checked(cls: type[Any], no_proxy: None) -> None:
    with pytest.raises(ValueError, match="max_connections must be >= 1"):
        cls(ACCOUNT, "t", max_connections=0)
    with pytest.raises(TypeError, match="max_connections must be an int"):
        cls(ACCOUNT, "t", max_connections=2.5)
    own = httpx.Client() if cls is Client else httpx.AsyncClient()
    with pytest.raises(ValueError, match="configure a supplied http_client"):
        cls(ACCOUNT, "t", max_connections=5, http_client=own)


def test_a_proxy_from_the_environment_stays_on_aiohttp(monkeypatch: pytest.MonkeyPatch) -> None:
    # routing through it is tested in tests/http/test_proxy.py
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.invalid:3128")
    client = AsyncClient(ACCOUNT, "t", max_connections=9)
    assert client._pipeline._client is None
    transport = client._pipeline._aiohttp
    assert isinstance(transport, AiohttpTransport) and transport.max_connections == 9
    assert transport._proxies.for_url("https://api.twilio.com/2010-04-01") is not None
    asyncio.run(client.aclose())


# --------------------------------------------------------------------------- on the wire


def test_same_bytes_on_the_wire_as_httpcore(no_proxy: None) -> None:
    """Every request kind reaches the server with the same request line, headers and body
    through aiohttp as through httpx's own stack (httpcore), but for one header (below)."""

    def reply(exchange: Exchange) -> bytes:
        if exchange.method == "DELETE":
            return http_response(204, b"", {})
        if exchange.method == "GET":
            return json_reply(body={"messages": [], "next_page_uri": None})
        return json_reply(201)

    async def run(server: LoopbackServer) -> list[Exchange]:
        async with async_client(server.url) as client:
            await _calls(client)
        sent, server.exchanges = server.exchanges, []
        return sent

    with LoopbackServer(reply) as server:
        ours = asyncio.run(run(server))
        with pytest.MonkeyPatch.context() as patch:  # the transport AsyncClient had before
            patch.setattr(_pipeline, "new_async_transport", lambda *_: httpx.AsyncHTTPTransport())
            theirs = asyncio.run(run(server))
    assert len(ours) == len(theirs) == 6
    for mine, reference in zip(ours, theirs, strict=True):
        assert mine.request_line == reference.request_line
        expected = reference.header_set()
        if mine.method == "DELETE":
            # The one difference: aiohttp announces an empty DELETE body, as requests (the
            # official library) does; httpcore says nothing. Both are valid HTTP/1.1.
            expected = sorted([*expected, ("content-length", "0")])
        assert mine.header_set() == expected, mine.request_line
        assert mine.body == reference.body
    assert dict(ours[0].header_set())["content-type"] == "application/x-www-form-urlencoded"
    assert ("content-length", "0") in ours[2].header_set()  # an empty POST says so
    assert ("if-match", "W/1") in ours[5].header_set()
    assert dict(ours[5].header_set())["accept"] == "*/*"  # the request's own header wins


def test_responses_are_the_same_httpx_objects(no_proxy: None) -> None:
    """What the pipeline returns reads the same as the response httpx's stack builds, for a
    plain JSON body, a gzip-encoded one and an error."""
    compressed = gzip.compress(json.dumps(MESSAGE).encode())
    replies = {
        "/plain": json_reply(201, Link="<x>; rel=next", **{"Set-Cookie": "a=1"}),
        "/gzip": http_response(
            200, compressed, {"Content-Type": "application/json", "Content-Encoding": "gzip"}
        ),
        "/missing": json_reply(404, {"code": 20404, "message": "not found"}),
    }

    def reply(exchange: Exchange) -> bytes:
        return replies[exchange.target.split("?")[0]]

    async def run(server: LoopbackServer) -> list[dict[str, Any]]:
        pipeline = AsyncPipeline(CREDS, timeout=12.0)
        seen = []
        for path in replies:
            try:
                response = await pipeline.request("POST", server.url + path, data=[("A", "b")])
            except NotFoundError as error:
                assert error.status == 404 and error.code == 20404
                assert error.uri == server.url + path
                assert error.method == "POST"
                continue
            seen.append(describe_response(response))
        await pipeline.aclose()
        return seen

    with LoopbackServer(reply) as server:
        ours = asyncio.run(run(server))
        with pytest.MonkeyPatch.context() as patch:  # the transport AsyncClient had before
            patch.setattr(_pipeline, "new_async_transport", lambda *_: httpx.AsyncHTTPTransport())
            reference = asyncio.run(run(server))
    assert isinstance(ours, list) and len(ours) == 2
    assert ours == reference
    assert ours[1]["json"] == MESSAGE  # decoded from gzip


def describe_response(response: httpx.Response) -> dict[str, Any]:
    """Everything a caller reads of a response (also tests/http/test_sync_transport.py)."""
    request = response.request
    return {
        "status": response.status_code,
        "reason": response.reason_phrase,
        "version": response.http_version,
        "headers": response.headers.multi_items(),
        "content": response.content,
        "text": response.text,
        "json": response.json(),
        "encoding": response.encoding,
        "url": str(response.url),
        "request": (request.method, str(request.url), request.headers.multi_items()),
        "request body": request.content,
        "timeout": request.extensions["timeout"],
        "closed": (response.is_closed, response.is_stream_consumed),
        "elapsed": response.elapsed.total_seconds() >= 0,
        "read": response.read(),
        "lines": list(response.iter_lines()),
        "raise": type(_raised(response.raise_for_status)),
    }


def _raised(call: Callable[[], object]) -> BaseException | None:
    try:
        call()
    except BaseException as exc:  # noqa: BLE001 - compared by type
        return exc
    return None


# --------------------------------------------------------------------------- failures


def test_a_read_timeout_is_a_timeout_error_and_a_post_is_sent_once(no_proxy: None) -> None:
    def slow(exchange: Exchange) -> bytes:
        time.sleep(0.5)
        return json_reply()

    async def run(method: str) -> tuple[BaseException, int]:
        with LoopbackServer(slow) as server:
            events: list[RetryEvent] = []
            async with async_client(
                server.url, timeout=0.1, max_retries=1, max_retry_delay=0.0, on_retry=events.append
            ) as client:
                with pytest.raises(TwilioTimeoutError) as info:
                    await client._pipeline.request(method, server.url + "/x")
            return info.value, len(server.exchanges)

    error, attempts = asyncio.run(run("POST"))
    assert isinstance(error.__cause__, httpx.ReadTimeout)
    assert attempts == 1  # it may have reached Twilio: never repeated
    error, attempts = asyncio.run(run("GET"))
    assert attempts == 2  # idempotent: retried once


def test_a_refused_connection_is_retried_even_for_a_post() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    async def run() -> tuple[BaseException, list[float]]:
        sleeps: list[float] = []

        async def sleep(delay: float) -> None:
            sleeps.append(delay)

        pipeline = AsyncPipeline(CREDS, retry=RetryPolicy(max_retries=2), sleep=sleep)
        assert pipeline._aiohttp is not None
        with pytest.raises(TwilioConnectionError) as info:
            await pipeline.request("POST", f"http://127.0.0.1:{port}/x", data=[("A", "1")])
        await pipeline.aclose()
        return info.value, sleeps

    error, sleeps = asyncio.run(run())
    assert isinstance(error.__cause__, httpx.ConnectError)
    assert "after 3 attempts" in str(error)
    assert len(sleeps) == 2


def test_a_dropped_connection_is_not_repeated_for_a_post(no_proxy: None) -> None:
    async def run(method: str) -> tuple[BaseException, int]:
        with LoopbackServer(lambda exchange: None) as server:
            async with async_client(server.url, max_retries=2, max_retry_delay=0.0) as client:
                with pytest.raises(TwilioConnectionError) as info:
                    await client._pipeline.request(method, server.url + "/x")
            return info.value, len(server.exchanges)

    error, attempts = asyncio.run(run("POST"))
    assert isinstance(error.__cause__, httpx.RemoteProtocolError)
    assert attempts == 1
    _, attempts = asyncio.run(run("GET"))
    assert attempts == 3


def test_429_with_retry_after_is_honoured(no_proxy: None) -> None:
    answers = [json_reply(429, {"code": 20429}, **{"Retry-After": "0"}), json_reply(201)]

    def reply(exchange: Exchange) -> bytes:
        return answers.pop(0) if len(answers) > 1 else answers[0]

    async def run() -> tuple[Any, list[RetryEvent]]:
        events: list[RetryEvent] = []
        with LoopbackServer(reply) as server:
            async with async_client(server.url, on_retry=events.append) as client:
                message = await client.messages.create(to="+1555", from_="+1666", body="x")
        return message, events

    message, events = asyncio.run(run())
    assert message.sid == MESSAGE["sid"]
    assert [(e.status, e.delay) for e in events] == [(429, 0.0)]

    async def exhausted() -> None:
        always_429 = json_reply(429, {"code": 20429}, **{"Retry-After": "0"})
        with LoopbackServer(lambda e: always_429) as server:
            async with async_client(server.url, max_retries=1) as client:
                with pytest.raises(RateLimitError):
                    await client.messages.create(to="+1555", from_="+1666", body="x")

    asyncio.run(exhausted())


def test_the_pool_size_bounds_concurrent_connections(no_proxy: None) -> None:
    def slow(exchange: Exchange) -> bytes:
        time.sleep(0.05)
        return json_reply(201)

    async def run() -> int:
        with LoopbackServer(slow) as server:
            async with async_client(server.url, max_connections=3) as client:
                await asyncio.gather(
                    *(client.messages.create(to="+1", from_="+2", body="x") for _ in range(12))
                )
            return server.connections

    assert asyncio.run(run()) == 3


def test_a_client_used_in_a_second_event_loop_says_so(no_proxy: None) -> None:
    with LoopbackServer(lambda e: json_reply(201)) as server:
        client = async_client(server.url)

        async def call() -> None:
            await client.messages.create(to="+1", from_="+2", body="x")

        asyncio.run(call())
        with pytest.raises(RuntimeError, match="another event loop"):
            asyncio.run(call())


# --------------------------------------------------------------------------- ownership


def test_a_supplied_httpx_client_is_used_and_never_closed(no_proxy: None) -> None:
    async def run() -> httpx.AsyncClient:
        with LoopbackServer(lambda e: json_reply(201)) as server:
            own = httpx.AsyncClient()
            async with async_client(server.url, http_client=own) as client:
                assert client._pipeline._aiohttp is None
                await client.messages.create(to="+1", from_="+2", body="x")
            assert not own.is_closed
            assert (await own.get(server.url + "/still-open")).status_code == 201
            await own.aclose()
            return own

    assert asyncio.run(run()).is_closed


def test_the_transport_works_inside_a_users_httpx_client(no_proxy: None) -> None:
    """The generic path: httpx.AsyncClient(transport=AiohttpTransport()), streamed."""
    big = b"x" * 300_000

    async def run() -> None:
        with LoopbackServer(lambda e: http_response(200, big, {})) as server:
            transport = AiohttpTransport(max_connections=2)
            async with httpx.AsyncClient(transport=transport) as own:
                async with own.stream("POST", server.url + "/s", content=b"abc") as response:
                    chunks = [chunk async for chunk in response.aiter_raw()]
                assert b"".join(chunks) == big
                assert (await own.get(server.url + "/again")).content == big
                assert server.exchanges[0].body == b"abc"
            assert transport.is_closed

    asyncio.run(run())


_NO_WARNINGS_SCRIPT = """
import asyncio, gc, sys
from twilio_sdk import AsyncClient
base = sys.argv[1]

class Hosts:
    def url_for(self, host):
        return base

async def main():
    unused = AsyncClient("AC" + "1" * 32, "t")  # never sends: opens nothing
    await unused.aclose()
    async with AsyncClient("AC" + "1" * 32, "t") as client:
        client._context.hosts = Hosts()
        await asyncio.gather(*(client.messages.create(to="+1", from_="+2", body="x")
                               for _ in range(20)))
        sub = client.for_account("AC" + "2" * 32)  # shares the pool; closing it is a no-op
        await sub.messages.create(to="+1", from_="+2", body="x")
        await sub.aclose()
    never_entered = AsyncClient("AC" + "1" * 32, "t")
    del never_entered

asyncio.run(main())
gc.collect()
print("done")
"""


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_no_resource_warnings_when_closed(scheme: str, tmp_path: Path) -> None:
    """A closed AsyncClient leaves no unclosed session, connector, transport or socket (under
    `-W error::ResourceWarning`, nothing on stderr), over plain HTTP and over TLS."""
    tls = _tls_context(tmp_path) if scheme == "https" else None
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(ROOT / "generated")])
    with LoopbackServer(lambda e: json_reply(201), tls=tls[0] if tls else None) as server:
        if tls:
            env["SSL_CERT_FILE"] = tls[1]
        base = f"{scheme}://{'localhost' if tls else '127.0.0.1'}:{server.port}"
        result = subprocess.run(
            [sys.executable, "-W", "error::ResourceWarning", "-c",
             textwrap.dedent(_NO_WARNINGS_SCRIPT), base],
            capture_output=True, text=True, env=env, timeout=60,
        )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "done"
    assert result.stderr == ""
    assert len(server.exchanges) == 21


def _tls_context(tmp_path: Path) -> tuple[ssl.SSLContext, str]:
    """A server context with a self-signed certificate for `localhost` (made by openssl)."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is needed to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context, str(cert)


def test_tls_verification_is_on_and_uses_httpx_trust(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server_context, cert = _tls_context(tmp_path)
    with LoopbackServer(lambda e: json_reply(201), tls=server_context) as server:
        url = f"https://localhost:{server.port}/x"

        async def send() -> int:
            pipeline = AsyncPipeline(CREDS, retry=RetryPolicy(max_retries=0))
            try:
                return (await pipeline.request("GET", url)).status_code
            finally:
                await pipeline.aclose()

        monkeypatch.setattr(_pipeline, "uses_proxy", lambda: False)
        monkeypatch.delenv("SSL_CERT_DIR", raising=False)
        monkeypatch.delenv("SSL_CERT_FILE", raising=False)
        with pytest.raises(TwilioConnectionError) as info:  # not in certifi's bundle
            asyncio.run(send())
        assert isinstance(info.value.__cause__, httpx.ConnectError)
        assert "CERTIFICATE_VERIFY_FAILED" in str(info.value)
        monkeypatch.setenv("SSL_CERT_FILE", cert)  # trusted as httpx would trust it
        assert asyncio.run(send()) == 201
        sync = SyncPipeline(CREDS, retry=RetryPolicy(max_retries=0))
        assert sync.request("GET", url).status_code == 201
        sync.close()


def test_the_default_tls_context_is_httpx_s(monkeypatch: pytest.MonkeyPatch) -> None:
    for env in ({}, {"SSL_CERT_FILE": httpx_certifi()}):
        monkeypatch.delenv("SSL_CERT_DIR", raising=False)
        monkeypatch.delenv("SSL_CERT_FILE", raising=False)
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        ours, theirs = default_ssl_context(), httpx.create_ssl_context()
        for attribute in ("verify_mode", "check_hostname", "options", "minimum_version",
                          "maximum_version", "verify_flags", "protocol"):  # fmt: skip
            assert getattr(ours, attribute) == getattr(theirs, attribute), attribute
        assert ours.get_ca_certs() == theirs.get_ca_certs()
        assert len(ours.get_ca_certs()) > 10


def httpx_certifi() -> str:
    import certifi

    return certifi.where()
