"""Our operations, records and recorded responses next to the official library's instances.

Helpers for tests/generated/test_official_values.py (and test_instance_bindings.py):

- `generated_operations()`: every `Operation` table of the generated resources, with its
  module and name; `our_operations()`: the same by (method, host, spec path); and
  `our_record_class(op)`: the class a record of it becomes.
- `official_instances()`: for each operation of our spec that a compared path of the walker
  (tests/official_tree.py) reaches, the official `*Instance` class its method returns.
- `official_payload_fields(cls)`: `{wire name: attribute}` that the official instance's
  `__init__` reads from the payload (`self.<attribute> = ... payload.get("<wire>") ...`),
  found by parsing its source with `ast`.
- `recorded_responses()`: every JSON response of tests/cassettes/*.yaml with its request.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
import sys
import textwrap
import typing
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

import yaml
from official_tree import ACCOUNT, TOKEN, CallPath, compared_paths

from twilio_sdk._models import LazyModel, Model
from twilio_sdk._operations import Operation

CASSETTES = Path(__file__).resolve().parent / "cassettes"
OpKey = tuple[str, str, str]  # (METHOD, host netloc, spec path)


@cache
def generated_operations() -> list[tuple[ModuleType, str, Operation[Any, Any]]]:
    """Every `Operation` table of the generated resource modules: (module, name, table)."""
    import twilio_sdk_generated

    found = []
    for info in pkgutil.walk_packages(twilio_sdk_generated.__path__, "twilio_sdk_generated."):
        if info.name.rsplit(".", 1)[-1] == "models" or info.ispkg:
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, Operation):
                found.append((module, name, value))
    return found


@cache
def our_operations() -> dict[OpKey, Operation[Any, Any]]:
    return {
        (op.method, urlsplit(op.host).netloc, op.path): op for _, _, op in generated_operations()
    }


def our_record_class(op: Operation[Any, Any]) -> type[Model] | None:
    """The class a (sync) record of `op` is: its bound instance class, or its model."""
    if op.instance is not None:
        return op.instance.cls
    return op.parse.model if isinstance(op.parse, LazyModel) else None


@cache
def _operation_patterns() -> list[tuple[str, str, re.Pattern[str], int, OpKey]]:
    rows = []
    for key in our_operations():
        method, host, path = key
        pattern = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$")
        rows.append((method, host, pattern, path.count("{"), key))
    return rows


def match_request(method: str, url: str) -> OpKey | None:
    """Our operation of a request; a literal segment wins over a parameter."""
    parts = urlsplit(url)
    found = [
        (params, key)
        for m, host, pattern, params, key in _operation_patterns()
        if m == method and host == parts.netloc and pattern.match(parts.path)
    ]
    return min(found)[1] if found else None


@dataclass(frozen=True)
class Recorded:
    cassette: str
    index: int
    method: str
    url: str
    status: int
    body: str


@cache
def recorded_responses() -> tuple[Recorded, ...]:
    found = []
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for file in sorted(CASSETTES.glob("*.yaml")):
        data = yaml.load(file.read_text(), Loader=loader)  # noqa: S506 - a safe loader
        for i, interaction in enumerate(data["interactions"]):
            request, response = interaction["request"], interaction["response"]
            body = response["body"]["string"]
            if isinstance(body, bytes):
                body = body.decode()
            found.append(
                Recorded(
                    file.name,
                    i,
                    request["method"],
                    request["uri"],
                    response["status"]["code"],
                    body,
                )
            )
    return tuple(found)


# --------------------------------------------------------------------------- official side


@cache
def official_client() -> Any:
    from twilio.rest import Client as OfficialClient

    return OfficialClient(ACCOUNT, TOKEN)


def official_owner(path: CallPath) -> Any:
    """The official list or context a path's method belongs to."""
    obj: Any = official_client()
    with warnings.catch_warnings():  # the deprecated `client.calls` shortcuts
        warnings.simplefilter("ignore", DeprecationWarning)
        for step in path.steps:
            obj = obj(*step.args) if step.name == "()" else getattr(obj, step.name)
    return obj


def _instance_class(annotation: Any) -> type | None:
    if inspect.isclass(annotation) and annotation.__name__.endswith("Instance"):
        return annotation
    for arg in typing.get_args(annotation):
        found = _instance_class(arg)
        if found is not None:
            return found
    return None


@dataclass(frozen=True)
class OfficialBinding:
    path: CallPath  # one compared path of the operation
    owner: Any  # the official list or context of that path
    instance: type  # the official instance class its method returns


@cache
def official_instances() -> dict[OpKey, OfficialBinding]:
    """The official instance class of each operation the walker's compared paths reach."""
    found: dict[OpKey, OfficialBinding] = {}
    for path in compared_paths():
        op = path.operation
        assert op is not None
        key = (op.method, op.host, op.path)
        if key in found or path.method in ("page", "get_page", "stream"):
            continue  # `list` of the same operation names the instance class
        owner = official_owner(path)
        annotation = inspect.signature(getattr(owner, path.method)).return_annotation
        if isinstance(annotation, str):  # postponed (`List[XInstance]`): the module's names
            names = re.findall(r"\w+Instance\b", annotation)
            module = sys.modules[type(owner).__module__]
            annotation = getattr(module, names[0], None) if names else None
        cls = _instance_class(annotation)
        if cls is not None:
            found[key] = OfficialBinding(path, owner, cls)
    return found


@cache
def official_payload_fields(cls: type) -> dict[str, str]:
    """`{wire name: attribute}` read from the payload by the official `__init__`."""
    source = textwrap.dedent(inspect.getsource(cls.__init__))  # type: ignore[misc]
    fields: dict[str, str] = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        for target in targets:
            if not (
                isinstance(target, ast.Attribute)
                and isinstance(target.value, ast.Name)
                and target.value.id == "self"
            ):
                continue
            for wire in _payload_keys(value):
                fields[wire] = target.attr
    return fields


def _payload_keys(node: ast.AST) -> Iterator[str]:
    for sub in ast.walk(node):
        if (
            isinstance(sub, ast.Call)
            and isinstance(sub.func, ast.Attribute)
            and sub.func.attr == "get"
            and isinstance(sub.func.value, ast.Name)
            and sub.func.value.id == "payload"
            and sub.args
            and isinstance(sub.args[0], ast.Constant)
            and isinstance(sub.args[0].value, str)
        ):
            yield sub.args[0].value


def official_instance(binding: OfficialBinding, payload: dict[str, Any]) -> Any:
    """The official instance of `payload`, built as its list or context builds it."""
    cls = binding.instance
    params = list(inspect.signature(cls.__init__).parameters.values())[3:]  # type: ignore[misc]
    # Every path parameter given: some official instances fail on a None one.
    kwargs = {p.name: f"{p.name}-v" for p in params}
    return cls(binding.owner._version, payload, **kwargs)
