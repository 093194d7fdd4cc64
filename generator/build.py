"""Build the intermediate representation of one spec file: models, enums, resource tree, operations.

openapi-python-client parses the (normalised) spec; this module arranges what it parsed into the
shape our templates render: a tree of resources mirroring the official library's call paths.
"""

from __future__ import annotations

import json
import keyword
import re
from pathlib import Path
from typing import Any

import attrs
from openapi_python_client import strings
from openapi_python_client.config import Config, ConfigFile, MetaType
from openapi_python_client.parser import GeneratorData
from openapi_python_client.parser.properties import ListProperty, ModelProperty, NoneProperty
from openapi_python_client.schema.untrusted_string import UntrustedString

from .normalize import normalize_spec
from .types import TypeInfo, accepts_note, merged_info, param_info, path_param_annotation, type_info

# Paging query parameters, handled by the runtime: (page size, page token, page number).
PAGING_PARAMS = {"pagesize": 0, "pagetoken": 1, "page": 2}
PAGING_ARGUMENTS = ("page_size", "page_token", "page_number")  # their Python arguments
STANDARD_PAGING = ("PageSize", "PageToken", "Page")
LIST_METHOD_ARGS = {"limit", "page_size", "page_token", "page_number", "target_url"}
VERSION_SEGMENT = re.compile(r"^(v\d+(\.\d+)?|\d{4}-\d{2}-\d{2})$")


class GenerationError(Exception):
    """The spec contains something the generator would drop; the message names it."""


def untrusted(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, UntrustedString):
        return value.get_untrusted_value()
    return str(value)


def snake(name: str) -> str:
    return strings.snake_case(re.sub(r"[^A-Za-z0-9]+", " ", name)) or "_"


def pascal(name: str) -> str:
    return strings.pascal_case(re.sub(r"[^A-Za-z0-9]+", " ", name))


def identifier(name: str) -> str:
    return str(strings.PythonIdentifier(name, prefix="field"))


@attrs.define
class Field:
    py_name: str
    wire_name: str
    info: TypeInfo
    description: str

    @property
    def special(self) -> bool:
        """Listed in the model's `_FIELDS`: a field read under another name or parsed; the
        rest are derived from the class's annotations (`Model.__init_subclass__`)."""
        return self.py_name != self.wire_name or self.info.parse != "None"


@attrs.define
class ModelIR:
    name: str
    description: str
    fields: list[Field]


@attrs.define
class EnumIR:
    name: str
    members: list[tuple[str, str]]


@attrs.define
class Param:
    py_name: str
    wire_name: str
    info: TypeInfo
    required: bool
    description: str
    position: int = 0  # in the official signature: the spec's `parameters`, then the body
    map_prefix: str | None = None  # a `prefixed-collapsible-map-<prefix>` parameter


@attrs.define
class Operation:
    spec_file: str
    http_method: str
    path: str  # as in the spec
    operation_id: str
    method_name: str = ""
    host: str = ""
    summary: str = ""
    description: str = ""
    path_params: list[str] = attrs.field(factory=list)
    path_annotations: dict[str, str] = attrs.field(factory=dict)  # the non-`str` ones
    query: list[Param] = attrs.field(factory=list)
    form: list[Param] = attrs.field(factory=list)
    json_body: Param | None = None
    headers: list[Param] = attrs.field(factory=list)  # `in: header` parameters
    # Fixed request headers from the spec's media types, when not JSON: the SCIM operations
    # produce only `application/scim+json`, and a server (Prism too) refuses another Accept.
    media_headers: tuple[tuple[str, str], ...] = ()
    result: TypeInfo | None = None  # None: no body
    page_items_key: str | None = None  # set for paginated list operations
    page_item: TypeInfo | None = None  # the type of one record of a paginated list
    paging: tuple[str, str, str] = ("PageSize", "PageToken", "Page")  # wire names
    # Paging parameters the spec declares: runtime argument -> position in `parameters`.
    paging_declared: dict[str, int] = attrs.field(factory=dict)
    const_name: str = ""
    call: str = ""
    instance_of: Node | None = None  # the item whose instance class this returns
    instance_class: str = ""  # which of the item's instance classes (one per record model)
    instance_own: bool = False  # an operation of the item itself (else of its list)
    # For a list's records: the record fields naming the item (its own path parameters).
    instance_fields: tuple[str, ...] = ()
    auth: str = "account"  # see `auth_mode`
    redirects: tuple[int, ...] = ()  # declared 3xx statuses: answers, not errors

    @property
    def paging_inline(self) -> bool:
        """Paging parameters other than `PageSize`/`PageToken`/`Page` (`pageSize`, …): the
        official library takes them where the spec lists them, like any other parameter."""
        return any(
            name not in STANDARD_PAGING
            for name, argument in zip(self.paging, PAGING_ARGUMENTS, strict=True)
            if argument in self.paging_declared
        )

    @property
    def params(self) -> list[Param]:
        body = [self.json_body] if self.json_body else []
        return self.query + self.form + body + self.headers

    @property
    def signature_params(self) -> list[Param]:
        """Parameters in the official library's order: the spec's `parameters` (query and
        header, as listed), then the body's; required ones first."""
        params = sorted(self.params, key=lambda p: p.position)
        return [p for p in params if p.required] + [p for p in params if not p.required]


@attrs.define(eq=False)
class Node:
    """A resource in the call tree: a collection, one item of a collection, or a singleton."""

    key: str  # path relative to the version, ".json" dropped, parameters as "{}"
    kind: str  # "collection" | "item" | "singleton" | "root"
    name: str = ""  # attribute name on the parent
    class_name: str = ""
    param_names: list[str] = attrs.field(factory=list)  # spec names of this node's path params
    operations: list[Operation] = attrs.field(factory=list)
    children: dict[str, Node] = attrs.field(factory=dict)
    item: Node | None = None
    parent: Node | None = None
    description: str = ""
    bound: int = 0  # path parameters known once this node is reached, its own included
    # The order its operations declare their path parameters in, which the official library's
    # `__call__` takes them in: the path's, but for `lookup_overrides(field, phone_number)`.
    declared_params: list[str] = attrs.field(factory=list)
    module_name: str = ""  # the generated module holding this resource's classes
    # Set on items whose records get instance methods (the official library's instances):
    instance_class: str = ""  # e.g. AccountsMessagesInstance, of its `fetch()` record model
    instance_model: str = ""  # the model it extends
    # Every instance class with its model, the first one's first: one per model the item's
    # records come in (`create()` may answer with another schema than `fetch()`).
    instances: list[tuple[str, str]] = attrs.field(factory=list)
    # With several: the base class holding their methods (`AccountsMessagesMethods`, made
    # private in the module), for a model's fields cannot join another model's.
    instance_methods: str = ""
    instance_members: list[str] = attrs.field(factory=list)  # delegated methods and children

    @property
    def bound_count(self) -> int:
        return self.bound

    @property
    def call_params(self) -> list[str]:
        """Parameters this node takes when reached from its parent (attribute call)."""
        parent_bound = self.parent.bound_count if self.parent else 0
        return self.param_names[parent_bound:]

    @property
    def call_signature(self) -> list[str]:
        """`call_params` in the order a caller passes them (see `declared_params`)."""
        own = self.call_params
        declared = [p for p in self.declared_params if p in own]
        return declared if sorted(declared) == sorted(own) else own

    def path_annotation(self, name: str) -> str:
        """The type of path parameter `name` as the operations below this node declare it."""
        for op in self.operations:
            if name in op.path_params:
                return op.path_annotations.get(name, "str")
        below = [*self.children.values(), *([self.item] if self.item else [])]
        return next((n.path_annotation(name) for n in below), "str")


@attrs.define
class VersionIR:
    domain: str
    version: str
    host: str
    spec_files: list[str]
    models: list[ModelIR]
    enums: list[EnumIR]
    root: Node
    operations: list[Operation]

    def nodes(self) -> list[Node]:
        found: list[Node] = []

        def walk(node: Node) -> None:
            found.append(node)
            for child in node.children.values():
                walk(child)
            if node.item:
                walk(node.item)

        walk(self.root)
        return found


def parse_spec(
    path: Path,
) -> tuple[dict[str, Any], GeneratorData, dict[tuple[str, str], dict[str, str]]]:
    raw = json.loads(path.read_text(encoding="utf-8"))
    spec, wire_names = normalize_spec(raw)
    config = Config.from_sources(ConfigFile(), MetaType.NONE, path, "utf-8", True, None)
    data = GeneratorData.from_dict(spec, config=config)
    if not isinstance(data, GeneratorData):
        raise GenerationError(f"{path.name}: cannot parse spec: {data.header} {data.detail}")
    problems = [f"{e.header.strip()} {e.detail or ''}".strip() for e in data.errors]
    for collection in data.endpoint_collections_by_tag.values():
        problems += [
            f"{e.header.strip()} {e.detail or ''}".strip() for e in collection.parse_errors
        ]
        for endpoint in collection.endpoints:
            problems += [f"{endpoint.name}: {e.detail}" for e in endpoint.errors]
    if problems:
        raise GenerationError(
            f"{path.name}: the parser would drop something:\n  " + "\n  ".join(problems)
        )
    return spec, data, wire_names


def spec_version_segment(spec_path: str, file_name: str) -> tuple[str, str]:
    """Return (version name, path prefix to strip) for one spec path."""
    first = spec_path.split("/")[1]
    if file_name == "twilio_preview.json":
        return snake(first), "/" + first
    if VERSION_SEGMENT.match(first):
        version = "v" + first[:4] if first[0].isdigit() else first.replace(".", "_")
        return version, "/" + first
    return "versionless", ""


def build_models(data: GeneratorData, skip: set[str]) -> tuple[list[ModelIR], list[EnumIR]]:
    models: list[ModelIR] = []
    for model in data.models:
        name = str(model.class_info.name)
        if name in skip:
            continue
        fields = []
        for prop in model.required_properties + model.optional_properties:
            fields.append(
                Field(
                    attribute_name(str(prop.python_name)),
                    untrusted(prop.name),
                    type_info(prop),
                    untrusted(prop.description),
                )
            )
        fields.sort(key=lambda f: f.py_name)
        models.append(ModelIR(name, untrusted(model.description), fields))
    enums = []
    for enum in data.enums:
        if enum.value_type is not str:
            continue
        enums.append(
            EnumIR(str(enum.class_info.name), [(k, str(v)) for k, v in enum.values.items()])
        )
    models.sort(key=lambda m: m.name)
    enums.sort(key=lambda e: e.name)
    return models, enums


def merged_model(name: str, members: list[ModelIR]) -> ModelIR:
    """One model with the fields of every alternative of a `oneOf` (see `merged_info` for a
    field they type differently)."""
    by_wire: dict[str, list[Field]] = {}
    for member in members:
        for field in member.fields:
            by_wire.setdefault(field.wire_name, []).append(field)
    fields = []
    for wire, group in by_wire.items():
        infos = list(dict.fromkeys(f.info for f in group))
        info = infos[0] if len(infos) == 1 else merged_info(infos)
        fields.append(Field(group[0].py_name, wire, info, group[0].description))
    fields.sort(key=lambda f: f.py_name)
    names = ", ".join(f"`{m.name}`" for m in members)
    description = f"One of {names}: a record with the fields of each (fields of another are None)."
    return ModelIR(name, description, fields)


def attribute_name(python_name: str) -> str:
    """A model attribute as the official library's instances name it: builtins such as
    `type`, `max`, `format` stay (openapi-python-client appends `_` to them); only Python
    keywords (`from_`) keep the `_`."""
    if python_name.endswith("_") and not python_name.endswith("__"):
        bare = python_name[:-1]
        if bare.isidentifier() and not keyword.iskeyword(bare) and bare != "self":
            return bare
    return python_name


def official_snake(name: str) -> str:
    """A parameter's snake case as the official library spells it: a word starts at a capital
    followed by a small letter, or at a capital after a small letter. `DateSent` ->
    `date_sent`, `Parameter1.Name` -> `parameter1_name`, `A2PProfileBundleSid` ->
    `a2p_profile_bundle_sid`, `EId` -> `e_id`, `X-Twilio-Webhook-Enabled` ->
    `x_twilio_webhook_enabled`."""
    text = re.sub(r"[^A-Za-z0-9]+", "_", name)
    text = re.sub(r"(?<=[A-Za-z0-9])(?=[A-Z][a-z])|(?<=[a-z])(?=[A-Z])", "_", text)
    return re.sub(r"_+", "_", text).lower().strip("_") or "_"


# Parameter names the official library spells otherwise than `official_snake` + `_` for a
# Python keyword: `Version` would read as the API version.
OFFICIAL_PARAM_RENAMES = {"version": "resource_version"}


def param_name(name: str) -> str:
    """The Python keyword of a request parameter, as the official library names it: builtins
    such as `type`, `max`, `input`, `format` stay; only Python keywords take a `_`."""
    py = official_snake(name)
    py = OFFICIAL_PARAM_RENAMES.get(py, py)
    if keyword.iskeyword(py) or py == "self":
        py += "_"
    return py if py.isidentifier() else identifier(py)


def build_param(prop: Any, wire_name: str | None = None) -> Param:
    """A request parameter, typed by what its encoder takes (see `types.PARAM_RULES`)."""
    return Param(
        py_name=param_name(untrusted(prop.name)),
        wire_name=wire_name or untrusted(prop.name),
        info=param_info(type_info(prop)),
        required=bool(prop.required),
        description=untrusted(prop.description),
    )


def json_body_name(raw_op: dict[str, Any], content_type: str) -> str:
    """The JSON body parameter's name in the official library: its schema's component name
    (`ContentCreateRequest` -> `content_create_request`, `trusthub.v1.x_request` ->
    `trusthub_v1_x_request`) or inline title (`LookupRequest` -> `lookup_request`; `body` when
    it declares no properties); for an inline schema without a title, the operation's
    (`CreateConfiguration` -> `create_configuration_request`)."""
    schema = raw_op["requestBody"]["content"][content_type].get("schema") or {}
    ref = schema.get("$ref") or next(
        (part["$ref"] for part in schema.get("allOf") or () if "$ref" in part), None
    )
    if ref:
        return param_name(ref.rsplit("/", 1)[-1])
    if schema.get("title"):
        # A titled schema is a model of that name; without properties it is any object.
        return param_name(schema["title"]) if schema.get("properties") else "body"
    return param_name(f"{raw_op.get('operationId', '')}Request")


def _page_items_key(prop: Any, operation_id: str) -> str | None:
    """The key of the records of a paginated list, as the official library pages: operations
    whose operationId starts with `List` (a `Fetch…` answering with a page envelope returns it
    whole), their records the response's one array. Most envelopes carry paging links (`meta`,
    v2010's `next_page_uri`); a few have none (`AvailablePhoneNumbers`): one page."""
    if not isinstance(prop, ModelProperty) or not operation_id.startswith("List"):
        return None
    props = {untrusted(p.name): p for p in prop.required_properties + prop.optional_properties}
    lists = [name for name, p in props.items() if isinstance(p, ListProperty)]
    return lists[0] if len(lists) == 1 else None


def _page_item(prop: ModelProperty, key: str) -> TypeInfo:
    for p in prop.required_properties + prop.optional_properties:
        if untrusted(p.name) == key:
            return type_info(p.inner_property, response=True)
    raise GenerationError(f"no list property {key}")


def auth_mode(spec: dict[str, Any], raw_op: dict[str, Any]) -> str:
    """How an operation authenticates, from its `security` (else the document's).

    "oauth" when every alternative needs an OAuth 2 scheme (the Organizations API); otherwise
    "account": the client's credentials, Basic or a credential provider's bearer token. That
    includes `security: []` (the token endpoints, and a few others whose `[]` looks like a spec
    slip): the official library authenticates those too, and the server ignores it where unused.
    """
    requirements = raw_op.get("security", spec.get("security"))
    if not requirements:
        return "account"
    schemes = (spec.get("components") or {}).get("securitySchemes") or {}

    def oauth_only(requirement: dict[str, Any]) -> bool:
        kinds = {(schemes.get(name) or {}).get("type") for name in requirement}
        return kinds == {"oauth2"}

    return "oauth" if all(oauth_only(r) for r in requirements) else "account"


BODY_POSITION = 10_000  # body parameters follow the spec's `parameters`


def _raw_parameters(raw_op: dict[str, Any], shared: dict[str, Any]) -> list[dict[str, Any]]:
    """The operation's `parameters`, entries referring to `components.parameters` resolved."""
    found = []
    for raw in raw_op.get("parameters") or []:
        ref = raw.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/parameters/"):
            raw = shared.get(ref.rsplit("/", 1)[-1]) or {}
        found.append(raw)
    return found


def _parameter_positions(raw: list[dict[str, Any]], wire_names: dict[str, str]) -> dict[str, int]:
    """Wire name -> index in the operation's `parameters` (path ones included: harmless)."""
    positions: dict[str, int] = {}
    for index, param in enumerate(raw):
        name = param.get("name")
        if isinstance(name, str):
            positions[name] = index
            positions.setdefault(wire_names.get(name, name), index)
    return positions


MAP_FORMAT = "prefixed-collapsible-map-"


def _map_prefixes(raw: list[dict[str, Any]]) -> dict[str, str]:
    """Wire name -> prefix of `prefixed-collapsible-map-<Prefix>` parameters (Lookups
    `AddOnsData`): sent as `AddOns.<key>=<value>`, nested keys joined with dots."""
    prefixes = {}
    for param in raw:
        fmt = str((param.get("schema") or {}).get("format") or "")
        if fmt.startswith(MAP_FORMAT) and isinstance(param.get("name"), str):
            prefixes[param["name"]] = fmt.removeprefix(MAP_FORMAT)
    return prefixes


def _form_position(raw_op: dict[str, Any], prop: Any, fallback: int) -> int:
    """A form field's index among the body schema's properties, in spec order."""
    content = (raw_op.get("requestBody") or {}).get("content") or {}
    schema = (content.get("application/x-www-form-urlencoded") or {}).get("schema") or {}
    names = list(schema.get("properties") or {})
    name = untrusted(prop.name)
    return names.index(name) if name in names else len(names) + fallback


def build_operation(
    file_name: str,
    method: str,
    path: str,
    raw_item: dict[str, Any],
    endpoint: Any,
    wire_names: dict[str, str],
    default_host: str,
    shared_parameters: dict[str, Any],
) -> Operation:
    raw_op = raw_item[method]
    servers = raw_item.get("servers") or []
    op = Operation(
        spec_file=file_name,
        http_method=method.upper(),
        path=path,
        operation_id=raw_op.get("operationId") or endpoint.name,
        host=servers[0]["url"] if servers else default_host,
        summary=untrusted(endpoint.summary),
        description=untrusted(endpoint.description),
        path_params=re.findall(r"\{([^}]+)\}", path),
    )
    raw_parameters = _raw_parameters(raw_op, shared_parameters)
    for raw in [*_raw_parameters(raw_item, shared_parameters), *raw_parameters]:
        annotation = path_param_annotation(raw) if raw.get("in") == "path" else "str"
        if annotation != "str":
            op.path_annotations[str(raw["name"])] = annotation
    positions = _parameter_positions(raw_parameters, wire_names)
    map_prefixes = _map_prefixes(raw_parameters)
    query_props = list(endpoint.query_parameters)
    op.headers = [build_param(prop) for prop in endpoint.header_parameters]
    for param in op.headers:  # the pipeline compresses the body as this header says
        if param.wire_name.lower() == "content-encoding":
            param.info = attrs.evolve(param.info, encode="_encoding.encode_content_coding")
    descriptions: dict[str, str] = {}
    for raw in raw_parameters:  # by spec name and by wire name (`DateSentBefore`, `DateSent<`)
        name, text = str(raw.get("name")), str(raw.get("description") or "")
        descriptions[name] = descriptions[wire_names.get(name, name)] = text
    for param in op.headers:
        param.position = positions.get(param.wire_name, len(positions))
    body_type = None
    for body in endpoint.bodies:
        content_type = untrusted(body.content_type)
        if content_type == "application/x-www-form-urlencoded":
            model = body.prop
            for index, prop in enumerate(model.required_properties + model.optional_properties):
                op.form.append(build_param(prop))
                op.form[-1].position = BODY_POSITION + _form_position(raw_op, prop, index)
        else:  # application/json and application/scim+json: one body parameter
            param = build_param(body.prop)
            param.py_name = json_body_name(raw_op, content_type)
            param.position = BODY_POSITION
            param.wire_name = "body"
            param.required = bool(raw_op.get("requestBody", {}).get("required", False))
            op.json_body = param
            body_type = content_type  # the last one declared, as the official library sends
    responses = sorted(
        (r for r in endpoint.responses if r.status_code.range is not None),
        key=lambda r: r.status_code.range,
    )
    # The result is the 2xx response; without one, a 3xx (`/authorize` answers 302 with a JSON
    # body naming `redirect_to`, which the pipeline returns rather than follows).
    success = [r for r in responses if 200 <= r.status_code.range[0] < 300] or [
        r for r in responses if 300 <= r.status_code.range[0] < 400
    ]
    raw_codes = sorted(raw_op.get("responses", {}))
    op.redirects = tuple(int(c) for c in raw_codes if c.startswith("3"))
    raw_success = [c for c in raw_codes if c.startswith("2")] or [
        c for c in raw_codes if c.startswith("3")
    ]
    # A response without `content` (DELETE's 204) has no body: the method returns True, as the
    # official library's delete() does, instead of parsing nothing as JSON.
    success_content = raw_op["responses"][raw_success[0]].get("content") if raw_success else None
    has_body = bool(success_content)
    if success_content and "application/json" not in success_content:
        op.media_headers += (("Accept", next(iter(success_content))),)
    if body_type is not None and body_type != "application/json":
        op.media_headers += (("Content-Type", body_type),)
    if success and has_body:
        prop = success[0].prop
        if not isinstance(prop, NoneProperty):
            op.result = type_info(prop, response=True)
            if method == "get":
                op.page_items_key = _page_items_key(prop, op.operation_id)
                if op.page_items_key:
                    op.page_item = _page_item(prop, op.page_items_key)
    # Only a paginated list's paging parameters become `page_size` / `page_token` / paging;
    # elsewhere (`PageSize` of a query POST, `PageToken` of a fetch) they are parameters.
    paging = list(op.paging)
    for prop in query_props:
        name = untrusted(prop.name)
        if op.page_items_key and name.lower() in PAGING_PARAMS:
            paging[PAGING_PARAMS[name.lower()]] = name
            argument = PAGING_ARGUMENTS[PAGING_PARAMS[name.lower()]]
            op.paging_declared[argument] = positions.get(name, len(positions))
            continue
        op.query.append(build_param(prop, wire_names.get(name, name)))
        op.query[-1].position = positions.get(op.query[-1].wire_name, len(positions))
        op.query[-1].map_prefix = map_prefixes.get(name)
    # The parser keeps no description for query and header parameters: take the spec's.
    for param in op.query + op.headers:
        param.description = param.description or descriptions.get(param.wire_name, "")
    for param in op.params:  # the docstring says what a widened type accepts
        note = accepts_note(param.info)
        if note:
            param.description = f"{param.description.strip()} {note}".strip()
    op.paging = (paging[0], paging[1], paging[2])
    names = [p.py_name for p in op.params]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise GenerationError(
            f"{file_name} {method.upper()} {path}: duplicate parameters {duplicates}"
        )
    if op.page_items_key and LIST_METHOD_ARGS & set(names):
        raise GenerationError(
            f"{file_name} {method.upper()} {path}: filter clashes with paging args"
        )
    return op
