"""Tests for twilio_sdk.twiml: output parity with the official ``twilio`` library, errors, API."""

from __future__ import annotations

import inspect
import types
import typing
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

import pytest
import twilio.twiml as official
import twilio.twiml.fax_response as official_fax
import twilio.twiml.messaging_response as official_messaging
import twilio.twiml.voice_response as official_voice

import twilio_sdk.twiml as twiml
from twilio_sdk.twiml import (
    FaxResponse,
    GenericNode,
    MessagingResponse,
    TwiML,
    TwiMLError,
    VoiceResponse,
    fax_response,
    messaging_response,
    voice_response,
)
from twilio_sdk.twiml._base import _Child

DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'
TRICKY = 'Tom & Jerry <"café"> ☎ 日本'  # needs escaping; non-ASCII


def canonical(doc: Any) -> str:
    """Canonical XML (C14N 2.0) of a document from either library."""
    return ET.canonicalize(doc.to_xml(xml_declaration=False))


def assert_same(mine: Any, theirs: Any) -> None:
    assert canonical(mine) == canonical(theirs)
    assert str(mine).startswith(DECLARATION)


# --- The seed document ------------------------------------------------------------------------


def build_seed(module: Any) -> Any:
    response = module.VoiceResponse()
    response.say("Hello from Twilio!", voice="alice")
    response.play("https://api.twilio.com/cowbell.mp3")
    response.say("Please leave a message after the beep.")
    response.record(max_length=30, finish_on_key="#", action="/handle-recording")
    gather = response.gather(input="dtmf", num_digits=1, action="/menu", method="POST")
    gather.say("Press 1 to hear this again.")
    response.say("Goodbye!")
    response.hangup()
    return response


def test_seed_document_exact_xml() -> None:
    assert str(build_seed(voice_response)) == (
        '<?xml version="1.0" encoding="UTF-8"?>'
        "<Response>"
        '<Say voice="alice">Hello from Twilio!</Say>'
        "<Play>https://api.twilio.com/cowbell.mp3</Play>"
        "<Say>Please leave a message after the beep.</Say>"
        '<Record action="/handle-recording" finishOnKey="#" maxLength="30" />'
        '<Gather action="/menu" input="dtmf" method="POST" numDigits="1">'
        "<Say>Press 1 to hear this again.</Say>"
        "</Gather>"
        "<Say>Goodbye!</Say>"
        "<Hangup />"
        "</Response>"
    )


def test_seed_document_is_byte_identical_to_official() -> None:
    assert str(build_seed(voice_response)) == str(build_seed(official_voice))


def test_to_xml_without_declaration() -> None:
    response = VoiceResponse()
    response.hangup()
    assert response.to_xml(xml_declaration=False) == "<Response><Hangup /></Response>"
    assert response.to_xml() == DECLARATION + "<Response><Hangup /></Response>"


# --- Every builder method, with every declared attribute, against the official library -------


def _hint_parts(hint: object) -> tuple[list[str], bool, set[object]]:
    """(Literal values, whether a list of them is accepted, other leaf types) of a hint."""
    values: list[str] = []
    leaves: set[object] = set()
    multiple = False

    def walk(h: object, in_list: bool) -> None:
        nonlocal multiple
        origin = typing.get_origin(h)
        if origin is Literal:
            values.extend(str(a) for a in typing.get_args(h))
            multiple = multiple or in_list
        elif origin in (typing.Union, types.UnionType):
            for arg in typing.get_args(h):
                walk(arg, in_list)
        elif origin is Sequence:
            leaves.add(Sequence)
            walk(typing.get_args(h)[0], True)
        elif origin is Mapping:
            leaves.add(Mapping)
        else:
            leaves.add(h)

    walk(hint, False)
    return values, multiple, leaves


def sample(name: str, hint: object) -> tuple[object, object]:
    """A representative value for parameter ``name``: (for twilio_sdk, for official twilio).

    Lists are passed to twilio_sdk as Python lists and to the official library as the joined
    string it expects (it would render a list as its Python repr).
    """
    values, multiple, leaves = _hint_parts(hint)
    if values:
        singles = [v for v in values if " " not in v and v not in ("true", "false")]
        if multiple:
            return singles[:2], " ".join(singles[:2])
        return singles[-1], singles[-1]
    if bool in leaves:
        return True, True
    if int in leaves:
        return 7, 7
    if Mapping in leaves:
        return {"selected_product": "manager", "ü": 1}, {"selected_product": "manager", "ü": 1}
    if Sequence in leaves:
        separator = "," if name == "passports" else ", "
        return ["first phrase", "ü & <b>"], separator.join(["first phrase", "ü & <b>"])
    return f"{name}: {TRICKY}", f"{name}: {TRICKY}"


def _builders(cls: type) -> dict[str, type[TwiML]]:
    found = {}
    for name in dir(cls):
        attr = inspect.getattr_static(cls, name)
        if isinstance(attr, _Child):
            found[name] = attr.element_type
    return found


def _all_edges() -> list[tuple[type[TwiML], list[str], str]]:
    """Every (root, path to a parent element, builder method) reachable from the roots."""
    edges: list[tuple[type[TwiML], list[str], str]] = []
    roots: list[type[TwiML]] = [VoiceResponse, MessagingResponse, FaxResponse]
    for root in roots:
        paths: dict[type, list[str]] = {root: []}
        queue: list[type] = [root]
        while queue:
            cls = queue.pop(0)
            for method, element in sorted(_builders(cls).items()):
                edges.append((root, paths[cls], method))
                if element not in paths:
                    paths[element] = [*paths[cls], method]
                    queue.append(element)
    return edges


def _arguments(element: type[TwiML], required_only: bool) -> tuple[dict[str, Any], dict[str, Any]]:
    hints = typing.get_type_hints(element.__init__)
    mine: dict[str, Any] = {}
    theirs: dict[str, Any] = {}
    for param in inspect.signature(element).parameters.values():
        if param.kind is param.VAR_KEYWORD:
            continue
        if required_only and param.default is not param.empty:
            continue
        mine[param.name], theirs[param.name] = sample(param.name, hints[param.name])
    return mine, theirs


_OFFICIAL_MODULES = {
    VoiceResponse: official_voice,
    MessagingResponse: official_messaging,
    FaxResponse: official_fax,
}
_OFFICIAL_ROOTS = {root: getattr(m, root.__name__) for root, m in _OFFICIAL_MODULES.items()}
EDGES = _all_edges()


@pytest.mark.parametrize(
    ("root", "path", "method"),
    EDGES,
    ids=[".".join([r.__name__, *p, m]) for r, p, m in EDGES],
)
def test_every_builder_matches_official(root: type[TwiML], path: list[str], method: str) -> None:
    mine: Any = root()
    theirs: Any = _OFFICIAL_ROOTS[root]()
    mine_doc, theirs_doc = mine, theirs
    for step in path:  # build the parent chain with required arguments only
        element = _builders(type(mine))[step]
        mine_args, their_args = _arguments(element, required_only=True)
        mine = getattr(mine, step)(**mine_args)
        theirs = getattr(theirs, step)(**their_args)

    element = _builders(type(mine))[method]
    mine_args, their_args = _arguments(element, required_only=False)
    extra = {"future_attribute": "x", "camelName": 1}  # **kwargs pass straight through
    child = getattr(mine, method)(**mine_args, **extra)
    their_child = getattr(theirs, method)(**their_args, **extra)

    assert isinstance(child, element)
    assert type(child).__name__ == type(their_child).__name__
    assert_same(mine_doc, theirs_doc)
    # Required arguments only gives the same document too.
    mine_args, their_args = _arguments(element, required_only=True)
    assert canonical(getattr(type(mine)(), method)(**mine_args)) == canonical(
        getattr(type(theirs)(), method)(**their_args)
    )


def test_every_element_class_is_covered() -> None:
    covered: set[type] = set()
    for root, path, method in EDGES:
        cls: type = root
        for step in [*path, method]:
            cls = _builders(cls)[step]
        covered.add(cls)
    element_classes = {
        obj
        for module in (voice_response, messaging_response, fax_response)
        for name, obj in vars(module).items()
        if isinstance(obj, type)
        and not name.startswith("_")
        and issubclass(obj, TwiML)
        and obj not in (TwiML, GenericNode, VoiceResponse, MessagingResponse, FaxResponse)
    }
    assert element_classes <= covered


# --- API parity with the official library ------------------------------------------------------


def _official_methods() -> list[tuple[Any, str, str]]:
    found = []
    for module, mine in (
        (official_voice, voice_response),
        (official_messaging, messaging_response),
        (official_fax, fax_response),
    ):
        for name, cls in vars(module).items():
            if isinstance(cls, type) and issubclass(cls, official.TwiML) and name != "TwiML":
                for method in [m for m in vars(cls) if not m.startswith("_")] or ["__init__"]:
                    found.append((mine, name, method))
    return found


OFFICIAL_METHODS = _official_methods()


def _shape(signature: inspect.Signature) -> list[tuple[str, Any, bool]]:
    return [
        (p.name, p.kind, p.default is p.empty)
        for p in signature.parameters.values()
        if p.name != "self"
    ]


@pytest.mark.parametrize(
    ("module", "class_name", "method"),
    OFFICIAL_METHODS,
    ids=[f"{m.__name__.rsplit('.', 1)[1]}.{c}.{n}" for m, c, n in OFFICIAL_METHODS],
)
def test_same_classes_methods_and_parameters_as_official(
    module: Any, class_name: str, method: str
) -> None:
    official_module = {
        voice_response: official_voice,
        messaging_response: official_messaging,
        fax_response: official_fax,
    }[module]
    mine = getattr(module, class_name)
    assert issubclass(mine, TwiML)
    if method == "__init__":
        return
    builder = inspect.getattr_static(mine, method)
    assert isinstance(builder, _Child)
    official_fn = getattr(getattr(official_module, class_name), method)
    assert _shape(inspect.signature(builder.element_type)) == _shape(inspect.signature(official_fn))


def test_no_builders_beyond_official() -> None:
    for module, official_module in (
        (voice_response, official_voice),
        (messaging_response, official_messaging),
        (fax_response, official_fax),
    ):
        for name, cls in vars(module).items():
            if isinstance(cls, type) and issubclass(cls, TwiML) and not name.startswith("_"):
                official_cls = getattr(official_module, name, None)
                if official_cls is None:  # TwiML, GenericNode, TwiMLError re-exports
                    continue
                for method in _builders(cls):
                    assert hasattr(official_cls, method), f"{name}.{method}"


def test_official_import_paths() -> None:
    from twilio_sdk.twiml.fax_response import FaxResponse as Fax
    from twilio_sdk.twiml.messaging_response import Body, Media, Message, MessagingResponse
    from twilio_sdk.twiml.voice_response import Dial, Gather, Say, VoiceResponse

    assert Fax is FaxResponse and MessagingResponse is twiml.MessagingResponse
    assert VoiceResponse is twiml.VoiceResponse
    assert {Body, Media, Message, Dial, Gather, Say}  # importable
    assert twiml.TwiMLException is TwiMLError and issubclass(TwiMLError, ValueError)


def test_builders_have_declared_types() -> None:
    # pyright --verifytypes counts a public class variable whose type is only inferred as
    # ambiguous; a builder is declared ``Final``, which makes its inferred type the declared one.
    undeclared = [
        f"{cls.__name__}.{name}"
        for module in (voice_response, messaging_response, fax_response, twiml._base)
        for cls in vars(module).values()
        if isinstance(cls, type) and issubclass(cls, TwiML) and cls.__module__ == module.__name__
        for name, attr in vars(cls).items()
        if isinstance(attr, _Child) and name not in cls.__dict__.get("__annotations__", {})
    ]
    assert undeclared == []


def test_builder_signature_and_doc_come_from_the_element() -> None:
    response = VoiceResponse()
    assert list(inspect.signature(response.say).parameters) == [
        "message",
        "voice",
        "loop",
        "language",
        "kwargs",
    ]
    assert "<Say>" in (response.say.__doc__ or "")
    assert response.say.__name__ == "say"


# --- Representative documents ------------------------------------------------------------------


def ivr(module: Any) -> Any:
    response = module.VoiceResponse()
    gather = response.gather(
        input="dtmf speech",
        action="/menu?a=1&b=2",
        timeout=5,
        speech_timeout="auto",
        finish_on_key="#",
        hints="sales, support",
        barge_in=True,
        profanity_filter=False,
        language="fr-CA",
    )
    gather.say(TRICKY, voice="Polly.Céline", language="fr-FR", loop=2)
    gather.play("https://example.com/a.mp3", loop=0)
    gather.pause(length=1)
    response.redirect("/menu", method="GET")
    return response


def dialing(module: Any) -> Any:
    response = module.VoiceResponse()
    dial = response.dial(
        caller_id="+15551230000",
        record="record-from-answer-dual",
        recording_status_callback_event="in-progress completed",
        answer_on_bridge=True,
        ring_tone="uk",
        timeout=20,
    )
    dial.number("+15551234567", send_digits="wwww1928", status_callback_event="initiated answered")
    client = dial.client(status_callback="/cb")
    client.identity("alice")
    client.parameter(name="FirstName", value="Ålice & Bob")
    sip = dial.sip("sip:alice@example.com", username="u", password="p&w")
    sip.uri("sip:bob@example.com", priority=1, weight=10)
    sip.headers().header(name="X-Custom", value="1")
    app = dial.application(copy_parent_to=True, customer_id="c1")
    app.application_sid("AP123")
    app.parameter(name="k", value="v")
    dial.conference(
        "Room 1234",
        beep="onEnter",
        muted=False,
        start_conference_on_enter=True,
        status_callback_event="start end join leave",
        jitter_buffer_size="small",
        participant_label="coach",
    )
    dial.queue("support", url="/about-to-connect", method="POST")
    dial.sim("DE123")
    dial.whats_app("+15550000000")
    return response


def ssml(module: Any) -> Any:
    response = module.VoiceResponse()
    say = response.say("Hi", voice="Polly.Joanna")
    say.break_(strength="x-weak", time="100ms")
    say.emphasis("Words to emphasize", level="moderate")
    say.lang("Bonjour", xml_lang="fr-FR")
    say.p("A paragraph")
    say.phoneme("Words to speak", alphabet="x-sampa", ph="pɪˈkɑːn")
    say.prosody("Slow", volume="loud", rate="x-slow", pitch="+10%")
    say.s("A sentence")
    say.say_as("12345", interpret_as="spell-out", format="ymd")
    say.sub("W3C", alias="World Wide Web Consortium")
    say.w("read", role="amazon:VBD")
    prosody = say.prosody(rate="fast")
    prosody.s().emphasis().w("deep").say_as("1", interpret_as="cardinal")
    say.append(" and text after")
    return response


def streaming_and_ai(module: Any) -> Any:
    response = module.VoiceResponse()
    start = response.start(action="/started")
    stream = start.stream(name="s1", url="wss://example.com/a?b=1&c=2", track="both_tracks")
    stream.parameter(name="caller", value="+1555")
    start.siprec(name="rec", connector_name="SR1", track="inbound_track").parameter(name="a")
    transcription = start.transcription(
        track="both_tracks", partial_results=True, language_code="es-US", hints="a, b"
    )
    transcription.config(name="c", value="1")
    start.recording(recording_status_callback_event="in-progress completed absent", channels="dual")
    response.stop().stream(name="s1")
    connect = response.connect(action="/next")
    relay = connect.conversation_relay(
        url="wss://relay",
        welcome_greeting="¡Hola! <3",
        interruptible="speech",
        dtmf_detection=True,
        backgroundNoiseReduction=True,
        speechTimeout=600,
    )
    relay.language(code="es-ES", voice="Lucia", tts_provider="Amazon")
    relay.parameter(name="p", value="v")
    agent = connect.virtual_agent(connector_name="dialogflow", sentiment_analysis=True)
    agent.config(name="x", value="y")
    connect.room("DailyStandup", participant_identity="alice")
    connect.ai_session(ai_connector="c", ai_session_configuration="cfg")
    connect.conversation_relay_session(connector="c", session_configuration="s")
    connect.conversation(service_instance_sid="IS1", inbound_autocreation=True, record=True)
    return response


def payments(module: Any) -> Any:
    response = module.VoiceResponse()
    pay = response.pay(
        charge_amount="10.00",
        payment_method="credit-card",
        valid_card_types="visa amex",
        security_code=True,
        postal_code=False,
        token_type="one-time",
    )
    prompt = pay.prompt(for_="payment-card-number", attempt="1 2", error_type="timeout")
    prompt.say("Please enter your card number")
    prompt.pause(length=1)
    pay.parameter(name="k", value="v")
    response.refer(action="/refer").sip("sip:agent@example.com")
    response.enqueue("support", wait_url="/wait").task('{"skill": "billing"}', priority=5)
    response.reject(reason="busy")
    response.sms("Thanks & bye", to="+1555", from_="+1666", status_callback="/sms")
    response.echo()
    response.leave()
    return response


def messaging(module: Any) -> Any:
    response = module.MessagingResponse()
    response.message("Store Location: 123 Easy St. & more ☕", to="+1555", from_="+1666")
    message = response.message(action="/status", method="POST")
    message.body("Body text")
    message.media("https://example.com/a.png?x=1&y=2")
    response.redirect("https://example.com/next", method="POST")
    return response


def fax(module: Any) -> Any:
    response = module.FaxResponse()
    response.receive(
        action="/fax", media_type="image/tiff", page_size="a4", store_media=False, method="POST"
    )
    return response


@pytest.mark.parametrize(
    ("build", "mine", "theirs"),
    [
        (ivr, voice_response, official_voice),
        (dialing, voice_response, official_voice),
        (ssml, voice_response, official_voice),
        (streaming_and_ai, voice_response, official_voice),
        (payments, voice_response, official_voice),
        (messaging, messaging_response, official_messaging),
        (fax, fax_response, official_fax),
    ],
    ids=["ivr", "dialing", "ssml", "streaming-ai", "payments", "messaging", "fax"],
)
def test_documents_match_official(build: Callable[[Any], Any], mine: Any, theirs: Any) -> None:
    assert str(build(mine)) == str(build(theirs))  # even the serialisation is identical


# --- Attribute conversion ----------------------------------------------------------------------


def test_attribute_names_are_converted() -> None:
    response = VoiceResponse()
    response.gather(finish_on_key="#", partial_result_callback_method="POST")
    response.sms("hi", from_="+1")
    response.pay().prompt(for_="expiration-date")
    say = response.say()
    say.lang("x", xml_lang="de-DE")
    say.say_as("1", interpret_as="ordinal")
    xml = response.to_xml(xml_declaration=False)
    for fragment in (
        'finishOnKey="#"',
        'partialResultCallbackMethod="POST"',
        'from="+1"',
        'for="expiration-date"',
        'xml:lang="de-DE"',
        'interpret-as="ordinal"',
    ):
        assert fragment in xml


def test_lists_are_space_separated() -> None:
    mine = VoiceResponse()
    mine.dial().number("+1", status_callback_event=["initiated", "ringing", "answered"])
    mine.record(recording_status_callback_event=("in-progress", "completed"))
    mine.gather(input=["dtmf", "speech"], hints=["a phrase", "keyword"])
    mine.pay(valid_card_types=["visa", "mastercard"]).prompt(
        card_type=["visa"], error_type=["timeout", "invalid-card-number"], attempt=[1, 2]
    )
    theirs = official_voice.VoiceResponse()
    theirs.dial().number("+1", status_callback_event="initiated ringing answered")
    theirs.record(recording_status_callback_event="in-progress completed")
    theirs.gather(input="dtmf speech", hints="a phrase, keyword")
    theirs.pay(valid_card_types="visa mastercard").prompt(
        card_type="visa", error_type="timeout invalid-card-number", attempt="1 2"
    )
    assert str(mine) == str(theirs)


def test_booleans_are_lowercase() -> None:
    response = VoiceResponse()
    response.dial(hangup_on_star=True, answer_on_bridge=False).conference("c", beep=False)
    xml = response.to_xml()
    assert 'hangupOnStar="true"' in xml and 'answerOnBridge="false"' in xml
    assert 'beep="false"' in xml


def test_text_and_attributes_are_escaped() -> None:
    response = VoiceResponse()
    response.say("<Hangup/> & \"quotes\" 'apos'\n", voice='a"b<c>&')
    element = ET.fromstring(response.to_xml(xml_declaration=False))
    say = element.find("Say")
    assert say is not None
    assert say.text == "<Hangup/> & \"quotes\" 'apos'\n"
    assert say.get("voice") == 'a"b<c>&'
    assert element.find("Hangup") is None


def test_unicode_round_trips() -> None:
    text = "Grüße, 你好, مرحبا, 👋"
    response = MessagingResponse()
    response.message(text)
    assert text in str(response)
    assert ET.fromstring(response.to_xml(xml_declaration=False)).findtext("Message") == text


def test_mapping_task_body_is_json() -> None:
    mine = VoiceResponse()
    mine.enqueue(workflow_sid="WW1").task({"selected_language": "es"}, timeout=30)
    theirs = official_voice.VoiceResponse()
    theirs.enqueue(workflow_sid="WW1").task({"selected_language": "es"}, timeout=30)
    assert str(mine) == str(theirs)
    assert '{"selected_language": "es"}' in str(mine)


def test_empty_and_missing_text() -> None:
    response = VoiceResponse()
    response.play()
    response.say("")
    response.dial()
    assert response.to_xml(xml_declaration=False) == (
        "<Response><Play /><Say /><Dial /></Response>"
    )


# --- Generic escape hatches: nest, append, add_child, **kwargs ------------------------------------


def test_add_child_nest_append_and_kwargs_match_official() -> None:
    def build(module: Any, root: Any) -> Any:
        response = root()
        custom = response.add_child("Custom", "value & more", some_attr="x", from_="y")
        custom.add_child("Inner", another_attr=True)
        response.nest(module.Say("nested", voice="man"))
        response.append(module.Pause(length=2)).append(module.Hangup())
        response.say("hi", brand_new_attribute="z", camelCase="w")
        return response

    assert str(build(voice_response, VoiceResponse)) == str(
        build(official_voice, official_voice.VoiceResponse)
    )


def test_nest_returns_child_and_append_returns_parent() -> None:
    response = VoiceResponse()
    say = voice_response.Say("x")
    assert response.nest(say) is say
    assert response.append(voice_response.Hangup()) is response
    assert response.nest("text") == "text"
    gather = response.gather()
    assert isinstance(gather, voice_response.Gather)
    assert isinstance(gather.say("hi"), voice_response.Say)


def test_add_child_accepts_anything_anywhere() -> None:
    response = VoiceResponse()
    number = response.dial().number("+1")
    node = number.add_child("FutureNoun", "v", weird_name="1", **{"with-dash": "2"})
    node.append(voice_response.Dial())  # generic nodes accept any child
    node.add_child("Deeper")
    assert isinstance(node, GenericNode)
    assert '<FutureNoun weirdName="1" with-dash="2">v<Dial /><Deeper /></FutureNoun>' in str(
        response
    )


def test_text_mixed_with_ssml_children() -> None:
    mine = VoiceResponse()
    say = mine.say()
    say.append("Hello ")
    say.emphasis("world")
    say.append(", again")
    theirs = official_voice.VoiceResponse()
    their_say = theirs.say()
    their_say.append("Hello ")
    their_say.emphasis("world")
    their_say.append(", again")
    assert str(mine) == str(theirs)
    # Unlike the official library, consecutive strings and a text value are not overwritten.
    say2 = VoiceResponse().say("Hello")
    say2.append(" there").append(" friend")
    assert say2.to_xml(xml_declaration=False) == "<Say>Hello there friend</Say>"


def test_open_ended_attributes_stay_permissive() -> None:
    response = VoiceResponse()
    response.say("x", voice="Google.xx-XX-Imaginary-Voice", language="tlh")
    response.gather(language="xx-YY", speech_model="some_future_model", speech_timeout="auto")
    response.dial(ring_tone="zz").conference("c", region="mars1")
    response.say("x", method="whatever")  # unknown kwargs are never validated
    assert 'voice="Google.xx-XX-Imaginary-Voice"' in str(response)


# --- with blocks -------------------------------------------------------------------------------


def test_with_blocks() -> None:
    response = VoiceResponse()
    with response.gather(num_digits=1, action="/menu") as gather:
        gather.say("Press 1")
        with gather.say() as say:
            say.break_(time="1s")
    with response.dial() as dial:
        dial.number("+1")
    assert str(response) == (
        DECLARATION + '<Response><Gather action="/menu" numDigits="1"><Say>Press 1</Say>'
        '<Say><break time="1s" /></Say></Gather><Dial><Number>+1</Number></Dial></Response>'
    )
    with MessagingResponse() as messages:
        with messages.message() as message:
            message.body("b")
    assert messages.to_xml(xml_declaration=False) == (
        "<Response><Message><Body>b</Body></Message></Response>"
    )


def test_with_block_does_not_swallow_exceptions() -> None:
    with pytest.raises(KeyError), VoiceResponse().gather():
        raise KeyError("x")


# --- Errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: VoiceResponse().append(messaging_response.Message()), "Message"),
        (lambda: VoiceResponse().nest(messaging_response.Body("x")), "Body"),
        (lambda: voice_response.Gather().append(voice_response.Dial()), "Dial"),
        (lambda: VoiceResponse().gather().nest(voice_response.Gather()), "Gather"),
        (lambda: VoiceResponse().dial().append(voice_response.Say("x")), "Say"),
        (lambda: VoiceResponse().append(voice_response.Number("+1")), "Number"),
        (lambda: VoiceResponse().refer().append(voice_response.Sip("x")), "Sip"),
        (lambda: VoiceResponse().say().append(voice_response.Play("x")), "Play"),
        (lambda: VoiceResponse().append(VoiceResponse()), "VoiceResponse"),
        (lambda: MessagingResponse().append(voice_response.Say("x")), "Say"),
        (lambda: MessagingResponse().message().append(voice_response.Play("x")), "Play"),
        (lambda: FaxResponse().append(voice_response.Hangup()), "Hangup"),
        (lambda: voice_response.SsmlW().append(voice_response.SsmlP()), "SsmlP"),
        (lambda: voice_response.SsmlEmphasis().append(voice_response.SsmlS()), "SsmlS"),
    ],
)
def test_bad_nesting_is_rejected(build: Callable[[], object], message: str) -> None:
    with pytest.raises(TwiMLError, match=f"^{message} .*cannot be nested"):
        build()


def test_only_twiml_and_strings_can_be_nested() -> None:
    with pytest.raises(TwiMLError, match="Only TwiML elements and strings"):
        VoiceResponse().append(42)  # type: ignore[arg-type]
    with pytest.raises(TwiMLError, match="Only TwiML elements and strings"):
        VoiceResponse().nest(official_voice.Say("x"))


# --- Attribute values outside the documented sets ------------------------------------------
# Twilio adds enum values without notice, and the official library renders whatever it is
# given: a value the SDK does not know is kept and rendered, never refused.


def _literal_parameters() -> list[tuple[type[TwiML], Any, str]]:
    """(element, official element class, parameter) for every parameter with documented values."""
    found: dict[tuple[type[TwiML], str], Any] = {}
    for root, path, method in EDGES:
        cls: type[TwiML] = root
        for step in [*path, method]:
            cls = _builders(cls)[step]
        official_cls = getattr(_OFFICIAL_MODULES[root], cls.__name__)
        for name, hint in typing.get_type_hints(cls.__init__).items():
            if _hint_parts(hint)[0]:
                found[cls, name] = official_cls
    return [(cls, official_cls, name) for (cls, name), official_cls in found.items()]


LITERAL_PARAMETERS = _literal_parameters()


@pytest.mark.parametrize(
    ("element", "official_element", "name"),
    LITERAL_PARAMETERS,
    ids=[f"{cls.__name__}.{name}" for cls, _, name in LITERAL_PARAMETERS],
)
def test_unknown_enum_values_are_rendered_like_official(
    element: type[TwiML], official_element: Any, name: str
) -> None:
    values, multiple, leaves = _hint_parts(typing.get_type_hints(element.__init__)[name])
    assert str in leaves, "type checkers must accept values newer than the SDK, too"
    required, their_required = _arguments(element, required_only=True)
    for value in ["brand-new-value", f"{values[0]} brand-new-value" if multiple else "BRAND new"]:
        mine = element(**{**required, name: value})
        theirs = official_element(**{**their_required, name: value})
        assert str(mine) == str(theirs)
        assert f'="{value}"' in str(mine)


def test_twilio_docs_pay_prompt_sample() -> None:
    # As in Twilio's <Pay> docs for ACH payments; the official library builds it.
    def build(module: Any) -> Any:
        response = module.VoiceResponse()
        pay = response.pay(payment_method="ach-debit", bank_account_type="consumer-checking")
        prompt = pay.prompt(for_="bank-routing-number", error_type="invalid-bank-routing-number")
        prompt.say("That was an invalid routing number. Please try again.")
        return response

    assert str(build(voice_response)) == str(build(official_voice))
    assert '<Prompt errorType="invalid-bank-routing-number" for="bank-routing-number">' in str(
        build(voice_response)
    )


class _Modules:
    """The TwiML modules of one library, as one namespace for the builders below."""

    def __init__(self, voice: Any, messaging: Any, fax: Any) -> None:
        self.VoiceResponse = voice.VoiceResponse
        self.Record = voice.Record
        self.MessagingResponse = messaging.MessagingResponse
        self.FaxResponse = fax.FaxResponse


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(lambda m: m.VoiceResponse().gather(method="get"), id="gather-method"),
        pytest.param(
            lambda m: m.VoiceResponse().redirect("/x", method="PUT"),
            id="redirect-method",
        ),
        pytest.param(lambda m: m.VoiceResponse().gather(input="keypad"), id="gather-input"),
        pytest.param(
            lambda m: m.VoiceResponse().gather(input="dtmf,speech"),
            id="gather-input-commas",
        ),
        pytest.param(lambda m: m.VoiceResponse().record(trim="yes"), id="record-trim"),
        pytest.param(lambda m: m.VoiceResponse().dial(record=True), id="dial-record-bool"),
        pytest.param(lambda m: m.VoiceResponse().dial(record="record"), id="dial-record"),
        pytest.param(lambda m: m.VoiceResponse().reject(reason="declined"), id="reject-reason"),
        pytest.param(
            lambda m: m.VoiceResponse().dial().number("+1", status_callback_event="initiated rung"),
            id="number-events",
        ),
        pytest.param(
            lambda m: m.VoiceResponse().dial().conference("c", status_callback_event="ringing"),
            id="conference-events",
        ),
        pytest.param(
            lambda m: m.VoiceResponse().dial().conference("c", beep="loud"),
            id="conference-beep",
        ),
        pytest.param(
            lambda m: m.VoiceResponse().start().stream(track="inbound"),
            id="stream-track",
        ),
        pytest.param(
            lambda m: m.VoiceResponse().start().recording(channels="stereo"),
            id="recording-channels",
        ),
        pytest.param(
            lambda m: m.VoiceResponse().pay(
                payment_method="cash", valid_card_types="visa unionpay"
            ),
            id="pay-method-cards",
        ),
        pytest.param(
            lambda m: m.VoiceResponse().pay().prompt(for_="pin", card_type="unionpay"),
            id="prompt-for-card",
        ),
        pytest.param(
            lambda m: m.VoiceResponse().say().break_(strength="huge"),
            id="break-strength",
        ),
        pytest.param(
            lambda m: m.VoiceResponse().say().say_as("1", interpret_as="x", format="hms24"),
            id="say-as",
        ),
        pytest.param(
            lambda m: m.VoiceResponse().connect().conversation_relay(interruptible="whenever"),
            id="relay-interruptible",
        ),
        pytest.param(lambda m: m.Record(timeout=5, trim=3), id="record-trim-int"),
        pytest.param(
            lambda m: m.MessagingResponse().message("x", method="DELETE"),
            id="message-method",
        ),
        pytest.param(
            lambda m: m.FaxResponse().receive(page_size="a3", media_type="image/png"),
            id="fax-receive",
        ),
    ],
)
def test_values_outside_documented_sets_render_like_official(build: Callable[[Any], Any]) -> None:
    mine = build(_Modules(voice_response, messaging_response, fax_response))
    theirs = build(_Modules(official_voice, official_messaging, official_fax))
    assert str(mine) == str(theirs)


def test_invalid_xml_characters_are_rejected() -> None:
    with pytest.raises(TwiMLError, match="cannot be represented in XML"):
        VoiceResponse().say("bell \x07")
    with pytest.raises(TwiMLError, match="cannot be represented in XML"):
        VoiceResponse().play("x", digits="\x00")
    with pytest.raises(TwiMLError, match="cannot be represented in XML"):
        VoiceResponse().say().append("\x1b")


def test_twiml_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        VoiceResponse().reject().append(voice_response.Say("x"))


def test_format_language_and_lower_camel() -> None:
    assert twiml.format_language("en_us") == official.format_language("en_us") == "en-US"
    with pytest.raises(TwiMLError):
        twiml.format_language("english")
    for name in ("finish_on_key", "from_", "status_callback_event", "camelCase", "a"):
        assert twiml.lower_camel(name) == official.lower_camel(name)


def test_user_subclass_of_an_element() -> None:
    class LoudSay(voice_response.Say):
        def __init__(self, message: str, **kwargs: Any) -> None:
            super().__init__(message.upper(), **kwargs)

    response = VoiceResponse()
    response.append(LoudSay("hello", voice="alice", loop=2))
    assert response.to_xml(xml_declaration=False) == (
        '<Response><Say loop="2" voice="alice">HELLO</Say></Response>'
    )

    class QuietRecord(voice_response.Record):
        """No ``__init__`` of its own: Record's attribute conversion applies."""

    assert QuietRecord(play_beep=False, trim="maybe").to_xml(False) == (
        '<Record playBeep="false" trim="maybe" />'
    )
