"""twilio_sdk: a typed SDK for every Twilio REST endpoint.

`from twilio_sdk import Client` replaces `from twilio.rest import Client`. Importing this
package loads no API domain: each one is imported on first attribute access.

The clients are imported on first use too (PEP 562): the generated package imports this
package's runtime modules, and the clients import the generated domains, so importing the
clients here would make every generated module's import depend on its own completion.
"""

from typing import TYPE_CHECKING, Any

from ._api_response import ApiResponse
from ._credentials import Credentials
from ._errors import (
    ArgumentTypeError,
    AuthenticationError,
    BadRequestError,
    ClientError,
    ConflictError,
    CredentialsError,
    InvalidArgumentError,
    MalformedResponseError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    TwilioConnectionError,
    TwilioException,
    TwilioRestException,
    TwilioTimeoutError,
    UnprocessableEntityError,
    UnsafeURLError,
)
from ._models import Model
from ._pagination import AsyncPage, Page
from ._retry import RetryEvent, RetryPolicy
from .credential import ClientCredentialProvider, CredentialProvider, OrgsCredentialProvider

if TYPE_CHECKING:
    from ._client import AsyncClient, Client


def __getattr__(name: str) -> Any:
    if name in ("Client", "AsyncClient"):
        from . import _client

        value = getattr(_client, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'twilio_sdk' has no attribute {name!r}")


__all__ = [
    "ApiResponse",
    "ArgumentTypeError",
    "AsyncClient",
    "AsyncPage",
    "AuthenticationError",
    "BadRequestError",
    "Client",
    "ClientCredentialProvider",
    "ClientError",
    "ConflictError",
    "CredentialProvider",
    "Credentials",
    "CredentialsError",
    "InvalidArgumentError",
    "MalformedResponseError",
    "Model",
    "NotFoundError",
    "OrgsCredentialProvider",
    "Page",
    "PermissionDeniedError",
    "RateLimitError",
    "RetryEvent",
    "RetryPolicy",
    "ServerError",
    "TwilioConnectionError",
    "TwilioException",
    "TwilioRestException",
    "TwilioTimeoutError",
    "UnprocessableEntityError",
    "UnsafeURLError",
]
