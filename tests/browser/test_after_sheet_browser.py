"""The knowledge check and the leaning question in a real browser, on a 390 x 844 phone, JavaScript on and
off, axe-core 0 violations (axe needs JavaScript, so "off" is checked with our script blocked, as in
test_sheet_browser.py). The answers go in through a signed session cookie."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLE_ANSWERS

from decision_aid import create_app

LIVE_SECRET = "browser-test-secret-key-0123456789abcdef"  # as in tests/browser/conftest.py
PHONE_390 = {"width": 390, "height": 844}


def _cookie(live_server: str) -> dict[str, Any]:
    app = create_app({"TESTING": True, "SECRET_KEY": LIVE_SECRET})
    answers = copy.deepcopy(SAMPLE_ANSWERS)
    answers["goals"]["importance"]["avoid_needles"] = 4
    value = app.session_interface.get_signing_serializer(app).dumps({"answers": answers})  # type: ignore[attr-defined]
    return {"name": app.config["SESSION_COOKIE_NAME"], "value": value, "url": live_server}


@pytest.fixture
def page(browser: Any, live_server: str, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A 390 x 844 phone; `javascript` param: True (on), False (off), "blocked" (our script blocked)."""
    mode = getattr(request, "param", True)
    context = browser.new_context(viewport=PHONE_390, is_mobile=True, java_script_enabled=mode is not False)
    context.add_cookies([_cookie(live_server)])
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    if mode == "blocked":
        tab.route("**/static/js/init.mjs?v=*", lambda route: route.abort())
    yield tab
    context.close()


def _no_sideways_scroll(page: Any) -> None:
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE_390["width"]


@pytest.mark.parametrize("page", [True, "blocked"], indirect=True, ids=["js", "js-blocked"])
def test_knowledge_check_on_a_phone(page: Any, live_server: str, axe: Any, artifacts: Path, request: Any) -> None:
    mode = request.node.callspec.id
    page.goto(live_server + "/sheet")
    with page.expect_navigation():
        page.locator("#knowledge-link").click()
    assert page.url.endswith("/sheet/check-what-you-read")
    assert page.locator("h1").inner_text() == "Check what you have read"
    _no_sideways_scroll(page)
    axe(page)
    page.screenshot(path=str(artifacts / f"knowledge-390-{mode}.png"), full_page=True)
    page.get_by_label("44 in 100 on golimumab after 24 weeks", exact=False).check()
    page.locator("#nsaids_first").check()  # the first choice of question 2
    page.locator("#stem_cells").check()    # "Yes, in the UK and the US": not the answer
    with page.expect_navigation():
        page.get_by_role("button", name="See the answers").click()
    assert page.url.endswith("/sheet/check-what-you-read/answers")
    assert page.get_by_text("2 of your 3 answers match the information on the sheet").count() == 1
    assert page.get_by_text("The answer is:").count() == 5
    _no_sideways_scroll(page)
    axe(page)
    page.screenshot(path=str(artifacts / f"knowledge-answers-390-{mode}.png"), full_page=True)
    with page.expect_navigation():
        page.locator("#back-to-sheet").click()
    assert page.url.endswith("/sheet#after-sheet")
    assert page.get_by_text("understood 2 of 5", exact=False).count() == 1


@pytest.mark.parametrize("page", [False], indirect=True, ids=["no-js"])
def test_knowledge_check_without_javascript(page: Any, live_server: str) -> None:
    page.goto(live_server + "/sheet/check-what-you-read")
    assert not page.evaluate("() => document.body.classList.contains('js-enabled')")
    page.locator("#time_to_judge-2").check()
    with page.expect_navigation():
        page.get_by_role("button", name="See the answers").click()
    assert page.get_by_text("1 of your 1 answers match", exact=False).count() == 1


@pytest.mark.parametrize("page", [True, "blocked"], indirect=True, ids=["js", "js-blocked"])
def test_leaning_on_a_phone(page: Any, live_server: str, axe: Any, artifacts: Path, request: Any) -> None:
    mode = request.node.callspec.id
    page.goto(live_server + "/sheet")
    with page.expect_navigation():
        page.locator("#leaning-link").click()
    assert page.locator("h1").inner_text() == "Which options are you leaning towards, if any?"
    _no_sideways_scroll(page)
    axe(page)
    page.get_by_label("TNF inhibitors").check()
    not_sure = page.get_by_label("Not sure yet")
    if mode == "js":  # GOV.UK's exclusive checkbox: ticking "Not sure yet" unticks the options, and back
        not_sure.check()
        assert not page.get_by_label("TNF inhibitors").is_checked()
        page.get_by_label("TNF inhibitors").check()
        assert not not_sure.is_checked()
    page.get_by_label("Fairly sure").check()
    page.screenshot(path=str(artifacts / f"leaning-390-{mode}.png"), full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name="Save and go back to my sheet").click()
    assert page.url.endswith("/sheet#after-sheet")
    section = page.locator("#after-sheet")
    assert "Leaning towards: TNF inhibitors. How sure: fairly sure." in section.inner_text()
    assert "Worth talking over" in section.inner_text()
    _no_sideways_scroll(page)
    section.screenshot(path=str(artifacts / f"after-sheet-390-{mode}.png"))


@pytest.mark.parametrize("page", [False], indirect=True, ids=["no-js"])
def test_leaning_without_javascript_checks_not_sure_yet_on_the_server(page: Any, live_server: str) -> None:
    page.goto(live_server + "/sheet/leaning")
    page.get_by_label("JAK inhibitors").check()
    page.get_by_label("Not sure yet").check()  # nothing unticks it without JavaScript
    with page.expect_navigation():
        page.get_by_role("button", name="Save and go back to my sheet").click()
    assert page.get_by_text("There is a problem").count() == 1
    summary_link = page.locator(".govuk-error-summary a").first
    assert "not both" in summary_link.inner_text()
    page.get_by_label("JAK inhibitors").uncheck()
    with page.expect_navigation():
        page.get_by_role("button", name="Save and go back to my sheet").click()
    assert page.url.endswith("/sheet#after-sheet")
    assert "Leaning towards: not sure yet." in page.locator("#after-sheet").inner_text()
