"""Django adapter (``pip install twilio-typed-sdk[django]``).

    # urls.py
    from django.urls import path
    from twilio_sdk.webhooks.django import view
    from myapp.hooks import hooks   # a WebhookApp

    urlpatterns = [path("twilio/sms", view(hooks)), path("twilio/voice", view(hooks))]

The view is exempt from CSRF checks (Twilio cannot send a CSRF token; the signature is the
check) and sync: async handlers run with ``asyncio.run``. Handlers bound with ``path=`` see
``request.path_info``. The URL checked is built from ``request.scheme`` and the ``Host``
header; behind a proxy set ``public_url=`` (or ``trust_forwarded=True``) on the app.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from ._app import WebhookApp, WebhookRequest, _quote_path

__all__ = ["view"]


def view(app: WebhookApp) -> Callable[[HttpRequest], HttpResponse]:
    """A Django view answering requests with ``app``."""

    def twilio_webhook(request: HttpRequest) -> HttpResponse:
        meta = request.META
        host = meta.get("HTTP_HOST") or f"{meta.get('SERVER_NAME')}:{meta.get('SERVER_PORT')}"
        raw = meta.get("RAW_URI") or meta.get("REQUEST_URI")
        sent_path = (
            raw.partition("?")[0]
            if raw and raw.startswith("/")
            else _quote_path(request.path, "utf-8")
        )
        query = meta.get("QUERY_STRING", "")
        url = f"{request.scheme}://{host}{sent_path}" + (f"?{query}" if query else "")
        webhook_request = WebhookRequest(
            request.method or "GET", url, dict(request.headers), request.body, request.path_info
        )
        response = app.handle_sync(webhook_request)
        reply = HttpResponse(response.body, status=response.status)
        for name, value in response.headers:
            reply[name] = value
        return reply

    return cast(Callable[[HttpRequest], HttpResponse], csrf_exempt(twilio_webhook))
