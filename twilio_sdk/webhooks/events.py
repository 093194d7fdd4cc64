"""Typed webhook events: ``from twilio_sdk.webhooks import events``.

Generated from the JSON Schemas in ``spec/webhooks/`` (one per event type, every parameter
documented from Twilio's docs) into ``twilio_sdk_generated.webhooks``; this module is their
public home. Each event has Python field names (``event.from_``, ``event.num_media``), keeps
the parameters this SDK does not know (``event["NewParameter"]``,
``event.additional_properties``) and the parameters as sent (``event.to_dict()``).

Form requests (what the listener tries, in this order): :class:`RecordingStatus`,
:class:`TranscriptionStatus`, :class:`ConferenceStatus`, :class:`MessageStatus`,
:class:`IncomingMessage`, :class:`CallStatus`, :class:`GatherResult`, :class:`IncomingCall`;
then the bases :class:`CallRequest` (any other request about a call, e.g. a <Dial> action)
and :class:`MessageRequest`; a request none describes is a plain :class:`Event`.

Event Streams: each CloudEvent of a batch is a :class:`CloudEvent`, or a typed subclass for
its ``type`` (:class:`OutboundMessageEvent` for ``com.twilio.messaging.message.*``).
"""

from twilio_sdk_generated.webhooks import (
    CallDirection,
    CallRequest,
    CallStatus,
    CallStatusValue,
    CloudEvent,
    ConferenceEvent,
    ConferenceStatus,
    GatherResult,
    IncomingCall,
    IncomingMessage,
    Media,
    MessageRequest,
    MessageStatus,
    MessageStatusValue,
    OutboundMessageData,
    OutboundMessageEvent,
    OutboundMessageStatus,
    RecordingStatus,
    RecordingStatusValue,
    TranscriptionStatus,
    TranscriptionStatusValue,
)

from twilio_sdk._webhook_events import Event, Record

__all__ = [
    "CallDirection",
    "CallRequest",
    "CallStatus",
    "CallStatusValue",
    "CloudEvent",
    "ConferenceEvent",
    "ConferenceStatus",
    "Event",
    "GatherResult",
    "IncomingCall",
    "IncomingMessage",
    "Media",
    "MessageRequest",
    "MessageStatus",
    "MessageStatusValue",
    "OutboundMessageData",
    "OutboundMessageEvent",
    "OutboundMessageStatus",
    "Record",
    "RecordingStatus",
    "RecordingStatusValue",
    "TranscriptionStatus",
    "TranscriptionStatusValue",
]
