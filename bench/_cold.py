"""Cold start: a fresh interpreter imports the client, creates it and sends one call.

Each figure is the wall time of fresh processes, run interleaved; the caller reports the median
and the best run (noise on a shared machine only ever adds time, so the best run is the least
disturbed one). Both packages are
byte-compiled first, as an installer leaves them. `import httpx, httpcore` alone is measured
too: httpx's stack (httpx imports httpcore when its transport is made), inside ours, not ours.
"""

from __future__ import annotations

import compileall
import os
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
    "import httpx, httpcore": "import httpx, httpcore",
}


def compile_packages() -> None:
    """Write the .pyc files an installer would (a source tree may have none)."""
    import twilio_sdk_generated

    import twilio_sdk

    for package in (twilio_sdk, twilio_sdk_generated):
        assert package.__file__ is not None
        compileall.compile_dir(Path(package.__file__).parent, quiet=1, workers=0)


def measure(base: str, runs: int) -> dict[str, list[float]]:
    """Milliseconds per fresh process, per script, one sample per run."""
    compile_packages()
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT), str(ROOT / "generated"), env.get("PYTHONPATH", "")]
    )
    times: dict[str, list[float]] = {name: [] for name in SCRIPTS}
    for script in SCRIPTS.values():  # warm the OS caches once
        subprocess.run([sys.executable, "-c", script, base], check=True, env=env)
    for _ in range(runs):
        for name, script in SCRIPTS.items():
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", script, base], check=True, env=env)
            times[name].append((time.perf_counter() - start) * 1e3)
    return times
