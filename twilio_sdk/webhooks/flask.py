"""Flask adapter (``pip install twilio-typed-sdk[flask]``).

    from flask import Flask
    from twilio_sdk.webhooks import WebhookApp, events
    from twilio_sdk.webhooks.flask import view

    hooks = WebhookApp()
    flask_app = Flask(__name__)
    flask_app.add_url_rule("/sms", view_func=view(hooks), methods=["GET", "POST"])

Each rule routed to the view answers with the ``WebhookApp``; handlers bound with ``path=``
see Flask's ``request.path``. Mounting ``hooks.wsgi`` (e.g. with Werkzeug's
``DispatcherMiddleware``) works too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import flask

from ._app import WebhookApp, WebhookRequest

__all__ = ["view"]


def view(app: WebhookApp, *, name: str = "twilio_webhook") -> Callable[..., flask.Response]:
    """A Flask view function answering requests with ``app`` (sync: async handlers run with
    ``asyncio.run``)."""

    def twilio_webhook(**_: Any) -> flask.Response:
        request = flask.request
        body = request.get_data(cache=True)
        response = app.handle_sync(WebhookRequest.from_wsgi(request.environ, body))
        return flask.Response(response.body, status=response.status, headers=list(response.headers))

    twilio_webhook.__name__ = name
    return twilio_webhook
