"""The workflows ``python -m twilio_sdk demo`` runs against :class:`FakeTwilio`, each step
checked and reported."""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable

import jwt as pyjwt

from .. import BadRequestError, Client
from ..jwt.access_token import AccessToken
from ..jwt.access_token.grants import VoiceGrant
from ..jwt.client import ClientCapabilityToken
from ..twiml.messaging_response import MessagingResponse
from ..twiml.voice_response import VoiceResponse
from ..webhooks import RequestValidator, WebhookApp, events
from ._fake import FakeTwilio

SECRET = "demo-api-key-secret-of-32-bytes!"
ME, FRIEND = "+15017122661", "+15558675310"
Step = Callable[[FakeTwilio, Client], str]


def _text(value: object) -> str:
    """An enum's wire value, anything else as str."""
    return str(getattr(value, "value", value))


def _sid(value: str | None) -> str:
    if not value:
        raise AssertionError("the fake answered without a SID")
    return value


def _check(condition: bool, what: str) -> None:
    if not condition:
        raise AssertionError(what)


def send_sms(fake: FakeTwilio, client: Client) -> str:
    msg = client.messages.create(to=FRIEND, from_=ME, body="Hello from twilio_sdk")
    fake.settle()
    status = client.messages(_sid(msg.sid)).fetch().status
    _check(status == "delivered", f"status {status}")
    return f"{msg.sid} queued -> sent -> {_text(status)}"


def send_mms(fake: FakeTwilio, client: Client) -> str:
    msg = client.messages.create(
        to=FRIEND, from_=ME, body="A picture", media_url=["https://demo.twilio.com/owl.png"]
    )
    _check(msg.num_media == "1", "num_media")
    return f"{msg.sid} with {msg.num_media} media"


def send_whatsapp(fake: FakeTwilio, client: Client) -> str:
    msg = client.messages.create(
        to=f"whatsapp:{FRIEND}", from_="whatsapp:+14155238886", body="Your code is 1234"
    )
    return f"{msg.sid} to {msg.to}"


def call_with_twiml(fake: FakeTwilio, client: Client) -> str:
    twiml = VoiceResponse()
    twiml.say("Hello from twilio_sdk")
    call = client.calls.create(to=FRIEND, from_=ME, twiml=twiml)
    fake.settle()
    done = client.calls(_sid(call.sid)).fetch()
    _check(done.status == "completed", f"status {done.status}")
    return f"{call.sid} queued -> ringing -> in-progress -> completed ({done.duration} s)"


def call_by_url(fake: FakeTwilio, client: Client) -> str:
    call = client.calls.create(to=FRIEND, from_=ME, url="https://demo.twilio.com/docs/voice.xml")
    fake.advance(2)
    client.calls(_sid(call.sid)).update(status="completed")
    return f"{call.sid} hung up by update(status='completed')"


def buy_number(fake: FakeTwilio, client: Client) -> str:
    offers = client.available_phone_numbers("US").local.list(area_code=510, limit=3)
    _check(len(offers) == 3, "three offers")
    number = client.incoming_phone_numbers.create(phone_number=offers[0].phone_number)
    return f"found {', '.join(str(o.phone_number) for o in offers)}; bought {number.phone_number}"


def subaccounts(fake: FakeTwilio, client: Client) -> str:
    team = client.create_subaccount("demo team")
    number = client.incoming_phone_numbers.create(area_code="415")
    client.move_phone_number(_sid(number.sid), client.account_sid, _sid(team.sid))
    sub = client.for_account(_sid(team.sid))
    moved = [n.phone_number for n in sub.incoming_phone_numbers.list()]
    _check(moved == [number.phone_number], "number moved")
    sub.messages.create(to=FRIEND, from_=str(number.phone_number), body="from the team")
    closed = client.close_subaccount(_sid(team.sid))
    _check(closed.status == "closed", "closed")
    return f"{team.sid} got {number.phone_number}, sent a message, then was closed"


def paging(fake: FakeTwilio, client: Client) -> str:
    for i in range(45):
        client.messages.create(to=FRIEND, from_=ME, body=f"bulk {i}")
    page = client.messages.page(page_size=20)
    pages = 1
    while (page := page.next_page()) is not None:  # type: ignore[assignment]
        pages += 1
    total = sum(1 for _ in client.messages.stream(page_size=20))
    first_ten = client.messages.list(limit=10, page_size=5)
    _check(len(first_ten) == 10, "limit")
    return f"all {total} messages in {pages} pages of 20; list(limit=10) -> {len(first_ten)}"


def errors(fake: FakeTwilio, client: Client) -> str:
    try:
        client.messages.create(to=FRIEND, body="no sender")
    except BadRequestError as error:
        _check(error.code == 21603, "code")
        detail = f"400 {error.code}: {error.message}"
    fake.fail("ListMessage", status=429, retry_after=1)
    client.messages.list(limit=1)
    return f"{detail}; a 429 was retried after {fake.sleeps[-1]:g} s"


def tokens(fake: FakeTwilio, client: Client) -> str:
    access = AccessToken(client.account_sid, "SK" + "0" * 32, SECRET, identity="alice")
    access.add_grant(VoiceGrant(outgoing_application_sid="AP" + "0" * 32))
    decoded = pyjwt.decode(access.to_jwt(), SECRET, algorithms=["HS256"])
    _check(decoded["grants"]["identity"] == "alice", "identity")
    capability = ClientCapabilityToken(client.account_sid, fake.auth_token)
    capability.allow_client_incoming("alice")
    cap = pyjwt.decode(capability.to_jwt(), fake.auth_token, algorithms=["HS256"])
    return f"access token for {decoded['grants']['identity']!r}; capability scope {cap['scope']!r}"


def twiml(fake: FakeTwilio, client: Client) -> str:
    voice = VoiceResponse()
    gather = voice.gather(num_digits=1, action="/menu")
    gather.say("Press 1 for sales")
    reply = MessagingResponse()
    reply.message("Thanks!")
    xml = str(voice)
    _check("<Gather" in xml, "gather")
    return f"{xml} / {reply}"


def webhook_round_trip(fake: FakeTwilio, client: Client) -> str:
    app = WebhookApp(fake.auth_token)
    got: list[str] = []

    @app.on(events.MessageStatus)
    def status(event: events.MessageStatus) -> None:
        got.append(_text(event.message_status))

    fake.attach(app)
    url = "https://hooks.example.com/status"
    client.messages.create(to=FRIEND, from_=ME, body="track me", status_callback=url)
    delivered = fake.settle()
    _check([c.status for c in delivered] == [200, 200], "200s")
    signature = RequestValidator(fake.auth_token).compute_signature(url, {"A": "1"})
    _check(RequestValidator(fake.auth_token).validate(url, {"A": "1"}, signature), "validate")
    _check(not RequestValidator("wrong").validate(url, {"A": "1"}, signature), "wrong token")
    return f"signed callbacks {' -> '.join(got)} accepted by WebhookApp; a wrong token is refused"


STEPS: list[tuple[str, Step]] = [
    ("Send an SMS", send_sms),
    ("Send an MMS", send_mms),
    ("Send a WhatsApp message", send_whatsapp),
    ("Call with TwiML", call_with_twiml),
    ("Call by URL", call_by_url),
    ("Search for and buy a number", buy_number),
    ("Subaccount: create, use, move a number, close", subaccounts),
    ("List with paging", paging),
    ("Errors and retries", errors),
    ("Access token and capability token", tokens),
    ("Build TwiML", twiml),
    ("Webhook signature round trip", webhook_round_trip),
]


def run(quiet: bool = False) -> int:
    """Run every step on a fresh fake; print a report; 0 when all pass."""
    began = time.perf_counter()
    fake = FakeTwilio()
    client = fake.client()
    if not quiet:
        print(f"twilio_sdk demo — against the embedded fake Twilio (account {fake.account_sid})")
        print("no network, no credentials\n")
    failed = 0
    for number, (title, step) in enumerate(STEPS, 1):
        try:
            detail = step(fake, client)
        except Exception as error:  # report every failure, keep going
            failed += 1
            print(f"{number:2}. FAIL {title}: {error!r}")
            if not quiet:
                traceback.print_exc()
            continue
        if not quiet:
            print(f"{number:2}. ok   {title}\n      {detail}")
    elapsed = time.perf_counter() - began
    passed = len(STEPS) - failed
    if not quiet:
        print()
    print(
        f"{passed}/{len(STEPS)} workflows passed, {len(fake.requests)} requests answered "
        f"by the fake in {elapsed:.2f} s"
    )
    return 0 if failed == 0 else 1
