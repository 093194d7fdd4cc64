"""The field table that response models (`_models.Model`) and webhook events
(`_webhook_events.Record`) are read through.

A class lists its fields in `_FIELDS`: (python attribute, wire name, parser or None). Reading
never fails on what Twilio adds later: a value that does not parse is kept as sent, and what
Twilio sent under names the table does not know stays readable (`record["NewName"]`,
`additional_properties`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from typing import Self

__all__ = ["Collector", "FieldTable", "Fields"]


class Collector:
    """A field read from several wire names at once (a webhook's numbered `MediaUrl0`,
    `MediaUrl1` …) rather than parsed from one value."""

    __slots__ = ()

    def collect(self, data: Mapping[str, Any], key: str) -> Any:
        """The field named `key`, read from `data`."""
        raise NotImplementedError

    def names(self, data: Mapping[str, Any], key: str) -> Iterable[str]:
        """The names in `data` that the field named `key` is read from."""
        raise NotImplementedError


FieldTable = tuple[tuple[str, str, "Callable[[Any], Any] | Collector | None"], ...]
"""(python attribute, wire name, parser); ``None`` keeps the value as sent."""

# What a parser raises on a value it does not understand; the value is then kept as sent.
_UNPARSED = (ValueError, TypeError, AttributeError, OverflowError)
_EMPTY: Mapping[str, Any] = MappingProxyType({})


class Fields:
    """Values read from wire data through the class's field table."""

    __slots__ = ("_raw",)
    _raw: Mapping[str, Any]  # what was read, as sent
    # Every field: (attribute, wire name, parser or None). A class may list only the fields
    # read under another name or parsed; the rest are added from its annotations, and a
    # subclass has its base's fields too.
    _FIELDS: ClassVar[FieldTable] = ()
    # Derived from _FIELDS when the class is made: fields read as sent, fields parsed, fields
    # collected, and the attribute of each wire name read from one value.
    _PLAIN: ClassVar[tuple[tuple[str, str], ...]] = ()
    _PARSED: ClassVar[tuple[tuple[str, str, Callable[[Any], Any]], ...]] = ()
    _COLLECTED: ClassVar[tuple[tuple[str, str, Collector], ...]] = ()
    _ATTRIBUTES: ClassVar[Mapping[str, str]] = _EMPTY

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        own = cls.__dict__.get("_FIELDS", ())
        annotations = cls.__dict__.get("__annotations__")
        if not own and not annotations:  # a subclass adding methods only: its base's fields
            return
        rows = {row[0]: row for base in cls.__bases__ for row in getattr(base, "_FIELDS", ())}
        for name in annotations or ():
            if not name.startswith("_"):
                rows.setdefault(name, (name, name, None))
        rows.update((row[0], row) for row in own)  # in the place of its annotation
        table = cls._FIELDS = tuple(rows.values())
        cls._PLAIN = tuple((a, key) for a, key, parse in table if parse is None)
        cls._PARSED = tuple(
            (a, key, cls._parser(parse))
            for a, key, parse in table
            if parse is not None and not isinstance(parse, Collector)
        )
        cls._COLLECTED = tuple((a, key, c) for a, key, c in table if isinstance(c, Collector))
        cls._ATTRIBUTES = {key: a for a, key, p in table if not isinstance(p, Collector)}

    @staticmethod
    def _parser(parse: Callable[[Any], Any]) -> Callable[[Any], Any]:
        """The parser a listed one runs as (a subclass may wrap it)."""
        return parse

    @classmethod
    def _read(cls, data: Mapping[str, Any], raw: Mapping[str, Any]) -> Self:
        """An instance with the fields of `data`; `raw` is kept as what was sent."""
        get = data.get
        values = {}
        for attribute, key in cls._PLAIN:  # a loop: faster than a comprehension's frame
            values[attribute] = get(key)
        for attribute, key, parse in cls._PARSED:
            value = get(key)
            if value is not None:
                try:
                    value = parse(value)
                except _UNPARSED:
                    pass
            values[attribute] = value
        for attribute, key, collector in cls._COLLECTED:
            values[attribute] = collector.collect(data, key)
        instance = cls(**values)
        instance._raw = raw
        return instance

    def _sent(self) -> Mapping[str, Any]:
        """What was read, as sent (nothing for an instance built by its constructor)."""
        return getattr(self, "_raw", _EMPTY)

    @property
    def additional_properties(self) -> dict[str, Any]:
        """Fields Twilio sent that this SDK version does not know about."""
        sent = self._sent()
        known: Collection[str] = self._ATTRIBUTES
        if self._COLLECTED:
            known = {*known, *(n for _, key, c in self._COLLECTED for n in c.names(sent, key))}
        return {k: v for k, v in sent.items() if k not in known}

    def __getitem__(self, key: str) -> Any:
        """A field by its wire name, including ones this SDK does not know: parsed if this
        SDK knows it, else as sent."""
        attribute = self._ATTRIBUTES.get(key)
        if attribute is not None:
            return getattr(self, attribute)
        return self._sent()[key]
