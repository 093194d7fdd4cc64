"""An `AsyncClient`'s generated classes take their methods from their `Client` twins
(`@_variants.same_arguments`): every method that sends has the twin's parameters and
documentation, is awaitable (or, `stream`, an async iterator), and sends the twin's request."""

from __future__ import annotations

import asyncio
import inspect
from typing import Any

import httpx
from official_values import generated_operations

from twilio_sdk import AsyncClient, Client

ACCOUNT = "AC" + "1" * 32


def _twins() -> list[tuple[type, type]]:
    modules = {module for module, _, _ in generated_operations()}
    pairs = []
    for module in modules:
        for name, cls in vars(module).items():
            twin = vars(module).get("Async" + name)
            if isinstance(cls, type) and cls.__module__ == module.__name__ and twin is not None:
                pairs.append((cls, twin))
    return pairs


# What a method that sends calls on its resource (or, on a record, on its `_context`).
_SENDS = ("._request(", "self._page(", "self._list(", "self._stream(", "self._get_page(")


def _sending(cls: type) -> list[str]:
    """The methods a sync class writes out in full (not variant stubs, not navigation)."""
    return [
        name
        for name, member in vars(cls).items()
        if inspect.isfunction(member)
        and not hasattr(member, "__wrapped__")
        and any(call in inspect.getsource(member) for call in _SENDS)
    ]


def test_every_async_method_has_its_twins_parameters_and_documentation() -> None:
    pairs = _twins()
    assert len(pairs) > 1500
    checked = 0
    for cls, twin in pairs:
        for name in _sending(cls):
            where = f"{twin.__module__}.{twin.__qualname__}.{name}"
            sync_method, async_method = getattr(cls, name), getattr(twin, name)
            assert async_method is not sync_method, where
            sync_sig, async_sig = inspect.signature(sync_method), inspect.signature(async_method)
            assert list(async_sig.parameters.values()) == list(sync_sig.parameters.values()), where
            assert async_method.__doc__ == sync_method.__doc__, where
            assert async_method.__name__ == name and async_method.__qualname__.startswith(
                twin.__qualname__ + "."
            ), where
            assert inspect.iscoroutinefunction(async_method) == (name != "stream"), where
            checked += 1
    # Lists, contexts and records: every sending method of the AsyncClient surface.
    assert checked > 3700


def _recorded(requests: list[httpx.Request]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        if request.method == "GET" and request.url.path.endswith("/Messages.json"):
            return httpx.Response(200, json={"messages": [{"sid": "SM1"}], "meta": {}})
        return httpx.Response(200, json={"sid": "SM1", "body": "hi"})

    return httpx.MockTransport(handler)


def test_an_async_call_sends_what_its_sync_twin_sends() -> None:
    asyncio.run(_send_both())


async def _send_both() -> None:
    sent: dict[str, list[httpx.Request]] = {"sync": [], "async": []}
    client = Client(ACCOUNT, "token", http_client=httpx.Client(transport=_recorded(sent["sync"])))
    aclient = AsyncClient(
        ACCOUNT, "token", http_client=httpx.AsyncClient(transport=_recorded(sent["async"]))
    )
    kwargs: dict[str, Any] = {"to": "+15558675310", "from_": "+15017122661", "body": "hi"}

    record = client.messages.create(**kwargs)
    client.messages.list(to="+15558675310", limit=1)
    record.update(body="")
    arecord = await aclient.messages.create(**kwargs)
    await aclient.messages.list(to="+15558675310", limit=1)
    await arecord.update(body="")
    assert [r async for r in aclient.messages.stream(limit=1)][0].sid == "SM1"
    assert type(arecord).__name__ == "Async" + type(record).__name__

    def wire(requests: list[httpx.Request]) -> list[tuple[str, str, bytes]]:
        return [(r.method, str(r.url), r.content) for r in requests]

    assert len(sent["async"]) == 4
    assert wire(sent["async"])[:3] == wire(sent["sync"])
    await aclient.aclose()
    client.close()
