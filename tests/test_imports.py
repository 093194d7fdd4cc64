"""Every module of both packages imports on its own, in a fresh interpreter: no import cycle
leaves a module partly initialised, whichever module a program (or a tool) imports first.

The generated package depends on the runtime (`twilio_sdk`'s private modules); the runtime
reaches the generated package only through the clients, which `twilio_sdk` imports on first
use. Third-party dependencies are imported once in a parent process that then forks one child
per module, so each child starts with none of our modules loaded.
"""

from __future__ import annotations

import os
import pkgutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = {"twilio_sdk": ROOT / "twilio_sdk", "twilio_sdk_generated": ROOT / "generated"}
# Optional framework adapters import their framework: they are imported where it is installed.
OPTIONAL = {"twilio_sdk.webhooks.django", "twilio_sdk.webhooks.flask"}
SCRIPTS = {"twilio_sdk.__main__"}  # importing it runs the command line


def _modules() -> list[str]:
    names = ["twilio_sdk", "twilio_sdk_generated"]
    for package in names[:]:
        path = ROOT / "generated" / package if package.endswith("generated") else ROOT / package
        for info in pkgutil.walk_packages([str(path)], prefix=package + "."):
            names.append(info.name)
    return sorted(names)


def _import_alone(name: str) -> str | None:
    """Import `name` in a forked child with none of our modules loaded; the error, or None."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read)
        for loaded in [m for m in sys.modules if m.split(".")[0] in PACKAGES]:
            del sys.modules[loaded]
        message = b""
        try:
            __import__(name)
        except BaseException as exc:  # noqa: BLE001 - reported to the parent
            message = f"{type(exc).__name__}: {exc}".encode() or b"?"
        finally:  # never return into the parent's test run
            os.write(write, message)
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        message = pipe.read()
    os.waitpid(pid, 0)
    return message.decode() or None


def test_every_module_imports_on_its_own() -> None:
    import aiohttp  # noqa: F401 - third-party imports happen once, before the forks
    import attrs  # noqa: F401
    import httpx  # noqa: F401
    import jwt  # noqa: F401

    modules = _modules()
    assert len(modules) > 1000  # the walk found both packages
    failures = {}
    for name in modules:
        if name in OPTIONAL or name in SCRIPTS:
            continue
        error = _import_alone(name)
        if error is not None:
            failures[name] = error
    assert failures == {}


@pytest.mark.parametrize("first", ["twilio_sdk_generated._domains", "twilio_sdk._resources"])
def test_the_generated_package_can_be_imported_before_the_runtime(first: str) -> None:
    assert _import_alone(first) is None
