"""The official library's method variants, derived from each generated method.

The official library has four names per method: `create`, `create_async` (awaitable),
`create_with_http_info` and `create_with_http_info_async` (an `ApiResponse` with `data`,
`status_code`, `headers`). Here a variant is declared in two lines and costs no copy of the
method's signature, documentation or operation table:

    @_variants.to_async(create)
    def create_async(self) -> None: ...

The decorator discards the stub and returns a function with `create`'s parameters (typed
through `ParamSpec`, so type checkers and IDEs see the exact signature) that runs `create`
on the same resource in another `Mode` (`twilio_sdk._resources`). A record's instance methods
get their variants the same way: the variant runs on the record's resource in that mode.

An `AsyncClient`'s resource classes take their methods from their `Client` twins the same way
(`same_arguments`): the stub gives only the result type (`AsyncAccountsMessagesInstance`).

One decorator per change of result type: `T` becomes `Awaitable[T]`, `ApiResponse[T]` or an
awaitable `ApiResponse[T]`; a `Page` becomes an `AsyncPage`; a stream becomes the official
`(records, status_code, headers)` tuple.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from ._api_response import ApiResponse
from ._pagination import AsyncPage, Page
from ._resources import ASYNC, ASYNC_INFO, SYNC_INFO, Mode, ResourceBase

__all__ = [
    "async_stream_to_http_info",
    "async_to_http_info",
    "page_to_async",
    "page_to_http_info_async",
    "same_arguments",
    "stream_to_async",
    "stream_to_http_info",
    "stream_to_http_info_async",
    "to_async",
    "to_http_info",
    "to_http_info_async",
]

S = TypeVar("S")
T = TypeVar("T")
P = ParamSpec("P")
R = TypeVar("R")

Stub = Callable[..., Any]
Method = Callable[Concatenate[S, P], R]
Awaited = Coroutine[Any, Any, R]
if TYPE_CHECKING:  # httpx only in annotations: the success path never imports it
    import httpx

    StreamInfo = tuple[Iterator[T], int, httpx.Headers]
    AsyncStreamInfo = tuple[AsyncIterator[T], int, httpx.Headers]


class _InstanceInMode:
    """A record's stand-in for a variant: instance methods only read `self._context`."""

    __slots__ = ("_context",)

    def __init__(self, context: ResourceBase) -> None:
        self._context = context


def _in_mode(target: Any, mode: Mode) -> Any:
    if isinstance(target, ResourceBase):
        return target._in_mode(mode)
    return _InstanceInMode(target._context._in_mode(mode))  # a record bound to its resource


def _named(variant: Callable[..., Any], method: Callable[..., Any]) -> Callable[[Stub], Any]:
    """The decorator that puts `variant` in the stub's place, named as the stub, documented
    and signed (for `inspect.signature`) as `method`."""

    def decorate(stub: Stub) -> Any:
        variant.__name__ = stub.__name__
        variant.__qualname__ = stub.__qualname__
        variant.__module__ = stub.__module__
        variant.__doc__ = method.__doc__
        variant.__wrapped__ = method  # type: ignore[attr-defined]
        return variant

    return decorate


def _awaiting(method: Callable[..., Any], mode: Mode) -> Callable[[Stub], Any]:
    """An `async def` variant awaiting what `method` returns in `mode` (a coroutine)."""

    async def variant(self: Any, /, *args: Any, **kwargs: Any) -> Any:
        return await method(_in_mode(self, mode), *args, **kwargs)

    return _named(variant, method)


def _returning(method: Callable[..., Any], mode: Mode) -> Callable[[Stub], Any]:
    """A variant returning what `method` returns in `mode`."""

    def variant(self: Any, /, *args: Any, **kwargs: Any) -> Any:
        return method(_in_mode(self, mode), *args, **kwargs)

    return _named(variant, method)


def _wrapping_async(method: Callable[..., Any]) -> Callable[[Stub], Any]:
    """An `async def` variant returning the async iterator `method` returns in ASYNC mode
    (the official `stream_async` is awaited, then iterated)."""

    async def variant(self: Any, /, *args: Any, **kwargs: Any) -> Any:
        return method(_in_mode(self, ASYNC), *args, **kwargs)

    return _named(variant, method)


# -- variants of a Client's methods


def to_async(method: Method[S, P, T]) -> Callable[[Stub], Method[S, P, Awaited[T]]]:
    """`create` -> `create_async`: the same call, awaitable (sent through the async pipeline)."""
    return _awaiting(method, ASYNC)


def to_http_info(method: Method[S, P, T]) -> Callable[[Stub], Method[S, P, ApiResponse[T]]]:
    """`create` -> `create_with_http_info`: the result with the response's status and headers."""
    return _returning(method, SYNC_INFO)


def to_http_info_async(
    method: Method[S, P, T],
) -> Callable[[Stub], Method[S, P, Awaited[ApiResponse[T]]]]:
    """`create` -> `create_with_http_info_async`."""
    return _awaiting(method, ASYNC_INFO)


def page_to_async(
    method: Method[S, P, Page[T]],
) -> Callable[[Stub], Method[S, P, Awaited[AsyncPage[T]]]]:
    """`page` -> `page_async` (and `get_page` -> `get_page_async`): an awaitable page whose
    `next_page()` is awaitable too."""
    return _awaiting(method, ASYNC)


def page_to_http_info_async(
    method: Method[S, P, Page[T]],
) -> Callable[[Stub], Method[S, P, Awaited[ApiResponse[AsyncPage[T]]]]]:
    """`page` -> `page_with_http_info_async`."""
    return _awaiting(method, ASYNC_INFO)


def stream_to_async(
    method: Method[S, P, Iterator[T]],
) -> Callable[[Stub], Method[S, P, Awaited[AsyncIterator[T]]]]:
    """`stream` -> `stream_async`: awaited, it gives an async iterator of the records."""
    return _wrapping_async(method)


def stream_to_http_info(
    method: Method[S, P, Iterator[T]],
) -> Callable[[Stub], Method[S, P, StreamInfo[T]]]:
    """`stream` -> `stream_with_http_info`: `(records, status_code, headers)` of the first
    page, as the official library returns it."""
    return _returning(method, SYNC_INFO)


def stream_to_http_info_async(
    method: Method[S, P, Iterator[T]],
) -> Callable[[Stub], Method[S, P, Awaited[AsyncStreamInfo[T]]]]:
    """`stream` -> `stream_with_http_info_async`."""
    return _awaiting(method, ASYNC_INFO)


# -- an AsyncClient's methods, from their Client twins', and their variants


def same_arguments(
    method: Callable[Concatenate[Any, P], object],
) -> Callable[[Callable[[S], R]], Callable[Concatenate[S, P], R]]:
    """An `AsyncClient` resource's method, declared by a stub that gives only its result type:

        @_variants.same_arguments(AccountsMessagesList.create)
        async def create(self) -> AsyncAccountsMessagesInstance:
            \"\"\"Send a message (awaitable; ...).\"\"\"
            ...

    It takes the parameters of its `Client` twin `method` and runs the twin's body in the
    resource's own mode (async, or async with http info for its `*_with_http_info` variants),
    where that body returns an awaitable: an `async def` stub awaits it, so the method stays a
    coroutine function; `stream`'s plain stub returns the async iterator as is. The signature,
    documentation and operation table are written once, on the twin."""

    async def awaiting(self: Any, /, *args: Any, **kwargs: Any) -> Any:
        return await method(self, *args, **kwargs)  # type: ignore[misc]

    def returning(self: Any, /, *args: Any, **kwargs: Any) -> Any:
        return method(self, *args, **kwargs)

    def decorate(stub: Callable[[S], R]) -> Callable[Concatenate[S, P], R]:
        variant = awaiting if inspect.iscoroutinefunction(stub) else returning
        named: Callable[Concatenate[S, P], R] = _named(variant, method)(stub)
        return named

    return decorate


def async_to_http_info(
    method: Method[S, P, Awaited[T]],
) -> Callable[[Stub], Method[S, P, Awaited[ApiResponse[T]]]]:
    """An AsyncClient's `create` -> `create_with_http_info` (awaitable)."""
    return _awaiting(method, ASYNC_INFO)


def async_stream_to_http_info(
    method: Method[S, P, AsyncIterator[T]],
) -> Callable[[Stub], Method[S, P, Awaited[AsyncStreamInfo[T]]]]:
    """An AsyncClient's `stream` -> `stream_with_http_info` (awaitable)."""
    return _awaiting(method, ASYNC_INFO)
