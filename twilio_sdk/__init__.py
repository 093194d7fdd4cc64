"""twilio_sdk: a typed SDK for every Twilio REST endpoint.

`from twilio_sdk import Client` replaces `from twilio.rest import Client`. Importing this
package loads no API domain: each one is imported on first attribute access.

The clients are imported on first use too (PEP 562): the generated package imports this
package's runtime modules, and the clients import the generated domains, so importing the
clients here would make every generated module's import depend on its own completion.
"""

from typing import TYPE_CHECKING, Any

from ._api_response import ApiResponse
from ._auth_resolution import Credentials
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
    from ._client import AsyncClient, Client
    from .http.validation_client import ClientValidation

# Imported on first use: the clients (see above), and Public Key Client Validation, which
# loads the token machinery.
_LAZY = {
    "Client": "._client",
    "AsyncClient": "._client",
    "ClientValidation": ".http.validation_client",
}


if not TYPE_CHECKING:  # checkers see the imports above: a misspelt name is an error, not Any

    def __getattr__(name: str) -> Any:
        module = _LAZY.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        import importlib

        value = getattr(importlib.import_module(module, __name__), name)
        value.__module__ = __name__  # shown as twilio_sdk.Client, as the eager exports below
        globals()[name] = value
        return value


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

# Public classes show (and pickle) under the package, as httpx's do: `twilio_sdk.Page`.
for _name in __all__:
    _member = globals().get(_name)
    if isinstance(_member, type):
        _member.__module__ = __name__
del _name, _member
