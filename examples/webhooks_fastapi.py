"""Receive Twilio webhooks with FastAPI: reply to SMS, log call status.

Run the server (TWILIO_AUTH_TOKEN must be the token of the account that sends the webhooks):

    TWILIO_AUTH_TOKEN=... python examples/webhooks_fastapi.py      # PORT=8000 by default

then point a number's "A message comes in" webhook at https://<your host>/twilio/sms and a
call's StatusCallback at https://<your host>/twilio/call-status. Behind a tunnel or proxy
set PUBLIC_URL=https://<your host> so signatures are checked against the URL Twilio used.

`python examples/webhooks_fastapi.py --demo` runs it offline: it starts the app under uvicorn
on 127.0.0.1, posts an SMS and a call status callback signed as Twilio signs them, and
prints what came back.
"""

from __future__ import annotations

import logging
import os
import socket
import sys
import threading
import time

from fastapi import FastAPI

from twilio_sdk.twiml.messaging_response import MessagingResponse
from twilio_sdk.webhooks import WebhookApp, events
from twilio_sdk.webhooks.fastapi import router

log = logging.getLogger("webhooks-example")

hooks = WebhookApp(
    os.environ.get("TWILIO_AUTH_TOKEN") or "demo-token", public_url=os.environ.get("PUBLIC_URL")
)


@hooks.on(events.IncomingMessage)
def reply_to_sms(event: events.IncomingMessage) -> MessagingResponse:
    reply = MessagingResponse()
    if event.media:
        reply.message(
            f"Thanks for the {len(event.media)} file(s), {event.profile_name or event.from_}!"
        )
    else:
        reply.message(f"You said: {event.body}")
    return reply


@hooks.on(events.CallStatus)
async def log_call_status(event: events.CallStatus) -> None:
    log.info(
        "call %s is %s (%s s, event #%s)",
        event.call_sid,
        event.call_status,
        event.call_duration,
        event.sequence_number,
    )


api = FastAPI(title="Twilio webhooks example")
api.include_router(router(hooks, "/sms", "/call-status", prefix="/twilio"))


def demo() -> list[str]:
    """Serve `api` on loopback, post signed requests as Twilio would, return the replies."""
    import httpx
    import uvicorn

    from twilio_sdk.webhooks import RequestValidator

    token = os.environ.get("TWILIO_AUTH_TOKEN") or "demo-token"
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    base = f"http://127.0.0.1:{sock.getsockname()[1]}"
    server = uvicorn.Server(uvicorn.Config(api, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    validator = RequestValidator(token)
    sms = {
        "MessageSid": "SM" + "0" * 32,
        "AccountSid": "AC" + "0" * 32,
        "From": "+15005550006",
        "To": "+15005550001",
        "Body": "Hello from the demo",
        "NumMedia": "0",
    }
    status = {
        "CallSid": "CA" + "0" * 32,
        "AccountSid": "AC" + "0" * 32,
        "From": "+15005550006",
        "To": "+15005550001",
        "CallStatus": "completed",
        "CallDuration": "42",
        "CallbackSource": "call-progress-events",
        "SequenceNumber": "3",
        "Timestamp": "Tue, 11 Aug 2020 19:32:22 +0000",
    }
    replies = []
    try:
        deadline = time.monotonic() + 10
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.02)
        with httpx.Client(base_url=base, timeout=10) as client:
            for path, params in (("/twilio/sms", sms), ("/twilio/call-status", status)):
                signature = validator.compute_signature(base + path, params)
                response = client.post(path, data=params, headers={"X-Twilio-Signature": signature})
                response.raise_for_status()
                replies.append(response.text)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
    return replies


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
    if "--demo" in sys.argv:
        for text in demo():
            print(text)
    else:
        import uvicorn

        uvicorn.run(api, host="127.0.0.1", port=int(os.environ.get("PORT", "8000")))
