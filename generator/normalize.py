"""Spec normalisation: rewrite Twilio's OpenAPI quirks into a shape openapi-python-client parses.

Every rewrite here is recorded (renamed parameters keep their wire names) so nothing the spec
says is lost on the way to the templates.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from openapi_python_client import strings

HTTP_METHODS = ("get", "post", "put", "patch", "delete")

# `DateSent<` / `DateSent>` are Twilio's inequality filters; the official library names them
# `date_sent_before` / `date_sent_after`.
_INEQUALITY_SUFFIXES = {"<": "Before", ">": "After"}

JsonDict = dict[str, Any]


def normalize_spec(spec: JsonDict) -> tuple[JsonDict, dict[tuple[str, str], dict[str, str]]]:
    """Return a normalised copy of ``spec`` and the wire names of renamed parameters.

    The second value maps ``(method, path)`` to ``{normalised name: wire name}``.
    """
    spec = copy.deepcopy(spec)
    wire_names = _rename_inequality_filters(spec)
    _resolve_inline_name_clashes(spec)
    _drop_nullable(spec)
    return spec, wire_names


def _rename_inequality_filters(spec: JsonDict) -> dict[tuple[str, str], dict[str, str]]:
    renamed: dict[tuple[str, str], dict[str, str]] = {}
    for path, item in spec.get("paths", {}).items():
        for method in HTTP_METHODS:
            operation = item.get(method)
            if not operation:
                continue
            for parameter in operation.get("parameters", []):
                name = parameter.get("name", "")
                suffix = _INEQUALITY_SUFFIXES.get(name[-1:])
                if suffix:
                    new_name = name[:-1] + suffix
                    renamed.setdefault((method, path), {})[new_name] = name
                    parameter["name"] = new_name
    return renamed


def _resolve_inline_name_clashes(spec: JsonDict) -> None:
    """Rename component schemas whose names clash with a generated inline model name.

    openapi-python-client names the inline object in property ``meta`` of ``ConnectorPage``
    ``ConnectorPageMeta``; when the spec also has a component of that name the parser drops both
    schemas. The component is renamed (``ConnectorPageMetaSchema``) and every ``$ref`` follows.
    """
    schemas: JsonDict = spec.get("components", {}).get("schemas", {})
    inline_names: set[str] = set()
    for schema_name, schema in schemas.items():
        for prop_name, prop in (schema.get("properties") or {}).items():
            if isinstance(prop, dict) and "$ref" not in prop and prop.get("type") == "object":
                inline_names.add(_class_name(schema_name) + _class_name(prop_name))
    clashes = {name: f"{name}Schema" for name in schemas if _class_name(name) in inline_names}
    if not clashes:
        return
    for old, new in clashes.items():
        schemas[new] = schemas.pop(old)
    refs = {
        f"#/components/schemas/{old}": f"#/components/schemas/{new}" for old, new in clashes.items()
    }
    _rewrite_refs(spec, refs)


def _rewrite_refs(node: Any, refs: dict[str, str]) -> None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref in refs:
            node["$ref"] = refs[ref]
        for value in node.values():
            _rewrite_refs(value, refs)
    elif isinstance(node, list):
        for value in node:
            _rewrite_refs(value, refs)


def _drop_nullable(node: Any) -> None:
    """Remove ``nullable`` (and ``null`` enum members) everywhere; RFC 2822 dates are dates.

    Our templates type every response field as optional and the runtime accepts ``null``
    anywhere, so ``nullable`` adds nothing; meanwhile the parser wraps each nullable schema in a
    union, and nested unions of inline objects make it generate duplicate models and drop them.
    """
    if isinstance(node, dict):
        node.pop("nullable", None)
        if node.get("format") == "date-time-rfc-2822":
            # The 2010 API's dates; the runtime's datetime parser reads RFC 2822 and ISO-8601.
            node["format"] = "date-time"
        values = node.get("enum")
        if isinstance(values, list) and None in values:
            node["enum"] = [v for v in values if v is not None]
        for value in node.values():
            _drop_nullable(value)
    elif isinstance(node, list):
        for value in node:
            _drop_nullable(value)


def _class_name(name: str) -> str:
    return strings.pascal_case(re.sub(r"[^A-Za-z0-9]+", " ", name))
