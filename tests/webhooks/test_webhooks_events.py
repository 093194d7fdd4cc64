"""The webhook event models: generated from spec/webhooks/ by datamodel-code-generator,
deterministically and up to date; every parameter documented; the public names complete;
the runnable example."""

from __future__ import annotations

import filecmp
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
import twilio_sdk_generated.webhooks as generated

from twilio_sdk._webhook_events import Event, Match, classify
from twilio_sdk.webhooks import events

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "spec" / "webhooks"
COMMITTED = ROOT / "generated" / "twilio_sdk_generated" / "webhooks"


def _generate(out: Path) -> Path:
    """The generator's webhook step, then the package-wide steps it runs after it (unused
    imports dropped, ruff format), as `python -m generator` does."""
    from generator.__main__ import drop_unused_imports
    from generator.webhook_events import generate_webhook_events

    package = out / "twilio_sdk_generated"
    package.mkdir(parents=True)
    assert generate_webhook_events(SCHEMAS, package) == 12
    drop_unused_imports(package)
    subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--quiet", "--line-length", "100", "--no-cache"]
        + [str(package)],
        check=True,
    )
    return package / "webhooks"


def test_generated_models_are_up_to_date_and_deterministic(tmp_path: Path) -> None:
    first = _generate(tmp_path / "a")
    second = _generate(tmp_path / "b")
    names = sorted(p.name for p in COMMITTED.glob("*.py"))
    assert names == sorted(p.name for p in first.glob("*.py"))
    for name in names:
        assert filecmp.cmp(first / name, second / name, shallow=False), name
        assert filecmp.cmp(first / name, COMMITTED / name, shallow=False), (
            f"{name} is stale: run `nox -s generate`"
        )


def test_every_schema_parameter_is_documented_and_typed_in_its_model() -> None:
    for path in sorted(SCHEMAS.glob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        model = getattr(generated, schema["title"])
        wire_names = {key for _, key, _ in model._FIELDS}
        for name, prop in schema["properties"].items():
            assert prop.get("description"), f"{path.name}: {name}"
            assert name in wire_names, f"{path.name}: {name} missing from {model.__name__}"
            attribute = next(a for a, key, _ in model._FIELDS if key == name)
            assert attribute in model.__annotations__, (model, attribute)
        assert model.__doc__ and "Generated" not in model.__doc__


def test_public_names_cover_every_generated_model() -> None:
    public = set(events.__all__)
    assert set(generated.__all__) - {"FORM_EVENTS", "CLOUD_EVENTS"} <= public
    for name in events.__all__:
        assert getattr(events, name) is getattr(generated, name, getattr(events, name))


def test_dispatch_rules_are_exclusive_on_the_realistic_payloads() -> None:
    """Every realistic request is described by exactly one specific event type (the bases,
    tried last, accept more)."""
    import webhook_payloads as p

    cases = {
        events.IncomingMessage: [
            p.INCOMING_SMS,
            p.INCOMING_MMS,
            p.INCOMING_WHATSAPP,
            p.WHATSAPP_BUTTON,
        ],
        events.MessageStatus: [p.MESSAGE_STATUS, p.WHATSAPP_READ],
        events.IncomingCall: [p.INCOMING_CALL],
        events.CallStatus: [p.call_status(s, 1) for s in ("queued", "ringing", "completed")],
        events.GatherResult: [p.GATHER_DIGITS, p.GATHER_SPEECH],
        events.RecordingStatus: [p.RECORDING_STATUS],
        events.TranscriptionStatus: [p.TRANSCRIPTION_STATUS],
        events.ConferenceStatus: [p.conference_status(e, 1) for e in p.CONFERENCE_EVENTS],
        events.CallRequest: [p.DIAL_ACTION],
    }
    specific = [
        t for t in generated.FORM_EVENTS if t not in (events.CallRequest, events.MessageRequest)
    ]
    for expected, payloads in cases.items():
        for params in payloads:
            assert classify(params, generated.FORM_EVENTS) is expected, params
            matching = [t for t in specific if t._MATCH is not None and t._MATCH(params)]
            assert matching == ([] if expected is events.CallRequest else [expected]), params
    assert classify({"Foo": "bar"}, generated.FORM_EVENTS) is Event
    assert Match(all_=("A",), any_=("B", "C"), none=("D",))({"A": "", "C": ""})


def test_parsing_keeps_what_does_not_parse() -> None:
    event = events.CallStatus.from_params(
        {"CallSid": "CA1", "CallDuration": "soon", "Timestamp": "", "CallStatus": "warped"}
    )
    assert event.call_duration == "soon" and event.timestamp is None
    assert event.call_status == "warped"
    assert event.to_dict()["CallDuration"] == "soon"


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_example_runs() -> None:
    spec = importlib.util.spec_from_file_location(
        "webhooks_fastapi", ROOT / "examples" / "webhooks_fastapi.py"
    )
    assert spec is not None and spec.loader is not None
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    sms, status = example.demo()
    assert sms.endswith("<Message>You said: Hello from the demo</Message></Response>")
    assert status.endswith("<Response />")
