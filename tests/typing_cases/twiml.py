"""TwiML, as Twilio's docs write it: verbs built by method or appended, numbers and booleans
as the docs pass them (strings for numbers, `False` for a parameter's value). Each function
returns the document; tests/generated/test_typing_rules.py renders it on both libraries."""

from __future__ import annotations

from twilio_sdk.twiml.messaging_response import Message, MessagingResponse
from twilio_sdk.twiml.voice_response import (
    Conference,
    Connect,
    Dial,
    Gather,
    Hangup,
    Parameter,
    Pay,
    Prompt,
    VoiceResponse,
)


def gather_and_say() -> str:
    response = VoiceResponse()
    gather = Gather(input="speech dtmf", timeout="3", num_digits=1, action="/process")
    gather.say("Please press 1 or say sales for sales.")
    response.append(gather)
    response.say("We didn't receive any input. Goodbye!", voice="alice", language="en-US")
    response.pause(length="2")
    response.play("https://api.twilio.com/cowbell.mp3", loop=10)
    return str(response)


def dial_and_conference() -> str:
    response = VoiceResponse()
    dial = Dial(caller_id="+15017122661", timeout="20", record="record-from-answer")
    dial.number("+15558675310", send_digits="wwww1928")
    response.append(dial)
    conference = Dial()
    conference.append(
        Conference("Room 1234", start_conference_on_enter=True, max_participants="10", beep="false")
    )
    response.append(conference)
    return str(response)


def connect_pay_and_hang_up() -> str:
    response = VoiceResponse()
    connect = Connect(action="https://example.com/done")
    connect.conversation(
        service_instance_sid="ISXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
        inbound_timeout="10",
        routing_assignment_timeout="10",
    )
    response.append(connect)
    pay = Pay(payment_method="ach-debit", timeout="5", max_attempts="3")
    pay.append(Prompt(for_="payment-processing"))
    response.append(pay)
    hangup = Hangup()
    hangup.append(Parameter(name="payment_collected", value=False))
    response.append(hangup)
    return str(response)


def messaging() -> str:
    response = MessagingResponse()
    message = Message(to="+15558675310", from_="+15017122661", action="/status")
    message.body("Store Location: 123 Easy St.")
    message.media("https://demo.twilio.com/owl.png")
    response.append(message)
    response.message("Thanks!")
    response.redirect("https://example.com/next")
    return str(response)


def refused() -> None:
    VoiceResponse().say({"text": "hi"})  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    Gather(num_digits=[1])  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    VoiceResponse().dial("+15558675310").append(42)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


DOCUMENTS = (gather_and_say, dial_and_conference, connect_pay_and_hang_up, messaging)
