"""The webhook listener under a real server: `WebhookApp` next to what users write today.

Two uvicorn servers on loopback, each in its own process:

- ``ours``: ``WebhookApp`` with one handler for ``IncomingMessage`` replying with our TwiML;
- ``baseline``: a Starlette endpoint that checks ``X-Twilio-Signature`` with the official
  library's ``RequestValidator`` and replies with the official ``MessagingResponse`` (the form
  is parsed from the body with ``parse_qsl``; ``request.form()`` would need python-multipart,
  whose pure-Python parser is slower).

The same traffic goes to both, 50 requests at a time, rounds interleaved: signed incoming-SMS
form requests, 12% of them bad (wrong or missing signatures, JSON and non-UTF-8 bodies, 3 MB
bodies). A good request must get 200 with the reply, a bad one 403, 400 or 413; anything else
(a 5xx, a bad request accepted) is a wrong answer. Each figure is the median over rounds of
requests per second and of the server process's CPU per request (from /proc), the steadier of
the two on a shared machine.

    python -m bench listener            # as a section of the bench
    python -m bench._listener serve ours|baseline   # one server (prints its port)
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final
from urllib.parse import parse_qsl, urlencode

TOKEN = "12345678901234567890123456789012"
ACCOUNT = "AC" + "a1" * 16
PATH = "/sms"
SMS: dict[str, str] = {
    "ToCountry": "US",
    "ToState": "CA",
    "SmsMessageSid": "SM" + "c3" * 16,
    "NumMedia": "0",
    "ToCity": "SAN BRUNO",
    "FromZip": "94105",
    "SmsSid": "SM" + "c3" * 16,
    "FromState": "CA",
    "SmsStatus": "received",
    "FromCity": "SAN FRANCISCO",
    "Body": "Hello & welcome 👋 = yes?",
    "FromCountry": "US",
    "To": "+15558675310",
    "MessagingServiceSid": "MG" + "e5" * 16,
    "ToZip": "94066",
    "NumSegments": "1",
    "MessageSid": "SM" + "c3" * 16,
    "AccountSid": ACCOUNT,
    "From": "+15017122661",
    "ApiVersion": "2010-04-01",
}
ROOT = Path(__file__).resolve().parent.parent
_CONTENT_LENGTH = re.compile(rb"\r\ncontent-length:\s*(\d+)", re.IGNORECASE)
LABELS: dict[str, str] = {
    "ours": "twilio_sdk WebhookApp",
    "baseline": "Starlette + official validator",
}


# -- the two apps -----------------------------------------------------------------------


def ours_app() -> Any:
    from twilio_sdk.twiml.messaging_response import MessagingResponse
    from twilio_sdk.webhooks import WebhookApp, events

    app = WebhookApp(TOKEN)

    @app.on(events.IncomingMessage)
    async def reply(event: events.IncomingMessage) -> MessagingResponse:  # as the baseline's
        response = MessagingResponse()
        response.message(f"Got {event.body} from {event.from_}")
        return response

    return app


def baseline_app() -> Any:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import PlainTextResponse, Response
    from starlette.routing import Route
    from twilio.request_validator import RequestValidator
    from twilio.twiml.messaging_response import MessagingResponse

    validator = RequestValidator(TOKEN)

    async def sms(request: Request) -> Response:
        body = await request.body()
        try:
            form = dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
        except UnicodeDecodeError:
            return PlainTextResponse("Bad Request", status_code=400)
        signature = request.headers.get("X-Twilio-Signature", "")
        if not validator.validate(str(request.url), form, signature):
            return PlainTextResponse("Forbidden", status_code=403)
        response = MessagingResponse()
        response.message(f"Got {form.get('Body')} from {form.get('From')}")
        return Response(str(response), media_type="application/xml")

    return Starlette(routes=[Route(PATH, sms, methods=["POST"])])


def serve(which: str) -> None:
    import uvicorn

    app = ours_app() if which == "ours" else baseline_app()
    # IPPROTO_TCP, as uvicorn's own bind has it: asyncio sets TCP_NODELAY on accepted
    # connections only when the listening socket's proto says TCP; with proto 0 every response
    # waits ~40 ms for the client's delayed ACK (Nagle), which capped both apps near 1,000 req/s.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    print(sock.getsockname()[1], flush=True)
    config = uvicorn.Config(app, log_level="error", access_log=False, lifespan="off")
    uvicorn.Server(config).run(sockets=[sock])


# -- the traffic ------------------------------------------------------------------------


@dataclass
class Hook:
    body: bytes
    headers: dict[str, str]
    good: bool
    expect: str = ""


def traffic(url: str, total: int) -> list[Hook]:
    """``total`` requests to ``url``, 12 in every 100 bad, signed as Twilio signs them."""
    from twilio.request_validator import RequestValidator

    official = RequestValidator(TOKEN)
    form = "application/x-www-form-urlencoded"
    requests: list[Hook] = []
    for i in range(total):
        params = dict(SMS, Body=f"message {i} & more", MessageSid=f"SM{i:032d}")
        body = urlencode(params).encode()
        signature = official.compute_signature(url, params)
        kind = i % 100
        if kind < 88:
            expect = f"Got message {i} &amp; more from +15017122661"
            requests.append(
                Hook(body, {"Content-Type": form, "X-Twilio-Signature": signature}, True, expect)
            )
        elif kind < 92:  # signed by someone else
            wrong = RequestValidator("0" * 32).compute_signature(url, params)
            requests.append(Hook(body, {"Content-Type": form, "X-Twilio-Signature": wrong}, False))
        elif kind < 96:  # no signature
            requests.append(Hook(body, {"Content-Type": form}, False))
        elif kind < 98:  # a JSON body, with a form request's signature
            requests.append(
                Hook(
                    json.dumps(params).encode(),
                    {"Content-Type": "application/json", "X-Twilio-Signature": signature},
                    False,
                )
            )
        elif kind < 99:  # not UTF-8
            requests.append(
                Hook(
                    b"Body=\xff\xfe" + body,
                    {"Content-Type": form, "X-Twilio-Signature": signature},
                    False,
                )
            )
        else:  # 3 MB
            big = body + b"&Pad=" + b"x" * (3 * 1024 * 1024)
            requests.append(
                Hook(big, {"Content-Type": form, "X-Twilio-Signature": signature}, False)
            )
    return requests


# -- the driver -------------------------------------------------------------------------


@dataclass
class Server:
    name: str
    process: subprocess.Popen[str]
    url: str
    requests: list[Hook] = field(default_factory=list)
    wire: list[bytes] = field(default_factory=list)

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _wire(server: Server, request: Hook) -> bytes:
    """The request's bytes on the wire (made once: the client should cost little)."""
    host = server.url.split("/")[2]
    head = f"POST {PATH} HTTP/1.1\r\nHost: {host}\r\nContent-Length: {len(request.body)}\r\n"
    head += "".join(f"{name}: {value}\r\n" for name, value in request.headers.items())
    return (head + "\r\n").encode("utf-8") + request.body


async def _round(server: Server, concurrency: int) -> tuple[float, float, int]:
    """One pass over the server's requests: (requests/s, server CPU µs/request, wrong answers).

    The client is a minimal HTTP/1.1 one over keep-alive connections, far cheaper per request
    than the servers, so that on a shared machine the servers set the pace."""
    host, port = server.url.split("/")[2].split(":")
    queue = iter(zip(server.requests, server.wire, strict=True))
    wrong = 0

    async def worker() -> None:
        nonlocal wrong
        reader, writer = await asyncio.open_connection(host, int(port))
        try:
            for request, data in queue:
                writer.write(data)
                head = await reader.readuntil(b"\r\n\r\n")
                status = int(head[9:12])
                match = _CONTENT_LENGTH.search(head)
                body = await reader.readexactly(int(match.group(1))) if match else b""
                if request.good:
                    ok = status == 200 and request.expect.encode() in body
                else:
                    ok = status in (400, 403, 413)
                wrong += not ok
                if b"connection: close" in head.lower():
                    writer.close()
                    reader, writer = await asyncio.open_connection(host, int(port))
        finally:
            writer.close()

    cpu, wall = server.cpu_seconds(), time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    wall, cpu = time.perf_counter() - wall, server.cpu_seconds() - cpu
    total = len(server.requests)
    return total / wall, cpu / total * 1e6, wrong


async def _measure(servers: list[Server], concurrency: int, rounds: int) -> Results:
    samples: dict[str, list[tuple[float, float, int]]] = {s.name: [] for s in servers}
    for server in servers:  # warm up
        warm = Server(server.name, server.process, server.url, server.requests[:200])
        warm.wire = server.wire[:200]
        await _round(warm, concurrency)
    for round_ in range(rounds):
        order = servers if round_ % 2 == 0 else servers[::-1]
        for server in order:
            samples[server.name].append(await _round(server, concurrency))
    return Results(
        {
            name: (
                statistics.median(s[0] for s in runs),
                statistics.median(s[1] for s in runs),
                sum(s[2] for s in runs),
            )
            for name, runs in samples.items()
        },
        samples,
    )


@dataclass
class Results:
    """Per server: median req/s, median server CPU µs/req, wrong answers; and every round."""

    medians: dict[str, tuple[float, float, int]]
    rounds: dict[str, list[tuple[float, float, int]]]

    def round_ratios(self, ours: str, other: str, index: int) -> list[float]:
        """Ours / other of figure ``index`` (0: req/s, 1: CPU) in each round (the two ran
        back to back, so a load spike on the machine hits both)."""
        pairs = zip(self.rounds[ours], self.rounds[other], strict=True)
        return [a[index] / b[index] for a, b in pairs]


# Where `nox -s bench` installs uvicorn and starlette (pip --target), outside its virtualenv:
# that one holds runtime dependencies only, as the cold start must see them (uvicorn brings
# click, which `import httpx` imports when it can). Unset: they are in the interpreter's own.
SERVER_PATH_VARIABLE: Final = "BENCH_SERVER_PATH"


def _start(name: str) -> Server:
    env = dict(os.environ)
    extra = env.get(SERVER_PATH_VARIABLE)
    if extra:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [extra, env.get("PYTHONPATH")]))
    process = subprocess.Popen(
        [sys.executable, "-m", "bench._listener", "serve", name],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,  # WebhookApp logs each rejection (a warning per bad request)
        text=True,
        cwd=ROOT,
        env=env,
    )
    assert process.stdout is not None
    port = int(process.stdout.readline())
    return Server(name, process, f"http://127.0.0.1:{port}{PATH}")


def measure(total: int, concurrency: int, rounds: int) -> Results:
    """Median (requests/s, server CPU µs per request) and the wrong answers, per server."""
    servers = [_start("ours"), _start("baseline")]
    try:
        for server in servers:
            server.requests = traffic(server.url, total)
            server.wire = [_wire(server, request) for request in server.requests]
        return asyncio.run(_measure(servers, concurrency, rounds))
    finally:
        for server in servers:
            server.process.kill()
            server.process.wait()


def main(argv: list[str]) -> None:
    if argv[:1] == ["serve"]:
        serve(argv[1])
        return
    quick = "--quick" in argv
    total, concurrency, rounds = 3000, 50, 3 if quick else 7
    results = measure(total, concurrency, rounds).medians
    for name, (rate, cpu, wrong) in results.items():
        print(f"  {LABELS[name]:<34} {rate:8.0f} req/s {cpu:8.0f} µs server CPU/req  {wrong} wrong")


if __name__ == "__main__":
    main(sys.argv[1:])
