"""`Client.request` / `AsyncClient.request`: the official signature, through the pipeline."""

from __future__ import annotations

import asyncio
import base64
import inspect
from collections.abc import Callable
from urllib.parse import parse_qsl

import httpx
import pytest
import twilio.rest

from twilio_sdk import AsyncClient, Client, NotFoundError, UnsafeURLError

ACCOUNT = "AC" + "1" * 32
TOKEN = "auth-token-value"
BASE = "https://api.twilio.com/2010-04-01/Accounts/" + ACCOUNT
Handler = Callable[[httpx.Request], httpx.Response]


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


class Recorder:
    def __init__(self, *responses: httpx.Response) -> None:
        self.responses = list(responses)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.responses.pop(0) if len(self.responses) > 1 else self.responses[0]


def sync_client(recorder: Recorder, **kwargs: object) -> Client:
    http = httpx.Client(transport=httpx.MockTransport(recorder), timeout=7.0)
    client = Client(ACCOUNT, TOKEN, http_client=http, **kwargs)  # type: ignore[arg-type]
    client._pipeline._sleep = lambda _delay: None
    return client


def async_client(recorder: Recorder, **kwargs: object) -> AsyncClient:
    http = httpx.AsyncClient(transport=httpx.MockTransport(recorder), timeout=7.0)
    return AsyncClient(ACCOUNT, TOKEN, http_client=http, **kwargs)  # type: ignore[arg-type]


def test_signature_is_the_official_one() -> None:
    official = inspect.signature(twilio.rest.Client.request)
    for ours in (Client.request, AsyncClient.request):
        mine = inspect.signature(ours)
        assert list(mine.parameters) == list(official.parameters)
        for name, parameter in official.parameters.items():
            assert mine.parameters[name].default == parameter.default, name
    assert inspect.iscoroutinefunction(AsyncClient.request)


def test_get_with_params_and_headers() -> None:
    recorder = Recorder(
        httpx.Response(200, json={"ok": True}, headers={"Twilio-Request-Id": "RQ1"})
    )
    client = sync_client(recorder)
    response = client.request(
        "get",
        BASE + "/Messages.json",
        params={"To": "+15558675310", "Status": ["queued", "sent"], "Skip": None, "Flag": True},
        headers={"X-Custom": "yes"},
    )
    assert response.status_code == 200
    assert response.json() == {"ok": True}
    assert response.text.replace(" ", "") == '{"ok":true}'
    assert response.headers["twilio-request-id"] == "RQ1"
    sent = recorder.requests[0]
    assert sent.method == "GET"
    assert parse_qsl(sent.url.query.decode()) == [
        ("To", "+15558675310"),
        ("Status", "queued"),
        ("Status", "sent"),
        ("Flag", "true"),
    ]
    assert sent.headers["X-Custom"] == "yes"
    assert sent.headers["Authorization"] == basic(ACCOUNT, TOKEN)
    assert sent.headers["User-Agent"].startswith("twilio-sdk/")


def test_post_form_and_auth_override() -> None:
    recorder = Recorder(httpx.Response(201, json={"sid": "SM1"}))
    client = sync_client(recorder)
    response = client.request(
        "POST",
        BASE + "/Messages.json",
        data={"To": "+1555", "Body": "hi there", "Drop": None},
        auth=("SK" + "2" * 32, "key-secret"),
    )
    assert response.status_code == 201
    sent = recorder.requests[0]
    assert sent.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert parse_qsl(sent.content.decode()) == [("To", "+1555"), ("Body", "hi there")]
    assert sent.headers["Authorization"] == basic("SK" + "2" * 32, "key-secret")
    assert TOKEN not in str(sent.headers)


def test_errors_raise_with_request_id_and_retries_apply() -> None:
    recorder = Recorder(
        httpx.Response(503, json={"message": "busy"}),
        httpx.Response(200, json={}),
    )
    client = sync_client(recorder)
    assert client.request("GET", BASE + ".json").status_code == 200
    assert len(recorder.requests) == 2  # a GET is retried after a 503
    missing = Recorder(
        httpx.Response(
            404, json={"code": 20404, "message": "nope"}, headers={"Twilio-Request-Id": "RQ9"}
        )
    )
    with pytest.raises(NotFoundError) as error:
        sync_client(missing).request("GET", BASE + "/Nothing.json")
    assert error.value.request_id == "RQ9" and error.value.code == 20404


def test_timeout_applies_to_one_call() -> None:
    recorder = Recorder(httpx.Response(200, json={}))
    client = sync_client(recorder)
    client.request("GET", BASE + ".json", timeout=2.5)
    client.request("GET", BASE + ".json")
    first, second = (r.extensions["timeout"] for r in recorder.requests)
    assert first["read"] == 2.5 and first["connect"] == 2.5
    assert second["read"] == 7.0  # the supplied client's own default again


def test_timeout_on_an_owned_transport(monkeypatch: pytest.MonkeyPatch) -> None:
    from twilio_sdk import _pipeline

    recorder = Recorder(httpx.Response(200, json={}))
    monkeypatch.setattr(_pipeline, "new_transport", lambda *a: httpx.MockTransport(recorder))
    monkeypatch.setattr(_pipeline, "uses_proxy", lambda: False)
    client = Client(ACCOUNT, TOKEN, timeout=30.0)
    client.request("GET", BASE + ".json", timeout=1.5)
    client.request("GET", BASE + ".json")
    first, second = (r.extensions["timeout"] for r in recorder.requests)
    assert first["read"] == 1.5 and second["read"] == 30.0
    client.close()


def test_redirects() -> None:
    moved = httpx.Response(302, headers={"Location": "/2010-04-01/Elsewhere.json"})
    recorder = Recorder(moved, httpx.Response(200, json={"there": 1}))
    client = sync_client(recorder)
    assert client.request("GET", BASE + ".json").status_code == 302  # not followed by default
    recorder.responses = [moved, httpx.Response(200, json={"there": 1})]
    recorder.requests.clear()
    followed = client.request("POST", BASE + ".json", data={"a": "b"}, allow_redirects=True)
    assert followed.json() == {"there": 1}
    assert [(r.method, r.url.path) for r in recorder.requests] == [
        ("POST", "/2010-04-01/Accounts/" + ACCOUNT + ".json"),
        ("GET", "/2010-04-01/Elsewhere.json"),
    ]
    assert recorder.requests[1].headers["Authorization"] == basic(ACCOUNT, TOKEN)
    away = Recorder(httpx.Response(307, headers={"Location": "https://evil.example/steal"}))
    with pytest.raises(UnsafeURLError):
        sync_client(away).request("GET", BASE + ".json", allow_redirects=True)
    assert len(away.requests) == 1


def test_region_and_edge_route_the_url() -> None:
    recorder = Recorder(httpx.Response(200, json={}))
    client = sync_client(recorder, region="au1", edge="sydney")
    client.request("GET", BASE + ".json")
    assert recorder.requests[0].url.host == "api.sydney.au1.twilio.com"


def test_async_request() -> None:
    recorder = Recorder(
        httpx.Response(500, json={"message": "x"}),
        httpx.Response(200, json={"sid": "SM1"}, headers={"Twilio-Request-Id": "RQ2"}),
    )

    async def main() -> httpx.Response:
        async with async_client(recorder) as client:
            client._pipeline._sleep = _no_sleep
            return await client.request(
                "GET",
                BASE + "/Messages.json",
                params={"To": "+1555"},
                headers={"X-A": "b"},
                auth=("user", "pass"),
                timeout=3.0,
            )

    response = asyncio.run(main())
    assert response.status_code == 200 and response.json() == {"sid": "SM1"}
    assert response.headers["Twilio-Request-Id"] == "RQ2"
    assert len(recorder.requests) == 2
    sent = recorder.requests[-1]
    assert sent.headers["Authorization"] == basic("user", "pass")
    assert sent.headers["X-A"] == "b" and sent.url.params["To"] == "+1555"
    assert sent.extensions["timeout"]["read"] == 3.0


async def _no_sleep(_delay: float) -> None:
    return None


def test_async_errors_raise() -> None:
    recorder = Recorder(httpx.Response(404, json={"message": "gone"}))

    async def main() -> None:
        async with async_client(recorder) as client:
            await client.request("DELETE", BASE + "/Messages/SM1.json")

    with pytest.raises(NotFoundError):
        asyncio.run(main())
