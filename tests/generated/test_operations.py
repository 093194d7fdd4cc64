"""Every spec operation, replayed offline from its recorded Prism exchanges.

For each entry of operations.json: walk its call chain from the public `Client` and call it
twice, first with the arguments `operation_cases.py` synthesises from the spec (required ones
and a sample), then with every parameter. Each call replays the cassette recorded by
`record_operations.py` (vcrpy, record_mode="none", matching method, scheme, host, path, query
and body, compressed bodies compared decompressed, so the SDK must send exactly the request
Prism accepted), and the request the SDK sent is checked on the wire against the spec
(`check_wire`: exact key case, lists as repeated keys, objects as JSON strings, prefixed maps
as `Prefix.key`, headers as given, bodies compressed as declared), since Prism accepts some
wrong requests. Then the response must have parsed into the expected type, with `to_dict()`
giving back every field of the recorded response (dates compared as instants).

`test_every_spec_parameter_has_a_keyword` shows that every parameter of the spec can be
passed to our generated methods (by keyword; path parameters along the call chain).

An operation without a recorded exchange (Prism rejected the request, or the recorder could
not call it) fails here; the only exceptions are listed in `KNOWN_PRISM_OR_SPEC_FAULTS` and
`KNOWN_SDK_GAPS`, each a strict xfail with its reason (both empty).
"""

from __future__ import annotations

import collections
import contextlib
import datetime as dt
import enum
import importlib
import inspect
import json
import re
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import parse_qsl

import httpx
import operation_cases as oc
import pytest
from vcr.cassette import Cassette
from vcr.patch import CassettePatcherBuilder

from twilio_sdk._models import Model
from twilio_sdk._pagination import Page

# operation id (`spec:METHOD path`) -> why the mock or the spec, not the SDK, is at fault.
# Every entry is a strict xfail: once it passes, it must be removed from here.
KNOWN_PRISM_OR_SPEC_FAULTS: dict[str, str] = {}

# Operations the SDK cannot call correctly yet (strict xfails, as above).
KNOWN_SDK_GAPS: dict[str, str] = {}


def _params() -> list[Any]:
    params = []
    for op in oc.OPERATIONS:
        name = oc.op_id(op)
        marks = []
        reason = KNOWN_PRISM_OR_SPEC_FAULTS.get(name) or KNOWN_SDK_GAPS.get(name)
        if reason:
            marks.append(pytest.mark.xfail(strict=True, reason=reason))
        params.append(pytest.param(op, id=name, marks=marks))
    return params


def test_every_spec_operation_is_listed() -> None:
    assert len(oc.OPERATIONS) == oc.spec_operation_count()
    assert len({oc.op_id(op) for op in oc.OPERATIONS}) == len(oc.OPERATIONS)


def test_every_spec_parameter_has_a_keyword() -> None:
    """Every request parameter of every operation can be passed to our generated method:
    query and header parameters, form fields, JSON bodies and a list's paging parameters by
    keyword (the call with every parameter is built from the method's own signature), path
    parameters along the call chain. The one exception is an `Authorization` header parameter
    (Flex Insights): the client's own credentials fill it."""
    client = oc.make_client(httpx.Client())
    missing: list[str] = []
    checked = 0
    for op in oc.OPERATIONS:
        name = oc.op_id(op)
        declared = {
            (where, wire)
            for where, wire in oc.spec_request_parameters(op)
            if not (where == "header" and wire.lower() == "authorization")
        }
        try:
            _, case = oc.resolve_target(client, op, full=True)
        except LookupError as exc:
            missing.append(str(exc))
            continue
        missing += [f"{name}: {where} {wire}" for where, wire in sorted(declared - case.covered)]
        chain = set(re.findall(r"[(,]\s*([^(),\s]+)", op["call"]))
        path = set(re.findall(r"\{([^}]+)\}", op["path"]))
        missing += [f"{name}: path {p} not in {op['call']}" for p in sorted(path - chain)]
        checked += len(declared) + len(path)
    assert not missing, f"{len(missing)} spec parameters without a keyword: {missing[:20]}"
    assert checked > 7_000  # 7,465 parameters of 1,695 operations: not an empty loop


@pytest.fixture(scope="module")
def replay() -> Any:
    return oc.make_vcr("none")


@pytest.mark.parametrize("op", _params())
def test_operation(op: dict[str, Any], replay: Any) -> None:
    """Both recorded calls of `op`: the first (required parameters and a sample of the
    optional ones), then the second with every parameter; each replayed, its sent request
    inspected on the wire, its response parsed."""
    cassette = oc.cassette_path(op["spec"])
    assert cassette.exists(), f"no cassette {cassette.name}: run `nox -s record`"
    tape = _loaded_cassette(replay, str(cassette))
    tape.play_counts = collections.Counter()
    sent: list[httpx.Request] = []  # as sent by the SDK (cassettes filter Authorization)

    with (
        contextlib.ExitStack() as stack,
        httpx.Client(event_hooks={"request": [sent.append]}) as http,
    ):
        for patcher in CassettePatcherBuilder(tape).build():
            stack.enter_context(patcher)
        client = oc.make_client(http, op)  # one client for both calls, as recorded
        declared = _declares_model(oc.resolve_target(client, op)[0])
        for full in (False, True):
            before_sent, before_played = len(sent), _played(tape)
            result, case = oc.invoke(client, op, full=full)
            played = [i for i in _played(tape) if i not in before_played]
            _check_call(op, tape, case, result, sent[before_sent:], played, declared)


def _played(tape: Any) -> list[int]:
    return sorted(i for i, count in tape.play_counts.items() if count)


def _check_call(
    op: dict[str, Any],
    tape: Any,
    case: oc.Case,
    result: Any,
    sent: list[httpx.Request],
    played: list[int],
    declared: bool,
) -> None:
    authorization = [request.headers.get("Authorization") for request in sent]
    if op["auth"] == "oauth" and len(played) == 2:  # a token request first, unauthenticated
        token_request, token_response = tape.data[played[0]]
        assert token_request.path == "/v1/token"
        assert authorization[0] is None
        token = json.loads(token_response["body"]["string"])["access_token"]
        assert authorization[1:] == [f"Bearer {token}"]
        played, sent = played[1:], sent[1:]
    elif op["auth"] == "oauth":  # the second call reuses the token the first obtained
        assert case.full, f"the first call made no token request: replayed {played}"
        assert len(authorization) == 1 and (authorization[0] or "").startswith("Bearer ")
    else:
        assert authorization == [oc.basic_authorization()]
    assert len(played) == 1, f"expected one request, replayed {len(played)}"
    assert len(sent) == 1, f"expected one request, sent {len(sent)}"
    check_wire(case, sent[0])
    # Header parameters: as in the exchange Prism validated.
    recorded_headers = {k.lower(): v for k, v in tape.data[played[0]][0].headers.items()}
    for name in case.headers:
        value = recorded_headers.get(name.lower())
        value = value[0] if isinstance(value, list) else value
        assert sent[0].headers.get(name) == value, f"header {name}: recorded {value!r}"
    response = tape.data[played[0]][1]
    body = response["body"]["string"]
    if isinstance(body, bytes):
        body = body.decode()
    status = response["status"]["code"]

    if case.paged:
        assert isinstance(result, Page), type(result)
        envelope = json.loads(body)
        items = _items(envelope)
        assert len(result.records) == len(items)
        for record, item in zip(result.records, items, strict=True):
            _assert_parsed(record, item, declared)
        return
    if status == 204 or not body.strip():
        assert result is True, f"no-content response parsed as {result!r}"
        return
    _assert_parsed(result, json.loads(body), declared)


# --------------------------------------------------------------------------- the wire
# What Twilio reads, from the spec and the architecture's form rules, written here
# independently of the SDK's encoders: PascalCase keys exactly as the spec spells them, lists
# as repeated keys in order, booleans `true`/`false`, datetimes ISO-8601 UTC with `Z`, dates
# `YYYY-MM-DD`, object parameters as their JSON string, a `prefixed-collapsible-map-<P>`
# parameter as `P.<key>=<value>` pairs (nested keys joined with dots), header parameters as
# given, a JSON body as given (decompressed first when a Content-Encoding is declared).


def _wire_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    if isinstance(value, enum.Enum):
        return str(value.value)
    return str(value)


def _flattened(prefix: str, value: dict[str, Any]) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for key, item in value.items():
        if isinstance(item, dict):
            pairs.extend(_flattened(f"{prefix}.{key}", item))
        else:
            pairs.append((f"{prefix}.{key}", str(item)))
    return pairs


def _is_array(schema: dict[str, Any]) -> bool:
    kind = schema.get("type")
    return kind == "array" or (isinstance(kind, list) and "array" in kind)


def expected_pairs(given: oc.Sent) -> list[tuple[str, str]]:
    """The wire pairs one argument must become."""
    fmt = str(given.schema.get("format") or "")
    if fmt.startswith(oc.MAP_FORMAT):
        return _flattened(fmt.removeprefix(oc.MAP_FORMAT), given.value)
    if _is_array(given.schema) and isinstance(given.value, list):
        return [(given.wire, _wire_text(item)) for item in given.value]
    return [(given.wire, _wire_text(given.value))]


def _by_key(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Pairs grouped by key (a stable sort: repeated keys keep their order)."""
    return sorted(pairs, key=lambda pair: pair[0])


def _expected(case: oc.Case, where: str) -> list[tuple[str, str]]:
    return _by_key([pair for s in case.sent if s.where == where for pair in expected_pairs(s)])


def check_wire(case: oc.Case, request: httpx.Request) -> None:
    """The request the SDK sent carries every argument of `case` as Twilio reads it, and
    nothing else: query string, form or JSON body, header parameters, body compression."""
    query = parse_qsl(request.url.query.decode("ascii"), keep_blank_values=True)
    assert _by_key(query) == _expected(case, "query"), "query string"

    for given in (s for s in case.sent if s.where == "header"):
        values = request.headers.get_list(given.wire)
        assert values == [_wire_text(given.value)], f"header {given.wire}: sent {values}"

    coding = request.headers.get("Content-Encoding")
    if coding is not None:
        # A Content-Encoding header parameter announces a compressed body: it must be one.
        assert coding in oc.CONTENT_CODINGS, coding
        assert request.content, "an empty body declared compressed"
    try:
        body = oc.decode_body(request.content, coding)
    except ValueError as exc:
        raise AssertionError(f"Content-Encoding: {coding}, but {exc}") from None
    content_type = request.headers.get("Content-Type", "")
    if case.form_body:
        assert content_type == "application/x-www-form-urlencoded", content_type
        form = parse_qsl(body.decode("ascii"), keep_blank_values=True)
        assert _by_key(form) == _expected(case, "form"), "form body"
    elif case.body is not oc.NO_BODY:
        assert content_type == case.body_media, content_type
        assert json.loads(body) == case.body, "JSON body"
    else:
        assert body == b"", f"unexpected body {body[:200]!r}"


def _declares_model(method: Any) -> bool:
    """Whether the generated method's (record) type names a model; free-form schemas (a bare
    `object`, a list of IDs) are declared as JSON and returned as JSON."""
    annotation = str(inspect.signature(method).return_annotation)
    names = re.findall(r"\b[A-Z]\w+", annotation.replace("_pagination.Page", "").replace("Any", ""))
    # Resources import their models for type checking only; look names up in the version's
    # models package (which imports each on access).
    # Instance classes (`AccountsMessagesInstance`) live beside the resource itself.
    models = importlib.import_module(f"{method.__globals__['__package__']}.models")
    found = [method.__globals__.get(n) or getattr(models, n, None) for n in names]
    return any(isinstance(m, type) and issubclass(m, Model) for m in found)


def _assert_parsed(value: Any, expected: Any, declared_model: bool) -> None:
    if declared_model:
        assert isinstance(value, Model), f"{type(value).__name__} is not a Model"
        _assert_same(value.to_dict(), expected)
    else:
        assert not isinstance(value, Model)
        assert _normalise(value) == _normalise(expected)


_CASSETTES: dict[str, Any] = {}


def _loaded_cassette(replay: Any, path: str) -> Any:
    """Each spec's cassette is loaded once and replayed per test (play counts reset): loading
    it for each of its operations made the suite several times slower."""
    if path not in _CASSETTES:
        context = replay.use_cassette(path)
        kwargs = {
            k: v
            for k, v in context._args_getter().items()
            if k not in context._non_cassette_arguments
        }
        _CASSETTES[path] = Cassette.load(**kwargs)
    return _CASSETTES[path]


def _items(envelope: dict[str, Any]) -> list[Any]:
    meta = envelope.get("meta")
    if isinstance(meta, dict) and meta.get("key") in envelope:
        return envelope[meta["key"]]
    lists = [k for k, v in envelope.items() if isinstance(v, list)]
    assert len(lists) == 1, f"cannot tell the records of the envelope apart: {lists}"
    return envelope[lists[0]]


_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$")
_RFC2822 = re.compile(r"^[A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$")


def _instant(value: str) -> dt.datetime | None:
    try:
        if _ISO.match(value):
            parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        elif _RFC2822.match(value):
            parsed = parsedate_to_datetime(value)
        else:
            return None
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC)


def _normalise(value: Any) -> Any:
    """Dates (ISO or RFC 2822, date-only = midnight UTC) become UTC datetimes."""
    if isinstance(value, dict):
        return {k: _normalise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    if isinstance(value, str):
        instant = _instant(value)
        return instant if instant is not None else value
    return value


def _assert_same(actual: dict[str, Any], expected: Any) -> None:
    assert isinstance(expected, dict), f"recorded response is not an object: {expected!r}"
    lost = sorted(set(expected) - set(actual))
    assert not lost, f"fields lost by to_dict(): {lost}"
    added = sorted(set(actual) - set(expected))
    assert not added, f"fields invented by to_dict(): {added}"
    assert _normalise(actual) == _normalise(expected)
