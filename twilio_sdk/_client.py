"""`Client` and `AsyncClient`: credentials, hosts, the pipeline, and every domain on top.

The domains and the account shortcuts (`client.messages`, …) come from the generated
`Domains` mixin; each domain module is imported on first attribute access.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

import httpx
from twilio_sdk_generated._domains import AsyncDomains, Domains

from ._credentials import (
    Credentials,
    resolve_credentials,
    resolve_oauth_identity,
    resolve_region_edge,
)
from ._errors import ArgumentTypeError, CredentialsError, InvalidArgumentError
from ._hosts import rewrite_host
from ._operations import ClientContext
from ._pipeline import AsyncPipeline, SyncPipeline
from ._retry import RetryEvent, RetryPolicy
from ._tls import CertTypes, VerifyTypes

if TYPE_CHECKING:
    from twilio_sdk_generated.api.v2010.models import (
        ApiV2010Account,
        ApiV2010AccountIncomingPhoneNumber,
    )

    from .credential import CredentialProvider

__all__ = ["Client", "AsyncClient"]


class _Hosts:
    """Applies the client's region and edge to each operation's host."""

    __slots__ = ("region", "edge")

    def __init__(self, region: str | None, edge: str | None) -> None:
        self.region = region
        self.edge = edge

    def url_for(self, host: str) -> str:
        return rewrite_host(host, self.region, self.edge)


_BACKOFF_MAX = RetryPolicy().backoff_max


def _check_seconds(name: str, value: object) -> None:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise ArgumentTypeError(f"{name} must be a number of seconds, got {type(value).__name__}")
    if not value >= 0:  # also refuses NaN
        raise InvalidArgumentError(f"{name} must be >= 0, got {value!r}")


class _ClientBase:
    """What Client and AsyncClient share: resolution of credentials, region and edge."""

    _context: ClientContext
    _pipeline: SyncPipeline | AsyncPipeline
    _account_sid: str | None
    username: str | None
    region: str | None  # e.g. "au1"; with the edge, routes every request (api.sydney.au1…)
    edge: str | None  # e.g. "sydney"

    def _setup(
        self,
        username: str | None,
        password: str | None,
        account_sid: str | None,
        region: str | None,
        edge: str | None,
        environ: Mapping[str, str] | None,
        provider: CredentialProvider | None = None,
    ) -> Credentials | None:
        """Resolve Basic credentials, or with a provider only the account SID (its token
        authenticates every request, as in the official library)."""
        self.region, self.edge = resolve_region_edge(region, edge, environ)
        self._domains: dict[str, Any] = {}
        if provider is not None:
            identity = resolve_oauth_identity(username, account_sid, environ)
            self.username, self._account_sid = identity
            return None
        credentials = resolve_credentials(username, password, account_sid, environ)
        self._account_sid = credentials.account_sid
        self.username = credentials.username
        return credentials

    @property
    def account_sid(self) -> str:
        """The account the client acts on (paths under `/Accounts/{AccountSid}`, shortcuts)."""
        if self._account_sid is None:
            raise CredentialsError(
                "this client has no account SID (its credential provider does not name one): "
                "pass account_sid=... or set TWILIO_ACCOUNT_SID"
            )
        return self._account_sid

    @staticmethod
    def _retry_policy(
        max_retries: int,
        max_retry_delay: float,
        retry_deadline: float | None,
        on_retry: Callable[[RetryEvent], None] | None,
    ) -> RetryPolicy:
        if not isinstance(max_retries, int) or isinstance(max_retries, bool):
            raise ArgumentTypeError(f"max_retries must be an int, got {type(max_retries).__name__}")
        if max_retries < 0:
            raise InvalidArgumentError(f"max_retries must be >= 0, got {max_retries}")
        _check_seconds("max_retry_delay", max_retry_delay)
        if retry_deadline is not None:
            _check_seconds("retry_deadline", retry_deadline)
        return RetryPolicy(
            max_retries=max_retries,
            backoff_max=min(_BACKOFF_MAX, max_retry_delay),
            retry_after_max=max_retry_delay,
            deadline=retry_deadline,
            on_retry=on_retry,
        )

    def for_account(self, account_sid: str) -> Self:
        """A client acting on a subaccount with this client's (parent) credentials.

        Every domain, not only the 2010 API, then addresses `account_sid`; the connection
        pool is shared with this client (closing the derived client leaves it open).
        """
        credentials = self._pipeline.credentials
        if credentials is None:  # a credential provider authenticates; only the SID changes
            return self._derived(self.username, None, account_sid)
        return self._derived(credentials.username, credentials.password, account_sid)

    def for_connect_account(self, connected_account_sid: str) -> Self:
        """A client for a Twilio Connect account: its SID as username, this token as password."""
        credentials = self._pipeline.credentials
        if credentials is None:
            raise CredentialsError(
                "for_connect_account needs the auth token of a Basic-auth client; this client "
                "authenticates with a credential provider"
            )
        return self._derived(connected_account_sid, credentials.password, connected_account_sid)

    def _derived(self, username: str | None, password: str | None, account_sid: str) -> Self:
        clone = object.__new__(type(self))
        provider = self._pipeline.credential_provider
        credentials = clone._setup(
            username, password, account_sid, self.region, self.edge, {}, provider
        )
        clone._pipeline = self._pipeline.with_credentials(credentials)
        clone._context = ClientContext(clone._pipeline, self._context.hosts, clone)
        return clone

    def __repr__(self) -> str:
        where = f", region={self.region!r}" if self.region else ""
        where += f", edge={self.edge!r}" if self.edge else ""
        return f"<{type(self).__name__} account_sid={self._account_sid!r}{where}>"


class Client(_ClientBase, Domains):
    """A Twilio REST client; drop-in for the official `twilio.rest.Client`.

    Credentials come from the arguments or the environment (`TWILIO_ACCOUNT_SID` /
    `TWILIO_AUTH_TOKEN`, or `TWILIO_API_KEY` / `TWILIO_API_SECRET` with an account SID);
    `region` / `edge` from `TWILIO_REGION` / `TWILIO_EDGE`. Pass `http_client=httpx.Client(...)`
    for custom transports or mocks (it is not closed by this client).

    Network: `proxy="http://user:pass@proxy:3128"` sends every request through that proxy
    (otherwise `HTTP(S)_PROXY` / `ALL_PROXY` / `NO_PROXY` apply); `verify=` takes a CA bundle
    path, an `ssl.SSLContext` or False, `cert=` a client certificate (`"client.pem"`,
    `(certfile, keyfile)` or `(certfile, keyfile, password)`). All three configure the pool
    the client opens itself, not a supplied `http_client`.

    `credential_provider=OrgsCredentialProvider(client_id, client_secret)` (from
    `twilio_sdk.credential`) authenticates with OAuth bearer tokens instead, as the Organizations
    API requires; then `username` / `password` are not needed, and `account_sid` only for
    account-scoped paths.

    Retries (429, connection failures before sending, 5xx of idempotent methods): at most
    `max_retries` (2), each pause at most `max_retry_delay` seconds (60; a longer `Retry-After`
    is cut to it), and none started that would end more than `retry_deadline` seconds (120;
    None: unbounded) after the call began. `on_retry` observes each retry.

    Connections: the client keeps a pool of at most `max_connections` (default 100) keep-alive
    connections, shared by the threads that use it (and by `for_account` clients); a call
    beyond that waits for a free connection, up to `timeout`. With `http_client=` the pool is
    that client's (set it there, e.g. `httpx.Client(limits=httpx.Limits(...))`).
    """

    __slots__ = ("_account_sid", "username", "region", "edge", "_context", "_domains", "_pipeline")
    _pipeline: SyncPipeline

    def __init__(
        self,
        username: str | None = None,
        password: str | None = None,
        account_sid: str | None = None,
        region: str | None = None,
        edge: str | None = None,
        environment: Mapping[str, str] | None = None,
        *,
        http_client: httpx.Client | None = None,
        timeout: float | httpx.Timeout | None = 60.0,
        max_retries: int = 2,
        max_retry_delay: float = 60.0,
        retry_deadline: float | None = 120.0,
        on_retry: Callable[[RetryEvent], None] | None = None,
        user_agent_extensions: Sequence[str] = (),
        credential_provider: CredentialProvider | None = None,
        max_connections: int | None = None,
        proxy: str | httpx.URL | httpx.Proxy | None = None,
        verify: VerifyTypes = True,
        cert: CertTypes | None = None,
    ) -> None:
        credentials = self._setup(
            username, password, account_sid, region, edge, environment, credential_provider
        )
        self._pipeline = SyncPipeline(
            credentials,
            credential_provider=credential_provider,
            http_client=http_client,
            timeout=timeout,
            retry=self._retry_policy(max_retries, max_retry_delay, retry_deadline, on_retry),
            user_agent_extensions=user_agent_extensions,
            max_connections=max_connections,
            proxy=proxy,
            verify=verify,
            cert=cert,
        )
        self._context = ClientContext(self._pipeline, _Hosts(self.region, self.edge), self)

    # -- subaccounts: thin, typed wrappers over the 2010 Accounts and IncomingPhoneNumbers API

    def create_subaccount(self, friendly_name: str) -> ApiV2010Account:
        """Create a subaccount of this client's account."""
        return self.api.v2010.accounts.create(friendly_name=friendly_name)

    def find_subaccount(self, friendly_name: str) -> ApiV2010Account | None:
        """The first (sub)account with exactly this friendly name, or None."""
        return next(
            iter(self.api.v2010.accounts.stream(friendly_name=friendly_name, limit=1)), None
        )

    def close_subaccount(self, account_sid: str) -> ApiV2010Account:
        """Close a subaccount for good (its numbers are released by Twilio)."""
        return self.api.v2010.accounts(account_sid).update(status="closed")

    def move_phone_number(
        self, phone_number_sid: str, from_account_sid: str, to_account_sid: str
    ) -> ApiV2010AccountIncomingPhoneNumber:
        """Move an incoming number between accounts of the same parent account."""
        number = self.api.v2010.accounts(from_account_sid).incoming_phone_numbers(phone_number_sid)
        return number.update(account_sid=to_account_sid)

    def request(
        self,
        method: str,
        uri: str,
        params: Mapping[str, str] | None = None,
        data: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        """Send a raw request through the pipeline (auth, retries, errors)."""
        return self._pipeline.request(
            method,
            uri,
            params=list((params or {}).items()),
            data=list((data or {}).items()) if data else None,
        )

    def close(self) -> None:
        """Close the connection pool this client opened (never a user-supplied one)."""
        self._pipeline.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncClient(_ClientBase, AsyncDomains):
    """The asyncio twin of `Client`; use `async with AsyncClient() as client:`.

    It sends through aiohttp's connection pool (chosen by measurement: `nox -s bench`), opened
    on the first call in the running event loop and closed by `aclose()` / `async with`; the
    client belongs to that loop. `max_connections` (default 100) bounds the connections open
    at once, i.e. the concurrent calls on the wire; further calls wait for a free connection,
    up to `timeout`. `proxy=`, `verify=` and `cert=` as for `Client`: proxies (explicit, or
    `HTTP(S)_PROXY` / `ALL_PROXY` / `NO_PROXY` from the environment), custom CAs and client
    certificates all stay on aiohttp's pool; only a SOCKS proxy needs httpx's (socksio).
    `http_client=httpx.AsyncClient(...)` sends through that client instead (never closed by
    this one); it runs on httpcore, several times slower than the default pool.
    """

    __slots__ = ("_account_sid", "username", "region", "edge", "_context", "_domains", "_pipeline")
    _pipeline: AsyncPipeline

    def __init__(
        self,
        username: str | None = None,
        password: str | None = None,
        account_sid: str | None = None,
        region: str | None = None,
        edge: str | None = None,
        environment: Mapping[str, str] | None = None,
        *,
        http_client: httpx.AsyncClient | None = None,
        timeout: float | httpx.Timeout | None = 60.0,
        max_retries: int = 2,
        max_retry_delay: float = 60.0,
        retry_deadline: float | None = 120.0,
        on_retry: Callable[[RetryEvent], None] | None = None,
        user_agent_extensions: Sequence[str] = (),
        credential_provider: CredentialProvider | None = None,
        max_connections: int | None = None,
        proxy: str | httpx.URL | httpx.Proxy | None = None,
        verify: VerifyTypes = True,
        cert: CertTypes | None = None,
    ) -> None:
        credentials = self._setup(
            username, password, account_sid, region, edge, environment, credential_provider
        )
        self._pipeline = AsyncPipeline(
            credentials,
            credential_provider=credential_provider,
            http_client=http_client,
            timeout=timeout,
            retry=self._retry_policy(max_retries, max_retry_delay, retry_deadline, on_retry),
            user_agent_extensions=user_agent_extensions,
            max_connections=max_connections,
            proxy=proxy,
            verify=verify,
            cert=cert,
        )
        self._context = ClientContext(self._pipeline, _Hosts(self.region, self.edge), self)

    # -- subaccounts: the async twins of Client's helpers

    async def create_subaccount(self, friendly_name: str) -> ApiV2010Account:
        """Create a subaccount of this client's account."""
        return await self.api.v2010.accounts.create(friendly_name=friendly_name)

    async def find_subaccount(self, friendly_name: str) -> ApiV2010Account | None:
        """The first (sub)account with exactly this friendly name, or None."""
        async for account in self.api.v2010.accounts.stream(friendly_name=friendly_name, limit=1):
            return account
        return None

    async def close_subaccount(self, account_sid: str) -> ApiV2010Account:
        """Close a subaccount for good (its numbers are released by Twilio)."""
        return await self.api.v2010.accounts(account_sid).update(status="closed")

    async def move_phone_number(
        self, phone_number_sid: str, from_account_sid: str, to_account_sid: str
    ) -> ApiV2010AccountIncomingPhoneNumber:
        """Move an incoming number between accounts of the same parent account."""
        number = self.api.v2010.accounts(from_account_sid).incoming_phone_numbers(phone_number_sid)
        return await number.update(account_sid=to_account_sid)

    async def aclose(self) -> None:
        """Close the connection pool this client opened (never a user-supplied one)."""
        await self._pipeline.aclose()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
