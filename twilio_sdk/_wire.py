"""What goes on the wire for one request: the header sets (User-Agent, Authorization, content
types) precomputed per client, form and JSON bodies, the prepared URL and headers, and the
per-attempt Client Validation signature."""

from __future__ import annotations

import base64
import json as _json
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, TypeAlias
from urllib.parse import quote_plus, urlencode

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


#: Request headers as (name, value) strings, in order: what every transport takes (httpx's
#: types are not used here so the default sync path never imports httpx).
Headers: TypeAlias = list[tuple[str, str]]


def _updated(headers: Headers, extra: Mapping[str, str]) -> Headers:
    """``headers`` with ``extra`` set, as ``httpx.Headers.update`` sets them: a name given
    replaces every header of that name (any case), appended at the end."""
    names = {name.lower() for name in extra}
    return [pair for pair in headers if pair[0].lower() not in names] + list(extra.items())


def _set(headers: Headers, name: str, value: str) -> Headers:
    """``headers`` with ``name`` set to ``value`` as ``httpx.Headers`` item assignment sets it:
    in place of the first header of that name (any case; later ones dropped), else appended."""
    lowered = name.lower()
    result: Headers = []
    placed = False
    for pair in headers:
        if pair[0].lower() != lowered:
            result.append(pair)
        elif not placed:
            result.append((name, value))
            placed = True
    return result if placed else [*result, (name, value)]


def header_value(headers: Headers, name: str) -> str | None:
    """The value of header ``name`` (any case), the first if it repeats; None without it."""
    name = name.lower()
    return next((value for key, value in headers if key.lower() == name), None)


class HeaderSets:
    """Request headers precomputed per body kind so a request only picks one.

    No field ``repr``: these hold the Authorization value. (A plain class, not attrs: each
    attrs class costs about half a millisecond of import time.)
    """

    __slots__ = ("plain", "form", "json")

    def __init__(self, plain: Headers, form: Headers, json: Headers) -> None:
        self.plain = plain
        self.form = form
        self.json = json

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
            plain=list(base.items()),
            form=[*base.items(), ("Content-Type", _FORM_CONTENT_TYPE)],
            json=[*base.items(), ("Content-Type", _JSON_CONTENT_TYPE)],
        )

    def with_extra(self, extra: Mapping[str, str]) -> HeaderSets:
        """The same headers plus `extra` (a per-client option: `with_options(headers=...)`)."""
        return HeaderSets(
            plain=_updated(self.plain, extra),
            form=_updated(self.form, extra),
            json=_updated(self.json, extra),
        )

    def with_authorization(self, authorization: str | None) -> HeaderSets:
        """The same headers with another Authorization value, or none."""

        def swap(headers: Headers) -> Headers:
            if authorization is None:
                return [pair for pair in headers if pair[0].lower() != "authorization"]
            return _set(headers, "Authorization", authorization)

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
) -> tuple[str, bytes | None, Headers]:
    """Return the final URL, body bytes and headers for one request (shared by retries).

    The headers are one of ``header_sets`` (shared: never modified) unless ``headers`` adds
    to them."""
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
        request_headers = _updated(request_headers, headers)
        coding = header_value(request_headers, "Content-Encoding")
        if coding is not None and content is not None:  # the body must be what it announces
            content = encode_body(content, coding)
    return url, content, request_headers


#: Public Key Client Validation: signs (method, URL, headers, body) into the header's token.
RequestSigner = Callable[[str, str, Mapping[str, str], bytes | None], str]

CLIENT_VALIDATION_HEADER: Final = "Twilio-Client-Validation"


def signed(
    signer: RequestSigner, method: str, url: str, headers: Headers, content: bytes | None
) -> Headers:
    """A copy of ``headers`` carrying this attempt's Client Validation token."""
    # The signer reads Authorization and Host, which never repeat: a dict holds them as sent.
    token = signer(method, url, dict(headers), content)
    return _set(headers, CLIENT_VALIDATION_HEADER, token)
