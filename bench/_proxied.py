"""Async throughput behind a forward proxy: the same `messages.create` as bench/_async.py, sent
through a small asyncio proxy on loopback (bench/_forward_proxy.py, its own process).

Clients: ours with ``HTTP_PROXY`` set (aiohttp's pool); the official library with
``AsyncTwilioHttpClient(proxy_url=...)`` as it is (9.13.0 stores ``proxy_url`` but never passes
it to aiohttp, so its requests do not reach the proxy: the proxy CPU column shows it) and with
the proxy really applied (an aiohttp session whose default ``proxy`` is that URL); ours on a
user's ``httpx.AsyncClient(proxy=...)`` (httpcore: what ``HTTP_PROXY`` gave before); and ours
direct. The proxy's own CPU per request is shown apart.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from . import _targets as targets
from ._async import _drive
from ._targets import AsyncCall, Close

ROOT = Path(__file__).resolve().parent.parent
Factory = Callable[[str, str], Awaitable[tuple[AsyncCall, Close]]]


async def ours_env_proxy(base: str, proxy: str) -> tuple[AsyncCall, Close]:
    from twilio_sdk import AsyncClient

    os.environ["HTTP_PROXY"] = proxy  # read when the client is made
    try:
        client = AsyncClient(targets.ACCOUNT, targets.TOKEN, max_retries=0)
    finally:
        del os.environ["HTTP_PROXY"]
    client._context.hosts = targets._LoopbackHosts(base)
    return (lambda: client.messages.create(**_OURS)), client.aclose


async def ours_httpx_proxy(base: str, proxy: str) -> tuple[AsyncCall, Close]:
    import httpx

    from twilio_sdk import AsyncClient

    http = httpx.AsyncClient(proxy=proxy)
    client = AsyncClient(targets.ACCOUNT, targets.TOKEN, max_retries=0, http_client=http)
    client._context.hosts = targets._LoopbackHosts(base)

    async def close() -> None:
        await client.aclose()
        await http.aclose()

    return (lambda: client.messages.create(**_OURS)), close


async def ours_direct(base: str, proxy: str) -> tuple[AsyncCall, Close]:
    return await targets.ours_async(base)


async def _official(base: str, proxy: str, applied: bool) -> tuple[AsyncCall, Close]:
    import aiohttp
    from twilio.http.async_http_client import AsyncTwilioHttpClient
    from twilio.rest import Client as OfficialClient

    class LoopbackHttp(AsyncTwilioHttpClient):  # type: ignore[misc]  # untyped official library
        async def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
            url = base + url.split(".twilio.com", 1)[1]
            return await super().request(method, url, *args, **kwargs)

    http = LoopbackHttp(proxy_url=proxy)
    if applied:  # what proxy_url is evidently meant to do
        await http.session.close()
        http.session = aiohttp.ClientSession(proxy=proxy)
    client = OfficialClient(targets.ACCOUNT, targets.TOKEN, http_client=http)
    return (lambda: client.messages.create_async(**targets.KWARGS)), http.close


async def official_proxy(base: str, proxy: str) -> tuple[AsyncCall, Close]:
    return await _official(base, proxy, applied=True)


async def official_proxy_url_as_is(base: str, proxy: str) -> tuple[AsyncCall, Close]:
    return await _official(base, proxy, applied=False)


_OURS: dict[str, Any] = {"to": targets.TO, "from_": targets.FROM, "body": targets.BODY}

CLIENTS: dict[str, Factory] = {
    "twilio_sdk AsyncClient, HTTP_PROXY": ours_env_proxy,
    "official, proxy applied": official_proxy,
    "official, proxy_url= as is": official_proxy_url_as_is,
    "twilio_sdk on httpx.AsyncClient(proxy=)": ours_httpx_proxy,
    "twilio_sdk AsyncClient, direct": ours_direct,
}


def _cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def _measure(
    base: str, proxy: str, pid: int, total: int, concurrency: int, rounds: int
) -> dict[str, tuple[float, float, float]]:
    opened = {name: await factory(base, proxy) for name, factory in CLIENTS.items()}
    samples: dict[str, list[tuple[float, float, float]]] = {name: [] for name in CLIENTS}
    try:
        for call, _ in opened.values():  # warm up
            await _drive(call, concurrency * 4, concurrency)
        for round_ in range(rounds):
            names = list(opened) if round_ % 2 == 0 else list(opened)[::-1]
            for name in names:
                before = _cpu(pid)
                rate, cpu = await _drive(opened[name][0], total, concurrency)
                samples[name].append((rate, cpu, (_cpu(pid) - before) / total * 1e6))
    finally:
        for _, close in opened.values():
            await close()
    return {
        name: tuple(statistics.median(run[i] for run in runs) for i in range(3))  # type: ignore[misc]
        for name, runs in samples.items()
    }


def measure(
    base: str, total: int, concurrency: int, rounds: int
) -> dict[str, tuple[float, float, float]]:
    """Median (requests/s, client CPU µs/request, proxy CPU µs/request) per client."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bench._forward_proxy"], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    try:
        assert process.stdout is not None
        proxy = f"http://127.0.0.1:{process.stdout.readline().strip()}"
        return asyncio.run(_measure(base, proxy, process.pid, total, concurrency, rounds))
    finally:
        process.kill()
        process.wait()
