"""Issue 13 in a real browser, at 390 x 844 and 1280 x 900, JavaScript on and off: "Save and come back
later" on a page of every step, then Resume in a new browser continues on the same page with the same
answers; the CRP round trip in both units (and its confirm-or-change question); Start again asks first;
a file not from this tool is refused plainly. Every new page and state has 0 axe-core violations."""

from __future__ import annotations

import copy
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from test_journey_helpers import FEMALE_ANSWERS, FEMALE_POSTS  # noqa: E402

from decision_aid import answers  # noqa: E402
from decision_aid.journey.pages import PAGES  # noqa: E402
from decision_aid.journey.paths import delete_path  # noqa: E402

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts"


class _NoScriptAxe:
    """axe-core needs JavaScript: the JS-off page's exact HTML is served again, at the same address, to
    a page that blocks our own scripts, and axe runs there (as in test_journey_browser.py)."""

    def __init__(self, browser: Any, axe: Any, viewport: dict[str, int]):
        self.context = browser.new_context(viewport=viewport)
        self.context.route("**/static/js/**", lambda route: route.abort())
        self.context.route("**/static/govuk/**", lambda route: route.abort())
        self.page = self.context.new_page()
        self.axe = axe

    def __call__(self, page: Any) -> None:
        html, url = page.content(), page.url
        self.page.route(url, lambda route: route.fulfill(body=html, content_type="text/html; charset=utf-8"))
        self.page.goto(url)
        self.page.unroute(url)
        self.axe(self.page)


@pytest.fixture
def person(browser: Any, axe: Any, request: Any) -> Iterator[Any]:
    """A factory: `person(viewport, javascript)` gives (page, axe check) in a fresh browser context."""
    made: list[Any] = []

    def make(viewport: dict[str, int], javascript: bool) -> tuple[Any, Any]:
        context = browser.new_context(viewport=viewport, java_script_enabled=javascript,
                                      is_mobile=viewport is PHONE, accept_downloads=True)
        made.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        check = axe
        if not javascript:
            checker = _NoScriptAxe(browser, axe, viewport)
            made.append(checker.context)
            check = checker
        return page, check

    yield make
    for context in made:
        context.close()


def _fill(page: Any, data: dict[str, Any]) -> None:
    for name, value in data.items():
        first = page.locator(f'[name="{name}"]').first
        kind = first.evaluate("el => el.tagName.toLowerCase() + ':' + (el.type || '')")
        if kind in ("input:radio", "input:checkbox"):
            for v in value if isinstance(value, list) else [value]:
                page.locator(f'[name="{name}"][value="{v}"]').check()
        elif kind.startswith("select"):
            first.select_option(value)
        else:
            first.fill(value)


def _answers_shown(page: Any) -> dict[str, Any]:
    """What the page's form shows: every typed value, checked option and selected option, by name."""
    return page.evaluate("""() => {
        const out = {};
        for (const el of document.querySelectorAll('form.app-question :is(input, select, textarea)')) {
            if (['hidden', 'submit'].includes(el.type)) continue;
            if ((el.type === 'radio' || el.type === 'checkbox')) { if (el.checked) (out[el.name] ||= []).push(el.value); }
            else out[el.name] = el.value;
        }
        return out;
    }""")


def _before(slug: str) -> dict[str, Any]:
    """FEMALE_ANSWERS with the answers of `slug` and every later page removed: the answers so far."""
    doc = copy.deepcopy(FEMALE_ANSWERS)
    later = PAGES[[p.slug for p in PAGES].index(slug):]
    for page in later:
        for path in page.owned_paths(FEMALE_ANSWERS):
            delete_path(doc, path)
    return doc


def _resume(page: Any, base: str, path: Path) -> None:
    page.goto(base + "/")
    page.set_input_files("#answers", str(path))
    with page.expect_navigation():  # the page the file leads to, loaded, before anything is read from it
        page.get_by_role("button", name="Resume").click()


def _saved_file(tmp_path: Path, doc: dict[str, Any], name: str = "answers.json") -> Path:
    path = tmp_path / name
    path.write_text(answers.dumps_file(doc), encoding="utf-8")
    return path


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"issue13-{name}.png"), full_page=True)


# One page of each step (the first answer on it given, so it is still unanswered when saved), at 390 px
# with JavaScript on; a sample with JavaScript off and on a desktop.
STEP_PAGES = [("about-you", {"age_years": "29"}), ("your-condition", {"diagnosis": "non_radiographic_axspa"}),
              ("medicine-details", {"sulfasalazine-status": "past", "sulfasalazine-response": "none"}),
              ("symptoms", {"fatigue": "7.5", "tenderness": "2.5"}), ("other-health", {"cancer": "over_5_years"}),
              ("preferences", {"route_preference": "tablets", "trial_interest": "no"})]
CASES = ([(slug, typed, PHONE, True) for slug, typed in STEP_PAGES]
         + [("about-you", {"age_years": "29"}, DESKTOP, False), ("medicine-details", STEP_PAGES[2][1], DESKTOP, False),
            ("symptoms", STEP_PAGES[3][1], PHONE, False), ("other-health", STEP_PAGES[4][1], DESKTOP, True)])


@pytest.mark.parametrize(("slug", "typed", "viewport", "javascript"), CASES,
                         ids=[f"{c[0]}-{c[2]['width']}-{'js' if c[3] else 'nojs'}" for c in CASES])
def test_save_part_way_and_resume_on_the_same_page_with_the_same_answers(
        live_server: str, person: Any, tmp_path: Path, slug: str, typed: dict[str, Any],
        viewport: dict[str, int], javascript: bool) -> None:
    page, axe = person(viewport, javascript)
    if slug != "about-you":  # the answers of the earlier pages, as a person who saved before would have
        _resume(page, live_server, _saved_file(tmp_path, _before(slug)))
        assert page.url.endswith(f"/{slug}")
    else:
        page.goto(live_server + "/about-you")
    _fill(page, typed)
    shown = _answers_shown(page)
    save = page.get_by_role("button", name="Save and come back later")
    assert save.is_visible()
    with page.expect_download() as download:
        save.click()
    saved = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert download.value.suggested_filename.startswith("as-treatment-options-answers-so-far-")
    assert answers.check_answers(saved, partial=True) == []
    assert page.url.endswith(f"/{slug}") and _answers_shown(page) == shown  # still here, nothing lost
    axe(page)

    later, _ = person(viewport, javascript)  # another day, another browser
    _resume(later, live_server, Path(download.value.path()))
    assert later.url.endswith(f"/{slug}")
    assert _answers_shown(later) == shown


def test_saving_with_a_wrong_answer_names_what_is_left_out(live_server: str, person: Any) -> None:
    page, axe = person(PHONE, True)
    page.goto(live_server + "/about-you")
    _fill(page, {"age_years": "15", "sex": "female", "country": "FR"})
    with page.expect_navigation():  # a wrong answer: the page comes back with what is left out
        page.get_by_role("button", name="Save and come back later").click()
    banner = page.locator("#saved")
    assert banner.is_visible()
    assert "not in the file: Age" in banner.inner_text()
    assert page.locator(".govuk-error-summary").is_visible()
    axe(page)
    _shot(page, "save-left-out-390")
    with page.expect_download() as download:
        page.locator("#save-so-far").click()
    assert json.loads(Path(download.value.path()).read_text())["about"] == {"sex": "female", "country": "FR"}


@pytest.mark.parametrize(("viewport", "javascript"), [(PHONE, True), (DESKTOP, False)], ids=["390-js", "1280-nojs"])
def test_crp_round_trip_in_both_units(live_server: str, person: Any, tmp_path: Path,
                                      viewport: dict[str, int], javascript: bool) -> None:
    page, axe = person(viewport, javascript)
    _resume(page, live_server, _saved_file(tmp_path, FEMALE_ANSWERS))
    assert page.url.endswith("/check-answers")
    for unit, typed, shown in (("mg_dl", "2.1", "2.1 mg/dL"), ("mg_l", "21", "21 mg/L"), ("mg_dl", "0.8", "0.8 mg/dL")):
        page.locator('a[href="/change/blood-tests#crp_mg_l"]').click()
        page.locator(f'[name="crp_unit"][value="{unit}"]').check()
        page.locator("#crp_mg_l").fill(typed)
        with page.expect_navigation():
            page.locator("#continue").click()
        assert page.url.endswith("/check-answers")
        row = page.locator(".govuk-summary-list__row", has_text="CRP (C-reactive protein)")
        assert row.locator(".govuk-summary-list__value").inner_text().strip() == shown
        page.goto(live_server + "/blood-tests")
        assert page.locator("#crp_mg_l").input_value() == typed
        assert page.locator(f'[name="crp_unit"][value="{unit}"]').is_checked()
        page.goto(live_server + "/check-answers")

    # A result unusual for its unit: the warning, then confirm (or change).
    page.goto(live_server + "/change/blood-tests")
    page.locator('[name="crp_unit"][value="mg_dl"]').check()
    page.locator("#crp_mg_l").fill("15")
    with page.expect_navigation():
        page.locator("#continue").click()
    assert page.title().startswith("Check your answer: ")
    assert "15 mg/dL is 150 mg/L" in page.locator("#cautions").inner_text()
    axe(page)
    if viewport is PHONE:
        _shot(page, "crp-check-390")
    with page.expect_navigation():
        page.locator("#continue").click()
    assert page.url.endswith("/check-answers")
    row = page.locator(".govuk-summary-list__row", has_text="CRP (C-reactive protein)")
    assert row.locator(".govuk-summary-list__value").inner_text().strip() == "15 mg/dL"


@pytest.mark.parametrize(("viewport", "javascript"), [(PHONE, True), (PHONE, False), (DESKTOP, True)],
                         ids=["390-js", "390-nojs", "1280-js"])
def test_start_again_asks_first(live_server: str, person: Any, tmp_path: Path,
                                viewport: dict[str, int], javascript: bool) -> None:
    page, axe = person(viewport, javascript)
    _resume(page, live_server, _saved_file(tmp_path, _before("symptoms")))
    assert page.url.endswith("/symptoms")
    with page.expect_navigation():
        page.get_by_role("link", name="Start again").click()
    assert page.locator("h1").inner_text() == "Are you sure you want to clear your answers?"
    axe(page)
    if viewport is PHONE and javascript:
        _shot(page, "start-again-390")
    with page.expect_navigation():
        page.get_by_role("link", name="No, keep my answers").click()
    assert page.url.endswith("/symptoms")  # nothing cleared: back where the answers stop
    page.get_by_role("link", name="Start again").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Yes, clear my answers").click()
    assert page.url == live_server + "/"
    assert page.get_by_text("Carry on with the answers you have already given").count() == 0


@pytest.mark.parametrize(("viewport", "javascript"), [(PHONE, True), (DESKTOP, False)], ids=["390-js", "1280-nojs"])
def test_a_file_not_from_this_tool_is_refused_plainly(live_server: str, person: Any, tmp_path: Path,
                                                      viewport: dict[str, int], javascript: bool) -> None:
    page, axe = person(viewport, javascript)
    image = tmp_path / "photo.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    _resume(page, live_server, image)
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible() and "This is not an answers file saved from this tool" in summary.inner_text()
    detail = page.locator("#file-detail")
    assert "looks like a PNG image" not in page.locator("main").inner_text() or not javascript
    detail.locator("summary").click()
    assert "The file looks like a PNG image" in detail.inner_text()
    axe(page)
    if viewport is PHONE:
        _shot(page, "refusal-390")


def test_screens_of_the_new_pages_at_390(live_server: str, person: Any, tmp_path: Path) -> None:
    """Screenshots for a person to look at (test-artifacts/issue13-*.png), and axe on each."""
    page, axe = person(PHONE, True)
    _resume(page, live_server, _saved_file(tmp_path, _before("blood-tests")))
    assert page.url.endswith("/other-health")  # the blood tests are optional: Resume goes on to the next question
    page.goto(live_server + "/blood-tests")
    axe(page)
    _shot(page, "blood-tests-390")
    page.goto(live_server + "/about-you")
    _shot(page, "about-you-390")
    _resume(page, live_server, _saved_file(tmp_path, FEMALE_ANSWERS, "full.json"))
    page.goto(live_server + "/medicine-details")
    _shot(page, "medicine-details-390")
    assert FEMALE_POSTS["medicine-details"]["secukinumab-status"] == "current"
    assert page.get_by_text("How well is secukinumab working for you?").is_visible()
