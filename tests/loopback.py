"""A loopback HTTP server for transport tests: a canned reply to each request, the raw request
kept (tests/http/test_async_transport.py, tests/http/test_pkcv.py,
tests/generated/test_official_surface.py)."""

from __future__ import annotations

import json
import socket
import socketserver
import ssl
import threading
from collections.abc import Callable

ACCOUNT = "AC00000000000000000000000000000001"
MESSAGE = {"sid": "SM" + "1" * 32, "account_sid": ACCOUNT, "status": "queued", "body": "Hi"}


class Exchange:
    """One request as the server read it off the socket."""

    def __init__(self, head: bytes, body: bytes) -> None:
        lines = head.decode("latin-1").split("\r\n")
        self.request_line = lines[0]
        self.method, self.target, _ = self.request_line.split(" ", 2)
        self.headers = [tuple(line.split(": ", 1)) for line in lines[1:]]
        self.body = body

    def header_set(self) -> list[tuple[str, str]]:
        return sorted((name.lower(), value) for name, value in self.headers)


Reply = Callable[[Exchange], bytes | None]  # None: drop the connection without answering


def http_response(
    status: int, body: bytes, headers: dict[str, str] | None = None, reason: str = "OK"
) -> bytes:
    head = [f"HTTP/1.1 {status} {reason}", f"Content-Length: {len(body)}"]
    head += [f"{k}: {v}" for k, v in (headers or {"Content-Type": "application/json"}).items()]
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body


def json_reply(status: int = 200, body: object = MESSAGE, **headers: str) -> bytes:
    return http_response(
        status, json.dumps(body).encode(), {"Content-Type": "application/json", **headers}
    )


class LoopbackServer:
    """A keep-alive HTTP/1.1 server in a thread that records each request and answers it
    with ``reply`` (scripted per test)."""

    def __init__(self, reply: Reply, tls: ssl.SSLContext | None = None) -> None:
        self.reply = reply
        self.exchanges: list[Exchange] = []
        self.connections = 0
        server = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                server.connections += 1
                sock: socket.socket = self.request
                if tls is not None:
                    sock = tls.wrap_socket(sock, server_side=True)
                buffer = b""
                while True:
                    while b"\r\n\r\n" not in buffer:
                        chunk = sock.recv(65536)
                        if not chunk:
                            return
                        buffer += chunk
                    head, buffer = buffer.split(b"\r\n\r\n", 1)
                    length = 0
                    for line in head.split(b"\r\n")[1:]:
                        name, _, value = line.partition(b":")
                        if name.strip().lower() == b"content-length":
                            length = int(value)
                    while len(buffer) < length:
                        buffer += sock.recv(65536)
                    exchange = Exchange(head, buffer[:length])
                    buffer = buffer[length:]
                    server.exchanges.append(exchange)
                    answer = server.reply(exchange)
                    if answer is None:
                        sock.close()
                        return
                    sock.sendall(answer)

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> LoopbackServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
