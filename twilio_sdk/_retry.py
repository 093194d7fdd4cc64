"""Retry policy and the retry decisions shared by the sync and async pipelines.

Everything here is pure (no I/O, no sleeping) so both pipelines stay thin loops and the
decisions can be tested directly.
"""

from __future__ import annotations

import datetime
import functools
import math
import random
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Final

import attrs

from ._errors import InvalidArgumentError

if TYPE_CHECKING:
    import httpx

__all__ = [
    "IDEMPOTENT_METHODS",
    "RETRYABLE_STATUSES",
    "RetryEvent",
    "RetryPolicy",
    "parse_retry_after",
    "retry_delay_for_error",
    "retry_delay_for_status",
]

#: Methods that may be repeated safely even if Twilio already received the request.
IDEMPOTENT_METHODS: Final = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})
#: Statuses retried for idempotent methods (429 is retried for every method).
RETRYABLE_STATUSES: Final = frozenset({500, 502, 503, 504})


@functools.cache
def _error_kinds() -> tuple[tuple[type[httpx.TransportError], ...], ...]:
    """httpx's transport errors by whether the request may have been sent (httpx imported
    after a failure, never on the success path)."""
    import httpx

    # The request never left the client, so retrying cannot duplicate a side effect.
    not_sent = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
    # The request may have reached Twilio: only safe to repeat for idempotent methods.
    maybe_sent = (
        httpx.ReadError,
        httpx.ReadTimeout,
        httpx.WriteError,
        httpx.WriteTimeout,
        httpx.RemoteProtocolError,
        httpx.CloseError,
    )
    return not_sent, maybe_sent


@attrs.define
class RetryEvent:
    """Describes a retry about to happen; passed to :attr:`RetryPolicy.on_retry`.

    ``attempt`` is 1 for the first retry; ``status`` is set when the retry follows an HTTP
    response, ``error`` when it follows a transport failure; ``delay`` is the pause in seconds.
    """

    attempt: int
    method: str
    url: str
    status: int | None
    error: BaseException | None
    delay: float


def _non_negative(_instance: object, attribute: attrs.Attribute[Any], value: float) -> None:
    if not value >= 0:  # also rejects NaN
        raise InvalidArgumentError(f"{attribute.name} must be >= 0, got {value!r}")


def _non_negative_or_none(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and not value >= 0:
        raise InvalidArgumentError(f"{attribute.name} must be >= 0 or None, got {value!r}")


@attrs.frozen
class RetryPolicy:
    """How many times and how long to wait before retrying a failed request.

    ``max_retries=0`` disables retries. Backoff is exponential
    (``backoff_base * 2 ** (attempt - 1)``, capped at ``backoff_max``) with "equal jitter":
    the actual delay is uniformly drawn from the upper half of that value, so it grows per
    attempt yet spreads out clients that failed together. A server ``Retry-After`` replaces
    the backoff, capped at ``retry_after_max``. ``on_retry`` is called before each pause.

    ``deadline`` bounds a whole call: no retry is started whose pause would end more than
    ``deadline`` seconds after the call began (None: no bound). A call then lasts at most about
    ``deadline`` plus one request timeout.
    """

    max_retries: int = attrs.field(default=2, validator=_non_negative)
    backoff_base: float = attrs.field(default=0.5, validator=_non_negative)
    backoff_max: float = attrs.field(default=8.0, validator=_non_negative)
    retry_after_max: float = attrs.field(default=60.0, validator=_non_negative)
    deadline: float | None = attrs.field(default=120.0, validator=_non_negative_or_none)
    on_retry: Callable[[RetryEvent], None] | None = None

    def backoff_ceiling(self, attempt: int) -> float:
        """Upper bound of the jittered backoff for retry number ``attempt`` (1-based)."""
        # Clamp the exponent: 2.0 ** 1100 overflows and the cap applies long before.
        exponent = min(max(attempt - 1, 0), 60)
        return float(min(self.backoff_max, self.backoff_base * 2.0**exponent))

    def compute_delay(self, attempt: int, retry_after: float | None = None) -> float:
        """Seconds to wait before retry number ``attempt`` (1-based).

        ``retry_after`` (from the response's ``Retry-After``) wins over backoff, capped at
        ``retry_after_max``.
        """
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.retry_after_max)
        ceiling = self.backoff_ceiling(attempt)
        return ceiling * (0.5 + random.random() * 0.5)


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Parse a ``Retry-After`` header (delay-seconds or HTTP-date) into seconds from ``now``.

    Returns None when absent or unparseable (the caller then falls back to backoff); a date
    in the past gives 0.
    """
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return seconds if math.isfinite(seconds) and seconds >= 0 else None
    import email.utils  # ~7 ms at start; an HTTP date is rare

    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # "-0000" dates come back naive; HTTP dates are always UTC
        timestamp = when.replace(tzinfo=datetime.UTC).timestamp()
    else:
        timestamp = when.timestamp()
    return max(0.0, timestamp - (time.time() if now is None else now))


def retry_delay_for_status(
    policy: RetryPolicy,
    method: str,
    status: int,
    headers: Mapping[str, str],
    retries_done: int,
    elapsed: float = 0.0,
) -> float | None:
    """Delay before retrying an error response, or None if it must not be retried.

    ``headers`` should be the response's case-insensitive ``httpx.Headers``.

    429 is retried for every method (Twilio rejected the request without acting on it);
    500/502/503/504 only for idempotent methods, since the request may have had its effect.
    ``Retry-After`` is honoured when present. ``elapsed``: seconds since the call began.
    """
    if retries_done >= policy.max_retries:
        return None
    if status != 429 and not (status in RETRYABLE_STATUSES and method in IDEMPOTENT_METHODS):
        return None
    delay = policy.compute_delay(retries_done + 1, parse_retry_after(headers.get("retry-after")))
    return _within_deadline(policy, delay, elapsed)


def retry_delay_for_error(
    policy: RetryPolicy,
    method: str,
    error: BaseException,
    retries_done: int,
    elapsed: float = 0.0,
) -> float | None:
    """Delay before retrying after a transport error, or None if it must not be retried.

    Failures before the request was sent are retried for every method; failures after it may
    have reached Twilio (read/write errors and timeouts, dropped connections) only for
    idempotent methods, so a POST never creates a resource twice.
    """
    if retries_done >= policy.max_retries:
        return None
    not_sent, maybe_sent = _error_kinds()
    if isinstance(error, not_sent) or (
        method in IDEMPOTENT_METHODS and isinstance(error, maybe_sent)
    ):
        return _within_deadline(policy, policy.compute_delay(retries_done + 1), elapsed)
    return None


def _within_deadline(policy: RetryPolicy, delay: float, elapsed: float) -> float | None:
    if policy.deadline is not None and elapsed + delay > policy.deadline:
        return None
    return delay
