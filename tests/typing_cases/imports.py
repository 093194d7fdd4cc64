# pyright: basic
"""Imports as the README's migration table spells them, and a misspelt one, which is an
error rather than a silent `Any` (the lazy module `__getattr__`s are hidden from checkers).
Basic mode even under the strict config: strict would add rules about the unknown name."""

from __future__ import annotations

from twilio_sdk_generated.content.v1.models import ContentCreateRequst  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue]

from twilio_sdk import ApiResponse, AsyncClient, Client, Clinet, TwilioRestException  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue]
from twilio_sdk.jwt.access_token import AccessToken
from twilio_sdk.jwt.access_token.grants import VoiceGrant
from twilio_sdk.request_validator import RequestValidator
from twilio_sdk.twiml.messaging_response import MessagingResponse

__all__ = [
    "AccessToken",
    "ApiResponse",
    "AsyncClient",
    "Client",
    "Clinet",
    "ContentCreateRequst",
    "MessagingResponse",
    "RequestValidator",
    "TwilioRestException",
    "VoiceGrant",
]
