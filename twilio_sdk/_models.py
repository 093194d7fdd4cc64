"""Response models: the base of every generated attrs model, and the parsers of its fields.

Parsing never fails on what Twilio adds later (unknown fields and enum values are kept), and
model classes load lazily: generated code names them through `LazyModel`.
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from enum import Enum, StrEnum
from typing import TYPE_CHECKING, Any, Final, TypeVar, cast

from ._errors import InvalidArgumentError
from ._fields import Fields, FieldTable

if TYPE_CHECKING:
    from typing import Self

__all__ = [
    "FieldTable",
    "WireEnum",
    "LazyModel",
    "Model",
    "as_json",
    "enum_parser",
    "lazy_exports",
    "list_parser",
    "model_union_parser",
    "no_content",
    "parse_date",
    "parse_datetime",
    "to_json",
    "utc_naive",
]

T = TypeVar("T")
E = TypeVar("E", bound=Enum)


class WireEnum(StrEnum):
    """Base of every generated enum: a member is its wire value everywhere it prints, as the
    official library's plain strings do (`print(call.direction)`, a list of them, a model's
    repr), and equal to it; `Enum.MEMBER` and `type()` still tell the member apart."""

    def __repr__(self) -> str:
        return repr(self.value)


class Model(Fields):
    """Base of every generated attrs model.

    Parsing never fails on what Twilio adds later: unknown fields are kept in
    `additional_properties`, unknown enum values stay plain strings, values that do not parse
    (a malformed date, say) are kept as sent.
    """

    __slots__ = ("_bound",)
    _bound: Any  # the resource this record was read from, for instance methods

    if not TYPE_CHECKING:  # hidden from type checkers: any other attribute is an error

        def __getattr__(self, name: str) -> Any:
            # The spelling of earlier releases, `type_` for `type`: an alias, not a field.
            if name.endswith("_") and not name.startswith("_"):
                bare = name[:-1]
                if any(row[0] == bare for row in type(self)._FIELDS):
                    return getattr(self, bare)
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Build the model from a decoded JSON object."""
        return cls._read(data, data)

    def to_dict(self) -> dict[str, Any]:
        """The model as JSON-compatible data under Twilio's field names.

        Fields absent from the response stay absent; dates are ISO-8601 strings.
        """
        sent = self._sent()
        result: dict[str, Any] = {}
        for attribute, key, _ in self._FIELDS:
            value = getattr(self, attribute)
            if value is None and key not in sent:
                continue
            result[key] = to_json(value)
        for key, value in sent.items():
            if key not in result:
                result[key] = value
        return result

    def _bound_context(self) -> Any:
        bound = getattr(self, "_bound", None)
        if bound is None:
            raise InvalidArgumentError(
                f"this {type(self).__name__} is not tied to a resource: instance methods work on "
                "records returned by a client call that carry their identifying fields"
            )
        return bound


def to_json(value: Any) -> Any:
    """Convert model values back to JSON-compatible data."""
    if isinstance(value, Model):
        return value.to_dict()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        # Responses keep their sub-second precision when converted back.
        value = utc_naive(value)
        return value.isoformat(timespec="microseconds" if value.microsecond else "seconds") + "Z"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [to_json(v) for v in value]
    return value


# The RFC 2822 form the 2010 API always sends (`Thu, 30 Jul 2015 20:12:31 +0000`): every
# Message, Call, ... has two or three of these. Its shape is checked, then its fixed columns go
# to `datetime.fromisoformat`, which checks the ranges: about 0.9 µs, against 2.3 µs with regex
# groups and `int()`s and 3-5 µs with `email.utils`, which still reads every other form.
_TWILIO_RFC_2822: Final = re.compile(
    r"[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} [1-9]\d{3} \d\d:\d\d:\d\d \+0000", re.ASCII
)
_MONTHS: Final = {
    name: f"{number:02d}"
    for number, name in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}


def _twilio_rfc_2822(value: str) -> datetime | None:
    if _TWILIO_RFC_2822.fullmatch(value) is None:
        return None
    month = _MONTHS.get(value[8:11])
    if month is None:
        return None
    try:  # "2015-07-30T20:12:31+00:00"; a day or an hour out of range raises
        return datetime.fromisoformat(f"{value[12:16]}-{month}-{value[5:7]}T{value[17:25]}+00:00")
    except ValueError:
        return None


def parse_datetime(value: str) -> datetime:
    """ISO-8601 (newer APIs) or RFC 2822 (2010 API: `Thu, 30 Jul 2015 20:12:31 +0000`)."""
    if value[:1].isdigit():
        return datetime.fromisoformat(value)
    return _twilio_rfc_2822(value) or parsedate_to_datetime(value)


def parse_date(value: str) -> date:
    return date.fromisoformat(value[:10])


def enum_parser(enum: type[E]) -> Callable[[Any], E | str]:
    members = enum._value2member_map_

    def parse(value: Any) -> E | str:
        member = members.get(value)
        return member if member is not None else value  # type: ignore[return-value]

    return parse


def list_parser(parse: Callable[[Any], T]) -> Callable[[list[Any]], list[T]]:
    def parse_list(values: list[Any]) -> list[T]:
        # A null inside a list is kept as None rather than dropped.
        return [parse(v) if v is not None else cast(T, v) for v in values]

    return parse_list


class LazyModel:
    """`from_dict` of a generated model, imported on first use.

    Generated resources and models refer to models through these, so importing a resource
    (or a model) does not import every model it may return or contain.
    """

    __slots__ = ("module", "name", "_cls")

    def __init__(self, module: str, name: str) -> None:
        self.module = module
        self.name = name
        self._cls: type[Model] | None = None

    @property
    def model(self) -> type[Model]:
        if self._cls is None:
            self._cls = getattr(importlib.import_module(self.module), self.name)
        return self._cls

    def __call__(self, value: Mapping[str, Any]) -> Any:
        return (self._cls or self.model).from_dict(value)


def model_union_parser(*models: LazyModel) -> Callable[[Mapping[str, Any]], Any]:
    """Parse a oneOf of objects into the alternative that knows most of the payload's keys
    (the first on a tie); whatever it does not know stays in `additional_properties`."""
    known: list[tuple[LazyModel, set[str]]] = []

    def parse(value: Mapping[str, Any]) -> Any:
        if not known:
            known.extend((m, {key for _, key, _ in m.model._FIELDS}) for m in models)
        best = max(known, key=lambda entry: len(entry[1].intersection(value)))
        return best[0](value)

    return parse


def lazy_exports(package: str, modules: Mapping[str, str]) -> Callable[[str], Any]:
    """A module `__getattr__` (PEP 562) importing each exported name from its own module."""

    def __getattr__(name: str) -> Any:
        module = modules.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module, package), name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__


def as_json(value: Any) -> Any:
    return value


def no_content(_: Any) -> bool:
    return True


def utc_naive(value: datetime) -> datetime:
    """An aware datetime converted to naive UTC; a naive one is taken as UTC already."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value
