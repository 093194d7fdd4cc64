"""Test your own code with the fake: run it with pytest, or as a script.

The `twilio_fake` fixture comes with the package (a pytest plugin); your code takes a Client,
and the test hands it `twilio_fake.client()`.
"""

from __future__ import annotations

import pytest

from twilio_sdk import BadRequestError, Client
from twilio_sdk.testing import FakeTwilio


def notify_customer(client: Client, phone: str, order: int) -> str:
    """The code under test."""
    msg = client.messages.create(to=phone, from_="+15017122661", body=f"Order {order} shipped")
    return msg.sid or ""


def test_notify_customer(twilio_fake: FakeTwilio) -> None:
    sid = notify_customer(twilio_fake.client(), "+15558675310", 42)
    sent = twilio_fake.requests[-1]
    assert sent.operation_id == "CreateMessage"
    assert sent.params["Body"] == "Order 42 shipped"
    assert twilio_fake.records("messages")[0]["sid"] == sid


def test_invalid_number(twilio_fake: FakeTwilio) -> None:
    with pytest.raises(BadRequestError):
        notify_customer(twilio_fake.client(), "+15005550001", 1)  # Twilio's "invalid" number


if __name__ == "__main__":
    # The fixture is registered by the installed package (its pytest11 entry point).
    raise SystemExit(pytest.main([__file__, "-q", "-p", "no:cacheprovider"]))
