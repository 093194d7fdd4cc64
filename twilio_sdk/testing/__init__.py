"""Try and test without a Twilio account: :class:`FakeTwilio`, an in-process Twilio.

.. code-block:: python

    from twilio_sdk.testing import FakeTwilio

    fake = FakeTwilio()
    client = fake.client()
    msg = client.messages.create(to="+15558675310", from_="+15017122661", body="Hi")
    assert client.messages(msg.sid).fetch().body == "Hi"

With pytest, the ``twilio_fake`` fixture gives a fresh fake per test (the plugin is
registered by the package's ``pytest11`` entry point).
"""

from ._clock import FakeClock
from ._fake import Callback, FakeTwilio, Fault, RecordedRequest
from ._validate import NUMBER_RULES, RULES

__all__ = [
    "NUMBER_RULES",
    "RULES",
    "Callback",
    "FakeClock",
    "FakeTwilio",
    "Fault",
    "RecordedRequest",
]
