"""API changelog between two directories of Twilio OpenAPI spec files.

The comparison works on the raw OpenAPI JSON and covers what users of the API can feel:

- spec files and security schemes added or removed;
- operations (keyed by spec file + HTTP method + path, and also matched by ``operationId``),
  deprecation, their **auth** (the effective ``security`` alternatives), their **hosts** (the
  effective ``servers``), their **responses** (status codes, content types per status) and
  their **request body** (content types, ``requestBody.required``);
- **parameters** (path, query, header, cookie, and request-body properties flattened into
  nested JSON: ``types.twilio/call-to-action.actions[].title``): added, removed, required or
  optional, type, enum values, ``nullable``, ``default`` and the constraints (``maxLength``,
  ``minimum``, ``maximum``, ``pattern``, …);
- **response fields** of the 2xx JSON responses (``items[].sid`` for list envelopes): added,
  removed, type, enum values, required, ``nullable`` and constraints.

Descriptions, examples and vendor extensions are ignored, and so is the name a ``$ref``
points through: an enum or object renamed with the same content is no change.

**Breaking** marks what can stop code written against the previous SDK from working, judged
from what the SDK does with the change (``generator.surface`` lists the SDK's own surface):

- inputs (parameters, body fields) break when they accept less: removed, newly required, a
  type the SDK renders differently, enum values removed, a constraint tightened (a lower
  ``maximum``/``maxLength``, a higher ``minimum``, a new ``pattern``), a body that became
  required, an auth alternative removed. They do not break when they accept more: a ``string``
  that gains an enum (the SDK takes ``Enum | str``), ``integer`` -> ``number``, a type loosened
  to anything, a constraint relaxed;
- outputs (response fields) break when they are removed or their type changes into one the SDK
  parses differently. Every response attribute in the SDK is already ``X | None``, so
  required/nullable changes of response fields, new or dropped enum values (unknown values are
  kept as strings) and constraints on responses are listed without the mark;
- hosts, status codes, content types and error responses are listed without the mark: the
  SDK follows the spec's host per operation, accepts every 2xx and maps every error status;
  where such a change alters a method's signature or return type, the SDK surface section says
  so (and marks it).

Command line::

    python -m generator.changelog OLD_DIR NEW_DIR
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LOCK_FILE_NAME = "spec.lock.json"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
MAX_FIELD_DEPTH = 4
"""How deep nested objects are flattened (``a.b[].c`` is depth 3)."""

SPEC_FILE = "spec file"
SECURITY_SCHEME = "security scheme"
OPERATION = "operation"
AUTH = "auth"
SERVER = "host"
REQUEST_BODY = "request body"
PARAMETER = "parameter"
RESPONSE = "response"
RESPONSE_FIELD = "response field"
SUBJECTS = (
    SPEC_FILE,
    SECURITY_SCHEME,
    OPERATION,
    AUTH,
    SERVER,
    REQUEST_BODY,
    PARAMETER,
    RESPONSE,
    RESPONSE_FIELD,
)
FILE_SUBJECTS = (SPEC_FILE, SECURITY_SCHEME)
PLURALS = {AUTH: "auth", REQUEST_BODY: "request bodies"}
ADDED, REMOVED, CHANGED = "added", "removed", "changed"
ACTIONS = (ADDED, REMOVED, CHANGED)

UPPER_BOUNDS = ("maxLength", "maximum", "exclusiveMaximum", "maxItems", "maxProperties")
LOWER_BOUNDS = ("minLength", "minimum", "exclusiveMinimum", "minItems", "minProperties")
OTHER_CONSTRAINTS = ("pattern", "multipleOf", "uniqueItems")
CONSTRAINTS = UPPER_BOUNDS + LOWER_BOUNDS + OTHER_CONSTRAINTS

Json = Any
"""A value decoded from JSON (OpenAPI documents are untyped)."""


# --------------------------------------------------------------------------- model


@dataclass(frozen=True)
class TypeInfo:
    """The comparable summary of a schema: type, enum values, nullability, constraints."""

    type: str
    enum: frozenset[str] = frozenset()
    nullable: bool = False
    constraints: tuple[tuple[str, str], ...] = ()  # (keyword, JSON value), sorted
    default: str | None = None  # JSON value


@dataclass(frozen=True)
class Param:
    """One operation parameter; ``location`` is path/query/header/cookie/body."""

    location: str
    name: str
    type: TypeInfo
    required: bool

    @property
    def label(self) -> str:
        """Human-readable ``location `name``` label."""
        return f"{self.location} `{self.name}`"


@dataclass(frozen=True)
class Field:
    """One response field (flattened name) and whether its object requires it."""

    type: TypeInfo
    required: bool = False


@dataclass(frozen=True)
class Operation:
    """The comparable surface of one OpenAPI operation."""

    method: str
    path: str
    operation_id: str
    params: dict[tuple[str, str], Param]
    fields: dict[str, Field]
    security: frozenset[str] = frozenset()  # rendered alternatives, e.g. "basic (http basic)"
    servers: tuple[str, ...] = ()
    responses: dict[str, frozenset[str]] = field(default_factory=dict)  # status -> media types
    request_types: frozenset[str] = frozenset()
    body_required: bool = False
    deprecated: bool = False

    @property
    def key(self) -> tuple[str, str]:
        """Identity inside a spec file: (path, METHOD)."""
        return (self.path, self.method)

    @property
    def title(self) -> str:
        """Human-readable identity, e.g. ``GET /v1/Things`` (``ListThing``)."""
        suffix = f" (`{self.operation_id}`)" if self.operation_id else ""
        return f"`{self.method} {self.path}`{suffix}"


@dataclass(frozen=True)
class SpecFile:
    """One OpenAPI document: its operations and security schemes."""

    operations: dict[tuple[str, str], Operation]
    schemes: dict[str, str]  # name -> rendered definition


@dataclass(frozen=True)
class Change:
    """One changelog entry.  ``method``/``path`` are empty for spec-file level entries."""

    spec_file: str
    subject: str
    action: str
    text: str
    breaking: bool
    method: str = ""
    path: str = ""
    operation_id: str = ""
    name: str = ""

    def sort_key(self) -> tuple[str, str, str, int, str, str]:
        """Deterministic order: file, operation, subject, name, text."""
        return (
            self.spec_file,
            self.path,
            self.method,
            SUBJECTS.index(self.subject),
            self.name,
            self.text,
        )


@dataclass
class Changelog:
    """All changes between two spec directories, in deterministic order."""

    old_label: str
    new_label: str
    changes: list[Change] = field(default_factory=list)

    @property
    def breaking(self) -> list[Change]:
        """The breaking changes only."""
        return [c for c in self.changes if c.breaking]

    def counts(self) -> Counter[tuple[str, str]]:
        """Number of changes per (subject, action)."""
        return Counter((c.subject, c.action) for c in self.changes)


# --------------------------------------------------------------------------- reading specs


class SpecReader:
    """Extracts operations from one OpenAPI document, resolving local ``$ref``s."""

    def __init__(self, doc: Json) -> None:
        self.doc = doc

    def deref(self, obj: Json) -> tuple[Json, str | None]:
        """Follow ``$ref`` chains; return the target and the last ref's short name."""
        name: str | None = None
        seen: set[str] = set()
        while isinstance(obj, dict) and isinstance(obj.get("$ref"), str):
            ref: str = obj["$ref"]
            if ref in seen or not ref.startswith("#/"):
                break
            seen.add(ref)
            name = ref.rsplit("/", 1)[-1]
            obj = self._pointer(ref)
        return obj, name

    def _pointer(self, ref: str) -> Json:
        """Resolve a local JSON pointer such as ``#/components/schemas/x`` (None if absent)."""
        node: Json = self.doc
        for raw in ref[2:].split("/"):
            part = raw.replace("~1", "/").replace("~0", "~")
            if not isinstance(node, dict) or part not in node:
                return None
            node = node[part]
        return node

    # ----------------------------------------------------------------- types

    def describe(self, schema: Json, seen: frozenset[str] = frozenset()) -> TypeInfo:
        """Summarise a schema: type (with format), enum values, nullable, constraints."""
        target, ref_name = self.deref(schema)
        if not isinstance(target, dict) or (ref_name is not None and ref_name in seen):
            return TypeInfo("object" if ref_name else "any")
        if ref_name is not None:
            seen = seen | {ref_name}
        enum = frozenset(str(v) for v in target.get("enum") or () if v is not None)
        nullable = bool(target.get("nullable")) or None in (target.get("enum") or ())
        raw_type = target.get("type")
        if isinstance(raw_type, list) and "null" in raw_type:
            nullable = True
        constraints = [(k, _json(target[k])) for k in CONSTRAINTS if k in target]
        default = _json(target["default"]) if "default" in target else None
        if raw_type == "array":
            items = self.describe(target.get("items"), seen)
            constraints += [(f"items.{k}", v) for k, v in items.constraints]
            return TypeInfo(
                f"array[{items.type}]", items.enum, nullable, tuple(sorted(constraints)), default
            )
        base = self._base_type(target, seen)
        return TypeInfo(base, enum, nullable, tuple(sorted(constraints)), default)

    def _base_type(self, schema: dict[str, Json], seen: frozenset[str]) -> str:
        """Type (with format) of a dereferenced schema, including combinators."""
        for combinator in ("allOf", "oneOf", "anyOf"):
            members = schema.get(combinator)
            if isinstance(members, list) and "type" not in schema:
                inner = [self.describe(m, seen) for m in members]
                types = [i.type for i in inner if not (i.type == "null")]
                if len(types) == 1 and combinator != "allOf":
                    return types[0]
                if combinator == "allOf" and len(types) == 1:
                    return types[0]
                return f"{combinator}[{', '.join(types)}]"
        raw_type = schema.get("type")
        if isinstance(raw_type, list):
            base = "|".join(str(t) for t in raw_type if t != "null") or "null"
        elif isinstance(raw_type, str):
            base = raw_type
        else:
            base = "object" if "properties" in schema else "any"
        fmt = schema.get("format")
        return f"{base}({fmt})" if isinstance(fmt, str) else base

    def object_properties(self, schema: Json) -> tuple[dict[str, Json], set[str]]:
        """Properties and required names of an object schema (merging allOf/oneOf/anyOf)."""
        target, _ = self.deref(schema)
        if not isinstance(target, dict):
            return {}, set()
        props: dict[str, Json] = dict(target.get("properties") or {})
        required = {str(r) for r in target.get("required") or ()}
        for member in target.get("allOf") or ():
            sub_props, sub_required = self.object_properties(member)
            props = {**sub_props, **props}
            required |= sub_required
        alternatives = [self.object_properties(m) for m in target.get("oneOf") or ()]
        alternatives += [self.object_properties(m) for m in target.get("anyOf") or ()]
        alternatives = [a for a in alternatives if a[0]]
        if alternatives:
            for sub_props, _ in alternatives:
                props = {**sub_props, **props}
            required |= set.intersection(*(r for _, r in alternatives))
        return props, required

    def flatten(self, schema: Json) -> dict[str, Field]:
        """Every property of ``schema``, nested ones as ``a.b`` and ``a[].b`` (see depth)."""
        fields: dict[str, Field] = {}
        self._flatten(schema, "", fields, frozenset(), 0)
        return fields

    def _flatten(
        self, schema: Json, prefix: str, fields: dict[str, Field], seen: frozenset[str], depth: int
    ) -> None:
        """Record the properties of ``schema`` under ``prefix``, descending into objects."""
        target, ref_name = self.deref(schema)
        if not isinstance(target, dict) or depth > MAX_FIELD_DEPTH or ref_name in seen:
            return
        if ref_name is not None:
            seen = seen | {ref_name}
        if target.get("type") == "array":
            self._flatten(target.get("items"), prefix + "[].", fields, seen, depth + 1)
            return
        props, required = self.object_properties(target)
        for name in sorted(props):
            key = prefix + name
            fields.setdefault(key, Field(self.describe(props[name]), name in required))
            self._flatten_child(props[name], key, fields, seen, depth + 1)

    def _flatten_child(
        self, schema: Json, key: str, fields: dict[str, Field], seen: frozenset[str], depth: int
    ) -> None:
        """Descend into a property that is an object (``key.x``) or array (``key[].x``)."""
        target, _ = self.deref(schema)
        if not isinstance(target, dict):
            return
        if target.get("type") == "array":
            self._flatten(target.get("items"), key + "[].", fields, seen, depth)
        elif self.object_properties(target)[0]:
            self._flatten(schema, key + ".", fields, seen, depth)

    # ----------------------------------------------------------------- operations

    def security_schemes(self) -> dict[str, str]:
        """Security scheme name -> ``type scheme (bearerFormat)`` style description."""
        raw = (self.doc.get("components") or {}).get("securitySchemes") or {}
        result: dict[str, str] = {}
        for name in sorted(raw):
            scheme, _ = self.deref(raw[name])
            if not isinstance(scheme, dict):
                continue
            parts = [str(scheme.get(k)) for k in ("type", "scheme", "in", "name") if scheme.get(k)]
            if scheme.get("bearerFormat"):
                parts.append(f"format {scheme['bearerFormat']}")
            if isinstance(scheme.get("flows"), dict):
                parts.append("flows " + ", ".join(sorted(scheme["flows"])))
            result[name] = " ".join(parts) or "?"
        return result

    def operations(self) -> dict[tuple[str, str], Operation]:
        """All operations of the document keyed by (path, METHOD)."""
        result: dict[tuple[str, str], Operation] = {}
        for path, raw_item in (self.doc.get("paths") or {}).items():
            path_item, _ = self.deref(raw_item)
            if not isinstance(path_item, dict):
                continue
            for method in HTTP_METHODS:
                op = path_item.get(method)
                if isinstance(op, dict):
                    operation = self.operation(path, method.upper(), path_item, op)
                    result[operation.key] = operation
        return result

    def operation(
        self, path: str, method: str, path_item: dict[str, Json], op: dict[str, Json]
    ) -> Operation:
        """Build the comparable view of one operation."""
        params = self.parameters(path_item, op)
        params.update(self.body_parameters(op))
        body, _ = self.deref(op.get("requestBody"))
        body = body if isinstance(body, dict) else {}
        servers = op.get("servers") or path_item.get("servers") or self.doc.get("servers") or []
        return Operation(
            method=method,
            path=path,
            operation_id=str(op.get("operationId") or ""),
            params=params,
            fields=self.response_fields(op),
            security=self.security(op),
            servers=tuple(str(s.get("url")) for s in servers if isinstance(s, dict)),
            responses=self.responses(op),
            request_types=frozenset(body.get("content") or ()),
            body_required=bool(body.get("required")),
            deprecated=bool(op.get("deprecated")),
        )

    def security(self, op: dict[str, Json]) -> frozenset[str]:
        """The effective security alternatives (operation level, else document level)."""
        requirements = op.get("security")
        if requirements is None:
            requirements = self.doc.get("security") or []
        alternatives: set[str] = set()
        for requirement in requirements:
            if isinstance(requirement, dict):
                names = " + ".join(sorted(requirement)) or "none"
                alternatives.add(names)
        return frozenset(alternatives)

    def responses(self, op: dict[str, Json]) -> dict[str, frozenset[str]]:
        """Status code -> the media types of its body."""
        result: dict[str, frozenset[str]] = {}
        for code, raw in (op.get("responses") or {}).items():
            response, _ = self.deref(raw)
            content = response.get("content") if isinstance(response, dict) else None
            result[str(code)] = frozenset(content or ())
        return result

    def parameters(
        self, path_item: dict[str, Json], op: dict[str, Json]
    ) -> dict[tuple[str, str], Param]:
        """Path-level then operation-level parameters (the latter override)."""
        result: dict[tuple[str, str], Param] = {}
        raw_params = list(path_item.get("parameters") or []) + list(op.get("parameters") or [])
        for raw in raw_params:
            param, _ = self.deref(raw)
            if not isinstance(param, dict) or "name" not in param:
                continue
            location = str(param.get("in", "query"))
            name = str(param["name"])
            required = bool(param.get("required")) or location == "path"
            result[(location, name)] = Param(
                location, name, self.describe(param.get("schema")), required
            )
        return result

    def body_parameters(self, op: dict[str, Json]) -> dict[tuple[str, str], Param]:
        """Request body properties (form or JSON, nested ones flattened) as ``body`` params.

        A nested property is required when its own object requires it."""
        body, _ = self.deref(op.get("requestBody"))
        result: dict[tuple[str, str], Param] = {}
        if not isinstance(body, dict):
            return result
        for content_type in sorted(body.get("content") or {}):
            media = body["content"][content_type]
            if not isinstance(media, dict):
                continue
            for name, info in self.flatten(media.get("schema")).items():
                key = ("body", name)
                if key not in result:
                    result[key] = Param("body", name, info.type, info.required)
        return result

    def response_fields(self, op: dict[str, Json]) -> dict[str, Field]:
        """Flattened fields of all 2xx JSON responses (``items[].sid`` for list envelopes)."""
        fields: dict[str, Field] = {}
        responses = op.get("responses") or {}
        for code in sorted(responses):
            if not str(code).startswith("2"):
                continue
            response, _ = self.deref(responses[code])
            if not isinstance(response, dict):
                continue
            for content_type in sorted(response.get("content") or {}):
                media = response["content"][content_type]
                if "json" in content_type and isinstance(media, dict):
                    for name, info in self.flatten(media.get("schema")).items():
                        fields.setdefault(name, info)
        return fields


def _json(value: Json) -> str:
    return json.dumps(value, sort_keys=True)


def load_spec_dir(spec_dir: Path) -> dict[str, SpecFile]:
    """Read every OpenAPI ``*.json`` file of ``spec_dir`` per file name."""
    if not spec_dir.is_dir():
        raise FileNotFoundError(f"spec directory not found: {spec_dir}")
    result: dict[str, SpecFile] = {}
    for path in sorted(spec_dir.glob("*.json")):
        if path.name == LOCK_FILE_NAME:
            continue
        doc = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(doc, dict) and "paths" in doc:
            reader = SpecReader(doc)
            result[path.name] = SpecFile(reader.operations(), reader.security_schemes())
    return result


def dir_label(spec_dir: Path) -> str:
    """``package@version`` from the dir's lock file if present, else the dir name."""
    try:
        lock = json.loads((spec_dir / LOCK_FILE_NAME).read_text(encoding="utf-8"))
        return f"{lock['package']}@{lock['version']}"
    except (OSError, ValueError, KeyError, TypeError):
        return spec_dir.name or str(spec_dir)


# --------------------------------------------------------------------------- comparing values

Finding = tuple[str, str, bool]
"""(action, text, breaking) produced while comparing one parameter or field."""


def _fmt_values(values: Iterable[str]) -> str:
    """Render values as a sorted, comma-separated list of code spans."""
    return ", ".join(f"`{v}`" for v in sorted(values))


def is_loosened(old_type: str, new_type: str) -> bool:
    """True when a type became unconstrained (``any``), also inside arrays.

    Twilio's newer specs drop ``type: object`` from free-form fields; the generated type
    widens to ``Any``, which breaks neither callers passing values nor code reading them.
    """
    if new_type == "any":
        return old_type != "any"
    prefix = "array["
    if old_type.startswith(prefix) and new_type.startswith(prefix):
        return is_loosened(old_type[len(prefix) : -1], new_type[len(prefix) : -1])
    return False


def widens(narrow: str, wide: str) -> bool:
    """True when every value of type ``narrow`` is a value of ``wide`` for the SDK.

    ``integer`` fits ``number`` (Python's int where a float is expected); anything fits
    ``any``; arrays compare their items."""
    if narrow == wide or is_loosened(narrow, wide):
        return True
    prefix = "array["
    if narrow.startswith(prefix) and wide.startswith(prefix):
        return widens(narrow[len(prefix) : -1], wide[len(prefix) : -1])
    return narrow.split("(")[0] == "integer" and wide.split("(")[0] == "number"


def _type_findings(label: str, old: TypeInfo, new: TypeInfo, is_input: bool) -> Iterator[Finding]:
    """Type, enum, nullable, default and constraint changes of one input or output."""
    what = "Parameter" if is_input else "Response field"
    if old.type != new.type:
        if is_loosened(old.type, new.type):
            word, breaking = "loosened", False
        elif is_input and widens(old.type, new.type):
            word, breaking = "widened", False
        elif not is_input and widens(new.type, old.type):
            word, breaking = "narrowed", False
        else:
            word, breaking = "changed", True
        yield CHANGED, f"{what} type {word}: {label}: {old.type} -> {new.type}", breaking
    yield from _enum_findings(label, old, new, is_input)
    if old.nullable != new.nullable:
        state = "nullable" if new.nullable else "no longer nullable"
        yield CHANGED, f"{what} now {state}: {label}", False
    if old.default != new.default:
        before = old.default if old.default is not None else "none"
        after = new.default if new.default is not None else "none"
        yield CHANGED, f"{what} default changed: {label}: {before} -> {after}", False
    yield from _constraint_findings(what, label, old, new, is_input)


def _enum_findings(label: str, old: TypeInfo, new: TypeInfo, is_input: bool) -> Iterator[Finding]:
    """Enum values removed (breaking for inputs) and added; an enum gained or dropped."""
    where = f"parameter {label}" if is_input else f"response field {label}"
    if old.enum and new.enum:
        removed, added = old.enum - new.enum, new.enum - old.enum
        if removed:
            yield CHANGED, f"Enum values removed from {where}: {_fmt_values(removed)}", is_input
        if added:
            yield CHANGED, f"Enum values added to {where}: {_fmt_values(added)}", False
    elif new.enum:  # the SDK now offers an Enum and still takes any str
        yield CHANGED, f"Enum added to {where}: {_fmt_values(new.enum)}", False
    elif old.enum:
        yield CHANGED, f"Enum dropped from {where} (any value)", False


def _constraint_findings(
    what: str, label: str, old: TypeInfo, new: TypeInfo, is_input: bool
) -> Iterator[Finding]:
    """Constraint keywords added, removed or changed; tightening an input is breaking."""
    before, after = dict(old.constraints), dict(new.constraints)
    for key in sorted(before.keys() | after.keys()):
        a, b = before.get(key), after.get(key)
        if a == b:
            continue
        keyword = key.rsplit(".", 1)[-1]
        if a is None:
            text, tighter = f"`{key}` added: {b}", True
        elif b is None:
            text, tighter = f"`{key}` removed (was {a})", False
        else:
            text, tighter = f"`{key}` {a} -> {b}", _tighter(keyword, a, b)
        if keyword == "uniqueItems" and b == "false":
            tighter = False
        yield CHANGED, f"{what} constraint changed: {label}: {text}", is_input and tighter


def _tighter(keyword: str, old: str, new: str) -> bool:
    """Whether a changed constraint value accepts less than before."""
    try:
        a, b = float(json.loads(old)), float(json.loads(new))
    except (TypeError, ValueError):
        return True  # pattern, multipleOf and the like: assume the worst
    if keyword in UPPER_BOUNDS:
        return b < a
    if keyword in LOWER_BOUNDS:
        return b > a
    return True


def _param_findings(old: Param | None, new: Param | None) -> Iterator[Finding]:
    """Compare two versions of a parameter (``None`` when absent on that side)."""
    if new is None:
        if old is not None:
            yield REMOVED, f"Parameter removed: {old.label} ({old.type.type})", True
        return
    if old is None:
        flag = "required" if new.required else "optional"
        yield ADDED, f"Parameter added: {new.label} ({new.type.type}, {flag})", new.required
        return
    if new.required and not old.required:
        yield CHANGED, f"Parameter now required: {new.label}", True
    if old.required and not new.required:
        yield CHANGED, f"Parameter now optional: {new.label}", False
    yield from _type_findings(new.label, old.type, new.type, True)


def _field_findings(name: str, old: Field | None, new: Field | None) -> Iterator[Finding]:
    """Compare two versions of a response field (``None`` when absent on that side)."""
    label = f"`{name}`"
    if new is None:
        if old is not None:
            yield REMOVED, f"Response field removed: {label} ({old.type.type})", True
        return
    if old is None:
        yield ADDED, f"Response field added: {label} ({new.type.type})", False
        return
    if old.required != new.required:
        state = "required" if new.required else "optional"
        yield CHANGED, f"Response field now {state}: {label}", False
    yield from _type_findings(label, old.type, new.type, False)


# --------------------------------------------------------------------------- diffing


def _op_change(
    spec_file: str, op: Operation, subject: str, action: str, text: str, breaking: bool
) -> Change:
    """A change attached to operation ``op``."""
    return _detail_change(spec_file, op, subject, action, "", text, breaking)


def _detail_change(
    spec_file: str, op: Operation, subject: str, action: str, name: str, text: str, breaking: bool
) -> Change:
    """A parameter or response-field change (``name``) inside operation ``op``; an unnamed one
    is about the operation itself."""
    return Change(
        spec_file=spec_file,
        subject=subject,
        action=action,
        text=text,
        breaking=breaking,
        method=op.method,
        path=op.path,
        operation_id=op.operation_id,
        name=name,
    )


def diff_params(spec_file: str, old: Operation, new: Operation) -> list[Change]:
    """Parameter changes between two versions of one operation."""
    return [
        _detail_change(spec_file, new, PARAMETER, action, f"{key[0]} {key[1]}", text, breaking)
        for key in sorted(old.params.keys() | new.params.keys())
        for action, text, breaking in _param_findings(old.params.get(key), new.params.get(key))
    ]


def diff_fields(spec_file: str, old: Operation, new: Operation) -> list[Change]:
    """Response-field changes between two versions of one operation."""
    return [
        _detail_change(spec_file, new, RESPONSE_FIELD, action, name, text, breaking)
        for name in sorted(old.fields.keys() | new.fields.keys())
        for action, text, breaking in _field_findings(
            name, old.fields.get(name), new.fields.get(name)
        )
    ]


def _auth_findings(old: Operation, new: Operation, schemes: dict[str, str]) -> Iterator[Finding]:
    """Security alternatives added (callers may use them) and removed (breaking)."""

    def show(alternative: str) -> str:
        names = alternative.split(" + ")
        return " + ".join(f"`{n}` ({schemes[n]})" if n in schemes else f"`{n}`" for n in names)

    for alternative in sorted(old.security - new.security):
        yield REMOVED, f"Auth removed: {show(alternative)}", True
    for alternative in sorted(new.security - old.security):
        yield ADDED, f"Auth added: {show(alternative)}", False


def _response_findings(old: Operation, new: Operation) -> Iterator[Finding]:
    """Status codes added, removed or replaced; content types per status."""
    old_codes, new_codes = set(old.responses), set(new.responses)
    gone, came = sorted(old_codes - new_codes), sorted(new_codes - old_codes)
    old_ok = [c for c in gone if c.startswith("2")]
    new_ok = [c for c in came if c.startswith("2")]
    if old_ok and new_ok:
        yield CHANGED, f"Success status changed: {', '.join(old_ok)} -> {', '.join(new_ok)}", False
        gone = [c for c in gone if c not in old_ok]
        came = [c for c in came if c not in new_ok]
    for code in gone:
        kind = "Error response" if code[:1] in "45" else "Response status"
        yield REMOVED, f"{kind} removed: {code}", False
    for code in came:
        kind = "Error response" if code[:1] in "45" else "Response status"
        yield ADDED, f"{kind} added: {code}", False
    for code in sorted(old_codes & new_codes):
        before, after = old.responses[code], new.responses[code]
        if before != after:
            text = (
                f"Response {code} content type changed: {_fmt_values(before) or 'none'}"
                f" -> {_fmt_values(after) or 'none'}"
            )
            yield CHANGED, text, False


def _body_findings(old: Operation, new: Operation) -> Iterator[Finding]:
    """Request content types and ``requestBody.required``."""
    if old.request_types != new.request_types:
        before = _fmt_values(old.request_types) or "no body"
        after = _fmt_values(new.request_types) or "no body"
        yield CHANGED, f"Request content type changed: {before} -> {after}", False
    if new.body_required and not old.body_required and old.request_types:
        yield CHANGED, "Request body now required", True
    if old.body_required and not new.body_required and new.request_types:
        yield CHANGED, "Request body now optional", False


def diff_operation(
    spec_file: str, old: Operation, new: Operation, schemes: dict[str, str] | None = None
) -> list[Change]:
    """All changes between two versions of the same operation."""
    changes: list[Change] = []

    def add(subject: str, findings: Iterable[Finding]) -> None:
        for action, text, breaking in findings:
            changes.append(_op_change(spec_file, new, subject, action, text, breaking))

    if old.key != new.key:
        text = f"Operation moved: `{old.method} {old.path}` -> `{new.method} {new.path}`"
        add(OPERATION, [(CHANGED, text, False)])
    if old.operation_id != new.operation_id:
        text = f"operationId renamed: `{old.operation_id}` -> `{new.operation_id}`"
        add(OPERATION, [(CHANGED, text, True)])
    if new.deprecated != old.deprecated:
        add(
            OPERATION,
            [
                (
                    CHANGED,
                    "Operation " + ("deprecated" if new.deprecated else "no longer deprecated"),
                    False,
                )
            ],
        )
    add(AUTH, _auth_findings(old, new, schemes or {}))
    if old.servers != new.servers:
        before, after = _fmt_values(old.servers) or "none", _fmt_values(new.servers) or "none"
        text = f"Host changed: {before} -> {after}"
        add(SERVER, [(CHANGED, text, False)])
    add(REQUEST_BODY, _body_findings(old, new))
    add(RESPONSE, _response_findings(old, new))
    return changes + diff_params(spec_file, old, new) + diff_fields(spec_file, old, new)


def _pair_by_operation_id(
    removed: dict[tuple[str, str], Operation], added: dict[tuple[str, str], Operation]
) -> list[tuple[Operation, Operation]]:
    """Pop and return (old, new) pairs of unmatched operations sharing an operationId."""
    added_by_id: dict[str, list[tuple[str, str]]] = {}
    for key in sorted(added):
        if added[key].operation_id:
            added_by_id.setdefault(added[key].operation_id, []).append(key)
    pairs: list[tuple[Operation, Operation]] = []
    for key in sorted(removed):
        candidates = added_by_id.get(removed[key].operation_id)
        if removed[key].operation_id and candidates:
            pairs.append((removed.pop(key), added.pop(candidates.pop(0))))
    return pairs


def _scheme_changes(spec_file: str, old: dict[str, str], new: dict[str, str]) -> list[Change]:
    """Security schemes defined, dropped or redefined in a spec file."""
    changes = []
    for name in sorted(old.keys() | new.keys()):
        before, after = old.get(name), new.get(name)
        if before == after:
            continue
        if before is None:
            text, action, breaking = f"Security scheme added: `{name}` ({after})", ADDED, False
        elif after is None:
            text, action, breaking = f"Security scheme removed: `{name}` ({before})", REMOVED, False
        else:
            text = f"Security scheme changed: `{name}`: {before} -> {after}"
            action, breaking = CHANGED, True
        changes.append(Change(spec_file, SECURITY_SCHEME, action, text, breaking, name=name))
    return changes


def diff_spec_file(spec_file: str, old: SpecFile, new: SpecFile) -> list[Change]:
    """Changes between two versions of one spec file."""
    changes = _scheme_changes(spec_file, old.schemes, new.schemes)
    schemes = {**old.schemes, **new.schemes}
    removed = {k: v for k, v in old.operations.items() if k not in new.operations}
    added = {k: v for k, v in new.operations.items() if k not in old.operations}
    for before, after in _pair_by_operation_id(removed, added):
        changes.extend(diff_operation(spec_file, before, after, schemes))
    for key in sorted(old.operations.keys() & new.operations.keys()):
        changes.extend(diff_operation(spec_file, old.operations[key], new.operations[key], schemes))
    for op in removed.values():
        text = f"Operation removed: {op.title}"
        changes.append(_op_change(spec_file, op, OPERATION, REMOVED, text, True))
    for op in added.values():
        text = f"Operation added: {op.title}"
        changes.append(_op_change(spec_file, op, OPERATION, ADDED, text, False))
    return changes


def _whole_file_changes(spec_file: str, spec: SpecFile, action: str) -> list[Change]:
    """A spec file added or removed, plus one entry per operation it carried."""
    breaking = action == REMOVED
    text = f"Spec file {action} ({len(spec.operations)} operations)"
    changes = [Change(spec_file, SPEC_FILE, action, text, breaking)]
    verb = "Operation added" if action == ADDED else "Operation removed"
    for op in spec.operations.values():
        changes.append(
            _op_change(spec_file, op, OPERATION, action, f"{verb}: {op.title}", breaking)
        )
    return changes


def diff_specs(old_dir: Path, new_dir: Path) -> Changelog:
    """Compare the OpenAPI files of ``old_dir`` and ``new_dir`` and return the changelog."""
    old, new = load_spec_dir(old_dir), load_spec_dir(new_dir)
    changes: list[Change] = []
    for spec_file in sorted(old.keys() | new.keys()):
        if spec_file not in new:
            changes.extend(_whole_file_changes(spec_file, old[spec_file], REMOVED))
        elif spec_file not in old:
            changes.extend(_whole_file_changes(spec_file, new[spec_file], ADDED))
        else:
            changes.extend(diff_spec_file(spec_file, old[spec_file], new[spec_file]))
    changes.sort(key=Change.sort_key)
    return Changelog(dir_label(old_dir), dir_label(new_dir), changes)


# --------------------------------------------------------------------------- rendering


def summary_line(changelog: Changelog) -> str:
    """One line with the number of changes per subject and action."""
    counts = changelog.counts()
    signs = {ADDED: "+", REMOVED: "-", CHANGED: "~"}
    parts = []
    for subject in SUBJECTS:
        figures = " ".join(f"{signs[a]}{counts[(subject, a)]}" for a in ACTIONS)
        if subject in (SPEC_FILE, OPERATION, PARAMETER, RESPONSE_FIELD) or any(
            counts[(subject, a)] for a in ACTIONS
        ):
            parts.append(f"{PLURALS.get(subject, subject + 's')} {figures}")
    total, breaking = len(changelog.changes), len(changelog.breaking)
    return f"{total} changes, {breaking} breaking; " + "; ".join(parts)


def _bullet(change: Change) -> str:
    """A Markdown list item for one change."""
    marker = "**BREAKING** " if change.breaking else ""
    return f"- {marker}{change.text}"


def _is_file_level(change: Change) -> bool:
    """Spec files, schemes and whole operations added/removed are listed under the file."""
    if change.subject in FILE_SUBJECTS:
        return True
    return change.subject == OPERATION and change.action in (ADDED, REMOVED)


def render_changes(changes: Sequence[Change], level: int = 2) -> list[str]:
    """Markdown lines grouped by spec file (heading ``level``) then operation (``level+1``)."""
    by_file: dict[str, list[Change]] = {}
    for change in sorted(changes, key=Change.sort_key):
        by_file.setdefault(change.spec_file, []).append(change)
    lines: list[str] = []
    for spec_file in sorted(by_file):
        lines.extend(_render_file(spec_file, by_file[spec_file], level))
    return lines


def _render_file(spec_file: str, changes: list[Change], level: int) -> list[str]:
    """Markdown lines for one spec file's changes."""
    lines = [f"{'#' * level} {spec_file}", ""]
    top = [c for c in changes if _is_file_level(c)]
    lines.extend(_bullet(c) for c in top)
    if top:
        lines.append("")
    current: tuple[str, str] | None = None
    for change in (c for c in changes if not _is_file_level(c)):
        if (change.path, change.method) != current:
            current = (change.path, change.method)
            op_id = f" (`{change.operation_id}`)" if change.operation_id else ""
            if lines[-1] != "":
                lines.append("")
            lines.extend([f"{'#' * (level + 1)} `{change.method} {change.path}`{op_id}", ""])
        lines.append(_bullet(change))
    if lines[-1] != "":
        lines.append("")
    return lines


def render_markdown(changelog: Changelog) -> str:
    """Render the changelog as Markdown grouped by spec file (deterministic)."""
    lines = [
        f"# API changelog: {changelog.old_label} -> {changelog.new_label}",
        "",
        f"**Summary:** {summary_line(changelog)}",
        "",
    ]
    if not changelog.changes:
        lines.extend(["No API changes.", ""])
    lines.extend(render_changes(changelog.changes))
    return "\n".join(lines).rstrip("\n") + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point: print the changelog between two spec directories."""
    parser = argparse.ArgumentParser(
        prog="python -m generator.changelog",
        description="Print the API changelog between two directories of OpenAPI spec files.",
    )
    parser.add_argument("old_dir", type=Path, help="directory with the old spec files")
    parser.add_argument("new_dir", type=Path, help="directory with the new spec files")
    args = parser.parse_args(argv)
    try:
        changelog = diff_specs(args.old_dir, args.new_dir)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(render_markdown(changelog))
    return 0


if __name__ == "__main__":
    sys.exit(main())
