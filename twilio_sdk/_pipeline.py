"""The request pipeline: auth, retries, errors and logging around one request.

``SyncPipeline`` and ``AsyncPipeline`` share one constructor, one description of a call
without I/O (``_Call``) and one retry loop (``_PipelineBase._answer``, a coroutine the sync
pipeline steps with ``run_sync``); they differ only in how they send, close and sleep. Every
decision (what to retry, how long to wait, which exception to raise, what to log) lives in
``_Call`` or in
:mod:`twilio_sdk._retry`; what goes on the wire in :mod:`twilio_sdk._wire`; the connection
pools a pipeline opens in :mod:`twilio_sdk._transports`.

Hot path: when the pipeline creates its own connection pool it sends through a transport
directly rather than an ``httpx.Client``/``httpx.AsyncClient``. The client layer (auth flow,
redirect loop, cookie jar, header/URL/param merging) roughly doubles the CPU cost of a call and
none of it is needed here: auth is a precomputed header, redirects are not followed and
Twilio's API sets no cookies. The sync pipeline's transport is httpcore's pool, used directly
(:mod:`twilio_sdk._httpcore`: the default sync client never imports httpx, ~25 ms of a cold
start; httpx's transport behind a proxy); the async one's is
:class:`~twilio_sdk._aiohttp.AiohttpTransport` (aiohttp's pool; httpcore's asyncio pool measured
more than ten times the CPU per request). A user-supplied client is always used through its
public API so its transport, hooks and settings apply. httpx is imported where one of its
objects is needed (a supplied client, a proxy, a failure, headers read off a response).
"""

from __future__ import annotations

import datetime
import logging
import ssl
import time
from collections.abc import Awaitable, Callable, Coroutine, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, Literal, Self, TypedDict, Unpack, cast

from ._auth_resolution import Credentials
from ._closing import AsyncClosing, Closing
from ._coroutines import run_sync
from ._encoding import check_header_value
from ._errors import (
    ArgumentTypeError,
    ClientStateError,
    CredentialsError,
    InvalidArgumentError,
    TwilioConnectionError,
    TwilioTimeoutError,
    error_from_response,
    redact_url,
)
from ._httpcore import HttpcorePool, httpx_transport_replaced
from ._proxy import async_needs_httpx
from ._response import Response, transport_request
from ._retry import (
    RetryEvent,
    RetryPolicy,
    retry_delay_for_error,
    retry_delay_for_status,
)
from ._tls import CertTypes, VerifyTypes
from ._transports import (
    check_max_connections,
    limits,
    new_async_transport,  # module attributes here: tests replace them (the pools' seam)
    new_transport,
    tls_for,
    uses_proxy,
)
from ._wire import (
    NO_JSON,
    USER_AGENT,
    Headers,
    HeaderSets,
    RequestSigner,
    basic_authorization,
    prepare,
    signed,
)

if TYPE_CHECKING:
    import httpx

    from ._aiohttp import AiohttpTransport
    from ._transports import ProxyTypes
    from .credential import CredentialProvider, FormPairs

__all__ = [
    "NO_JSON",
    "AuthMode",
    "RequestOptions",
    "USER_AGENT",
    "AsyncPipeline",
    "RetryEvent",
    "RetryPolicy",
    "SyncPipeline",
]

_logger: Final = logging.getLogger("twilio_sdk")

#: How one request authenticates (the generator reads it from the operation's `security`):
#: "account" with the client's credentials (Basic, or the provider's bearer token when the
#: client has one), "oauth" only with a credential provider's bearer token, "none" not at all.
AuthMode = Literal["account", "oauth", "none"]


class RequestOptions(TypedDict, total=False):
    """The keywords of :meth:`SyncPipeline.request` and :meth:`AsyncPipeline.request`.

    ``params`` are query pairs, ``data`` form pairs (both may repeat keys), ``json`` a JSON
    body (none by default: ``None`` would send JSON ``null``), ``headers`` extra headers,
    ``auth`` how the request authenticates (:data:`AuthMode`, default ``"account"``).
    """

    params: Sequence[tuple[str, str]] | None
    data: Sequence[tuple[str, str]] | None
    json: object
    headers: Mapping[str, str] | None
    auth: AuthMode


_OAUTH_REQUIRED: Final = (
    "this operation authenticates with an OAuth access token only (e.g. the Organizations "
    "API): create the client with credential_provider=OrgsCredentialProvider(client_id, "
    "client_secret) from twilio_sdk.credential"
)


def _log_attempt(method: str, url: str, status: int, elapsed: float) -> None:
    # Query values (a phone number in a followed page's URL) are never logged: only names.
    _logger.debug("%s %s -> %d (%.1f ms)", method, redact_url(url), status, elapsed * 1000.0)


def _before_retry(policy: RetryPolicy, event: RetryEvent) -> None:
    """Log the retry at INFO and call the user's hook, before the pipeline sleeps."""
    if _logger.isEnabledFor(logging.INFO):
        reason = f"HTTP {event.status}" if event.error is None else type(event.error).__name__
        _logger.info(
            "Retrying %s %s in %.2fs after %s (retry %d of %d)",
            event.method,
            redact_url(event.url),
            event.delay,
            reason,
            event.attempt,
            policy.max_retries,
        )
    if policy.on_retry is not None:
        policy.on_retry(event)


def _transport_error() -> type[httpx.TransportError]:
    """``httpx.TransportError``, which every transport raises (httpcore's pool through
    httpx's mapping): imported when a send fails, never on the success path."""
    import httpx

    return httpx.TransportError


def _transport_failure(
    method: str, url: str, error: httpx.TransportError, retries_done: int
) -> TwilioConnectionError:
    """Wrap a final transport error; the caller chains it with ``raise ... from error``."""
    import httpx  # imported by the failure already

    attempts = retries_done + 1
    detail = str(error) or "no details"
    message = (
        f"{method} {redact_url(url)} failed after {attempts} attempt{'s' if attempts > 1 else ''}: "
        f"{type(error).__name__}: {detail}"
    )
    if _logger.isEnabledFor(logging.DEBUG):
        _logger.debug("%s", message)
    cls = TwilioTimeoutError if isinstance(error, httpx.TimeoutException) else TwilioConnectionError
    return cls(message, method, url)


class _Call:
    """One call without I/O: the prepared request, the headers each attempt sends and, after
    each outcome, whether to retry and after how long. `_PipelineBase._answer` drives it with
    the pipeline's own I/O."""

    __slots__ = (
        "policy",
        "method",
        "url",
        "full_url",
        "content",
        "headers",
        "signer",
        "retries",
        "began",
        "debug",
        "start",
    )

    def __init__(
        self,
        policy: RetryPolicy,
        method: str,
        url: str,
        prepared: tuple[str, bytes | None, Headers],
        signer: RequestSigner | None,
    ) -> None:
        self.policy, self.method, self.url, self.signer = policy, method, url, signer
        self.full_url, self.content, self.headers = prepared
        self.retries = 0
        self.began = time.monotonic()
        self.debug = _logger.isEnabledFor(logging.DEBUG)
        self.start = 0.0

    def attempt(self) -> Headers:
        """The headers of the next attempt, each signed afresh (retries too)."""
        if self.debug:
            self.start = time.perf_counter()
        if self.signer is None:
            return self.headers
        return signed(self.signer, self.method, self.full_url, self.headers, self.content)

    def after_error(self, error: httpx.TransportError) -> float:
        """The pause before the next attempt, or the final error raised."""
        elapsed = time.monotonic() - self.began
        delay = retry_delay_for_error(self.policy, self.method, error, self.retries, elapsed)
        if delay is None:
            raise _transport_failure(self.method, self.url, error, self.retries) from error
        return self._retrying(delay, None, error)

    def after_response(self, response: Response) -> float | None:
        """None: the response is the answer; else the pause before the next attempt (the
        caller closes the response). A final error response is raised as its exception."""
        status = response.status_code
        if self.debug:
            _log_attempt(self.method, self.full_url, status, time.perf_counter() - self.start)
        if status < 400:
            return None
        elapsed = time.monotonic() - self.began
        delay = retry_delay_for_status(
            self.policy, self.method, status, response.headers, self.retries, elapsed
        )
        if delay is None:
            raise error_from_response(response)
        return self._retrying(delay, status, None)

    def _retrying(self, delay: float, status: int | None, error: Exception | None) -> float:
        self.retries += 1
        event = RetryEvent(self.retries, self.method, self.url, status, error, delay)
        _before_retry(self.policy, event)
        return delay


def _select_auth(
    headers: HeaderSets,
    bare: HeaderSets,
    provider: CredentialProvider | None,
    auth: AuthMode,
) -> tuple[HeaderSets, CredentialProvider | None]:
    """The header set for a request, and the provider whose bearer token it must carry."""
    if auth == "none":
        return bare, None
    if provider is not None:
        return bare, provider
    if auth == "oauth":  # before any network call: Basic auth would only earn a 401
        raise CredentialsError(_OAUTH_REQUIRED)
    return headers, None


def _with_bearer(headers: Mapping[str, str] | None, token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", **(headers or {})}  # a header parameter wins


def _describe(credentials: Credentials | None, provider: CredentialProvider | None) -> str:
    if provider is not None:
        return f"credential_provider={provider!r}"
    return f"account_sid={credentials.account_sid!r}" if credentials else "no credentials"


def _timeout_extension(timeout: float | httpx.Timeout | None) -> dict[str, float | None]:
    """httpx's timeout extension (which httpcore reads): ``httpx.Timeout(timeout).as_dict()``."""
    if timeout is None or isinstance(timeout, (int, float)):
        return {"connect": timeout, "read": timeout, "write": timeout, "pool": timeout}
    import httpx  # an httpx.Timeout (or a tuple httpx.Timeout takes): httpx reads it

    return httpx.Timeout(timeout).as_dict()


class _ClientDefault:
    """A supplied client's own timeout (``httpx.USE_CLIENT_DEFAULT``, without importing httpx
    until that client sends)."""

    __slots__ = ()


_CLIENT_DEFAULT: Final = _ClientDefault()


def _client_timeout(
    timeout: float | httpx.Timeout | None | _ClientDefault,
) -> float | httpx.Timeout | None | httpx._client.UseClientDefault:
    """The ``timeout=`` a supplied client's request takes (its own timeout by default)."""
    if isinstance(timeout, _ClientDefault):
        import httpx

        return httpx.USE_CLIENT_DEFAULT
    return timeout


class _PipelineBase:
    """State and credential handling shared by SyncPipeline and AsyncPipeline."""

    __slots__ = (
        "_bare_headers",
        "_client",
        "_client_timeout",
        "_closed",
        "_credentials",
        "_headers",
        "_owns_client",
        "_provider",
        "_aiohttp",
        "_retry",
        "_signer",
        "_sleep",
        "_timeout",
        "_transport",
    )
    _credentials: Credentials | None
    _provider: CredentialProvider | None
    _retry: RetryPolicy
    _headers: HeaderSets
    _bare_headers: HeaderSets
    _owns_client: bool
    _client: httpx.Client | httpx.AsyncClient | None
    _transport: HttpcorePool | httpx.BaseTransport | httpx.AsyncBaseTransport | None
    _aiohttp: AiohttpTransport | None  # the owned transport when it is aiohttp's (fast path)
    _signer: RequestSigner | None  # Public Key Client Validation, when the client has it
    _timeout: dict[str, float | None]  # httpx's timeout extension, for owned transports
    _client_timeout: float | httpx.Timeout | None | _ClientDefault  # a supplied client's

    def __init__(
        self,
        credentials: Credentials | None,
        *,
        credential_provider: CredentialProvider | None = None,
        http_client: httpx.Client | httpx.AsyncClient | None = None,
        timeout: float | httpx.Timeout | None = 60.0,
        retry: RetryPolicy = RetryPolicy(),  # noqa: B008 - frozen, safe to share
        user_agent_extensions: Sequence[str] = (),
        sleep: Callable[[float], Any] | None = None,
        max_connections: int | None = None,
        request_signer: RequestSigner | None = None,
        proxy: ProxyTypes | None = None,
        verify: VerifyTypes = True,
        cert: CertTypes | None = None,
    ) -> None:
        """``http_client``: an httpx client of the pipeline's kind to send through (never
        closed here); else the pipeline opens its own pool of ``max_connections`` (100),
        through ``proxy`` or the environment's, with ``verify`` / ``cert``. ``sleep`` is
        injectable for tests."""
        if http_client is not None and not isinstance(http_client, self._http_client_type()):
            raise ArgumentTypeError(
                f"http_client must be an httpx.{self._http_client_type().__name__}, "
                f"not {type(http_client).__name__}"
            )
        pool_size = check_max_connections(max_connections, http_client)
        tls = tls_for(http_client, proxy, verify, cert)
        self._credentials = credentials
        self._provider = credential_provider
        self._retry = retry
        self._signer = request_signer
        self._sleep = sleep if sleep is not None else self._default_sleep()
        self._timeout = _timeout_extension(timeout)
        # State: a supplied client's own timeout until `with_timeout`; the aiohttp fast path
        # once an AsyncPipeline opens it; open.
        self._client_timeout = _CLIENT_DEFAULT
        self._aiohttp = None
        self._closed = False
        if http_client is not None:
            self._client, self._transport, self._owns_client = http_client, None, False
        else:
            self._client, self._transport = self._open(pool_size, timeout, proxy, tls)
            self._owns_client = True
        self._build_headers(user_agent_extensions)

    # Each pipeline's I/O for `_answer`: send one attempt, close a response that will be
    # retried, pause before the next attempt.
    _attempt: Callable[[_Call], Coroutine[Any, Any, Response]]
    _discard: Callable[[Response], Coroutine[Any, Any, None]]
    _pause: Callable[[float], Coroutine[Any, Any, None]]

    @staticmethod
    def _http_client_type() -> type[httpx.Client] | type[httpx.AsyncClient]:
        """The httpx client class a pipeline of this kind sends through (imports httpx)."""
        raise NotImplementedError

    async def _answer(self, call: _Call) -> Response:
        """The retry loop of both pipelines, written once: attempts until a response is the
        answer (or `call` raises the final error). An `AsyncPipeline` awaits it; a
        `SyncPipeline`'s I/O never suspends, so `run_sync` steps it in the calling thread."""
        delay: float | None
        while True:
            try:
                response = await self._attempt(call)
            except _transport_error() as exc:
                delay = call.after_error(exc)
            else:
                delay = call.after_response(response)
                if delay is None:
                    return response
                await self._discard(response)
            await self._pause(delay)

    @staticmethod
    def _default_sleep() -> Callable[[float], Any]:
        raise NotImplementedError

    def _own_transport(
        self, pool_size: int, proxy: ProxyTypes | None, tls: ssl.SSLContext | None
    ) -> Any:
        """The pipeline's own transport, or None where an httpx client must route instead."""
        raise NotImplementedError

    def _open(
        self,
        pool_size: int,
        timeout: float | httpx.Timeout | None,
        proxy: ProxyTypes | None,
        tls: ssl.SSLContext | None,
    ) -> tuple[Any, Any]:
        """The pipeline's own (client, transport), one of them None."""
        transport = self._own_transport(pool_size, proxy, tls)
        if transport is not None:
            return None, transport
        pool = limits(pool_size)
        verify = tls or True
        try:
            client = self._http_client_type()(
                timeout=timeout, limits=pool, proxy=proxy, verify=verify
            )
        except ImportError as exc:  # a SOCKS proxy without httpx's socks extra (socksio)
            raise InvalidArgumentError(
                "a SOCKS proxy needs the socksio package: pip install 'httpx[socks]'"
            ) from exc
        return client, None

    def _build_headers(self, user_agent_extensions: Sequence[str]) -> None:
        """Precompute the header sets, once the credentials and the transport are set."""
        authorization = basic_authorization(self._credentials, self._provider)
        self._headers = HeaderSets.build(
            authorization, user_agent_extensions, accept_encoding=self._transport is not None
        )
        self._bare_headers = (
            self._headers if authorization is None else self._headers.with_authorization(None)
        )

    def _shared(self) -> Self:
        """A copy sharing this pipeline's connections, which it never closes; the `with_*`
        methods then change what differs."""
        clone = object.__new__(type(self))
        for name in _PipelineBase.__slots__:
            setattr(clone, name, getattr(self, name))
        clone._owns_client = False
        return clone

    def with_credentials(self, credentials: Credentials | None) -> Self:
        """A pipeline sharing this one's connections and policy, authenticating as
        ``credentials`` (a credential provider, if any, is kept and still wins)."""
        clone = self._shared()
        clone._credentials = credentials
        authorization = basic_authorization(credentials, self._provider)
        if authorization is not None:
            clone._headers = self._headers.with_authorization(authorization)
        return clone

    def with_timeout(self, timeout: float | httpx.Timeout | None) -> Self:
        """A pipeline sharing this one's connections, credentials and policy whose requests
        time out after ``timeout`` (on a supplied ``http_client`` too)."""
        clone = self._shared()
        clone._timeout = _timeout_extension(timeout)
        clone._client_timeout = timeout  # what httpx.Client.request(timeout=...) takes
        return clone

    def with_options(
        self, retry: RetryPolicy | None = None, headers: Mapping[str, str] | None = None
    ) -> Self:
        """A pipeline sharing this one's connections and credentials with another retry
        policy and/or extra headers on every request."""
        clone = self._shared()
        if retry is not None:
            clone._retry = retry
        if headers:
            for name, value in headers.items():
                if name.lower() == "authorization":
                    raise InvalidArgumentError("headers: set credentials, not Authorization")
                if not isinstance(value, str):
                    raise ArgumentTypeError(f"headers[{name!r}]: expected a string")
                try:
                    check_header_value(value)
                except InvalidArgumentError as exc:
                    raise InvalidArgumentError(f"headers[{name!r}]: {exc}") from None
            clone._headers = self._headers.with_extra(headers)
            clone._bare_headers = self._bare_headers.with_extra(headers)
        return clone

    def _begin(self, auth: AuthMode) -> tuple[HeaderSets, CredentialProvider | None]:
        """A request's header set, and the provider whose bearer token it must carry (the
        pipeline fetches it, blocking or awaiting)."""
        if self._closed:
            raise ClientStateError("the pipeline has been closed")
        return _select_auth(self._headers, self._bare_headers, self._provider, auth)

    def _call(
        self,
        method: str,
        url: str,
        options: RequestOptions,
        header_sets: HeaderSets,
        token: str | None,
    ) -> _Call:
        method = method.upper()
        headers = options.get("headers")
        if token is not None:
            headers = _with_bearer(headers, token)
        prepared = prepare(
            header_sets,
            method,
            url,
            options.get("params"),
            options.get("data"),
            options.get("json", NO_JSON),
            headers,
        )
        return _Call(self._retry, method, url, prepared, self._signer)

    def _transport_request(
        self, method: str, url: str, content: bytes | None, headers: Headers
    ) -> httpx.Request:
        """The request an owned httpx transport sends (what httpx.Client would build)."""
        return transport_request(method, url, content, headers, self._timeout)

    @property
    def credentials(self) -> Credentials | None:
        """The Basic credentials (None when only a credential provider authenticates)."""
        return self._credentials

    @property
    def credential_provider(self) -> CredentialProvider | None:
        """The OAuth credential provider, if any; its token wins over Basic credentials."""
        return self._provider


class SyncPipeline(_PipelineBase, Closing):
    """Sends requests to Twilio with auth, retries and error mapping (blocking I/O).

    ``http_client``: an ``httpx.Client`` to send through; it is never closed by the pipeline
    and keeps its own timeout and pool. Without one the pipeline opens (and on :meth:`close`
    closes) its own connection pool of at most ``max_connections`` connections (default 100),
    using ``timeout``. ``sleep`` is injectable for tests.
    """

    __slots__ = ()
    _client: httpx.Client | None
    _transport: HttpcorePool | httpx.BaseTransport | None
    _sleep: Callable[[float], None]

    @staticmethod
    def _http_client_type() -> type[httpx.Client]:
        import httpx

        return httpx.Client

    @staticmethod
    def _default_sleep() -> Callable[[float], None]:
        return time.sleep

    def _own_transport(
        self, pool_size: int, proxy: ProxyTypes | None, tls: ssl.SSLContext | None
    ) -> HttpcorePool | httpx.BaseTransport | None:
        if proxy is None and uses_proxy():  # httpx.Client routes by the environment
            return None
        return new_transport(pool_size, proxy, tls)

    def request(self, method: str, url: str, **options: Unpack[RequestOptions]) -> Response:
        """Send a request, retrying per the policy; return the 2xx/3xx response.

        The keywords are :class:`RequestOptions`. Raises a
        :class:`~twilio_sdk.TwilioRestException` subclass for status >= 400 and
        :class:`~twilio_sdk.TwilioConnectionError` (or ``TwilioTimeoutError``) when the request
        could not be completed.
        """
        header_sets, provider = self._begin(options.get("auth", "account"))
        token = provider.token(self._fetch_token) if provider is not None else None
        return run_sync(self._answer(self._call(method, url, options, header_sets, token)))

    # The retry loop's I/O (see `_PipelineBase._answer`): plain calls that never suspend.
    async def _attempt(self, call: _Call) -> Response:
        return self._send(call, call.attempt())

    async def _discard(self, response: Response) -> None:
        response.close()

    async def _pause(self, delay: float) -> None:
        self._sleep(delay)

    def _fetch_token(self, url: str, form: FormPairs) -> Any:
        return self.request("POST", url, data=form, auth="none").json()

    def _send(self, call: _Call, headers: Headers) -> Response:
        transport = self._transport
        if isinstance(transport, HttpcorePool):
            if not httpx_transport_replaced():  # the default: no httpx on the way
                return transport.send(
                    call.method, call.full_url, call.content, headers, self._timeout
                )
            transport = transport.httpx_transport()  # where a recorder or mock expects it
        if transport is None:
            assert self._client is not None
            return self._client.request(
                call.method,
                call.full_url,
                content=call.content,
                headers=headers,
                timeout=_client_timeout(self._client_timeout),
            )
        request = self._transport_request(call.method, call.full_url, call.content, headers)
        start = time.perf_counter()
        response = transport.handle_request(request)
        try:
            response.read()
        except BaseException:
            response.close()
            raise
        # What httpx.Client would have filled in; error_from_response needs .request.
        response.request = request
        response.elapsed = datetime.timedelta(seconds=time.perf_counter() - start)
        return response

    def close(self) -> None:
        """Close the connection pool if the pipeline created it (a supplied client stays open)."""
        if self._closed:
            return
        self._closed = True
        if self._owns_client:
            if self._transport is not None:
                self._transport.close()
            if self._client is not None:
                self._client.close()

    def __repr__(self) -> str:
        owner = "owned" if self._owns_client else "supplied"
        who = _describe(self._credentials, self._provider)
        return f"<SyncPipeline {who} http_client={owner}>"


class AsyncPipeline(_PipelineBase, AsyncClosing):
    """The asyncio twin of :class:`SyncPipeline` (``httpx.AsyncClient``, ``await request``).

    Its own connection pool is an :class:`~twilio_sdk._aiohttp.AiohttpTransport`, opened on
    the first request and closed by :meth:`aclose`.
    """

    __slots__ = ()
    _client: httpx.AsyncClient | None
    _transport: httpx.AsyncBaseTransport | None
    _sleep: Callable[[float], Awaitable[None]]

    @staticmethod
    def _http_client_type() -> type[httpx.AsyncClient]:
        import httpx

        return httpx.AsyncClient

    @staticmethod
    def _default_sleep() -> Callable[[float], Awaitable[None]]:
        import asyncio  # imported by async clients only (~10 ms at start)

        return asyncio.sleep

    def _own_transport(
        self, pool_size: int, proxy: ProxyTypes | None, tls: ssl.SSLContext | None
    ) -> httpx.AsyncBaseTransport | None:
        from ._aiohttp import AiohttpTransport  # imports httpx: its types are the async path's

        if async_needs_httpx(proxy):  # a SOCKS proxy, which aiohttp cannot use: httpx's pool
            return None  # (with socksio), much slower
        # aiohttp's pool, which also sends through http(s) proxies (_proxy.py)
        transport = new_async_transport(pool_size, proxy, tls)
        self._aiohttp = transport if isinstance(transport, AiohttpTransport) else None
        return transport

    async def request(self, method: str, url: str, **options: Unpack[RequestOptions]) -> Response:
        """Send a request, retrying per the policy; see :meth:`SyncPipeline.request`."""
        header_sets, provider = self._begin(options.get("auth", "account"))
        token = await provider.atoken(self._fetch_token) if provider is not None else None
        return await self._answer(self._call(method, url, options, header_sets, token))

    async def _attempt(self, call: _Call) -> Response:
        return await self._send(call, call.attempt())

    async def _discard(self, response: Response) -> None:
        await cast("httpx.Response", response).aclose()  # async transports answer httpx's

    async def _pause(self, delay: float) -> None:
        await self._sleep(delay)

    async def _fetch_token(self, url: str, form: FormPairs) -> Any:
        return (await self.request("POST", url, data=form, auth="none")).json()

    async def _send(self, call: _Call, headers: Headers) -> httpx.Response:
        method, url, content = call.method, call.full_url, call.content
        transport = self._transport
        if transport is None:
            assert self._client is not None
            return await self._client.request(
                method,
                url,
                content=content,
                headers=headers,
                timeout=_client_timeout(self._client_timeout),
            )
        start = time.perf_counter()
        fast = self._aiohttp
        if fast is not None:
            # Read whole; the response's httpx.Request is built only if someone asks for it.
            response = await fast.send(method, url, content, headers, self._timeout)
        else:
            request = self._transport_request(method, url, content, headers)
            response = await transport.handle_async_request(request)
            try:
                await response.aread()
            except BaseException:
                await response.aclose()
                raise
            response.request = request
        response.elapsed = datetime.timedelta(seconds=time.perf_counter() - start)
        return response

    async def aclose(self) -> None:
        """Close the connection pool if the pipeline created it (a supplied client stays open)."""
        if self._closed:
            return
        self._closed = True
        if self._owns_client:
            if self._transport is not None:
                await self._transport.aclose()
            if self._client is not None:
                await self._client.aclose()

    def __repr__(self) -> str:
        owner = "owned" if self._owns_client else "supplied"
        who = _describe(self._credentials, self._provider)
        return f"<AsyncPipeline {who} http_client={owner}>"
