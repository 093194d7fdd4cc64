"""Fetch, vendor and lock Twilio's OpenAPI spec files.

The specs are published inside the npm package ``@twilio/cli-core`` under
``package/src/services/twilio-api/*.json``.  This module downloads a release with
``npm pack``, extracts only those JSON files (never trusting paths from the
archive), copies them into the project's ``spec/`` directory and records their
SHA-256 hashes in ``spec/spec.lock.json`` so that any drift can be detected.

Command line::

    python -m generator.spec_source vendor VERSION [--spec-dir spec]
    python -m generator.spec_source verify [--spec-dir spec]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

PACKAGE = "@twilio/cli-core"
SPEC_PATH_IN_PACKAGE = "package/src/services/twilio-api"
LOCK_FILE_NAME = "spec.lock.json"

_VERSION_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.+-]*$")
_SAFE_NAME_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]*\.json$")
_EXACT_VERSION_RE = re.compile(r"^[0-9]+\.[0-9]+\.[0-9]+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$")
PACKAGE_JSON = "package/package.json"


class SpecSourceError(RuntimeError):
    """Raised when the specs cannot be fetched, extracted or locked."""


def spec_files(spec_dir: Path) -> list[Path]:
    """Return the vendored OpenAPI files in ``spec_dir`` (sorted, lock file excluded)."""
    return sorted(p for p in spec_dir.glob("*.json") if p.name != LOCK_FILE_NAME and p.is_file())


def sha256_file(path: Path) -> str:
    """Return the hex SHA-256 digest of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _check_version(version: str) -> None:
    """Reject version strings that could be mistaken for npm options or paths."""
    if not _VERSION_RE.match(version):
        raise SpecSourceError(
            f"invalid version {version!r}: expected something like '9.0.0' or a dist-tag"
        )


def _npm_pack(package: str, version: str, workdir: Path) -> Path:
    """Run ``npm pack package@version`` in ``workdir`` and return the tarball path."""
    spec = f"{package}@{version}"
    try:
        subprocess.run(
            ["npm", "pack", spec, "--loglevel=error"],
            cwd=workdir,
            check=True,
            capture_output=True,
            text=True,
        )
    except FileNotFoundError as exc:
        raise SpecSourceError(
            "npm was not found on PATH; install Node.js (which ships npm) to fetch the specs"
        ) from exc
    except subprocess.CalledProcessError as exc:
        detail = (exc.stderr or exc.stdout or "").strip()
        raise SpecSourceError(
            f"`npm pack {spec}` failed (exit {exc.returncode}). Does version {version!r} exist? "
            f"List versions with `npm view {package} versions --json`.\n{detail}"
        ) from exc
    tarballs = sorted(workdir.glob("*.tgz"))
    if len(tarballs) != 1:
        raise SpecSourceError(f"`npm pack {spec}` produced {len(tarballs)} tarballs, expected 1")
    return tarballs[0]


def _spec_member_name(member: tarfile.TarInfo) -> str | None:
    """Return the bare file name if ``member`` is a spec JSON file we may extract, else None.

    Only regular files directly inside ``SPEC_PATH_IN_PACKAGE`` whose names are plain
    (no separators, no ``..``, no leading dot) qualify, which rules out path traversal,
    absolute paths, symlinks and device files.
    """
    if not member.isfile():
        return None
    name = member.name.removeprefix("./")
    parts = PurePosixPath(name).parts
    expected = PurePosixPath(SPEC_PATH_IN_PACKAGE).parts
    if len(parts) != len(expected) + 1 or parts[:-1] != expected:
        return None
    file_name = parts[-1]
    if not _SAFE_NAME_RE.match(file_name) or ".." in file_name:
        return None
    return file_name


def _extract_specs(tarball: Path, dest: Path) -> list[Path]:
    """Copy the spec JSON files out of ``tarball`` into ``dest``; return them sorted."""
    dest.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tarfile.open(tarball, "r:gz") as archive:
        for member in archive.getmembers():
            file_name = _spec_member_name(member)
            if file_name is None:
                continue
            source = archive.extractfile(member)
            if source is None:
                continue
            target = dest / file_name
            with source, target.open("wb") as out:
                shutil.copyfileobj(source, out)
            written.append(target)
    if not written:
        raise SpecSourceError(
            f"no '{SPEC_PATH_IN_PACKAGE}/*.json' files in {tarball.name}; "
            "the package layout may have changed"
        )
    return sorted(written)


def package_version(tarball: Path) -> str | None:
    """The exact ``version`` in the tarball's ``package/package.json`` (None if absent)."""
    with tarfile.open(tarball, "r:gz") as archive:
        try:
            member = archive.getmember(PACKAGE_JSON)
        except KeyError:
            return None
        source = archive.extractfile(member) if member.isfile() else None
        if source is None:
            return None
        with source:
            try:
                data = json.loads(source.read().decode("utf-8"))
            except ValueError:
                return None
    version = data.get("version") if isinstance(data, dict) else None
    return version if isinstance(version, str) and _EXACT_VERSION_RE.match(version) else None


@dataclass(frozen=True)
class Release:
    """Spec files extracted from one package release, with its exact version."""

    version: str
    files: list[Path]


def fetch_release(
    version: str, dest: Path, package: str = PACKAGE, tarball: Path | None = None
) -> Release:
    """Extract ``package@version``'s OpenAPI files into ``dest`` and resolve the version.

    ``version`` may be a dist-tag (``latest``) or a range; the release's own package.json
    gives the exact version. ``tarball`` uses an ``npm pack`` archive already on disk
    instead of downloading.
    """
    _check_version(version)
    with tempfile.TemporaryDirectory(prefix="twilio-spec-pack-") as tmp:
        archive = tarball if tarball is not None else _npm_pack(package, version, Path(tmp))
        files = _extract_specs(archive, dest)
        exact = package_version(archive)
    if exact is None:
        if not _EXACT_VERSION_RE.match(version):
            raise SpecSourceError(
                f"cannot tell which version {version!r} is: the package has no "
                "package.json version; give an exact version such as 9.0.0"
            )
        exact = version
    elif _EXACT_VERSION_RE.match(version) and version != exact:
        raise SpecSourceError(f"asked for {package}@{version} but the package says {exact}")
    return Release(exact, files)


def fetch_spec(version: str, dest: Path, package: str = PACKAGE) -> list[Path]:
    """Download ``package@version`` with npm and extract its OpenAPI JSON files into ``dest``.

    Returns the extracted files, sorted by name.  Raises :class:`SpecSourceError` when npm
    is missing, the version does not exist or the package holds no spec files.
    """
    return fetch_release(version, dest, package).files


def build_lock(spec_dir: Path, package: str, version: str) -> dict[str, object]:
    """Return the lock document describing the spec files currently in ``spec_dir``."""
    return {
        "package": package,
        "version": version,
        "path": SPEC_PATH_IN_PACKAGE,
        "files": {p.name: sha256_file(p) for p in spec_files(spec_dir)},
    }


def write_lock(spec_dir: Path, package: str, version: str) -> None:
    """Write ``spec_dir/spec.lock.json`` (sorted keys, 2-space indent, trailing newline)."""
    lock = build_lock(spec_dir, package, version)
    text = json.dumps(lock, indent=2, sort_keys=True) + "\n"
    (spec_dir / LOCK_FILE_NAME).write_text(text, encoding="utf-8")


def read_lock(spec_dir: Path) -> dict[str, object]:
    """Load ``spec_dir/spec.lock.json``; raise :class:`SpecSourceError` if absent or invalid."""
    lock_path = spec_dir / LOCK_FILE_NAME
    try:
        data = json.loads(lock_path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SpecSourceError(f"lock file not found: {lock_path}") from exc
    except json.JSONDecodeError as exc:
        raise SpecSourceError(f"lock file is not valid JSON: {lock_path}: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("files"), dict):
        raise SpecSourceError(f"lock file has no 'files' mapping: {lock_path}")
    return data


def verify_lock(spec_dir: Path) -> list[str]:
    """Compare ``spec_dir`` against its lock; return the problems found (empty when OK)."""
    try:
        lock = read_lock(spec_dir)
    except SpecSourceError as exc:
        return [str(exc)]
    locked = lock["files"]
    assert isinstance(locked, dict)
    present = {p.name: p for p in spec_files(spec_dir)}
    problems: list[str] = []
    for name in sorted(set(locked) | set(present)):
        if name not in present:
            problems.append(f"missing file: {name} (listed in {LOCK_FILE_NAME})")
        elif name not in locked:
            problems.append(f"extra file: {name} (not listed in {LOCK_FILE_NAME})")
        else:
            actual = sha256_file(present[name])
            if actual != locked[name]:
                problems.append(f"hash mismatch: {name} (lock {locked[name]}, actual {actual})")
    return problems


def _replace_specs(fetched: list[Path], spec_dir: Path) -> tuple[int, int]:
    """Copy ``fetched`` into ``spec_dir`` and delete spec files that are no longer shipped.

    Returns ``(copied, removed)`` counts.
    """
    spec_dir.mkdir(parents=True, exist_ok=True)
    keep = {p.name for p in fetched}
    removed = 0
    for old in spec_files(spec_dir):
        if old.name not in keep:
            old.unlink()
            removed += 1
    for src in fetched:
        shutil.copyfile(src, spec_dir / src.name)
    return len(fetched), removed


def vendor(
    version: str, spec_dir: Path, package: str = PACKAGE, tarball: Path | None = None
) -> list[Path]:
    """Fetch ``package@version`` and make ``spec_dir`` hold exactly its specs, then lock them.

    ``spec_dir`` is only touched after the download and extraction succeeded. The lock gets
    the exact version (a dist-tag such as ``latest`` is resolved). Returns the vendored files.
    """
    print(f"[spec] fetching {package}@{version} ...", flush=True)
    with tempfile.TemporaryDirectory(prefix="twilio-spec-") as tmp:
        release = fetch_release(version, Path(tmp), package, tarball)
        resolved = "" if release.version == version else f" ({version} is {release.version})"
        print(f"[spec] extracted {len(release.files)} spec files{resolved}", flush=True)
        copied, removed = _replace_specs(release.files, spec_dir)
    print(f"[spec] wrote {copied} files to {spec_dir}, removed {removed} obsolete", flush=True)
    write_lock(spec_dir, package, release.version)
    print(f"[spec] wrote {spec_dir / LOCK_FILE_NAME}", flush=True)
    return spec_files(spec_dir)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point: ``vendor VERSION`` or ``verify``."""
    parser = argparse.ArgumentParser(prog="python -m generator.spec_source", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    vendor_cmd = sub.add_parser("vendor", help="fetch a release into the spec dir and lock it")
    vendor_cmd.add_argument("version")
    verify_cmd = sub.add_parser("verify", help="check the spec dir against spec.lock.json")
    for cmd in (vendor_cmd, verify_cmd):
        cmd.add_argument("--spec-dir", type=Path, default=Path("spec"))
    args = parser.parse_args(argv)
    try:
        if args.command == "vendor":
            vendor(args.version, args.spec_dir)
            return 0
        problems = verify_lock(args.spec_dir)
    except SpecSourceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        print(f"{args.spec_dir}: all spec files match {LOCK_FILE_NAME}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
