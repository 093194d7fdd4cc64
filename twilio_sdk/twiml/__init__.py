"""TwiML builders: a typed drop-in for ``twilio.twiml``.

``VoiceResponse``, ``MessagingResponse`` and ``FaxResponse`` build TwiML documents; their
submodules mirror ``twilio.twiml.voice_response``, ``.messaging_response`` and ``.fax_response``.
"""

from ._base import (
    GenericNode,
    TwiML,
    TwiMLError,
    TwiMLException,
    format_language,
    lower_camel,
)
from .fax_response import FaxResponse
from .messaging_response import MessagingResponse
from .voice_response import VoiceResponse

__all__ = [
    "FaxResponse",
    "GenericNode",
    "MessagingResponse",
    "TwiML",
    "TwiMLError",
    "TwiMLException",
    "VoiceResponse",
    "format_language",
    "lower_camel",
]
