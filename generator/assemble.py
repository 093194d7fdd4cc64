"""Assemble the spec files into versions: parse, build the resource trees, name everything."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .build import (
    GenerationError,
    ModelIR,
    Operation,
    VersionIR,
    auth_mode,
    build_models,
    build_operation,
    merged_model,
    official_snake,
    parse_spec,
    pascal,
    snake,
    spec_version_segment,
)
from .normalize import HTTP_METHODS
from .tree import TreeBuilder, assign_class_names, assign_method_names, call_chain
from .types import UNION_PARSER, model_info


def _path_shape(path: Any) -> str:
    """Paths with parameter names blanked: the parser renames parameters, shapes stay."""
    text = path.get_untrusted_value() if hasattr(path, "get_untrusted_value") else str(path)
    return re.sub(r"\{[^}]+\}", "{}", text)


def build_spec_file(spec_path: Path) -> list[VersionIR]:
    """Parse one spec file into one VersionIR per API version it contains."""
    file_name = spec_path.name
    raw, data, wire_names = parse_spec(spec_path)
    endpoints: dict[tuple[str, str], Any] = {}
    for collection in data.endpoint_collections_by_tag.values():
        for endpoint in collection.endpoints:
            endpoints[(str(endpoint.method), _path_shape(endpoint.path))] = endpoint
    default_host = (raw.get("servers") or [{"url": ""}])[0]["url"]
    form_models = {
        body.prop.class_info.name
        for endpoint in endpoints.values()
        for body in endpoint.bodies
        if body.content_type.get_untrusted_value() == "application/x-www-form-urlencoded"
    }
    models, enums = build_models(data, skip=form_models)
    trees: dict[str, TreeBuilder] = {}
    operations: dict[str, list[Operation]] = {}
    hosts: dict[str, str] = {}
    raw_ops: list[tuple[Operation, dict[str, Any]]] = []
    for path, item in raw["paths"].items():
        version, prefix = spec_version_segment(path, file_name)
        ops: list[tuple[Operation, dict[str, Any]]] = []
        for method in HTTP_METHODS:
            if method not in item:
                continue
            endpoint = endpoints.get((method, _path_shape(path)))
            if endpoint is None:
                raise GenerationError(f"{file_name}: {method.upper()} {path} was not parsed")
            op = build_operation(
                file_name,
                method,
                path,
                item,
                endpoint,
                wire_names.get((method, path), {}),
                default_host,
                (raw.get("components") or {}).get("parameters") or {},
            )
            op.auth = auth_mode(raw, item[method])
            ops.append((op, item[method]))
            raw_ops.append((op, item[method]))
            operations.setdefault(version, []).append(op)
            hosts.setdefault(version, op.host)
        # Every path item, with operations or not: those without may be others' parents.
        tree = trees.setdefault(version, TreeBuilder(version, versionless=not prefix))
        tree.add(path, item.get("x-twilio") or {}, ops)
    models += merge_response_unions(models, raw_ops)
    models = without_page_envelopes(models, [op for ops in operations.values() for op in ops])
    return [
        VersionIR(
            domain=snake(hosts[v].split("//", 1)[1].split(".", 1)[0]),
            version=v,
            host=hosts[v],
            spec_files=[file_name],
            models=models,
            enums=enums,
            root=trees[v].build(),
            operations=operations[v],
        )
        for v in sorted(operations)
    ]


def merge_response_unions(
    models: list[ModelIR], raw_ops: list[tuple[Operation, dict[str, Any]]]
) -> list[ModelIR]:
    """A record that is one of several models (a `oneOf` response: US A2P compliance, v1 or
    v2; a discriminated operator result) becomes one model with the fields of every
    alternative, as the official library's instance reads them; the merged models, one per
    response schema (named after it: `MessagingV1ServiceUsAppToPersonResponse`)."""
    by_name = {m.name: m for m in models}
    merged: dict[str, ModelIR] = {}
    for op, raw_op in raw_ops:
        for attribute in ("page_item", "result") if op.page_items_key else ("result",):
            info = getattr(op, attribute)
            if info is None or info.model is not None or not info.parse.startswith(UNION_PARSER):
                continue
            name = pascal(_response_schema_name(op, raw_op))
            if name not in merged:
                if name in by_name:
                    raise GenerationError(f"{op.operation_id}: merged model {name} clashes")
                merged[name] = merged_model(name, [by_name[ref] for ref in info.refs])
            setattr(op, attribute, model_info(name))
    return list(merged.values())


def _response_schema_name(op: Operation, raw_op: dict[str, Any]) -> str:
    """The component name of a `oneOf` response (of one record of a list), or the operation's
    `<operationId>Response` for an inline one."""
    codes = sorted(code for code in raw_op.get("responses", {}) if code.startswith("2"))
    content: dict[str, Any] = raw_op["responses"][codes[0]].get("content") or {}
    media: dict[str, Any] = next(iter(content.values()), {})
    schema: dict[str, Any] = media.get("schema") or {}
    if op.page_items_key:
        schema = ((schema.get("properties") or {}).get(op.page_items_key) or {}).get("items") or {}
    ref = schema.get("$ref")
    return ref.rsplit("/", 1)[-1] if isinstance(ref, str) else f"{op.operation_id}Response"


def without_page_envelopes(models: list[ModelIR], operations: list[Operation]) -> list[ModelIR]:
    """The models less the page envelopes of list operations (`ListMessageListMessageResponse`
    and its `…Meta`): a list call returns `Page`s of records, whose `meta` and links the
    runtime reads, so an envelope model would be dead code. A model still named by another
    model or an operation's parameters stays."""
    envelopes = {
        name
        for op in operations
        if op.page_items_key and op.result is not None
        for name in op.result.refs
    }
    by_name = {m.name: m for m in models}
    for name in list(envelopes):  # what only the envelopes name (their `meta`)
        for field in by_name[name].fields if name in by_name else ():
            envelopes.update(field.info.refs)
    kept_refs = {
        ref
        for m in models
        if m.name not in envelopes
        for field in m.fields
        for ref in field.info.refs
    }
    kept_refs.update(ref for op in operations for p in op.params for ref in p.info.refs)
    kept_refs.update(ref for op in operations if op.page_item for ref in op.page_item.refs)
    kept_refs.update(
        ref for op in operations if op.result and not op.page_items_key for ref in op.result.refs
    )
    dropped = envelopes - kept_refs
    return [m for m in models if m.name not in dropped]


def finish(versions: list[VersionIR]) -> None:
    """Resolve version-name clashes, then name classes, methods and call chains."""
    claimed: dict[tuple[str, str], str] = {}
    for version in sorted(
        versions,
        key=lambda v: (not v.spec_files[0].endswith(f"_{v.version}.json"), v.spec_files[0]),
    ):
        key = (version.domain, version.version)
        if key in claimed:
            # Two spec files describe the same domain and version (content_v1 / content_sdk):
            # the second is reachable under its file suffix, e.g. `content.sdk`.
            version.version = snake(version.spec_files[0].rsplit("_", 1)[1].removesuffix(".json"))
            key = (version.domain, version.version)
            if key in claimed:
                raise GenerationError(f"{version.spec_files[0]}: version {key} already generated")
        claimed[key] = version.spec_files[0]
    for version in versions:
        version.root.class_name = (
            pascal(version.version) if not version.version[0].isdigit() else f"V{version.version}"
        )
        nodes = version.nodes()
        assign_class_names(nodes)
        for op in version.operations:
            # Named after the operationId (unique in its spec file), so a new operation in
            # the spec renames nothing else.
            op.const_name = "_" + official_snake(op.operation_id).upper()
        for node in nodes:
            assign_method_names(node)
            for op in node.operations:
                op.call = call_chain(version.domain, version.version, node, op)
