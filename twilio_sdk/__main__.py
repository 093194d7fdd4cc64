"""``python -m twilio_sdk``: what the SDK is, the demo against the embedded fake Twilio, and a
``doctor`` that says what a ``Client()`` made here would use.

No command prints the introduction; ``demo`` needs no network and no credentials.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping

from ._version import __version__

PROG = "python -m twilio_sdk"

INTRO = f"""\
twilio_sdk {__version__}: a typed Python SDK for every Twilio REST endpoint, generated from
Twilio's OpenAPI files. Call paths and parameter names follow the official `twilio` package:
`from twilio_sdk import Client`.

Commands:
  demo      run the SDK's main workflows against the embedded fake Twilio (offline, no account)
  doctor    show the credentials, region, transport and proxy a Client() would use here
            (secrets masked), and check the package data

Where to start:
  {PROG + " demo":<30}  see it work, offline
  README.md, "Quickstart"         your first message, with your account
  README.md, "Testing your code"  FakeTwilio in your tests (pytest fixture: twilio_fake)
  examples/                       runnable scripts: offline as they are, `--live` for real

More: {PROG} --help | --version | COMMAND --help
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="twilio_sdk: a typed Python SDK for every Twilio REST endpoint. "
        "Without a command, prints an introduction.",
    )
    parser.add_argument("--version", action="version", version=f"twilio_sdk {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo = commands.add_parser(
        "demo",
        help="run the main workflows against the embedded fake Twilio (offline, no account)",
        description="Run the SDK's main workflows (SMS, MMS, WhatsApp, calls, numbers, "
        "subaccounts, paging, errors and retries, tokens, TwiML, webhooks) against "
        "twilio_sdk.testing.FakeTwilio, checking each step. No network, no credentials. "
        "Exits 0 when every workflow passes.",
    )
    demo.add_argument("--quiet", action="store_true", help="print only the summary line")
    commands.add_parser(
        "doctor",
        help="show the credentials, region, transport and proxy a Client() would use here",
        description="Say which credentials (secrets masked), region and edge a Client() "
        "created here would use, through which transport and proxy, and whether the "
        "package data (operations table, spec copy for the fake) is present. Sends nothing. "
        "Exits 1 when package data is missing.",
    )
    return parser


def _mask_url(url: str) -> str:
    """A proxy URL with its password (if any) replaced by ****."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port is not None:
        host += f":{parts.port}"
    return urlunsplit(parts._replace(netloc=f"{parts.username}:****@{host}"))


def _secret(value: str) -> str:
    return f"set ({len(value)} characters, not shown)"


def _credentials(environ: Mapping[str, str]) -> list[tuple[str, str]]:
    from ._auth_resolution import resolve_credentials
    from ._errors import CredentialsError

    lines: list[tuple[str, str]] = []
    for name in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_API_KEY", "TWILIO_API_SECRET"):
        value = environ.get(name)
        if not value:
            shown = "not set"
        elif name in ("TWILIO_AUTH_TOKEN", "TWILIO_API_SECRET"):
            shown = _secret(value)
        else:
            shown = value
        lines.append((name, shown))
    try:
        found = resolve_credentials(environ=environ)
    except CredentialsError as error:
        lines.append(("Client() would", f"raise CredentialsError: {error}"))
        return lines
    if found.is_api_key:
        how = f"API key {found.username} with TWILIO_API_SECRET"
    else:
        how = f"account SID {found.username} with TWILIO_AUTH_TOKEN"
    lines.append(("Client() would use", f"{how}, acting on account {found.account_sid}"))
    return lines


def _region(environ: Mapping[str, str]) -> list[tuple[str, str]]:
    from ._errors import InvalidArgumentError
    from ._hosts import resolve_region_edge, rewrite_host

    try:
        region, edge = resolve_region_edge(None, None, environ)
    except InvalidArgumentError as error:
        return [("region / edge", f"refused: {error}")]
    host = rewrite_host("https://api.twilio.com", region, edge)
    return [
        ("TWILIO_REGION", region or "not set"),
        ("TWILIO_EDGE", edge or "not set"),
        ("requests go to", f"{host} (and the other products' hosts alike)"),
    ]


def _transport(environ: Mapping[str, str]) -> list[tuple[str, str]]:
    from ._transports import uses_proxy

    names = ("https_proxy", "http_proxy", "all_proxy", "no_proxy")
    proxies = [
        (key, _mask_url(value))
        for key, value in sorted(environ.items())
        if value and key.lower() in names
    ]
    if uses_proxy():
        sync = "an httpx.Client (a proxy is configured, and httpx routes through it)"
        asynchronous = "an httpx.AsyncClient (a proxy is configured)"
    else:
        sync = "httpcore's pool, the SDK's own (100 connections)"
        asynchronous = "aiohttp, through the SDK's adapter (100 connections)"
    lines = [("Client", sync), ("AsyncClient", asynchronous)]
    lines += proxies or [("proxy", "none in the environment")]
    lines.append(("http_client=", "a client you pass replaces these, with its own settings"))
    return lines


def _package_data() -> tuple[list[tuple[str, str]], bool]:
    import importlib.util
    import json
    from pathlib import Path

    found = importlib.util.find_spec("twilio_sdk_generated")
    if found is None or not found.submodule_search_locations:
        return [("twilio_sdk_generated", "MISSING: the generated package is not importable")], False
    root = Path(next(iter(found.submodule_search_locations)))
    lines = [("twilio_sdk_generated", str(root))]
    ok = True
    table = root / "operations.json"
    try:
        count = len(json.loads(table.read_text(encoding="utf-8")))
        lines.append(("operations table", f"ok, {count:,} operations ({table.name})"))
    except (OSError, ValueError) as error:
        lines.append(("operations table", f"MISSING or unreadable: {table} ({error})"))
        ok = False
    spec = root / "_spec"
    files = sorted(spec.glob("*.json.gz")) if spec.is_dir() else []
    if files:
        lines.append(("spec for the fake", f"ok, {len(files)} files ({spec.name}/)"))
    else:
        lines.append(("spec for the fake", f"MISSING: {spec} (FakeTwilio and the demo need it)"))
        ok = False
    return lines, ok


def doctor() -> int:
    """Print what a ``Client()`` made here would use; 1 when package data is missing."""
    import os
    import platform

    import httpx

    env: Mapping[str, str] = os.environ
    data, ok = _package_data()
    sections = [
        ("Credentials (from the environment; secrets masked)", _credentials(env)),
        ("Region and edge", _region(env)),
        ("Transport and proxy", _transport(env)),
        ("Package data", data),
    ]
    print(
        f"twilio_sdk {__version__} on Python {platform.python_version()}, httpx {httpx.__version__}"
    )
    for title, lines in sections:
        print(f"\n{title}")
        width = max(len(label) for label, _ in lines)
        for label, value in lines:
            print(f"  {label:<{width}}  {value}")
    print("\nNothing was sent." + ("" if ok else " Package data is missing: reinstall."))
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command is None:
        print(INTRO, end="")
        return 0
    if args.command == "doctor":
        return doctor()
    from .testing._demo import run

    return run(quiet=args.quiet)


if __name__ == "__main__":
    sys.exit(main())
