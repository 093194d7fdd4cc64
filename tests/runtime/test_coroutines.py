"""twilio_sdk._coroutines: one coroutine function serving sync and async callers."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest

from twilio_sdk._coroutines import ready, run_sync
from twilio_sdk._errors import ClientStateError


async def _twice(get: Callable[[int], Awaitable[int]]) -> list[int]:
    return [await get(1), await get(2)]


def test_run_sync_drives_ready_io_in_this_thread() -> None:
    calls: list[int] = []

    def get(n: int) -> int:
        calls.append(n)
        return n * 10

    assert run_sync(_twice(ready(get))) == [10, 20]
    assert calls == [1, 2]


def test_the_same_coroutine_function_serves_async_io() -> None:
    async def get(n: int) -> int:
        await asyncio.sleep(0)
        return n * 10

    assert asyncio.run(_twice(get)) == [10, 20]


def test_exceptions_propagate() -> None:
    def fail(n: int) -> int:
        raise LookupError(n)

    with pytest.raises(LookupError):
        run_sync(_twice(ready(fail)))


def test_a_coroutine_that_suspends_is_refused_and_closed() -> None:
    closed: list[bool] = []

    async def suspends() -> int:
        try:
            await asyncio.sleep(0)  # real async I/O: needs an event loop
        finally:
            closed.append(True)
        return 1

    with pytest.raises(ClientStateError, match="suspended"):
        run_sync(suspends())
    assert closed == [True]
