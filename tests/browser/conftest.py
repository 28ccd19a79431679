"""Real-browser fixtures: the app served on a loopback port, Playwright driving Debian's Chromium.

Chromium is installed by `make test` (Debian package); Playwright never downloads a browser here.
Every browser test is marked `browser`, so `make test-fast` can skip them.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from werkzeug.serving import make_server

from decision_aid import create_app

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def live_server() -> Iterator[str]:
    """The app on a free loopback port, in a background thread, for the whole test session."""
    app = create_app({"TESTING": True, "SECRET_KEY": "browser-test-secret-key-0123456789abcdef"})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run `make test` (it installs Debian's chromium) or apt-get install chromium")
    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def _new_page(browser: Any, viewport: dict[str, int], javascript: bool) -> Any:
    context = browser.new_context(viewport=viewport, java_script_enabled=javascript, is_mobile=viewport is PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


@pytest.fixture
def phone_page(browser: Any) -> Iterator[Any]:
    """A phone-sized page with JavaScript on."""
    context, page = _new_page(browser, PHONE, True)
    yield page
    context.close()


@pytest.fixture
def phone_page_no_js(browser: Any) -> Iterator[Any]:
    """A phone-sized page with JavaScript off."""
    context, page = _new_page(browser, PHONE, False)
    yield page
    context.close()


@pytest.fixture
def desktop_page(browser: Any) -> Iterator[Any]:
    context, page = _new_page(browser, DESKTOP, True)
    yield page
    context.close()


def axe_violations(page: Any) -> list[str]:
    """Run axe-core on the current page; return one line per violation (empty when clean)."""
    from axe_playwright_python.sync_playwright import Axe

    if not page.evaluate("() => document.body !== null"):
        return ["page has no body"]
    results = Axe().run(page)
    violations = results.response.get("violations", [])
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes) {[n.get('target') for n in v['nodes'][:3]]}"
            for v in violations]


@pytest.fixture
def axe() -> Any:
    """`axe(page)` asserts the page has 0 axe-core violations."""
    def check(page: Any) -> None:
        found = axe_violations(page)
        assert found == [], f"axe-core violations on {page.url}:\n" + "\n".join(found)
    return check


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
