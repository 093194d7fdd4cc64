"""What goes on the wire for one request: the header sets (User-Agent, Authorization, content
types) precomputed per client, form and JSON bodies, the prepared URL and headers, and the
per-attempt Client Validation signature."""

from __future__ import annotations

import base64
import json as _json
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import quote_plus, urlencode

import httpx

from ._auth_resolution import Credentials
from ._encoding import encode_body
from ._errors import (
    ArgumentTypeError,
    CredentialsError,
)
from ._version import __version__

if TYPE_CHECKING:
    from .credential import CredentialProvider

__all__ = [
    "CLIENT_VALIDATION_HEADER",
    "HeaderSets",
    "NO_JSON",
    "RequestSigner",
    "USER_AGENT",
    "basic_authorization",
    "form_encode",
    "header_pairs",
    "prepare",
    "signed",
]


class _NoJson:
    """Type of :data:`NO_JSON`."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "NO_JSON"


#: Default of ``request(json=...)``: no JSON body (``None`` would send JSON ``null``).
NO_JSON: Final = _NoJson()


def _system_and_machine() -> tuple[str, str]:
    # What platform.system() / platform.machine() return, without importing platform (~2 ms)
    # where os.uname() has the answer.
    if hasattr(os, "uname"):
        uname = os.uname()
        return uname.sysname, uname.machine
    import platform

    return platform.system(), platform.machine()


#: Base User-Agent, computed once at import; per-client extensions are appended.
USER_AGENT: Final = "twilio-sdk/{} ({} {}) Python/{}".format(
    __version__, *_system_and_machine(), sys.version.split()[0]
)

_FORM_CONTENT_TYPE: Final = "application/x-www-form-urlencoded"
_JSON_CONTENT_TYPE: Final = "application/json"
# Methods whose empty body is still announced as a form, as the official library does.
_BODY_METHODS: Final = frozenset({"POST", "PUT", "PATCH"})


def _authorization(credentials: Credentials) -> str:
    token = f"{credentials.username}:{credentials.password}".encode()
    return "Basic " + base64.b64encode(token).decode("ascii")


def basic_authorization(
    credentials: Credentials | None, provider: CredentialProvider | None
) -> str | None:
    """The precomputed Authorization value; None when a provider's token is used instead."""
    if provider is not None:
        return None
    if credentials is None:
        raise CredentialsError("the pipeline needs credentials or a credential provider")
    return _authorization(credentials)


class HeaderSets:
    """Request headers precomputed per body kind so a request only picks one.

    No field ``repr``: these hold the Authorization value. (A plain class, not attrs: each
    attrs class costs about half a millisecond of import time.)
    """

    __slots__ = ("plain", "form", "json", "pairs")

    def __init__(self, plain: httpx.Headers, form: httpx.Headers, json: httpx.Headers) -> None:
        self.plain = plain
        self.form = form
        self.json = json
        # The same as (name, value) strings, as the aiohttp transport takes them.
        self.pairs: Mapping[int, list[tuple[str, str]]] = {
            id(headers): headers.multi_items() for headers in (plain, form, json)
        }

    @classmethod
    def build(
        cls, authorization: str | None, extensions: Sequence[str], *, accept_encoding: bool
    ) -> HeaderSets:
        user_agent = " ".join([USER_AGENT, *extensions])
        base = {
            "User-Agent": user_agent,
            "Accept": "application/json",
            "Accept-Charset": "utf-8",
        }
        if authorization is not None:
            base = {"Authorization": authorization, **base}
        if accept_encoding:  # what httpx.Client would add; our own transport needs it spelled
            base["Accept-Encoding"] = "gzip, deflate"
        return cls(
            plain=httpx.Headers(base),
            form=httpx.Headers({**base, "Content-Type": _FORM_CONTENT_TYPE}),
            json=httpx.Headers({**base, "Content-Type": _JSON_CONTENT_TYPE}),
        )

    def with_extra(self, extra: Mapping[str, str]) -> HeaderSets:
        """The same headers plus `extra` (a per-client option: `with_options(headers=...)`)."""

        def add(headers: httpx.Headers) -> httpx.Headers:
            copy = headers.copy()
            copy.update(extra)
            return copy

        return HeaderSets(plain=add(self.plain), form=add(self.form), json=add(self.json))

    def with_authorization(self, authorization: str | None) -> HeaderSets:
        """The same headers with another Authorization value, or none."""

        def swap(headers: httpx.Headers) -> httpx.Headers:
            copy = headers.copy()
            if authorization is None:
                copy.pop("Authorization", None)
            else:
                copy["Authorization"] = authorization
            return copy

        return HeaderSets(plain=swap(self.plain), form=swap(self.form), json=swap(self.json))


# `quote_plus` for ASCII text as one str.translate: unreserved characters stay, a space
# becomes `+`, every other ASCII character its `%XX` escape.
_FORM_QUOTES: Final = {
    code: "+" if code == 32 else f"%{code:02X}"
    for code in range(128)
    if not (chr(code).isalnum() or chr(code) in "_.-~")
}


def _form_quote(value: str) -> str:
    """``urllib.parse.quote_plus(value)`` for a str, in a fraction of the time."""
    if type(value) is not str:
        raise TypeError  # form_encode leaves anything else to urlencode
    if value.isascii():
        return value.translate(_FORM_QUOTES)
    return quote_plus(value)


def form_encode(pairs: Sequence[tuple[Any, Any]]) -> bytes:
    """``urlencode(pairs).encode()``: a form body (keys may repeat)."""
    try:
        text = "&".join([f"{_form_quote(k)}={_form_quote(v)}" for k, v in pairs])
    except TypeError:  # a value that is not a str: urlencode converts it
        text = urlencode(pairs)
    return text.encode("ascii")


def prepare(
    header_sets: HeaderSets,
    method: str,
    url: str,
    params: Sequence[tuple[str, str]] | None,
    data: Sequence[tuple[str, str]] | None,
    json: object,
    headers: Mapping[str, str] | None,
) -> tuple[str, bytes | None, httpx.Headers]:
    """Return the final URL, body bytes and headers for one request (shared by retries).

    The headers are one of ``header_sets`` unless ``headers`` adds to them (see
    :func:`header_pairs`)."""
    if params:
        # Encoding the query ourselves skips httpx's QueryParams parse/merge round trips.
        url = f"{url}{'&' if '?' in url else '?'}{urlencode(params)}"
    content: bytes | None
    if json is not NO_JSON:
        if data is not None:
            raise ArgumentTypeError("pass either data= or json=, not both")
        try:
            text = _json.dumps(json, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        except (TypeError, ValueError) as exc:  # NaN, Infinity or an object JSON cannot hold
            raise ArgumentTypeError(f"the JSON body is not JSON-serialisable: {exc}") from None
        content = text.encode()
        request_headers = header_sets.json
    elif data is not None:
        content = form_encode(data)
        request_headers = header_sets.form
    else:
        content = None
        request_headers = header_sets.form if method in _BODY_METHODS else header_sets.plain
    if headers:
        # Copy before updating: the precomputed sets are shared by every request.
        request_headers = httpx.Headers(request_headers)
        request_headers.update(headers)
        coding = request_headers.get("Content-Encoding")
        if coding is not None and content is not None:  # the body must be what it announces
            content = encode_body(content, coding)
    return url, content, request_headers


def header_pairs(header_sets: HeaderSets, headers: httpx.Headers) -> list[tuple[str, str]]:
    """``headers`` as (name, value) strings: precomputed for the shared sets."""
    pairs = header_sets.pairs.get(id(headers))
    return headers.multi_items() if pairs is None else pairs


RequestSigner = Callable[[str, str, httpx.Headers, bytes | None], str]

CLIENT_VALIDATION_HEADER: Final = "Twilio-Client-Validation"


def signed(
    signer: RequestSigner, method: str, url: str, headers: httpx.Headers, content: bytes | None
) -> httpx.Headers:
    """A copy of ``headers`` carrying this attempt's Client Validation token."""
    signed = httpx.Headers(headers)
    signed[CLIENT_VALIDATION_HEADER] = signer(method, url, headers, content)
    return signed
