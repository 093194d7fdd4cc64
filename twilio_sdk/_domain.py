"""Domains and the clients' domain holders: the generated `client.verify`, `client.messages`.

A domain loads its versions on first access, a client its domains; the account shortcuts
(`client.messages`) are descriptors that import their resource class on first use.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar, cast, overload

from ._operations import ClientContext

__all__ = ["AccountShortcut", "Domain", "DomainHolder"]

R = TypeVar("R")


class Domain:
    """Base of generated domain classes (`client.verify`): versions load on first access."""

    __slots__ = ("_context", "_versions")

    def __init__(self, context: ClientContext) -> None:
        self._context = context
        self._versions: dict[str, Any] = {}

    def _version(self, name: str, cls: Callable[[ClientContext], R]) -> R:
        version = self._versions.get(name)
        if version is None:
            version = self._versions[name] = cls(self._context)
        return cast(R, version)


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
