"""Twilio's docs samples, type-checked on the official library and on ours (issue 21).

    python -m bench.docs_samples /path/to/api-snippets [--rev HEAD] [--json out.json]

Takes a git clone of TwilioDevEd/api-snippets (never vendored here), extracts its Python
samples for twilio-python 9.x (`*.9.x.py`) into a temporary directory twice, as published and
with the imports swapped as the README's migration table says, and runs pyright (basic mode)
once over each copy: the official library from this interpreter's site-packages, ours from
this checkout (extraPaths come before site-packages, so the tree run from is the one checked).

Each sample is classified by its run on the official library:

- *framework missing*: it imports a third-party module that is not installed (pytz, …);
- *fails on official*: pyright reports an error on the official library too;
- *runs on official*: the baseline, every one of which should be clean on ours.

Each error on ours is classified as (b) reading a member of a spec-nullable field
(`reportOptional*`, the allowed exception), (n) an Optional value (`os.environ.get(...)`)
passed where the official library fails on None at run time too, (c) the official library
reports an error on the same statement (the sample is wrong there too), or (a) ours alone: a
type narrower than what the SDK sends correctly, to fix. `--rules` also counts the request
parameters each annotation rule of the generator widens (from the generated operation tables).
`--checkout DIR` checks another checkout of this project (main, for a before/after table).
"""

from __future__ import annotations

import argparse
import ast
import collections
import importlib
import io
import json
import pkgutil
import re
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYRIGHT = Path(sys.executable).with_name("pyright")
SAMPLES = ":(glob)**/*.9.x.py"

# The README's migration table, as import rewrites (the line count stays, so lines match).
SWAPS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.MULTILINE), replacement)
    for pattern, replacement in (
        (r"^(\s*)from twilio\.rest import ", r"\1from twilio_sdk import "),
        (
            r"^(\s*)from twilio\.base\.(?:exceptions|api_response) import ",
            r"\1from twilio_sdk import ",
        ),
        (r"^(\s*)from twilio import ", r"\1from twilio_sdk import "),
        (r"^(\s*)from twilio\.", r"\1from twilio_sdk."),
        (r"^(\s*)import twilio\b", r"\1import twilio_sdk"),
    )
)
OPTIONAL_RULES = ("reportOptional",)  # reportOptionalMemberAccess, …Subscript, …Iterable, …
MISSING_IMPORT_RULES = ("reportMissingImports", "reportMissingModuleSource")


def swap_imports(source: str) -> str:
    for pattern, replacement in SWAPS:
        source = pattern.sub(replacement, source)
    return source


def extract(mirror: Path, rev: str, into: Path) -> dict[str, str]:
    """Write the samples under ``into/official`` and ``into/ours``; return them by path."""
    archive = subprocess.run(
        ["git", "-C", str(mirror), "archive", "--format=tar", rev, "--", SAMPLES],
        check=True,
        capture_output=True,
    ).stdout
    sources: dict[str, str] = {}
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        for member in tar:
            reader = tar.extractfile(member) if member.isfile() else None
            if reader is None:
                continue
            source = reader.read().decode("utf-8")
            for tree, text in (("official", source), ("ours", swap_imports(source))):
                target = into / tree / member.name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
            sources[member.name] = source
    return dict(sorted(sources.items()))


def pyright(tree: Path, extra_paths: list[str]) -> list[dict[str, Any]]:
    """pyright's diagnostics (basic mode) over every file of ``tree``, one run."""
    config = {
        "typeCheckingMode": "basic",
        "pythonVersion": "3.11",
        "extraPaths": extra_paths,
    }
    (tree / "pyrightconfig.json").write_text(json.dumps(config), encoding="utf-8")
    run = subprocess.run(
        [str(PYRIGHT), "--outputjson", "--pythonpath", sys.executable, "-p", str(tree)],
        capture_output=True,
        text=True,
        cwd=tree,
    )
    if run.returncode not in (0, 1):
        raise RuntimeError(f"pyright failed ({run.returncode}): {run.stderr or run.stdout}")
    found: list[dict[str, Any]] = json.loads(run.stdout)["generalDiagnostics"]
    return found


def by_sample(tree: Path, diagnostics: Iterable[dict[str, Any]]) -> dict[str, list[Diag]]:
    """Errors (not warnings) by sample path, as (line, rule, message)."""
    found: dict[str, list[Diag]] = collections.defaultdict(list)
    for d in diagnostics:
        if d["severity"] != "error":
            continue
        name = Path(d["file"]).resolve().relative_to(tree.resolve()).as_posix()
        line = int(d["range"]["start"]["line"]) + 1
        found[name].append((line, str(d.get("rule", "")), str(d["message"]).splitlines()[0]))
    return found


Diag = tuple[int, str, str]


def missing_framework(errors: list[Diag]) -> str | None:
    """The third-party module a sample imports that is not installed, if any."""
    for _, rule, message in errors:
        match = re.search(r'Import "([\w.]+)" could not be resolved', message)
        if rule in MISSING_IMPORT_RULES and match and not match[1].startswith("twilio"):
            return match[1]
    return None


def statements(source: str) -> dict[int, tuple[int, int]]:
    """Line -> the lines of the simple statement holding it (a call chain spans several)."""
    spans: dict[int, tuple[int, int]] = {}
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return spans
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt) and not hasattr(node, "body"):
            span = (node.lineno, node.end_lineno or node.lineno)
            for line in range(span[0], span[1] + 1):
                spans[line] = span
    return spans


# `RequestValidator(os.environ.get(...))`: an Optional argument where the parameter takes no
# None. The official library has no annotation there, and fails on None at run time too.
NONE_ARGUMENT = re.compile(r'Argument of type "[^"]*\| None" cannot be assigned to parameter')


def kind(error: Diag, official: list[Diag], spans: dict[int, tuple[int, int]]) -> str:
    """(b) reading a spec-nullable field, (n) passing an Optional value where None fails,
    (c) the official library reports an error on the same statement, (a) ours alone."""
    line, rule, message = error
    if rule.startswith(OPTIONAL_RULES):
        return "b"
    if rule == "reportArgumentType" and NONE_ARGUMENT.match(message):
        return "n"
    span = spans.get(line, (line, line))
    if any(span[0] <= o[0] <= span[1] for o in official):
        return "c"
    return "a"


def measure(mirror: Path, rev: str, checkout: Path = ROOT) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="docs-samples-") as tmp:
        base = Path(tmp)
        sources = extract(mirror, rev, base)
        ours_paths = [str(checkout), str(checkout / "generated")]
        official = by_sample(base / "official", pyright(base / "official", []))
        ours = by_sample(base / "ours", pyright(base / "ours", ours_paths))
    samples: dict[str, Any] = {}
    for name, source in sources.items():
        spans = statements(source)
        on_official = official.get(name, [])
        framework = missing_framework(on_official)
        if framework:
            status = f"framework missing ({framework})"
        elif on_official:
            status = "fails on official"
        else:
            status = "runs on official"
        errors = [
            {"line": e[0], "rule": e[1], "message": e[2], "kind": kind(e, on_official, spans)}
            for e in ours.get(name, [])
        ]
        samples[name] = {
            "status": status,
            "official_errors": [list(e) for e in on_official],
            "errors": errors,
        }
    return {"rev": rev, "samples": samples}


def summary(result: dict[str, Any]) -> Iterator[str]:
    samples: dict[str, Any] = result["samples"]
    groups: dict[str, list[str]] = collections.defaultdict(list)
    for name, sample in samples.items():
        groups[sample["status"].split(" (")[0]].append(name)
    yield f"{len(samples)} samples (*.9.x.py) at {result['rev']}"
    yield f"{'group':<20} {'samples':>7} {'clean on ours':>13} {'errors on ours':>14}"
    for group in ("runs on official", "fails on official", "framework missing"):
        members = groups.get(group, [])
        clean = sum(1 for n in members if not samples[n]["errors"])
        errors = sum(len(samples[n]["errors"]) for n in members)
        yield f"{group:<20} {len(members):>7} {clean:>13} {errors:>14}"
    clean_all = sum(1 for s in samples.values() if not s["errors"])
    errors_all = sum(len(s["errors"]) for s in samples.values())
    yield f"{'all':<20} {len(samples):>7} {clean_all:>13} {errors_all:>14}"
    frameworks = collections.Counter(
        s["status"][len("framework missing (") : -1]
        for s in samples.values()
        if s["status"].startswith("framework")
    )
    if frameworks:
        yield "frameworks missing: " + ", ".join(f"{k} {v}" for k, v in sorted(frameworks.items()))
    yield ""
    yield (
        "errors on ours by rule and kind: (a) ours alone, (b) a spec-nullable field read,"
        " (n) an Optional argument where None fails, (c) the official library errs there too"
    )
    rules = collections.Counter(
        (e["rule"], e["kind"]) for s in samples.values() for e in s["errors"]
    )
    for (rule, k), count in sorted(rules.items(), key=lambda item: (-item[1], item[0])):
        yield f"  {count:4}  ({k}) {rule}"
    yield ""
    yield "errors on ours by sample:"
    for name, sample in samples.items():
        for e in sample["errors"]:
            yield (
                f"  ({e['kind']}) {name}:{e['line']} [{sample['status']}] "
                f"{e['rule']}: {e['message']}"
            )


# --------------------------------------------------------------------------- annotation rules


def rule_counts() -> dict[str, tuple[int, int]]:
    """Request parameters per widening encoder in the generated operation tables:
    (parameters, operations having one)."""
    import twilio_sdk_generated

    from twilio_sdk._operations import Operation

    params: collections.Counter[str] = collections.Counter()
    operations: dict[str, set[tuple[str, str]]] = collections.defaultdict(set)
    prefix = twilio_sdk_generated.__name__ + "."
    for info in pkgutil.walk_packages(twilio_sdk_generated.__path__, prefix):
        if ".models" in info.name:
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if not isinstance(value, Operation):
                continue
            key = (value.method, value.host + value.path)
            for param in (*value.query, *value.form, *value.headers):
                name = param.encode.__name__
                params[name] += 1
                operations[name].add(key)
    return {name: (count, len(operations[name])) for name, count in params.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mirror", type=Path, help="a git clone of TwilioDevEd/api-snippets")
    parser.add_argument("--rev", default="HEAD")
    parser.add_argument("--checkout", type=Path, default=ROOT, help="the project tree to check")
    parser.add_argument("--json", type=Path, help="write the per-sample results here")
    parser.add_argument("--rules", action="store_true", help="also count parameters per rule")
    args = parser.parse_args(argv)
    result = measure(args.mirror, args.rev, args.checkout.resolve())
    if args.json:
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")
    for line in summary(result):
        print(line)
    if args.rules:
        print("\nrequest parameters per encoder (operation tables): parameters, operations")
        for name, (count, ops) in sorted(rule_counts().items()):
            print(f"  {name:<24} {count:6} {ops:6}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
