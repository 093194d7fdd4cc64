"""`nox -s bench`: twilio_sdk next to the official library and the raw HTTP clients, one run.

Every client sends the same `messages.create` to the same loopback server (bench/_server.py, a
separate process answering from canned bytes, so only client work is measured); only the host
is redirected. Rounds are interleaved and figures are medians; ratios are twilio_sdk / other.

    python -m bench                 # everything (about two and a half minutes)
    python -m bench async sync      # sections: async proxy sync cold stream listener size
    python -m bench --quick         # fewer rounds

The machine is shared and noisy: compare the ratios within one run, not figures across runs.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
from pathlib import Path

from . import _async, _cold, _listener, _proxied, _stream, _sync
from . import _targets as targets

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = ("async", "proxy", "sync", "cold", "stream", "listener", "size")


def _ratio_line(label: str, ours: float, other: float, goal: str) -> str:
    return f"  {label:<34} {ours / other:5.2f}   goal {goal}"


def bench_async(base: str, quick: bool) -> None:
    total, concurrency, rounds = 1500, 50, 3 if quick else 11
    print(
        f"\nasync throughput: {total} messages.create, {concurrency} at a time, "
        f"median of {rounds} interleaved rounds"
    )
    results = _async.measure(
        base,
        {
            "twilio_sdk AsyncClient": targets.ours_async,
            "twilio_sdk Client.create_async": targets.ours_client_create_async,
            "official create_async (aiohttp)": targets.official_async,
            "raw aiohttp": targets.raw_aiohttp,
            "twilio_sdk on httpx.AsyncClient": targets.ours_async_httpcore,
            "twilio_sdk pipeline alone": targets.ours_async_pipeline,
        },
        total,
        concurrency,
        rounds,
    )
    for name, (rate, cpu) in results.items():
        print(f"  {name:<34} {rate:8.0f} req/s {cpu:8.0f} µs CPU/req")
    ours = results["twilio_sdk AsyncClient"][0]
    official = results["official create_async (aiohttp)"][0]
    print(_ratio_line("req/s vs official", ours, official, ">= 1.0"))
    same_call = results["twilio_sdk Client.create_async"][0]
    print(_ratio_line("Client.create_async req/s vs official", same_call, official, ">= 1.0"))
    print(_ratio_line("req/s vs raw aiohttp", ours, results["raw aiohttp"][0], ">= 0.9"))
    # The client is CPU-bound here, so throughput follows CPU per request; on a shared
    # machine the CPU figures are the steadier of the two.
    ours_cpu = results["twilio_sdk AsyncClient"][1]
    official_cpu = results["official create_async (aiohttp)"][1]
    print(_ratio_line("CPU/req vs official", ours_cpu, official_cpu, "<= 1.0"))
    print(_ratio_line("CPU/req vs raw aiohttp", ours_cpu, results["raw aiohttp"][1], "<= 1.11"))


def bench_proxy(base: str, quick: bool) -> None:
    total, concurrency, rounds = 1500, 50, 3 if quick else 7
    print(
        f"\nasync throughput behind a forward proxy on loopback (its own process): {total} "
        f"messages.create, {concurrency} at a time, median of {rounds} interleaved rounds"
    )
    results = _proxied.measure(base, total, concurrency, rounds)
    for name, (rate, cpu, proxy_cpu) in results.items():
        print(f"  {name:<40} {rate:7.0f} req/s {cpu:6.0f} µs CPU/req {proxy_cpu:6.0f} µs proxy")
    ours = results["twilio_sdk AsyncClient, HTTP_PROXY"]
    official = results["official, proxy applied"]
    print(_ratio_line("req/s vs official behind the proxy", ours[0], official[0], ">= 1.0"))
    print(_ratio_line("CPU/req vs official behind the proxy", ours[1], official[1], "<= 1.0"))
    direct = results["twilio_sdk AsyncClient, direct"]
    print(_ratio_line("client CPU/req vs ours direct", ours[1], direct[1], "close to 1"))
    before = results["twilio_sdk on httpx.AsyncClient(proxy=)"]
    print(_ratio_line("req/s vs ours on httpx (before)", ours[0], before[0], "-"))


def bench_sync(base: str, quick: bool) -> None:
    calls, rounds = 300, 3 if quick else 11
    print(
        f"\nsync messages.create, client CPU per call: median of {rounds} interleaved "
        f"rounds of {calls}"
    )
    results = _sync.measure(
        base,
        {
            "twilio_sdk Client": targets.ours_sync,
            "official Client": targets.official_sync,
            "raw httpx.Client": targets.raw_httpx,
        },
        calls,
        rounds,
    )
    for name, cpu in results.items():
        print(f"  {name:<34} {cpu:8.0f} µs")
    ours = results["twilio_sdk Client"]
    print(_ratio_line("CPU vs official", ours, results["official Client"], "<= 0.5"))
    print(_ratio_line("CPU vs raw httpx", ours, results["raw httpx.Client"], "<= 1.1"))


def bench_cold(base: str, quick: bool) -> None:
    runs = 7 if quick else 21
    print(
        f"\ncold start: fresh process, import + client + first messages.create "
        f"(median and best of {runs})"
    )
    samples = _cold.measure(base, runs)
    median = {name: statistics.median(values) for name, values in samples.items()}
    best = {name: min(values) for name, values in samples.items()}
    for name in samples:
        print(f"  {name:<34} {median[name]:8.0f} ms   best {best[name]:5.0f} ms")
    ours, official = median["twilio_sdk"], median["official"]
    stack_ms = median["import httpcore"]
    print(_ratio_line("vs official", ours, official, "<= 0.8"))
    print(_ratio_line("vs official, best runs", best["twilio_sdk"], best["official"], "-"))
    print(f"  {'of which httpcore import':<34} {stack_ms / ours:5.2f} of ours")
    print(_ratio_line("vs official, without httpcore's import", ours - stack_ms, official, "-"))
    steps, imported_httpx = _cold.breakdown(base, runs)
    print(f"  steps of ours, in-process (median of {runs}; the SDK's own are the last four):")
    for label, ms in steps.items():
        print(f"    {label:<36} {ms:6.1f} ms")
    own = sum(list(steps.values())[-4:])
    label = "the SDK's own, in all"
    print(f"    {label:<36} {own:6.1f} ms = {own / official:.2f} of official")
    print(f"    {'httpx imported':<36} {'yes (goal: no)' if imported_httpx else 'no'}")


def bench_stream(base: str, quick: bool) -> None:
    sizes = (1_000, 10_000) if quick else (1_000, 10_000, 50_000)
    largest = sizes[-1]
    print("\nstreaming memory: peak traced MB while reading N messages, 1,000 a page")
    rows = [("twilio_sdk", "stream", size) for size in sizes]
    rows += [("twilio_sdk", "list", largest), ("official", "stream", largest)]
    for client, mode, size in rows:
        mb = _stream.peak_mb(base, client, mode, size)
        label = f"{client} {mode}(), N = {size:,}"
        note = "   (list() holds all N: the measure sees growth)" if mode == "list" else ""
        print(f"  {label:<34} {mb:8.1f} MB{note}")


def bench_listener(quick: bool) -> None:
    total, concurrency, rounds = 3000, 50, 3 if quick else 7
    print(
        f"\nwebhook listener under uvicorn: {total} signed incoming-SMS requests (12% bad) a "
        f"round, {concurrency} at a time, median of {rounds} interleaved rounds"
    )
    results = _listener.measure(total, concurrency, rounds)
    for name, (rate, cpu, wrong) in results.medians.items():
        label = _listener.LABELS[name]
        print(f"  {label:<34} {rate:8.0f} req/s {cpu:8.0f} µs server CPU/req  {wrong} wrong")
    for index, label, goal in ((0, "req/s", ">= 1.2"), (1, "server CPU/req", "<= 0.83")):
        ratios = results.round_ratios("ours", "baseline", index)
        spread = f"(rounds {min(ratios):.2f}-{max(ratios):.2f})"
        print(
            f"  {label + ' vs Starlette + official':<34} {statistics.median(ratios):5.2f}   "
            f"goal {goal}   {spread}"
        )


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


def bench_size() -> None:
    official_mb, official_files = installed_size(["twilio"])
    ours_mb, ours_files = installed_size(["twilio_sdk", "twilio_sdk_generated"])
    print("\ninstalled size (package files, no __pycache__):")
    print(f"  {'official':<34} {official_mb:8.1f} MB {official_files:5d} files")
    ratio = ours_mb / official_mb
    print(f"  {'twilio_sdk':<34} {ours_mb:8.1f} MB {ours_files:5d} files   ratio {ratio:.2f}")


def main(argv: list[str]) -> None:
    quick = "--quick" in argv
    wanted = [arg for arg in argv if not arg.startswith("-")] or list(SECTIONS)
    unknown = set(wanted) - set(SECTIONS)
    if unknown:
        raise SystemExit(f"unknown sections {sorted(unknown)}; choose from {SECTIONS}")
    server = subprocess.Popen(
        [sys.executable, "-m", "bench._server"], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    try:
        assert server.stdout is not None
        base = f"http://127.0.0.1:{server.stdout.readline().strip()}"
        print(f"loopback server {base}; Python {sys.version.split()[0]}; lower CPU is better")
        if "async" in wanted:
            bench_async(base, quick)
        if "proxy" in wanted:
            bench_proxy(base, quick)
        if "sync" in wanted:
            bench_sync(base, quick)
        if "cold" in wanted:
            bench_cold(base, quick)
        if "stream" in wanted:
            bench_stream(base, quick)
        if "listener" in wanted:
            bench_listener(quick)
    finally:
        server.kill()
        server.wait()
    if "size" in wanted:
        bench_size()


if __name__ == "__main__":
    main(sys.argv[1:])
