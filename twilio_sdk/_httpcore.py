"""The sync pipeline's own connection pool: an ``httpcore.ConnectionPool`` used directly.

Why not ``httpx.HTTPTransport``, which wraps the same pool: importing any part of httpx runs
its package ``__init__``, which imports its client, auth and cookie modules (``urllib.request``,
``http.cookiejar``, ``email`` …): about 25 ms of a cold start whose first call needs none of
it. This module sends what ``HTTPTransport`` would send, byte for byte:

- the URL as httpx normalises it. The URLs the SDK builds are already in httpx's normal form,
  which :func:`_target` recognises without httpx; any other URL is parsed by ``httpx.URL``;
- the headers of an ``httpx.Request``: ``Host`` first, ``Content-Length: 0`` for an empty
  POST/PUT/PATCH, else the body's ``Content-Length`` last;
- httpx's timeout extension, which httpcore reads as it is.

httpcore's exceptions become httpx's (``HTTPTransport``'s own mapping, imported on the
failure), so retries and error mapping see what they see on httpx. Responses are
:class:`~twilio_sdk._response.WireResponse`.

Test tools that record or mock requests by replacing ``httpx.HTTPTransport.handle_request``
(vcrpy, pytest-httpx, ``unittest.mock``) saw the sync client's requests when it sent through
that transport; while one is in place (:func:`httpx_transport_replaced`) the pipeline sends
through an ``httpx.HTTPTransport`` of this pool's settings (:meth:`HttpcorePool.httpx_transport`)
so they still do. (respx replaces httpcore's pool methods, which this pool calls.)
"""

from __future__ import annotations

import functools
import os
import re
import ssl
import sys
import time
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

from ._response import WireResponse, parse_url

if TYPE_CHECKING:
    import httpx

__all__ = ["HttpcorePool", "httpx_transport_replaced", "limits"]

#: Seconds an idle connection is kept (httpx.Limits' default).
KEEPALIVE_EXPIRY: Final = 5.0
_BODY_METHODS: Final = frozenset({"POST", "PUT", "PATCH"})
_DEFAULT_PORTS: Final = {"http": 80, "https": 443}
_HTTPX_TRANSPORT_FILE: Final = os.path.join("httpx", "_transports", "default.py")

# httpx leaves a URL as it is when its path and query hold only the characters its
# percent-encoding keeps (the WHATWG path and query sets, and valid %XX escapes) and its host
# is lower case: the URLs the SDK builds. Anything else (user info, a fragment, a default
# port, dot segments, IDNA …) is parsed by httpx.
_PATH_CHAR: Final = r"(?:[!$&'()*+,\-./0-9:;=@A-Z\[\\\]^_a-z|~]|%[0-9A-Fa-f]{2})"
_QUERY_CHAR: Final = r"(?:[!$&'()*+,\-./0-9:;=?@A-Z\[\\\]^_`a-z{|}~]|%[0-9A-Fa-f]{2})"
_PLAIN_URL: Final = re.compile(
    rf"(https?)://([a-z0-9-]+(?:\.[a-z0-9-]+)*)(?::([1-9][0-9]{{0,4}}))?"
    rf"(/{_PATH_CHAR}*(?:\?{_QUERY_CHAR}*)?)"
)
_DOT_SEGMENT: Final = re.compile(r"/\.\.?(?:/|$)")


def limits(max_connections: int) -> httpx.Limits:
    """This pool's limits as httpx's transports take them."""
    # Every connection may stay alive (httpx keeps 20): threads sharing a client reuse them.
    # No max_keepalive_connections: httpcore caps it at max_connections when it is None.
    import httpx

    return httpx.Limits(max_connections=max_connections, keepalive_expiry=KEEPALIVE_EXPIRY)


def httpx_transport_replaced() -> bool:
    """Whether ``httpx.HTTPTransport.handle_request`` is not httpx's own (a recorder or mock
    replaced it); False while httpx is not even imported, so nothing could have."""
    httpx = sys.modules.get("httpx")
    transport = getattr(httpx, "HTTPTransport", None)
    if transport is None:
        return False
    # By its code: a replacement made with functools.wraps (vcrpy's) copies the name and module.
    code = getattr(transport.handle_request, "__code__", None)
    return code is None or not code.co_filename.endswith(_HTTPX_TRANSPORT_FILE)


def _plain_ipv4(host: str) -> bool:
    """Whether a host of digits and dots is an IPv4 address as httpx accepts it."""
    parts = host.split(".")
    return len(parts) == 4 and all(str(int(part)) == part and int(part) <= 255 for part in parts)


@functools.lru_cache(maxsize=1024)
def _target(url: str) -> tuple[bytes, bytes, int | None, bytes, bytes]:
    """``url`` as httpcore takes it (scheme, host, port, path and query) and the ``Host``
    header httpx sends for it."""
    match = _PLAIN_URL.fullmatch(url)
    if match is not None:
        scheme, host, port_text, target = match.groups()
        port = int(port_text) if port_text else None
        plain_host = not host.replace(".", "").isdigit() or _plain_ipv4(host)
        path = target.partition("?")[0]
        if plain_host and port != _DEFAULT_PORTS[scheme] and (port or 0) <= 65535:
            if _DOT_SEGMENT.search(path) is None:
                netloc = host if port is None else f"{host}:{port}"
                return (
                    scheme.encode(),
                    host.encode(),
                    port,
                    target.encode(),
                    netloc.encode(),
                )
    parsed = parse_url(url)  # httpx's parse (imports httpx), as HTTPTransport sends it
    return parsed.raw_scheme, parsed.raw_host, parsed.port, parsed.raw_path, parsed.netloc


def _wire_headers(
    method: str, host: bytes, headers: Sequence[tuple[str, str]], content: bytes | None
) -> list[tuple[bytes, bytes]]:
    """The header list of the ``httpx.Request`` that HTTPTransport would send: ``Host`` first
    and ``Content-Length`` (0 for an empty POST/PUT/PATCH, first too; else last) unless given."""
    names = {name.lower() for name, _ in headers}
    first = [] if "host" in names else [(b"Host", host)]
    sized = "content-length" in names
    if not content and method in _BODY_METHODS and not sized and "transfer-encoding" not in names:
        first.append((b"Content-Length", b"0"))
    wire = first + [(name.encode("ascii"), value.encode("ascii")) for name, value in headers]
    if content and not sized:
        wire.append((b"Content-Length", str(len(content)).encode("ascii")))
    return wire


def _raise_as_httpx() -> None:
    """Re-raise the httpcore exception being handled as its httpx counterpart (anything else
    as it is), with ``HTTPTransport``'s own mapping."""
    from httpx._transports.default import map_httpcore_exceptions

    with map_httpcore_exceptions():
        raise  # noqa: PLE0704 - called from an except block only


class HttpcorePool:
    """A pool of at most ``max_connections`` connections (each kept alive) verifying TLS with
    ``tls``; :meth:`send` sends one request and reads the answer whole."""

    __slots__ = ("_pool", "_max_connections", "_tls", "_httpx")

    def __init__(self, max_connections: int, tls: ssl.SSLContext) -> None:
        import httpcore

        self._max_connections, self._tls = max_connections, tls
        self._httpx: httpx.HTTPTransport | None = None
        self._pool = httpcore.ConnectionPool(  # each connection kept alive, as limits()
            ssl_context=tls, max_connections=max_connections, keepalive_expiry=KEEPALIVE_EXPIRY
        )

    def send(
        self,
        method: str,
        url: str,
        content: bytes | None,
        headers: Sequence[tuple[str, str]],
        timeouts: Mapping[str, Any],
    ) -> WireResponse:
        """Send one request; return the response read whole (httpx's exceptions on failure)."""
        import httpcore

        scheme, host, port, target, netloc = _target(url)
        start = time.perf_counter()
        try:
            response = self._pool.handle_request(
                httpcore.Request(
                    method,
                    httpcore.URL(scheme=scheme, host=host, port=port, target=target),
                    headers=_wire_headers(method, netloc, headers, content),
                    content=content or b"",
                    extensions={"timeout": timeouts},
                )
            )
            try:
                body = response.read()
            finally:
                response.close()
        except Exception:
            _raise_as_httpx()
            raise  # unreachable: _raise_as_httpx always raises
        elapsed = time.perf_counter() - start
        sent = (method, url, content, headers, timeouts)
        return WireResponse(
            response.status, response.headers, body, response.extensions, sent, elapsed
        )

    def httpx_transport(self) -> httpx.HTTPTransport:
        """An ``httpx.HTTPTransport`` with this pool's settings (made once, closed with it)."""
        if self._httpx is None:
            import httpx

            self._httpx = httpx.HTTPTransport(
                verify=self._tls, limits=limits(self._max_connections)
            )
        return self._httpx

    def close(self) -> None:
        self._pool.close()
        if self._httpx is not None:
            self._httpx.close()
