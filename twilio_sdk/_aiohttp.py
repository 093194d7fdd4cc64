"""An httpx transport that sends through aiohttp: the default transport of `AsyncClient`.

Why: measured on loopback (`nox -s bench`), httpcore's asyncio connection pool costs more than
ten times the CPU per request of aiohttp's, so an `AsyncClient` on httpcore was an order of
magnitude slower than the official library, which sends through aiohttp. This adapter keeps
httpx's `Request`/`Response` types above the socket (the pipeline, errors, pages, and a
user's own ``httpx.AsyncClient(transport=AiohttpTransport())`` all see plain httpx objects) and
puts aiohttp's connection pool, HTTP parser and TLS underneath.

What it maps:

- httpx's timeout extension to an `aiohttp.ClientTimeout`: ``connect`` -> ``sock_connect``,
  ``read`` -> ``sock_read``, ``pool`` -> ``connect`` (aiohttp's wait for a pooled connection
  plus the connect itself); aiohttp has no write timeout;
- aiohttp's exceptions to httpx's, so the retry rules (which failures mean "never sent") and
  the error mapping (a timeout is a `TwilioTimeoutError`) work as they do on httpcore;
- bodies: aiohttp does not decompress (``auto_decompress=False``); httpx decodes
  ``Content-Encoding`` as it does for its own transports.

Two ways in: ``handle_async_request`` (httpx's transport API, the body streamed) and
:meth:`AiohttpTransport.send`, the pipeline's: it reads the whole body and returns an
``httpx.Response`` whose ``request`` and ``headers`` objects are only built if read, which a
successful call never does (about a fifth of the per-call CPU otherwise). aiohttp's own
immediate resend of an idempotent request on a dropped connection is off: the retry policy
alone decides attempts, as on httpcore.

The aiohttp session is created on the first request, inside the running event loop, and closed
by :meth:`AiohttpTransport.aclose`; a transport that never sent opens nothing. aiohttp itself
is imported when the transport is created, so a program without async clients never imports it.
"""

from __future__ import annotations

import functools
import ssl
from collections.abc import AsyncIterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, Literal

import httpx

from ._errors import ClientStateError, InvalidArgumentError
from ._proxy import SUPPORTED_SCHEMES, ProxyRoute, ProxyRoutes
from ._response import parse_url, transport_request
from ._tls import default_ssl_context
from ._transports import DEFAULT_MAX_CONNECTIONS

if TYPE_CHECKING:
    import aiohttp

__all__ = ["AiohttpTransport"]

# Request headers aiohttp derives itself from the body.
_BODY_HEADERS: Final = frozenset({b"content-length", b"transfer-encoding"})


@functools.lru_cache(maxsize=1024)
def _wire_url(url: str) -> str:
    # The URL as httpx would put it on the wire (percent-encoding normalised), for aiohttp to
    # send byte for byte.
    return str(parse_url(url))


def _map_error(exc: BaseException) -> httpx.TransportError | None:
    """The httpx exception an aiohttp/socket failure corresponds to (None: not ours to map)."""
    import asyncio  # imported by async programs anyway; not at start (~10 ms)

    import aiohttp

    message = str(exc) or type(exc).__name__
    if isinstance(exc, aiohttp.ConnectionTimeoutError):  # no connection: nothing was sent
        return httpx.ConnectTimeout(message)
    if isinstance(exc, asyncio.TimeoutError):  # sock_read (SocketTimeoutError) or a total
        return httpx.ReadTimeout(message)
    if isinstance(exc, aiohttp.ClientConnectorError):  # DNS, refused, TLS handshake
        return httpx.ConnectError(message)
    if isinstance(exc, aiohttp.ClientHttpProxyError):  # the proxy refused the tunnel (407 …)
        return httpx.ProxyError(message)
    if isinstance(
        exc,
        (aiohttp.ServerDisconnectedError, aiohttp.ClientPayloadError, aiohttp.ClientResponseError),
    ):
        return httpx.RemoteProtocolError(message)  # dropped mid-exchange, or malformed HTTP
    if isinstance(exc, aiohttp.NonHttpUrlClientError):
        return httpx.UnsupportedProtocol(message)
    if isinstance(exc, aiohttp.InvalidURL):
        return httpx.LocalProtocolError(message)
    if isinstance(exc, (aiohttp.ClientConnectionError, OSError)):
        return httpx.ReadError(message)  # the request may have been sent
    if isinstance(exc, aiohttp.ClientError):
        return httpx.TransportError(message)
    return None


class _MappedErrors:
    """Context manager: re-raise aiohttp and socket errors as their httpx counterparts."""

    __slots__ = ()

    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type: type[BaseException] | None, exc: Any, tb: Any) -> Literal[False]:
        if exc is not None and not isinstance(exc, httpx.HTTPError):
            mapped = _map_error(exc)
            if mapped is not None:
                raise mapped from exc
        return False


_mapped_errors: Final = _MappedErrors()


class _AiohttpStream(httpx.AsyncByteStream):
    """A response body still on the wire (the streaming path, used by httpx clients)."""

    def __init__(self, response: aiohttp.ClientResponse) -> None:
        self._response = response

    async def __aiter__(self) -> AsyncIterator[bytes]:
        with _mapped_errors:
            async for chunk in self._response.content.iter_any():
                yield chunk

    async def aclose(self) -> None:
        self._response.release()


class AiohttpTransport(httpx.AsyncBaseTransport):
    """An ``httpx.AsyncBaseTransport`` on an aiohttp connection pool.

    ``max_connections``: connections open at once (a request beyond that waits for one, up to
    the ``pool`` timeout). ``keepalive_expiry``: seconds an idle connection is kept.
    ``verify``: True for httpx's default TLS verification (certifi's CA bundle), an
    ``ssl.SSLContext`` of your own, or False to skip verification (not for production).
    ``proxy``: send every request through this proxy (``http://[user:password@]host:port``;
    an https:// proxy too). ``trust_env``: without ``proxy``, take proxies from
    ``HTTP_PROXY``/``HTTPS_PROXY``/``ALL_PROXY`` and exemptions from ``NO_PROXY``, routed as
    httpx routes them (see :mod:`twilio_sdk._proxy`). Proxy credentials are sent as
    ``Proxy-Authorization`` (on the CONNECT of an https request) and never shown.

    It also works on its own: ``httpx.AsyncClient(transport=AiohttpTransport())``; that client
    then closes the transport when it is closed.
    """

    def __init__(
        self,
        *,
        max_connections: int = DEFAULT_MAX_CONNECTIONS,
        keepalive_expiry: float | None = 5.0,
        verify: ssl.SSLContext | bool = True,
        trust_env: bool = False,
        proxy: str | httpx.URL | httpx.Proxy | None = None,
    ) -> None:
        if (
            not isinstance(max_connections, int)
            or isinstance(max_connections, bool)
            or max_connections < 1
        ):
            raise InvalidArgumentError(
                f"max_connections must be an int >= 1, got {max_connections!r}"
            )
        import asyncio

        import aiohttp  # paid by async users only (~100 ms), when the first transport is made
        import yarl

        self._running_loop = asyncio.get_running_loop
        self._aiohttp = aiohttp
        self._url = yarl.URL
        self.max_connections = max_connections
        self._keepalive_expiry = keepalive_expiry
        self._verify = verify
        self._proxies = ProxyRoutes(proxy, trust_env)
        unsupported = self._proxies.schemes - SUPPORTED_SCHEMES
        if unsupported:
            raise InvalidArgumentError(
                f"aiohttp cannot send through {'/'.join(sorted(unsupported))} proxies: use "
                "http_client=httpx.AsyncClient(proxy=...) (with socksio installed)"
            )
        self._proxied = self._proxies.enabled
        self._proxy_urls: dict[str, Any] = {}  # proxy URL -> yarl.URL, parsed once
        self._session: aiohttp.ClientSession | None = None
        self._loop: object = None  # the event loop the session belongs to
        self._closed = False
        self._timeouts: dict[tuple[float | None, ...], aiohttp.ClientTimeout] = {}

    @property
    def is_closed(self) -> bool:
        return self._closed

    def _session_for_loop(self) -> aiohttp.ClientSession:
        """The session, opened on first use; it belongs to the loop that opened it."""
        loop = self._running_loop()
        session = self._session
        if session is not None and loop is self._loop:
            return session
        if self._closed:
            raise ClientStateError("the transport has been closed")
        if session is not None:
            raise ClientStateError(
                "this async client was first used in another event loop, and its connections "
                "belong to that loop: create the client (and aclose() it) inside the loop "
                "that uses it, e.g. within the coroutine given to asyncio.run()"
            )
        self._loop = loop
        return self._open()

    def _open(self) -> aiohttp.ClientSession:
        lib = self._aiohttp
        verify = self._verify
        connector = lib.TCPConnector(
            limit=self.max_connections,
            limit_per_host=0,
            keepalive_timeout=self._keepalive_expiry,
            # httpx's default context, so both transports trust the same CAs
            ssl=default_ssl_context() if verify is True else verify,
        )
        session: aiohttp.ClientSession = lib.ClientSession(
            connector=connector,
            cookie_jar=lib.DummyCookieJar(),  # Twilio's API sets no cookies; httpx's
            # transports keep none either
            auto_decompress=False,  # httpx decodes Content-Encoding, as for its own transports
            trust_env=False,  # proxies are chosen per origin, once (_proxy_for)
            timeout=lib.ClientTimeout(total=None),
            # Nothing but what the httpx request carries (httpx sets Host, Content-Length).
            skip_auto_headers=("User-Agent", "Accept", "Accept-Encoding"),
        )
        # aiohttp resends an idempotent request once, at once, when a connection drops; the
        # pipeline's retry policy is the one authority on attempts (count, backoff, hooks),
        # as with httpcore. (Also what aiohttp's own test client does; tested.)
        session._retry_connection = False
        self._session = session
        return session

    def _timeout(self, timeouts: Mapping[str, float | None]) -> aiohttp.ClientTimeout:
        key = (timeouts.get("connect"), timeouts.get("read"), timeouts.get("pool"))
        timeout = self._timeouts.get(key)
        if timeout is None:
            connect, read, pool = key
            timeout = self._timeouts[key] = self._aiohttp.ClientTimeout(
                total=None, connect=pool, sock_connect=connect, sock_read=read
            )
        return timeout

    def _proxy_for(
        self, url: str, headers: Sequence[tuple[str, str]]
    ) -> tuple[Any, Mapping[str, str] | None, Sequence[tuple[str, str]]]:
        """aiohttp's ``proxy``, ``proxy_headers`` and the request headers for a request to
        ``url`` through its proxy (None, None and ``headers`` without one)."""
        route: ProxyRoute | None = self._proxies.for_url(url)
        if route is None:
            return None, None, headers
        proxy_url = self._proxy_urls.get(route.url)
        if proxy_url is None:
            proxy_url = self._proxy_urls[route.url] = self._url(route.url)
        if route.authorization is None:
            return proxy_url, None, headers
        if url.startswith("https:"):  # on the CONNECT that opens the tunnel
            return proxy_url, {"Proxy-Authorization": route.authorization}, headers
        # plain http: the request itself goes to the proxy, which reads the header
        return proxy_url, None, [*headers, ("Proxy-Authorization", route.authorization)]

    async def _start(self, request: httpx.Request) -> aiohttp.ClientResponse:
        session = self._session_for_loop()
        if not isinstance(request.stream, httpx.ByteStream):
            await request.aread()  # a streamed request body: aiohttp gets it whole
        headers: Sequence[tuple[str, str]] = [
            (key.decode("latin-1"), value.decode("latin-1"))
            for key, value in request.headers.raw
            if key.lower() not in _BODY_HEADERS
        ]
        url = str(request.url)
        proxy = proxy_headers = None
        if self._proxied:
            proxy, proxy_headers, headers = self._proxy_for(url, headers)
        return await session.request(
            request.method,
            self._url(url, encoded=True),  # as httpx encoded it, byte for byte
            data=request.content or None,
            headers=headers,
            allow_redirects=False,
            timeout=self._timeout(request.extensions.get("timeout", {})),
            proxy=proxy,
            proxy_headers=proxy_headers,
        )

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request``; the body is read as the caller iterates the response."""
        with _mapped_errors:
            response = await self._start(request)
        return httpx.Response(
            response.status,
            headers=response.raw_headers,
            stream=_AiohttpStream(response),
            extensions={"http_version": b"HTTP/1.1", "reason_phrase": _phrase(response.reason)},
        )

    async def send(
        self,
        method: str,
        url: str,
        content: bytes | None,
        headers: Sequence[tuple[str, str]],
        timeouts: Mapping[str, float | None],
    ) -> httpx.Response:
        """The twilio_sdk pipeline's path: send, read the whole body, return the response.

        ``headers`` are ``(name, value)`` strings. The response's ``request`` (an
        ``httpx.Request`` equal to what was sent) and ``headers`` are only built if they are
        read: a successful call needs neither.
        """
        session = self._session_for_loop()
        proxy = proxy_headers = None
        header_pairs = headers
        if self._proxied:
            proxy, proxy_headers, header_pairs = self._proxy_for(url, headers)
        with _mapped_errors:
            response = await session.request(
                method,
                self._url(_wire_url(url), encoded=True),
                data=content,
                headers=header_pairs,
                allow_redirects=False,
                timeout=self._timeout(timeouts),
                proxy=proxy,
                proxy_headers=proxy_headers,
            )
            try:
                body = await response.read()
            finally:
                response.release()
        return _ReadResponse(
            response.status,
            response.reason,
            response.raw_headers,
            body,
            "Content-Encoding" in response.headers,
            (method, url, content, headers, timeouts),
        )

    async def aclose(self) -> None:
        """Close the aiohttp session and its connections (idempotent)."""
        self._closed = True
        session, self._session = self._session, None
        if session is not None:
            await session.close()


_RequestParts = tuple[str, str, bytes | None, Sequence[tuple[str, str]], Mapping[str, float | None]]


class _ReadResponse(httpx.Response):
    """An ``httpx.Response`` whose body was read whole, built without httpx's per-response
    work: ``headers`` and ``request`` are made on first access (a successful call reads
    neither) and the body is not re-chunked through a stream. With a ``Content-Encoding`` the
    plain ``httpx.Response`` constructor runs instead, so the body is decoded as usual.

    tests/http/test_async_transport.py checks it against a plain ``httpx.Response`` attribute by
    attribute: it relies on httpx 0.x's ``Response`` internals (``_content``, ``_request``).
    """

    def __init__(
        self,
        status: int,
        reason: str | None,
        raw_headers: Sequence[tuple[bytes, bytes]],
        body: bytes,
        encoded: bool,
        request: _RequestParts,
    ) -> None:
        self._request_parts: _RequestParts | None = request
        self._raw_headers = raw_headers
        extensions = {"http_version": b"HTTP/1.1", "reason_phrase": _phrase(reason)}
        if encoded:
            super().__init__(status, headers=raw_headers, content=body, extensions=extensions)
            return
        self.status_code = status
        self.next_request = None
        self.extensions = extensions
        self.history = []
        self.default_encoding = "utf-8"
        self.stream = httpx.ByteStream(body)
        self._content = body
        self._num_bytes_downloaded = len(body)
        self.is_stream_consumed = True
        self.is_closed = True

    @property
    def headers(self) -> httpx.Headers:
        headers: httpx.Headers | None = self.__dict__.get("_headers")
        if headers is None:
            headers = self.__dict__["_headers"] = httpx.Headers(self._raw_headers)
        return headers

    @headers.setter
    def headers(self, value: httpx.Headers) -> None:
        self.__dict__["_headers"] = value

    @property
    def _request(self) -> httpx.Request | None:
        request: httpx.Request | None = self.__dict__.get("_request_value")
        if request is None and self._request_parts is not None:
            request = self.__dict__["_request_value"] = transport_request(*self._request_parts)
        return request

    @_request.setter
    def _request(self, value: httpx.Request | None) -> None:
        self.__dict__["_request_value"] = value
        if value is not None:
            self._request_parts = None


def _phrase(reason: str | None) -> bytes:
    return (reason or "").encode("latin-1", "replace")
