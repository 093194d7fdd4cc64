"""Validate webhook signatures, at the path of :mod:`twilio.request_validator`.

The names of :mod:`twilio_sdk.webhooks._validator`, also exported by :mod:`twilio_sdk.webhooks`.
"""

from twilio_sdk.webhooks._validator import *  # noqa: F403
from twilio_sdk.webhooks._validator import __all__ as __all__
