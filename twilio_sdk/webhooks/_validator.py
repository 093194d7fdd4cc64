"""Validate that a webhook request came from Twilio (drop-in for :mod:`twilio.request_validator`).

Twilio signs each webhook with HMAC (SHA-1 with the Auth Token by default, or SHA-256 with a
SharedKey, see :func:`get_signature_algorithm`) over the full URL followed by every POST
parameter name and value, sorted. JSON bodies are not signed as parameters: the URL carries
their SHA-256 in a ``bodySHA256`` query parameter instead, so such a request validates only
with its raw body.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import logging
import operator
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final, TypeAlias
from urllib.parse import ParseResult, parse_qs, urlparse

from twilio_sdk._errors import CredentialsError, InvalidArgumentError

__all__ = [
    "HMAC_SHA1",
    "HMAC_SHA256",
    "SIGNATURE_HEADER",
    "SIGNATURE_SETTINGS_HEADER",
    "Params",
    "RequestValidator",
    "add_port",
    "compare",
    "get_signature_algorithm",
    "remove_port",
]

logger: logging.Logger = logging.getLogger("twilio_sdk.webhooks")

SIGNATURE_HEADER: Final = "X-Twilio-Signature"
SIGNATURE_SETTINGS_HEADER: Final = "X-Twilio-Webhooks-Signature-Settings"
"""Sent with SharedKey-signed webhooks: ``key=<sharedKeyId>,algorithm=<algorithm>``."""
HMAC_SHA1: Final = "HMAC_SHA1"
HMAC_SHA256: Final = "HMAC_SHA256"

_HASHES: Final[Mapping[str, Callable[[], Any]]] = {
    HMAC_SHA1: hashlib.sha1,
    HMAC_SHA256: hashlib.sha256,
}
_HASH_NAMES: Final = {HMAC_SHA1: "sha1", HMAC_SHA256: "sha256"}
_DEFAULT_PORTS: Final = {"https": 443}

Params: TypeAlias = Mapping[str, str | Sequence[str]]
"""Form parameters: a plain mapping (a value may be a list of values) or a multi-value
mapping with ``getall`` (multidict, WebOb) or ``getlist`` (Werkzeug, Django)."""


def compare(string1: str, string2: str) -> bool:
    """Compare two strings in constant time (for equal lengths)."""
    return hmac.compare_digest(string1.encode("utf-8"), string2.encode("utf-8"))


def remove_port(uri: ParseResult) -> str:
    """The URL without its port, whatever the port is."""
    if _port(uri) is None:
        return uri.geturl()
    return uri._replace(netloc=uri.netloc.rpartition(":")[0]).geturl()


def add_port(uri: ParseResult) -> str:
    """The URL with an explicit port: the scheme's default (443 or 80) if it has none."""
    if _port(uri) is not None:
        return uri.geturl()
    port = _DEFAULT_PORTS.get(uri.scheme, 80)
    return uri._replace(netloc=f"{uri.netloc}:{port}").geturl()


def get_signature_algorithm(signature_settings_header: str | None) -> str:
    """The algorithm named in the X-Twilio-Webhooks-Signature-Settings header.

    A missing or empty header, or one without ``algorithm=``, means the legacy Auth Token
    signature, :data:`HMAC_SHA1`.
    """
    for part in (signature_settings_header or "").split(","):
        name, separator, value = part.partition("=")
        if separator and name.strip() == "algorithm" and value.strip():
            return value.strip()
    return HMAC_SHA1


@functools.lru_cache(maxsize=256)
def url_variants(uri: str) -> tuple[str, ...]:
    """The URLs :meth:`RequestValidator.validate` checks a signature against (with and
    without the port), ``uri`` itself first when it is one of them: it is the likelier match."""
    parsed = urlparse(uri)
    candidates = sorted({remove_port(parsed), add_port(parsed)})
    return tuple(sorted(candidates, key=lambda url: url != uri))


def form_payload(pairs: Iterable[tuple[str, str]]) -> bytes:
    """What follows the URL in a form request's signed data, from the (name, value) pairs in
    any order: every name with each of its values, sorted by name then value, a repeated
    pair once (as :meth:`RequestValidator.compute_signature` has it); UTF-8."""
    items = list(pairs)
    if len({name for name, _ in items}) == len(items):  # no repeated name: sort by name only
        items.sort(key=_by_name)
    else:
        items = sorted(set(items))
    return "".join([name + value for name, value in items]).encode("utf-8")


_by_name: Final = operator.itemgetter(0)
# Payloads from this size are hashed in two parts (URL, payload): hmac.digest() of the URL
# and payload joined is quicker for small ones, the copy costs more for large ones.
_STREAMED: Final = 64 * 1024


def _port(uri: ParseResult) -> int | None:
    try:
        return uri.port
    except ValueError:  # not a number or out of range: leave the netloc alone
        return None


def _values(params: Params, name: str) -> list[str]:
    for method in ("getall", "getlist"):
        getter: Callable[[str], Iterable[str]] | None = getattr(params, method, None)
        if callable(getter):
            return list(getter(name))
    value = params[name]
    return [value] if isinstance(value, str) else list(value)


class RequestValidator:
    """Checks the ``X-Twilio-Signature`` of webhook requests.

    :param token: the secret the webhooks are signed with: the account's Auth Token, or
        the SharedKey secret when requests carry X-Twilio-Webhooks-Signature-Settings.
        ``None`` reads ``TWILIO_AUTH_TOKEN``, as ``WebhookApp`` does, so Twilio's docs'
        ``RequestValidator(os.environ.get("TWILIO_AUTH_TOKEN"))`` type-checks and runs.
    :raises CredentialsError: when there is no token (neither given nor in the environment).
    """

    def __init__(self, token: str | None = None) -> None:
        if token is None:
            token = os.environ.get("TWILIO_AUTH_TOKEN")
        if not token:
            raise CredentialsError(
                "RequestValidator needs the Auth Token the webhooks are signed with: pass it, "
                "or set TWILIO_AUTH_TOKEN"
            )
        self._token = token.encode("utf-8")

    def __repr__(self) -> str:
        return "RequestValidator(token=<hidden>)"

    def compute_signature(
        self, uri: str, params: Params | None, algorithm: str | None = None
    ) -> str:
        """The signature Twilio sends for a request to ``uri`` with form ``params``.

        :param algorithm: :data:`HMAC_SHA1` (default) or :data:`HMAC_SHA256`.
        :raises ValueError: for an unsupported algorithm.
        """
        digest = _HASHES.get((algorithm or HMAC_SHA1).upper())
        if digest is None:
            raise InvalidArgumentError(f"Unsupported webhook signature algorithm: {algorithm}")
        parts = [uri]
        if params:
            for name in sorted(set(params)):
                parts.extend(name + value for value in sorted(set(_values(params, name))))
        mac = hmac.new(self._token, "".join(parts).encode("utf-8"), digest)
        return base64.b64encode(mac.digest()).decode("ascii")

    def _matches_form(
        self, urls: Sequence[str], payload: bytes, signature: bytes, algorithm: str
    ) -> bool:
        """Whether ``signature`` (ASCII/UTF-8 bytes) signs one of ``urls`` followed by
        ``payload`` (see :func:`form_payload`); ``algorithm`` is a supported one, upper case.
        The same answer as :meth:`validate` for a form request, with one HMAC per URL tried."""
        name = _HASH_NAMES[algorithm]
        for url in urls:
            if len(payload) < _STREAMED:
                mac = hmac.digest(self._token, url.encode("utf-8") + payload, name)
            else:  # a large body: hashed after the URL, rather than copied after it
                streamed = hmac.new(self._token, url.encode("utf-8"), name)
                streamed.update(payload)
                mac = streamed.digest()
            if hmac.compare_digest(base64.b64encode(mac), signature):
                return True
        return False

    def compute_hash(self, body: str | bytes) -> str:
        """The hex SHA-256 of a request body (UTF-8), as sent in ``bodySHA256``."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        return hashlib.sha256(data).hexdigest()

    def validate(
        self,
        uri: str,
        params: Params | str | bytes | None,
        signature: str | None,
        algorithm: str | None = None,
    ) -> bool:
        """Whether a request really comes from Twilio.

        :param uri: the full URL Twilio requested, query string included.
        :param params: the form parameters, or the raw body of a JSON request (whose URL
            then carries ``bodySHA256``).
        :param signature: the X-Twilio-Signature header.
        :param algorithm: :data:`HMAC_SHA1` (default) or :data:`HMAC_SHA256`, see
            :func:`get_signature_algorithm`; an unsupported one fails validation.

        The URL is checked both with and without its port, since Twilio may sign either.

        When the URL carries ``bodySHA256``, the signature covers only the URL and the hash
        is what ties the body to it, so the raw body (``str`` or ``bytes``) must be passed.
        With a mapping or ``None`` instead (e.g. Flask's ``request.form``, empty for a JSON
        body, or a parsed JSON object) the hash cannot be checked, and the request fails
        validation with a logged warning. The official class accepts it without the check,
        which would let any body pass with a URL and signature taken from a real request.
        """
        if (algorithm or HMAC_SHA1).upper() not in _HASHES:
            logger.warning(
                "Unsupported webhook signature algorithm '%s'. Supported: %s, %s.",
                algorithm,
                HMAC_SHA1,
                HMAC_SHA256,
            )
            return False
        if not isinstance(signature, str):
            return False

        parsed = urlparse(uri)
        body_hashes = parse_qs(parsed.query).get("bodySHA256")
        valid_body = True  # form requests carry no body hash
        if isinstance(params, str | bytes):
            if body_hashes:
                valid_body = compare(self.compute_hash(params), body_hashes[0])
            elif params:
                return False  # a raw body that the signature does not cover
            params = None
        elif body_hashes:
            logger.warning(
                "The URL carries bodySHA256 but no raw body was given to check it against; "
                "pass the raw request body (str or bytes) as params, not a mapping."
            )
            return False

        candidates = {remove_port(parsed), add_port(parsed)}
        matches = [
            compare(self.compute_signature(url, params, algorithm), signature)
            for url in sorted(candidates)
        ]
        return valid_body and any(matches)
