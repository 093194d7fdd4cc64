"""No import cycles: the import-time graph of both packages is acyclic (every module read),
and every runtime module and generated package imports on its own in a fresh interpreter, so
no cycle leaves a module partly initialised whichever module a program imports first.

The generated package depends on the runtime (`twilio_sdk`'s private modules); the runtime
reaches the generated package only through the clients, which `twilio_sdk` imports on first
use. Third-party dependencies are imported once in a parent process that then forks one child
per module, so each child starts with none of our modules loaded.
"""

from __future__ import annotations

import ast
import os
import pkgutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = {"twilio_sdk": ROOT / "twilio_sdk", "twilio_sdk_generated": ROOT / "generated"}
# Optional framework adapters import their framework: they are imported where it is installed.
OPTIONAL = {"twilio_sdk.webhooks.django", "twilio_sdk.webhooks.flask"}
SCRIPTS = {"twilio_sdk.__main__"}  # importing it runs the command line


def _modules() -> list[str]:
    names = ["twilio_sdk", "twilio_sdk_generated"]
    for package in names[:]:
        path = ROOT / "generated" / package if package.endswith("generated") else ROOT / package
        for info in pkgutil.walk_packages([str(path)], prefix=package + "."):
            names.append(info.name)
    return sorted(names)


def _import_alone(name: str) -> str | None:
    """Import `name` in a forked child with none of our modules loaded; the error, or None."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read)
        for loaded in [m for m in sys.modules if m.split(".")[0] in PACKAGES]:
            del sys.modules[loaded]
        message = b""
        try:
            __import__(name)
        except BaseException as exc:  # noqa: BLE001 - reported to the parent
            message = f"{type(exc).__name__}: {exc}".encode() or b"?"
        finally:  # never return into the parent's test run
            os.write(write, message)
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        message = pipe.read()
    os.waitpid(pid, 0)
    return message.decode() or None


def _module_level_imports(name: str, path: Path) -> set[str]:
    """The modules of both packages that `name` imports when it is imported: its module-level
    imports, outside `if TYPE_CHECKING:` blocks and function bodies (those run later)."""
    tree = ast.parse(path.read_text())
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def visit(nodes: list[ast.stmt]) -> None:
        for node in nodes:
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                visit(node.orelse)
                continue
            if isinstance(node, (ast.If, ast.Try)):
                visit(node.body + node.orelse + getattr(node, "finalbody", []))
                for handler in getattr(node, "handlers", []):
                    visit(handler.body)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parent = package.split(".")
                    parent = parent[: len(parent) - node.level + 1]
                    base = ".".join(parent + ([node.module] if node.module else []))
                found.add(base)
                found.update(f"{base}.{alias.name}" for alias in node.names)

    visit(tree.body)
    return {m for m in found if m.split(".")[0] in PACKAGES}


def _graph() -> dict[str, set[str]]:
    files: dict[str, Path] = {}
    for name in _modules():
        top = ROOT / "generated" if name.startswith("twilio_sdk_generated") else ROOT
        base = top.joinpath(*name.split("."))
        files[name] = base / "__init__.py" if base.is_dir() else base.with_suffix(".py")
    graph = {}
    for name, path in files.items():
        # importing a module imports its packages first
        parents = {".".join(name.split(".")[:i]) for i in range(1, name.count(".") + 1)}
        graph[name] = {m for m in _module_level_imports(name, path) | parents if m in files}
        graph[name].discard(name)
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for child in sorted(graph[node]):
            if state.get(child) == 1:
                return path[path.index(child) :] + [child]
            if child not in state and (found := visit(child)) is not None:
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)) is not None:
            return found
    return None


def test_no_import_cycle_in_either_package() -> None:
    """Over every module of both packages (read, not run): the import-time graph is acyclic.
    A package importing its own submodules in `__init__` is not a cycle (the submodule finds
    the package initialised), so a package's edge to its children is left out."""
    graph = _graph()
    assert len(graph) > 1000  # the walk found both packages
    for name, deps in graph.items():
        graph[name] = {d for d in deps if not d.startswith(name + ".")}
    assert _cycle(graph) is None


def test_the_runtime_under_the_generated_package_never_imports_it() -> None:
    """The runtime modules generated code imports (`_resources`, `_operations`, `_models`, …)
    reach no generated module at import time: the generated package depends on the runtime,
    not the other way round (only the facades on top, the clients and the webhook app, import
    generated modules)."""
    graph = _graph()
    runtime = {
        d
        for name, deps in graph.items()
        if name.startswith("twilio_sdk_generated")
        for d in deps
        if d.split(".")[0] == "twilio_sdk"
    }
    assert "twilio_sdk._resources" in runtime
    seen: set[str] = set()
    stack = sorted(runtime)
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)
        stack.extend(graph[name])
    assert sorted(m for m in seen if m.startswith("twilio_sdk_generated")) == []


def _fresh_import_targets() -> list[str]:
    """Every runtime module, and each generated package (`__init__`) and the domain table."""
    graph = _graph()
    return [
        name
        for name in graph
        if name.split(".")[0] == "twilio_sdk"
        or ROOT.joinpath("generated", *name.split(".")).is_dir()
        or name.endswith("._domains")
    ]


def test_every_runtime_module_and_generated_package_imports_on_its_own() -> None:
    import aiohttp  # noqa: F401 - third-party imports happen once, before the forks
    import attrs  # noqa: F401
    import httpx  # noqa: F401
    import jwt  # noqa: F401

    failures = {}
    for name in _fresh_import_targets():
        if name in OPTIONAL or name in SCRIPTS:
            continue
        error = _import_alone(name)
        if error is not None:
            failures[name] = error
    assert failures == {}


@pytest.mark.parametrize("first", ["twilio_sdk_generated._domains", "twilio_sdk._resources"])
def test_the_generated_package_can_be_imported_before_the_runtime(first: str) -> None:
    assert _import_alone(first) is None
