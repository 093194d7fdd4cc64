"""Proxies, custom CAs and client certificates on the SDK's own pools.

`AsyncClient` sends through aiohttp also behind a proxy (explicit ``proxy=`` or the
environment's, routed as httpx routes them); `Client` takes ``proxy=`` on its httpx transport.
Every test sends through a real forward proxy on loopback (bench/_forward_proxy.py): plain http
in absolute form, https through CONNECT.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import shutil
import ssl
import subprocess
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from bench._forward_proxy import ForwardProxy, start_in_thread
from bench._server import CannedHTTP
from twilio_sdk import AsyncClient, Client, TwilioRestException, _pipeline
from twilio_sdk._aiohttp import AiohttpTransport
from twilio_sdk._auth_resolution import Credentials
from twilio_sdk._pipeline import AsyncPipeline, SyncPipeline
from twilio_sdk._proxy import ProxyRoutes, async_needs_httpx, proxy_route
from twilio_sdk._retry import RetryPolicy
from twilio_sdk._tls import client_context

ACCOUNT = "AC" + "a" * 32
CREDS = Credentials(ACCOUNT, "secret-token", ACCOUNT)
NO_RETRY = RetryPolicy(max_retries=0)
PROXY_VARS = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")
AUTH = "Basic " + base64.b64encode(b"us@r:p:ss w").decode()
AUTH_URL_CREDENTIALS = "us%40r:p%3Ass%20w"  # the same, percent-encoded in a URL


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in PROXY_VARS:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


def _serve(
    factory: Callable[[], asyncio.BaseProtocol], context: ssl.SSLContext | None = None
) -> int:
    """An asyncio server on loopback in a daemon thread; its port."""
    ports: list[int] = []
    ready = threading.Event()

    async def main() -> None:
        loop = asyncio.get_running_loop()
        server = await loop.create_server(factory, "127.0.0.1", 0, ssl=context)
        ports.append(server.sockets[0].getsockname()[1])
        ready.set()
        await server.serve_forever()

    threading.Thread(target=lambda: asyncio.run(main()), daemon=True).start()
    ready.wait(10)
    return ports[0]


@pytest.fixture(scope="module")
def upstream() -> str:
    """The plain-http stand-in for Twilio (201 with a Message to any POST)."""
    return f"http://127.0.0.1:{_serve(CannedHTTP)}"


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A CA-less self-signed server certificate for 127.0.0.1/localhost and a client one."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is needed to make test certificates")
    directory = tmp_path_factory.mktemp("certs")
    paths: dict[str, str] = {}
    for name, subject, extension in (
        ("server", "/CN=localhost", "subjectAltName=DNS:localhost,IP:127.0.0.1"),
        ("client", "/CN=sdk-client", "extendedKeyUsage=clientAuth"),
    ):
        cert, key = directory / f"{name}.pem", directory / f"{name}-key.pem"
        subprocess.run(
            [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
             "-subj", subject, "-addext", extension, "-keyout", str(key), "-out", str(cert)],
            check=True, capture_output=True,
        )  # fmt: skip
        paths[name], paths[f"{name}-key"] = str(cert), str(key)
    return paths


@pytest.fixture(scope="module")
def tls_upstream(certificates: dict[str, str]) -> str:
    """The https stand-in; it asks for a client certificate and accepts the test client's."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certificates["server"], certificates["server-key"])
    context.verify_mode = ssl.CERT_OPTIONAL
    context.load_verify_locations(certificates["client"])
    return f"https://127.0.0.1:{_serve(CannedHTTP, context)}"


@pytest.fixture
def proxy() -> Iterator[ForwardProxy]:
    yield start_in_thread()


@pytest.fixture
def auth_proxy() -> Iterator[ForwardProxy]:
    yield start_in_thread(auth=AUTH)


def _async_post(url: str, times: int = 1, **options: object) -> int:
    """POST ``times`` times on one AsyncPipeline; the last status."""

    async def main() -> int:
        pipeline = AsyncPipeline(CREDS, retry=NO_RETRY, **options)  # type: ignore[arg-type]
        try:
            assert pipeline._aiohttp is not None, "not on the aiohttp transport"
            for _ in range(times):
                response = await pipeline.request("POST", url, data=[("To", "+1")])
            return response.status_code
        finally:
            await pipeline.aclose()

    return asyncio.run(main())


def _sync_post(url: str, **options: object) -> int:
    with SyncPipeline(CREDS, retry=NO_RETRY, **options) as pipeline:  # type: ignore[arg-type]
        assert pipeline._transport is not None, "not on the bare transport"
        return pipeline.request("POST", url, data=[("To", "+1")]).status_code


# -- plain http through the proxy ---------------------------------------------------------


def test_async_explicit_proxy(upstream: str, proxy: ForwardProxy) -> None:
    assert _async_post(upstream + "/x", times=3, proxy=proxy.url) == 201
    assert proxy.requests == 3 and proxy.tunnels == 0
    assert proxy.seen_auth == [None, None, None]


def test_async_without_proxy_goes_direct(upstream: str, proxy: ForwardProxy) -> None:
    assert _async_post(upstream + "/x") == 201
    assert proxy.requests == 0


def test_async_proxy_from_environment(
    upstream: str, proxy: ForwardProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    assert _async_post(upstream + "/x") == 201
    assert proxy.requests == 1
    monkeypatch.setenv("ALL_PROXY", proxy.url)  # ALL_PROXY alone routes too
    monkeypatch.delenv("HTTP_PROXY")
    assert _async_post(upstream + "/x") == 201
    assert proxy.requests == 2


@pytest.mark.parametrize("no_proxy", ["127.0.0.1", "*", "localhost,127.0.0.1", "http://127.0.0.1"])
def test_no_proxy_bypasses(
    upstream: str, proxy: ForwardProxy, monkeypatch: pytest.MonkeyPatch, no_proxy: str
) -> None:
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    monkeypatch.setenv("NO_PROXY", no_proxy)
    assert _async_post(upstream + "/x") == 201
    assert proxy.requests == 0


def test_explicit_proxy_wins_over_no_proxy(
    upstream: str, proxy: ForwardProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_PROXY", "*")  # as with httpx: proxy= takes every request
    assert _async_post(upstream + "/x", proxy=proxy.url) == 201
    assert proxy.requests == 1


def test_proxy_credentials_are_sent_and_never_shown(
    upstream: str,
    auth_proxy: ForwardProxy,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    url = f"http://{AUTH_URL_CREDENTIALS}@127.0.0.1:{auth_proxy.port}"
    caplog.set_level(logging.DEBUG)
    assert _async_post(upstream + "/x", proxy=url) == 201
    assert _sync_post(upstream + "/x", proxy=url) == 201
    assert auth_proxy.requests == 2 and auth_proxy.seen_auth == [AUTH, AUTH]
    monkeypatch.setenv("HTTP_PROXY", url)
    client = AsyncClient(ACCOUNT, "t")
    for shown in (repr(client), repr(client._pipeline), repr(client._pipeline._aiohttp._proxies),  # type: ignore[union-attr]
                  caplog.text):  # fmt: skip
        assert "p%3Ass" not in shown and "p:ss" not in shown and AUTH not in shown
    asyncio.run(client.aclose())


def test_wrong_proxy_credentials_get_407(upstream: str, auth_proxy: ForwardProxy) -> None:
    url = f"http://someone:wrong@127.0.0.1:{auth_proxy.port}"
    with pytest.raises(TwilioRestException) as info:
        _async_post(upstream + "/x", proxy=url)
    assert info.value.status == 407
    assert "wrong" not in str(info.value)
    assert auth_proxy.requests == 0 and auth_proxy.refused == 1


def test_sync_explicit_proxy(upstream: str, proxy: ForwardProxy) -> None:
    assert _sync_post(upstream + "/x", proxy=proxy.url) == 201
    assert proxy.requests == 1


def test_clients_take_the_options(upstream: str, proxy: ForwardProxy) -> None:
    class Loopback:
        def url_for(self, host: str) -> str:
            return upstream

    client = Client(ACCOUNT, "t", proxy=proxy.url, max_retries=0)
    client._context.hosts = Loopback()
    assert client.messages.create(to="+15558675310", from_="+15017122661", body="Hi").sid

    async def main() -> None:
        async with AsyncClient(ACCOUNT, "t", proxy=proxy.url, max_retries=0) as aclient:
            aclient._context.hosts = Loopback()
            await aclient.messages.create(to="+15558675310", from_="+15017122661", body="Hi")

    asyncio.run(main())
    assert proxy.requests == 2


def test_options_refused_with_a_supplied_http_client() -> None:
    for options in ({"proxy": "http://p:1"}, {"verify": False}, {"cert": "c.pem"}):
        with pytest.raises(ValueError, match="supplied http_client"):
            Client(ACCOUNT, "t", http_client=httpx.Client(), **options)
        with pytest.raises(ValueError, match="supplied http_client"):
            AsyncClient(ACCOUNT, "t", http_client=httpx.AsyncClient(), **options)


# -- https: CONNECT, custom CA, client certificate -----------------------------------------


def test_https_through_connect_with_a_custom_ca(
    tls_upstream: str, auth_proxy: ForwardProxy, certificates: dict[str, str]
) -> None:
    url = f"http://{AUTH_URL_CREDENTIALS}@127.0.0.1:{auth_proxy.port}"
    ca = certificates["server"]
    assert _async_post(tls_upstream + "/x", times=3, proxy=url, verify=ca) == 201
    assert _sync_post(tls_upstream + "/x", proxy=url, verify=ca) == 201
    assert auth_proxy.tunnels == 2  # the async pool kept its tunnel for all three requests
    assert auth_proxy.seen_auth == [AUTH, AUTH]  # on the CONNECTs, never to the server
    assert auth_proxy.requests == 0


def test_a_sync_client_routed_by_the_environment_keeps_its_custom_ca(
    tls_upstream: str,
    proxy: ForwardProxy,
    certificates: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # HTTPS_PROXY set: the sync pipeline leaves routing to an httpx.Client of its own, which
    # must still trust the CA given as verify= (else CERTIFICATE_VERIFY_FAILED)
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    options = {"verify": certificates["server"]}
    with SyncPipeline(CREDS, retry=NO_RETRY, **options) as pipeline:  # type: ignore[arg-type]
        assert pipeline._transport is None, "routed by an httpx.Client"
        response = pipeline.request("POST", tls_upstream + "/x", data=[("To", "+1")])
    assert response.status_code == 201
    assert proxy.tunnels == 1


def test_connect_refused_is_a_proxy_error(
    tls_upstream: str, auth_proxy: ForwardProxy, certificates: dict[str, str]
) -> None:
    from twilio_sdk import TwilioConnectionError

    with pytest.raises(TwilioConnectionError) as info:
        _async_post(tls_upstream + "/x", proxy=auth_proxy.url, verify=certificates["server"])
    assert isinstance(info.value.__cause__, httpx.ProxyError)


def test_custom_ca_and_client_certificate_without_proxy(
    tls_upstream: str, certificates: dict[str, str]
) -> None:
    ca, cert, key = certificates["server"], certificates["client"], certificates["client-key"]
    from twilio_sdk import TwilioConnectionError

    with pytest.raises(TwilioConnectionError, match="CERTIFICATE_VERIFY_FAILED"):
        _async_post(tls_upstream + "/x")  # not trusted by default
    assert _async_post(tls_upstream + "/x", verify=ca, cert=(cert, key)) == 201
    assert _sync_post(tls_upstream + "/x", verify=ca, cert=(cert, key)) == 201
    assert _async_post(tls_upstream + "/x", verify=False) == 201
    context = ssl.create_default_context(cafile=ca)
    assert _async_post(tls_upstream + "/x", verify=context) == 201


def test_client_context_options(certificates: dict[str, str], tmp_path: Path) -> None:
    cert, key = certificates["client"], certificates["client-key"]
    assert client_context(False).verify_mode == ssl.CERT_NONE
    default = client_context(True)
    assert default.verify_mode == ssl.CERT_REQUIRED and default.check_hostname
    with_ca = client_context(certificates["server"])
    assert [c["subject"] for c in with_ca.get_ca_certs()] == [((("commonName", "localhost"),),)]
    assert client_context(tmp_path).get_ca_certs() == []  # a directory: loaded on demand
    combined = tmp_path / "combined.pem"
    combined.write_text(Path(cert).read_text() + Path(key).read_text())
    client_context(True, str(combined))
    client_context(True, (cert, key))
    with pytest.raises(FileNotFoundError):
        client_context(str(tmp_path / "missing.pem"))
    with pytest.raises(ValueError, match="load the certificate"):
        client_context(ssl.create_default_context(), (cert, key))
    with pytest.raises(ssl.SSLError):
        client_context(True, (cert, certificates["server-key"]))  # key of another cert


# -- routing: as httpx routes ---------------------------------------------------------------


ENVIRONMENTS = [
    {"HTTPS_PROXY": "http://p1:3128"},
    {"HTTP_PROXY": "http://p1:3128", "HTTPS_PROXY": "https://p2:3129"},
    {"ALL_PROXY": "http://p3:8080", "NO_PROXY": "twilio.com"},
    {"ALL_PROXY": "http://p3:8080", "NO_PROXY": ".twilio.com"},
    {"HTTPS_PROXY": "p4:3128", "NO_PROXY": "api.twilio.com, 10.0.0.1"},
    {"HTTPS_PROXY": "http://p5:3128", "NO_PROXY": "*"},
    {"https_proxy": "http://p6:3128", "no_proxy": "localhost,https://verify.twilio.com"},
]
URLS = [
    "https://api.twilio.com/2010-04-01/Accounts.json",
    "https://verify.twilio.com/v2/Services",
    "https://api.sydney.au1.twilio.com/x",
    "http://api.twilio.com/x",
    "https://twilio.com.example.org/x",
    "http://localhost:8000/x",
    "https://10.0.0.1/x",
]


def _httpx_proxy(client: httpx.AsyncClient, url: str) -> str | None:
    transport = client._transport_for_url(httpx.URL(url))
    if transport is client._transport:
        return None
    proxy_url = transport._pool._proxy_url  # type: ignore[attr-defined]
    return f"{proxy_url.scheme.decode()}://{proxy_url.host.decode()}:{proxy_url.port}"


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_routing_matches_httpx(
    environment: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in environment.items():
        monkeypatch.setenv(key, value)
    routes = ProxyRoutes(None, trust_env=True)
    reference = httpx.AsyncClient()
    for url in URLS:
        ours = routes.for_url(url)
        expected = _httpx_proxy(reference, url)
        assert (None if ours is None else str(httpx.URL(ours.url)).rstrip("/")) == expected, url
        assert routes.for_url(url) is ours  # kept per origin


def test_proxy_route_parses_credentials() -> None:
    route = proxy_route(f"http://{AUTH_URL_CREDENTIALS}@proxy:3128")
    assert route.url == "http://proxy:3128" and route.authorization == AUTH
    assert "hidden" in repr(route) and AUTH not in repr(route)
    assert proxy_route("http://proxy:3128").authorization is None
    assert (
        proxy_route(httpx.Proxy("http://proxy:3128", auth=("us@r", "p:ss w"))).authorization == AUTH
    )
    with pytest.raises(ValueError, match="Unknown scheme"):
        proxy_route("ftp://proxy:21")


def test_only_socks_needs_httpx(monkeypatch: pytest.MonkeyPatch) -> None:
    assert not async_needs_httpx(None)
    assert not async_needs_httpx("http://proxy:3128")
    assert not async_needs_httpx("https://proxy:3129")
    assert async_needs_httpx("socks5://proxy:1080")
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy:3128")
    assert not async_needs_httpx(None)
    monkeypatch.setenv("ALL_PROXY", "socks5://proxy:1080")
    assert async_needs_httpx(None)
    with pytest.raises(ValueError, match="socks5"):
        AiohttpTransport(trust_env=True)


def test_default_async_transport_reads_the_environment(
    proxy: ForwardProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    transport = _pipeline.new_async_transport()
    assert isinstance(transport, AiohttpTransport)
    route = transport._proxies.for_url("https://api.twilio.com/x")
    assert route is not None and route.url == proxy.url
    assert transport._proxies.for_url("http://api.twilio.com/x") is None  # HTTPS_PROXY only
