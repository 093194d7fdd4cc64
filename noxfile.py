"""Sessions: tests, tests_tz, lint, typecheck, generate (-- --check), record, update_spec, bench,
mutate."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import nox

nox.options.sessions = ["tests", "tests_tz", "lint", "typecheck", "generate_check"]
nox.options.reuse_existing_virtualenvs = True
# uv when it is installed (`pip install uv`: installs take ~1 s instead of ~13 s), else virtualenv.
nox.options.default_venv_backend = "uv|virtualenv"
PYTHON = "3.11"
ROOT = Path(__file__).parent


def install(session: nox.Session) -> None:
    """`pip install -e .[dev]`, skipped when this virtualenv already has exactly that install.

    The editable install picks up source changes by itself; what needs a reinstall is a change
    of pyproject.toml (dependencies, pins, build settings). A stamp in the virtualenv records the
    pyproject.toml it was installed from. A new virtualenv has no stamp, so a fresh clone (CI,
    `.ci/run`) always installs from scratch, and so does any run with CI or
    TWILIO_SDK_REINSTALL set, or with `nox --reuse-venv=never` (a new virtualenv).
    """
    args = ("-e", ".[dev]")
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + repr(args).encode())
    location = getattr(session.virtualenv, "location", None)
    stamp = Path(location, ".twilio-sdk-install") if location else None
    wanted = digest.hexdigest()
    if (
        stamp is not None
        and not os.environ.get("CI")
        and not os.environ.get("TWILIO_SDK_REINSTALL")
        and stamp.is_file()
        and stamp.read_text() == wanted
    ):
        session.log("dependencies unchanged since the last install of this virtualenv; skipping")
        return
    session.install(*args)
    if stamp is not None:
        stamp.write_text(wanted)


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Unit tests and the cassette test of every operation (offline replay)."""
    install(session)
    session.run("pytest", *session.posargs)


# A zone with a DST offset, so time handling that only works in UTC fails a test.
TEST_TZ = "America/New_York"


@nox.session(name="tests_tz", python=PYTHON)
def tests_tz(session: nox.Session) -> None:
    """The tests again with TZ=America/New_York: dates on the wire, Retry-After, JWT times and
    parsed response dates must not depend on the machine's zone (CI machines run in UTC)."""
    install(session)
    session.run("pytest", *session.posargs, env={"TZ": TEST_TZ})


@nox.session(python=PYTHON)
def mutate(session: nox.Session) -> None:
    """Mutation testing (mutmut, pinned by the `mutation` extra) of the runtime's core modules,
    each against the tests that exercise it: `nox -s mutate`, or `nox -s mutate -- _retry` for
    one module. Prints mutants/killed/survived/equivalent/score per module and fails below 90%.
    Survivors that change no behaviour are listed in tests/mutation/equivalent.toml. Not in
    the default sessions: a module takes a few minutes."""
    install(session)
    session.install("-e", ".[mutation]")
    session.run("python", "tests/mutation/mutate.py", *session.posargs)


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    install(session)
    session.run(
        "ruff", "check", "twilio_sdk", "generator", "tests", "bench", "examples", "noxfile.py"
    )
    # Generated code: no unused imports or arguments, no undefined names (pyflakes, ARG).
    session.run("ruff", "check", "--select", "F,ARG", "generated/twilio_sdk_generated")


@nox.session(python=PYTHON)
def typecheck(session: nox.Session) -> None:
    """Strict mypy over the handwritten package and the generated one; pyright's type
    completeness of both packages' public API (fails below 100%)."""
    install(session)
    session.run("mypy", "--strict", "twilio_sdk", "generated/twilio_sdk_generated", "bench")
    for package in ("twilio_sdk", "twilio_sdk_generated"):
        session.run("pyright", "--verifytypes", package, "--ignoreexternal")


@nox.session(python=PYTHON)
def generate(session: nox.Session) -> None:
    """Regenerate generated/ from spec/ (`-- --check` fails if generated/ is stale)."""
    install(session)
    session.run("python", "-m", "generator", *session.posargs)


@nox.session(name="generate_check", python=PYTHON)
def generate_check(session: nox.Session) -> None:
    install(session)
    session.run("python", "-m", "generator", "--check")


@nox.session(python=PYTHON)
def record(session: nox.Session) -> None:
    """Record the operation cassettes against Prism (pinned in tests/prism; needs Node.js/npm)."""
    install(session)
    session.run("npm", "ci", "--prefix", "tests/prism", external=True)
    session.run("python", "tests/record_operations.py", *session.posargs)


@nox.session(name="update_spec", python=PYTHON)
def update_spec(session: nox.Session) -> None:
    """`nox -s update_spec -- VERSION`: vendor another @twilio/cli-core (or a dist-tag such as
    `latest`), regenerate and append the API changelog to spec/CHANGELOG-API.md, atomically."""
    if not session.posargs:
        session.error("usage: nox -s update_spec -- VERSION")
    install(session)
    # Ctrl-C reaches the update too; give it time to stop the generator and remove its staging
    # directory before nox escalates to SIGTERM/SIGKILL (the update handles those as well).
    session.run(
        "python",
        "-m",
        "generator.update_spec",
        *session.posargs,
        interrupt_timeout=30.0,
        terminate_timeout=10.0,
    )


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Async throughput, sync CPU per call, cold start, streaming memory and installed size,
    next to the official library and raw httpx/aiohttp, as ratios (`-- --quick`, or sections:
    `-- async sync cold stream size`). The venv holds what a user installs (this package and
    the official library with their dependencies, no dev tools), so imports cost what they
    cost users."""
    session.install("-e", ".", "twilio==9.13.0")
    session.run("python", "-m", "bench", *session.posargs)
