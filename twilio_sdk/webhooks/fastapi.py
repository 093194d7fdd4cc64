"""FastAPI adapter (``pip install twilio-typed-sdk[fastapi]``).

    from fastapi import FastAPI
    from twilio_sdk.webhooks.fastapi import router

    api = FastAPI()
    api.include_router(router(hooks, "/sms", "/voice"))

``api.mount("/twilio", hooks)`` works too: a ``WebhookApp`` is an ASGI app.
"""

from __future__ import annotations

import fastapi

from twilio_sdk._errors import InvalidArgumentError

from ._app import WebhookApp
from .starlette import endpoint

__all__ = ["endpoint", "router"]


def router(app: WebhookApp, *paths: str, prefix: str = "") -> fastapi.APIRouter:
    """An ``APIRouter`` answering GET and POST at each of ``paths`` with ``app`` (left out
    of the OpenAPI schema: Twilio, not your API's clients, calls them)."""
    if not paths:
        raise InvalidArgumentError("router() needs at least one path, e.g. router(hooks, '/sms')")
    api_router = fastapi.APIRouter(prefix=prefix)
    for path in paths:
        api_router.add_api_route(
            path, endpoint(app), methods=["GET", "POST"], include_in_schema=False
        )
    return api_router
