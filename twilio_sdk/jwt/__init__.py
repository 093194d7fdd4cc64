"""JSON Web Tokens for Twilio's client SDKs (drop-in for :mod:`twilio.jwt`).

:class:`Jwt` holds what every Twilio token shares: issuer/subject, the validity window
(``nbf``/``exp``), signing through PyJWT and :meth:`Jwt.from_jwt`, which verifies a token and
reads it back. The concrete tokens live in :mod:`twilio_sdk.jwt.access_token`,
:mod:`twilio_sdk.jwt.client`, :mod:`twilio_sdk.jwt.taskrouter` and
:mod:`twilio_sdk.jwt.validation`; :mod:`twilio_sdk.jwt.inspect` explains them.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Mapping
from typing import Any, ClassVar, Final, Self, TypeAlias

import jwt as pyjwt

from twilio_sdk._errors import InvalidArgumentError, TwilioException

__all__ = ["GENERATE", "HMAC_ALGORITHMS", "Jwt", "JwtDecodeError", "NotBefore"]


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
"""The algorithms Twilio's own tokens are signed with (:meth:`Jwt.to_jwt`) and verified with
(:func:`twilio_sdk.jwt.inspect.inspect_token`): Twilio accepts HS256 only."""

_ANY_HMAC: Final = frozenset({"HS256", "HS384", "HS512"})

SecretKey: TypeAlias = str | bytes | Any
"""A signing or verifying key: a secret (HMAC), or for RS256 a PEM string/bytes or a
``cryptography`` key object."""


class JwtDecodeError(TwilioException):
    """:meth:`Jwt.from_jwt` could not accept a token: malformed, signed with another key or
    algorithm, expired or not yet valid, or a token of another kind than the class asked.

    The message says why and never contains the key.
    """


class Jwt:
    """Base class of the Twilio tokens: common claims, headers and signing.

    Subclasses provide :meth:`_generate_payload` (their own claims) and optionally
    :meth:`_generate_headers`. The signing secret is kept out of ``repr``.
    """

    GENERATE: ClassVar[_Generate] = GENERATE
    ALGORITHM: ClassVar[str] = "HS256"
    """The algorithm tokens of this class are signed with, and the only one
    :meth:`from_jwt` accepts."""
    SIGNING_ALGORITHMS: ClassVar[frozenset[str]] = _ANY_HMAC
    """The algorithms :meth:`to_jwt` may sign with; Twilio's tokens narrow it to HS256."""

    _CTY: ClassVar[str | None] = None
    """The ``cty`` header tokens of this class carry, which :meth:`from_jwt` requires."""
    _CLAIMS: ClassVar[Mapping[str, str]] = {}
    """Attribute -> claim: the string claims :meth:`from_jwt` requires and reads back."""
    _REPR_FIELDS: ClassVar[tuple[str, ...]] = ("issuer",)
    """Non-secret attributes shown by ``repr``."""

    algorithm: str
    """The ``alg`` the token is signed with, one of :data:`HMAC_ALGORITHMS`."""

    def __init__(
        self,
        secret_key: SecretKey,
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
        self._stamp: int | None = None
        self._decoded_payload: dict[str, Any] | None = None
        self._decoded_headers: dict[str, Any] | None = None

    def _generate_payload(self) -> dict[str, Any]:
        """The token-specific claims (:meth:`_now` is the encoding time)."""
        raise NotImplementedError("Subclass must provide a payload.")

    def _now(self) -> int:
        """The time the token is being encoded at, in epoch seconds (the same for every
        claim of one encoding)."""
        return self._stamp if self._stamp is not None else int(time.time())

    def _generate_headers(self) -> dict[str, Any]:
        """Extra JOSE headers (besides ``typ`` and ``alg``): the class's ``cty``, if any."""
        return {} if self._CTY is None else {"cty": self._CTY}

    def _repr_fields(self) -> dict[str, object]:
        """Non-secret attributes shown by ``repr``."""
        return {name: getattr(self, name) for name in self._REPR_FIELDS}

    def _claims(self, now: int, ttl: int | None = None) -> dict[str, Any]:
        if self._decoded_payload is not None:  # a decoded token re-signs what it carried
            claims = dict(self._decoded_payload)
            if ttl:
                claims["exp"] = now + ttl
            return claims
        self._stamp = now
        try:
            claims = dict(self._generate_payload())
        finally:
            self._stamp = None
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
        """The JOSE header the token is encoded with (for a decoded token: the one it had)."""
        if self._decoded_headers is not None:
            return self._decoded_headers
        return {**self._generate_headers(), "typ": "JWT", "alg": self.algorithm}

    @property
    def payload(self) -> dict[str, Any]:
        """The claims the token would carry if encoded now (for a decoded token: the ones
        it carried)."""
        if self._decoded_payload is not None:
            return self._decoded_payload
        return self._claims(int(time.time()))

    def to_jwt(self, ttl: int | None = None, *, algorithm: str | None = None) -> str:
        """Encode and sign the token.

        :param ttl: override the lifetime (seconds from now) set in the constructor.
        :param algorithm: one of the class's :attr:`SIGNING_ALGORITHMS` (for Twilio's tokens
            ``HS256``, the only one Twilio accepts); defaults to the token's :attr:`algorithm`.
        :raises ValueError: without a secret or for another algorithm, before signing.
        """
        if not self.secret_key:
            raise InvalidArgumentError("JWT does not have a signing key configured.")
        alg = algorithm or self.algorithm
        if alg not in self.SIGNING_ALGORITHMS:
            allowed = sorted(self.SIGNING_ALGORITHMS)
            raise InvalidArgumentError(f"Unsupported algorithm {alg!r}; use one of {allowed}")
        headers = {**self.headers, "alg": alg}
        claims = self._claims(int(time.time()), ttl)
        return pyjwt.encode(claims, self.secret_key, algorithm=alg, headers=headers)

    @classmethod
    def from_jwt(cls, jwt: str | bytes, key: SecretKey | None = "") -> Self:
        """Decode and verify a token made by :meth:`to_jwt` (or by the official library).

        Checks that the token is signed with the class's :attr:`ALGORITHM` (so ``alg: none``
        is refused), its signature against ``key``, its ``exp`` and ``nbf``. A subclass also
        checks that the token is of its kind (its ``cty`` header, its claims) and reads it
        back into an object of its own: an Access Token's grants, a capability token's
        scopes, a TaskRouter token's policies (on
        :class:`~twilio_sdk.jwt.taskrouter.TaskRouterCapabilityToken` itself, any of the
        three kinds into its own class). On :class:`Jwt` itself any token of the algorithm
        is accepted and returned as a plain :class:`Jwt`. The decoded object's :attr:`payload`
        and :attr:`headers` are the token's own.

        :param key: the secret (or RS256 public key) that signed the token. Without one, as
            in the official library, the signature is *not* checked: only do that for a
            token whose origin you already trust.
        :raises JwtDecodeError: for any reason the token is not accepted.
        """
        headers, payload = cls._decode(jwt, key)
        if cls._CTY is not None and headers.get("cty") != cls._CTY:
            raise JwtDecodeError(f"not a {cls.__name__}: header 'cty' is not {cls._CTY!r}")
        try:
            return cls._from_jwt(headers, payload, key)
        except JwtDecodeError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise JwtDecodeError(f"not a valid {cls.__name__}: {exc}") from exc

    @classmethod
    def _decode(
        cls, jwt: str | bytes, key: SecretKey | None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        verify = bool(key)
        verify_key: Any = key if verify else ""
        try:
            headers = pyjwt.get_unverified_header(jwt)
            alg = headers.get("alg")
            if alg != cls.ALGORITHM:
                raise JwtDecodeError(
                    f"Incorrect decoding algorithm {alg!r}, expecting {cls.ALGORITHM}."
                )
            payload = pyjwt.decode(
                jwt,
                verify_key,
                algorithms=[cls.ALGORITHM],
                options={"verify_signature": verify, "verify_exp": True, "verify_nbf": True},
            )
        except JwtDecodeError:
            raise
        except (pyjwt.PyJWTError, ValueError, TypeError) as exc:
            raise JwtDecodeError(str(exc) or type(exc).__name__) from exc
        return headers, payload

    @classmethod
    def _from_jwt(cls, headers: dict[str, Any], payload: dict[str, Any], key: Any) -> Self:
        """Build the decoded object; subclasses that read more back extend this."""
        return cls._decoded(headers, payload, key)

    @classmethod
    def _decoded(cls, headers: Mapping[str, Any], payload: Mapping[str, Any], key: Any) -> Self:
        """An instance of ``cls`` holding the decoded token, built without ``__init__``
        (whose defaults, such as a TaskRouter token's default policies, do not apply), with
        the attributes of :attr:`_CLAIMS` read from their required string claims."""
        for claim in cls._CLAIMS.values():
            if not isinstance(payload.get(claim), str):
                raise JwtDecodeError(f"not a {cls.__name__}: claim {claim!r} is missing")
        obj = cls.__new__(cls)
        Jwt.__init__(
            obj,
            secret_key=key,
            issuer=payload.get("iss"),  # type: ignore[arg-type]
            subject=payload.get("sub"),
            algorithm=headers.get("alg"),
            nbf=payload.get("nbf"),
            valid_until=payload.get("exp"),
        )
        obj._decoded_payload = dict(payload)
        obj._decoded_headers = dict(headers)
        for attribute, claim in cls._CLAIMS.items():
            setattr(obj, attribute, payload[claim])
        return obj

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={value!r}" for name, value in self._repr_fields().items())
        return f"{type(self).__name__}({fields})"
