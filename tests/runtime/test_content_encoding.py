"""Request bodies compressed as a `Content-Encoding` header parameter declares (issue 15).

Memory v1 (`conversation_summaries.create`, `observations.create`, `recall.create`) takes a
`Content-Encoding` header parameter: the body the SDK sends must then be compressed so
(gzip, deflate), and a coding the SDK cannot apply (`br`, `compress`) is refused before any
request, with an error naming the parameter. The cassette test checks the same on the wire
for every operation (`test_operations.check_wire`); these tests cover the rest: both
clients, every coding of the spec's enum, retries, and the pipeline on its own.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import zlib
from typing import Any

import httpx
import pytest

from twilio_sdk import AsyncClient, Client, InvalidArgumentError
from twilio_sdk._auth_resolution import Credentials
from twilio_sdk._encoding import CONTENT_CODINGS, encode_body, encode_content_coding
from twilio_sdk._pipeline import SyncPipeline

STORE = "mem_store_00000000000000000000000000"
PROFILE = "mem_profile_00000000000000000000000000"
BODY = {"query": "café", "observationsLimit": 2}
DECODE = {"gzip": gzip.decompress, "deflate": zlib.decompress}
SPEC_CODINGS = ("gzip", "deflate", "br", "compress")  # the spec's enum


class Recorder:
    def __init__(self, *statuses: int) -> None:
        self.statuses = list(statuses) or [200]
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        status = self.statuses.pop(0) if len(self.statuses) > 1 else self.statuses[0]
        headers = {"Retry-After": "0"} if status == 429 else {}
        return httpx.Response(status, headers=headers, json={"observations": []})


def _client(recorder: Recorder, **kwargs: Any) -> Client:
    http = httpx.Client(transport=httpx.MockTransport(recorder))
    return Client("AC" + "a" * 32, "token", environment={}, http_client=http, **kwargs)


def _async_client(recorder: Recorder) -> AsyncClient:
    http = httpx.AsyncClient(transport=httpx.MockTransport(recorder))
    return AsyncClient("AC" + "a" * 32, "token", environment={}, http_client=http)


def _sent_json(request: httpx.Request, coding: str | None) -> Any:
    content = request.content
    return json.loads(DECODE[coding](content) if coding else content)


@pytest.mark.parametrize("coding", CONTENT_CODINGS)
def test_body_is_compressed_as_declared(coding: str) -> None:
    recorder = Recorder()
    client = _client(recorder)
    client.memory.v1.recall(STORE, PROFILE).create(BODY, content_encoding=coding)
    request = recorder.requests[0]
    assert request.headers["Content-Encoding"] == coding
    assert request.headers["Content-Type"] == "application/json"
    assert request.content != json.dumps(BODY).encode()
    assert _sent_json(request, coding) == BODY
    assert request.headers["Content-Length"] == str(len(request.content))


@pytest.mark.parametrize("coding", CONTENT_CODINGS)
def test_every_memory_operation_with_the_header(coding: str) -> None:
    recorder = Recorder()
    v1 = _client(recorder).memory.v1
    v1.observations(STORE, PROFILE).create({"content": "x"}, content_encoding=coding.upper())
    v1.conversation_summaries(STORE, PROFILE).create({"summaries": []}, content_encoding=coding)
    first, second = recorder.requests
    assert first.headers["Content-Encoding"] == coding.upper()  # sent as given
    assert _sent_json(first, coding) == {"content": "x"}
    assert _sent_json(second, coding) == {"summaries": []}


def test_async_client_compresses_too() -> None:
    recorder = Recorder()

    async def main() -> None:
        async with _async_client(recorder) as client:
            await client.memory.v1.recall(STORE, PROFILE).create(BODY, content_encoding="gzip")

    asyncio.run(main())
    assert _sent_json(recorder.requests[0], "gzip") == BODY


def test_without_the_header_the_body_is_plain() -> None:
    recorder = Recorder()
    _client(recorder).memory.v1.recall(STORE, PROFILE).create(BODY, accept_encoding="gzip")
    request = recorder.requests[0]
    assert "Content-Encoding" not in request.headers
    assert json.loads(request.content) == BODY


@pytest.mark.parametrize("coding", [c for c in SPEC_CODINGS if c not in CONTENT_CODINGS])
def test_a_coding_we_cannot_apply_is_refused_before_any_request(coding: str) -> None:
    recorder = Recorder()
    recall = _client(recorder).memory.v1.recall(STORE, PROFILE)
    with pytest.raises(InvalidArgumentError, match=r"'content_encoding' \(Content-Encoding\)"):
        recall.create(BODY, content_encoding=coding)
    for other in ("gzip, deflate", "identity", "", "x-zip"):
        with pytest.raises(InvalidArgumentError, match="content_encoding"):
            recall.create(BODY, content_encoding=other)
    assert recorder.requests == []


def test_the_generated_enum_is_accepted() -> None:
    from twilio_sdk_generated.memory.v1.models import CreateFetchProfileMemoryContentEncoding

    recorder = Recorder()
    recall = _client(recorder).memory.v1.recall(STORE, PROFILE)
    recall.create(BODY, content_encoding=CreateFetchProfileMemoryContentEncoding("deflate"))
    assert _sent_json(recorder.requests[0], "deflate") == BODY
    with pytest.raises(InvalidArgumentError):
        recall.create(BODY, content_encoding=CreateFetchProfileMemoryContentEncoding("br"))
    assert len(recorder.requests) == 1


def test_a_retry_resends_the_same_compressed_body() -> None:
    recorder = Recorder(429, 200)
    client = _client(recorder, max_retries=1)
    client.memory.v1.recall(STORE, PROFILE).create(BODY, content_encoding="gzip")
    first, second = recorder.requests
    assert first.content == second.content
    assert _sent_json(second, "gzip") == BODY  # compressed once, not twice


def test_encoders() -> None:
    assert encode_content_coding("gzip") == "gzip"
    assert encode_content_coding(" Deflate ") == " Deflate "  # as given; applied by name
    payload = b'{"a":1}' * 50
    assert gzip.decompress(encode_body(payload, "GZIP")) == payload
    assert zlib.decompress(encode_body(payload, "deflate")) == payload
    # Same bytes every time (no timestamp in the gzip header): retries and recordings match.
    assert encode_body(payload, "gzip") == encode_body(payload, "gzip")
    assert encode_body(payload, "gzip") == gzip.compress(payload, mtime=0)
    with pytest.raises(InvalidArgumentError):
        encode_body(payload, "br")


def test_pipeline_compresses_for_any_caller() -> None:
    """The pipeline applies the header it is given (any case); an unknown coding is refused
    before sending."""
    recorder = Recorder()
    http = httpx.Client(transport=httpx.MockTransport(recorder))
    pipeline = SyncPipeline(Credentials("AC1", "t", "AC1"), http_client=http)
    url = "https://memory.twilio.com/v1/x"
    pipeline.request("POST", url, json=BODY, headers={"content-encoding": "deflate"})
    pipeline.request("POST", url, data=[("To", "+1")], headers={"Content-Encoding": "gzip"})
    pipeline.request("GET", url, headers={"Content-Encoding": "gzip"})  # no body: nothing
    first, second, third = recorder.requests
    assert _sent_json(first, "deflate") == BODY
    assert gzip.decompress(second.content) == b"To=%2B1"
    assert third.content == b""
    with pytest.raises(InvalidArgumentError):
        pipeline.request("POST", url, json=BODY, headers={"Content-Encoding": "br"})
    assert len(recorder.requests) == 3
