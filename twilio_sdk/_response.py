"""What the SDK reads of a response, and the response of the sync pipeline's own pool.

The pipelines hand back either an ``httpx.Response`` (a supplied httpx client, a proxy, the
async transport) or a :class:`WireResponse` (the sync pipeline's httpcore pool, see
:mod:`twilio_sdk._httpcore`). Operations, pages and errors read both through
:class:`Response`. A ``WireResponse`` keeps what a successful call reads (status, body) as
plain values and builds the equivalent ``httpx.Response`` only when something else is asked
for (headers, the request, the reason phrase, a public ``httpx.Response``): ``import httpx``
costs about 25 ms at start, which the default sync path never pays.
"""

from __future__ import annotations

import datetime
import functools
import json
import zlib
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol, cast

if TYPE_CHECKING:
    import httpx

__all__ = [
    "Response",
    "ResponseMeta",
    "WireResponse",
    "as_httpx",
    "meta_of",
    "parse_url",
    "transport_request",
]


class Response(Protocol):
    """A response as the SDK reads it: ``httpx.Response`` and :class:`WireResponse`."""

    @property
    def status_code(self) -> int: ...

    @property
    def content(self) -> bytes: ...

    @property
    def headers(self) -> httpx.Headers: ...

    @property
    def request(self) -> httpx.Request: ...

    @property
    def reason_phrase(self) -> str: ...

    @property
    def text(self) -> str: ...

    def json(self, **kwargs: Any) -> Any: ...

    def close(self) -> None: ...


class ResponseMeta(Protocol):
    """What a page keeps of its response: headers and request, not the body."""

    @property
    def headers(self) -> httpx.Headers: ...

    @property
    def request(self) -> httpx.Request: ...


@functools.lru_cache(maxsize=1024)
def parse_url(url: str) -> httpx.URL:
    """``httpx.URL(url)``, cached: httpx's parse checks every character (~15 µs) and the calls
    of one operation repeat their URL."""
    import httpx

    return httpx.URL(url)


def transport_request(
    method: str,
    url: str,
    content: bytes | None,
    headers: Sequence[tuple[str, str]],
    timeouts: Mapping[str, Any],
) -> httpx.Request:
    """The ``httpx.Request`` an httpx transport is given for this request (what
    ``httpx.Client`` would build): the one sent, or the one a response says it answered."""
    import httpx

    return httpx.Request(
        method, parse_url(url), content=content, headers=headers, extensions={"timeout": timeouts}
    )


# What httpx.HTTPTransport keeps of httpcore's response extensions that means anything once
# the body is read.
_KEPT_EXTENSIONS = frozenset({"http_version", "reason_phrase"})


def _gunzip(body: bytes) -> bytes | None:
    """The gzip body decoded as httpx decodes it; None when it is not valid gzip (httpx then
    raises its ``DecodingError``)."""
    decompressor = zlib.decompressobj(zlib.MAX_WBITS | 16)
    try:
        return decompressor.decompress(body) + decompressor.flush()
    except zlib.error:
        return None


Sent = tuple[str, str, bytes | None, Sequence[tuple[str, str]], Mapping[str, Any]]


class WireMeta:
    """A :class:`WireResponse`'s headers and request, as httpx's types made on first read."""

    __slots__ = ("raw_headers", "extensions", "sent", "_headers", "_request")

    def __init__(
        self, raw_headers: Sequence[tuple[bytes, bytes]], extensions: Mapping[str, Any], sent: Sent
    ) -> None:
        self.raw_headers = raw_headers
        self.extensions = extensions
        self.sent = sent  # method, URL, body, headers and timeouts, for `request`
        self._headers: httpx.Headers | None = None
        self._request: httpx.Request | None = None

    @property
    def headers(self) -> httpx.Headers:
        if self._headers is None:
            import httpx

            self._headers = httpx.Headers(self.raw_headers)
        return self._headers

    @property
    def request(self) -> httpx.Request:
        """The ``httpx.Request`` that httpx.HTTPTransport would have been given."""
        if self._request is None:
            self._request = transport_request(*self.sent)
        return self._request


class WireResponse:
    """A response read whole off the sync pipeline's httpcore pool.

    ``content`` is the body after ``Content-Encoding``: no coding and ``gzip`` (what Twilio
    sends for ``Accept-Encoding: gzip, deflate``) are decoded here; any other coding, or a body
    that does not decode, is left to httpx, whose ``httpx.Response`` is then built at once so
    errors are raised where httpx raises them. Headers and request are made on first read
    (:class:`WireMeta`), the rest is read off the ``httpx.Response``.
    """

    __slots__ = ("status_code", "content", "meta", "_body", "_elapsed", "_httpx")

    status_code: int
    content: bytes

    def __init__(
        self,
        status: int,
        raw_headers: Sequence[tuple[bytes, bytes]],
        body: bytes,
        extensions: Mapping[str, Any],
        sent: Sent,
        elapsed: float,
    ) -> None:
        self.status_code = status
        self.meta = WireMeta(raw_headers, extensions, sent)
        self._body = body
        self._elapsed = elapsed
        self._httpx: httpx.Response | None = None
        codings = [value for name, value in raw_headers if name.lower() == b"content-encoding"]
        if not codings:
            self.content = body
            return
        decoded = _gunzip(body) if [c.strip().lower() for c in codings] == [b"gzip"] else None
        self.content = self.as_httpx().content if decoded is None else decoded

    def as_httpx(self) -> httpx.Response:
        """The same response as an ``httpx.Response`` (built once, with its request)."""
        response = self._httpx
        if response is None:
            import httpx

            meta = self.meta
            response = httpx.Response(
                self.status_code,
                headers=meta.raw_headers,
                stream=httpx.ByteStream(self._body),
                extensions={k: v for k, v in meta.extensions.items() if k in _KEPT_EXTENSIONS},
                request=meta.request,
            )
            response.read()  # decodes the body as httpx does (or raises its DecodingError)
            response.elapsed = datetime.timedelta(seconds=self._elapsed)
            self._httpx = response
        return response

    @property
    def headers(self) -> httpx.Headers:
        return self.meta.headers

    @property
    def request(self) -> httpx.Request:
        return self.meta.request

    @property
    def reason_phrase(self) -> str:
        return self.as_httpx().reason_phrase

    @property
    def text(self) -> str:
        return self.as_httpx().text

    def json(self, **kwargs: Any) -> Any:
        return json.loads(self.content, **kwargs)  # what httpx.Response.json does

    def close(self) -> None:
        """Nothing to release: the body was read and the connection returned to the pool."""

    def __repr__(self) -> str:
        return f"<WireResponse [{self.status_code}]>"


class _Read:
    """An ``httpx.Response``'s headers and request, kept without its body."""

    __slots__ = ("headers", "request")

    def __init__(self, headers: httpx.Headers, request: httpx.Request) -> None:
        self.headers = headers
        self.request = request


def meta_of(response: Response) -> ResponseMeta:
    """What a page keeps of ``response``: its headers and request (from the sync pool, made
    with httpx only when read), never its body."""
    if isinstance(response, WireResponse):
        return response.meta
    return _Read(response.headers, response.request)


def as_httpx(response: Response) -> httpx.Response:
    """``response`` as the public ``httpx.Response`` (``Client.request`` returns one)."""
    if isinstance(response, WireResponse):
        return response.as_httpx()
    return cast("httpx.Response", response)  # the pipelines return only these two
