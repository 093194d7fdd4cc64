"""Sessions: tests, tests_tz, lint, typecheck, generate_check (the default ones, sharing the
`dev` virtualenv), generate (-- --check), record, update_spec, bench, docs, build, mutate."""

from __future__ import annotations

import hashlib
import os
import shutil
import time
import tomllib
import zipfile
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


# -- one virtualenv for the default sessions ------------------------------------------------
# tests, lint, typecheck and generate_check need the same `pip install -e .[dev]` (~370 MB).
# Rather than one copy per session, nox builds it once, for the `dev` session (.nox/dev, with
# nox's usual backend, reuse and --reuse-venv rules, and the install stamp above); those four
# sessions require `dev` and run its tools without a virtualenv of their own
# (venv_backend="none"). Sessions that need something else (bench) keep their own.
_DEV_BIN: dict[str, Path] = {}


@nox.session(python=PYTHON, default=False)
def dev(session: nox.Session) -> None:
    """The virtualenv the default sessions share: `pip install -e .[dev]`, once."""
    install(session)
    _DEV_BIN["bin"] = Path(session.bin)


def run_dev(
    session: nox.Session, tool: str, *args: str, env: dict[str, str] | None = None
) -> None:
    """Run a tool of the shared `dev` virtualenv, as if it were activated."""
    bin_dir = _DEV_BIN.get("bin")
    if bin_dir is None:  # unreachable: every caller requires `dev`, which nox runs first
        session.error("the shared `dev` virtualenv was not set up")
    env = {
        "VIRTUAL_ENV": str(bin_dir.parent),
        "PATH": os.pathsep.join([str(bin_dir), os.environ.get("PATH", "")]),
        **(env or {}),
    }
    session.run(str(bin_dir / tool), *args, env=env, external=True)


@nox.session(venv_backend="none", requires=["dev"])
def tests(session: nox.Session) -> None:
    """Unit tests and the cassette test of every operation (offline replay)."""
    run_dev(session, "pytest", *session.posargs)


# A zone with a DST offset, so time handling that only works in UTC fails a test.
TEST_TZ = "America/New_York"


@nox.session(name="tests_tz", venv_backend="none", requires=["dev"])
def tests_tz(session: nox.Session) -> None:
    """The tests again with TZ=America/New_York: dates on the wire, Retry-After, JWT times and
    parsed response dates must not depend on the machine's zone (CI machines run in UTC)."""
    run_dev(session, "pytest", *session.posargs, env={"TZ": TEST_TZ})


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


@nox.session(venv_backend="none", requires=["dev"])
def lint(session: nox.Session) -> None:
    run_dev(
        session,
        "ruff",
        "check",
        "twilio_sdk",
        "generator",
        "tests",
        "bench",
        "examples",
        "noxfile.py",
    )
    # Generated code: no unused imports or arguments, no undefined names (pyflakes, ARG).
    run_dev(session, "ruff", "check", "--select", "F,ARG", "generated/twilio_sdk_generated")


@nox.session(venv_backend="none", requires=["dev"])
def typecheck(session: nox.Session) -> None:
    """Strict mypy over the handwritten package and the generated one; pyright's type
    completeness of both packages' public API (fails below 100%); the typing cases (calls as
    Twilio's docs write them per product area, and refused ones) under basic and strict pyright
    and strict mypy."""
    run_dev(session, "mypy", "--strict", "twilio_sdk", "generated/twilio_sdk_generated", "bench")
    for package in ("twilio_sdk", "twilio_sdk_generated"):
        run_dev(session, "pyright", "--verifytypes", package, "--ignoreexternal")
    # Each usage file in pyright's basic mode (what an IDE shows by default) and strict mode;
    # stale ignore comments are errors in all three runs.
    run_dev(session, "mypy", "--strict", "tests/typing_cases")
    for config in ("pyright-basic.json", "pyrightconfig.json"):
        run_dev(session, "pyright", "-p", f"tests/typing_cases/{config}", "tests/typing_cases")


@nox.session(python=PYTHON)
def generate(session: nox.Session) -> None:
    """Regenerate generated/ from spec/ (`-- --check` fails if generated/ is stale)."""
    install(session)
    session.run("python", "-m", "generator", *session.posargs)


@nox.session(name="generate_check", venv_backend="none", requires=["dev"])
def generate_check(session: nox.Session) -> None:
    run_dev(session, "python", "-m", "generator", "--check")


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
    """Async throughput (also behind a forward proxy), sync CPU per call, cold start,
    streaming memory, the webhook listener under uvicorn and installed size, next to the
    official library (and raw httpx/aiohttp, a Starlette endpoint), as ratios (`-- --quick`, or
    sections: `-- async proxy listener`). The venv holds what a user installs (this package and
    the official library with their dependencies, no dev tools; uvicorn and starlette for the
    listener, in a folder of their own), so imports cost what they cost users."""
    session.install("-e", ".", "twilio==9.13.0")
    # uvicorn and starlette serve the listener section (ours and the Starlette baseline). They
    # go outside the virtualenv, which keeps runtime dependencies only: uvicorn brings click,
    # which `import httpx` imports when it is installed, and the cold start would count it.
    servers = Path(session.create_tmp()) / "listener-servers"
    session.install("--target", str(servers), "--upgrade", "uvicorn==0.54.0", "starlette==1.10.0")
    session.run("python", "-m", "bench", *session.posargs, env={"BENCH_SERVER_PATH": str(servers)})


# --------------------------------------------------------------------------- docs, build


def _extra(name: str) -> list[str]:
    """The requirements of one optional-dependencies group of pyproject.toml."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return list(project["optional-dependencies"][name])


def _size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


@nox.session(python=PYTHON)
def docs(session: nox.Session) -> None:
    """Build the reference site into build/docs/site (from spec/ and the generator's call tree,
    never committed), then open it in headless Chromium (tests/generator/test_docs_site.py;
    screenshots in build/docs/screenshots).
    Chromium: `apt-get install -y chromium chromium-driver`."""
    install(session)
    session.install(*_extra("docs"))
    out = ROOT / "build" / "docs"
    site = out / "site"
    env = {"NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    session.run("python", "-m", "generator.reference", str(out))
    session.run("mkdocs", "build", "--quiet", "--strict", "-f", str(out / "mkdocs.yml"), env=env)
    elapsed = time.perf_counter() - started
    pages = sum(1 for _ in site.rglob("*.html"))
    session.log(
        f"site: {pages} pages, {_size(site) / 1e6:.1f} MB in {site}, built in {elapsed:.0f} s; "
        f"browse it with `python -m http.server -d {site.relative_to(ROOT)}`"
    )
    session.run(
        "pytest",
        "-m",
        "browser",
        "-s",
        "tests/generator/test_docs_site.py",
        *session.posargs,
        env={
            "TWILIO_SDK_DOCS_SITE": str(site),
            "TWILIO_SDK_DOCS_SCREENSHOTS": str(out / "screenshots"),
        },
    )


BUILD_TOOLS = ("build==1.6.1", "twine==7.0.0")


@nox.session(python=PYTHON)
def build(session: nox.Session) -> None:
    """Wheel and sdist (`python -m build`, into dist/), `twine check`ed; then the wheel alone
    in a fresh virtualenv, run from a temporary directory: `python -m twilio_sdk demo` and an
    example script."""
    session.install(*BUILD_TOOLS, "virtualenv")
    dist = ROOT / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    session.run("python", "-m", "build", "--outdir", str(dist), str(ROOT))
    artifacts = sorted(dist.iterdir())
    session.run("twine", "check", "--strict", *map(str, artifacts))
    (wheel,) = [path for path in artifacts if path.suffix == ".whl"]
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    specs = sorted((ROOT / "spec").glob("twilio_*.json"))
    needed = {
        "twilio_sdk/py.typed",
        "twilio_sdk_generated/py.typed",
        "twilio_sdk_generated/operations.json",  # the fake's operations table
        *(f"twilio_sdk_generated/_spec/{spec.name}.gz" for spec in specs),  # its compact spec
    }
    missing = sorted(needed - names)
    if missing:
        session.error(f"{wheel.name} lacks package data: {', '.join(missing)}")
    session.log(f"{wheel.name}: {len(names)} files, {wheel.stat().st_size / 1e6:.1f} MB")

    work = (Path(session.create_tmp()) / "wheel-check").resolve()
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    venv = work / "venv"
    session.run("virtualenv", "--quiet", str(venv))
    python = str(venv / "bin" / "python")
    session.run(python, "-m", "pip", "install", "--quiet", str(wheel), external=True)
    example = work / "verify.py"
    shutil.copy(ROOT / "examples" / "verify.py", example)
    # -I: no PYTHONPATH, no user site, no current directory on the path: only the wheel.
    with session.chdir(work):
        session.run(
            python,
            "-I",
            "-c",
            "import twilio_sdk, twilio_sdk_generated, sys; "
            "paths = [twilio_sdk.__file__, twilio_sdk_generated.__file__]; "
            "assert all(p.startswith(sys.prefix) for p in paths), paths; print(*paths)",
            external=True,
        )
        session.run(python, "-I", "-m", "twilio_sdk", "demo", external=True)
        session.run(python, "-I", str(example), external=True)
