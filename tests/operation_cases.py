"""Per-operation test cases: deterministic arguments synthesised from the OpenAPI specs.

Shared by the recorder (`tests/record_operations.py`) and the replay test
(`tests/generated/test_operations.py`). Everything here is deterministic: the same spec gives
the same arguments, hence the same requests, hence requests that match the recorded cassettes.

- `OPERATIONS`: operations.json, one entry per spec operation.
- `build_case(op, signature, full=...)`: a `Case` with the path-parameter values for each
  chain step and the keyword arguments for the final call. Each operation is called twice:
  first (full=False) with its required parameters and a stable sample of optional ones that
  always includes lists and dates; then (full=True) with every parameter of the spec, each
  valid: enum values, formats, SID patterns, min/max ranges, lists of two distinct items,
  complete JSON bodies, objects (sent as JSON strings), prefixed-collapsible-maps with nested
  keys, header parameters (`Content-Encoding`: gzip first, deflate second), and a list's
  paging parameters. `Case.sent` records each argument with its spec name and schema, so
  that the test can check the wire against the spec.
- `invoke(client, op, full=...)`: walk `op["call"]` from the client and make the call.
"""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import inspect
import json
import re
import re._parser as sre_parse  # type: ignore[import-not-found]
import zlib
from pathlib import Path
from re._constants import (  # type: ignore[import-not-found]
    ANY,
    AT,
    BRANCH,
    CATEGORY,
    CATEGORY_DIGIT,
    CATEGORY_SPACE,
    IN,
    LITERAL,
    MAX_REPEAT,
    MIN_REPEAT,
    NEGATE,
    NOT_LITERAL,
    RANGE,
    SUBPATTERN,
)
from typing import Any, NamedTuple

from generator.build import OFFICIAL_PARAM_RENAMES

ROOT = Path(__file__).resolve().parent.parent
SPEC_DIR = ROOT / "spec"
OPERATIONS_FILE = ROOT / "generated" / "twilio_sdk_generated" / "operations.json"
CASSETTE_DIR = Path(__file__).resolve().parent / "cassettes"

ACCOUNT_SID = "AC" + "a" * 32  # fake credentials only
AUTH_TOKEN = "test-token"
OAUTH_CLIENT_ID = "OQ" + "b" * 32
OAUTH_CLIENT_SECRET = "test-client-secret"

HTTP_METHODS = ("get", "post", "put", "patch", "delete")
PHONE = "+15558675310"
URL = "https://example.com/cb"
DATETIME = dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
DATE = dt.date(2024, 1, 2)

OPERATIONS: list[dict[str, Any]] = json.loads(OPERATIONS_FILE.read_text())


def op_id(op: dict[str, Any]) -> str:
    return f"{op['spec'].removesuffix('.json')}:{op['method']} {op['path']}"


def cassette_path(spec_file: str) -> Path:
    return CASSETTE_DIR / (spec_file.removesuffix(".json") + ".yaml")


def spec_operation_count() -> int:
    """Operations under `paths` in spec/*.json (the number operations.json must match)."""
    total = 0
    for file in sorted(SPEC_DIR.glob("*.json")):
        data = json.loads(file.read_text())
        for item in (data.get("paths") or {}).values():
            total += sum(1 for m in item if m in HTTP_METHODS)
    return total


@functools.cache
def load_spec(name: str) -> dict[str, Any]:
    return json.loads((SPEC_DIR / name).read_text())


# --------------------------------------------------------------------------- schema values


def _resolve(spec: dict[str, Any], node: Any) -> Any:
    seen = 0
    while isinstance(node, dict) and "$ref" in node and seen < 20:
        ref = node["$ref"]
        target: Any = spec
        for part in ref.lstrip("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
        seen += 1
    return node


def _stable(*parts: str) -> int:
    return zlib.crc32("\x00".join(parts).encode())


def value_from_pattern(pattern: str) -> str:
    """One string matching `pattern`: first alternatives, minimum repeats, 'a'/'1' for classes."""
    parsed = sre_parse.parse(pattern)

    def pick_class(items: list[Any]) -> str:
        chars: list[str] = []
        negate = False
        for kind, arg in items:
            if kind is NEGATE:
                negate = True
            elif kind is LITERAL:
                chars.append(chr(arg))
            elif kind is RANGE:
                lo, hi = arg
                for preferred in "a0A":
                    if lo <= ord(preferred) <= hi:
                        chars.append(preferred)
                        break
                else:
                    chars.append(chr(lo))
            elif kind is CATEGORY:
                chars.append(
                    "1" if arg is CATEGORY_DIGIT else " " if arg is CATEGORY_SPACE else "a"
                )
        if negate:
            return next(c for c in "a1A_" if c not in chars)
        for preferred in "a0A":  # "AC" + "a" * 32 style SIDs
            if preferred in chars:
                return preferred
        return chars[0]

    def gen(tokens: Any) -> str:
        out: list[str] = []
        for kind, arg in tokens:
            if kind is LITERAL:
                out.append(chr(arg))
            elif kind is NOT_LITERAL:
                out.append("a" if chr(arg) != "a" else "b")
            elif kind is ANY:
                out.append("a")
            elif kind is IN:
                out.append(pick_class(arg))
            elif kind is CATEGORY:
                out.append(pick_class([(CATEGORY, arg)]))
            elif kind in (MAX_REPEAT, MIN_REPEAT):
                low, high, sub = arg
                count = low if low > 0 else (1 if high >= 1 and _is_char(sub) else 0)
                out.append(gen(sub) * count)
            elif kind is SUBPATTERN:
                out.append(gen(arg[-1]))
            elif kind is BRANCH:
                out.append(gen(arg[1][0]))
            elif kind is AT:
                continue
        return "".join(out)

    return gen(parsed)


def _is_char(sub: Any) -> bool:
    return len(sub) == 1 and sub[0][0] in (IN, LITERAL, CATEGORY, ANY)


def _string_for(name: str, schema: dict[str, Any]) -> str:
    fmt = schema.get("format")
    if schema.get("pattern"):
        return value_from_pattern(schema["pattern"])
    lname = name.lower()
    if fmt == "phone-number" or name in ("To", "From", "to", "from"):
        value = PHONE
    elif fmt == "uri" or lname.endswith("url") or lname.endswith("uri"):
        value = URL
    elif fmt == "http-method" or lname.endswith("method"):
        value = "POST"
    elif fmt == "iso-country-code" or lname in ("isocountry", "iso_country", "countrycode"):
        value = "US"
    elif fmt == "uuid":
        value = "123e4567-e89b-12d3-a456-426614174000"
    elif fmt == "email" or "email" in lname:
        value = "test@example.com"
    elif fmt == "twiml" or lname == "twiml":
        value = "<Response><Say>Hello</Say></Response>"
    else:
        value = "test"
    min_len = schema.get("minLength")
    max_len = schema.get("maxLength")
    if min_len and len(value) < min_len:
        value = value + "a" * (min_len - len(value))
    if max_len is not None and len(value) > max_len:
        value = value[:max_len]
    return value


def _number(schema: dict[str, Any], integer: bool) -> int | float:
    low = schema.get("minimum")
    high = schema.get("maximum")
    value: float = 1
    if low is not None and value < low:
        value = low
    if high is not None and value > high:
        value = high
    if schema.get("exclusiveMinimum") is True and low is not None and value <= low:
        value = low + 1
    return int(value) if integer else float(value)


def synth(
    spec: dict[str, Any],
    name: str,
    schema: Any,
    *,
    wire: bool,
    depth: int = 0,
    full: bool = False,
) -> Any:
    """A valid value for `schema`.

    wire=False: Python values for SDK parameters (datetime/date objects);
    wire=True: JSON-ready values inside a JSON body (dates as ISO strings).
    full=False: required properties and a stable sample of optional ones, the first enum
    value, lists of two equal items; full=True: every property that may be sent, the last
    enum value, lists of two distinct items where the schema allows.
    """
    schema = _resolve(spec, schema) or {}
    for combiner in ("allOf", "oneOf", "anyOf"):
        if combiner in schema and schema[combiner]:
            if combiner == "allOf":
                schema = _merge_all_of(spec, schema)
            else:
                return _alternative(spec, name, schema, combiner, wire=wire, depth=depth, full=full)
    if "enum" in schema and schema["enum"]:
        values = [v for v in schema["enum"] if v is not None] or schema["enum"]
        return values[-1] if full else values[0]
    if "const" in schema:
        return schema["const"]
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "string")
    fmt = schema.get("format")
    if kind == "array":
        item_schema = schema.get("items") or {"type": "string"}
        item = synth(spec, name, item_schema, wire=wire, depth=depth + 1, full=full)
        # Two elements, so that lists travel as repeated keys (`K=a&K=b`) in the recordings;
        # distinct ones in full cases, so that their order on the wire is checked too.
        count = max(2, schema.get("minItems") or 0)
        if schema.get("maxItems") is not None:
            count = min(count, schema["maxItems"])
        items = [item] * max(1, count)
        if full and len(items) > 1:
            items[1] = _another(spec, item_schema, item)
        return items
    if kind == "object" or (kind is None and "properties" in schema):
        return _object(spec, name, schema, wire=wire, depth=depth, full=full)
    if kind == "boolean":
        return True
    if kind == "integer":
        return _number(schema, integer=True)
    if kind == "number":
        return _number(schema, integer=False)
    if fmt == "date-time":
        return DATETIME.strftime("%Y-%m-%dT%H:%M:%SZ") if wire else DATETIME
    if fmt == "date":
        return DATE.isoformat() if wire else DATE
    return _string_for(name, schema)


def _merge_all_of(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for part in schema["allOf"]:
        part = _resolve(spec, part) or {}
        if "allOf" in part:
            part = _merge_all_of(spec, part)
        for key, value in part.items():
            if key == "properties":
                merged.setdefault("properties", {}).update(value)
            elif key == "required":
                merged.setdefault("required", []).extend(value)
            else:
                merged.setdefault(key, value)
    return {**{k: v for k, v in schema.items() if k != "allOf"}, **merged}


def _alternative(
    spec: dict[str, Any],
    name: str,
    schema: dict[str, Any],
    combiner: str,
    *,
    wire: bool,
    depth: int,
    full: bool,
) -> Any:
    """The first alternative of a oneOf/anyOf; under a discriminator, its property carries
    the name that selects this alternative (the mapping's key, else the schema's name)."""
    first = schema[combiner][0]
    value = synth(spec, name, first, wire=wire, depth=depth, full=full)
    discriminator = schema.get("discriminator") or {}
    prop = discriminator.get("propertyName")
    if prop and isinstance(value, dict) and isinstance(first, dict) and "$ref" in first:
        ref = first["$ref"]
        keys = [k for k, v in (discriminator.get("mapping") or {}).items() if v == ref]
        target = _resolve(spec, first) or {}
        own = (target.get("properties") or {}).get(prop)
        own = _resolve(spec, own) or {}
        if keys:
            value[prop] = keys[0]
        elif not own.get("enum") and "const" not in own:
            value[prop] = ref.rsplit("/", 1)[-1]
    return value


def _another(spec: dict[str, Any], schema: Any, first: Any) -> Any:
    """A second valid value, different from `first` where the schema leaves room."""
    schema = _resolve(spec, schema) or {}
    enum = [v for v in schema.get("enum") or () if v is not None]
    if len(enum) > 1:
        return next(v for v in enum if v != first)
    if isinstance(first, bool) or enum or schema.get("pattern") or "const" in schema:
        return first
    if isinstance(first, int):
        high = schema.get("maximum")
        return first + 1 if high is None or first + 1 <= high else first
    if isinstance(first, str) and schema.get("format") in (None, "uri", "url"):
        max_len = schema.get("maxLength")
        second = first + "2"
        return second if max_len is None or len(second) <= max_len else first
    return first


def _object(
    spec: dict[str, Any],
    name: str,
    schema: dict[str, Any],
    *,
    wire: bool,
    depth: int,
    full: bool = False,
) -> dict[str, Any]:
    props = schema.get("properties") or {}
    extra = schema.get("additionalProperties")
    if not props or depth > 10:
        if isinstance(extra, dict) and depth <= 10:
            return {"key": synth(spec, "key", extra, wire=True, depth=depth + 1, full=full)}
        return {"key": "value"}
    required = list(schema.get("required") or [])
    chosen = [p for p in props if p in required]
    for prop, sub in props.items():
        sub_r = _resolve(spec, sub) or {}
        if prop in required or sub_r.get("readOnly"):
            continue
        if full or _optional_pick(name, prop, sub_r, spec):
            chosen.append(prop)
    if schema.get("maxProperties") is not None:
        chosen = chosen[: max(schema["maxProperties"], len([p for p in chosen if p in required]))]
    return {
        prop: synth(spec, prop, props[prop], wire=True, depth=depth + 1, full=full)
        for prop in props
        if prop in chosen
    }


def _optional_pick(scope: str, name: str, schema: dict[str, Any], spec: dict[str, Any]) -> bool:
    """Deterministic sample of optional parameters: all lists and dates, a third of the rest."""
    schema = _resolve(spec, schema) or {}
    if schema.get("type") == "array" or schema.get("format") in ("date", "date-time"):
        return True
    return _stable(scope, name) % 3 == 0


MAP_FORMAT = "prefixed-collapsible-map-"
# A prefixed-collapsible-map value with nested keys: `Prefix.first.key=value`,
# `Prefix.first.inner.deep=value`, `Prefix.second=value` on the wire.
NESTED_MAP = {"first": {"key": "value", "inner": {"deep": "value"}}, "second": "value"}
# What the SDK can apply to a body (the basic case gives one, the full case the other).
CONTENT_CODINGS = ("gzip", "deflate")


def _is_schemaless(schema: dict[str, Any]) -> bool:
    """`{}` (plus a description): any value; the SDK sends an object as its JSON string."""
    keys = {"type", "properties", "enum", "format", "items", "oneOf", "anyOf", "allOf", "$ref"}
    return not keys & set(schema)


def param_value(spec: dict[str, Any], where: str, wire: str, schema: Any, *, full: bool) -> Any:
    """The SDK argument of one query, form or header parameter."""
    resolved = _resolve(spec, schema) or {}
    if where == "header":
        if wire.lower() == "content-encoding":
            return CONTENT_CODINGS[1 if full else 0]
        example = resolved.get("example")
        if isinstance(example, str) and _valid_string(example, resolved):
            return example
    if str(resolved.get("format") or "").startswith(MAP_FORMAT):
        return NESTED_MAP if full else {"key": "value"}
    if full and where != "header" and _is_schemaless(resolved):
        return {"key": "value", "list": [1, 2]}  # travels as its JSON string
    return synth(spec, wire, schema, wire=False, full=full)


def _valid_string(value: str, schema: dict[str, Any]) -> bool:
    if schema.get("enum") and value not in schema["enum"]:
        return False
    if schema.get("maxLength") is not None and len(value) > schema["maxLength"]:
        return False
    return not schema.get("pattern") or re.search(schema["pattern"], value) is not None


# --------------------------------------------------------------------------- cases


def _norm(name: str) -> str:
    name = name.replace("<", "before").replace(">", "after")
    return re.sub(r"[^a-z0-9]", "", name.lower())


class Sent(NamedTuple):
    """One argument given for a query, form or header parameter, and what the spec says of it."""

    where: str  # "query" | "form" | "header"
    wire: str  # the spec's name: what must reach the wire (`To`, `DateSent<`, `PageSize`)
    schema: dict[str, Any]  # resolved
    value: Any  # the Python value given to the SDK


NO_BODY: Any = object()


class Case:
    """One operation's call: chain steps with their argument values, and keyword arguments."""

    def __init__(
        self,
        op: dict[str, Any],
        steps: list[tuple[str, tuple[tuple[str, ...], ...]]],
        method: str,
        kwargs: dict[str, Any],
        paged: bool,
        *,
        full: bool = False,
        sent: list[Sent] | None = None,
        body: Any = NO_BODY,
        body_media: str | None = None,
        form_body: bool = False,
        covered: set[tuple[str, str]] | None = None,
    ) -> None:
        self.op = op
        self.steps = steps  # [(attribute, (call args, call args ...)), ...]
        self.method = method  # final attribute ("create", "fetch", "page" for lists ...)
        self.kwargs = kwargs  # everything the call passes, paging arguments included
        self.paged = paged
        self.full = full  # every parameter given (the second call), or a sample (the first)
        self.sent = sent or []  # the query, form and header arguments given, by wire name
        self.body = body  # the JSON body given (JSON-ready), or NO_BODY
        self.body_media = body_media  # its media type
        self.form_body = form_body  # the operation takes a form body
        # (in, name) of every spec parameter given a value ("body" for a JSON body).
        self.covered = covered or set()

    @property
    def headers(self) -> list[str]:
        """Wire names of the header parameters given."""
        return [s.wire for s in self.sent if s.where == "header"]

    def __repr__(self) -> str:
        kind = "full" if self.full else "basic"
        return f"<Case {kind} {op_id(self.op)} {self.method}({self.kwargs!r})>"


_STEP = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)((?:\([^)]*\))*)")
# Paging parameters of a paginated list (any spelling: `PageSize`, `pageSize`, `page`) and
# the `page()` argument each one is.
PAGING_ARGUMENTS = {"pagesize": "page_size", "pagetoken": "page_token", "page": "page_number"}
LIST_PAGE_SIZE = 2


def spec_parts(op: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], list[dict[str, Any]]]:
    """The spec, the operation object and its parameters (path-item ones included)."""
    spec = load_spec(op["spec"])
    item = spec["paths"][op["path"]]
    operation = item[op["method"].lower()]
    params: dict[tuple[str, str], dict[str, Any]] = {}
    for raw in [*(item.get("parameters") or []), *(operation.get("parameters") or [])]:
        param = _resolve(spec, raw)
        params[(param["name"], param.get("in", ""))] = param
    return spec, operation, list(params.values())


def spec_request_parameters(op: dict[str, Any]) -> set[tuple[str, str]]:
    """(in, name) of every request parameter the spec declares for `op`, path parameters
    aside: query and header parameters, form fields ("form"), a JSON body ("body", "body")."""
    spec, operation, params = spec_parts(op)
    found = {(p.get("in", ""), p["name"]) for p in params if p.get("in") != "path"}
    body = _resolve(spec, operation.get("requestBody"))
    if body:
        content = body.get("content") or {}
        if "application/x-www-form-urlencoded" in content:
            schema = _resolve(spec, content["application/x-www-form-urlencoded"].get("schema"))
            found |= {("form", prop) for prop in (schema or {}).get("properties") or {}}
        elif content:
            found.add(("body", "body"))
    return found


def build_case(
    op: dict[str, Any], fn_signature: inspect.Signature | None = None, *, full: bool = False
) -> Case:
    """Arguments for `op`. `fn_signature`: the generated method's signature, for exact names.

    full=False (the first call): required parameters, and optional ones by a stable sample that
    always includes lists and dates. full=True (the second call): every parameter of the
    spec except an `Authorization` header (the client's own), each with a valid value: a
    parameter without a keyword on the method is a LookupError.
    """
    spec, operation, params = spec_parts(op)
    scope = op["operation_id"] or op_id(op)

    # Path parameters, by name, valued from their schema (patterns give valid SIDs).
    path_values: dict[str, str] = {}
    for param in params:
        if param.get("in") == "path":
            value = synth(spec, param["name"], param.get("schema") or {}, wire=True)
            path_values[param["name"]] = str(value)

    steps: list[tuple[str, tuple[tuple[str, ...], ...]]] = []
    parts = op["call"].split(".")
    for part in parts[:-1]:
        match = _STEP.fullmatch(part)
        if not match:
            raise ValueError(f"cannot parse call step {part!r} in {op['call']}")
        attr, groups = match.group(1), match.group(2)
        calls = tuple(
            tuple(path_values.get(n.strip(), "test") for n in group.split(",") if n.strip())
            for group in re.findall(r"\(([^)]*)\)", groups)
        )
        steps.append((attr, calls))
    method = parts[-1]
    paged = method == "list"
    if paged:
        method = "page"

    kwargs: dict[str, Any] = {}
    sent: list[Sent] = []
    covered: set[tuple[str, str]] = set()

    # Query, header and form parameters: (in, wire name, required, schema). Header parameters
    # are always given (few, and each must reach the wire), except an `Authorization`
    # parameter: a dummy value would replace the client's credentials and be refused.
    wanted: list[tuple[str, str, bool, dict[str, Any]]] = []
    paging: list[tuple[str, bool, dict[str, Any]]] = []
    for param in params:
        where, name = param.get("in"), param["name"]
        schema = param.get("schema") or {}
        if where == "query" and paged and name.lower() in PAGING_ARGUMENTS:
            paging.append((name, bool(param.get("required")), schema))
        elif where == "query" or (where == "header" and name.lower() != "authorization"):
            wanted.append((where, name, bool(param.get("required")) or where == "header", schema))
    body_value: Any = NO_BODY
    body_media: str | None = None
    body_required = False
    body = _resolve(spec, operation.get("requestBody"))
    form_body = False
    if body:
        content = body.get("content") or {}
        if "application/x-www-form-urlencoded" in content:
            form_body = True
            schema = _resolve(spec, content["application/x-www-form-urlencoded"].get("schema"))
            schema = schema or {}
            required = set(schema.get("required") or [])
            for prop, sub in (schema.get("properties") or {}).items():
                wanted.append(("form", prop, prop in required, sub))
        elif content:
            # The SDK sends the last media type declared, as the official library does.
            body_media, media = list(content.items())[-1]
            body_value = synth(spec, "body", media.get("schema") or {}, wire=True, full=full)
            body_required = bool(body.get("required"))

    names = _signature_names(fn_signature)

    # A paginated list's paging parameters are the `page()` call's own arguments.
    if paged:
        declared = {name.lower(): (name, required, schema) for name, required, schema in paging}
        size_wire = declared.get("pagesize", ("PageSize",))[0]
        kwargs["page_size"] = LIST_PAGE_SIZE
        sent.append(Sent("query", size_wire, {"type": "integer"}, LIST_PAGE_SIZE))
        for key, (wire, required, schema) in declared.items():
            covered.add(("query", wire))
            argument = PAGING_ARGUMENTS[key]
            if argument == "page_size" or not (full or required):
                continue
            value = synth(spec, wire, schema, wire=False, full=full)
            kwargs[argument] = value
            sent.append(Sent("query", wire, _resolve(spec, schema) or {}, value))

    spec_names: set[str | None] = set()
    for where, wire, required, schema in wanted:
        resolved = _resolve(spec, schema) or {}
        py_name = names.get(_norm(wire)) if names is not None else _snake(wire)
        spec_names.add(py_name)
        if not full and not required and not _optional_pick(scope, wire, resolved, spec):
            continue
        if py_name is None:
            if required or full:
                raise LookupError(f"{op_id(op)}: no keyword for the {where} parameter {wire!r}")
            continue
        value = param_value(spec, where, wire, schema, full=full)
        kwargs[py_name] = value
        sent.append(Sent(where, wire, resolved, value))
        covered.add((where, wire))
    if body_value is not NO_BODY and fn_signature is not None:
        used = set(kwargs) | {"self", "page_size", "page_token", "page_number", "limit"}
        rest = [
            p
            for p in fn_signature.parameters.values()
            if p.name not in used and p.name not in spec_names
        ]
        if len(rest) == 1:
            kwargs[rest[0].name] = body_value
            covered.add(("body", "body"))
        elif body_required or full:
            raise LookupError(f"{op_id(op)}: cannot find the JSON body parameter among {rest}")
        else:
            body_value = NO_BODY
    elif fn_signature is None:
        body_value = NO_BODY  # a probe: no signature, no body argument
    return Case(
        op,
        steps,
        method,
        kwargs,
        paged,
        full=full,
        sent=sent,
        body=body_value,
        body_media=body_media,
        form_body=form_body,
        covered=covered,
    )


def _snake(name: str) -> str:
    name = name.replace("<", "_before").replace(">", "_after")
    name = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name)
    name = re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_").lower()
    return name + "_" if name in ("from", "in", "class", "import", "global", "lambda") else name


def _signature_names(sig: inspect.Signature | None) -> dict[str, str] | None:
    if sig is None:
        return None
    names = {_norm(p.name): p.name for p in sig.parameters.values() if p.name != "self"}
    for spec_name, python_name in OFFICIAL_PARAM_RENAMES.items():  # `Version`: resource_version
        if _norm(python_name) in names:
            names.setdefault(_norm(spec_name), python_name)
    return names


# --------------------------------------------------------------------------- calling


def resolve_target(client: Any, op: dict[str, Any], *, full: bool = False) -> tuple[Any, Case]:
    """Walk the chain from the client; return the bound method and the case built for it."""
    probe = build_case(op)  # steps only; kwargs get exact names below
    obj = client
    for attr, calls in probe.steps:
        obj = getattr(obj, attr)
        for values in calls:
            obj = obj(*values)
    fn = getattr(obj, probe.method)
    case = build_case(op, inspect.signature(fn), full=full)
    return fn, case


def invoke(client: Any, op: dict[str, Any], *, full: bool = False) -> tuple[Any, Case]:
    """Call `op`: the first call (full=False) or the second, with every parameter."""
    fn, case = resolve_target(client, op, full=full)
    return fn(**case.kwargs), case


def operations_by_spec() -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for op in OPERATIONS:
        grouped.setdefault(op["spec"], []).append(op)
    return grouped


# --------------------------------------------------------------------------- client and cassettes


class _CachingPersister:
    """vcrpy's filesystem persister, with each cassette file parsed once per process."""

    _cache: dict[tuple[str, float], Any] = {}

    @classmethod
    def load_cassette(cls, cassette_path: Any, serializer: Any) -> Any:
        from vcr.persisters.filesystem import FilesystemPersister

        path = Path(cassette_path)
        if not path.is_file():
            return FilesystemPersister.load_cassette(path, serializer)  # raises not-found
        key = (str(path), path.stat().st_mtime)
        if key not in cls._cache:
            cls._cache[key] = FilesystemPersister.load_cassette(path, serializer)
        return cls._cache[key]

    @staticmethod
    def save_cassette(cassette_path: Any, cassette_dict: Any, serializer: Any) -> None:
        from vcr.persisters.filesystem import FilesystemPersister

        FilesystemPersister.save_cassette(cassette_path, cassette_dict, serializer)


_KEPT_RESPONSE_HEADERS = {"content-type"}


def _slim_response(response: dict[str, Any]) -> dict[str, Any]:
    """Keep cassettes small and stable: only the Content-Type header of responses."""
    response["headers"] = {
        k: v for k, v in response["headers"].items() if k.lower() in _KEPT_RESPONSE_HEADERS
    }
    return response


def decode_body(body: bytes, coding: str | None) -> bytes:
    """A request body as sent under `Content-Encoding: coding` (gzip, deflate or none),
    decompressed; ValueError when it is not so encoded."""
    if not coding:
        return body
    name = coding.strip().lower()
    try:
        if name == "gzip":
            return gzip.decompress(body)
        if name == "deflate":
            return zlib.decompress(body)
    except (OSError, EOFError, zlib.error) as exc:
        raise ValueError(f"the body is not {name}-encoded: {exc}") from None
    raise ValueError(f"unexpected Content-Encoding {coding!r}")


def _decoded_body_matcher(r1: Any, r2: Any) -> None:
    """vcrpy's `body` matcher on decompressed bodies: a compressed body is compared by what it
    says (compressed bytes may differ across zlib builds), and both requests must declare the
    same Content-Encoding; a body that does not decompress as declared matches nothing."""
    from vcr import matchers
    from vcr.request import Request
    from vcr.util import read_body

    codings = [r.headers.get("Content-Encoding") or None for r in (r1, r2)]
    if codings[0] != codings[1]:
        raise AssertionError(f"Content-Encoding {codings[0]!r} != {codings[1]!r}")
    if codings[0] is None:
        matchers.body(r1, r2)
        return
    try:
        decoded = [
            Request(r.method, r.uri, decode_body(read_body(r) or b"", codings[0]), r.headers)
            for r in (r1, r2)
        ]
    except ValueError as exc:
        raise AssertionError(str(exc)) from None
    matchers.body(decoded[0], decoded[1])


def make_vcr(record_mode: str) -> Any:
    import vcr

    recorder = vcr.VCR(
        record_mode=record_mode,
        match_on=("method", "scheme", "host", "path", "query", "decoded_body"),
        filter_headers=["authorization", "user-agent"],
        before_record_response=_slim_response,
        decode_compressed_response=True,
    )
    recorder.register_persister(_CachingPersister)
    recorder.register_matcher("decoded_body", _decoded_body_matcher)
    return recorder


def basic_authorization() -> str:
    """The Authorization header of `make_client`'s Basic-auth client."""
    import base64

    return "Basic " + base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()


def make_client(http_client: Any, op: dict[str, Any] | None = None) -> Any:
    """The public client, with fake credentials and no retries. An operation whose spec
    security is OAuth-only gets a client with a credential provider (fake OAuth app), whose
    token request goes through `http_client` to the spec's token URL like any other request."""
    from twilio_sdk import Client, OrgsCredentialProvider

    provider = None
    if op is not None and op["auth"] == "oauth":
        provider = OrgsCredentialProvider(OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET)
    return Client(
        ACCOUNT_SID,
        AUTH_TOKEN,
        environment={},
        http_client=http_client,
        max_retries=0,
        credential_provider=provider,
    )
