"""The connection pools a pipeline opens for itself: httpcore's (sync, see
:mod:`twilio_sdk._httpcore`; httpx's transport behind a proxy), aiohttp's (async), proxies from
the arguments or the environment, TLS settings, pool limits.

httpx and aiohttp are imported where a pool needs them, not here: the default sync client
never imports either."""

from __future__ import annotations

import os
import ssl
import sys
from typing import TYPE_CHECKING, Final

from ._errors import (
    ArgumentTypeError,
    InvalidArgumentError,
)
from ._httpcore import HttpcorePool, limits
from ._tls import CertTypes, VerifyTypes, client_context, default_ssl_context

if TYPE_CHECKING:
    import httpx

    ProxyTypes = str | httpx.URL | httpx.Proxy

__all__ = [
    "DEFAULT_MAX_CONNECTIONS",
    "check_max_connections",
    "limits",
    "new_async_transport",
    "new_transport",
    "tls_for",
    "uses_proxy",
]


def uses_proxy() -> bool:
    # httpx.Client mounts proxy transports from the same source (urllib's getproxies); when
    # one applies, the pipeline uses a full client rather than a bare transport. On Linux that
    # source is the environment alone, which spares importing urllib.request (~40 ms) at start.
    names = ("http_proxy", "https_proxy", "all_proxy")
    if sys.platform not in ("darwin", "win32"):
        return any(value and key.lower() in names for key, value in os.environ.items())
    import urllib.request

    proxies = urllib.request.getproxies()
    return any(proxies.get(scheme) for scheme in ("http", "https", "all"))


#: Connections a pool keeps open at most, unless told otherwise (httpx's default too).
DEFAULT_MAX_CONNECTIONS: Final = 100


def new_transport(
    max_connections: int = DEFAULT_MAX_CONNECTIONS,
    proxy: ProxyTypes | None = None,
    tls: ssl.SSLContext | None = None,
) -> HttpcorePool | httpx.BaseTransport:
    """Create the connection pool an owning SyncPipeline sends through (patched in tests):
    httpcore's, or httpx's transport through ``proxy``."""
    if proxy is None:
        return HttpcorePool(max_connections, tls or default_ssl_context())
    import httpx

    return httpx.HTTPTransport(
        verify=tls or default_ssl_context(), limits=limits(max_connections), proxy=proxy
    )


def new_async_transport(
    max_connections: int = DEFAULT_MAX_CONNECTIONS,
    proxy: ProxyTypes | None = None,
    tls: ssl.SSLContext | None = None,
) -> httpx.AsyncBaseTransport:
    """Create the connection pool an owning AsyncPipeline sends through (patched in tests):
    aiohttp's, also behind a proxy (``proxy``, else the environment's)."""
    from ._aiohttp import AiohttpTransport

    return AiohttpTransport(
        max_connections=max_connections,
        verify=True if tls is None else tls,
        proxy=proxy,
        trust_env=proxy is None,
    )


def tls_for(
    http_client: object, proxy: ProxyTypes | None, verify: VerifyTypes, cert: CertTypes | None
) -> ssl.SSLContext | None:
    """The TLS context of an owned pool (None: the default), after checking that ``proxy``,
    ``verify`` and ``cert`` are not given with an ``http_client``, which has its own."""
    if http_client is not None:
        if proxy is not None or verify is not True or cert is not None:
            raise InvalidArgumentError(
                "proxy, verify and cert configure the connection pool the client opens itself; "
                "set them on the supplied http_client instead"
            )
        return None
    if verify is True and cert is None:
        return None
    return client_context(verify, cert)


def check_max_connections(value: int | None, http_client: object) -> int:
    if value is None:
        return DEFAULT_MAX_CONNECTIONS
    if http_client is not None:
        raise InvalidArgumentError(
            "max_connections applies to the connection pool the client opens itself; "
            "configure a supplied http_client's pool on that client (httpx.Limits)"
        )
    if not isinstance(value, int) or isinstance(value, bool):
        raise ArgumentTypeError(f"max_connections must be an int, got {type(value).__name__}")
    if value < 1:
        raise InvalidArgumentError(f"max_connections must be >= 1, got {value}")
    return value
