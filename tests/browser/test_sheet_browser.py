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
    # the page itself does not scroll sideways; on a phone the grid is one card per option instead
    assert phone_page.evaluate("() => document.documentElement.scrollWidth") <= 376
    assert not phone_page.locator(".app-grid-scroll").is_visible()
    assert phone_page.locator(".app-card").count() == 9 and phone_page.locator(".app-card").first.is_visible()
    assert phone_page.get_by_text(OWN_QUESTION).count() == 1  # shown as typed, not as markup
    own = phone_page.locator("#your-questions").bounding_box()
    assert own is not None and own["y"] < 740  # their questions are at the top, on the first screen
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
    with page.expect_navigation():
        page.get_by_role("button", name="See my SURE score").click()
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
    with page.expect_navigation():
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
    # the grid scrolls sideways inside its focusable region, the questions fixed on the left
    region = desktop_page.locator(".app-grid-scroll").first
    assert region.get_attribute("tabindex") == "0" and region.get_attribute("role") == "region"
    assert desktop_page.evaluate(
        "() => { const r = document.querySelector('.app-grid-scroll'); return r.scrollWidth > r.clientWidth; }")
    assert desktop_page.evaluate(
        "() => getComputedStyle(document.querySelector('.app-grid__question')).position") == "sticky"
    assert not desktop_page.locator(".app-cards").is_visible()
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


# --- issue 13: the sheet on a phone -----------------------------------------------------------------

PHONE_390 = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SCREEN = 844
# the personas whose sheets are longest (most notes: pregnancy plans, medicines to stop, US notes)
LONGEST = ("woman on leflunomide planning a pregnancy", "woman planning a pregnancy",
           "pregnant, in the US, well on certolizumab", "pregnant, adalimumab never worked, active")
FIVE_QUESTIONS = [  # the most the questions page takes, each a full line or two on a phone
    "How long before I know if a new medicine works, and what happens if it does not?",
    "Which of these medicines can I take while trying for a baby, and for how long before?",
    "Will I need blood tests, and how often, for each of the medicines on this sheet?",
    "Can I keep swimming and going to the gym while I am on one of the injected medicines?",
    "What happens to my treatment if I move to another part of the country next year?",
]


def _persona_cookie(live_server: str, name: str, questions: list[str]) -> dict[str, Any]:
    from personas import PERSONAS

    app = create_app({"TESTING": True, "SECRET_KEY": LIVE_SECRET})
    answers = next(p for p in PERSONAS if p.name == name).answers
    answers["goals"]["own_questions"] = questions
    value = app.session_interface.get_signing_serializer(app).dumps({"answers": answers})  # type: ignore[attr-defined]
    return {"name": app.config["SESSION_COOKIE_NAME"], "value": value, "url": live_server}


def _context(browser: Any, viewport: dict[str, int], *, javascript: bool = True) -> Any:
    return browser.new_context(viewport=viewport, java_script_enabled=javascript, is_mobile=viewport["width"] < 641)


def _full_height(page: Any) -> int:
    """The page's height once every part has been laid out: off screen an option is laid out only
    when it comes near the view (content-visibility), so scroll through the page first."""
    height, seen = page.evaluate("() => document.documentElement.scrollHeight"), 0
    while seen != height:
        seen = height
        for y in range(0, height + 1, 400):
            page.evaluate(f"() => window.scrollTo(0, {y})")
            page.evaluate("() => document.documentElement.getBoundingClientRect()")  # a layout
        height = page.evaluate("() => document.documentElement.scrollHeight")
    page.evaluate("() => window.scrollTo(0, 0)")
    return int(height)


def _open_every_fold(page: Any) -> None:
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")


def test_the_folded_sheet_is_about_15_phone_screens(live_server: str, browser: Any) -> None:
    """At 390 × 844 with JavaScript off (everything folded, as it arrives), the longest sheets are at
    most 15 screens with two questions of their own, and at most 16 with five long ones (the most
    the questions page takes); unfolded, the same page is several times longer (the content is in
    the page, not behind JavaScript)."""
    context = _context(browser, PHONE_390, javascript=False)
    try:
        page = context.new_page()
        for questions, limit in ((FIVE_QUESTIONS[:2], 15), (FIVE_QUESTIONS, 16)):
            for name in LONGEST:
                context.clear_cookies()
                context.add_cookies([_persona_cookie(live_server, name, questions)])
                page.goto(live_server + "/sheet")
                assert page.locator("details[open]").count() == 0
                height = _full_height(page)
                print(f"/sheet at 390 x 844, folded, {len(questions)} own questions, {name}: "
                      f"{height} px = {height / SCREEN:.1f} screens")
                assert height <= limit * SCREEN, (name, height)
        # JavaScript is off here: unfold by clicking each summary, as a person would
        summaries = page.locator("details > summary")
        for i in range(summaries.count()):
            summaries.nth(i).click()
        unfolded = _full_height(page)
        print(f"the same page with every part unfolded (no JavaScript): {unfolded} px = {unfolded / SCREEN:.1f} screens")
        assert unfolded > 3 * height
    finally:
        context.close()


def test_grid_is_cards_on_a_phone_and_a_table_on_a_desktop_never_both(live_server: str, browser: Any,
                                                                      cookie: dict[str, Any]) -> None:
    """Below 641 px the cards, from 641 px the table, each with the options worth discussing now
    first; whichever is not shown is not in the accessibility tree either, so a screen reader meets
    each grid answer once (checked with every fold open)."""
    for viewport in (PHONE_390, {"width": 640, "height": 900}, {"width": 641, "height": 900}, DESKTOP):
        context = _context(browser, viewport)
        try:
            page = context.new_page()
            _open_sheet(page, live_server, cookie)
            phone = viewport["width"] < 641
            assert page.locator(".app-cards").is_visible() is phone
            assert page.locator(".app-grid-scroll").is_visible() is not phone
            _open_every_fold(page)
            tree = page.locator("main").aria_snapshot()
            cell = page.locator(".app-card__answer").nth(1).inner_text().split(" [")[0][:60]
            # (a table cell's line in the snapshot names its own text once more: not counted)
            read = [line for line in tree.splitlines() if cell in line and not line.strip().startswith('- cell "')]
            assert len(read) == 1, (viewport, cell, read)
            assert ("All 9 options side by side" in tree) is not phone  # the table only where it shows
        finally:
            context.close()


def test_highlighted_options_come_first_and_in_view(live_server: str, browser: Any) -> None:
    cookie = _persona_cookie(live_server, "NSAIDs not enough, very active disease (ready for a biologic)", [])
    for viewport in (PHONE_390, DESKTOP):
        context = _context(browser, viewport)
        try:
            page = context.new_page()
            page.context.add_cookies([cookie])
            page.goto(live_server + "/sheet")
            highlighted = page.locator(".app-option__title .app-tag--highlight").count()
            assert highlighted >= 2
            if viewport is DESKTOP:
                page.locator("#grid-heading").scroll_into_view_if_needed()
                headers = page.locator(".app-grid__option")
                for i in range(headers.count()):
                    box = headers.nth(i).bounding_box()
                    shown = box is not None and box["x"] + box["width"] <= viewport["width"]
                    has_tag = headers.nth(i).locator(".app-tag--highlight").count() == 1
                    assert has_tag is (i < highlighted)
                    if has_tag:
                        assert shown, i  # in view without scrolling sideways
            else:
                cards = page.locator(".app-card")
                for i in range(cards.count()):
                    assert (cards.nth(i).locator(".app-tag--highlight").count() == 1) is (i < highlighted)
        finally:
            context.close()


def test_back_to_contents_after_each_option(live_server: str, phone_page_no_js: Any, cookie: dict[str, Any]) -> None:
    page = phone_page_no_js
    _open_sheet(page, live_server, cookie)
    backs = page.get_by_role("link", name="Back to contents")
    assert backs.count() == 9
    backs.nth(5).click()
    assert page.url.endswith("/sheet#contents")
    box = page.locator("#contents > summary").bounding_box()
    assert box is not None and 0 <= box["y"] < 740
    page.locator("#contents > summary").click()
    assert page.locator("#contents").get_by_role("link", name="JAK inhibitors").is_visible()


def test_each_icon_array_comes_after_its_words(live_server: str, phone_page: Any, cookie: dict[str, Any]) -> None:
    _open_sheet(phone_page, live_server, cookie)
    _open_every_fold(phone_page)
    figures = phone_page.locator(".app-icon-array:has(img)")  # harms known only as a difference have no picture
    assert figures.count() > 3
    for i in range(figures.count()):
        words = figures.nth(i).locator("figcaption").bounding_box()
        image = figures.nth(i).locator("img").bounding_box()
        assert words and image and image["y"] >= words["y"] + words["height"] - 1


def test_sure_errors_are_in_view_without_javascript(live_server: str, browser: Any, cookie: dict[str, Any],
                                                     artifacts: Path) -> None:
    for viewport in (PHONE_390, DESKTOP):
        context = _context(browser, viewport, javascript=False)
        try:
            page = context.new_page()
            _open_sheet(page, live_server, cookie)
            page.locator("#sure-sure").check()
            with page.expect_navigation():
                page.get_by_role("button", name="See my SURE score").click()
            assert page.url.endswith("/sheet/sure#sure")
            summary = page.locator(".govuk-error-summary")
            assert summary.get_by_text("Select yes or no for whether you know the benefits and risks").is_visible()
            box = summary.bounding_box()
            assert box is not None
            assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], box  # no scrolling needed
            if viewport is PHONE_390:
                page.screenshot(path=str(artifacts / "sheet-phone-sure-error.png"), full_page=False)
            assert page.locator("#sure-sure").is_checked()  # what they did answer is kept
        finally:
            context.close()


def test_citation_links_are_at_least_24_px_and_open_the_sources(live_server: str, browser: Any,
                                                                 cookie: dict[str, Any]) -> None:
    for viewport in (PHONE_390, DESKTOP):
        context = _context(browser, viewport)
        try:
            page = context.new_page()
            _open_sheet(page, live_server, cookie)
            _open_every_fold(page)
            sizes = page.evaluate("""() => [...document.querySelectorAll('a.app-cite__link')]
                .filter(a => a.getClientRects().length)
                .map(a => { const r = a.getBoundingClientRect(); return [r.width, r.height]; })""")
            assert len(sizes) > 100
            small = [s for s in sizes if s[0] < 24 or s[1] < 24]
            print(f"{viewport['width']} px: {len(sizes)} citation links, smallest "
                  f"{min(w for w, _ in sizes):.0f} x {min(h for _, h in sizes):.0f} px")
            assert small == []
        finally:
            context.close()
    # with the sources folded (as the page arrives), a citation link opens them at its source
    context = _context(browser, PHONE_390)
    try:
        page = context.new_page()
        _open_sheet(page, live_server, cookie)
        assert page.locator(".app-sources-fold[open]").count() == 0
        link = page.locator(".app-option .app-cite__link").first
        target = link.get_attribute("href") or ""
        assert target.startswith("#source-")
        link.click()
        source = page.locator(target)
        assert source.is_visible()
        box = source.bounding_box()
        assert box is not None and 0 <= box["y"] < PHONE_390["height"]
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("viewport", [PHONE_390, DESKTOP], ids=["390x844", "1280x900"])
def test_axe_folded_and_unfolded(live_server: str, browser: Any, cookie: dict[str, Any], axe: Any,
                                 viewport: dict[str, int], javascript: bool) -> None:
    """axe-core needs JavaScript, so "without" means our script blocked (the page a person without
    JavaScript gets); run on the page as it arrives and again with every part unfolded."""
    context = _context(browser, viewport)
    try:
        page = context.new_page()
        if not javascript:
            page.route("**/static/js/init.mjs?v=*", lambda route: route.abort())
        _open_sheet(page, live_server, cookie)
        assert page.evaluate("() => document.body.classList.contains('js-enabled')") is javascript
        axe(page)
        _open_every_fold(page)
        axe(page)
    finally:
        context.close()
