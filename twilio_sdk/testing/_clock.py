"""The fake's clock: real time by default, or a fixed moment for deterministic tests."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from .._errors import InvalidArgumentError

__all__ = ["FakeClock"]


class FakeClock:
    """What "now" is for a :class:`~twilio_sdk.testing.FakeTwilio`.

    - **Real** (the default): ``now()`` is the current UTC time, so filters relative to today
      (``date_sent_after=yesterday``) find what a test just created. Requests and status
      steps do not move it; only the wall clock and :meth:`tick` do.
    - **Fixed** (``FakeTwilio(now=datetime(...))`` or :meth:`set`): ``now()`` starts at that
      moment and moves one second with every request and every status step
      (``fake.advance()``), so timestamps in a test are the same on every run.

    ``now()`` never goes backwards in either mode.
    """

    def __init__(self, now: datetime | None = None) -> None:
        self._lock = threading.Lock()
        self._fixed: datetime | None = None
        self._offset = timedelta()
        self._last = datetime.min.replace(tzinfo=UTC)
        if now is not None:
            self.set(now)

    def __repr__(self) -> str:
        mode = "fixed" if self.fixed else "real"
        return f"<FakeClock {mode} now={self.now().isoformat()}>"

    @property
    def fixed(self) -> bool:
        """Whether the clock is fixed (moves only when the fake or :meth:`tick` moves it)."""
        return self._fixed is not None

    def now(self) -> datetime:
        """The fake's current time (UTC, timezone-aware)."""
        with self._lock:
            base = self._fixed if self._fixed is not None else datetime.now(UTC)
            moment = base + self._offset
            if moment < self._last:
                moment = self._last
            self._last = moment
            return moment

    def set(self, moment: datetime) -> None:
        """Fix the clock at ``moment`` (a naive datetime is taken as UTC)."""
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        with self._lock:
            self._fixed = moment.astimezone(UTC)
            self._offset = timedelta()
            self._last = datetime.min.replace(tzinfo=UTC)

    def real(self) -> None:
        """Follow the wall clock again (the default)."""
        with self._lock:
            self._fixed = None
            self._offset = timedelta()
            self._last = datetime.min.replace(tzinfo=UTC)

    def tick(self, delta: timedelta | float = 1.0) -> datetime:
        """Move the clock forward by ``delta`` (a timedelta or seconds), in either mode."""
        step = delta if isinstance(delta, timedelta) else timedelta(seconds=delta)
        if step < timedelta():
            raise InvalidArgumentError("the fake's clock does not go backwards")
        with self._lock:
            self._offset += step
        return self.now()

    def step(self) -> None:
        """What the fake does at each request and status step: a second on a fixed clock,
        nothing on a real one."""
        if self._fixed is not None:
            with self._lock:
                self._offset += timedelta(seconds=1)
