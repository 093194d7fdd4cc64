"""Values print as the official library prints them; records carry the official names.

1. Every recorded response (tests/cassettes/*.yaml, recorded against Prism) is parsed with our
   model of its operation and with the official library's instance class of the same
   operation; every field that is an enum on our side must print (`str`, f-string) and compare
   (`==`) as the official attribute read from the same wire key.
2. Every official instance class the walker reaches (tests/official_tree.py:
   `compared_paths()`): each attribute its `__init__` reads from the payload is readable under
   that name on our record class of the operation.
3. Every official instance method (`fetch`, `update`, `delete`, `create` and their `_async`,
   `_with_http_info`, `_with_http_info_async` variants) exists on our instance class with the
   official parameter names and positional order; for a sample (every domain), a record's
   variant sends the request its context's method sends.

Helpers: tests/official_values.py.
"""

from __future__ import annotations

import asyncio
import enum
import inspect
import json
from functools import cache
from typing import Any

import pytest
from official_tree import Sent, Wire, _navigate, _our_args, _our_clients, compared_paths
from official_values import (
    OfficialBinding,
    match_request,
    official_instance,
    official_instances,
    official_payload_fields,
    our_operations,
    our_record_class,
    recorded_responses,
)

INSTANCE_METHODS = ("fetch", "update", "delete", "create")

# Operations the spec answers without a body (202/204) although the official library builds an
# instance of an empty payload: ours returns True, as the spec describes. Not compared.
NO_BODY_IN_SPEC = {
    ("POST", "intelligence.twilio.com", "/v3/RuleExecutions"),
    ("POST", "voice.twilio.com", "/v2/Configurations/{Type}/Default"),
}
SUFFIXES = ("", "_async", "_with_http_info", "_with_http_info_async")
# Official instances of a newer spec than ours (tests/generated/test_drop_in.py KNOWN_DRIFT): its
# `recording_account_default_configuration()` (a literal `/Recording` path) takes a body our
# spec names otherwise, `account_default_configuration("Recording")` on ours. Their parameter
# differences are listed with the drift, not failed.
KNOWN_DRIFT = {"RecordingAccountDefaultConfigurationInstance"}


# --------------------------------------------------------------------------- 1. printed values


def _records(op: Any, payload: Any) -> list[dict[str, Any]]:
    if op.items_key is not None:
        return [r for r in payload.get(op.items_key) or [] if isinstance(r, dict)]
    return [payload] if isinstance(payload, dict) else []


@cache
def _compare_enums() -> tuple[dict[str, int], list[str], list[str], list[str]]:
    """Counts, skipped interactions (with reasons), differences of enum fields and of
    list-of-enum fields."""
    ops = our_operations()
    official = official_instances()
    counts = dict.fromkeys(["interactions", "operations", "records", "enum values", "fields"], 0)
    counts["list-of-enum values"] = 0
    operations: set[Any] = set()
    fields: set[tuple[Any, str]] = set()
    skipped: list[str] = []
    problems: list[str] = []
    list_problems: list[str] = []
    list_fields: set[tuple[Any, str]] = set()
    walked = {(p.operation.method, p.operation.host, p.operation.path) for p in compared_paths()}
    for recorded in recorded_responses():
        where = f"{recorded.cassette}#{recorded.index} {recorded.method} {recorded.url}"
        key = match_request(recorded.method, recorded.url)
        assert key is not None, f"{where}: no operation of ours"
        op = ops[key]
        if recorded.status == 204 or not recorded.body.strip():
            skipped.append(f"{where}: no content")
            continue
        if recorded.url == "https://preview-iam.twilio.com/v1/token" and key not in official:
            skipped.append(f"{where}: OAuth token (the official library has no instance)")
            continue
        binding = official.get(key)
        if binding is None and key in walked:
            skipped.append(f"{where}: the official method returns no instance")
            continue
        if binding is None:
            skipped.append(f"{where}: not on a compared path of the official library")
            continue
        ours_cls = our_record_class(op)
        assert ours_cls is not None, f"{where}: no model of ours"
        counts["interactions"] += 1
        operations.add(key)
        wire_to_official = official_payload_fields(binding.instance)
        for payload in _records(op, json.loads(recorded.body)):
            counts["records"] += 1
            ours = ours_cls.from_dict(payload)
            theirs = official_instance(binding, payload)
            for attribute, wire, _ in ours_cls._FIELDS:
                value = getattr(ours, attribute)
                if not _is_enum(value):
                    continue
                official_name = wire_to_official.get(wire)
                if official_name is None:
                    problems.append(f"{where}: {wire!r} is not read by {binding.instance}")
                    continue
                differences = _differences(where, wire, value, getattr(theirs, official_name))
                if isinstance(value, list):
                    list_fields.add((key, wire))
                    counts["list-of-enum values"] += 1
                    list_problems += differences
                else:
                    fields.add((key, wire))
                    counts["enum values"] += 1
                    problems += differences
    counts["operations"] = len(operations)
    counts["fields"] = len(fields)
    counts["list-of-enum fields"] = len(list_fields)
    return counts, skipped, problems, list_problems


def _is_enum(value: Any) -> bool:
    if isinstance(value, list):
        return any(isinstance(v, enum.Enum) for v in value)
    return isinstance(value, enum.Enum)


def _differences(where: str, wire: str, ours: Any, theirs: Any) -> list[str]:
    found = []
    if str(ours) != str(theirs):
        found.append(f"{where} {wire}: str {str(ours)!r} != {str(theirs)!r}")
    if f"{ours}" != f"{theirs}":
        found.append(f"{where} {wire}: f-string {ours!r} != {theirs!r}")
    if not (ours == theirs):
        found.append(f"{where} {wire}: == {ours!r} != {theirs!r}")
    return found


def test_every_enum_field_of_every_recorded_response_prints_as_the_official() -> None:
    counts, skipped, problems, _ = _compare_enums()
    print(f"compared: {counts}; skipped {len(skipped)}")
    for line in skipped:
        print("  skipped:", line)
    # Not an empty loop: every cassette's operations with an official instance were read.
    assert counts["operations"] > 1000 and counts["enum values"] > 1000, counts
    # A skip is only a response without a body or an operation the official library does not
    # build an instance for (checked here, not assumed).
    for line in skipped:
        assert line.endswith(
            (
                "no content",
                "the official method returns no instance",
                "not on a compared path of the official library",
                "(the official library has no instance)",
            )
        ), line
    assert not problems, f"{len(problems)} differences:\n" + "\n".join(problems[:40])


def test_every_list_of_enums_prints_as_the_official() -> None:
    counts, _, _, problems = _compare_enums()
    assert counts["list-of-enum fields"] > 10, counts
    assert not problems, f"{len(problems)} differences:\n" + "\n".join(problems[:40])


# --------------------------------------------------------------------------- 2. attribute names


@cache
def _instance_pairs() -> list[tuple[Any, OfficialBinding, type]]:
    """(operation key, official binding, our record class) of every official instance class."""
    ops = our_operations()
    pairs = []
    for key, binding in sorted(official_instances().items()):
        if key in NO_BODY_IN_SPEC:
            continue
        ours = our_record_class(ops[key])
        assert ours is not None, f"{key}: the official {binding.instance} but no record of ours"
        pairs.append((key, binding, ours))
    return pairs


def _our_name(official: str) -> str:
    """Our attribute for an official one: the same, but the official `_from` (calls,
    chat messages, …; `from_` elsewhere) is our `from_`, the one renaming a keyword needs."""
    return "from_" if official == "_from" else official


@cache
def _attribute_check() -> tuple[int, set[type], list[str], list[str]]:
    """(attributes checked, official classes, missing on ours, outside our spec's model)."""
    classes: set[type] = set()
    checked = 0
    missing: list[str] = []
    outside: list[str] = []
    for key, binding, ours in _instance_pairs():
        classes.add(binding.instance)
        official = official_payload_fields(binding.instance)
        assert official, f"{binding.instance}: no attribute read from the payload"
        # A record parsed from a payload with every official wire key: each official attribute
        # must be readable, a field or a property (an alias such as `type_` does not count).
        record = ours.from_dict(dict.fromkeys(official, None))
        fields = {row[0]: row[1] for row in ours._FIELDS}
        for wire, name in sorted(official.items()):
            checked += 1
            mine = _our_name(name)
            declared = mine in fields or isinstance(
                inspect.getattr_static(ours, mine, None), property
            )
            try:
                getattr(record, mine)
            except AttributeError:
                declared = False
            where = f"{key} {binding.instance.__name__}.{name} ({wire!r}) on {ours.__name__}"
            if declared:
                if mine in fields and fields[mine] != wire:
                    missing.append(f"{where}: ours reads {fields[mine]!r}")
            elif wire in fields.values():
                missing.append(f"{where}: ours names it otherwise")
            else:  # a field our vendored spec's schema of this response does not have
                outside.append(where)
    return checked, classes, missing, outside


def test_every_official_instance_attribute_is_readable_on_our_record() -> None:
    checked, classes, missing, outside = _attribute_check()
    print(f"official instance classes: {len(classes)}; operations: {len(_instance_pairs())}")
    print(f"attributes checked: {checked}; fields not in our spec's model: {len(outside)}")
    for line in outside:
        print("  not in our spec:", line)
    assert len(classes) > 500 and checked > 10_000, (len(classes), checked)
    assert not missing, f"{len(missing)} missing:\n" + "\n".join(missing[:40])


def test_every_official_instance_has_a_record_of_ours() -> None:
    ops = our_operations()
    for key in sorted(official_instances()):
        if key in NO_BODY_IN_SPEC:
            assert ops[key].parse.__name__ == "no_content", key
            continue
        assert our_record_class(ops[key]) is not None, key


def test_only_keywords_are_renamed() -> None:
    """The official names are the wire names snake-cased; a trailing `_` only for keywords."""
    import keyword

    renamed = {
        name
        for _, binding, _ in _instance_pairs()
        for name in official_payload_fields(binding.instance).values()
        if name.endswith("_")
    }
    assert renamed and all(keyword.iskeyword(n[:-1]) for n in renamed), renamed


# --------------------------------------------------------------------------- 3. instance variants


def _official_instance_methods(cls: type) -> dict[str, list[inspect.Parameter]]:
    found = {}
    for base in INSTANCE_METHODS:
        for suffix in SUFFIXES:
            func = vars(cls).get(base + suffix)
            if callable(func):
                params = list(inspect.signature(func).parameters.values())[1:]
                found[base + suffix] = [p for p in params if p.kind is not p.VAR_KEYWORD]
    return found


def _our_instance_class(key: Any) -> type | None:
    instance = our_operations()[key].instance
    return instance.cls if instance is not None else None


@cache
def _method_check() -> tuple[int, list[str], list[str], list[str]]:
    """(methods checked, problems, operations whose records have no instance methods,
    official methods of operations our spec does not have)."""
    checked = 0
    problems: list[str] = []
    unbound: list[str] = []
    outside: list[str] = []
    for key, binding, _ in _instance_pairs():
        methods = _official_instance_methods(binding.instance)
        if not methods:
            continue
        instance = our_operations()[key].instance
        if instance is None:
            unbound.append(f"{key}: {binding.instance.__name__} {sorted(methods)}")
            continue
        ours = instance.cls
        for name, official in methods.items():
            method = getattr(ours, name, None)
            if method is None:
                base = name.split("_")[0]
                if getattr(instance.item, base, None) is None:  # nor on our context: drift
                    outside.append(f"{key}: {binding.instance.__name__}.{name}")
                else:
                    problems.append(f"{key}: {ours.__name__}.{name} missing")
                continue
            checked += 1
            found = outside if binding.instance.__name__ in KNOWN_DRIFT else problems
            params = list(inspect.signature(method).parameters.values())[1:]
            names = [p.name for p in params]
            missing = [p.name for p in official if p.name not in names]
            if missing and not any(p.kind is p.VAR_KEYWORD for p in params):
                found.append(f"{ours.__name__}.{name}: keywords not accepted {missing}")
            positional = [p.name for p in params if p.kind is p.POSITIONAL_OR_KEYWORD]
            official_positional = [p.name for p in official if p.kind is p.POSITIONAL_OR_KEYWORD]
            if positional[: len(official_positional)] != official_positional:
                found.append(
                    f"{ours.__name__}.{name}: positional {positional} != {official_positional}"
                )
    return checked, problems, unbound, outside


def test_every_official_instance_method_and_variant_is_on_our_instance() -> None:
    checked, problems, _, outside = _method_check()
    print(f"official instance methods checked on our instances: {checked}")
    for line in outside:
        print("  not in our spec:", line)
    assert checked > 5000, checked
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:40])


def test_every_record_with_official_instance_methods_has_them() -> None:
    _, _, unbound, _ = _method_check()
    assert not unbound, f"{len(unbound)} operations:\n" + "\n".join(unbound)


@cache
def _sample() -> list[tuple[Any, Any]]:
    """Per domain (the operation's host), up to three context paths whose official
    instance offers the method (`fetch`, `update`, `delete`, a singleton's `create`), with the
    operation whose record is bound (a `delete` returns no record: its `fetch`'s)."""
    instances = official_instances()
    by_domain: dict[str, list[Any]] = {}
    for path in compared_paths():
        op = path.operation
        assert op is not None
        key = (op.method, op.host, op.path)
        if key not in instances and path.method == "delete":
            key = ("GET", op.host, op.path)
        binding = instances.get(key)
        if binding is None or path.method not in _official_instance_methods(binding.instance):
            continue
        if _our_instance_class(key) is None:
            continue
        by_domain.setdefault(op.host, []).append((path, key))
    return [item for items in by_domain.values() for item in items[:3]]


def _domains() -> list[str]:
    return sorted({p.operation.host for p, _ in _sample()})


def _send(func: Any, args: list[Any], sent: list[Wire]) -> Wire:
    before = len(sent)
    try:
        result = func(*args)
        if inspect.isawaitable(result):
            asyncio.run(_await(result))
    except Sent:
        pass
    assert len(sent) == before + 1, "one request"
    return sent[before]


async def _await(result: Any) -> Any:
    return await result


def _bound_record(context: Any, key: Any) -> Any:
    """A record of the context's operation, bound as a client call binds it."""
    op = our_operations()[key]
    binding = op.instance
    assert binding is not None
    values = context._params[binding.parent_count :]
    payload = {}
    wires = {a: w for a, w, _ in binding.cls._FIELDS}
    for field, value in zip(binding.fields, values, strict=True):
        payload[wires[field]] = value
    return binding.parse_record(context, payload)


def test_the_sample_covers_every_domain() -> None:
    domains = _domains()  # hosts: one per product
    # Every host with an official instance that has instance methods (oauth.twilio.com's
    # token has none).
    official = sorted(
        {
            key[1]
            for key, binding in official_instances().items()
            if _official_instance_methods(binding.instance)
        }
    )
    assert domains == official, set(official) - set(domains)


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_a_records_variant_sends_its_contexts_request(suffix: str) -> None:
    checked = 0
    problems = []
    for path, key in _sample():
        sent: list[Wire] = []
        oauth = path.operation is not None and path.operation.oauth
        client, _ = _our_clients(sent, oauth=oauth)
        base = _navigate(client, path, by_keyword=True)
        context = base.__self__
        record = _bound_record(context, key)
        args = _our_args(path)
        expected = _send(base, args, sent)
        got = _send(getattr(record, path.method + suffix), args, sent)
        checked += 1
        if got != expected:
            problems.append(f"{path.name}{suffix}: {got} != {expected}")
    print(f"{suffix or 'base'}: {checked} record calls over {len(_domains())} hosts")
    assert checked >= len(_domains()) > 30, checked
    assert not problems, "\n".join(problems[:20])
