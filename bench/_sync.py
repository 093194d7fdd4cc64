"""Sync per-call CPU: the same `messages.create` through each client, rounds interleaved."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from ._targets import SyncCall

SyncFactory = Callable[[str], tuple[SyncCall, Callable[[], None]]]


def _cpu_per_call(call: SyncCall, calls: int) -> float:
    start = time.process_time()
    for _ in range(calls):
        call()
    return (time.process_time() - start) / calls * 1e6


def measure(
    base: str, clients: dict[str, SyncFactory], calls: int, rounds: int
) -> dict[str, float]:
    """Median process CPU µs per call, per client (the server runs in another process)."""
    opened = {name: factory(base) for name, factory in clients.items()}
    samples: dict[str, list[float]] = {name: [] for name in clients}
    try:
        for call, _ in opened.values():
            _cpu_per_call(call, 50)  # warm up
        for round_ in range(rounds):
            names = list(opened)
            if round_ % 2:
                names.reverse()
            for name in names:
                samples[name].append(_cpu_per_call(opened[name][0], calls))
    finally:
        for _, close in opened.values():
            close()
    return {name: statistics.median(values) for name, values in samples.items()}
