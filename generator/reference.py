"""`python -m generator.reference OUTDIR`: the SDK's reference as Markdown, plus an MkDocs site
configuration, from the same spec and call tree the generator builds `generated/` from.

Nothing here is committed: the reference is built on demand (`nox -s docs`), so it cannot drift
from the code. The spec files are parsed by the generator's own first stage
(`assemble.build_spec_file`, `assemble.finish`), which names every resource, method and call
chain exactly as the generated code and `operations.json` have them; signatures come from the
same helpers the templates use.

OUTDIR receives:

- `mkdocs.yml`: inherits `docs/mkdocs.yml` (theme, search, extensions) and adds the navigation;
- `docs/index.md` and `docs/guides/*.md`: the README's guides, extracted at build time;
- `docs/reference/index.md` and `docs/reference/<domain>/<version>.md`: one page per product and
  version: each resource's call path, each method's parameters (type, required, the spec's
  description), HTTP method and path, return model, the official-compatible variants; the
  models with their fields and the methods returning them; the enums with their values.

Then `mkdocs build -f OUTDIR/mkdocs.yml` writes the static site to `OUTDIR/site`.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from .assemble import build_spec_file, finish
from .build import EnumIR, ModelIR, Node, Operation, VersionIR, param_name
from .render import call_signature, list_signature, page_signature, param_annotation
from .types import TypeInfo

ROOT = Path(__file__).resolve().parent.parent
BASE_CONFIG = ROOT / "docs" / "mkdocs.yml"

# --------------------------------------------------------------------------- variants
# The official library's four names per method, which this SDK offers too: on the sync
# client's lists, contexts and instances `m`, `m_async` (awaitable, same client),
# `m_with_http_info` and `m_with_http_info_async` (an ApiResponse: data, status_code, headers);
# on AsyncClient's resources `m` and `m_with_http_info`, both awaitable. The one place the
# reference spells them.
SYNC_VARIANT_SUFFIXES = ("_async", "_with_http_info", "_with_http_info_async")
ASYNC_CLIENT_SUFFIXES = ("", "_with_http_info")


def variants(method: str) -> list[str]:
    """The other names of `method` on the sync client (`create` -> `create_async`, …)."""
    return [method + suffix for suffix in SYNC_VARIANT_SUFFIXES]


def async_client_variants(method: str) -> list[str]:
    """Its names on AsyncClient's resources (each awaitable)."""
    return [method + suffix for suffix in ASYNC_CLIENT_SUFFIXES]


# --------------------------------------------------------------------------- guides
# The README's sections that become guide pages: (file, title, the README heading it starts
# with). A heading that is missing fails the build, so a renamed section is noticed.
GUIDES = (
    ("quickstart", "Quickstart", "Quickstart"),
    ("testing", "Testing with the fake", "Testing your code"),
    ("webhooks", "Webhooks", "Receiving webhooks"),
    ("errors", "Errors", "Errors"),
    ("retries", "Retries, timeouts, logging", "Retries"),
    ("migrating", "Migrating from the official library", "Migrating"),
    ("performance", "Performance and bulk sending", "Performance"),
)
INTRO_HEADING = "Try it"


class ReferenceError(Exception):
    """The reference cannot be built (a README section is missing, an operation is lost)."""


def readme_sections(text: str) -> dict[str, str]:
    """`## Heading` -> its body, for each second-level section of the README."""
    sections: dict[str, str] = {}
    current: str | None = None
    lines: list[str] = []
    in_code = False
    for line in text.splitlines():
        if line.startswith("```"):
            in_code = not in_code
        if not in_code and line.startswith("## "):
            if current is not None:
                sections[current] = "\n".join(lines).strip() + "\n"
            current, lines = line[3:].strip(), []
            continue
        lines.append(line)
    if current is not None:
        sections[current] = "\n".join(lines).strip() + "\n"
    return sections


def _section(sections: dict[str, str], prefix: str) -> tuple[str, str]:
    for heading, body in sections.items():
        if heading.startswith(prefix):
            return heading, body
    raise ReferenceError(f"README.md has no section starting with '## {prefix}'")


def _slug(heading: str) -> str:
    """GitHub's anchor of a heading (what the README's own `(#errors)` links use)."""
    text = re.sub(r"[^\w\- ]", "", heading.lower())
    return text.replace(" ", "-")


def _rewrite_links(body: str, anchors: dict[str, str]) -> str:
    """README links made to work on the site: `(#errors)` to the guide page holding that
    section; links to files of the repository become the path in code (the site has no
    repository to link to); web links stay."""

    def replace(match: re.Match[str]) -> str:
        text, target = match.group(1), match.group(2)
        if re.match(r"[a-z]+://", target):
            return match.group(0)
        if target.startswith("#"):
            page = anchors.get(target[1:])
            return f"[{text}]({page})" if page else text
        if text.strip("`").rstrip("/") == target.rstrip("/"):
            return f"`{target}`"
        return f"{text} (`{target}`)"

    return re.sub(r"(?<!!)\[([^\]]+)\]\(([^)\s]+)\)", replace, body)


def write_guides(readme: str, docs: Path) -> list[tuple[str, str]]:
    """Write docs/index.md and docs/guides/*.md; return the guides' (title, path) for the nav."""
    sections = readme_sections(readme)
    anchors: dict[str, str] = {}
    chosen = []
    for name, title, prefix in GUIDES:
        heading, body = _section(sections, prefix)
        anchors[_slug(heading)] = f"{name}.md"
        chosen.append((name, title, body))
    (docs / "guides").mkdir(parents=True, exist_ok=True)
    nav = []
    for name, title, body in chosen:
        text = f"# {title}\n\n{_rewrite_links(body, anchors)}"
        (docs / "guides" / f"{name}.md").write_text(text, encoding="utf-8")
        nav.append((title, f"guides/{name}.md"))
    lead = readme.split("\n## ", 1)[0].split("\n", 1)[1].strip()
    _, intro = _section(sections, INTRO_HEADING)
    guide_links = {f"{name}.md": f"guides/{name}.md" for name, _, _ in GUIDES}
    index = [
        "# twilio_sdk",
        "",
        lead,
        "",
        "## Try it — no account, no network",
        "",
        _rewrite_links(intro, {k: guide_links[v] for k, v in anchors.items()}),
        "## Where to go from here",
        "",
        *(f"- [{title}]({path})" for title, path in nav),
        "- [API reference](reference/index.md): every product, resource, method, model and enum.",
        "",
    ]
    (docs / "index.md").write_text("\n".join(index), encoding="utf-8")
    return nav


# --------------------------------------------------------------------------- the spec


def load_versions(spec_dir: Path, jobs: int) -> list[VersionIR]:
    """The generator's intermediate representation of every spec file, named by `finish`."""
    spec_files = sorted(spec_dir.glob("twilio_*.json"))
    if not spec_files:
        raise ReferenceError(f"no spec files in {spec_dir}")
    if jobs > 1:
        # spawn, as the generator: the parser's libraries do not survive a fork.
        with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn")) as pool:
            per_file = list(pool.map(build_spec_file, spec_files))
    else:
        per_file = [build_spec_file(path) for path in spec_files]
    versions = [v for group in per_file for v in group]
    finish(versions)
    return sorted(versions, key=lambda v: (v.domain, _version_key(v.version)))


def _version_key(version: str) -> tuple[int, int, str]:
    match = re.fullmatch(r"v(\d+)(?:_(\d+))?", version)
    if match:
        return (0, int(match.group(1)), match.group(2) or "")
    return (1, 0, version)


# --------------------------------------------------------------------------- rendering helpers


TWILIO_DOCS = "https://www.twilio.com"


def _site_links(text: str) -> str:
    """The spec's site-relative links (`](/docs/...)`) pointed at Twilio's documentation."""
    return text.replace("](/docs/", f"]({TWILIO_DOCS}/docs/")


# An inline code span (backtick run, text, same run), as Markdown reads one.
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")


def _escape_outside_code(text: str) -> str:
    """Backslashes and pipes escaped outside code spans. The tables extension never splits a
    cell inside a code span and keeps its backslashes as they are: `str \\| int` would show one."""

    def escape(plain: str) -> str:
        return plain.replace("\\", "\\\\").replace("|", "\\|")

    out: list[str] = []
    end = 0
    for span in _CODE_SPAN.finditer(text):
        out += [escape(text[end : span.start()]), span.group()]
        end = span.end()
    return "".join(out) + escape(text[end:])


def _cell(text: str) -> str:
    """Text safe in one Markdown table cell: one line, no cell-splitting pipes, no raw HTML."""
    text = _site_links(" ".join((text or "").split()))
    return _escape_outside_code(text.replace("<", "&lt;").replace(">", "&gt;"))


def _prose(text: str) -> str:
    """A spec description as a paragraph: no raw HTML, no headings of its own."""
    text = _site_links((text or "").strip()).replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"^#+\s*", "", text, flags=re.MULTILINE)


def _annotation(text: str) -> str:
    return text.replace("_dt.", "")


def _code(text: str) -> str:
    """An inline code span, whatever backticks the text holds."""
    fence = "``" if "`" in text else "`"
    return f"{fence}{text}{fence}" if fence == "`" else f"{fence} {text} {fence}"


def _anchor(prefix: str, name: str) -> str:
    return prefix + "-" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def user_call(call: str) -> str:
    """`verify.v2.services(ServiceSid).verifications.create` as users write it:
    `client.verify.v2.services(service_sid).verifications.create`."""

    def arguments(match: re.Match[str]) -> str:
        names = [param_name(n.strip()) for n in match.group(1).split(",") if n.strip()]
        return "(" + ", ".join(names) + ")"

    return "client." + re.sub(r"\(([^)]*)\)", arguments, call)


def elided_call(call: str) -> str:
    """The call path with its arguments elided: `client.verify.v2.services(...).verifications
    .create`, the heading a search finds."""
    return "client." + re.sub(r"\([^)]+\)", "(...)", call)


def _toc(label: str) -> str:
    """The heading's short label in the page's table of contents."""
    return f'data-toc-label="{label}"'


SIGNATURE_WIDTH = 88


def _signature(call: str, args: list[str], returns: str) -> str:
    """`call(args) -> returns` on one line, or one argument per line when that is too long."""
    line = f"{call}({', '.join(args)}) -> {returns}"
    if len(line) <= SIGNATURE_WIDTH or not args:
        return line
    return f"{call}(\n" + "".join(f"    {a},\n" for a in args) + f") -> {returns}"


METHOD_ORDER = ("list", "create", "fetch", "update", "delete")


def _method_key(op: Operation) -> tuple[int, str]:
    name = op.method_name
    return (METHOD_ORDER.index(name) if name in METHOD_ORDER else len(METHOD_ORDER), name)


NODE_KINDS = {
    "collection": "list",
    "item": "context: one item, addressed by its path parameters",
    "singleton": "singleton: one resource, no identifier",
}


@dataclass
class MethodDoc:
    op: Operation
    node: Node
    call: str  # as users write it, without the arguments of the method itself
    heading: str
    anchor: str


@dataclass
class PageIndex:
    """What one product page documents (the test reads the Markdown, this is for linking)."""

    domain: str
    version: str
    path: str  # relative to docs/
    methods: list[MethodDoc] = field(default_factory=list)
    models: list[ModelIR] = field(default_factory=list)
    enums: list[EnumIR] = field(default_factory=list)


def _result_info(op: Operation) -> TypeInfo | None:
    return op.page_item if op.page_items_key else op.result


def _closure(start: Iterable[str], models: dict[str, ModelIR]) -> list[str]:
    """Every generated class reachable from `start` through model fields."""
    seen: dict[str, None] = {}
    todo = list(start)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen[name] = None
        model = models.get(name)
        if model is not None:
            todo.extend(r for f in model.fields for r in f.info.refs)
    return sorted(seen)


class VersionPage:
    """One product page: a domain's version."""

    def __init__(self, version: VersionIR) -> None:
        self.version = version
        self.models = {m.name: m for m in version.models}
        self.enums = {e.name: e for e in version.enums}
        self.methods: list[MethodDoc] = []
        for node in version.nodes():
            for op in sorted(node.operations, key=_method_key):
                call = user_call(op.call)
                self.methods.append(
                    MethodDoc(
                        op=op,
                        node=node,
                        call=call.rsplit(".", 1)[0],
                        heading=elided_call(op.call),
                        anchor=_anchor("op", op.operation_id),
                    )
                )
        used: set[str] = set()
        for method in self.methods:
            infos = [p.info for p in method.op.params] + [_result_info(method.op)]
            used.update(r for info in infos if info is not None for r in info.refs)
        names = _closure(used, self.models)
        self.page_models = [self.models[n] for n in names if n in self.models]
        self.page_enums = [self.enums[n] for n in names if n in self.enums]
        self.returned_by: dict[str, list[MethodDoc]] = {}
        for method in self.methods:
            info = _result_info(method.op)
            for ref in info.refs if info else ():
                self.returned_by.setdefault(ref, []).append(method)
        self.used_in: dict[str, list[str]] = {}
        for model in self.page_models:
            for ref in sorted({r for f in model.fields for r in f.info.refs}):
                self.used_in.setdefault(ref, []).append(model.name)

    @property
    def title(self) -> str:
        return f"{self.version.domain}.{self.version.version}"

    @property
    def models_module(self) -> str:
        return f"twilio_sdk_generated.{self.version.domain}.{self.version.version}.models"

    def link(self, name: str) -> str:
        if name in self.models and name in {m.name for m in self.page_models}:
            return f"[{_code(name)}](#{_anchor('model', name)})"
        if name in self.enums:
            return f"[{_code(name)}](#{_anchor('enum', name)})"
        return _code(name)

    def type_cell(self, annotation: str, refs: tuple[str, ...]) -> str:
        text = _code(_annotation(annotation))
        links = [self.link(r) for r in refs if r in self.models or r in self.enums]
        return text + (" → " + ", ".join(links) if links else "")

    def enum_values(self, info: TypeInfo) -> str:
        enum = self.enums.get(info.enum or "")
        if enum is None:
            return ""
        values = [value for _, value in enum.members]
        if len(values) > 12:
            return f" One of {len(values)} values, see {self.link(enum.name)}."
        return " One of: " + ", ".join(_code(v) for v in values) + "."

    # ----------------------------------------------------------------------- page

    def render(self) -> str:
        v = self.version
        out = [
            f"# {self.title}",
            "",
            f"`client.{v.domain}.{v.version}` sends to `{v.host}`. "
            f"Spec: `{', '.join(v.spec_files)}`. "
            f"{len(self.methods)} operations; models import from `{self.models_module}`.",
            "",
            "Records of addressable resources come back as instances of the model named under "
            "**Returns**, with the resource's own methods (`fetch()`, `update()`, `delete()`) and "
            "sub-resources. On `AsyncClient` the same paths exist, each method awaitable.",
            "",
        ]
        out += ["## Resources", ""]
        seen_nodes: list[Node] = []
        for method in self.methods:
            if method.node not in seen_nodes:
                seen_nodes.append(method.node)
        for node in seen_nodes:
            first = next(m for m in self.methods if m.node is node)
            ops = ", ".join(
                f"[{m.op.method_name}](#{m.anchor})" for m in self.methods if m.node is node
            )
            out.append(f"- [{_code(first.call)}](#{self._node_anchor(first)}): {ops}")
        out.append("")
        for node in seen_nodes:
            out += self.render_node(node)
        if self.page_models:
            out += ["## Models", ""]
            for model in self.page_models:
                out += self.render_model(model)
        if self.page_enums:
            out += ["## Enums", ""]
            for enum in self.page_enums:
                out += self.render_enum(enum)
        return "\n".join(out)

    def _node_anchor(self, method: MethodDoc) -> str:
        return _anchor("res", method.call.removeprefix("client."))

    def render_node(self, node: Node) -> list[str]:
        methods = [m for m in self.methods if m.node is node]
        first = methods[0]
        heading = first.heading.rsplit(".", 1)[0]
        label = heading.removeprefix(f"client.{self.title}.")
        out = [f"## {_code(heading)} {{: #{self._node_anchor(first)} {_toc(label)} }}", ""]
        out += [f"```python\n{first.call}\n```", ""]
        out += [f"*{NODE_KINDS.get(node.kind, node.kind)}*", ""]
        if node.description:
            out += [_prose(node.description), ""]
        for method in methods:
            out += self.render_method(method)
        return out

    def render_method(self, method: MethodDoc) -> list[str]:
        op = method.op
        name = op.method_name
        out = [f"### {_code(method.heading)} {{: #{method.anchor} {_toc(name)} }}", ""]
        if op.summary:
            out += [_prose(op.summary), ""]
        if op.description and op.description != op.summary:
            out += [_prose(op.description), ""]
        result = _result_info(op)
        if op.page_items_key:
            item = _annotation(result.annotation) if result else "Any"
            signature = list_signature(op)
            extra = ["limit", "page_size"]
            returns = f"list[{item}]"
        else:
            signature = call_signature(op)
            extra = []
            returns = _annotation(result.annotation) if op.result and result else "bool"
        args = [p.name if p.required else f"{p.name}=None" for p in signature]
        args += [f"{e}=None" for e in extra]
        out += ["```python", _signature(f"{method.call}.{name}", args, returns), "```", ""]
        auth = " · OAuth bearer token only" if op.auth == "oauth" else ""
        out += [
            f"`{op.http_method} {op.path}` · operation `{op.operation_id}` · host "
            f"`{op.host}`{auth}",
            "",
        ]
        params = [(p.name, p.annotation, p.required) for p in signature]
        described = {p.py_name: p for p in op.params}
        if params or extra:
            out += ["| Parameter | Type | Required | Description |", "|---|---|---|---|"]
            for pname, annotation, required in params:
                spec_param = described.get(pname)
                if spec_param is None:  # an inline paging argument (`page_token`)
                    out.append(f"| `{pname}` | {_code(annotation)} | optional | Paging. |")
                    continue
                text = _cell(spec_param.description) or f"`{spec_param.wire_name}`"
                text += self.enum_values(spec_param.info)
                kind = "**required**" if required else "optional"
                type_text = self.type_cell(param_annotation(spec_param), spec_param.info.refs)
                out.append(f"| `{pname}` | {type_text} | {kind} | {text} |")
            if op.page_items_key:
                out.append(
                    "| `limit` | `int` | optional | Stop after this many records (default: all). |"
                )
                out.append(
                    "| `page_size` | `int` | optional | Records per request (at most 1000). |"
                )
            out.append("")
        if result is not None and op.result is not None:
            links = [self.link(r) for r in result.refs] or [_code(_annotation(result.annotation))]
            noun = "each record" if op.page_items_key else "Returns"
            out += [f"**{noun.capitalize()}**: {', '.join(links)}", ""]
        else:
            out += ["**Returns**: `True` (the response has no body)", ""]
        names = [name]
        if op.page_items_key:
            names = ["list", "stream", "page"]
            page_args = ", ".join(p.name for p in page_signature(op))
            out += [
                f"Paging: `stream(…, limit, page_size)` iterates lazily, "
                f"`page({page_args})` returns one page, `get_page(url)` fetches a page link.",
                "",
            ]
        also = [v for n in names for v in variants(n)]
        if op.page_items_key:
            also.append("get_page_async")
        async_names = [v for n in names for v in async_client_variants(n)]
        out += [
            "Also: "
            + ", ".join(f"`{v}`" for v in also)
            + "; on `AsyncClient`: "
            + ", ".join(f"`await …{v}(…)`" for v in async_names if v != "stream")
            + (", `async for … in …stream(…)`" if op.page_items_key else "")
            + ".",
            "",
        ]
        return out

    def render_model(self, model: ModelIR) -> list[str]:
        out = [f"### {_code(model.name)} {{: #{_anchor('model', model.name)} }}", ""]
        if model.description:
            out += [_prose(model.description), ""]
        out += [f"`from {self.models_module} import {model.name}`", ""]
        returned = self.returned_by.get(model.name, [])
        if returned:
            links = ", ".join(f"[{_code(m.heading)}](#{m.anchor})" for m in returned)
            out += [f"Returned by: {links}", ""]
        used = self.used_in.get(model.name, [])
        if used:
            out += ["Used in: " + ", ".join(self.link(n) for n in used), ""]
        if model.fields:
            out += ["| Field | Type | Description |", "|---|---|---|"]
            for f in model.fields:
                text = _cell(f.description) + self.enum_values(f.info)
                out.append(
                    f"| `{f.py_name}` | {self.type_cell(f.info.annotation, f.info.refs)} | {text} |"
                )
            out.append("")
        return out

    def render_enum(self, enum: EnumIR) -> list[str]:
        out = [f"### {_code(enum.name)} {{: #{_anchor('enum', enum.name)} }}", ""]
        out += [f"`from {self.models_module} import {enum.name}`", ""]
        users = sorted(
            {m.heading: m for m in self.methods if _names_enum(m.op, enum.name)}.values(),
            key=lambda m: m.heading,
        )
        if users:
            out += ["Used by: " + ", ".join(f"[{_code(m.heading)}](#{m.anchor})" for m in users)]
            out.append("")
        used = self.used_in.get(enum.name, [])
        if used:
            out += ["Field of: " + ", ".join(self.link(n) for n in used), ""]
        out += [
            "Values (unknown ones are kept as strings): "
            + ", ".join(_code(value) for _, value in enum.members),
            "",
        ]
        return out


def _names_enum(op: Operation, name: str) -> bool:
    return any(name in p.info.refs for p in op.params)


# --------------------------------------------------------------------------- the site


def write_reference(versions: list[VersionIR], docs: Path) -> list[PageIndex]:
    """Write docs/reference/: the overview and one page per product version."""
    reference = docs / "reference"
    reference.mkdir(parents=True, exist_ok=True)
    pages: list[PageIndex] = []
    for version in versions:
        page = VersionPage(version)
        path = f"reference/{version.domain}/{version.version}.md"
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(page.render(), encoding="utf-8")
        pages.append(
            PageIndex(
                version.domain,
                version.version,
                path,
                page.methods,
                page.page_models,
                page.page_enums,
            )
        )
    lines = [
        "# API reference",
        "",
        "Every operation of the vendored spec, one page per product and version. Each method "
        "shows its call path as you write it, its parameters (type, required or optional, the "
        "spec's description), the HTTP request it sends and the model it returns. Models list "
        "their fields and the methods returning them; enums list their values.",
        "",
        "Every method `m` also exists as "
        + ", ".join(f"`{v}`" for v in variants("m"))
        + " on the sync client, as in the official library; on `AsyncClient`, "
        + " and ".join(f"`{v}`" for v in async_client_variants("m"))
        + " are awaitable.",
        "",
        f"{sum(len(p.methods) for p in pages)} operations in {len(pages)} product versions.",
        "",
        "| Product | Version | Operations | Models | Enums |",
        "|---|---|---|---|---|",
    ]
    for entry in pages:
        rel = entry.path.removeprefix("reference/")
        lines.append(
            f"| `{entry.domain}` | [{entry.version}]({rel}) | {len(entry.methods)} | "
            f"{len(entry.models)} | {len(entry.enums)} |"
        )
    (reference / "index.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return pages


def _nav(guides: list[tuple[str, str]], pages: list[PageIndex]) -> list[object]:
    products: dict[str, list[dict[str, str]]] = {}
    for page in pages:
        products.setdefault(page.domain, []).append({page.version: page.path})
    reference: list[object] = [{"Overview": "reference/index.md"}]
    reference += [{domain: entries} for domain, entries in products.items()]
    return [
        {"Home": "index.md"},
        {"Guides": [{title: path} for title, path in guides]},
        {"Reference": reference},
    ]


def build_markdown(out_dir: Path, spec_dir: Path, readme: Path, jobs: int) -> list[PageIndex]:
    """Write OUTDIR/mkdocs.yml and OUTDIR/docs/; return the product pages."""
    docs = out_dir / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    docs.mkdir(parents=True)
    versions = load_versions(spec_dir, jobs)
    guides = write_guides(readme.read_text(encoding="utf-8"), docs)
    pages = write_reference(versions, docs)
    expected = sum(len(v.operations) for v in versions)
    listed = sum(len(p.methods) for p in pages)
    if listed != expected:
        raise ReferenceError(f"the reference lists {listed} of {expected} operations")
    config = {
        # YAML is a superset of JSON; MkDocs merges this over the committed base config.
        "INHERIT": str(BASE_CONFIG),
        "docs_dir": "docs",
        "site_dir": "site",
        "nav": _nav(guides, pages),
    }
    (out_dir / "mkdocs.yml").write_text(json.dumps(config, indent=1) + "\n", encoding="utf-8")
    return pages


def iter_operations(docs: Path) -> Iterator[tuple[str, str, str, str]]:
    """(call heading, HTTP method, path, operationId) of every method the Markdown documents."""
    pattern = re.compile(
        r"^### `(client\.[^`]+)` \{: #op-[^}]+\}\n(?:.*\n)*?"
        r"`(GET|POST|PUT|PATCH|DELETE) ([^`]+)` · operation `([^`]+)`",
        re.MULTILINE,
    )
    for page in sorted((docs / "reference").rglob("*.md")):
        for match in pattern.finditer(page.read_text(encoding="utf-8")):
            yield match.group(1), match.group(2), match.group(3), match.group(4)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.reference", description=__doc__)
    parser.add_argument("out", type=Path, help="output directory (mkdocs.yml, docs/)")
    parser.add_argument("--spec", type=Path, default=ROOT / "spec")
    parser.add_argument("--readme", type=Path, default=ROOT / "README.md")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        pages = build_markdown(args.out, args.spec, args.readme, args.jobs)
    except ReferenceError as error:
        print(f"reference failed: {error}", file=sys.stderr)
        return 1
    count = sum(len(p.methods) for p in pages)
    elapsed = time.perf_counter() - started
    print(
        f"reference: {count} operations on {len(pages)} product pages in {args.out / 'docs'} "
        f"in {elapsed:.1f} s; build the site with `mkdocs build -f {args.out / 'mkdocs.yml'}`"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
