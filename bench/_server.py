"""A loopback Twilio stand-in for the benchmarks (run as a process: `python -m bench._server`).

It answers from canned bytes on keep-alive connections, in an asyncio protocol that does
almost no work per request, so that the clients being measured, not the server, set the pace:

- any POST: 201 with one Message resource;
- GET `…/Messages.json?…Page=N…`: page N of a v2010 list of `TOTAL` messages, `PageSize`
  records a page (at most 1000), with `next_page_uri` until the last page.

It prints its port on the first line of stdout and serves until killed.
"""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any
from urllib.parse import parse_qsl, urlsplit

ACCOUNT = "AC" + "a" * 32
MESSAGE: dict[str, Any] = {
    "account_sid": ACCOUNT,
    "api_version": "2010-04-01",
    "body": "Hi",
    "date_created": "Thu, 30 Jul 2015 20:12:31 +0000",
    "date_sent": None,
    "date_updated": "Thu, 30 Jul 2015 20:12:31 +0000",
    "direction": "outbound-api",
    "error_code": None,
    "error_message": None,
    "from": "+15017122661",
    "messaging_service_sid": None,
    "num_media": "0",
    "num_segments": "1",
    "price": None,
    "price_unit": "USD",
    "sid": "SM" + "a" * 32,
    "status": "queued",
    "subresource_uris": {"media": f"/2010-04-01/Accounts/{ACCOUNT}/Messages/SM/Media.json"},
    "to": "+15558675310",
    "uri": f"/2010-04-01/Accounts/{ACCOUNT}/Messages/SM.json",
}
#: Records in the list the GET pages walk through (the streaming benchmark reads them all).
TOTAL = 50_000
_MAX_PAGE_SIZE = 1000


def _response(status: str, body: bytes) -> bytes:
    head = (
        f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode("ascii") + body


CREATED = _response("201 Created", json.dumps(MESSAGE).encode())
_page_cache: dict[tuple[int, int], bytes] = {}


def page(target: str) -> bytes:
    """The canned response to a list request (pages are cached by number and size)."""
    query = dict(parse_qsl(urlsplit(target).query))
    size = max(1, min(int(query.get("PageSize", "50")), _MAX_PAGE_SIZE))
    number = max(0, int(query.get("Page", "0")))
    cached = _page_cache.get((number, size))
    if cached is not None:
        return cached
    first = number * size
    count = max(0, min(size, TOTAL - first))
    path = urlsplit(target).path
    records = [dict(MESSAGE, sid=f"SM{first + i:032d}") for i in range(count)]
    last = first + count >= TOTAL
    envelope = {
        "messages": records,
        "page": number,
        "page_size": size,
        "start": first,
        "end": first + count - 1,
        "uri": f"{path}?PageSize={size}&Page={number}",
        "first_page_uri": f"{path}?PageSize={size}&Page=0",
        "previous_page_uri": f"{path}?PageSize={size}&Page={number - 1}" if number else None,
        "next_page_uri": None if last else f"{path}?PageSize={size}&Page={number + 1}",
    }
    response = _page_cache[(number, size)] = _response("200 OK", json.dumps(envelope).encode())
    return response


_CONTENT_LENGTH = re.compile(rb"\r\ncontent-length:\s*(\d+)", re.IGNORECASE)


class CannedHTTP(asyncio.Protocol):
    """HTTP/1.1 keep-alive, pipelining-safe, canned answers."""

    def __init__(self) -> None:
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        out = []
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                break
            head = self.buffer[:end]
            match = _CONTENT_LENGTH.search(head)
            total = end + 4 + (int(match.group(1)) if match else 0)
            if len(self.buffer) < total:
                break
            self.buffer = self.buffer[total:]
            if head.startswith(b"GET "):
                target = head.split(b" ", 2)[1].decode("ascii")
                out.append(page(target))
            else:
                out.append(CREATED)
        if out and self.transport is not None:
            self.transport.write(b"".join(out))


async def serve() -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(CannedHTTP, "127.0.0.1", 0, backlog=1024)
    port = server.sockets[0].getsockname()[1]
    print(port, flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(serve())
