"""A small HTTP forward proxy on loopback, for the proxy benchmark and tests/http/test_proxy.py.

- ``CONNECT host:port`` (https through the proxy): answers 200 and relays bytes both ways;
- a request in absolute form (``POST http://host:port/path HTTP/1.1``, plain http): sends it
  on in origin form over a keep-alive connection of its own to that host, and relays the
  response (bodies by Content-Length: enough for the servers it fronts here).

With ``auth`` set, a request without ``Proxy-Authorization: <auth>`` gets 407. It counts what
it forwarded (``requests``, ``tunnels``) and keeps the ``Proxy-Authorization`` headers it saw
(tests check them). Run as a process (``python -m bench._forward_proxy [AUTH]``) it prints its
port and serves until killed; :func:`start_in_thread` runs one in a background thread.
"""

from __future__ import annotations

import asyncio
import re
import sys
import threading
from dataclasses import dataclass, field

_CONTENT_LENGTH = re.compile(rb"\r\ncontent-length:\s*(\d+)", re.IGNORECASE)
_PROXY_HEADERS = re.compile(rb"\r\n(proxy-authorization|proxy-connection):[^\r]*", re.IGNORECASE)
_AUTHORIZATION = re.compile(rb"\r\nproxy-authorization:\s*([^\r]*)", re.IGNORECASE)
_REQUIRED = b"HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n"


@dataclass
class ForwardProxy:
    auth: str | None = None  # the Proxy-Authorization value required, if any
    requests: int = 0  # plain-http requests forwarded
    tunnels: int = 0  # CONNECT tunnels opened
    refused: int = 0  # 407s
    seen_auth: list[str | None] = field(default_factory=list)
    port: int = 0

    async def _head(self, reader: asyncio.StreamReader) -> bytes | None:
        try:
            return await reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, ConnectionError):
            return None

    def _allowed(self, head: bytes) -> bool:
        match = _AUTHORIZATION.search(head)
        given = match.group(1).decode("latin-1").strip() if match else None
        self.seen_auth.append(given)
        if self.auth is None or given == self.auth:
            return True
        self.refused += 1
        return False

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        upstreams: dict[bytes, tuple[asyncio.StreamReader, asyncio.StreamWriter]] = {}
        try:
            while (head := await self._head(reader)) is not None:
                method, target, rest = head.split(b" ", 2)
                if not self._allowed(head):
                    length = _CONTENT_LENGTH.search(head)
                    if length and method != b"CONNECT":
                        await reader.readexactly(int(length.group(1)))  # not forwarded
                    writer.write(_REQUIRED)
                    await writer.drain()
                    continue
                if method == b"CONNECT":
                    await self._tunnel(target, reader, writer)
                    return
                await self._forward(method, target, rest, head, reader, writer, upstreams)
        finally:
            for _, upstream in upstreams.values():
                upstream.close()
            writer.close()

    async def _tunnel(
        self, target: bytes, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        host, _, port = target.decode("ascii").rpartition(":")
        up_reader, up_writer = await asyncio.open_connection(host.strip("[]"), int(port))
        self.tunnels += 1
        writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
        await writer.drain()

        async def pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
            try:
                while data := await source.read(65536):
                    sink.write(data)
                    await sink.drain()
            except ConnectionError:
                pass
            finally:
                sink.close()

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))

    async def _forward(
        self,
        method: bytes,
        target: bytes,
        rest: bytes,
        head: bytes,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        upstreams: dict[bytes, tuple[asyncio.StreamReader, asyncio.StreamWriter]],
    ) -> None:
        # http://host:port/path -> origin, /path
        without_scheme = target.split(b"://", 1)[1]
        origin, slash, path = without_scheme.partition(b"/")
        length = _CONTENT_LENGTH.search(head)
        body = await reader.readexactly(int(length.group(1))) if length else b""
        if origin not in upstreams:
            host, _, port = origin.decode("ascii").rpartition(":")
            upstreams[origin] = await asyncio.open_connection(host, int(port or 80))
        up_reader, up_writer = upstreams[origin]
        line_end = head.index(b"\r\n")
        headers = _PROXY_HEADERS.sub(b"", head[line_end:])
        version = rest[: rest.index(b"\r\n")]
        up_writer.write(method + b" " + slash + path + b" " + version + headers + body)
        response = await up_reader.readuntil(b"\r\n\r\n")
        length = _CONTENT_LENGTH.search(response)
        if length:
            response += await up_reader.readexactly(int(length.group(1)))
        self.requests += 1
        writer.write(response)
        await writer.drain()

    async def serve(self, ready: threading.Event | None = None) -> None:
        server = await asyncio.start_server(self.handle, "127.0.0.1", 0, backlog=1024)
        self.port = server.sockets[0].getsockname()[1]
        if ready is not None:
            ready.set()
        async with server:
            await server.serve_forever()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def start_in_thread(auth: str | None = None) -> ForwardProxy:
    """A proxy serving from a daemon thread (its own event loop) until the process ends."""
    proxy = ForwardProxy(auth)
    ready = threading.Event()
    thread = threading.Thread(target=lambda: asyncio.run(proxy.serve(ready)), daemon=True)
    thread.start()
    ready.wait(10)
    return proxy


async def _main(auth: str | None) -> None:
    proxy = ForwardProxy(auth)
    task = asyncio.ensure_future(proxy.serve())
    while not proxy.port:
        await asyncio.sleep(0.01)
    print(proxy.port, flush=True)
    await task


if __name__ == "__main__":
    asyncio.run(_main(sys.argv[1] if len(sys.argv) > 1 else None))
