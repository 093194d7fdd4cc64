"""Edges of the concrete tokens and of ``inspect_token``: what a refused token's message says,
blank parameters, long scopes, and the claims and read-back of each token kind."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import jwt as pyjwt
import pytest

from twilio_sdk.jwt.client import ClientCapabilityToken
from twilio_sdk.jwt.inspect import (
    MalformedTokenError,
    TokenExpiredError,
    TokenNotYetValidError,
    inspect_token,
)

ACCOUNT_SID = "AC" + "a1" * 16
SECRET = "s3cr3t-" + "9f" * 32
NOW = 1_700_000_000
WHEN = datetime.fromtimestamp(NOW, UTC)


def signed(claims: dict[str, Any], **headers: Any) -> str:
    return pyjwt.encode({"iss": ACCOUNT_SID, "exp": NOW + 60, **claims}, SECRET, headers=headers)


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
