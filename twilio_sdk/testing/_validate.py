"""Request validation as Twilio does it, from the spec: each rule answers 400 (404 for a path
SID that cannot exist) with a Twilio-shaped error naming the parameter.

Rules (each has a test in ``tests/testing/test_testing.py``):

============================  ======  =====  ============================================
rule                          status  code   example
============================  ======  =====  ============================================
``unknown_parameter``         400     20001  ``Bodyy=…`` on CreateMessage
``missing_required``          400     21201  no ``PhoneNumber`` on CreateValidationRequest
``missing_one_of``            400     21201  none of ``Url``, ``Twiml``, ``ApplicationSid``
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

A message's or call's ``To`` and ``From`` and a message's body are checked by the rules
below rather than by ``missing_required`` / ``missing_one_of``, with Twilio's own codes.

Numbers and bodies, as Twilio checks them when a message is sent (CreateMessage) or a call
placed (CreateCall, and CreateParticipant, which places one); each has a test in
``tests/testing/test_fake_numbers.py``. Codes and messages are those of Twilio's error dictionary
(https://www.twilio.com/docs/api/errors):

========================  =====  ===========================================================
rule                      code   refused
========================  =====  ===========================================================
``to_required``           21604  a message without ``To``
``from_required``         21603  a message with neither ``From`` nor ``MessagingServiceSid``
``body_required``         21602  a message without ``Body`` (or an empty one), ``MediaUrl``
                                 or ``ContentSid``
``body_required_service`` 21619  the same, sent by a Messaging Service without ``From``
``to_invalid``            21211  ``To`` not an address the channel can deliver to
``from_invalid``          21212  ``From`` not an address Twilio can send from
``same_to_and_from``      21266  a message whose ``To`` and ``From`` are the same
``channel_mismatch``      21910  ``whatsapp:`` / ``messenger:`` on one side only
``body_too_long``         21617  ``Body`` over 1,600 characters
``too_many_media``        21623  more than 10 ``MediaUrl``
``call_to_required``      21201  a call without ``To``
``call_from_required``    21213  a call without ``From``
``call_to_invalid``       21211  a call to something other than a number, client or SIP URI
``call_from_invalid``     21212  a call from something other than a number or client
========================  =====  ===========================================================

Addresses: a phone number is E.164 (``+`` then 8 to 15 digits, the first not 0). A message
goes to a phone number, ``whatsapp:+…`` or ``messenger:<id>``, and comes from a phone number,
``whatsapp:+…``, ``messenger:<id>``, a short code (3 to 8 digits) or an alphanumeric sender
ID (1 to 11 letters, digits, spaces, ``+ - _ &``, at least one letter). A call goes to a phone
number, ``client:<identity>`` or ``sip:user@host``, and comes from a phone number or
``client:<identity>``. Twilio's magic test numbers keep their meaning (``MAGIC_*`` in
``_fake.py``): messages to ``+15005550001`` 21211, ``…02`` 21612, ``…03`` 21408, ``…04``
21610, ``…09`` 21614; from ``+15005550001`` 21212, ``…07`` 21606 (not an SMS-capable number
of the account), ``…08`` 21611; calls to ``+15005550001`` 21217, ``…02`` 21214, ``…03``
21215, ``…04`` 21216; from ``+15005550001`` 21212.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ._spec import SpecOperation, SpecParam

__all__ = ["NUMBER_RULES", "Invalid", "RULES", "check_call", "check_message", "validate"]

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
    op: SpecOperation,
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
    declared: dict[str, SpecParam] = {
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
            if op.operation_id in ("CreateMessage", "CreateCall") and name in ("To", "From"):
                continue  # check_message / check_call answer these with Twilio's codes
            raise _bad(
                "missing_required",
                name,
                f"Missing required parameter {name} in the post body",
                21201,
            )
    for name, param in query_params.items():
        if param.required and name not in values:
            raise _bad("missing_required", name, f"Missing required parameter {name}", 21201)
    _one_of(op, values)
    return values, json_body


def _collect(
    pairs: Sequence[tuple[str, str]],
    declared: dict[str, SpecParam],
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


def _check_json(op: SpecOperation, body: dict[str, Any], schema: dict[str, Any]) -> None:
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


def _one_of(op: SpecOperation, values: dict[str, Any]) -> None:
    if not op.conditional:
        return
    wire = {_snake(n): n for n in op.body_params}
    for group in op.conditional:
        if not any(wire.get(name, name) in values for name in group):
            names = [wire.get(name, name) for name in group]
            if op.operation_id == "CreateMessage":
                return  # check_message answers these with Twilio's codes
            raise _bad(
                "missing_one_of",
                names[0],
                f"One of {', '.join(names)} is required",
                21201,
            )


# -- numbers and bodies ------------------------------------------------------------------

NUMBER_RULES: dict[str, tuple[int, str]] = {
    # rule: (code, Twilio's message; {to} / {from_} are the values sent)
    "to_required": (21604, "A 'To' phone number is required."),
    "from_required": (21603, "A 'From' phone number is required."),
    "body_required": (21602, "Message body is required."),
    "body_required_service": (21619, "A text message body or media urls must be specified."),
    "to_invalid": (21211, "The 'To' number {to} is not a valid phone number."),
    "from_invalid": (
        21212,
        "The 'From' number {from_} is not a valid phone number, shortcode, or alphanumeric "
        "sender ID.",
    ),
    "same_to_and_from": (21266, "'To' and 'From' numbers cannot be the same: {to}"),
    "channel_mismatch": (
        21910,
        "Invalid From and To pair. From and To should be of the same channel",
    ),
    "body_too_long": (21617, "The concatenated message body exceeds the 1600 character limit"),
    "too_many_media": (21623, "Number of media files exceeds allowed limit"),
    "call_to_required": (21201, "No 'To' number is specified"),
    "call_from_required": (21213, "Caller phone number is required"),
    "call_to_invalid": (21211, "The phone number you are attempting to call, {to}, is not valid."),
    "call_from_invalid": (21212, "Invalid From Number (caller ID): {from_}"),
}
"""The fake's checks of numbers and bodies, with Twilio's code and message for each."""

_E164 = re.compile(r"^\+[1-9]\d{7,14}$")
_SHORT_CODE = re.compile(r"^\d{3,8}$")
_ALPHANUMERIC = re.compile(r"^(?=.*[A-Za-z])[A-Za-z0-9 +\-_&]{1,11}$")
_MESSENGER = re.compile(r"^messenger:[A-Za-z0-9_.\-]+$")
_CLIENT = re.compile(r"^client:[^\s:]+$")
_SIP = re.compile(r"^sips?:[^@\s]+@[^@\s]+$")
_MAX_BODY = 1600
_MAX_MEDIA = 10


def _refuse(rule: str, parameter: str, **values: str) -> Invalid:
    code, template = NUMBER_RULES[rule]
    return Invalid(400, code, template.format(**values), rule, parameter)


def _channel(address: str) -> str:
    if address.startswith("whatsapp:"):
        return "whatsapp"
    if address.startswith("messenger:"):
        return "messenger"
    return "phone"


def _message_to_ok(to: str) -> bool:
    if to.startswith("whatsapp:"):
        return bool(_E164.match(to[len("whatsapp:") :]))
    return bool(_E164.match(to) or _MESSENGER.match(to))


def _message_from_ok(sender: str) -> bool:
    if sender.startswith("whatsapp:"):
        return bool(_E164.match(sender[len("whatsapp:") :]))
    if sender.startswith("messenger:"):
        return bool(_MESSENGER.match(sender))
    return bool(_E164.match(sender) or _SHORT_CODE.match(sender) or _ALPHANUMERIC.match(sender))


def check_message(params: dict[str, Any]) -> None:
    """Twilio's checks of a new message's ``To``, ``From``, ``Body`` and ``MediaUrl``."""
    to = params.get("To")
    sender = params.get("From")
    service = params.get("MessagingServiceSid")
    if to is None:
        raise _refuse("to_required", "To")
    if sender is None and service is None:
        raise _refuse("from_required", "From")
    to = str(to)
    if not _message_to_ok(to):
        raise _refuse("to_invalid", "To", to=to)
    if sender is not None:
        sender = str(sender)
        if not _message_from_ok(sender):
            raise _refuse("from_invalid", "From", from_=sender)
        if _channel(sender) != _channel(to):
            raise _refuse("channel_mismatch", "From")
        if sender == to:
            raise _refuse("same_to_and_from", "To", to=to)
    body = params.get("Body")
    media = params.get("MediaUrl") or []
    if not body and not media and params.get("ContentSid") is None:
        raise _refuse("body_required" if sender is not None else "body_required_service", "Body")
    if body is not None and len(str(body)) > _MAX_BODY:
        raise _refuse("body_too_long", "Body")
    if len(media) > _MAX_MEDIA:
        raise _refuse("too_many_media", "MediaUrl")


def check_call(params: dict[str, Any]) -> None:
    """Twilio's checks of a new call's ``To`` and ``From``."""
    to = params.get("To")
    sender = params.get("From")
    if to is None:
        raise _refuse("call_to_required", "To")
    if sender is None:
        raise _refuse("call_from_required", "From")
    to, sender = str(to), str(sender)
    if not (_E164.match(to) or _CLIENT.match(to) or _SIP.match(to)):
        raise _refuse("call_to_invalid", "To", to=to)
    if not (_E164.match(sender) or _CLIENT.match(sender)):
        raise _refuse("call_from_invalid", "From", from_=sender)
