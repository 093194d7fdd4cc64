"""Per-operation test cases: deterministic arguments synthesised from the OpenAPI specs.

Shared by the recorder (`tests/record_operations.py`) and the replay test
(`tests/test_operations.py`). Everything here is deterministic: the same spec gives the same
arguments, hence the same requests, hence requests that match the recorded cassettes.

- `OPERATIONS`: operations.json, one entry per spec operation.
- `build_case(op)`: a `Case` with the path-parameter values for each chain step and the keyword
  arguments for the final call (required parameters always; optional ones by a stable sample
  that always includes lists and dates).
- `invoke(client, case)`: walk `case.call` from the client and make the call.
"""

from __future__ import annotations

import datetime as dt
import functools
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
from typing import Any

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
PAGING_PARAMS = {"PageSize", "Page", "PageToken"}

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


def synth(spec: dict[str, Any], name: str, schema: Any, *, wire: bool, depth: int = 0) -> Any:
    """A valid value for `schema`.

    wire=False: Python values for SDK parameters (datetime/date objects);
    wire=True: JSON-ready values inside a JSON body (dates as ISO strings).
    """
    schema = _resolve(spec, schema) or {}
    for combiner in ("allOf", "oneOf", "anyOf"):
        if combiner in schema and schema[combiner]:
            if combiner == "allOf":
                merged: dict[str, Any] = {}
                for part in schema["allOf"]:
                    part = _resolve(spec, part) or {}
                    for key, value in part.items():
                        if key in ("properties",):
                            merged.setdefault("properties", {}).update(value)
                        elif key == "required":
                            merged.setdefault("required", []).extend(value)
                        else:
                            merged.setdefault(key, value)
                schema = {**{k: v for k, v in schema.items() if k != "allOf"}, **merged}
            else:
                return synth(spec, name, schema[combiner][0], wire=wire, depth=depth)
    if "enum" in schema and schema["enum"]:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "string")
    fmt = schema.get("format")
    if kind == "array":
        item = synth(
            spec, name, schema.get("items") or {"type": "string"}, wire=wire, depth=depth + 1
        )
        # Two elements, so that lists travel as repeated keys (`K=a&K=a`) in the recordings.
        count = max(2, schema.get("minItems") or 0)
        if schema.get("maxItems") is not None:
            count = min(count, schema["maxItems"])
        return [item] * max(1, count)
    if kind == "object" or (kind is None and "properties" in schema):
        return _object(spec, name, schema, wire=wire, depth=depth)
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


def _object(
    spec: dict[str, Any], name: str, schema: dict[str, Any], *, wire: bool, depth: int
) -> dict[str, Any]:
    props = schema.get("properties") or {}
    extra = schema.get("additionalProperties")
    if not props or depth > 10:
        if isinstance(extra, dict) and depth <= 10:
            return {"key": synth(spec, "key", extra, wire=True, depth=depth + 1)}
        return {"key": "value"}
    required = set(schema.get("required") or [])
    result: dict[str, Any] = {}
    for prop, sub in props.items():
        sub_r = _resolve(spec, sub) or {}
        if sub_r.get("readOnly"):
            continue
        if prop in required or _optional_pick(name, prop, sub_r, spec):
            result[prop] = synth(spec, prop, sub, wire=True, depth=depth + 1)
    return result


def _optional_pick(scope: str, name: str, schema: dict[str, Any], spec: dict[str, Any]) -> bool:
    """Deterministic sample of optional parameters: all lists and dates, a third of the rest."""
    schema = _resolve(spec, schema) or {}
    if schema.get("type") == "array" or schema.get("format") in ("date", "date-time"):
        return True
    return _stable(scope, name) % 3 == 0


# --------------------------------------------------------------------------- cases


def _norm(name: str) -> str:
    name = name.replace("<", "before").replace(">", "after")
    return re.sub(r"[^a-z0-9]", "", name.lower())


class Case:
    """One operation's call: chain steps with their argument values, and keyword arguments."""

    def __init__(
        self,
        op: dict[str, Any],
        steps: list[tuple[str, tuple[tuple[str, ...], ...]]],
        method: str,
        kwargs: dict[str, Any],
        paged: bool,
        headers: list[str] | None = None,
    ) -> None:
        self.op = op
        self.steps = steps  # [(attribute, (call args, call args ...)), ...]
        self.method = method  # final attribute ("create", "fetch", "page" for lists ...)
        self.kwargs = kwargs
        self.paged = paged
        self.headers = headers or []  # wire names of the header parameters given

    def __repr__(self) -> str:
        return f"<Case {op_id(self.op)} {self.method}({self.kwargs!r})>"


_STEP = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)((?:\([^)]*\))*)")


def _spec_parts(op: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], list[dict[str, Any]]]:
    spec = load_spec(op["spec"])
    item = spec["paths"][op["path"]]
    operation = item[op["method"].lower()]
    params: dict[tuple[str, str], dict[str, Any]] = {}
    for raw in [*(item.get("parameters") or []), *(operation.get("parameters") or [])]:
        param = _resolve(spec, raw)
        params[(param["name"], param.get("in", ""))] = param
    return spec, operation, list(params.values())


def build_case(op: dict[str, Any], fn_signature: inspect.Signature | None = None) -> Case:
    """Arguments for `op`. `fn_signature`: the generated method's signature, for exact names."""
    spec, operation, params = _spec_parts(op)
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

    # Query, header and form parameters: wire name -> (required, schema). Header parameters
    # are always given (few, and each must reach the wire), except an `Authorization`
    # parameter: a dummy value would replace the client's credentials and be refused.
    wanted: list[tuple[str, bool, dict[str, Any]]] = []
    header_wires: set[str] = set()
    for param in params:
        where, name = param.get("in"), param["name"]
        if (where == "query" and name not in PAGING_PARAMS) or (
            where == "header" and name.lower() != "authorization"
        ):
            required = bool(param.get("required")) or where == "header"
            if where == "header":
                header_wires.add(name)
            wanted.append((name, required, param.get("schema") or {}))
    body_value: Any = None
    body_required = False
    body = _resolve(spec, operation.get("requestBody"))
    if body:
        content = body.get("content") or {}
        if "application/x-www-form-urlencoded" in content:
            schema = _resolve(spec, content["application/x-www-form-urlencoded"].get("schema"))
            schema = schema or {}
            required = set(schema.get("required") or [])
            for prop, sub in (schema.get("properties") or {}).items():
                wanted.append((prop, prop in required, sub))
        else:
            media = next(iter(content.values()), {})
            body_value = synth(spec, "body", media.get("schema") or {}, wire=True)
            body_required = bool(body.get("required"))

    kwargs: dict[str, Any] = {}
    headers: list[str] = []
    names = _signature_names(fn_signature)
    matched: set[str] = set()
    spec_names = {names.get(_norm(w)) for w, _, _ in wanted} if names else set()
    for wire, required, schema in wanted:
        resolved = _resolve(spec, schema) or {}
        if not required and not _optional_pick(scope, wire, resolved, spec):
            continue
        py_name = names.get(_norm(wire)) if names else _snake(wire)
        if paged and py_name in ("page_size", "page_token", "page_number", "limit"):
            if required and py_name == "page_token":  # a spec requiring a page token
                kwargs[py_name] = "test"
            continue  # paging parameters (any spelling) are the page() call's own
        if py_name is None:
            if required:
                raise LookupError(f"{op_id(op)}: no SDK parameter for required {wire!r}")
            continue
        kwargs[py_name] = synth(spec, wire, schema, wire=False)
        matched.add(py_name)
        if wire in header_wires:
            headers.append(wire)
    if body_value is not None and fn_signature is not None:
        used = set(kwargs) | {"self", "page_size", "page_token", "page_number", "limit"}
        rest = [
            p
            for p in fn_signature.parameters.values()
            if p.name not in used and p.name not in spec_names
        ]
        if len(rest) == 1:
            kwargs[rest[0].name] = body_value
        elif body_required:
            raise LookupError(f"{op_id(op)}: cannot find the JSON body parameter among {rest}")
    return Case(op, steps, method, kwargs, paged, headers)


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


def resolve_target(client: Any, op: dict[str, Any]) -> tuple[Any, Case]:
    """Walk the chain from the client; return the bound method and the case built for it."""
    probe = build_case(op)  # steps only; kwargs get exact names below
    obj = client
    for attr, calls in probe.steps:
        obj = getattr(obj, attr)
        for values in calls:
            obj = obj(*values)
    fn = getattr(obj, probe.method)
    case = build_case(op, inspect.signature(fn))
    return fn, case


def invoke(client: Any, op: dict[str, Any]) -> tuple[Any, Case]:
    fn, case = resolve_target(client, op)
    if case.paged:
        return fn(page_size=2, **case.kwargs), case
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


def make_vcr(record_mode: str) -> Any:
    import vcr

    recorder = vcr.VCR(
        record_mode=record_mode,
        match_on=("method", "scheme", "host", "path", "query", "body"),
        filter_headers=["authorization", "user-agent"],
        before_record_response=_slim_response,
        decode_compressed_response=True,
    )
    recorder.register_persister(_CachingPersister)
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
