"""Mutation testing of the runtime's core modules with mutmut (run by `nox -s mutate`).

`python tests/mutation/mutate.py [MODULE ...]` mutates each module (all of MODULES by default;
`_retry`, `webhooks/_validator` or a path select some, a package such as `jwt` all of its
modules in MODULES) and runs only the tests that exercise it.
Each module gets its own mutmut directory, `.mutmut/<module>/` (not committed), holding a
pyproject.toml with the module's `[tool.mutmut]` settings, links to `twilio_sdk/` and `tests/`,
mutmut's `mutants/` copy (made afresh each run) and run.log; after a run, `mutmut show NAME`
or `mutmut browse` in that directory inspects the mutants.

A surviving mutant is either killed by a test or listed in `tests/mutation/equivalent.toml`
with the line it changes and why no behaviour differs. The score is
(killed + timeouts) / (mutants - equivalent - skipped); a module below THRESHOLD fails the run.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORK = ROOT / ".mutmut"
EQUIVALENT_FILE = Path(__file__).with_name("equivalent.toml")
THRESHOLD = 90.0

_JWT_TESTS = [
    "tests/jwt/test_jwt.py",
    "tests/jwt/test_jwt_decode.py",
    "tests/jwt/test_jwt_base.py",
    "tests/jwt/test_jwt_edges.py",
]

#: Module -> the test files that exercise it (run from the repository root).
MODULES: dict[str, list[str]] = {
    "twilio_sdk/_retry.py": [
        "tests/runtime/test_retry_policy.py",
        "tests/runtime/test_pipeline.py",
    ],
    "twilio_sdk/_auth_resolution.py": [
        "tests/runtime/test_credentials.py",
        "tests/runtime/test_credentials_edges.py",
        "tests/runtime/test_client.py",
        "tests/runtime/test_oauth.py",
    ],
    "twilio_sdk/_hosts.py": ["tests/runtime/test_hosts.py", "tests/runtime/test_client.py"],
    "twilio_sdk/webhooks/_validator.py": [
        "tests/webhooks/test_webhooks.py",
        "tests/webhooks/test_validator_edges.py",
        # the listener signs form payloads through _form_payload
        "tests/webhooks/test_webhooks_app.py",
    ],
    "twilio_sdk/_models.py": ["tests/runtime/test_models.py", "tests/runtime/test_fast_paths.py"],
    "twilio_sdk/_fields.py": ["tests/runtime/test_models.py"],
    "twilio_sdk/_encoding.py": [
        "tests/runtime/test_encoding.py",
        "tests/runtime/test_safety.py",
        "tests/runtime/test_content_encoding.py",
        "tests/generated/test_typing_rules.py",
    ],
    "twilio_sdk/_errors.py": [
        "tests/runtime/test_errors.py",
        "tests/runtime/test_exception_root.py",
        "tests/runtime/test_log_redaction.py",
        "tests/runtime/test_safety.py",
    ],
    "twilio_sdk/_pagination.py": [
        "tests/runtime/test_pagination.py",
        "tests/runtime/test_safety.py",
        "tests/runtime/test_client.py",
    ],
    "twilio_sdk/_pipeline.py": [
        "tests/runtime/test_pipeline.py",
        "tests/runtime/test_pipeline_options.py",
        "tests/http/test_pkcv.py",
        "tests/runtime/test_oauth.py",
        "tests/runtime/test_fast_paths.py",
        "tests/runtime/test_log_redaction.py",
        "tests/http/test_proxy.py",
        "tests/http/test_async_transport.py",  # the aiohttp fast path
        "tests/http/test_sync_transport.py",  # the httpcore pool, recorders and mocks
    ],
    # The sync pool without httpx, and the response both pools answer.
    "twilio_sdk/_httpcore.py": [
        "tests/http/test_sync_transport.py",
        "tests/runtime/test_pipeline.py",
    ],
    "twilio_sdk/_response.py": [
        "tests/http/test_sync_transport.py",
        "tests/http/test_async_transport.py",
        "tests/runtime/test_pagination.py",
        "tests/runtime/test_errors.py",
    ],
    "twilio_sdk/_operations.py": [
        "tests/runtime/test_operation_calls.py",
        "tests/runtime/test_oauth.py",
        "tests/runtime/test_safety.py",
        "tests/runtime/test_client.py",
        "tests/runtime/test_errors.py",
        "tests/runtime/test_content_encoding.py",
    ],
    # The jwt package, a module at a time (`mutate.py jwt` runs them all).
    "twilio_sdk/jwt/__init__.py": _JWT_TESTS,
    "twilio_sdk/jwt/inspect.py": _JWT_TESTS,
    "twilio_sdk/jwt/validation.py": [*_JWT_TESTS, "tests/http/test_pkcv.py"],
    "twilio_sdk/jwt/access_token/__init__.py": _JWT_TESTS,
    "twilio_sdk/jwt/access_token/grants.py": _JWT_TESTS,
    "twilio_sdk/jwt/client/__init__.py": _JWT_TESTS,
    "twilio_sdk/jwt/taskrouter/__init__.py": _JWT_TESTS,
    "twilio_sdk/jwt/taskrouter/capabilities.py": _JWT_TESTS,
}

# What mutmut copies into mutants/ itself, and what the tests have no use for.
NOT_LINKED = {"twilio_sdk", "tests", "pyproject.toml", "mutants"}
KILLED = {"killed", "timeout", "segfault"}
NOT_COUNTED = {"skipped"}


@dataclass
class Result:
    module: str
    seconds: float
    status: dict[str, str] = field(default_factory=dict)  # mutant name -> mutmut status
    equivalent: set[str] = field(default_factory=set)
    survivors: dict[str, str] = field(default_factory=dict)  # unlisted survivor -> its diff
    stale: list[str] = field(default_factory=list)

    @property
    def counted(self) -> list[str]:
        return [
            n for n, s in self.status.items() if s not in NOT_COUNTED and n not in self.equivalent
        ]

    @property
    def killed(self) -> int:
        return sum(self.status[n] in KILLED for n in self.counted)

    @property
    def score(self) -> float:
        counted = len(self.counted)
        return 100.0 * self.killed / counted if counted else 100.0


def resolve(name: str) -> list[str]:
    """`_retry`, `twilio_sdk._retry`, `webhooks/_validator`, a path or a package -> MODULES keys."""
    stem = name.removesuffix(".py").replace(".", "/").removeprefix("twilio_sdk/").strip("/")
    key = f"twilio_sdk/{stem}.py"
    if key in MODULES:
        return [key]
    package = [module for module in MODULES if module.startswith(f"twilio_sdk/{stem}/")]
    if not package:
        raise SystemExit(f"unknown module {name!r}; choose from: {', '.join(MODULES)}")
    return package


def module_name(module: str) -> str:
    """`twilio_sdk/jwt/__init__.py` -> `twilio_sdk.jwt`: how mutmut's mutant names begin."""
    return module.removesuffix(".py").removesuffix("/__init__").replace("/", ".")


def toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {value!r} as TOML")


def prepare(module: str) -> Path:
    """The module's mutmut directory: links to the sources and tests, and a pyproject.toml
    with the project's pytest settings plus this module's mutmut settings."""
    directory = WORK / module.removesuffix(".py").replace("/", ".")
    directory.mkdir(parents=True, exist_ok=True)
    for name in ("twilio_sdk", "tests"):
        link = directory / name
        if not link.is_symlink():
            link.symlink_to(ROOT / name, target_is_directory=True)
    # Tests read files next to the package (spec/, generated/, README.md): the copy that
    # mutmut runs them in links to the checkout's.
    # Always from scratch: mutmut keeps a result until the function's source changes, even
    # when the tests that killed or missed it change.
    mutants = directory / "mutants"
    shutil.rmtree(mutants, ignore_errors=True)
    mutants.mkdir()
    for entry in ROOT.iterdir():
        link = mutants / entry.name
        skip = entry.name.startswith(".") or entry.name in NOT_LINKED
        if not skip and not link.is_symlink() and not link.exists():
            link.symlink_to(entry, target_is_directory=entry.is_dir())
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    pytest_options = project["tool"]["pytest"]["ini_options"]
    mutmut_options: dict[str, object] = {
        "source_paths": ["twilio_sdk"],
        "only_mutate": [module],
        "pytest_add_cli_args_test_selection": MODULES[module],
        "pytest_add_cli_args": ["-p", "no:cacheprovider"],
        # The editable install puts the repository on sys.path after mutants/, harmlessly;
        # git change detection would look at the repository, not this directory.
        "use_git_change_detection": False,
        # Mutants are forked from a process that has only collected the tests, never run them,
        # so no cache (rewrite_host's lru_cache) holds results of the unmutated code.
        "process_isolation": "forkserver",
    }
    lines = ["[tool.pytest.ini_options]"]
    lines += [f"{key} = {toml_value(value)}" for key, value in pytest_options.items()]
    lines += ["", "[tool.mutmut]"]
    lines += [f"{key} = {toml_value(value)}" for key, value in mutmut_options.items()]
    text = "\n".join(lines) + "\n"
    pyproject = directory / "pyproject.toml"
    if not pyproject.is_file() or pyproject.read_text("utf-8") != text:
        pyproject.write_text(text, "utf-8")
    return directory


CLI = "from mutmut.__main__ import cli; cli()"
# `mutmut show NAME` for many mutants in one process (mutmut's own function behind `show`).
DIFFS = """
import json, sys
from mutmut.mutation.diff_apply import get_diff_for_mutant
print(json.dumps({name: get_diff_for_mutant(name) for name in sys.argv[1:]}))
"""


def mutmut(directory: Path, *args: str, log: Path | None = None, code: str = CLI) -> str:
    """Run mutmut in ``directory``; its output is returned, or written to ``log``."""
    env = dict(os.environ)
    # The generated package of this checkout; the handwritten one comes from mutants/.
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT / "generated"), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    command = [sys.executable, "-c", code, *args]
    if log is None:
        completed = subprocess.run(
            command, cwd=directory, env=env, text=True, capture_output=True, check=False
        )
        output = completed.stdout + completed.stderr
        returncode = completed.returncode
    else:
        with log.open("wb") as file:
            completed_log = subprocess.run(
                command, cwd=directory, env=env, stdout=file, stderr=subprocess.STDOUT, check=False
            )
        returncode = completed_log.returncode
        # Bytes, so the carriage returns of mutmut's progress line are kept.
        output = log.read_bytes().decode("utf-8", errors="replace")
    if returncode != 0:
        sys.stderr.write(output[-20_000:])
        raise SystemExit(f"mutmut {' '.join(args)} failed in {directory}")
    return output


def added_lines(diff: str) -> str:
    """The `+` side of a mutant's diff, whitespace collapsed (how equivalents are matched)."""
    added = [
        line[1:] for line in diff.splitlines() if line.startswith("+") and not line.startswith("++")
    ]
    return " ".join(" ".join(added).split())


def load_equivalents() -> dict[str, dict[str, str]]:
    data = tomllib.loads(EQUIVALENT_FILE.read_text("utf-8")) if EQUIVALENT_FILE.is_file() else {}
    entries = {}
    for entry in data.get("mutant", []):
        missing = {"name", "mutated", "reason"} - entry.keys()
        if missing:
            raise SystemExit(f"{EQUIVALENT_FILE}: {entry} lacks {', '.join(sorted(missing))}")
        entries[entry["name"]] = entry
    return entries


def run_module(module: str, equivalents: dict[str, dict[str, str]], show: bool) -> Result:
    directory = prepare(module)
    print(f"== {module}: mutmut run against {' '.join(MODULES[module])}", flush=True)
    started = time.monotonic()
    # mutmut redraws a progress line hundreds of times; its output goes to run.log.
    output = mutmut(directory, "run", log=directory / "run.log")
    print(output.rpartition("\r")[2].strip(), flush=True)  # the last progress line
    result = Result(module, time.monotonic() - started)
    for line in mutmut(directory, "results", "--all", "true").splitlines():
        match = re.fullmatch(r"\s*(\S+): (.+)", line)
        if match:
            result.status[match[1]] = match[2]
    alive = [n for n, s in sorted(result.status.items()) if s not in KILLED | NOT_COUNTED]
    diffs: dict[str, str] = json.loads(mutmut(directory, *alive, code=DIFFS)) if alive else {}
    for name, diff in diffs.items():
        entry = equivalents.get(name)
        if entry is not None:
            if " ".join(entry["mutated"].split()) in added_lines(diff):
                result.equivalent.add(name)
                continue
            result.stale.append(name)
        result.survivors[name] = diff
    own = module_name(module)
    for name in equivalents:
        # The module's own entries: a package's __init__ does not claim its submodules'.
        mine = name.rpartition(".")[0] == own
        if mine and name not in result.equivalent and name not in result.stale:
            if result.status.get(name) in KILLED:
                result.stale.append(f"{name} (now killed: remove it from the list)")
            elif name not in result.status:
                result.stale.append(f"{name} (no such mutant any more)")
    if show:
        for name, diff in result.survivors.items():
            print(f"\n-- survived ({result.status[name]}): {name}\n{diff.rstrip()}")
    for name in result.stale:
        print(f"\n-- stale entry in {EQUIVALENT_FILE.name}: {name}")
    return result


def table(results: list[Result]) -> str:
    header = ("module", "mutants", "killed", "survived", "equivalent", "score", "time")
    rows = [header]
    for r in results:
        survived = len(r.counted) - r.killed
        rows.append(
            (
                r.module,
                str(len(r.status)),
                str(r.killed),
                str(survived),
                str(len(r.equivalent)),
                f"{r.score:.1f}%",
                f"{r.seconds:.0f} s",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = [
        "| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) + " |"
        for row in rows
    ]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help="modules to mutate (default: all)")
    parser.add_argument("--quiet", action="store_true", help="do not print survivors' diffs")
    options = parser.parse_args()
    modules = [key for m in options.modules for key in resolve(m)] or list(MODULES)
    equivalents = load_equivalents()
    results = []
    for module in modules:
        results.append(run_module(module, equivalents, show=not options.quiet))
    print()
    print(table(results))
    failing = [r.module for r in results if r.score < THRESHOLD or r.stale]
    if failing:
        print(f"\nbelow {THRESHOLD:.0f}% or with stale equivalents: {', '.join(failing)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
