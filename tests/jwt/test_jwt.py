"""Tokens must decode exactly like the official ``twilio`` library's; inspect must explain them."""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import json
import time
import typing
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from types import ModuleType
from typing import Any

import jwt as pyjwt
import pytest
import twilio.jwt.access_token as official_access
import twilio.jwt.access_token.grants as official_grants
import twilio.jwt.client as official_client
import twilio.jwt.taskrouter.capabilities as official_taskrouter
from jwt.algorithms import get_default_algorithms

import twilio_sdk.jwt.access_token as ours_access
import twilio_sdk.jwt.access_token.grants as ours_grants
import twilio_sdk.jwt.client as ours_client
import twilio_sdk.jwt.taskrouter.capabilities as ours_taskrouter
from twilio_sdk.jwt import HMAC_ALGORITHMS, Jwt
from twilio_sdk.jwt.inspect import (
    MalformedTokenError,
    TokenError,
    TokenExpiredError,
    TokenInfo,
    TokenKind,
    TokenNotYetValidError,
    TokenSignatureError,
    inspect_token,
)

NOW = 1_700_000_000
ACCOUNT_SID = "AC" + "a1" * 16
SUBACCOUNT_SID = "AC" + "b2" * 16
KEY_SID = "SK" + "c3" * 16
SECRET = "s3cr3t-" + "9f" * 32  # 71 bytes: above PyJWT's HS512 minimum
APP_SID = "AP" + "d4" * 16
WORKSPACE_SID = "WS" + "e5" * 16
WORKER_SID = "WK" + "f6" * 16
QUEUE_SID = "WQ" + "07" * 16


@pytest.fixture(autouse=True)
def frozen_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Both libraries read ``time.time()``: freeze it so even exp/nbf/jti must agree."""
    monkeypatch.setattr(time, "time", lambda: NOW + 0.25)


def decode(token: str, secret: str = SECRET) -> tuple[dict[str, Any], dict[str, Any]]:
    header = pyjwt.get_unverified_header(token)
    claims = pyjwt.decode(
        token,
        secret,
        algorithms=[header["alg"]],
        options={"verify_exp": False, "verify_nbf": False},
    )
    return header, claims


def assert_same_token(ours: str, official: str, secret: str = SECRET) -> None:
    assert decode(ours, secret) == decode(official, secret)


# --- Access tokens -------------------------------------------------------------------

GrantFactory = Callable[[ModuleType], list[Any]]

GRANT_CASES: dict[str, GrantFactory] = {
    "none": lambda g: [],
    "voice-empty": lambda g: [g.VoiceGrant()],
    "voice-incoming": lambda g: [g.VoiceGrant(incoming_allow=True)],
    "voice-incoming-not-true": lambda g: [g.VoiceGrant(incoming_allow=1)],
    "voice-outgoing": lambda g: [g.VoiceGrant(outgoing_application_sid=APP_SID)],
    "voice-full": lambda g: [
        g.VoiceGrant(
            True,
            APP_SID,
            {"to": "+15551234567", "n": 3, "ünï": ["a", "b"], "flag": True},
            "CR" + "1" * 32,
            "endpoint-ü",
        )
    ],
    "voice-params-without-app": lambda g: [g.VoiceGrant(outgoing_application_params={"a": 1})],
    "video-empty": lambda g: [g.VideoGrant()],
    "video-room": lambda g: [g.VideoGrant(room="daily standup ☕")],
    "chat-empty": lambda g: [g.ChatGrant()],
    "chat-full": lambda g: [
        g.ChatGrant("IS" + "1" * 32, "ep:alice", "RL" + "2" * 32, "CR" + "3" * 32)
    ],
    "chat-partial": lambda g: [g.ChatGrant(service_sid="IS" + "1" * 32, endpoint_id="")],
    "sync-empty": lambda g: [g.SyncGrant()],
    "sync-full": lambda g: [g.SyncGrant("IS" + "4" * 32, "device-7")],
    "taskrouter-empty": lambda g: [g.TaskRouterGrant()],
    "taskrouter-full": lambda g: [g.TaskRouterGrant(WORKSPACE_SID, WORKER_SID, "worker")],
    "playback-none": lambda g: [g.PlaybackGrant()],
    "playback-empty": lambda g: [g.PlaybackGrant({})],
    "playback-grant": lambda g: [
        g.PlaybackGrant({"requestCredentials": None, "playbackUrl": "https://x/y", "n": 1})
    ],
    "all": lambda g: [
        g.VoiceGrant(incoming_allow=True, outgoing_application_sid=APP_SID),
        g.VideoGrant(room="r"),
        g.ChatGrant(service_sid="IS" + "5" * 32),
        g.SyncGrant(service_sid="IS" + "6" * 32),
        g.TaskRouterGrant(workspace_sid=WORKSPACE_SID),
        g.PlaybackGrant({"grant": "x"}),
    ],
    "same-key-twice": lambda g: [g.VideoGrant(room="first"), g.VideoGrant(room="second")],
}

TOKEN_OPTIONS: dict[str, dict[str, Any]] = {
    "defaults": {},
    "identity": {"identity": "alice"},
    "unicode-identity": {"identity": "zoë 🚀"},
    "empty-identity": {"identity": ""},
    "region": {"identity": "bob", "region": "ie1"},
    "non-str-region": {"region": 5},
    "no-nbf": {"nbf": None},
    "fixed-nbf": {"nbf": NOW - 60},
    "zero-nbf": {"nbf": 0},
    "ttl": {"ttl": 60},
    "valid-until": {"valid_until": NOW + 99, "ttl": 5},
    "everything": {
        "identity": "carol",
        "region": "au1",
        "nbf": NOW + 10,
        "ttl": 7200,
        "valid_until": NOW + 500,
    },
}


def build_access(module: ModuleType, grants: list[Any], options: dict[str, Any]) -> Any:
    token = module.AccessToken(ACCOUNT_SID, KEY_SID, SECRET, **options)
    for grant in grants:
        token.add_grant(grant)
    return token


@pytest.mark.parametrize("grants", GRANT_CASES)
@pytest.mark.parametrize("options", TOKEN_OPTIONS)
def test_access_token_matches_official(grants: str, options: str) -> None:
    ours = build_access(ours_access, GRANT_CASES[grants](ours_grants), TOKEN_OPTIONS[options])
    official = build_access(
        official_access, GRANT_CASES[grants](official_grants), TOKEN_OPTIONS[options]
    )
    assert_same_token(ours.to_jwt(), official.to_jwt())


def test_access_token_grants_argument_and_ttl_override() -> None:
    ours = ours_access.AccessToken(
        ACCOUNT_SID, KEY_SID, SECRET, [ours_grants.VideoGrant(room="r")], "dave"
    )
    official = official_access.AccessToken(
        ACCOUNT_SID, KEY_SID, SECRET, [official_grants.VideoGrant(room="r")], "dave"
    )
    assert_same_token(ours.to_jwt(), official.to_jwt())
    assert_same_token(ours.to_jwt(30), official.to_jwt(30))
    assert ours.headers == official.headers
    assert ours.payload == official.payload


def test_access_token_header_and_claims_shape() -> None:
    token = ours_access.AccessToken(
        ACCOUNT_SID, KEY_SID, SECRET, identity="eve", region="us1", ttl=100
    )
    token.add_grant(ours_grants.VideoGrant())
    header, claims = decode(token.to_jwt())
    assert header == {"alg": "HS256", "typ": "JWT", "cty": "twilio-fpa;v=1", "twr": "us1"}
    assert claims == {
        "jti": f"{KEY_SID}-{NOW}",
        "iss": KEY_SID,
        "sub": ACCOUNT_SID,
        "exp": NOW + 100,
        "nbf": NOW,
        "grants": {"identity": "eve", "video": {}},
    }


# Every algorithm PyJWT knows, plus spellings that must not slip through.
CANDIDATE_ALGORITHMS = sorted(get_default_algorithms()) + ["hs256", "HS1024"]


@pytest.mark.parametrize("algorithm", CANDIDATE_ALGORITHMS)
@pytest.mark.parametrize("via", ["to_jwt", "attribute"])
def test_to_jwt_signs_only_what_inspect_token_accepts(
    monkeypatch: pytest.MonkeyPatch, algorithm: str, via: str
) -> None:
    signed: list[str] = []
    real_encode = pyjwt.encode

    def spy(*args: Any, **kwargs: Any) -> str:
        signed.append(kwargs["algorithm"])
        return real_encode(*args, **kwargs)

    monkeypatch.setattr(pyjwt, "encode", spy)
    for token in all_tokens():
        encode: Callable[[], str] = functools.partial(token.to_jwt, algorithm=algorithm)
        if via == "attribute":
            token.algorithm = algorithm
            encode = token.to_jwt
        if algorithm not in HMAC_ALGORITHMS:
            with pytest.raises(ValueError, match="Unsupported algorithm"):
                encode()
            assert signed == []  # refused before anything was signed
            continue
        info = check(encode())
        assert info.headers["alg"] == algorithm and signed[-1] == algorithm


def test_signing_algorithms_are_the_ones_twilio_accepts() -> None:
    assert HMAC_ALGORITHMS == {"HS256"}
    assert ours_access.AccessToken(ACCOUNT_SID, KEY_SID, SECRET).algorithm == "HS256"
    # Declared, not just inferred: pyright --verifytypes counts an inferred one as ambiguous.
    assert typing.get_type_hints(Jwt)["algorithm"] is str


def test_access_token_rejects_bad_grant_and_missing_secret() -> None:
    with pytest.raises(ValueError):
        ours_access.AccessToken(ACCOUNT_SID, KEY_SID, SECRET).add_grant("voice")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="signing key"):
        ours_access.AccessToken(ACCOUNT_SID, KEY_SID, "").to_jwt()


def test_grants_payloads_match_official() -> None:
    for build in GRANT_CASES.values():
        for ours, official in zip(build(ours_grants), build(official_grants), strict=True):
            assert ours.key == official.key
            assert ours.to_payload() == official.to_payload()


# --- Client capability tokens ----------------------------------------------------------

ClientSetup = Callable[[Any], object]

CLIENT_CASES: dict[str, tuple[dict[str, Any], ClientSetup]] = {
    "empty": ({}, lambda t: None),
    "incoming": ({}, lambda t: t.allow_client_incoming("alice")),
    "outgoing": ({}, lambda t: t.allow_client_outgoing(APP_SID)),
    "outgoing-params": (
        {},
        lambda t: t.allow_client_outgoing(APP_SID, foo="bar baz", ü="ß&=?", many=["1", "2"]),
    ),
    "incoming-then-outgoing": (
        {},
        lambda t: (t.allow_client_incoming("bob"), t.allow_client_outgoing(APP_SID, x="1")),
    ),
    "outgoing-then-incoming": (
        {},
        lambda t: (t.allow_client_outgoing(APP_SID), t.allow_client_incoming("carl 🚀")),
    ),
    "events": ({}, lambda t: t.allow_event_stream()),
    "events-params": ({}, lambda t: t.allow_event_stream(foobar="baz", n=3)),
    "everything": (
        {"nbf": None, "ttl": 60},
        lambda t: (
            t.allow_event_stream(a="b"),
            t.allow_client_outgoing(APP_SID, p="q"),
            t.allow_client_incoming("dana"),
        ),
    ),
    "replace-capability": (
        {},
        lambda t: (t.allow_client_incoming("old"), t.allow_client_incoming("new")),
    ),
    "kwargs": (
        {
            "allow_client_outgoing": {"application_sid": APP_SID, "y": "2"},
            "allow_client_incoming": {"client_name": "erin"},
            "allow_event_stream": {"z": "3"},
        },
        lambda t: None,
    ),
    "fixed-nbf": ({"nbf": NOW - 5, "ttl": 10}, lambda t: t.allow_client_incoming("f")),
}


@pytest.mark.parametrize("account_sid", [ACCOUNT_SID, SUBACCOUNT_SID])
@pytest.mark.parametrize("case", CLIENT_CASES)
def test_client_capability_token_matches_official(account_sid: str, case: str) -> None:
    kwargs, setup = CLIENT_CASES[case]
    ours = ours_client.ClientCapabilityToken(account_sid, SECRET, **kwargs)
    official = official_client.ClientCapabilityToken(account_sid, SECRET, **kwargs)
    setup(ours)
    setup(official)
    assert_same_token(ours.to_jwt(), official.to_jwt())
    assert decode(ours.to_jwt())[1]["iss"] == account_sid


def test_client_capability_token_scope_format() -> None:
    token = ours_client.ClientCapabilityToken(ACCOUNT_SID, SECRET)
    token.allow_client_incoming("alice")
    token.allow_client_outgoing(APP_SID, foo="bar")
    token.allow_event_stream(x="y")
    assert decode(token.to_jwt())[1]["scope"] == (
        "scope:client:incoming?clientName=alice "
        f"scope:client:outgoing?appParams=foo%3Dbar&appSid={APP_SID}&clientName=alice "
        "scope:stream:subscribe?params=x%3Dy&path=%2F2010-04-01%2FEvents"
    )


def test_client_capability_token_honours_valid_until() -> None:
    # Deliberate difference: the official class drops ``valid_until``.
    token = ours_client.ClientCapabilityToken(ACCOUNT_SID, SECRET, valid_until=NOW + 42)
    assert decode(token.to_jwt())[1]["exp"] == NOW + 42


def test_client_capability_token_rejects_unknown_keyword() -> None:
    with pytest.raises(TypeError):
        ours_client.ClientCapabilityToken(ACCOUNT_SID, SECRET, allow_nothing={})  # type: ignore[call-arg]


# --- TaskRouter capability tokens ------------------------------------------------------

TASKROUTER_CASES: dict[str, tuple[str, tuple[Any, ...], dict[str, Any], ClientSetup]] = {
    "worker-default": ("WorkerCapabilityToken", (WORKER_SID,), {}, lambda t: None),
    "worker-all-on": (
        "WorkerCapabilityToken",
        (WORKER_SID,),
        {
            "allow_update_activities": True,
            "allow_update_reservations": True,
            "allow_update_self": True,
            "allow_delete_self": True,
            "allow_fetch_subresources": True,
            "allow_update_subresources": True,
            "allow_delete_subresources": True,
        },
        lambda t: None,
    ),
    "worker-all-off": (
        "WorkerCapabilityToken",
        (WORKER_SID, 120),
        {
            "allow_web_sockets": False,
            "allow_fetch_self": False,
            "allow_fetch_activities": False,
            "allow_fetch_reservations": False,
            "allow_fetch_worker_reservations": False,
        },
        lambda t: None,
    ),
    "worker-methods": (
        "WorkerCapabilityToken",
        (WORKER_SID,),
        {"nbf": None, "valid_until": NOW + 77},
        lambda t: (
            t.allow_update_activities(),
            t.allow_update_reservations(),
            t.allow_fetch_subresources(),
            t.allow_web_sockets("WK" + "9" * 32),
        ),
    ),
    "queue-default": ("TaskQueueCapabilityToken", (QUEUE_SID,), {}, lambda t: None),
    "queue-options": (
        "TaskQueueCapabilityToken",
        (QUEUE_SID,),
        {"ttl": 30, "allow_update_self": True, "nbf": NOW - 1},
        lambda t: t.allow_delete_subresources(),
    ),
    "workspace-default": ("WorkspaceCapabilityToken", (), {}, lambda t: None),
    "workspace-options": (
        "WorkspaceCapabilityToken",
        (),
        {"allow_fetch_subresources": True, "allow_update_subresources": True},
        lambda t: (t.allow_update_self(), t.allow_delete_self()),
    ),
}


@pytest.mark.parametrize("case", TASKROUTER_CASES)
def test_taskrouter_token_matches_official(case: str) -> None:
    name, args, kwargs, setup = TASKROUTER_CASES[case]
    ours = getattr(ours_taskrouter, name)(ACCOUNT_SID, SECRET, WORKSPACE_SID, *args, **kwargs)
    official = getattr(official_taskrouter, name)(
        ACCOUNT_SID, SECRET, WORKSPACE_SID, *args, **kwargs
    )
    setup(ours)
    setup(official)
    assert ours.policies == official.policies
    assert_same_token(ours.to_jwt(), official.to_jwt())


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("WorkerCapabilityToken", ("PN" + "1" * 32, WORKSPACE_SID, WORKER_SID)),
        ("WorkerCapabilityToken", (ACCOUNT_SID, "XX" + "1" * 32, WORKER_SID)),
        ("WorkerCapabilityToken", (ACCOUNT_SID, WORKSPACE_SID, QUEUE_SID)),
        ("TaskQueueCapabilityToken", (ACCOUNT_SID, WORKSPACE_SID, WORKER_SID)),
        ("WorkspaceCapabilityToken", (ACCOUNT_SID, "")),
    ],
)
def test_taskrouter_invalid_sids_rejected_like_official(name: str, args: tuple[str, ...]) -> None:
    account_sid, workspace_sid, *channel = args
    for module in (ours_taskrouter, official_taskrouter):
        with pytest.raises(ValueError, match="Invalid"):
            getattr(module, name)(account_sid, SECRET, workspace_sid, *channel)


# --- Secrets stay out of repr ----------------------------------------------------------


def all_tokens() -> Iterator[Any]:
    access = ours_access.AccessToken(ACCOUNT_SID, KEY_SID, SECRET, identity="x")
    access.add_grant(ours_grants.VoiceGrant(incoming_allow=True))
    yield access
    client = ours_client.ClientCapabilityToken(ACCOUNT_SID, SECRET)
    client.allow_client_incoming("y")
    yield client
    yield ours_taskrouter.WorkerCapabilityToken(ACCOUNT_SID, SECRET, WORKSPACE_SID, WORKER_SID)
    yield ours_taskrouter.TaskQueueCapabilityToken(ACCOUNT_SID, SECRET, WORKSPACE_SID, QUEUE_SID)
    yield ours_taskrouter.WorkspaceCapabilityToken(ACCOUNT_SID, SECRET, WORKSPACE_SID)


@pytest.mark.parametrize("token", list(all_tokens()), ids=lambda t: type(t).__name__)
def test_secret_not_in_repr(token: Any) -> None:
    assert SECRET not in repr(token)
    assert SECRET not in str(token)
    assert type(token).__name__ in repr(token)


# --- Inspect ---------------------------------------------------------------------------


def at(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def check(token: str) -> TokenInfo:
    """Inspect at the frozen time the token was made."""
    return inspect_token(token, SECRET, now=at(NOW))


def test_inspect_access_token_with_voice_grant() -> None:
    token = ours_access.AccessToken(
        ACCOUNT_SID, KEY_SID, SECRET, identity="alice", region="ie1", ttl=600
    )
    token.add_grant(
        ours_grants.VoiceGrant(
            incoming_allow=True,
            outgoing_application_sid=APP_SID,
            outgoing_application_params={"to": "+1555", "n": 2, "tags": ["a", 3]},
        )
    )
    token.add_grant(ours_grants.VideoGrant(room="r1"))
    info = check(token.to_jwt())
    assert info.kind is TokenKind.ACCESS
    assert info.account_sid == ACCOUNT_SID
    assert info.issuer == KEY_SID
    assert info.expires_at == at(NOW + 600)
    assert info.not_before == at(NOW)
    assert info.identity == "alice"
    assert info.region == "ie1"
    assert info.incoming_allowed and info.client_name == "alice"
    assert info.outgoing_allowed and info.application_sid == APP_SID
    assert info.application_params == {"to": ["+1555"], "n": ["2"], "tags": ["a", "3"]}
    assert not info.event_stream_allowed
    assert set(info.grants) == {"voice", "video"}
    assert info.grants["video"] == {"room": "r1"}


@pytest.mark.parametrize("grants", GRANT_CASES)
def test_inspect_access_token_grants_round_trip(grants: str) -> None:
    token = build_access(ours_access, GRANT_CASES[grants](ours_grants), {"identity": "i"})
    info = check(token.to_jwt())
    assert info.kind is TokenKind.ACCESS
    assert info.identity == "i"
    assert info.grants == {g.key: g.to_payload() for g in token.grants}


def test_inspect_access_token_without_identity_or_voice() -> None:
    token = ours_access.AccessToken(ACCOUNT_SID, KEY_SID, SECRET, nbf=None)
    info = check(token.to_jwt())
    assert info.identity is None and info.grants == {} and info.not_before is None
    assert not info.incoming_allowed and not info.outgoing_allowed


def test_inspect_client_capability_token() -> None:
    token = ours_client.ClientCapabilityToken(SUBACCOUNT_SID, SECRET, ttl=60)
    token.allow_client_incoming("bob ü")
    token.allow_client_outgoing(APP_SID, foo="bar&baz=", many=["1", "2"], ü="ß")
    token.allow_event_stream(kind="calls", n=3)
    info = check(token.to_jwt())
    assert info.kind is TokenKind.CLIENT_CAPABILITY
    assert info.account_sid == info.issuer == SUBACCOUNT_SID
    assert info.expires_at == at(NOW + 60)
    assert info.not_before == at(NOW)
    assert info.incoming_allowed and info.client_name == "bob ü"
    assert info.outgoing_allowed and info.application_sid == APP_SID
    assert info.application_params == {"foo": ["bar&baz="], "many": ["1", "2"], "ü": ["ß"]}
    assert info.event_stream_allowed
    assert info.event_stream_params == {"kind": ["calls"], "n": ["3"]}
    assert info.identity is None and info.grants == {}


def test_inspect_client_capability_token_partial() -> None:
    outgoing_only = ours_client.ClientCapabilityToken(ACCOUNT_SID, SECRET)
    outgoing_only.allow_client_outgoing(APP_SID)
    info = check(outgoing_only.to_jwt())
    assert info.outgoing_allowed and not info.incoming_allowed and info.client_name is None
    assert info.application_params == {} and not info.event_stream_allowed

    empty = check(ours_client.ClientCapabilityToken(ACCOUNT_SID, SECRET).to_jwt())
    assert empty.kind is TokenKind.CLIENT_CAPABILITY
    assert not (empty.incoming_allowed or empty.outgoing_allowed or empty.event_stream_allowed)


@pytest.mark.parametrize(
    ("token", "channel"),
    [
        (
            ours_taskrouter.WorkerCapabilityToken(
                ACCOUNT_SID, SECRET, WORKSPACE_SID, WORKER_SID, allow_update_activities=True
            ),
            WORKER_SID,
        ),
        (
            ours_taskrouter.TaskQueueCapabilityToken(ACCOUNT_SID, SECRET, WORKSPACE_SID, QUEUE_SID),
            QUEUE_SID,
        ),
        (
            ours_taskrouter.WorkspaceCapabilityToken(ACCOUNT_SID, SECRET, WORKSPACE_SID),
            WORKSPACE_SID,
        ),
    ],
    ids=["worker", "queue", "workspace"],
)
def test_inspect_taskrouter_tokens(token: Any, channel: str) -> None:
    info = check(token.to_jwt())
    assert info.kind is TokenKind.TASKROUTER
    assert info.account_sid == info.issuer == ACCOUNT_SID
    assert info.workspace_sid == WORKSPACE_SID
    assert info.channel_id == channel
    assert [(p.url, p.method, p.allow, p.post_filter) for p in info.policies] == [
        (p["url"], p["method"], p["allow"], p["post_filter"]) for p in token.policies
    ]
    assert not info.incoming_allowed and not info.outgoing_allowed


def test_inspect_tokens_made_by_official_library() -> None:
    client = official_client.ClientCapabilityToken(ACCOUNT_SID, SECRET)
    client.allow_client_incoming("zed")
    assert check(client.to_jwt()).client_name == "zed"
    access = official_access.AccessToken(ACCOUNT_SID, KEY_SID, SECRET, identity="yo")
    access.add_grant(official_grants.ChatGrant(service_sid="IS1"))
    assert check(access.to_jwt()).grants == {"chat": {"service_sid": "IS1"}}
    worker = official_taskrouter.WorkerCapabilityToken(
        ACCOUNT_SID, SECRET, WORKSPACE_SID, WORKER_SID
    )
    assert check(worker.to_jwt()).channel_id == WORKER_SID


def test_inspect_expired_and_not_yet_valid() -> None:
    token = ours_access.AccessToken(ACCOUNT_SID, KEY_SID, SECRET, ttl=100).to_jwt()
    with pytest.raises(TokenExpiredError) as expired:
        inspect_token(token, SECRET, now=at(NOW + 100))
    assert expired.value.expires_at == at(NOW + 100)
    inspect_token(token, SECRET, now=at(NOW + 99))
    inspect_token(token, SECRET, now=at(NOW + 105), leeway=10)
    assert inspect_token(token, SECRET, now=at(NOW + 10**6), verify_expiry=False).account_sid

    past = ours_client.ClientCapabilityToken(ACCOUNT_SID, SECRET, valid_until=NOW - 1).to_jwt()
    with pytest.raises(TokenExpiredError):
        inspect_token(past, SECRET)  # against the real clock

    future = ours_access.AccessToken(ACCOUNT_SID, KEY_SID, SECRET, nbf=NOW + 50).to_jwt()
    with pytest.raises(TokenNotYetValidError) as early:
        inspect_token(future, SECRET, now=at(NOW))
    assert early.value.not_before == at(NOW + 50)
    assert inspect_token(future, SECRET, now=at(NOW + 50)).not_before == at(NOW + 50)

    with pytest.raises(ValueError, match="timezone-aware"):
        inspect_token(token, SECRET, now=datetime(2024, 1, 1))


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def sign(header: bytes, payload: bytes, secret: str = SECRET) -> str:
    signing_input = f"{b64(header)}.{b64(payload)}"
    mac = hmac.new(secret.encode(), signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64(mac)}"


HS256 = b'{"alg":"HS256","typ":"JWT"}'
ALG_NONE = b'{"alg":"none","typ":"JWT"}'


def claims_token(claims: dict[str, Any]) -> str:
    return sign(HS256, json.dumps(claims).encode())


def test_inspect_tampered_tokens() -> None:
    good = ours_access.AccessToken(ACCOUNT_SID, KEY_SID, SECRET, identity="alice").to_jwt()
    header, payload, signature = good.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["grants"]["identity"] = "mallory"
    forged_payload = b64(json.dumps(claims).encode())
    flipped = signature[:-2] + ("A" if signature[-2] != "A" else "B") + signature[-1]
    cases = {
        "payload": f"{header}.{forged_payload}.{signature}",
        "signature": f"{header}.{payload}.{flipped}",
        "wrong-secret": ours_access.AccessToken(ACCOUNT_SID, KEY_SID, "x" * 40).to_jwt(),
        "alg-none": f"{b64(ALG_NONE)}.{payload}.",
        "alg-hs512": pyjwt.encode(decode(good)[1], SECRET, algorithm="HS512"),
        "header": f"{b64(HS256.replace(b'JWT', b'JWS'))}.{payload}.{signature}",
    }
    for name, token in cases.items():
        with pytest.raises(TokenSignatureError):
            check(token)
        assert name  # keeps the failing case visible in tracebacks


MALFORMED: dict[str, str] = {
    "empty": "",
    "garbage": "not a jwt",
    "two-segments": "abc.def",
    "bad-base64-header": "!!!." + b64(b"{}") + ".sig",
    "header-not-json": f"{b64(b'nope')}.{b64(b'{}')}.{b64(b'x')}",
    "payload-not-json": sign(HS256, b"{not json"),
    "payload-not-object": sign(HS256, b"[1, 2]"),
    "bad-base64-payload": f"{b64(HS256)}.@@@.{b64(b'x')}",
    "unknown-kind": claims_token({"iss": ACCOUNT_SID, "exp": NOW + 60}),
    "missing-exp": claims_token({"iss": ACCOUNT_SID, "scope": ""}),
    "string-exp": claims_token({"iss": ACCOUNT_SID, "exp": "soon", "scope": ""}),
    "bool-exp": claims_token({"iss": ACCOUNT_SID, "exp": True, "scope": ""}),
    "missing-iss": claims_token({"exp": NOW + 60, "scope": ""}),
    "bad-scope": claims_token({"iss": ACCOUNT_SID, "exp": NOW + 60, "scope": "client:incoming"}),
    "unknown-scope": claims_token(
        {"iss": ACCOUNT_SID, "exp": NOW + 60, "scope": "scope:client:teleport?x=1"}
    ),
    "bad-scope-query": claims_token(
        {"iss": ACCOUNT_SID, "exp": NOW + 60, "scope": "scope:client:incoming?noequals"}
    ),
    "scope-not-string": claims_token({"iss": ACCOUNT_SID, "exp": NOW + 60, "scope": 1}),
    "grants-not-object": claims_token(
        {"iss": KEY_SID, "sub": ACCOUNT_SID, "exp": NOW + 60, "grants": []}
    ),
    "access-without-sub": claims_token({"iss": KEY_SID, "exp": NOW + 60, "grants": {}}),
    "identity-not-string": claims_token(
        {"iss": KEY_SID, "sub": ACCOUNT_SID, "exp": NOW + 60, "grants": {"identity": 7}}
    ),
    "bad-policy": claims_token(
        {
            "iss": ACCOUNT_SID,
            "exp": NOW + 60,
            "account_sid": ACCOUNT_SID,
            "workspace_sid": WORKSPACE_SID,
            "channel": WORKER_SID,
            "policies": [{"url": "x"}],
        }
    ),
}


@pytest.mark.parametrize("name", MALFORMED)
def test_inspect_malformed_tokens(name: str) -> None:
    with pytest.raises(MalformedTokenError):
        inspect_token(MALFORMED[name], SECRET, now=at(NOW))


def test_error_classes_are_distinct_token_errors() -> None:
    classes = [MalformedTokenError, TokenSignatureError, TokenExpiredError, TokenNotYetValidError]
    assert all(issubclass(cls, TokenError) for cls in classes)
    for cls in classes:
        assert not any(issubclass(cls, other) for other in classes if other is not cls)


def test_secret_absent_from_inspect_results_and_errors() -> None:
    failures: list[TokenError] = []
    expired = ours_access.AccessToken(ACCOUNT_SID, KEY_SID, SECRET, ttl=1).to_jwt()
    early = ours_access.AccessToken(ACCOUNT_SID, KEY_SID, SECRET, nbf=NOW + 9).to_jwt()
    forged = ours_access.AccessToken(ACCOUNT_SID, KEY_SID, "y" * 40).to_jwt()
    for token in [expired, early, forged, *MALFORMED.values()]:
        with pytest.raises(TokenError) as caught:
            inspect_token(token, SECRET, now=at(NOW + 5))
        failures.append(caught.value)
    assert {type(e) for e in failures} == {
        TokenExpiredError,
        TokenNotYetValidError,
        TokenSignatureError,
        MalformedTokenError,
    }
    for error in failures:
        assert SECRET not in str(error) and SECRET not in repr(error)

    infos: list[TokenInfo] = [check(t.to_jwt()) for t in all_tokens()]
    for info in infos:
        assert SECRET not in repr(info)
        assert SECRET not in json.dumps(info.claims) + json.dumps(info.headers)


def test_token_info_repr_is_readable() -> None:
    token = ours_client.ClientCapabilityToken(ACCOUNT_SID, SECRET)
    token.allow_client_incoming("alice")
    text = repr(check(token.to_jwt()))
    assert text.startswith("TokenInfo(kind=<TokenKind.CLIENT_CAPABILITY")
    assert "client_name='alice'" in text and "claims=" not in text


def test_inspect_rejects_empty_secret() -> None:
    with pytest.raises(ValueError, match="secret"):
        inspect_token("a.b.c", "")


def test_validity_window_reported_in_utc() -> None:
    token = ours_access.AccessToken(ACCOUNT_SID, KEY_SID, SECRET, ttl=3600).to_jwt()
    info = inspect_token(token, SECRET, now=at(NOW) + timedelta(minutes=59))
    assert info.expires_at.tzinfo is UTC and info.not_before is not None
    assert info.expires_at - info.not_before == timedelta(hours=1)


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("WorkerCapabilityToken", (WORKER_SID,)),
        ("TaskQueueCapabilityToken", (QUEUE_SID,)),
        ("WorkspaceCapabilityToken", ()),
    ],
)
def test_every_taskrouter_allow_method_adds_the_official_policies(
    name: str, args: tuple[str, ...]
) -> None:
    """Each ``allow_*`` method, called alone on a token with no policies, adds exactly the
    official library's policies, and is documented."""
    off = {"allow_web_sockets": False, "allow_fetch_self": False}
    if name == "WorkerCapabilityToken":
        off["allow_fetch_activities"] = off["allow_fetch_reservations"] = False
        off["allow_fetch_worker_reservations"] = False
    cls = getattr(ours_taskrouter, name)
    methods = [m for m in dir(cls) if m.startswith("allow_")]
    assert len(methods) >= 7
    for method in methods:
        assert getattr(cls, method).__doc__, method
        ours = cls(ACCOUNT_SID, SECRET, WORKSPACE_SID, *args, **off)
        official = getattr(official_taskrouter, name)(
            ACCOUNT_SID, SECRET, WORKSPACE_SID, *args, **off
        )
        assert ours.policies == official.policies == []
        getattr(ours, method)()
        getattr(official, method)()
        assert ours.policies == official.policies, method
        assert ours.policies, method
