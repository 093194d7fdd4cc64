"""Receive Twilio's webhooks: check their signature, parse typed events, reply with TwiML.

``WebhookApp`` is an ASGI app (``app.wsgi`` for WSGI) with adapters for Flask
(:mod:`twilio_sdk.webhooks.flask`), Starlette and FastAPI (:mod:`twilio_sdk.webhooks.starlette`,
:mod:`twilio_sdk.webhooks.fastapi`) and Django (:mod:`twilio_sdk.webhooks.django`); the typed
events are in :mod:`twilio_sdk.webhooks.events`. ``RequestValidator`` checks a signature on
its own (drop-in for :mod:`twilio.request_validator`, also importable from
:mod:`twilio_sdk.request_validator`).
"""

from . import events
from ._app import EMPTY_TWIML, Handler, Reply, WebhookApp, WebhookRequest, WebhookResponse
from ._validator import (
    HMAC_SHA1,
    HMAC_SHA256,
    SIGNATURE_HEADER,
    SIGNATURE_SETTINGS_HEADER,
    Params,
    RequestValidator,
    add_port,
    compare,
    get_signature_algorithm,
    remove_port,
)
from ._validator import (
    logger as logger,
)

__all__ = [
    "EMPTY_TWIML",
    "HMAC_SHA1",
    "HMAC_SHA256",
    "SIGNATURE_HEADER",
    "SIGNATURE_SETTINGS_HEADER",
    "Handler",
    "Params",
    "Reply",
    "RequestValidator",
    "WebhookApp",
    "WebhookRequest",
    "WebhookResponse",
    "add_port",
    "compare",
    "events",
    "get_signature_algorithm",
    "remove_port",
]
