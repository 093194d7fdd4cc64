"""The SDK surface diff (generator/surface.py): one hand-made edit of a small package shaped like
the generated one per kind of change, plus the real generated package."""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from generator import surface
from generator.surface import Surface, SurfaceChange, diff_surfaces, extract

REPO_ROOT = Path(__file__).resolve().parents[2]
GENERATED = REPO_ROOT / "generated" / "twilio_sdk_generated"

OPERATIONS = [
    ("POST", "/v1/Widgets", "CreateWidget", "things.v1.widgets.create"),
    ("GET", "/v1/Widgets", "ListWidget", "things.v1.widgets.list"),
    ("GET", "/v1/Widgets/{Sid}", "FetchWidget", "things.v1.widgets(Sid).fetch"),
    ("POST", "/v1/Widgets/{Sid}", "UpdateWidget", "things.v1.widgets(Sid).update"),
]

RESOURCE = """
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models import Widget, WidgetStatus

__all__ = ["WidgetsList", "AsyncWidgetsList", "WidgetsContext"]


class WidgetsList:
    def __call__(self, sid: str) -> WidgetsContext: ...

    def create(
        self,
        name: str,
        status: WidgetStatus | str | None = None,
        size: int | None = None,
        label: str | None = None,
    ) -> Widget: ...

    def list(self, limit: int | None = None, page_size: int | None = None) -> list[Widget]: ...


class AsyncWidgetsList:
    def __call__(self, sid: str) -> WidgetsContext: ...

    async def create(
        self,
        name: str,
        status: WidgetStatus | str | None = None,
        size: int | None = None,
        label: str | None = None,
    ) -> Widget: ...

    async def list(
        self, limit: int | None = None, page_size: int | None = None
    ) -> list[Widget]: ...


class WidgetsContext:
    def fetch(self) -> Widget: ...

    def update(self, label: str | None = None, meta: dict[str, Any] | None = None) -> Widget: ...


class WidgetsInstance(Widget):
    def update(self, label: str | None = None, meta: dict[str, Any] | None = None) -> Widget: ...
"""

_SOURCES = {
    "__init__.py": "DOMAINS: dict[str, dict[str, str]] = {}\n",
    "_domains.py": """
        from typing import TYPE_CHECKING
        if TYPE_CHECKING:
            from .things import Things
        __all__ = ["Domains"]
        class Domains:
            @property
            def things(self) -> Things: ...
        """,
    "things/__init__.py": """
        from typing import TYPE_CHECKING
        if TYPE_CHECKING:
            from .v1 import V1
        __all__ = ["Things"]
        class Things:
            @property
            def v1(self) -> V1: ...
        """,
    "things/v1/__init__.py": """
        from typing import TYPE_CHECKING
        if TYPE_CHECKING:
            from ._widgets import WidgetsList
        __all__ = ["V1"]
        class V1:
            @property
            def widgets(self) -> WidgetsList: ...
        """,
    "things/v1/_widgets.py": RESOURCE,
    "things/v1/models/__init__.py": """
        from typing import TYPE_CHECKING
        if TYPE_CHECKING:
            from ._enums import WidgetStatus as WidgetStatus
            from ._widgets import Widget as Widget
        _MODULES = {"Widget": "._widgets", "WidgetStatus": "._enums"}
        __all__ = sorted(_MODULES)
        """,
    "things/v1/models/_enums.py": """
        from enum import Enum
        __all__ = ["WidgetStatus"]
        class WidgetStatus(str, Enum):
            ON = "on"
            OFF = "off"
        """,
    "things/v1/models/_widgets.py": """
        from typing import Any, ClassVar
        import attrs
        from ._enums import WidgetStatus
        __all__ = ["Widget"]
        @attrs.define(kw_only=True)
        class Widget:
            sid: str | None = None
            status: WidgetStatus | str | None = None
            _FIELDS: ClassVar[tuple[str, ...]] = ()
        """,
}

BASE = {name: textwrap.dedent(source).lstrip() for name, source in _SOURCES.items()}
Files = dict[str, str]
Edit = Callable[[Files], None]


def write_package(directory: Path, files: Files, operations: list[dict[str, str]]) -> Path:
    for name, source in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source)
    (directory / "operations.json").write_text(json.dumps(operations))
    return directory


def operations_table(rows: list[tuple[str, str, str, str]] = OPERATIONS) -> list[dict[str, str]]:
    return [
        {"spec": "twilio_things_v1.json", "method": m, "path": p, "operation_id": o, "call": c}
        | {"auth": "account"}
        for m, p, o, c in rows
    ]


def changes_after(
    tmp_path: Path, edit: Edit, operations: list[dict[str, str]] | None = None
) -> list[SurfaceChange]:
    old = extract(write_package(tmp_path / "old", dict(BASE), operations_table()))
    files = dict(BASE)
    edit(files)
    new = extract(write_package(tmp_path / "new", files, operations or operations_table()))
    return diff_surfaces(old, new)


def marks(changes: list[SurfaceChange]) -> dict[tuple[str, str], bool]:
    """(where, text) -> breaking."""
    return {(c.where, c.text): c.breaking for c in changes}


def replace(name: str, old: str, new: str, count: int = -1) -> Edit:
    def edit(files: Files) -> None:
        assert old in files[name], old
        files[name] = files[name].replace(old, new, count)

    return edit


def in_resource(old: str, new: str) -> Edit:
    """The same edit in the sync class, its async twin and the record's instance."""
    return replace("things/v1/_widgets.py", old, new)


# --------------------------------------------------------------------------- tests


def test_identical_packages_have_no_changes(tmp_path: Path) -> None:
    assert changes_after(tmp_path, lambda files: None) == []


def test_resource_paths_follow_the_call_paths(tmp_path: Path) -> None:
    package = extract(write_package(tmp_path / "p", dict(BASE), operations_table()))
    assert surface.resource_paths(package) == {
        ("things", "Things"): "things",
        ("things.v1", "V1"): "things.v1",
        ("things.v1._widgets", "WidgetsList"): "things.v1.widgets",
        ("things.v1._widgets", "WidgetsContext"): "things.v1.widgets(…)",
    }
    assert Surface.from_json(package.to_json()) == package


def test_removed_export_is_breaking(tmp_path: Path) -> None:
    def drop_enum(files: Files) -> None:
        files["things/v1/models/__init__.py"] = BASE["things/v1/models/__init__.py"].replace(
            ', "WidgetStatus": "._enums"', ""
        )

    assert marks(changes_after(tmp_path, drop_enum)) == {
        ("things.v1.models", "Name removed: `WidgetStatus`"): True
    }


def test_call_paths_removed_changed_added_and_auth(tmp_path: Path) -> None:
    rows = [r for r in OPERATIONS if r[2] != "ListWidget"]
    rows[0] = ("POST", "/v1/Widgets", "CreateWidget", "things.v1.widget_list.create")
    rows.append(("DELETE", "/v1/Widgets/{Sid}", "DeleteWidget", "things.v1.widgets(Sid).delete"))
    table = operations_table(rows)
    table[1]["auth"] = "oauth"
    result = marks(changes_after(tmp_path, lambda files: None, table))
    assert result == {
        ("things.v1.widgets", "Call path removed: `things.v1.widgets.list` (ListWidget)"): True,
        (
            "things.v1.widgets",
            "Call path changed: `things.v1.widgets.create` -> "
            "`things.v1.widget_list.create` (CreateWidget)",
        ): True,
        (
            "things.v1.widgets(Sid)",
            "Call path added: `things.v1.widgets(Sid).delete` (DeleteWidget)",
        ): False,
        (
            "things.v1.widgets(Sid)",
            "Auth changed: `things.v1.widgets(Sid).fetch`: account -> oauth",
        ): True,
    }


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        pytest.param(
            in_resource("        label: str | None = None,\n", ""),
            {"`.create()`: keyword `label` removed": True},
            id="keyword-removed",
        ),
        pytest.param(
            in_resource("name: str,\n", "name: str,\n        color: str,\n"),
            {
                "`.create()`: keyword `color` added (str, required)": True,
                "`.create()`: positions of optional parameters moved: `status` 2 -> 3, "
                "`size` 3 -> 4, `label` 4 -> 5": False,
            },
            id="required-keyword-added",
        ),
        pytest.param(
            in_resource(
                "        label: str | None = None,\n",
                "        label: str | None = None,\n        color: str | None = None,\n",
            ),
            {"`.create()`: keyword `color` added (str | None, optional)": False},
            id="optional-keyword-added",
        ),
        pytest.param(
            in_resource(
                "name: str,\n        status: WidgetStatus | str | None = None,",
                "name: str,\n        status: WidgetStatus | str,",
            ),
            {"`.create()`: `status` is now required": True},
            id="now-required",
        ),
        pytest.param(
            in_resource("name: str,\n", "name: str | None = None,\n"),
            {"`.create()`: `name` is now optional": False},
            id="now-optional",
        ),
        pytest.param(
            in_resource("  size: int | None = None", "  size: str | None = None"),
            {"`.create()`: `size` type changed: int | None -> str | None": True},
            id="type-changed",
        ),
        pytest.param(
            in_resource("  size: int | None = None", "  size: int | float | None = None"),
            {"`.create()`: `size` type widened: int | None -> int | float | None": False},
            id="type-widened",
        ),
        pytest.param(
            in_resource(
                "label: str | None = None,\n    )",
                "label: WidgetStatus | str | None = None,\n    )",
            ),
            {"`.create()`: `label` type widened: str | None -> WidgetStatus | str | None": False},
            id="str-to-enum-or-str-is-a-widening",
        ),
        pytest.param(
            in_resource("status: WidgetStatus | str | None", "status: str | None"),
            {"`.create()`: `status` type widened: WidgetStatus | str | None -> str | None": False},
            id="enum-or-str-to-str",
        ),
        pytest.param(
            in_resource("status: WidgetStatus | str | None", "status: WidgetStatus | None"),
            {
                "`.create()`: `status` type changed: WidgetStatus | str | None -> "
                "WidgetStatus | None": True
            },
            id="enum-only-is-a-narrowing",
        ),
        pytest.param(
            in_resource(
                ") -> Widget: ...\n\n    def list", ") -> dict[str, Any]: ...\n\n    def list"
            ),
            {"`.create()` returns type changed: Widget -> dict[str, Any]": True},
            id="return-type-changed",
        ),
        pytest.param(
            in_resource("        name: str,\n", "        kind: str,\n        name: str,\n"),
            {
                "`.create()`: keyword `kind` added (str, required)": True,
                "`.create()`: positions of required parameters moved: `name` 1 -> 2": True,
            },
            id="required-moved",
        ),
        pytest.param(
            in_resource("def list(self, limit", "def list(self, color: str | None = None, limit"),
            {
                "`.list()`: keyword `color` added (str | None, optional)": False,
                "`.list()`: positions of optional parameters moved: `limit` 1 -> 2, "
                "`page_size` 2 -> 3": False,
            },
            id="optional-shifted",
        ),
        pytest.param(
            in_resource(
                "    def list(self, limit: int | None = None, page_size: int | None = None)",
                "    def _list(self, limit: int | None = None, page_size: int | None = None)",
            ),
            {"Method removed: `.list()`": True},
            id="method-removed",
        ),
    ],
)
def test_signature_changes(tmp_path: Path, edit: Edit, expected: dict[str, bool]) -> None:
    """Each edit hits the sync class and its async twin; it is reported once, for the path."""
    result = marks(changes_after(tmp_path, edit))
    assert result == {("things.v1.widgets", text): breaking for text, breaking in expected.items()}


def test_instance_methods_mirroring_the_resource_are_reported_once(tmp_path: Path) -> None:
    edit = in_resource("meta: dict[str, Any] | None = None", "meta: dict[str, str] | None = None")
    text = "`.update()`: `meta` type changed: dict[str, Any] | None -> dict[str, str] | None"
    assert marks(changes_after(tmp_path, edit)) == {("things.v1.widgets(…)", text): True}


def test_enum_renamed_with_the_same_values_is_no_type_change(tmp_path: Path) -> None:
    def rename(files: Files) -> None:
        for name in files:
            files[name] = files[name].replace("WidgetStatus", "WidgetState")

    assert marks(changes_after(tmp_path, rename)) == {
        ("things.v1.models", "Name removed: `WidgetStatus`"): True,
        ("things.v1.models", "Name added: `WidgetState`"): False,
    }


def test_model_renamed_with_the_same_fields_is_no_type_change(tmp_path: Path) -> None:
    def rename(files: Files) -> None:
        for name in files:
            files[name] = re.sub(r"\bWidget\b", "WidgetV2", files[name])

    assert marks(changes_after(tmp_path, rename)) == {
        ("things.v1.models", "Name removed: `Widget`"): True,
        ("things.v1.models", "Name added: `WidgetV2`"): False,
    }


def test_model_attributes_and_enum_members(tmp_path: Path) -> None:
    edits = [
        replace("things/v1/models/_widgets.py", "    sid: str | None = None\n", ""),
        replace(
            "things/v1/models/_widgets.py",
            "    status:",
            "    count: int | None = None\n    status:",
        ),
        replace("things/v1/models/_enums.py", '    OFF = "off"\n', '    PAUSED = "paused"\n'),
    ]

    def edit(files: Files) -> None:
        for one in edits:
            one(files)

    assert marks(changes_after(tmp_path, edit)) == {
        ("things.v1.models.Widget", "Attribute removed: `.sid`"): True,
        ("things.v1.models.Widget", "Attribute added: `.count: int | None`"): False,
        ("things.v1.models.WidgetStatus", "Enum member removed: `WidgetStatus.OFF`"): True,
        (
            "things.v1.models.WidgetStatus",
            "Enum member added: `WidgetStatus.PAUSED` = `paused`",
        ): False,
    }


def test_model_attribute_type_change(tmp_path: Path) -> None:
    edit = replace("things/v1/models/_widgets.py", "sid: str | None", "sid: int | None")
    assert marks(changes_after(tmp_path, edit)) == {
        ("things.v1.models.Widget", "Attribute `.sid` type changed: str | None -> int | None"): True
    }


# --------------------------------------------------------------------------- the real package


@pytest.fixture(scope="module")
def generated_surface() -> Surface:
    return extract(GENERATED)


def test_real_package_call_paths_resolve(generated_surface: Surface) -> None:
    """Every call path of operations.json walks through properties and calls to a class that
    has the final method: the surface is complete enough to name what a change touches."""
    paths = surface.resource_paths(generated_surface)
    by_path = {path: ref for ref, path in paths.items()}
    missing = []
    for op in generated_surface.operations:
        segments = surface.split_call(op["call"])
        prefix = ".".join(name + "(…)" * calls for name, calls in segments[:-1])
        info = generated_surface.cls(by_path.get(prefix))
        if info is None or segments[-1][0] not in info.methods:
            missing.append(op["call"])
    assert len(generated_surface.operations) > 1500
    assert missing == []


def test_real_package_has_no_changes_against_itself(generated_surface: Surface) -> None:
    assert diff_surfaces(generated_surface, generated_surface) == []
    assert (
        len(generated_surface.modules["messaging.v1.models"].exports or ()) > 40
    )  # the exports were read (45 since page envelopes are gone)
