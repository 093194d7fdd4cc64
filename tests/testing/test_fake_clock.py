"""The fake's clock: real time by default, fixed with ``now=`` or ``fake.clock.set()``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from twilio_sdk.testing import FakeClock, FakeTwilio

TO, FROM = "+15558675310", "+15017122661"


def test_default_clock_is_today_so_yesterday_filters_find_todays_messages() -> None:
    fake = FakeTwilio()
    client = fake.client()
    before = datetime.now(UTC).replace(microsecond=0)
    msg = client.messages.create(to=TO, from_=FROM, body="Hi")
    fake.settle()
    after = datetime.now(UTC)
    assert msg.date_created is not None and before <= msg.date_created <= after
    yesterday = datetime.now(UTC) - timedelta(days=1)
    found = list(client.messages.stream(date_sent_after=yesterday, page_size=1000))
    assert [m.sid for m in found] == [msg.sid]
    assert list(client.messages.stream(date_sent_before=yesterday)) == []
    assert not fake.clock.fixed


def test_real_clock_is_not_moved_by_requests() -> None:
    fake = FakeTwilio()
    client = fake.client()
    for _ in range(30):
        client.messages.create(to=TO, from_=FROM, body="Hi")
    fake.settle()
    # 30 requests and the status steps did not push the fake's time past the wall clock
    assert fake.now() <= datetime.now(UTC)


def test_fixed_clock_is_deterministic() -> None:
    stamps = []
    for _ in range(2):
        fake = FakeTwilio(now=datetime(2025, 1, 6, 9, 0, tzinfo=UTC))
        client = fake.client()
        msg = client.messages.create(to=TO, from_=FROM, body="Hi")
        fake.advance()
        sent = client.messages(msg.sid).fetch()
        stamps.append((msg.date_created, sent.date_sent))
    first = datetime(2025, 1, 6, 9, 0, 1, tzinfo=UTC)  # one second per request
    assert stamps == [(first, first + timedelta(seconds=1))] * 2
    assert fake.clock.fixed


def test_fixed_clock_filters() -> None:
    fake = FakeTwilio(now=datetime(2025, 1, 6, 9, 0))  # naive: taken as UTC
    client = fake.client()
    msg = client.messages.create(to=TO, from_=FROM, body="Hi")
    fake.settle()
    assert [m.sid for m in client.messages.list(date_sent_after=datetime(2025, 1, 5))] == [msg.sid]
    assert client.messages.list(date_sent_after=datetime(2025, 1, 7)) == []


def test_clock_set_tick_and_real() -> None:
    fake = FakeTwilio()
    client = fake.client()
    fake.clock.set(datetime(2030, 5, 1, tzinfo=UTC))
    assert fake.now() == datetime(2030, 5, 1, tzinfo=UTC)
    assert fake.clock.tick(timedelta(days=1)) == datetime(2030, 5, 2, tzinfo=UTC)
    fake.clock.tick(30)
    msg = client.messages.create(to=TO, from_=FROM, body="Hi")
    assert msg.date_created == datetime(2030, 5, 2, 0, 0, 31, tzinfo=UTC)
    fake.clock.real()
    assert not fake.clock.fixed
    assert abs(fake.now() - datetime.now(UTC)) < timedelta(hours=1)
    with pytest.raises(ValueError, match="backwards"):
        fake.clock.tick(-1)


def test_clock_never_goes_backwards() -> None:
    clock = FakeClock()
    clock.tick(timedelta(minutes=5))
    ahead = clock.now()
    clock._offset = timedelta()  # as if the offset were reset under a running test
    assert clock.now() >= ahead


def test_start_is_the_former_name_of_now() -> None:
    fake = FakeTwilio(start=datetime(2025, 1, 6, 9, 0, tzinfo=UTC))
    assert fake.now() == datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
    assert "fixed" in repr(fake.clock)
