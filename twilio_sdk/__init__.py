"""twilio_sdk: a typed SDK for every Twilio REST endpoint.

`from twilio_sdk import Client` replaces `from twilio.rest import Client`. Importing this
package loads no API domain: each one is imported on first attribute access.
"""

from typing import TYPE_CHECKING, Any

from ._client import AsyncClient, Client
from ._credentials import Credentials
from ._errors import (
    ArgumentTypeError,
    AuthenticationError,
    BadRequestError,
    ClientError,
    ClientStateError,
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
from ._version import __version__
from .credential import (
    ClientCredentialProvider,
    CredentialProvider,
    OrgsCredentialProvider,
    TokenResponseError,
)

TokenResponseError.__module__ = __name__  # shown and pickled as twilio_sdk.TokenResponseError

if TYPE_CHECKING:
    from .http.validation_client import ClientValidation


def __getattr__(name: str) -> Any:
    # Imported on first use: Public Key Client Validation loads the token machinery.
    if name == "ClientValidation":
        from .http.validation_client import ClientValidation

        return ClientValidation
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ArgumentTypeError",
    "AsyncClient",
    "AsyncPage",
    "AuthenticationError",
    "BadRequestError",
    "Client",
    "ClientCredentialProvider",
    "ClientError",
    "ClientStateError",
    "ClientValidation",
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
    "TokenResponseError",
    "TwilioTimeoutError",
    "UnprocessableEntityError",
    "UnsafeURLError",
    "__version__",
]
