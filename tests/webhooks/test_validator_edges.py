"""Edges of webhook validation (twilio_sdk.webhooks._validator) a user relies on: what the
warnings say when a request fails for a reason other than a wrong signature, and that a
malformed signature-settings header never falls back to the weaker SHA-1 check."""

from __future__ import annotations

import json
import logging

import pytest
from twilio.request_validator import get_signature_algorithm as official_get_signature_algorithm

from twilio_sdk import CredentialsError
from twilio_sdk.webhooks import HMAC_SHA1, HMAC_SHA256, RequestValidator, get_signature_algorithm

TOKEN = "12345"
URL = "https://mycompany.com/myapp.php?foo=1&bar=2"
PARAMS = {"CallSid": "CA1234567890ABCDE", "Digits": "1234"}


@pytest.fixture
def validator() -> RequestValidator:
    return RequestValidator(TOKEN)


def test_an_unsupported_algorithm_is_logged_with_the_supported_ones(
    validator: RequestValidator, caplog: pytest.LogCaptureFixture
) -> None:
    signature = validator.compute_signature(URL, PARAMS)
    with caplog.at_level(logging.WARNING, logger="twilio_sdk.webhooks"):
        assert not validator.validate(URL, PARAMS, signature, "HMAC_MD5")
    assert caplog.messages == [
        "Unsupported webhook signature algorithm 'HMAC_MD5'. Supported: HMAC_SHA1, HMAC_SHA256."
    ]


def test_a_body_hash_url_with_a_mapping_is_logged_with_the_fix(
    validator: RequestValidator, caplog: pytest.LogCaptureFixture
) -> None:
    body = json.dumps({"event": "x"})
    url = f"https://example.com/hook?bodySHA256={validator.compute_hash(body)}"
    signature = validator.compute_signature(url, None)
    with caplog.at_level(logging.WARNING, logger="twilio_sdk.webhooks"):
        assert not validator.validate(url, {}, signature)
    assert caplog.messages == [
        "The URL carries bodySHA256 but no raw body was given to check it against; "
        "pass the raw request body (str or bytes) as params, not a mapping."
    ]
    assert validator.validate(url, body, signature)


@pytest.mark.parametrize(
    ("header", "algorithm"),
    [
        ("key=k,algorithm=HMAC_SHA256=", "HMAC_SHA256="),
        ("algorithm=HMAC=SHA256", "HMAC=SHA256"),
        ("key=a=b,algorithm=HMAC_SHA256", HMAC_SHA256),
    ],
)
def test_a_value_containing_equals_is_kept_whole(header: str, algorithm: str) -> None:
    assert get_signature_algorithm(header) == algorithm
    assert official_get_signature_algorithm(header) == algorithm


def test_a_malformed_algorithm_fails_instead_of_falling_back_to_sha1(
    validator: RequestValidator, caplog: pytest.LogCaptureFixture
) -> None:
    """A SharedKey webhook names its algorithm; a garbled name must not be read as the
    legacy Auth Token (SHA-1) signature, which the request would then be checked against."""
    sha1_signature = validator.compute_signature(URL, PARAMS, HMAC_SHA1)
    algorithm = get_signature_algorithm("key=k,algorithm=HMAC_SHA1=")
    with caplog.at_level(logging.WARNING, logger="twilio_sdk.webhooks"):
        assert not validator.validate(URL, PARAMS, sha1_signature, algorithm)
    assert "HMAC_SHA1=" in caplog.text


def test_no_token_reads_twilio_auth_token_as_the_docs_samples_expect(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", TOKEN)
    from_env = RequestValidator(None)
    signature = RequestValidator(TOKEN).compute_signature(URL, PARAMS)
    assert from_env.validate(URL, PARAMS, signature)
    assert RequestValidator().validate(URL, PARAMS, signature)


@pytest.mark.parametrize("token", [None, ""])
def test_a_missing_or_empty_token_is_refused_naming_the_variable(
    token: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An empty key would make every signature forgeable by anyone: refused, not used.
    said = (
        "RequestValidator needs the Auth Token the webhooks are signed with: pass it, "
        "or set TWILIO_AUTH_TOKEN"
    )
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", "")
    with pytest.raises(CredentialsError) as empty:
        RequestValidator(token)
    monkeypatch.delenv("TWILIO_AUTH_TOKEN")
    with pytest.raises(CredentialsError) as unset:
        RequestValidator(token)
    assert str(empty.value) == str(unset.value) == said
