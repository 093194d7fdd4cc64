"""The vendored OpenAPI files and the operations table, read the way the fake needs them.

Routing needs only the operations table (small); a spec file is parsed the first time one of
its operations is requested, so a fake that only sends messages reads one file.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

__all__ = ["SpecOperation", "SpecParam", "SpecIndex", "spec_dir"]

_PARAM = re.compile(r"\{([^}]+)\}")


def spec_dir() -> Path:
    """Where the OpenAPI files are: the compact copy the generator ships in the generated
    package (`twilio_sdk_generated/_spec/*.json.gz`, without the prose)."""
    found = importlib.util.find_spec("twilio_sdk_generated")
    if found is not None and found.submodule_search_locations:
        candidate = Path(next(iter(found.submodule_search_locations))) / "_spec"
        if (candidate / "twilio_api_v2010.json.gz").is_file():
            return candidate
    raise FileNotFoundError(
        "twilio_sdk.testing needs the compact OpenAPI files the generator writes to "
        "twilio_sdk_generated/_spec; regenerate with `python -m generator`"
    )


def _operations_table() -> list[dict[str, str]]:
    found = importlib.util.find_spec("twilio_sdk_generated")
    if found is None or not found.submodule_search_locations:
        raise FileNotFoundError("the generated package twilio_sdk_generated is not installed")
    path = Path(next(iter(found.submodule_search_locations))) / "operations.json"
    table: list[dict[str, str]] = json.loads(path.read_text(encoding="utf-8"))
    return table


@dataclass
class SpecParam:
    """One request parameter: where it travels, its schema (refs resolved) and whether it is
    required."""

    name: str
    location: str  # path | query | header | body
    schema: dict[str, Any]
    required: bool = False


class SpecFile:
    """One OpenAPI file, parsed on first use."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._doc: dict[str, Any] | None = None

    @property
    def doc(self) -> dict[str, Any]:
        with self._lock:
            if self._doc is None:
                if self.path.suffix == ".gz":
                    self._doc = json.loads(gzip.decompress(self.path.read_bytes()))
                else:
                    self._doc = json.loads(self.path.read_text(encoding="utf-8"))
            return self._doc

    def resolve(self, schema: Any, depth: int = 0) -> dict[str, Any]:
        """The schema with a top-level ``$ref`` (chains too) resolved."""
        while isinstance(schema, dict) and "$ref" in schema and depth < 20:
            ref = schema["$ref"]
            node: Any = self.doc
            for part in ref.lstrip("#/").split("/"):
                node = node[part]
            schema = node
            depth += 1
        return schema if isinstance(schema, dict) else {}


@dataclass
class SpecOperation:
    """One spec operation, as listed in the operations table, with its spec details loaded on
    demand."""

    spec: str
    method: str
    path: str
    operation_id: str
    call: str
    file: SpecFile
    regex: re.Pattern[str] = field(repr=False)
    path_params: tuple[str, ...] = ()
    literal_length: int = 0

    @property
    def _item(self) -> dict[str, Any]:
        item: dict[str, Any] = self.file.doc["paths"][self.path]
        return item

    @property
    def _op(self) -> dict[str, Any]:
        op: dict[str, Any] = self._item[self.method.lower()]
        return op

    @cached_property
    def product(self) -> str:
        """The first label of the operation's host (``api`` for api.twilio.com)."""
        servers = self._item.get("servers") or self.file.doc.get("servers") or []
        url = servers[0]["url"] if servers else "https://api.twilio.com"
        host = url.split("://", 1)[-1].split("/", 1)[0]
        return host.split(".", 1)[0]

    @cached_property
    def anonymous(self) -> bool:
        """Whether the operation declares no authentication (``security: []``), as the
        OAuth token endpoints do: they authenticate by their form fields."""
        return self._op.get("security") == []

    @cached_property
    def x_twilio(self) -> dict[str, Any]:
        """The path item's ``x-twilio`` metadata merged with the operation's own."""
        merged = dict(self._item.get("x-twilio") or {})
        merged.update(self._op.get("x-twilio") or {})
        return merged

    @cached_property
    def params(self) -> dict[str, SpecParam]:
        """Path, query and header parameters by wire name, then body fields."""
        found: dict[str, SpecParam] = {}
        for raw in self._op.get("parameters", []):
            p = self.file.resolve(raw)
            schema = self.file.resolve(p.get("schema", {}))
            found[p["name"]] = SpecParam(p["name"], p["in"], schema, bool(p.get("required")))
        return found

    @cached_property
    def body(self) -> tuple[str | None, dict[str, Any]]:
        """The body's content type (None without a body) and its schema."""
        content = (self._op.get("requestBody") or {}).get("content") or {}
        for content_type, value in content.items():
            return content_type, self.file.resolve(value.get("schema", {}))
        return None, {}

    @cached_property
    def body_params(self) -> dict[str, SpecParam]:
        content_type, schema = self.body
        if content_type is None:
            return {}
        required = set(schema.get("required") or ())
        return {
            name: SpecParam(name, "body", self.file.resolve(s), name in required)
            for name, s in (schema.get("properties") or {}).items()
        }

    @cached_property
    def success(self) -> tuple[int, dict[str, Any], Any]:
        """The success status, its response schema and its first example (or None)."""
        responses = self._op.get("responses", {})
        codes = sorted(int(c) for c in responses if str(c).isdigit() and int(c) < 400)
        status = codes[0] if codes else 200
        response = responses.get(str(status), {})
        for value in (response.get("content") or {}).values():
            schema = self.file.resolve(value.get("schema", {}))
            examples: dict[str, Any] = value.get("examples") or {}
            first: dict[str, Any] = next(iter(examples.values()), {})
            example = first.get("value")
            return status, schema, example
        return status, {}, None

    @cached_property
    def list_key(self) -> str | None:
        """The property holding a list operation's records (``messages``), else None."""
        _, schema, _ = self.success
        props = schema.get("properties") or {}
        if "meta" not in props and "next_page_uri" not in props and "end" not in props:
            return None
        for name, prop in props.items():
            if name != "meta" and prop.get("type") == "array":
                return str(name)
        return None

    @cached_property
    def conditional(self) -> list[list[str]]:
        """One-of-required groups (``x-twilio.conditional``), in snake_case names."""
        groups = self.x_twilio.get("conditional") or []
        return [list(group) for group in groups]

    def schema_ref(self, name: str) -> dict[str, Any]:
        return self.file.resolve({"$ref": f"#/components/schemas/{name}"})


class SpecIndex:
    """Finds the operation a request is for, by method, path and host product."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory: Path = directory or spec_dir()
        self._files: dict[str, SpecFile] = {}
        self.operations: list[SpecOperation] = []
        self.by_id: dict[str, list[SpecOperation]] = {}
        self.by_call: dict[str, SpecOperation] = {}
        self._by_shape: dict[tuple[str, int], list[SpecOperation]] = {}
        for entry in _operations_table():
            op = self._operation(entry)
            self.operations.append(op)
            self.by_id.setdefault(op.operation_id, []).append(op)
            self.by_call[op.call] = op
            key = (op.method, op.path.count("/"))
            self._by_shape.setdefault(key, []).append(op)
        for candidates in self._by_shape.values():
            candidates.sort(key=lambda o: -o.literal_length)

    def _file(self, name: str) -> SpecFile:
        if name not in self._files:
            path = self.directory / name
            if not path.is_file():
                path = self.directory / (name + ".gz")
            self._files[name] = SpecFile(path)
        return self._files[name]

    def _operation(self, entry: dict[str, str]) -> SpecOperation:
        path = entry["path"]
        names = tuple(_PARAM.findall(path))
        pattern = ""
        last = 0
        for match in _PARAM.finditer(path):
            pattern += re.escape(path[last : match.start()]) + "([^/]+)"
            last = match.end()
        pattern += re.escape(path[last:])
        literal = len(_PARAM.sub("", path))
        return SpecOperation(
            spec=entry["spec"],
            method=entry["method"],
            path=path,
            operation_id=entry["operation_id"],
            call=entry["call"],
            file=self._file(entry["spec"]),
            regex=re.compile(f"^{pattern}$"),
            path_params=names,
            literal_length=literal,
        )

    def match(self, method: str, path: str, product: str) -> tuple[SpecOperation | None, bool]:
        """The operation for a request and its path parameters, and whether the path exists
        with another method (for 405)."""
        segments = path.count("/")
        found = [
            op
            for (m, count), candidates in self._by_shape.items()
            if count == segments
            for op in candidates
            if op.regex.match(path)
        ]
        found = [op for op in found if op.product == product]  # loads only matching files
        same = [op for op in found if op.method == method]
        if same:
            return max(same, key=lambda o: o.literal_length), True
        return None, bool(found)

    def find(self, name: str) -> Iterator[SpecOperation]:
        """Operations named by operation id (``CreateMessage``) or call chain."""
        if name in self.by_call:
            yield self.by_call[name]
        yield from self.by_id.get(name, ())
