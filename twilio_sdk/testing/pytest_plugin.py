"""pytest plugin: the ``twilio_fake`` fixture, a fresh :class:`FakeTwilio` per test.

Registered through the ``pytest11`` entry point of the distribution; load it explicitly with
``-p twilio_sdk.testing.pytest_plugin`` when the package is not installed.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ._fake import FakeTwilio


@pytest.fixture
def twilio_fake() -> Iterator[FakeTwilio]:
    """A fresh in-process fake Twilio; ``twilio_fake.client()`` is a Client wired to it.

    Its clock is the real time; ``twilio_fake.clock.set(datetime(...))`` fixes it."""
    fake = FakeTwilio()
    yield fake
    fake.close()
