"""One exception root: everything twilio_sdk raises derives from TwilioException."""

from __future__ import annotations

import ast
import asyncio
import builtins
import importlib
import importlib.metadata
import inspect
import pickle
import pkgutil
from pathlib import Path

import httpx
import pytest

import twilio_sdk
from twilio_sdk import (
    ArgumentTypeError,
    ClientStateError,
    InvalidArgumentError,
    NotFoundError,
    RetryPolicy,
    TwilioException,
    TwilioRestException,
)
from twilio_sdk._pipeline import SyncPipeline
from twilio_sdk.testing import FakeTwilio

PACKAGE = Path(twilio_sdk.__file__).parent

# Raises of builtin exceptions that are meant (caught where they are raised).
# Each entry: (file relative to the package, function name).
ALLOWED_BUILTIN_RAISES = {
    ("_wire.py", "_form_quote"),  # caught by form_encode, never reaches a caller
    ("webhooks/_app.py", "_reply"),  # raised and caught to log a handler's bad reply
    ("webhooks/_app.py", "__call__"),  # ASGI protocol: a non-HTTP scope is a server bug
    # parsers of webhook values: a TypeError/ValueError keeps the value as sent (_parse_or_keep)
    ("_webhook_events.py", "parse_int"),
    ("_webhook_events.py", "parse_float"),
    ("_webhook_events.py", "parse_bool"),
    ("_tls.py", "client_context"),  # verify= names a missing CA file: an OSError, as open()'s
    ("testing/_spec.py", "spec_dir"),  # the test helper's spec files are missing: an OSError
    ("testing/_spec.py", "_operations_table"),
}
# Control flow inside the SDK, caught where raised: never seen by a caller.
INTERNAL_EXCEPTIONS = {"twilio_sdk.testing._validate.Invalid", "twilio_sdk.webhooks._app._Rejected"}
BUILTIN_EXCEPTIONS = {
    name
    for name, value in vars(builtins).items()
    if isinstance(value, type) and issubclass(value, Exception)
}
# AttributeError from __getattr__ and the like is Python's protocol, not an SDK error.
PROTOCOL_EXCEPTIONS = {"AttributeError", "NotImplementedError", "AssertionError", "StopIteration"}


def _sdk_modules() -> list[str]:
    names = [twilio_sdk.__name__]
    for info in pkgutil.walk_packages([str(PACKAGE)], prefix="twilio_sdk."):
        names.append(info.name)
    return names


def _exception_classes() -> set[type[BaseException]]:
    found: set[type[BaseException]] = set()
    for name in _sdk_modules():
        try:
            module = importlib.import_module(name)
        except ImportError:  # an optional framework adapter whose framework is absent
            continue
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, BaseException)
                and value.__module__.startswith("twilio_sdk")
            ):
                found.add(value)
    return found


def test_every_sdk_exception_class_derives_from_the_root() -> None:
    classes = _exception_classes()
    assert len(classes) > 25
    outside = sorted(
        f"{cls.__module__}.{cls.__qualname__}"
        for cls in classes
        if not issubclass(cls, TwilioException)
    )
    assert set(outside) == INTERNAL_EXCEPTIONS
    outside = [name for name in outside if name not in INTERNAL_EXCEPTIONS]
    assert outside == []


def _function_of(tree: ast.AST, target: ast.AST) -> str:
    best = "<module>"
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            if node.lineno <= target.lineno <= (node.end_lineno or node.lineno):
                best = node.name  # walk order reaches inner functions after outer ones
    return best


def test_no_plain_builtin_exception_is_raised() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if not isinstance(node, ast.Raise) or node.exc is None:
                continue
            exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            if not isinstance(exc, ast.Name) or exc.id not in BUILTIN_EXCEPTIONS:
                continue
            if exc.id in PROTOCOL_EXCEPTIONS:
                continue
            where = (str(path.relative_to(PACKAGE)), _function_of(tree, node))
            if where not in ALLOWED_BUILTIN_RAISES:
                offenders.append(f"{where[0]}:{node.lineno} {where[1]} raises {exc.id}")
    assert offenders == []


def test_argument_errors_keep_their_builtin_bases() -> None:
    with pytest.raises(ValueError) as value_error:
        RetryPolicy(max_retries=-1)
    assert isinstance(value_error.value, InvalidArgumentError)
    with pytest.raises(TypeError) as type_error:
        SyncPipeline(None, http_client=object())  # type: ignore[arg-type]
    assert isinstance(type_error.value, ArgumentTypeError)
    from twilio_sdk.jwt.access_token import AccessToken

    with pytest.raises(ValueError) as no_key:  # the official library raises ValueError here
        AccessToken("AC1", "SK1", "").to_jwt()
    assert isinstance(no_key.value, InvalidArgumentError)


def test_closed_client_raises_client_state_error() -> None:
    fake = FakeTwilio()
    client = fake.client(http_client=None, max_retries=0)
    client.close()
    with pytest.raises(ClientStateError) as error:
        client.messages.list(limit=1)
    assert isinstance(error.value, RuntimeError)


def test_public_exceptions_show_the_package_and_pickle() -> None:
    for name in twilio_sdk.__all__:
        value = getattr(twilio_sdk, name)
        if inspect.isclass(value) and issubclass(value, BaseException):
            assert value.__module__ == "twilio_sdk", name
            assert repr(value) == f"<class 'twilio_sdk.{name}'>"
            assert pickle.loads(pickle.dumps(value)) is value
    assert "twilio_sdk.NotFoundError" in repr(NotFoundError)
    assert issubclass(twilio_sdk.TokenResponseError, TwilioException)


def test_version_is_exported() -> None:
    assert twilio_sdk.__version__ == importlib.metadata.version("twilio-typed-sdk")
    assert "__version__" in twilio_sdk.__all__


def test_rest_errors_carry_headers_and_request_id() -> None:
    fake = FakeTwilio()
    client = fake.client()
    with pytest.raises(NotFoundError) as error:
        client.messages("SM" + "0" * 32).fetch()
    exc = error.value
    assert exc.request_id is not None and exc.request_id.startswith("RQ")
    assert exc.headers["twilio-request-id"] == exc.request_id
    clone = pickle.loads(pickle.dumps(exc))
    assert type(clone) is NotFoundError
    assert clone.request_id == exc.request_id and clone.headers == exc.headers
    assert str(clone) == str(exc)


def test_async_rest_errors_carry_request_id() -> None:
    fake = FakeTwilio()

    async def main() -> str | None:
        async with fake.async_client() as client:
            try:
                await client.messages("SM" + "0" * 32).fetch()
            except NotFoundError as exc:
                return exc.request_id
        return None

    request_id = asyncio.run(main())
    assert request_id is not None and request_id.startswith("RQ")


def test_hand_built_rest_exception_has_empty_headers() -> None:
    error = TwilioRestException(500, "https://x", "boom")
    assert error.request_id is None and dict(error.headers) == {}
    built = TwilioRestException(400, "u", "m", headers=httpx.Headers({"Twilio-Request-Id": "RQ1"}))
    assert built.request_id == "RQ1"
