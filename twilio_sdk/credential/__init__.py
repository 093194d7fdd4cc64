"""OAuth 2 client-credentials providers: `Client(credential_provider=...)`.

The Organizations API (`client.preview_iam.organization(...)`, host preview-iam.twilio.com) accepts
only an OAuth bearer token; some other APIs accept one in place of HTTP Basic auth (the specs
declare bearer auth for e.g. Verify services).
A provider holds an OAuth app's client ID and secret, obtains an access token from the token
endpoint with the `client_credentials` grant, and caches it until shortly before it expires.

    from twilio_sdk import Client
    from twilio_sdk.credential import OrgsCredentialProvider

    client = Client(credential_provider=OrgsCredentialProvider(client_id, client_secret))
    accounts = client.preview_iam.organization("OR...").accounts.list()

As in the official library, a client with a provider sends the bearer token on every request
that needs authentication; Basic credentials are not used. The token request itself goes through
the client's own connection pool and retry policy, with no Authorization header.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Final, Protocol

from twilio_sdk._errors import CredentialsError, TwilioException

if TYPE_CHECKING:
    import asyncio

__all__ = [
    "ClientCredentialProvider",
    "CredentialProvider",
    "OrgsCredentialProvider",
    "TokenManager",
    "TokenResponseError",
]

#: Refresh a token this many seconds before its stated expiry (clock skew, request time).
_REFRESH_MARGIN: Final = 30.0

FormPairs = Sequence[tuple[str, str]]


class TokenResponseError(TwilioException):
    """The token endpoint answered 2xx without a usable access token."""


class TokenManager(Protocol):
    """The official library's token-manager interface: returns a fresh access token."""

    def fetch_access_token(self) -> str: ...


class CredentialProvider:
    """OAuth 2 `client_credentials` grant against `token_url`, with the token cached.

    Thread-safe; one provider may serve several clients (sync and async). The secret and the
    token never appear in `repr()` or in log messages.
    """

    #: Where tokens come from unless `token_url=` says otherwise (set by subclasses).
    DEFAULT_TOKEN_URL: ClassVar[str] = ""

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        token_manager: TokenManager | None = None,
        *,
        token_url: str | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if not client_id or not client_secret:
            missing = " and ".join(
                name
                for name, value in (("client_id", client_id), ("client_secret", client_secret))
                if not value
            )
            raise CredentialsError(f"{type(self).__name__} needs {missing} (of your OAuth app)")
        url = token_url or self.DEFAULT_TOKEN_URL
        if not url.startswith(("https://", "http://")):
            raise CredentialsError(f"token_url must be an http(s) URL, got {url!r}")
        self.client_id = client_id
        self._client_secret = client_secret
        self.token_url = url
        # As in the official library, a token manager replaces the token request (its tokens'
        # JWT `exp` still decides when to ask again; it is called synchronously).
        self._token_manager = token_manager
        self._clock = clock
        self._token: str | None = None
        self._expires_at = 0.0
        self._lock = threading.Lock()
        # asyncio locks belong to one event loop; keep one per loop that uses this provider.
        self._async_locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
            weakref.WeakKeyDictionary()
        )

    def token_form(self) -> FormPairs:
        """The form body of the token request."""
        return (
            ("grant_type", "client_credentials"),
            ("client_id", self.client_id),
            ("client_secret", self._client_secret),
        )

    def token(self, fetch: Callable[[str, FormPairs], Any]) -> str:
        """The cached access token, or a new one from `fetch(token_url, form)` (parsed JSON)."""
        token = self._valid_token()
        if token is not None:
            return token
        with self._lock:  # one fetch, however many threads find the token stale
            token = self._valid_token()
            if token is None:
                payload = self._from_manager() or fetch(self.token_url, self.token_form())
                token = self._store(payload)
            return token

    async def atoken(self, fetch: Callable[[str, FormPairs], Awaitable[Any]]) -> str:
        """The asyncio twin of :meth:`token`."""
        import asyncio  # here, not at import: only async clients pay for it

        token = self._valid_token()
        if token is not None:
            return token
        loop = asyncio.get_running_loop()
        lock = self._async_locks.get(loop)
        if lock is None:
            lock = self._async_locks[loop] = asyncio.Lock()
        async with lock:
            token = self._valid_token()
            if token is None:
                payload = self._from_manager() or await fetch(self.token_url, self.token_form())
                token = self._store(payload)
            return token

    def _from_manager(self) -> dict[str, Any] | None:
        if self._token_manager is None:
            return None
        return {"access_token": self._token_manager.fetch_access_token()}

    def invalidate(self) -> None:
        """Forget the cached token (e.g. after it was revoked); the next request fetches one."""
        with self._lock:
            self._token, self._expires_at = None, 0.0

    def _valid_token(self) -> str | None:
        token = self._token
        if token is not None and self._clock() < self._expires_at - _REFRESH_MARGIN:
            return token
        return None

    def _store(self, payload: Any) -> str:
        token = payload.get("access_token") if isinstance(payload, Mapping) else None
        if not isinstance(token, str) or not token:
            keys = sorted(payload) if isinstance(payload, Mapping) else type(payload).__name__
            raise TokenResponseError(
                f"the token endpoint {self.token_url} returned no access_token (got {keys})"
            )
        expires_at = _expiry(token, payload, self._clock())
        # A token without a stated lifetime serves the request that fetched it only.
        self._token, self._expires_at = (token, expires_at) if expires_at else (None, 0.0)
        return token

    def __repr__(self) -> str:
        return f"<{type(self).__name__} client_id={self.client_id!r} token_url={self.token_url!r}>"


def _expiry(token: str, payload: Mapping[str, Any], now: float) -> float | None:
    """When the token expires: its JWT `exp` claim, else `expires_in` seconds (RFC 6749)."""
    import jwt  # only clients with a provider pay for the import

    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        claims = {}
    exp = claims.get("exp")
    if isinstance(exp, int | float) and not isinstance(exp, bool):
        return float(exp)
    expires_in = payload.get("expires_in")
    if isinstance(expires_in, int | float) and not isinstance(expires_in, bool) and expires_in > 0:
        return now + float(expires_in)
    return None


class OrgsCredentialProvider(CredentialProvider):
    """Client credentials for the Organizations API (preview-iam), as in the official library.

    The default token URL is the one the Organizations spec declares for its OAuth scheme.
    """

    DEFAULT_TOKEN_URL: ClassVar[str] = "https://preview-iam.twilio.com/v1/token"


class ClientCredentialProvider(CredentialProvider):
    """Client credentials of an OAuth app for Twilio's public APIs, as in the official library.

    The default token URL is the one the OAuth v2 spec declares for its client-credentials flow.
    """

    DEFAULT_TOKEN_URL: ClassVar[str] = "https://oauth.twilio.com/v2/token"
