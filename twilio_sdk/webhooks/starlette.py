"""Starlette and FastAPI adapter (``pip install twilio-typed-sdk[starlette]``).

A ``WebhookApp`` is already an ASGI app: ``Mount("/twilio", app=hooks)`` or
``fastapi_app.mount("/twilio", hooks)``. To have it behind routes of your own app (and its
middleware) instead:

    from starlette.applications import Starlette
    from twilio_sdk.webhooks.starlette import route

    starlette_app = Starlette(routes=[route(hooks, "/sms"), route(hooks, "/voice")])

FastAPI: ``fastapi_app.add_api_route("/sms", endpoint(hooks), methods=["GET", "POST"],
include_in_schema=False)``, or :func:`twilio_sdk.webhooks.fastapi.router`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ._app import WebhookApp, WebhookRequest

__all__ = ["endpoint", "route"]


def endpoint(app: WebhookApp) -> Callable[[Request], Awaitable[Response]]:
    """A Starlette (and FastAPI) endpoint answering requests with ``app``."""

    async def twilio_webhook(request: Request) -> Response:
        body = await request.body()
        response = await app.handle(WebhookRequest.from_asgi(request.scope, body))
        return Response(response.body, status_code=response.status, headers=dict(response.headers))

    return twilio_webhook


def route(app: WebhookApp, path: str, *, name: str | None = None) -> Route:
    """A Starlette ``Route`` for GET and POST at ``path`` answered by ``app``."""
    return Route(path, endpoint(app), methods=["GET", "POST"], name=name)
