"""The adapters, each through its real framework's test client, and the ASGI app under a real
uvicorn server on loopback."""

from __future__ import annotations

import socket
import sys
import threading
import time
import warnings
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from webhook_payloads import (
    INCOMING_CALL,
    INCOMING_SMS,
    MESSAGE_STATUS,
    TOKEN,
    call_status,
    cloud_events,
    signed,
    signed_json,
)

from twilio_sdk.twiml.messaging_response import MessagingResponse
from twilio_sdk.webhooks import EMPTY_TWIML, WebhookApp, events

with warnings.catch_warnings():  # starlette asks for httpx2; httpx is what this project uses
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

BASE = "https://hooks.example.com"


class Recorder:
    def __init__(self) -> None:
        self.hooks = WebhookApp(TOKEN)
        self.seen: list[events.Event] = []
        hooks = self.hooks

        @hooks.on(events.IncomingMessage)
        def sms(event: events.IncomingMessage) -> MessagingResponse:
            self.seen.append(event)
            reply = MessagingResponse()
            reply.message(f"echo: {event.body}")
            return reply

        @hooks.on(events.IncomingMessage, path="/vip")
        async def vip(event: events.IncomingMessage) -> str:
            self.seen.append(event)
            return "<Response><Message>vip</Message></Response>"

        @hooks.on(events.CallStatus)
        async def status(event: events.CallStatus) -> None:
            self.seen.append(event)

        @hooks.on(events.CloudEvent)
        def cloud(event: events.CloudEvent) -> None:
            self.seen.append(event)


def check_sms_reply(status: int, content_type: str, text: str) -> None:
    assert status == 200, text
    assert content_type.startswith("text/xml")
    assert text.endswith(
        "<Response><Message>echo: Hello &amp; welcome 👋 = yes?</Message></Response>"
    )


# -- Flask ---------------------------------------------------------------------------------------


def test_flask_view() -> None:
    import flask

    from twilio_sdk.webhooks.flask import view

    recorder = Recorder()
    app = flask.Flask(__name__)
    app.add_url_rule("/sms", view_func=view(recorder.hooks), methods=["GET", "POST"])
    app.add_url_rule("/vip", view_func=view(recorder.hooks, name="vip"), methods=["POST"])
    client = app.test_client()

    def post(path: str, params: dict[str, str], headers: dict[str, str] | None = None) -> Any:
        headers = signed(BASE + path, params) if headers is None else headers
        return client.post(path, base_url=BASE, data=params, headers=headers)

    response = post("/sms", INCOMING_SMS)
    check_sms_reply(response.status_code, response.content_type, response.get_data(as_text=True))
    assert isinstance(recorder.seen[-1], events.IncomingMessage)
    assert recorder.seen[-1].num_segments == 1
    assert post("/vip", INCOMING_SMS).get_data(as_text=True).endswith("vip</Message></Response>")
    assert post("/sms", call_status("completed", 3)).get_data(as_text=True) == EMPTY_TWIML
    assert (
        isinstance(recorder.seen[-1], events.CallStatus) and recorder.seen[-1].call_duration == 42
    )
    assert post("/sms", INCOMING_SMS, headers={}).status_code == 403
    assert post("/sms", INCOMING_CALL).status_code == 404
    query = "/sms?" + urlencode(INCOMING_SMS)
    assert client.get(query, base_url=BASE, headers=signed(BASE + query)).status_code == 200
    assert len(recorder.seen) == 4


# -- Starlette and FastAPI -----------------------------------------------------------------------


def test_starlette_routes_and_mount() -> None:
    from starlette.applications import Starlette
    from starlette.routing import Mount

    from twilio_sdk.webhooks.starlette import route

    recorder = Recorder()
    app = Starlette(
        routes=[
            route(recorder.hooks, "/sms"),
            route(recorder.hooks, "/vip"),
            Mount("/twilio", app=recorder.hooks),
        ]
    )
    with TestClient(app, base_url=BASE) as client:
        for path in ("/sms", "/twilio/sms"):
            response = client.post(
                path, data=INCOMING_SMS, headers=signed(BASE + path, INCOMING_SMS)
            )
            check_sms_reply(response.status_code, response.headers["content-type"], response.text)
        # Mounted: handlers' paths are relative to the mount; the signed URL is the full one.
        response = client.post(
            "/twilio/vip", data=INCOMING_SMS, headers=signed(BASE + "/twilio/vip", INCOMING_SMS)
        )
        assert response.text.endswith("vip</Message></Response>")
        assert client.post("/sms", data=INCOMING_SMS).status_code == 403
        url, body, headers = signed_json(BASE + "/twilio/events", cloud_events())
        assert client.post(url[len(BASE) :], content=body, headers=headers).status_code == 200
    assert [type(e).__name__ for e in recorder.seen[-3:]] == [
        "OutboundMessageEvent",
        "CloudEvent",
        "CloudEvent",
    ]


def test_fastapi_router_and_mount() -> None:
    from fastapi import FastAPI
    from fastapi.testclient import TestClient as FastAPIClient

    from twilio_sdk.webhooks.fastapi import router

    recorder = Recorder()
    api = FastAPI()

    @api.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    api.include_router(router(recorder.hooks, "/sms", "/status", prefix="/hooks"))
    api.mount("/twilio", recorder.hooks)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        client = FastAPIClient(api, base_url=BASE)
    with client:
        for path in ("/hooks/sms", "/twilio/sms"):
            response = client.post(
                path, data=INCOMING_SMS, headers=signed(BASE + path, INCOMING_SMS)
            )
            check_sms_reply(response.status_code, response.headers["content-type"], response.text)
        params = call_status("ringing", 1)
        response = client.post(
            "/hooks/status", data=params, headers=signed(BASE + "/hooks/status", params)
        )
        assert response.text == EMPTY_TWIML
        assert client.post("/hooks/status", data=params).status_code == 403
        assert client.get("/health").json() == {"status": "ok"}
        assert "/hooks/sms" not in client.get("/openapi.json").json()["paths"]
    assert [type(e).__name__ for e in recorder.seen] == [
        "IncomingMessage",
        "IncomingMessage",
        "CallStatus",
    ]
    with pytest.raises(ValueError, match="path"):
        router(recorder.hooks)


# -- Django --------------------------------------------------------------------------------------

django_recorder = Recorder()


def _django_urls() -> list[Any]:
    from django.urls import path

    from twilio_sdk.webhooks.django import view

    return [
        path("twilio/sms", view(django_recorder.hooks)),
        path("vip", view(django_recorder.hooks)),
    ]


urlpatterns: list[Any] = []


def test_django_view() -> None:
    import django
    from django.conf import settings

    if not settings.configured:
        settings.configure(
            DEBUG=False,
            SECRET_KEY="webhook-tests",
            ALLOWED_HOSTS=["hooks.example.com"],
            ROOT_URLCONF=__name__,
            MIDDLEWARE=["django.middleware.csrf.CsrfViewMiddleware"],
            INSTALLED_APPS=[],
        )
        django.setup()
    urlpatterns[:] = _django_urls()
    from django.test import Client

    client = Client(enforce_csrf_checks=True)  # the view is CSRF-exempt: Twilio sends no token

    def post(path: str, params: dict[str, str], headers: dict[str, str] | None = None) -> Any:
        headers = signed(BASE + path, params) if headers is None else headers
        return client.post(
            path,
            data=urlencode(params),
            content_type="application/x-www-form-urlencoded",
            secure=True,
            headers={"Host": "hooks.example.com", **headers},
        )

    response = post("/twilio/sms", INCOMING_SMS)
    check_sms_reply(response.status_code, response["Content-Type"], response.content.decode())
    assert post("/vip", INCOMING_SMS).content.decode().endswith("vip</Message></Response>")
    assert post("/twilio/sms", MESSAGE_STATUS).status_code == 404
    assert post("/twilio/sms", INCOMING_SMS, headers={}).status_code == 403
    assert (
        post(
            "/twilio/sms",
            INCOMING_SMS,
            headers=signed("http://hooks.example.com/twilio/sms", INCOMING_SMS),
        ).status_code
        == 403
    )
    assert [type(e).__name__ for e in django_recorder.seen] == [
        "IncomingMessage",
        "IncomingMessage",
    ]


# -- uvicorn, end to end -------------------------------------------------------------------------


def test_end_to_end_under_uvicorn() -> None:
    import uvicorn

    recorder = Recorder()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(recorder.hooks, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started:
            assert time.monotonic() < deadline, "uvicorn did not start"
            assert thread.is_alive(), "uvicorn stopped"
            time.sleep(0.02)
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base, timeout=10) as client:
            response = client.post(
                "/sms", data=INCOMING_SMS, headers=signed(base + "/sms", INCOMING_SMS)
            )
            check_sms_reply(response.status_code, response.headers["content-type"], response.text)
            params = call_status("completed", 4)
            response = client.post("/status", data=params, headers=signed(base + "/status", params))
            assert response.status_code == 200 and response.text == EMPTY_TWIML
            assert client.post("/sms", data=INCOMING_SMS).status_code == 403
            url, body, headers = signed_json(base + "/events", cloud_events())
            assert client.post(url, content=body, headers=headers).status_code == 200
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
    assert not thread.is_alive()
    assert [type(e).__name__ for e in recorder.seen] == [
        "IncomingMessage",
        "CallStatus",
        "OutboundMessageEvent",
        "CloudEvent",
        "CloudEvent",
    ]
    event = recorder.seen[1]
    assert isinstance(event, events.CallStatus) and event.sip_response_code == 200


if sys.platform == "win32":  # pragma: no cover
    pytestmark = pytest.mark.skip("loopback server test is POSIX-only")
