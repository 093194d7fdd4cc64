"""Request parameters as they go on the wire, and the errors for values that cannot.

Every argument error names the parameter (README, "Errors") and says what it expected and what
it got; nothing is sent. Calls go through the public client on a mock transport; the encoders
that no generated operation uses yet (`encode_any`, repeated header parameters) are called as
the generated tables would call them.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest
from twilio.base import serialize as official
from twilio.http import HttpClient as OfficialHttpClient
from twilio.http.response import Response as OfficialResponse
from twilio.rest import Client as OfficialClient
from twilio_sdk_generated.content.v1.models import ContentCreateRequest

from twilio_sdk import ArgumentTypeError, Client, InvalidArgumentError
from twilio_sdk._encoding import (
    Param,
    encode_any,
    encode_body,
    encode_int,
    encode_json,
    encode_params,
    encode_str,
)

ACCOUNT = "AC" + "a" * 32
SYNC_SERVICE = "IS" + "1" * 32
NOTIFY_SERVICE = "IS" + "2" * 32
PHONE = "+15108675310"


class Recorder:
    """A Twilio that keeps every request and answers each with `answer`."""

    def __init__(self, answer: dict[str, Any] | None = None) -> None:
        self.answer = answer or {"sid": "XX" + "0" * 32, "phone_number": PHONE}
        self.sent: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        return httpx.Response(200, json=self.answer)


def _client(recorder: Recorder) -> Client:
    return Client(
        ACCOUNT, "token", http_client=httpx.Client(transport=httpx.MockTransport(recorder))
    )


def _form(request: httpx.Request) -> list[tuple[str, str]]:
    return parse_qsl(request.content.decode(), keep_blank_values=True)


def _query(request: httpx.Request) -> list[tuple[str, str]]:
    return list(request.url.params.multi_items())


# --------------------------------------------------------------------------- argument errors

Call = Callable[[Client], object]


def _create_message(**kwargs: Any) -> Call:
    return lambda c: c.messages.create(to=PHONE, from_="+15017122661", **kwargs)


def _create_call(**kwargs: Any) -> Call:
    return lambda c: c.calls.create(to=PHONE, from_="+15017122661", url="https://x.test", **kwargs)


def _local_numbers(**kwargs: Any) -> Call:
    return lambda c: c.available_phone_numbers("US").local.list(**kwargs)


def _bindings(**kwargs: Any) -> Call:
    return lambda c: c.notify.v1.services(NOTIFY_SERVICE).bindings.list(**kwargs)


def _create_document(**kwargs: Any) -> Call:
    return lambda c: c.sync.v1.services(SYNC_SERVICE).documents.create(**kwargs)


def _lookup(**kwargs: Any) -> Call:
    return lambda c: c.lookups.v1.phone_numbers(PHONE).fetch(**kwargs)


BOOL_STRINGS = "'true', 'false', 'True', 'False', 'TRUE', 'FALSE'"

# (call, exception class, the whole message): the parameter's Python name and wire name, what
# it takes and what it was given.
ARGUMENT_ERRORS: list[tuple[Call, type[Exception], str]] = [
    (
        _create_message(body={"text": "hi"}),
        ArgumentTypeError,
        "parameter 'body' (Body): expected a string or a number, got dict",
    ),
    (
        _create_message(media_url=["https://x.test/a.png", None]),
        ArgumentTypeError,
        "parameter 'media_url' (MediaUrl): None inside the list",
    ),
    (
        _create_message(media_url=["https://x.test/a.png", b"raw"]),
        ArgumentTypeError,
        "parameter 'media_url' (MediaUrl): expected a string or a number, got bytes",
    ),
    (
        _create_message(max_price="cheap"),
        InvalidArgumentError,
        "parameter 'max_price' (MaxPrice): expected a number or a string of one, got 'cheap'",
    ),
    (
        _create_message(max_price=float("inf")),
        InvalidArgumentError,
        "parameter 'max_price' (MaxPrice): expected a finite number, got inf",
    ),
    (
        _create_message(max_price=[0.5]),
        ArgumentTypeError,
        "parameter 'max_price' (MaxPrice): expected a number, got list",
    ),
    (
        _create_message(send_at=1_700_000_000),
        ArgumentTypeError,
        "parameter 'send_at' (SendAt): expected a datetime, a date or a string, got int",
    ),
    (
        _create_call(record="yes"),
        InvalidArgumentError,
        f"parameter 'record' (Record): expected a bool or one of {BOOL_STRINGS}, got 'yes'",
    ),
    (
        _create_call(record=1),
        ArgumentTypeError,
        "parameter 'record' (Record): expected a bool, got int",
    ),
    (
        _local_numbers(area_code="51O"),
        InvalidArgumentError,
        "parameter 'area_code' (AreaCode): expected an integer or a string of digits, got '51O'",
    ),
    (
        _local_numbers(area_code=510.0),
        ArgumentTypeError,
        "parameter 'area_code' (AreaCode): expected an integer, got float",
    ),
    (
        _local_numbers(area_code=True),
        ArgumentTypeError,
        "parameter 'area_code' (AreaCode): expected an integer, got bool",
    ),
    (
        _bindings(start_date=20240102),
        ArgumentTypeError,
        "parameter 'start_date' (StartDate): expected a date or a string, got int",
    ),
    (
        _lookup(add_ons_data="payfone"),
        ArgumentTypeError,
        "parameter 'add_ons_data' (AddOnsData): expected a dict, got str",
    ),
    (
        _lookup(add_ons_data={"payfone": {"ids": ["a", "b"]}}),
        ArgumentTypeError,
        "parameter 'add_ons_data' (AddOns.payfone.ids): expected a string or a number, got list",
    ),
]


@pytest.mark.parametrize(("call", "error", "message"), ARGUMENT_ERRORS)
def test_argument_errors_name_the_parameter_and_say_what_it_takes(
    call: Call, error: type[Exception], message: str
) -> None:
    recorder = Recorder()
    with pytest.raises(error) as raised:
        call(_client(recorder))
    assert str(raised.value) == message
    assert recorder.sent == []


@pytest.mark.parametrize(
    ("value", "shown"),
    [("abc\r\nX-Evil: 1", r"'abc\r\nX-Evil: 1'"), ("a\0b", r"'a\x00b'")],
)
def test_header_injection_is_refused_showing_the_value(value: str, shown: str) -> None:
    recorder = Recorder()
    document = _client(recorder).sync.v1.services(SYNC_SERVICE).documents("ET" + "3" * 32)
    with pytest.raises(InvalidArgumentError) as raised:
        document.update(data={"a": 1}, if_match=value)
    assert str(raised.value) == (
        f"parameter 'if_match' (If-Match): a header value may not contain CR, LF or NUL: {shown}"
    )
    assert recorder.sent == []


def test_each_item_of_a_repeated_header_parameter_is_checked_for_injection() -> None:
    # No spec operation has a list header yet; the generated table for one would be this.
    table = (Param("X-Tag", "tag", encode_str, repeated=True),)
    assert encode_params(table, {"tag": ["a", "b"]}, header=True) == [
        ("X-Tag", "a"),
        ("X-Tag", "b"),
    ]
    with pytest.raises(InvalidArgumentError, match=r"^parameter 'tag' \(X-Tag\): a header value"):
        encode_params(table, {"tag": ["a", "b\r\nX-Evil: 1"]}, header=True)
    # The same values in a query are percent-encoded, not refused.
    assert encode_params(table, {"tag": ["b\r\n"]}) == [("X-Tag", "b\r\n")]


def test_a_content_coding_the_sdk_cannot_apply_is_refused_naming_the_ones_it_can() -> None:
    recorder = Recorder()
    recall = _client(recorder).memory.v1.recall("MS" + "1" * 32, "MP" + "1" * 32)
    with pytest.raises(InvalidArgumentError) as raised:
        recall.create({"query": "x"}, content_encoding="br")
    assert str(raised.value) == (
        "parameter 'content_encoding' (Content-Encoding): "
        "cannot encode the request body as 'br'; use one of gzip, deflate"
    )
    with pytest.raises(InvalidArgumentError) as raised:
        encode_body(b"{}", "compress")
    assert str(raised.value) == (
        "cannot encode the request body as 'compress'; use one of gzip, deflate"
    )
    assert recorder.sent == []


# --------------------------------------------------------------------------- JSON parameters


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf")])
def test_a_json_parameter_holding_nan_or_infinity_is_refused(value: float) -> None:
    # json.dumps would write `NaN`/`Infinity`, which is not JSON: Twilio would reject the
    # document, or store something no JSON reader can load.
    recorder = Recorder()
    with pytest.raises(ArgumentTypeError) as raised:
        _create_document(data={"level": value})(_client(recorder))
    assert str(raised.value).startswith(
        "parameter 'data' (Data): expected JSON-serialisable data: Out of range float values"
    )
    assert recorder.sent == []


def test_a_json_parameter_that_is_not_json_is_refused() -> None:
    recorder = Recorder()
    with pytest.raises(ArgumentTypeError) as raised:
        _create_document(data={"when": object()})(_client(recorder))
    assert str(raised.value) == (
        "parameter 'data' (Data): expected JSON-serialisable data: "
        "Object of type object is not JSON serializable"
    )
    assert recorder.sent == []


def test_json_parameters_are_sent_as_the_official_library_sends_them() -> None:
    recorder = Recorder()
    data = {"name": "Zoë", "levels": [1, 2.5, None, True], "nested": {"a": "b"}}
    _create_document(data=data, unique_name="doc")(_client(recorder))
    sent = dict(_form(recorder.sent[0]))
    assert sent["Data"] == official.object(data) == json.dumps(data)
    assert json.loads(sent["Data"]) == data
    # A string is taken to be JSON already and sent as given.
    _create_document(data='{"a": 1}')(_client(recorder))
    assert dict(_form(recorder.sent[1]))["Data"] == '{"a": 1}'


def test_a_model_in_a_json_parameter_is_sent_as_its_wire_json() -> None:
    model = ContentCreateRequest(friendly_name="promo", language="en", types={"twilio/text": {}})
    assert json.loads(encode_json(model)) == {
        "friendly_name": "promo",
        "language": "en",
        "types": {"twilio/text": {}},
    }


@pytest.mark.parametrize(
    ("types", "reason"),
    [
        ({"twilio/text": {"body": float("nan")}}, "Out of range float values"),
        ({"twilio/text": {"body": {1, 2}}}, "Object of type set is not JSON serializable"),
    ],
)
def test_a_json_request_body_that_is_not_json_is_refused(types: Any, reason: str) -> None:
    recorder = Recorder()
    with pytest.raises(ArgumentTypeError) as raised:
        _client(recorder).content.v1.contents.create(ContentCreateRequest(types=types))
    assert str(raised.value).startswith(f"the JSON body is not JSON-serialisable: {reason}")
    assert recorder.sent == []


# --------------------------------------------------------------------------- AddOns maps


class _OfficialRecorder(OfficialHttpClient):
    """The official library's HTTP client, answering every request and keeping its query."""

    def __init__(self) -> None:
        super().__init__(logging.getLogger("official"), False)
        self.params: dict[str, Any] = {}

    def request(self, method: str, url: str, params: Any = None, **kwargs: Any) -> Any:
        self.params = params
        return OfficialResponse(200, json.dumps({"phone_number": PHONE}))


def test_add_ons_data_is_flattened_as_the_official_library_sends_it() -> None:
    add_ons_data = {
        "payfone_tcpa_compliance": {"RightPartyContactedDate": 20160101, "verify": True},
        # A query value may hold a line break (percent-encoded); only headers may not.
        "nomorobo": {"options": {"depth": "full name\nand address"}},
    }
    recorder = Recorder()
    _client(recorder).lookups.v1.phone_numbers(PHONE).fetch(
        add_ons=["payfone_tcpa_compliance", "nomorobo"], add_ons_data=add_ons_data
    )
    theirs = _OfficialRecorder()
    OfficialClient(ACCOUNT, "token", http_client=theirs).lookups.v1.phone_numbers(PHONE).fetch(
        add_ons=["payfone_tcpa_compliance", "nomorobo"], add_ons_data=add_ons_data
    )
    ours = _query(recorder.sent[0])
    assert ours == [
        ("AddOns", "payfone_tcpa_compliance"),
        ("AddOns", "nomorobo"),
        ("AddOns.payfone_tcpa_compliance.RightPartyContactedDate", "20160101"),
        # Each leaf is sent as str() of the value, as `requests` sends the official library's
        # values: not JSON (no quotes around strings), `True` as "True".
        ("AddOns.payfone_tcpa_compliance.verify", "True"),
        ("AddOns.nomorobo.options.depth", "full name\nand address"),
    ]
    official_pairs = [
        (name, str(value))
        for name, values in theirs.params.items()
        for value in (values if isinstance(values, list) else [values])
    ]
    assert ours == official_pairs


# --------------------------------------------------------------------------- other encoders


@pytest.mark.parametrize(
    ("max_price", "sent"),
    [(0.75, "0.75"), (2, "2"), ("0.75", "0.75"), ("-1e3", "-1e3")],
)
def test_numbers_and_numeric_strings_are_sent_as_given(max_price: Any, sent: str) -> None:
    recorder = Recorder()
    _create_message(body="hi", max_price=max_price)(_client(recorder))
    assert ("MaxPrice", sent) in _form(recorder.sent[0])


@pytest.mark.parametrize("max_price", ["1_000", " 0.75", "0.75\n", "nan", "Infinity"])
def test_strings_python_reads_as_numbers_but_twilio_would_not_are_refused(max_price: str) -> None:
    # float() takes underscores, surrounding blanks, "nan" and "Infinity"; Twilio takes none.
    recorder = Recorder()
    with pytest.raises(InvalidArgumentError) as raised:
        _create_message(body="hi", max_price=max_price)(_client(recorder))
    assert str(raised.value) == (
        f"parameter 'max_price' (MaxPrice): expected a number or a string of one, got {max_price!r}"
    )
    assert recorder.sent == []


def test_integers_are_sent_as_given() -> None:
    recorder = Recorder({"available_phone_numbers": [], "next_page_uri": None})
    client = _client(recorder)
    for area_code in (510, "510", "+510"):
        client.available_phone_numbers("US").local.list(area_code=area_code)
    sent = [dict(_query(r))["AreaCode"] for r in recorder.sent]
    assert sent == ["510", "510", "+510"]


def test_an_enum_of_integers_is_sent_as_its_value() -> None:
    class Digits(enum.Enum):
        OAKLAND = 510

    assert encode_int(Digits.OAKLAND) == "510"
    with pytest.raises(ArgumentTypeError, match="^expected an integer, got Tone$"):
        encode_int(enum.Enum("Tone", {"HIGH": "high"}).HIGH)


@pytest.mark.parametrize(
    ("value", "sent"),
    [
        (True, "true"),
        (False, "false"),
        (dt.datetime(2024, 1, 2, 3, 4, 5), "2024-01-02T03:04:05Z"),
        (
            dt.datetime(2024, 1, 2, 5, 4, 5, tzinfo=dt.timezone(dt.timedelta(hours=2))),
            "2024-01-02T03:04:05Z",
        ),
        (dt.date(2024, 1, 2), "2024-01-02T00:00:00Z"),
        ({"a": [1, "b"]}, '{"a": [1, "b"]}'),
        ([1, "b"], '[1, "b"]'),
        (ContentCreateRequest(friendly_name="x"), '{"friendly_name": "x"}'),
        ("text", "text"),
        (42, "42"),
        (2.5, "2.5"),
    ],
)
def test_a_parameter_of_several_types_is_encoded_by_what_the_value_is(
    value: Any, sent: str
) -> None:
    # encode_any serves a spec parameter that is a oneOf (a bool, a date-time, an object ...).
    assert encode_any(value) == sent
