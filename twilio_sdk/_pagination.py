"""Pages of list operations in both envelope styles, and the links between them.

A page link comes from a response, so it is checked before it is followed: the client's
credentials go only to the host that served the first page (see `safe_page_url`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ._errors import (
    ArgumentTypeError,
    InvalidArgumentError,
    MalformedResponseError,
    UnsafeURLError,
)
from ._models import as_json
from ._operations import ClientContext, Operation, check_status, decode_json
from ._response import meta_of

if TYPE_CHECKING:
    import httpx

    from ._response import Response

__all__ = [
    "AsyncPage",
    "Page",
    "Pager",
    "check_limit",
    "joined_to_origin",
    "page_query",
    "safe_page_url",
    "target_page_url",
]

T = TypeVar("T")
_MAX_PAGE_SIZE = 1000


def safe_page_url(origin: httpx.URL, link: str, spec_host: str | None = None) -> str:
    """The absolute URL of a page link, or UnsafeURLError if following it could send the
    client's credentials anywhere but `origin`'s host.

    A relative link must start with a single `/` and is joined to `origin`'s scheme and host.
    An absolute one must have `origin`'s scheme (https) and host, or be on `spec_host` (the
    operation's host before region/edge routing, which is then replaced by `origin`'s), and
    carry no user info.
    """
    import httpx  # pages read URLs as httpx does; a call that does not page never imports it

    if not isinstance(link, str):
        raise UnsafeURLError(f"a page link must be a string, got {type(link).__name__}")
    origin_netloc = origin.netloc.decode("ascii")
    try:
        url = httpx.URL(joined_to_origin(origin, link))
    except httpx.InvalidURL as exc:
        raise UnsafeURLError(f"page link {link!r} is not a valid URL: {exc}") from None
    if not url.is_absolute_url:
        raise UnsafeURLError(f"page link {link!r}: a relative link must start with '/'")
    allowed = {origin_netloc}
    if spec_host is not None:
        allowed.add(httpx.URL(spec_host).netloc.decode("ascii"))
    netloc = url.netloc.decode("ascii")
    if url.scheme != origin.scheme or netloc not in allowed or url.userinfo:
        raise UnsafeURLError(
            f"page link {link!r} leaves {origin.scheme}://{origin_netloc}: not followed"
        )
    if netloc != origin_netloc:
        url = url.copy_with(netloc=origin.netloc)
    return str(url)


def joined_to_origin(origin: httpx.URL, link: str) -> str:
    """A host-relative link (a single leading `/`, as v2010's `next_page_uri`) on `origin`'s
    scheme and host; any other link as given."""
    if link.startswith("/") and not link.startswith("//"):
        return f"{origin.scheme}://{origin.netloc.decode('ascii')}{link}"
    return link


def page_query(
    op: Operation[Any, Any],
    query_pairs: list[tuple[str, str]],
    page_size: int | None,
    page_token: str | None,
    page_number: int | None,
) -> list[tuple[str, str]]:
    size_name, token_name, number_name = op.paging
    if page_size is not None:
        _check_int("page_size", page_size)
        if not 1 <= page_size <= _MAX_PAGE_SIZE:
            raise InvalidArgumentError(
                f"page_size must be between 1 and {_MAX_PAGE_SIZE}, got {page_size}"
            )
        query_pairs.append((size_name, str(page_size)))
    if page_token is not None:
        query_pairs.append((token_name, page_token))
    if page_number is not None:
        _check_int("page_number", page_number)
        query_pairs.append((number_name, str(page_number)))
    return query_pairs


def _check_int(name: str, value: object) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ArgumentTypeError(f"{name} must be an int, got {type(value).__name__}")


def check_limit(limit: int | None, page_size: int | None) -> int | None:
    """Validate `limit`; the page size to ask for (no larger than the limit needs)."""
    if limit is not None:
        _check_int("limit", limit)
        if limit < 0:
            raise InvalidArgumentError(f"limit must not be negative, got {limit}")
    if page_size is None and limit is not None:
        return min(limit, _MAX_PAGE_SIZE) or None
    return page_size


Headers = Mapping[str, str] | None
Params = Sequence[tuple[str, str]] | None


class Pager(Generic[T]):
    """How the pages of one list call are fetched: each is a GET with the operation's auth and
    the caller's headers (sent again for every following page), its records parsed by `parse`.
    Only the sending differs between `page` and `apage`, by one `await`."""

    __slots__ = ("ctx", "op", "parse", "headers")
    ctx: ClientContext
    op: Operation[Any, Any]
    parse: Callable[[Any], T]
    headers: Headers

    def __init__(
        self,
        ctx: ClientContext,
        op: Operation[Any, Any],
        parse: Callable[[Any], T],
        headers: Headers,
    ) -> None:
        self.ctx = ctx
        self.op = op
        self.parse = parse
        self.headers = headers

    def page(self, url: str, params: Params = None) -> Page[T]:
        response = self.ctx.pipeline.request(
            "GET", url, params=params, auth=self.op.auth, headers=self.headers
        )
        return Page(self, response)

    async def apage(self, url: str, params: Params = None) -> AsyncPage[T]:
        response = await self.ctx.async_pipeline.request(
            "GET", url, params=params, auth=self.op.auth, headers=self.headers
        )
        return AsyncPage(self, response)


class _PageData(Generic[T]):
    """One decoded page of either envelope style (flat v2010 or `meta`)."""

    __slots__ = (
        "records",
        "next_page_url",
        "previous_page_url",
        "_pager",
        "_response",
        "meta",
        "status_code",
    )

    def __init__(self, pager: Pager[T], response: Response) -> None:
        self._pager = pager
        op = pager.op
        self.status_code: int = response.status_code  # of the response that carried this page
        # Its headers and request, read (through httpx) only where a page needs them.
        self._response = meta_of(response)
        check_status(op, response)
        payload = decode_json(response)
        if not isinstance(payload, Mapping):
            raise MalformedResponseError.of(
                response, f"expected a page (a JSON object), got {type(payload).__name__}"
            )
        meta = payload.get("meta")
        key = op.items_key or ""
        if isinstance(meta, Mapping):
            self.meta: Mapping[str, Any] = meta
            if key not in payload:  # the spec's records key wins; `meta.key` names it otherwise
                key = meta.get("key") or key
            self.next_page_url: str | None = meta.get("next_page_url") or self._token_url(
                meta.get("nextToken")
            )
            self.previous_page_url: str | None = meta.get("previous_page_url") or self._token_url(
                meta.get("previousToken")
            )
        else:
            self.meta = {k: v for k, v in payload.items() if k != key}
            self.next_page_url = self._joined(payload.get("next_page_uri"))
            self.previous_page_url = self._joined(payload.get("previous_page_uri"))
        items = payload.get(key) or []
        if not isinstance(items, list) or (
            op.parse is not as_json and not all(isinstance(item, Mapping) for item in items)
        ):
            raise MalformedResponseError.of(response, f"{key!r} is not a list of records")
        self.records: list[T] = [pager.parse(item) for item in items]

    @property
    def headers(self) -> httpx.Headers:
        """The headers of the response that carried this page."""
        return self._response.headers

    @property
    def _origin(self) -> httpx.URL:
        return self._response.request.url

    def _token_url(self, token: str | None) -> str | None:
        """Token paging (`meta.nextToken`): the same request with the page token replaced."""
        if not token:
            return None
        token_name = self._pager.op.paging[1]
        request = self._response.request
        return str(request.url.copy_remove_param(token_name).copy_add_param(token_name, token))

    def _joined(self, uri: Any) -> str | None:
        # v2010's `next_page_uri` is relative to the host; anything else is kept as sent and
        # refused when followed.
        if not uri:
            return None
        return joined_to_origin(self._origin, uri) if isinstance(uri, str) else uri

    def _checked(self, url: str) -> str:
        return safe_page_url(self._origin, url, self._pager.op.host)

    def __iter__(self) -> Iterator[T]:
        return iter(self.records)

    def __len__(self) -> int:
        return len(self.records)


class Page(_PageData[T]):
    """One page of records; iterate it, or follow `next_page()`."""

    __slots__ = ()

    def next_page(self) -> Page[T] | None:
        """The following page, or None on the last one."""
        if not self.next_page_url:
            return None
        return self._pager.page(self._checked(self.next_page_url))

    def previous_page(self) -> Page[T] | None:
        """The preceding page, or None on the first one."""
        if not self.previous_page_url:
            return None
        return self._pager.page(self._checked(self.previous_page_url))


class AsyncPage(_PageData[T]):
    """One page of records fetched by an async client."""

    __slots__ = ()

    async def next_page(self) -> AsyncPage[T] | None:
        """The following page, or None on the last one."""
        if not self.next_page_url:
            return None
        return await self._pager.apage(self._checked(self.next_page_url))

    async def previous_page(self) -> AsyncPage[T] | None:
        """The preceding page, or None on the first one."""
        if not self.previous_page_url:
            return None
        return await self._pager.apage(self._checked(self.previous_page_url))


def target_page_url(ctx: ClientContext, op: Operation[Any, Any], target_url: str) -> str:
    """`get_page(target_url)`: a page of this operation on the host the client chose."""
    import httpx

    origin = httpx.URL(ctx.hosts.url_for(op.host))
    return safe_page_url(origin, target_url, op.host)
