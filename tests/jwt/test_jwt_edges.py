"""Edges of the concrete tokens and of ``inspect_token``: what a refused token's message says,
blank parameters, long scopes, and the claims and read-back of each token kind."""

from __future__ import annotations

import functools
import re
import time
from datetime import UTC, datetime
from typing import Any

import jwt as pyjwt
import pytest
import twilio.jwt.client as official_client
import twilio.jwt.validation as official_validation
from cryptography.hazmat.primitives.asymmetric import rsa

from twilio_sdk._errors import InvalidArgumentError
from twilio_sdk.jwt import JwtDecodeError
from twilio_sdk.jwt.access_token import ACCESS_TOKEN_CTY, AccessToken
from twilio_sdk.jwt.access_token.grants import PlaybackGrant, VideoGrant, VoiceGrant
from twilio_sdk.jwt.client import ClientCapabilityToken, ScopeURI
from twilio_sdk.jwt.inspect import (
    MalformedTokenError,
    TokenExpiredError,
    TokenKind,
    TokenNotYetValidError,
    TokenSignatureError,
    inspect_token,
)
from twilio_sdk.jwt.taskrouter import TaskRouterCapabilityToken
from twilio_sdk.jwt.taskrouter.capabilities import WorkerCapabilityToken, WorkspaceCapabilityToken
from twilio_sdk.jwt.validation import ClientValidationJwt, ValidationPayload

ACCOUNT_SID = "AC" + "a1" * 16
SECRET = "s3cr3t-" + "9f" * 32
NOW = 1_700_000_000
WHEN = datetime.fromtimestamp(NOW, UTC)


def signed(claims: dict[str, Any], **headers: Any) -> str:
    """A token signed with SECRET: ``claims`` over a default iss and exp (None leaves one out)."""
    payload = {"iss": ACCOUNT_SID, "exp": NOW + 60, **claims}
    present = {name: value for name, value in payload.items() if value is not None}
    return pyjwt.encode(present, SECRET, headers=headers)


# --------------------------------------------------------------------------- inspect_token


def test_the_validity_errors_say_when() -> None:
    token = signed({"scope": "", "nbf": NOW - 10})
    later = datetime.fromtimestamp(NOW + 120, UTC)
    with pytest.raises(TokenExpiredError, match=r"^token expired at 2023-11-14T22:14:20\+00:00$"):
        inspect_token(token, SECRET, now=later)
    earlier = datetime.fromtimestamp(NOW - 120, UTC)
    with pytest.raises(
        TokenNotYetValidError, match=r"^token is not valid before 2023-11-14T22:13:10\+00:00$"
    ):
        inspect_token(token, SECRET, now=earlier)


def test_a_scope_that_is_not_a_scope_uri_is_named() -> None:
    with pytest.raises(
        MalformedTokenError, match=r"^unknown scope format: not a scope URI: 'nonsense'$"
    ):
        inspect_token(signed({"scope": "nonsense"}), SECRET, now=WHEN)


def test_an_unknown_scope_is_named_up_to_100_characters() -> None:
    scope = "scope:client:dance?x=" + "y" * 200
    with pytest.raises(MalformedTokenError) as info:
        inspect_token(signed({"scope": scope}), SECRET, now=WHEN)
    assert str(info.value) == f"unknown scope: {scope[:100]!r}"


def test_a_policy_with_unknown_fields_is_refused() -> None:
    token = signed({"policies": [{"url": "u", "bogus": 1}], "channel": "WK1"})
    with pytest.raises(MalformedTokenError, match=r"^claim 'policies' holds an invalid policy$"):
        inspect_token(token, SECRET, now=WHEN)


def test_blank_application_and_event_parameters_are_kept() -> None:
    token = ClientCapabilityToken(ACCOUNT_SID, SECRET, nbf=None, valid_until=NOW + 60)
    token.allow_client_outgoing("AP1", greeting="", n=1)
    token.allow_event_stream(filter="")
    info = inspect_token(token.to_jwt(), SECRET, now=WHEN)
    assert info.application_params == {"greeting": [""], "n": ["1"]}
    assert info.event_stream_params == {"filter": [""]}
    assert info.application_sid == "AP1"


@pytest.mark.parametrize(
    ("claims", "message"),
    [
        ({"iss": None, "scope": ""}, "claim 'iss' is missing or not a str"),
        ({"exp": "soon", "scope": ""}, "claim 'exp' is missing or not a timestamp"),
        ({"exp": 10**20, "scope": ""}, "claim 'exp' is out of range"),
        (
            {"grants": {"identity": 7}, "sub": ACCOUNT_SID},
            "claim 'grants.identity' is not a string",
        ),
        ({"other": 1}, "not a Twilio access, client capability or TaskRouter token"),
    ],
    ids=["issuer", "exp-type", "exp-range", "identity", "unknown-kind"],
)
def test_malformed_claims_are_named(claims: dict[str, Any], message: str) -> None:
    with pytest.raises(MalformedTokenError, match=f"^{re.escape(message)}$"):
        inspect_token(signed(claims), SECRET, verify_expiry=False)


def test_the_cty_header_or_a_grants_claim_makes_an_access_token() -> None:
    without_cty = signed({"sub": ACCOUNT_SID, "grants": {"identity": "alice"}})
    assert inspect_token(without_cty, SECRET, now=WHEN).kind is TokenKind.ACCESS
    # With the Access Token cty, a token without grants is a broken Access Token.
    no_grants = signed({"sub": ACCOUNT_SID, "scope": ""}, cty=ACCESS_TOKEN_CTY)
    with pytest.raises(MalformedTokenError, match=r"^claim 'grants' is missing or not a dict$"):
        inspect_token(no_grants, SECRET, now=WHEN)


def test_access_token_fields_of_the_wrong_type_read_as_absent() -> None:
    grants = {"identity": "alice", "voice": {"outgoing": {"application_sid": 5}}}
    token = signed({"sub": ACCOUNT_SID, "grants": grants}, cty=ACCESS_TOKEN_CTY, twr=5)
    info = inspect_token(token, SECRET, now=WHEN)
    assert info.region is None
    assert info.application_sid is None and not info.outgoing_allowed
    # Only a token allowing incoming calls names the client that receives them.
    assert info.identity == "alice" and info.client_name is None


def test_validity_is_judged_at_the_given_now_only() -> None:
    """nbf and iat a day ahead of the real clock are fine at a `now` two days ahead; claims
    inspect does not use (an audience, a numeric jti) do not matter."""
    ahead = int(time.time()) + 86_400
    claims = {"scope": "", "nbf": ahead, "iat": ahead, "exp": ahead + 600, "aud": "x", "jti": 5}
    info = inspect_token(signed(claims), SECRET, now=datetime.fromtimestamp(ahead + 60, UTC))
    assert info.not_before == datetime.fromtimestamp(ahead, UTC)


def test_leeway_widens_the_window_on_both_sides() -> None:
    token = signed({"scope": "", "nbf": NOW + 30, "exp": NOW + 90})
    assert inspect_token(token, SECRET, now=WHEN, leeway=60).not_before is not None
    later = datetime.fromtimestamp(NOW + 120, UTC)
    assert inspect_token(token, SECRET, now=later, leeway=60).expires_at.timestamp() == NOW + 90


@pytest.mark.parametrize(
    ("token", "secret", "error", "message"),
    [
        (signed({"scope": ""}), "another-" + "1" * 40, TokenSignatureError,
         "token signature does not match the secret"),
        (pyjwt.encode({"scope": ""}, SECRET, algorithm="HS512"), SECRET, TokenSignatureError,
         "token is not signed with HS256"),
        ("not.a.jwt", SECRET, MalformedTokenError, "not a valid JWT: Invalid header padding"),
        (signed({"sub": 5, "grants": {}}), SECRET, MalformedTokenError,
         "claim 'sub' is missing or not a str"),
        (signed({"scope": ""}), "", InvalidArgumentError, "secret must not be empty"),
    ],
    ids=["secret", "algorithm", "malformed", "subject", "empty-secret"],
)  # fmt: skip
def test_refused_tokens_say_why(
    token: str, secret: str, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=f"^{re.escape(message)}$"):
        inspect_token(token, secret, now=WHEN)


def test_now_must_say_its_time_zone() -> None:
    with pytest.raises(InvalidArgumentError, match=r"^now must be a timezone-aware datetime$"):
        inspect_token(signed({"scope": ""}), SECRET, now=datetime(2024, 1, 1))  # noqa: DTZ001


# --------------------------------------------------------------------------- Client Validation


@functools.cache
def rsa_key() -> Any:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def validation_token() -> ClientValidationJwt:
    request = ValidationPayload("GET", "/x", "", {"Host": "h"}, ["host"], "")
    return ClientValidationJwt(ACCOUNT_SID, "SK1", "CR1", rsa_key(), request)


def test_a_client_validation_token_lives_five_minutes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(time, "time", lambda: NOW + 0.5)
    token = validation_token()
    key = rsa_key().public_key()
    claims = pyjwt.decode(token.to_jwt(), key, algorithms=["RS256"], options={"verify_exp": False})
    assert (claims["iss"], claims["sub"], claims["exp"]) == ("SK1", ACCOUNT_SID, NOW + 300)


def test_a_client_validation_token_shows_whose_it_is() -> None:
    token = validation_token()
    assert (token.account_sid, token.api_key_sid, token.credential_sid) == (
        ACCOUNT_SID,
        "SK1",
        "CR1",
    )
    assert repr(token) == f"ClientValidationJwt(account_sid={ACCOUNT_SID!r}, credential_sid='CR1')"


def test_a_client_validation_token_without_a_request_refuses_to_sign() -> None:
    token = ClientValidationJwt(ACCOUNT_SID, "SK1", "CR1", rsa_key(), None)  # type: ignore[arg-type]
    with pytest.raises(
        InvalidArgumentError, match=r"^a decoded ClientValidationJwt has no request to sign$"
    ):
        token.to_jwt()


def test_hashing_empty_inputs_matches_the_official_library() -> None:
    for text in (None, "", "héllo"):
        assert ClientValidationJwt._hash(text) == official_validation.ClientValidationJwt._hash(
            text
        )


def test_a_client_validation_token_needs_both_hashes() -> None:
    key = rsa_key()
    for claims in ({"hrh": "host"}, {"rqh": "abc"}):
        payload = {"iss": "SK1", "sub": ACCOUNT_SID, "exp": int(time.time()) + 60, **claims}
        token = pyjwt.encode(payload, key, algorithm="RS256", headers={"cty": "twilio-pkrv;v=1"})
        with pytest.raises(
            JwtDecodeError, match=r"^not a Client Validation token: no 'hrh'/'rqh' claims$"
        ):
            ClientValidationJwt.from_jwt(token, key.public_key())


def test_a_decoded_client_validation_token_without_kid() -> None:
    key = rsa_key()
    payload = {
        "iss": "SK1",
        "sub": ACCOUNT_SID,
        "exp": int(time.time()) + 60,
        "hrh": "",
        "rqh": "a",
    }
    token = pyjwt.encode(payload, key, algorithm="RS256", headers={"cty": "twilio-pkrv;v=1"})
    public = key.public_key()
    decoded = ClientValidationJwt.from_jwt(token, public)
    assert decoded.credential_sid == "" and decoded.validation_payload is None
    assert decoded.secret_key is public  # the key it was verified with


def test_a_header_with_several_values_is_hashed_as_the_official_library() -> None:
    from twilio.http.validation_client import ValidationPayload as OfficialPayload

    fields = (
        "POST",
        "/x",
        "b=2&a=1",
        {"Host": "h", "X-Multi": ["b", "a"]},
        ["host", "x-multi"],
        "",
    )
    ours = ClientValidationJwt(ACCOUNT_SID, "SK1", "CR1", rsa_key(), ValidationPayload(*fields))
    official = official_validation.ClientValidationJwt(
        ACCOUNT_SID, "SK1", "CR1", rsa_key(), OfficialPayload(*fields)
    )
    assert ours.payload["rqh"] == official._generate_payload()["rqh"]


# --------------------------------------------------------------------------- Access Tokens


def test_an_access_tokens_repr_and_attributes() -> None:
    token = AccessToken(ACCOUNT_SID, "SK1", SECRET, grants=[VideoGrant(room="r")], identity="al")
    assert token.account_sid == ACCOUNT_SID and token.signing_key_sid == "SK1"
    assert repr(token) == (
        f"AccessToken(account_sid={ACCOUNT_SID!r}, signing_key_sid='SK1', identity='al', "
        "region=None, grants=[VideoGrant(room='r')])"
    )


def test_an_access_token_refuses_what_is_not_a_grant() -> None:
    token = AccessToken(ACCOUNT_SID, "SK1", SECRET)
    with pytest.raises(
        InvalidArgumentError, match=r"^Grant must be an instance of AccessTokenGrant\.$"
    ):
        token.add_grant({"video": {}})  # type: ignore[arg-type]


def test_a_decoded_access_token_reads_mistyped_identity_and_region_as_absent() -> None:
    grants = {"identity": 5, "video": {"room": "r"}}
    claims = {"sub": ACCOUNT_SID, "iss": "SK1", "exp": int(time.time()) + 60, "grants": grants}
    decoded = AccessToken.from_jwt(signed(claims, cty=ACCESS_TOKEN_CTY, twr=7), SECRET)
    assert decoded.identity is None and decoded.region is None
    assert decoded.grants == [VideoGrant(room="r")]


def test_a_token_without_grants_is_not_an_access_token() -> None:
    claims = {"sub": ACCOUNT_SID, "iss": "SK1", "exp": int(time.time()) + 60}
    token = signed(claims, cty=ACCESS_TOKEN_CTY)
    with pytest.raises(JwtDecodeError, match=r"^not an Access Token: claim 'grants' is missing$"):
        AccessToken.from_jwt(token, SECRET)


MALFORMED_VOICE = "has a malformed incoming or outgoing field"


def access_claims(grants: dict[str, Any]) -> str:
    claims = {"sub": ACCOUNT_SID, "iss": "SK1", "exp": int(time.time()) + 60, "grants": grants}
    return signed(claims, cty=ACCESS_TOKEN_CTY)


@pytest.mark.parametrize(
    ("grants", "message"),
    [
        ({"chat": ["IS1"]}, "grant 'chat' is not an object"),
        ({"voice": "yes"}, "grant 'voice' is not an object"),
        ({"voice": {"incoming": {}, "outgoing": "AP1"}}, f"grant 'voice' {MALFORMED_VOICE}"),
        ({"player": "url"}, "grant 'player' is not an object"),
    ],
)  # fmt: skip
def test_a_malformed_grant_is_named(grants: dict[str, Any], message: str) -> None:
    with pytest.raises(JwtDecodeError, match=f"^{re.escape(message)}$"):
        AccessToken.from_jwt(access_claims(grants), SECRET)


def test_incoming_not_allowed_and_an_empty_player_grant_read_back() -> None:
    grants = {"voice": {"incoming": {"allow": False}}, "player": None}
    decoded = AccessToken.from_jwt(access_claims(grants), SECRET)
    assert decoded.grants == [VoiceGrant(incoming_allow=None), PlaybackGrant(grant=None)]


# ------------------------------------------------------------------ Client Capability Tokens


def client_claims(**claims: Any) -> str:
    return signed({"exp": int(time.time()) + 60, **claims})


@pytest.mark.parametrize(
    ("claims", "message"),
    [
        ({"scope": "", "grants": {}}, "not a Client Capability Token: claim 'scope' is missing"),
        ({"scope": "", "policies": []}, "not a Client Capability Token: claim 'scope' is missing"),
        ({"scope": "nonsense"}, "not a Client Capability Token: not a scope URI: 'nonsense'"),
    ],
    ids=["access-token", "taskrouter-token", "bad-scope"],
)
def test_a_client_capability_token_of_another_kind_is_refused(
    claims: dict[str, Any], message: str
) -> None:
    with pytest.raises(JwtDecodeError, match=f"^{re.escape(message)}$"):
        ClientCapabilityToken.from_jwt(client_claims(**claims), SECRET)


def test_a_decoded_client_capability_token_without_incoming_re_signs() -> None:
    token = client_claims(scope="scope:client:outgoing?appSid=AP1")
    decoded = ClientCapabilityToken.from_jwt(token, SECRET)
    assert decoded.client_name is None
    assert ClientCapabilityToken.from_jwt(decoded.to_jwt(), SECRET).payload == decoded.payload


def test_capabilities_without_parameters_have_none() -> None:
    token = ClientCapabilityToken(ACCOUNT_SID, SECRET, nbf=None, valid_until=NOW + 60)
    token.allow_client_incoming("alice")
    info = inspect_token(token.to_jwt(), SECRET, now=WHEN)
    assert info.application_params == {} and info.event_stream_params == {}
    token.allow_event_stream()
    info = inspect_token(token.to_jwt(), SECRET, now=WHEN)
    assert info.event_stream_allowed and info.event_stream_params == {}


def test_scope_uris_round_trip_with_and_without_parameters() -> None:
    bare = ScopeURI("client", "incoming")
    assert bare.to_payload() == "scope:client:incoming"
    assert ScopeURI.parse("scope:client:incoming") == bare
    blank = ScopeURI.parse("scope:client:outgoing?appSid=AP1&appParams=")
    assert blank.params == {"appSid": "AP1", "appParams": ""}
    text = "scope-" + "x" * 200
    with pytest.raises(InvalidArgumentError) as info:
        ScopeURI.parse(text)
    assert str(info.value) == f"not a scope URI: {text[:100]!r}"


def test_event_stream_filters_with_several_values_match_the_official_library() -> None:
    ours = ClientCapabilityToken(ACCOUNT_SID, SECRET)
    ours.allow_event_stream(channels=["a", "b"], kind="x")
    official = official_client.ClientCapabilityToken(ACCOUNT_SID, SECRET)
    official.allow_event_stream(channels=["a", "b"], kind="x")
    assert ours.payload["scope"] == official._generate_payload()["scope"]


# --------------------------------------------------------------------------- TaskRouter tokens

WORKSPACE = "WS" + "e5" * 16
WORKER = "WK" + "f6" * 16


def test_taskrouter_sids_are_checked_by_name() -> None:
    cases = [
        (("XX1", SECRET, WORKSPACE, WORKER), "Invalid account sid provided XX1"),
        ((ACCOUNT_SID, SECRET, "XX2", WORKER), "Invalid workspace sid provided XX2"),
        ((ACCOUNT_SID, SECRET, WORKSPACE, "XX3"), "Invalid channel id provided XX3"),
    ]
    for args, message in cases:
        with pytest.raises(InvalidArgumentError, match=f"^{message}$"):
            WorkerCapabilityToken(*args)


def test_a_workspace_token_takes_its_ttl(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(time, "time", lambda: NOW + 0.5)
    token = WorkspaceCapabilityToken(ACCOUNT_SID, SECRET, WORKSPACE, ttl=60)
    assert token.payload["exp"] == NOW + 60


def test_a_taskrouter_tokens_repr_counts_its_policies() -> None:
    token = WorkerCapabilityToken(ACCOUNT_SID, SECRET, WORKSPACE, WORKER)
    assert repr(token) == (
        f"WorkerCapabilityToken(account_sid={ACCOUNT_SID!r}, workspace_sid={WORKSPACE!r}, "
        f"channel_id={WORKER!r}, policies={len(token.policies)})"
    )


NOT_TASKROUTER = "not a TaskRouter capability token"
LONG_CHANNEL = "XX" + "9" * 60


def taskrouter_claims(**claims: Any) -> str:
    base = {"account_sid": ACCOUNT_SID, "workspace_sid": WORKSPACE, "exp": int(time.time()) + 60}
    return signed({**base, **claims})


@pytest.mark.parametrize(
    ("claims", "message"),
    [
        ({"policies": []}, f"{NOT_TASKROUTER}: no 'policies' or 'channel'"),
        ({"policies": [1], "channel": WORKER}, f"{NOT_TASKROUTER}: malformed 'policies'"),
        (
            {"policies": [], "channel": LONG_CHANNEL},
            f"not a TaskRouterCapabilityToken: channel {LONG_CHANNEL[:40]!r} is of another kind",
        ),
    ],
    ids=["no-channel", "malformed-policy", "unknown-channel"],
)
def test_a_malformed_taskrouter_token_is_refused(claims: dict[str, Any], message: str) -> None:
    with pytest.raises(JwtDecodeError, match=f"^{re.escape(message)}$"):
        TaskRouterCapabilityToken.from_jwt(taskrouter_claims(**claims), SECRET)


def test_a_decoded_taskrouter_token_re_signs() -> None:
    token = WorkerCapabilityToken(ACCOUNT_SID, SECRET, WORKSPACE, WORKER).to_jwt()
    decoded = TaskRouterCapabilityToken.from_jwt(token, SECRET)
    assert TaskRouterCapabilityToken.from_jwt(decoded.to_jwt(), SECRET).payload == decoded.payload


def test_an_unknown_capability_is_named_up_to_100_characters() -> None:
    scope = "scope:client:dance?x=" + "y" * 200
    with pytest.raises(JwtDecodeError) as info:
        ClientCapabilityToken.from_jwt(client_claims(scope=scope), SECRET)
    assert str(info.value) == f"unknown scope {scope[:100]!r}"
