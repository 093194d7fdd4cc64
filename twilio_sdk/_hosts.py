"""Region and edge: resolved from the arguments or the environment, and applied to each host
(rewriting identical to the official library's ``get_hostname``)."""

from __future__ import annotations

import functools
import os
import string
from collections.abc import Mapping
from typing import Final
from urllib.parse import urlparse, urlunparse

from ._errors import ArgumentTypeError, InvalidArgumentError

__all__ = ["resolve_region_edge", "rewrite_host"]


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


def resolve_region_edge(
    region: str | None,
    edge: str | None,
    environ: Mapping[str, str] | None = None,
) -> tuple[str | None, str | None]:
    """Return ``(region, edge)`` from the arguments or ``TWILIO_REGION`` / ``TWILIO_EDGE``.

    Empty strings count as unset. Each must be a DNS label (``au1``, ``sydney``): it becomes
    part of the host every request, with its credentials, goes to.
    """
    env: Mapping[str, str] = os.environ if environ is None else environ
    return (
        _dns_label("region", region) or _dns_label("TWILIO_REGION", env.get("TWILIO_REGION")),
        _dns_label("edge", edge) or _dns_label("TWILIO_EDGE", env.get("TWILIO_EDGE")),
    )


# A DNS label: 1 to 63 ASCII letters, digits and hyphens, no hyphen at either end. (Checked
# without a regex: compiling `[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?` costs 0.6 ms at import.)
_LABEL_CHARACTERS: Final = frozenset(string.ascii_letters + string.digits + "-")


def _is_dns_label(value: str) -> bool:
    return (
        len(value) <= 63
        and value[0] != "-"
        and value[-1] != "-"
        and _LABEL_CHARACTERS.issuperset(value)
    )


def _dns_label(name: str, value: object) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ArgumentTypeError(f"{name} must be a string, got {type(value).__name__}")
    if not _is_dns_label(value):
        raise InvalidArgumentError(
            f"{name} must be a DNS label (letters, digits and inner hyphens, e.g. 'au1' or "
            f"'sydney'), got {value!r}"
        )
    return value
