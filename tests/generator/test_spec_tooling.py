"""Tests for the spec tooling: fetch/vendor/lock (spec_source), changelog and update_spec."""

from __future__ import annotations

import copy
import hashlib
import io
import json
import shutil
import subprocess
import sys
import tarfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from generator import changelog as cl
from generator import update_spec
from generator.changelog import Change, Changelog, diff_specs, render_markdown
from generator.spec_source import (
    LOCK_FILE_NAME,
    SpecSourceError,
    fetch_release,
    fetch_spec,
    vendor,
    verify_lock,
    write_lock,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
SPEC_FILE = "twilio_things_v1.json"
Spec = dict[str, Any]


# --------------------------------------------------------------------------- helpers


def base_spec() -> Spec:
    """A small OpenAPI document in Twilio's style (list envelope, enums, $refs)."""
    thing_schema = {
        "type": "object",
        "properties": {
            "sid": {"type": "string", "description": "The SID"},
            "count": {"type": "integer"},
            "status": {"$ref": "#/components/schemas/thing_enum_status"},
            "extra": {"type": "object", "nullable": True},
        },
    }
    list_response = {
        "type": "object",
        "properties": {
            "things": {"type": "array", "items": {"$ref": "#/components/schemas/thing"}},
            "meta": {"type": "object", "properties": {"page": {"type": "integer"}}},
        },
    }
    create_body = {
        "type": "object",
        "title": "CreateThingRequest",
        "properties": {
            "Name": {"type": "string", "description": "A name"},
            "Status": {"$ref": "#/components/schemas/thing_enum_status"},
        },
        "required": ["Name"],
    }
    return {
        "openapi": "3.0.1",
        "info": {"title": "Things", "version": "1.0.0"},
        "components": {
            "schemas": {
                "thing": thing_schema,
                "thing_enum_status": {"type": "string", "enum": ["queued", "sent"]},
            },
            "parameters": {
                "PageSize": {"name": "PageSize", "in": "query", "schema": {"type": "integer"}}
            },
        },
        "paths": {
            "/v1/Things": {
                "get": {
                    "operationId": "ListThing",
                    "description": "List things",
                    "parameters": [{"$ref": "#/components/parameters/PageSize"}],
                    "responses": {"200": _json_response(list_response)},
                },
                "post": {
                    "operationId": "CreateThing",
                    "requestBody": {
                        "content": {"application/x-www-form-urlencoded": {"schema": create_body}}
                    },
                    "responses": {"201": _json_response({"$ref": "#/components/schemas/thing"})},
                },
            },
            "/v1/Things/{Sid}": {
                "parameters": [
                    {"name": "Sid", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "delete": {"operationId": "DeleteThing", "responses": {"204": {"description": ""}}},
            },
        },
    }


def _json_response(schema: Spec) -> Spec:
    """A response object with a JSON body."""
    return {"description": "OK", "content": {"application/json": {"schema": schema}}}


def write_specs(directory: Path, specs: dict[str, Spec]) -> Path:
    """Write ``specs`` as JSON files into ``directory`` and return it."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, doc in specs.items():
        (directory / name).write_text(json.dumps(doc), encoding="utf-8")
    return directory


def diff(tmp_path: Path, old: Spec, new: Spec) -> Changelog:
    """Changelog between one old and one new version of ``SPEC_FILE``."""
    old_dir = write_specs(tmp_path / "old", {SPEC_FILE: old})
    new_dir = write_specs(tmp_path / "new", {SPEC_FILE: new})
    return diff_specs(old_dir, new_dir)


def texts(changelog: Changelog) -> dict[str, bool]:
    """Map each change's text to its breaking flag."""
    return {c.text: c.breaking for c in changelog.changes}


def create_props(doc: Spec) -> Spec:
    """The form properties of CreateThing in ``doc``."""
    post = doc["paths"]["/v1/Things"]["post"]
    props: Spec = post["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"]
    return props


def make_tarball(path: Path, members: dict[str, bytes], symlink: str | None = None) -> None:
    """Write a .tgz with regular-file ``members`` (and optionally one symlink member)."""
    with tarfile.open(path, "w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        if symlink is not None:
            link = tarfile.TarInfo(symlink)
            link.type = tarfile.SYMTYPE
            link.linkname = "/etc/passwd"
            archive.addfile(link)


FakeRun = Callable[..., subprocess.CompletedProcess[str]]


def fake_npm(members: dict[str, bytes], symlink: str | None = None) -> FakeRun:
    """A stand-in for subprocess.run that 'packs' a tarball with ``members`` into cwd."""

    def run(cmd: Sequence[str], cwd: Path, **kwargs: Any) -> subprocess.CompletedProcess[str]:
        assert list(cmd[:2]) == ["npm", "pack"]
        assert kwargs.get("check") is True
        version = cmd[2].rsplit("@", 1)[1]
        make_tarball(Path(cwd) / f"twilio-cli-core-{version}.tgz", members, symlink)
        return subprocess.CompletedProcess(list(cmd), 0, "", "")

    return run


SPEC_PREFIX = "package/src/services/twilio-api/"


# --------------------------------------------------------------------------- lock


def test_write_lock_is_deterministic_and_hashes_files(tmp_path: Path) -> None:
    (tmp_path / "b.json").write_bytes(b'{"b": 1}')
    (tmp_path / "a.json").write_bytes(b'{"a": 1}')
    (tmp_path / "notes.md").write_text("not a spec")
    write_lock(tmp_path, "@twilio/cli-core", "9.0.0")
    first = (tmp_path / LOCK_FILE_NAME).read_text()
    write_lock(tmp_path, "@twilio/cli-core", "9.0.0")  # the lock itself must not be hashed
    assert (tmp_path / LOCK_FILE_NAME).read_text() == first
    expected = {
        "files": {
            "a.json": hashlib.sha256(b'{"a": 1}').hexdigest(),
            "b.json": hashlib.sha256(b'{"b": 1}').hexdigest(),
        },
        "package": "@twilio/cli-core",
        "path": "package/src/services/twilio-api",
        "version": "9.0.0",
    }
    assert first == json.dumps(expected, indent=2, sort_keys=True) + "\n"


def test_verify_lock_ok(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_bytes(b"{}")
    write_lock(tmp_path, "@twilio/cli-core", "1.0.0")
    assert verify_lock(tmp_path) == []


def test_verify_lock_reports_missing_extra_and_mismatch(tmp_path: Path) -> None:
    for name in ("a.json", "b.json", "c.json"):
        (tmp_path / name).write_bytes(name.encode())
    write_lock(tmp_path, "@twilio/cli-core", "1.0.0")
    (tmp_path / "a.json").unlink()
    (tmp_path / "b.json").write_bytes(b"changed")
    (tmp_path / "d.json").write_bytes(b"new")
    problems = verify_lock(tmp_path)
    assert len(problems) == 3
    assert problems[0].startswith("missing file: a.json")
    assert problems[1].startswith("hash mismatch: b.json")
    assert problems[2].startswith("extra file: d.json")


def test_verify_lock_without_lock_file(tmp_path: Path) -> None:
    problems = verify_lock(tmp_path)
    assert len(problems) == 1 and "lock file not found" in problems[0]


def test_vendored_spec_matches_lock() -> None:
    spec_dir = REPO_ROOT / "spec"
    assert verify_lock(spec_dir) == []
    lock = json.loads((spec_dir / LOCK_FILE_NAME).read_text())
    assert lock["package"] == "@twilio/cli-core"
    assert lock["version"] == "9.0.0"
    assert len(lock["files"]) == 71


# --------------------------------------------------------------------------- fetch / vendor


def test_fetch_spec_extracts_only_spec_json_safely(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    members = {
        SPEC_PREFIX + "twilio_api_v2010.json": b'{"paths": {}}',
        SPEC_PREFIX + "twilio_chat_v1.json": b"{}",
        SPEC_PREFIX + "api-browser.js": b"// js",
        SPEC_PREFIX + "nested/deep.json": b"{}",
        SPEC_PREFIX + "../../../../evil.json": b"{}",
        "/tmp/absolute.json": b"{}",
        "package/package.json": b"{}",
    }
    fake = fake_npm(members, symlink=SPEC_PREFIX + "link.json")
    monkeypatch.setattr(subprocess, "run", fake)
    dest = tmp_path / "out" / "specs"
    files = fetch_spec("9.0.0", dest)
    assert [p.name for p in files] == ["twilio_api_v2010.json", "twilio_chat_v1.json"]
    assert sorted(p.name for p in dest.iterdir()) == [p.name for p in files]
    assert (dest / "twilio_api_v2010.json").read_bytes() == b'{"paths": {}}'
    assert not (tmp_path / "evil.json").exists()
    assert not list(tmp_path.rglob("evil.json"))


def test_fetch_spec_without_spec_files_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(subprocess, "run", fake_npm({"package/x.json": b"{}"}))
    with pytest.raises(SpecSourceError, match="no 'package/src/services/twilio-api/"):
        fetch_spec("1.0.0", tmp_path)


def test_fetch_spec_reports_missing_npm(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(*args: Any, **kwargs: Any) -> None:
        raise FileNotFoundError("npm")

    monkeypatch.setattr(subprocess, "run", missing)
    with pytest.raises(SpecSourceError, match="npm was not found"):
        fetch_spec("9.0.0", tmp_path)


def test_fetch_spec_reports_unknown_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(cmd: Sequence[str], **kwargs: Any) -> None:
        raise subprocess.CalledProcessError(1, cmd, "", "npm error notarget No matching version")

    monkeypatch.setattr(subprocess, "run", failing)
    with pytest.raises(SpecSourceError, match=r"(?s)0\.0\.1.*exist.*No matching version"):
        fetch_spec("0.0.1", tmp_path)


@pytest.mark.parametrize("version", ["--help", "../x", "", "1.0 ; rm"])
def test_fetch_spec_rejects_bad_versions(tmp_path: Path, version: str) -> None:
    with pytest.raises(SpecSourceError, match="invalid version"):
        fetch_spec(version, tmp_path)


def test_vendor_replaces_specs_and_writes_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    spec_dir = tmp_path / "spec"
    spec_dir.mkdir()
    (spec_dir / "twilio_old_v1.json").write_text("{}")
    (spec_dir / "twilio_api_v2010.json").write_text('{"old": true}')
    (spec_dir / "CHANGELOG-API.md").write_text("keep me")
    members = {SPEC_PREFIX + "twilio_api_v2010.json": b'{"new": true}'}
    monkeypatch.setattr(subprocess, "run", fake_npm(members))
    vendor("9.1.0", spec_dir)
    assert sorted(p.name for p in spec_dir.iterdir()) == [
        "CHANGELOG-API.md",
        LOCK_FILE_NAME,
        "twilio_api_v2010.json",
    ]
    assert (spec_dir / "twilio_api_v2010.json").read_text() == '{"new": true}'
    assert json.loads((spec_dir / LOCK_FILE_NAME).read_text())["version"] == "9.1.0"
    assert verify_lock(spec_dir) == []
    assert len(capsys.readouterr().out.strip().splitlines()) == 4


# --------------------------------------------------------------------------- changelog


def test_identical_specs_have_no_changes(tmp_path: Path) -> None:
    result = diff(tmp_path, base_spec(), base_spec())
    assert result.changes == []
    assert "No API changes." in render_markdown(result)


def test_descriptions_are_ignored(tmp_path: Path) -> None:
    new = base_spec()
    new["paths"]["/v1/Things"]["get"]["description"] = "Something else"
    create_props(new)["properties"]["Name"]["description"] = "Changed"
    new["components"]["schemas"]["thing"]["properties"]["sid"]["description"] = "Changed"
    assert diff(tmp_path, base_spec(), new).changes == []


def test_operation_added_and_removed(tmp_path: Path) -> None:
    new = base_spec()
    del new["paths"]["/v1/Things/{Sid}"]["delete"]
    new["paths"]["/v1/Things/{Sid}"]["get"] = {
        "operationId": "FetchThing",
        "responses": {"200": _json_response({"$ref": "#/components/schemas/thing"})},
    }
    result = texts(diff(tmp_path, base_spec(), new))
    assert result == {
        "Operation removed: `DELETE /v1/Things/{Sid}` (`DeleteThing`)": True,
        "Operation added: `GET /v1/Things/{Sid}` (`FetchThing`)": False,
    }


def test_operation_moved_is_matched_by_operation_id(tmp_path: Path) -> None:
    new = base_spec()
    new["paths"]["/v1/Items/{Sid}"] = new["paths"].pop("/v1/Things/{Sid}")
    changes = diff(tmp_path, base_spec(), new).changes
    assert [(c.subject, c.action, c.breaking) for c in changes] == [("operation", "changed", False)]
    assert "`DELETE /v1/Things/{Sid}` -> `DELETE /v1/Items/{Sid}`" in changes[0].text


def test_operation_id_renamed_is_breaking(tmp_path: Path) -> None:
    new = base_spec()
    new["paths"]["/v1/Things/{Sid}"]["delete"]["operationId"] = "RemoveThing"
    assert texts(diff(tmp_path, base_spec(), new)) == {
        "operationId renamed: `DeleteThing` -> `RemoveThing`": True
    }


def test_optional_parameter_added_is_not_breaking(tmp_path: Path) -> None:
    new = base_spec()
    create_props(new)["properties"]["Color"] = {"type": "string"}
    new["paths"]["/v1/Things"]["get"]["parameters"].append(
        {"name": "X-Trace", "in": "header", "schema": {"type": "string"}}
    )
    assert texts(diff(tmp_path, base_spec(), new)) == {
        "Parameter added: body `Color` (string, optional)": False,
        "Parameter added: header `X-Trace` (string, optional)": False,
    }


def test_required_parameter_added_is_breaking(tmp_path: Path) -> None:
    new = base_spec()
    create_props(new)["properties"]["Color"] = {"type": "string"}
    create_props(new)["required"].append("Color")
    assert texts(diff(tmp_path, base_spec(), new)) == {
        "Parameter added: body `Color` (string, required)": True
    }


def test_parameter_removed_is_breaking(tmp_path: Path) -> None:
    new = base_spec()
    new["paths"]["/v1/Things"]["get"]["parameters"] = []
    changes = diff(tmp_path, base_spec(), new).changes
    assert [(c.text, c.breaking, c.operation_id) for c in changes] == [
        ("Parameter removed: query `PageSize` (integer)", True, "ListThing")
    ]


def test_parameter_newly_required_and_optional(tmp_path: Path) -> None:
    new = base_spec()
    create_props(new)["required"] = ["Status"]
    assert texts(diff(tmp_path, base_spec(), new)) == {
        "Parameter now optional: body `Name`": False,
        "Parameter now required: body `Status`": True,
    }


def test_parameter_type_changed_is_breaking(tmp_path: Path) -> None:
    new = base_spec()
    new["components"]["parameters"]["PageSize"]["schema"] = {"type": "string", "format": "uri"}
    assert texts(diff(tmp_path, base_spec(), new)) == {
        "Parameter type changed: query `PageSize`: integer -> string(uri)": True
    }


def test_type_loosened_to_any_is_not_breaking(tmp_path: Path) -> None:
    new = base_spec()
    new["components"]["schemas"]["thing"]["properties"]["extra"] = {"nullable": True}
    result = texts(diff(tmp_path, base_spec(), new))
    assert result == {
        "Response field type loosened: `extra`: object -> any": False,
        "Response field type loosened: `things[].extra`: object -> any": False,
    }


def test_enum_values_removed_breaking_for_inputs_only(tmp_path: Path) -> None:
    new = base_spec()
    new["components"]["schemas"]["thing_enum_status"]["enum"] = ["queued", "delivered"]
    result = texts(diff(tmp_path, base_spec(), new))
    # A value callers could send is refused now ...
    assert result["Enum values removed from parameter body `Status`: `sent`"] is True
    assert result["Enum values added to parameter body `Status`: `delivered`"] is False
    # ... while a value the SDK will not receive any more breaks no reader (the SDK's own
    # enum class losing the member is reported, and marked, in the SDK surface section).
    assert result["Enum values removed from response field `things[].status`: `sent`"] is False
    assert result["Enum values added to response field `status`: `delivered`"] is False
    assert len(result) == 6


def test_enum_values_added_only_is_not_breaking(tmp_path: Path) -> None:
    new = base_spec()
    new["components"]["schemas"]["thing_enum_status"]["enum"].append("failed")
    result = diff(tmp_path, base_spec(), new)
    assert result.changes and not result.breaking


def test_ref_renamed_with_same_content_is_no_change(tmp_path: Path) -> None:
    """Twilio renames schemas between releases; a ``$ref`` rename alone changes nothing."""
    new = base_spec()
    schemas = new["components"]["schemas"]
    schemas["thing_enum_state"] = schemas.pop("thing_enum_status")
    schemas["thing_v2"] = schemas.pop("thing")
    state_ref = {"$ref": "#/components/schemas/thing_enum_state"}
    create_props(new)["properties"]["Status"] = state_ref
    schemas["thing_v2"]["properties"]["status"] = state_ref
    thing_ref = {"$ref": "#/components/schemas/thing_v2"}
    paths = new["paths"]["/v1/Things"]
    paths["post"]["responses"]["201"]["content"]["application/json"]["schema"] = thing_ref
    list_schema = paths["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    list_schema["properties"]["things"]["items"] = thing_ref
    assert diff(tmp_path, base_spec(), new).changes == []


def test_enum_ref_pointing_elsewhere_with_other_values_is_listed(tmp_path: Path) -> None:
    new = base_spec()
    new["components"]["schemas"]["other_enum"] = {"type": "string", "enum": ["on", "off"]}
    create_props(new)["properties"]["Status"] = {"$ref": "#/components/schemas/other_enum"}
    assert texts(diff(tmp_path, base_spec(), new)) == {
        "Enum values removed from parameter body `Status`: `queued`, `sent`": True,
        "Enum values added to parameter body `Status`: `off`, `on`": False,
    }


def test_response_fields_added_removed_and_type_changed(tmp_path: Path) -> None:
    new = base_spec()
    props = new["components"]["schemas"]["thing"]["properties"]
    props["label"] = {"type": "string"}
    del props["sid"]
    props["count"] = {"type": "string"}
    new["paths"]["/v1/Things"]["get"]["responses"]["200"]["content"]["application/json"]["schema"][
        "properties"
    ]["meta"]["properties"]["key"] = {"type": "string"}
    result = texts(diff(tmp_path, base_spec(), new))
    assert result == {
        # CreateThing returns the resource itself ...
        "Response field added: `label` (string)": False,
        "Response field removed: `sid` (string)": True,
        "Response field type changed: `count`: integer -> string": True,
        # ... ListThing returns the list envelope, whose item schema is included.
        "Response field added: `things[].label` (string)": False,
        "Response field removed: `things[].sid` (string)": True,
        "Response field type changed: `things[].count`: integer -> string": True,
        "Response field added: `meta.key` (string)": False,
    }


def test_items_type_change_in_array_parameter(tmp_path: Path) -> None:
    old = base_spec()
    create_props(old)["properties"]["Tags"] = {"type": "array", "items": {"type": "string"}}
    new = copy.deepcopy(old)
    create_props(new)["properties"]["Tags"]["items"] = {"type": "integer"}
    assert texts(diff(tmp_path, old, new)) == {
        "Parameter type changed: body `Tags`: array[string] -> array[integer]": True
    }


def test_json_body_with_ref_schema(tmp_path: Path) -> None:
    old = base_spec()
    old["components"]["schemas"]["thing_input"] = {
        "type": "object",
        "properties": {"name": {"type": "string"}},
    }
    old["paths"]["/v1/Things"]["put"] = {
        "operationId": "ReplaceThing",
        "requestBody": {
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/thing_input"}}
            }
        },
        "responses": {"200": _json_response({"$ref": "#/components/schemas/thing"})},
    }
    new = copy.deepcopy(old)
    new["components"]["schemas"]["thing_input"]["properties"]["size"] = {"type": "number"}
    changes = diff(tmp_path, old, new).changes
    assert [(c.text, c.method, c.operation_id) for c in changes] == [
        ("Parameter added: body `size` (number, optional)", "PUT", "ReplaceThing")
    ]


def test_whole_spec_files_added_and_removed(tmp_path: Path) -> None:
    old_dir = write_specs(tmp_path / "old", {"twilio_a_v1.json": base_spec()})
    new_dir = write_specs(tmp_path / "new", {"twilio_b_v1.json": base_spec()})
    (new_dir / LOCK_FILE_NAME).write_text(
        json.dumps({"package": "@twilio/cli-core", "version": "9.9.9", "files": {}})
    )
    result = diff_specs(old_dir, new_dir)
    assert result.old_label == "old"
    assert result.new_label == "@twilio/cli-core@9.9.9"
    file_level = [(c.spec_file, c.action, c.breaking) for c in result.changes if not c.path]
    assert file_level == [
        ("twilio_a_v1.json", "removed", True),
        ("twilio_b_v1.json", "added", False),
    ]
    counts = result.counts()
    assert counts[("operation", "removed")] == 3
    assert counts[("operation", "added")] == 3


# --------------------------------------------------------------------------- one edit per kind


def ops_of(doc: Spec) -> tuple[Spec, Spec, Spec]:
    """The ListThing, CreateThing and DeleteThing operations of ``doc``."""
    things = doc["paths"]["/v1/Things"]
    return things["get"], things["post"], doc["paths"]["/v1/Things/{Sid}"]["delete"]


def test_auth_alternative_added_is_listed_not_breaking(tmp_path: Path) -> None:
    old = base_spec()
    old["components"]["securitySchemes"] = {"basic": {"type": "http", "scheme": "basic"}}
    old["security"] = [{"basic": []}]
    new = copy.deepcopy(old)
    new["components"]["securitySchemes"]["bearer"] = {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "access_token",
    }
    ops_of(new)[1]["security"] = [{"basic": []}, {"bearer": []}]
    result = diff(tmp_path, old, new)
    assert texts(result) == {
        "Security scheme added: `bearer` (http bearer format access_token)": False,
        "Auth added: `bearer` (http bearer format access_token)": False,
    }
    assert [c.operation_id for c in result.changes if c.subject == cl.AUTH] == ["CreateThing"]


def test_auth_alternative_removed_is_breaking(tmp_path: Path) -> None:
    old = base_spec()
    old["components"]["securitySchemes"] = {
        "basic": {"type": "http", "scheme": "basic"},
        "bearer": {"type": "http", "scheme": "bearer"},
    }
    old["security"] = [{"basic": []}, {"bearer": []}]
    new = copy.deepcopy(old)
    ops_of(new)[2]["security"] = [{"bearer": []}]
    assert texts(diff(tmp_path, old, new)) == {"Auth removed: `basic` (http basic)": True}


def test_host_change_is_listed(tmp_path: Path) -> None:
    old = base_spec()
    old["paths"]["/v1/Things"]["servers"] = [{"url": "https://things.twilio.com"}]
    new = copy.deepcopy(old)
    new["paths"]["/v1/Things"]["servers"] = [{"url": "https://things-v2.twilio.com"}]
    result = diff(tmp_path, old, new)
    text = "Host changed: `https://things.twilio.com` -> `https://things-v2.twilio.com`"
    assert texts(result) == {text: False}
    assert sorted(c.operation_id for c in result.changes) == ["CreateThing", "ListThing"]


def test_status_codes_and_error_responses(tmp_path: Path) -> None:
    new = base_spec()
    _, create, delete = ops_of(new)
    create["responses"]["200"] = create["responses"].pop("201")
    create["responses"]["408"] = {"description": "timeout"}
    create["responses"]["409"] = _json_response({"type": "object"})
    delete["responses"]["202"] = {"description": "accepted"}
    assert texts(diff(tmp_path, base_spec(), new)) == {
        "Success status changed: 201 -> 200": False,
        "Error response added: 408": False,
        "Error response added: 409": False,
        "Response status added: 202": False,
    }


def test_content_type_changes(tmp_path: Path) -> None:
    new = base_spec()
    _, create, _ = ops_of(new)
    body = create["requestBody"]["content"]
    body["application/json"] = body.pop("application/x-www-form-urlencoded")
    response = create["responses"]["201"]["content"]
    response["application/scim+json"] = response.pop("application/json")
    result = texts(diff(tmp_path, base_spec(), new))
    assert result == {
        "Request content type changed: `application/x-www-form-urlencoded` -> "
        "`application/json`": False,
        "Response 201 content type changed: `application/json` -> `application/scim+json`": False,
    }


def test_request_body_required_changes(tmp_path: Path) -> None:
    new = base_spec()
    ops_of(new)[1]["requestBody"]["required"] = True
    assert texts(diff(tmp_path, base_spec(), new)) == {"Request body now required": True}
    assert texts(diff(tmp_path / "back", new, base_spec())) == {"Request body now optional": False}


@pytest.mark.parametrize(
    ("old_schema", "new_schema", "text", "breaking"),
    [
        (
            {"type": "integer", "maximum": 1000},
            {"type": "integer", "maximum": 25},
            "Parameter constraint changed: query `PageSize`: `maximum` 1000 -> 25",
            True,
        ),
        (
            {"type": "integer", "maximum": 25},
            {"type": "integer", "maximum": 1000},
            "Parameter constraint changed: query `PageSize`: `maximum` 25 -> 1000",
            False,
        ),
        (
            {"type": "integer"},
            {"type": "integer", "minimum": 1},
            "Parameter constraint changed: query `PageSize`: `minimum` added: 1",
            True,
        ),
        (
            {"type": "integer", "minimum": 1},
            {"type": "integer"},
            "Parameter constraint changed: query `PageSize`: `minimum` removed (was 1)",
            False,
        ),
        (
            {"type": "string"},
            {"type": "string", "maxLength": 64},
            "Parameter constraint changed: query `PageSize`: `maxLength` added: 64",
            True,
        ),
        (
            {"type": "string", "pattern": "^[0-9]+$"},
            {"type": "string", "pattern": "^[0-9]{1,3}$"},
            "Parameter constraint changed: query `PageSize`: "
            '`pattern` "^[0-9]+$" -> "^[0-9]{1,3}$"',
            True,
        ),
        (
            {"type": "integer"},
            {"type": "integer", "nullable": True},
            "Parameter now nullable: query `PageSize`",
            False,
        ),
        (
            {"type": "integer", "default": 50},
            {"type": "integer", "default": 20},
            "Parameter default changed: query `PageSize`: 50 -> 20",
            False,
        ),
        (
            {"type": "integer"},
            {"type": "number"},
            "Parameter type widened: query `PageSize`: integer -> number",
            False,
        ),
        (
            {"type": "string"},
            {"type": "string", "enum": ["a", "b"]},  # the SDK takes `Enum | str`: a widening
            "Enum added to parameter query `PageSize`: `a`, `b`",
            False,
        ),
    ],
)
def test_parameter_constraints_and_refinements(
    tmp_path: Path, old_schema: Spec, new_schema: Spec, text: str, breaking: bool
) -> None:
    old, new = base_spec(), base_spec()
    old["components"]["parameters"]["PageSize"]["schema"] = old_schema
    new["components"]["parameters"]["PageSize"]["schema"] = new_schema
    assert texts(diff(tmp_path, old, new)) == {text: breaking}


def test_response_field_constraints_nullable_and_requiredness_do_not_break(
    tmp_path: Path,
) -> None:
    new = base_spec()
    thing = new["components"]["schemas"]["thing"]
    thing["properties"]["sid"]["maxLength"] = 34
    thing["properties"]["count"]["nullable"] = True
    thing["properties"]["status"] = {"type": "string"}  # enum dropped: any value now
    thing["required"] = ["sid"]
    result = diff(tmp_path, base_spec(), new)
    assert {c.text for c in result.changes if not c.name.startswith("things")} == {
        "Response field constraint changed: `sid`: `maxLength` added: 34",
        "Response field now nullable: `count`",
        "Response field now required: `sid`",
        "Enum dropped from response field `status` (any value)",
    }
    assert not result.breaking  # every response attribute in the SDK is `X | None` already


def test_response_field_string_gains_enum_is_not_breaking(tmp_path: Path) -> None:
    new = base_spec()
    new["components"]["schemas"]["thing"]["properties"]["sid"]["enum"] = ["a"]
    result = diff(tmp_path, base_spec(), new)
    assert texts(result) == {
        "Enum added to response field `sid`: `a`": False,
        "Enum added to response field `things[].sid`: `a`": False,
    }


def nested_body_spec() -> Spec:
    """A JSON body like Content v1's: types -> twilio/call-to-action -> actions[] -> fields."""
    doc = base_spec()
    schemas = doc["components"]["schemas"]
    schemas["action_type"] = {"type": "string", "enum": ["URL", "PHONE_NUMBER"]}
    schemas["action"] = {
        "type": "object",
        "properties": {
            "type": {"$ref": "#/components/schemas/action_type"},
            "title": {"type": "string"},
            "url": {"type": "string"},
        },
        "required": ["type", "title"],
    }
    schemas["types"] = {
        "type": "object",
        "properties": {
            "twilio/call-to-action": {
                "type": "object",
                "properties": {
                    "body": {"type": "string"},
                    "actions": {"type": "array", "items": {"$ref": "#/components/schemas/action"}},
                },
                "required": ["body", "actions"],
            }
        },
    }
    schemas["content_request"] = {
        "type": "object",
        "properties": {
            "language": {"type": "string"},
            "types": {"$ref": "#/components/schemas/types"},
        },
        "required": ["language", "types"],
    }
    doc["paths"]["/v1/Content"] = {
        "post": {
            "operationId": "CreateContent",
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/content_request"}}
                },
            },
            "responses": {"201": _json_response({"type": "object"})},
        }
    }
    return doc


def test_nested_json_body_changes(tmp_path: Path) -> None:
    new = nested_body_spec()
    schemas = new["components"]["schemas"]
    schemas["action_type"]["enum"].append("REQUEST_CONTACT_INFO")
    schemas["action"]["required"] = ["type"]
    schemas["action"]["properties"]["phone"] = {"type": "string", "maxLength": 20}
    schemas["action"]["properties"]["url"]["maxLength"] = 2000
    result = diff(tmp_path, nested_body_spec(), new)
    prefix = "body `types.twilio/call-to-action.actions[]"
    assert texts(result) == {
        f"Parameter now optional: {prefix}.title`": False,
        f"Enum values added to parameter {prefix}.type`: `REQUEST_CONTACT_INFO`": False,
        f"Parameter added: {prefix}.phone` (string, optional)": False,
        f"Parameter constraint changed: {prefix}.url`: `maxLength` added: 2000": True,
    }
    assert {c.operation_id for c in result.changes} == {"CreateContent"}


def test_nested_required_field_added_is_breaking(tmp_path: Path) -> None:
    new = nested_body_spec()
    action = new["components"]["schemas"]["action"]
    action["properties"]["id"] = {"type": "string"}
    action["required"].append("id")
    assert texts(diff(tmp_path, nested_body_spec(), new)) == {
        "Parameter added: body `types.twilio/call-to-action.actions[].id` (string, required)": True
    }


def test_operation_deprecated_is_listed(tmp_path: Path) -> None:
    new = base_spec()
    ops_of(new)[2]["deprecated"] = True
    assert texts(diff(tmp_path, base_spec(), new)) == {"Operation deprecated": False}


def test_summary_counts_every_kind(tmp_path: Path) -> None:
    old = base_spec()
    old["components"]["securitySchemes"] = {"basic": {"type": "http", "scheme": "basic"}}
    old["security"] = [{"basic": []}]
    new = copy.deepcopy(old)
    new["components"]["securitySchemes"]["bearer"] = {"type": "http", "scheme": "bearer"}
    list_op, create, delete = ops_of(new)
    create["security"] = [{"basic": []}, {"bearer": []}]
    create["requestBody"]["required"] = True
    delete["responses"]["409"] = {"description": "conflict"}
    new["paths"]["/v1/Things/{Sid}"]["servers"] = [{"url": "https://x.twilio.com"}]
    line = cl.summary_line(diff(tmp_path, old, new))
    assert line == (
        "5 changes, 1 breaking; spec files +0 -0 ~0; security schemes +1 -0 ~0; "
        "operations +0 -0 ~0; auth +1 -0 ~0; hosts +0 -0 ~1; request bodies +0 -0 ~1; "
        "parameters +0 -0 ~0; responses +1 -0 ~0; response fields +0 -0 ~0"
    )


# --------------------------------------------------------------------------- markdown


def test_render_markdown_groups_and_marks_breaking(tmp_path: Path) -> None:
    new = base_spec()
    del new["paths"]["/v1/Things/{Sid}"]["delete"]
    create_props(new)["properties"]["Color"] = {"type": "string"}
    old_dir = write_specs(tmp_path / "old", {SPEC_FILE: base_spec()})
    new_dir = write_specs(tmp_path / "new", {SPEC_FILE: new, "twilio_a_v2.json": base_spec()})
    text = render_markdown(diff_specs(old_dir, new_dir))
    lines = text.splitlines()
    assert lines[0] == "# API changelog: old -> new"
    assert lines[2] == (
        "**Summary:** 6 changes, 1 breaking; spec files +1 -0 ~0; operations +3 -1 ~0; "
        "parameters +1 -0 ~0; response fields +0 -0 ~0"
    )
    assert text.index("## twilio_a_v2.json") < text.index(f"## {SPEC_FILE}")
    assert "- Spec file added (3 operations)" in lines
    assert "- **BREAKING** Operation removed: `DELETE /v1/Things/{Sid}` (`DeleteThing`)" in lines
    heading = "### `POST /v1/Things` (`CreateThing`)"
    assert lines[lines.index(heading) + 2] == "- Parameter added: body `Color` (string, optional)"
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert render_markdown(diff_specs(old_dir, new_dir)) == text


def test_render_markdown_order_is_independent_of_input_order() -> None:
    a = Change("b.json", "parameter", "added", "Parameter added: x", False, "GET", "/b", "B", "x")
    b = Change("a.json", "operation", "removed", "Operation removed: y", True, "GET", "/a", "A")
    first = render_markdown(Changelog("1", "2", [a, b]))
    assert first == render_markdown(Changelog("1", "2", [b, a]))
    assert first.index("## a.json") < first.index("## b.json")


def test_changelog_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new = base_spec()
    create_props(new)["properties"]["Color"] = {"type": "string"}
    old_dir = write_specs(tmp_path / "old", {SPEC_FILE: base_spec()})
    new_dir = write_specs(tmp_path / "new", {SPEC_FILE: new})
    assert cl.main([str(old_dir), str(new_dir)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# API changelog: old -> new\n")
    assert "Parameter added: body `Color`" in out


# --------------------------------------------------------------------------- update_spec

# Stands in for `python -m generator`: writes a package exporting one name per spec file (and a
# failure mode that leaves half-written output behind).
FAKE_GENERATOR = """
import pathlib, sys
args = sys.argv[1:]
spec = pathlib.Path(args[args.index("--spec") + 1])
out = pathlib.Path(args[args.index("--out") + 1]) / "twilio_sdk_generated"
out.mkdir(parents=True)
names = sorted(p.stem for p in spec.glob("twilio_*.json"))
(out / "__init__.py").write_text("__all__ = %r\\n" % names)
(out / "operations.json").write_text("[]")
if (spec / "FAIL").exists():
    sys.exit(3)
"""
FAKE_GENERATOR_CMD = (sys.executable, "-c", FAKE_GENERATOR)


def tree(root: Path) -> dict[str, str]:
    """Every file under ``root`` with its SHA-256: what an update must leave unchanged."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def checkout(tmp_path: Path, version: str = "1.0.0") -> Path:
    """A checkout with spec/ (one spec file, locked at ``version``) and its generated package."""
    root = tmp_path / "checkout"
    spec_dir = write_specs(root / "spec", {SPEC_FILE: base_spec()})
    write_lock(spec_dir, "@twilio/cli-core", version)
    package = root / "generated" / "twilio_sdk_generated"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("__all__ = ['twilio_things_v1']\n")
    (package / "operations.json").write_text("[]")
    return root


def release(monkeypatch: pytest.MonkeyPatch, version: str, specs: dict[str, Spec]) -> None:
    """Make `npm pack` (any version or tag) produce a release ``version`` holding ``specs``."""
    members = {SPEC_PREFIX + name: json.dumps(doc).encode() for name, doc in specs.items()}
    members["package/package.json"] = json.dumps({"version": version}).encode()
    monkeypatch.setattr(subprocess, "run", fake_npm(members))


def run_update(root: Path, version: str, date: str = "2026-01-02") -> update_spec.Result:
    return update_spec.update(version, root, date=date, generator_cmd=FAKE_GENERATOR_CMD)


def test_update_appends_one_section_per_update_and_resolves_dist_tags(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = checkout(tmp_path)
    v2 = base_spec()
    create_props(v2)["properties"]["Color"] = {"type": "string"}
    release(monkeypatch, "2.0.0", {SPEC_FILE: v2, "twilio_more_v1.json": base_spec()})
    result = run_update(root, "latest")
    assert (result.old_version, result.new_version, result.applied) == ("1.0.0", "2.0.0", True)
    lock = json.loads((root / "spec" / LOCK_FILE_NAME).read_text())
    assert lock["version"] == "2.0.0"  # the dist-tag resolved to the exact version
    assert verify_lock(root / "spec") == []
    log = (root / "spec" / update_spec.CHANGELOG_FILE_NAME).read_text()
    assert log.startswith(update_spec.CHANGELOG_HEADER)
    assert "## @twilio/cli-core 1.0.0 -> 2.0.0 (2026-01-02)\n" in log
    assert "- Parameter added: body `Color` (string, optional)" in log
    assert "### SDK surface changes" in log and "- Name added: `twilio_more_v1`" in log
    init = root / "generated" / "twilio_sdk_generated" / "__init__.py"
    assert init.read_text() == "__all__ = ['twilio_more_v1', 'twilio_things_v1']\n"

    release(monkeypatch, "3.0.0", {SPEC_FILE: v2})
    run_update(root, "3.0.0", date="2026-02-03")
    second = (root / "spec" / update_spec.CHANGELOG_FILE_NAME).read_text()
    assert second.startswith(log)  # appended: the first section is kept as it was
    assert second.count("\n## @twilio/cli-core ") == 2
    assert "## @twilio/cli-core 2.0.0 -> 3.0.0 (2026-02-03)" in second
    assert "- **BREAKING** Spec file removed (3 operations)" in second
    assert "- **BREAKING** Name removed: `twilio_more_v1`" in second
    assert not list(root.glob(".update_spec-*"))


def test_update_to_the_vendored_version_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = checkout(tmp_path)
    before = tree(root)
    release(monkeypatch, "1.0.0", {SPEC_FILE: base_spec()})
    result = run_update(root, "latest")
    assert not result.applied and result.section == ""
    assert tree(root) == before


def test_update_failure_leaves_the_checkout_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = checkout(tmp_path)
    before = tree(root)
    v2 = base_spec()
    create_props(v2)["properties"]["Color"] = {"type": "string"}
    release(monkeypatch, "2.0.0", {SPEC_FILE: v2})
    real_copytree = shutil.copytree

    def copy_and_break(src: Path, dst: Path, **kwargs: Any) -> Any:
        result = real_copytree(src, dst, **kwargs)
        (Path(dst) / "FAIL").write_text("")  # makes the fake generator exit 3
        return result

    monkeypatch.setattr(shutil, "copytree", copy_and_break)
    with pytest.raises(update_spec.UpdateError, match=r"exit 3.*unchanged"):
        run_update(root, "2.0.0")
    assert tree(root) == before
    assert not list(root.glob(".update_spec-*"))


def test_swap_is_all_or_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    live = [tmp_path / "spec", tmp_path / "generated"]
    staged = [tmp_path / "stage" / "spec", tmp_path / "stage" / "generated"]
    for i, directory in enumerate(live + staged):
        directory.mkdir(parents=True)
        (directory / "f").write_text(str(i))
    backups = tmp_path / "stage" / "replaced"
    backups.mkdir()
    before = tree(tmp_path)
    real_rename = Path.rename

    def rename(self: Path, target: Any) -> Any:
        if self == staged[1]:
            raise OSError("disk trouble")
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(OSError, match="disk trouble"):
        update_spec.swap(list(zip(live, staged, strict=True)), backups)
    assert tree(tmp_path) == before  # the first pair, already swapped, was put back
    monkeypatch.setattr(Path, "rename", real_rename)
    update_spec.swap(list(zip(live, staged, strict=True)), backups)
    assert [(d / "f").read_text() for d in live] == ["2", "3"]


def test_dist_tag_needs_a_package_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(subprocess, "run", fake_npm({SPEC_PREFIX + SPEC_FILE: b"{}"}))
    with pytest.raises(SpecSourceError, match="give an exact version"):
        fetch_release("latest", tmp_path)
    release(monkeypatch, "9.1.0", {SPEC_FILE: base_spec()})
    assert fetch_release("latest", tmp_path / "a").version == "9.1.0"
    with pytest.raises(SpecSourceError, match="asked for @twilio/cli-core@9.0.0"):
        fetch_release("9.0.0", tmp_path / "b")


def test_update_spec_cli_reports_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = checkout(tmp_path)
    before = tree(root)

    def failing(cmd: Sequence[str], **kwargs: Any) -> None:
        raise subprocess.CalledProcessError(1, cmd, "", "npm error notarget")

    monkeypatch.setattr(subprocess, "run", failing)
    assert update_spec.main(["0.0.1", "--root", str(root)]) == 1
    assert "npm error notarget" in capsys.readouterr().err
    assert tree(root) == before
