"""`Client` and `AsyncClient`: credentials, hosts, the pipeline, and every domain on top.

The domains and the account shortcuts (`client.messages`, …) come from the generated
`Domains` mixin; each domain module is imported on first attribute access.
"""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Self, TypedDict, cast

from twilio_sdk_generated._domains import AsyncDomains, Domains

from ._auth_resolution import Credentials, resolve_credentials, resolve_oauth_identity
from ._closing import AsyncClosing, Closing
from ._coroutines import ready, run_sync
from ._errors import ArgumentTypeError, CredentialsError, InvalidArgumentError, UnsafeURLError
from ._hosts import resolve_region_edge, rewrite_host
from ._operations import ClientContext
from ._pipeline import AsyncPipeline, SyncPipeline
from ._response import Response, as_httpx
from ._retry import RetryEvent, RetryPolicy
from ._tls import CertTypes, VerifyTypes
from ._wire import RequestSigner
from .http.async_http_client import AsyncTwilioHttpClient

if TYPE_CHECKING:
    import httpx
    from twilio_sdk_generated.api.v2010.models import (
        ApiV2010Account,
        ApiV2010AccountIncomingPhoneNumber,
    )

    from .credential import CredentialProvider
    from .http.validation_client import ClientValidation

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


class _Unset:
    """`with_options(timeout=...)` not given (None means no timeout)."""


_UNSET = _Unset()

#: What `request()` takes for `params` / `data`: a mapping (a list or tuple value repeats
#: the key, None values are left out, as in the official library) or (key, value) pairs.
RawParams = Mapping[str, Any] | Sequence[tuple[str, Any]]

_MAX_REDIRECTS = 10
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


def _raw_pairs(values: RawParams | None) -> list[tuple[str, str]]:
    items = values.items() if isinstance(values, Mapping) else (values or ())
    pairs: list[tuple[str, str]] = []
    for key, value in items:
        for one in value if isinstance(value, list | tuple) else (value,):
            if one is not None:
                pairs.append((str(key), _raw_text(one)))
    return pairs


def _raw_text(value: object) -> str:
    if isinstance(value, bool):  # Twilio's spelling, not Python's
        return "true" if value else "false"
    return str(value)


def _raw_headers(
    headers: Mapping[str, str] | None, auth: tuple[str, str] | None
) -> dict[str, str] | None:
    """The caller's headers; `auth=(user, password)` replaces the client's credentials."""
    if auth is None:
        return dict(headers) if headers else None
    if not isinstance(auth, tuple) or len(auth) != 2:
        raise ArgumentTypeError("auth must be a (username, password) tuple")
    token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode("ascii")
    return {**(headers or {}), "Authorization": f"Basic {token}"}


def _next_hop(
    response: httpx.Response, method: str, data: list[tuple[str, str]] | None
) -> tuple[str, str, list[tuple[str, str]] | None] | None:
    """Where a redirect leads (method, URL, body), for `request(allow_redirects=True)`.

    Only redirects on the same scheme and host are followed: anything else would send the
    client's credentials to another server, so it raises `UnsafeURLError`.
    """
    location = response.headers.get("Location")
    if response.status_code not in _REDIRECTS or not location:
        return None
    origin = response.request.url
    target = origin.join(location)
    if target.scheme != origin.scheme or target.netloc != origin.netloc or target.userinfo:
        raise UnsafeURLError(
            f"redirect to {target.scheme}://{target.host} leaves {origin.host}: not followed"
        )
    if response.status_code == 303 or (response.status_code in (301, 302) and method == "POST"):
        return "GET", str(target), None
    return method, str(target), data


def _check_seconds(name: str, value: object) -> None:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise ArgumentTypeError(f"{name} must be a number of seconds, got {type(value).__name__}")
    if not value >= 0:  # also refuses NaN
        raise InvalidArgumentError(f"{name} must be >= 0, got {value!r}")


class _PipelineOptions(TypedDict):
    """What every pipeline of a client is given alike (a Client's `*_async` one included)."""

    credentials: Credentials | None
    credential_provider: CredentialProvider | None
    user_agent_extensions: Sequence[str]
    max_connections: int | None
    request_signer: RequestSigner | None
    verify: VerifyTypes
    cert: CertTypes | None


class _ClientBase:
    """What Client and AsyncClient share: resolution of credentials, region and edge, the
    options of their pipelines, raw requests."""

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

    def _configure(self, args: Mapping[str, Any]) -> _PipelineOptions:
        """What both constructors do with the arguments they share (their `locals()`, taken
        first): credentials, region and edge resolved; the options of every pipeline."""
        provider: CredentialProvider | None = args["credential_provider"]
        credentials = self._setup(
            args["username"],
            args["password"],
            args["account_sid"],
            args["region"],
            args["edge"],
            args["environment"],
            provider,
        )
        return _PipelineOptions(
            credentials=credentials,
            credential_provider=provider,
            user_agent_extensions=args["user_agent_extensions"],
            max_connections=args["max_connections"],
            request_signer=self._signer(args["client_validation"]),
            verify=args["verify"],
            cert=args["cert"],
        )

    async def _raw_request(
        self,
        send: Callable[..., Awaitable[Response]],
        method: str,
        uri: str,
        params: RawParams | None,
        data: RawParams | None,
        headers: Mapping[str, str] | None,
        auth: tuple[str, str] | None,
        allow_redirects: bool,
    ) -> httpx.Response:
        """`request()` of both clients, given the pipeline's `request` (for a Client, wrapped
        by `ready` and run by `run_sync`)."""
        method = method.upper()
        url = rewrite_host(uri, self.region, self.edge)
        query = _raw_pairs(params)
        form = _raw_pairs(data) if data else None
        extra = _raw_headers(headers, auth)
        for _ in range(_MAX_REDIRECTS + 1):
            response = as_httpx(await send(method, url, params=query, data=form, headers=extra))
            hop = _next_hop(response, method, form) if allow_redirects else None
            if hop is None:
                return response
            method, url, form = hop
            query = []
        raise UnsafeURLError(f"more than {_MAX_REDIRECTS} redirects from {uri}")

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

    def _signer(self, client_validation: ClientValidation | None) -> RequestSigner | None:
        """Public Key Client Validation: the signer every attempt is sent through."""
        if client_validation is None:
            return None
        return client_validation.signer(self._account_sid, self.username)

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
        clone._context = self._derived_context(
            clone, lambda pipeline: pipeline.with_credentials(credentials)
        )
        return clone

    def _derived_context(
        self, clone: Any, derive: Callable[[AsyncPipeline], AsyncPipeline]
    ) -> ClientContext:
        """The context of a client derived from this one (`for_account`, `with_options`):
        its own pipeline, and on a Client the async pipeline derived likewise on first use."""
        raise NotImplementedError

    def with_options(
        self,
        *,
        timeout: float | httpx.Timeout | None | _Unset = _UNSET,
        max_retries: int | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Self:
        """This client with other options for the calls made through it, as in openai-python:
        `client.with_options(timeout=120).messages.create(...)`. It shares the connection pool
        and credentials (closing it leaves them open); `headers` are added to every request.
        """
        policy = self._pipeline._retry
        retry = None
        if max_retries is not None:
            retry = self._retry_policy(
                max_retries, policy.retry_after_max, policy.deadline, policy.on_retry
            )

        def adjust(pipeline: Any) -> Any:
            if not isinstance(timeout, _Unset):
                pipeline = pipeline.with_timeout(timeout)
            return pipeline.with_options(retry, headers)

        clone = object.__new__(type(self))
        for name in ("_account_sid", "username", "region", "edge"):
            setattr(clone, name, getattr(self, name))
        clone._domains = {}
        clone._pipeline = adjust(self._pipeline)
        clone._context = self._derived_context(clone, adjust)
        return clone

    def __repr__(self) -> str:
        where = f", region={self.region!r}" if self.region else ""
        where += f", edge={self.edge!r}" if self.edge else ""
        return f"<{type(self).__name__} account_sid={self._account_sid!r}{where}>"


class Client(_ClientBase, Domains, Closing, AsyncClosing):
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

    `client_validation=ClientValidation(credential_sid, private_key)` (from
    `twilio_sdk.http.validation_client`) signs every request, retries included, for Public Key
    Client Validation; create the client with an API key then.
    """

    __slots__ = (
        "_account_sid",
        "username",
        "region",
        "edge",
        "_context",
        "_domains",
        "_pipeline",
        "http_client",
    )
    _pipeline: SyncPipeline
    http_client: AsyncTwilioHttpClient | None  # the official async client given, if any

    def __init__(
        self,
        username: str | None = None,
        password: str | None = None,
        account_sid: str | None = None,
        region: str | None = None,
        edge: str | None = None,
        environment: Mapping[str, str] | None = None,
        *,
        http_client: httpx.Client | AsyncTwilioHttpClient | None = None,
        async_http_client: httpx.AsyncClient | None = None,
        timeout: float | httpx.Timeout | None = 60.0,
        max_retries: int = 2,
        max_retry_delay: float = 60.0,
        retry_deadline: float | None = 120.0,
        on_retry: Callable[[RetryEvent], None] | None = None,
        user_agent_extensions: Sequence[str] = (),
        credential_provider: CredentialProvider | None = None,
        max_connections: int | None = None,
        client_validation: ClientValidation | None = None,
        proxy: str | httpx.URL | httpx.Proxy | None = None,
        verify: VerifyTypes = True,
        cert: CertTypes | None = None,
    ) -> None:
        options = self._configure(locals())
        async_options = http_client if isinstance(http_client, AsyncTwilioHttpClient) else None
        self.http_client = async_options
        retry = self._retry_policy(max_retries, max_retry_delay, retry_deadline, on_retry)
        self._pipeline = SyncPipeline(
            **options,
            http_client=None if async_options is not None else cast(Any, http_client),
            timeout=timeout,
            retry=retry,
            proxy=proxy,
        )

        own_transport = http_client is not None and async_options is None  # an httpx.Client
        async_retry = retry
        if async_options is not None and async_options.max_retries is not None:
            async_retry = self._retry_policy(
                async_options.max_retries, max_retry_delay, retry_deadline, on_retry
            )

        def open_async() -> AsyncPipeline:
            # The official library's `*_async` methods on a Client: the same credentials and
            # policies on the AsyncClient's transport (or `async_http_client`), opened on the
            # first such call. A Client sending through the caller's own httpx.Client (a mock,
            # a proxy) never sends elsewhere on its own.
            if own_transport and async_http_client is None:
                raise InvalidArgumentError(
                    "this Client sends through the http_client you gave it; for the *_async "
                    "methods pass async_http_client=httpx.AsyncClient(...) as well"
                )
            pipeline = AsyncPipeline(
                **options,
                http_client=async_http_client,
                timeout=(async_options and async_options.timeout) or timeout,
                retry=async_retry,
                proxy=(async_options and async_options.proxy_url) or proxy,
            )
            if async_options is not None:
                async_options._opened.append(pipeline)
            return pipeline

        self._context = ClientContext(
            _Hosts(self.region, self.edge), self, self._pipeline, open_async
        )

    def _derived_context(
        self, clone: Any, derive: Callable[[AsyncPipeline], AsyncPipeline]
    ) -> ClientContext:
        clone.http_client = self.http_client  # the official async client it was given
        parent = self._context

        def open_async() -> AsyncPipeline:  # the parent's connections, derived
            return derive(parent.async_pipeline)

        return ClientContext(parent.hosts, clone, clone._pipeline, open_async)

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
        params: RawParams | None = None,
        data: RawParams | None = None,
        headers: Mapping[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float | None = None,
        allow_redirects: bool = False,
    ) -> httpx.Response:
        """Send a raw request, e.g. to an endpoint the SDK does not cover yet (the official
        library's signature).

        It goes through the client's pipeline: its credentials (``auth=(user, password)``
        replaces them for this call), region and edge, retries, Public Key Client
        Validation, and errors: a status >= 400 raises a :class:`~twilio_sdk.TwilioRestException`
        subclass (the official library returns it). ``params`` / ``data`` are a mapping (a list
        value repeats the key, ``None`` values are dropped) or (key, value) pairs; ``data`` is
        sent form-encoded. ``timeout`` (seconds) applies to this call only. Redirects are
        returned as they are unless ``allow_redirects``; then those on the same host are
        followed (at most 10), and one to another host raises
        :class:`~twilio_sdk.UnsafeURLError`.

        Returns the ``httpx.Response``: ``status_code``, ``text``, ``headers``, ``json()``.
        """
        pipeline = self._pipeline if timeout is None else self._pipeline.with_timeout(timeout)
        send = ready(pipeline.request)
        return run_sync(
            self._raw_request(send, method, uri, params, data, headers, auth, allow_redirects)
        )

    def close(self) -> None:
        """Close the connection pool this client opened (never a user-supplied one).

        After `*_async` calls, close with `await client.aclose()` or `async with` instead:
        the async connections belong to the event loop.
        """
        self._pipeline.close()

    async def aclose(self) -> None:
        """Close this client's connection pools, the async one of `*_async` calls included."""
        self._pipeline.close()
        opened = self._context.opened_async_pipeline
        if opened is not None:
            await opened.aclose()


class AsyncClient(_ClientBase, AsyncDomains, AsyncClosing):
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
        client_validation: ClientValidation | None = None,
        proxy: str | httpx.URL | httpx.Proxy | None = None,
        verify: VerifyTypes = True,
        cert: CertTypes | None = None,
    ) -> None:
        options = self._configure(locals())
        self._pipeline = AsyncPipeline(
            **options,
            http_client=http_client,
            timeout=timeout,
            retry=self._retry_policy(max_retries, max_retry_delay, retry_deadline, on_retry),
            proxy=proxy,
        )
        self._context = ClientContext(
            _Hosts(self.region, self.edge), self, None, self._own_pipeline
        )

    def _derived_context(
        self, clone: Any, derive: Callable[[AsyncPipeline], AsyncPipeline]
    ) -> ClientContext:
        return ClientContext(self._context.hosts, clone, None, clone._own_pipeline)

    def _own_pipeline(self) -> AsyncPipeline:  # the context's `open_async`: nothing to open
        return self._pipeline

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

    async def request(
        self,
        method: str,
        uri: str,
        params: RawParams | None = None,
        data: RawParams | None = None,
        headers: Mapping[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float | None = None,
        allow_redirects: bool = False,
    ) -> httpx.Response:
        """Send a raw request; the awaitable twin of :meth:`Client.request`."""
        pipeline = self._pipeline if timeout is None else self._pipeline.with_timeout(timeout)
        return await self._raw_request(
            pipeline.request, method, uri, params, data, headers, auth, allow_redirects
        )

    async def aclose(self) -> None:
        """Close the connection pool this client opened (never a user-supplied one)."""
        await self._pipeline.aclose()
