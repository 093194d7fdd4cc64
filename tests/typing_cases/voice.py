"""Voice, as Twilio's docs write it: calls with `twiml=` objects or URLs, date filters given
dates and ISO strings, numbers and booleans as strings, numbers to buy, conferences."""

from __future__ import annotations

from datetime import UTC, date, datetime

from twilio_sdk import Client
from twilio_sdk.twiml.voice_response import VoiceResponse


def place_and_end_calls(client: Client) -> None:
    response = VoiceResponse()
    response.say("Ahoy, World!", voice="Polly.Amy", loop="2")
    call = client.calls.create(
        "+15558675310",
        "+15017122661",
        twiml=response,
        timeout="30",
        record="true",
        status_callback_event=["initiated", "answered"],
    )
    print(call.sid, call.direction)
    client.calls.create(
        to="+15558675310",
        from_="+15017122661",
        url="http://demo.twilio.com/docs/voice.xml",
        machine_detection="Enable",
        machine_detection_timeout=30,
    )
    call.update(twiml="<Response><Say>Goodbye</Say></Response>")
    call.update(status="completed")


def call_logs(client: Client) -> None:
    for record in client.calls.list(
        start_time_after=date(2016, 1, 1), status="completed", limit=20
    ):
        print(record.sid, record.duration)
    client.calls.list(start_time=datetime(2009, 7, 6, 12, 0, tzinfo=UTC), limit=20)
    client.recordings.list(date_created_before=date(2016, 10, 18), limit=20)
    client.recordings.list(date_created="2016-10-18", limit=20)
    client.notifications.list(log="1", message_date_after="2009-07-06", limit=20)
    client.usage.records.list(start_date="2012-09-01", end_date=date(2012, 9, 30), limit=20)


def numbers(client: Client) -> None:
    local = client.available_phone_numbers("US").local.list(
        area_code="510", distance="50", near_lat_long="37.840699,-122.461853", limit=20
    )
    for number in local:
        print(number.phone_number, number.locality)
    client.available_phone_numbers("GB").mobile.list(sms_enabled="true", limit=20)
    bought = client.incoming_phone_numbers.create(
        phone_number="+15017122661", voice_url="http://demo.twilio.com/docs/voice.xml"
    )
    print(bought.sid, bought.capabilities)


def conferences(client: Client) -> None:
    for conference in client.conferences.list(date_created="2009-07-06", limit=20):
        print(conference.friendly_name, conference.status)
    participant = client.conferences("CFbbe46ff1274e283f7e3ac1df0072ab39").participants.create(
        from_="+15017122661", to="+15558675310", early_media="true", beep="onEnter"
    )
    participant.update(muted="True")  # the docs' spelling of a boolean
    queue = client.queues.create(friendly_name="Support", max_size="100")
    queue.update(max_size="123")


def refused(client: Client) -> None:
    client.calls.create(to="+15558675310", from_="+15017122661", twiml={"Say": "hi"})  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    client.calls.create(to="+15558675310", from_="+15017122661", timeout_seconds=30)  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    client.available_phone_numbers("US").local.list(area_code=[510])  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    client.conferences.list(date_created=1246838400)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


CALLS = (place_and_end_calls, call_logs, numbers, conferences)
