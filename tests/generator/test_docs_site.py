"""The reference site as a person uses it: built with MkDocs, served from 127.0.0.1, opened in
headless Chromium (Debian's `chromium`, driven by Playwright).

Run by `nox -s docs` (`pytest -m browser`), which builds the site first and passes it in
TWILIO_SDK_DOCS_SITE; without it the test builds the site itself. Screenshots are written to
TWILIO_SDK_DOCS_SCREENSHOTS (nox: build/docs/screenshots) or the test's tmp_path, and printed.
Without Chromium the tests skip, saying so; under CI (`CI` set) that is a failure instead.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CREATE_VERIFICATION = "client.verify.v2.services(...).verifications.create"


def _unavailable(reason: str) -> None:
    """Skip, or fail under CI, where the browser and the docs extra are installed."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI installs it: .ci/run)")
    pytest.skip(reason)


def _chromium() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).is_file():
        _unavailable("Chromium is not installed: apt-get install -y chromium chromium-driver")
    return path


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get("TWILIO_SDK_DOCS_SITE")
    if given:
        return Path(given)
    try:
        import material  # noqa: F401
        import mkdocs  # noqa: F401
    except ImportError:
        _unavailable("the docs extra is not installed: pip install -e .[dev,docs]")
    out = tmp_path_factory.mktemp("docs")
    from generator import reference

    reference.build_markdown(out, ROOT / "spec", ROOT / "README.md", jobs=2)
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(out / "mkdocs.yml")],
        check=True,
    )
    return out / "site"


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def screenshots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("TWILIO_SDK_DOCS_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = _chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed: pip install -e .[docs]")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    """A page that records every request; the site must need nothing but its own server."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.foreign = []  # type: ignore[attr-defined]
    tab.on(
        "request",
        lambda request: (
            None
            if request.url.startswith((server, "data:", "blob:"))
            else tab.foreign.append(request.url)
        ),
    )
    yield tab
    context.close()


def _text(locator: Any) -> str:
    """A heading's text without its permalink sign."""
    return str(locator.inner_text()).replace("¶", "").strip()


ASSET = re.compile(
    r"<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)=\"(https?:)?//[^\"]*\"", re.I
)


def test_no_asset_is_loaded_from_the_network(site: Path) -> None:
    """No CDN fonts, scripts or stylesheets: every page's assets are the site's own."""
    pages = list(site.rglob("*.html"))
    assert len(pages) > 70
    for html in pages:
        found = ASSET.findall(html.read_text(encoding="utf-8"))
        text = html.read_text(encoding="utf-8")
        assert not found, (html, ASSET.search(text))
    for css in site.rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", css.read_text(encoding="utf-8"))
        assert "@import" not in css.read_text(encoding="utf-8")


def test_a_product_page_renders(page: Any, server: str, screenshots: Path) -> None:
    page.goto(server + "reference/verify/v2.html#op-createverification")
    assert _text(page.locator("article h1")) == "verify.v2"
    method = page.locator("#op-createverification")
    method.wait_for(state="visible")
    assert _text(method) == CREATE_VERIFICATION
    # The parameter table under it: `to` and `channel` required.
    table = method.locator("xpath=following::table[1]")
    rows = table.locator("tbody tr")
    assert rows.nth(0).inner_text().split("\t")[:3] == ["to", "str | int", "required"]
    assert rows.nth(1).inner_text().split("\t")[:3] == ["channel", "str | int", "required"]
    # Navigation by product: the left sidebar lists the products, this one active.
    nav = page.locator("nav.md-nav--primary")
    assert nav.get_by_text("conversations", exact=True).count() >= 1
    assert page.locator("nav.md-nav--primary a.md-nav__link--active").first.inner_text()
    # Rendered by the theme's own stylesheet (no unstyled page): the header bar is coloured.
    colour = page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    shot = screenshots / "product-page-verify-v2.png"
    page.screenshot(path=str(shot))
    print(f"screenshot: {shot}")
    assert page.foreign == []


def test_search_finds_the_call_path(page: Any, server: str, screenshots: Path) -> None:
    page.goto(server + "index.html")
    box = page.locator("input.md-search__input")  # in the header at desktop width
    box.click()
    box.press_sequentially("verifications")
    links = page.locator(".md-search-result__item a")
    hit = links.filter(has_text=CREATE_VERIFICATION).first
    hit.wait_for(state="visible", timeout=120_000)
    assert _text(hit.locator(".md-search-result__title, h1, h2").first) == CREATE_VERIFICATION
    assert str(hit.get_attribute("href")).endswith("v2.html?h=verifications#op-createverification")
    meta = page.locator(".md-search-result__meta").inner_text()
    assert re.search(r"\d+ matching documents?", meta), meta
    shot = screenshots / "search-verifications.png"
    page.screenshot(path=str(shot))
    print(f"screenshot: {shot}")
    # The hit leads to the method on the product page.
    hit.click()
    page.wait_for_url(re.compile(r"reference/verify/v2\.html(\?[^#]*)?#op-createverification$"))
    assert _text(page.locator("article h1")) == "verify.v2"
    assert page.foreign == []
