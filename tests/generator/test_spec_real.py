"""The spec update on real data: @twilio/cli-core 8.3.2 -> 9.0.0.

- the API changelog of the five real spec files in tests/fixtures/cli-core (see its README);
- `python -m generator.update_spec latest` end to end on a small checkout holding those files at
  8.3.2: the real generator, the SDK surface diff, the lock, the appended changelog;
- interrupts (Ctrl-C to the process group as a terminal sends it, SIGTERM as nox escalates)
  while the real generator and its worker processes run: the checkout is unchanged afterwards and
  no process is left;
- opt-in (TWILIO_SDK_FULL_SPEC_TEST=1, needs npm once): the whole packages, with the counts.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator import surface
from generator.changelog import AUTH, Changelog, diff_specs
from generator.spec_source import LOCK_FILE_NAME, verify_lock, write_lock
from generator.update_spec import CHANGELOG_FILE_NAME

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "cli-core"
SPEC_PREFIX = "package/src/services/twilio-api/"
PACKAGE = "twilio_sdk_generated"
OLD, NEW = "8.3.2", "9.0.0"


def unpack(version: str, dest: Path) -> Path:
    """The fixture spec files of ``version``, uncompressed into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    for source in sorted((FIXTURES / version).glob("*.json.gz")):
        (dest / source.name.removesuffix(".gz")).write_bytes(gzip.decompress(source.read_bytes()))
    return dest


def npm_tarball(path: Path, version: str, spec_files: list[Path]) -> Path:
    """An archive laid out as `npm pack @twilio/cli-core@VERSION` makes it."""
    with tarfile.open(path, "w:gz", compresslevel=1) as archive:
        package_json = json.dumps({"name": "@twilio/cli-core", "version": version}).encode()
        info = tarfile.TarInfo("package/package.json")
        info.size = len(package_json)
        archive.addfile(info, io.BytesIO(package_json))
        for spec in spec_files:
            archive.add(spec, SPEC_PREFIX + spec.name)
    return path


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def generate(spec_dir: Path, out: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "generator", "--spec", str(spec_dir), "--out", str(out)],
        cwd=REPO_ROOT,
        check=True,
        capture_output=True,
    )


def with_webhooks(spec_dir: Path) -> Path:
    """Give a spec dir the repository's webhook schemas (spec/webhooks), if it has them: they
    are not part of the Twilio release, and the generator reads them from the spec dir."""
    webhooks = REPO_ROOT / "spec" / "webhooks"
    if webhooks.is_dir():
        shutil.copytree(webhooks, spec_dir / "webhooks")
    return spec_dir


def small_checkout(tmp_path: Path, generated: bool = True) -> Path:
    """A checkout at 8.3.2: the fixture spec files, their lock and (optionally) their SDK."""
    root = tmp_path / "checkout"
    spec_dir = with_webhooks(unpack(OLD, root / "spec"))
    write_lock(spec_dir, "@twilio/cli-core", OLD)
    if generated:
        generate(spec_dir, root / "generated")
    else:
        (root / "generated" / PACKAGE).mkdir(parents=True)
        (root / "generated" / PACKAGE / "__init__.py").write_text("# 8.3.2\n")
    return root


# --------------------------------------------------------------------------- the API changelog


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Changelog:
    base = tmp_path_factory.mktemp("real")
    return diff_specs(unpack(OLD, base / OLD), unpack(NEW, base / NEW))


def entries(api: Changelog, spec_file: str) -> dict[tuple[str, str], bool]:
    """(operationId, text) -> breaking, for one spec file."""
    return {(c.operation_id, c.text): c.breaking for c in api.changes if c.spec_file == spec_file}


def test_real_auth_changes(api: Changelog) -> None:
    verify = entries(api, "twilio_verify_v2.json")
    auth = [c for c in api.changes if c.subject == AUTH]
    assert len(auth) == 9 and not any(c.breaking for c in auth)
    bearer = "Auth added: `access_token_bearer` (http bearer format access_token)"
    assert {c.text for c in auth} == {bearer}
    assert verify[("CreateVerification", bearer)] is False
    assert (
        verify[
            ("", "Security scheme added: `access_token_bearer` (http bearer format access_token)")
        ]
        is False
    )


def test_real_constraint_change(api: Changelog) -> None:
    insights = entries(api, "twilio_insights_v1.json")
    text = "Parameter constraint changed: query `PageSize`: `maximum` 1000 -> 25"
    assert insights[("ListCallSummaries", text)] is True


def test_real_nested_json_body_changes(api: Changelog) -> None:
    content = entries(api, "twilio_content_v1.json")
    action = "body `types.twilio/call-to-action.actions[]"
    for operation in ("CreateContent", "UpdateContent"):
        assert content[(operation, f"Parameter now optional: {action}.title`")] is False
        text = f"Enum values added to parameter {action}.type`: `REQUEST_CONTACT_INFO`"
        assert content[(operation, text)] is False


def test_real_requiredness_and_widening(api: Changelog) -> None:
    oauth = entries(api, "twilio_oauth_v2.json")
    assert oauth[("CreateOauth2Token", "Parameter now required: body `grant_type`")] is True
    verify = entries(api, "twilio_verify_v2.json")
    assert verify[("CreateChallengePasskeys", "Request body now optional")] is False
    messaging = entries(api, "twilio_messaging_v1.json")
    widened = [
        text
        for (operation, text), breaking in messaging.items()
        if operation == "CreateTollfreeVerification" and text.startswith("Enum added to parameter")
    ]
    assert len(widened) == 3  # str -> Enum | str: BusinessRegistrationAuthority, …
    assert not any(messaging[("CreateTollfreeVerification", t)] for t in widened)


def test_real_breaking_api_changes_are_exactly_these(api: Changelog) -> None:
    assert sorted((c.spec_file, c.operation_id, c.text) for c in api.breaking) == [
        (
            "twilio_insights_v1.json",
            "ListCallSummaries",
            "Parameter constraint changed: query `PageSize`: `maximum` 1000 -> 25",
        ),
        (
            "twilio_messaging_v1.json",
            "ListUsAppToPerson",
            "Response field type changed: `compliance`: array[object] -> "
            "array[oneOf[object, object]]",
        ),
        ("twilio_oauth_v2.json", "CreateOauth2Token", "Parameter now required: body `grant_type`"),
    ]


# --------------------------------------------------------------------------- end to end


def test_update_spec_end_to_end_on_real_files(tmp_path: Path) -> None:
    root = small_checkout(tmp_path)
    new_specs = sorted(unpack(NEW, tmp_path / "release").glob("*.json"))
    archive = npm_tarball(tmp_path / "twilio-cli-core-9.0.0.tgz", NEW, new_specs)
    cmd = [sys.executable, "-m", "generator.update_spec", "latest", "--root", str(root)]
    cmd += ["--tarball", str(archive), "--date", "2026-11-22"]
    done = subprocess.run(cmd, cwd=REPO_ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr

    lock = json.loads((root / "spec" / LOCK_FILE_NAME).read_text())
    assert lock["version"] == NEW  # `latest` resolved from the package
    assert verify_lock(root / "spec") == []
    log = (root / "spec" / CHANGELOG_FILE_NAME).read_text()
    assert log.count("\n## ") == 1
    assert "## @twilio/cli-core 8.3.2 -> 9.0.0 (2026-11-22)\n" in log
    section = log[log.index("## @twilio/cli-core") :]
    assert section in done.stdout

    def under(heading: str) -> list[str]:
        start = section.index(f"#### `{heading}`\n")
        block = section[start:].split("\n\n#### ", 1)[0]
        return block.splitlines()[2:]

    models = under("messaging.v1.models")
    assert "- **BREAKING** Name removed: `WhatsappSenderEnumStatus`" in models
    assert "- **BREAKING** Name removed: `InsightsV1QueryRequest`" in under("insights.v1.models")
    # A string parameter also takes an int (as the runtime sends it); its enum takes `Enum | str`
    # only, so typed code passing an int there breaks: the changelog says so.
    assert (
        "- **BREAKING** `.create()`: `use_case_categories` type changed: Sequence[str | int] -> "
        "Sequence[TollfreeVerificationEnumUseCaseCategoriesItem | str]"
    ) in under("messaging.v1.tollfree_verifications")
    # The compliance record became a oneOf (v1 or v2 fields): one model with the fields of
    # both, so `fetch()` still returns its instance class.
    assert "- Name added: `MessagingV1ServiceUsAppToPersonResponse`" in models
    compliance = under("messaging.v1.services(…).us_app_to_person(…)")
    assert compliance and not any("returns type changed" in line for line in compliance)
    assert "- **BREAKING** `.create()`: `grant_type` is now required" in under("oauth.v2.token")
    assert "### Breaking changes" in section
    assert "**SDK surface:** " in section and "exports +" in section

    # The swapped-in package is what the generator makes of the new spec.
    fresh = tmp_path / "fresh"
    generate(root / "spec", fresh)
    assert tree(root / "generated" / PACKAGE) == tree(fresh / PACKAGE)
    assert not list(root.glob(".update_spec-*"))

    # Asking again for the version now vendored changes nothing.
    before = tree(root)
    again = subprocess.run(cmd[:3] + [NEW] + cmd[4:], cwd=REPO_ROOT, capture_output=True, text=True)
    assert again.returncode == 0 and "already vendored" in again.stdout
    assert tree(root) == before


# --------------------------------------------------------------------------- interrupts


def session_members(session: int) -> list[int]:
    """Live processes whose session id is ``session`` (Linux /proc)."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if fields[0] != "Z" and int(fields[3]) == session:
            members.append(int(entry.name))
    return members


@pytest.fixture(scope="module")
def full_release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own 71 spec files as a release: regenerating them takes long enough
    to interrupt it while the generator's worker processes run."""
    specs = sorted((REPO_ROOT / "spec").glob("twilio_*.json"))
    return npm_tarball(tmp_path_factory.mktemp("full") / "twilio-cli-core.tgz", NEW, specs)


def lines(stream: io.TextIOBase | None) -> Iterator[str]:
    assert stream is not None
    yield from iter(stream.readline, "")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
@pytest.mark.parametrize("how", ["ctrl-c", "sigterm"])
def test_interrupt_leaves_checkout_unchanged_and_no_process(
    tmp_path: Path, full_release: Path, how: str
) -> None:
    root = small_checkout(tmp_path, generated=False)
    before = tree(root)
    cmd = [sys.executable, "-m", "generator.update_spec", NEW, "--root", str(root)]
    proc = subprocess.Popen(
        [*cmd, "--tarball", str(full_release)],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # like a shell job: Ctrl-C goes to this whole group
    )
    try:
        group = 0
        for line in lines(proc.stdout):
            if "(process group " in line:
                group = int(line.rsplit("(process group ", 1)[1].rstrip(")\n"))
                break
        assert group, "the update never started the generator"
        deadline = time.monotonic() + 60
        while len(session_members(group)) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)  # the generator and at least two of its workers
        assert len(session_members(group)) >= 3, "no generator workers seen"
        if how == "ctrl-c":
            os.killpg(proc.pid, signal.SIGINT)
        else:
            proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 130
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.stderr is not None
    assert "the checkout is unchanged" in proc.stderr.read()
    assert session_members(group) == []  # the generator and its workers are gone
    assert tree(root) == before
    assert not list(root.glob(".update_spec-*"))


# --------------------------------------------------------------------------- whole packages


CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "twilio-sdk-tests"


def cached_release(version: str) -> Path:
    """`npm pack @twilio/cli-core@VERSION`, fetched once into the cache."""
    target = CACHE / f"twilio-cli-core-{version}.tgz"
    if not target.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "pack", f"@twilio/cli-core@{version}", "--loglevel=error"],
            cwd=CACHE,
            check=True,
            capture_output=True,
        )
    return target


@pytest.mark.skipif(
    not os.environ.get("TWILIO_SDK_FULL_SPEC_TEST"),
    reason="whole releases: set TWILIO_SDK_FULL_SPEC_TEST=1 (npm fetches them once)",
)
def test_whole_release_counts(tmp_path: Path) -> None:
    dirs = {}
    for version in (OLD, NEW):
        with tarfile.open(cached_release(version)) as archive:
            dest = tmp_path / version
            dest.mkdir()
            for member in archive.getmembers():
                name = member.name.removeprefix(SPEC_PREFIX)
                if member.isfile() and name != member.name and name.endswith(".json"):
                    source = archive.extractfile(member)
                    assert source is not None
                    (dest / name).write_bytes(source.read())
        dirs[version] = with_webhooks(dest)
    api = diff_specs(dirs[OLD], dirs[NEW])
    counts = api.counts()
    assert counts[("operation", "added")] == 154 and counts[("operation", "removed")] == 0
    assert counts[("auth", "added")] == 9
    assert counts[("parameter", "added")] == 60
    assert counts[("response field", "added")] == 349
    for version, spec_dir in dirs.items():
        generate(spec_dir, tmp_path / f"gen-{version}")
    changes = surface.diff_surfaces(
        surface.extract(tmp_path / f"gen-{OLD}" / PACKAGE),
        surface.extract(tmp_path / f"gen-{NEW}" / PACKAGE),
    )
    removed = [c for c in changes if c.subject == surface.EXPORT and c.action == "removed"]
    assert len(removed) == 22 and all(c.breaking for c in removed)
    added_calls = [c for c in changes if c.subject == surface.CALL_PATH and c.action == "added"]
    assert len(added_calls) == 154
