"""What twilio_sdk._auth_resolution tells a user whose credentials are wrong.

Every error names the argument or environment variable at fault and how to fix it; these
tests pin the whole message, since it is the only thing a user sees.
"""

from __future__ import annotations

import pytest

from twilio_sdk._auth_resolution import resolve_credentials, resolve_oauth_identity
from twilio_sdk._errors import CredentialsError

ACCOUNT = "AC00000000000000000000000000000001"
KEY = "SK00000000000000000000000000000001"
TOKEN = "auth-token-SECRET-1"
API_SECRET = "api-secret-SECRET-2"

USERNAME_HOW = "the username (pass username=... or set TWILIO_ACCOUNT_SID to the account SID)"
PASSWORD_HOW = "the password (pass password=... or set TWILIO_AUTH_TOKEN to the auth token)"
API_KEY_HINT = (
    "; alternatively set TWILIO_API_KEY, TWILIO_API_SECRET and TWILIO_ACCOUNT_SID to use an API key"
)


def message(**kwargs: object) -> str:
    with pytest.raises(CredentialsError) as info:
        resolve_credentials(**kwargs)  # type: ignore[arg-type]
    return str(info.value)


# --------------------------------------------------------------------------- missing credentials


def test_nothing_given_names_both_and_the_api_key_alternative() -> None:
    assert message(environ={}) == (
        f"Twilio credentials are missing {USERNAME_HOW} and {PASSWORD_HOW}{API_KEY_HINT}"
    )


@pytest.mark.parametrize(
    ("environ", "unset"),
    [
        ({"TWILIO_API_KEY": KEY}, "TWILIO_API_SECRET"),
        ({"TWILIO_API_SECRET": "s"}, "TWILIO_API_KEY"),
    ],
)
def test_half_an_api_key_pair_says_which_half_is_unset(environ: dict[str, str], unset: str) -> None:
    assert message(environ=environ) == (
        f"Twilio credentials are missing {USERNAME_HOW} and {PASSWORD_HOW}{API_KEY_HINT}"
        f" ({unset} is not set)"
    )


def test_a_given_username_gets_no_api_key_hint() -> None:
    """Whoever passed a username is not told to switch to environment API keys."""
    assert message(username=ACCOUNT, environ={}) == f"Twilio credentials are missing {PASSWORD_HOW}"


def test_a_given_password_gets_no_api_key_hint() -> None:
    assert message(password=TOKEN, environ={}) == f"Twilio credentials are missing {USERNAME_HOW}"


def test_an_api_key_username_is_asked_for_its_secret() -> None:
    assert message(username=KEY, account_sid=ACCOUNT, environ={}) == (
        "Twilio credentials are missing the password (pass password=... with the API key secret)"
    )


# --------------------------------------------------------------------------- API key SIDs


def test_an_api_key_from_the_environment_needs_the_account_sid() -> None:
    environ = {"TWILIO_API_KEY": KEY, "TWILIO_API_SECRET": API_SECRET}
    assert message(environ=environ) == (
        "The username is an API key SID (starts with 'SK', from TWILIO_API_KEY), so the "
        "account SID must be given too: pass account_sid=... or set TWILIO_ACCOUNT_SID."
    )


def test_an_api_key_username_argument_needs_the_account_sid() -> None:
    assert message(username=KEY, password=API_SECRET, environ={}) == (
        "The username is an API key SID (starts with 'SK', from username=), so the "
        "account SID must be given too: pass account_sid=... or set TWILIO_ACCOUNT_SID."
    )


@pytest.mark.parametrize(
    "kwargs",
    [
        {"username": ACCOUNT, "password": TOKEN, "account_sid": KEY, "environ": {}},
        {"environ": {"TWILIO_ACCOUNT_SID": KEY, "TWILIO_AUTH_TOKEN": TOKEN}},
        {"environ": {"TWILIO_API_KEY": KEY, "TWILIO_API_SECRET": "s", "TWILIO_ACCOUNT_SID": KEY}},
    ],
)
def test_an_api_key_sid_is_never_the_account_sid(kwargs: dict[str, object]) -> None:
    """Requests would go to /Accounts/SK...; the error says what the account SID looks like."""
    assert message(**kwargs) == (
        "The account SID is an API key SID (starts with 'SK'); pass account_sid=... or set "
        "TWILIO_ACCOUNT_SID to the account SID (starts with 'AC')."
    )


# --------------------------------------------------------------------------- OAuth identity


def test_oauth_identity_defaults_to_the_process_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", ACCOUNT)
    assert resolve_oauth_identity(None, None) == (ACCOUNT, ACCOUNT)
    monkeypatch.delenv("TWILIO_ACCOUNT_SID")
    assert resolve_oauth_identity(None, None) == (None, None)


def test_oauth_identity_arguments_win() -> None:
    environ = {"TWILIO_ACCOUNT_SID": "AC" + "9" * 32}
    assert resolve_oauth_identity(KEY, ACCOUNT, environ) == (KEY, ACCOUNT)
    assert resolve_oauth_identity(ACCOUNT, None, environ) == (ACCOUNT, ACCOUNT)
