"""Realistic webhook requests, shaped as Twilio sends them, and signing with the official
library's RequestValidator (so that the listener agrees with it)."""

from __future__ import annotations

import json
from typing import Any

from twilio.request_validator import RequestValidator as OfficialValidator

TOKEN = "12345678901234567890123456789012"
OFFICIAL = OfficialValidator(TOKEN)
ACCOUNT = "AC" + "a1" * 16
CALL = "CA" + "b2" * 16
MESSAGE = "SM" + "c3" * 16
MMS = "MM" + "d4" * 16
SERVICE = "MG" + "e5" * 16
RECORDING = "RE" + "f6" * 16
TRANSCRIPTION = "TR" + "07" * 16
CONFERENCE = "CF" + "18" * 16


def signed(url: str, params: dict[str, str] | None = None) -> dict[str, str]:
    """Headers of a form request to ``url`` signed as Twilio signs it."""
    return {"X-Twilio-Signature": OFFICIAL.compute_signature(url, params or {})}


def signed_json(url: str, payload: Any) -> tuple[str, bytes, dict[str, str]]:
    """URL (with bodySHA256), body and headers of a JSON request signed as Twilio signs it."""
    body = json.dumps(payload).encode()
    separator = "&" if "?" in url else "?"
    full = f"{url}{separator}bodySHA256={OFFICIAL.compute_hash(body.decode())}"
    headers = {
        "X-Twilio-Signature": OFFICIAL.compute_signature(full, {}),
        "Content-Type": "application/json",
    }
    return full, body, headers


def _geo(prefix: str, city: str, state: str, zip_: str, country: str = "US") -> dict[str, str]:
    return {
        f"{prefix}City": city,
        f"{prefix}State": state,
        f"{prefix}Zip": zip_,
        f"{prefix}Country": country,
    }


INCOMING_SMS: dict[str, str] = {
    "ToCountry": "US",
    "ToState": "CA",
    "SmsMessageSid": MESSAGE,
    "NumMedia": "0",
    "ToCity": "SAN BRUNO",
    "FromZip": "94105",
    "SmsSid": MESSAGE,
    "FromState": "CA",
    "SmsStatus": "received",
    "FromCity": "SAN FRANCISCO",
    "Body": "Hello & welcome 👋 = yes?",
    "FromCountry": "US",
    "To": "+16505552222",
    "MessagingServiceSid": SERVICE,
    "ToZip": "94030",
    "NumSegments": "1",
    "ReferralNumMedia": "0",
    "MessageSid": MESSAGE,
    "AccountSid": ACCOUNT,
    "From": "+16505551111",
    "ApiVersion": "2010-04-01",
}

INCOMING_MMS: dict[str, str] = {
    **INCOMING_SMS,
    "SmsMessageSid": MMS,
    "SmsSid": MMS,
    "MessageSid": MMS,
    "Body": "",
    "NumMedia": "3",
    "MediaContentType0": "image/jpeg",
    "MediaUrl0": f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}/Messages/{MMS}/Media/ME0",
    "MediaContentType1": "video/mp4",
    "MediaUrl1": f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}/Messages/{MMS}/Media/ME1",
    "MediaContentType2": "text/vcard",
    "MediaUrl2": f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}/Messages/{MMS}/Media/ME2",
}

INCOMING_WHATSAPP: dict[str, str] = {
    "SmsMessageSid": MESSAGE,
    "NumMedia": "0",
    "ProfileName": "Ada Lovelace",
    "MessageType": "location",
    "SmsSid": MESSAGE,
    "WaId": "14155550123",
    "SmsStatus": "received",
    "Body": "",
    "To": "whatsapp:+14155238886",
    "Latitude": "37.7879277",
    "Longitude": "-122.4075139",
    "Address": "375 Beale St, San Francisco",
    "Label": "Twilio HQ",
    "Forwarded": "true",
    "NumSegments": "1",
    "ReferralNumMedia": "0",
    "MessageSid": MESSAGE,
    "AccountSid": ACCOUNT,
    "From": "whatsapp:+14155550123",
    "ApiVersion": "2010-04-01",
}

WHATSAPP_BUTTON: dict[str, str] = {
    **{
        k: v
        for k, v in INCOMING_WHATSAPP.items()
        if k not in ("Latitude", "Longitude", "Address", "Label", "Forwarded")
    },
    "MessageType": "button",
    "Body": "Yes",
    "ButtonText": "Yes",
    "ButtonPayload": "confirm-order-42",
    "OriginalRepliedMessageSender": "whatsapp:+14155238886",
    "OriginalRepliedMessageSid": "SM" + "99" * 16,
}

MESSAGE_STATUS: dict[str, str] = {
    "SmsSid": MESSAGE,
    "SmsStatus": "undelivered",
    "MessageStatus": "undelivered",
    "To": "+16505552222",
    "MessagingServiceSid": SERVICE,
    "MessageSid": MESSAGE,
    "AccountSid": ACCOUNT,
    "From": "+16505551111",
    "ApiVersion": "2010-04-01",
    "ErrorCode": "30003",
    "RawDlrDoneDate": "2501011200",
}

WHATSAPP_READ: dict[str, str] = {
    "EventType": "READ",
    "SmsSid": MESSAGE,
    "SmsStatus": "read",
    "MessageStatus": "read",
    "ChannelToAddress": "+1415555XXXX",
    "To": "whatsapp:+14155550123",
    "ChannelPrefix": "whatsapp",
    "MessageSid": MESSAGE,
    "AccountSid": ACCOUNT,
    "From": "whatsapp:+14155238886",
    "ApiVersion": "2010-04-01",
    "ChannelInstallSid": "XE" + "ab" * 16,
}

_CALL_BASE: dict[str, str] = {
    "AccountSid": ACCOUNT,
    "ApiVersion": "2010-04-01",
    "CallSid": CALL,
    "Called": "+16505552222",
    "Caller": "+16505551111",
    "From": "+16505551111",
    "To": "+16505552222",
    **_geo("Called", "SAN BRUNO", "CA", "94030"),
    **_geo("Caller", "SAN FRANCISCO", "CA", "94105"),
    **_geo("From", "SAN FRANCISCO", "CA", "94105"),
    **_geo("To", "SAN BRUNO", "CA", "94030"),
}

INCOMING_CALL: dict[str, str] = {
    **_CALL_BASE,
    "CallStatus": "ringing",
    "Direction": "inbound",
    "CallToken": '{"parentCallInfoToken":"eyJhbGciOiJFUzI1NiJ9","identityHeaderTokens":[]}',
    "StirVerstat": "TN-Validation-Passed-A",
    "CallerName": "LOVELACE ADA",
}


def call_status(status: str, sequence: int) -> dict[str, str]:
    params = {
        **_CALL_BASE,
        "CallStatus": status,
        "Direction": "outbound-api",
        "CallbackSource": "call-progress-events",
        "SequenceNumber": str(sequence),
        "Timestamp": "Tue, 11 Aug 2020 19:32:22 +0000",
    }
    if status in ("completed", "busy", "failed", "no-answer", "canceled"):
        params.update(CallDuration="42" if status == "completed" else "0", Duration="1")
        params["SipResponseCode"] = {"completed": "200", "busy": "486", "no-answer": "487"}.get(
            status, "500"
        )
    return params


GATHER_DIGITS: dict[str, str] = {
    **_CALL_BASE,
    "CallStatus": "in-progress",
    "Direction": "inbound",
    "Digits": "0042",
    "FinishedOnKey": "#",
    "msg": "Gather End",
}

GATHER_SPEECH: dict[str, str] = {
    **_CALL_BASE,
    "CallStatus": "in-progress",
    "Direction": "inbound",
    "SpeechResult": "Yes, please book it.",
    "Confidence": "0.9186",
    "Language": "en-US",
}

RECORDING_STATUS: dict[str, str] = {
    "AccountSid": ACCOUNT,
    "CallSid": CALL,
    "RecordingSid": RECORDING,
    "RecordingUrl": f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}/Recordings/{RECORDING}",
    "RecordingStatus": "completed",
    "RecordingDuration": "12",
    "RecordingChannels": "2",
    "RecordingStartTime": "Mon, 22 Aug 2022 12:00:00 +0000",
    "RecordingSource": "RecordVerb",
    "RecordingTrack": "both",
    "ErrorCode": "0",
}

TRANSCRIPTION_STATUS: dict[str, str] = {
    **_CALL_BASE,
    "CallStatus": "completed",
    "Direction": "inbound",
    "ForwardedFrom": "",
    "TranscriptionSid": TRANSCRIPTION,
    "TranscriptionText": "Hi, please call me back about the order.",
    "TranscriptionStatus": "completed",
    "TranscriptionUrl": f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}/Transcriptions/{TRANSCRIPTION}",
    "TranscriptionType": "fast",
    "RecordingSid": RECORDING,
    "RecordingUrl": f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}/Recordings/{RECORDING}",
    "url": "https://example.com/transcribed",
}

CONFERENCE_EVENTS = [
    "conference-start",
    "conference-end",
    "participant-join",
    "participant-leave",
    "participant-mute",
    "participant-unmute",
    "participant-hold",
    "participant-unhold",
    "participant-modify",
    "participant-speech-start",
    "participant-speech-stop",
    "announcement-end",
    "announcement-fail",
]


def conference_status(event: str, sequence: int) -> dict[str, str]:
    params = {
        "ConferenceSid": CONFERENCE,
        "FriendlyName": "support-room",
        "AccountSid": ACCOUNT,
        "SequenceNumber": str(sequence),
        "Timestamp": "Thu, 01 Jun 2023 17:10:15 +0000",
        "StatusCallbackEvent": event,
    }
    if event.startswith("participant-"):
        params.update(
            CallSid=CALL,
            Muted="true" if event == "participant-mute" else "false",
            Hold="true" if event == "participant-hold" else "false",
            Coaching="false",
            EndConferenceOnExit="false",
            StartConferenceOnEnter="true",
            ParticipantLabel="customer",
        )
    if event == "conference-end":
        params.update(
            CallSidEndingConference=CALL,
            ParticipantLabelEndingConference="customer",
            ReasonConferenceEnded="last-participant-left",
            Reason="Participant left the conference",
        )
    return params


DIAL_ACTION: dict[str, str] = {
    **_CALL_BASE,
    "CallStatus": "completed",
    "Direction": "inbound",
    "DialCallStatus": "no-answer",
    "DialCallSid": "CA" + "77" * 16,
    "DialCallDuration": "0",
}


def cloud_events() -> list[dict[str, Any]]:
    """An Event Streams batch: an outbound message delivered, a call completed, a test event."""
    return [
        {
            "specversion": "1.0",
            "type": "com.twilio.messaging.message.delivered",
            "source": f"/2010-04-01/Accounts/{ACCOUNT}/Messages/{MESSAGE}.json",
            "id": "EZ" + "01" * 16,
            "dataschema": "https://events-schemas.twilio.com/Messaging.MessageStatus/7",
            "datacontenttype": "application/json",
            "time": "2025-01-01T00:00:01.000Z",
            "data": {
                "messageSid": MESSAGE,
                "timestamp": "2025-01-01T00:00:00.000Z",
                "accountSid": ACCOUNT,
                "eventName": "com.twilio.messaging.message.delivered",
                "apiVersion": "2010-04-01",
                "from": "+11234567890",
                "to": "+12345678901",
                "messageStatus": "DELIVERED",
                "messagingServiceSid": SERVICE,
                "body": "Ahoy!",
                "mnc": "090",
                "mcc": "310",
                "numberOfSegments": 1,
                "dateUpdated": "2025-01-01T00:01:00.000Z",
                "carrierNote": "added after this SDK was generated",
            },
        },
        {
            "specversion": "1.0",
            "type": "com.twilio.voice.status-callback.call.completed",
            "source": f"/2010-04-01/Accounts/{ACCOUNT}/Calls/{CALL}",
            "id": "EZ" + "02" * 16,
            "dataschema": "https://events-schemas.twilio.com/VoiceInsights.CallSummary/1",
            "datacontenttype": "application/json",
            "time": "2025-01-01T00:00:02.000Z",
            "data": {"request": {"parameters": {"CallSid": CALL, "CallStatus": "completed"}}},
        },
        {
            "specversion": "1.0",
            "type": "com.twilio.eventstreams.test-event",
            "source": "Sink",
            "id": ACCOUNT,
            "dataschema": "https://events-schemas.twilio.com/EventStreams.TestSink/1.json",
            "datacontenttype": "application/json",
            "time": "2026-06-10T06:02:54.377Z",
            "data": {"test_id": "cae2f9e2-c277-4612-8ad3-93c1a7a3ef88"},
        },
    ]
