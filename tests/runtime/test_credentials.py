"""Tests for twilio_sdk._auth_resolution: every resolution path and secret hygiene."""

from __future__ import annotations

import attrs
import pytest

from twilio_sdk._auth_resolution import Credentials, resolve_credentials
from twilio_sdk._errors import CredentialsError, TwilioException

ACCOUNT = "AC00000000000000000000000000000001"
OTHER_ACCOUNT = "AC00000000000000000000000000000002"
KEY = "SK00000000000000000000000000000001"
TOKEN = "auth-token-SECRET-1"
API_SECRET = "api-secret-SECRET-2"


def test_explicit_arguments() -> None:
    creds = resolve_credentials(ACCOUNT, TOKEN, environ={})
    assert creds == Credentials(username=ACCOUNT, password=TOKEN, account_sid=ACCOUNT)
    assert not creds.is_api_key


def test_explicit_account_sid_wins_over_username() -> None:
    creds = resolve_credentials(ACCOUNT, TOKEN, OTHER_ACCOUNT, environ={})
    assert creds.account_sid == OTHER_ACCOUNT
    assert creds.username == ACCOUNT


def test_environment_fallback() -> None:
    env = {"TWILIO_ACCOUNT_SID": ACCOUNT, "TWILIO_AUTH_TOKEN": TOKEN}
    assert resolve_credentials(environ=env) == Credentials(ACCOUNT, TOKEN, ACCOUNT)


def test_arguments_override_environment() -> None:
    env = {"TWILIO_ACCOUNT_SID": OTHER_ACCOUNT, "TWILIO_AUTH_TOKEN": "env-token"}
    creds = resolve_credentials(ACCOUNT, TOKEN, environ=env)
    assert creds == Credentials(ACCOUNT, TOKEN, ACCOUNT)


def test_mixed_argument_and_environment() -> None:
    creds = resolve_credentials(ACCOUNT, environ={"TWILIO_AUTH_TOKEN": TOKEN})
    assert creds == Credentials(ACCOUNT, TOKEN, ACCOUNT)
    creds = resolve_credentials(password=TOKEN, environ={"TWILIO_ACCOUNT_SID": ACCOUNT})
    assert creds == Credentials(ACCOUNT, TOKEN, ACCOUNT)


def test_environ_defaults_to_os_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("TWILIO_API_KEY", "TWILIO_API_SECRET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", ACCOUNT)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", TOKEN)
    assert resolve_credentials() == Credentials(ACCOUNT, TOKEN, ACCOUNT)


def test_empty_environment_values_count_as_unset() -> None:
    env = {"TWILIO_ACCOUNT_SID": ACCOUNT, "TWILIO_AUTH_TOKEN": "", "TWILIO_API_KEY": ""}
    with pytest.raises(CredentialsError, match="password"):
        resolve_credentials(environ=env)


def test_api_key_from_environment() -> None:
    env = {"TWILIO_API_KEY": KEY, "TWILIO_API_SECRET": API_SECRET, "TWILIO_ACCOUNT_SID": ACCOUNT}
    creds = resolve_credentials(environ=env)
    assert creds == Credentials(username=KEY, password=API_SECRET, account_sid=ACCOUNT)
    assert creds.is_api_key


def test_api_key_from_environment_wins_over_auth_token() -> None:
    env = {
        "TWILIO_API_KEY": KEY,
        "TWILIO_API_SECRET": API_SECRET,
        "TWILIO_ACCOUNT_SID": ACCOUNT,
        "TWILIO_AUTH_TOKEN": TOKEN,
    }
    assert resolve_credentials(environ=env) == Credentials(KEY, API_SECRET, ACCOUNT)


def test_api_key_from_environment_with_account_sid_argument() -> None:
    env = {"TWILIO_API_KEY": KEY, "TWILIO_API_SECRET": API_SECRET, "TWILIO_ACCOUNT_SID": ACCOUNT}
    creds = resolve_credentials(account_sid=OTHER_ACCOUNT, environ=env)
    assert creds == Credentials(KEY, API_SECRET, OTHER_ACCOUNT)


def test_api_key_from_environment_without_account_sid() -> None:
    env = {"TWILIO_API_KEY": KEY, "TWILIO_API_SECRET": API_SECRET}
    with pytest.raises(CredentialsError) as info:
        resolve_credentials(environ=env)
    message = str(info.value)
    assert "account_sid=" in message
    assert "TWILIO_ACCOUNT_SID" in message
    assert "TWILIO_API_KEY" in message
    assert API_SECRET not in message


def test_username_argument_disables_api_key_environment() -> None:
    env = {"TWILIO_API_KEY": KEY, "TWILIO_API_SECRET": API_SECRET, "TWILIO_AUTH_TOKEN": TOKEN}
    assert resolve_credentials(ACCOUNT, environ=env) == Credentials(ACCOUNT, TOKEN, ACCOUNT)


def test_password_argument_disables_api_key_environment() -> None:
    # An explicit password pairs with TWILIO_ACCOUNT_SID, as in the official library.
    env = {"TWILIO_API_KEY": KEY, "TWILIO_API_SECRET": API_SECRET, "TWILIO_ACCOUNT_SID": ACCOUNT}
    assert resolve_credentials(password=TOKEN, environ=env) == Credentials(ACCOUNT, TOKEN, ACCOUNT)


def test_incomplete_api_key_environment_falls_back_to_auth_token() -> None:
    env = {"TWILIO_API_KEY": KEY, "TWILIO_ACCOUNT_SID": ACCOUNT, "TWILIO_AUTH_TOKEN": TOKEN}
    assert resolve_credentials(environ=env) == Credentials(ACCOUNT, TOKEN, ACCOUNT)


def test_api_key_username_argument_with_account_sid_argument() -> None:
    creds = resolve_credentials(KEY, API_SECRET, ACCOUNT, environ={})
    assert creds == Credentials(KEY, API_SECRET, ACCOUNT)


def test_api_key_username_argument_with_account_sid_from_environment() -> None:
    env = {"TWILIO_ACCOUNT_SID": ACCOUNT}
    assert resolve_credentials(KEY, API_SECRET, environ=env) == Credentials(
        KEY, API_SECRET, ACCOUNT
    )


def test_api_key_username_requires_account_sid() -> None:
    with pytest.raises(CredentialsError) as info:
        resolve_credentials(KEY, API_SECRET, environ={})
    message = str(info.value)
    assert "API key" in message
    assert "account_sid=" in message
    assert "TWILIO_ACCOUNT_SID" in message
    assert API_SECRET not in message
    assert KEY not in message


def test_api_key_sid_as_account_sid_is_rejected() -> None:
    with pytest.raises(CredentialsError, match="account SID is an API key SID"):
        resolve_credentials(ACCOUNT, TOKEN, KEY, environ={})
    # An SK username from TWILIO_ACCOUNT_SID would otherwise become its own account SID.
    with pytest.raises(CredentialsError, match="API key SID"):
        resolve_credentials(environ={"TWILIO_ACCOUNT_SID": KEY, "TWILIO_AUTH_TOKEN": TOKEN})


def test_missing_everything() -> None:
    with pytest.raises(CredentialsError) as info:
        resolve_credentials(environ={})
    message = str(info.value)
    for expected in (
        "username",
        "password",
        "TWILIO_ACCOUNT_SID",
        "TWILIO_AUTH_TOKEN",
        "TWILIO_API_KEY",
        "TWILIO_API_SECRET",
        "username=",
        "password=",
    ):
        assert expected in message


def test_missing_password_only() -> None:
    with pytest.raises(CredentialsError) as info:
        resolve_credentials(ACCOUNT, environ={})
    message = str(info.value)
    assert "password" in message
    assert "TWILIO_AUTH_TOKEN" in message
    assert "missing the username" not in message
    assert "TWILIO_API_KEY" not in message  # an explicit username was given


def test_missing_password_for_api_key_username() -> None:
    with pytest.raises(CredentialsError) as info:
        resolve_credentials(KEY, account_sid=ACCOUNT, environ={})
    assert "API key secret" in str(info.value)


def test_missing_username_only() -> None:
    with pytest.raises(CredentialsError) as info:
        resolve_credentials(environ={"TWILIO_AUTH_TOKEN": TOKEN})
    message = str(info.value)
    assert "username" in message
    assert "TWILIO_ACCOUNT_SID" in message
    assert "missing the password" not in message
    assert TOKEN not in message


def test_partial_api_key_environment_is_named() -> None:
    with pytest.raises(CredentialsError) as info:
        resolve_credentials(environ={"TWILIO_API_KEY": KEY})
    assert "TWILIO_API_SECRET is not set" in str(info.value)
    with pytest.raises(CredentialsError) as info:
        resolve_credentials(environ={"TWILIO_API_SECRET": API_SECRET})
    message = str(info.value)
    assert "TWILIO_API_KEY is not set" in message
    assert API_SECRET not in message


def test_credentials_error_is_catchable_as_value_error() -> None:
    with pytest.raises(ValueError):
        resolve_credentials(environ={})
    with pytest.raises(TwilioException):
        resolve_credentials(environ={})


@pytest.mark.parametrize(
    "kwargs",
    [
        {"password": TOKEN, "environ": {}},
        {"username": KEY, "password": API_SECRET, "environ": {}},
        {"environ": {"TWILIO_AUTH_TOKEN": TOKEN, "TWILIO_API_SECRET": API_SECRET}},
        {"environ": {"TWILIO_API_KEY": KEY, "TWILIO_API_SECRET": API_SECRET}},
    ],
)
def test_secrets_never_in_error_messages(kwargs: dict[str, object]) -> None:
    with pytest.raises(CredentialsError) as info:
        resolve_credentials(**kwargs)  # type: ignore[arg-type]
    text = str(info.value) + repr(info.value)
    assert TOKEN not in text
    assert API_SECRET not in text


def test_repr_hides_password() -> None:
    creds = Credentials(ACCOUNT, TOKEN, ACCOUNT)
    assert TOKEN not in repr(creds)
    assert TOKEN not in str(creds)
    assert ACCOUNT in repr(creds)
    assert "password" not in repr(creds)


def test_credentials_are_frozen() -> None:
    creds = Credentials(ACCOUNT, TOKEN, ACCOUNT)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        creds.password = "x"  # type: ignore[misc]
