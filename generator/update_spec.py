"""Update the vendored Twilio specs to a new release and report the API changes.

Command line::

    python -m generator.update_spec VERSION [--spec-dir spec] [--no-generate]

Steps: snapshot the current spec dir, vendor ``@twilio/cli-core@VERSION`` into it and
write the lock, regenerate the SDK with ``python -m generator`` (unless
``--no-generate``), then print the changelog (old vs new) and write it to
``SPEC_DIR/CHANGELOG-API.md``.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from generator.changelog import diff_specs, render_markdown
from generator.spec_source import SpecSourceError, vendor

CHANGELOG_FILE_NAME = "CHANGELOG-API.md"


def snapshot(spec_dir: Path, dest: Path) -> Path:
    """Copy ``spec_dir`` to ``dest`` (an empty dir if ``spec_dir`` does not exist yet)."""
    if spec_dir.is_dir():
        shutil.copytree(spec_dir, dest)
    else:
        dest.mkdir(parents=True)
    return dest


def regenerate() -> None:
    """Run the SDK generator (``python -m generator``); a failure raises CalledProcessError."""
    print("[spec] regenerating the SDK: python -m generator", flush=True)
    subprocess.run([sys.executable, "-m", "generator"], check=True)


def update(version: str, spec_dir: Path, generate: bool = True) -> str:
    """Vendor ``version`` into ``spec_dir``, optionally regenerate, and return the changelog."""
    with tempfile.TemporaryDirectory(prefix="twilio-spec-old-") as tmp:
        old_dir = snapshot(spec_dir, Path(tmp) / "old-spec")
        vendor(version, spec_dir)
        if generate:
            regenerate()
        changelog = render_markdown(diff_specs(old_dir, spec_dir))
    target = spec_dir / CHANGELOG_FILE_NAME
    target.write_text(changelog, encoding="utf-8")
    print(f"[spec] wrote {target}", flush=True)
    return changelog


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(
        prog="python -m generator.update_spec",
        description="Vendor a @twilio/cli-core release's OpenAPI specs and report API changes.",
    )
    parser.add_argument("version", help="@twilio/cli-core version, e.g. 9.0.0")
    parser.add_argument("--spec-dir", type=Path, default=Path("spec"))
    parser.add_argument(
        "--no-generate", action="store_true", help="skip running `python -m generator`"
    )
    args = parser.parse_args(argv)
    try:
        changelog = update(args.version, args.spec_dir, generate=not args.no_generate)
    except SpecSourceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    sys.stdout.write(changelog)
    return 0


if __name__ == "__main__":
    sys.exit(main())
