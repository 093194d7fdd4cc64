"""`nox -s bench`: per-call CPU, cold start and installed size, next to the official library.

Both clients use their default HTTP stacks against the same loopback server (a separate
process, so only client CPU is counted); only the host is redirected. Figures are ratios
twilio_sdk / official, measured in one run; lower is better.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ACCOUNT = "AC" + "a" * 32
ROOT = Path(__file__).resolve().parent.parent


class _LoopbackHosts:
    def __init__(self, base: str) -> None:
        self.base = base

    def url_for(self, host: str) -> str:
        return self.base


def our_client(base: str) -> Any:
    from twilio_sdk import Client

    client = Client(ACCOUNT, "token", max_retries=0)
    client._context.hosts = _LoopbackHosts(base)  # bench only: point every host at loopback
    return client


def official_client(base: str) -> Any:
    from twilio.http.http_client import TwilioHttpClient
    from twilio.rest import Client as OfficialClient

    class LoopbackHttp(TwilioHttpClient):  # type: ignore[misc]  # untyped official library
        def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
            url = base + url.split(".twilio.com", 1)[1]
            return super().request(method, url, *args, **kwargs)

    return OfficialClient(ACCOUNT, "token", http_client=LoopbackHttp())


def cpu_per_call(call: Callable[[], object], calls: int, rounds: int) -> float:
    """Best-of-rounds process CPU time per call, in microseconds."""
    for _ in range(50):
        call()
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        for _ in range(calls):
            call()
        best = min(best, (time.process_time() - start) / calls)
    return best * 1e6


COLD_START = {
    "twilio_sdk": "from twilio_sdk import Client; Client('{a}', 't').messages",
    "official": "from twilio.rest import Client; Client('{a}', 't').messages",
}


def cold_start_ms(code: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code.format(a=ACCOUNT)], check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


def installed_size(packages: list[str]) -> tuple[float, int]:
    total, files = 0, 0
    for name in packages:
        module = __import__(name)
        assert module.__file__ is not None
        for path in Path(module.__file__).parent.rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                total += path.stat().st_size
                files += 1
    return total / 1e6, files


def main() -> None:
    server = subprocess.Popen(
        [sys.executable, "-m", "bench._server"], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    try:
        assert server.stdout is not None
        base = f"http://127.0.0.1:{server.stdout.readline().strip()}"
        ours, theirs = our_client(base), official_client(base)
        kwargs = {"to": "+15558675310", "from_": "+15017122661", "body": "Hi"}
        print("messages.create, client CPU per call (best of 5 x 300):")
        official_us = cpu_per_call(lambda: theirs.messages.create(**kwargs), 300, 5)
        ours_us = cpu_per_call(lambda: ours.messages.create(**kwargs), 300, 5)
        print(
            f"  official   {official_us:8.0f} µs\n  twilio_sdk {ours_us:8.0f} µs"
            f"   ratio {ours_us / official_us:.2f}"
        )
    finally:
        server.kill()
    print("cold start: import + client + first resource (median of 7 processes):")
    official_ms = cold_start_ms(COLD_START["official"], 7)
    ours_ms = cold_start_ms(COLD_START["twilio_sdk"], 7)
    print(
        f"  official   {official_ms:8.0f} ms\n  twilio_sdk {ours_ms:8.0f} ms"
        f"   ratio {ours_ms / official_ms:.2f}"
    )
    official_mb, official_files = installed_size(["twilio"])
    ours_mb, ours_files = installed_size(["twilio_sdk", "twilio_sdk_generated"])
    print("installed size (package files, no __pycache__):")
    print(
        f"  official   {official_mb:8.1f} MB {official_files:5d} files\n"
        f"  twilio_sdk {ours_mb:8.1f} MB {ours_files:5d} files   ratio {ours_mb / official_mb:.2f}"
    )


if __name__ == "__main__":
    main()
