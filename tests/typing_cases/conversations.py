"""Conversations (form bodies) and Content (a JSON body), as Twilio's docs write them: the
JSON body positionally, as a dict or as the typed model, and JSON strings for `attributes`."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from twilio_sdk_generated.content.v1.models import ContentCreateRequest

from twilio_sdk import Client


def a_conversation(client: Client) -> None:
    conversation = client.conversations.v1.conversations.create(
        friendly_name="Friendly Conversation",
        attributes=json.dumps({"topic": "billing"}),
        date_created=datetime(2019, 1, 1, tzinfo=UTC),
    )
    print(conversation.sid, conversation.state)
    conversation.participants.create(
        messaging_binding_address="+15558675310", messaging_binding_proxy_address="+15017122661"
    )
    conversation.participants.create(identity="testPineapple")
    message = conversation.messages.create(author="system", body="Hello!")
    print(message.index, message.body)
    conversation.update(state="closed", timers_closed="PT10M")


def content_templates(client: Client) -> None:
    # The JSON body positionally, as a dict: what Twilio's docs show in JSON.
    created = client.content.v1.contents.create(
        {
            "friendly_name": "owl_air_qr",
            "language": "en",
            "variables": {"1": "Owl Air Customer"},
            "types": {"twilio/quick-reply": {"body": "Hi, {{1}}", "actions": []}},
        }
    )
    print(created.sid, created.types)
    # The same as the typed model, which completes and checks each field.
    request = ContentCreateRequest(
        friendly_name="owl_air_text",
        language="en",
        types={"twilio/text": {"body": "Thanks for contacting Owl Air"}},
    )
    client.content.v1.contents.create(request)


def refused(client: Client) -> None:
    conversations = client.conversations.v1.conversations
    conversations.create(attributes={"topic": "billing"})  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    conversations.create(friendly_name="x", name="y")  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    client.content.v1.contents.create("owl_air_qr")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    ContentCreateRequest(friendly_name=1)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


CALLS = (a_conversation, content_templates)
