"""``from_jwt`` on every token class: verified, typed read-back, the official library's rules."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import jwt as pyjwt
import pytest
import twilio.jwt as official_jwt
import twilio.jwt.access_token as official_access
import twilio.jwt.access_token.grants as official_grants
import twilio.jwt.client as official_client
import twilio.jwt.taskrouter.capabilities as official_taskrouter
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from twilio_sdk import TwilioException
from twilio_sdk.jwt import Jwt, JwtDecodeError
from twilio_sdk.jwt.access_token import AccessToken
from twilio_sdk.jwt.access_token.grants import (
    ChatGrant,
    PlaybackGrant,
    SyncGrant,
    TaskRouterGrant,
    VideoGrant,
    VoiceGrant,
)
from twilio_sdk.jwt.client import ClientCapabilityToken
from twilio_sdk.jwt.inspect import TokenError
from twilio_sdk.jwt.taskrouter import TaskRouterCapabilityToken
from twilio_sdk.jwt.taskrouter.capabilities import (
    TaskQueueCapabilityToken,
    WorkerCapabilityToken,
    WorkspaceCapabilityToken,
)
from twilio_sdk.jwt.validation import ClientValidationJwt, ValidationPayload
from twilio_sdk.twiml import TwiMLError, lower_camel

ACCOUNT_SID = "AC" + "a1" * 16
KEY_SID = "SK" + "c3" * 16
SECRET = "s3cr3t-" + "9f" * 32
OTHER_SECRET = "other-" + "0e" * 32
WORKSPACE_SID = "WS" + "e5" * 16
WORKER_SID = "WK" + "f6" * 16
QUEUE_SID = "WQ" + "07" * 16


def b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def access_token(**kwargs: Any) -> AccessToken:
    grants = [
        VoiceGrant(
            incoming_allow=True,
            outgoing_application_sid="AP123",
            outgoing_application_params={"foo": "bar"},
            push_credential_sid="CR1",
            endpoint_id="ep",
        ),
        ChatGrant(service_sid="IS1", endpoint_id="e", deployment_role_sid="RL1"),
        SyncGrant(service_sid="IS2"),
        VideoGrant(room="RM1"),
        TaskRouterGrant(workspace_sid=WORKSPACE_SID, worker_sid=WORKER_SID, role="worker"),
        PlaybackGrant(grant={"requestCredentials": None, "playbackUrl": "https://x"}),
    ]
    return AccessToken(ACCOUNT_SID, KEY_SID, SECRET, grants=grants, identity="alice", **kwargs)


def client_token() -> ClientCapabilityToken:
    token = ClientCapabilityToken(ACCOUNT_SID, SECRET)
    token.allow_client_outgoing("AP123", foo=3, bar="x y")
    token.allow_client_incoming("andy")
    token.allow_event_stream(a="b")
    return token


def test_access_token_reads_grants_back_into_objects() -> None:
    token = access_token(region="ie1")
    decoded = AccessToken.from_jwt(token.to_jwt(), SECRET)
    assert type(decoded) is AccessToken
    assert decoded.grants == token.grants
    assert (decoded.identity, decoded.region) == ("alice", "ie1")
    assert (decoded.account_sid, decoded.signing_key_sid) == (ACCOUNT_SID, KEY_SID)
    assert decoded.headers == {"typ": "JWT", "alg": "HS256", "cty": "twilio-fpa;v=1", "twr": "ie1"}
    assert decoded.payload["grants"] == token.payload["grants"]
    assert decoded.payload["jti"].startswith(KEY_SID + "-")
    assert decoded.secret_key == SECRET
    assert decoded.valid_until == decoded.payload["exp"] and decoded.nbf == decoded.payload["nbf"]


def test_access_token_without_grants_or_region() -> None:
    decoded = AccessToken.from_jwt(AccessToken(ACCOUNT_SID, KEY_SID, SECRET).to_jwt(), SECRET)
    assert decoded.grants == [] and decoded.identity is None and decoded.region is None
    assert "twr" not in decoded.headers


def test_access_token_keeps_an_unknown_grant_in_its_payload() -> None:
    claims = {"iss": KEY_SID, "sub": ACCOUNT_SID, "exp": int(time.time()) + 60}
    claims["grants"] = {"future_product": {"x": 1}, "video": {"room": "r"}}
    token = pyjwt.encode(claims, SECRET, headers={"cty": "twilio-fpa;v=1"})
    decoded = AccessToken.from_jwt(token, SECRET)
    assert decoded.grants == [VideoGrant(room="r")]
    assert decoded.payload["grants"]["future_product"] == {"x": 1}


def test_decoded_token_re_signs_the_claims_it_carried() -> None:
    original = access_token().to_jwt()
    decoded = AccessToken.from_jwt(original, SECRET)
    again = AccessToken.from_jwt(decoded.to_jwt(), SECRET)
    assert again.payload == decoded.payload and again.grants == decoded.grants


def test_client_capability_token_reads_scopes_back() -> None:
    token = client_token()
    decoded = ClientCapabilityToken.from_jwt(token.to_jwt(), SECRET)
    assert type(decoded) is ClientCapabilityToken
    assert decoded.capabilities == token.capabilities
    assert decoded.client_name == "andy" and decoded.account_sid == ACCOUNT_SID
    assert decoded.payload["scope"] == token.payload["scope"]
    # Read back, the object encodes the same scopes again when built anew.
    fresh = ClientCapabilityToken(ACCOUNT_SID, SECRET)
    fresh.capabilities, fresh.client_name = decoded.capabilities, decoded.client_name
    assert fresh.payload["scope"] == token.payload["scope"]


@pytest.mark.parametrize(
    ("cls", "channel", "args"),
    [
        (WorkerCapabilityToken, WORKER_SID, (WORKER_SID,)),
        (TaskQueueCapabilityToken, QUEUE_SID, (QUEUE_SID,)),
        (WorkspaceCapabilityToken, WORKSPACE_SID, ()),
    ],
)
def test_taskrouter_tokens_read_policies_back(cls: Any, channel: str, args: tuple[str]) -> None:
    token = cls(ACCOUNT_SID, SECRET, WORKSPACE_SID, *args, allow_update_self=True)
    encoded = token.to_jwt()
    for decoder in (cls, TaskRouterCapabilityToken):  # the base class picks the kind
        decoded = decoder.from_jwt(encoded, SECRET)
        assert type(decoded) is cls
        assert decoded.policies == token.policies
        assert (decoded.account_sid, decoded.workspace_sid) == (ACCOUNT_SID, WORKSPACE_SID)
        assert decoded.channel_id == channel and decoded.resource_url == token.resource_url
    others = {WorkerCapabilityToken, TaskQueueCapabilityToken, WorkspaceCapabilityToken} - {cls}
    for other in others:
        with pytest.raises(JwtDecodeError, match="another kind"):
            other.from_jwt(encoded, SECRET)


def test_base_jwt_decodes_any_hs256_token_as_a_plain_jwt() -> None:
    decoded = Jwt.from_jwt(client_token().to_jwt(), SECRET)
    assert type(decoded) is Jwt
    assert decoded.issuer == ACCOUNT_SID and decoded.algorithm == "HS256"
    assert decoded.payload["scope"].startswith("scope:")


def rsa_keys() -> tuple[bytes, bytes]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return private, public


def test_client_validation_jwt_round_trip_with_the_public_key() -> None:
    private, public = rsa_keys()
    payload = ValidationPayload("GET", "/x", "b=2&a=1", {"Host": "h"}, ["host"], "")
    token = ClientValidationJwt(ACCOUNT_SID, KEY_SID, "CR1", private, payload)
    decoded = ClientValidationJwt.from_jwt(token.to_jwt(), public)
    assert decoded.payload["rqh"] == token.payload["rqh"] and decoded.payload["hrh"] == "host"
    assert (decoded.account_sid, decoded.api_key_sid, decoded.credential_sid) == (
        ACCOUNT_SID,
        KEY_SID,
        "CR1",
    )
    other_public = rsa_keys()[1]
    with pytest.raises(JwtDecodeError):
        ClientValidationJwt.from_jwt(token.to_jwt(), other_public)
    with pytest.raises(JwtDecodeError, match="algorithm"):  # an HS256 token is not one
        ClientValidationJwt.from_jwt(access_token().to_jwt(), SECRET)


ALL_KINDS: list[Any] = [
    AccessToken,
    ClientCapabilityToken,
    WorkerCapabilityToken,
    TaskQueueCapabilityToken,
    WorkspaceCapabilityToken,
]


@pytest.mark.parametrize("cls", ALL_KINDS)
def test_wrong_key_expired_future_and_tampered_are_refused(cls: Any) -> None:
    now = int(time.time())
    token = access_token() if cls is AccessToken else client_token()
    if cls not in (AccessToken, ClientCapabilityToken):
        args = (
            ()
            if cls is WorkspaceCapabilityToken
            else ({"WK": WORKER_SID, "WQ": QUEUE_SID}[cls.channel_prefix],)
        )
        token = cls(ACCOUNT_SID, SECRET, WORKSPACE_SID, *args)
    good = token.to_jwt()
    assert type(cls.from_jwt(good, SECRET)) is cls
    with pytest.raises(JwtDecodeError, match="Signature"):
        cls.from_jwt(good, OTHER_SECRET)
    head, body, sig = good.split(".")
    claims = json.loads(base64.urlsafe_b64decode(body + "=="))
    with pytest.raises(JwtDecodeError):
        cls.from_jwt(f"{head}.{b64({**claims, 'iss': 'ACevil'})}.{sig}", SECRET)
    token.valid_until = now - 5
    with pytest.raises(JwtDecodeError, match="expired"):
        cls.from_jwt(token.to_jwt(), SECRET)
    token.valid_until, token.nbf = None, now + 3600
    with pytest.raises(JwtDecodeError, match="not yet valid"):
        cls.from_jwt(token.to_jwt(), SECRET)
    # alg "none": unsigned, refused with or without a key
    unsigned = f"{b64({'alg': 'none', 'typ': 'JWT'})}.{body}."
    for key in (SECRET, None):
        with pytest.raises(JwtDecodeError, match="algorithm"):
            cls.from_jwt(unsigned, key)
    for garbage in ("", "a.b", "not a token", good[:-10]):
        with pytest.raises(JwtDecodeError):
            cls.from_jwt(garbage, SECRET)


@pytest.mark.parametrize("cls", ALL_KINDS)
def test_a_token_of_another_kind_is_refused(cls: Any) -> None:
    tokens = {
        AccessToken: access_token().to_jwt(),
        ClientCapabilityToken: client_token().to_jwt(),
        WorkerCapabilityToken: WorkerCapabilityToken(
            ACCOUNT_SID, SECRET, WORKSPACE_SID, WORKER_SID
        ).to_jwt(),
    }
    plain = pyjwt.encode({"iss": "x", "exp": int(time.time()) + 60}, SECRET)
    for kind, encoded in [*tokens.items(), (Jwt, plain)]:
        if kind is cls:
            continue
        with pytest.raises(JwtDecodeError, match="not a|another kind"):
            cls.from_jwt(encoded, SECRET)


def test_hs512_token_is_refused_by_an_hs256_class() -> None:
    token = pyjwt.encode({"iss": "x"}, SECRET, algorithm="HS512")
    with pytest.raises(JwtDecodeError, match="HS512"):
        Jwt.from_jwt(token, SECRET)


def test_without_a_key_the_signature_is_skipped_as_in_the_official_library() -> None:
    encoded = access_token().to_jwt()
    decoded = AccessToken.from_jwt(encoded, None)
    assert decoded.secret_key is None and decoded.identity == "alice"
    official = official_jwt.Jwt.from_jwt(encoded, None)
    assert official.payload == decoded.payload


def test_tokens_cross_decode_with_the_official_library() -> None:
    official_token = official_access.AccessToken(
        ACCOUNT_SID,
        KEY_SID,
        SECRET,
        identity="bob",
        grants=[official_grants.VoiceGrant(incoming_allow=True), official_grants.VideoGrant()],
    ).to_jwt()
    decoded = AccessToken.from_jwt(official_token, SECRET)
    assert decoded.grants == [VoiceGrant(incoming_allow=True), VideoGrant()]
    official_client_token = official_client.ClientCapabilityToken(ACCOUNT_SID, SECRET)
    official_client_token.allow_client_incoming("zoe")
    assert (
        ClientCapabilityToken.from_jwt(official_client_token.to_jwt(), SECRET).client_name == "zoe"
    )
    worker = official_taskrouter.WorkerCapabilityToken(
        ACCOUNT_SID, SECRET, WORKSPACE_SID, WORKER_SID
    )
    assert WorkerCapabilityToken.from_jwt(worker.to_jwt(), SECRET).policies == worker.policies
    # And the other way round.
    ours = access_token().to_jwt()
    assert (
        official_access.AccessToken.from_jwt(ours, SECRET).payload
        == AccessToken.from_jwt(ours, SECRET).payload
    )


def test_errors_derive_from_the_sdk_root() -> None:
    assert issubclass(JwtDecodeError, TwilioException)
    assert issubclass(TokenError, TwilioException)
    assert issubclass(TwiMLError, TwilioException) and issubclass(TwiMLError, ValueError)


def test_lower_camel_passes_none_and_empty_through() -> None:
    assert lower_camel(None) is None
    assert lower_camel("") == ""
    assert lower_camel("finish_on_key") == "finishOnKey"
