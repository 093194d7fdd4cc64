"""JSON Web Tokens for Twilio's client SDKs (drop-in for :mod:`twilio.jwt`).

:class:`Jwt` holds what every Twilio token shares: issuer/subject, the validity window
(``nbf``/``exp``) and HMAC signing through PyJWT. The concrete tokens live in
:mod:`twilio_sdk.jwt.access_token`, :mod:`twilio_sdk.jwt.client` and
:mod:`twilio_sdk.jwt.taskrouter`; :mod:`twilio_sdk.jwt.inspect` decodes them again.
"""

from __future__ import annotations

import enum
import time
from typing import Any, ClassVar, Final, TypeAlias

import jwt as pyjwt

__all__ = ["GENERATE", "HMAC_ALGORITHMS", "Jwt", "NotBefore"]


class _Generate(enum.Enum):
    """The type of :data:`GENERATE` (an enum, so type checkers can tell it from an int)."""

    GENERATE = "GENERATE"

    def __repr__(self) -> str:
        return "GENERATE"


GENERATE: Final = _Generate.GENERATE
"""Default for ``nbf``: stamp the token with the time it is encoded."""

NotBefore: TypeAlias = int | _Generate | None
"""An ``nbf`` argument: seconds since the epoch, :data:`GENERATE` (now) or ``None`` (omit)."""

HMAC_ALGORITHMS: Final = frozenset({"HS256"})
"""The algorithms tokens are signed with (:meth:`Jwt.to_jwt`) and verified with
(:func:`twilio_sdk.jwt.inspect.inspect_token`): Twilio accepts HS256 only."""


class Jwt:
    """Base class of the Twilio tokens: common claims, headers and signing.

    Subclasses provide :meth:`_generate_payload` (their own claims) and optionally
    :meth:`_generate_headers`. The signing secret is kept out of ``repr``.
    """

    GENERATE: ClassVar[_Generate] = GENERATE
    ALGORITHM: ClassVar[str] = "HS256"

    algorithm: str
    """The ``alg`` the token is signed with, one of :data:`HMAC_ALGORITHMS`."""

    def __init__(
        self,
        secret_key: str | bytes,
        issuer: str,
        subject: str | None = None,
        algorithm: str | None = None,
        nbf: NotBefore = GENERATE,
        ttl: int = 3600,
        valid_until: int | None = None,
    ) -> None:
        self.secret_key = secret_key
        self.issuer = issuer
        self.subject = subject
        self.algorithm = algorithm or self.ALGORITHM
        self.nbf = nbf
        self.ttl = ttl
        self.valid_until = valid_until

    def _generate_payload(self, now: int) -> dict[str, Any]:
        """The token-specific claims; ``now`` is the encoding time in epoch seconds."""
        raise NotImplementedError("Subclass must provide a payload.")

    def _generate_headers(self) -> dict[str, Any]:
        """Extra JOSE headers (besides ``typ`` and ``alg``)."""
        return {}

    def _repr_fields(self) -> dict[str, object]:
        """Non-secret attributes shown by ``repr``."""
        return {"issuer": self.issuer}

    def _claims(self, now: int, ttl: int | None = None) -> dict[str, Any]:
        claims = self._generate_payload(now)
        claims["iss"] = self.issuer
        claims["exp"] = now + self.ttl
        if isinstance(self.nbf, _Generate):
            claims["nbf"] = now
        elif self.nbf is not None:
            claims["nbf"] = self.nbf
        if self.valid_until:
            claims["exp"] = self.valid_until
        if self.subject:
            claims["sub"] = self.subject
        if ttl:
            claims["exp"] = now + ttl
        return claims

    @property
    def headers(self) -> dict[str, Any]:
        """The JOSE header the token is encoded with."""
        return {**self._generate_headers(), "typ": "JWT", "alg": self.algorithm}

    @property
    def payload(self) -> dict[str, Any]:
        """The claims the token would carry if encoded now."""
        return self._claims(int(time.time()))

    def to_jwt(self, ttl: int | None = None, *, algorithm: str | None = None) -> str:
        """Encode and sign the token.

        :param ttl: override the lifetime (seconds from now) set in the constructor.
        :param algorithm: one of :data:`HMAC_ALGORITHMS` (``HS256``, the only one Twilio
            accepts); defaults to the token's :attr:`algorithm`.
        :raises ValueError: without a secret or for another algorithm, before signing.
        """
        if not self.secret_key:
            raise ValueError("JWT does not have a signing key configured.")
        alg = algorithm or self.algorithm
        if alg not in HMAC_ALGORITHMS:
            raise ValueError(f"Unsupported algorithm {alg!r}; use one of {sorted(HMAC_ALGORITHMS)}")
        headers = {**self.headers, "alg": alg}
        claims = self._claims(int(time.time()), ttl)
        return pyjwt.encode(claims, self.secret_key, algorithm=alg, headers=headers)

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={value!r}" for name, value in self._repr_fields().items())
        return f"{type(self).__name__}({fields})"
