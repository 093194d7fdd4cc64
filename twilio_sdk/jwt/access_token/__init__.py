"""Access Tokens: the JWTs Twilio's Voice, Video, Conversations/Chat, Sync and TaskRouter
client SDKs authenticate with (drop-in for :mod:`twilio.jwt.access_token`)."""

from __future__ import annotations

import abc
from collections.abc import Iterable
from typing import Any, ClassVar, Final

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
        super().__init__(
            secret_key=secret,
            issuer=signing_key_sid,
            subject=account_sid,
            nbf=nbf,
            ttl=ttl,
            valid_until=valid_until,
        )
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
        headers: dict[str, Any] = {"cty": ACCESS_TOKEN_CTY}
        if self.region and isinstance(self.region, str):
            headers["twr"] = self.region
        return headers

    def _generate_payload(self) -> dict[str, Any]:
        grants: dict[str, Any] = {grant.key: grant.to_payload() for grant in self.grants}
        if self.identity:
            grants["identity"] = self.identity
        return {"jti": f"{self.signing_key_sid}-{self._now()}", "grants": grants}

    @classmethod
    def from_jwt(cls, jwt: str | bytes, key: Any = "") -> AccessToken:
        """Decode and verify an Access Token; its grants come back as grant objects.

        Raises :class:`~twilio_sdk.jwt.JwtDecodeError` for a token that is not an Access
        Token (no ``cty: twilio-fpa;v=1`` header, no ``grants``), besides the checks of
        :meth:`Jwt.from_jwt <twilio_sdk.jwt.Jwt.from_jwt>`.
        """
        decoded = super().from_jwt(jwt, key)
        assert isinstance(decoded, AccessToken)
        return decoded

    @classmethod
    def _from_jwt(cls, headers: dict[str, Any], payload: dict[str, Any], key: Any) -> AccessToken:
        from twilio_sdk.jwt.access_token.grants import grant_from_payload

        if headers.get("cty") != ACCESS_TOKEN_CTY:
            raise JwtDecodeError(f"not an Access Token: header 'cty' is not {ACCESS_TOKEN_CTY!r}")
        grants = payload.get("grants")
        if not isinstance(grants, dict):
            raise JwtDecodeError("not an Access Token: claim 'grants' is missing")
        for claim in ("iss", "sub"):
            if not isinstance(payload.get(claim), str):
                raise JwtDecodeError(f"not an Access Token: claim {claim!r} is missing")
        token = cls._decoded(headers, payload, key)
        token.account_sid = payload["sub"]
        token.signing_key_sid = payload["iss"]
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

    def _repr_fields(self) -> dict[str, object]:
        return {
            "account_sid": self.account_sid,
            "signing_key_sid": self.signing_key_sid,
            "identity": self.identity,
            "region": self.region,
            "grants": self.grants,
        }
