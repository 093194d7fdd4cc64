"""The facade: same request on the wire as the official library, accounts, hosts, async, secrets."""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import json
import logging
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest
from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response as OfficialResponse
from twilio.rest import Client as OfficialClient

from twilio_sdk import AsyncClient, Client, CredentialsError

ACCOUNT = "AC" + "a" * 32
TOKEN = "secret-token-value"
Wire = tuple[
    str, str, str, list[tuple[str, str]], list[tuple[str, str]], str, list[tuple[str, str]]
]
# Headers that carry API meaning (media types, header parameters), compared as sent.
COMPARED_HEADERS = ("accept", "content-type", "if-match", "x-twilio-webhook-enabled")


def _wire(method: str, url: str, body: str, auth: str, headers: Any) -> Wire:
    parts = urlsplit(url)
    compared = {k.lower(): v for k, v in headers.items() if k.lower() in COMPARED_HEADERS}
    # Two deliberate differences: the official library labels bodiless requests as forms
    # and drops Accept from DELETE; we send neither label nor change (no effect on the API).
    if not body:
        compared.pop("content-type", None)
    if method == "DELETE":
        compared.pop("accept", None)
    return (
        method,
        parts.netloc,
        parts.path,
        sorted(parse_qsl(parts.query)),
        sorted(parse_qsl(body)),
        auth,
        sorted(compared.items()),
    )


class _CapturingOfficialHttp(TwilioHttpClient):
    """The official library's HTTP client, stopped before the network."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[Wire] = []

    def request(
        self,
        method: str,
        url: str,
        params: Any = None,
        data: Any = None,
        headers: Any = None,
        auth: Any = None,
        **kwargs: Any,
    ) -> OfficialResponse:
        import requests

        prepared = requests.Request(
            method.upper(), url, params=params, data=data, headers=headers, auth=auth
        ).prepare()
        body = prepared.body if isinstance(prepared.body, str) else (prepared.body or b"").decode()
        self.sent.append(
            _wire(
                prepared.method or "",
                prepared.url or "",
                body,
                prepared.headers.get("Authorization", ""),
                prepared.headers,
            )
        )
        return OfficialResponse(200, '{"sid": "XX1"}')


def ours(
    region: str | None = None,
    edge: str | None = None,
    username: str = ACCOUNT,
    account_sid: str | None = None,
) -> tuple[Client, list[Wire]]:
    sent: list[Wire] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(
            _wire(
                request.method,
                str(request.url),
                request.content.decode(),
                request.headers.get("authorization", ""),
                request.headers,
            )
        )
        return httpx.Response(200, json={"sid": "XX1"})

    client = Client(
        username,
        TOKEN,
        account_sid,
        region,
        edge,
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
    )
    return client, sent


def official(
    region: str | None = None,
    edge: str | None = None,
    username: str = ACCOUNT,
    account_sid: str | None = None,
) -> tuple[OfficialClient, list[Wire]]:
    http = _CapturingOfficialHttp()
    client = OfficialClient(
        username, TOKEN, account_sid, region=region, edge=edge, http_client=http
    )
    return client, http.sent


WHEN = dt.datetime(2024, 1, 2, 3, 4, 5)
CALLS = {
    "message create": lambda c: c.messages.create(
        to="+15558675310",
        from_="+15017122661",
        body="Hi ✓",
        media_url=["https://a/1", "https://a/2"],
        send_at=WHEN,
        schedule_type="fixed",
        send_as_mms=True,
    ),
    "call update": lambda c: c.calls("CA" + "b" * 32).update(status="completed"),
    "messages page with inequality filter": lambda c: c.messages.page(
        date_sent_after=WHEN, to="+15558675310", page_size=20
    ),
    "subaccount by path": lambda c: c.api.v2010.accounts("AC" + "c" * 32).calls.page(
        start_time_before=dt.date(2024, 1, 1), status="completed", page_size=5
    ),
    "available numbers": lambda c: c.available_phone_numbers("US").local.page(
        area_code=510, sms_enabled=True, page_size=10
    ),
    "verification": lambda c: c.verify.v2.services("VA" + "d" * 32).verifications.create(
        to="+15558675310", channel="sms"
    ),
    "studio object param": lambda c: c.studio.v2.flows.create(
        friendly_name="f", status="draft", definition={"states": [{"name": "Trigger"}]}
    ),
    "sync document": lambda c: c.sync.v1.services("IS" + "e" * 32).documents.create(
        unique_name="doc", data={"k": 1}
    ),
    "conversations with date": lambda c: c.conversations.v1.conversations.create(
        friendly_name="x", date_created=WHEN
    ),
    "delete": lambda c: c.api.v2010.accounts(ACCOUNT).queues("QU" + "f" * 32).delete(),
    "header parameter If-Match": lambda c: (
        c.sync.v1.services("IS" + "e" * 32)
        .documents("ET" + "1" * 32)
        .update(data={"k": 2}, if_match="etag-1")
    ),
    "header parameter X-Twilio-Webhook-Enabled": lambda c: c.conversations.v1.conversations(
        "CH" + "2" * 32
    ).participants.create(identity="alice", x_twilio_webhook_enabled="true"),
}


@pytest.mark.parametrize("name", sorted(CALLS))
@pytest.mark.parametrize(("region", "edge"), [(None, None), ("au1", "sydney"), ("ie1", None)])
def test_same_request_on_the_wire_as_the_official_library(
    name: str, region: str | None, edge: str | None
) -> None:
    our_client, our_sent = ours(region, edge)
    their_client, their_sent = official(region, edge)
    CALLS[name](our_client)
    CALLS[name](their_client)
    assert our_sent == their_sent


def test_api_key_auth_puts_the_same_request_on_the_wire() -> None:
    key = "SK" + "1" * 32
    our_client, our_sent = ours(username=key, account_sid=ACCOUNT)
    their_client, their_sent = official(username=key, account_sid=ACCOUNT)
    CALLS["message create"](our_client)
    CALLS["message create"](their_client)
    assert our_sent == their_sent
    assert f"/Accounts/{ACCOUNT}/" in our_sent[0][2]


def _basic(username: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{TOKEN}".encode()).decode()


def test_subaccount_and_connect_clients() -> None:
    client, sent = ours()
    sub = "AC" + "c" * 32
    client.for_account(sub).messages.create(to="+1", body="x")
    assert sent[-1][2] == f"/2010-04-01/Accounts/{sub}/Messages.json"
    assert sent[-1][5] == _basic(ACCOUNT)  # parent credentials
    connected = "AC" + "d" * 32
    client.for_connect_account(connected).calls.page()
    assert sent[-1][2] == f"/2010-04-01/Accounts/{connected}/Calls.json"
    assert sent[-1][5] == _basic(connected)  # connected account SID as username


def test_missing_credentials_name_what_is_missing() -> None:
    with pytest.raises(CredentialsError, match="TWILIO_AUTH_TOKEN"):
        Client(ACCOUNT, environment={})
    with pytest.raises(CredentialsError, match="TWILIO_ACCOUNT_SID"):
        Client(environment={})
    client = Client(
        environment={
            "TWILIO_ACCOUNT_SID": ACCOUNT,
            "TWILIO_AUTH_TOKEN": TOKEN,
            "TWILIO_REGION": "au1",
            "TWILIO_EDGE": "sydney",
        }
    )
    assert (client.account_sid, client.region, client.edge) == (ACCOUNT, "au1", "sydney")
    client.close()


def test_secrets_absent_from_repr_and_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    client, _ = ours()
    client.messages.create(to="+1", body="x")
    text = repr(client) + repr(client.messages) + caplog.text
    assert TOKEN not in text
    assert _basic(ACCOUNT) not in text
    assert base64.b64encode(f"{ACCOUNT}:{TOKEN}".encode()).decode() not in text


def test_async_client_pages_across_both_envelope_styles_with_limit() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params.get("Page", "0"))
        if request.url.host == "api.twilio.com":  # flat 2010 envelope
            nxt = f"/2010-04-01/Accounts/{ACCOUNT}/Calls.json?Page={page + 1}" if page < 2 else None
            return httpx.Response(
                200,
                json={"calls": [{"sid": f"CA{page}{i}"} for i in range(2)], "next_page_uri": nxt},
            )
        nxt_url = f"https://verify.twilio.com/v2/Services?Page={page + 1}" if page < 2 else None
        return httpx.Response(
            200,
            json={
                "services": [{"sid": f"VA{page}{i}"} for i in range(2)],
                "meta": {"key": "services", "next_page_url": nxt_url},
            },
        )

    async def run() -> tuple[list[str], list[str]]:
        transport = httpx.MockTransport(handler)
        async with AsyncClient(
            ACCOUNT, TOKEN, http_client=httpx.AsyncClient(transport=transport)
        ) as client:
            calls = [c.sid async for c in client.calls.stream(limit=5, page_size=2)]
            services = [s.sid for s in await client.verify.v2.services.list()]
            return [str(c) for c in calls], [str(s) for s in services]

    calls, services = asyncio.run(run())
    assert calls == ["CA00", "CA01", "CA10", "CA11", "CA20"]
    assert services == ["VA00", "VA01", "VA10", "VA11", "VA20", "VA21"]


def _accounts_api() -> tuple[httpx.MockTransport, list[httpx.Request]]:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        if request.method == "GET":
            name = request.url.params.get("FriendlyName")
            accounts = [{"sid": "AC" + "2" * 32, "friendly_name": name}] if name == "team" else []
            return httpx.Response(200, json={"accounts": accounts, "next_page_uri": None})
        form = dict(parse_qsl(request.content.decode()))
        return httpx.Response(
            200,
            json={
                "sid": request.url.path.split("/")[-1][:34],
                "status": form.get("Status", "active"),
                "account_sid": form.get("AccountSid", ACCOUNT),
            },
        )

    return httpx.MockTransport(handler), sent


def test_subaccount_helpers_send_the_documented_requests() -> None:
    transport, sent = _accounts_api()
    client = Client(ACCOUNT, TOKEN, http_client=httpx.Client(transport=transport))
    client.create_subaccount("team")
    assert (sent[-1].method, sent[-1].url.path) == ("POST", "/2010-04-01/Accounts.json")
    assert sent[-1].content == b"FriendlyName=team"
    found = client.find_subaccount("team")
    assert found is not None and found.sid == "AC" + "2" * 32
    assert sent[-1].url.params["FriendlyName"] == "team"
    assert client.find_subaccount("nobody") is None
    sub = "AC" + "2" * 32
    closed = client.close_subaccount(sub)
    assert sent[-1].url.path == f"/2010-04-01/Accounts/{sub}.json"
    assert sent[-1].content == b"Status=closed" and closed.status == "closed"
    moved = client.move_phone_number("PN" + "3" * 32, ACCOUNT, sub)
    assert (
        sent[-1].url.path
        == f"/2010-04-01/Accounts/{ACCOUNT}/IncomingPhoneNumbers/PN{'3' * 32}.json"
    )
    assert sent[-1].content == f"AccountSid={sub}".encode() and moved.account_sid == sub


def test_async_subaccount_helpers() -> None:
    transport, sent = _accounts_api()

    async def run() -> None:
        async with AsyncClient(
            ACCOUNT, TOKEN, http_client=httpx.AsyncClient(transport=transport)
        ) as client:
            await client.create_subaccount("team")
            assert (await client.find_subaccount("team")) is not None
            assert (await client.find_subaccount("nobody")) is None
            await client.close_subaccount("AC" + "2" * 32)
            await client.move_phone_number("PN" + "3" * 32, ACCOUNT, "AC" + "2" * 32)

    asyncio.run(run())
    assert [r.method for r in sent] == ["POST", "GET", "GET", "POST", "POST"]


def test_returned_records_have_the_official_instance_methods() -> None:
    sent: list[httpx.Request] = []
    message = {"sid": "SM" + "1" * 32, "account_sid": ACCOUNT, "status": "queued"}

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        if request.method == "DELETE":
            return httpx.Response(204)
        if request.url.path.endswith("/Messages.json") and request.method == "GET":
            return httpx.Response(200, json={"messages": [message], "next_page_uri": None})
        return httpx.Response(200, json=message)

    sub = "AC" + "c" * 32
    client = Client(
        ACCOUNT, TOKEN, http_client=httpx.Client(transport=httpx.MockTransport(handler))
    )
    created = client.api.v2010.accounts(sub).messages.create(to="+1", body="x")
    item_path = f"/2010-04-01/Accounts/{sub}/Messages/SM{'1' * 32}.json"
    created.update(body="")
    assert (sent[-1].method, sent[-1].url.path, sent[-1].content) == ("POST", item_path, b"Body=")
    assert created.fetch().sid == created.sid and sent[-1].url.path == item_path
    assert created.delete() is True and sent[-1].method == "DELETE"
    created.media.page()
    assert sent[-1].url.path == item_path.removesuffix(".json") + "/Media.json"
    listed = client.messages.list(limit=1)[0]
    listed.delete()
    assert sent[-1].url.path == f"/2010-04-01/Accounts/{ACCOUNT}/Messages/SM{'1' * 32}.json"
    call = client.calls("CA" + "2" * 32)
    assert repr(call) == f"<AccountsCallsContext({ACCOUNT}, CA{'2' * 32})>"

    from twilio_sdk_generated.api.v2010.models import ApiV2010AccountMessage

    with pytest.raises(ValueError, match="not tied to a resource"):
        type(created).from_dict({"status": "queued"}).fetch()
    assert isinstance(created, ApiV2010AccountMessage)


def test_async_records_have_awaitable_instance_methods() -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={"sid": "CA" + "3" * 32, "account_sid": ACCOUNT})

    async def run() -> None:
        transport = httpx.MockTransport(handler)
        async with AsyncClient(
            ACCOUNT, TOKEN, http_client=httpx.AsyncClient(transport=transport)
        ) as client:
            call = await client.calls.create(to="+1", from_="+2", url="https://x")
            await call.update(status="completed")

    asyncio.run(run())
    assert sent[-1].url.path == f"/2010-04-01/Accounts/{ACCOUNT}/Calls/CA{'3' * 32}.json"
    assert sent[-1].content == b"Status=completed"


def test_records_in_any_schema_of_their_resource_have_its_instance_methods() -> None:
    """A list's records read under another schema than `fetch()`'s (monitor alerts), a oneOf
    response (US A2P compliance: v1 or v2 fields), a record without its identifying fields read
    by the item itself (memory stores answer without `storeId`), and one read by the list."""
    sent: list[httpx.Request] = []
    alert = "NO" + "4" * 32
    service, compliance = "MG" + "5" * 32, "QE" + "6" * 32

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        path = request.url.path
        if path == "/v1/Alerts":
            meta = {"key": "alerts", "next_page_url": None}
            return httpx.Response(200, json={"alerts": [{"sid": alert}], "meta": meta})
        if "/Compliance/Usa2p" in path:  # the v2 alternative's fields, and the v1 one's
            body = {"sid": compliance, "privacy_policy_url": "https://p", "mock": True}
            return httpx.Response(200, json=body)
        if request.method == "POST":  # memory.v1.stores.create: an operation's status
            return httpx.Response(202, json={"message": "accepted", "statusUrl": "https://s"})
        return httpx.Response(204 if request.method == "DELETE" else 200, json={"id": "other"})

    client = Client(
        ACCOUNT, TOKEN, http_client=httpx.Client(transport=httpx.MockTransport(handler))
    )
    listed = client.monitor.v1.alerts.list()[0]
    listed.fetch()
    assert sent[-1].url.path == f"/v1/Alerts/{alert}"

    record = client.messaging.v1.services(service).us_app_to_person(compliance).fetch()
    assert (record.privacy_policy_url, record.mock, record.campaign_status) == (
        "https://p",
        True,
        None,
    )
    assert record.delete() is True
    assert sent[-1].url.path == f"/v1/Services/{service}/Compliance/Usa2p/{compliance}"

    store = client.memory.v1.stores("mem_store_1").fetch()  # bound to the store it was read by
    store.delete()
    assert (sent[-1].method, sent[-1].url.path) == ("DELETE", "/v1/ControlPlane/Stores/mem_store_1")
    created = client.memory.v1.stores.create({"displayName": "x"})
    assert created.status_url == "https://s"
    with pytest.raises(ValueError, match="not tied to a resource"):
        created.fetch()  # no store ID in the answer: as the official instance, not bound


def test_json_body_is_the_same_on_the_wire_as_the_official_library() -> None:
    from twilio.rest.content.v1.content import ContentList

    payload = {
        "friendly_name": "order_update",
        "language": "en",
        "variables": {"1": "name"},
        "types": {"twilio/text": {"body": "Hi {{1}}"}},
    }
    raw: list[tuple[str, str, Any]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        raw.append((request.method, str(request.url), json.loads(request.content)))
        return httpx.Response(201, json={"sid": "HX1"})

    client = Client(
        ACCOUNT, TOKEN, http_client=httpx.Client(transport=httpx.MockTransport(handler))
    )
    client.content.v1.contents.create(content_create_request=payload)

    class JsonCapture(_CapturingOfficialHttp):
        def request(
            self,
            method: str,
            url: str,
            params: Any = None,
            data: Any = None,
            headers: Any = None,
            auth: Any = None,
            **kwargs: Any,
        ) -> OfficialResponse:
            assert headers["Content-Type"] == "application/json"
            raw.append((method, url, json.loads(data) if isinstance(data, str) else data))
            return OfficialResponse(201, '{"sid": "HX1"}')

    official_client = OfficialClient(ACCOUNT, TOKEN, http_client=JsonCapture())
    request = ContentList.ContentCreateRequest(payload)
    official_client.content.v1.contents.create(content_create_request=request)
    assert raw[0] == raw[1]


def test_a_twiml_object_is_sent_as_the_official_library_sends_it() -> None:
    from twilio.twiml.voice_response import VoiceResponse as OfficialVoiceResponse

    from twilio_sdk.twiml.voice_response import VoiceResponse

    our_client, our_sent = ours()
    their_client, their_sent = official()
    response, their_response = VoiceResponse(), OfficialVoiceResponse()
    response.say("Hello ✓")
    their_response.say("Hello ✓")
    # Typed `str | TwiML`: passing the builder itself type-checks and sends its XML.
    our_client.calls.create(to="+15558675310", from_="+15017122661", twiml=response)
    their_client.calls.create(to="+15558675310", from_="+15017122661", twiml=their_response)
    assert our_sent == their_sent
    assert "<Say>Hello" in dict(our_sent[0][4])["Twiml"]


def test_docs_samples_call_positionally_as_in_the_official_library() -> None:
    our_client, our_sent = ours()
    their_client, their_sent = official()
    for client in (our_client, their_client):
        client.messages.create("+15558675310", body="Hi", from_="+15017122661")
        client.validation_requests.create("+14158675310", friendly_name="Desk")
        client.conferences("CF" + "1" * 32).participants.create("+15017122661", "+15558675310")
        client.pricing.v2.voice.numbers(destination_number="+15108675310").fetch()
    assert our_sent == their_sent
