"""The values the types accept (tests/typing_cases/docs_calls.py, type-checked by nox -s typecheck)
encode as the official library sends them, and Twilio's fake takes them."""

from __future__ import annotations

import asyncio
import datetime as dt
import importlib
import json
import logging
import types
from pathlib import Path
from typing import Any

import httpx
import pytest
import requests
from twilio.base import serialize as official
from twilio.base.page import Page
from twilio.http import AsyncHttpClient, HttpClient
from twilio.http.response import Response as OfficialResponse
from twilio.rest import Client as OfficialClient
from typing_cases import twiml as twiml_cases
from typing_cases.docs_calls import CALLS

from twilio_sdk._encoding import encode_bool, encode_date, encode_datetime, encode_int, encode_str
from twilio_sdk.testing import FakeTwilio


@pytest.mark.parametrize("call", CALLS, ids=lambda c: c.__name__)
def test_each_kind_of_docs_call_runs_against_the_fake(call: object) -> None:
    fake = FakeTwilio()
    call(fake.client())  # type: ignore[operator]
    assert fake.requests  # it reached the fake, accepted


def test_the_accepted_values_go_on_the_wire_as_the_official_library_sends_them() -> None:
    day = dt.date(2016, 8, 31)
    assert encode_datetime(day) == official.iso8601_datetime(day)
    assert encode_date("2012-09-01") == official.iso8601_date("2012-09-01")
    assert encode_int("510") == "510" == "510"
    assert encode_bool("True") == official.boolean_to_string("True") == "true"
    # a string parameter given an integer (workers.list(available=1)), as requests form-encodes it
    assert encode_str(1) == str(1) == "1"
    assert encode_str(True) == str(True)


def test_a_date_filter_given_a_date_sends_that_day() -> None:
    fake = FakeTwilio()
    fake.client().messages.list(date_sent=dt.date(2016, 8, 31), limit=1)
    sent = fake.requests[-1].params["DateSent"]
    assert sent == official.iso8601_datetime(dt.date(2016, 8, 31))


@pytest.mark.parametrize("value", ["abc", "1.5", ""])
def test_a_string_that_is_no_integer_is_refused_naming_the_parameter(value: str) -> None:
    with pytest.raises(ValueError, match="area_code"):
        FakeTwilio().client().available_phone_numbers("US").local.list(area_code=value)


# --------------------------------------------------------------------------- usage files
# Each usage file of tests/typing_cases runs on both libraries, each against its own
# FakeTwilio (same seed, fixed clock, so the same SIDs come back): the official library runs
# the file's source with the imports swapped back (the README's migration table, reversed),
# and every request it sends must be the one ours sends.

NOW = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
CASES = Path(__file__).resolve().parents[1] / "typing_cases"
OFFICIAL_IMPORTS = {
    "from twilio_sdk import Client": "from twilio.rest import Client",
    "from twilio_sdk import AsyncClient, Client": "from twilio.rest import Client",
    "from twilio_sdk.twiml.": "from twilio.twiml.",
    # The official model takes its payload as one dict; ours takes keywords.
    "from twilio_sdk_generated.content.v1.models import ContentCreateRequest": (
        "from twilio.rest.content.v1.content import ContentList\n"
        "def ContentCreateRequest(**fields):\n"
        "    return ContentList.ContentCreateRequest(fields)"
    ),
}


def official_module(name: str) -> types.ModuleType:
    """The usage file ``name`` with the official library's imports."""
    source = (CASES / f"{name}.py").read_text(encoding="utf-8")
    for ours, theirs in OFFICIAL_IMPORTS.items():
        source = source.replace(ours, theirs)
    assert "twilio_sdk" not in source, "an import the table does not swap"
    module = types.ModuleType(f"official_{name}")
    exec(compile(source, f"official/{name}.py", "exec"), module.__dict__)  # noqa: S102
    return module


def _official_request(fake: FakeTwilio, method: str, url: str, **kwargs: Any) -> OfficialResponse:
    headers = dict(kwargs.get("headers") or {})
    data = kwargs.get("data")
    if isinstance(data, dict) and "json" in headers.get("Content-Type", ""):
        data = json.dumps(data)
    prepared = requests.Request(
        method.upper(),
        url,
        params=kwargs.get("params"),
        data=data,
        headers=headers,
        auth=kwargs.get("auth"),
    ).prepare()
    request = httpx.Request(
        prepared.method or "",
        prepared.url or "",
        headers=dict(prepared.headers),
        content=prepared.body or b"",
    )
    answer = fake.handle_request(request)
    return OfficialResponse(answer.status_code, answer.text, answer.headers)


class OfficialOnFake(HttpClient):
    """The official library's HTTP client, answered by a FakeTwilio."""

    def __init__(self, fake: FakeTwilio) -> None:
        super().__init__(logging.getLogger("official-on-fake"), False)
        self.fake = fake

    def request(self, method: str, url: str, **kwargs: Any) -> OfficialResponse:  # type: ignore[override]
        return _official_request(self.fake, method, url, **kwargs)


class AsyncOfficialOnFake(AsyncHttpClient):
    def __init__(self, fake: FakeTwilio) -> None:
        super().__init__(logging.getLogger("official-on-fake"), True)
        self.fake = fake

    async def request(self, method: str, url: str, **kwargs: Any) -> OfficialResponse:  # type: ignore[override]
        return _official_request(self.fake, method, url, **kwargs)


class JsonBody(dict[str, Any]):
    """A dict the official library sends as a JSON body (it calls the model's `to_dict()`)."""

    def to_dict(self) -> dict[str, Any]:
        return dict(self)


class DictBodies:
    """An official object whose calls take JSON bodies as dicts, as ours do."""

    def __init__(self, target: Any) -> None:
        self._target = target

    def __getattr__(self, name: str) -> Any:
        return _wrapped(getattr(self._target, name))

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        args = tuple(JsonBody(a) if type(a) is dict else a for a in args)
        return _wrapped(self._target(*args, **kwargs))


def _wrapped(value: Any) -> Any:
    official = type(value).__module__.startswith("twilio.") and not isinstance(value, Page)
    return DictBodies(value) if official or callable(value) else value


def wire(fake: FakeTwilio) -> list[tuple[Any, ...]]:
    """The requests a fake received, as Twilio reads them (query and form by wire name)."""
    return [
        (r.method, r.url.split("?")[0], sorted(r.params.items()), r.json, r.status)
        for r in fake.requests
    ]


def _fakes() -> tuple[FakeTwilio, FakeTwilio]:
    return FakeTwilio(seed=21, now=NOW), FakeTwilio(seed=21, now=NOW)


def _official_client(fake: FakeTwilio, *, asynchronous: bool = False) -> Any:
    http = AsyncOfficialOnFake(fake) if asynchronous else OfficialOnFake(fake)
    return OfficialClient(fake.account_sid, fake.auth_token, http_client=http)


SYNC_FILES = ("docs_calls", "messaging", "voice", "verify", "conversations", "paging")
SYNC_CASES = [
    (name, call.__name__)
    for name in SYNC_FILES
    for call in importlib.import_module(f"typing_cases.{name}").CALLS
]


@pytest.mark.parametrize(("name", "call"), SYNC_CASES, ids=lambda v: str(v))
def test_a_usage_file_sends_what_the_official_library_sends(name: str, call: str) -> None:
    ours, theirs = _fakes()
    getattr(importlib.import_module(f"typing_cases.{name}"), call)(ours.client())
    getattr(official_module(name), call)(DictBodies(_official_client(theirs)))
    assert wire(ours) == wire(theirs)
    assert all(r.status < 400 for r in ours.requests), wire(ours)


def test_the_async_usage_sends_what_the_official_async_methods_send() -> None:
    # AsyncClient has no official counterpart: it must send what `Client.*_async` sends on
    # both libraries.
    module = importlib.import_module("typing_cases.async_calls")
    on_async, on_client, theirs = FakeTwilio(seed=21, now=NOW), *_fakes()

    async def run() -> None:
        async with on_async.async_client() as client:
            await module.with_async_client(client)
        async with on_client.client() as client:
            await module.with_client_async(client)
        await official_module("async_calls").with_client_async(
            _official_client(theirs, asynchronous=True)
        )

    asyncio.run(run())
    assert wire(on_async) == wire(on_client) == wire(theirs)
    assert all(r.status < 400 for r in on_async.requests), wire(on_async)


@pytest.mark.parametrize("document", twiml_cases.DOCUMENTS, ids=lambda d: d.__name__)
def test_a_twiml_usage_renders_what_the_official_library_renders(document: Any) -> None:
    official = getattr(official_module("twiml"), document.__name__)()
    assert document() == official
