"""The TLS context of the connection pools the clients open themselves.

It is httpx's default context (``httpx.create_ssl_context()``: ``ssl.create_default_context``
with ``SSL_CERT_FILE``, ``SSL_CERT_DIR`` or certifi's CA bundle), except that the CA
certificates are loaded when the first TLS connection is made rather than when the client is
created. Loading a CA bundle takes about 20 ms, a sixth of a cold start; the official library
(requests/urllib3) also loads it per new connection, not up front.
"""

from __future__ import annotations

import os
import ssl
import sys
import threading
from typing import Any

__all__ = ["default_ssl_context"]


class _DeferredTrustContext(ssl.SSLContext):
    """``ssl.create_default_context(cafile=..., capath=...)`` whose CA certificates load on
    the first ``wrap_socket`` / ``wrap_bio`` (every TLS connection starts with one of them)."""

    _ca: tuple[str | None, str | None] | None
    _lock: threading.Lock

    def _load(self) -> None:
        if self._ca is not None:
            with self._lock:
                if self._ca is not None:
                    cafile, capath = self._ca
                    self.load_verify_locations(cafile, capath)
                    self._ca = None

    def wrap_socket(self, *args: Any, **kwargs: Any) -> ssl.SSLSocket:
        self._load()
        return super().wrap_socket(*args, **kwargs)

    def wrap_bio(self, *args: Any, **kwargs: Any) -> ssl.SSLObject:
        self._load()
        return super().wrap_bio(*args, **kwargs)

    def get_ca_certs(self, binary_form: bool = False) -> Any:
        self._load()
        return super().get_ca_certs(binary_form)

    def cert_store_stats(self) -> dict[str, int]:
        self._load()
        return super().cert_store_stats()


def _ca_locations() -> tuple[str | None, str | None]:
    # The same choice, in the same order, as httpx.create_ssl_context(verify=True).
    if os.environ.get("SSL_CERT_FILE"):
        return os.environ["SSL_CERT_FILE"], None
    if os.environ.get("SSL_CERT_DIR"):
        return None, os.environ["SSL_CERT_DIR"]
    import certifi

    return certifi.where(), None


def default_ssl_context() -> ssl.SSLContext:
    """A verifying client context equal to httpx's default, its CA bundle loaded on first use."""
    context = _DeferredTrustContext(ssl.PROTOCOL_TLS_CLIENT)
    # What ssl.create_default_context(Purpose.SERVER_AUTH) sets before loading CAs.
    context.verify_mode = ssl.CERT_REQUIRED
    context.check_hostname = True
    keylog = os.environ.get("SSLKEYLOGFILE")
    if keylog and not sys.flags.ignore_environment:
        context.keylog_filename = keylog
    context._ca = _ca_locations()
    context._lock = threading.Lock()
    return context
