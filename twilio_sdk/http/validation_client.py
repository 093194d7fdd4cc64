"""Public Key Client Validation (drop-in for :mod:`twilio.http.validation_client`)."""

from __future__ import annotations

from twilio_sdk.jwt.validation import ValidationPayload

__all__ = ["ValidationPayload"]
