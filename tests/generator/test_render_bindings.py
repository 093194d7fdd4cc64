"""The generator refuses to write a module whose instance bindings name a class without its
`Async` twin beside it (generator/render.py `check_async_twins`): the runtime derives a
binding's async classes from its sync ones by that name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.build import GenerationError, Node, Operation
from generator.render import check_async_twins

MODULE = (
    Path(__file__).resolve().parents[2]
    / "generated/twilio_sdk_generated/api/v2010/_accounts_messages.py"
)


def _bound_to(instance_class: str) -> Operation:
    item = Node("Accounts/{}/Messages/{}", "item", class_name="AccountsMessagesContext")
    op = Operation("twilio_api_v2010.json", "GET", "/x", "FetchMessage")
    op.instance_of, op.instance_class = item, instance_class
    return op


def test_a_generated_module_defines_the_twins_of_what_it_binds() -> None:
    check_async_twins("messages", MODULE.read_text(), [_bound_to("AccountsMessagesInstance")])


@pytest.mark.parametrize(
    ("drop", "instance_class", "missing"),
    [
        (
            "AsyncAccountsMessagesInstance",
            "AccountsMessagesInstance",
            ["AsyncAccountsMessagesInstance"],
        ),
        (
            "AsyncAccountsMessagesContext",
            "AccountsMessagesInstance",
            ["AsyncAccountsMessagesContext"],
        ),
        (None, "MessagesInstance", ["AsyncMessagesInstance", "MessagesInstance"]),
    ],
)
def test_a_missing_class_or_twin_fails_the_generation_naming_it(
    drop: str | None, instance_class: str, missing: list[str]
) -> None:
    text = MODULE.read_text()
    if drop is not None:
        assert f"\nclass {drop}(" in text
        text = text.replace(f"\nclass {drop}(", "\nclass Renamed(")
    with pytest.raises(GenerationError, match=f"^messages: .*{re.escape(str(missing))}$"):
        check_async_twins("messages", text, [_bound_to(instance_class)])
