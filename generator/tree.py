"""The call tree of one API version: which resource hangs under which, and every name in it
(attributes, classes, methods, the public call chain of each operation).
"""

from __future__ import annotations

import re
from typing import Any

from .build import GenerationError, Node, Operation, identifier, pascal, snake

RESERVED_MEMBERS = {
    "create",
    "fetch",
    "update",
    "delete",
    "list",
    "stream",
    "page",
    "get_page",
    "__call__",
}


def normalise_key(path: str, prefix: str) -> str:
    key = path[len(prefix) :] if prefix and path.startswith(prefix) else path
    if key.endswith(".json"):
        key = key[: -len(".json")]
    return re.sub(r"\{[^}]+\}", "{}", key) or "/"


class TreeBuilder:
    """Arrange one version's path items into the call tree."""

    def __init__(self, version: str) -> None:
        self.version = version
        self.root = Node(key="", kind="root")
        self.nodes: dict[tuple[str, str], Node] = {}  # (key, op-level mount) -> node

    def add(
        self,
        key: str,
        raw_path: str,
        x_twilio: dict[str, Any],
        prefix: str,
        ops: list[Operation],
        mount_override: str | None,
    ) -> None:
        path_type = x_twilio.get("pathType")
        ends_with_param = key.endswith("{}")
        if path_type is None:
            path_type = "instance" if ends_with_param else "list"
        params = re.findall(r"\{([^}]+)\}", raw_path)
        mount = mount_override or x_twilio.get("mountName")
        parent_key = normalise_key(x_twilio["parent"], "") if x_twilio.get("parent") else None
        if path_type == "instance" and ends_with_param:
            collection_key = key.rsplit("/", 1)[0]
            collection = self._node(
                collection_key, "collection", mount, parent_key, params[:-1], mount_override
            )
            if collection.item is None:
                collection.item = Node(key=key, kind="item", param_names=params, parent=collection)
            node = collection.item
            # The item's own path names its parameters (an earlier child path may have named
            # them differently, e.g. `{MessageSid}` in Media's path for Messages' `{Sid}`).
            node.param_names = params
        else:
            kind = "singleton" if path_type == "instance" else "collection"
            node = self._node(key, kind, mount, parent_key, params, mount_override)
        for op in ops:
            node.operations.append(op)
        if not node.description:
            node.description = x_twilio.get("description", "")

    def _node(
        self,
        key: str,
        kind: str,
        mount: str | None,
        parent_key: str | None,
        params: list[str],
        mount_override: str | None,
    ) -> Node:
        ident = (key, mount_override or "")
        node = self.nodes.get(ident)
        if node is not None:
            if mount and node.auto_named and node.parent is not None:
                # Created earlier as some path's parent, before its own x-twilio mountName
                # was seen: take the spec's name now.
                del node.parent.children[node.name]
                self._attach(node.parent, node, mount)
            node.auto_named = node.auto_named and not mount
            return node
        node = Node(key=key, kind=kind, param_names=params, auto_named=not mount)
        self.nodes[ident] = node
        parent = self._parent_for(key, parent_key, params)
        last_static = [s for s in key.split("/") if s and s != "{}"]
        name = mount or (snake(last_static[-1]) if last_static else "resource")
        self._attach(parent, node, name)
        return node

    def _parent_for(self, key: str, parent_key: str | None, params: list[str]) -> Node:
        # x-twilio `parent` is trusted unless it binds more path parameters than the path has
        # (e.g. workers' CumulativeStatistics names one worker as parent); then the path decides.
        if parent_key is not None and parent_key != key and parent_key.count("{}") <= len(params):
            return self._lookup_or_create(parent_key, params)
        segments = key.split("/")
        for end in range(len(segments) - 1, 1, -1):
            prefix = "/".join(segments[:end])
            found = self._find(prefix)
            if found is not None:
                return found
        return self.root

    def _find(self, key: str) -> Node | None:
        if key.endswith("{}"):
            collection = self.nodes.get((key.rsplit("/", 1)[0], ""))
            return collection.item if collection and collection.item else None
        return self.nodes.get((key, ""))

    def _lookup_or_create(self, key: str, params: list[str]) -> Node:
        found = self._find(key)
        if found is not None:
            return found
        count = key.count("{}")
        if key.endswith("{}"):
            collection = self._node(
                key.rsplit("/", 1)[0], "collection", None, None, params[: count - 1], None
            )
            collection.item = Node(
                key=key, kind="item", param_names=params[:count], parent=collection
            )
            return collection.item
        return self._node(key, "collection", None, None, params[:count], None)

    def _attach(self, parent: Node, node: Node, name: str) -> None:
        base = identifier(name)
        if base in RESERVED_MEMBERS:
            base += "_resource"
        candidate, n = base, 2
        while candidate in parent.children:
            candidate, n = f"{base}_{n}", n + 1
        node.name = candidate
        node.parent = parent
        parent.children[candidate] = node


METHOD_NAMES = {
    ("GET", True): "list",
    ("GET", False): "fetch",
    ("POST", True): "create",
    ("POST", False): "update",
    ("PUT", True): "update",
    ("PUT", False): "update",
    ("PATCH", True): "update",
    ("PATCH", False): "update",
    ("DELETE", True): "delete",
    ("DELETE", False): "delete",
}


def assign_method_names(node: Node) -> None:
    taken: set[str] = set()
    is_collection = node.kind == "collection"
    for op in sorted(
        node.operations,
        key=lambda o: ("GET", "POST", "PUT", "PATCH", "DELETE").index(o.http_method),
    ):
        if op.http_method == "GET":
            name = "list" if op.page_items_key else "fetch"
        else:
            name = METHOD_NAMES[(op.http_method, is_collection)]
        if name in taken or name in node.children:
            name = snake(op.operation_id)
        op.method_name = name
        taken.add(name)
        if name == "list":
            taken.update({"stream", "page", "get_page"})


def assign_class_names(nodes: list[Node]) -> None:
    used: set[str] = set()
    for node in nodes:
        if node.kind == "root":
            continue
        chain = []
        current: Node | None = node if node.kind != "item" else node.parent
        while current is not None and current.kind != "root":
            chain.append(pascal(current.name))
            current = current.parent
            if current is not None and current.kind == "item":
                current = current.parent
        base = "".join(reversed(chain))
        base += {"collection": "List", "item": "Context", "singleton": "Context"}[node.kind]
        name, n = base, 2
        while name in used:
            name, n = f"{base}{n}", n + 1
        used.add(name)
        node.class_name = name


def call_chain(domain: str, version: str, node: Node, op: Operation) -> str:
    """The public call path, path parameters named by the operation's own names."""
    steps: list[Node] = []
    current: Node | None = node
    while current is not None and current.kind != "root":
        steps.append(current)
        current = current.parent
    parts = [domain, version]
    index = 0
    for step in reversed(steps):
        taken = len(step.call_params)
        names = op.path_params[index : index + taken]
        index += taken
        if step.kind == "item":
            parts[-1] += f"({', '.join(names)})"
        else:
            parts.append(step.name + (f"({', '.join(names)})" if names else ""))
    if index != len(op.path_params):
        raise GenerationError(
            f"{op.spec_file} {op.http_method} {op.path}: call chain binds "
            f"{index} of {len(op.path_params)} path parameters"
        )
    return ".".join(parts) + "." + op.method_name
