"""Every spec operation, replayed offline from its recorded Prism exchange.

For each entry of operations.json: walk its call chain from the public `Client`, call it with
the arguments synthesised from the spec (`operation_cases.py`), replay the cassette recorded by
`record_operations.py` (vcrpy, record_mode="none", matching method, scheme, host, path, query
and body — so the SDK must send exactly the request Prism accepted), and check that the
response parsed into the expected type and that `to_dict()` gives back every field of the
recorded response (dates compared as instants, whatever their representation).

An operation without a recorded exchange (Prism rejected the request, or the recorder could
not call it) fails here; the only exceptions are listed in `KNOWN_PRISM_OR_SPEC_FAULTS` and
`KNOWN_SDK_GAPS`, each a strict xfail with its reason.
"""

from __future__ import annotations

import collections
import contextlib
import datetime as dt
import importlib
import inspect
import json
import re
from email.utils import parsedate_to_datetime
from typing import Any

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


@pytest.fixture(scope="module")
def replay() -> Any:
    return oc.make_vcr("none")


@pytest.mark.parametrize("op", _params())
def test_operation(op: dict[str, Any], replay: Any) -> None:
    cassette = oc.cassette_path(op["spec"])
    assert cassette.exists(), f"no cassette {cassette.name}: run `nox -s record`"
    tape = _loaded_cassette(replay, str(cassette))
    tape.play_counts = collections.Counter()
    sent: list[httpx.Headers] = []  # as sent by the SDK (cassettes filter Authorization)

    def log_headers(request: httpx.Request) -> None:
        sent.append(request.headers)

    with (
        contextlib.ExitStack() as stack,
        httpx.Client(event_hooks={"request": [log_headers]}) as http,
    ):
        for patcher in CassettePatcherBuilder(tape).build():
            stack.enter_context(patcher)
        client = oc.make_client(http, op)
        result, case = oc.invoke(client, op)
        declared = _declares_model(oc.resolve_target(client, op)[0])
        played = [i for i, count in tape.play_counts.items() if count]

    authorization = [headers.get("Authorization") for headers in sent]
    if op["auth"] == "oauth":  # first the provider's token request, unauthenticated
        assert len(played) == 2, f"expected a token request and the call, replayed {played}"
        token_request, token_response = tape.data[played[0]]
        assert token_request.path == "/v1/token"
        assert authorization[0] is None
        token = json.loads(token_response["body"]["string"])["access_token"]
        assert authorization[1:] == [f"Bearer {token}"]
        played = played[1:]
    else:
        assert authorization == [oc.basic_authorization()]
    assert len(played) == 1, f"expected one request, replayed {len(played)}"
    # Header parameters: sent, and as in the exchange Prism validated.
    recorded_headers = {k.lower(): v for k, v in tape.data[played[0]][0].headers.items()}
    for name in case.headers:
        value = recorded_headers.get(name.lower())
        value = value[0] if isinstance(value, list) else value
        assert sent[-1].get(name) is not None, f"header parameter {name} not sent"
        assert sent[-1].get(name) == value, f"header {name}: recorded {value!r}"
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
