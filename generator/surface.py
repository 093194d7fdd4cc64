"""The public surface of a generated SDK package, and what changed in it between two builds.

What users of the SDK touch, read statically (``ast``, nothing is imported) from a generated
package directory such as ``generated/twilio_sdk_generated``:

- the names each public module exports (``__all__``; the lazy ``models`` packages list theirs
  in ``_MODULES``), so a removed model or enum class is an import that stops working;
- the call paths of ``operations.json`` (``verify.v2.services(ServiceSid).verifications.create``)
  and the auth each operation uses;
- every public class: method signatures (keyword names, kinds, annotations, which ones are
  required, return annotation), properties (sub-resources), attrs fields (model attributes
  with their types and whether the constructor requires them) and enum members.

:func:`diff_surfaces` compares two surfaces. An entry is **breaking** when code written against
the old package can stop working: an import, an attribute, a call path, a keyword or an enum
member that is gone, a parameter that became required, a parameter type that accepts less, a
return or attribute type that yields something else. Types are compared after normalisation:
``SomeEnum | str`` is ``str`` (the enums subclass ``str``), so a ``str`` parameter that gains an
enum is a widening and an enum renamed with the same values is no type change; a generated class
replaced by another of the same shape (same fields, same enum values) is a rename, not a type
change. Each ``Async*`` class mirrors its sync twin and is reported through it.

Command line::

    python -m generator.surface OLD_PACKAGE_DIR NEW_PACKAGE_DIR   # Markdown to stdout
    python -m generator.surface --dump PACKAGE_DIR                  # the surface as JSON
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

OPERATIONS_TABLE = "operations.json"

MODULE = "module"
EXPORT = "export"
CALL_PATH = "call path"
AUTH = "auth"
METHOD = "method"
PARAMETER = "parameter"
RETURN = "return type"
PROPERTY = "property"
FIELD = "attribute"
ENUM_MEMBER = "enum member"
SUBJECTS = (
    MODULE,
    EXPORT,
    CALL_PATH,
    AUTH,
    METHOD,
    PARAMETER,
    RETURN,
    PROPERTY,
    FIELD,
    ENUM_MEMBER,
)
ADDED, REMOVED, CHANGED = "added", "removed", "changed"
PLURALS = {AUTH: "auth", PROPERTY: "properties"}

POSITIONAL = "positional-or-keyword"
KINDS = ("positional-only", POSITIONAL, "*args", "keyword-only", "**kwargs")


# --------------------------------------------------------------------------- model


@dataclass(frozen=True)
class Arg:
    """One parameter of a method, or one attrs field of a class."""

    name: str
    kind: str
    annotation: str
    required: bool


@dataclass(frozen=True)
class Function:
    """A method's signature (``self`` left out)."""

    args: tuple[Arg, ...]
    returns: str


@dataclass
class ClassInfo:
    """The public members of one class."""

    bases: tuple[str, ...] = ()
    enum: dict[str, str] | None = None  # member name -> value, for Enum subclasses
    fields: dict[str, Arg] = field(default_factory=dict)
    methods: dict[str, Function] = field(default_factory=dict)
    properties: dict[str, str] = field(default_factory=dict)


@dataclass
class Module:
    """One module: what it exports (None when private), imports and defines."""

    exports: tuple[str, ...] | None
    imports: dict[str, str] = field(default_factory=dict)  # local name -> "module:Name"
    classes: dict[str, ClassInfo] = field(default_factory=dict)


@dataclass
class Surface:
    """The public surface of one generated package."""

    modules: dict[str, Module]
    operations: list[dict[str, str]]

    def to_json(self) -> str:
        """Deterministic JSON (``from_json`` reads it back)."""
        return json.dumps(asdict(self), indent=1, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Surface:
        """Inverse of :meth:`to_json`."""
        raw = json.loads(text)
        modules: dict[str, Module] = {}
        for name, mod in raw["modules"].items():
            classes: dict[str, ClassInfo] = {}
            for cname, c in mod["classes"].items():
                classes[cname] = ClassInfo(
                    bases=tuple(c["bases"]),
                    enum=c["enum"],
                    fields={k: Arg(**v) for k, v in c["fields"].items()},
                    methods={
                        k: Function(tuple(Arg(**a) for a in v["args"]), v["returns"])
                        for k, v in c["methods"].items()
                    },
                    properties=dict(c["properties"]),
                )
            exports = None if mod["exports"] is None else tuple(mod["exports"])
            modules[name] = Module(exports, dict(mod["imports"]), classes)
        return cls(modules, list(raw["operations"]))

    # ----------------------------------------------------------------- lookups

    def resolve(self, module: str, name: str, depth: int = 0) -> tuple[str, str] | None:
        """The (module, class) a name used in ``module`` refers to, following imports."""
        mod = self.modules.get(module)
        if mod is None or depth > 8:
            return None
        if name in mod.classes:
            return module, name
        target = mod.imports.get(name)
        if target is None:
            return None
        source, _, original = target.partition(":")
        return self.resolve(source, original, depth + 1)

    def cls(self, ref: tuple[str, str] | None) -> ClassInfo | None:
        """The class a resolved reference points at."""
        if ref is None:
            return None
        mod = self.modules.get(ref[0])
        return mod.classes.get(ref[1]) if mod else None


# --------------------------------------------------------------------------- extraction


def _module_name(package_dir: Path, path: Path) -> str:
    """Dotted name relative to the package root (``""`` for the root ``__init__``)."""
    parts = list(path.relative_to(package_dir).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_public(module: str) -> bool:
    return not any(part.startswith("_") for part in module.split(".") if part)


def _absolute(module: str, is_package: bool, level: int, target: str | None) -> str:
    """Resolve a relative import inside the generated package to a module name."""
    if level == 0:
        return target or ""
    base = module.split(".") if module else []
    if not is_package:
        base = base[:-1]
    if level > 1:
        base = base[: len(base) - (level - 1)]
    if target:
        base = [*base, *target.split(".")]
    return ".".join(base)


def _literal_strings(node: ast.expr) -> list[str] | None:
    if isinstance(node, ast.List | ast.Tuple):
        values = [e.value for e in node.elts if isinstance(e, ast.Constant)]
        if all(isinstance(v, str) for v in values) and len(values) == len(node.elts):
            return [str(v) for v in values]
    return None


def _exports(tree: ast.Module) -> tuple[str, ...]:
    """``__all__`` as a literal, or ``sorted(DICT)`` of a module-level dict; else public names."""
    dicts: dict[str, list[str]] = {}
    found: list[str] | None = None
    for node in tree.body:
        targets: list[ast.expr] = []
        value: ast.expr | None = None
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        for target in targets:
            if not isinstance(target, ast.Name) or value is None:
                continue
            if isinstance(value, ast.Dict):
                keys = [k.value for k in value.keys if isinstance(k, ast.Constant)]
                dicts[target.id] = [str(k) for k in keys]
            if target.id != "__all__":
                continue
            listed = _literal_strings(value)
            if listed is not None:
                found = listed
            elif (
                isinstance(value, ast.Call)
                and value.args
                and isinstance(value.args[0], ast.Name)
                and value.args[0].id in dicts
            ):
                found = dicts[value.args[0].id]
    if found is None:
        found = [
            n.name
            for n in tree.body
            if isinstance(n, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and not n.name.startswith("_")
        ]
        found += [
            t.id
            for n in tree.body
            if isinstance(n, ast.Assign | ast.AnnAssign)
            for t in (n.targets if isinstance(n, ast.Assign) else [n.target])
            if isinstance(t, ast.Name) and not t.id.startswith("_")
        ]
    return tuple(sorted(set(found)))


def _imports(tree: ast.Module, module: str, is_package: bool) -> dict[str, str]:
    """Local name -> ``module:Name`` for every ``from … import`` (TYPE_CHECKING ones too)."""
    result: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            source = _absolute(module, is_package, node.level, node.module)
            for alias in node.names:
                result[alias.asname or alias.name] = f"{source}:{alias.name}"
    return result


def _signature(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> Function:
    a = fn.args
    args: list[Arg] = []
    positional = [*a.posonlyargs, *a.args]
    first_default = len(positional) - len(a.defaults)
    for i, arg in enumerate(positional):
        kind = "positional-only" if i < len(a.posonlyargs) else POSITIONAL
        args.append(Arg(arg.arg, kind, _unparse(arg.annotation), i < first_default))
    if a.vararg:
        args.append(Arg(a.vararg.arg, "*args", _unparse(a.vararg.annotation), False))
    for arg, default in zip(a.kwonlyargs, a.kw_defaults, strict=True):
        args.append(Arg(arg.arg, "keyword-only", _unparse(arg.annotation), default is None))
    if a.kwarg:
        args.append(Arg(a.kwarg.arg, "**kwargs", _unparse(a.kwarg.annotation), False))
    if args and args[0].name in ("self", "cls") and args[0].kind != "keyword-only":
        args.pop(0)
    return Function(tuple(args), _unparse(fn.returns))


def _unparse(node: ast.expr | None) -> str:
    if node is None:
        return ""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value  # a quoted forward reference
    return ast.unparse(node)


def _class_info(node: ast.ClassDef) -> ClassInfo:
    bases = tuple(ast.unparse(b) for b in node.bases)
    info = ClassInfo(bases=bases)
    if any(b.rsplit(".", 1)[-1] in ("Enum", "StrEnum", "WireEnum") for b in bases):
        info.enum = {}
        for stmt in node.body:
            if (
                isinstance(stmt, ast.Assign)
                and len(stmt.targets) == 1
                and isinstance(stmt.targets[0], ast.Name)
                and isinstance(stmt.value, ast.Constant)
            ):
                info.enum[stmt.targets[0].id] = str(stmt.value.value)
        return info
    for stmt in node.body:
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            name = stmt.target.id
            annotation = _unparse(stmt.annotation)
            if name.startswith("_") or annotation.startswith(("ClassVar", "typing.ClassVar")):
                continue
            info.fields[name] = Arg(name, "field", annotation, stmt.value is None)
        elif isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
            if stmt.name.startswith("_") and stmt.name != "__call__":
                continue
            decorators = {ast.unparse(d) for d in stmt.decorator_list}
            if "property" in decorators:
                info.properties[stmt.name] = _unparse(stmt.returns)
            elif not any(d.endswith(".setter") for d in decorators):
                info.methods[stmt.name] = _signature(stmt)
    return info


def extract(package_dir: Path) -> Surface:
    """Read the public surface of the generated package at ``package_dir``."""
    if not package_dir.is_dir():
        raise FileNotFoundError(f"generated package not found: {package_dir}")
    modules: dict[str, Module] = {}
    for path in sorted(package_dir.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        name = _module_name(package_dir, path)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        is_package = path.name == "__init__.py"
        module = Module(
            exports=_exports(tree) if _is_public(name) else None,
            imports=_imports(tree, name, is_package),
        )
        for node in tree.body:
            if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                module.classes[node.name] = _class_info(node)
        modules[name] = module
    table = package_dir / OPERATIONS_TABLE
    operations: list[dict[str, str]] = []
    if table.is_file():
        keys = ("spec", "method", "path", "operation_id", "call", "auth")
        for entry in json.loads(table.read_text(encoding="utf-8")):
            operations.append({k: str(entry.get(k, "")) for k in keys})
    return Surface(modules, operations)


# --------------------------------------------------------------------------- call paths


def split_call(call: str) -> list[tuple[str, int]]:
    """``a.b(X).c(Y)(Z).d`` -> [("a", 0), ("b", 1), ("c", 2), ("d", 0)]: names and calls."""
    segments: list[tuple[str, int]] = []
    depth, current = 0, ""
    for char in call + ".":
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        if char == "." and depth == 0:
            segments.append((current.partition("(")[0], current.count("(")))
            current = ""
        else:
            current += char
    return segments


def _return_class(surface: Surface, module: str, annotation: str) -> tuple[str, str] | None:
    name = annotation.strip().strip("'\"")
    if not name.isidentifier():
        return None
    return surface.resolve(module, name)


def public_names(surface: Surface) -> dict[tuple[str, str], str]:
    """Each class exported by a public module -> its public name (``verify.v2.models.X``)."""
    result: dict[tuple[str, str], str] = {("_domains", "Domains"): "client"}
    for module in sorted(surface.modules, key=lambda m: (m.count("."), m)):
        for name in surface.modules[module].exports or ():
            ref = surface.resolve(module, name)
            lazy = surface.modules[module].imports.get(name)
            if ref is None and lazy is None:
                continue
            if ref is not None:
                result.setdefault(ref, f"{module}.{name}" if module else name)
    return result


def _step(
    surface: Surface, ref: tuple[str, str] | None, name: str, calls: int
) -> tuple[str, str] | None:
    """The class one call-path segment leads to: ``.name`` is a property, ``.name(key)`` a
    property whose class is called or a method taking the key; more keys call the result."""
    info = surface.cls(ref)
    if info is None or ref is None:
        return None
    if name in info.properties:
        target = _return_class(surface, ref[0], info.properties[name])
    elif calls and name in info.methods:
        target = _return_class(surface, ref[0], info.methods[name].returns)
        calls -= 1
    else:
        return None
    for _ in range(calls):
        called = surface.cls(target)
        if called is None or target is None or "__call__" not in called.methods:
            return None
        target = _return_class(surface, target[0], called.methods["__call__"].returns)
    return target


def resource_paths(surface: Surface, root: str = "_domains:Domains") -> dict[tuple[str, str], str]:
    """Each resource class reached by an operation's call path -> the path reaching it.

    Walks ``operations.json`` call paths from the client's domain holder through properties
    and ``__call__``; the shortest (then alphabetically first) path names the class.
    """
    result: dict[tuple[str, str], str] = {}
    start_module, _, start_class = root.partition(":")
    for op in sorted(surface.operations, key=lambda o: (len(o["call"]), o["call"])):
        ref: tuple[str, str] | None = (start_module, start_class)
        prefix = ""
        for name, calls in split_call(op["call"])[:-1]:
            ref = _step(surface, ref, name, calls)
            if ref is None:
                break
            prefix = f"{prefix}.{name}" if prefix else name
            prefix += "(…)" * calls
            result.setdefault(ref, prefix)
    return result


# --------------------------------------------------------------------------- types


class TypeView:
    """Normalises annotations of one surface for comparison with another.

    ``E | str`` becomes ``str`` when ``E`` is a generated enum (the enums subclass ``str``);
    a lone enum becomes its sorted values; a generated class that exists only in this
    surface (not in ``other``) becomes its shape, so a pure rename compares equal.
    """

    def __init__(self, surface: Surface, other: Surface) -> None:
        self.surface = surface
        self.other = other

    def members(self, module: str, annotation: str, collapse: bool = True) -> frozenset[str]:
        """The union members of ``annotation`` (used in ``module``), normalised.

        With ``collapse``, ``E | str`` counts as ``str``; without, as the enum's values and
        ``str`` (a rename of ``E`` still compares equal)."""
        if not annotation:
            return frozenset()
        try:
            tree = ast.parse(annotation, mode="eval").body
        except SyntaxError:
            return frozenset({annotation})
        return frozenset(self._union(module, tree, 0, collapse))

    def _union(self, module: str, node: ast.expr, depth: int, collapse: bool) -> list[str]:
        """Normalised members of a union."""
        parts = list(_union_parts(node))
        has_str = any(isinstance(p, ast.Name) and p.id == "str" for p in parts)
        result: set[str] = set()
        for part in parts:
            if collapse and has_str and isinstance(part, ast.Name):
                info = self.surface.cls(self.surface.resolve(module, part.id))
                if info is not None and info.enum is not None:
                    continue
            result.add(self._normalise(module, part, depth, collapse))
        return sorted(result)

    def _normalise(self, module: str, node: ast.expr, depth: int, collapse: bool) -> str:
        """Render ``node`` with generated class names replaced where a rename must not count."""
        if isinstance(node, ast.Name):
            return self._class_token(module, node.id, depth, collapse)
        if isinstance(node, ast.Subscript):
            inner = node.slice
            items = inner.elts if isinstance(inner, ast.Tuple) else [inner]
            rendered = ", ".join(" | ".join(self._union(module, i, depth, collapse)) for i in items)
            return f"{ast.unparse(node.value)}[{rendered}]"
        return ast.unparse(node)

    def _class_token(self, module: str, name: str, depth: int, collapse: bool) -> str:
        ref = self.surface.resolve(module, name)
        info = self.surface.cls(ref)
        if info is None or ref is None:
            return name
        if info.enum is not None:
            return "enum{" + ", ".join(sorted(info.enum.values())) + "}"
        if self.other.cls(self.other.resolve(*ref)) is not None or depth > 2:
            return name  # the same class on both sides: its own changes are listed with it
        fields = []
        for field_name, arg in sorted(info.fields.items()):
            try:
                tree = ast.parse(arg.annotation, mode="eval").body
            except SyntaxError:
                members = [arg.annotation]
            else:
                members = self._union(ref[0], tree, depth + 1, collapse)
            fields.append(f"{field_name}: {' | '.join(members)}")
        return "{" + ", ".join(fields) + "}"


def _union_parts(node: ast.expr) -> Iterator[ast.expr]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        yield from _union_parts(node.left)
        yield from _union_parts(node.right)
    else:
        yield node


def _accepts(wide: frozenset[str], narrow: frozenset[str]) -> bool:
    """True when every value of type ``narrow`` is also a value of type ``wide``."""
    if "Any" in wide or "typing.Any" in wide:
        return True
    return narrow <= wide


# --------------------------------------------------------------------------- diffing


@dataclass(frozen=True)
class SurfaceChange:
    """One change to the SDK's public surface; ``where`` is a module or a call path."""

    where: str
    subject: str
    action: str
    text: str
    breaking: bool

    def sort_key(self) -> tuple[str, int, str]:
        return (self.where, SUBJECTS.index(self.subject), self.text)


class _Differ:
    def __init__(self, old: Surface, new: Surface) -> None:
        self.old, self.new = old, new
        self.old_types, self.new_types = TypeView(old, new), TypeView(new, old)
        self.old_paths, self.new_paths = resource_paths(old), resource_paths(new)
        self.old_exports, self.new_exports = public_names(old), public_names(new)
        self.changes: list[SurfaceChange] = []

    def add(self, where: str, subject: str, action: str, text: str, breaking: bool) -> None:
        self.changes.append(SurfaceChange(where, subject, action, text, breaking))

    def run(self) -> list[SurfaceChange]:
        self.modules_and_exports()
        self.call_paths()
        self.classes()
        return sorted(set(self.changes), key=SurfaceChange.sort_key)

    # ----------------------------------------------------------------- modules

    def modules_and_exports(self) -> None:
        old_public = {m for m, mod in self.old.modules.items() if mod.exports is not None}
        new_public = {m for m, mod in self.new.modules.items() if mod.exports is not None}
        for module in sorted(old_public - new_public):
            self.add(module or "(package)", MODULE, REMOVED, f"Module removed: `{module}`", True)
        for module in sorted(new_public - old_public):
            self.add(module or "(package)", MODULE, ADDED, f"Module added: `{module}`", False)
        for module in sorted(old_public & new_public):
            old_names = set(self.old.modules[module].exports or ())
            new_names = set(self.new.modules[module].exports or ())
            where = module or "(package)"
            for name in sorted(old_names - new_names):
                self.add(where, EXPORT, REMOVED, f"Name removed: `{name}`", True)
            for name in sorted(new_names - old_names):
                self.add(where, EXPORT, ADDED, f"Name added: `{name}`", False)

    # ----------------------------------------------------------------- call paths

    def call_paths(self) -> None:
        def by_op(ops: list[dict[str, str]]) -> dict[tuple[str, str, str], dict[str, str]]:
            return {(o["spec"], o["method"], o["path"]): o for o in ops}

        old_ops, new_ops = by_op(self.old.operations), by_op(self.new.operations)
        old_calls = {o["call"]: o for o in self.old.operations}
        new_calls = {o["call"]: o for o in self.new.operations}
        for call in sorted(old_calls.keys() - new_calls.keys()):
            op = old_calls[call]
            moved = new_ops.get((op["spec"], op["method"], op["path"]))
            if moved is not None:
                text = f"Call path changed: `{call}` -> `{moved['call']}` ({op['operation_id']})"
                self.add(_where(call), CALL_PATH, CHANGED, text, True)
            else:
                text = f"Call path removed: `{call}` ({op['operation_id']})"
                self.add(_where(call), CALL_PATH, REMOVED, text, True)
        for call in sorted(new_calls.keys() - old_calls.keys()):
            op = new_calls[call]
            if (op["spec"], op["method"], op["path"]) not in old_ops:
                text = f"Call path added: `{call}` ({op['operation_id']})"
                self.add(_where(call), CALL_PATH, ADDED, text, False)
        for call in sorted(old_calls.keys() & new_calls.keys()):
            before, after = old_calls[call].get("auth", ""), new_calls[call].get("auth", "")
            if before != after:
                text = f"Auth changed: `{call}`: {before} -> {after}"
                self.add(_where(call), AUTH, CHANGED, text, True)

    # ----------------------------------------------------------------- classes

    def classes(self) -> None:
        for module in sorted(self.old.modules.keys() & self.new.modules.keys()):
            old_mod, new_mod = self.old.modules[module], self.new.modules[module]
            shared = sorted(old_mod.classes.keys() & new_mod.classes.keys())
            # A record's instance methods mirror its resource's: list a change once, with the
            # resource, and an instance's own changes (e.g. its attributes) with the instance.
            shared.sort(key=lambda n: (n.endswith("Instance"), n))
            seen: set[str] = set()
            for name in shared:
                if name.startswith("Async") and name[5:] in new_mod.classes:
                    continue  # the async twin: reported through the sync class
                where = self.where(module, name)
                start = len(self.changes)
                self.compare_class(where, module, old_mod.classes[name], new_mod.classes[name])
                found = self.changes[start:]
                if name.endswith("Instance"):
                    self.changes[start:] = [c for c in found if c.text not in seen]
                seen.update(c.text for c in found)

    def where(self, module: str, name: str) -> str:
        """How users reach a class: its call path, its public export, else module.Class."""
        ref = (module, name)
        return (
            self.new_paths.get(ref)
            or self.old_paths.get(ref)
            or self.new_exports.get(ref)
            or self.old_exports.get(ref)
            or (f"{module}.{name}" if module else name)
        )

    def compare_class(self, where: str, module: str, old: ClassInfo, new: ClassInfo) -> None:
        if old.enum is not None and new.enum is not None:
            for member in sorted(old.enum.keys() - new.enum.keys()):
                text = f"Enum member removed: `{_short(where)}.{member}`"
                self.add(where, ENUM_MEMBER, REMOVED, text, True)
            for member in sorted(new.enum.keys() - old.enum.keys()):
                text = f"Enum member added: `{_short(where)}.{member}` = `{new.enum[member]}`"
                self.add(where, ENUM_MEMBER, ADDED, text, False)
            return
        for name in sorted(old.properties.keys() - new.properties.keys()):
            self.add(where, PROPERTY, REMOVED, f"Attribute removed: `.{name}`", True)
        for name in sorted(new.properties.keys() - old.properties.keys()):
            self.add(where, PROPERTY, ADDED, f"Attribute added: `.{name}`", False)
        for name in sorted(old.methods.keys() - new.methods.keys()):
            self.add(where, METHOD, REMOVED, f"Method removed: `{_method(name)}`", True)
        for name in sorted(new.methods.keys() - old.methods.keys()):
            self.add(where, METHOD, ADDED, f"Method added: `{_method(name)}`", False)
        for name in sorted(old.methods.keys() & new.methods.keys()):
            self.compare_method(where, module, name, old.methods[name], new.methods[name])
        self.compare_fields(where, module, old, new)

    def compare_method(
        self, where: str, module: str, name: str, old: Function, new: Function
    ) -> None:
        label = _method(name)
        old_args = {a.name: a for a in old.args}
        new_args = {a.name: a for a in new.args}
        for arg in (a for a in old.args if a.name not in new_args):
            text = f"`{label}`: keyword `{arg.name}` removed"
            self.add(where, PARAMETER, REMOVED, text, True)
        for arg in (a for a in new.args if a.name not in old_args):
            flag = "required" if arg.required else "optional"
            text = f"`{label}`: keyword `{arg.name}` added ({_ann(arg.annotation)}, {flag})"
            self.add(where, PARAMETER, ADDED, text, arg.required)
        for arg in (a for a in new.args if a.name in old_args):
            before = old_args[arg.name]
            if arg.required and not before.required:
                text = f"`{label}`: `{arg.name}` is now required"
                self.add(where, PARAMETER, CHANGED, text, True)
            elif before.required and not arg.required:
                text = f"`{label}`: `{arg.name}` is now optional"
                self.add(where, PARAMETER, CHANGED, text, False)
            if before.kind != arg.kind:
                text = f"`{label}`: `{arg.name}` is now {arg.kind} (was {before.kind})"
                self.add(where, PARAMETER, CHANGED, text, KINDS.index(arg.kind) > 1)
            if before.required != arg.required:  # `X | None` <-> `X` says the same again
                before = Arg(before.name, before.kind, _drop_none(before.annotation), True)
                arg = Arg(arg.name, arg.kind, _drop_none(arg.annotation), True)
            self.compare_annotation(
                where,
                module,
                PARAMETER,
                f"`{label}`: `{arg.name}`",
                before.annotation,
                arg.annotation,
                True,
            )
        self.compare_order(where, label, old, new)
        self.compare_annotation(
            where, module, RETURN, f"`{label}` returns", old.returns, new.returns, False
        )

    def compare_order(self, where: str, label: str, old: Function, new: Function) -> None:
        """Positional callers break when a positional parameter they pass moves.

        Required parameters are what callers pass positionally, so their moves are breaking;
        optional ones shifted by an insertion are listed (keyword callers are unaffected).
        """
        old_pos = [a for a in old.args if a.kind in ("positional-only", POSITIONAL)]
        new_pos = [a for a in new.args if a.kind in ("positional-only", POSITIONAL)]
        new_index = {a.name: i for i, a in enumerate(new_pos)}
        moved = [
            (a, i, new_index[a.name])
            for i, a in enumerate(old_pos)
            if a.name in new_index and new_index[a.name] != i
        ]
        if not moved:
            return
        required = [m for m in moved if m[0].required or new_pos[m[2]].required]
        shown = required or moved
        listed = ", ".join(f"`{a.name}` {i + 1} -> {j + 1}" for a, i, j in shown[:6])
        if len(shown) > 6:
            listed += f" and {len(shown) - 6} more"
        kind = "required" if required else "optional"
        text = f"`{label}`: positions of {kind} parameters moved: {listed}"
        self.add(where, PARAMETER, CHANGED, text, bool(required))

    def compare_annotation(
        self,
        where: str,
        module: str,
        subject: str,
        label: str,
        before: str,
        after: str,
        is_input: bool,
    ) -> None:
        if before == after:
            return
        if self.old_types.members(module, before, False) == self.new_types.members(
            module, after, False
        ):
            return  # an enum or class renamed, with the same values or fields
        old_t = self.old_types.members(module, before)
        new_t = self.new_types.members(module, after)
        if old_t == new_t:  # str <-> E | str: E subclasses str, so nothing is lost either way
            word = "widened" if is_input else "refined"
            self.add(where, subject, CHANGED, f"{label} type {word}: {before} -> {after}", False)
            return
        if is_input:
            widened = _accepts(new_t, old_t)
            word = "widened" if widened else "changed"
            breaking = not widened
        else:
            narrowed = _accepts(old_t, new_t)
            word = "narrowed" if narrowed else "changed"
            breaking = not narrowed
        text = f"{label} type {word}: {_ann(before)} -> {_ann(after)}"
        self.add(where, subject, CHANGED, text, breaking)

    def compare_fields(self, where: str, module: str, old: ClassInfo, new: ClassInfo) -> None:
        for name in sorted(old.fields.keys() - new.fields.keys()):
            self.add(where, FIELD, REMOVED, f"Attribute removed: `.{name}`", True)
        for name in sorted(new.fields.keys() - old.fields.keys()):
            arg = new.fields[name]
            required = " (required by the constructor)" if arg.required else ""
            text = f"Attribute added: `.{name}: {_ann(arg.annotation)}`{required}"
            self.add(where, FIELD, ADDED, text, arg.required)
        for name in sorted(old.fields.keys() & new.fields.keys()):
            before, after = old.fields[name], new.fields[name]
            if after.required and not before.required:
                text = f"Attribute `.{name}` is now required by the constructor"
                self.add(where, FIELD, CHANGED, text, True)
            # Read from responses: a narrower type breaks no reader.
            self.compare_annotation(
                where,
                module,
                FIELD,
                f"Attribute `.{name}`",
                before.annotation,
                after.annotation,
                False,
            )


def _where(call: str) -> str:
    """The resource part of a call path (without the final method)."""
    segments = call.rsplit(".", 1)
    return segments[0] if len(segments) == 2 else call


def _short(where: str) -> str:
    return where.rsplit(".", 1)[-1]


def _method(name: str) -> str:
    return "(…)" if name == "__call__" else f".{name}()"


def _ann(annotation: str) -> str:
    return annotation or "unannotated"


def _drop_none(annotation: str) -> str:
    try:
        tree = ast.parse(annotation, mode="eval").body
    except SyntaxError:
        return annotation
    parts = [p for p in _union_parts(tree) if not (isinstance(p, ast.Constant) and p.value is None)]
    return " | ".join(ast.unparse(p) for p in parts) if parts else annotation


def diff_surfaces(old: Surface, new: Surface) -> list[SurfaceChange]:
    """All changes between two surfaces, in deterministic order."""
    return _Differ(old, new).run()


# --------------------------------------------------------------------------- rendering


def summary(changes: Sequence[SurfaceChange]) -> str:
    """Counts per subject (``+added -removed ~changed``) and the breaking total."""
    parts = []
    for subject in SUBJECTS:
        counts = {
            a: sum(1 for c in changes if c.subject == subject and c.action == a)
            for a in (ADDED, REMOVED, CHANGED)
        }
        if any(counts.values()):
            label = PLURALS.get(subject, subject + "s")
            parts.append(f"{label} +{counts[ADDED]} -{counts[REMOVED]} ~{counts[CHANGED]}")
    breaking = sum(1 for c in changes if c.breaking)
    return f"{len(changes)} changes, {breaking} breaking" + (
        "; " + "; ".join(parts) if parts else ""
    )


def render(changes: Sequence[SurfaceChange], heading: str = "####") -> list[str]:
    """Markdown lines: one heading per module or resource, one bullet per change."""
    lines: list[str] = []
    current = None
    for change in sorted(changes, key=SurfaceChange.sort_key):
        if change.where != current:
            current = change.where
            if lines:
                lines.append("")
            lines.extend([f"{heading} `{current}`", ""])
        marker = "**BREAKING** " if change.breaking else ""
        lines.append(f"- {marker}{change.text}")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.surface", description=__doc__)
    parser.add_argument("--dump", action="store_true", help="print one package's surface as JSON")
    parser.add_argument("packages", nargs="+", type=Path)
    args = parser.parse_args(argv)
    if args.dump:
        sys.stdout.write(extract(args.packages[0]).to_json())
        return 0
    if len(args.packages) != 2:
        parser.error("give OLD_PACKAGE_DIR NEW_PACKAGE_DIR")
    changes = diff_surfaces(extract(args.packages[0]), extract(args.packages[1]))
    sys.stdout.write(f"**SDK surface:** {summary(changes)}\n\n")
    sys.stdout.write("\n".join(render(changes)) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())


__all__ = [
    "Arg",
    "ClassInfo",
    "Function",
    "Module",
    "Surface",
    "SurfaceChange",
    "diff_surfaces",
    "extract",
    "render",
    "resource_paths",
    "summary",
]
