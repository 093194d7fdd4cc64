"""Edges of the retry policy (twilio_sdk._retry): bounds, deadline, backoff growth, Retry-After.

The decision functions are pure, so these call them directly with explicit ``elapsed`` and
``now`` values; jitter is pinned by patching ``random.random``.
"""

from __future__ import annotations

import email.utils
import os
import time
from collections.abc import Iterator

import httpx
import pytest

from twilio_sdk import RetryPolicy
from twilio_sdk._retry import parse_retry_after, retry_delay_for_error, retry_delay_for_status

NOW = 1_700_000_000.0  # 2023-11-14 22:13:20 UTC, a Tuesday; New York is on EST (UTC-5)


@pytest.fixture
def lowest_jitter(monkeypatch: pytest.MonkeyPatch) -> None:
    """Jitter at its low end: every backoff pause is exactly half its ceiling."""
    monkeypatch.setattr("twilio_sdk._retry.random.random", lambda: 0.0)


@pytest.fixture
def new_york() -> Iterator[None]:
    """The process runs in America/New_York (UTC-5 on NOW), whatever the machine's zone."""
    saved = os.environ.get("TZ")
    os.environ["TZ"] = "America/New_York"
    time.tzset()
    try:
        # Guard against a system without zone data, where the name silently means UTC.
        assert time.localtime(NOW).tm_hour == 17, "no time zone data for America/New_York"
        yield
    finally:
        if saved is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = saved
        time.tzset()


# --------------------------------------------------------------------------- validation


@pytest.mark.parametrize("name", ["backoff_base", "backoff_max", "retry_after_max", "deadline"])
def test_a_negative_setting_is_rejected_naming_it(name: str) -> None:
    with pytest.raises(ValueError, match=rf"^{name} must be >= 0.*, got -0\.5$"):
        RetryPolicy(**{name: -0.5})  # type: ignore[arg-type]


def test_the_deadline_error_says_none_is_allowed() -> None:
    with pytest.raises(ValueError, match=r"^deadline must be >= 0 or None, got -1$"):
        RetryPolicy(deadline=-1)


@pytest.mark.parametrize("name", ["backoff_base", "backoff_max", "retry_after_max", "deadline"])
def test_nan_is_rejected(name: str) -> None:
    with pytest.raises(ValueError, match=name):
        RetryPolicy(**{name: float("nan")})  # type: ignore[arg-type]


def test_zero_is_a_valid_bound_everywhere() -> None:
    """Zero means: retry at once, never honour a Retry-After pause, no time for retries."""
    policy = RetryPolicy(backoff_base=0.0, backoff_max=0.0, retry_after_max=0.0, deadline=0.0)
    assert policy.compute_delay(1) == 0.0
    assert policy.compute_delay(3, retry_after=30.0) == 0.0


def test_fractional_deadline_is_accepted() -> None:
    assert RetryPolicy(deadline=0.5).deadline == 0.5


# --------------------------------------------------------------------------- deadline edges


def test_no_deadline_never_stops_retries() -> None:
    policy = RetryPolicy(deadline=None, max_retries=3)
    headers = httpx.Headers({"Retry-After": "30"})
    day = 86_400.0
    assert retry_delay_for_status(policy, "GET", 503, headers, 2, elapsed=day) == 30.0
    error = httpx.ConnectError("refused")
    assert retry_delay_for_error(policy, "POST", error, 2, elapsed=day) is not None


def test_a_pause_ending_exactly_at_the_deadline_is_taken() -> None:
    policy = RetryPolicy(deadline=10.0)
    headers = httpx.Headers({"Retry-After": "7"})
    assert retry_delay_for_status(policy, "POST", 429, headers, 0, elapsed=3.0) == 7.0
    # One that would end a little later is not.
    assert retry_delay_for_status(policy, "POST", 429, headers, 0, elapsed=3.25) is None


def test_a_backoff_pause_ending_exactly_at_the_deadline_is_taken(lowest_jitter: None) -> None:
    policy = RetryPolicy(backoff_base=2.0, deadline=5.0)  # first pause: 2 * 0.5 = 1 s
    error = httpx.ConnectTimeout("slow")
    assert retry_delay_for_error(policy, "POST", error, 0, elapsed=4.0) == 1.0
    assert retry_delay_for_error(policy, "POST", error, 0, elapsed=4.5) is None


def test_zero_deadline_allows_only_an_immediate_retry_at_the_start() -> None:
    policy = RetryPolicy(deadline=0.0)
    now = httpx.Headers({"Retry-After": "0"})
    later = httpx.Headers({"Retry-After": "1"})
    assert retry_delay_for_status(policy, "POST", 429, now, 0, elapsed=0.0) == 0.0
    assert retry_delay_for_status(policy, "POST", 429, now, 0, elapsed=0.001) is None
    assert retry_delay_for_status(policy, "POST", 429, later, 0, elapsed=0.0) is None
    error = httpx.ConnectError("refused")
    assert retry_delay_for_error(policy, "GET", error, 0, elapsed=0.0) is None


def test_a_capped_retry_after_is_what_the_deadline_sees() -> None:
    """A Retry-After of an hour, capped at 5 s, fits a 10 s deadline."""
    policy = RetryPolicy(retry_after_max=5.0, deadline=10.0)
    headers = httpx.Headers({"Retry-After": "3600"})
    assert retry_delay_for_status(policy, "GET", 503, headers, 0, elapsed=5.0) == 5.0


# --------------------------------------------------------------------------- backoff growth


def test_backoff_grows_with_each_transport_error_retry(lowest_jitter: None) -> None:
    policy = RetryPolicy(max_retries=5, backoff_base=1.0, backoff_max=100.0, deadline=None)
    error = httpx.ConnectError("refused")
    delays = [retry_delay_for_error(policy, "POST", error, done) for done in range(5)]
    assert delays == [0.5, 1.0, 2.0, 4.0, 8.0]
    assert retry_delay_for_error(policy, "POST", error, 5) is None  # max_retries reached


def test_backoff_grows_with_each_status_retry_without_retry_after(lowest_jitter: None) -> None:
    policy = RetryPolicy(max_retries=4, backoff_base=1.0, backoff_max=3.0, deadline=None)
    no_header = httpx.Headers()
    delays = [retry_delay_for_status(policy, "GET", 503, no_header, done) for done in range(4)]
    assert delays == [0.5, 1.0, 1.5, 1.5]  # ceilings 1, 2, then capped at 3


def test_backoff_of_a_huge_attempt_number_is_the_cap() -> None:
    policy = RetryPolicy(backoff_base=0.5, backoff_max=8.0)
    assert policy.backoff_ceiling(2_000) == 8.0  # 2.0 ** 1999 would overflow
    assert policy.backoff_ceiling(0) == 0.5  # below the first attempt: the base


# --------------------------------------------------------------------------- Retry-After


def test_retry_after_zero_means_retry_now() -> None:
    assert parse_retry_after("0") == 0.0
    assert parse_retry_after("0.5") == 0.5
    policy = RetryPolicy()
    headers = httpx.Headers({"Retry-After": "0"})
    assert retry_delay_for_status(policy, "POST", 429, headers, 0, elapsed=0.0) == 0.0


@pytest.mark.usefixtures("new_york")
def test_retry_after_http_date_under_a_non_utc_zone() -> None:
    """An HTTP date is UTC whatever the machine's zone: 42 s ahead stays 42 s, not 5 h."""
    gmt = email.utils.formatdate(NOW + 42, usegmt=True)
    assert gmt.endswith(" GMT")
    assert parse_retry_after(gmt, now=NOW) == 42.0


@pytest.mark.usefixtures("new_york")
def test_retry_after_minus_0000_date_is_utc_under_a_non_utc_zone() -> None:
    """RFC 5322's "-0000" (UTC, source zone unknown) parses to a naive datetime; it must be
    read as UTC, not as the machine's local time."""
    naive = email.utils.formatdate(NOW + 10).replace("+0000", "-0000")
    assert naive.endswith("-0000")
    assert parse_retry_after(naive, now=NOW) == 10.0


@pytest.mark.usefixtures("new_york")
def test_retry_after_date_with_an_offset_is_converted() -> None:
    """A (non-HTTP but parseable) date with an explicit offset keeps that offset."""
    local = email.utils.formatdate(NOW + 20, localtime=True)  # -0500 in New York
    assert local.endswith("-0500")
    assert parse_retry_after(local, now=NOW) == 20.0
