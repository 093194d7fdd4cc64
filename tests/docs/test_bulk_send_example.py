"""examples/bulk_send_rate_limited.py, run as a user runs it, against its local rate-limiting
stand-in for Twilio."""

from __future__ import annotations

import asyncio
import importlib.util
import io
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import httpx

from twilio_sdk import AsyncClient, RateLimitError

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "bulk_send_rate_limited.py"


def load_example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bulk_send_rate_limited", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bulk_send_rate_limited"] = module  # dataclasses look the module up
    spec.loader.exec_module(module)
    return module


def test_the_demo_sends_every_message_once_through_429s() -> None:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(ROOT / "generated")])
    result = subprocess.run(
        [sys.executable, "-W", "error::ResourceWarning", str(EXAMPLE), "--demo", "60",
         "--concurrency", "8", "--retry-after", "0"],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    # Every 5th request is refused with a 429: 74 requests deliver 60 messages, 14 waits.
    assert "60/60 done: 60 sent, 0 failed, 14 rate-limit waits" in result.stdout
    assert "server: 74 requests, 60 messages created, each recipient exactly once: True" in (
        result.stdout
    )
    progress = result.stderr.replace("\r", "\n").strip().splitlines()
    assert progress and progress[-1].startswith("60/60 done")  # shown while it ran


def test_recipients_still_refused_after_the_retries_are_reported_not_raised() -> None:
    bulk = load_example()

    async def run() -> tuple[object, int]:
        report = bulk.Report()
        async with bulk.RateLimitedTwilio(reject_every=1, retry_after="0") as twilio:
            http = httpx.AsyncClient(transport=bulk.ToLoopback(twilio.port))
            async with AsyncClient(
                "AC" + "0" * 32, "t", http_client=http, max_retries=2, on_retry=report.on_retry
            ) as client:
                await bulk.send_all(
                    client, ["+1", "+2", "+3"], from_="+9", body="x", report=report,
                    concurrency=2, progress=io.StringIO(),
                )  # fmt: skip
            await http.aclose()
        return report, twilio.requests

    report, requests = asyncio.run(run())
    assert report.sent == 0
    assert sorted(to for to, _ in report.failed) == ["+1", "+2", "+3"]
    assert all(isinstance(error, RateLimitError) for _, error in report.failed)
    assert report.rate_limited == 6  # two waits per recipient, then it gives up
    assert requests == 9
