"""Exceptions raised by twilio_sdk.

The names ``TwilioException`` and ``TwilioRestException`` match the official ``twilio``
package so code written against it keeps working; the status-specific subclasses let callers
catch e.g. ``NotFoundError`` instead of comparing ``exc.status``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    import httpx

    from ._response import Response

__all__ = [
    "ArgumentTypeError",
    "AuthenticationError",
    "BadRequestError",
    "ClientError",
    "ClientStateError",
    "ConflictError",
    "CredentialsError",
    "InvalidArgumentError",
    "MalformedResponseError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ServerError",
    "TwilioConnectionError",
    "TwilioException",
    "TwilioRestException",
    "TwilioTimeoutError",
    "UnprocessableEntityError",
    "UnsafeURLError",
    "error_from_response",
    "exception_class_for_status",
]

# Non-JSON error bodies (HTML from a proxy, say) can be large; keep messages readable.
_MAX_TEXT_MESSAGE: Final = 500
_MAX_EXCERPT: Final = 200  # bytes of a malformed body shown in the error
_DOCS_ERROR_URL: Final = "https://www.twilio.com/docs/errors/{code}"
REQUEST_ID_HEADER: Final = "Twilio-Request-Id"


class TwilioException(Exception):
    """Root of every exception raised by twilio_sdk."""


class TwilioRestException(TwilioException):
    """An HTTP error response (status >= 400) from the Twilio API.

    The constructor is compatible with the official library's
    ``TwilioRestException(status, uri, msg, code, method, details)``; ``more_info`` and the
    response ``headers`` (with :attr:`request_id`) are extra.
    """

    status: int
    uri: str
    message: str
    code: int | None
    method: str
    details: dict[str, object] | None
    more_info: str | None
    headers: httpx.Headers
    """The error response's headers (case-insensitive); empty when built by hand."""
    request_id: str | None
    """The response's ``Twilio-Request-Id`` header: quote it to Twilio support."""

    def __init__(
        self,
        status: int,
        uri: str,
        msg: str = "",
        code: int | None = None,
        method: str = "GET",
        details: dict[str, object] | None = None,
        more_info: str | None = None,
        headers: Mapping[str, str] | httpx.Headers | None = None,
    ) -> None:
        import httpx  # an error's headers are httpx's; the success path never imports it

        response_headers = httpx.Headers(headers)
        # Passing every argument to Exception keeps the exception picklable.
        super().__init__(status, uri, msg, code, method, details, more_info, response_headers)
        self.status = status
        self.uri = uri
        self.message = msg
        self.code = code
        self.method = method
        self.details = details
        self.more_info = more_info
        self.headers = response_headers
        self.request_id = response_headers.get(REQUEST_ID_HEADER)

    @property
    def msg(self) -> str:
        """The error message (name used by the official library)."""
        return self.message

    @property
    def url(self) -> str:
        """The full request URL; alias of :attr:`uri`."""
        return self.uri

    def __str__(self) -> str:
        parts = [f"HTTP {self.status} error:"]
        if self.method or self.uri:  # query values (phone numbers...) are not shown
            parts.append(f"{self.method} {redact_url(self.uri)}".strip())
            parts.append("->")
        if self.code is not None:
            parts.append(f"[{self.code}]")
        if self.message:
            parts.append(self.message)
        more_info = self.more_info
        if more_info is None and self.code is not None:
            more_info = _DOCS_ERROR_URL.format(code=self.code)
        if more_info:
            parts.append(f"(more info: {more_info})")
        return " ".join(parts)


class ClientError(TwilioRestException):
    """A 4xx response: the request was rejected."""


class BadRequestError(ClientError):
    """HTTP 400: invalid parameters."""


class AuthenticationError(ClientError):
    """HTTP 401: the credentials were rejected."""


class PermissionDeniedError(ClientError):
    """HTTP 403: the credentials may not access this resource."""


class NotFoundError(ClientError):
    """HTTP 404: the resource does not exist."""


class ConflictError(ClientError):
    """HTTP 409: the request conflicts with the resource's current state."""


class UnprocessableEntityError(ClientError):
    """HTTP 422: the request was well-formed but could not be processed."""


class RateLimitError(ClientError):
    """HTTP 429: too many requests (raised once retries are exhausted)."""


class ServerError(TwilioRestException):
    """A 5xx response: Twilio failed to handle the request."""


class TwilioConnectionError(TwilioException):
    """The request could not be completed (DNS, connect, read or protocol failure).

    The underlying ``httpx`` exception is chained as ``__cause__``.
    """

    method: str | None
    url: str | None

    def __init__(self, message: str, method: str | None = None, url: str | None = None) -> None:
        super().__init__(message, method, url)
        self.message = message
        self.method = method
        self.url = url

    def __str__(self) -> str:
        return self.message


class TwilioTimeoutError(TwilioConnectionError):
    """The request timed out (connect, read, write or connection-pool timeout)."""


class ClientStateError(TwilioException, RuntimeError):
    """The client cannot send now: it has been closed, or (async) it is used from another
    event loop than the one its connections belong to."""


class CredentialsError(TwilioException, ValueError):
    """Credentials are missing or inconsistent; the message says what to supply."""


class InvalidArgumentError(TwilioException, ValueError):
    """An argument has the right type but a value Twilio cannot take (an empty or dot-only
    path segment, a boolean string other than true/false, a region that is not a DNS label).
    Raised before any request; the message names the parameter."""


class ArgumentTypeError(TwilioException, TypeError):
    """An argument has a type the parameter cannot take (None for a required parameter, a
    dict where a string belongs, a number where a date belongs). Raised before any request;
    the message names the parameter."""


class UnsafeURLError(TwilioException, ValueError):
    """A URL to follow (a page link in a response, or ``get_page(url)``) leaves the host the
    client chose, downgrades to http or carries credentials; it is never requested."""


class MalformedResponseError(TwilioException):
    """A successful-looking response whose body is not what the operation returns: not JSON,
    the wrong JSON shape, empty where a record belongs, or an unexpected redirect."""

    status: int
    method: str
    url: str
    excerpt: str

    def __init__(self, reason: str, status: int, method: str, url: str, excerpt: str) -> None:
        super().__init__(reason, status, method, url, excerpt)
        self.reason = reason
        self.status = status
        self.method = method
        self.url = url
        self.excerpt = excerpt

    @classmethod
    def of(cls, response: Response, reason: str) -> MalformedResponseError:
        """Describe ``response`` (its request's method and URL, a short body excerpt)."""
        method, url = _method_and_url(response)
        body = _content(response)
        excerpt = body[:_MAX_EXCERPT].decode("utf-8", "replace")
        if len(body) > _MAX_EXCERPT:
            excerpt += "..."
        return cls(reason, response.status_code, method, url, excerpt)

    def __str__(self) -> str:
        shown = f": {self.excerpt!r}" if self.excerpt else " (empty body)"
        url = redact_url(self.url)
        return f"{self.method} {url} -> HTTP {self.status}: {self.reason}{shown}"


_STATUS_CLASSES: Final[dict[int, type[TwilioRestException]]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def exception_class_for_status(status: int) -> type[TwilioRestException]:
    """Return the most specific :class:`TwilioRestException` subclass for ``status``."""
    cls = _STATUS_CLASSES.get(status)
    if cls is not None:
        return cls
    if 400 <= status < 500:
        return ClientError
    if 500 <= status < 600:
        return ServerError
    return TwilioRestException


def _method_and_url(response: Response) -> tuple[str, str]:
    try:
        request = response.request
    except RuntimeError:  # a Response built by hand has no request
        return "", ""
    return request.method, str(request.url)


def _content(response: Response) -> bytes:
    import httpx

    try:
        return response.content
    except httpx.ResponseNotRead:
        return b""


def _as_code(value: object) -> int | None:
    # bool is an int subclass but never a meaningful error code.
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def _as_str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _text_message(response: Response) -> str:
    import httpx

    try:
        text = response.text.strip()
    except httpx.ResponseNotRead:
        text = ""
    if not text:
        return response.reason_phrase or f"HTTP {response.status_code}"
    if len(text) > _MAX_TEXT_MESSAGE:
        return text[:_MAX_TEXT_MESSAGE] + "..."
    return text


def error_from_response(response: Response) -> TwilioRestException:
    """Build the exception for an error response.

    Understands Twilio's ``{"code", "message", "more_info", "status", "details"}`` body and
    the RFC 9457 problem-details form (``type``/``title``/``detail``/``errors``); any other
    body becomes the message (truncated), an empty one the HTTP reason phrase.
    """
    status = response.status_code
    method, uri = _method_and_url(response)
    payload: object = None
    content = _content(response)
    if content:
        try:
            payload = json.loads(content)
        except ValueError:  # includes JSONDecodeError and UnicodeDecodeError
            payload = None

    code: int | None = None
    more_info: str | None = None
    details: dict[str, object] | None = None
    message: str | None
    if isinstance(payload, dict):
        code = _as_code(payload.get("code"))
        message = _as_str(payload.get("message"))
        if message is None:
            title = _as_str(payload.get("title"))
            detail = _as_str(payload.get("detail"))
            message = f"{title}: {detail}" if title and detail else (detail or title)
        more_info = _as_str(payload.get("more_info"))
        if more_info is None:
            problem_type = _as_str(payload.get("type"))
            if problem_type and problem_type != "about:blank":
                more_info = problem_type
        raw_details = payload.get("details")
        if isinstance(raw_details, dict):
            details = raw_details
        elif isinstance(payload.get("errors"), list):
            details = {"errors": payload["errors"]}
        if message is None:  # a JSON body without any message: the raw JSON is no better
            message = response.reason_phrase or f"HTTP {status}"
    else:
        message = _text_message(response)

    cls = exception_class_for_status(status)
    return cls(status, uri, message, code, method, details, more_info, response.headers)


def redact_url(url: str) -> str:
    """``url`` with each query value replaced by ``…``: the path and parameter names stay.

    What logs and error messages show of a URL, so that a phone number or other value in a
    query (``To=+1555…`` of a followed page) never reaches application logs.
    """
    base, sep, query = url.partition("?")
    if not sep:
        return url
    query = query.partition("#")[0]
    names = [pair.partition("=")[0] for pair in query.split("&") if pair]
    return base + "?" + "&".join(f"{name}=…" for name in names)


def _public(*classes: type[BaseException]) -> None:
    # Shown (and pickled) under the package, as httpx does: `twilio_sdk.NotFoundError`.
    for cls in classes:
        cls.__module__ = "twilio_sdk"


_public(
    TwilioException,
    TwilioRestException,
    ClientError,
    BadRequestError,
    AuthenticationError,
    PermissionDeniedError,
    NotFoundError,
    ConflictError,
    UnprocessableEntityError,
    RateLimitError,
    ServerError,
    TwilioConnectionError,
    TwilioTimeoutError,
    ClientStateError,
    CredentialsError,
    InvalidArgumentError,
    ArgumentTypeError,
    UnsafeURLError,
    MalformedResponseError,
)
