"""Paging as a user sees it: the paging arguments, both envelope styles, token paging, the
links between pages (next and previous, sync and async) and the hosts they may be on.

Each test drives the public client through a mock transport that answers with the pages it
is given, in order, and keeps every request.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from twilio_sdk import (
    ArgumentTypeError,
    AsyncClient,
    Client,
    CredentialsError,
    InvalidArgumentError,
    MalformedResponseError,
    OrgsCredentialProvider,
    UnsafeURLError,
)

ACCOUNT = "AC" + "a" * 32
API = f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}"
MESSAGES = f"/2010-04-01/Accounts/{ACCOUNT}/Messages.json"


class Twilio:
    """Answers with `pages` in order (the last one again when they run out)."""

    def __init__(self, *pages: dict[str, Any]) -> None:
        self.pages = list(pages)
        self.sent: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        index = min(len(self.sent), len(self.pages)) - 1
        return httpx.Response(200, json=self.pages[index])

    def params(self, index: int) -> list[tuple[str, str]]:
        return list(self.sent[index].url.params.multi_items())


def client_for(twilio: Twilio, **kwargs: Any) -> Client:
    http = httpx.Client(transport=httpx.MockTransport(twilio))
    return Client(ACCOUNT, "token", http_client=http, **kwargs)


def async_client_for(twilio: Twilio, **kwargs: Any) -> AsyncClient:
    http = httpx.AsyncClient(transport=httpx.MockTransport(twilio))
    return AsyncClient(ACCOUNT, "token", http_client=http, **kwargs)


def messages(
    *sids: str, next_uri: str | None = None, previous_uri: str | None = None
) -> dict[str, Any]:
    """A v2010 (flat) page of messages."""
    return {
        "messages": [{"sid": sid} for sid in sids],
        "next_page_uri": next_uri,
        "previous_page_uri": previous_uri,
        "page": 1,
        "page_size": len(sids),
    }


def services(*sids: str, **meta: Any) -> dict[str, Any]:
    """A Verify v2 (`meta`) page of services."""
    return {"services": [{"sid": sid} for sid in sids], "meta": {"key": "services", **meta}}


# --------------------------------------------------------------------------- paging arguments


@pytest.mark.parametrize("page_size", [1, 1000])
def test_page_sizes_from_1_to_1000_are_sent(page_size: int) -> None:
    twilio = Twilio(messages())
    client_for(twilio).messages.page(page_size=page_size)
    assert twilio.params(0) == [("PageSize", str(page_size))]


@pytest.mark.parametrize("page_size", [0, 1001, -5])
def test_a_page_size_outside_1_to_1000_is_refused(page_size: int) -> None:
    twilio = Twilio(messages())
    client = client_for(twilio)
    for call in (client.messages.page, client.messages.list):
        with pytest.raises(InvalidArgumentError) as raised:
            call(page_size=page_size)
        assert str(raised.value) == f"page_size must be between 1 and 1000, got {page_size}"
    assert twilio.sent == []


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"page_size": 2.5}, ArgumentTypeError, "page_size must be an int, got float"),
        ({"page_size": True}, ArgumentTypeError, "page_size must be an int, got bool"),
        ({"page_number": "2"}, ArgumentTypeError, "page_number must be an int, got str"),
    ],
)
def test_paging_arguments_of_the_wrong_type_are_refused_by_name(
    kwargs: dict[str, Any], error: type[Exception], message: str
) -> None:
    twilio = Twilio(messages())
    with pytest.raises(error) as raised:
        client_for(twilio).messages.page(**kwargs)
    assert str(raised.value) == message
    assert twilio.sent == []


@pytest.mark.parametrize(
    ("limit", "error", "message"),
    [
        ("5", ArgumentTypeError, "limit must be an int, got str"),
        (-1, InvalidArgumentError, "limit must not be negative, got -1"),
    ],
)
def test_a_bad_limit_is_refused_by_name(limit: Any, error: type[Exception], message: str) -> None:
    twilio = Twilio(messages())
    with pytest.raises(error) as raised:
        client_for(twilio).messages.list(limit=limit)
    assert str(raised.value) == message
    assert twilio.sent == []


def test_page_number_and_token_are_sent_under_their_wire_names() -> None:
    twilio = Twilio(messages())
    client_for(twilio).messages.page(
        to="+15558675310", page_token="PA1", page_number=3, page_size=2
    )
    assert twilio.params(0) == [
        ("To", "+15558675310"),
        ("PageSize", "2"),
        ("PageToken", "PA1"),
        ("Page", "3"),
    ]


@pytest.mark.parametrize(
    ("kwargs", "page_size"),
    [
        ({"limit": 20}, "20"),  # no more records fetched than the limit needs
        ({"limit": 5000}, "1000"),  # ... within the largest page Twilio serves
        ({"limit": 20, "page_size": 50}, "50"),  # a page size given is kept
        ({}, None),  # Twilio's default
    ],
)
def test_the_limit_caps_the_page_size(kwargs: dict[str, Any], page_size: str | None) -> None:
    twilio = Twilio(messages("SM1"))
    client_for(twilio).messages.list(**kwargs)
    assert twilio.sent[0].url.params.get("PageSize") == page_size


def test_a_limit_of_zero_fetches_nothing() -> None:
    twilio = Twilio(messages("SM1"))
    assert client_for(twilio).messages.list(limit=0) == []
    assert twilio.sent == []


# --------------------------------------------------------------------------- envelopes


def test_a_flat_page_keeps_the_envelope_fields_besides_the_records() -> None:
    twilio = Twilio(messages("SM1", "SM2"))
    page = client_for(twilio).messages.page()
    assert [m.sid for m in page] == ["SM1", "SM2"] and len(page) == 2
    assert page.meta == {
        "next_page_uri": None,
        "previous_page_uri": None,
        "page": 1,
        "page_size": 2,
    }


def test_meta_key_names_the_records_when_the_spec_key_is_absent() -> None:
    # A Verify list whose records come under another key than the spec's `services`.
    body = {"verification_services": [{"sid": "VA1"}], "meta": {"key": "verification_services"}}
    page = client_for(Twilio(body)).verify.v2.services.page()
    assert [s.sid for s in page] == ["VA1"]
    assert page.meta == {"key": "verification_services"}


def test_a_null_meta_key_falls_back_to_the_spec_key() -> None:
    body = {"knowledgeBases": [{"id": "kb_1"}], "meta": {"pageSize": 1, "key": None}}
    page = client_for(Twilio(body)).knowledge.v2.knowledge_bases.page()
    assert [kb.id for kb in page] == ["kb_1"]


# --------------------------------------------------------------------------- token paging

KNOWLEDGE_BASES = "https://knowledge.twilio.com/v2/ControlPlane/KnowledgeBases"


def test_token_pages_link_to_the_same_request_with_the_page_token_replaced() -> None:
    first = {"knowledgeBases": [{"id": "kb_1"}], "meta": {"nextToken": "T2", "previousToken": "T0"}}
    last = {"knowledgeBases": [{"id": "kb_2"}], "meta": {"previousToken": "T1"}}
    twilio = Twilio(first, last)
    page = client_for(twilio).knowledge.v2.knowledge_bases.page(
        page_size=1, page_token="T1", order_by="name"
    )
    assert twilio.params(0) == [("orderBy", "name"), ("pageSize", "1"), ("pageToken", "T1")]
    # Twilio's meta carries tokens only: the links are the first request with another token.
    assert page.next_page_url == f"{KNOWLEDGE_BASES}?orderBy=name&pageSize=1&pageToken=T2"
    assert page.previous_page_url == f"{KNOWLEDGE_BASES}?orderBy=name&pageSize=1&pageToken=T0"
    following = page.next_page()
    assert following is not None and [kb.id for kb in following] == ["kb_2"]
    assert str(twilio.sent[1].url) == page.next_page_url
    assert following.next_page_url is None
    assert following.next_page() is None
    assert len(twilio.sent) == 2


# --------------------------------------------------------------------------- previous pages


def test_previous_page_follows_the_previous_link() -> None:
    previous = f"{MESSAGES}?Page=0&PageToken=PB1"
    twilio = Twilio(messages("SM2", previous_uri=previous), messages("SM1"))
    page = client_for(twilio).messages.page(page_number=1)
    assert page.previous_page_url == "https://api.twilio.com" + previous
    before = page.previous_page()
    assert before is not None and [m.sid for m in before] == ["SM1"]
    assert str(twilio.sent[1].url) == "https://api.twilio.com" + previous
    assert before.previous_page() is None  # the first page has none
    assert len(twilio.sent) == 2


def test_previous_page_on_a_meta_page() -> None:
    previous = "https://verify.twilio.com/v2/Services?PageSize=1&Page=0"
    twilio = Twilio(services("VA2", previous_page_url=previous), services("VA1"))
    page = client_for(twilio).verify.v2.services.page()
    before = page.previous_page()
    assert before is not None and [s.sid for s in before] == ["VA1"]
    assert str(twilio.sent[1].url) == previous


def test_async_pages_follow_next_and_previous_links() -> None:
    next_uri = f"{MESSAGES}?Page=2&PageToken=PA2"
    previous_uri = f"{MESSAGES}?Page=0&PageToken=PB1"
    twilio = Twilio(
        messages("SM2", next_uri=next_uri, previous_uri=previous_uri),
        messages("SM3"),
        messages("SM1"),
    )

    async def run() -> list[list[str] | None]:
        async with async_client_for(twilio) as client:
            page = await client.messages.page(page_number=1)
            following = await page.next_page()
            before = await page.previous_page()
            assert following is not None and before is not None
            return [
                [m.sid for m in following],
                [m.sid for m in before],
                await following.next_page(),  # type: ignore[list-item]
                await before.previous_page(),  # type: ignore[list-item]
            ]

    assert asyncio.run(run()) == [["SM3"], ["SM1"], None, None]
    assert [str(r.url) for r in twilio.sent[1:]] == [
        "https://api.twilio.com" + next_uri,
        "https://api.twilio.com" + previous_uri,
    ]


# --------------------------------------------------------------------------- headers


FLEX_CONFIGURATIONS = "https://flex-api.twilio.com/v1/PluginService/Configurations"


def configurations(sid: str, next_url: str | None) -> dict[str, Any]:
    return {
        "configurations": [{"sid": sid}],
        "meta": {"key": "configurations", "next_page_url": next_url},
    }


def test_following_pages_are_asked_for_with_the_callers_headers() -> None:
    twilio = Twilio(
        configurations("FJ1", f"{FLEX_CONFIGURATIONS}?Page=1"), configurations("FJ2", None)
    )
    listed = client_for(twilio).flex_api.v1.plugin_configurations.list(flex_metadata="m=1")
    assert [c.sid for c in listed] == ["FJ1", "FJ2"]
    assert [r.headers.get("Flex-Metadata") for r in twilio.sent] == ["m=1", "m=1"]


def test_async_following_pages_are_asked_for_with_the_callers_headers() -> None:
    twilio = Twilio(
        configurations("FJ1", f"{FLEX_CONFIGURATIONS}?Page=1"), configurations("FJ2", None)
    )

    async def run() -> list[str]:
        async with async_client_for(twilio) as client:
            page = await client.flex_api.v1.plugin_configurations.page(flex_metadata="m=1")
            following = await page.next_page()
            assert following is not None
            return [c.sid for c in [*page, *following]]

    assert asyncio.run(run()) == ["FJ1", "FJ2"]
    assert [r.headers.get("Flex-Metadata") for r in twilio.sent] == ["m=1", "m=1"]


# --------------------------------------------------------------------------- hosts


def test_a_regional_client_follows_links_on_its_own_regional_host() -> None:
    regional = f"https://api.sydney.au1.twilio.com{MESSAGES}"
    twilio = Twilio(
        messages("SM1", next_uri=f"{MESSAGES}?Page=1"),  # relative, as v2010 sends them
        {**messages("SM2"), "next_page_uri": f"{regional}?Page=2"},  # absolute, the same host
        messages("SM3"),
    )
    client = client_for(twilio, region="au1", edge="sydney")
    assert [m.sid for m in client.messages.stream()] == ["SM1", "SM2", "SM3"]
    assert [str(r.url) for r in twilio.sent] == [
        regional,
        f"{regional}?Page=1",
        f"{regional}?Page=2",
    ]


def test_a_regional_meta_link_on_the_regional_host_is_followed() -> None:
    regional = "https://verify.sydney.au1.twilio.com/v2/Services?PageSize=1&Page=1"
    twilio = Twilio(services("VA1", next_page_url=regional), services("VA2"))
    page = client_for(twilio, region="au1", edge="sydney").verify.v2.services.page()
    following = page.next_page()
    assert following is not None and [s.sid for s in following] == ["VA2"]
    assert str(twilio.sent[1].url) == regional


@pytest.mark.parametrize(
    ("link", "message"),
    [
        (
            "https://verify.dublin.ie1.twilio.com/v2/Services?Page=1",  # another region
            "page link 'https://verify.dublin.ie1.twilio.com/v2/Services?Page=1' leaves "
            "https://verify.sydney.au1.twilio.com: not followed",
        ),
        (
            "v2/Services?Page=1",
            "page link 'v2/Services?Page=1': a relative link must start with '/'",
        ),
    ],
)
def test_a_regional_client_refuses_links_elsewhere_saying_why(link: str, message: str) -> None:
    twilio = Twilio(services("VA1", next_page_url=link))
    page = client_for(twilio, region="au1", edge="sydney").verify.v2.services.page()
    with pytest.raises(UnsafeURLError) as raised:
        page.next_page()
    assert str(raised.value) == message
    assert len(twilio.sent) == 1


def test_a_link_that_is_not_a_valid_url_is_refused_saying_so() -> None:
    twilio = Twilio(services("VA1", next_page_url="https://verify.twilio.com:abc/v2/Services"))
    page = client_for(twilio).verify.v2.services.page()
    with pytest.raises(UnsafeURLError) as raised:
        page.next_page()
    assert str(raised.value) == (
        "page link 'https://verify.twilio.com:abc/v2/Services' is not a valid URL: "
        "Invalid port: 'abc'"
    )
    assert len(twilio.sent) == 1


def test_host_relative_links_are_followed_on_the_clients_host() -> None:
    # A meta link or a get_page() URL may be host-relative, as v2010's `next_page_uri`.
    twilio = Twilio(services("VA1", next_page_url="/v2/Services?Page=1"), services("VA2"))
    client = client_for(twilio, region="au1", edge="sydney")
    following = client.verify.v2.services.page().next_page()
    assert following is not None and [s.sid for s in following] == ["VA2"]
    client.messages.get_page(f"{MESSAGES}?Page=2")
    assert [str(r.url) for r in twilio.sent[1:]] == [
        "https://verify.sydney.au1.twilio.com/v2/Services?Page=1",
        f"https://api.sydney.au1.twilio.com{MESSAGES}?Page=2",
    ]


def test_a_link_that_is_not_a_string_is_refused_when_followed() -> None:
    twilio = Twilio({**messages("SM1"), "next_page_uri": 2})
    page = client_for(twilio).messages.page()
    with pytest.raises(UnsafeURLError) as raised:
        page.next_page()
    assert str(raised.value) == "a page link must be a string, got int"
    assert len(twilio.sent) == 1


def test_get_page_on_a_regional_client_uses_the_regional_host() -> None:
    twilio = Twilio(messages("SM1"))
    client = client_for(twilio, region="au1", edge="sydney")
    client.messages.get_page(f"{API}/Messages.json?Page=3&PageToken=PA3")
    assert str(twilio.sent[0].url) == (
        f"https://api.sydney.au1.twilio.com{MESSAGES}?Page=3&PageToken=PA3"
    )


# --------------------------------------------------------------------------- each page's response


def test_each_page_has_the_status_and_headers_of_its_own_response() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        page = request.url.params.get("Page", "0")
        body = messages("SM" + page, next_uri=f"{MESSAGES}?Page=1" if page == "0" else None)
        return httpx.Response(200, json=body, headers={"Twilio-Request-Id": "RQ" + page})

    client = Client(ACCOUNT, "t", http_client=httpx.Client(transport=httpx.MockTransport(answer)))
    page = client.messages.page()
    following = page.next_page()
    assert following is not None
    assert (page.status_code, page.headers["Twilio-Request-Id"]) == (200, "RQ0")
    assert (following.status_code, following.headers["Twilio-Request-Id"]) == (200, "RQ1")


@pytest.mark.parametrize(
    ("response", "reason"),
    [
        (
            httpx.Response(302, headers={"Location": "https://x.test/"}),
            "unexpected redirect to https://x.test/",
        ),
        (httpx.Response(200, json=["SM1"]), "expected a page (a JSON object), got list"),
        (httpx.Response(200, json={"messages": "SM1"}), "'messages' is not a list of records"),
    ],
)
def test_a_response_that_is_not_a_page_says_what_it_is(
    response: httpx.Response, reason: str
) -> None:
    http = httpx.Client(transport=httpx.MockTransport(lambda request: response))
    with pytest.raises(MalformedResponseError) as raised:
        Client(ACCOUNT, "t", http_client=http).messages.page()
    assert raised.value.reason == reason


# --------------------------------------------------------------------------- authentication


ORGANIZATION = "OR" + "1" * 32
ORG_ACCOUNTS = f"https://preview-iam.twilio.com/Organizations/{ORGANIZATION}/Accounts"


class Organizations(Twilio):
    """The Organizations API: a token endpoint, and pages of accounts for bearer tokens."""

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/token":
            return httpx.Response(200, json={"access_token": "bearer-1", "expires_in": 3600})
        return super().__call__(request)


def test_following_pages_of_an_oauth_only_list_carry_the_bearer_token() -> None:
    # The Organizations API takes only bearer tokens: the account's Basic credentials must
    # not be what a followed page sends.
    first = {
        "content": [{"account_sid": ACCOUNT}],
        "meta": {"key": "content", "next_page_url": f"{ORG_ACCOUNTS}?PageToken=P2"},
    }
    last = {"content": [{"account_sid": "AC" + "b" * 32}], "meta": {"key": "content"}}
    provider = OrgsCredentialProvider("OQ" + "2" * 32, "client-secret")
    twilio = Organizations(first, last)
    client = client_for(twilio, credential_provider=provider)
    listed = client.preview_iam.organization(ORGANIZATION).accounts.list()
    assert [a.account_sid for a in listed] == [ACCOUNT, "AC" + "b" * 32]
    assert [r.headers["Authorization"] for r in twilio.sent] == ["Bearer bearer-1"] * 2

    async def run() -> int:
        async with async_client_for(twilio, credential_provider=provider) as aclient:
            return len(await aclient.preview_iam.organization(ORGANIZATION).accounts.list())

    twilio.sent.clear()
    assert asyncio.run(run()) == 2
    assert [r.headers["Authorization"] for r in twilio.sent] == ["Bearer bearer-1"] * 2


def test_an_oauth_only_list_without_a_credential_provider_is_refused_before_any_request() -> None:
    # Basic credentials would only earn a 401 from the Organizations API.
    twilio = Organizations({"content": [], "meta": {"key": "content"}})
    with pytest.raises(CredentialsError):
        client_for(twilio).preview_iam.organization(ORGANIZATION).accounts.list()

    async def run() -> None:
        async with async_client_for(twilio) as aclient:
            await aclient.preview_iam.organization(ORGANIZATION).accounts.page()

    with pytest.raises(CredentialsError):
        asyncio.run(run())
    assert twilio.sent == []
