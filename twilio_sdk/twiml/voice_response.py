"""TwiML for voice calls: ``VoiceResponse`` and every verb and noun it can contain.

Drop-in for ``twilio.twiml.voice_response``: same classes, builder methods and parameters.
Builders (``response.say(...)``) create, nest and return the child element.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final, Literal, TypeAlias

from ._base import GenericNode, HttpMethod, Redirect, TwiML, TwiMLError, child

__all__ = [
    "AiSession", "Application", "ApplicationSid", "Autopilot", "Client", "Conference", "Config",
    "Connect", "Conversation", "ConversationRelay", "ConversationRelaySession", "Dial", "Echo",
    "Enqueue", "Gather", "GenericNode", "Hangup", "Header", "Headers", "Identity", "Language",
    "Leave", "Number", "Parameter", "Pause", "Pay", "Play", "Prompt", "Queue", "Record",
    "Recording", "Redirect", "Refer", "ReferSip", "Reject", "Room", "Say", "Sim", "Sip", "SipUri",
    "Siprec", "Sms", "SsmlBreak", "SsmlEmphasis", "SsmlLang", "SsmlP", "SsmlPhoneme",
    "SsmlProsody", "SsmlS", "SsmlSayAs", "SsmlSub", "SsmlW", "Start", "Stop", "Stream", "Task",
    "Transcription", "TwiML", "TwiMLError", "VirtualAgent", "VoiceResponse", "WhatsApp",
]  # fmt: skip

# Attribute values documented by Twilio, for completion and documentation. Each is open
# (``| str``): Twilio adds values without notice and TwiML passes any value through, as the
# official library does. ``Sequence[X] | str`` attributes take a list or a space-separated
# string of values.
# A custom parameter's value: any scalar, rendered as the official library renders it
# (`False` as `false`), as Twilio's docs pass them.
CustomValue: TypeAlias = str | bool | int | float
Trim: TypeAlias = Literal["trim-silence", "do-not-trim"] | str
RecordingEvent: TypeAlias = Literal["in-progress", "completed", "absent"] | str
RecordingEvents: TypeAlias = Sequence[RecordingEvent] | str
CallEvent: TypeAlias = Literal["initiated", "ringing", "answered", "completed"] | str
CallEvents: TypeAlias = Sequence[CallEvent] | str
ConferenceEvent: TypeAlias = (
    Literal["start", "end", "join", "leave", "mute", "hold", "modify", "speaker", "announcement"]
    | str
)
ConversationEvent: TypeAlias = (
    Literal["call-initiated", "call-ringing", "call-answered", "call-completed"] | str
)
DialRecord: TypeAlias = (
    Literal[
        "do-not-record",
        "record-from-answer",
        "record-from-ringing",
        "record-from-answer-dual",
        "record-from-ringing-dual",
    ]
    | str
)
ConferenceRecord: TypeAlias = Literal["do-not-record", "record-from-start"] | str
ConferenceBeep: TypeAlias = Literal["true", "false", "onEnter", "onExit"] | str
JitterBufferSize: TypeAlias = Literal["large", "medium", "small", "off"] | str
AudioTrack: TypeAlias = Literal["inbound", "outbound", "both"] | str
StreamTrack: TypeAlias = Literal["inbound_track", "outbound_track", "both_tracks"] | str
RecordingChannels: TypeAlias = Literal["mono", "dual"] | str
MachineDetection: TypeAlias = Literal["Enable", "DetectMessageEnd"] | str
GatherInput: TypeAlias = Literal["dtmf", "speech"] | str
RejectReason: TypeAlias = Literal["rejected", "busy"] | str
CardType: TypeAlias = (
    Literal[
        "visa",
        "mastercard",
        "amex",
        "maestro",
        "discover",
        "optima",
        "jcb",
        "diners-club",
        "enroute",
    ]
    | str
)
BankAccountType: TypeAlias = (
    Literal["consumer-checking", "consumer-savings", "commercial-checking", "commercial-savings"]
    | str
)
PaymentMethod: TypeAlias = Literal["ach-debit", "credit-card"] | str
TokenType: TypeAlias = Literal["one-time", "reusable", "payment-method"] | str
PaymentField: TypeAlias = (
    Literal[
        "payment-card-number",
        "expiration-date",
        "security-code",
        "postal-code",
        "payment-processing",
        "bank-account-number",
        "bank-routing-number",
    ]
    | str
)
PaymentError: TypeAlias = (
    Literal[
        "timeout",
        "invalid-card-number",
        "invalid-card-type",
        "invalid-date",
        "invalid-security-code",
        "invalid-postal-code",
        "invalid-bank-routing-number",
        "invalid-bank-account-number",
        "internal-error",
        "input-matching-failed",
    ]
    | str
)
Interruptible: TypeAlias = Literal["none", "dtmf", "speech", "any", "true", "false"] | str
InterruptSensitivity: TypeAlias = Literal["low", "medium", "high"] | str
TextNormalization: TypeAlias = Literal["auto", "on", "off"] | str
BreakStrength: TypeAlias = Literal["none", "x-weak", "weak", "medium", "strong", "x-strong"] | str
EmphasisLevel: TypeAlias = Literal["strong", "moderate", "reduced"] | str
PhonemeAlphabet: TypeAlias = (
    Literal[
        "ipa",
        "x-sampa",
        "x-amazon-jyutping",
        "x-amazon-pinyin",
        "x-amazon-pron-kana",
        "x-amazon-yomigana",
    ]
    | str
)
InterpretAs: TypeAlias = (
    Literal[
        "characters",
        "spell-out",
        "cardinal",
        "number",
        "ordinal",
        "digits",
        "fraction",
        "unit",
        "date",
        "time",
        "address",
        "expletive",
        "telephone",
    ]
    | str
)
SayAsFormat: TypeAlias = (
    Literal["mdy", "dmy", "ymd", "md", "dm", "ym", "my", "d", "m", "y", "yyyymmdd"] | str
)


class VoiceResponse(TwiML):
    """<Response>: the root of a TwiML document answering a voice call."""

    _tag = "Response"

    connect: Final = child(lambda: Connect)
    dial: Final = child(lambda: Dial)
    echo: Final = child(lambda: Echo)
    enqueue: Final = child(lambda: Enqueue)
    gather: Final = child(lambda: Gather)
    hangup: Final = child(lambda: Hangup)
    leave: Final = child(lambda: Leave)
    pause: Final = child(lambda: Pause)
    play: Final = child(lambda: Play)
    queue: Final = child(lambda: Queue)
    record: Final = child(lambda: Record)
    redirect: Final = child(lambda: Redirect)
    reject: Final = child(lambda: Reject)
    say: Final = child(lambda: Say)
    sms: Final = child(lambda: Sms)
    pay: Final = child(lambda: Pay)
    prompt: Final = child(lambda: Prompt)
    start: Final = child(lambda: Start)
    stop: Final = child(lambda: Stop)
    refer: Final = child(lambda: Refer)


# Builder sets shared by the SSML elements (mixins, never instantiated).


class _SsmlWordChildren(TwiML):
    """<break>, <emphasis>, <phoneme>, <prosody>, <say-as>, <sub>: what <w> may contain."""

    break_: Final = child(lambda: SsmlBreak)
    emphasis: Final = child(lambda: SsmlEmphasis)
    phoneme: Final = child(lambda: SsmlPhoneme)
    prosody: Final = child(lambda: SsmlProsody)
    say_as: Final = child(lambda: SsmlSayAs)
    sub: Final = child(lambda: SsmlSub)


class _SsmlSentenceChildren(_SsmlWordChildren):
    """Those plus <lang> and <w>: what <emphasis> and <s> may contain."""

    lang: Final = child(lambda: SsmlLang)
    w: Final = child(lambda: SsmlW)


class _SsmlParagraphChildren(_SsmlSentenceChildren):
    """Those plus <s>: what <p> may contain."""

    s: Final = child(lambda: SsmlS)


class _SsmlChildren(_SsmlParagraphChildren):
    """Those plus <p>: what <Say>, <lang> and <prosody> may contain."""

    p: Final = child(lambda: SsmlP)


# --- Simple verbs ---------------------------------------------------------------------------


class Say(_SsmlChildren):
    """<Say>: speak text to the caller with text-to-speech (may contain SSML)."""

    _text = "message"

    def __init__(
        self,
        message: str | None = None,
        voice: str | None = None,
        loop: int | str | None = None,
        language: str | None = None,
        **kwargs: Any,
    ) -> None:
        self._init(locals())


class Play(TwiML):
    """<Play>: play an audio file, or DTMF digits, to the caller."""

    _text = "url"

    def __init__(
        self,
        url: str | None = None,
        loop: int | str | None = None,
        digits: str | None = None,
        **kwargs: Any,
    ) -> None:
        self._init(locals())


class Pause(TwiML):
    """<Pause>: wait silently for a number of seconds."""

    def __init__(self, length: int | str | None = None, **kwargs: Any) -> None:
        self._init(locals())


class Gather(TwiML):
    """<Gather>: collect DTMF digits and/or speech from the caller."""

    def __init__(
        self,
        input: Literal["dtmf", "speech", "dtmf speech", "speech dtmf"]
        | Sequence[GatherInput]
        | str
        | None = None,
        action: str | None = None,
        method: HttpMethod | None = None,
        timeout: int | str | None = None,
        speech_timeout: int | str | None = None,
        max_speech_time: int | str | None = None,
        profanity_filter: bool | None = None,
        finish_on_key: str | None = None,
        num_digits: int | str | None = None,
        partial_result_callback: str | None = None,
        partial_result_callback_method: HttpMethod | None = None,
        language: str | None = None,
        hints: str | Sequence[str] | None = None,
        barge_in: bool | None = None,
        debug: bool | None = None,
        action_on_empty_result: bool | None = None,
        speech_model: str | None = None,
        enhanced: bool | None = None,
        **kwargs: Any,
    ) -> None:
        self._init(locals())

    say: Final = child(lambda: Say)
    pause: Final = child(lambda: Pause)
    play: Final = child(lambda: Play)


class Record(TwiML):
    """<Record>: record the caller's voice."""

    def __init__(
        self,
        action: str | None = None,
        method: HttpMethod | None = None,
        timeout: int | str | None = None,
        finish_on_key: str | None = None,
        max_length: int | str | None = None,
        play_beep: bool | None = None,
        trim: Trim | None = None,
        recording_status_callback: str | None = None,
        recording_status_callback_method: HttpMethod | None = None,
        recording_status_callback_event: RecordingEvents | None = None,
        transcribe: bool | None = None,
        transcribe_callback: str | None = None,
        recording_configuration_id: str | None = None,
        **kwargs: Any,
    ) -> None:
        self._init(locals())


class Reject(TwiML):
    """<Reject>: decline an incoming call without answering (no billing)."""

    def __init__(self, reason: RejectReason | None = None, **kwargs: Any) -> None:
        self._init(locals())

    parameter: Final = child(lambda: Parameter)


class Hangup(TwiML):
    """<Hangup>: end the call."""

    parameter: Final = child(lambda: Parameter)


class Leave(TwiML):
    """<Leave>: take the caller out of the queue and continue after <Enqueue>."""


class Echo(TwiML):
    """<Echo>: echo the caller's audio back (for testing)."""


class Sms(TwiML):
    """<Sms>: send an SMS message during a call (deprecated by Twilio)."""

    _text = "message"

    def __init__(
        self,
        message: str,
        to: str | None = None,
        from_: str | None = None,
        action: str | None = None,
        method: HttpMethod | None = None,
        status_callback: str | None = None,
        **kwargs: Any,
    ) -> None:
        self._init(locals())


class Enqueue(TwiML):
    """<Enqueue>: put the caller in a call queue (optionally a TaskRouter task)."""

    _text = "name"

    def __init__(
        self,
        name: str | None = None,
        action: str | None = None,
        max_queue_size: int | str | None = None,
        method: HttpMethod | None = None,
        wait_url: str | None = None,
        wait_url_method: HttpMethod | None = None,
        workflow_sid: str | None = None,
        **kwargs: Any,
    ) -> None:
        self._init(locals())

    task: Final = child(lambda: Task)


class Task(TwiML):
    """<Task>: TaskRouter task attributes (a JSON string or a mapping) for <Enqueue>."""

    _text = "body"

    def __init__(
        self,
        body: str | Mapping[str, Any],
        priority: int | str | None = None,
        timeout: int | str | None = None,
        **kwargs: Any,
    ) -> None:
        self._init(locals())


class Queue(TwiML):
    """<Queue>: a call queue to dial, connecting to the caller at its head."""

    _text = "name"

    def __init__(
        self,
        name: str,
        url: str | None = None,
        method: HttpMethod | None = None,
        reservation_sid: str | None = None,
        post_work_activity_sid: str | None = None,
        **kwargs: Any,
    ) -> None:
        self._init(locals())


class Parameter(TwiML):
    """<Parameter>: a custom name/value pair passed on to the other side."""

    def __init__(
        self, name: str | None = None, value: CustomValue | None = None, **kwargs: Any
    ) -> None:
        self._init(locals())


class Config(TwiML):
    """<Config>: a custom configuration name/value pair."""

    def __init__(
        self, name: str | None = None, value: CustomValue | None = None, **kwargs: Any
    ) -> None:
        self._init(locals())


# --- <Dial> and its nouns -------------------------------------------------------------------


class Dial(TwiML):
    """<Dial>: connect the caller to another party (number, client, SIP, conference …)."""

    _text = "number"

    def __init__(
        self,
        number: str | None = None,
        action: str | None = None,
        method: HttpMethod | None = None,
        timeout: int | str | None = None,
        hangup_on_star: bool | None = None,
        time_limit: int | str | None = None,
        caller_id: str | None = None,
        record: DialRecord | None = None,
        trim: Trim | None = None,
        recording_status_callback: str | None = None,
        recording_configuration_id: str | None = None,
        recording_status_callback_method: HttpMethod | None = None,
        recording_status_callback_event: RecordingEvents | None = None,
        answer_on_bridge: bool | None = None,
        ring_tone: str | None = None,
        recording_track: AudioTrack | None = None,
        sequential: bool | None = None,
        refer_url: str | None = None,
        refer_method: HttpMethod | None = None,
        events: str | None = None,
        passports: str | Sequence[str] | None = None,
        **kwargs: Any,
    ) -> None:
        self._init(locals())

    client: Final = child(lambda: Client)
    conference: Final = child(lambda: Conference)
    number: Final = child(lambda: Number)
    queue: Final = child(lambda: Queue)
    sim: Final = child(lambda: Sim)
    sip: Final = child(lambda: Sip)
    application: Final = child(lambda: Application)
    whats_app: Final = child(lambda: WhatsApp)


class Number(TwiML):
    """<Number>: a phone number to dial."""

    _text = "phone_number"

    def __init__(
        self,
        phone_number: str,
        send_digits: str | None = None,
        url: str | None = None,
        method: HttpMethod | None = None,
        status_callback_event: CallEvents | None = None,
        status_callback: str | None = None,
        status_callback_method: HttpMethod | None = None,
        byoc: str | None = None,
        machine_detection: MachineDetection | None = None,
        amd_status_callback_method: HttpMethod | None = None,
        amd_status_callback: str | None = None,
        machine_detection_timeout: int | str | None = None,
        machine_detection_speech_threshold: int | str | None = None,
        machine_detection_speech_end_threshold: int | str | None = None,
        machine_detection_silence_timeout: int | str | None = None,
        **kwargs: Any,
    ) -> None:
        self._init(locals())


class Client(TwiML):
    """<Client>: a Twilio Client (Voice SDK) identity to dial."""

    _text = "identity"

    def __init__(
        self,
        identity: str | None = None,
        url: str | None = None,
        method: HttpMethod | None = None,
        status_callback_event: CallEvents | None = None,
        status_callback: str | None = None,
        status_callback_method: HttpMethod | None = None,
        **kwargs: Any,
    ) -> None:
        self._init(locals())

    identity: Final = child(lambda: Identity)
    parameter: Final = child(lambda: Parameter)


class Identity(TwiML):
    """<Identity>: the identity of the <Client> to dial."""

    _text = "client_identity"

    def __init__(self, client_identity: str, **kwargs: Any) -> None:
        self._init(locals())


class Conference(TwiML):
    """<Conference>: join the caller to a named conference room."""

    _text = "name"

    def __init__(
        self,
        name: str,
        muted: bool | None = None,
        beep: bool | ConferenceBeep | None = None,
        start_conference_on_enter: bool | None = None,
        end_conference_on_exit: bool | None = None,
        wait_url: str | None = None,
        wait_method: HttpMethod | None = None,
        max_participants: int | str | None = None,
        record: ConferenceRecord | None = None,
        recording_configuration_id: str | None = None,
        region: str | None = None,
        coach: str | None = None,
        trim: Trim | None = None,
        status_callback_event: Sequence[ConferenceEvent] | str | None = None,
        status_callback: str | None = None,
        status_callback_method: HttpMethod | None = None,
        recording_status_callback: str | None = None,
        recording_status_callback_method: HttpMethod | None = None,
        recording_status_callback_event: RecordingEvents | None = None,
        event_callback_url: str | None = None,
        jitter_buffer_size: JitterBufferSize | None = None,
        participant_label: str | None = None,
        **kwargs: Any,
    ) -> None:
        self._init(locals())


class Sim(TwiML):
    """<Sim>: a Programmable Wireless SIM to dial."""

    _text = "sim_sid"

    def __init__(self, sim_sid: str, **kwargs: Any) -> None:
        self._init(locals())


class Sip(TwiML):
    """<Sip>: a SIP endpoint to dial."""

    _text = "sip_url"

    def __init__(
        self,
        sip_url: str | None = None,
        username: str | None = None,
        password: str | None = None,
        url: str | None = None,
        method: HttpMethod | None = None,
        status_callback_event: CallEvents | None = None,
        status_callback: str | None = None,
        status_callback_method: HttpMethod | None = None,
        machine_detection: MachineDetection | None = None,
        amd_status_callback_method: HttpMethod | None = None,
        amd_status_callback: str | None = None,
        machine_detection_timeout: int | str | None = None,
        machine_detection_speech_threshold: int | str | None = None,
        machine_detection_speech_end_threshold: int | str | None = None,
        machine_detection_silence_timeout: int | str | None = None,
        **kwargs: Any,
    ) -> None:
        self._init(locals())

    uri: Final = child(lambda: SipUri)
    headers: Final = child(lambda: Headers)


class SipUri(TwiML):
    """<Uri>: one of several SIP URIs to try, by priority then weight."""

    _tag = "Uri"
    _text = "sip_url"

    def __init__(
        self,
        sip_url: str | None = None,
        priority: int | str | None = None,
        weight: int | str | None = None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        self._init(locals())


class Headers(TwiML):
    """<Headers>: custom SIP headers to send with the <Sip> request."""

    header: Final = child(lambda: Header)


class Header(TwiML):
    """<Header>: one custom SIP header."""

    def __init__(self, name: str | None = None, value: str | None = None, **kwargs: Any) -> None:
        self._init(locals())


class Application(TwiML):
    """<Application>: a TwiML Application to dial."""

    _text = "application_sid"

    def __init__(
        self,
        application_sid: str | None = None,
        url: str | None = None,
        method: HttpMethod | None = None,
        status_callback_event: CallEvents | None = None,
        status_callback: str | None = None,
        status_callback_method: HttpMethod | None = None,
        customer_id: str | None = None,
        copy_parent_to: bool | None = None,
        **kwargs: Any,
    ) -> None:
        self._init(locals())

    application_sid: Final = child(lambda: ApplicationSid)
    parameter: Final = child(lambda: Parameter)


class ApplicationSid(TwiML):
    """<ApplicationSid>: the SID of the <Application> to dial."""

    _text = "sid"

    def __init__(self, sid: str, **kwargs: Any) -> None:
        self._init(locals())


class WhatsApp(TwiML):
    """<WhatsApp>: a WhatsApp number to dial."""

    _text = "phone_number"

    def __init__(
        self,
        phone_number: str,
        url: str | None = None,
        method: HttpMethod | None = None,
        status_callback_event: CallEvents | None = None,
        status_callback: str | None = None,
        status_callback_method: HttpMethod | None = None,
        **kwargs: Any,
    ) -> None:
        self._init(locals())


# --- <Connect> and its nouns ----------------------------------------------------------------


class Connect(TwiML):
    """<Connect>: connect the call to a room, stream, AI agent or conversation."""

    def __init__(
        self, action: str | None = None, method: HttpMethod | None = None, **kwargs: Any
    ) -> None:
        self._init(locals())

    room: Final = child(lambda: Room)
    autopilot: Final = child(lambda: Autopilot)
    stream: Final = child(lambda: Stream)
    virtual_agent: Final = child(lambda: VirtualAgent)
    conversation: Final = child(lambda: Conversation)
    conversation_relay: Final = child(lambda: ConversationRelay)
    ai_session: Final = child(lambda: AiSession)
    conversation_relay_session: Final = child(lambda: ConversationRelaySession)


class Room(TwiML):
    """<Room>: a Programmable Video room to connect to."""

    _text = "name"

    def __init__(self, name: str, participant_identity: str | None = None, **kwargs: Any) -> None:
        self._init(locals())


class Autopilot(TwiML):
    """<Autopilot>: an Autopilot assistant to connect to (retired by Twilio)."""

    _text = "name"

    def __init__(self, name: str, **kwargs: Any) -> None:
        self._init(locals())


class Stream(TwiML):
    """<Stream>: stream the call's audio to a WebSocket."""

    def __init__(
        self,
        name: str | None = None,
        connector_name: str | None = None,
        url: str | None = None,
        track: StreamTrack | None = None,
        status_callback: str | None = None,
        status_callback_method: HttpMethod | None = None,
        audio_format: str | None = None,
        sample_rate: int | str | None = None,
        **kwargs: Any,
    ) -> None:
        self._init(locals())

    parameter: Final = child(lambda: Parameter)


class VirtualAgent(TwiML):
    """<VirtualAgent>: connect to a Dialogflow CX virtual agent."""

    def __init__(
        self,
        connector_name: str | None = None,
        language: str | None = None,
        sentiment_analysis: bool | None = None,
        status_callback: str | None = None,
        status_callback_method: HttpMethod | None = None,
        **kwargs: Any,
    ) -> None:
        self._init(locals())

    config: Final = child(lambda: Config)
    parameter: Final = child(lambda: Parameter)


class Conversation(TwiML):
    """<Conversation>: connect the call to a Twilio Conversation."""

    def __init__(
        self,
        service_instance_sid: str | None = None,
        inbound_autocreation: bool | None = None,
        routing_assignment_timeout: int | str | None = None,
        inbound_timeout: int | str | None = None,
        url: str | None = None,
        method: HttpMethod | None = None,
        record: bool | DialRecord | Literal["true", "false"] | None = None,
        trim: Trim | None = None,
        recording_status_callback: str | None = None,
        recording_status_callback_method: HttpMethod | None = None,
        recording_status_callback_event: RecordingEvents | None = None,
        status_callback: str | None = None,
        status_callback_method: HttpMethod | None = None,
        status_callback_event: Sequence[ConversationEvent] | str | None = None,
        **kwargs: Any,
    ) -> None:
        self._init(locals())


class ConversationRelay(TwiML):
    """<ConversationRelay>: relay the conversation (as text) to your AI app over WebSocket."""

    def __init__(
        self,
        url: str | None = None,
        language: str | None = None,
        tts_language: str | None = None,
        transcription_language: str | None = None,
        tts_provider: str | None = None,
        voice: str | None = None,
        transcription_provider: str | None = None,
        speech_model: str | None = None,
        profanity_filter: bool | None = None,
        dtmf_detection: bool | None = None,
        welcome_greeting: str | None = None,
        partial_prompts: bool | None = None,
        welcome_greeting_interruptible: bool | Interruptible | None = None,
        interruptible: bool | Interruptible | None = None,
        preemptible: bool | None = None,
        hints: str | Sequence[str] | None = None,
        intelligence_service: str | None = None,
        report_input_during_agent_speech: bool | None = None,
        elevenlabs_text_normalization: str | None = None,
        interrupt_sensitivity: InterruptSensitivity | None = None,
        debug: str | None = None,
        backgroundNoiseReduction: bool | str | None = None,  # camelCase names as in twilio
        speechTimeout: int | str | None = None,
        deepgramSmartFormat: bool | str | None = None,
        ignoreBackchannel: bool | str | None = None,
        events: str | None = None,
        partial_prompt_on_hangup: bool | None = None,
        eager_eot_threshold: float | str | None = None,
        asr_smart_format: bool | None = None,
        tts_text_normalization: TextNormalization | None = None,
        tts_language_text_normalization: bool | None = None,
        elevenlabs_language_text_normalization: bool | None = None,
        include_in_prompt: str | None = None,
        customer_name: str | None = None,
        application_reconnect: bool | None = None,
        echo_prompt_filtering: bool | None = None,
        turn_detection: bool | None = None,
        **kwargs: Any,
    ) -> None:
        self._init(locals())

    language: Final = child(lambda: Language)
    parameter: Final = child(lambda: Parameter)


class Language(TwiML):
    """<Language>: per-language TTS/transcription settings for <ConversationRelay>."""

    def __init__(
        self,
        code: str | None = None,
        tts_provider: str | None = None,
        voice: str | None = None,
        transcription_provider: str | None = None,
        speech_model: str | None = None,
        hints: str | Sequence[str] | None = None,
        asr_smart_format: bool | None = None,
        tts_text_normalization: TextNormalization | None = None,
        tts_language_text_normalization: bool | None = None,
        **kwargs: Any,
    ) -> None:
        self._init(locals())


class AiSession(TwiML):
    """<AiSession>: connect the call to an AI connector session."""

    def __init__(
        self,
        ai_connector: str | None = None,
        ai_session_configuration: str | None = None,
        **kwargs: Any,
    ) -> None:
        self._init(locals())


class ConversationRelaySession(TwiML):
    """<ConversationRelaySession>: connect the call to a configured ConversationRelay session."""

    def __init__(
        self,
        connector: str | None = None,
        session_configuration: str | None = None,
        **kwargs: Any,
    ) -> None:
        self._init(locals())


# --- <Start>/<Stop> and their nouns -----------------------------------------------------------


class Start(TwiML):
    """<Start>: start a background action (stream, SIPREC, transcription, recording)."""

    def __init__(
        self, action: str | None = None, method: HttpMethod | None = None, **kwargs: Any
    ) -> None:
        self._init(locals())

    stream: Final = child(lambda: Stream)
    siprec: Final = child(lambda: Siprec)
    transcription: Final = child(lambda: Transcription)
    recording: Final = child(lambda: Recording)


class Stop(TwiML):
    """<Stop>: stop a background action started with <Start>."""

    stream: Final = child(lambda: Stream)
    siprec: Final = child(lambda: Siprec)
    transcription: Final = child(lambda: Transcription)


class Siprec(TwiML):
    """<Siprec>: fork the call's media to a SIPREC recording server."""

    def __init__(
        self,
        name: str | None = None,
        connector_name: str | None = None,
        track: StreamTrack | None = None,
        status_callback: str | None = None,
        status_callback_method: HttpMethod | None = None,
        **kwargs: Any,
    ) -> None:
        self._init(locals())

    parameter: Final = child(lambda: Parameter)


class Transcription(TwiML):
    """<Transcription>: transcribe the call in real time."""

    def __init__(
        self,
        name: str | None = None,
        track: StreamTrack | None = None,
        status_callback_url: str | None = None,
        status_callback_method: HttpMethod | None = None,
        inbound_track_label: str | None = None,
        outbound_track_label: str | None = None,
        partial_results: bool | None = None,
        language_code: str | None = None,
        transcription_engine: str | None = None,
        profanity_filter: bool | None = None,
        speech_model: str | None = None,
        hints: str | Sequence[str] | None = None,
        enable_automatic_punctuation: bool | None = None,
        intelligence_service: str | None = None,
        **kwargs: Any,
    ) -> None:
        self._init(locals())

    config: Final = child(lambda: Config)
    parameter: Final = child(lambda: Parameter)


class Recording(TwiML):
    """<Recording>: record the call in the background."""

    def __init__(
        self,
        recording_status_callback: str | None = None,
        recording_status_callback_method: HttpMethod | None = None,
        recording_status_callback_event: RecordingEvents | None = None,
        trim: Trim | None = None,
        track: AudioTrack | None = None,
        channels: RecordingChannels | None = None,
        recording_configuration_id: str | None = None,
        **kwargs: Any,
    ) -> None:
        self._init(locals())


# --- <Pay>, <Prompt>, <Refer> -----------------------------------------------------------------


class Pay(TwiML):
    """<Pay>: collect payment details securely over the phone."""

    def __init__(
        self,
        input: Literal["dtmf"] | str | None = None,
        action: str | None = None,
        bank_account_type: BankAccountType | None = None,
        status_callback: str | None = None,
        status_callback_method: HttpMethod | None = None,
        timeout: int | str | None = None,
        max_attempts: int | str | None = None,
        security_code: bool | None = None,
        postal_code: bool | str | None = None,
        min_postal_code_length: int | str | None = None,
        payment_connector: str | None = None,
        payment_method: PaymentMethod | None = None,
        token_type: TokenType | None = None,
        charge_amount: str | float | None = None,
        currency: str | None = None,
        description: str | None = None,
        valid_card_types: Sequence[CardType] | str | None = None,
        language: str | None = None,
        **kwargs: Any,
    ) -> None:
        self._init(locals())

    prompt: Final = child(lambda: Prompt)
    parameter: Final = child(lambda: Parameter)


class Prompt(TwiML):
    """<Prompt>: customise what <Pay> says at a given step, error or attempt."""

    def __init__(
        self,
        for_: PaymentField | None = None,
        error_type: Sequence[PaymentError] | str | None = None,
        card_type: Sequence[CardType] | str | None = None,
        attempt: int | Sequence[int] | str | None = None,
        require_matching_inputs: bool | None = None,
        **kwargs: Any,
    ) -> None:
        self._init(locals())

    say: Final = child(lambda: Say)
    play: Final = child(lambda: Play)
    pause: Final = child(lambda: Pause)


class Refer(TwiML):
    """<Refer>: transfer a SIP call with a SIP REFER."""

    def __init__(
        self, action: str | None = None, method: HttpMethod | None = None, **kwargs: Any
    ) -> None:
        self._init(locals())

    sip: Final = child(lambda: ReferSip)


class ReferSip(TwiML):
    """<Sip>: the SIP URI a <Refer> transfers to."""

    _tag = "Sip"
    _text = "sip_url"

    def __init__(self, sip_url: str, **kwargs: Any) -> None:
        self._init(locals())


# --- SSML inside <Say> ------------------------------------------------------------------------


class SsmlBreak(TwiML):
    """<break>: a pause in speech, by strength or time (e.g. ``500ms``)."""

    _tag = "break"

    def __init__(
        self, strength: BreakStrength | None = None, time: str | None = None, **kwargs: Any
    ) -> None:
        self._init(locals())


class SsmlPhoneme(TwiML):
    """<phoneme>: pronounce words from phonetic symbols."""

    _tag = "phoneme"
    _text = "words"

    def __init__(
        self,
        words: str,
        alphabet: PhonemeAlphabet | None = None,
        ph: str | None = None,
        **kwargs: Any,
    ) -> None:
        self._init(locals())


class SsmlSayAs(TwiML):
    """<say-as>: say words as a given type (date, digits, telephone …)."""

    _tag = "say-as"
    _text = "words"

    def __init__(
        self,
        words: str,
        interpret_as: InterpretAs | None = None,
        format: SayAsFormat | None = None,
        **kwargs: Any,
    ) -> None:
        self._init(locals())


class SsmlSub(TwiML):
    """<sub>: say an alias in place of the written words (e.g. an acronym)."""

    _tag = "sub"
    _text = "words"

    def __init__(self, words: str, alias: str | None = None, **kwargs: Any) -> None:
        self._init(locals())


class SsmlW(_SsmlWordChildren):
    """<w>: pronounce a word as a given part of speech or sense."""

    _tag = "w"
    _text = "words"

    def __init__(self, words: str | None = None, role: str | None = None, **kwargs: Any) -> None:
        self._init(locals())


class SsmlEmphasis(_SsmlSentenceChildren):
    """<emphasis>: speak words with more or less emphasis."""

    _tag = "emphasis"
    _text = "words"

    def __init__(
        self, words: str | None = None, level: EmphasisLevel | None = None, **kwargs: Any
    ) -> None:
        self._init(locals())


class SsmlS(_SsmlSentenceChildren):
    """<s>: a sentence (adds the pause between sentences)."""

    _tag = "s"
    _text = "words"

    def __init__(self, words: str | None = None, **kwargs: Any) -> None:
        self._init(locals())


class SsmlP(_SsmlParagraphChildren):
    """<p>: a paragraph (adds the pause between paragraphs)."""

    _tag = "p"
    _text = "words"

    def __init__(self, words: str | None = None, **kwargs: Any) -> None:
        self._init(locals())


class SsmlLang(_SsmlChildren):
    """<lang>: speak words in another language."""

    _tag = "lang"
    _text = "words"

    def __init__(
        self, words: str | None = None, xml_lang: str | None = None, **kwargs: Any
    ) -> None:
        self._init(locals())


class SsmlProsody(_SsmlChildren):
    """<prosody>: change the volume, speaking rate or pitch of words."""

    _tag = "prosody"
    _text = "words"

    def __init__(
        self,
        words: str | None = None,
        volume: str | None = None,
        rate: str | None = None,
        pitch: str | None = None,
        **kwargs: Any,
    ) -> None:
        self._init(locals())
