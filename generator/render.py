"""Render the intermediate representation through our Jinja templates."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import attrs
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from openapi_python_client import strings

from .build import (
    EnumIR,
    GenerationError,
    ModelIR,
    Node,
    Operation,
    Param,
    VersionIR,
    identifier,
    param_name,
    pascal,
    snake,
)
from .types import TypeInfo

TEMPLATES = Path(__file__).parent / "templates"
DOC_WIDTH = 96


def docstring(text: str, indent: int, default: str = "") -> str:
    """A safe, indented triple-quoted docstring. An indented line (an argument under `Args:`)
    wraps with its continuation lines indented under it, as IDEs render Google style."""
    text = strings.safe_for_docstring((text or default).strip()) or "."
    pad = " " * indent
    lines: list[str] = []
    for paragraph in text.splitlines():
        lead = " " * (len(paragraph) - len(paragraph.lstrip())) if paragraph.strip() else ""
        lines += textwrap.wrap(
            paragraph,
            DOC_WIDTH - indent,
            subsequent_indent=lead + "    " if lead else "",
            break_long_words=False,
            break_on_hyphens=False,
        ) or [""]
    if lines[-1].endswith('"'):  # would merge into the closing quotes
        lines[-1] = lines[-1][:-1] + '\\"'
    if len(lines) == 1:
        return f'"""{lines[0]}"""'
    body = "\n".join(f"{pad}{line}" if line else "" for line in lines[1:])
    return f'"""{lines[0]}\n{body}\n{pad}"""'


def op_docstring(op: Operation, indent: int, extra: str = "") -> str:
    parts = [op.summary or op.description or f"{op.http_method} {op.path}"]
    if op.description and op.description != op.summary:
        parts.append(op.description)
    if extra:
        parts.append(extra)
    params = op.signature_params
    if params:
        lines = ["Args:"]
        for p in params:
            lines.append(f"    {p.py_name}: {_one_line(p.description) or p.wire_name}")
        parts.append("\n".join(lines))
    parts.append(f"`{op.http_method} {op.path}` ({op.operation_id})")
    return docstring("\n\n".join(parts), indent)


_LIST_VARIANT_DOCS = {
    "page": "One page of the records `list()` reads, with the same filters (see `list()` for"
    " each argument) and the paging arguments `page_token`, `page_number` and `page_size`;"
    " `next_page()` fetches the following page.",
    "stream": "Lazily iterate over the records `list()` reads, with the same arguments (see"
    " `list()` for each), fetching one page at a time.",
}


def page_docstring(op: Operation, indent: int, method: str = "page") -> str:
    """The docstring of `page()` and `stream()`: a list operation's arguments are documented
    once, on `list()`."""
    parts = [op.summary or op.description or f"{op.http_method} {op.path}"]
    parts.append(_LIST_VARIANT_DOCS[method])
    parts.append(f"`{op.http_method} {op.path}` ({op.operation_id})")
    return docstring("\n\n".join(parts), indent)


def _one_line(text: str) -> str:
    return " ".join(text.split())


@attrs.frozen
class SigParam:
    """One parameter of a generated method's signature."""

    name: str
    annotation: str  # without the `| None` of an optional parameter
    required: bool = False


_PAGING_ANNOTATIONS = {"page_size": "int", "page_token": "str", "page_number": "int"}


def _sig(params: list[Param]) -> list[SigParam]:
    return [SigParam(p.py_name, param_annotation(p), p.required) for p in params]


def _with_paging(op: Operation, arguments: tuple[str, ...]) -> list[SigParam]:
    """The signature with the declared paging `arguments` at their spec positions."""
    entries = [
        (p.position, SigParam(p.py_name, param_annotation(p), p.required))
        for p in op.signature_params
    ]
    for argument in arguments:
        if argument in op.paging_declared:
            sig = SigParam(argument, _PAGING_ANNOTATIONS[argument])
            entries.append((op.paging_declared[argument], sig))
    ordered = [e for _, e in sorted(entries, key=lambda e: e[0])]
    return [e for e in ordered if e.required] + [e for e in ordered if not e.required]


def call_signature(op: Operation) -> list[SigParam]:
    return _sig(op.signature_params)


def list_signature(op: Operation) -> list[SigParam]:
    """`list()` / `stream()` before `limit, page_size`: an inline page token is a filter."""
    return _with_paging(op, ("page_token",)) if op.paging_inline else _sig(op.signature_params)


def page_signature(op: Operation) -> list[SigParam]:
    """`page()`: the official order, `page_token, page_number, page_size` after the filters;
    inline paging parameters where the spec lists them."""
    if op.paging_inline:
        signature = _with_paging(op, ("page_size", "page_token", "page_number"))
        if "page_size" not in op.paging_declared:  # ours beyond the official signature
            signature.append(SigParam("page_size", "int"))
        return signature
    return page_info_signature(op)


PAGING_TAIL = ("page_token", "page_number", "page_size")


def page_info_signature(op: Operation) -> list[SigParam]:
    """The official `page_with_http_info()`: the filters, then `page_token, page_number,
    page_size`, also where its `page()` takes paging arguments inline."""
    tail = [SigParam(name, _PAGING_ANNOTATIONS[name]) for name in PAGING_TAIL]
    return _sig(op.signature_params) + tail


def param_annotation(p: Param) -> str:
    info = p.info
    if p.wire_name == "Twiml" and info.encode == "_encoding.encode_str" and not info.is_list:
        # a built response, or its XML (not an integer, which the string rule also takes)
        return "str | TwiML"
    if info.is_list:
        inner = info.annotation[len("list[") : -1]
        return f"Sequence[{inner}]"
    if info.model:
        return f"{info.annotation} | dict[str, Any]"
    return info.annotation


def node_summary(node: Node) -> str:
    first = _one_line(node.description).split(". ")[0].rstrip(".")
    owner = node.parent if node.kind == "item" and node.parent is not None else node
    label = owner.name or "version root"
    if node.kind == "item":
        label += "(…)"
    text = f"`{label}`: {first}." if first else f"The `{label}` resource."
    return strings.safe_for_docstring(text).replace('"', "'")


def result_annotation(op: Operation, prefix: str = "") -> str:
    if op.instance_of is not None:
        return prefix + op.instance_class
    return op.result.annotation if op.result else "bool"


def result_parser(op: Operation) -> str:
    info = page_item_info(op) if op.page_items_key else op.result
    if info is None:
        return "_models.no_content"
    return "_models.as_json" if info.parse == "None" else info.parse


def operation_type(op: Operation, prefix: str = "") -> str:
    if op.page_items_key and op.instance_of is None:
        return page_item_info(op).annotation
    return result_annotation(op, prefix)


def page_item_info(op: Operation) -> TypeInfo:
    assert op.page_item is not None
    return op.page_item


def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=StrictUndefined,
    )
    env.filters.update(
        call_signature=call_signature,
        list_signature=list_signature,
        page_signature=page_signature,
        page_docstring=page_docstring,
        page_info_signature=page_info_signature,
        pyrepr=repr,
        docstring=docstring,
        op_docstring=op_docstring,
        param_annotation=param_annotation,
        param_name=param_name,
        node_summary=node_summary,
        result_annotation=result_annotation,
        result_parser=result_parser,
        operation_type=operation_type,
        one_line_doc=lambda text: strings.safe_for_docstring(_one_line(text)).replace('"', "'"),
    )
    return env


def refs_of(operations: list[Operation]) -> list[str]:
    """Generated models and enums that these operations' signatures name."""
    names: set[str] = set()
    for op in operations:
        result = None if op.page_items_key else op.result  # a page envelope is not named
        for info in [p.info for p in op.params] + [result, op.page_item]:
            if info is not None:
                names.update(info.refs)
    return sorted(names)


def private_module_name(class_name: str) -> str:
    return "_" + snake(class_name)


def assign_modules(nodes: list[Node]) -> dict[str, list[Node]]:
    """One module per collection (with its item) or singleton; the root is the package."""
    groups: dict[str, list[Node]] = {}
    for node in nodes:
        if node.kind == "root":
            node.module_name = "__init__"
        elif node.kind == "item":
            continue  # lives with its collection
        else:
            base = node.class_name.removesuffix("List").removesuffix("Context")
            node.module_name = private_module_name(base)
            if node.item is not None:
                node.item.module_name = node.module_name
        groups.setdefault(node.module_name, []).append(node)
        if node.item is not None:
            groups[node.module_name].append(node.item)
    return groups


def assign_model_modules(version: VersionIR, groups: dict[str, list[Node]]) -> dict[str, str]:
    """Place each model in the models module of the first resource returning it (nested models
    follow their parent), so one call imports the models it can return and few others."""
    models = {m.name: m for m in version.models}
    placed: dict[str, str] = {}

    def place(name: str, module: str) -> None:
        if name in placed or name not in models:
            return
        placed[name] = module
        for field in models[name].fields:
            for ref in field.info.refs:
                place(ref, module)

    for module_name, nodes in sorted(groups.items()):
        module = "_root" if module_name == "__init__" else module_name
        for ref in refs_of([op for node in nodes for op in node.operations]):
            place(ref, module)
    for name in sorted(models):
        place(name, "_unreferenced")
    return placed


def assign_enum_modules(version: VersionIR, model_modules: dict[str, str]) -> dict[str, str]:
    """Place each enum in an enums module beside the first models module using it
    (`_accounts_messages` -> `_enums_accounts_messages`); the rest in `_enums`. Creating an
    Enum class costs ~0.2 ms, so one module of all 180 enums of the 2010 API cost more at
    start than the rest of a first call. Enum modules import nothing: no import cycles."""
    enum_names = {e.name for e in version.enums}
    placed: dict[str, str] = {}
    for model in sorted(version.models, key=lambda m: (model_modules[m.name], m.name)):
        for field in model.fields:
            for ref in field.info.refs:
                if ref in enum_names:
                    placed.setdefault(ref, "_enums" + model_modules[model.name])
    for name in sorted(enum_names):
        placed.setdefault(name, "_enums")
    return placed


MODEL_MEMBERS = {"to_dict", "from_dict", "additional_properties"}


def assign_instances(version: VersionIR, groups: dict[str, list[Node]]) -> None:
    """Give each item (or singleton) whose operations return records instance classes: the
    record with the official library's instance methods (`message.update(...)`, `.delete()`,
    `.media`) acting on the item, one class per record model. A record of the item's own
    operation is bound to that item; one of its list's `list()` or `create()` to the item
    its identifying fields name."""
    models = {m.name: m for m in version.models}
    for nodes in groups.values():
        for item in (n for n in nodes if n.kind in ("item", "singleton")):
            own = [op for op in item.operations if op.method_name != "delete"]
            listed = [
                op
                for op in (item.parent.operations if item.kind == "item" and item.parent else [])
                if op.page_items_key or op.method_name == "create"
            ]
            records = [(op, m) for op in own + listed if (m := _record_model(op, models))]
            fetch = next((m for op, m in records if op.method_name == "fetch" and op in own), None)
            # The fetched record's class first: `XInstance` whatever else the item returns.
            first = [fetch.name] if fetch else []
            ordered = list(dict.fromkeys(first + [m.name for _, m in records]))
            taken = {f.py_name for name in ordered for f in models[name].fields} | MODEL_MEMBERS
            members = [
                op.method_name
                for op in item.operations
                if not op.page_items_key and op.method_name not in taken
            ] + [name for name in item.children if name not in taken]
            if not records or not members:
                continue
            base = item.class_name.removesuffix("Context")
            names = {ordered[0]: base + "Instance"}
            for op, model in records:
                if model.name not in names:
                    name = f"{base}{pascal(op.method_name)}Instance"
                    names[model.name] = (
                        name if name not in names.values() else model.name + "Instance"
                    )
                op.instance_of = item
                op.instance_class = names[model.name]
                op.instance_own = op in own
                if not op.instance_own:
                    op.instance_fields = _identifying_fields(item.call_params, model)
            item.instances = [(names[m], m) for m in ordered]
            item.instance_class, item.instance_model = item.instances[0]
            item.instance_methods = f"{base}Methods" if len(ordered) > 1 else ""
            item.instance_members = members


def _identifying_fields(path_params: list[str], record: ModelIR) -> tuple[str, ...]:
    """The record fields that give the item's own path parameters: the field of the same name
    (`sid` for `Sid`). Newer APIs name the one parameter after the resource (`ObservationId`,
    `RoleAssignmentSid`) while the record calls it `id` or `sid`: then that field. A record
    with neither stays unbound (its methods say so)."""
    names = [identifier(snake(p)) for p in path_params]
    fields = {f.py_name for f in record.fields}
    if len(names) == 1 and names[0] not in fields:
        fallback = "sid" if names[0].endswith("_sid") and "sid" in fields else "id"
        if fallback in fields:
            return (fallback,)
    return tuple(names)


def _record_model(op: Operation, models: dict[str, ModelIR]) -> ModelIR | None:
    """The model of the record an operation returns (one of a list's), if it is one."""
    info = op.page_item if op.page_items_key else op.result
    if info is None or info.is_list:
        return None
    return models.get(info.model or "")


def render_version(env: Environment, version: VersionIR, package_dir: Path) -> None:
    out = package_dir / version.domain / version.version
    models_dir = out / "models"
    models_dir.mkdir(parents=True, exist_ok=True)
    title = f"Twilio {version.domain} {version.version}"
    models_package = f"{package_dir.name}.{version.domain}.{version.version}.models"
    common = {"title": title, "spec_files": version.spec_files}
    enum_names = {e.name for e in version.enums}
    groups = assign_modules(version.nodes())
    assign_instances(version, groups)
    model_modules = assign_model_modules(version, groups)
    enum_modules = assign_enum_modules(version, model_modules)
    _write(
        models_dir / "__init__.py",
        env.get_template("models_init.py.jinja").render(
            models=version.models,
            enums=version.enums,
            model_modules=model_modules,
            enum_modules=enum_modules,
            **common,
        ),
    )
    enums_by_module: dict[str, list[EnumIR]] = {}
    for enum in version.enums:
        enums_by_module.setdefault(enum_modules[enum.name], []).append(enum)
    enums_template = env.get_template("enums.py.jinja")
    for module, enums in sorted(enums_by_module.items()):
        _write(models_dir / f"{module}.py", enums_template.render(enums=enums, **common))
    by_module: dict[str, list[ModelIR]] = {}
    for model in version.models:
        by_module.setdefault(model_modules[model.name], []).append(model)
    model_template = env.get_template("model.py.jinja")
    for module, models in sorted(by_module.items()):
        refs = sorted({r for m in models for f in m.fields for r in f.info.refs})
        imports: dict[str, list[str]] = {}
        enum_imports: dict[str, list[str]] = {}
        for ref in refs:
            if ref in enum_names:
                enum_imports.setdefault(enum_modules[ref], []).append(ref)
            elif model_modules[ref] != module:
                imports.setdefault(model_modules[ref], []).append(ref)
        _write(
            models_dir / f"{module}.py",
            model_template.render(
                models=models,
                enum_imports=sorted(enum_imports.items()),
                model_imports=sorted(imports.items()),
                **common,
            ),
        )
    template = env.get_template("resources.py.jinja")
    for module_name, nodes in groups.items():
        operations = [op for node in nodes for op in node.operations]
        type_imports: dict[str, set[str]] = {}
        runtime_models = sorted({model for n in nodes for _, model in n.instances})
        all_refs = set(refs_of(operations)) | set(runtime_models)
        defined = {
            f"{prefix}{name}"
            for prefix in ("", "Async")
            for n in nodes
            for name in [n.class_name] + [name for name, _ in n.instances]
        }
        if all_refs & defined:
            raise GenerationError(
                f"{title}: model names clash with resource classes in "
                f"{module_name}: {sorted(all_refs & defined)}"
            )
        refs = all_refs - set(runtime_models)
        if refs:
            type_imports[".models"] = refs
        if any(param_annotation(p).endswith("TwiML") for op in operations for p in op.params):
            type_imports["twilio_sdk.twiml"] = {"TwiML"}
        for node in nodes:
            for child in list(node.children.values()) + ([node.item] if node.item else []):
                if child.module_name != module_name:
                    type_imports.setdefault("." + child.module_name, set()).update(
                        {child.class_name, f"Async{child.class_name}"}
                    )
        summary = "the version root." if module_name == "__init__" else node_summary(nodes[0])
        account = own_account(version) if module_name == "__init__" else None
        if account is not None and account.module_name != module_name:
            type_imports.setdefault("." + account.module_name, set()).update(
                {account.class_name, f"Async{account.class_name}"}
            )
        text = template.render(
            nodes=nodes,
            operations=operations,
            module_name=module_name,
            models_package=models_package,
            type_imports=sorted((m, sorted(n)) for m, n in type_imports.items()),
            runtime_models=runtime_models,
            summary=summary,
            own_account=account,
            **common,
        )
        check_async_twins(f"{title} {module_name}", text, operations)
        _write(out / f"{module_name}.py", text)


def check_async_twins(where: str, text: str, operations: list[Operation]) -> None:
    """Fail unless the module defines, beside each class an instance binding names, its async
    twin `Async` + name: the runtime derives the async classes from the sync ones that way."""
    defined = set(re.findall(r"^class (\w+)\(", text, re.MULTILINE))
    missing = sorted(
        {
            f"{prefix}{name}"
            for op in operations
            if op.instance_of is not None
            for name in (op.instance_class, op.instance_of.class_name)
            for prefix in ("", "Async")
        }
        - defined
    )
    if missing:
        raise GenerationError(
            f"{where}: instance bindings name classes the module does not define"
            f" (a binding's async classes are its classes' `Async` twins): {missing}"
        )


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


# Client attributes a generated shortcut must not shadow.
CLIENT_MEMBERS = {
    "account_sid",
    "auth",
    "close",
    "aclose",
    "request",
    "region",
    "edge",
    "username",
    "password",
    "http_client",
}


# The official library's domain shortcuts (`client.chat.services`) mostly stay on a domain's
# first version; these domains moved them to a later one. Nothing in the spec says so;
# tests/generated/test_drop_in.py checks the version of every shortcut.
SHORTCUT_VERSIONS = {"chat": "v2", "ip_messaging": "v2", "pricing": "v2", "studio": "v2"}


def version_order(domain: str, versions: dict[str, str]) -> list[str]:
    """Versions to search for a shortcut attribute (`client.chat.services`): the one the
    official library prefers (`SHORTCUT_VERSIONS`), then numbered ones from the oldest (chat
    `services` is v2, chat `channels` v3, pricing `messaging` v1)."""

    def key(name: str) -> tuple[int, float, str]:
        if name == SHORTCUT_VERSIONS.get(domain):
            return (-1, 0.0, name)
        match = re.fullmatch(r"v(\d+)", name)
        return (0, float(match.group(1)), name) if match else (1, 0.0, name)

    return sorted(versions, key=key)


def own_account(version: VersionIR) -> Node | None:
    """The item of `api.v2010.accounts`: the client's own account is `api.v2010.account`."""
    if (version.domain, version.version) != ("api", "v2010"):
        return None
    accounts = version.root.children.get("accounts")
    return accounts.item if accounts is not None else None


def account_shortcuts(versions: list[VersionIR], taken: set[str]) -> dict[str, Node]:
    """Resources of the client's own account, offered as `client.messages` and
    `client.api.messages` (both `api.v2010.account.messages`)."""
    api = next((v for v in versions if (v.domain, v.version) == ("api", "v2010")), None)
    item = own_account(api) if api is not None else None
    if item is None:
        return {}
    return {
        name: child
        for name, child in sorted(item.children.items())
        if not child.call_params and name not in taken and name not in CLIENT_MEMBERS
    }


def render_package(env: Environment, versions: list[VersionIR], package_dir: Path) -> None:
    domains: dict[str, dict[str, str]] = {}
    for version in versions:
        domains.setdefault(version.domain, {})[version.version] = version.root.class_name
    domain_classes = {domain: pascal(domain) for domain in sorted(domains)}
    for domain, domain_versions in domains.items():
        (package_dir / domain).mkdir(parents=True, exist_ok=True)
        order = version_order(domain, domain_versions)
        api = next(v for v in versions if v.domain == domain)
        account = own_account(api) if domain == "api" else None
        shortcuts = account_shortcuts(versions, {"account", "accounts"}) if account else {}
        by_version = {v.version: v for v in versions if v.domain == domain}
        # `client.verify.services` is `client.verify.v2.services`: each root resource of the
        # versions in order, the first version that has a name winning (the official rule).
        version_shortcuts: dict[str, tuple[str, Node]] = {}
        taken = set(domain_versions) | set(shortcuts) | ({"account"} if account else set())
        for version_name in order:
            for name, child in by_version[version_name].root.children.items():
                if name not in taken and name not in version_shortcuts:
                    version_shortcuts[name] = (version_name, child)
        (package_dir / domain / "__init__.py").write_text(
            env.get_template("domain.py.jinja").render(
                domain=domain,
                domain_class=domain_classes[domain],
                versions=dict(sorted(domain_versions.items())),
                default_version=order[0],
                account=account,
                shortcuts=shortcuts,
                version_shortcuts=version_shortcuts,
            ),
            encoding="utf-8",
        )
    (package_dir / "_domains.py").write_text(
        env.get_template("domains.py.jinja").render(
            domains=domain_classes, shortcuts=account_shortcuts(versions, set(domains))
        ),
        encoding="utf-8",
    )
    init = env.get_template("package_init.py.jinja").render(
        domains={d: dict(sorted(v.items())) for d, v in sorted(domains.items())}
    )
    (package_dir / "__init__.py").write_text(init, encoding="utf-8")
    (package_dir / "py.typed").write_text("", encoding="utf-8")


def write_operations_table(versions: list[VersionIR], package_dir: Path) -> int:
    rows = []
    for version in versions:
        for op in version.operations:
            rows.append(
                {
                    "spec": op.spec_file,
                    "method": op.http_method,
                    "path": op.path,
                    "operation_id": op.operation_id,
                    "call": op.call,
                    "auth": op.auth,
                }
            )
    rows.sort(key=lambda r: (r["spec"], r["path"], r["method"]))
    (package_dir / "operations.json").write_text(
        json.dumps(rows, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return len(rows)


__all__ = ["environment", "render_package", "render_version", "write_operations_table", "pascal"]
