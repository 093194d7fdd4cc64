"""WebhookApp: every event type posted as Twilio posts it, signed with the official library's
RequestValidator; typed fields, dispatch and replies; signatures, URLs, errors and logging."""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import hmac
import json
import logging
import warnings
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest

with warnings.catch_warnings():  # starlette asks for httpx2; httpx is what this project uses
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient
from webhook_payloads import (
    ACCOUNT,
    CALL,
    CONFERENCE,
    CONFERENCE_EVENTS,
    DIAL_ACTION,
    GATHER_DIGITS,
    GATHER_SPEECH,
    INCOMING_CALL,
    INCOMING_MMS,
    INCOMING_SMS,
    INCOMING_WHATSAPP,
    MESSAGE,
    MESSAGE_STATUS,
    OFFICIAL,
    RECORDING,
    RECORDING_STATUS,
    TOKEN,
    TRANSCRIPTION,
    TRANSCRIPTION_STATUS,
    WHATSAPP_BUTTON,
    WHATSAPP_READ,
    call_status,
    cloud_events,
    conference_status,
    signed,
    signed_json,
)
from werkzeug.test import Client as WerkzeugClient

from twilio_sdk.twiml.messaging_response import MessagingResponse
from twilio_sdk.twiml.voice_response import VoiceResponse
from twilio_sdk.webhooks import (
    EMPTY_TWIML,
    HMAC_SHA256,
    RequestValidator,
    WebhookApp,
    WebhookRequest,
    events,
)

BASE = "https://hooks.example.com"
CALL_STATUSES = [
    "queued",
    "initiated",
    "ringing",
    "in-progress",
    "completed",
    "busy",
    "failed",
    "no-answer",
    "canceled",
]


class Hub:
    """One URL for everything: a handler per event type, recording what it was given."""

    def __init__(self, **options: Any) -> None:
        self.app = WebhookApp(TOKEN, **options)
        self.seen: list[events.Event] = []
        app = self.app

        @app.on(events.IncomingMessage)
        def message(event: events.IncomingMessage) -> MessagingResponse:
            self.seen.append(event)
            reply = MessagingResponse()
            reply.message(f"got {event.body!r} from {event.from_}")
            return reply

        @app.on(events.MessageStatus)
        async def message_status(event: events.MessageStatus) -> None:
            self.seen.append(event)

        @app.on(events.IncomingCall)
        def call(event: events.IncomingCall) -> str:
            self.seen.append(event)
            reply = VoiceResponse()
            reply.say(f"Hello {event.caller_name}")
            return reply.to_xml()

        @app.on(events.CallStatus)
        async def status(event: events.CallStatus) -> None:
            self.seen.append(event)

        @app.on(events.GatherResult)
        def gather(event: events.GatherResult) -> VoiceResponse:
            self.seen.append(event)
            reply = VoiceResponse()
            reply.say(f"You said {event.digits or event.speech_result}")
            return reply

        for event_type in (
            events.RecordingStatus,
            events.TranscriptionStatus,
            events.ConferenceStatus,
            events.CallRequest,
            events.CloudEvent,
        ):
            app.add_handler(event_type, self.seen.append)

    def post(self, params: dict[str, str], path: str = "/hook") -> Any:
        with TestClient(self.app, base_url=BASE) as client:
            return client.post(path, data=params, headers=signed(BASE + path, params))

    def only(self) -> events.Event:
        assert len(self.seen) == 1, self.seen
        return self.seen[0]


@pytest.fixture
def hub() -> Hub:
    return Hub()


def xml(response: Any) -> str:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/xml")
    return str(response.text)


# -- messaging -------------------------------------------------------------------------------


def test_incoming_sms(hub: Hub) -> None:
    response = hub.post(INCOMING_SMS)
    assert xml(response) == (
        '<?xml version="1.0" encoding="UTF-8"?><Response><Message>'
        "got 'Hello &amp; welcome 👋 = yes?' from +16505551111</Message></Response>"
    )
    event = hub.only()
    assert type(event) is events.IncomingMessage
    assert event.message_sid == MESSAGE and event.sms_sid == MESSAGE
    assert event.account_sid == ACCOUNT
    assert (event.from_, event.to) == ("+16505551111", "+16505552222")
    assert event.body == "Hello & welcome 👋 = yes?"
    assert event.num_media == 0 and event.media == [] and event.num_segments == 1
    assert (event.from_city, event.to_zip, event.from_country) == ("SAN FRANCISCO", "94030", "US")
    assert event.sms_status == "received" and event.referral_num_media == 0
    assert event["From"] == "+16505551111" and event["NumMedia"] == 0
    assert event.to_dict() == INCOMING_SMS
    assert event.additional_properties == {}


def test_incoming_mms_media_list(hub: Hub) -> None:
    hub.post(INCOMING_MMS)
    event = hub.only()
    assert isinstance(event, events.IncomingMessage)
    assert event.num_media == 3
    assert [(m.url[-3:], m.content_type) for m in event.media] == [
        ("ME0", "image/jpeg"),
        ("ME1", "video/mp4"),
        ("ME2", "text/vcard"),
    ]
    assert all(isinstance(m, events.Media) for m in event.media)
    assert event.additional_properties == {}  # MediaUrl{N} are known, through `media`
    assert event["MediaUrl1"].endswith("/ME1")


def test_media_order_is_numeric_not_textual() -> None:
    params = {"MessageSid": MESSAGE, "NumMedia": "12"}
    for index in range(12):
        params[f"MediaUrl{index}"] = f"u{index}"
        params[f"MediaContentType{index}"] = "image/png"
    event = events.IncomingMessage.from_params(params)
    assert [m.url for m in event.media] == [f"u{i}" for i in range(12)]


def test_incoming_whatsapp_location(hub: Hub) -> None:
    hub.post(INCOMING_WHATSAPP)
    event = hub.only()
    assert isinstance(event, events.IncomingMessage)
    assert event.profile_name == "Ada Lovelace" and event.wa_id == "14155550123"
    assert event.message_type == "location"
    assert (event.latitude, event.longitude) == (37.7879277, -122.4075139)
    assert (event.address, event.label) == ("375 Beale St, San Francisco", "Twilio HQ")
    assert event.forwarded is True and event.frequently_forwarded is None
    assert event.from_ == "whatsapp:+14155550123"


def test_incoming_whatsapp_button(hub: Hub) -> None:
    hub.post(WHATSAPP_BUTTON)
    event = hub.only()
    assert isinstance(event, events.IncomingMessage)
    assert (event.button_text, event.button_payload) == ("Yes", "confirm-order-42")
    assert event.original_replied_message_sid == "SM" + "99" * 16


def test_message_status_with_error_code(hub: Hub) -> None:
    response = hub.post(MESSAGE_STATUS, path="/status")
    assert xml(response) == EMPTY_TWIML
    event = hub.only()
    assert type(event) is events.MessageStatus
    assert event.message_status is events.MessageStatusValue.UNDELIVERED
    assert event.message_status == "undelivered"
    assert event.error_code == 30003 and event.raw_dlr_done_date == "2501011200"
    assert event.messaging_service_sid.startswith("MG")  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "status",
    ["queued", "sending", "sent", "delivered", "undelivered", "failed", "read", "canceled"],
)
def test_message_status_values(hub: Hub, status: str) -> None:
    hub.post({**MESSAGE_STATUS, "MessageStatus": status, "SmsStatus": status, "ErrorCode": ""})
    event = hub.only()
    assert isinstance(event, events.MessageStatus)
    assert event.message_status == events.MessageStatusValue(status)
    assert event.error_code is None  # sent empty


def test_whatsapp_read_status(hub: Hub) -> None:
    hub.post(WHATSAPP_READ)
    event = hub.only()
    assert isinstance(event, events.MessageStatus)
    assert event.message_status is events.MessageStatusValue.READ
    assert (event.event_type, event.channel_prefix) == ("READ", "whatsapp")
    assert event.channel_install_sid.startswith("XE")  # type: ignore[union-attr]


def test_unknown_status_value_and_parameter_kept(hub: Hub) -> None:
    hub.post({**MESSAGE_STATUS, "MessageStatus": "teleported", "NewThing": "42"})
    event = hub.only()
    assert isinstance(event, events.MessageStatus)
    assert event.message_status == "teleported"
    assert event.additional_properties == {"NewThing": "42"}
    assert event["NewThing"] == "42" and "NewThing" in event and event.get("Nope", 1) == 1


# -- voice -----------------------------------------------------------------------------------


def test_incoming_call(hub: Hub) -> None:
    response = hub.post(INCOMING_CALL, path="/voice")
    assert xml(response) == (
        '<?xml version="1.0" encoding="UTF-8"?><Response><Say>Hello LOVELACE ADA</Say></Response>'
    )
    event = hub.only()
    assert type(event) is events.IncomingCall
    assert event.call_sid == CALL and event.account_sid == ACCOUNT
    assert event.call_status is events.CallStatusValue.RINGING
    assert event.direction is events.CallDirection.INBOUND
    assert (event.caller, event.called) == ("+16505551111", "+16505552222")
    assert event.stir_verstat == "TN-Validation-Passed-A"
    assert json.loads(event.call_token or "")["identityHeaderTokens"] == []
    assert (event.caller_city, event.called_state) == ("SAN FRANCISCO", "CA")


@pytest.mark.parametrize("status", CALL_STATUSES)
def test_call_status_every_value(hub: Hub, status: str) -> None:
    sequence = CALL_STATUSES.index(status)
    assert xml(hub.post(call_status(status, sequence), path="/call-status")) == EMPTY_TWIML
    event = hub.only()
    assert type(event) is events.CallStatus
    assert event.call_status == events.CallStatusValue(status)
    assert event.callback_source == "call-progress-events"
    assert event.sequence_number == sequence
    assert event.timestamp == dt.datetime(2020, 8, 11, 19, 32, 22, tzinfo=dt.UTC)
    assert event.direction is events.CallDirection.OUTBOUND_API
    if status == "completed":
        assert (event.call_duration, event.duration, event.sip_response_code) == (42, 1, 200)
    elif status in ("queued", "initiated", "ringing", "in-progress"):
        assert event.call_duration is None


def test_gather_digits(hub: Hub) -> None:
    response = hub.post(GATHER_DIGITS, path="/gather")
    assert "<Say>You said 0042</Say>" in xml(response)
    event = hub.only()
    assert type(event) is events.GatherResult
    assert event.digits == "0042"  # a string: the leading zeros matter
    assert event.speech_result is None and event.confidence is None
    assert event.additional_properties == {"FinishedOnKey": "#", "msg": "Gather End"}


def test_gather_speech(hub: Hub) -> None:
    response = hub.post(GATHER_SPEECH, path="/gather")
    assert "You said Yes, please book it." in xml(response)
    event = hub.only()
    assert isinstance(event, events.GatherResult)
    assert event.speech_result == "Yes, please book it." and event.confidence == 0.9186
    assert event["Language"] == "en-US"


def test_recording_status(hub: Hub) -> None:
    assert xml(hub.post(RECORDING_STATUS, path="/recording")) == EMPTY_TWIML
    event = hub.only()
    assert type(event) is events.RecordingStatus
    assert event.recording_sid == RECORDING and event.call_sid == CALL
    assert event.recording_status is events.RecordingStatusValue.COMPLETED
    assert (event.recording_duration, event.recording_channels, event.error_code) == (12, 2, 0)
    assert event.recording_start_time == dt.datetime(2022, 8, 22, 12, tzinfo=dt.UTC)
    assert (event.recording_source, event.recording_track) == ("RecordVerb", "both")


def test_transcription_status(hub: Hub) -> None:
    assert xml(hub.post(TRANSCRIPTION_STATUS, path="/transcription")) == EMPTY_TWIML
    event = hub.only()
    assert type(event) is events.TranscriptionStatus
    assert event.transcription_sid == TRANSCRIPTION
    assert event.transcription_status is events.TranscriptionStatusValue.COMPLETED
    assert event.transcription_text == "Hi, please call me back about the order."
    assert event.recording_sid == RECORDING and event.call_sid == CALL
    assert event.forwarded_from == ""  # strings stay as sent; typed values sent empty are None
    assert event.additional_properties == {
        "TranscriptionType": "fast",
        "url": "https://example.com/transcribed",
    }


@pytest.mark.parametrize("name", CONFERENCE_EVENTS)
def test_conference_status_every_event(hub: Hub, name: str) -> None:
    sequence = CONFERENCE_EVENTS.index(name) + 1
    assert xml(hub.post(conference_status(name, sequence), path="/conference")) == EMPTY_TWIML
    event = hub.only()
    assert type(event) is events.ConferenceStatus
    assert event.conference_sid == CONFERENCE and event.friendly_name == "support-room"
    assert event.status_callback_event == events.ConferenceEvent(name)
    assert event.sequence_number == sequence
    assert event.timestamp == dt.datetime(2023, 6, 1, 17, 10, 15, tzinfo=dt.UTC)
    if name.startswith("participant-"):
        assert event.call_sid == CALL and event.participant_label == "customer"
        assert event.muted is (name == "participant-mute")
        assert event.hold is (name == "participant-hold")
        assert (event.coaching, event.end_conference_on_exit, event.start_conference_on_enter) == (
            False,
            False,
            True,
        )
    else:
        assert event.call_sid is None and event.muted is None
    if name == "conference-end":
        assert event.reason_conference_ended == "last-participant-left"
        assert event.call_sid_ending_conference == CALL


def test_other_voice_request_is_a_call_request(hub: Hub) -> None:
    hub.post(DIAL_ACTION, path="/dial-action")
    event = hub.only()
    assert type(event) is events.CallRequest
    assert event.call_status is events.CallStatusValue.COMPLETED
    assert event["DialCallStatus"] == "no-answer"


def test_unclassified_request_is_a_plain_event() -> None:
    app = WebhookApp(TOKEN)
    seen: list[events.Event] = []
    app.add_handler(events.Event, seen.append)
    params = {"AccountSid": ACCOUNT, "BundleSid": "BU" + "00" * 16, "Status": "twilio-approved"}
    with TestClient(app, base_url=BASE) as client:
        response = client.post("/bundle", data=params, headers=signed(BASE + "/bundle", params))
    assert response.status_code == 200
    assert type(seen[0]) is events.Event and seen[0]["Status"] == "twilio-approved"
    assert seen[0].additional_properties == params


# -- Event Streams -----------------------------------------------------------------------------


def test_cloud_events_batch_dispatched_by_type() -> None:
    app = WebhookApp(TOKEN)
    delivered: list[events.OutboundMessageEvent] = []
    any_message: list[events.OutboundMessageEvent] = []
    others: list[events.CloudEvent] = []
    app.on(events.CloudEvent, type="com.twilio.messaging.message.delivered")(delivered.append)
    app.on(events.OutboundMessageEvent)(any_message.append)
    app.on(events.CloudEvent)(others.append)
    url, body, headers = signed_json(BASE + "/events", cloud_events())
    with TestClient(app, base_url=BASE) as client:
        response = client.post(url[len(BASE) :], content=body, headers=headers)
    assert response.status_code == 200 and response.content == b""
    assert any_message == []  # the type= handler is more specific for the delivered event
    (event,) = delivered
    assert isinstance(event, events.OutboundMessageEvent)
    assert event.type == "com.twilio.messaging.message.delivered"
    assert event.time == dt.datetime(2025, 1, 1, 0, 0, 1, tzinfo=dt.UTC)
    data = event.data
    assert isinstance(data, events.OutboundMessageData)
    assert data.message_status is events.OutboundMessageStatus.DELIVERED
    assert (data.message_sid, data.from_, data.number_of_segments) == (MESSAGE, "+11234567890", 1)
    assert data.additional_properties == {"carrierNote": "added after this SDK was generated"}
    assert [e.type for e in others] == [
        "com.twilio.voice.status-callback.call.completed",
        "com.twilio.eventstreams.test-event",
    ]
    assert type(others[0]) is events.CloudEvent and others[0].data["request"]["parameters"]


def test_cloud_events_body_is_checked_against_body_sha256() -> None:
    app = WebhookApp(TOKEN)
    ran: list[object] = []
    app.on(events.CloudEvent)(ran.append)
    url, body, headers = signed_json(BASE + "/events", cloud_events())
    tampered = body.replace(b"Ahoy!", b"Pay me")
    with TestClient(app, base_url=BASE) as client:
        assert client.post(url[len(BASE) :], content=tampered, headers=headers).status_code == 403
        unsigned_url = url.split("?")[0][len(BASE) :]
        assert client.post(unsigned_url, content=body, headers=headers).status_code == 403
    assert ran == []


def test_json_object_body_is_classified_like_a_form() -> None:
    app = WebhookApp(TOKEN)
    seen: list[events.Event] = []
    app.add_handler(events.MessageStatus, seen.append)
    url, body, headers = signed_json(BASE + "/json-status", MESSAGE_STATUS)
    with TestClient(app, base_url=BASE) as client:
        assert xml(client.post(url[len(BASE) :], content=body, headers=headers)) == EMPTY_TWIML
    assert isinstance(seen[0], events.MessageStatus) and seen[0].error_code == 30003


# -- dispatch ------------------------------------------------------------------------------------


def test_status_callback_never_taken_for_incoming_message() -> None:
    app = WebhookApp(TOKEN)
    ran: list[object] = []
    app.on(events.IncomingMessage)(ran.append)
    app.on(events.IncomingCall)(ran.append)
    with TestClient(app, base_url=BASE) as client:
        for params in (MESSAGE_STATUS, WHATSAPP_READ, call_status("ringing", 1), GATHER_DIGITS):
            response = client.post("/hook", data=params, headers=signed(BASE + "/hook", params))
            assert response.status_code == 404, params
    assert ran == []
    assert response.text == "No handler for GatherResult at /hook"


def test_unmatched_404_names_the_event_type() -> None:
    app = WebhookApp(TOKEN)
    with TestClient(app, base_url=BASE) as client:
        params = MESSAGE_STATUS
        response = client.post("/sms", data=params, headers=signed(BASE + "/sms", params))
    assert response.status_code == 404
    assert response.text == "No handler for MessageStatus at /sms"


def test_unmatched_empty_twiml() -> None:
    app = WebhookApp(TOKEN, unmatched="empty")
    with TestClient(app, base_url=BASE) as client:
        response = client.post(
            "/sms", data=INCOMING_SMS, headers=signed(BASE + "/sms", INCOMING_SMS)
        )
    assert xml(response) == EMPTY_TWIML


def test_handlers_bound_to_paths() -> None:
    app = WebhookApp(TOKEN)

    @app.on(events.IncomingMessage, path="/support/")
    def support(event: events.IncomingMessage) -> str:
        return "<Response><Message>support</Message></Response>"

    @app.on(events.IncomingMessage)
    def anywhere(event: events.IncomingMessage) -> str:
        return "<Response><Message>default</Message></Response>"

    @app.on(events.Event, path="/support")
    def catch_all(event: events.Event) -> str:
        return "<Response><Message>catch-all</Message></Response>"

    with TestClient(app, base_url=BASE) as client:

        def post(path: str, params: dict[str, str]) -> str:
            return str(client.post(path, data=params, headers=signed(BASE + path, params)).text)

        assert "support" in post("/support", INCOMING_SMS)
        assert "default" in post("/sales", INCOMING_SMS)
        assert "catch-all" in post("/support", INCOMING_CALL)  # path first, then type
        assert post("/sales", INCOMING_CALL) == "No handler for IncomingCall at /sales"


def test_most_specific_type_wins() -> None:
    app = WebhookApp(TOKEN)
    app.on(events.Event)(lambda e: "<Response><Say>event</Say></Response>")
    app.on(events.CallRequest)(lambda e: "<Response><Say>call</Say></Response>")
    with TestClient(app, base_url=BASE) as client:

        def post(params: dict[str, str]) -> str:
            return str(client.post("/h", data=params, headers=signed(BASE + "/h", params)).text)

        assert "call" in post(INCOMING_CALL)
        assert "event" in post(INCOMING_SMS)


def test_sync_and_async_handlers_under_asgi_and_wsgi() -> None:
    app = WebhookApp(TOKEN)

    @app.on(events.IncomingMessage)
    def sync_handler(event: events.IncomingMessage) -> str:
        return "<Response><Message>sync</Message></Response>"

    @app.on(events.IncomingCall)
    async def async_handler(event: events.IncomingCall) -> str:
        await asyncio.sleep(0)
        return "<Response><Say>async</Say></Response>"

    wsgi = WerkzeugClient(app.wsgi)
    with TestClient(app, base_url=BASE) as client:
        for params, word in ((INCOMING_SMS, "sync"), (INCOMING_CALL, "async")):
            headers = signed(BASE + "/h", params)
            assert word in xml(client.post("/h", data=params, headers=headers))
            response = wsgi.post(
                "/h",
                base_url=BASE,
                data=urlencode(params),
                content_type="application/x-www-form-urlencoded",
                headers=headers,
            )
            assert response.status_code == 200 and word in response.text
            assert response.headers["Content-Type"].startswith("text/xml")


def test_wsgi_rejects_bad_signature() -> None:
    app = WebhookApp(TOKEN)
    ran: list[object] = []
    app.on(events.Event)(ran.append)
    response = WerkzeugClient(app.wsgi).post(
        "/h", base_url=BASE, data=INCOMING_SMS, headers={"X-Twilio-Signature": "bm9wZQ=="}
    )
    assert response.status_code == 403 and ran == []


# -- signatures and URLs ---------------------------------------------------------------------------


@pytest.fixture
def guarded() -> Iterator[tuple[WebhookApp, list[object]]]:
    app = WebhookApp(TOKEN)
    ran: list[object] = []
    app.on(events.Event)(ran.append)
    yield app, ran


def test_missing_or_wrong_signature_is_403_and_handler_never_runs(
    guarded: tuple[WebhookApp, list[object]], caplog: pytest.LogCaptureFixture
) -> None:
    app, ran = guarded
    good = signed(BASE + "/sms", INCOMING_SMS)
    with TestClient(app, base_url=BASE) as client, caplog.at_level(logging.WARNING):
        assert client.post("/sms", data=INCOMING_SMS).status_code == 403
        bad = {"X-Twilio-Signature": good["X-Twilio-Signature"][::-1]}
        assert client.post("/sms", data=INCOMING_SMS, headers=bad).status_code == 403
        tampered = {**INCOMING_SMS, "Body": "Send me the money"}
        assert client.post("/sms", data=tampered, headers=good).status_code == 403
        assert client.post("/other", data=INCOMING_SMS, headers=good).status_code == 403
        assert client.post("/sms?x=1", data=INCOMING_SMS, headers=good).status_code == 403
        assert client.post("/sms", data=INCOMING_SMS, headers=good).status_code == 200
    assert len(ran) == 1
    assert "missing X-Twilio-Signature" in caplog.text and "invalid" in caplog.text
    assert good["X-Twilio-Signature"] not in caplog.text and TOKEN not in caplog.text


def test_get_requests_are_signed_over_the_url(guarded: tuple[WebhookApp, list[object]]) -> None:
    app, ran = guarded
    path = "/sms?" + urlencode(INCOMING_SMS)
    with TestClient(app, base_url=BASE) as client:
        assert client.get(path, headers=signed(BASE + path)).status_code == 200
        assert client.get(path).status_code == 403
    event = ran[0]
    assert isinstance(event, events.IncomingMessage) and event.body == INCOMING_SMS["Body"]


def test_signature_with_and_without_default_port(guarded: tuple[WebhookApp, list[object]]) -> None:
    app, ran = guarded
    with TestClient(app, base_url=BASE + ":443") as client:
        headers = signed(BASE + "/sms", INCOMING_SMS)  # Twilio signed without the port
        assert client.post("/sms", data=INCOMING_SMS, headers=headers).status_code == 200


def test_public_url_behind_a_proxy() -> None:
    internal = "http://10.0.0.7:8000"
    public = "https://hooks.example.com/twilio"  # the proxy strips /twilio
    headers = signed(public + "/sms?tenant=7", INCOMING_SMS)
    for public_url, status in ((None, 403), (public, 200), (public + "/", 200)):
        app = WebhookApp(TOKEN, public_url=public_url)
        app.on(events.IncomingMessage)(lambda e: None)
        with TestClient(app, base_url=internal) as client:
            response = client.post("/sms?tenant=7", data=INCOMING_SMS, headers=headers)
        assert response.status_code == status, public_url
    with pytest.raises(ValueError, match="public_url"):
        WebhookApp(TOKEN, public_url="hooks.example.com")


def test_forwarded_headers_trusted_only_when_asked() -> None:
    headers = {
        **signed("https://hooks.example.com:8443/sms", INCOMING_SMS),
        "X-Forwarded-Proto": "https, http",
        "X-Forwarded-Host": "hooks.example.com",
        "X-Forwarded-Port": "8443",
    }
    for trust, status in ((False, 403), (True, 200)):
        app = WebhookApp(TOKEN, trust_forwarded=trust)
        app.on(events.IncomingMessage)(lambda e: None)
        with TestClient(app, base_url="http://127.0.0.1:8000") as client:
            assert client.post("/sms", data=INCOMING_SMS, headers=headers).status_code == status


@pytest.mark.parametrize(
    ("forwarded", "signed_url"),
    [
        ("for=203.0.113.7;proto=https;host=hooks.example.com", "https://hooks.example.com/sms"),
        (  # quoted values, any case of names, the first element only
            'For="[2001:db8::1]";Proto=https;Host="hooks.example.com:8443", proto=http;host=b',
            "https://hooks.example.com:8443/sms",
        ),
        ("proto=https", "https://127.0.0.1:8000/sms"),  # the host as the app sees it
    ],
)
def test_standard_forwarded_header_is_read_first(forwarded: str, signed_url: str) -> None:
    headers = {
        **signed(signed_url, INCOMING_SMS),
        "Forwarded": forwarded,
        "X-Forwarded-Host": "other.example.com",  # the standard header wins
    }
    for trust, status in ((False, 403), (True, 200)):
        app = WebhookApp(TOKEN, trust_forwarded=trust)
        app.on(events.IncomingMessage)(lambda e: None)
        with TestClient(app, base_url="http://127.0.0.1:8000") as client:
            assert client.post("/sms", data=INCOMING_SMS, headers=headers).status_code == status


def test_a_forwarded_header_without_proto_or_host_leaves_the_x_forwarded_ones() -> None:
    headers = {
        **signed("https://hooks.example.com/sms", INCOMING_SMS),
        "Forwarded": "for=203.0.113.7, garbage",
        "X-Forwarded-Proto": "https",
        "X-Forwarded-Host": "hooks.example.com",
    }
    app = WebhookApp(TOKEN, trust_forwarded=True)
    app.on(events.IncomingMessage)(lambda e: None)
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        assert client.post("/sms", data=INCOMING_SMS, headers=headers).status_code == 200


def test_shared_key_sha256_and_token_rotation() -> None:
    new, old = "n" * 32, TOKEN
    app = WebhookApp([new, old])
    app.on(events.IncomingMessage)(lambda e: None)
    sha256 = RequestValidator(new).compute_signature(BASE + "/sms", INCOMING_SMS, HMAC_SHA256)
    with TestClient(app, base_url=BASE) as client:
        old_signed = signed(BASE + "/sms", INCOMING_SMS)
        assert client.post("/sms", data=INCOMING_SMS, headers=old_signed).status_code == 200
        headers = {
            "X-Twilio-Signature": sha256,
            "X-Twilio-Webhooks-Signature-Settings": "key=KE123,algorithm=HMAC_SHA256",
        }
        assert client.post("/sms", data=INCOMING_SMS, headers=headers).status_code == 200
        headers["X-Twilio-Webhooks-Signature-Settings"] = "algorithm=HMAC_SHA1"
        assert client.post("/sms", data=INCOMING_SMS, headers=headers).status_code == 403


def test_auth_token_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", TOKEN)
    app = WebhookApp()
    app.on(events.IncomingMessage)(lambda e: None)
    with TestClient(app, base_url=BASE) as client:
        headers = signed(BASE + "/sms", INCOMING_SMS)
        assert client.post("/sms", data=INCOMING_SMS, headers=headers).status_code == 200
    monkeypatch.delenv("TWILIO_AUTH_TOKEN")
    with pytest.raises(ValueError, match="TWILIO_AUTH_TOKEN"):
        WebhookApp()
    assert WebhookApp(validate=False).validate is False


def test_validate_false_accepts_unsigned_requests() -> None:
    app = WebhookApp(validate=False)
    app.on(events.IncomingMessage)(lambda e: None)
    with TestClient(app, base_url=BASE) as client:
        assert xml(client.post("/sms", data=INCOMING_SMS)) == EMPTY_TWIML


# -- replies, errors, limits ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        (None, EMPTY_TWIML),
        (
            "<Response><Message>hi</Message></Response>",
            "<Response><Message>hi</Message></Response>",
        ),
        (
            MessagingResponse().message("hi"),
            '<?xml version="1.0" encoding="UTF-8"?><Message>hi</Message>',
        ),
    ],
)
def test_replies(reply: Any, expected: str) -> None:
    app = WebhookApp(TOKEN)
    app.on(events.IncomingMessage)(lambda e: reply)
    with TestClient(app, base_url=BASE) as client:
        headers = signed(BASE + "/sms", INCOMING_SMS)
        assert xml(client.post("/sms", data=INCOMING_SMS, headers=headers)) == expected


def test_handler_exception_is_500_logged_without_secrets(caplog: pytest.LogCaptureFixture) -> None:
    app = WebhookApp(TOKEN)

    @app.on(events.IncomingMessage)
    def broken(event: events.IncomingMessage) -> str:
        raise RuntimeError("database down")

    @app.on(events.IncomingCall)
    def wrong_type(event: events.IncomingCall) -> Any:
        return 42

    headers = signed(BASE + "/sms?secret=s3cr3t", INCOMING_SMS)
    with TestClient(app, base_url=BASE) as client, caplog.at_level(logging.ERROR):
        response = client.post("/sms?secret=s3cr3t", data=INCOMING_SMS, headers=headers)
        assert response.status_code == 500 and response.text == "Internal Server Error"
        call_headers = signed(BASE + "/voice", INCOMING_CALL)
        assert client.post("/voice", data=INCOMING_CALL, headers=call_headers).status_code == 500
    assert "broken" in caplog.text and "database down" in caplog.text and "/sms" in caplog.text
    assert "wrong_type" in caplog.text and "not int" in caplog.text
    for secret in (
        TOKEN,
        headers["X-Twilio-Signature"],
        call_headers["X-Twilio-Signature"],
        "s3cr3t",
    ):
        assert secret not in caplog.text


def test_methods_and_limits() -> None:
    app = WebhookApp(TOKEN, max_body_size=1000)
    app.on(events.Event)(lambda e: None)
    with TestClient(app, base_url=BASE) as client:
        response = client.put("/sms", data=INCOMING_SMS)
        assert response.status_code == 405 and response.headers["allow"] == "GET, POST"
        big = {"Body": "x" * 2000}
        assert client.post("/sms", data=big, headers=signed(BASE + "/sms", big)).status_code == 413
        url, body, headers = signed_json(BASE + "/e", {"oops": 1})
        bad_json = body[:-1]
        headers["X-Twilio-Signature"] = OFFICIAL.compute_signature(url, {})
        assert client.post(url[len(BASE) :], content=bad_json, headers=headers).status_code in (
            400,
            403,
        )
    wsgi = WerkzeugClient(app.wsgi)
    big_headers = signed(BASE + "/sms", {"Body": "x" * 2000})
    assert (
        wsgi.post("/sms", base_url=BASE, data={"Body": "x" * 2000}, headers=big_headers).status_code
        == 413
    )


@pytest.mark.parametrize("size", [100, 200_000])  # small and large (streamed HMAC) payloads
def test_a_form_body_of_any_size_is_checked_whole(size: int) -> None:
    app = WebhookApp(TOKEN)
    app.on(events.Event)(lambda e: None)
    params = dict(INCOMING_SMS, Body="x" * size)
    with TestClient(app, base_url=BASE) as client:
        good = client.post("/sms", data=params, headers=signed(BASE + "/sms", params))
        assert good.status_code == 200
        # the last character changed: the signature no longer covers the body
        changed = dict(params, Body="x" * (size - 1) + "y")
        bad = client.post("/sms", data=changed, headers=signed(BASE + "/sms", params))
        assert bad.status_code == 403
        # signed for the URL with its port, as Twilio may sign it: the second URL tried
        port_url = "https://hooks.example.com:443/sms"
        assert client.post("/sms", data=params, headers=signed(port_url, params)).status_code == 200


def test_invalid_json_with_valid_signature_is_400() -> None:
    app = WebhookApp(TOKEN)
    app.on(events.Event)(lambda e: None)
    body = b"[{not json"
    url = f"{BASE}/e?bodySHA256={OFFICIAL.compute_hash(body.decode())}"
    headers = {
        "X-Twilio-Signature": OFFICIAL.compute_signature(url, {}),
        "Content-Type": "application/json",
    }
    with TestClient(app, base_url=BASE) as client:
        response = client.post(url[len(BASE) :], content=body, headers=headers)
    assert response.status_code == 400


def test_registration_errors() -> None:
    app = WebhookApp(TOKEN)
    with pytest.raises(ValueError, match="CloudEvent"):
        app.on(events.IncomingMessage, type="com.twilio.*")
    with pytest.raises(TypeError):
        app.add_handler(dict, print)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unmatched"):
        WebhookApp(TOKEN, unmatched="ignore")  # type: ignore[arg-type]
    assert TOKEN not in repr(app)


def test_sans_io_core() -> None:
    app = WebhookApp(TOKEN)
    app.on(events.IncomingMessage)(
        lambda e: f"<Response><Message>{e.num_media}</Message></Response>"
    )
    body = urlencode(INCOMING_MMS).encode()
    request = WebhookRequest(
        "POST",
        BASE + "/sms",
        {
            **signed(BASE + "/sms", INCOMING_MMS),
            "content-type": "application/x-www-form-urlencoded",
        },
        body,
    )
    response = asyncio.run(app.handle(request))
    assert response.status == 200 and response.body.endswith(b"<Message>3</Message></Response>")
    assert response.content_type == "text/xml; charset=utf-8"
    assert app.handle_sync(request) == response
    assert app.signed_url(request) == BASE + "/sms"


# -- the listener's fast paths give the answers of the straightforward code ---------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from twilio_sdk.webhooks import _app as app_module  # noqa: E402
from twilio_sdk.webhooks._validator import form_payload, url_variants  # noqa: E402

_FORM_TEXT = st.text(alphabet=st.sampled_from("ab=&+%2F0Z é👋;\x00"), max_size=40)
_NAMES = st.sampled_from(["Body", "From", "To", "MediaUrl0", "a b", "é", "", "x=y"])
_VALUES = st.text(alphabet=st.sampled_from("ab &=+%é👋"), max_size=6)


@given(_FORM_TEXT)
@settings(max_examples=400, deadline=None)
def test_parse_form_is_parse_qsl(text: str) -> None:
    from urllib.parse import parse_qsl

    assert app_module.parse_form(text) == parse_qsl(text, keep_blank_values=True)


@given(
    st.lists(st.tuples(_NAMES, _VALUES), max_size=8),
    st.sampled_from(
        [
            "https://hooks.example.com/sms",
            "https://hooks.example.com:443/sms?x=1",
            "http://127.0.0.1:8000/sms",
            "http://example.com/a%20b",
            "https://example.com:8443/sms",
        ]
    ),
    st.sampled_from(["HMAC_SHA1", "HMAC_SHA256", "hmac_sha256"]),
    st.booleans(),
    st.booleans(),
)
@settings(max_examples=300, deadline=None)
def test_fast_signature_check_agrees_with_the_validators(
    pairs: list[tuple[str, str]], url: str, algorithm: str, flip_port: bool, forged: bool
) -> None:
    grouped: dict[str, list[str]] = {}
    for name, value in pairs:
        grouped.setdefault(name, []).append(value)
    variants = url_variants(url)
    assert variants[0] == url or url not in variants
    signed_url = variants[-1] if flip_port else variants[0]
    signer = RequestValidator("0" * 32 if forged else TOKEN)
    signature = signer.compute_signature(signed_url, grouped, algorithm)
    app = WebhookApp([TOKEN, "another-token"])
    settings_header = f"key=K,algorithm={algorithm}"
    request = WebhookRequest(
        "POST", url, {"X-Twilio-Webhooks-Signature-Settings": settings_header}, b""
    )
    fast = app._signature_matches(request, url, "", pairs, signature)
    slow = RequestValidator(TOKEN).validate(url, grouped, signature, algorithm)
    assert fast == slow == (not forged)
    if algorithm == "HMAC_SHA1" and all(len(values) == 1 for values in grouped.values()):
        single = {name: values[0] for name, values in grouped.items()}
        assert OFFICIAL.validate(url, single, signature) == fast
    expected = RequestValidator(TOKEN).compute_signature(url, grouped, algorithm)
    hmac_name = algorithm.upper().replace("HMAC_", "").lower()
    mac = hmac.digest(TOKEN.encode(), url.encode() + form_payload(pairs), hmac_name)
    assert base64.b64encode(mac).decode() == expected


def test_unsupported_algorithm_still_refused_with_the_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    app = WebhookApp(TOKEN)
    url = BASE + "/sms"
    headers = {**signed(url, INCOMING_SMS), "X-Twilio-Webhooks-Signature-Settings": "algorithm=MD5"}
    with TestClient(app, base_url=BASE) as client:
        assert client.post("/sms", data=INCOMING_SMS, headers=headers).status_code == 403
    assert "Unsupported webhook signature algorithm 'MD5'" in caplog.text


def test_routes_are_recomputed_when_a_handler_is_added() -> None:
    app = WebhookApp(TOKEN)
    seen: list[str] = []
    app.add_handler(events.Event, lambda e: seen.append("any"))
    url = BASE + "/sms"
    with TestClient(app, base_url=BASE) as client:
        for _ in range(2):
            client.post("/sms", data=INCOMING_SMS, headers=signed(url, INCOMING_SMS))
        app.add_handler(events.IncomingMessage, lambda e: seen.append("sms"))
        client.post("/sms", data=INCOMING_SMS, headers=signed(url, INCOMING_SMS))
        app.add_handler(events.IncomingMessage, lambda e: seen.append("here"), path="/sms")
        client.post("/sms", data=INCOMING_SMS, headers=signed(url, INCOMING_SMS))
        other = BASE + "/other"
        client.post("/other", data=INCOMING_SMS, headers=signed(other, INCOMING_SMS))
    assert seen == ["any", "any", "sms", "here", "sms"]


def test_form_classification_by_names_matches_classify() -> None:
    from twilio_sdk._webhook_events import classify

    payloads = [INCOMING_SMS, INCOMING_MMS, INCOMING_CALL, MESSAGE_STATUS, RECORDING_STATUS,
                TRANSCRIPTION_STATUS, GATHER_DIGITS, DIAL_ACTION, call_status("completed", 3),
                conference_status("participant-join", 2), {"Unknown": "1"}, {}]  # fmt: skip
    for params in payloads * 2:  # the second time from the kept answers
        expected = classify(params, app_module.FORM_EVENTS)
        assert app_module._classify_form(dict(params)) is expected
