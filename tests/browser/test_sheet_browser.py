"""/sheet in a real browser: phone and desktop, JavaScript on and off, axe-core, the SURE form, the PDF.

The answers go in through a session cookie signed with the live server's key (the same one
tests/browser/conftest.py gives its app), so these tests do not depend on the journey pages.
"""

from __future__ import annotations

import copy
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLE_ANSWERS

from decision_aid import create_app

LIVE_SECRET = "browser-test-secret-key-0123456789abcdef"  # as in tests/browser/conftest.py
OWN_QUESTION = 'Is a dose < 50 mg & "low" for me?'


def _cookie(live_server: str) -> dict[str, Any]:
    app = create_app({"TESTING": True, "SECRET_KEY": LIVE_SECRET})
    answers = copy.deepcopy(SAMPLE_ANSWERS)
    answers["goals"]["own_questions"] = [OWN_QUESTION, "How long before I know if a new medicine works?"]
    serializer = app.session_interface.get_signing_serializer(app)  # type: ignore[attr-defined]
    value = serializer.dumps({"answers": answers})
    return {"name": app.config["SESSION_COOKIE_NAME"], "value": value, "url": live_server}


@pytest.fixture(scope="module")
def cookie(live_server: str) -> dict[str, Any]:
    return _cookie(live_server)


def _open_sheet(page: Any, live_server: str, cookie: dict[str, Any]) -> list[str]:
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith((live_server, "data:")) else None)
    page.context.add_cookies([cookie])
    page.goto(live_server + "/sheet")
    assert page.locator("h1").count() == 1
    assert page.locator(".app-option").count() == 9
    return outside


def test_sheet_on_a_phone_with_javascript(live_server: str, phone_page: Any, cookie: dict[str, Any], axe: Any) -> None:
    outside = _open_sheet(phone_page, live_server, cookie)
    # the page itself does not scroll sideways; the grid does, inside its focusable region
    assert phone_page.evaluate("() => document.documentElement.scrollWidth") <= 376
    region = phone_page.locator(".app-grid-scroll").first
    assert region.get_attribute("tabindex") == "0" and region.get_attribute("role") == "region"
    assert phone_page.evaluate(
        "() => { const r = document.querySelector('.app-grid-scroll'); return r.scrollWidth > r.clientWidth; }")
    assert phone_page.evaluate(
        "() => getComputedStyle(document.querySelector('.app-grid__question')).position") == "sticky"
    assert phone_page.get_by_text(OWN_QUESTION).count() == 1  # shown as typed, not as markup
    img = phone_page.locator(".app-icon-array__image").first
    assert img.evaluate("el => el.complete && el.naturalWidth > 0")
    assert "Picture of 100 people" in (img.get_attribute("alt") or "")
    assert outside == []
    axe(phone_page)


def test_sheet_on_a_phone_without_javascript_and_the_sure_form(
        live_server: str, phone_page_no_js: Any, cookie: dict[str, Any]) -> None:
    page = phone_page_no_js
    _open_sheet(page, live_server, cookie)
    assert not page.evaluate("() => document.body.classList.contains('js-enabled')")
    page.locator("#sure-sure-no").check()
    for key in ("understand", "risks", "encouragement"):
        page.locator(f"#sure-{key}").check()
    page.get_by_role("button", name="See my SURE score").click()
    page.wait_for_load_state()
    assert page.url.endswith("/sheet#sure")
    assert page.get_by_text("Your SURE score: 3 out of 4").count() == 1
    assert page.get_by_text("Talk it through with your rheumatologist or nurse", exact=False).count() == 1


def test_contents_list_jumps_to_an_option_on_a_phone_without_javascript(
        live_server: str, phone_page_no_js: Any, cookie: dict[str, Any], artifacts: Path) -> None:
    """The folded contents list opens and its links jump, with JavaScript off (a long page on a phone)."""
    page = phone_page_no_js
    _open_sheet(page, live_server, cookie)
    contents = page.locator("details.app-contents")
    assert contents.get_attribute("open") is None  # folded: the decision stays near the top
    page.get_by_text("Contents: jump to a part of this sheet").click()
    link = contents.get_by_role("link", name="JAK inhibitors")
    assert link.is_visible()
    page.screenshot(path=str(artifacts / "sheet-phone-contents.png"), full_page=False)
    link.click()
    assert page.url.endswith("/sheet#option-jak_inhibitors")
    heading = page.locator("#option-jak_inhibitors-heading")
    box = heading.bounding_box()
    assert box is not None and 0 <= box["y"] < 740  # the option's heading is on screen


def test_sheet_without_javascript_is_accessible(live_server: str, browser: Any, cookie: dict[str, Any],
                                                   axe: Any) -> None:
    """axe-core itself needs JavaScript (with it off it never finishes), so the page is loaded with
    our script blocked: the same page a person without JavaScript gets (no js-enabled class)."""
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.route("**/static/js/init.mjs?v=*", lambda route: route.abort())
        _open_sheet(page, live_server, cookie)
        assert not page.evaluate("() => document.body.classList.contains('js-enabled')")
        axe(page)
    finally:
        context.close()


def test_sheet_on_a_desktop(live_server: str, desktop_page: Any, cookie: dict[str, Any], axe: Any,
                            artifacts: Path) -> None:
    fonts: list[str] = []
    desktop_page.on("request", lambda r: fonts.append(r.url) if "/static/fonts/" in r.url else None)
    _open_sheet(desktop_page, live_server, cookie)
    summary = desktop_page.locator(".app-summary__columns")
    assert summary.evaluate("el => getComputedStyle(el).display") == "flex"
    # the bundled font is in use, from the WOFF2 files (the TTFs are for the PDF)
    assert desktop_page.evaluate("""async () => { await document.fonts.ready;
        return document.fonts.check('16px "Atkinson Hyperlegible"') && document.fonts.check('bold 16px "Atkinson Hyperlegible"')
            && [...document.fonts].filter(f => f.family.includes('Atkinson') && f.status === 'loaded').length === 2; }""")
    assert sorted(url.rsplit("/", 1)[1] for url in fonts) == [
        "AtkinsonHyperlegible_400Regular.woff2", "AtkinsonHyperlegible_700Bold.woff2"]
    desktop_page.screenshot(path=str(artifacts / "sheet-desktop.png"), full_page=False)
    axe(desktop_page)


def test_pdf_first_page_as_a_picture(live_server: str, desktop_page: Any, cookie: dict[str, Any],
                                     artifacts: Path) -> None:
    desktop_page.context.add_cookies([cookie])
    response = desktop_page.request.get(live_server + "/sheet.pdf")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    pdf = artifacts / "sheet.pdf"
    pdf.write_bytes(response.body())
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(artifacts / "sheet-pdf-page1")], check=True, timeout=60)
    png = artifacts / "sheet-pdf-page1.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size > 20_000  # a page with text, not a blank
