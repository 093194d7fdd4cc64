"""FakeTwilio checks numbers and bodies as Twilio does: one case per rule of
``NUMBER_RULES`` (twilio_sdk/testing/_validate.py), the accepted address kinds, and the magic
test numbers."""

from __future__ import annotations

from typing import Any

import pytest

from twilio_sdk import BadRequestError
from twilio_sdk.testing import FakeTwilio, _validate

TO, FROM = "+15558675310", "+15017122661"
TWIML = "<Response><Say>Hi</Say></Response>"

# rule: (resource, form, code)
CASES: dict[str, tuple[str, dict[str, Any], int]] = {
    "to_required": ("messages", {"From": FROM, "Body": "x"}, 21604),
    "from_required": ("messages", {"To": TO, "Body": "x"}, 21603),
    "body_required": ("messages", {"To": TO, "From": FROM}, 21602),
    "body_required_service": (
        "messages",
        {"To": TO, "MessagingServiceSid": "MG" + "0" * 32},
        21619,
    ),
    "to_invalid": ("messages", {"To": "abc", "From": FROM, "Body": "x"}, 21211),
    "from_invalid": ("messages", {"To": TO, "From": "+1", "Body": "x"}, 21212),
    "same_to_and_from": ("messages", {"To": TO, "From": TO, "Body": "x"}, 21266),
    "channel_mismatch": (
        "messages",
        {"To": TO, "From": "whatsapp:+14155238886", "Body": "x"},
        21910,
    ),
    "body_too_long": ("messages", {"To": TO, "From": FROM, "Body": "x" * 1601}, 21617),
    "too_many_media": (
        "messages",
        {"To": TO, "From": FROM, "MediaUrl": [f"https://x/{i}.png" for i in range(11)]},
        21623,
    ),
    "call_to_required": ("calls", {"From": FROM, "Twiml": TWIML}, 21201),
    "call_from_required": ("calls", {"To": TO, "Twiml": TWIML}, 21213),
    "call_to_invalid": ("calls", {"To": "12", "From": FROM, "Twiml": TWIML}, 21211),
    "call_from_invalid": (
        "calls",
        {"To": TO, "From": "whatsapp:+14155238886", "Twiml": TWIML},
        21212,
    ),
}


@pytest.fixture
def fake() -> FakeTwilio:
    return FakeTwilio()


def post(fake: FakeTwilio, resource: str, form: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    from httpx import Client

    path = "Messages" if resource == "messages" else "Calls"
    with Client(transport=fake, auth=(fake.account_sid, fake.auth_token)) as http:
        response = http.post(
            f"https://api.twilio.com/2010-04-01/Accounts/{fake.account_sid}/{path}.json",
            data=form,
        )
    return response.status_code, response.json()


def test_every_number_rule_has_a_case_and_a_row_in_the_table() -> None:
    assert set(CASES) == set(_validate.NUMBER_RULES)
    table = _validate.__doc__ or ""
    for rule, (code, _) in _validate.NUMBER_RULES.items():
        row = next((line for line in table.splitlines() if line.startswith(f"``{rule}``")), "")
        assert str(code) in row, rule


@pytest.mark.parametrize("rule", sorted(CASES))
def test_number_rule(fake: FakeTwilio, rule: str) -> None:
    resource, form, code = CASES[rule]
    status, body = post(fake, resource, form)
    assert (status, body["code"]) == (400, code), body
    assert body["message"] == _validate.NUMBER_RULES[rule][1].format(
        to=form.get("To"), from_=form.get("From")
    )
    assert body["more_info"] == f"https://www.twilio.com/docs/errors/{code}"
    assert fake.requests[-1].status == 400
    assert fake.records(resource) == []  # nothing was created


@pytest.mark.parametrize("to", ["abc", "", "12", "+1", "+0155586753", "15558675310", "+1 555 867"])
def test_malformed_to_numbers_are_21211(fake: FakeTwilio, to: str) -> None:
    # the four the issue found, and: a leading 0, no +, spaces
    status, body = post(fake, "messages", {"To": to, "From": FROM, "Body": "x"})
    assert (status, body["code"]) == (400, 21211), body


def test_the_sdk_raises_a_typed_error_with_twilios_code(fake: FakeTwilio) -> None:
    client = fake.client()
    with pytest.raises(BadRequestError) as caught:
        client.messages.create(to="abc", from_=FROM, body="Hi")
    assert caught.value.code == 21211
    assert caught.value.message == "The 'To' number abc is not a valid phone number."


@pytest.mark.parametrize(
    ("to", "sender"),
    [
        (TO, FROM),  # E.164
        ("+447700900123", "+12025550123"),  # 8-15 digits
        ("+12345678", "+123456789012345"),
        ("whatsapp:+15558675310", "whatsapp:+14155238886"),
        ("messenger:1234567890", "messenger:9876543210"),
        (TO, "22395"),  # a short code
        (TO, "MyBrand"),  # an alphanumeric sender ID
        (TO, "ACME Co-op"),
    ],
)
def test_message_addresses_twilio_accepts(fake: FakeTwilio, to: str, sender: str) -> None:
    status, body = post(fake, "messages", {"To": to, "From": sender, "Body": "x"})
    assert status == 201, body
    assert (body["to"], body["from"]) == (to, sender)


@pytest.mark.parametrize(
    "sender", ["TwelveChars1", "12345678901", "123456789", "whatsapp:Brand", "messenger:"]
)
def test_message_senders_twilio_refuses(fake: FakeTwilio, sender: str) -> None:
    # alphanumeric IDs are at most 11 characters with a letter; short codes 3-8 digits
    status, body = post(fake, "messages", {"To": TO, "From": sender, "Body": "x"})
    assert (status, body["code"]) == (400, 21212), body


def test_short_codes_and_alphanumerics_cannot_be_a_to(fake: FakeTwilio) -> None:
    for to in ("22395", "MyBrand", "client:alice"):
        status, body = post(fake, "messages", {"To": to, "From": FROM, "Body": "x"})
        assert (status, body["code"]) == (400, 21211), (to, body)


def test_messaging_service_and_media_only_and_content(fake: FakeTwilio) -> None:
    service = "MG" + "0" * 32
    ok = [
        {"To": TO, "MessagingServiceSid": service, "Body": "x"},
        {"To": TO, "From": FROM, "MediaUrl": ["https://x/a.png"]},
        {"To": TO, "From": FROM, "ContentSid": "HX" + "0" * 32},
        {"To": TO, "From": FROM, "Body": "x" * 1600},
        {"To": TO, "From": FROM, "MediaUrl": [f"https://x/{i}.png" for i in range(10)]},
    ]
    for form in ok:
        status, body = post(fake, "messages", form)
        assert status == 201, (form, body)
    status, body = post(fake, "messages", {"To": TO, "From": FROM, "Body": ""})
    assert body["code"] == 21602  # an empty body is no body


@pytest.mark.parametrize(
    ("to", "sender"),
    [
        (TO, FROM),
        ("client:alice", FROM),
        ("sip:alice@example.sip.twilio.com", FROM),
        ("sips:bob@example.com", "client:support_desk"),
    ],
)
def test_call_addresses_twilio_accepts(fake: FakeTwilio, to: str, sender: str) -> None:
    status, body = post(fake, "calls", {"To": to, "From": sender, "Twiml": TWIML})
    assert status == 201, body


@pytest.mark.parametrize("to", ["whatsapp:+15558675310", "sip:nohost", "client:", "abc", "+1"])
def test_call_destinations_twilio_refuses(fake: FakeTwilio, to: str) -> None:
    status, body = post(fake, "calls", {"To": to, "From": FROM, "Twiml": TWIML})
    assert (status, body["code"]) == (400, 21211), body


@pytest.mark.parametrize(
    ("form", "code"),
    [
        ({"To": "+15005550001", "From": FROM}, 21211),
        ({"To": "+15005550002", "From": FROM}, 21612),
        ({"To": "+15005550003", "From": FROM}, 21408),
        ({"To": "+15005550004", "From": FROM}, 21610),
        ({"To": "+15005550009", "From": FROM}, 21614),
        ({"To": TO, "From": "+15005550001"}, 21212),
        ({"To": TO, "From": "+15005550007"}, 21606),
        ({"To": TO, "From": "+15005550008"}, 21611),
    ],
)
def test_magic_message_numbers(fake: FakeTwilio, form: dict[str, str], code: int) -> None:
    status, body = post(fake, "messages", {**form, "Body": "x"})
    assert (status, body["code"]) == (400, code), body


def test_magic_undeliverable_number_is_accepted_then_fails(fake: FakeTwilio) -> None:
    client = fake.client()
    msg = client.messages.create(to="+15005550010", from_=FROM, body="x")
    fake.settle()
    assert client.messages(str(msg.sid)).fetch().error_code == 30003


@pytest.mark.parametrize(
    ("form", "code"),
    [
        ({"To": "+15005550001", "From": FROM}, 21217),
        ({"To": "+15005550002", "From": FROM}, 21214),
        ({"To": "+15005550003", "From": FROM}, 21215),
        ({"To": "+15005550004", "From": FROM}, 21216),
        ({"To": TO, "From": "+15005550001"}, 21212),
    ],
)
def test_magic_call_numbers(fake: FakeTwilio, form: dict[str, str], code: int) -> None:
    status, body = post(fake, "calls", {**form, "Twiml": TWIML})
    assert (status, body["code"]) == (400, code), body


def test_conference_participants_are_checked_as_calls(fake: FakeTwilio) -> None:
    client = fake.client()
    with pytest.raises(BadRequestError) as caught:
        client.conferences("Room").participants.create(from_=FROM, to="not a number")
    assert caught.value.code == 21211
    joined = client.conferences("Room").participants.create(from_=FROM, to="client:alice")
    assert joined.call_sid
