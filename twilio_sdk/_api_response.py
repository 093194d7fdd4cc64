"""`ApiResponse`: what the official library's `*_with_http_info` methods return."""

from __future__ import annotations

from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    import httpx

__all__ = ["ApiResponse"]

T = TypeVar("T")


class ApiResponse(Generic[T]):
    """A call's result with the HTTP status and headers of the response that carried it.

    `headers` is case-insensitive: `response.headers["Twilio-Request-Id"]` is the id Twilio
    support asks for. For lists it is the first page's response.
    """

    __slots__ = ("data", "status_code", "headers")
    data: T
    status_code: int
    headers: httpx.Headers

    def __init__(self, data: T, status_code: int, headers: httpx.Headers) -> None:
        self.data = data
        self.status_code = status_code
        self.headers = headers

    @property
    def request_id(self) -> str | None:
        """The `Twilio-Request-Id` response header, if Twilio sent one."""
        value: str | None = self.headers.get("twilio-request-id")
        return value

    def __repr__(self) -> str:
        return f"ApiResponse(status_code={self.status_code}, data={type(self.data).__name__})"

    def __str__(self) -> str:
        return f"<ApiResponse [{self.status_code}] with {type(self.data).__name__}>"


ApiResponse.__module__ = "twilio_sdk"
