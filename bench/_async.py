"""Async throughput: N `messages.create` calls, C at a time, per client, rounds interleaved.

All clients run in one process and one event loop, one after the other within each round, so
a load spike on the machine hits every client alike; each figure is the median over rounds.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable

from ._targets import AsyncCall, Close

Factory = Callable[[str], Awaitable[tuple[AsyncCall, Close]]]


async def _drive(call: AsyncCall, total: int, concurrency: int) -> tuple[float, float]:
    """Run ``total`` calls with ``concurrency`` workers; (requests/s, CPU µs per request)."""
    remaining = total

    async def worker() -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            await call()

    wall, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return total / wall, cpu / total * 1e6


async def _measure(
    base: str, clients: dict[str, Factory], total: int, concurrency: int, rounds: int
) -> dict[str, tuple[float, float]]:
    opened = {name: await factory(base) for name, factory in clients.items()}
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in clients}
    try:
        for call, _ in opened.values():  # warm up: connections open, code paths hot
            await _drive(call, concurrency * 4, concurrency)
        for round_ in range(rounds):
            names = list(opened)
            if round_ % 2:
                names.reverse()  # no client always runs right after the same neighbour
            for name in names:
                samples[name].append(await _drive(opened[name][0], total, concurrency))
    finally:
        for _, close in opened.values():
            await close()
    return {
        name: (
            statistics.median(rate for rate, _ in runs),
            statistics.median(cpu for _, cpu in runs),
        )
        for name, runs in samples.items()
    }


def measure(
    base: str, clients: dict[str, Factory], total: int, concurrency: int, rounds: int
) -> dict[str, tuple[float, float]]:
    """Median (requests/s, client CPU µs per request) per client."""
    return asyncio.run(_measure(base, clients, total, concurrency, rounds))
