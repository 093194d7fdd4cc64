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
from typing import Any, TypeAlias

from ._errors import ArgumentTypeError, InvalidArgumentError

__all__ = ["CertTypes", "VerifyTypes", "client_context", "default_ssl_context"]

VerifyTypes: TypeAlias = bool | str | os.PathLike[str] | ssl.SSLContext
"""``verify=``: True (the default CAs), a CA bundle file or directory, your own
``ssl.SSLContext``, or False (no verification: never in production)."""
CertTypes: TypeAlias = str | os.PathLike[str] | tuple[str, str] | tuple[str, str, str]
"""``cert=``: a client certificate: one PEM file holding the certificate and its key,
``(certfile, keyfile)`` or ``(certfile, keyfile, password)``."""


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


def default_ssl_context(
    ca: tuple[str | None, str | None] | None = None,
) -> ssl.SSLContext:
    """A verifying client context equal to httpx's default, its CA bundle loaded on first use
    (``ca``: a CA file and directory to trust instead of the default bundle)."""
    context = _DeferredTrustContext(ssl.PROTOCOL_TLS_CLIENT)
    # What ssl.create_default_context(Purpose.SERVER_AUTH) sets before loading CAs.
    context.verify_mode = ssl.CERT_REQUIRED
    context.check_hostname = True
    keylog = os.environ.get("SSLKEYLOGFILE")
    if keylog and not sys.flags.ignore_environment:
        context.keylog_filename = keylog
    context._ca = _ca_locations() if ca is None else ca
    context._lock = threading.Lock()
    return context


def client_context(verify: VerifyTypes = True, cert: CertTypes | None = None) -> ssl.SSLContext:
    """The TLS context for ``verify=`` and ``cert=`` (see :data:`VerifyTypes`,
    :data:`CertTypes`): one context that both the sync (httpx) and the async (aiohttp)
    transports take, so neither falls back to a slower path for a custom CA or a client
    certificate. A CA bundle is loaded on the first TLS connection, a client certificate now
    (so that a wrong path or password fails at once)."""
    if isinstance(verify, ssl.SSLContext):
        if cert is not None:
            raise InvalidArgumentError(
                "cert= with an ssl.SSLContext: load the certificate into the context"
            )
        return verify
    if verify is True:
        context = default_ssl_context()
    elif verify is False:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    elif isinstance(verify, str | os.PathLike):
        path = os.fspath(verify)
        if os.path.isdir(path):
            context = default_ssl_context((None, path))
        elif os.path.isfile(path):
            context = default_ssl_context((path, None))
        else:
            raise FileNotFoundError(f"verify= names no CA bundle file or directory: {path!r}")
    else:
        raise ArgumentTypeError(
            f"verify must be a bool, a CA bundle path or an ssl.SSLContext, not {verify!r}"
        )
    if cert is not None:
        if isinstance(cert, str | os.PathLike):
            context.load_cert_chain(os.fspath(cert))
        elif isinstance(cert, tuple) and len(cert) in (2, 3):
            context.load_cert_chain(cert[0], cert[1], cert[2] if len(cert) == 3 else None)
        else:
            raise ArgumentTypeError(
                "cert must be a path, (certfile, keyfile) or (certfile, keyfile, password)"
            )
    return context
