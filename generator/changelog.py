"""API changelog between two directories of Twilio OpenAPI spec files.

The comparison works on the raw OpenAPI JSON and looks only at what changes the
shape of the SDK: operations (keyed by spec file + HTTP method + path, and also
matched by ``operationId``), their parameters (path, query, header, cookie and
request-body properties) and the fields of their 2xx responses.  Descriptions,
examples and vendor extensions are ignored.

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
"""How deep nested response objects are flattened (``a.b[].c`` is depth 3)."""

SPEC_FILE = "spec file"
OPERATION = "operation"
PARAMETER = "parameter"
RESPONSE_FIELD = "response field"
SUBJECTS = (SPEC_FILE, OPERATION, PARAMETER, RESPONSE_FIELD)
ADDED, REMOVED, CHANGED = "added", "removed", "changed"
ACTIONS = (ADDED, REMOVED, CHANGED)

Json = Any
"""A value decoded from JSON (OpenAPI documents are untyped)."""


# --------------------------------------------------------------------------- model


@dataclass(frozen=True)
class TypeInfo:
    """The comparable type of a parameter or field: a rendered type plus enum values."""

    type: str
    enum: frozenset[str] = frozenset()


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
class Operation:
    """The comparable surface of one OpenAPI operation."""

    method: str
    path: str
    operation_id: str
    params: dict[tuple[str, str], Param]
    fields: dict[str, TypeInfo]

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
        """Summarise a schema as type, format, enum ``$ref`` name and items type."""
        target, ref_name = self.deref(schema)
        if not isinstance(target, dict) or (ref_name is not None and ref_name in seen):
            return TypeInfo(f"ref {ref_name}" if ref_name else "any")
        if ref_name is not None:
            seen = seen | {ref_name}
        enum = frozenset(str(v) for v in target.get("enum") or ())
        base = self._base_type(target, seen)
        if enum:
            base = f"enum {ref_name} ({base})" if ref_name else f"enum ({base})"
        if target.get("type") == "array":
            items = self.describe(target.get("items"), seen)
            return TypeInfo(f"array[{items.type}]", items.enum)
        return TypeInfo(base, enum)

    def _base_type(self, schema: dict[str, Json], seen: frozenset[str]) -> str:
        """Type (with format) of a dereferenced schema, including combinators."""
        for combinator in ("allOf", "oneOf", "anyOf"):
            members = schema.get(combinator)
            if isinstance(members, list) and "type" not in schema:
                inner = ", ".join(self.describe(m, seen).type for m in members)
                return f"{combinator}[{inner}]"
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
        if alternatives:
            for sub_props, _ in alternatives:
                props = {**sub_props, **props}
            required |= set.intersection(*(r for _, r in alternatives))
        return props, required

    # ----------------------------------------------------------------- operations

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
        return Operation(
            method=method,
            path=path,
            operation_id=str(op.get("operationId") or ""),
            params=params,
            fields=self.response_fields(op),
        )

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
        """Properties of the request body schemas (form or JSON) as ``body`` parameters."""
        body, _ = self.deref(op.get("requestBody"))
        result: dict[tuple[str, str], Param] = {}
        if not isinstance(body, dict):
            return result
        for content_type in sorted(body.get("content") or {}):
            media = body["content"][content_type]
            if not isinstance(media, dict):
                continue
            props, required = self.object_properties(media.get("schema"))
            for name in sorted(props):
                key = ("body", name)
                if key not in result:
                    info = self.describe(props[name])
                    result[key] = Param("body", name, info, name in required)
        return result

    def response_fields(self, op: dict[str, Json]) -> dict[str, TypeInfo]:
        """Flattened fields of all 2xx JSON responses (``items[].sid`` for list envelopes)."""
        fields: dict[str, TypeInfo] = {}
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
                    self._flatten(media.get("schema"), "", fields, frozenset(), 0)
        return fields

    def _flatten(
        self,
        schema: Json,
        prefix: str,
        fields: dict[str, TypeInfo],
        seen: frozenset[str],
        depth: int,
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
        props, _ = self.object_properties(target)
        for name in sorted(props):
            key = prefix + name
            fields.setdefault(key, self.describe(props[name]))
            self._flatten_child(props[name], key, fields, seen, depth + 1)

    def _flatten_child(
        self,
        schema: Json,
        key: str,
        fields: dict[str, TypeInfo],
        seen: frozenset[str],
        depth: int,
    ) -> None:
        """Descend into a property that is an object (``key.x``) or array (``key[].x``)."""
        target, _ = self.deref(schema)
        if not isinstance(target, dict):
            return
        if target.get("type") == "array":
            self._flatten(target.get("items"), key + "[].", fields, seen, depth)
        elif self.object_properties(target)[0]:
            self._flatten(schema, key + ".", fields, seen, depth)


def load_spec_dir(spec_dir: Path) -> dict[str, dict[tuple[str, str], Operation]]:
    """Read every OpenAPI ``*.json`` file of ``spec_dir`` into operations per file name."""
    if not spec_dir.is_dir():
        raise FileNotFoundError(f"spec directory not found: {spec_dir}")
    result: dict[str, dict[tuple[str, str], Operation]] = {}
    for path in sorted(spec_dir.glob("*.json")):
        if path.name == LOCK_FILE_NAME:
            continue
        doc = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(doc, dict) and "paths" in doc:
            result[path.name] = SpecReader(doc).operations()
    return result


def dir_label(spec_dir: Path) -> str:
    """``package@version`` from the dir's lock file if present, else the dir name."""
    try:
        lock = json.loads((spec_dir / LOCK_FILE_NAME).read_text(encoding="utf-8"))
        return f"{lock['package']}@{lock['version']}"
    except (OSError, ValueError, KeyError, TypeError):
        return spec_dir.name or str(spec_dir)


# --------------------------------------------------------------------------- diffing


def _op_change(spec_file: str, op: Operation, action: str, text: str, breaking: bool) -> Change:
    """A change attached to operation ``op``."""
    return Change(
        spec_file=spec_file,
        subject=OPERATION,
        action=action,
        text=text,
        breaking=breaking,
        method=op.method,
        path=op.path,
        operation_id=op.operation_id,
    )


def _detail_change(
    spec_file: str, op: Operation, subject: str, action: str, name: str, text: str, breaking: bool
) -> Change:
    """A parameter or response-field change inside operation ``op``."""
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


def _fmt_values(values: Iterable[str]) -> str:
    """Render enum values as a sorted, comma-separated list of code spans."""
    return ", ".join(f"`{v}`" for v in sorted(values))


def _diff_enum(old: TypeInfo, new: TypeInfo, what: str) -> Iterator[tuple[str, bool]]:
    """Yield (text, breaking) for enum values removed (breaking) and added (not)."""
    if not (old.enum and new.enum):
        return
    removed, added = old.enum - new.enum, new.enum - old.enum
    if removed:
        yield f"Enum values removed from {what}: {_fmt_values(removed)}", True
    if added:
        yield f"Enum values added to {what}: {_fmt_values(added)}", False


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


def _type_change(what: str, name: str, old_type: str, new_type: str) -> tuple[str, bool]:
    """(text, breaking) for a type change; loosening to ``any`` is not breaking."""
    if is_loosened(old_type, new_type):
        return f"{what} type loosened: {name}: {old_type} -> {new_type}", False
    return f"{what} type changed: {name}: {old_type} -> {new_type}", True


Finding = tuple[str, str, bool]
"""(action, text, breaking) produced while comparing one parameter or field."""


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
    if old.type.type != new.type.type:
        yield CHANGED, *_type_change("Parameter", new.label, old.type.type, new.type.type)
    if new.required and not old.required:
        yield CHANGED, f"Parameter now required: {new.label}", True
    if old.required and not new.required:
        yield CHANGED, f"Parameter now optional: {new.label}", False
    for text, breaking in _diff_enum(old.type, new.type, f"parameter {new.label}"):
        yield CHANGED, text, breaking


def _field_findings(name: str, old: TypeInfo | None, new: TypeInfo | None) -> Iterator[Finding]:
    """Compare two versions of a response field (``None`` when absent on that side)."""
    label = f"`{name}`"
    if new is None:
        if old is not None:
            yield REMOVED, f"Response field removed: {label} ({old.type})", True
        return
    if old is None:
        yield ADDED, f"Response field added: {label} ({new.type})", False
        return
    if old.type != new.type:
        yield CHANGED, *_type_change("Response field", label, old.type, new.type)
    for text, breaking in _diff_enum(old, new, f"response field {label}"):
        yield CHANGED, text, breaking


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


def diff_operation(spec_file: str, old: Operation, new: Operation) -> list[Change]:
    """All changes between two versions of the same operation."""
    changes: list[Change] = []
    if old.key != new.key:
        text = f"Operation moved: `{old.method} {old.path}` -> `{new.method} {new.path}`"
        changes.append(_op_change(spec_file, new, CHANGED, text, False))
    if old.operation_id != new.operation_id:
        text = f"operationId renamed: `{old.operation_id}` -> `{new.operation_id}`"
        changes.append(_op_change(spec_file, new, CHANGED, text, True))
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


def diff_spec_file(
    spec_file: str, old: dict[tuple[str, str], Operation], new: dict[tuple[str, str], Operation]
) -> list[Change]:
    """Changes between two versions of one spec file's operations."""
    changes: list[Change] = []
    removed = {k: v for k, v in old.items() if k not in new}
    added = {k: v for k, v in new.items() if k not in old}
    for before, after in _pair_by_operation_id(removed, added):
        changes.extend(diff_operation(spec_file, before, after))
    for key in sorted(old.keys() & new.keys()):
        changes.extend(diff_operation(spec_file, old[key], new[key]))
    for op in removed.values():
        changes.append(_op_change(spec_file, op, REMOVED, f"Operation removed: {op.title}", True))
    for op in added.values():
        changes.append(_op_change(spec_file, op, ADDED, f"Operation added: {op.title}", False))
    return changes


def _whole_file_changes(
    spec_file: str, ops: dict[tuple[str, str], Operation], action: str
) -> list[Change]:
    """A spec file added or removed, plus one entry per operation it carried."""
    breaking = action == REMOVED
    text = f"Spec file {action} ({len(ops)} operations)"
    changes = [Change(spec_file, SPEC_FILE, action, text, breaking)]
    verb = "Operation added" if action == ADDED else "Operation removed"
    for op in ops.values():
        changes.append(_op_change(spec_file, op, action, f"{verb}: {op.title}", breaking))
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
        actions = (ADDED, REMOVED) if subject == SPEC_FILE else ACTIONS
        figures = " ".join(f"{signs[a]}{counts[(subject, a)]}" for a in actions)
        parts.append(f"{subject}s {figures}")
    total, breaking = len(changelog.changes), len(changelog.breaking)
    return f"**Summary:** {total} changes, {breaking} breaking; " + "; ".join(parts)


def _bullet(change: Change) -> str:
    """A Markdown list item for one change."""
    marker = "**BREAKING** " if change.breaking else ""
    return f"- {marker}{change.text}"


def _is_file_level(change: Change) -> bool:
    """Spec files and whole operations added/removed are listed directly under the file."""
    if change.subject == SPEC_FILE:
        return True
    return change.subject == OPERATION and change.action in (ADDED, REMOVED)


def _render_file(spec_file: str, changes: list[Change]) -> list[str]:
    """Markdown lines for one spec file's changes."""
    lines = [f"## {spec_file}", ""]
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
            lines.extend([f"### `{change.method} {change.path}`{op_id}", ""])
        lines.append(_bullet(change))
    if lines[-1] != "":
        lines.append("")
    return lines


def render_markdown(changelog: Changelog) -> str:
    """Render the changelog as Markdown grouped by spec file (deterministic)."""
    lines = [
        f"# API changelog: {changelog.old_label} -> {changelog.new_label}",
        "",
        summary_line(changelog),
        "",
    ]
    if not changelog.changes:
        lines.extend(["No API changes.", ""])
    by_file: dict[str, list[Change]] = {}
    for change in sorted(changelog.changes, key=Change.sort_key):
        by_file.setdefault(change.spec_file, []).append(change)
    for spec_file in sorted(by_file):
        lines.extend(_render_file(spec_file, by_file[spec_file]))
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
