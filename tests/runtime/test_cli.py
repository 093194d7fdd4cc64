"""``python -m twilio_sdk``: the introduction, --help, --version, demo --quiet and doctor."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from twilio_sdk import __main__ as cli
from twilio_sdk._version import __version__

ROOT = Path(__file__).resolve().parents[2]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    try:
        code = cli.main(list(argv))
    except SystemExit as done:  # argparse's --help / --version
        code = int(done.code or 0)
    return code, capsys.readouterr().out


def test_no_arguments_introduces_the_sdk(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys)
    assert code == 0
    assert out.startswith(f"twilio_sdk {__version__}: a typed Python SDK for every Twilio REST")
    commands = out.split("Commands:")[1].split("Where to start:")[0]
    named = [
        line.split()[0]
        for line in commands.splitlines()
        if line.startswith("  ") and line[2] != " "
    ]
    assert named == ["demo", "doctor"]
    start = out.split("Where to start:")[1]
    for where in ("python -m twilio_sdk demo", '"Quickstart"', '"Testing your code"', "examples/"):
        assert where in start


def test_module_entry_point_runs_without_arguments() -> None:
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'generated'}"}
    done = subprocess.run(
        [sys.executable, "-m", "twilio_sdk"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "Commands:" in done.stdout and done.stderr == ""


def test_help_describes_each_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "--help")
    assert code == 0
    assert "demo" in out and "embedded fake Twilio" in out
    assert "doctor" in out and "credentials" in out
    code, out = run(capsys, "demo", "--help")
    assert code == 0 and "--quiet" in out and "No network, no credentials" in out


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--version") == (0, f"twilio_sdk {__version__}\n")


def test_demo_quiet_prints_only_the_summary(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "demo", "--quiet")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 1, out
    assert lines[0].startswith("12/12 workflows passed, ")


def test_unknown_command_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        cli.main(["nope"])
    assert done.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("TWILIO_") or name.lower().endswith("_proxy"):
            monkeypatch.delenv(name)


def test_doctor_with_an_auth_token_region_and_proxy(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _clean_env(monkeypatch)
    sid, token = "AC" + "1" * 32, "s3cr3t-auth-token-value"
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", sid)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", token)
    monkeypatch.setenv("TWILIO_REGION", "au1")
    monkeypatch.setenv("TWILIO_EDGE", "sydney")
    monkeypatch.setenv("HTTPS_PROXY", "http://proxyuser:proxypass@proxy.example:3128")
    code, out = run(capsys, "doctor")
    assert code == 0
    assert token not in out and "proxypass" not in out
    assert f"TWILIO_AUTH_TOKEN   set ({len(token)} characters, not shown)" in out
    assert f"account SID {sid} with TWILIO_AUTH_TOKEN, acting on account {sid}" in out
    assert "https://api.sydney.au1.twilio.com" in out
    assert "http://proxyuser:****@proxy.example:3128" in out
    assert "a proxy is configured" in out
    assert "operations table      ok, 1,695 operations" in out
    assert "spec for the fake     ok, 71 files" in out
    assert out.rstrip().endswith("Nothing was sent.")


def test_doctor_with_an_api_key_and_no_proxy(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _clean_env(monkeypatch)
    sid, key, secret = "AC" + "2" * 32, "SK" + "3" * 32, "api-key-secret-value"
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", sid)
    monkeypatch.setenv("TWILIO_API_KEY", key)
    monkeypatch.setenv("TWILIO_API_SECRET", secret)
    code, out = run(capsys, "doctor")
    assert code == 0 and secret not in out
    assert f"API key {key} with TWILIO_API_SECRET, acting on account {sid}" in out
    assert "https://api.twilio.com " in out
    assert "httpcore's pool" in out and "aiohttp" in out
    assert "proxy         none in the environment" in out


def test_doctor_without_credentials_says_what_client_would_raise(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _clean_env(monkeypatch)
    code, out = run(capsys, "doctor")
    assert code == 0
    assert "TWILIO_ACCOUNT_SID  not set" in out
    assert "raise CredentialsError: Twilio credentials are missing" in out


def test_doctor_reports_missing_package_data(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import importlib.machinery
    import importlib.util

    empty = tmp_path / "twilio_sdk_generated"
    empty.mkdir()
    spec = importlib.machinery.ModuleSpec("twilio_sdk_generated", None, is_package=True)
    spec.submodule_search_locations = [str(empty)]
    real = importlib.util.find_spec

    def find_spec(name: str, *args: object) -> object:
        return spec if name == "twilio_sdk_generated" else real(name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    code, out = run(capsys, "doctor")
    assert code == 1
    assert "operations table      MISSING" in out
    assert "spec for the fake     MISSING" in out
    assert "Package data is missing: reinstall." in out
