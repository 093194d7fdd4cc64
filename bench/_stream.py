"""Streaming memory: the peak Python memory (tracemalloc) while streaming N messages.

Each run is a fresh process: the client is created and warmed up (one small call, so the code
it imports is not counted), then tracemalloc traces the stream of N records, 1,000 a page. A
stream that holds one page at a time peaks at the same figure for any N; `list()` keeps every
record and grows with N, which shows the measure can tell the difference.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from ._targets import ACCOUNT, TOKEN

ROOT = Path(__file__).resolve().parent.parent

_OURS = f"""
import json, sys, tracemalloc
from twilio_sdk import Client
client = Client({ACCOUNT!r}, {TOKEN!r})
class Hosts:
    def url_for(self, host): return sys.argv[1]
client._context.hosts = Hosts()
mode, n = sys.argv[2], int(sys.argv[3])
client.messages.list(limit=2)
tracemalloc.start()
if mode == "stream":
    count = sum(1 for _ in client.messages.stream(limit=n, page_size=1000))
else:
    count = len(client.messages.list(limit=n, page_size=1000))
peak = tracemalloc.get_traced_memory()[1]
print(json.dumps([count, peak]))
"""

_OFFICIAL = f"""
import json, sys, tracemalloc
from twilio.rest import Client
from twilio.http.http_client import TwilioHttpClient
class Http(TwilioHttpClient):
    def request(self, method, url, *args, **kwargs):
        url = sys.argv[1] + url.split(".twilio.com", 1)[1]
        return super().request(method, url, *args, **kwargs)
client = Client({ACCOUNT!r}, {TOKEN!r}, http_client=Http())
mode, n = sys.argv[2], int(sys.argv[3])
client.messages.list(limit=2)
tracemalloc.start()
count = sum(1 for _ in client.messages.stream(limit=n, page_size=1000))
peak = tracemalloc.get_traced_memory()[1]
print(json.dumps([count, peak]))
"""


def peak_mb(base: str, client: str, mode: str, records: int) -> float:
    """Peak traced MB while reading ``records`` messages (``mode``: stream or list)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT), str(ROOT / "generated"), env.get("PYTHONPATH", "")]
    )
    script = _OURS if client == "twilio_sdk" else _OFFICIAL
    output = subprocess.run(
        [sys.executable, "-c", script, base, mode, str(records)],
        check=True,
        env=env,
        capture_output=True,
        text=True,
    ).stdout
    count, peak = json.loads(output)
    if count != records:
        raise RuntimeError(f"{client} {mode} read {count} records, expected {records}")
    return float(peak) / 1e6
