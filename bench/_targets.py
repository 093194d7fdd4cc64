"""The clients the benchmarks compare, each pointed at the loopback server.

Every client sends the same `messages.create` (To, From, Body; Basic auth; a form body) and
decodes the JSON answer; only the host is redirected to loopback (the SDKs through a one-line
hook, the raw clients by their URL).
"""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable
from typing import Any

ACCOUNT = "AC" + "a" * 32
TOKEN = "token"
TO, FROM, BODY = "+15558675310", "+15017122661", "Hi"
KWARGS: dict[str, Any] = {"to": TO, "from_": FROM, "body": BODY}  # for the official library
FORM = {"To": TO, "From": FROM, "Body": BODY}
PATH = f"/2010-04-01/Accounts/{ACCOUNT}/Messages.json"
BASIC = "Basic " + base64.b64encode(f"{ACCOUNT}:{TOKEN}".encode()).decode()

SyncCall = Callable[[], object]
AsyncCall = Callable[[], Awaitable[object]]
Close = Callable[[], Awaitable[None]]


class _LoopbackHosts:
    def __init__(self, base: str) -> None:
        self.base = base

    def url_for(self, host: str) -> str:
        return self.base


def ours_sync(base: str) -> tuple[SyncCall, Callable[[], None]]:
    from twilio_sdk import Client

    client = Client(ACCOUNT, TOKEN, max_retries=0)
    client._context.hosts = _LoopbackHosts(base)  # bench only: every host on loopback
    return (lambda: client.messages.create(to=TO, from_=FROM, body=BODY)), client.close


def official_sync(base: str) -> tuple[SyncCall, Callable[[], None]]:
    from twilio.http.http_client import TwilioHttpClient
    from twilio.rest import Client as OfficialClient

    class LoopbackHttp(TwilioHttpClient):  # type: ignore[misc]  # untyped official library
        def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
            url = base + url.split(".twilio.com", 1)[1]
            return super().request(method, url, *args, **kwargs)

    http = LoopbackHttp()
    client = OfficialClient(ACCOUNT, TOKEN, http_client=http)
    return (lambda: client.messages.create(**KWARGS)), http.session.close


def raw_httpx(base: str) -> tuple[SyncCall, Callable[[], None]]:
    """What one would write by hand with httpx: a keep-alive client, a form POST, `.json()`."""
    import httpx

    client = httpx.Client(auth=(ACCOUNT, TOKEN))
    url = base + PATH

    def call() -> object:
        return client.post(url, data=FORM).json()

    return call, client.close


async def ours_async(base: str) -> tuple[AsyncCall, Close]:
    from twilio_sdk import AsyncClient

    client = AsyncClient(ACCOUNT, TOKEN, max_retries=0)
    client._context.hosts = _LoopbackHosts(base)
    return (lambda: client.messages.create(to=TO, from_=FROM, body=BODY)), client.aclose


async def ours_client_create_async(base: str) -> tuple[AsyncCall, Close]:
    """The official library's async call, unchanged, on our sync `Client` (`create_async`)."""
    from twilio_sdk import Client
    from twilio_sdk.http.async_http_client import AsyncTwilioHttpClient

    http = AsyncTwilioHttpClient()
    client = Client(ACCOUNT, TOKEN, max_retries=0, http_client=http)
    client._context.hosts = _LoopbackHosts(base)
    return (lambda: client.messages.create_async(**KWARGS)), http.close


async def official_async(base: str) -> tuple[AsyncCall, Close]:
    from twilio.http.async_http_client import AsyncTwilioHttpClient
    from twilio.rest import Client as OfficialClient

    class LoopbackHttp(AsyncTwilioHttpClient):  # type: ignore[misc]
        async def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
            url = base + url.split(".twilio.com", 1)[1]
            return await super().request(method, url, *args, **kwargs)

    http = LoopbackHttp()
    client = OfficialClient(ACCOUNT, TOKEN, http_client=http)
    return (lambda: client.messages.create_async(**KWARGS)), http.close


async def raw_aiohttp(base: str) -> tuple[AsyncCall, Close]:
    """What one would write by hand with aiohttp: one session, a form POST, `.json()`."""
    import aiohttp

    session = aiohttp.ClientSession()
    url = base + PATH
    headers = {"Authorization": BASIC}

    async def call() -> object:
        async with session.post(url, data=FORM, headers=headers) as response:
            return await response.json()

    return call, session.close


async def ours_async_pipeline(base: str) -> tuple[AsyncCall, Close]:
    """Our request pipeline and transport alone, decoding the JSON: what the typed layers above
    it (call chain, argument checks, models) add is the difference to `ours_async`."""
    from twilio_sdk import AsyncClient

    client = AsyncClient(ACCOUNT, TOKEN, max_retries=0)
    url, form = base + PATH, list(FORM.items())

    async def call() -> object:
        return (await client._pipeline.request("POST", url, data=form)).json()

    return call, client.aclose


async def ours_async_httpcore(base: str) -> tuple[AsyncCall, Close]:
    """Our AsyncClient on httpcore, as before issue 11 (a user's own httpx.AsyncClient)."""
    import httpx

    from twilio_sdk import AsyncClient

    http = httpx.AsyncClient()
    client = AsyncClient(ACCOUNT, TOKEN, max_retries=0, http_client=http)
    client._context.hosts = _LoopbackHosts(base)

    async def close() -> None:
        await client.aclose()
        await http.aclose()

    return (lambda: client.messages.create(to=TO, from_=FROM, body=BODY)), close
