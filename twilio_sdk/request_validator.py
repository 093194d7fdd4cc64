"""Alias of :mod:`twilio_sdk.webhooks`, at the path of :mod:`twilio.request_validator`."""

from twilio_sdk.webhooks import *  # noqa: F403
