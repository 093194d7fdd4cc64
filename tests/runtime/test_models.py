"""The field-table runtime (`_fields`) and the response models over it (`_models`): what a
record reads, keeps and gives back, on generated models and on small tables of its own shape."""

from __future__ import annotations

import sys
import time
import types
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any, ClassVar

import attrs
import pytest
from twilio_sdk_generated.api.v2010.models import (
    AccountEnumType,
    ApiV2010Account,
    ApiV2010AccountMessage,
    MessageEnumStatus,
)
from twilio_sdk_generated.webhooks import CallStatus, IncomingMessage

from twilio_sdk import InvalidArgumentError, _models
from twilio_sdk._fields import Collector, Fields, FieldTable
from twilio_sdk._webhook_events import Indexed, Record, parse_int

SENT = "Thu, 30 Jul 2015 20:12:31 +0000"
SENT_AT = datetime(2015, 7, 30, 20, 12, 31, tzinfo=UTC)


def fails_with(error: type[Exception]) -> Any:
    def parse(value: Any) -> Any:
        raise error(f"cannot parse {value!r}")

    return parse


@attrs.define(kw_only=True)
class Reading(Fields):
    """Fields of every kind: as sent, renamed, parsed, and parsers that fail."""

    sid: str | None = None
    from_: str | None = None
    count: Any = None
    bad_value: Any = None
    bad_type: Any = None
    bad_attribute: Any = None
    too_big: Any = None

    _FIELDS: ClassVar[FieldTable] = (
        ("from_", "From", None),
        ("count", "Count", int),
        ("bad_value", "BadValue", fails_with(ValueError)),
        ("bad_type", "BadType", fails_with(TypeError)),
        ("bad_attribute", "BadAttribute", fails_with(AttributeError)),
        ("too_big", "TooBig", fails_with(OverflowError)),
    )


# --------------------------------------------------------------------------- the field table


def test_the_table_lists_every_annotated_field_in_order_with_the_listed_rows_in_place() -> None:
    assert [row[:2] for row in Reading._FIELDS] == [
        ("sid", "sid"),
        ("from_", "From"),
        ("count", "Count"),
        ("bad_value", "BadValue"),
        ("bad_type", "BadType"),
        ("bad_attribute", "BadAttribute"),
        ("too_big", "TooBig"),
    ]
    assert Reading._FIELDS[0][2] is None and Reading._FIELDS[2][2] is int
    # a generated model lists four rows; the table has every field
    assert [a for a, _, _ in ApiV2010Account._FIELDS] == [
        "auth_token",
        "date_created",
        "date_updated",
        "friendly_name",
        "owner_account_sid",
        "sid",
        "status",
        "subresource_uris",
        "type",
        "uri",
    ]


def test_a_subclass_has_its_bases_fields_then_its_own() -> None:
    @attrs.define(kw_only=True)
    class Detailed(Reading):
        note: str | None = None
        _FIELDS: ClassVar[FieldTable] = (("note", "Note", str.upper),)

    assert [a for a, _, _ in Detailed._FIELDS][-2:] == ["too_big", "note"]
    assert len(Detailed._FIELDS) == len(Reading._FIELDS) + 1
    record = Detailed._read({"From": "+1555", "Note": "hi"}, {})
    assert (record.from_, record.note) == ("+1555", "HI")
    # the webhook models: an IncomingMessage reads the MessageRequest fields too
    event = IncomingMessage.from_params({"From": "+1555", "Body": "hi", "NumMedia": "0"})
    assert (event.from_, event.body, event.num_media) == ("+1555", "hi", 0)


def test_a_subclass_adding_methods_only_reads_as_its_base() -> None:
    class WithMethod(ApiV2010AccountMessage):
        __slots__ = ()

        def shout(self) -> str:
            return str(self.body).upper()

    assert "_FIELDS" not in WithMethod.__dict__
    record = WithMethod.from_dict({"body": "hi", "date_sent": SENT})
    assert record.shout() == "HI" and record.date_sent == SENT_AT


def test_a_listed_row_without_an_annotation_is_read_too() -> None:
    class Plain(Fields):
        __slots__ = ("values",)
        _FIELDS: ClassVar[FieldTable] = (("extra", "Extra", int),)

        def __init__(self, **values: Any) -> None:
            self.values = values

    assert Plain._read({"Extra": "4"}, {}).values == {"extra": 4}


# --------------------------------------------------------------------------- reading


def test_fields_are_read_under_their_wire_names_and_parsed() -> None:
    data = {"sid": "SM1", "From": "+1555", "Count": "3", "from_": "ignored"}
    record = Reading._read(data, data)
    assert (record.sid, record.from_, record.count) == ("SM1", "+1555", 3)
    assert record._raw is data


def test_a_value_that_does_not_parse_is_kept_as_sent() -> None:
    data = {"Count": "three", "BadValue": 1, "BadType": 2, "BadAttribute": 3, "TooBig": 4}
    record = Reading._read(data, data)
    assert (record.count, record.bad_value, record.bad_type) == ("three", 1, 2)
    assert (record.bad_attribute, record.too_big) == (3, 4)


def test_any_other_error_of_a_parser_is_not_swallowed() -> None:
    @attrs.define(kw_only=True)
    class Strict(Fields):
        value: Any = None
        _FIELDS: ClassVar[FieldTable] = (("value", "value", fails_with(KeyError)),)

    with pytest.raises(KeyError, match="cannot parse 'x'"):
        Strict._read({"value": "x"}, {})


def test_null_and_absent_fields_are_none_and_never_parsed() -> None:
    data = {"Count": None, "BadValue": None}
    record = Reading._read(data, data)
    assert record.count is None and record.bad_value is None and record.too_big is None


def test_an_empty_webhook_parameter_is_none_but_an_empty_model_field_is_kept() -> None:
    event = CallStatus.from_params({"CallDuration": "", "CallStatus": "", "To": ""})
    assert event.call_duration is None and event.call_status is None and event.to == ""
    message = ApiV2010AccountMessage.from_dict({"date_sent": "", "status": ""})
    assert message.date_sent == "" and message.status == ""


def test_a_collected_field_reads_its_numbered_parameters() -> None:
    params = {"NumMedia": "2", "MediaUrl1": "u1", "MediaUrl0": "u0", "MediaContentType0": "a/b"}
    event = IncomingMessage.from_params(params)
    assert [(m.url, m.content_type) for m in event.media] == [("u0", "a/b"), ("u1", None)]
    assert event.additional_properties == {}
    assert IncomingMessage.from_params({"MediaUrlX": "u"}).additional_properties == {
        "MediaUrlX": "u"
    }


def test_collectors_must_say_how_they_read() -> None:
    with pytest.raises(NotImplementedError):
        Collector().collect({}, "Media")
    with pytest.raises(NotImplementedError):
        Collector().names({}, "Media")


# --------------------------------------------------------------------------- what was sent


def test_unknown_fields_are_additional_properties_and_readable_by_name() -> None:
    data = {"sid": "SM1", "From": "+1555", "Count": "3", "brand_new": [1]}
    record = Reading._read(data, data)
    assert record.additional_properties == {"brand_new": [1]}
    assert record["brand_new"] == [1]
    assert record["Count"] == 3 and record["From"] == "+1555"
    with pytest.raises(KeyError, match="from_"):
        record["from_"]  # an attribute name is not a wire name
    with pytest.raises(KeyError, match="missing"):
        record["missing"]


def test_a_record_built_by_its_constructor_has_nothing_else() -> None:
    record = Reading(sid="SM1", count=3)
    assert record.additional_properties == {}
    assert record["Count"] == 3 and record["sid"] == "SM1"
    with pytest.raises(KeyError):
        record["brand_new"]
    event = CallStatus(call_sid="CA1")
    assert event.to_dict() == {} and "CallSid" not in event and event.get("CallSid", 1) == 1


# --------------------------------------------------------------------------- models


def test_from_dict_parses_dates_enums_and_keeps_the_payload() -> None:
    payload = {"sid": "SM1", "date_sent": SENT, "status": "queued", "from": "+1555"}
    message = ApiV2010AccountMessage.from_dict(payload)
    assert message.date_sent == SENT_AT and message.status is MessageEnumStatus.QUEUED
    assert message.from_ == "+1555" and message["from"] == "+1555"
    assert message.additional_properties == {} and message.to_dict()["from"] == "+1555"


def test_type_underscore_is_an_alias_of_a_field_named_type() -> None:
    account = ApiV2010Account.from_dict({"type": "Full", "sid": "AC1"})
    assert account.type_ is AccountEnumType.FULL  # type: ignore[attr-defined]
    for name in ("sid__", "typo_", "_type_", "types"):
        with pytest.raises(AttributeError) as caught:
            getattr(account, name)
        assert str(caught.value) == f"'ApiV2010Account' object has no attribute {name!r}"


def test_to_dict_gives_the_wire_names_and_json_values_and_keeps_what_was_sent() -> None:
    payload = {
        "sid": "SM1",
        "date_sent": SENT,
        "date_created": "not a date",
        "date_updated": None,
        "status": "queued",
        "from": "+1555",
        "brand_new": {"x": 1},
    }
    message = ApiV2010AccountMessage.from_dict(payload)
    assert message.to_dict() == {
        "sid": "SM1",
        "date_sent": "2015-07-30T20:12:31Z",
        "date_created": "not a date",
        "date_updated": None,  # sent as null: kept
        "status": "queued",
        "from": "+1555",
        "brand_new": {"x": 1},
    }
    built = ApiV2010AccountMessage(sid="SM2", body=None, date_sent=SENT_AT)
    assert built.to_dict() == {"sid": "SM2", "date_sent": "2015-07-30T20:12:31Z"}


def test_to_json_converts_nested_models_enums_dates_and_lists() -> None:
    account = ApiV2010Account(sid="AC1", type=AccountEnumType.TRIAL)
    assert _models.to_json([account, None, date(2024, 1, 2)]) == [
        {"sid": "AC1", "type": "Trial"},
        None,
        "2024-01-02",
    ]
    moment = datetime(2024, 1, 2, 4, 4, 5, 120, tzinfo=timezone(timedelta(hours=1)))
    assert _models.to_json(moment) == "2024-01-02T03:04:05.000120Z"
    assert _models.to_json(datetime(2024, 1, 2, 3, 4, 5)) == "2024-01-02T03:04:05Z"
    assert _models.to_json({"a": 1}) == {"a": 1}


def test_instance_methods_need_a_record_read_from_a_resource() -> None:
    message = ApiV2010AccountMessage(sid="SM1")
    with pytest.raises(InvalidArgumentError) as caught:
        message._bound_context()
    assert str(caught.value) == (
        "this ApiV2010AccountMessage is not tied to a resource: instance methods work on "
        "records returned by a client call that carry their identifying fields"
    )
    message._bound = bound = object()
    assert message._bound_context() is bound


def test_a_wire_enum_prints_and_compares_as_its_value() -> None:
    member = AccountEnumType.FULL
    assert (str(member), f"{member}", repr(member)) == ("Full", "Full", "'Full'")
    assert repr([member]) == "['Full']" and member == "Full"


# --------------------------------------------------------------------------- parsers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thu, 30 Jul 2015 20:12:31 +0000", SENT_AT),
        ("Mon, 01 Jan 2024 00:00:00 +0000", datetime(2024, 1, 1, tzinfo=UTC)),
        ("Sun, 31 Dec 2023 23:59:59 +0000", datetime(2023, 12, 31, 23, 59, 59, tzinfo=UTC)),
        ("2015-07-30T20:12:31Z", SENT_AT),
        ("2015-07-30T22:12:31+02:00", SENT_AT),
        ("Thu, 30 Jul 2015 22:12:31 +0200", SENT_AT),  # another offset: email.utils
        ("Thu, 30 Jul 2015 20:12:31 GMT", SENT_AT),  # a zone name: email.utils
    ],
)
def test_parse_datetime_reads_iso_and_rfc_2822(text: str, expected: datetime) -> None:
    parsed = _models.parse_datetime(text)
    assert parsed == expected and parsed.utcoffset() is not None


@pytest.mark.parametrize(
    "text",
    ["Thu, 31 Jun 2015 20:12:31 +0000", "Thu, 30 Jux 2015 20:12:31 +0000", "yesterday", ""],
)
def test_parse_datetime_refuses_what_is_not_a_date(text: str) -> None:
    with pytest.raises((ValueError, TypeError)):
        _models.parse_datetime(text)


def test_the_fast_rfc_2822_reader_checks_shape_month_and_ranges() -> None:
    assert _models._twilio_rfc_2822("Thu, 30 Jul 2015 20:12:31 +0000") == SENT_AT
    assert _models._twilio_rfc_2822("Thu, 30 Jul 2015 20:12:31 +0000 ") is None
    assert _models._twilio_rfc_2822("Thu, 30 Jux 2015 20:12:31 +0000") is None
    assert _models._twilio_rfc_2822("Thu, 31 Jun 2015 20:12:31 +0000") is None
    assert _models._twilio_rfc_2822("Thu, 30 Jul 2015 24:12:31 +0000") is None
    assert _models._twilio_rfc_2822("Thu, 30 Jul 0999 20:12:31 +0000") is None
    assert _models._twilio_rfc_2822("Thu, 30 Jul 2015 20:12:31 +0100") is None
    assert _models._twilio_rfc_2822("thu, 30 jul 2015 20:12:31 +0000") is None
    months = [_models._twilio_rfc_2822(f"Mon, 01 {m} 2024 00:00:00 +0000") for m in _models._MONTHS]
    assert [m.month if m else None for m in months] == list(range(1, 13))


def test_parse_date_reads_the_date_of_a_date_or_datetime() -> None:
    assert _models.parse_date("2024-01-02") == date(2024, 1, 2)
    assert _models.parse_date("2024-01-02T03:04:05Z") == date(2024, 1, 2)


def test_enum_parser_gives_members_and_keeps_unknown_values() -> None:
    parse = _models.enum_parser(AccountEnumType)
    assert parse("Trial") is AccountEnumType.TRIAL
    assert parse("Upgraded") == "Upgraded" and not isinstance(parse("Upgraded"), AccountEnumType)


def test_list_parser_parses_each_item_and_keeps_nulls() -> None:
    assert _models.list_parser(int)(["1", None, "3"]) == [1, None, 3]
    assert _models.list_parser(int)([]) == []


def test_utc_naive_converts_aware_datetimes_and_leaves_naive_ones() -> None:
    aware = datetime(2024, 1, 2, 4, 4, 5, tzinfo=timezone(timedelta(hours=1)))
    assert _models.utc_naive(aware) == datetime(2024, 1, 2, 3, 4, 5)
    assert _models.utc_naive(aware).tzinfo is None
    naive = datetime(2024, 1, 2, 3, 4, 5)
    assert _models.utc_naive(naive) is naive


def test_utc_naive_is_utc_whatever_the_machine_time_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    aware = datetime(2024, 1, 2, 4, 4, 5, tzinfo=timezone(timedelta(hours=1)))
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        assert _models.utc_naive(aware) == datetime(2024, 1, 2, 3, 4, 5)
        assert _models.to_json(aware) == "2024-01-02T03:04:05Z"
    finally:
        monkeypatch.undo()
        time.tzset()


def test_as_json_and_no_content() -> None:
    value = {"a": [1]}
    assert _models.as_json(value) is value
    assert _models.no_content(None) is True and _models.no_content(b"") is True


# --------------------------------------------------------------------------- lazy models


def _module(name: str, **attributes: Any) -> types.ModuleType:
    module = types.ModuleType(name)
    module.__dict__.update(attributes)
    return module


def test_lazy_model_imports_on_first_use_once(monkeypatch: pytest.MonkeyPatch) -> None:
    name = "twilio_sdk_test_lazy_models"
    lazy = _models.LazyModel(name, "ApiV2010Account")
    assert (lazy.module, lazy.name, lazy._cls) == (name, "ApiV2010Account", None)
    monkeypatch.setitem(sys.modules, name, _module(name, ApiV2010Account=ApiV2010Account))
    account = lazy({"sid": "AC1", "type": "Full"})
    assert isinstance(account, ApiV2010Account) and account.type is AccountEnumType.FULL
    assert lazy._cls is ApiV2010Account and lazy.model is ApiV2010Account
    monkeypatch.delitem(sys.modules, name)  # imported once: no import again
    assert lazy({"sid": "AC2"}).sid == "AC2" and lazy.model is ApiV2010Account


def test_model_union_parser_picks_the_model_knowing_most_keys() -> None:
    name = "twilio_sdk_test_union_models"
    sys.modules[name] = _module(name, A=ApiV2010Account, M=ApiV2010AccountMessage)
    try:
        parse = _models.model_union_parser(
            _models.LazyModel(name, "A"), _models.LazyModel(name, "M")
        )
        message = parse({"sid": "SM1", "body": "hi", "num_segments": "1", "type": "x"})
        assert isinstance(message, ApiV2010AccountMessage) and message.body == "hi"
        account = parse({"sid": "AC1", "type": "Full", "auth_token": "t"})
        assert isinstance(account, ApiV2010Account) and account.type is AccountEnumType.FULL
        tie = parse({"sid": "AC1", "uri": "/x"})  # both know both keys: the first
        assert isinstance(tie, ApiV2010Account) and tie.additional_properties == {}
        assert isinstance(parse({"new": 1}), ApiV2010Account)
    finally:
        del sys.modules[name]


def test_lazy_exports_import_a_name_from_its_module_once(monkeypatch: pytest.MonkeyPatch) -> None:
    package = "twilio_sdk_test_lazy_package"
    monkeypatch.setitem(sys.modules, package, _module(package))
    monkeypatch.setitem(sys.modules, f"{package}._inner", _module("inner", Thing=ApiV2010Account))
    getattr_ = _models.lazy_exports(package, {"Thing": "._inner"})
    assert getattr_("Thing") is ApiV2010Account
    assert sys.modules[package].Thing is ApiV2010Account  # cached on the package
    with pytest.raises(AttributeError) as caught:
        getattr_("Other")
    assert str(caught.value) == f"module {package!r} has no attribute 'Other'"


# --------------------------------------------------------------------------- classes made later


def test_a_class_made_at_run_time_gets_its_table_when_it_is_made() -> None:
    # Every class above is made at import; these are made while the test runs.
    class Mixin:
        def describe(self) -> str:
            return type(self).__name__

    @attrs.define(kw_only=True)
    class Base(Fields):
        sid: str | None = None
        count: Any = None
        _note: ClassVar[str] = "not a field"
        _FIELDS: ClassVar[FieldTable] = (("sid", "Sid", None), ("count", "Count", int))

    @attrs.define(kw_only=True)
    class Unlisted(Base, Mixin):
        body: str | None = None
        uri: str | None = None

    @attrs.define(kw_only=True)
    class Renamed(Unlisted):
        sid: str | None = None  # annotated again: still read as its base reads it
        to: str | None = None
        _FIELDS: ClassVar[FieldTable] = (("to", "To", str.strip),)

    assert Base._FIELDS == (("sid", "Sid", None), ("count", "Count", int))
    assert [row[:2] for row in Renamed._FIELDS] == [
        ("sid", "Sid"),
        ("count", "Count"),
        ("body", "body"),
        ("uri", "uri"),
        ("to", "To"),
    ]
    data = {"Sid": "SM1", "Count": "2", "body": "hi", "To": " +1555 ", "count": "x", "new": 1}
    record = Renamed._read(data, data)
    assert (record.sid, record.count, record.body, record.uri, record.to) == (
        "SM1",
        2,
        "hi",
        None,
        "+1555",
    )
    assert record["Count"] == 2 and record["To"] == "+1555" and record["body"] == "hi"
    assert record.additional_properties == {"count": "x", "new": 1}
    assert record.describe() == "Renamed"
    unlisted = Unlisted._read({"body": "hi", "uri": "/x"}, {})
    assert (unlisted.body, unlisted.uri, unlisted["uri"]) == ("hi", "/x", "/x")


def test_a_webhook_model_made_at_run_time_reads_empty_parameters() -> None:
    @attrs.define(kw_only=True)
    class Item(Record):
        url: str | None = None
        _FIELDS: ClassVar[FieldTable] = (("url", "Url", None),)

    @attrs.define(kw_only=True)
    class Event(Record):
        to: str | None = None
        count: int | None = None
        items: list[Item] = attrs.Factory(list)
        _FIELDS: ClassVar[FieldTable] = (
            ("to", "To", None),
            ("count", "Count", parse_int),
            ("items", "Item", Indexed(Item)),
        )

    event = Event.from_params({"To": "", "Count": "", "ItemUrl0": "u0"})
    assert (event.to, event.count, [i.url for i in event.items]) == ("", None, ["u0"])
    assert Event.from_params({"Count": " 7"}).count == 7
    assert event.additional_properties == {} and event["To"] == ""
    with pytest.raises(KeyError):
        event["Item"]  # a collected field is read by its attribute
