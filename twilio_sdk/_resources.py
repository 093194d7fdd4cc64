"""Resources and domains: the bases of generated classes.

Each generated resource method is a one-line call into `Resource` / `AsyncResource` with its
`Operation`; domains and the clients' domain holders load their versions on first access.
"""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Generic, NamedTuple, Self, TypeVar, cast, overload

from ._encoding import encode_params
from ._operations import (
    ClientContext,
    Operation,
    build_request,
    operation_headers,
    operation_url,
    parse_response,
    record_parser,
    request_kwargs,
)
from ._pagination import (
    AsyncPage,
    Page,
    afetch_page,
    check_limit,
    fetch_page,
    page_query,
    target_page_url,
)

__all__ = ["AccountShortcut", "AsyncResource", "Domain", "DomainHolder", "Resource"]

T = TypeVar("T")


class _PageRequest(NamedTuple):
    """The first page's request of a list call, built (and its arguments checked) up front."""

    url: str
    params: list[tuple[str, str]]
    parse: Callable[[Any], Any]
    headers: dict[str, str] | None


class _ResourceBase:
    __slots__ = ("_client", "_params")

    def __init__(self, client: ClientContext, params: tuple[Any, ...] = ()) -> None:
        self._client = client
        self._params = params

    def __repr__(self) -> str:
        params = ", ".join(map(str, self._params))
        return f"<{type(self).__name__}({params})>"

    def _page_request(
        self,
        op: Operation[Any],
        query: Sequence[Any],
        page_size: int | None,
        page_token: str | None,
        page_number: int | None,
        headers: Sequence[Any],
    ) -> _PageRequest:
        url = operation_url(self._client, op, self._params)
        pairs = page_query(op, encode_params(op.query, query), page_size, page_token, page_number)
        return _PageRequest(url, pairs, record_parser(op, self), operation_headers(op, headers))


class Resource(_ResourceBase):
    """Base of generated synchronous resources."""

    __slots__ = ()

    def _request(
        self,
        op: Operation[T],
        query: Sequence[Any],
        form: Sequence[Any],
        body: Any = None,
        headers: Sequence[Any] = (),
    ) -> T:
        url, q, f, b = build_request(self._client, op, self._params, query, form, body)
        kwargs = request_kwargs(op, q, f, b, headers)
        response = self._client.pipeline.request(op.method, url, **kwargs)
        return parse_response(op, response, self)

    def _page(
        self,
        op: Operation[T],
        query: Sequence[Any],
        form: Sequence[Any],
        page_size: int | None = None,
        page_token: str | None = None,
        page_number: int | None = None,
        headers: Sequence[Any] = (),
    ) -> Page[T]:
        first = self._page_request(op, query, page_size, page_token, page_number, headers)
        return fetch_page(self._client, op, first.url, first.parse, first.headers, first.params)

    def _stream(
        self,
        op: Operation[T],
        query: Sequence[Any],
        form: Sequence[Any],
        limit: int | None = None,
        page_size: int | None = None,
        headers: Sequence[Any] = (),
        page_token: str | None = None,
    ) -> Iterator[T]:
        page_size = check_limit(limit, page_size)
        first = self._page_request(op, query, page_size, page_token, None, headers)  # checked
        if limit == 0:
            return iter(())
        return self._iterate(op, first, limit)

    def _iterate(self, op: Operation[T], first: _PageRequest, limit: int | None) -> Iterator[T]:
        page: Page[T] | None = fetch_page(
            self._client, op, first.url, first.parse, first.headers, first.params
        )
        remaining = limit
        while page is not None:
            for record in page.records:
                yield record
                if remaining is not None:
                    remaining -= 1
                    if remaining <= 0:
                        return
            page = page.next_page()

    def _list(
        self,
        op: Operation[T],
        query: Sequence[Any],
        form: Sequence[Any],
        limit: int | None = None,
        page_size: int | None = None,
        headers: Sequence[Any] = (),
        page_token: str | None = None,
    ) -> list[T]:
        return list(self._stream(op, query, form, limit, page_size, headers, page_token))

    def _get_page(self, op: Operation[T], target_url: str) -> Page[T]:
        url = target_page_url(self._client, op, target_url)
        parse = record_parser(op, self)
        return fetch_page(self._client, op, url, parse, operation_headers(op, ()))


class AsyncResource(_ResourceBase):
    """Base of generated asynchronous resources."""

    __slots__ = ()

    async def _request(
        self,
        op: Operation[T],
        query: Sequence[Any],
        form: Sequence[Any],
        body: Any = None,
        headers: Sequence[Any] = (),
    ) -> T:
        url, q, f, b = build_request(self._client, op, self._params, query, form, body)
        kwargs = request_kwargs(op, q, f, b, headers)
        response = await self._client.pipeline.request(op.method, url, **kwargs)
        return parse_response(op, response, self)

    async def _page(
        self,
        op: Operation[T],
        query: Sequence[Any],
        form: Sequence[Any],
        page_size: int | None = None,
        page_token: str | None = None,
        page_number: int | None = None,
        headers: Sequence[Any] = (),
    ) -> AsyncPage[T]:
        first = self._page_request(op, query, page_size, page_token, page_number, headers)
        return await afetch_page(
            self._client, op, first.url, first.parse, first.headers, first.params
        )

    def _stream(
        self,
        op: Operation[T],
        query: Sequence[Any],
        form: Sequence[Any],
        limit: int | None = None,
        page_size: int | None = None,
        headers: Sequence[Any] = (),
        page_token: str | None = None,
    ) -> AsyncIterator[T]:
        page_size = check_limit(limit, page_size)
        first = self._page_request(op, query, page_size, page_token, None, headers)  # checked
        return self._iterate(op, first, limit)

    async def _iterate(
        self, op: Operation[T], first: _PageRequest, limit: int | None
    ) -> AsyncIterator[T]:
        if limit == 0:
            return
        page: AsyncPage[T] | None = await afetch_page(
            self._client, op, first.url, first.parse, first.headers, first.params
        )
        remaining = limit
        while page is not None:
            for record in page.records:
                yield record
                if remaining is not None:
                    remaining -= 1
                    if remaining <= 0:
                        return
            page = await page.next_page()

    async def _list(
        self,
        op: Operation[T],
        query: Sequence[Any],
        form: Sequence[Any],
        limit: int | None = None,
        page_size: int | None = None,
        headers: Sequence[Any] = (),
        page_token: str | None = None,
    ) -> list[T]:
        stream = self._stream(op, query, form, limit, page_size, headers, page_token)
        return [record async for record in stream]

    async def _get_page(self, op: Operation[T], target_url: str) -> AsyncPage[T]:
        url = target_page_url(self._client, op, target_url)
        parse = record_parser(op, self)
        return await afetch_page(self._client, op, url, parse, operation_headers(op, ()))


R = TypeVar("R")


class Domain:
    """Base of generated domain classes (`client.verify`): versions load on first access."""

    __slots__ = ("_context", "_versions")
    _DEFAULT_VERSIONS: ClassVar[tuple[str, ...]] = ()

    def __init__(self, context: ClientContext) -> None:
        self._context = context
        self._versions: dict[str, Any] = {}

    def _version(self, name: str, cls: Callable[[ClientContext], R]) -> R:
        version = self._versions.get(name)
        if version is None:
            version = self._versions[name] = cls(self._context)
        return cast(R, version)

    def __getattr__(self, name: str) -> Any:
        # Shortcuts as in the official library: `client.verify.services` -> `verify.v2.services`.
        if name.startswith("_"):
            raise AttributeError(name)
        for version in self._DEFAULT_VERSIONS:
            resource = getattr(self, version)
            if hasattr(type(resource), name):
                return getattr(resource, name)
        raise AttributeError(f"{type(self).__name__} has no resource {name!r} in any version")


class DomainHolder:
    """Base of the generated `Domains` mixins: one cached domain object per client."""

    __slots__ = ()
    _context: ClientContext
    _domains: dict[str, Any]

    if TYPE_CHECKING:  # provided by the client; the account shortcuts read it

        @property
        def account_sid(self) -> str: ...

    def _domain(self, name: str, cls: Callable[[ClientContext], R]) -> R:
        domain = self._domains.get(name)
        if domain is None:
            domain = self._domains[name] = cls(self._context)
        return cast(R, domain)


class AccountShortcut(Generic[R]):
    """A client's account shortcut: `client.messages` is `client.api.v2010.account.messages`.

    A descriptor rather than a property: the resource class is imported by name on first use
    (so neither the Account resource nor its model is loaded for it, about 3 ms at start-up)
    and the resource is built once per client (resources hold no state but their client and
    path parameters, and a client's account never changes); later accesses are a dict lookup.
    """

    def __init__(self, module: str, class_name: str) -> None:
        self._module = module
        self._class_name = class_name
        self._key = "shortcut:" + class_name

    def __set_name__(self, owner: type[Any], name: str) -> None:
        self._key = "shortcut:" + name
        self.__doc__ = f"Shortcut for `api.v2010.accounts(<account sid>).{name}`."

    @overload
    def __get__(self, holder: None, owner: type[Any] | None = None) -> Self: ...

    @overload
    def __get__(self, holder: DomainHolder, owner: type[Any] | None = None) -> R: ...

    def __get__(self, holder: DomainHolder | None, owner: type[Any] | None = None) -> Self | R:
        if holder is None:
            return self
        found = holder._domains.get(self._key)
        if found is None:
            cls = getattr(importlib.import_module(self._module), self._class_name)
            found = holder._domains[self._key] = cls(holder._context, (holder.account_sid,))
        return cast(R, found)
