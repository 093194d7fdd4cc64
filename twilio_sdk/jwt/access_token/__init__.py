"""Access Tokens: the JWTs Twilio's Voice, Video, Conversations/Chat, Sync and TaskRouter
client SDKs authenticate with (drop-in for :mod:`twilio.jwt.access_token`)."""

from __future__ import annotations

import abc
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar, Final, Self

from twilio_sdk._errors import InvalidArgumentError
from twilio_sdk.jwt import GENERATE, HMAC_ALGORITHMS, Jwt, JwtDecodeError, NotBefore

__all__ = ["ACCESS_TOKEN_CTY", "AccessToken", "AccessTokenGrant"]

ACCESS_TOKEN_CTY: Final = "twilio-fpa;v=1"
"""The ``cty`` header that marks a JWT as a Twilio Access Token."""


class AccessTokenGrant(abc.ABC):
    """A grant giving an Access Token access to one Twilio product."""

    key: ClassVar[str]
    """The grant's key in the token's ``grants`` claim."""

    @abc.abstractmethod
    def to_payload(self) -> dict[str, Any] | None:
        """The grant's value in the token's ``grants`` claim."""


class AccessToken(Jwt):
    """An Access Token carrying one or more grants, signed with an API key secret.

    :param account_sid: the account the token is for (``sub`` claim).
    :param signing_key_sid: SID of the API key that signs it (``iss`` claim).
    :param secret: the API key's secret.
    :param grants: initial grants; more can be added with :meth:`add_grant`.
    :param identity: the user identity, added to the grants if non-empty.
    :param nbf: not-before time; defaults to the encoding time, ``None`` omits it.
    :param ttl: lifetime in seconds from encoding.
    :param valid_until: absolute expiry (epoch seconds), overrides ``ttl``.
    :param region: Twilio region the token is for (``twr`` header), e.g. ``"ie1"``.
    """

    SIGNING_ALGORITHMS: ClassVar[frozenset[str]] = HMAC_ALGORITHMS
    _CTY: ClassVar[str | None] = ACCESS_TOKEN_CTY
    _CLAIMS: ClassVar[Mapping[str, str]] = {"account_sid": "sub", "signing_key_sid": "iss"}
    _REPR_FIELDS: ClassVar[tuple[str, ...]] = (*_CLAIMS, "identity", "region", "grants")

    def __init__(
        self,
        account_sid: str,
        signing_key_sid: str,
        secret: str | bytes,
        grants: Iterable[AccessTokenGrant] | None = None,
        identity: str | None = None,
        nbf: NotBefore = GENERATE,
        ttl: int = 3600,
        valid_until: int | None = None,
        region: str | None = None,
    ) -> None:
        super().__init__(secret, signing_key_sid, account_sid, None, nbf, ttl, valid_until)
        self.account_sid = account_sid
        self.signing_key_sid = signing_key_sid
        self.identity = identity
        self.region = region
        self.grants: list[AccessTokenGrant] = []
        for grant in grants or ():
            self.add_grant(grant)

    def add_grant(self, grant: AccessTokenGrant) -> None:
        """Add a grant; a later grant for the same product replaces an earlier one."""
        if not isinstance(grant, AccessTokenGrant):
            raise InvalidArgumentError("Grant must be an instance of AccessTokenGrant.")
        self.grants.append(grant)

    def _generate_headers(self) -> dict[str, Any]:
        headers = super()._generate_headers()
        if self.region and isinstance(self.region, str):
            headers["twr"] = self.region
        return headers

    def _generate_payload(self) -> dict[str, Any]:
        grants: dict[str, Any] = {grant.key: grant.to_payload() for grant in self.grants}
        if self.identity:
            grants["identity"] = self.identity
        return {"jti": f"{self.signing_key_sid}-{self._now()}", "grants": grants}

    @classmethod
    def _from_jwt(cls, headers: dict[str, Any], payload: dict[str, Any], key: Any) -> Self:
        """Its grants come back as grant objects (a token without ``grants`` is refused)."""
        from twilio_sdk.jwt.access_token.grants import grant_from_payload

        grants = payload.get("grants")
        if not isinstance(grants, dict):
            raise JwtDecodeError("not an Access Token: claim 'grants' is missing")
        token = cls._decoded(headers, payload, key)
        identity = grants.get("identity")
        token.identity = identity if isinstance(identity, str) else None
        region = headers.get("twr")
        token.region = region if isinstance(region, str) else None
        token.grants = []
        for name, value in grants.items():
            grant = grant_from_payload(name, value) if name != "identity" else None
            if grant is not None:
                token.grants.append(grant)
        return token
