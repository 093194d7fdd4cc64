"""Cold start: a fresh interpreter imports the client, creates it and sends one call.

Each figure is the wall time of fresh processes, run interleaved; the caller reports the median
and the best run (noise on a shared machine only ever adds time, so the best run is the least
disturbed one). Both packages are byte-compiled first, as an installer leaves them.
`import httpcore` alone is measured too: the HTTP stack inside ours, not ours (the sync client
sends through httpcore's pool and never imports httpx). `breakdown()` times the steps of our
start inside fresh processes, so what is the SDK's own (its imports, the client, the first call)
shows apart from the libraries it imports, and says whether httpx was imported after all.
"""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from ._targets import ACCOUNT, KWARGS, TOKEN

ROOT = Path(__file__).resolve().parent.parent

_CALL = f"client.messages.create(**{KWARGS!r})"
SCRIPTS = {
    "twilio_sdk": f"""
import sys
from twilio_sdk import Client
client = Client({ACCOUNT!r}, {TOKEN!r})
class Hosts:
    def url_for(self, host): return sys.argv[1]
client._context.hosts = Hosts()
{_CALL}
""",
    "official": f"""
import sys
from twilio.rest import Client
from twilio.http.http_client import TwilioHttpClient
class Http(TwilioHttpClient):
    def request(self, method, url, *args, **kwargs):
        url = sys.argv[1] + url.split(".twilio.com", 1)[1]
        return super().request(method, url, *args, **kwargs)
client = Client({ACCOUNT!r}, {TOKEN!r}, http_client=Http())
{_CALL}
""",
    "import httpcore": "import httpcore",
}


def compile_packages() -> None:
    """Write the .pyc files an installer would (a source tree may have none)."""
    import twilio_sdk_generated

    import twilio_sdk

    for package in (twilio_sdk, twilio_sdk_generated):
        assert package.__file__ is not None
        compileall.compile_dir(Path(package.__file__).parent, quiet=1, workers=0)


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT), str(ROOT / "generated"), env.get("PYTHONPATH", "")]
    )
    return env


def measure(base: str, runs: int) -> dict[str, list[float]]:
    """Milliseconds per fresh process, per script, one sample per run."""
    compile_packages()
    env = _environment()
    times: dict[str, list[float]] = {name: [] for name in SCRIPTS}
    for script in SCRIPTS.values():  # warm the OS caches once
        subprocess.run([sys.executable, "-c", script, base], check=True, env=env)
    for _ in range(runs):
        for name, script in SCRIPTS.items():
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", script, base], check=True, env=env)
            times[name].append((time.perf_counter() - start) * 1e3)
    return times


# One fresh process per run; each step's time is the perf_counter delta after the one before.
_STEPS: tuple[tuple[str, str], ...] = (
    ("import httpcore (the sync pool)", "import httpcore"),
    ("import attrs (by the models)", "import attrs"),
    ("import twilio_sdk", "from twilio_sdk import Client"),
    ("Client()", f"client = Client({ACCOUNT!r}, {TOKEN!r})"),
    (
        "client.messages",
        "class Hosts:\n    def url_for(self, host): return sys.argv[1]\n"
        "client._context.hosts = Hosts()\nmessages = client.messages",
    ),
    ("first messages.create", f"messages.create(**{KWARGS!r})"),
)
_BREAKDOWN = (
    "import sys, time\nmarks = [time.perf_counter()]\n"
    + "".join(f"{code}\nmarks.append(time.perf_counter())\n" for _, code in _STEPS)
    + "print(' '.join(str(b - a) for a, b in zip(marks, marks[1:])), 'httpx' in sys.modules)\n"
)


def breakdown(base: str, runs: int) -> tuple[dict[str, float], bool]:
    """Median milliseconds of each step of our cold start, in fresh processes, and whether
    any of them imported httpx."""
    env = _environment()
    samples: list[list[float]] = []
    imported_httpx = False
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", _BREAKDOWN, base],
            check=True,
            env=env,
            capture_output=True,
            text=True,
        ).stdout.split()
        samples.append([float(value) * 1e3 for value in out[:-1]])
        imported_httpx |= out[-1] == "True"
    steps = {
        label: statistics.median(run[index] for run in samples)
        for index, (label, _) in enumerate(_STEPS)
    }
    return steps, imported_httpx
