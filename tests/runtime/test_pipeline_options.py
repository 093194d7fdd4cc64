"""The pipeline's derived copies (`with_credentials`, `with_timeout`, `with_options`), what it
logs and raises when a call cannot complete, the call deadline, its repr and the async token
fetch: the parts of twilio_sdk._pipeline that test_pipeline.py does not pin down."""

from __future__ import annotations

import asyncio
import base64
import logging
import re
import ssl
from types import SimpleNamespace
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest
from test_pipeline import (
    ACCOUNT,
    AUTH_VALUE,
    CREDS,
    URL,
    Recorder,
    make_async,
    make_sync,
    ok,
    status,
)

from twilio_sdk import _pipeline
from twilio_sdk._aiohttp import AiohttpTransport
from twilio_sdk._auth_resolution import Credentials
from twilio_sdk._errors import (
    ArgumentTypeError,
    ClientStateError,
    InvalidArgumentError,
    ServerError,
    TwilioConnectionError,
)
from twilio_sdk._httpcore import HttpcorePool
from twilio_sdk._pipeline import AsyncPipeline, SyncPipeline
from twilio_sdk._retry import RetryPolicy
from twilio_sdk.credential import OrgsCredentialProvider

OTHER = Credentials("AC" + "2" * 32, "other-token", "AC" + "2" * 32)
OTHER_AUTH = "Basic " + base64.b64encode(f"{OTHER.username}:other-token".encode()).decode()


def fake_clock(monkeypatch: pytest.MonkeyPatch, monotonic: list[float], perf: list[float]) -> None:
    """The pipeline's clocks (and only its own) read from the given lists."""
    mono, counter = iter(monotonic), iter(perf)
    clock = SimpleNamespace(
        monotonic=lambda: next(mono), perf_counter=lambda: next(counter), sleep=lambda _: None
    )
    monkeypatch.setattr(_pipeline, "time", clock)


# --------------------------------------------------------------------------- derived copies


def test_with_credentials_authenticates_as_the_other_account() -> None:
    recorder = Recorder(ok())
    pipeline, _ = make_sync(recorder)
    other = pipeline.with_credentials(OTHER)
    other.request("GET", URL)
    pipeline.request("GET", URL)
    assert [r.headers["Authorization"] for r in recorder.requests] == [OTHER_AUTH, AUTH_VALUE]
    assert other.credentials is OTHER and pipeline.credentials is CREDS
    assert repr(other) == f"<SyncPipeline account_sid={OTHER.account_sid!r} http_client=supplied>"


def test_a_derived_pipeline_never_closes_the_shared_pool() -> None:
    recorder = Recorder(ok())
    pipeline, _ = make_sync(recorder)
    pipeline._owns_client = True  # as if it had opened the pool itself
    for derived in (
        pipeline.with_credentials(OTHER),
        pipeline.with_timeout(5.0),
        pipeline.with_options(retry=RetryPolicy(max_retries=0)),
    ):
        derived.close()
        assert "http_client=supplied" in repr(derived)
    assert pipeline._client is not None and not pipeline._client.is_closed
    pipeline.request("GET", URL)


def test_with_timeout_applies_to_a_supplied_client_too() -> None:
    timeouts = {"connect": 2.5, "read": 2.5, "write": 2.5, "pool": 2.5}
    recorder = Recorder(ok())
    pipeline, _ = make_sync(recorder)
    pipeline.with_timeout(2.5).request("GET", URL)
    pipeline.request("GET", URL)  # the original keeps the client's own (httpx's 5 s)
    assert recorder.requests[0].extensions["timeout"] == timeouts
    assert recorder.requests[1].extensions["timeout"]["read"] == 5.0

    async def run() -> None:
        apipeline, _ = make_async(recorder)
        await apipeline.with_timeout(2.5).request("GET", URL)
        await apipeline.aclose()

    asyncio.run(run())
    assert recorder.requests[2].extensions["timeout"] == timeouts


def test_with_timeout_applies_to_the_owned_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    recorder = Recorder(ok())
    monkeypatch.setattr(_pipeline, "uses_proxy", lambda: False)
    monkeypatch.setattr(_pipeline, "new_transport", lambda *_: httpx.MockTransport(recorder))
    with SyncPipeline(CREDS, timeout=60.0) as pipeline:
        pipeline.with_timeout(2.5).request("GET", URL)
        pipeline.request("GET", URL)
    assert [r.extensions["timeout"]["read"] for r in recorder.requests] == [2.5, 60.0]


def test_with_options_replaces_the_retry_policy() -> None:
    recorder = Recorder(status(503), status(503), ok())
    pipeline, sleeps = make_sync(recorder)
    with pytest.raises(ServerError):
        pipeline.with_options(retry=RetryPolicy(max_retries=0)).request("GET", URL)
    assert recorder.attempts == 1 and sleeps == []
    pipeline.with_options(headers={"X-A": "1"}).request("GET", URL)  # keeps the policy: a retry
    assert recorder.attempts == 3 and len(sleeps) == 1


def test_with_options_headers_go_on_every_request_kind() -> None:
    recorder = Recorder(ok())
    pipeline, _ = make_sync(recorder)
    tuned = pipeline.with_options(headers={"X-Trace": "t-1"})
    tuned.request("GET", URL)
    tuned.request("POST", URL, auth="none")  # the bare header set (no Authorization) too
    pipeline.request("GET", URL)
    first, bare, original = recorder.requests
    assert first.headers["X-Trace"] == "t-1" and first.headers["Authorization"] == AUTH_VALUE
    assert bare.headers["X-Trace"] == "t-1" and "Authorization" not in bare.headers
    assert "X-Trace" not in original.headers


@pytest.mark.parametrize(
    ("headers", "error", "message"),
    [
        ({"authorization": "Basic x"}, ValueError, "headers: set credentials, not Authorization"),
        ({"X-A": 1}, TypeError, "headers['X-A']: expected a string"),
        (
            {"X-A": "a\r\nB: b"},
            ValueError,
            "headers['X-A']: a header value may not contain CR, LF or NUL: 'a\\r\\nB: b'",
        ),
    ],
)
def test_with_options_refuses_unsafe_headers_by_name(
    headers: dict[str, Any], error: type[Exception], message: str
) -> None:
    pipeline, _ = make_sync(Recorder(ok()))
    with pytest.raises(error, match=f"^{re.escape(message)}$"):
        pipeline.with_options(headers=headers)


# --------------------------------------------------------------------------- failures


def test_a_transport_failure_says_how_many_attempts_were_made(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="twilio_sdk")
    recorder = Recorder(httpx.ConnectError("refused"))
    pipeline, _ = make_sync(recorder, policy=RetryPolicy(max_retries=1))
    with pytest.raises(TwilioConnectionError) as info:
        pipeline.request("GET", URL)
    message = f"GET {URL} failed after 2 attempts: ConnectError: refused"
    assert str(info.value) == message
    assert caplog.messages[-1] == message


def test_a_transport_failure_without_a_message_says_so() -> None:
    pipeline, _ = make_sync(Recorder(httpx.ConnectError("")), policy=RetryPolicy(max_retries=0))
    with pytest.raises(TwilioConnectionError) as info:
        pipeline.request("GET", URL)
    assert str(info.value) == f"GET {URL} failed after 1 attempt: ConnectError: no details"


def test_each_retry_is_logged_with_its_reason(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="twilio_sdk")
    recorder = Recorder(status(503), httpx.ConnectError("refused"), ok())
    pipeline, _ = make_sync(recorder, policy=RetryPolicy(backoff_base=0.0, backoff_max=0.0))
    pipeline.request("GET", URL)
    assert caplog.messages == [
        f"Retrying GET {URL} in 0.00s after HTTP 503 (retry 1 of 2)",
        f"Retrying GET {URL} in 0.00s after ConnectError (retry 2 of 2)",
    ]


def test_each_attempt_is_logged_with_its_duration(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="twilio_sdk")
    fake_clock(monkeypatch, [0.0, 0.0], [10.0, 10.25])
    pipeline, _ = make_sync(Recorder(ok()))
    pipeline.request("GET", URL)
    assert caplog.messages == [f"GET {URL} -> 200 (250.0 ms)"]


@pytest.mark.parametrize(
    "outcome", [httpx.ConnectError("refused"), status(503)], ids=["connect-error", "503"]
)
def test_no_retry_once_the_call_deadline_has_passed(
    monkeypatch: pytest.MonkeyPatch, outcome: Any
) -> None:
    """The call began 5 s before its first answer: with a 1 s deadline nothing is retried."""
    fake_clock(monkeypatch, [0.0, 5.0], [])
    recorder = Recorder(outcome)
    policy = RetryPolicy(backoff_base=0.0, backoff_max=0.0, deadline=1.0)
    pipeline, sleeps = make_sync(recorder, policy=policy)
    with pytest.raises((TwilioConnectionError, ServerError)):
        pipeline.request("GET", URL)
    assert recorder.attempts == 1 and sleeps == []


# --------------------------------------------------------------------------- repr, tokens


def test_repr_says_who_authenticates_and_whose_pool_it_is(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_pipeline, "uses_proxy", lambda: False)
    monkeypatch.setattr(_pipeline, "new_transport", lambda *_: httpx.MockTransport(Recorder(ok())))
    monkeypatch.setattr(_pipeline, "new_async_transport", lambda *_: httpx.MockTransport(ok))
    provider = OrgsCredentialProvider("OQ" + "2" * 32, "client-secret")
    who = f"account_sid={ACCOUNT!r}"
    assert repr(SyncPipeline(CREDS)) == f"<SyncPipeline {who} http_client=owned>"
    assert repr(AsyncPipeline(CREDS)) == f"<AsyncPipeline {who} http_client=owned>"
    supplied = AsyncPipeline(CREDS, http_client=httpx.AsyncClient())
    assert repr(supplied) == f"<AsyncPipeline {who} http_client=supplied>"
    for cls in (SyncPipeline, AsyncPipeline):
        expected = f"<{cls.__name__} credential_provider={provider!r} http_client=owned>"
        assert repr(cls(CREDS, credential_provider=provider)) == expected
        assert "client-secret" not in expected


def test_the_async_pipeline_fetches_its_bearer_token_with_a_form_post() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/v1/token":
            return httpx.Response(200, json={"access_token": "tok", "expires_in": 3600})
        return httpx.Response(200, json={})

    provider = OrgsCredentialProvider("OQ" + "2" * 32, "client-secret")

    async def run() -> None:
        client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
        async with AsyncPipeline(None, credential_provider=provider, http_client=client) as p:
            await p.request("GET", URL)

    asyncio.run(run())
    token_request, call = seen
    assert token_request.method == "POST"
    assert "Authorization" not in token_request.headers
    assert dict(parse_qsl(token_request.content.decode())) == {
        "grant_type": "client_credentials",
        "client_id": "OQ" + "2" * 32,
        "client_secret": "client-secret",
    }
    assert call.headers["Authorization"] == "Bearer tok"


# --------------------------------------------------------------------------- own pools


def test_the_owned_pool_has_max_connections(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_pipeline, "uses_proxy", lambda: False)
    with SyncPipeline(CREDS, max_connections=3) as pipeline:
        assert isinstance(pipeline._transport, HttpcorePool)
        assert pipeline._transport._pool._max_connections == 3


def test_a_given_http_proxy_keeps_the_async_pool_on_aiohttp(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Only the proxy given counts, not a SOCKS proxy in the environment."""
    monkeypatch.setenv("ALL_PROXY", "socks5://proxy:1080")
    pipeline = AsyncPipeline(CREDS, proxy="http://proxy:3128")
    assert isinstance(pipeline._transport, AiohttpTransport) and pipeline._client is None
    asyncio.run(pipeline.aclose())


def test_the_async_pipeline_sends_body_and_headers_through_a_generic_owned_transport(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    recorder = Recorder(ok())
    monkeypatch.setattr(_pipeline, "new_async_transport", lambda *_: httpx.MockTransport(recorder))

    async def run() -> httpx.Response:
        async with AsyncPipeline(CREDS) as pipeline:
            return await pipeline.request("POST", URL, data=[("Body", "hi")])

    response = asyncio.run(run())
    (request,) = recorder.requests
    assert request.content == b"Body=hi" and request.headers["Authorization"] == AUTH_VALUE
    assert response.request is request
    assert 0 <= response.elapsed.total_seconds() < 60


def test_the_owned_httpx_client_gets_timeout_pool_size_and_verification(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Where the environment's proxies need httpx.Client's routing."""
    monkeypatch.setattr(_pipeline, "uses_proxy", lambda: True)
    with SyncPipeline(CREDS, timeout=12.0, max_connections=3) as pipeline:
        client = pipeline._client
        assert isinstance(client, httpx.Client)
        assert client.timeout == httpx.Timeout(12.0)
        pool = client._transport._pool  # type: ignore[attr-defined]
        assert pool._max_connections == 3
        assert pool._ssl_context.verify_mode == ssl.CERT_REQUIRED


def test_an_owned_transports_response_says_how_long_it_took(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_pipeline, "uses_proxy", lambda: False)
    monkeypatch.setattr(_pipeline, "new_transport", lambda *_: httpx.MockTransport(Recorder(ok())))
    with SyncPipeline(CREDS) as pipeline:
        response = pipeline.request("GET", URL)
    assert 0 <= response.elapsed.total_seconds() < 60


# --------------------------------------------------------------------------- refusals, said whole


def test_a_closed_pipeline_refuses_to_send() -> None:
    pipeline = SyncPipeline(Credentials("AC" + "1" * 32, "t", "AC" + "1" * 32))
    pipeline.close()
    with pytest.raises(ClientStateError) as info:
        pipeline.request("GET", "https://api.twilio.com/x")
    assert str(info.value) == "the pipeline has been closed"


@pytest.mark.parametrize(
    ("cls", "expected"), [(SyncPipeline, "Client"), (AsyncPipeline, "AsyncClient")]
)
def test_a_foreign_http_client_is_refused_naming_both_types(cls: Any, expected: str) -> None:
    with pytest.raises(ArgumentTypeError) as info:
        cls(None, http_client=object())
    assert str(info.value) == f"http_client must be an httpx.{expected}, not object"


def test_a_socks_proxy_without_socksio_is_refused_saying_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import builtins

    real_import = builtins.__import__

    def without_socksio(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "socksio":
            raise ImportError("No module named 'socksio'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", without_socksio)
    with pytest.raises(InvalidArgumentError) as info:  # when the pipeline opens its pool
        AsyncPipeline(None, proxy="socks5://user:secret@127.0.0.1:9")
    assert str(info.value) == "a SOCKS proxy needs the socksio package: pip install 'httpx[socks]'"
    assert "secret" not in str(info.value)
