"""Public Key Client Validation tokens (drop-in for :mod:`twilio.jwt.validation`).

An account that enforces Public Key Client Validation accepts only API requests carrying a
``Twilio-Client-Validation`` header: an RS256 JWT, signed with the account's private key,
whose ``rqh`` claim is the SHA-256 of the canonical request (method, path, sorted query,
signed headers, body hash). :class:`ClientValidationJwt` builds that token from a
:class:`ValidationPayload`; the clients sign every request with it when given
``client_validation=`` (see :class:`twilio_sdk.http.validation_client.ClientValidation`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from hashlib import sha256
from typing import Any, ClassVar, Final, NamedTuple, Self, overload

from twilio_sdk._errors import InvalidArgumentError
from twilio_sdk.jwt import Jwt, JwtDecodeError

__all__ = ["CLIENT_VALIDATION_CTY", "ClientValidationJwt", "ValidationPayload"]

CLIENT_VALIDATION_CTY: Final = "twilio-pkrv;v=1"
"""The ``cty`` header of a Client Validation token."""


class ValidationPayload(NamedTuple):
    """What a Client Validation token signs of a request (the official library's fields,
    in its order). ``path`` is the URL path, ``query_string`` the raw query without ``?``;
    ``all_headers`` may use any case, a list value is sorted and joined with commas."""

    method: str
    path: str
    query_string: str
    all_headers: Mapping[str, str | Sequence[str]]
    signed_headers: Sequence[str]
    body: str | bytes


class ClientValidationJwt(Jwt):
    """The JWT sent as ``Twilio-Client-Validation`` so that Twilio can verify a request.

    :param account_sid: the account (``AC...``), the ``sub`` claim.
    :param api_key_sid: the API key (``SK...``) the request authenticates with, ``iss``.
    :param credential_sid: the public key credential (``CR...``) Twilio verifies with, ``kid``.
    :param private_key: the matching RSA private key: PEM text or bytes, or a
        ``cryptography`` private key object (needs the ``cryptography`` package).
    :param validation_payload: the request to sign.
    """

    ALGORITHM: ClassVar[str] = "RS256"
    SIGNING_ALGORITHMS: ClassVar[frozenset[str]] = frozenset({"RS256"})
    _CTY: ClassVar[str | None] = CLIENT_VALIDATION_CTY
    _CLAIMS: ClassVar[Mapping[str, str]] = {"account_sid": "sub", "api_key_sid": "iss"}
    _REPR_FIELDS: ClassVar[tuple[str, ...]] = ("account_sid", "credential_sid")

    validation_payload: ValidationPayload | None
    """The signed request; ``None`` on a decoded token (only its hashes travel)."""

    def __init__(
        self,
        account_sid: str,
        api_key_sid: str,
        credential_sid: str,
        private_key: Any,
        validation_payload: ValidationPayload,
    ) -> None:
        super().__init__(private_key, api_key_sid, account_sid, self.ALGORITHM, ttl=300)
        self.account_sid = account_sid
        self.api_key_sid = api_key_sid
        self.credential_sid = credential_sid
        self.validation_payload = validation_payload

    def _generate_headers(self) -> dict[str, Any]:
        return {**super()._generate_headers(), "kid": self.credential_sid}

    def _generate_payload(self) -> dict[str, Any]:
        if self.validation_payload is None:
            raise InvalidArgumentError("a decoded ClientValidationJwt has no request to sign")
        hrh, rqh = request_hashes(self.validation_payload)
        return {"hrh": hrh, "rqh": rqh}

    @classmethod
    def _sort_and_join(cls, values: str | Iterable[str], joiner: str) -> str:
        if isinstance(values, str):
            return values
        return joiner.join(sorted(values))

    @overload
    @classmethod
    def _hash(cls, input_str: str | bytes) -> str: ...
    @overload
    @classmethod
    def _hash(cls, input_str: None) -> None: ...
    @classmethod
    def _hash(cls, input_str: str | bytes | None) -> str | None:
        """Hex SHA-256 of the UTF-8 text; an empty input stays as it is (official rule)."""
        if not input_str:
            return input_str if input_str is None else ""
        data = input_str.encode("utf-8") if isinstance(input_str, str) else input_str
        return sha256(data).hexdigest()

    @classmethod
    def _from_jwt(cls, headers: dict[str, Any], payload: dict[str, Any], key: Any) -> Self:
        """Decoded with the account's *public* key; a token without the ``hrh``/``rqh``
        hashes is refused (only they travel, so :attr:`validation_payload` is ``None``)."""
        if not isinstance(payload.get("hrh"), str) or not isinstance(payload.get("rqh"), str):
            raise JwtDecodeError("not a Client Validation token: no 'hrh'/'rqh' claims")
        token = cls._decoded(headers, payload, key)
        token.credential_sid = str(headers.get("kid", ""))
        token.validation_payload = None
        return token


def request_hashes(payload: ValidationPayload) -> tuple[str, str]:
    """The ``hrh`` (signed header names) and ``rqh`` (canonical request hash) claims."""
    join = ClientValidationJwt._sort_and_join
    all_headers = {name.lower(): join(value, ",") for name, value in payload.all_headers.items()}
    signed = sorted(payload.signed_headers)
    header_lines = "\n".join(
        f"{name}:{all_headers[name]}" for name in signed if name in all_headers
    )
    query = join(payload.query_string.split("&"), "&")
    parts = [payload.method, payload.path, query]
    if header_lines:
        parts.append(header_lines)
    parts += ["", ";".join(signed), ClientValidationJwt._hash(payload.body) or ""]
    return ";".join(signed), ClientValidationJwt._hash("\n".join(parts))
