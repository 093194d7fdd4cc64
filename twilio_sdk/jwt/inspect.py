"""Decode, verify and explain a Twilio token.

:func:`inspect_token` checks the HS256 signature of an Access Token, a Client Capability
Token or a TaskRouter capability token with the secret that signed it (API key secret or
Auth Token), checks its validity window and reports what it allows as a :class:`TokenInfo`.
Failures raise a subclass of :class:`TokenError`; no message ever contains the secret.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, Final, TypeVar
from urllib.parse import parse_qs

import attrs
import jwt as pyjwt
from jwt.types import Options

from twilio_sdk._errors import InvalidArgumentError, TwilioException
from twilio_sdk.jwt import HMAC_ALGORITHMS
from twilio_sdk.jwt.access_token import ACCESS_TOKEN_CTY
from twilio_sdk.jwt.client import ScopeURI

__all__ = [
    "MalformedTokenError",
    "TaskRouterPolicy",
    "TokenError",
    "TokenExpiredError",
    "TokenInfo",
    "TokenKind",
    "TokenNotYetValidError",
    "TokenSignatureError",
    "inspect_token",
]

# The algorithms Jwt.to_jwt signs with, so every token it makes can be inspected.
_ALGORITHMS: Final = sorted(HMAC_ALGORITHMS)
_T = TypeVar("_T")


class TokenError(TwilioException):
    """A token could not be accepted; the subclass says why."""


class MalformedTokenError(TokenError):
    """Not a Twilio token: not a JWT, bad base64 or JSON, missing claims, unknown scope."""


class TokenSignatureError(TokenError):
    """The signature does not match the secret (tampered token, wrong secret, or not HS256)."""


class TokenExpiredError(TokenError):
    """The token's ``exp`` has passed."""

    def __init__(self, message: str, expires_at: datetime) -> None:
        super().__init__(message)
        self.expires_at = expires_at


class TokenNotYetValidError(TokenError):
    """The token's ``nbf`` is still in the future."""

    def __init__(self, message: str, not_before: datetime) -> None:
        super().__init__(message)
        self.not_before = not_before


class TokenKind(enum.StrEnum):
    """Which kind of Twilio token was inspected."""

    ACCESS = "access"
    CLIENT_CAPABILITY = "client_capability"
    TASKROUTER = "taskrouter"


@attrs.frozen(kw_only=True)
class TaskRouterPolicy:
    """One request a TaskRouter token allows (or denies)."""

    url: str
    method: str
    allow: bool
    query_filter: dict[str, Any] = attrs.field(factory=dict)
    post_filter: dict[str, Any] = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class TokenInfo:
    """What a verified token says and allows.

    Capabilities that do not apply to the token's kind keep their defaults. For Access
    Tokens the incoming/outgoing fields come from the Voice grant (the client name being
    the identity); application and event-stream parameters are decoded to lists of values
    per name, as :func:`urllib.parse.parse_qs` does.
    """

    kind: TokenKind
    account_sid: str
    issuer: str
    """``iss``: the API key SID of an Access Token, the account SID otherwise."""
    expires_at: datetime
    not_before: datetime | None = None
    incoming_allowed: bool = False
    client_name: str | None = None
    outgoing_allowed: bool = False
    application_sid: str | None = None
    application_params: dict[str, list[str]] = attrs.field(factory=dict)
    event_stream_allowed: bool = False
    event_stream_params: dict[str, list[str]] = attrs.field(factory=dict)
    identity: str | None = None
    """Access Tokens: the identity."""
    grants: dict[str, Any] = attrs.field(factory=dict)
    """Access Tokens: grant payloads by key (``voice``, ``video``...), identity excluded."""
    region: str | None = None
    """Access Tokens: the ``twr`` header."""
    workspace_sid: str | None = None
    """TaskRouter: the workspace."""
    channel_id: str | None = None
    """TaskRouter: the worker, task queue or workspace the token acts as."""
    policies: tuple[TaskRouterPolicy, ...] = ()
    """TaskRouter: the policies, in token order."""
    headers: dict[str, Any] = attrs.field(factory=dict, repr=False)
    claims: dict[str, Any] = attrs.field(factory=dict, repr=False)


def inspect_token(
    token: str | bytes,
    secret: str | bytes,
    *,
    verify_expiry: bool = True,
    now: datetime | None = None,
    leeway: float = 0,
) -> TokenInfo:
    """Verify ``token`` with ``secret`` (:data:`~twilio_sdk.jwt.HMAC_ALGORITHMS`) and describe it.

    :param verify_expiry: check ``exp`` and ``nbf`` against ``now``.
    :param now: the time to check against (timezone-aware), defaults to the current time.
    :param leeway: seconds of clock skew tolerated on both ends of the validity window.
    :raises TokenSignatureError: the signature is wrong or the token is signed with an
        algorithm :meth:`~twilio_sdk.jwt.Jwt.to_jwt` does not use.
    :raises MalformedTokenError: the token is not a well-formed Twilio token.
    :raises TokenExpiredError, TokenNotYetValidError: outside the validity window.
    """
    if not secret:
        raise InvalidArgumentError("secret must not be empty")
    if now is not None and now.utcoffset() is None:
        raise InvalidArgumentError("now must be a timezone-aware datetime")
    headers, claims = _decode(token, secret)
    info = _describe(headers, claims)
    if verify_expiry:
        moment = (now or datetime.now(UTC)).timestamp()
        if info.expires_at.timestamp() <= moment - leeway:
            raise TokenExpiredError(
                f"token expired at {info.expires_at.isoformat()}", info.expires_at
            )
        if info.not_before is not None and info.not_before.timestamp() > moment + leeway:
            raise TokenNotYetValidError(
                f"token is not valid before {info.not_before.isoformat()}", info.not_before
            )
    return info


def _decode(token: str | bytes, secret: str | bytes) -> tuple[dict[str, Any], dict[str, Any]]:
    """Check the signature; time claims are checked by the caller against its ``now``."""
    options: Options = {
        "verify_signature": True,
        "verify_exp": False,
        "verify_nbf": False,
        "verify_iat": False,
        "verify_iss": False,
        "verify_aud": False,
        "verify_sub": False,
        "verify_jti": False,
    }
    try:
        decoded = pyjwt.decode_complete(token, secret, algorithms=_ALGORITHMS, options=options)
    except pyjwt.InvalidSignatureError as exc:
        raise TokenSignatureError("token signature does not match the secret") from exc
    except pyjwt.InvalidAlgorithmError as exc:
        raise TokenSignatureError(f"token is not signed with {' or '.join(_ALGORITHMS)}") from exc
    except pyjwt.InvalidTokenError as exc:
        raise MalformedTokenError(f"not a valid JWT: {exc}") from exc
    return decoded["header"], decoded["payload"]


def _describe(headers: dict[str, Any], claims: dict[str, Any]) -> TokenInfo:
    common: dict[str, Any] = {
        "issuer": _get(claims, "iss", str),
        "expires_at": _time(claims, "exp"),
        "not_before": _time(claims, "nbf") if "nbf" in claims else None,
        "headers": headers,
        "claims": claims,
    }
    if headers.get("cty") == ACCESS_TOKEN_CTY or "grants" in claims:
        return _describe_access(headers, claims, common)
    if "scope" in claims:
        return _describe_client(claims, common)
    if "policies" in claims:
        return _describe_taskrouter(claims, common)
    raise MalformedTokenError("not a Twilio access, client capability or TaskRouter token")


def _describe_access(
    headers: dict[str, Any], claims: dict[str, Any], common: dict[str, Any]
) -> TokenInfo:
    grants = dict(_get(claims, "grants", dict))
    identity = grants.pop("identity", None)
    if identity is not None and not isinstance(identity, str):
        raise MalformedTokenError("claim 'grants.identity' is not a string")
    voice = grants.get("voice")
    voice = voice if isinstance(voice, dict) else {}
    incoming = voice.get("incoming")
    incoming_allowed = isinstance(incoming, dict) and incoming.get("allow") is True
    outgoing = voice.get("outgoing")
    outgoing = outgoing if isinstance(outgoing, dict) else {}
    app_sid = outgoing.get("application_sid")
    params = outgoing.get("params")
    region = headers.get("twr")
    return TokenInfo(
        kind=TokenKind.ACCESS,
        account_sid=_get(claims, "sub", str),
        identity=identity,
        grants=grants,
        region=region if isinstance(region, str) else None,
        incoming_allowed=incoming_allowed,
        client_name=identity if incoming_allowed else None,
        outgoing_allowed=isinstance(app_sid, str),
        application_sid=app_sid if isinstance(app_sid, str) else None,
        application_params=_json_params(params) if isinstance(params, Mapping) else {},
        **common,
    )


def _describe_client(claims: dict[str, Any], common: dict[str, Any]) -> TokenInfo:
    scopes: dict[tuple[str, str], dict[str, str]] = {}
    for text in _get(claims, "scope", str).split():
        try:
            scope = ScopeURI.parse(text)
        except ValueError as exc:
            raise MalformedTokenError(f"unknown scope format: {exc}") from exc
        key = (scope.service, scope.privilege)
        if key not in {("client", "incoming"), ("client", "outgoing"), ("stream", "subscribe")}:
            raise MalformedTokenError(f"unknown scope: {text[:100]!r}")
        scopes[key] = scope.params
    incoming = scopes.get(("client", "incoming"))
    outgoing = scopes.get(("client", "outgoing"))
    events = scopes.get(("stream", "subscribe"))
    return TokenInfo(
        kind=TokenKind.CLIENT_CAPABILITY,
        account_sid=common["issuer"],
        incoming_allowed=incoming is not None,
        client_name=incoming.get("clientName") if incoming else None,
        outgoing_allowed=outgoing is not None,
        application_sid=outgoing.get("appSid") if outgoing else None,
        application_params=_query_params(outgoing.get("appParams", "") if outgoing else ""),
        event_stream_allowed=events is not None,
        event_stream_params=_query_params(events.get("params", "") if events else ""),
        **common,
    )


def _describe_taskrouter(claims: dict[str, Any], common: dict[str, Any]) -> TokenInfo:
    policies = []
    for policy in _get(claims, "policies", list):
        try:
            policies.append(TaskRouterPolicy(**policy))
        except TypeError as exc:
            raise MalformedTokenError("claim 'policies' holds an invalid policy") from exc
    return TokenInfo(
        kind=TokenKind.TASKROUTER,
        account_sid=_get(claims, "account_sid", str),
        workspace_sid=_get(claims, "workspace_sid", str),
        channel_id=_get(claims, "channel", str),
        policies=tuple(policies),
        **common,
    )


def _get(claims: Mapping[str, Any], name: str, kind: type[_T]) -> _T:
    value = claims.get(name)
    if not isinstance(value, kind):
        raise MalformedTokenError(f"claim {name!r} is missing or not a {kind.__name__}")
    return value


def _time(claims: Mapping[str, Any], name: str) -> datetime:
    value = claims.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise MalformedTokenError(f"claim {name!r} is missing or not a timestamp")
    try:
        return datetime.fromtimestamp(value, UTC)
    except (OverflowError, OSError, ValueError) as exc:
        raise MalformedTokenError(f"claim {name!r} is out of range") from exc


def _query_params(query: str) -> dict[str, list[str]]:
    return parse_qs(query, keep_blank_values=True)


def _json_params(params: Mapping[str, Any]) -> dict[str, list[str]]:
    """Voice grant params (JSON values) in the shape of :func:`_query_params`."""

    def text(value: Any) -> str:
        return value if isinstance(value, str) else json.dumps(value)

    return {
        str(name): [text(v) for v in value] if isinstance(value, list) else [text(value)]
        for name, value in params.items()
    }
