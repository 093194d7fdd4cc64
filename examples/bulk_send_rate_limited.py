"""Send one message to many recipients with `AsyncClient`, a bounded number at a time.

- At most `--concurrency` requests are in flight (workers pull from one iterator, so a million
  recipients never become a million pending tasks).
- A 429 (Twilio's rate limit) is not an error here: the client's retry policy waits as the
  `Retry-After` header says and sends again, up to `max_retries`; `on_retry` counts the waits.
- A recipient that still fails is reported at the end; the others go on.
- Progress goes to stderr while it runs.

By default it runs offline: N messages (`--demo N`, 200) to a local stand-in for Twilio on
127.0.0.1 that rate-limits (every 5th request gets a 429 with `Retry-After: 1`); nothing leaves
the machine:

    python examples/bulk_send_rate_limited.py
    python examples/bulk_send_rate_limited.py --demo 2000 --concurrency 100

With `--live`, to real recipients (credentials from TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN):

    python examples/bulk_send_rate_limited.py --live --from +15017122661 --body "Hi" +1555...
    python examples/bulk_send_rate_limited.py --live --from +15017122661 --to-file numbers.txt
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TextIO

import httpx

from twilio_sdk import AsyncClient, RetryEvent, TwilioException


@dataclass
class Report:
    """What happened to a bulk send."""

    sent: int = 0
    rate_limited: int = 0  # 429s waited out by the retry policy
    other_retries: int = 0  # connection failures or 5xx retried
    failed: list[tuple[str, TwilioException]] = field(default_factory=list)
    seconds: float = 0.0

    def on_retry(self, event: RetryEvent) -> None:
        if event.status == 429:
            self.rate_limited += 1
        else:
            self.other_retries += 1

    def line(self, total: int | None = None) -> str:
        done = self.sent + len(self.failed)
        rate = done / self.seconds if self.seconds else 0.0
        of = f"/{total}" if total is not None else ""
        return (
            f"{done}{of} done: {self.sent} sent, {len(self.failed)} failed, "
            f"{self.rate_limited} rate-limit waits, {rate:.0f} msg/s"
        )


async def send_all(
    client: AsyncClient,
    recipients: Iterable[str],
    *,
    from_: str,
    body: str,
    report: Report,
    concurrency: int = 50,
    total: int | None = None,
    progress: TextIO | None = sys.stderr,
    progress_every: float = 0.5,
) -> Report:
    """Send `body` to every recipient, `concurrency` at a time; fill in and return `report`.

    `report.on_retry` must be the client's `on_retry` hook for the rate-limit count.
    """
    pending: Iterator[str] = iter(recipients)
    started = time.monotonic()
    last_shown = 0.0

    def show(final: bool = False) -> None:
        nonlocal last_shown
        report.seconds = time.monotonic() - started
        if progress is not None and (final or report.seconds - last_shown >= progress_every):
            last_shown = report.seconds
            progress.write("\r" + report.line(total) + ("\n" if final else ""))
            progress.flush()

    async def worker() -> None:
        for to in pending:  # shared iterator: each recipient is taken by exactly one worker
            try:
                await client.messages.create(to=to, from_=from_, body=body)
            except TwilioException as error:  # retries exhausted, or refused (bad number, ...)
                report.failed.append((to, error))
            else:
                report.sent += 1
            show()

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    show(final=True)
    return report


# --------------------------------------------------------------------------- offline demo


class RateLimitedTwilio:
    """A stand-in for Twilio's Messages endpoint on 127.0.0.1: answers every `reject_every`-th
    request with 429 and `Retry-After`, the others with 201 and a Message; records who got one.
    """

    def __init__(self, reject_every: int = 5, retry_after: str = "1") -> None:
        self.reject_every = reject_every
        self.retry_after = retry_after
        self.requests = 0
        self.created: list[str] = []
        self._server: asyncio.Server | None = None
        self._handlers: set[asyncio.Task[Any]] = set()
        self.port = 0

    async def __aenter__(self) -> RateLimitedTwilio:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()
        if self._handlers:  # connections the client closed end on their own; others are cut
            _, stuck = await asyncio.wait(self._handlers, timeout=1.0)
            for task in stuck:
                task.cancel()
        await self._server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._handlers.add(task)
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":", 1)[1])
                form = (await reader.readexactly(length)).decode()
                writer.write(self._answer(form))
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass  # the client closed the connection
        finally:
            writer.close()
            self._handlers.discard(task)

    def _answer(self, form: str) -> bytes:
        from urllib.parse import parse_qs

        self.requests += 1
        if self.requests % self.reject_every == 0:
            body = json.dumps({"code": 20429, "message": "Too Many Requests", "status": 429})
            return _http(429, body, f"Retry-After: {self.retry_after}\r\n")
        to = parse_qs(form)["To"][0]
        self.created.append(to)
        sid = f"SM{len(self.created):032d}"
        return _http(201, json.dumps({"sid": sid, "to": to, "status": "queued"}))


def _http(status: int, body: str, extra: str = "") -> bytes:
    data = body.encode()
    return (
        f"HTTP/1.1 {status} {'Created' if status == 201 else 'Too Many Requests'}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n{extra}\r\n"
    ).encode() + data


class ToLoopback(httpx.AsyncBaseTransport):
    """Sends every request to 127.0.0.1:port instead of Twilio (the demo's only trick)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.inner = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        request.url = request.url.copy_with(scheme="http", host="127.0.0.1", port=self.port)
        request.headers["Host"] = f"127.0.0.1:{self.port}"
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


async def demo(count: int, concurrency: int, retry_after: str, progress: TextIO | None) -> int:
    numbers = [f"+1555{n:07d}" for n in range(count)]
    report = Report()
    async with RateLimitedTwilio(retry_after=retry_after) as twilio:
        loopback = httpx.AsyncClient(transport=ToLoopback(twilio.port))
        async with AsyncClient(
            "AC" + "0" * 32,
            "demo-token",
            http_client=loopback,
            max_retries=5,
            on_retry=report.on_retry,
        ) as client:
            await send_all(
                client,
                numbers,
                from_="+15017122661",
                body="Hello from the demo",
                report=report,
                concurrency=concurrency,
                total=count,
                progress=progress,
            )
        await loopback.aclose()
    delivered_once = sorted(twilio.created) == numbers
    print(report.line(count))
    print(
        f"server: {twilio.requests} requests, {len(twilio.created)} messages created, "
        f"each recipient exactly once: {delivered_once}"
    )
    return 0 if delivered_once and not report.failed else 1


async def send_for_real(args: argparse.Namespace) -> int:
    recipients: Iterable[str] = args.to
    total: int | None = len(args.to)
    if args.to_file:
        recipients = itertools.chain(recipients, _lines(args.to_file))
        total = None
    report = Report()
    async with AsyncClient(max_retries=5, on_retry=report.on_retry) as client:
        await send_all(
            client,
            recipients,
            from_=args.from_,
            body=args.body,
            report=report,
            concurrency=args.concurrency,
            total=total,
        )
    for to, error in report.failed:
        print(f"failed: {to}: {error}", file=sys.stderr)
    print(report.line(total))
    return 1 if report.failed else 0


def _lines(path: str) -> Iterator[str]:
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield line.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("to", nargs="*", help="recipients (E.164)")
    parser.add_argument("--to-file", help="a file of recipients, one a line")
    parser.add_argument("--from", dest="from_", help="your Twilio number")
    parser.add_argument("--body", default="Hello from twilio_sdk")
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--live", action="store_true", help="send for real (your account)")
    parser.add_argument("--demo", type=int, default=200, metavar="N", help="offline: send N")
    parser.add_argument("--retry-after", default="1", help=argparse.SUPPRESS)  # demo, tests
    parser.add_argument("--quiet", action="store_true", help="no progress line")
    args: Any = parser.parse_args(argv)
    progress = None if args.quiet else sys.stderr
    if not args.live:
        return asyncio.run(demo(args.demo, args.concurrency, args.retry_after, progress))
    if not args.from_ or not (args.to or args.to_file):
        parser.error("--live needs --from and recipients (arguments or --to-file)")
    return asyncio.run(send_for_real(args))


if __name__ == "__main__":
    raise SystemExit(main())
