"""Credential resolution (HTTP Basic, or a credential provider's account) from arguments and
the environment.

The rules follow the official ``twilio.rest.Client`` (arguments win over ``TWILIO_*``
environment variables, the account SID defaults to the username) and add API-key support
from ``TWILIO_API_KEY`` / ``TWILIO_API_SECRET``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

import attrs

from ._errors import CredentialsError

__all__ = [
    "Credentials",
    "resolve_credentials",
    "resolve_oauth_identity",
]

_API_KEY_PREFIX = "SK"


@attrs.frozen
class Credentials:
    """Resolved HTTP Basic credentials plus the account they act on.

    ``username`` is an account SID (``AC...``) or an API key SID (``SK...``); ``password`` is
    the auth token or API key secret and is never shown in ``repr()``.
    """

    username: str
    password: str = attrs.field(repr=False)
    account_sid: str

    @property
    def is_api_key(self) -> bool:
        """Whether ``username`` is an API key SID rather than the account SID."""
        return self.username.startswith(_API_KEY_PREFIX)


def _env(environ: Mapping[str, str], name: str) -> str | None:
    # Empty values count as unset, as with the official library's ``or`` chains.
    return environ.get(name) or None


def _missing_account_sid_for_key(source: str) -> CredentialsError:
    return CredentialsError(
        f"The username is an API key SID (starts with 'SK', {source}), so the account SID "
        "must be given too: pass account_sid=... or set TWILIO_ACCOUNT_SID."
    )


def _checked(username: str, password: str, account_sid: str) -> Credentials:
    # Requests would go to /Accounts/SK..., which Twilio rejects with a confusing 404/401.
    if account_sid.startswith(_API_KEY_PREFIX):
        raise CredentialsError(
            "The account SID is an API key SID (starts with 'SK'); pass account_sid=... or "
            "set TWILIO_ACCOUNT_SID to the account SID (starts with 'AC')."
        )
    return Credentials(username=username, password=password, account_sid=account_sid)


def resolve_credentials(
    username: str | None = None,
    password: str | None = None,
    account_sid: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> Credentials:
    """Resolve credentials from arguments, falling back to the environment.

    * With neither ``username`` nor ``password`` given and both ``TWILIO_API_KEY`` and
      ``TWILIO_API_SECRET`` set, those are used, and the account SID comes from ``account_sid``
      or ``TWILIO_ACCOUNT_SID``.
    * Otherwise ``username`` defaults to ``TWILIO_ACCOUNT_SID``, ``password`` to
      ``TWILIO_AUTH_TOKEN`` and ``account_sid`` to the username.
    * An API key username (``SK...``) needs an explicit account SID (``account_sid`` or
      ``TWILIO_ACCOUNT_SID``).

    ``environ`` defaults to ``os.environ``. Raises :class:`CredentialsError` naming what is
    missing and how to supply it; secret values never appear in the message.
    """
    env: Mapping[str, str] = os.environ if environ is None else environ

    # An explicit password belongs to the explicit/TWILIO_ACCOUNT_SID identity (the official
    # rule), so the API-key pair from the environment is only used when neither is given.
    if not username and not password:
        api_key = _env(env, "TWILIO_API_KEY")
        api_secret = _env(env, "TWILIO_API_SECRET")
        if api_key and api_secret:
            sid = account_sid or _env(env, "TWILIO_ACCOUNT_SID")
            if not sid:
                raise _missing_account_sid_for_key("from TWILIO_API_KEY")
            return _checked(api_key, api_secret, sid)

    resolved_username = username or _env(env, "TWILIO_ACCOUNT_SID")
    resolved_password = password or _env(env, "TWILIO_AUTH_TOKEN")

    missing: list[str] = []
    if not resolved_username:
        missing.append(
            "the username (pass username=... or set TWILIO_ACCOUNT_SID to the account SID)"
        )
    if not resolved_password:
        if resolved_username and resolved_username.startswith(_API_KEY_PREFIX):
            missing.append("the password (pass password=... with the API key secret)")
        else:
            missing.append(
                "the password (pass password=... or set TWILIO_AUTH_TOKEN to the auth token)"
            )
    if missing:
        hint = ""
        if not username and not password:
            hint = (
                "; alternatively set TWILIO_API_KEY, TWILIO_API_SECRET and TWILIO_ACCOUNT_SID"
                " to use an API key"
            )
            partial = [
                name for name in ("TWILIO_API_KEY", "TWILIO_API_SECRET") if not _env(env, name)
            ]
            if len(partial) == 1:
                hint += f" ({partial[0]} is not set)"
        raise CredentialsError("Twilio credentials are missing " + " and ".join(missing) + hint)

    if not resolved_username or not resolved_password:  # unreachable; narrows for mypy
        raise CredentialsError("Twilio credentials are incomplete")
    if resolved_username.startswith(_API_KEY_PREFIX):
        sid = account_sid or _env(env, "TWILIO_ACCOUNT_SID")
        if not sid:
            source = "from username=" if username else "from TWILIO_ACCOUNT_SID"
            raise _missing_account_sid_for_key(source)
    else:
        sid = account_sid or resolved_username
    return _checked(resolved_username, resolved_password, sid)


def resolve_oauth_identity(
    username: str | None, account_sid: str | None, environ: Mapping[str, str] | None = None
) -> tuple[str | None, str | None]:
    """``(username, account_sid)`` of a client authenticated by a credential provider: no
    password needed; as in the official library the username defaults to
    ``TWILIO_ACCOUNT_SID`` and the account SID to the username. Either may stay None."""
    env: Mapping[str, str] = os.environ if environ is None else environ
    resolved = username or _env(env, "TWILIO_ACCOUNT_SID")
    return resolved, account_sid or resolved
