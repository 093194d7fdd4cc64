"""What one generated call sends and gives back (twilio_sdk._operations): its query filters,
the instance class a record becomes on each client kind (and the error naming a bound class
without its async twin), the context's repr."""

from __future__ import annotations

import asyncio
import inspect
import re
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest

from twilio_sdk import AsyncClient, Client
from twilio_sdk._errors import ArgumentTypeError, MalformedResponseError
from twilio_sdk._operations import InstanceBinding

ACCOUNT = "AC" + "1" * 32
MESSAGE = "SM" + "2" * 32
ELSEWHERE = "https://elsewhere.example/x"
RECORD = {"sid": MESSAGE, "account_sid": ACCOUNT, "body": "hi", "status": "sent"}


class Wire:
    """A mock Twilio recording requests and answering with one record or an empty page."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.url.path.endswith("/Messages.json"):
            return httpx.Response(200, json={"messages": [], "next_page_uri": None})
        return httpx.Response(200, json=RECORD)

    def client(self) -> Client:
        return Client(
            ACCOUNT, "token", http_client=httpx.Client(transport=httpx.MockTransport(self))
        )

    def async_client(self) -> AsyncClient:
        transport = httpx.MockTransport(self)
        return AsyncClient(ACCOUNT, "token", http_client=httpx.AsyncClient(transport=transport))


def test_list_filters_go_in_the_query() -> None:
    wire = Wire()
    assert wire.client().messages.list(to="+15558675310", page_size=20) == []
    (request,) = wire.requests
    assert parse_qsl(request.url.query.decode()) == [("To", "+15558675310"), ("PageSize", "20")]


def test_records_become_instances_of_the_clients_kind() -> None:
    wire = Wire()
    record: Any = wire.client().messages(MESSAGE).fetch()
    assert not inspect.iscoroutinefunction(record.fetch)

    async def run() -> Any:
        async with wire.async_client() as client:
            record = await client.messages(MESSAGE).fetch()
            again = await record.fetch()  # bound to the same message, awaited
            return record, again

    async_record, again = asyncio.run(run())
    assert inspect.iscoroutinefunction(async_record.fetch)
    assert again.sid == MESSAGE
    assert str(wire.requests[-1].url) == str(wire.requests[-2].url)


def test_the_context_repr_names_the_pipeline_it_sends_through() -> None:
    wire = Wire()
    sync_client, async_client = wire.client(), wire.async_client()
    assert repr(sync_client._context).startswith(
        f"ClientContext(pipeline=<SyncPipeline account_sid={ACCOUNT!r} http_client=supplied>"
    )
    assert repr(async_client._context).startswith(
        f"ClientContext(pipeline=<AsyncPipeline account_sid={ACCOUNT!r} http_client=supplied>"
    )


def test_a_json_body_of_another_type_is_refused_naming_it() -> None:
    wire = Wire()
    message = (
        "parameter 'content_create_request' (the JSON body): expected a model or a dict, got str"
    )
    with pytest.raises(ArgumentTypeError, match=f"^{re.escape(message)}$"):
        wire.client().content.v1.contents.create(content_create_request="{}")  # type: ignore[arg-type]
    assert wire.requests == []


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "-> HTTP 200: empty body where a JSON document belongs (empty body)"),
        (b"<html>", "-> HTTP 200: the body is not JSON: '<html>'"),
    ],
)
def test_a_body_that_is_not_json_is_a_malformed_response(body: bytes, message: str) -> None:
    transport = httpx.MockTransport(lambda _: httpx.Response(200, content=body))
    client = Client(ACCOUNT, "token", http_client=httpx.Client(transport=transport))
    with pytest.raises(MalformedResponseError, match=f"{re.escape(message)}$"):
        client.messages(MESSAGE).fetch()


@pytest.mark.parametrize(
    ("status", "headers", "message"),
    [
        (300, {}, "-> HTTP 300: unexpected redirect: "),
        (302, {"Location": ELSEWHERE}, f"-> HTTP 302: unexpected redirect to {ELSEWHERE}: "),
    ],
)
def test_an_undeclared_redirect_is_not_an_answer(
    status: int, headers: dict[str, str], message: str
) -> None:
    def handler(_: httpx.Request) -> httpx.Response:
        return httpx.Response(status, headers=headers, json=RECORD)

    client = Client(
        ACCOUNT, "token", http_client=httpx.Client(transport=httpx.MockTransport(handler))
    )
    with pytest.raises(MalformedResponseError) as info:
        client.messages(MESSAGE).fetch()
    assert message in str(info.value)


def test_the_version_roots_account_is_the_clients_own() -> None:
    wire = Wire()
    wire.client().api.v2010.account.messages.list(limit=1)
    assert wire.requests[0].url.path == f"/2010-04-01/Accounts/{ACCOUNT}/Messages.json"


def test_a_clients_async_variants_send_through_its_async_pipeline() -> None:
    wire = Wire()
    client = Client(
        ACCOUNT,
        "token",
        http_client=httpx.Client(transport=httpx.MockTransport(wire)),
        async_http_client=httpx.AsyncClient(transport=httpx.MockTransport(wire)),
    )

    async def run() -> Any:
        try:
            return await client.messages(MESSAGE).fetch_async()
        finally:
            await client.aclose()

    assert asyncio.run(run()).sid == MESSAGE
    assert wire.requests[0].url.path.endswith(f"/Messages/{MESSAGE}.json")


def test_a_fetch_sends_its_query_parameters_only_when_given() -> None:
    wire = Wire()
    client = wire.client()
    client.lookups.v2.phone_numbers("+15108675310").fetch(fields="line_type_intelligence")
    client.lookups.v2.phone_numbers("+15108675310").fetch()
    assert [str(r.url) for r in wire.requests] == [
        "https://lookups.twilio.com/v2/PhoneNumbers/+15108675310?Fields=line_type_intelligence",
        "https://lookups.twilio.com/v2/PhoneNumbers/+15108675310",
    ]


@pytest.mark.parametrize(
    ("cls", "item", "message"),
    [
        # a record model is no instance class: the models module has no AsyncApiV2010...
        (
            "ApiV2010AccountMessage",
            "AccountsMessagesContext",
            "twilio_sdk_generated.api.v2010.models._accounts_messages.ApiV2010AccountMessage"
            " has no async twin: its module defines no class AsyncApiV2010AccountMessage",
        ),
        # `AsyncX` exists but is no async resource (an instance) or no model (a resource)
        (
            "AccountsMessagesInstance",
            "AccountsMessagesInstance",
            "AsyncAccountsMessagesInstance are not the async twins",
        ),
        (
            "AccountsMessagesContext",
            "AccountsMessagesContext",
            "AsyncAccountsMessagesContext and twilio_sdk_generated.api.v2010._accounts_messages"
            ".AsyncAccountsMessagesContext are not the async twins",
        ),
    ],
)
def test_a_binding_without_async_twins_is_named_when_an_async_client_parses(
    cls: str, item: str, message: str
) -> None:
    from twilio_sdk_generated.api.v2010 import _accounts_messages as messages

    binding = InstanceBinding(getattr(messages, cls), getattr(messages, item), ("sid",), 1)
    with pytest.raises(AssertionError) as error:
        binding.parse_record(AsyncClient(ACCOUNT, "token").messages, RECORD)
    assert message in str(error.value)
