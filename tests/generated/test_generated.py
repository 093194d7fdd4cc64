"""The generated package: coverage of the spec, call chains, serialisation, parsing, laziness."""

from __future__ import annotations

import base64
import inspect
import json
import re
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx
import pytest
import twilio_sdk_generated

from twilio_sdk import AsyncClient, Client, Model, OrgsCredentialProvider, _domain
from twilio_sdk import _models as rt

ROOT = Path(__file__).resolve().parents[2]
OPERATIONS = json.loads(
    (Path(twilio_sdk_generated.__file__).parent / "operations.json").read_text(encoding="utf-8")
)
ACCOUNT = "AC" + "a" * 32


def spec_operations() -> set[tuple[str, str, str]]:
    found = set()
    for path in sorted((ROOT / "spec").glob("twilio_*.json")):
        for api_path, item in json.loads(path.read_text(encoding="utf-8"))["paths"].items():
            for method in ("get", "post", "put", "patch", "delete"):
                if method in item:
                    found.add((path.name, method.upper(), api_path))
    return found


def test_every_spec_operation_is_in_the_operations_table() -> None:
    table = {(op["spec"], op["method"], op["path"]) for op in OPERATIONS}
    assert len(OPERATIONS) == len(table) == len(spec_operations())
    assert table == spec_operations()


def walk(client: Any, call: str) -> Any:
    """Follow `api.v2010.accounts(AccountSid).messages.create` on a client."""
    target = client
    for step in call.split("."):
        match = re.fullmatch(r"(\w+)((?:\([^)]*\))*)", step)
        assert match, step
        target = getattr(target, match.group(1))
        for group in re.findall(r"\(([^)]*)\)", match.group(2)):
            names = [n.strip() for n in group.split(",") if n.strip()]
            target = target(*[f"{n}-value" for n in names])
    return target


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op["operation_id"])
def test_call_chain_reaches_a_method_that_sends_the_operation(operation: dict[str, str]) -> None:
    sent: list[httpx.Request] = []
    token_url = "https://tokens.example.com/v1/token"

    def handler(request: httpx.Request) -> httpx.Response:
        if str(request.url) == token_url:
            return httpx.Response(200, json={"access_token": "org-token", "expires_in": 3600})
        sent.append(request)
        return httpx.Response(200, json={})

    # Operations whose spec security is OAuth-only get a client with a credential provider.
    oauth = operation["auth"] == "oauth"
    provider = OrgsCredentialProvider("client-id", "secret", token_url=token_url)
    client = Client(
        ACCOUNT,
        "token",
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
        max_retries=0,
        credential_provider=provider if oauth else None,
    )
    method = walk(client, operation["call"])
    signature = inspect.signature(method)
    required = {
        name: _dummy(param.annotation)
        for name, param in signature.parameters.items()
        if param.default is inspect.Parameter.empty
    }
    method(**required)
    assert len(sent) == 1
    request = sent[0]
    assert request.method == operation["method"]
    expected_path = re.sub(r"\{([^}]+)\}", lambda m: f"{m.group(1)}-value", operation["path"])
    assert request.url.path == expected_path
    basic = "Basic " + base64.b64encode(f"{ACCOUNT}:token".encode()).decode()
    assert request.headers["Authorization"] == ("Bearer org-token" if oauth else basic)


def _dummy(annotation: str) -> Any:
    kinds = annotation.split(" | ")
    first = kinds[0]
    if first.startswith(("Sequence", "list")):
        return [_dummy(annotation[annotation.index("[") + 1 : annotation.rindex("]")])]
    if first not in ("bool", "int", "float", "_dt.datetime", "_dt.date") and "str" in kinds:
        return "x"  # strings and enums (`CallEnumStatus | str`)
    if first == "bool":
        return True
    if first in ("int", "float"):
        return 1
    if first == "_dt.datetime":
        return datetime(2024, 1, 2, tzinfo=UTC)
    if first == "_dt.date":
        return date(2024, 1, 2)
    return {}  # models and free-form objects


# --------------------------------------------------------------------------- serialisation


def recording_client() -> tuple[Client, list[httpx.Request]]:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(201, json={"sid": "XX1"})

    transport = httpx.MockTransport(handler)
    return Client(ACCOUNT, "token", http_client=httpx.Client(transport=transport)), sent


def test_form_encoding_follows_the_spec() -> None:
    client, sent = recording_client()
    send_at = datetime(2024, 1, 2, 4, 4, 5, tzinfo=timezone(timedelta(hours=1)))
    client.messages.create(
        to="+15558675310",
        from_="+15017122661",
        media_url=["https://a/1", "https://a/2"],
        send_as_mms=True,
        send_at=send_at,
        validity_period=60,
    )
    pairs = httpx.QueryParams(sent[0].content.decode()).multi_items()
    # Spec order, lists as repeated keys, booleans lower-case, datetimes ISO-8601 in UTC.
    assert sorted(pairs) == sorted(
        [
            ("To", "+15558675310"),
            ("ValidityPeriod", "60"),
            ("SendAt", "2024-01-02T03:04:05Z"),
            ("SendAsMms", "true"),
            ("From", "+15017122661"),
            ("MediaUrl", "https://a/1"),
            ("MediaUrl", "https://a/2"),
        ]
    )
    assert [v for k, v in pairs if k == "MediaUrl"] == ["https://a/1", "https://a/2"]
    assert sent[0].headers["content-type"] == "application/x-www-form-urlencoded"


def test_object_params_travel_as_json_strings_and_dates_as_iso_dates() -> None:
    client, sent = recording_client()
    client.studio.v2.flows.create(friendly_name="f", status="draft", definition={"a": [1, True]})
    assert ("Definition", '{"a": [1, true]}') in httpx.QueryParams(
        sent[0].content.decode()
    ).multi_items()
    client.api.v2010.accounts(ACCOUNT).usage.records.list(start_date=date(2024, 1, 31), limit=1)
    assert sent[1].url.params["StartDate"] == "2024-01-31"


def test_inequality_filters_use_the_official_names() -> None:
    client, sent = recording_client()
    client.messages.page(date_sent_before=date(2024, 1, 2), date_sent_after=date(2023, 1, 2))
    # A date given for a date-time filter is midnight UTC, as the official library sends it.
    assert sent[0].url.params["DateSent<"] == "2024-01-02T00:00:00Z"
    assert sent[0].url.params["DateSent>"] == "2023-01-02T00:00:00Z"


def test_json_bodies_where_the_spec_says_application_json() -> None:
    client, sent = recording_client()
    signature = inspect.signature(client.content.v1.contents.create)
    (name,) = signature.parameters
    client.content.v1.contents.create(
        **{name: {"friendly_name": "x", "language": "en", "types": {}}}
    )
    assert sent[0].headers["content-type"].startswith("application/json")
    assert json.loads(sent[0].content) == {"friendly_name": "x", "language": "en", "types": {}}


# --------------------------------------------------------------------------- parsing


def test_rfc2822_and_iso_datetimes_become_datetimes() -> None:
    assert rt.parse_datetime("Thu, 30 Jul 2015 20:12:31 +0000") == datetime(
        2015, 7, 30, 20, 12, 31, tzinfo=UTC
    )
    assert rt.parse_datetime("2015-07-30T20:12:31Z") == datetime(
        2015, 7, 30, 20, 12, 31, tzinfo=UTC
    )


def test_unknown_fields_enum_values_and_nulls_never_raise_and_are_kept() -> None:
    from twilio_sdk_generated.api.v2010.models import ApiV2010AccountMessage, MessageEnumStatus

    payload = {
        "sid": "SM1",
        "status": "teleported",
        "date_created": "not a date",
        "date_sent": None,
        "brand_new": {"x": 1},
        "num_segments": "2",
    }
    message = ApiV2010AccountMessage.from_dict(payload)
    assert message.status == "teleported" and not isinstance(message.status, MessageEnumStatus)
    assert message.date_created == "not a date"
    assert message.date_sent is None
    assert message.additional_properties == {"brand_new": {"x": 1}}
    assert message["brand_new"] == {"x": 1}
    assert message.to_dict() == payload
    assert isinstance(message, Model)
    known = ApiV2010AccountMessage.from_dict({"status": "queued"})
    assert known.status is MessageEnumStatus.QUEUED


# --------------------------------------------------------------------------- laziness


def test_import_loads_no_domain_and_one_call_loads_only_its_own() -> None:
    code = """
import sys, httpx
import twilio_sdk
before = sorted(m for m in sys.modules if m.startswith("twilio_sdk_generated."))
client = twilio_sdk.Client("AC" + "a" * 32, "t", http_client=httpx.Client(
    transport=httpx.MockTransport(lambda r: httpx.Response(201, json={"sid": "SM1"}))))
client.messages.create(to="+1", body="x")
after = sorted(m for m in sys.modules if m.startswith("twilio_sdk_generated."))
print(before, after)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    before, after = out.stdout.strip().split("] [")
    assert before == "["  # the clients and their domain table load on first use
    # The messages resource, its models and the packages above them only: the account
    # shortcut does not load the Account resource or model.
    assert after == (
        "'twilio_sdk_generated._domains', 'twilio_sdk_generated.api', "
        "'twilio_sdk_generated.api.v2010', "
        "'twilio_sdk_generated.api.v2010._accounts_messages', "
        "'twilio_sdk_generated.api.v2010.models', "
        "'twilio_sdk_generated.api.v2010.models._accounts_messages', "
        "'twilio_sdk_generated.api.v2010.models._enums_accounts_messages']"
    )


@pytest.mark.parametrize("client_class", [Client, AsyncClient])
def test_every_account_shortcut_is_the_own_accounts_resource_built_once(
    client_class: type[Client] | type[AsyncClient],
) -> None:
    # Shortcuts build their resource directly (not through the Account resource): each must
    # be what `api.v2010.account.<name>` gives, same class and path parameters.
    client = client_class("AC" + "a" * 32, "t")
    names = [
        name
        for klass in type(client).__mro__
        for name, member in vars(klass).items()
        if isinstance(member, _domain.AccountShortcut)
    ]
    assert {"messages", "calls", "incoming_phone_numbers", "recordings"} <= set(names)
    own = client.api.v2010.account
    for name in names:
        shortcut, through_account = getattr(client, name), getattr(own, name)
        assert type(shortcut) is type(through_account), name
        assert shortcut._params == through_account._params == (client.account_sid,), name
        assert getattr(client, name) is shortcut, name  # built once per client
        assert f".{name}`" in (getattr(type(client), name).__doc__ or ""), name
    other = client.for_account("AC" + "b" * 32)
    assert other.messages._params == ("AC" + "b" * 32,)  # each client its own account
