"""Sessions: tests, lint, typecheck, generate (-- --check), record, update_spec, bench."""

from __future__ import annotations

import nox

nox.options.sessions = ["tests", "lint", "typecheck", "generate_check"]
nox.options.reuse_existing_virtualenvs = True
PYTHON = "3.11"


def install(session: nox.Session) -> None:
    session.install("-e", ".[dev]")


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Unit tests and the cassette test of every operation (offline replay)."""
    install(session)
    session.run("pytest", *session.posargs)


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    install(session)
    session.run("ruff", "check", "twilio_sdk", "generator", "tests", "bench", "noxfile.py")
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
    """`nox -s update_spec -- VERSION`: vendor another @twilio/cli-core, regenerate, changelog."""
    if not session.posargs:
        session.error("usage: nox -s update_spec -- VERSION")
    install(session)
    session.run("python", "-m", "generator.update_spec", *session.posargs)


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Async throughput, sync CPU per call, cold start, streaming memory and installed size,
    next to the official library and raw httpx/aiohttp, as ratios (`-- --quick`, or sections:
    `-- async sync cold stream size`). The venv holds what a user installs (this package and
    the official library with their dependencies, no dev tools), so imports cost what they
    cost users."""
    session.install("-e", ".", "twilio==9.13.0")
    session.run("python", "-m", "bench", *session.posargs)
