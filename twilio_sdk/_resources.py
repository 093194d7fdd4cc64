"""Resources: the base of every generated list, context and singleton class.

A generated method is one line: `return self._request(OPERATION, locals())`. The operation's
tables pick the arguments out of `locals()` by name. One implementation serves both clients
and the official library's method variants: a resource carries a `Mode` (send synchronously
or return an awaitable; return the data or an `ApiResponse` with status and headers), and each
call is prepared (arguments checked, URL and body built), sent through the pipeline of that
mode, and parsed by the same shared functions. Only the sending differs, by one `await`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Iterator, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple, Self, TypeVar

from ._api_response import ApiResponse
from ._encoding import encode_params
from ._operations import (
    ClientContext,
    Operation,
    build_request,
    operation_headers,
    operation_url,
    parse_response,
    record_parser,
)
from ._pagination import (
    AsyncPage,
    Page,
    Pager,
    check_limit,
    page_query,
    target_page_url,
)

if TYPE_CHECKING:
    import httpx

    from ._response import Response

__all__ = ["AsyncResource", "Mode", "Resource", "ResourceBase"]

T = TypeVar("T")
Args = Mapping[str, Any]  # a generated method's `locals()`: its arguments by Python name


class Mode(NamedTuple):
    """How a resource's calls are carried out."""

    awaitable: bool  # return a coroutine, sent through the client's async pipeline
    http_info: bool  # wrap the result in an ApiResponse (status code, headers)


SYNC = Mode(awaitable=False, http_info=False)
SYNC_INFO = Mode(awaitable=False, http_info=True)
ASYNC = Mode(awaitable=True, http_info=False)
ASYNC_INFO = Mode(awaitable=True, http_info=True)


class _PageRequest(NamedTuple):
    """The first page's request of a list call, built (and its arguments checked) up front."""

    url: str
    params: list[tuple[str, str]]
    parse: Callable[[Any], Any]
    headers: dict[str, str] | None


def _with_info(data: Any, response: Response | Page[Any] | AsyncPage[Any]) -> Any:
    return ApiResponse(data, response.status_code, response.headers)


class ResourceBase:
    """What every generated resource class is: a client context, the path parameters that
    address it, and the mode its calls run in."""

    __slots__ = ("_context", "_params", "_mode")
    _asynchronous: ClassVar[bool] = False  # an AsyncClient's resource (async instances)

    def __init__(self, context: ClientContext, params: tuple[Any, ...] = ()) -> None:
        self._context = context
        self._params = params
        self._mode = ASYNC if self._asynchronous else SYNC

    def __repr__(self) -> str:
        params = ", ".join(map(str, self._params))
        return f"<{type(self).__name__}({params})>"

    def _in_mode(self, mode: Mode) -> Self:
        """This resource with its calls carried out in `mode` (for the method variants)."""
        clone = object.__new__(type(self))
        clone._context = self._context
        clone._params = self._params
        clone._mode = mode
        return clone

    # -- one request

    def _request(self, op: Operation[Any, Any], args: Args) -> Any:
        url, kwargs = build_request(self._context, op, self._params, args)
        mode = self._mode
        if mode.awaitable:
            return self._send_async(op, url, kwargs, mode.http_info)
        response = self._context.pipeline.request(op.method, url, **kwargs)
        result = parse_response(op, response, self)
        return _with_info(result, response) if mode.http_info else result

    async def _send_async(
        self, op: Operation[Any, Any], url: str, kwargs: dict[str, Any], http_info: bool
    ) -> Any:
        response = await self._context.async_pipeline.request(op.method, url, **kwargs)
        result = parse_response(op, response, self)
        return _with_info(result, response) if http_info else result

    # -- lists: page, stream, list, get_page

    def _page_request(
        self,
        op: Operation[Any, Any],
        args: Args,
        page_size: int | None,
        page_token: str | None,
        page_number: int | None,
    ) -> _PageRequest:
        url = operation_url(self._context, op, self._params)
        pairs = page_query(op, encode_params(op.query, args), page_size, page_token, page_number)
        return _PageRequest(url, pairs, record_parser(op, self), operation_headers(op, args))

    def _first_page(self, op: Operation[Any, Any], first: _PageRequest) -> Page[Any]:
        return Pager(self._context, op, first.parse, first.headers).page(first.url, first.params)

    async def _first_page_async(
        self, op: Operation[Any, Any], first: _PageRequest
    ) -> AsyncPage[Any]:
        pager = Pager(self._context, op, first.parse, first.headers)
        return await pager.apage(first.url, first.params)

    def _page(self, op: Operation[Any, Any], args: Args) -> Any:
        first = self._page_request(
            op, args, args.get("page_size"), args.get("page_token"), args.get("page_number")
        )
        return self._deliver_page(op, first)

    def _get_page(self, op: Operation[Any, Any], target_url: str) -> Any:
        url = target_page_url(self._context, op, target_url)
        first = _PageRequest(url, [], record_parser(op, self), operation_headers(op, {}))
        return self._deliver_page(op, first)

    def _deliver_page(self, op: Operation[Any, Any], first: _PageRequest) -> Any:
        """The page of a request built (its arguments checked) before any awaitable is
        returned, in this resource's mode."""
        http_info = self._mode.http_info
        if self._mode.awaitable:

            async def page_async() -> Any:
                page = await self._first_page_async(op, first)
                return _with_info(page, page) if http_info else page

            return page_async()
        page = self._first_page(op, first)
        return _with_info(page, page) if http_info else page

    def _stream(self, op: Operation[Any, Any], args: Args) -> Any:
        limit: int | None = args.get("limit")
        page_size = check_limit(limit, args.get("page_size"))
        first = self._page_request(op, args, page_size, args.get("page_token"), None)  # checked
        mode = self._mode
        if mode.awaitable:
            if mode.http_info:  # the first page's status and headers: fetched before returning
                return self._stream_info_async(op, first, limit)
            return _records_async(lambda: self._first_page_async(op, first), limit)
        if mode.http_info:
            page = self._first_page(op, first)
            return _records(lambda: page, limit), page.status_code, page.headers
        return _records(lambda: self._first_page(op, first), limit)

    async def _stream_info_async(
        self, op: Operation[Any, Any], first: _PageRequest, limit: int | None
    ) -> tuple[AsyncIterator[Any], int, httpx.Headers]:
        page = await self._first_page_async(op, first)
        return _records_async(lambda: _ready(page), limit), page.status_code, page.headers

    def _list(self, op: Operation[Any, Any], args: Args) -> Any:
        mode = self._mode
        stream = self._stream(op, args)  # in this mode: see _stream
        if mode.awaitable:
            return self._list_async(stream, mode.http_info)
        if mode.http_info:
            records, status_code, headers = stream
            return ApiResponse(list(records), status_code, headers)
        return list(stream)

    @staticmethod
    async def _list_async(stream: Any, http_info: bool) -> Any:
        if http_info:
            records, status_code, headers = await stream
            return ApiResponse([r async for r in records], status_code, headers)
        return [record async for record in stream]


async def _ready(page: AsyncPage[Any]) -> AsyncPage[Any]:
    return page


class _Budget:
    """How many more records a `limit` allows (None: no limit)."""

    __slots__ = ("left",)

    def __init__(self, limit: int | None) -> None:
        self.left = limit

    def take(self, records: list[Any]) -> list[Any]:
        if self.left is None:
            return records
        taken = records[: self.left]
        self.left -= len(taken)
        return taken

    @property
    def open(self) -> bool:
        return self.left is None or self.left > 0


def _records(first: Callable[[], Page[Any]], limit: int | None) -> Iterator[Any]:
    """Records page by page, from the first page (fetched on the first `next()`), at most
    `limit` of them; one page is held at a time."""
    budget = _Budget(limit)
    page = first() if budget.open else None
    while page is not None:
        yield from budget.take(page.records)
        page = page.next_page() if budget.open else None


async def _records_async(
    first: Callable[[], Awaitable[AsyncPage[Any]]], limit: int | None
) -> AsyncIterator[Any]:
    budget = _Budget(limit)
    page = await first() if budget.open else None
    while page is not None:
        for record in budget.take(page.records):
            yield record
        page = await page.next_page() if budget.open else None


class Resource(ResourceBase):
    """Base of the generated resources of `Client`."""

    __slots__ = ()

    if TYPE_CHECKING:  # the types each call has on a Client (ResourceBase implements them)

        def _request(self, op: Operation[T, Any], args: Args) -> T: ...
        def _page(self, op: Operation[T, Any], args: Args) -> Page[T]: ...
        def _get_page(self, op: Operation[T, Any], target_url: str) -> Page[T]: ...
        def _stream(self, op: Operation[T, Any], args: Args) -> Iterator[T]: ...
        def _list(self, op: Operation[T, Any], args: Args) -> list[T]: ...


class AsyncResource(ResourceBase):
    """Base of the generated resources of `AsyncClient`."""

    __slots__ = ()
    _asynchronous = True

    if TYPE_CHECKING:

        def _request(self, op: Operation[Any, T], args: Args) -> Coroutine[Any, Any, T]: ...
        def _page(self, op: Operation[Any, T], args: Args) -> Coroutine[Any, Any, AsyncPage[T]]: ...
        def _get_page(
            self, op: Operation[Any, T], target_url: str
        ) -> Coroutine[Any, Any, AsyncPage[T]]: ...
        def _stream(self, op: Operation[Any, T], args: Args) -> AsyncIterator[T]: ...
        def _list(self, op: Operation[Any, T], args: Args) -> Coroutine[Any, Any, list[T]]: ...
