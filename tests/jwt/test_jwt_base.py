"""What every token shares (``twilio_sdk.jwt.Jwt``): one encoding time for all its claims,
the default lifetime, re-signing a decoded token, the messages of refused tokens and the
``repr`` a user sees, checked against the official library where it has the same rule."""

from __future__ import annotations

import inspect
import itertools
import time
from typing import Any

import jwt as pyjwt
import pytest
import twilio.jwt as official_jwt
from jwt.types import Options

from twilio_sdk._errors import InvalidArgumentError
from twilio_sdk.jwt import GENERATE, Jwt, JwtDecodeError
from twilio_sdk.jwt.access_token import ACCESS_TOKEN_CTY, AccessToken
from twilio_sdk.jwt.access_token.grants import VideoGrant
from twilio_sdk.jwt.client import ClientCapabilityToken

ACCOUNT_SID = "AC" + "a1" * 16
KEY_SID = "SK" + "c3" * 16
SECRET = "s3cr3t-" + "9f" * 32
NOW = 1_700_000_000


def claims_of(token: str) -> dict[str, Any]:
    options: Options = {"verify_signature": False, "verify_exp": False, "verify_nbf": False}
    decoded: dict[str, Any] = pyjwt.decode(token, options=options, algorithms=["HS256"])
    return decoded


class Plain(Jwt):
    """A token of the user's own, as the official base class allows."""

    def _generate_payload(self) -> dict[str, Any]:
        return {"scope": "x"}


def test_every_claim_of_one_encoding_has_the_same_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Even when the clock ticks while the token is built, jti, nbf and exp agree."""
    ticks = itertools.count(NOW)
    monkeypatch.setattr(time, "time", lambda: float(next(ticks)))
    token = AccessToken(ACCOUNT_SID, KEY_SID, SECRET, grants=[VideoGrant(room="r")], ttl=60)
    claims = claims_of(token.to_jwt())
    assert claims["jti"] == f"{KEY_SID}-{claims['nbf']}"
    assert claims["exp"] == claims["nbf"] + 60


def test_a_token_of_ones_own_lives_an_hour_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(time, "time", lambda: NOW + 0.5)
    ours = claims_of(Plain(SECRET, "issuer").to_jwt())
    assert ours == {"scope": "x", "iss": "issuer", "nbf": NOW, "exp": NOW + 3600}


def test_a_token_without_a_payload_says_so() -> None:
    with pytest.raises(NotImplementedError, match=r"^Subclass must provide a payload\.$"):
        Jwt(SECRET, "issuer").to_jwt()


def test_signing_refusals_name_the_reason() -> None:
    with pytest.raises(
        InvalidArgumentError, match=r"^JWT does not have a signing key configured\.$"
    ):
        Plain("", "issuer").to_jwt()
    with pytest.raises(
        InvalidArgumentError, match=r"^Unsupported algorithm 'HS512'; use one of \['HS256'\]$"
    ):
        AccessToken(ACCOUNT_SID, KEY_SID, SECRET).to_jwt(algorithm="HS512")


def test_generate_reads_as_its_name_in_signatures() -> None:
    assert repr(GENERATE) == "GENERATE"
    assert "nbf: 'NotBefore' = GENERATE" in str(inspect.signature(AccessToken))


def test_repr_lists_the_non_secret_fields() -> None:
    token = ClientCapabilityToken(ACCOUNT_SID, SECRET)
    token.allow_client_incoming("alice")
    expected = (
        f"ClientCapabilityToken(account_sid={ACCOUNT_SID!r}, "
        "scope='scope:client:incoming?clientName=alice')"
    )
    assert repr(token) == expected


def test_decoded_token_keeps_subject_header_and_key() -> None:
    encoded = pyjwt.encode(
        {"iss": "issuer", "sub": ACCOUNT_SID, "exp": int(time.time()) + 60},
        SECRET,
        headers={"kid": "CR1"},
    )
    decoded = Jwt.from_jwt(encoded, SECRET)
    assert decoded.subject == ACCOUNT_SID
    assert decoded.headers == {"alg": "HS256", "typ": "JWT", "kid": "CR1"}
    # The key it was verified with signs it again.
    assert Jwt.from_jwt(decoded.to_jwt(), SECRET).payload["sub"] == ACCOUNT_SID


def test_a_decoded_token_re_signed_with_a_ttl_gets_a_new_expiry() -> None:
    encoded = AccessToken(ACCOUNT_SID, KEY_SID, SECRET, identity="alice", ttl=60).to_jwt()
    decoded = AccessToken.from_jwt(encoded, SECRET)
    before = int(time.time())
    claims = claims_of(decoded.to_jwt(ttl=7200))
    assert before + 7200 <= claims["exp"] <= int(time.time()) + 7200
    assert {k: v for k, v in claims.items() if k != "exp"} == {
        k: v for k, v in claims_of(encoded).items() if k != "exp"
    }


def test_from_jwt_without_a_key_skips_only_the_signature() -> None:
    """As in the official library: no key, no signature check, but exp and nbf still count."""
    now = int(time.time())
    other_key = "another-" + "1" * 40
    fresh = pyjwt.encode({"iss": "i", "exp": now + 60}, other_key)
    assert Jwt.from_jwt(fresh).payload["iss"] == "i"
    expired = pyjwt.encode({"iss": "i", "exp": now - 60}, other_key)
    early = pyjwt.encode({"iss": "i", "nbf": now + 600, "exp": now + 900}, other_key)
    for token, message in ((expired, "Signature has expired"), (early, "not yet valid")):
        with pytest.raises(JwtDecodeError, match=message):
            Jwt.from_jwt(token)
        with pytest.raises(official_jwt.JwtDecodeError, match=message):
            official_jwt.Jwt.from_jwt(token)


def test_access_token_claims_with_the_wrong_cty_are_refused() -> None:
    payload = {"iss": KEY_SID, "sub": ACCOUNT_SID, "exp": int(time.time()) + 60, "grants": {}}
    for headers in ({}, {"cty": "twilio-fpa;v=2"}):
        token = pyjwt.encode(payload, SECRET, headers=headers)
        with pytest.raises(
            JwtDecodeError, match=rf"^not a AccessToken: header 'cty' is not '{ACCESS_TOKEN_CTY}'$"
        ):
            AccessToken.from_jwt(token, SECRET)


def test_a_missing_required_claim_is_named() -> None:
    payload = {"iss": KEY_SID, "exp": int(time.time()) + 60, "grants": {}}
    token = pyjwt.encode(payload, SECRET, headers={"cty": ACCESS_TOKEN_CTY})
    with pytest.raises(JwtDecodeError, match=r"^not a AccessToken: claim 'sub' is missing$"):
        AccessToken.from_jwt(token, SECRET)
