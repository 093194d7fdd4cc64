"""The browsable reference (`python -m generator.reference`): every operation of
`operations.json` is documented once, under the call path users write, with what a reader needs
(parameters, HTTP request, return model, variants, enum values, links between them)."""

from __future__ import annotations

import importlib
import importlib.util
import json
import re
from pathlib import Path

import pytest

from generator import reference

ROOT = Path(__file__).resolve().parents[2]
OPERATIONS = ROOT / "generated" / "twilio_sdk_generated" / "operations.json"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("reference")
    reference.build_markdown(out, ROOT / "spec", ROOT / "README.md", jobs=2)
    return out


def _page(built: Path, domain: str, version: str) -> str:
    return (built / "docs" / "reference" / domain / f"{version}.md").read_text(encoding="utf-8")


def _method_section(page: str, anchor: str) -> str:
    start = page.index(f"{{: #{anchor} ")
    end = page.find("\n### ", start)
    end = min(e for e in (end, page.find("\n## ", start)) if e != -1)
    return page[start:end]


def test_every_operation_is_listed_once(built: Path) -> None:
    table = json.loads(OPERATIONS.read_text(encoding="utf-8"))
    expected = [
        (
            "client." + re.sub(r"\([^)]+\)", "(...)", op["call"]),
            op["method"],
            op["path"],
            op["operation_id"],
        )
        for op in table
    ]
    listed = list(reference.iter_operations(built / "docs"))
    assert len(table) == 1695
    assert len(listed) == len(set(listed)) == 1695
    assert sorted(listed) == sorted(expected)


def test_one_page_per_product_version_in_the_navigation(built: Path) -> None:
    table = json.loads(OPERATIONS.read_text(encoding="utf-8"))
    versions = {tuple(op["call"].split(".")[:2]) for op in table}
    pages = {(p.parent.name, p.stem) for p in (built / "docs" / "reference").glob("*/*.md")}
    assert pages == versions
    config = json.loads((built / "mkdocs.yml").read_text(encoding="utf-8"))
    assert Path(config["INHERIT"]) == ROOT / "docs" / "mkdocs.yml"
    nav = json.dumps(config["nav"])
    for domain, version in versions:
        assert f'"{version}": "reference/{domain}/{version}.md"' in nav
    for name, title, _ in reference.GUIDES:
        assert f'"{title}": "guides/{name}.md"' in nav


def test_a_method_shows_call_parameters_request_return_and_variants(built: Path) -> None:
    page = _page(built, "verify", "v2")
    section = _method_section(page, "op-createverification")
    assert section.startswith('{: #op-createverification data-toc-label="create" }')
    assert (
        "client.verify.v2.services(service_sid).verifications.create(\n    to,\n    channel,\n"
        in (section)
    )
    assert "`POST /v2/Services/{ServiceSid}/Verifications` · operation `CreateVerification`" in (
        section
    )
    assert re.search(
        r"\| `to` \| `str \| int` \| \*\*required\*\* \| The phone number or ", section
    )
    assert re.search(
        r"\| `channel` \| `str \| int` \| \*\*required\*\* \| The verification ", section
    )
    assert re.search(r"\| `locale` \| `str \| int` \| optional \| Locale will ", section)
    # an enum parameter: its type, a link to the enum, its values
    risk = next(line for line in section.splitlines() if line.startswith("| `risk_check`"))
    assert "[`VerificationEnumRiskCheck`](#enum-verificationenumriskcheck)" in risk
    assert "One of: `enable`, `disable`." in risk
    assert "**Returns**: [`VerifyV2ServiceVerification`](#model-verifyv2serviceverification)" in (
        section
    )
    assert (
        "Also: `create_async`, `create_with_http_info`, `create_with_http_info_async`; "
        "on `AsyncClient`: `await …create(…)`, `await …create_with_http_info(…)`."
    ) in section


def test_a_list_method_shows_paging_and_the_variants_of_list_stream_page(built: Path) -> None:
    page = _page(built, "api", "v2010")
    section = _method_section(page, "op-listmessage")
    assert "client.api.v2010.accounts(account_sid).messages.list(" in section
    assert "    limit=None,\n    page_size=None,\n) -> list[ApiV2010AccountMessage]" in section
    assert "| `date_sent_after` | `datetime | date | str` | optional |" in section
    assert "**Each record**: [`ApiV2010AccountMessage`](#model-apiv2010accountmessage)" in section
    for name in ("list", "stream", "page"):
        for variant in reference.variants(name):
            assert f"`{variant}`" in section
    assert "`get_page_async`" in section
    assert "`async for … in …stream(…)`" in section


def test_models_link_back_to_the_methods_returning_them(built: Path) -> None:
    page = _page(built, "verify", "v2")
    model = _method_section(page, "model-verifyv2serviceverification")
    assert "`from twilio_sdk_generated.verify.v2.models import VerifyV2ServiceVerification`" in (
        model
    )
    returned_by = next(line for line in model.splitlines() if line.startswith("Returned by:"))
    for anchor in ("op-createverification", "op-fetchverification", "op-updateverification"):
        assert f"(#{anchor})" in returned_by
        assert f"{{: #{anchor} " in page  # the link's target exists
    assert "| `status` | `str` |" in model
    assert "| `date_created` | `datetime` |" in model


def test_enums_list_their_values(built: Path) -> None:
    page = _page(built, "api", "v2010")
    enum = _method_section(page, "enum-messageenumstatus")
    values = enum.split("Values (unknown ones are kept as strings): ", 1)[1].split("\n")[0]
    for status in ("`queued`", "`sent`", "`delivered`", "`undelivered`", "`failed`"):
        assert status in values


def test_every_internal_link_has_a_target(built: Path) -> None:
    for path in (built / "docs" / "reference").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        targets = set(re.findall(r"\{: #([^ }]+)", text))
        links = set(re.findall(r"\]\(#([^)]+)\)", text))
        assert links <= targets, (path.name, sorted(links - targets)[:5])


def test_documented_models_and_enums_import_from_the_named_module(built: Path) -> None:
    imports = re.compile(r"^`from (twilio_sdk_generated\.[\w.]+) import (\w+)`$", re.MULTILINE)
    checked = 0
    for path in sorted((built / "docs" / "reference").rglob("*.md")):
        for module_name, name in imports.findall(path.read_text(encoding="utf-8")):
            module = importlib.import_module(module_name)
            assert hasattr(module, name), f"{path.name}: {module_name} has no {name}"
            checked += 1
    assert checked > 1000


def test_guides_come_from_the_readme_with_working_links(built: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    docs = built / "docs"
    testing = (docs / "guides" / "testing.md").read_text(encoding="utf-8")
    assert testing.startswith("# Testing with the fake\n")
    assert "fake = FakeTwilio()" in testing and "fake = FakeTwilio()" in readme
    migrating = (docs / "guides" / "migrating.md").read_text(encoding="utf-8")
    assert "[Errors](errors.md)" in migrating  # README's `(#errors)`
    for path in [docs / "index.md", *(docs / "guides").glob("*.md")]:
        text = path.read_text(encoding="utf-8")
        for target in re.findall(r"(?<!!)\[[^\]]+\]\(([^)\s]+)\)", text):
            if re.match(r"[a-z]+://", target):
                continue
            assert (path.parent / target.split("#")[0]).is_file(), (path.name, target)


def test_a_missing_readme_section_fails_the_build(tmp_path: Path) -> None:
    readme = "# x\n\nintro\n\n## Try it\n\ntext\n\n## Quickstart\n\nq\n"
    with pytest.raises(reference.ReferenceError, match="## Testing your code"):
        reference.write_guides(readme, tmp_path)


def test_variants_are_the_official_names() -> None:
    assert reference.variants("create") == [
        "create_async",
        "create_with_http_info",
        "create_with_http_info_async",
    ]
    assert reference.async_client_variants("fetch") == ["fetch", "fetch_with_http_info"]


def _documented_methods(built: Path) -> list[tuple[str, str]]:
    """(call path as users write it, method) of every documented operation: the method from
    its heading, the call path from the first line of its signature."""
    found = []
    pattern = re.compile(
        r"^### `client\.[^`]+\.(\w+)` \{: #op-[^}]+\}\n(?:.*\n)*?```python\n(.*)\n",
        re.MULTILINE,
    )
    for path in sorted((built / "docs" / "reference").rglob("*.md")):
        for method, line in pattern.findall(path.read_text(encoding="utf-8")):
            found.append((line[: line.rindex(f".{method}(")], method))
    return found


def _resolve(client: object, call: str) -> object:
    """Walk `client.a.b(x, y).c` on a real client (no request is made)."""
    target = client
    for name, args in re.findall(r"\.(\w+)|(\([^)]*\))", call.removeprefix("client")):
        if name:
            target = getattr(target, name)
        else:
            count = len([a for a in args.strip("()").split(",") if a.strip()])
            target = target(*[f"X{i}" for i in range(count)])
    return target


def test_documented_call_paths_and_methods_exist_on_the_client(built: Path) -> None:
    from twilio_sdk.testing import FakeTwilio

    client = FakeTwilio().client()
    methods = _documented_methods(built)
    assert len(methods) == 1695
    missing = [
        f"{call}.{name}"
        for call, name in methods
        if not callable(getattr(_resolve(client, call), name, None))
    ]
    assert missing == []


@pytest.mark.xfail(
    importlib.util.find_spec("twilio_sdk._variants") is None,
    strict=True,
    reason="this SDK predates the official-compatible variants (twilio_sdk/_variants.py)",
)
def test_documented_variants_exist_on_the_client(built: Path) -> None:
    from twilio_sdk.testing import FakeTwilio

    client = FakeTwilio().client()
    missing = []
    for call, name in _documented_methods(built):
        resource = _resolve(client, call)
        names = ["list", "stream", "page"] if name == "list" else [name]
        for variant in [v for n in names for v in reference.variants(n)]:
            if not callable(getattr(resource, variant, None)):
                missing.append(f"{call}.{variant}")
    assert missing == [], f"{len(missing)} missing, e.g. {missing[:5]}"


def test_a_table_cell_escapes_pipes_outside_code_spans_only() -> None:
    # The tables extension keeps a backslash inside a code span as it is, and never splits a
    # cell there; outside code, a bare pipe would start a new cell.
    assert reference._cell("a | b `x | y` c\\d ``a`b | c``") == (
        "a \\| b `x | y` c\\\\d ``a`b | c``"
    )
