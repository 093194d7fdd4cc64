"""Tests for twilio_sdk._pipeline and twilio_sdk._retry (no network, no real sleeping)."""

from __future__ import annotations

import asyncio
import base64
import email.utils
import json
import logging
import platform
import time
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest

from twilio_sdk import _pipeline, _wire
from twilio_sdk._auth_resolution import Credentials
from twilio_sdk._errors import (
    BadRequestError,
    NotFoundError,
    RateLimitError,
    ServerError,
    TwilioConnectionError,
    TwilioRestException,
    TwilioTimeoutError,
)
from twilio_sdk._httpcore import HttpcorePool
from twilio_sdk._pipeline import NO_JSON, USER_AGENT, AsyncPipeline, SyncPipeline
from twilio_sdk._retry import (
    RetryEvent,
    RetryPolicy,
    parse_retry_after,
    retry_delay_for_error,
    retry_delay_for_status,
)

ACCOUNT = "AC00000000000000000000000000000001"
PASSWORD = "sup3r-SECRET-token"
CREDS = Credentials(ACCOUNT, PASSWORD, ACCOUNT)
AUTH_VALUE = "Basic " + base64.b64encode(f"{ACCOUNT}:{PASSWORD}".encode()).decode()
URL = f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}/Messages.json"

Handler = Callable[[httpx.Request], httpx.Response]


class Recorder:
    """A MockTransport handler replaying scripted outcomes and recording requests."""

    def __init__(self, *outcomes: httpx.Response | type[Exception] | Exception) -> None:
        self.outcomes = list(outcomes)
        self.requests: list[httpx.Request] = []
        self.responses: list[httpx.Response] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        outcome = self.outcomes.pop(0) if len(self.outcomes) > 1 else self.outcomes[0]
        if isinstance(outcome, type):
            raise outcome("scripted failure", request=request)  # type: ignore[call-arg]
        if isinstance(outcome, Exception):
            raise outcome
        response = httpx.Response(
            outcome.status_code, headers=outcome.headers, content=outcome.content
        )
        self.responses.append(response)
        return response

    @property
    def attempts(self) -> int:
        return len(self.requests)


def ok(body: object = None) -> httpx.Response:
    return httpx.Response(200, json=body if body is not None else {"sid": "SM1"})


def status(code: int, headers: dict[str, str] | None = None, body: object = None) -> httpx.Response:
    return httpx.Response(code, headers=headers, json=body or {"message": f"status {code}"})


class Sleeps(list[float]):
    """An injected sleep that records delays instead of sleeping."""

    def __call__(self, delay: float) -> None:
        self.append(delay)


class AsyncSleeps(list[float]):
    async def __call__(self, delay: float) -> None:
        self.append(delay)


def make_sync(
    recorder: Recorder, *, policy: RetryPolicy | None = None, **kwargs: Any
) -> tuple[SyncPipeline, Sleeps]:
    sleeps = Sleeps()
    client = httpx.Client(transport=httpx.MockTransport(recorder))
    pipeline = SyncPipeline(
        CREDS, http_client=client, retry=policy or RetryPolicy(), sleep=sleeps, **kwargs
    )
    return pipeline, sleeps


def make_async(
    recorder: Recorder, *, policy: RetryPolicy | None = None, **kwargs: Any
) -> tuple[AsyncPipeline, AsyncSleeps]:
    sleeps = AsyncSleeps()
    client = httpx.AsyncClient(transport=httpx.MockTransport(recorder))
    pipeline = AsyncPipeline(
        CREDS, http_client=client, retry=policy or RetryPolicy(), sleep=sleeps, **kwargs
    )
    return pipeline, sleeps


class ClosingMockTransport(httpx.MockTransport):
    """A MockTransport that records being closed (stands in for the owned HTTPTransport)."""

    closed = False

    def close(self) -> None:
        self.closed = True

    async def aclose(self) -> None:
        self.closed = True


@pytest.fixture
def owned_transport(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Recorder], Any]]:
    """Make pipelines that own their transport send through a mock instead."""
    made: list[ClosingMockTransport] = []

    def install(recorder: Recorder) -> ClosingMockTransport:
        transport = ClosingMockTransport(recorder)
        made.append(transport)
        monkeypatch.setattr(_pipeline, "uses_proxy", lambda: False)
        monkeypatch.setattr(_pipeline, "new_transport", lambda *_: transport)
        monkeypatch.setattr(_pipeline, "new_async_transport", lambda *_: transport)
        return transport

    yield install


# --------------------------------------------------------------------------- request encoding


def test_headers_auth_and_user_agent() -> None:
    recorder = Recorder(ok())
    pipeline, _ = make_sync(recorder, user_agent_extensions=["my-app/1.2", "extra"])
    pipeline.request("GET", URL)
    headers = recorder.requests[0].headers
    assert headers["Authorization"] == AUTH_VALUE
    assert headers["Accept"] == "application/json"
    assert headers["Accept-Charset"] == "utf-8"
    assert headers["User-Agent"] == USER_AGENT + " my-app/1.2 extra"
    assert "content-type" not in headers
    assert headers.get_list("user-agent") == [USER_AGENT + " my-app/1.2 extra"]


def test_user_agent_format() -> None:
    expected = f"({platform.system()} {platform.machine()}) Python/{platform.python_version()}"
    assert USER_AGENT.startswith("twilio-sdk/")
    assert USER_AGENT.endswith(expected)
    version = USER_AGENT.split()[0].split("/")[1]
    assert version and version[0].isdigit()


def test_form_body_with_repeated_keys() -> None:
    recorder = Recorder(ok())
    pipeline, _ = make_sync(recorder)
    data = [
        ("To", "+15551234567"),
        ("Body", "héllo & goodbye=1"),
        ("MediaUrl", "https://a.example/1.png"),
        ("MediaUrl", "https://a.example/2.png"),
    ]
    pipeline.request("POST", URL, data=data)
    request = recorder.requests[0]
    assert request.method == "POST"
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    body = request.content.decode("ascii")
    assert parse_qsl(body) == data
    assert body.count("MediaUrl=") == 2
    assert request.headers["Content-Length"] == str(len(request.content))


def test_empty_post_is_announced_as_form() -> None:
    recorder = Recorder(ok())
    pipeline, _ = make_sync(recorder)
    pipeline.request("POST", URL)
    pipeline.request("POST", URL, data=[])
    for request in recorder.requests:
        assert request.content == b""
        assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
        assert request.headers["Content-Length"] == "0"


def test_json_body() -> None:
    recorder = Recorder(ok())
    pipeline, _ = make_sync(recorder)
    payload = {"friendly_name": "café", "items": [1, 2, {"a": None}]}
    pipeline.request("POST", URL, json=payload)
    request = recorder.requests[0]
    assert request.headers["Content-Type"] == "application/json"
    assert json.loads(request.content) == payload


def test_json_none_is_a_null_body_but_default_is_no_body() -> None:
    recorder = Recorder(ok())
    pipeline, _ = make_sync(recorder)
    pipeline.request("POST", URL, json=None)
    pipeline.request("DELETE", URL, json=NO_JSON)
    assert recorder.requests[0].content == b"null"
    assert recorder.requests[1].content == b""
    assert "content-type" not in recorder.requests[1].headers


def test_data_and_json_together_rejected() -> None:
    pipeline, _ = make_sync(Recorder(ok()))
    with pytest.raises(TypeError):
        pipeline.request("POST", URL, data=[("a", "b")], json={"a": "b"})


def test_query_pairs() -> None:
    recorder = Recorder(ok())
    pipeline, _ = make_sync(recorder)
    params = [("To", "+1 555"), ("Status", "queued"), ("Status", "sent"), ("DateSent>", "2024")]
    pipeline.request("GET", URL, params=params)
    pipeline.request("GET", URL + "?PageSize=2", params=[("Page", "1")])
    pipeline.request("GET", URL, params=[])
    first, second, third = recorder.requests
    assert first.url.params.multi_items() == params
    assert first.url.path == URL.split("twilio.com")[1]
    assert second.url.params.multi_items() == [("PageSize", "2"), ("Page", "1")]
    assert str(third.url) == URL


def test_extra_headers_override_case_insensitively() -> None:
    recorder = Recorder(ok())
    pipeline, _ = make_sync(recorder)
    pipeline.request(
        "POST",
        URL,
        json={"a": 1},
        headers={"content-type": "application/scim+json", "X-Custom": "1"},
    )
    pipeline.request("POST", URL, json={"a": 1})
    first, second = recorder.requests
    assert first.headers.get_list("content-type") == ["application/scim+json"]
    assert first.headers["X-Custom"] == "1"
    assert first.headers["Authorization"] == AUTH_VALUE
    # The precomputed header sets were not mutated by the override.
    assert second.headers["Content-Type"] == "application/json"
    assert "x-custom" not in second.headers


def test_method_is_uppercased() -> None:
    recorder = Recorder(ok())
    pipeline, _ = make_sync(recorder)
    pipeline.request("get", URL)
    assert recorder.requests[0].method == "GET"


def test_success_and_redirect_are_returned() -> None:
    recorder = Recorder(ok({"sid": "SM9"}), httpx.Response(302, headers={"Location": "/x"}))
    pipeline, sleeps = make_sync(recorder)
    response = pipeline.request("GET", URL)
    assert response.status_code == 200
    assert response.json() == {"sid": "SM9"}
    assert pipeline.request("GET", URL).status_code == 302
    assert recorder.attempts == 2  # the redirect was not followed
    assert sleeps == []


def test_error_response_raises_mapped_exception() -> None:
    body = {"code": 20404, "message": "not found", "more_info": "https://x/20404", "status": 404}
    recorder = Recorder(status(404, body=body))
    pipeline, sleeps = make_sync(recorder)
    with pytest.raises(NotFoundError) as info:
        pipeline.request("GET", URL, params=[("PageSize", "1")])
    error = info.value
    assert (error.status, error.code, error.message) == (404, 20404, "not found")
    assert error.more_info == "https://x/20404"
    assert error.method == "GET"
    assert error.uri == URL + "?PageSize=1"
    assert recorder.attempts == 1
    assert sleeps == []


def test_400_on_get_not_retried() -> None:
    recorder = Recorder(status(400))
    pipeline, sleeps = make_sync(recorder)
    with pytest.raises(BadRequestError):
        pipeline.request("GET", URL)
    assert recorder.attempts == 1


# --------------------------------------------------------------------------- retries


def test_429_with_retry_after_seconds() -> None:
    recorder = Recorder(status(429, {"Retry-After": "3"}), ok())
    pipeline, sleeps = make_sync(recorder)
    assert pipeline.request("POST", URL, data=[("To", "+1")]).status_code == 200
    assert recorder.attempts == 2
    assert sleeps == [3.0]
    # The retried request carries the same body.
    assert recorder.requests[0].content == recorder.requests[1].content == b"To=%2B1"


def test_429_with_retry_after_http_date() -> None:
    when = email.utils.formatdate(time.time() + 30, usegmt=True)
    recorder = Recorder(status(429, {"Retry-After": when}), ok())
    pipeline, sleeps = make_sync(recorder)
    pipeline.request("POST", URL)
    assert recorder.attempts == 2
    assert len(sleeps) == 1
    assert 27.0 <= sleeps[0] <= 30.5


def test_429_retry_after_is_capped() -> None:
    recorder = Recorder(status(429, {"Retry-After": "3600"}), ok())
    pipeline, sleeps = make_sync(recorder, policy=RetryPolicy(retry_after_max=10.0))
    pipeline.request("GET", URL)
    assert sleeps == [10.0]


def test_429_without_retry_after_uses_backoff() -> None:
    recorder = Recorder(status(429), status(429), ok())
    policy = RetryPolicy(backoff_base=1.0, backoff_max=100.0)
    pipeline, sleeps = make_sync(recorder, policy=policy)
    pipeline.request("POST", URL)
    assert recorder.attempts == 3
    assert 0.5 <= sleeps[0] <= 1.0
    assert 1.0 <= sleeps[1] <= 2.0


def test_429_exhausted_raises_rate_limit_error() -> None:
    recorder = Recorder(status(429, {"Retry-After": "1"}))
    pipeline, sleeps = make_sync(recorder, policy=RetryPolicy(max_retries=3))
    with pytest.raises(RateLimitError) as info:
        pipeline.request("POST", URL)
    assert info.value.status == 429
    assert recorder.attempts == 4
    assert sleeps == [1.0, 1.0, 1.0]


def test_failed_responses_are_closed_before_retrying() -> None:
    recorder = Recorder(status(429, {"Retry-After": "0"}), status(503), ok())
    pipeline, _ = make_sync(recorder)
    pipeline.request("GET", URL)
    assert [r.is_closed for r in recorder.responses[:2]] == [True, True]


@pytest.mark.parametrize("code", [500, 502, 503, 504])
@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS", "PUT", "DELETE"])
def test_5xx_on_idempotent_method_retried(code: int, method: str) -> None:
    recorder = Recorder(status(code), ok())
    pipeline, sleeps = make_sync(recorder)
    assert pipeline.request(method, URL).status_code == 200
    assert recorder.attempts == 2
    assert len(sleeps) == 1


def test_503_retry_after_honoured_on_get() -> None:
    recorder = Recorder(status(503, {"Retry-After": "2"}), ok())
    pipeline, sleeps = make_sync(recorder)
    pipeline.request("GET", URL)
    assert sleeps == [2.0]


@pytest.mark.parametrize("code", [500, 502, 503, 504])
@pytest.mark.parametrize("method", ["POST", "PATCH"])
def test_5xx_on_post_not_retried(code: int, method: str) -> None:
    recorder = Recorder(status(code), ok())
    pipeline, sleeps = make_sync(recorder)
    with pytest.raises(ServerError) as info:
        pipeline.request(method, URL, data=[("a", "b")])
    assert info.value.status == code
    assert recorder.attempts == 1
    assert sleeps == []


def test_503_exhausted_raises_server_error() -> None:
    recorder = Recorder(status(503))
    pipeline, sleeps = make_sync(recorder)
    with pytest.raises(ServerError):
        pipeline.request("GET", URL)
    assert recorder.attempts == 3  # default max_retries=2
    assert len(sleeps) == 2


def test_connect_error_on_post_retried() -> None:
    recorder = Recorder(httpx.ConnectError, httpx.ConnectTimeout, ok())
    pipeline, sleeps = make_sync(recorder)
    assert pipeline.request("POST", URL, data=[("a", "b")]).status_code == 200
    assert recorder.attempts == 3
    assert len(sleeps) == 2


def test_pool_timeout_on_post_retried() -> None:
    recorder = Recorder(httpx.PoolTimeout, ok())
    pipeline, _ = make_sync(recorder)
    assert pipeline.request("POST", URL).status_code == 200
    assert recorder.attempts == 2


def test_connect_error_exhausted_raises_connection_error() -> None:
    recorder = Recorder(httpx.ConnectError)
    pipeline, sleeps = make_sync(recorder)
    with pytest.raises(TwilioConnectionError) as info:
        pipeline.request("POST", URL)
    error = info.value
    assert not isinstance(error, TwilioTimeoutError)
    assert isinstance(error.__cause__, httpx.ConnectError)
    assert recorder.attempts == 3
    assert "after 3 attempts" in str(error)
    assert "ConnectError" in str(error)
    assert (error.method, error.url) == ("POST", URL)


def test_connect_timeout_exhausted_raises_timeout_error() -> None:
    recorder = Recorder(httpx.ConnectTimeout)
    pipeline, _ = make_sync(recorder, policy=RetryPolicy(max_retries=1))
    with pytest.raises(TwilioTimeoutError) as info:
        pipeline.request("GET", URL)
    assert isinstance(info.value.__cause__, httpx.ConnectTimeout)
    assert recorder.attempts == 2


@pytest.mark.parametrize(
    "error", [httpx.ReadTimeout, httpx.ReadError, httpx.RemoteProtocolError, httpx.WriteError]
)
def test_read_failure_on_post_not_retried(error: type[httpx.TransportError]) -> None:
    recorder = Recorder(error, ok())
    pipeline, sleeps = make_sync(recorder)
    with pytest.raises(TwilioConnectionError) as info:
        pipeline.request("POST", URL, data=[("To", "+1")])
    assert isinstance(info.value.__cause__, error)
    assert isinstance(info.value, TwilioTimeoutError) == issubclass(error, httpx.TimeoutException)
    assert recorder.attempts == 1
    assert sleeps == []
    assert "after 1 attempt:" in str(info.value)


@pytest.mark.parametrize(
    "error",
    [
        httpx.ReadTimeout,
        httpx.ReadError,
        httpx.RemoteProtocolError,
        httpx.WriteError,
        httpx.WriteTimeout,
    ],
)
def test_read_failure_on_get_retried(error: type[httpx.TransportError]) -> None:
    recorder = Recorder(error, ok())
    pipeline, sleeps = make_sync(recorder)
    assert pipeline.request("GET", URL).status_code == 200
    assert recorder.attempts == 2
    assert len(sleeps) == 1


def test_read_timeout_on_get_exhausted() -> None:
    recorder = Recorder(httpx.ReadTimeout)
    pipeline, _ = make_sync(recorder)
    with pytest.raises(TwilioTimeoutError):
        pipeline.request("GET", URL)
    assert recorder.attempts == 3


def test_other_transport_errors_not_retried() -> None:
    recorder = Recorder(httpx.UnsupportedProtocol, ok())
    pipeline, _ = make_sync(recorder)
    with pytest.raises(TwilioConnectionError):
        pipeline.request("GET", URL)
    assert recorder.attempts == 1


def test_max_retries_zero_disables_retries() -> None:
    policy = RetryPolicy(max_retries=0)
    for outcome in (status(429, {"Retry-After": "1"}), status(503), httpx.ConnectError):
        recorder = Recorder(outcome, ok())
        pipeline, sleeps = make_sync(recorder, policy=policy)
        with pytest.raises((TwilioRestException, TwilioConnectionError)):
            pipeline.request("GET", URL)
        assert recorder.attempts == 1
        assert sleeps == []


def test_on_retry_hook_receives_events() -> None:
    events: list[RetryEvent] = []
    order: list[str] = []

    def hook(event: RetryEvent) -> None:
        events.append(event)
        order.append("hook")

    recorder = Recorder(status(429, {"Retry-After": "4"}), httpx.ConnectError, ok())
    sleeps = Sleeps()

    def sleep(delay: float) -> None:
        order.append("sleep")
        sleeps(delay)

    client = httpx.Client(transport=httpx.MockTransport(recorder))
    pipeline = SyncPipeline(
        CREDS, http_client=client, retry=RetryPolicy(on_retry=hook), sleep=sleep
    )
    pipeline.request("POST", URL)
    assert order == ["hook", "sleep", "hook", "sleep"]
    first, second = events
    assert (first.attempt, first.method, first.url) == (1, "POST", URL)
    assert (first.status, first.error, first.delay) == (429, None, 4.0)
    assert (second.attempt, second.status) == (2, None)
    assert isinstance(second.error, httpx.ConnectError)
    assert second.delay == sleeps[1]


def test_hook_not_called_without_retry() -> None:
    events: list[RetryEvent] = []
    pipeline, _ = make_sync(Recorder(status(500)), policy=RetryPolicy(on_retry=events.append))
    with pytest.raises(ServerError):
        pipeline.request("POST", URL)
    assert events == []


# --------------------------------------------------------------------------- retry policy units


def test_backoff_grows_and_stays_within_bounds() -> None:
    policy = RetryPolicy(backoff_base=0.5, backoff_max=8.0)
    ceilings = [policy.backoff_ceiling(attempt) for attempt in range(1, 9)]
    assert ceilings == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0, 8.0]
    for attempt, ceiling in enumerate(ceilings, start=1):
        samples = [policy.compute_delay(attempt) for _ in range(200)]
        assert all(ceiling / 2 <= delay <= ceiling for delay in samples)
        assert len(set(samples)) > 1  # jittered
    assert policy.backoff_ceiling(10_000) == 8.0


def test_backoff_extremes(monkeypatch: pytest.MonkeyPatch) -> None:
    policy = RetryPolicy(backoff_base=1.0, backoff_max=30.0)
    monkeypatch.setattr("twilio_sdk._retry.random.random", lambda: 0.0)
    assert [policy.compute_delay(n) for n in (1, 2, 3)] == [0.5, 1.0, 2.0]
    monkeypatch.setattr("twilio_sdk._retry.random.random", lambda: 0.999999)
    assert [round(policy.compute_delay(n), 3) for n in (1, 2, 3)] == [1.0, 2.0, 4.0]


def test_compute_delay_prefers_retry_after_capped() -> None:
    policy = RetryPolicy(retry_after_max=60.0)
    assert policy.compute_delay(1, retry_after=12.0) == 12.0
    assert policy.compute_delay(5, retry_after=600.0) == 60.0
    assert policy.compute_delay(1, retry_after=0.0) == 0.0


def test_policy_validation() -> None:
    with pytest.raises(ValueError):
        RetryPolicy(max_retries=-1)
    with pytest.raises(ValueError):
        RetryPolicy(backoff_base=-0.1)
    with pytest.raises(ValueError):
        RetryPolicy(backoff_max=float("nan"))


def test_parse_retry_after() -> None:
    now = 1_700_000_000.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("") is None
    assert parse_retry_after("5") == 5.0
    assert parse_retry_after(" 1.5 ") == 1.5
    assert parse_retry_after("-3") is None
    assert parse_retry_after("inf") is None
    assert parse_retry_after("soon") is None
    assert parse_retry_after(email.utils.formatdate(now + 42, usegmt=True), now=now) == 42.0
    assert parse_retry_after(email.utils.formatdate(now - 42, usegmt=True), now=now) == 0.0
    naive = email.utils.formatdate(now + 10).replace("+0000", "-0000")
    assert parse_retry_after(naive, now=now) == 10.0


def test_decision_functions() -> None:
    policy = RetryPolicy(max_retries=2, backoff_base=1.0)
    headers = httpx.Headers({"Retry-After": "7"})
    assert retry_delay_for_status(policy, "POST", 429, headers, 0) == 7.0
    assert retry_delay_for_status(policy, "POST", 429, headers, 2) is None
    assert retry_delay_for_status(policy, "POST", 503, headers, 0) is None
    assert retry_delay_for_status(policy, "GET", 503, headers, 1) == 7.0
    assert retry_delay_for_status(policy, "GET", 501, headers, 0) is None
    assert retry_delay_for_status(policy, "GET", 404, headers, 0) is None
    assert retry_delay_for_error(policy, "POST", httpx.ConnectError("x"), 0) is not None
    assert retry_delay_for_error(policy, "POST", httpx.ReadTimeout("x"), 0) is None
    assert retry_delay_for_error(policy, "PUT", httpx.ReadTimeout("x"), 1) is not None
    assert retry_delay_for_error(policy, "PUT", httpx.ReadTimeout("x"), 2) is None
    assert retry_delay_for_error(policy, "GET", ValueError("x"), 0) is None


# --------------------------------------------------------------------------- client ownership


def test_supplied_client_is_not_closed() -> None:
    client = httpx.Client(transport=httpx.MockTransport(Recorder(ok())))
    with SyncPipeline(CREDS, http_client=client) as pipeline:
        pipeline.request("GET", URL)
    assert not client.is_closed
    client.get(URL)  # still usable
    client.close()


def test_owned_transport_is_used_and_closed(owned_transport: Callable[[Recorder], Any]) -> None:
    recorder = Recorder(ok({"sid": "SM7"}))
    transport = owned_transport(recorder)
    sleeps = Sleeps()
    with SyncPipeline(CREDS, timeout=12.5, sleep=sleeps) as pipeline:
        response = pipeline.request("POST", URL, data=[("A", "1"), ("A", "2")])
        assert response.json() == {"sid": "SM7"}
        assert response.request is recorder.requests[0]
        assert response.elapsed.total_seconds() >= 0
        assert response.is_closed
    assert transport.closed
    request = recorder.requests[0]
    assert request.content == b"A=1&A=2"
    assert request.headers["Authorization"] == AUTH_VALUE
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert request.headers["Accept-Encoding"] == "gzip, deflate"
    assert request.headers["Host"] == "api.twilio.com"
    assert request.extensions["timeout"] == {
        "connect": 12.5,
        "read": 12.5,
        "write": 12.5,
        "pool": 12.5,
    }
    with pytest.raises(RuntimeError):
        pipeline.request("GET", URL)


def test_owned_transport_retries_and_errors(owned_transport: Callable[[Recorder], Any]) -> None:
    recorder = Recorder(
        status(503), httpx.ReadError, status(404, body={"message": "gone", "code": 20404})
    )
    owned_transport(recorder)
    sleeps = Sleeps()
    pipeline = SyncPipeline(CREDS, sleep=sleeps, retry=RetryPolicy(max_retries=5))
    with pytest.raises(NotFoundError) as info:
        pipeline.request("GET", URL)
    assert info.value.uri == URL
    assert info.value.method == "GET"
    assert recorder.attempts == 3
    assert len(sleeps) == 2
    assert all(r.is_closed for r in recorder.responses)
    pipeline.close()
    pipeline.close()  # idempotent


def test_owned_client_used_when_proxy_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_pipeline, "uses_proxy", lambda: True)
    pipeline = SyncPipeline(CREDS, timeout=5.0)
    client = pipeline._client
    assert isinstance(client, httpx.Client)
    assert client.timeout == httpx.Timeout(5.0)
    assert "owned" in repr(pipeline)
    pipeline.close()
    assert client.is_closed


def test_proxy_detection(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.setenv("NO_PROXY", "localhost")
    assert not _pipeline.uses_proxy()
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy:3128")
    assert _pipeline.uses_proxy()
    monkeypatch.delenv("HTTPS_PROXY")
    monkeypatch.setenv("all_proxy", "socks5://proxy:1080")
    assert _pipeline.uses_proxy()


def test_real_transport_is_created_and_closed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_pipeline, "uses_proxy", lambda: False)
    pipeline = SyncPipeline(CREDS)
    assert isinstance(pipeline._transport, HttpcorePool)  # httpcore's pool, without httpx's
    pipeline.close()


def test_wrong_client_type_rejected() -> None:
    with pytest.raises(TypeError):
        SyncPipeline(CREDS, http_client=httpx.AsyncClient())  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        AsyncPipeline(CREDS, http_client=httpx.Client())  # type: ignore[arg-type]


def test_credentials_property() -> None:
    pipeline, _ = make_sync(Recorder(ok()))
    assert pipeline.credentials is CREDS


# --------------------------------------------------------------------------- secrets


def test_repr_hides_secrets(owned_transport: Callable[[Recorder], Any]) -> None:
    owned_transport(Recorder(ok()))
    pipelines: list[object] = [
        make_sync(Recorder(ok()))[0],
        make_async(Recorder(ok()))[0],
        SyncPipeline(CREDS),
        AsyncPipeline(CREDS),
        CREDS,
        _wire.HeaderSets.build(AUTH_VALUE, (), accept_encoding=False),
    ]
    token = AUTH_VALUE.split()[1]
    for obj in pipelines:
        text = repr(obj) + str(obj)
        assert PASSWORD not in text
        assert token not in text


def test_logs_never_contain_secrets(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="twilio_sdk")
    recorder = Recorder(
        status(429, {"Retry-After": "1"}), ok(), status(400), httpx.ConnectError, ok()
    )
    pipeline, _ = make_sync(recorder)
    secret_body = [("Password", "body-SECRET-value")]
    pipeline.request("POST", URL, data=secret_body)
    with pytest.raises(BadRequestError):
        pipeline.request("POST", URL, json={"Password": "body-SECRET-value"})
    pipeline.request("GET", URL, headers={"X-Trace": "t"})
    text = caplog.text
    assert PASSWORD not in text
    assert AUTH_VALUE.split()[1] not in text
    assert "body-SECRET-value" not in text
    assert "Authorization" not in text
    # ...but the useful parts are logged.
    assert f"POST {URL} -> 429" in text
    assert f"POST {URL} -> 200" in text
    assert "Retrying POST" in text
    assert "ConnectError" in text
    levels = {record.levelname for record in caplog.records}
    assert levels == {"DEBUG", "INFO"}
    assert all(record.name == "twilio_sdk" for record in caplog.records)


def test_nothing_logged_above_debug_without_retries(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="twilio_sdk")
    pipeline, _ = make_sync(Recorder(ok()))
    pipeline.request("GET", URL)
    assert caplog.records == []


# --------------------------------------------------------------------------- async twin


def test_async_headers_and_bodies() -> None:
    recorder = Recorder(ok())

    async def main() -> None:
        pipeline, _ = make_async(recorder, user_agent_extensions=["ext/1"])
        async with pipeline:
            await pipeline.request("POST", URL, data=[("K", "1"), ("K", "2")])
            await pipeline.request("POST", URL, json={"x": [1]})
            await pipeline.request("GET", URL, params=[("S", "a"), ("S", "b")])

    asyncio.run(main())
    form, body, query = recorder.requests
    assert form.content == b"K=1&K=2"
    assert form.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert form.headers["Authorization"] == AUTH_VALUE
    assert form.headers["User-Agent"] == USER_AGENT + " ext/1"
    assert json.loads(body.content) == {"x": [1]}
    assert body.headers["Content-Type"] == "application/json"
    assert query.url.params.multi_items() == [("S", "a"), ("S", "b")]


def test_async_retries() -> None:
    events: list[RetryEvent] = []
    recorder = Recorder(
        status(429, {"Retry-After": "2"}), httpx.ConnectError, status(503), ok({"sid": "SMa"})
    )

    async def main() -> httpx.Response:
        pipeline, sleeps = make_async(
            recorder, policy=RetryPolicy(max_retries=3, on_retry=events.append)
        )
        response = await pipeline.request("GET", URL)
        assert sleeps[0] == 2.0
        assert len(sleeps) == 3
        return response

    response = asyncio.run(main())
    assert response.json() == {"sid": "SMa"}
    assert recorder.attempts == 4
    assert [e.attempt for e in events] == [1, 2, 3]
    assert [e.status for e in events] == [429, None, 503]


def test_async_post_not_retried_after_read_timeout_or_500() -> None:
    async def main() -> None:
        recorder = Recorder(httpx.ReadTimeout, ok())
        pipeline, sleeps = make_async(recorder)
        with pytest.raises(TwilioTimeoutError) as info:
            await pipeline.request("POST", URL)
        assert isinstance(info.value.__cause__, httpx.ReadTimeout)
        assert recorder.attempts == 1
        recorder = Recorder(status(500), ok())
        pipeline, sleeps = make_async(recorder)
        with pytest.raises(ServerError):
            await pipeline.request("POST", URL)
        assert recorder.attempts == 1
        assert sleeps == []

    asyncio.run(main())


def test_async_read_timeout_on_get_retried_and_exhausted() -> None:
    async def main() -> None:
        recorder = Recorder(httpx.ReadTimeout)
        pipeline, sleeps = make_async(recorder)
        with pytest.raises(TwilioTimeoutError):
            await pipeline.request("GET", URL)
        assert recorder.attempts == 3
        assert len(sleeps) == 2

    asyncio.run(main())


def test_async_error_mapping() -> None:
    async def main() -> None:
        recorder = Recorder(status(429, {"Retry-After": "1"}))
        pipeline, sleeps = make_async(recorder, policy=RetryPolicy(max_retries=1))
        with pytest.raises(RateLimitError):
            await pipeline.request("POST", URL)
        assert recorder.attempts == 2
        assert sleeps == [1.0]

    asyncio.run(main())


def test_async_supplied_client_not_closed() -> None:
    async def main() -> httpx.AsyncClient:
        client = httpx.AsyncClient(transport=httpx.MockTransport(Recorder(ok())))
        async with AsyncPipeline(CREDS, http_client=client) as pipeline:
            await pipeline.request("GET", URL)
        assert not client.is_closed
        await client.aclose()
        return client

    assert asyncio.run(main()).is_closed


def test_async_owned_transport(owned_transport: Callable[[Recorder], Any]) -> None:
    recorder = Recorder(status(503), ok({"sid": "SMb"}))
    transport = owned_transport(recorder)

    async def main() -> None:
        sleeps = AsyncSleeps()
        async with AsyncPipeline(CREDS, sleep=sleeps, timeout=None) as pipeline:
            response = await pipeline.request("DELETE", URL)
            assert response.json() == {"sid": "SMb"}
            assert response.request is recorder.requests[1]
            assert len(sleeps) == 1
        with pytest.raises(RuntimeError):
            await pipeline.request("GET", URL)

    asyncio.run(main())
    assert transport.closed
    assert recorder.requests[0].extensions["timeout"] == {
        "connect": None,
        "read": None,
        "write": None,
        "pool": None,
    }
    assert all(r.is_closed for r in recorder.responses)


def test_async_owned_client_when_proxy_needs_httpx(monkeypatch: pytest.MonkeyPatch) -> None:
    # only a SOCKS proxy does (tests/http/test_proxy.py); http(s) proxies stay on aiohttp
    monkeypatch.setattr(_pipeline, "async_needs_httpx", lambda _: True)

    async def main() -> httpx.AsyncClient:
        pipeline = AsyncPipeline(CREDS)
        client = pipeline._client
        assert isinstance(client, httpx.AsyncClient)
        await pipeline.aclose()
        return client

    assert asyncio.run(main()).is_closed


def test_async_default_sleep_is_asyncio_sleep() -> None:
    pipeline = AsyncPipeline(CREDS, http_client=httpx.AsyncClient())
    assert pipeline._sleep is asyncio.sleep
    sync = SyncPipeline(CREDS, http_client=httpx.Client())
    assert sync._sleep is time.sleep
