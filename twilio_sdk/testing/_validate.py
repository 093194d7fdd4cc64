"""Request validation as Twilio does it, from the spec: each rule answers 400 (404 for a path
SID that cannot exist) with a Twilio-shaped error naming the parameter.

Rules (each has a test in ``tests/test_testing.py``):

============================  ======  =====  ============================================
rule                          status  code   example
============================  ======  =====  ============================================
``unknown_parameter``         400     20001  ``Bodyy=…`` on CreateMessage
``missing_required``          400     21201  no ``To`` (messages: 21604)
``missing_one_of``            400     21201  neither ``From`` nor ``MessagingServiceSid``
``enum``                      400     20001  ``ContentRetention=forever``
``sid_pattern``               400     20001  ``ApplicationSid=AP123``
``path_sid``                  404     20404  ``Messages/XX123.json``
``integer`` / ``number``      400     20001  ``ValidityPeriod=soon``
``boolean``                   400     20001  ``ProvideFeedback=yes``
``date_time`` / ``date``      400     20001  ``SendAt=tomorrow``
``length`` / ``range``        400     20001  ``PageSize=5000``
``repeated``                  400     20001  ``To`` given twice
``json_body``                 400     20001  a JSON-body operation sent invalid JSON
``content_type``              400     20001  a form body where JSON belongs, or the reverse
============================  ======  =====  ============================================

Route, method and authentication are checked before: 404 (20404) for an unknown path, 405
(20004) for a known path with another method, 401 (20003) for missing or wrong credentials.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ._spec import Operation, Param

__all__ = ["Invalid", "RULES", "validate"]

RULES = (
    "unknown_parameter",
    "missing_required",
    "missing_one_of",
    "enum",
    "sid_pattern",
    "path_sid",
    "integer",
    "number",
    "boolean",
    "date_time",
    "date",
    "length",
    "range",
    "repeated",
    "json_body",
    "content_type",
)

_PAGING = ("PageSize", "Page", "PageToken")
# Parameters Twilio's own clients may send to any list operation.
_SID_PATTERN = re.compile(r"^\^([A-Z]{2})\[0-9a-fA-F\]\{32\}\$$")
_DATE_TIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$"
)


@dataclass
class Invalid(Exception):
    """A request Twilio would refuse: the status, code and message of its answer."""

    status: int
    code: int
    message: str
    rule: str
    parameter: str | None = None

    def body(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "more_info": f"https://www.twilio.com/docs/errors/{self.code}",
            "status": self.status,
        }


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def _bad(rule: str, name: str, message: str, code: int = 20001) -> Invalid:
    return Invalid(400, code, message, rule, name)


def check_value(name: str, value: Any, schema: dict[str, Any], resolve: Any) -> None:
    """Check one form or query value (always a string) against its schema."""
    schema = resolve(schema)
    kind = schema.get("type")
    text = value if isinstance(value, str) else json.dumps(value)
    if "enum" in schema and text not in [str(v) for v in schema["enum"]]:
        allowed = ", ".join(str(v) for v in schema["enum"])
        raise _bad("enum", name, f"Invalid value '{text}' for {name}: must be one of {allowed}")
    pattern = schema.get("pattern")
    if isinstance(pattern, str) and not re.search(pattern, text):
        sid = _SID_PATTERN.match(pattern)
        what = f"a {sid.group(1)} SID" if sid else f"matching {pattern}"
        raise _bad("sid_pattern", name, f"Invalid {name}: '{text}' is not {what}")
    if kind == "integer":
        if not re.fullmatch(r"-?\d+", text):
            raise _bad("integer", name, f"Invalid {name}: '{text}' is not an integer")
        _range(name, int(text), schema)
    elif kind == "number":
        try:
            number = float(text)
        except ValueError:
            raise _bad("number", name, f"Invalid {name}: '{text}' is not a number") from None
        _range(name, number, schema)
    elif kind == "boolean":
        if text.lower() not in ("true", "false"):
            raise _bad("boolean", name, f"Invalid {name}: '{text}' is not true or false")
    elif kind == "string":
        fmt = schema.get("format")
        if fmt == "date-time" and not _is_date_time(text):
            raise _bad("date_time", name, f"Invalid {name}: '{text}' is not an ISO 8601 date-time")
        if fmt == "date":
            try:
                date.fromisoformat(text)
            except ValueError:
                raise _bad("date", name, f"Invalid {name}: '{text}' is not a date") from None
        lo, hi = schema.get("minLength"), schema.get("maxLength")
        if (lo is not None and len(text) < lo) or (hi is not None and len(text) > hi):
            raise _bad(
                "length", name, f"Invalid {name}: length {len(text)} is outside [{lo}, {hi}]"
            )


def _is_date_time(text: str) -> bool:
    if not _DATE_TIME.match(text):
        return False
    try:
        datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _range(name: str, number: float, schema: dict[str, Any]) -> None:
    lo, hi = schema.get("minimum"), schema.get("maximum")
    if (lo is not None and number < lo) or (hi is not None and number > hi):
        raise _bad("range", name, f"Invalid {name}: {number:g} is outside [{lo}, {hi}]")


def validate(
    op: Operation,
    path_values: dict[str, str],
    query: Sequence[tuple[str, str]],
    content_type: str | None,
    body: bytes,
) -> tuple[dict[str, Any], Any]:
    """Check a request; return its parameters (lists for repeated ones) and its JSON body."""
    resolve = op.file.resolve
    for name, value in path_values.items():
        param = op.params.get(name)
        if param is None:
            continue
        try:
            check_value(name, value, param.schema, resolve)
        except Invalid:
            raise Invalid(
                404,
                20404,
                f"The requested resource {op.path.replace('{' + name + '}', value)} was not found",
                "path_sid",
                name,
            ) from None
    declared: dict[str, Param] = {
        n: p for n, p in op.params.items() if p.location in ("query", "header")
    }
    query_params = {n: p for n, p in declared.items() if p.location == "query"}
    values: dict[str, Any] = {}
    _collect(query, query_params, values, resolve, allow=_PAGING if op.list_key else ())
    expected_type, schema = op.body
    json_body: Any = None
    sent_type = (content_type or "").split(";", 1)[0].strip().lower()
    if expected_type == "application/json":
        if body and sent_type != "application/json":
            raise _bad("content_type", "Content-Type", "This operation takes a JSON body")
        if body:
            try:
                json_body = json.loads(body)
            except ValueError:
                raise _bad("json_body", "body", "The request body is not valid JSON") from None
            if schema.get("type") == "object" and not isinstance(json_body, dict):
                raise _bad("json_body", "body", "The request body must be a JSON object")
            if isinstance(json_body, dict):
                _check_json(op, json_body, schema)
        elif schema.get("required"):
            raise _bad(
                "missing_required",
                schema["required"][0],
                f"Missing required parameter {schema['required'][0]} in the post body",
                21201,
            )
        return values, json_body
    if body:
        if sent_type == "application/json":
            raise _bad("content_type", "Content-Type", "This operation takes a form body")
        from urllib.parse import parse_qsl

        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True)
        _collect(pairs, op.body_params, values, resolve, allow=())
    for name, param in op.body_params.items():
        if param.required and name not in values:
            code = 21604 if (op.operation_id, name) == ("CreateMessage", "To") else 21201
            raise _bad(
                "missing_required",
                name,
                f"Missing required parameter {name} in the post body",
                code,
            )
    for name, param in query_params.items():
        if param.required and name not in values:
            raise _bad("missing_required", name, f"Missing required parameter {name}", 21201)
    _one_of(op, values)
    return values, json_body


def _collect(
    pairs: Sequence[tuple[str, str]],
    declared: dict[str, Param],
    values: dict[str, Any],
    resolve: Any,
    allow: Sequence[str],
) -> None:
    for name, value in pairs:
        param = declared.get(name)
        if param is None:
            if name in allow:
                if name == "PageSize":
                    check_value(
                        name, value, {"type": "integer", "minimum": 1, "maximum": 1000}, resolve
                    )
                values[name] = value
                continue
            raise _bad("unknown_parameter", name, f"Unknown parameter {name}")
        schema = resolve(param.schema)
        if schema.get("type") == "array":
            check_value(name, value, schema.get("items", {}), resolve)
            values.setdefault(name, []).append(value)
            continue
        if name in values:
            raise _bad("repeated", name, f"Parameter {name} was given more than once")
        check_value(name, value, schema, resolve)
        values[name] = value


def _check_json(op: Operation, body: dict[str, Any], schema: dict[str, Any]) -> None:
    props = schema.get("properties") or {}
    for name in schema.get("required") or ():
        if name not in body:
            raise _bad("missing_required", name, f"Missing required parameter {name}", 21201)
    if props and schema.get("additionalProperties") is not True:
        for name in body:
            if name not in props:
                raise _bad("unknown_parameter", name, f"Unknown parameter {name}")
    for name, value in body.items():
        prop = op.file.resolve(props.get(name, {}))
        kind = prop.get("type")
        if value is None:
            continue
        checks = {
            "string": isinstance(value, str),
            "integer": isinstance(value, int) and not isinstance(value, bool),
            "number": isinstance(value, int | float) and not isinstance(value, bool),
            "boolean": isinstance(value, bool),
            "array": isinstance(value, list),
            "object": isinstance(value, dict),
        }
        if kind in checks and not checks[kind]:
            rule = kind if kind in RULES else "json_body"
            raise _bad(rule, name, f"Invalid {name}: expected {kind}, got {type(value).__name__}")
        if isinstance(value, str):
            check_value(name, value, prop, op.file.resolve)


def _one_of(op: Operation, values: dict[str, Any]) -> None:
    if not op.conditional:
        return
    wire = {_snake(n): n for n in op.body_params}
    for group in op.conditional:
        if not any(wire.get(name, name) in values for name in group):
            names = [wire.get(name, name) for name in group]
            code = 21201
            if op.operation_id == "CreateMessage":
                code = 21603 if "From" in names else 21619
            raise _bad(
                "missing_one_of",
                names[0],
                f"One of {', '.join(names)} is required",
                code,
            )
