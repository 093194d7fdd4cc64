"""Capability Tokens for the legacy Twilio Client SDK (drop-in for :mod:`twilio.jwt.client`).

A capability token is signed with the account's Auth Token and lists the granted
capabilities as space-separated scope URIs in its ``scope`` claim, e.g.
``scope:client:incoming?clientName=alice``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, ClassVar, Self
from urllib.parse import parse_qsl, urlencode

import attrs

from twilio_sdk._errors import InvalidArgumentError
from twilio_sdk.jwt import GENERATE, HMAC_ALGORITHMS, Jwt, JwtDecodeError, NotBefore

__all__ = ["EVENTS_PATH", "ClientCapabilityToken", "ScopeURI"]

EVENTS_PATH = "/2010-04-01/Events"
"""The event stream a token with :meth:`ClientCapabilityToken.allow_event_stream` may read."""

_SCOPE_RE = re.compile(r"scope:(?P<service>[^:?\s]+):(?P<privilege>[^:?\s]+)(?:\?(?P<query>\S*))?")


@attrs.define
class ScopeURI:
    """One capability: ``scope:<service>:<privilege>?<sorted, urlencoded params>``."""

    service: str
    privilege: str
    params: dict[str, str] = attrs.field(factory=dict)

    def add_param(self, key: str, value: str) -> None:
        """Set a parameter of the scope."""
        self.params[key] = value

    def to_payload(self) -> str:
        """The scope URI as it appears in the ``scope`` claim."""
        query = f"?{urlencode(sorted(self.params.items()))}" if self.params else ""
        return f"scope:{self.service}:{self.privilege}{query}"

    @classmethod
    def parse(cls, text: str) -> ScopeURI:
        """Parse one scope URI; raises :class:`ValueError` if it is not one."""
        match = _SCOPE_RE.fullmatch(text)
        if match is None:
            raise InvalidArgumentError(f"not a scope URI: {text[:100]!r}")
        query = match["query"] or ""
        params = dict(parse_qsl(query, keep_blank_values=True, strict_parsing=bool(query)))
        return cls(match["service"], match["privilege"], params)


class ClientCapabilityToken(Jwt):
    """A capability token controlling what a Twilio Client device may do.

    Starts with no capabilities; add them with the ``allow_*`` methods or with the keyword
    arguments of the same names (mappings of the methods' arguments). Works for subaccounts:
    pass the subaccount's SID and Auth Token.

    :param account_sid: the account the token is for (``iss`` claim).
    :param auth_token: that account's Auth Token, which signs the token.
    :param nbf: not-before time; defaults to the encoding time, ``None`` omits it.
    :param ttl: lifetime in seconds from encoding.
    :param valid_until: absolute expiry (epoch seconds), overrides ``ttl``.
    """

    SIGNING_ALGORITHMS: ClassVar[frozenset[str]] = HMAC_ALGORITHMS
    _CLAIMS: ClassVar[Mapping[str, str]] = {"account_sid": "iss"}
    _REPR_FIELDS: ClassVar[tuple[str, ...]] = ("account_sid",)

    def __init__(
        self,
        account_sid: str,
        auth_token: str | bytes,
        nbf: NotBefore = GENERATE,
        ttl: int = 3600,
        valid_until: int | None = None,
        *,
        allow_client_outgoing: Mapping[str, Any] | None = None,
        allow_client_incoming: Mapping[str, Any] | None = None,
        allow_event_stream: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(auth_token, account_sid, None, None, nbf, ttl, valid_until)
        self.account_sid = account_sid
        self.client_name: str | None = None
        self.capabilities: dict[str, ScopeURI] = {}
        if allow_client_outgoing is not None:
            self.allow_client_outgoing(**allow_client_outgoing)
        if allow_client_incoming is not None:
            self.allow_client_incoming(**allow_client_incoming)
        if allow_event_stream is not None:
            self.allow_event_stream(**allow_event_stream)

    def allow_client_outgoing(self, application_sid: str, **kwargs: Any) -> None:
        """Allow outgoing calls through a TwiML application.

        Keyword arguments are passed to the application as parameters.
        """
        scope = ScopeURI("client", "outgoing", {"appSid": application_sid})
        if kwargs:
            scope.add_param("appParams", urlencode(kwargs, doseq=True))
        self.capabilities["outgoing"] = scope

    def allow_client_incoming(self, client_name: str) -> None:
        """Allow incoming calls to ``client_name``; outgoing calls are then made as it too."""
        self.client_name = client_name
        self.capabilities["incoming"] = ScopeURI("client", "incoming", {"clientName": client_name})

    def allow_event_stream(self, **kwargs: Any) -> None:
        """Allow subscribing to the account's event stream, filtered by the keyword arguments."""
        scope = ScopeURI("stream", "subscribe", {"path": EVENTS_PATH})
        if kwargs:
            scope.add_param("params", urlencode(kwargs, doseq=True))
        self.capabilities["events"] = scope

    def _generate_payload(self) -> dict[str, Any]:
        scopes = []
        for name, scope in self.capabilities.items():
            if name == "outgoing" and self.client_name is not None:
                scope = attrs.evolve(scope, params={**scope.params, "clientName": self.client_name})
            scopes.append(scope.to_payload())
        return {"scope": " ".join(scopes)}

    def _repr_fields(self) -> dict[str, object]:
        return {**super()._repr_fields(), "scope": self._generate_payload()["scope"]}

    @classmethod
    def _from_jwt(cls, headers: dict[str, Any], payload: dict[str, Any], key: Any) -> Self:
        """Its scopes come back as :attr:`capabilities` (and :attr:`client_name`); a token
        without ``scope``, an Access Token or a scope this class cannot make is refused."""
        scope_claim = payload.get("scope")
        if not isinstance(scope_claim, str) or "grants" in payload or "policies" in payload:
            raise JwtDecodeError("not a Client Capability Token: claim 'scope' is missing")
        token = cls._decoded(headers, payload, key)
        token.client_name = None
        token.capabilities = {}
        for text in scope_claim.split():
            try:
                scope = ScopeURI.parse(text)
            except ValueError as exc:
                raise JwtDecodeError(f"not a Client Capability Token: {exc}") from exc
            name = _CAPABILITY_NAMES.get((scope.service, scope.privilege))
            if name is None:
                raise JwtDecodeError(f"unknown scope {text[:100]!r}")
            if name == "incoming":
                token.client_name = scope.params.get("clientName")
            token.capabilities[name] = scope
        outgoing = token.capabilities.get("outgoing")
        if outgoing is not None and token.client_name is not None:
            # to_jwt adds the incoming client's name to the outgoing scope; read it back out.
            if outgoing.params.get("clientName") == token.client_name:
                outgoing.params.pop("clientName")
        return token


_CAPABILITY_NAMES = {
    ("client", "outgoing"): "outgoing",
    ("client", "incoming"): "incoming",
    ("stream", "subscribe"): "events",
}
