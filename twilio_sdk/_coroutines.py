"""One implementation for sync and async code that differs only by ``await``.

Such code is written once, as a coroutine function that is given its I/O (``send``, ``run``):
the async caller awaits it with async I/O; the sync caller gives it sync I/O wrapped by
:func:`ready` (coroutines that return without suspending) and steps it to its end with
:func:`run_sync`, in the calling thread and without an event loop.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any, ParamSpec, TypeVar, cast

from ._errors import ClientStateError

__all__ = ["ready", "run_sync"]

P = ParamSpec("P")
T = TypeVar("T")


def run_sync(coroutine: Coroutine[Any, Any, T]) -> T:
    """The result of ``coroutine``, which must complete without suspending (it awaits only
    :func:`ready` functions and coroutines like it); its exceptions propagate. One that
    suspends (it awaited real async I/O, a bug) is closed and ClientStateError raised."""
    try:
        coroutine.send(None)
    except StopIteration as done:
        return cast(T, done.value)
    coroutine.close()
    raise ClientStateError("run_sync: the coroutine suspended; it awaited real async I/O")


def ready(function: Callable[P, T]) -> Callable[P, Coroutine[Any, Any, T]]:
    """``function`` as a coroutine function whose coroutines return without suspending."""

    async def call(*args: P.args, **kwargs: P.kwargs) -> T:
        return function(*args, **kwargs)

    return call
