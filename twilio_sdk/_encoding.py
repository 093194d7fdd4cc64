"""Request parameters: how each value goes on the wire, checked before anything is sent.

Generated operations describe their query, form and header parameters as tables of `Param`;
`encode_params` turns the values a caller gave into wire pairs with the encoder of each
parameter. The encoders follow the official library's serialisation (booleans `true`/`false`,
datetimes ISO-8601 UTC with `Z`, dates `YYYY-MM-DD`, objects as a JSON string) and refuse what
it would send as garbage: a dict where a string belongs, `"yes"` for a boolean, a number where a
date belongs. The error names the parameter; nothing reaches the network.
"""

from __future__ import annotations

import json
import math
import re
import zlib
from collections.abc import Callable, Mapping
from datetime import date, datetime
from enum import Enum
from typing import Any, Final, Literal, NamedTuple, TypeAlias, get_args

from ._errors import ArgumentTypeError, InvalidArgumentError
from ._models import Model, to_json, utc_naive

__all__ = [
    "BoolString",
    "Param",
    "ParamTable",
    "CONTENT_CODINGS",
    "check_header_value",
    "encode_any",
    "encode_body",
    "encode_bool",
    "encode_content_coding",
    "encode_date",
    "encode_datetime",
    "encode_int",
    "encode_json",
    "encode_number",
    "encode_params",
    "encode_str",
]


class Param(NamedTuple):
    """One request parameter of an operation (a row of its query, form or header table)."""

    wire: str  # the name Twilio reads: `To`, `DateSent<`, `X-Twilio-Webhook-Enabled`
    name: str  # the Python keyword, named in errors
    encode: Callable[[Any], str]
    repeated: bool = False  # a list parameter, sent as repeated keys
    required: bool = False
    map_prefix: str | None = None  # a mapping sent as `<prefix>.<key>=<value>` pairs


ParamTable = tuple[Param, ...]

# Values that have no single-string form: their repr would go on the wire.
_CONTAINERS: Final = (Mapping, list, tuple, set, frozenset, bytes, bytearray, memoryview, Model)


def _refuse_container(value: object, expected: str) -> None:
    if isinstance(value, _CONTAINERS):
        raise ArgumentTypeError(f"expected {expected}, got {type(value).__name__}")


def encode_str(value: Any) -> str:
    """Strings, numbers and enums (their value), as the official library sends them."""
    if type(value) is str:
        return value
    if isinstance(value, Enum):
        return str(value.value)
    _refuse_container(value, "a string or a number")
    return str(value)


#: The strings a boolean parameter takes besides `True`/`False`: Twilio reads `true`/`false`;
#: Python's `str(True)` spelling (`"True"`, as Twilio's docs samples write it) and the upper-case
#: one are sent lower-cased, as the official library sends every string it is given.
BoolString: TypeAlias = Literal["true", "false", "True", "False", "TRUE", "FALSE"]

_INTEGER: Final = re.compile(r"[+-]?[0-9]+")


def encode_bool(value: Any) -> str:
    """`true`/`false`; the strings "true"/"false" in any case are sent lower-cased, as the
    official library sends them (`BoolString` types the usual spellings). Any other string is
    refused (`"yes"` or `"0"` must not be guessed at)."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        lowered = value.lower()
        if lowered in ("true", "false"):
            return lowered
        raise InvalidArgumentError(
            f"expected a bool or one of {', '.join(map(repr, get_args(BoolString)))}, got {value!r}"
        )
    raise ArgumentTypeError(f"expected a bool, got {type(value).__name__}")


def encode_int(value: Any) -> str:
    """An integer, or a string of decimal digits (`"510"`, as Twilio's docs samples write it),
    sent as given. A bool, a float or any other string is refused."""
    if isinstance(value, str):
        if _INTEGER.fullmatch(value):
            return value
        raise InvalidArgumentError(f"expected an integer or a string of digits, got {value!r}")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, Enum) and isinstance(value.value, int):
        return str(value.value)
    raise ArgumentTypeError(f"expected an integer, got {type(value).__name__}")


def encode_number(value: Any) -> str:
    """A finite int or float (`str()`, as the official library sends it), or a string of such
    a number, sent as given."""
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        if math.isfinite(number) and value.strip() == value and "_" not in value:
            return value
        raise InvalidArgumentError(f"expected a number or a string of one, got {value!r}")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if math.isfinite(value):
            return str(value)
        raise InvalidArgumentError(f"expected a finite number, got {value!r}")
    raise ArgumentTypeError(f"expected a number, got {type(value).__name__}")


def encode_datetime(value: Any) -> str:
    """ISO-8601 in UTC with a `Z`, to the second, as the official library sends it; naive
    datetimes are taken as UTC, aware ones converted to UTC. A date is that day: midnight,
    `2016-08-31T00:00:00Z`, byte for byte what the official library sends. A string (ISO-8601,
    as the types say) is sent as given, as the official library sends it."""
    if isinstance(value, str):
        return value
    if isinstance(value, datetime):
        return utc_naive(value).isoformat(timespec="seconds") + "Z"
    if isinstance(value, date):
        return value.isoformat() + "T00:00:00Z"
    raise ArgumentTypeError(f"expected a datetime, a date or a string, got {type(value).__name__}")


def encode_date(value: Any) -> str:
    """`YYYY-MM-DD` (a datetime gives its date). A string (`YYYY-MM-DD`, or an offset from
    today that Twilio's usage records take, `-30days`) is sent as given, as the official
    library sends it."""
    if isinstance(value, str):
        return value
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    raise ArgumentTypeError(f"expected a date or a string, got {type(value).__name__}")


def encode_json(value: Any) -> str:
    """Object parameters travel in forms as a JSON string (Studio `Definition`, Sync `Data` …)."""
    if isinstance(value, str):
        return value
    try:
        # Default separators: byte-identical to the official library.
        return json.dumps(to_json(value), allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise ArgumentTypeError(f"expected JSON-serialisable data: {exc}") from None


def encode_any(value: Any) -> str:
    """A parameter of several types (a oneOf in the spec): encoded by what the value is."""
    if isinstance(value, bool):
        return encode_bool(value)
    if isinstance(value, (datetime, date)):
        return encode_datetime(value)
    if isinstance(value, (dict, list, Model)):
        return encode_json(value)
    return encode_str(value)


#: The content codings the SDK applies to a request body: a `Content-Encoding` header
#: parameter (Memory v1) may name only these, since the header promises a body so encoded.
CONTENT_CODINGS: Final = ("gzip", "deflate")


def encode_content_coding(value: Any) -> str:
    """A `Content-Encoding` header parameter: `gzip` or `deflate` (any case), sent as given;
    the pipeline then compresses the body accordingly. Any other coding (`br`, `compress`,
    a list of codings) is refused: the body would not be what the header announces."""
    text = encode_str(value)
    if text.strip().lower() not in CONTENT_CODINGS:
        raise InvalidArgumentError(
            f"cannot encode the request body as {text!r}; use one of {', '.join(CONTENT_CODINGS)}"
        )
    return text


def encode_body(content: bytes, coding: str) -> bytes:
    """`content` encoded with the content coding `coding` (see `CONTENT_CODINGS`): gzip
    (RFC 1952, no timestamp, so a body always compresses to the same bytes) or deflate
    (HTTP's `deflate` is the zlib format, RFC 1950)."""
    name = coding.strip().lower()
    if name == "gzip":
        # zlib with a gzip wrapper (wbits=31) is gzip.compress(content, mtime=0) without
        # importing the gzip module.
        compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
        return compressor.compress(content) + compressor.flush()
    if name == "deflate":
        return zlib.compress(content)
    raise InvalidArgumentError(
        f"cannot encode the request body as {coding!r}; use one of {', '.join(CONTENT_CODINGS)}"
    )


def check_header_value(value: str) -> str:
    """Refuse CR/LF/NUL, which would split or end the header (header injection)."""
    if "\r" in value or "\n" in value or "\0" in value:
        raise InvalidArgumentError(f"a header value may not contain CR, LF or NUL: {value!r}")
    return value


def _encode_one(param: Param, value: Any, header: bool) -> str:
    try:
        text = param.encode(value)
        return check_header_value(text) if header else text
    except (ArgumentTypeError, InvalidArgumentError) as exc:
        raise type(exc)(f"parameter {param.name!r} ({param.wire}): {exc}") from None


def _collapsed_map(param: Param, value: Any) -> list[tuple[str, str]]:
    """`{"k": {"n": 1}}` -> `[("AddOns.k.n", "1")]`, as the official library flattens a
    `prefixed-collapsible-map` parameter."""
    if not isinstance(value, Mapping):
        raise ArgumentTypeError(
            f"parameter {param.name!r} ({param.wire}): expected a dict, got {type(value).__name__}"
        )
    pairs: list[tuple[str, str]] = []
    for key, item in value.items():
        name = f"{param.map_prefix}.{key}"
        if isinstance(item, Mapping):
            pairs.extend(_collapsed_map(param._replace(map_prefix=name), item))
        else:
            leaf = param._replace(wire=name, encode=encode_str)  # str(), as the official library
            pairs.append((name, _encode_one(leaf, item, False)))
    return pairs


def encode_params(
    table: ParamTable, args: Mapping[str, Any], *, header: bool = False
) -> list[tuple[str, str]]:
    """Wire pairs of the table's parameters, their values read from `args` by Python name
    (a generated method passes its `locals()`); None or absent means "not sent" (refused for
    a required parameter), lists and tuples of a list parameter become repeated keys."""
    pairs: list[tuple[str, str]] = []
    for param in table:
        value = args.get(param.name)
        if value is None:
            if param.required:
                raise ArgumentTypeError(
                    f"parameter {param.name!r} ({param.wire}) is required and may not be None"
                )
            continue
        if param.map_prefix is not None:
            pairs.extend(_collapsed_map(param, value))
        elif param.repeated and isinstance(value, (list, tuple)):
            for item in value:
                if item is None:
                    raise ArgumentTypeError(
                        f"parameter {param.name!r} ({param.wire}): None inside the list"
                    )
                pairs.append((param.wire, _encode_one(param, item, header)))
        else:
            pairs.append((param.wire, _encode_one(param, value, header)))
    return pairs
