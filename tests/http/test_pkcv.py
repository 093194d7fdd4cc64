"""Public Key Client Validation: the header's claims equal the official library's."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any
from unittest import mock

import httpx
import pytest
import requests
import twilio.http.validation_client as official_validation
import twilio.rest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from twilio_sdk import AsyncClient, Client, ClientValidation, CredentialsError, InvalidArgumentError
from twilio_sdk.http.validation_client import ValidationClient
from twilio_sdk.jwt.validation import ClientValidationJwt

ACCOUNT = "AC" + "1" * 32
KEY_SID = "SK" + "2" * 32
KEY_SECRET = "api-key-secret"
CREDENTIAL = "CR" + "3" * 32
BASE = f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}"
HEADER = "Twilio-Client-Validation"

_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
PRIVATE_PEM = _KEY.private_bytes(
    serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
)
PUBLIC_PEM = _KEY.public_key().public_bytes(
    serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
)

# (method, url, params, data) sent by both libraries' raw `request`.
CASES: list[tuple[str, str, dict[str, Any] | None, dict[str, Any] | None]] = [
    ("GET", BASE + "/Messages.json", {"To": "+15558675310", "PageSize": 5}, None),
    ("GET", BASE + "/Messages/SM" + "4" * 32 + ".json", None, None),
    (
        "POST",
        BASE + "/Messages.json",
        None,
        {"To": "+15558675310", "From": "+15017122661", "Body": "Hi there & bye ✓"},
    ),
    ("DELETE", BASE + "/Messages/SM" + "5" * 32 + ".json", None, None),
    ("GET", "https://messaging.twilio.com/v1/Services", {"PageSize": 2, "b": "x y"}, None),
]


def claims(token: str) -> dict[str, Any]:
    decoded = ClientValidationJwt.from_jwt(token, PUBLIC_PEM)
    assert decoded.headers["kid"] == CREDENTIAL
    assert decoded.headers["cty"] == "twilio-pkrv;v=1" and decoded.headers["alg"] == "RS256"
    payload = decoded.payload
    return {name: payload[name] for name in ("iss", "sub", "hrh", "rqh")}


def official_header(method: str, url: str, params: Any, data: Any) -> str:
    """The header the official library sends for this request (its session is stubbed)."""
    sent: list[requests.PreparedRequest] = []

    def send(_session: requests.Session, prepared: requests.PreparedRequest, **_: Any) -> Any:
        sent.append(prepared)
        response = requests.Response()
        response.status_code, response._content = 200, b"{}"
        return response

    http = official_validation.ValidationClient(ACCOUNT, KEY_SID, CREDENTIAL, PRIVATE_PEM.decode())
    client = twilio.rest.Client(KEY_SID, KEY_SECRET, ACCOUNT, http_client=http)
    with mock.patch.object(requests.Session, "send", send):
        client.request(method, url, params=params, data=data)
    return str(sent[0].headers[HEADER])


def recording_client(
    responses: list[httpx.Response] | None = None, **kwargs: Any
) -> tuple[Client, list[httpx.Request]]:
    seen: list[httpx.Request] = []
    queue = list(responses or [])

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return queue.pop(0) if queue else httpx.Response(200, json={})

    kwargs.setdefault("http_client", httpx.Client(transport=httpx.MockTransport(handle)))
    client = Client(KEY_SID, KEY_SECRET, ACCOUNT, **kwargs)
    client._pipeline._sleep = lambda _delay: None
    return client, seen


@pytest.mark.parametrize(("method", "url", "params", "data"), CASES)
def test_native_claims_equal_the_official_librarys(
    method: str, url: str, params: Any, data: Any
) -> None:
    client, seen = recording_client(client_validation=ClientValidation(CREDENTIAL, PRIVATE_PEM))
    client.request(method, url, params=params, data=data)
    ours = claims(seen[0].headers[HEADER])
    assert ours == claims(official_header(method, url, params, data))
    assert ours["iss"] == KEY_SID and ours["sub"] == ACCOUNT and ours["hrh"] == "authorization;host"


@pytest.mark.parametrize(("method", "url", "params", "data"), CASES)
def test_validation_client_claims_equal_the_official_librarys(
    method: str, url: str, params: Any, data: Any
) -> None:
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={})

    http = ValidationClient(
        ACCOUNT, KEY_SID, CREDENTIAL, PRIVATE_PEM.decode(), transport=httpx.MockTransport(handle)
    )
    Client(KEY_SID, KEY_SECRET, ACCOUNT, http_client=http).request(
        method, url, params=params, data=data
    )
    assert claims(seen[0].headers[HEADER]) == claims(official_header(method, url, params, data))


def test_generated_calls_and_retries_are_signed() -> None:
    responses = [httpx.Response(503, json={"message": "busy"}), httpx.Response(200, json={})]
    client, seen = recording_client(
        responses, client_validation=ClientValidation(CREDENTIAL, PRIVATE_PEM)
    )
    client.request("GET", BASE + "/Messages.json", params={"To": "+1555"})
    assert len(seen) == 2
    first, second = (claims(request.headers[HEADER]) for request in seen)
    assert first["rqh"] == second["rqh"]  # the same request, each attempt signed


def official_create_header() -> str:
    sent: list[requests.PreparedRequest] = []

    def send(_session: requests.Session, prepared: requests.PreparedRequest, **_: Any) -> Any:
        sent.append(prepared)
        response = requests.Response()
        response.status_code, response._content = 201, b'{"sid": "SM1"}'
        return response

    http = official_validation.ValidationClient(ACCOUNT, KEY_SID, CREDENTIAL, PRIVATE_PEM.decode())
    client = twilio.rest.Client(KEY_SID, KEY_SECRET, ACCOUNT, http_client=http)
    with mock.patch.object(requests.Session, "send", send):
        client.messages.create(to="+15558675310", from_="+15017122661", body="Hi there ✓")
    return str(sent[0].headers[HEADER])


def test_a_generated_call_signs_as_the_official_library_does() -> None:
    client, seen = recording_client(
        [httpx.Response(201, json={"sid": "SM1"})],
        client_validation=ClientValidation(CREDENTIAL, PRIVATE_PEM),
    )
    client.messages.create(to="+15558675310", from_="+15017122661", body="Hi there ✓")
    assert claims(seen[0].headers[HEADER]) == claims(official_create_header())


def test_subaccount_clients_keep_signing() -> None:
    client, seen = recording_client(client_validation=ClientValidation(CREDENTIAL, PRIVATE_PEM))
    sub = client.for_account("AC" + "9" * 32)
    sub.request("GET", BASE + ".json")
    assert claims(seen[0].headers[HEADER])["sub"] == ACCOUNT


def test_async_client_signs_every_attempt() -> None:
    seen: list[httpx.Request] = []
    answers = [httpx.Response(500, json={}), httpx.Response(200, json={"ok": 1})]

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return answers.pop(0)

    async def no_sleep(_delay: float) -> None:
        return None

    async def main() -> None:
        http = httpx.AsyncClient(transport=httpx.MockTransport(handle))
        validation = ClientValidation(CREDENTIAL, PRIVATE_PEM)
        async with AsyncClient(
            KEY_SID, KEY_SECRET, ACCOUNT, http_client=http, client_validation=validation
        ) as client:
            client._pipeline._sleep = no_sleep
            await client.request("GET", BASE + "/Calls.json", params={"To": "+1555"})

    asyncio.run(main())
    assert len(seen) == 2
    method, url, params, data = "GET", BASE + "/Calls.json", {"To": "+1555"}, None
    expected = claims(official_header(method, url, params, data))
    assert all(claims(request.headers[HEADER]) == expected for request in seen)


def test_without_client_validation_no_header_is_sent() -> None:
    client, seen = recording_client()
    client.request("GET", BASE + ".json")
    assert HEADER not in seen[0].headers


def test_configuration_errors() -> None:
    validation = ClientValidation(CREDENTIAL, PRIVATE_PEM.decode())
    assert "PRIVATE" not in repr(validation) and CREDENTIAL in repr(validation)
    with pytest.raises(CredentialsError, match="API key"):
        Client(ACCOUNT, "auth-token", client_validation=validation)
    explicit = ClientValidation(CREDENTIAL, _KEY, api_key_sid=KEY_SID)
    Client(ACCOUNT, "auth-token", client_validation=explicit).close()
    with pytest.raises(InvalidArgumentError, match="PEM"):
        ClientValidation(CREDENTIAL, "not a key")
    ec_key = ec.generate_private_key(ec.SECP256R1())
    with pytest.raises(InvalidArgumentError, match="RSA"):
        ClientValidation(CREDENTIAL, ec_key)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError):
        ClientValidation("", PRIVATE_PEM)


def test_validate_ssl_certificate() -> None:
    http = ValidationClient(ACCOUNT, KEY_SID, CREDENTIAL, PRIVATE_PEM)
    ok: Callable[..., Any] = lambda *_: httpx.Response(200)  # noqa: E731
    http.validate_ssl_certificate(mock.Mock(request=ok))
    from twilio_sdk import TwilioRestException

    with pytest.raises(TwilioRestException):
        http.validate_ssl_certificate(mock.Mock(request=lambda *_: httpx.Response(504)))
    http.close()


def test_aiohttp_fast_path_signs_on_the_wire(monkeypatch: pytest.MonkeyPatch) -> None:
    """The default AsyncClient transport (aiohttp, not httpx): the header read off a loopback
    socket, retry included, carries the official library's claims for that request."""
    from loopback import Exchange, LoopbackServer, json_reply

    from twilio_sdk import _pipeline
    from twilio_sdk._aiohttp import AiohttpTransport

    monkeypatch.setattr(_pipeline, "uses_proxy", lambda: False)
    answers = [json_reply(503, {"message": "busy"}), json_reply(200, {"ok": 1})]

    def reply(_exchange: Exchange) -> bytes:
        return answers.pop(0) if answers else json_reply(200, {"ok": 1})

    async def no_sleep(_delay: float) -> None:
        return None

    async def main(url: str) -> None:
        validation = ClientValidation(CREDENTIAL, PRIVATE_PEM)
        async with AsyncClient(
            KEY_SID, KEY_SECRET, ACCOUNT, client_validation=validation
        ) as client:
            assert isinstance(client._pipeline._transport, AiohttpTransport)
            client._pipeline._sleep = no_sleep
            await client.request("GET", url, params={"To": "+15558675310"})

    with LoopbackServer(reply) as server:
        url = server.url + "/2010-04-01/Accounts/" + ACCOUNT + "/Messages.json"
        asyncio.run(main(url))
    assert len(server.exchanges) == 2
    expected = claims(official_header("GET", url, {"To": "+15558675310"}, None))
    for exchange in server.exchanges:
        headers = {name.lower(): value for name, value in exchange.headers}
        assert claims(headers[HEADER.lower()]) == expected
