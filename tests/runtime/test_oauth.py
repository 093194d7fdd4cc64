"""OAuth credential providers, and the per-operation headers the spec declares.

The Organizations API accepts only bearer tokens; `Client(credential_provider=...)` fetches one
through the client's own transport, caches it until shortly before it expires, and sends it.
Header parameters (`If-Match`, `Flex-Metadata`, ...) and non-JSON media types (SCIM) are
sent as the spec says, on every page of a list.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import httpx
import jwt
import pytest
from test_client import ACCOUNT, TOKEN, _CapturingOfficialHttp
from twilio.credential.orgs_credential_provider import (
    OrgsCredentialProvider as OfficialOrgsCredentialProvider,
)
from twilio.rest import Client as OfficialClient

import twilio_sdk.credential as twilio_sdk_credential
from twilio_sdk import (
    AsyncClient,
    AuthenticationError,
    Client,
    ClientCredentialProvider,
    CredentialsError,
    OrgsCredentialProvider,
)
from twilio_sdk.credential import TokenResponseError

ORG = "OR" + "1" * 32
TOKEN_URL = "https://preview-iam.twilio.com/v1/token"
CLIENT_ID = "OQ" + "2" * 32
CLIENT_SECRET = "client-secret-value"


SIGNING_KEY = "a signing key of at least 32 bytes"


def _jwt(expires_at: float) -> str:
    return jwt.encode({"exp": int(expires_at), "sub": CLIENT_ID}, SIGNING_KEY, "HS256")


class TokenServer:
    """A mock Twilio: the token endpoint plus any API call, recording what was sent."""

    def __init__(self, *tokens: dict[str, Any]) -> None:
        self.tokens = list(tokens)
        self.token_requests: list[httpx.Request] = []
        self.calls: list[httpx.Request] = []
        self.lock = threading.Lock()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            if str(request.url) == TOKEN_URL:
                self.token_requests.append(request)
                return httpx.Response(201, json=self.tokens.pop(0))
            self.calls.append(request)
        if request.url.path.endswith("/Accounts"):
            return httpx.Response(200, json={"content": [], "meta": {"key": "content"}})
        return httpx.Response(200, json={"account_sid": ACCOUNT})

    def client(self, **kwargs: Any) -> Client:
        kwargs.setdefault("credential_provider", OrgsCredentialProvider(CLIENT_ID, CLIENT_SECRET))
        kwargs.setdefault("environment", {})
        transport = httpx.MockTransport(self)
        return Client(http_client=httpx.Client(transport=transport), **kwargs)


def _fetch_account(client: Client | AsyncClient) -> Any:
    return client.preview_iam.organization(ORG).accounts(ACCOUNT).fetch()


def test_the_token_is_fetched_once_and_sent_as_bearer() -> None:
    token = _jwt(time.time() + 3600)
    server = TokenServer({"access_token": token, "expires_in": 3600})
    client = server.client()
    _fetch_account(client)
    _fetch_account(client)
    assert len(server.token_requests) == 1
    token_request = server.token_requests[0]
    assert token_request.method == "POST"
    assert "authorization" not in token_request.headers
    assert dict(parse_qsl(token_request.content.decode())) == {
        "grant_type": "client_credentials",
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
    }
    assert [c.headers["authorization"] for c in server.calls] == [f"Bearer {token}"] * 2


def test_same_request_on_the_wire_as_the_official_library() -> None:
    token = _jwt(time.time() + 3600)
    server = TokenServer({"access_token": token})
    _fetch_account(server.client())

    class FixedToken:
        def fetch_access_token(self) -> str:
            return token

    http = _CapturingOfficialHttp()
    provider = OfficialOrgsCredentialProvider(CLIENT_ID, CLIENT_SECRET, token_manager=FixedToken())
    official = OfficialClient(credential_provider=provider, http_client=http)
    # The official tree spells the organization as its own node (a known call-path difference).
    official.preview_iam.organization(ORG).accounts(ACCOUNT).fetch()
    (ours,) = server.calls
    method, host, path, query, _body, authorization, _headers = http.sent[0]
    assert (ours.method, ours.url.host, ours.url.path) == (method, host, path)
    assert sorted(parse_qsl(ours.url.query.decode())) == query
    assert ours.headers["authorization"] == authorization == f"Bearer {token}"


def test_a_token_is_refreshed_shortly_before_its_exp_claim() -> None:
    now = [1_000_000.0]
    first, second = _jwt(now[0] + 600), _jwt(now[0] + 1200)
    server = TokenServer({"access_token": first}, {"access_token": second})
    provider = OrgsCredentialProvider(CLIENT_ID, CLIENT_SECRET, clock=lambda: now[0])
    client = server.client(credential_provider=provider)
    _fetch_account(client)
    now[0] += 560  # still more than the 30 s margin before exp
    _fetch_account(client)
    now[0] += 15  # inside the margin
    _fetch_account(client)
    assert [c.headers["authorization"] for c in server.calls] == [
        f"Bearer {first}",
        f"Bearer {first}",
        f"Bearer {second}",
    ]


def test_expires_in_is_used_when_the_token_is_not_a_jwt_and_no_lifetime_means_no_cache() -> None:
    now = [0.0]
    server = TokenServer(
        {"access_token": "opaque-1", "expires_in": 100},
        {"access_token": "opaque-2"},
        {"access_token": "opaque-3"},
    )
    provider = OrgsCredentialProvider(CLIENT_ID, CLIENT_SECRET, clock=lambda: now[0])
    client = server.client(credential_provider=provider)
    _fetch_account(client)
    now[0] = 69.0  # 100 s lifetime minus the 30 s margin
    _fetch_account(client)
    now[0] = 71.0
    _fetch_account(client)  # opaque-2 has no lifetime: used for this request only
    _fetch_account(client)
    sent = [c.headers["authorization"] for c in server.calls]
    assert sent == ["Bearer opaque-1", "Bearer opaque-1", "Bearer opaque-2", "Bearer opaque-3"]


def test_invalidate_forces_a_new_token() -> None:
    server = TokenServer({"access_token": "a", "expires_in": 3600}, {"access_token": "b"})
    provider = OrgsCredentialProvider(CLIENT_ID, CLIENT_SECRET)
    client = server.client(credential_provider=provider)
    _fetch_account(client)
    provider.invalidate()
    _fetch_account(client)
    assert [c.headers["authorization"] for c in server.calls] == ["Bearer a", "Bearer b"]


def test_an_oauth_only_operation_without_a_provider_fails_before_the_network() -> None:
    server = TokenServer()
    client = Client(ACCOUNT, TOKEN, http_client=httpx.Client(transport=httpx.MockTransport(server)))
    with pytest.raises(CredentialsError, match="credential_provider=OrgsCredentialProvider"):
        _fetch_account(client)
    assert server.calls == [] and server.token_requests == []


def test_a_provider_authenticates_every_api_as_in_the_official_library() -> None:
    server = TokenServer({"access_token": "tok", "expires_in": 3600})
    client = server.client(username=ACCOUNT, password=TOKEN)
    client.messages.create(to="+15558675310", body="hi")
    assert server.calls[0].headers["authorization"] == "Bearer tok"
    assert server.calls[0].url.path == f"/2010-04-01/Accounts/{ACCOUNT}/Messages.json"


def test_account_sid_is_optional_with_a_provider_until_a_path_needs_it() -> None:
    server = TokenServer({"access_token": "tok", "expires_in": 3600})
    client = server.client()
    assert client.username is None
    with pytest.raises(CredentialsError, match="no account SID"):
        client.messages.create(to="+1", body="x")
    sub = "AC" + "3" * 32
    client.for_account(sub).messages.create(to="+1", body="x")
    assert server.calls[0].url.path == f"/2010-04-01/Accounts/{sub}/Messages.json"
    assert server.calls[0].headers["authorization"] == "Bearer tok"
    with pytest.raises(CredentialsError, match="auth token"):
        client.for_connect_account(sub)
    from_env = server.client(environment={"TWILIO_ACCOUNT_SID": ACCOUNT})
    assert from_env.account_sid == ACCOUNT


def test_token_endpoint_errors_are_raised() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, json={"code": 20003, "message": "Authenticate"})

    client = Client(
        credential_provider=OrgsCredentialProvider(CLIENT_ID, CLIENT_SECRET),
        http_client=httpx.Client(transport=httpx.MockTransport(refuse)),
        environment={},
    )
    with pytest.raises(AuthenticationError) as caught:
        _fetch_account(client)
    assert caught.value.uri.endswith("/v1/token")

    server = TokenServer({"token_type": "bearer"})
    with pytest.raises(TokenResponseError, match="no access_token"):
        _fetch_account(server.client())


def test_bad_provider_arguments_are_refused() -> None:
    with pytest.raises(CredentialsError, match="client_secret"):
        OrgsCredentialProvider(CLIENT_ID, "")
    with pytest.raises(CredentialsError, match="client_id and client_secret"):
        ClientCredentialProvider("", "")
    with pytest.raises(CredentialsError, match="token_url"):
        OrgsCredentialProvider(CLIENT_ID, CLIENT_SECRET, token_url="preview-iam.twilio.com/v1")


def test_default_token_urls_are_the_ones_the_specs_declare() -> None:
    import json

    root = Path(__file__).resolve().parents[2]

    def declared(spec: str) -> set[str]:
        schemes = json.loads((root / "spec" / spec).read_text())["components"]["securitySchemes"]
        return {
            s["flows"]["clientCredentials"]["tokenUrl"]
            for s in schemes.values()
            if s.get("type") == "oauth2"
        }

    assert declared("twilio_iam_organizations.json") == {OrgsCredentialProvider.DEFAULT_TOKEN_URL}
    assert declared("twilio_oauth_v2.json") == {ClientCredentialProvider.DEFAULT_TOKEN_URL}


def test_threads_share_one_token_fetch() -> None:
    server = TokenServer({"access_token": "tok", "expires_in": 3600})
    client = server.client()
    gate = threading.Barrier(8)

    def call() -> None:
        gate.wait()
        _fetch_account(client)

    threads = [threading.Thread(target=call) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(server.token_requests) == 1
    assert len(server.calls) == 8


def test_async_client_fetches_once_for_concurrent_calls() -> None:
    server = TokenServer(
        {"access_token": "tok", "expires_in": 3600}, {"access_token": "tok", "expires_in": 3600}
    )
    provider = OrgsCredentialProvider(CLIENT_ID, CLIENT_SECRET)

    async def run() -> None:
        async with AsyncClient(
            credential_provider=provider,
            environment={},
            http_client=httpx.AsyncClient(transport=httpx.MockTransport(server)),
        ) as client:
            await asyncio.gather(*[_fetch_account(client) for _ in range(5)])

    asyncio.run(run())
    provider.invalidate()
    asyncio.run(run())  # the same provider in a new event loop: a lock of that loop
    assert len(server.token_requests) == 2
    assert {c.headers["authorization"] for c in server.calls} == {"Bearer tok"}


def test_secrets_stay_out_of_repr_and_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    server = TokenServer({"access_token": "the-access-token", "expires_in": 3600})
    provider = OrgsCredentialProvider(CLIENT_ID, CLIENT_SECRET)
    client = server.client(credential_provider=provider)
    _fetch_account(client)
    text = repr(provider) + repr(client) + repr(client._pipeline) + caplog.text
    assert CLIENT_SECRET not in text
    assert "the-access-token" not in text


# --------------------------------------------------------------------------- spec headers


def test_header_parameters_are_sent_on_every_page() -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        page = int(request.url.params.get("Page", "0"))
        url = f"https://flex-api.twilio.com/v1/PluginService/Configurations?Page={page + 1}"
        return httpx.Response(
            200,
            json={
                "configurations": [{"sid": f"FJ{page}"}],
                "meta": {"key": "configurations", "next_page_url": url if page < 2 else None},
            },
        )

    client = Client(
        ACCOUNT, TOKEN, http_client=httpx.Client(transport=httpx.MockTransport(handler))
    )
    records = client.flex_api.v1.plugin_configurations.list(flex_metadata="meta-1")
    assert [r.sid for r in records] == ["FJ0", "FJ1", "FJ2"]
    assert [r.headers.get("Flex-Metadata") for r in sent] == ["meta-1"] * 3
    sent.clear()
    client.flex_api.v1.plugin_configurations.list()
    assert all("Flex-Metadata" not in r.headers for r in sent)


def test_scim_operations_declare_their_media_type() -> None:
    server = TokenServer({"access_token": "tok", "expires_in": 3600})
    client = server.client()
    users = client.preview_iam.organization(ORG).users
    users.create(scim_user={"userName": "alice@example.com"})
    users("US" + "4" * 32).fetch()
    create, fetch = server.calls
    assert create.headers["content-type"] == "application/scim+json"
    assert create.headers["accept"] == "application/scim+json"
    assert fetch.headers["accept"] == "application/scim+json"
    assert "content-type" not in fetch.headers


def test_an_official_style_token_manager_replaces_the_token_request() -> None:
    token = _jwt(time.time() + 3600)
    fetched: list[str] = []

    class Manager:
        def fetch_access_token(self) -> str:
            fetched.append(token)
            return token

    server = TokenServer()
    provider = OrgsCredentialProvider(CLIENT_ID, CLIENT_SECRET, token_manager=Manager())
    client = server.client(credential_provider=provider)
    _fetch_account(client)
    _fetch_account(client)
    assert server.token_requests == []
    assert len(fetched) == 1  # cached until its exp claim
    assert [c.headers["authorization"] for c in server.calls] == [f"Bearer {token}"] * 2


def test_every_official_credential_module_path_imports_the_same_names() -> None:
    import importlib
    import pkgutil

    import twilio.credential

    for module in pkgutil.iter_modules(twilio.credential.__path__):
        official = importlib.import_module(f"twilio.credential.{module.name}")
        ours = importlib.import_module(f"twilio_sdk.credential.{module.name}")
        names = {n for n in vars(official) if n.endswith("Provider")}
        assert names and all(getattr(ours, n) is getattr(twilio_sdk_credential, n) for n in names)
