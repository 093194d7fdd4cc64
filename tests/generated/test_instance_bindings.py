"""Every instance binding of the generated operations: the async classes a record of an
`AsyncClient` becomes are derived from the bound sync classes (`Async` + name, same module),
so each must have its twin, and parsing must give it."""

from __future__ import annotations

import inspect
from types import ModuleType
from typing import Any

import pytest
from official_values import generated_operations

from twilio_sdk import AsyncClient, Client
from twilio_sdk._models import Model
from twilio_sdk._operations import InstanceBinding
from twilio_sdk._resources import AsyncResource, Resource

ACCOUNT = "AC" + "1" * 32


def _bindings() -> list[tuple[ModuleType, str, InstanceBinding]]:
    return [(m, name, op.instance) for m, name, op in generated_operations() if op.instance]


def _public(cls: type) -> set[str]:
    return {name for name in dir(cls) if not name.startswith("_")}


def test_every_binding_parses_an_async_clients_record_into_the_async_twins() -> None:
    sync_context = Client(ACCOUNT, "token").messages._context
    async_context = AsyncClient(ACCOUNT, "token").messages._context
    bindings = _bindings()
    assert len(bindings) > 1200
    awaitable_methods = unbound = 0
    for module, name, binding in bindings:
        where = f"{module.__name__}.{name}"
        cls, item = binding.cls, binding.item
        async_cls = vars(module).get("Async" + cls.__name__)
        async_item = vars(module).get("Async" + item.__name__)
        assert isinstance(async_cls, type) and isinstance(async_item, type), where
        assert {c.__module__ for c in (cls, item, async_cls, async_item)} == {module.__name__}
        assert issubclass(item, Resource) and not issubclass(item, AsyncResource), where
        assert issubclass(async_item, AsyncResource), where
        # The same record model and members (but the sync class's `*_async` variants);
        # those that send are awaitable.
        models = {c for c in cls.__mro__ if c.__module__ != module.__name__}
        assert issubclass(async_cls, Model) and models <= set(async_cls.__mro__), where
        variants = {m for m in _public(cls) if m.endswith("_async")}
        assert _public(async_cls) == _public(cls) - variants, where
        for member in _public(async_item) & _public(async_cls):
            sends = inspect.iscoroutinefunction(getattr(async_item, member))
            assert inspect.iscoroutinefunction(getattr(async_cls, member)) == sends, where
            assert not inspect.iscoroutinefunction(getattr(cls, member)), where
            awaitable_methods += sends

        parents = tuple(f"P{i}" for i in range(binding.parent_count))
        values = tuple(f"V{i}" for i in range(len(binding.fields)))
        wires = {attribute: wire for attribute, wire, _ in cls._FIELDS}
        # A few records lack the path parameter's field (`id` for `ObservationId`): unbound.
        bindable = set(binding.fields) <= set(wires)
        unbound += not bindable
        fields = zip(binding.fields, values, strict=True)
        record = {wires[f]: v for f, v in fields} if bindable else {}
        for context, kind, want, want_item in (
            (sync_context, Resource, cls, item),
            (async_context, AsyncResource, async_cls, async_item),
        ):
            parsed = binding.parse_record(kind(context, parents), record)
            assert type(parsed) is want, where
            if not bindable:
                assert getattr(parsed, "_bound", None) is None, where
                continue
            assert type(parsed._bound) is want_item, where
            assert parsed._bound._params == (*parents, *values), where
            assert parsed._bound._context is context, where
    assert awaitable_methods > 1000
    assert unbound < 20


@pytest.mark.parametrize("kind", [Resource, AsyncResource])
def test_a_list_record_without_its_identifying_field_stays_unbound(kind: Any) -> None:
    from twilio_sdk_generated.api.v2010 import _accounts_messages as messages

    binding = messages._LIST_MESSAGE.instance
    assert binding is not None
    context = Client(ACCOUNT, "token").messages._context
    parsed = binding.parse_record(kind(context, (ACCOUNT,)), {"body": "hi"})
    assert getattr(parsed, "_bound", None) is None
    assert type(parsed).__name__.startswith("Async") == (kind is AsyncResource)


@pytest.mark.parametrize(
    ("module", "operation", "record", "identifier"),
    [
        # The path says `ObservationId` / `RoleAssignmentSid`; the record says `id` / `sid`.
        ("memory.v1._observations", "_LIST_PROFILE_OBSERVATIONS", {"id": "obs_1"}, "obs_1"),
        ("knowledge.v2._knowledge_bases", "_LIST_KNOWLEDGE_BASES", {"id": "kb_1"}, "kb_1"),
        (
            "preview_iam.versionless._organization_role_assignments",
            "_LIST_ROLE_ASSIGNMENTS",
            {"sid": "IY1", "role_sid": "IX1"},
            "IY1",
        ),
    ],
)
def test_a_record_named_by_id_or_sid_binds_to_the_item_its_path_parameter_names(
    module: str, operation: str, record: dict[str, str], identifier: str
) -> None:
    import importlib

    op = getattr(importlib.import_module(f"twilio_sdk_generated.{module}"), operation)
    binding = op.instance
    context = Client(ACCOUNT, "token").messages._context
    parents = tuple(f"P{i}" for i in range(binding.parent_count))
    parsed = binding.parse_record(Resource(context, parents), record)
    assert type(parsed._bound) is binding.item
    assert parsed._bound._params == (*parents, identifier)
