"""The official library's surface beyond the main methods: `*_async` and `*_with_http_info`
variants on a `Client`, `ApiResponse` metadata, values that print as the official library
prints them, and Twilio's own async example run with the imports swapped."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import httpx
import pytest
from loopback import LoopbackServer, json_reply
from twilio.rest.api.v2010.account.call import CallInstance as OfficialCall

from twilio_sdk import ApiResponse, Client, TwilioRestException
from twilio_sdk.testing import FakeTwilio

ROOT = Path(__file__).resolve().parents[2]
TO, FROM = "+15558675310", "+15017122661"

# Twilio's README example for async, with the imports swapped as our README says.
TWILIO_ASYNC_EXAMPLE = """
import asyncio, sys
from twilio_sdk.http.async_http_client import AsyncTwilioHttpClient
from twilio_sdk import Client

class Loopback:  # every host on the test server
    def url_for(self, host):
        return sys.argv[1]

async def main():
    account_sid = "AC" + "1" * 32
    auth_token = "token"
    http_client = AsyncTwilioHttpClient()
    client = Client(account_sid, auth_token, http_client=http_client)
    client._context.hosts = Loopback()

    message = await client.messages.create_async(to="+12316851234", from_="+15555555555",
                                                 body="Hello there!")
    print(message.sid)
    %s

asyncio.run(main())
"""


def _run_example(closing: str) -> tuple[subprocess.CompletedProcess[str], LoopbackServer]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(ROOT / "generated")])
    env.pop("HTTP_PROXY", None), env.pop("HTTPS_PROXY", None), env.pop("ALL_PROXY", None)
    with LoopbackServer(lambda e: json_reply(201)) as server:
        script = textwrap.dedent(TWILIO_ASYNC_EXAMPLE) % closing
        result = subprocess.run(
            [sys.executable, "-W", "error::ResourceWarning", "-c", script, server.url],
            capture_output=True, text=True, env=env, timeout=60,
        )  # fmt: skip
    return result, server


def test_twilios_async_example_runs_with_the_imports_swapped() -> None:
    result, server = _run_example("")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0].startswith("SM")
    (exchange,) = server.exchanges
    assert exchange.method == "POST" and exchange.target.startswith("/2010-04-01/Accounts/AC")
    assert b"Body=Hello+there%21" in exchange.body


@pytest.mark.parametrize(
    "closing", ["await http_client.close()", "await client.aclose()"], ids=["http", "client"]
)
def test_the_async_pipeline_of_a_client_closes_cleanly(closing: str) -> None:
    result, server = _run_example(closing)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no unclosed session, connector or socket
    assert len(server.exchanges) == 1


def test_async_with_a_client_closes_both_pools() -> None:
    async def run() -> None:
        fake = FakeTwilio()
        async with fake.client() as client:
            await client.messages.create_async(to=TO, from_=FROM, body="x")
        assert client._context.opened_async_pipeline is not None

    asyncio.run(run())


def test_with_http_info_gives_status_headers_and_the_typed_data() -> None:
    fake = FakeTwilio()
    client = fake.client()
    response = client.messages.create_with_http_info(to=TO, from_=FROM, body="Hi")
    assert isinstance(response, ApiResponse)
    assert response.status_code == 201
    assert response.headers["Twilio-Request-Id"].startswith("RQ")
    assert response.request_id == response.headers["twilio-request-id"]
    assert response.data.body == "Hi" and response.data.sid.startswith("SM")
    fetched = client.messages(response.data.sid).fetch_with_http_info()
    assert (fetched.status_code, fetched.data.sid) == (200, response.data.sid)
    deleted = response.data.delete_with_http_info()
    assert (deleted.status_code, deleted.data) == (204, True)


def test_list_variants_follow_the_official_library() -> None:
    fake = FakeTwilio()
    client = fake.client()
    for i in range(3):
        client.messages.create(to=TO, from_=FROM, body=str(i))
    listed = client.messages.list_with_http_info(page_size=2)
    assert listed.status_code == 200 and len(listed.data) == 3
    records, status, headers = client.messages.stream_with_http_info(limit=2)
    assert status == 200 and "twilio-request-id" in headers
    assert len(list(records)) == 2
    page = client.messages.page_with_http_info(page_size=2)
    assert page.status_code == 200 and len(page.data.records) == 2

    async def run() -> None:
        assert len(await client.messages.list_async()) == 3
        stream = await client.messages.stream_async(limit=2)
        assert len([r async for r in stream]) == 2
        first = await client.messages.page_async(page_size=2)
        second = await first.next_page()
        assert second is not None and len(second.records) == 1
        info = await client.messages.list_with_http_info_async()
        assert info.status_code == 200 and len(info.data) == 3
        records, status, _ = await client.messages.stream_with_http_info_async()
        assert status == 200 and len([r async for r in records]) == 3
        aclient = fake.async_client()
        created = await aclient.messages.create_with_http_info(to=TO, from_=FROM, body="a")
        assert created.status_code == 201
        await aclient.aclose()
        await client.aclose()

    asyncio.run(run())


def test_async_variants_check_arguments_before_anything_is_sent() -> None:
    fake = FakeTwilio()
    client = fake.client()
    with pytest.raises(TypeError, match="'to'"):
        asyncio.run(client.messages.create_async(to=None, body="x"))  # type: ignore[arg-type]
    assert fake.requests == []


def test_a_client_with_its_own_http_client_never_sends_async_calls_elsewhere() -> None:
    client = Client("AC" + "a" * 32, "t", http_client=httpx.Client())

    async def run() -> None:
        await client.messages.create_async(to=TO, from_=FROM, body="x")

    with pytest.raises(ValueError, match="async_http_client"):
        asyncio.run(run())


def test_errors_carry_the_request_id() -> None:
    client = FakeTwilio().client()
    with pytest.raises(TwilioRestException) as raised:
        client.messages("SM" + "0" * 32).fetch()
    headers = getattr(raised.value, "headers", None)
    if headers is None:
        pytest.skip("errors carry headers once the helpers branch is merged")
    assert raised.value.request_id == headers["twilio-request-id"]  # type: ignore[attr-defined]


def test_enum_fields_print_their_wire_value_as_the_official_library_does() -> None:
    client = FakeTwilio().client()
    call = client.calls.create(to=TO, from_=FROM, url="https://example.com/twiml")
    official = OfficialCall(None, call.to_dict(), "AC" + "0" * 32)  # type: ignore[arg-type]
    for name in ("status", "direction"):
        ours, theirs = getattr(call, name), getattr(official, name)
        assert (str(ours), f"{ours}", repr(str(ours))) == (str(theirs), f"{theirs}", repr(theirs))
        assert ours == theirs  # and still equal to the plain string


def test_with_options_applies_to_the_calls_made_through_it_only() -> None:
    fake = FakeTwilio()
    client = fake.client()
    tuned = client.with_options(timeout=5, max_retries=0, headers={"X-Trace": "t-1"})
    fake.fail("CreateMessage", status=503)
    with pytest.raises(TwilioRestException):  # no retry on the tuned client
        tuned.messages.create(to=TO, from_=FROM, body="x")
    assert fake.requests[-1].headers.get("x-trace") == "t-1"
    client.messages.create(to=TO, from_=FROM, body="y")  # the original: no extra header
    assert "x-trace" not in fake.requests[-1].headers
    assert tuned._pipeline._timeout["read"] == 5 and client._pipeline._timeout["read"] == 60
    tuned.close()  # shares the pool: the original still works
    client.messages.create(to=TO, from_=FROM, body="z")

    async def run() -> None:
        await tuned.messages.create_async(to=TO, from_=FROM, body="a")
        assert fake.requests[-1].headers.get("x-trace") == "t-1"
        aclient = fake.async_client().with_options(headers={"X-Trace": "t-2"})
        await aclient.messages.create(to=TO, from_=FROM, body="b")
        assert fake.requests[-1].headers.get("x-trace") == "t-2"
        await client.aclose()

    asyncio.run(run())


@pytest.mark.parametrize(
    ("headers", "error"),
    [({"Authorization": "Basic x"}, ValueError), ({"X-A": "a\r\nB: b"}, ValueError),
     ({"X-A": 1}, TypeError)],
)  # fmt: skip
def test_with_options_refuses_unsafe_headers(headers: dict[str, object], error: type) -> None:
    with pytest.raises(error):
        FakeTwilio().client().with_options(headers=headers)  # type: ignore[arg-type]
