"""Public Key Client Validation (drop-in for :mod:`twilio.http.validation_client`).

An account can require every API request to carry a ``Twilio-Client-Validation`` header: an
RS256 JWT (:class:`~twilio_sdk.jwt.validation.ClientValidationJwt`) signed with a private key
whose public half is registered with Twilio, over a hash of the request. Two ways to send it:

* natively, on :class:`~twilio_sdk.Client` and :class:`~twilio_sdk.AsyncClient`::

      client = Client(api_key_sid, api_key_secret, account_sid,
                      client_validation=ClientValidation(credential_sid, private_key_pem))

* as the official library does, with an HTTP client that signs what it sends::

      client = Client(api_key_sid, api_key_secret, account_sid,
                      http_client=ValidationClient(account_sid, api_key_sid,
                                                   credential_sid, private_key_pem))

Either way every attempt, retries included, is signed afresh. Signing needs the
``cryptography`` package (``pip install 'twilio-typed-sdk[pkcv]'``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import urlsplit

import httpx

from twilio_sdk._errors import CredentialsError, InvalidArgumentError, TwilioRestException
from twilio_sdk._tls import default_ssl_context
from twilio_sdk._wire import CLIENT_VALIDATION_HEADER, RequestSigner
from twilio_sdk.jwt.validation import ClientValidationJwt, ValidationPayload

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey

__all__ = ["ClientValidation", "ValidationClient", "ValidationPayload", "validation_payload"]

SIGNED_HEADERS: Final = ("authorization", "host")
"""The headers Twilio's Client Validation signs, as the official library does."""

_TLS_TEST_URL: Final = "https://tls-test.twilio.com:443"


def validation_payload(
    method: str, url: str, headers: Mapping[str, str], body: bytes | str | None
) -> ValidationPayload:
    """What a Client Validation token signs of one request, as the official library reads it:
    the path and raw query of ``url``, the ``Authorization`` and ``Host`` headers (``Host``
    from the URL when the headers lack it) and the body."""
    parts = urlsplit(url)
    lowered = {name.lower(): value for name, value in headers.items()}
    lowered.setdefault("host", parts.netloc)
    return ValidationPayload(
        method=method.upper(),
        path=parts.path,
        query_string=parts.query,
        all_headers={name: lowered[name] for name in SIGNED_HEADERS if name in lowered},
        signed_headers=list(SIGNED_HEADERS),
        body=body or "",
    )


def _load_private_key(private_key: Any) -> RSAPrivateKey:
    try:
        from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
        from cryptography.hazmat.primitives.serialization import load_pem_private_key
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise CredentialsError(
            "Public Key Client Validation signs with RSA: install the 'cryptography' package "
            "(pip install 'twilio-typed-sdk[pkcv]')"
        ) from exc
    if isinstance(private_key, RSAPrivateKey):
        return private_key
    if isinstance(private_key, str):
        private_key = private_key.encode()
    if not isinstance(private_key, bytes):
        kind = type(private_key).__name__
        raise InvalidArgumentError(f"private_key must be PEM text or bytes, or an RSA key: {kind}")
    try:
        key = load_pem_private_key(private_key, password=None)
    except (ValueError, TypeError) as exc:
        # The message of cryptography's error never contains the key.
        raise InvalidArgumentError(f"private_key is not an unencrypted PEM key: {exc}") from None
    if not isinstance(key, RSAPrivateKey):
        raise InvalidArgumentError("private_key must be an RSA key (Twilio verifies RS256)")
    return key


class ClientValidation:
    """Public Key Client Validation settings for ``Client(client_validation=...)``.

    :param credential_sid: the public key credential (``CR...``) registered with
        ``client.accounts.v1.credentials.public_key.create(public_key=pem)``.
    :param private_key: the matching RSA private key: unencrypted PEM text or bytes, or a
        ``cryptography`` RSA private key. It is parsed once, here, and never shown by ``repr``.
    :param api_key_sid: the API key (``SK...``, the token's ``iss``); defaults to the
        client's username, which must then be an API key.
    :param account_sid: the account (``sub``); defaults to the client's account.
    """

    __slots__ = ("credential_sid", "api_key_sid", "account_sid", "_key")

    credential_sid: str
    api_key_sid: str | None
    account_sid: str | None

    def __init__(
        self,
        credential_sid: str,
        private_key: str | bytes | RSAPrivateKey,
        *,
        api_key_sid: str | None = None,
        account_sid: str | None = None,
    ) -> None:
        if not isinstance(credential_sid, str) or not credential_sid:
            raise InvalidArgumentError("credential_sid must be the public key's CR... SID")
        self.credential_sid = credential_sid
        self.api_key_sid = api_key_sid
        self.account_sid = account_sid
        self._key = _load_private_key(private_key)

    def signer(self, account_sid: str | None, username: str | None) -> RequestSigner:
        """The per-request signer a client with this account and username sends with."""
        api_key_sid = self.api_key_sid or username
        account = self.account_sid or account_sid
        if not api_key_sid or not account:
            raise CredentialsError(
                "client_validation needs an API key SID and an account SID: create the client "
                "with an API key (Client(api_key_sid, api_key_secret, account_sid)) or pass "
                "api_key_sid= and account_sid= to ClientValidation"
            )
        if self.api_key_sid is None and not api_key_sid.startswith("SK"):
            raise CredentialsError(
                "Public Key Client Validation authenticates with an API key: create the client "
                "with Client(api_key_sid, api_key_secret, account_sid)"
            )
        key, credential_sid = self._key, self.credential_sid

        def sign(method: str, url: str, headers: Mapping[str, str], content: bytes | None) -> str:
            payload = validation_payload(method, url, headers, content)
            token = ClientValidationJwt(account, api_key_sid, credential_sid, key, payload)
            return token.to_jwt()

        return sign

    def __repr__(self) -> str:
        return f"ClientValidation(credential_sid={self.credential_sid!r})"


class ValidationClient(httpx.Client):
    """An ``httpx.Client`` that signs every request it sends for Public Key Client
    Validation, for ``Client(..., http_client=ValidationClient(...))`` as in the official
    library (same constructor). Other keyword arguments go to ``httpx.Client``; the default
    timeout is 60 s.

    :param account_sid: the account (``AC...``).
    :param api_key_sid: the API key (``SK...``) the client authenticates with.
    :param credential_sid: the public key credential (``CR...``).
    :param private_key: the matching RSA private key (PEM text or bytes, or a key object).
    :param pool_connections: accepted for compatibility; connections are always pooled.
    """

    def __init__(
        self,
        account_sid: str,
        api_key_sid: str,
        credential_sid: str,
        private_key: str | bytes | RSAPrivateKey,
        pool_connections: bool = True,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("timeout", 60.0)
        kwargs.setdefault("verify", default_ssl_context())
        super().__init__(**kwargs)
        self.account_sid: str = account_sid
        self.api_key_sid: str = api_key_sid
        self.credential_sid: str = credential_sid
        self._private_key = private_key
        self._sign: RequestSigner | None = None  # the key is parsed on the first request

    def send(self, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        """Sign ``request`` (its final URL, ``Authorization``, ``Host`` and body), then send."""
        if self._sign is None:
            validation = ClientValidation(
                self.credential_sid,
                self._private_key,
                api_key_sid=self.api_key_sid,
                account_sid=self.account_sid,
            )
            self._sign = validation.signer(self.account_sid, self.api_key_sid)
        request.headers[CLIENT_VALIDATION_HEADER] = self._sign(
            request.method, str(request.url), request.headers, request.read()
        )
        return super().send(request, **kwargs)

    def _build_validation_payload(self, request: Any) -> ValidationPayload:
        """What is signed of ``request``: an ``httpx.Request``, or anything with ``method``,
        ``url``, ``headers`` and ``body`` (a ``requests.PreparedRequest``, as in the official
        library)."""
        body = request.read() if isinstance(request, httpx.Request) else request.body
        return validation_payload(request.method, str(request.url), request.headers, body)

    def _get_host(self, request: Any) -> str:
        """The host (with any port) ``request`` is sent to."""
        return urlsplit(str(request.url)).netloc

    def validate_ssl_certificate(self, client: Any) -> None:
        """Check that ``client`` (anything with ``request(method, url)``) reaches Twilio's
        TLS test host; raises :class:`~twilio_sdk.TwilioRestException` if it does not answer
        2xx (as the official method does)."""
        response = client.request("GET", _TLS_TEST_URL)
        if not 200 <= response.status_code < 300:
            raise TwilioRestException(
                response.status_code, _TLS_TEST_URL, "Failed to validate SSL certificate"
            )

    def __repr__(self) -> str:
        return f"<ValidationClient credential_sid={self.credential_sid!r}>"
