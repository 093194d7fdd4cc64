"""Hand-written fast paths give exactly what the standard library gives (hypothesis)."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from email.utils import format_datetime, parsedate_to_datetime
from urllib.parse import urlencode

from hypothesis import example, given
from hypothesis import strategies as st

from twilio_sdk._models import parse_datetime
from twilio_sdk._wire import form_encode
from twilio_sdk.twiml import GenericNode, TwiML

# Every ASCII character, and non-ASCII ones of 2, 3 and 4 UTF-8 bytes (a fixed alphabet: no
# Unicode table to build, so the first draw is quick).
_ALPHABET = [chr(code) for code in range(128)] + list("éß\u00a0\u2028☃日本😀")
_text = st.text(st.sampled_from(_ALPHABET), max_size=40)


@given(st.lists(st.tuples(_text, _text), max_size=6))
@example([("To", "+15558675310"), ("Body", "Hé & ☃ 100% = ok?")])
@example([("A", "")])
def test_form_encode_is_urlencode(pairs: list[tuple[str, str]]) -> None:
    assert form_encode(pairs) == urlencode(pairs).encode("ascii")


def test_form_encode_leaves_other_types_to_urlencode() -> None:
    pairs = [("N", 5), ("B", b"a b"), ("F", 1.5)]
    assert form_encode(pairs) == urlencode(pairs).encode("ascii")


@given(st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31)))
def test_the_2010_api_dates_parse_as_email_utils_parses_them(value: dt.datetime) -> None:
    text = format_datetime(value.replace(microsecond=0, tzinfo=dt.UTC))  # Twilio's form
    parsed = parse_datetime(text)
    assert parsed == parsedate_to_datetime(text)
    assert parsed.utcoffset() == dt.timedelta(0)


@given(_text)
@example("Thu, 30 Jul 2015 20:12:31 -0000")
@example("Thu, 31 Feb 2015 20:12:31 +0000")
@example("Thu, 30 Jul 2015 20:12:31 +0100")
@example("Thu, 30 Xyz 2015 20:12:31 +0000")
@example("Thu, 3a Jul 2015 20:12:31 +0000")
@example("Thu, 30 Jul 2015 20:12:3\uff11 +0000")  # a fullwidth digit
@example("Thu, 30 Jul 2015 24:00:00 +0000")
@example("Thu, 30 Jul 0999 20:12:31 +0000")
@example("Thu, 30 Jul 2015 20:12.31 +0000")
@example("Thu, 30 Jul +015 20:12:31 +0000")
@example("1hu, 30 Jul 2015 20:12:31 +0000")
@example("Thu, 00 Jul 2015 20:12:31 +0000")
def test_other_date_text_is_left_to_email_utils(text: str) -> None:
    def outcome(parse: object) -> object:
        try:
            return parse(text)  # type: ignore[operator]
        except Exception as exc:  # noqa: BLE001 - compared by type
            return type(exc)

    if not text[:1].isdigit():
        assert outcome(parse_datetime) == outcome(parsedate_to_datetime)


# TwiML trees of any shape: elements with or without text and attributes, text between them
# (empty too), values needing escaping (attribute line ends and tabs), a namespaced name.
_XML_TEXT = st.text(st.sampled_from(list("a &<>\"'\r\n\t=é☃")), max_size=8)
_XML_NAMES = st.sampled_from(["Say", "Play", "x", "xml:lang", "{urn:x}Custom"])


def _element(children: list[TwiML | str], name: str, text: str, attrs: dict[str, str]) -> TwiML:
    element = GenericNode(name, text or None, **attrs)
    for child in children:
        element.nest(child)
    return element


_TWIML = st.recursive(
    st.builds(_element, st.just([]), _XML_NAMES, _XML_TEXT, st.dictionaries(_XML_NAMES, _XML_TEXT)),
    lambda inner: st.builds(
        _element,
        st.lists(st.one_of(inner, _XML_TEXT), max_size=4),
        _XML_NAMES,
        _XML_TEXT,
        st.dictionaries(_XML_NAMES, _XML_TEXT, max_size=3),
    ),
    max_leaves=12,
)


@given(_TWIML)
def test_twiml_renders_as_element_tree_writes_it(element: TwiML) -> None:
    assert element.to_xml(xml_declaration=False) == ET.tostring(element.xml(), encoding="unicode")
    assert element.to_xml().startswith('<?xml version="1.0" encoding="UTF-8"?>')
