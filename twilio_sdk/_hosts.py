"""Region/edge host rewriting, identical to the official library's ``get_hostname``."""

from __future__ import annotations

import functools
from urllib.parse import urlparse, urlunparse

__all__ = ["rewrite_host"]


def _rewrite_host(base_url: str, region: str | None, edge: str | None) -> str:
    """Return ``base_url`` with its host routed through ``edge`` / ``region``.

    ``https://api.twilio.com`` becomes ``https://api.{edge}.{region}.twilio.com``; a region
    without an edge gives ``api.{region}.twilio.com``, an edge without a region uses ``us1``,
    and a host that already names an edge/region keeps whatever is not overridden. With
    neither ``region`` nor ``edge`` the URL is returned unchanged. Cached: called per request.
    """
    if not edge and not region:
        return base_url

    parsed = urlparse(base_url)
    pieces = parsed.netloc.split(".")
    prefix = pieces[0]
    suffix = ".".join(pieces[-2:])
    host_region: str | None = None
    host_edge: str | None = None
    if len(pieces) == 4:  # product.region.twilio.com
        host_region = pieces[1]
    elif len(pieces) == 5:  # product.edge.region.twilio.com
        host_edge = pieces[1]
        host_region = pieces[2]

    new_edge = edge or host_edge
    new_region = region or host_region or (new_edge and "us1")
    netloc = ".".join(part for part in (prefix, new_edge, new_region, suffix) if part)
    return urlunparse(parsed._replace(netloc=netloc))


# Wrapped rather than decorated: mutation testing (`nox -s mutate`) skips decorated functions.
rewrite_host = functools.lru_cache(maxsize=1024)(_rewrite_host)
