"""Update the vendored Twilio specs to another release, atomically, and log what changed.

Command line::

    python -m generator.update_spec VERSION [--tarball PACKAGE.tgz] [--no-generate]

Everything is staged in a temporary directory inside the checkout (``.update_spec-*``,
git-ignored) and swapped in only when every step succeeded:

1. fetch ``@twilio/cli-core@VERSION`` with ``npm pack`` (or read ``--tarball``); a dist-tag
   such as ``latest`` resolves to the exact version the package's ``package.json`` names,
   and that is what the lock records;
2. staged ``spec/``: a copy of ``spec/`` holding the release's spec files and the new lock;
3. staged ``generated/twilio_sdk_generated``: ``python -m generator`` on the staged spec,
   run in its own process group;
4. the changelog section: the API diff (``generator.changelog``: spec ``spec/`` -> staged)
   and the SDK surface diff (``generator.surface``: the checkout's generated package -> the
   staged one), appended to the staged ``spec/CHANGELOG-API.md``, and printed;
5. the swap: ``spec/`` and ``generated/twilio_sdk_generated`` are replaced by their staged
   versions with two directory renames each, signals held back meanwhile, undone if a
   rename fails.

An interrupt (Ctrl-C, SIGTERM, SIGHUP) or a failure before step 5 kills the generator's whole
process group (its worker processes included), removes the staging directory and leaves the
checkout exactly as it was. Asking for the version already vendored changes nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from generator import changelog as api_changelog
from generator import surface
from generator.spec_source import LOCK_FILE_NAME, PACKAGE, SpecSourceError, vendor

CODE_ROOT = Path(__file__).resolve().parent.parent
CHANGELOG_FILE_NAME = "CHANGELOG-API.md"
GENERATED_PACKAGE = "twilio_sdk_generated"
STAGING_PREFIX = ".update_spec-"
CHANGELOG_HEADER = """\
# API changelog

One section per spec update (`nox -s update_spec -- VERSION`), the newest last. Each section
lists the API changes (from the OpenAPI files) and the changes to the SDK's public surface
(exported names, call paths, method signatures, model attributes, enum members).
**BREAKING** marks what can stop code written against the previous SDK from working; the rules
are in `generator/changelog.py` and `generator/surface.py`.
"""


class UpdateError(RuntimeError):
    """A step of the update failed; the checkout was left unchanged."""


class Interrupted(KeyboardInterrupt):
    """SIGTERM or SIGHUP, handled like Ctrl-C."""


@dataclass(frozen=True)
class Result:
    """What an update did."""

    old_version: str
    new_version: str
    section: str  # the Markdown appended to the changelog ("" when nothing changed)
    applied: bool


# --------------------------------------------------------------------------- processes


@contextmanager
def interrupts_raise() -> Iterator[None]:
    """SIGTERM and SIGHUP raise :class:`Interrupted` (SIGINT raises KeyboardInterrupt)."""

    def handler(signum: int, frame: FrameType | None) -> None:
        raise Interrupted(signal.Signals(signum).name)

    previous = {s: signal.signal(s, handler) for s in (signal.SIGTERM, signal.SIGHUP)}
    previous[signal.SIGINT] = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)


@contextmanager
def interrupts_held() -> Iterator[list[int]]:
    """Hold SIGINT/SIGTERM/SIGHUP back for a short critical section; yields those received."""
    received: list[int] = []

    def handler(signum: int, frame: FrameType | None) -> None:
        received.append(signum)

    signals = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    previous = {s: signal.signal(s, handler) for s in signals}
    try:
        yield received
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)


def kill_group(proc: subprocess.Popen[bytes]) -> None:
    """End ``proc``'s process group: SIGTERM, then SIGKILL for anything still there."""
    for sig, wait in ((signal.SIGTERM, 5.0), (signal.SIGKILL, None)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            pass
        try:
            proc.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue
    proc.wait()


def run_in_group(cmd: Sequence[str], what: str) -> None:
    """Run ``cmd`` in a new session (its own process group) and wait for it.

    Whatever happens here (an interrupt included), nothing of the group outlives this call.
    """
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(CODE_ROOT), env.get("PYTHONPATH", "")) if p)
    proc = subprocess.Popen(list(cmd), cwd=CODE_ROOT, env=env, start_new_session=True)
    print(f"[spec] {what} (process group {proc.pid})", flush=True)
    try:
        code = proc.wait()
    finally:
        with interrupts_held() as received:
            kill_group(proc)  # also ends workers a leader that already exited left behind
    if received:
        raise KeyboardInterrupt(signal.Signals(received[0]).name)
    if code != 0:
        raise UpdateError(f"{what} failed (exit {code}); the checkout is unchanged")


# --------------------------------------------------------------------------- staging


def _lock_version(spec_dir: Path) -> tuple[str, dict[str, str]]:
    """(version, file hashes) from a spec dir's lock ("" and {} when it has none)."""
    try:
        lock = json.loads((spec_dir / LOCK_FILE_NAME).read_text(encoding="utf-8"))
        return str(lock.get("version", "")), dict(lock.get("files") or {})
    except (OSError, ValueError, AttributeError):
        return "", {}


def remove_stale_staging(root: Path) -> None:
    """Remove staging directories left by an update that was killed outright (SIGKILL)."""
    for stale in root.glob(STAGING_PREFIX + "*"):
        if stale.is_dir():
            shutil.rmtree(stale, ignore_errors=True)


def swap(pairs: Sequence[tuple[Path, Path]], backup_dir: Path) -> None:
    """Replace each live directory by its staged one; all or none (signals held meanwhile).

    The old directories end up in ``backup_dir`` (removed with the staging directory).
    """
    done: list[tuple[Path, Path | None, Path]] = []
    with interrupts_held() as received:
        try:
            for i, (live, staged) in enumerate(pairs):
                backup: Path | None = backup_dir / f"{i}-{live.name}"
                if live.exists():
                    live.rename(backup)  # type: ignore[arg-type]
                else:
                    backup = None
                try:
                    staged.rename(live)
                except BaseException:
                    if backup is not None:
                        backup.rename(live)
                    raise
                done.append((live, backup, staged))
        except BaseException:
            for live, backup, staged in reversed(done):
                live.rename(staged)
                if backup is not None:
                    backup.rename(live)
            raise
    if received:
        print("[spec] an interrupt arrived while swapping; the update is complete", flush=True)


def render_section(
    old_version: str,
    new_version: str,
    api: api_changelog.Changelog,
    sdk: Sequence[surface.SurfaceChange] | None,
    date: str,
    package: str = PACKAGE,
) -> str:
    """The Markdown section one update appends to ``spec/CHANGELOG-API.md``."""
    lines = [
        f"## {package} {old_version or '(none)'} -> {new_version} ({date})",
        "",
        f"**API:** {api_changelog.summary_line(api)}",
        "",
    ]
    if sdk is None:
        lines.extend(["**SDK surface:** not compared (generation skipped)", ""])
    else:
        lines.extend([f"**SDK surface:** {surface.summary(sdk)}", ""])
    breaking_api = api.breaking
    breaking_sdk = [c for c in sdk or () if c.breaking]
    if breaking_api or breaking_sdk:
        lines.extend(["### Breaking changes", ""])
        for c in breaking_api:
            where = f"`{c.spec_file}`"
            if c.path:
                where += f" `{c.method} {c.path}`"
            lines.append(f"- {where}: {c.text}")
        for s in breaking_sdk:
            lines.append(f"- `{s.where}`: {s.text}")
        lines.append("")
    lines.extend(["### API changes", ""])
    if api.changes:
        lines.extend(api_changelog.render_changes(api.changes, level=4))
    else:
        lines.extend(["No API changes.", ""])
    if sdk is not None:
        lines.extend(["", "### SDK surface changes", ""])
        lines.extend(surface.render(sdk, heading="####") if sdk else ["No SDK surface changes."])
    return "\n".join(_squeeze(lines)).strip("\n") + "\n"


def _squeeze(lines: list[str]) -> list[str]:
    """No two blank lines in a row."""
    out: list[str] = []
    for line in lines:
        if line == "" and out and out[-1] == "":
            continue
        out.append(line)
    return out


def append_section(path: Path, section: str) -> None:
    """Append ``section`` to the changelog at ``path`` (created with its header)."""
    text = path.read_text(encoding="utf-8") if path.exists() else CHANGELOG_HEADER
    path.write_text(text.rstrip("\n") + "\n\n" + section, encoding="utf-8")


def update(
    version: str,
    root: Path = CODE_ROOT,
    *,
    generate: bool = True,
    tarball: Path | None = None,
    date: str | None = None,
    generator_cmd: Sequence[str] = (sys.executable, "-m", "generator"),
) -> Result:
    """Vendor ``version`` into ``root``'s spec/, regenerate, log the changes; atomically."""
    spec_dir = root / "spec"
    generated = root / "generated" / GENERATED_PACKAGE
    old_version, old_files = _lock_version(spec_dir)
    remove_stale_staging(root)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=root))
    try:
        staged_spec = staging / "spec"
        if spec_dir.is_dir():
            shutil.copytree(spec_dir, staged_spec, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            staged_spec.mkdir()
        vendor(version, staged_spec, tarball=tarball)
        new_version, new_files = _lock_version(staged_spec)
        if new_version == old_version and new_files == old_files:
            print(f"[spec] {PACKAGE}@{new_version} is already vendored; nothing to do", flush=True)
            return Result(old_version, new_version, "", False)
        staged_generated = staging / "generated" / GENERATED_PACKAGE
        sdk: list[surface.SurfaceChange] | None = None
        if generate:
            cmd = [*generator_cmd, "--spec", str(staged_spec), "--out", str(staging / "generated")]
            run_in_group(cmd, "regenerating the SDK: python -m generator")
            print("[spec] comparing the SDK surface", flush=True)
            old_surface = (
                surface.extract(generated) if generated.is_dir() else surface.Surface({}, [])
            )
            sdk = surface.diff_surfaces(old_surface, surface.extract(staged_generated))
        api = api_changelog.diff_specs(spec_dir if spec_dir.is_dir() else staging, staged_spec)
        section = render_section(
            old_version, new_version, api, sdk, date or dt.date.today().isoformat()
        )
        append_section(staged_spec / CHANGELOG_FILE_NAME, section)
        pairs = [(spec_dir, staged_spec)]
        if generate:
            generated.parent.mkdir(exist_ok=True)
            pairs.append((generated, staged_generated))
        backups = staging / "replaced"
        backups.mkdir()
        swap(pairs, backups)
        print(
            f"[spec] updated {old_version or '(none)'} -> {new_version}: spec/, "
            + ("generated/, " if generate else "")
            + f"spec/{CHANGELOG_FILE_NAME}",
            flush=True,
        )
        return Result(old_version, new_version, section, True)
    finally:
        with interrupts_held():
            shutil.rmtree(staging, ignore_errors=True)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(
        prog="python -m generator.update_spec",
        description="Vendor a @twilio/cli-core release's OpenAPI specs, regenerate the SDK and "
        "append the API changelog to spec/CHANGELOG-API.md; all or nothing.",
    )
    parser.add_argument("version", help="@twilio/cli-core version or dist-tag, e.g. 9.0.0")
    parser.add_argument("--root", type=Path, default=CODE_ROOT, help=argparse.SUPPRESS)
    parser.add_argument(
        "--tarball", type=Path, help="use this `npm pack` archive instead of downloading"
    )
    parser.add_argument(
        "--no-generate", action="store_true", help="skip `python -m generator` (spec only)"
    )
    parser.add_argument("--date", help="date of the changelog section (default: today)")
    args = parser.parse_args(argv)
    try:
        with interrupts_raise():
            result = update(
                args.version,
                args.root,
                generate=not args.no_generate,
                tarball=args.tarball,
                date=args.date,
            )
    except KeyboardInterrupt as exc:
        name = str(exc) or "SIGINT"
        print(f"\n[spec] interrupted ({name}); the checkout is unchanged", file=sys.stderr)
        return 130
    except (SpecSourceError, UpdateError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    sys.stdout.write(result.section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
