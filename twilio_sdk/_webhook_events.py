"""Runtime of the webhook event models generated from ``spec/webhooks/`` (``generate`` step).

A webhook carries flat name/value parameters (a form body, or a JSON object), read through the
field table of ``_fields`` as response models are: each generated model lists in ``_FIELDS``
the fields read under another name or parsed (python attribute, parameter name, parser).
Parsing never fails on what Twilio adds later: unknown parameters are kept and readable
(``event["NewParameter"]``, :attr:`Record.additional_properties`), unknown enum values stay
plain strings, and a value that does not parse is kept as sent.

Event models also say which requests they describe (``_MATCH``, checked in ``_ORDER``), so
a listener can tell a status callback from an incoming message by what the request carries.
"""

from __future__ import annotations

import fnmatch
import functools
import re
from collections.abc import Callable, Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

import attrs

from ._fields import Collector, Fields, FieldTable

if TYPE_CHECKING:
    from typing import Self

__all__ = [
    "Event",
    "FieldTable",
    "Indexed",
    "Match",
    "Record",
    "classify",
    "parse_bool",
    "parse_float",
    "parse_int",
]

R = TypeVar("R", bound="Record")


def parse_int(value: Any) -> int:
    """``"3"`` -> 3 (form values are strings; JSON ones may already be numbers)."""
    if isinstance(value, bool):
        raise TypeError("a boolean is not an integer")
    return value if isinstance(value, int) else int(str(value).strip())


def parse_float(value: Any) -> float:
    """``"0.92"`` -> 0.92."""
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    return float(value)


def parse_bool(value: Any) -> bool:
    """``"true"``/``"false"`` in any case; anything else does not parse (and is kept)."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "false"):
        return text == "true"
    raise ValueError(f"not a boolean: {value!r}")


@attrs.frozen
class Indexed(Collector, Generic[R]):
    """Parser of a list sent as numbered parameters: a field named ``Media`` whose items have
    ``Url`` and ``ContentType`` is read from ``MediaUrl0``, ``MediaContentType0``,
    ``MediaUrl1`` … in index order."""

    item: type[R]

    def collect(self, data: Mapping[str, Any], key: str) -> list[R]:
        """The items of the list named ``key``, in index order."""
        pattern = _numbered(self.item, key)
        items: dict[int, dict[str, Any]] = {}
        for name, value in data.items():
            # startswith first: most parameters are not numbered ones, and it is cheaper
            match = pattern.fullmatch(name) if name.startswith(key) else None
            if match:
                items.setdefault(int(match[2]), {})[match[1]] = value
        return [self.item.from_params(items[index]) for index in sorted(items)]

    def names(self, data: Mapping[str, Any], key: str) -> list[str]:
        """The numbered parameters of the list named ``key`` in ``data``."""
        pattern = _numbered(self.item, key)
        return [name for name in data if name.startswith(key) and pattern.fullmatch(name)]


# Compiled once per (model, list name), a few dozen in all: collect() runs for every request.
_NUMBERED: dict[tuple[type[Record], str], re.Pattern[str]] = {}


def _numbered(item: type[Record], prefix: str) -> re.Pattern[str]:
    """The numbered parameters of the list named ``prefix``: (item field, index)."""
    pattern = _NUMBERED.get((item, prefix))
    if pattern is None:
        names = "|".join(re.escape(key) for _, key, _ in item._FIELDS)
        pattern = re.compile(rf"{re.escape(prefix)}({names})(0|[1-9][0-9]*)")
        _NUMBERED[item, prefix] = pattern
    return pattern


class Record(Fields):
    """Named values Twilio sent: the base of every generated webhook model.

    Fields are typed attributes with Python names (``event.from_``, ``event.num_media``);
    ``event["From"]`` reads any parameter by the name Twilio sent, including ones this SDK
    does not know yet.
    """

    __slots__ = ()

    @staticmethod
    def _parser(parse: Callable[[Any], Any]) -> Callable[[Any], Any]:
        def parse_param(value: Any) -> Any:
            # Twilio sends empty parameters (FromZip=, ErrorCode=) for "none".
            return None if value == "" else parse(value)

        return parse_param

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> Self:
        """Build the model from the parameters of a request (or a decoded JSON object)."""
        return cls._read(params, MappingProxyType(dict(params)))

    def to_dict(self) -> dict[str, Any]:
        """Every parameter as Twilio sent it, under Twilio's names."""
        return dict(self._sent())

    def __contains__(self, name: object) -> bool:
        """Whether Twilio sent a parameter of this name."""
        return name in self._sent()

    def get(self, name: str, default: Any = None) -> Any:
        """``event[name]`` if Twilio sent it, else ``default``."""
        return self[name] if name in self else default


@attrs.frozen
class Match:
    """Which requests an event type describes, by the parameters they carry: every name in
    ``all_``, at least one in ``any_`` (if given) and none in ``none``."""

    all_: tuple[str, ...] = ()
    any_: tuple[str, ...] = ()
    none: tuple[str, ...] = ()

    def __call__(self, params: Mapping[str, Any]) -> bool:
        """Whether a request with these parameters is of this type."""
        return (
            all(name in params for name in self.all_)
            and (not self.any_ or any(name in params for name in self.any_))
            and not any(name in params for name in self.none)
        )


class Event(Record):
    """A request Twilio sent to a webhook: the base of every event type.

    A request that no event type describes is received as a plain ``Event``: its parameters
    are readable by name (``event["Param"]``, :meth:`Record.to_dict`).
    """

    __slots__ = ()
    _MATCH: ClassVar[Match | None] = None
    """Requests of this type, or None for types never taken from form parameters."""
    _ORDER: ClassVar[int] = 1000
    """Event types are tried in this order; the first whose ``_MATCH`` accepts wins."""
    _CLOUD_EVENT_TYPES: ClassVar[tuple[str, ...]] = ()
    """CloudEvent ``type`` patterns (``fnmatch``) of an Event Streams event model."""


def classify(
    params: Mapping[str, Any], event_types: Iterator[type[Event]] | tuple[type[Event], ...]
) -> type[Event]:
    """The first event type (by ``_ORDER``) whose match accepts ``params``; :class:`Event`
    when none does."""
    for event_type in _in_order(tuple(event_types)):  # tuple() of a tuple is that tuple
        if event_type._MATCH is not None and event_type._MATCH(params):
            return event_type
    return Event


@functools.lru_cache(maxsize=16)
def _in_order(event_types: tuple[type[Event], ...]) -> tuple[type[Event], ...]:
    # Sorted once per tuple of types (callers pass the same few tuples), not per request.
    return tuple(sorted(event_types, key=lambda t: (t._ORDER, t.__name__)))


def cloud_event_type(
    type_: str, models: tuple[type[Event], ...], default: type[Event]
) -> type[Event]:
    """The Event Streams model whose ``_CLOUD_EVENT_TYPES`` match a CloudEvent ``type``."""
    for model in models:
        if any(fnmatch.fnmatchcase(type_, pattern) for pattern in model._CLOUD_EVENT_TYPES):
            return model
    return default
