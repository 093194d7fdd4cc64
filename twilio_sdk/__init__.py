"""twilio_sdk: a typed SDK for every Twilio REST endpoint.

`from twilio_sdk import Client` replaces `from twilio.rest import Client`. Importing this
package loads no API domain: each one is imported on first attribute access.
"""

from ._client import AsyncClient, Client
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

__all__ = [
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
