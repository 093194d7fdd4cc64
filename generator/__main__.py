"""`python -m generator [--check] [--spec DIR] [--out DIR]`: turn spec/ into generated/.

Exits non-zero, naming the operation, when anything in the spec would be dropped.
"""

from __future__ import annotations

import argparse
import filecmp
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from .assemble import build_spec_file, finish
from .build import GenerationError
from .normalize import HTTP_METHODS
from .render import environment, render_package, render_version, write_operations_table
from .webhook_events import generate_webhook_events

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "twilio_sdk_generated"
INIT_ALIAS = "_package_init_.py"  # see drop_unused_imports
COMPACT_SPEC_DIR = "_spec"  # see write_compact_spec
PROSE_KEYS = frozenset({"description", "summary"})


def generate(spec_dir: Path, out_dir: Path, jobs: int) -> int:
    """Generate the package into out_dir/PACKAGE; return the number of operations."""
    spec_files = sorted(spec_dir.glob("twilio_*.json"))
    if not spec_files:
        raise GenerationError(f"no spec files in {spec_dir}")
    # spawn, not fork: the parser's libraries do not survive a fork of an initialised parent.
    with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn")) as pool:
        per_file = list(pool.map(build_spec_file, spec_files))
    versions = [v for group in per_file for v in group]
    finish(versions)
    expected = count_spec_operations(spec_files)
    generated = sum(len(v.operations) for v in versions)
    if generated != expected:
        raise GenerationError(f"generated {generated} operations but the spec has {expected}")
    package_dir = out_dir / PACKAGE
    if package_dir.exists():
        shutil.rmtree(package_dir)
    package_dir.mkdir(parents=True)
    env = environment()
    for version in versions:
        render_version(env, version, package_dir)
    render_package(env, versions, package_dir)
    count = write_operations_table(versions, package_dir)
    write_compact_spec(spec_files, package_dir / COMPACT_SPEC_DIR)
    generate_webhook_events(spec_dir / "webhooks", package_dir)
    drop_unused_imports(package_dir)
    ruff = [sys.executable, "-m", "ruff"]
    subprocess.run(
        [*ruff, "format", "--quiet", "--line-length", "100", "--no-cache", str(package_dir)],
        check=True,
    )
    return count


def _without_prose(node: Any) -> Any:
    """The document without its `description` / `summary` texts (only what a program reads)."""
    if isinstance(node, dict):
        return {
            key: _without_prose(value)
            for key, value in node.items()
            if not (key in PROSE_KEYS and isinstance(value, str))
        }
    if isinstance(node, list):
        return [_without_prose(value) for value in node]
    return node


def write_compact_spec(spec_files: list[Path], out: Path) -> None:
    """The spec as the fake Twilio (`twilio_sdk.testing`) reads it, shipped in the wheel: each
    file without its prose, gzipped (13 MB -> well under 1 MB). Deterministic: no timestamp."""
    out.mkdir(parents=True, exist_ok=True)
    for path in spec_files:
        doc = _without_prose(json.loads(path.read_text(encoding="utf-8")))
        data = json.dumps(doc, separators=(",", ":"), sort_keys=True).encode()
        (out / f"{path.name}.gz").write_bytes(gzip.compress(data, compresslevel=9, mtime=0))


def drop_unused_imports(package_dir: Path) -> None:
    """Templates import every runtime module a module may use; ruff removes the unused ones
    (F401). It only adds to `__all__` in a package's `__init__.py`, so those are checked under
    another name for the moment."""
    inits = sorted(package_dir.rglob("__init__.py"))
    renamed = [init.with_name(INIT_ALIAS) for init in inits]
    for init, alias in zip(inits, renamed, strict=True):
        init.rename(alias)
    try:
        subprocess.run(
            [sys.executable, "-m", "ruff", "check", "--quiet", "--no-cache", "--select", "F401"]
            + ["--fix", "--unsafe-fixes", str(package_dir)],
            check=True,
        )
    finally:
        for init, alias in zip(inits, renamed, strict=True):
            alias.rename(init)


def count_spec_operations(spec_files: list[Path]) -> int:
    import json

    total = 0
    for path in spec_files:
        for item in json.loads(path.read_text(encoding="utf-8")).get("paths", {}).values():
            total += sum(1 for method in HTTP_METHODS if method in item)
    return total


def compare_trees(a: Path, b: Path) -> list[str]:
    """Relative paths that differ between two directory trees."""
    differences: list[str] = []
    comparison = filecmp.dircmp(a, b, ignore=["__pycache__"])

    def walk(cmp: filecmp.dircmp[str], prefix: str) -> None:
        differences.extend(prefix + n for n in cmp.left_only + cmp.right_only)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        differences.extend(prefix + n for n in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            walk(sub, prefix + name + "/")

    walk(comparison, "")
    return sorted(differences)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    parser.add_argument("--spec", type=Path, default=ROOT / "spec")
    parser.add_argument("--out", type=Path, default=ROOT / "generated")
    parser.add_argument(
        "--check",
        action="store_true",
        help="generate into a temporary directory and fail if --out differs",
    )
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        if args.check:
            with tempfile.TemporaryDirectory() as tmp:
                count = generate(args.spec, Path(tmp), args.jobs)
                differences = compare_trees(Path(tmp) / PACKAGE, args.out / PACKAGE)
            if differences:
                print(
                    f"generated/ is stale: {len(differences)} files differ, e.g. "
                    + ", ".join(differences[:10]),
                    file=sys.stderr,
                )
                print("Run `nox -s generate` and commit the result.", file=sys.stderr)
                return 1
            print(f"generated/ is up to date ({count} operations)")
            return 0
        count = generate(args.spec, args.out, args.jobs)
    except GenerationError as error:
        print(f"generation failed: {error}", file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - started
    print(f"generated {count} operations into {args.out / PACKAGE} in {elapsed:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
