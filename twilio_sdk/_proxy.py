"""Which proxy a request goes through, for the aiohttp transport of `AsyncClient`.

The routing is httpx's, so that ``AsyncClient`` sends where an ``httpx.AsyncClient`` would:

- an explicit ``proxy=`` takes every request, and the environment is not read;
- otherwise ``HTTP_PROXY``, ``HTTPS_PROXY``, ``ALL_PROXY`` (and their lower-case spellings, as
  ``urllib.request.getproxies`` reads them) choose by scheme, and ``NO_PROXY`` exempts hosts:
  ``*`` every host, ``example.com`` that host and its subdomains, ``.example.com`` only the
  subdomains, an IP address or ``localhost`` that host, ``http://host`` a scheme and host.

httpx's own parsing (``httpx._utils.get_environment_proxies`` and ``URLPattern``) does the
matching; tests/http/test_proxy.py checks the answers against an ``httpx.AsyncClient``'s.

The choice is made once per scheme, host and port and kept (a client talks to a handful of
Twilio hosts). Credentials in a proxy URL (``http://user:pass@proxy:3128``) become a
``Proxy-Authorization`` header and are dropped from the URL, so they never appear in a repr,
an exception or a log line.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import TYPE_CHECKING, Final, NamedTuple

from ._errors import InvalidArgumentError

if TYPE_CHECKING:
    import httpx
    from httpx._utils import URLPattern

__all__ = ["SUPPORTED_SCHEMES", "ProxyRoute", "ProxyRoutes", "async_needs_httpx", "proxy_route"]

#: Proxy URL schemes aiohttp speaks (SOCKS needs httpx's transport and ``socksio``).
SUPPORTED_SCHEMES: Final = frozenset({"http", "https"})


class ProxyRoute(NamedTuple):
    """A proxy to send through: its URL without credentials, and the ``Proxy-Authorization``
    header its credentials make (None without credentials)."""

    url: str
    authorization: str | None

    def __repr__(self) -> str:
        hidden = "<hidden>" if self.authorization else None
        return f"ProxyRoute(url={self.url!r}, authorization={hidden})"


def proxy_route(proxy: str | httpx.URL | httpx.Proxy) -> ProxyRoute:
    """The route for a proxy URL (``http://[user:password@]host:port``), as httpx reads it."""
    import httpx  # only where a proxy is set: the sync pipeline imports this module at start

    if isinstance(proxy, httpx.Proxy):
        url, auth = proxy.url, proxy.auth
        headers: Mapping[str, str] = proxy.headers
    else:
        url = httpx.URL(proxy) if isinstance(proxy, str) else proxy
        # httpx.URL decodes them; httpx.Proxy takes them the same way
        auth = (url.username, url.password) if url.username or url.password else None
        headers = {}
    if url.scheme not in SUPPORTED_SCHEMES and url.scheme not in ("socks5", "socks5h"):
        raise InvalidArgumentError(f"Unknown scheme for proxy URL {url.copy_with(username=None)!r}")
    authorization = headers.get("Proxy-Authorization")
    if auth is not None and authorization is None:
        token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode("ascii")
        authorization = f"Basic {token}"
    bare = url.copy_with(username=None, password=None)
    return ProxyRoute(str(bare), authorization)


class ProxyRoutes:
    """The proxy (or None) for each request URL: an explicit proxy, or the environment's."""

    def __init__(self, proxy: str | httpx.URL | httpx.Proxy | None, trust_env: bool) -> None:
        # imported here: httpx._utils imports urllib.request (~30 ms), which a program that
        # never makes an AsyncClient need not pay for (aiohttp imports it anyway)
        from httpx._utils import URLPattern, get_environment_proxies

        self._patterns: list[tuple[URLPattern, ProxyRoute | None]] = []
        if proxy is not None:
            self._patterns.append((URLPattern("all://"), proxy_route(proxy)))
        elif trust_env:
            # most specific pattern first, as httpx orders its mounts
            self._patterns = sorted(
                (
                    (URLPattern(key), None if url is None else proxy_route(url))
                    for key, url in get_environment_proxies().items()
                ),
                key=lambda item: item[0],
            )
        self._chosen: dict[str, ProxyRoute | None] = {}

    @property
    def enabled(self) -> bool:
        """Whether any request may go through a proxy."""
        return any(route is not None for _, route in self._patterns)

    @property
    def schemes(self) -> frozenset[str]:
        """The URL schemes of the proxies."""
        import httpx

        return frozenset(httpx.URL(r.url).scheme for _, r in self._patterns if r is not None)

    def for_url(self, url: str) -> ProxyRoute | None:
        """The proxy for a request to ``url`` (an absolute http(s) URL), or None."""
        if not self._patterns:
            return None
        slash = url.find("/", url.find("//") + 2)
        origin = url if slash < 0 else url[:slash]  # scheme://host[:port]
        try:
            return self._chosen[origin]
        except KeyError:
            pass
        import httpx

        target = httpx.URL(origin)
        route = next((r for pattern, r in self._patterns if pattern.matches(target)), None)
        if len(self._chosen) < 256:
            self._chosen[origin] = route
        return route

    def __repr__(self) -> str:
        return f"ProxyRoutes({[r for _, r in self._patterns]!r})"


_ENV_NAMES: Final = frozenset({"http_proxy", "https_proxy", "all_proxy"})


def async_needs_httpx(proxy: str | httpx.URL | httpx.Proxy | None) -> bool:
    """Whether `AsyncClient` must send through an ``httpx.AsyncClient`` (httpcore) rather
    than aiohttp for this proxy setting: only for a SOCKS proxy, given or in the environment."""
    if proxy is not None:
        import httpx

        return httpx.URL(proxy_route(proxy).url).scheme not in SUPPORTED_SCHEMES
    import os
    import sys

    if sys.platform not in ("darwin", "win32") and not any(
        value and key.lower() in _ENV_NAMES for key, value in os.environ.items()
    ):
        return False  # no proxy in the environment (spares urllib.request's import)
    return bool(ProxyRoutes(None, trust_env=True).schemes - SUPPORTED_SCHEMES)
