"""FakeTwilio: validation (one case per rule), state, paging, faults, callbacks, fixture."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from twilio_sdk import (
    AuthenticationError,
    BadRequestError,
    NotFoundError,
    RateLimitError,
    ServerError,
    TwilioTimeoutError,
)
from twilio_sdk.testing import RULES, FakeTwilio
from twilio_sdk.webhooks import RequestValidator, WebhookApp, events

# The `twilio_fake` fixture comes from the package's pytest11 entry point (twilio_sdk.testing).

TO, FROM = "+15558675310", "+15017122661"


@pytest.fixture
def fake() -> FakeTwilio:
    return FakeTwilio()


def raw(fake: FakeTwilio) -> httpx.Client:
    return httpx.Client(
        transport=fake, base_url="https://api.twilio.com", auth=(fake.account_sid, fake.auth_token)
    )


def messages_url(fake: FakeTwilio, suffix: str = "") -> str:
    if suffix.startswith("@"):  # another resource of the account: "@Calls"
        return f"/2010-04-01/Accounts/{fake.account_sid}/{suffix[1:]}.json"
    return f"/2010-04-01/Accounts/{fake.account_sid}/Messages{suffix}.json"


# -- validation: one case per rule --------------------------------------------------------

CASES: dict[str, tuple[str, str, dict[str, Any], int, int, str]] = {
    # rule: (method, url suffix, form, status, code, parameter named in the message)
    "unknown_parameter": ("POST", "", {"To": TO, "From": FROM, "Bodyy": "x"}, 400, 20001, "Bodyy"),
    # (a message's To and From have Twilio's own codes: tests/testing/test_fake_numbers.py)
    "missing_required": (
        "POST",
        "@OutgoingCallerIds",
        {"FriendlyName": "x"},
        400,
        21201,
        "PhoneNumber",
    ),
    # CreateCall: one of Url, Twiml, ApplicationSid (CreateMessage's groups have their own
    # codes, 21603 and 21602: tests/testing/test_fake_numbers.py)
    "missing_one_of": ("POST", "@Calls", {"To": TO, "From": FROM}, 400, 21201, "Url"),
    "enum": (
        "POST",
        "",
        {"To": TO, "From": FROM, "Body": "x", "ContentRetention": "forever"},
        400,
        20001,
        "ContentRetention",
    ),
    "sid_pattern": (
        "POST",
        "",
        {"To": TO, "From": FROM, "Body": "x", "ApplicationSid": "AP12"},
        400,
        20001,
        "ApplicationSid",
    ),
    "path_sid": ("GET", "/XX123", {}, 404, 20404, "XX123"),
    "integer": (
        "POST",
        "",
        {"To": TO, "From": FROM, "Body": "x", "ValidityPeriod": "soon"},
        400,
        20001,
        "ValidityPeriod",
    ),
    "number": (
        "POST",
        "",
        {"To": TO, "From": FROM, "Body": "x", "MaxPrice": "cheap"},
        400,
        20001,
        "MaxPrice",
    ),
    "boolean": (
        "POST",
        "",
        {"To": TO, "From": FROM, "Body": "x", "ProvideFeedback": "yes"},
        400,
        20001,
        "ProvideFeedback",
    ),
    "date_time": (
        "POST",
        "",
        {"To": TO, "From": FROM, "Body": "x", "SendAt": "tomorrow"},
        400,
        20001,
        "SendAt",
    ),
    "date": ("GET", "", {"DateSent": "yesterday"}, 400, 20001, "DateSent"),
    "length": (
        "POST",
        "",
        {"To": TO, "From": FROM, "Body": "x", "MessagingServiceSid": "MG1"},
        400,
        20001,
        "MessagingServiceSid",
    ),
    "range": ("GET", "", {"PageSize": "5000"}, 400, 20001, "PageSize"),
    "repeated": ("POST", "", {"To": [TO, TO], "From": FROM, "Body": "x"}, 400, 20001, "To"),
}


@pytest.mark.parametrize("rule", sorted(CASES))
def test_validation_rule(fake: FakeTwilio, rule: str) -> None:
    method, suffix, form, status, code, name = CASES[rule]
    with raw(fake) as http:
        if method == "GET":
            response = http.get(messages_url(fake, suffix), params=form)
        else:
            response = http.post(messages_url(fake, suffix), data=form)
    body = response.json()
    assert response.status_code == status, body
    assert body["code"] == code and body["status"] == status
    assert name in body["message"]
    assert body["more_info"] == f"https://www.twilio.com/docs/errors/{code}"


def test_date_rule_on_a_date_param() -> None:
    # DateSent is a date-time in the 2010 spec; the date rule is exercised on a `date` param.
    fake = FakeTwilio()
    with raw(fake) as http:
        url = f"/2010-04-01/Accounts/{fake.account_sid}/Usage/Records.json"
        response = http.get(url, params={"StartDate": "2024-13-45"})
    assert response.status_code == 400
    assert "StartDate" in response.json()["message"]


def test_json_body_rules(fake: FakeTwilio) -> None:
    http = httpx.Client(transport=fake, auth=(fake.account_sid, fake.auth_token))
    url = "https://content.twilio.com/v1/Content"
    bad = http.post(url, content=b"{not json", headers={"Content-Type": "application/json"})
    assert bad.status_code == 400 and bad.json()["message"] == "The request body is not valid JSON"
    form = http.post(url, data={"FriendlyName": "x"})
    assert form.status_code == 400 and "JSON body" in form.json()["message"]
    missing = http.post(url, json={"friendly_name": "x"})
    assert missing.status_code == 400 and "language" in missing.json()["message"]


def test_every_rule_has_a_case() -> None:
    covered = set(CASES) | {"json_body", "content_type"}
    assert covered == set(RULES)


def test_route_method_and_auth(fake: FakeTwilio) -> None:
    with raw(fake) as http:
        assert http.get("/2010-04-01/Nope.json").json()["code"] == 20404
        deleted = http.delete(messages_url(fake))
        assert (deleted.status_code, deleted.json()["code"]) == (405, 20004)
    wrong = httpx.Client(transport=fake, auth=(fake.account_sid, "wrong"))
    response = wrong.get("https://api.twilio.com" + messages_url(fake))
    assert (response.status_code, response.json()["code"]) == (401, 20003)
    with pytest.raises(AuthenticationError):
        from twilio_sdk import Client

        Client(fake.account_sid, "wrong", http_client=httpx.Client(transport=fake)).messages.list()


def test_typed_errors_name_the_parameter(fake: FakeTwilio) -> None:
    client = fake.client()
    with pytest.raises(BadRequestError) as info:
        client.messages.create(to=TO, body="no sender")
    assert info.value.code == 21603 and "From" in info.value.message
    with pytest.raises(NotFoundError):
        client.messages("SM" + "0" * 32).fetch()
    with pytest.raises(BadRequestError) as magic:
        client.messages.create(to="+15005550001", from_=FROM, body="x")
    assert magic.value.code == 21211


# -- state -------------------------------------------------------------------------------


def test_issue_example(twilio_fake: FakeTwilio) -> None:
    client = twilio_fake.client()
    msg = client.messages.create(to=TO, from_=FROM, body="Hi")
    assert client.messages(msg.sid).fetch().body == "Hi"
    assert [m.sid for m in client.messages.list()] == [msg.sid]
    assert [r.operation_id for r in twilio_fake.requests] == [
        "CreateMessage",
        "FetchMessage",
        "ListMessage",
    ]


def test_message_status_flow_and_filters(fake: FakeTwilio) -> None:
    client = fake.client()
    msg = client.messages.create(to=TO, from_=FROM, body="Hi", media_url=["https://x/a.png"])
    assert (msg.status, msg.num_media, msg.account_sid) == ("queued", "1", fake.account_sid)
    seen = [msg.status]
    for _ in range(3):
        fake.advance()
        seen.append(client.messages(msg.sid).fetch().status)
    assert seen == ["queued", "sent", "delivered", "delivered"]
    other = client.messages.create(to="+15005550010", from_=FROM, body="lost")
    fake.settle()
    assert client.messages(other.sid).fetch().status == "undelivered"
    assert [m.sid for m in client.messages.list(to=TO)] == [msg.sid]
    client.messages(msg.sid).update(body="")
    assert client.messages(msg.sid).fetch().body == ""
    client.messages(msg.sid).delete()
    assert [m.sid for m in client.messages.list()] == [other.sid]


def test_calls(fake: FakeTwilio) -> None:
    client = fake.client()
    call = client.calls.create(to=TO, from_=FROM, twiml="<Response><Say>Hi</Say></Response>")
    assert call.status == "queued"
    fake.advance(2)
    assert client.calls(call.sid).fetch().status == "in-progress"
    rec = client.calls(call.sid).recordings.create()
    assert rec.call_sid == call.sid
    client.calls(call.sid).update(status="completed")
    done = client.calls(call.sid).fetch()
    assert (done.status, done.duration) == ("completed", "42")
    fake.settle()
    assert client.recordings(rec.sid).fetch().status == "completed"
    by_url = client.calls.create(to=TO, from_=FROM, url="https://example.com/voice", record=True)
    fake.settle()
    recordings = client.calls(by_url.sid).recordings.list()
    assert len(recordings) == 1
    transcripts = client.recordings(recordings[0].sid).transcriptions.list()
    assert transcripts[0].transcription_text == "Hello from the fake Twilio."
    assert client.transcriptions(transcripts[0].sid).fetch().status == "completed"


def test_numbers_search_buy_and_move(fake: FakeTwilio) -> None:
    client = fake.client()
    found = client.available_phone_numbers("US").local.list(area_code=510, limit=3)
    assert [n.phone_number for n in found] == ["+15105550100", "+15105550101", "+15105550102"]
    bought = client.incoming_phone_numbers.create(phone_number=found[0].phone_number)
    assert bought.sid.startswith("PN")
    again = client.available_phone_numbers("US").local.list(area_code=510, limit=1)
    assert again[0].phone_number == "+15105550101"  # the bought one is no longer offered
    with pytest.raises(BadRequestError) as taken:
        client.incoming_phone_numbers.create(phone_number=found[0].phone_number)
    assert taken.value.code == 21422
    sub = client.create_subaccount("team")
    moved = client.move_phone_number(bought.sid, fake.account_sid, sub.sid)
    assert moved.account_sid == sub.sid
    assert client.incoming_phone_numbers.list() == []
    assert [n.sid for n in client.for_account(sub.sid).incoming_phone_numbers.list()] == [
        bought.sid
    ]
    client.close_subaccount(sub.sid)
    assert client.api.v2010.accounts(sub.sid).fetch().status == "closed"
    assert client.for_account(sub.sid).incoming_phone_numbers.list() == []  # released
    assert client.find_subaccount("team") is not None


def test_applications_and_caller_ids(fake: FakeTwilio) -> None:
    client = fake.client()
    app = client.applications.create(friendly_name="IVR", voice_url="https://x/voice")
    assert client.applications(app.sid).fetch().voice_url == "https://x/voice"
    client.applications(app.sid).update(friendly_name="IVR 2")
    assert [a.friendly_name for a in client.applications.list()] == ["IVR 2"]
    call = client.calls.create(to=TO, from_=FROM, application_sid=app.sid)
    assert call.sid.startswith("CA")
    with pytest.raises(BadRequestError) as info:
        client.calls.create(to=TO, from_=FROM, application_sid="AP" + "1" * 32)
    assert info.value.code == 21218
    validation = client.validation_requests.create(phone_number=TO, friendly_name="me")
    assert len(validation.validation_code) == 6
    caller_ids = client.outgoing_caller_ids.list()
    assert [c.phone_number for c in caller_ids] == [TO]
    client.outgoing_caller_ids(caller_ids[0].sid).delete()
    assert client.outgoing_caller_ids.list() == []


def test_conferences_and_participants(fake: FakeTwilio) -> None:
    client = fake.client()
    p1 = client.conferences("standup").participants.create(from_=FROM, to=TO)
    p2 = client.conferences("standup").participants.create(from_=FROM, to="+15558675311")
    conference = client.conferences.list(friendly_name="standup")[0]
    assert conference.status == "in-progress"
    listed = client.conferences(conference.sid).participants.list()
    assert {p.call_sid for p in listed} == {p1.call_sid, p2.call_sid}
    client.conferences(conference.sid).participants(p1.call_sid).update(muted=True)
    assert client.conferences(conference.sid).participants(p1.call_sid).fetch().muted is True
    client.conferences(conference.sid).update(status="completed")
    assert client.conferences(conference.sid).participants.list() == []
    assert client.calls(p2.call_sid).fetch().status == "completed"


def test_example_answered_operation(fake: FakeTwilio) -> None:
    client = fake.client()
    verification = client.verify.v2.services("VA" + "a" * 32).verifications.create(
        to=TO, channel="sms"
    )
    assert verification.status == "pending"
    assert fake.requests[-1].operation_id == "CreateVerification"


def test_async_client(fake: FakeTwilio) -> None:
    async def run() -> list[str]:
        async with fake.async_client() as client:
            await client.messages.create(to=TO, from_=FROM, body="a")
            await client.messages.create(to=TO, from_=FROM, body="b")
            return [m.body async for m in client.messages.stream(page_size=1)]

    assert asyncio.run(run()) == ["b", "a"]


# -- paging ------------------------------------------------------------------------------


def test_paging_v2010_envelope(fake: FakeTwilio) -> None:
    client = fake.client()
    sids = [client.messages.create(to=TO, from_=FROM, body=str(i)).sid for i in range(7)]
    page = client.messages.page(page_size=3)
    assert [m.sid for m in page] == sids[::-1][:3]
    second = page.next_page()
    assert second is not None and [m.sid for m in second] == sids[::-1][3:6]
    assert [m.body for m in client.messages.stream(page_size=2)] == [
        str(i) for i in range(6, -1, -1)
    ]
    assert len(client.messages.list(limit=5, page_size=2)) == 5
    pages = [r.params.get("PageSize") for r in fake.requests if r.operation_id == "ListMessage"]
    assert pages[-3:] == ["2", "2", "2"]


def test_paging_meta_envelope(fake: FakeTwilio) -> None:
    client = fake.client()
    made = [client.verify.v2.services.create(friendly_name=f"svc {i}").sid for i in range(5)]
    listed = [s.sid for s in client.verify.v2.services.stream(page_size=2)]
    assert listed == made[::-1]
    body = raw(fake).get("https://verify.twilio.com/v2/Services", params={"PageSize": 2}).json()
    assert body["meta"]["key"] == "services" and body["meta"]["next_page_url"].startswith(
        "https://verify.twilio.com/v2/Services?"
    )


# -- faults ------------------------------------------------------------------------------


def test_rate_limit_with_retry_after(fake: FakeTwilio) -> None:
    fault = fake.fail("CreateMessage", status=429, retry_after=2)
    msg = fake.client().messages.create(to=TO, from_=FROM, body="x")
    assert msg.sid and fault.hits == 1 and fake.sleeps == [2.0]
    assert [r.status for r in fake.requests] == [429, 201]


def test_rate_limit_exhausts_retries(fake: FakeTwilio) -> None:
    fake.fail(status=429, times=None, retry_after=0)
    with pytest.raises(RateLimitError) as info:
        fake.client(max_retries=1).messages.list()
    assert info.value.code == 20429 and len(fake.requests) == 2


def test_server_errors_next_n_requests(fake: FakeTwilio) -> None:
    fake.fail(status=503, times=2)
    client = fake.client()
    assert client.messages.list() == []  # a GET is retried on 5xx
    assert [r.status for r in fake.requests] == [503, 503, 200]
    fake.fail("CreateMessage", status=500)
    with pytest.raises(ServerError):  # a POST is not retried once it may have arrived
        client.messages.create(to=TO, from_=FROM, body="x")
    client.messages.create(to=TO, from_=FROM, body="x")


def test_timeouts(fake: FakeTwilio) -> None:
    fake.fail("CreateMessage", timeout="read")
    client = fake.client()
    with pytest.raises(TwilioTimeoutError):
        client.messages.create(to=TO, from_=FROM, body="x")
    fake.fail(timeout="connect")
    assert client.messages.list() == []  # connect timeouts are retried
    assert [r.status for r in fake.requests][-2:] == [0, 200]


def test_fault_names_an_operation(fake: FakeTwilio) -> None:
    with pytest.raises(ValueError):
        fake.fail("CreateMessagez")
    fake.fail("api.v2010.accounts(AccountSid).calls.create", status=500)
    fake.client().messages.list()  # other operations are not affected


# -- status callbacks --------------------------------------------------------------------


def test_status_callbacks_are_signed_into_a_webhook_app() -> None:
    fake = FakeTwilio()
    app = WebhookApp(fake.auth_token)
    seen: list[tuple[Any, Any]] = []

    @app.on(events.MessageStatus)
    def message_status(event: events.MessageStatus) -> None:
        seen.append((event.message_sid, event.message_status))

    @app.on(events.CallStatus)
    async def call_status(event: events.CallStatus) -> None:
        seen.append((event.call_sid, event.call_status))

    fake.attach(app)
    client = fake.client()
    hook = "https://hooks.example.com/status"
    msg = client.messages.create(to=TO, from_=FROM, body="x", status_callback=hook)
    call = client.calls.create(
        to=TO,
        from_=FROM,
        url="https://x/v",
        status_callback=hook,
        status_callback_event=["initiated", "ringing", "answered", "completed"],
    )
    delivered = fake.settle()
    assert [c.status for c in delivered] == [200] * len(delivered)
    assert (msg.sid, "sent") in seen and (msg.sid, "delivered") in seen
    assert [s for sid, s in seen if sid == call.sid] == ["ringing", "in-progress", "completed"]
    first = delivered[0]
    assert RequestValidator(fake.auth_token).validate(first.url, first.params, first.signature)


def test_callback_refused_by_the_app_is_a_notification() -> None:
    fake = FakeTwilio(webhook_app=WebhookApp("another-token"))
    client = fake.client()
    client.messages.create(to=TO, from_=FROM, body="x", status_callback="https://h.example/s")
    fake.settle()
    assert {c.status for c in fake.callbacks} == {403}
    notes = client.notifications.list()
    assert notes and notes[0].error_code == "11200"
    assert client.notifications(notes[0].sid).fetch().request_url == "https://h.example/s"


def test_auto_advance_async_callbacks() -> None:
    fake = FakeTwilio(auto_advance=True)
    app = WebhookApp(fake.auth_token)
    statuses: list[Any] = []

    @app.on(events.MessageStatus)
    async def on_status(event: events.MessageStatus) -> None:
        statuses.append(event.message_status)

    fake.attach(app)

    async def run() -> list[Any]:
        async with fake.async_client() as client:
            msg = await client.messages.create(
                to=TO, from_=FROM, body="x", status_callback="https://h.example/s"
            )
            # each request moves the flows one step, after it is answered
            first = await client.messages(msg.sid).fetch()
            second = await client.messages(msg.sid).fetch()
            return [msg.status, first.status, second.status]

    assert asyncio.run(run()) == ["queued", "sent", "delivered"]
    assert statuses == ["sent", "delivered"]


def test_oauth_token_endpoint_needs_no_basic_auth(fake: FakeTwilio) -> None:
    # `security: []` in the spec: the token endpoint authenticates by its form fields, so an
    # Organizations client (bearer tokens only) gets its token from the fake.
    from twilio_sdk import Client
    from twilio_sdk.credential import OrgsCredentialProvider

    orgs = Client(
        credential_provider=OrgsCredentialProvider("OQ" + "0" * 32, "secret"),
        http_client=httpx.Client(transport=fake),
    )
    orgs.preview_iam.organization("OR" + "0" * 32).accounts.list()
    assert [(r.operation_id, r.status) for r in fake.requests] == [
        ("CreateToken", 201),
        ("ListOrganizationAccounts", 200),
    ]
    anonymous = httpx.Client(transport=fake)
    response = anonymous.get("https://api.twilio.com" + messages_url(fake))
    assert response.status_code == 401  # everything else still needs credentials
