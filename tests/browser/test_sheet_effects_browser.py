"""Harms in numbers in a real browser (issue 14): on a 390 px phone, with JavaScript on and off, the harm
icon arrays load, fit the screen, and their text alternatives say the same numbers as the words beside
them; a person with nr-axSpA after a TNF inhibitor sees the figures that fit them first; axe finds nothing.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLE_ANSWERS

from decision_aid import create_app

LIVE_SECRET = "browser-test-secret-key-0123456789abcdef"  # as in tests/browser/conftest.py


def _cookie(live_server: str) -> dict[str, Any]:
    app = create_app({"TESTING": True, "SECRET_KEY": LIVE_SECRET})
    answers = copy.deepcopy(SAMPLE_ANSWERS)
    answers["condition"]["diagnosis"] = "non_radiographic_axspa"
    answers["treatments"]["advanced"] = [{"drug": "adalimumab", "status": "past", "response": "none",
                                          "duration": "16_weeks_or_more"}]
    serializer = app.session_interface.get_signing_serializer(app)  # type: ignore[attr-defined]
    return {"name": app.config["SESSION_COOKIE_NAME"], "value": serializer.dumps({"answers": answers}),
            "url": live_server}


@pytest.mark.parametrize("page_fixture", ["phone_page", "phone_page_no_js"])
def test_harm_pictures_on_a_phone_say_the_same_numbers(live_server: str, page_fixture: str, axe: Any,
                                                       artifacts: Path, request: pytest.FixtureRequest) -> None:
    page = request.getfixturevalue(page_fixture)
    page.context.add_cookies([_cookie(live_server)])
    page.goto(live_server + "/sheet")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    jak = page.locator("#option-jak_inhibitors")
    for summary in jak.locator("details > summary").all():  # the figures sit in folds (GOV.UK details):
        summary.click()  # open each as a person would (works without JavaScript too)
    heading = jak.get_by_role("heading", name="Side effects and risks in numbers")
    assert heading.count() == 1
    harm = jak.locator("figure.app-icon-array--harm").first
    img = harm.locator("img")
    assert img.evaluate("el => el.complete && el.naturalWidth > 0")
    box = img.bounding_box()
    assert box and box["x"] + box["width"] <= 390 and box["width"] > box["height"]  # 40 x 25 icons, not squashed
    alt = img.get_attribute("alt") or ""
    text = harm.inner_text()
    numbers = re.findall(r"(\d+) (dark blue|orange|empty) circles", alt)
    assert alt.startswith("Picture of 1000 people.") and len(numbers) == 3
    for count, colour in numbers:  # the key beside the picture gives each colour's count
        word = {"dark blue": "Dark blue", "orange": "Orange", "empty": "Empty"}[colour]
        assert re.search(rf"{word}: [^()]+\({count}\)", text), (colour, count)
    assert "34 in 1000" in text and "25 in 1000" in text and "9 more in 1000" in text
    assert "Orange: the extra people who had a heart attack, a stroke or died of heart disease on tofacitinib" in text
    # the figures that fit this reader come first: TNF-experienced, then nr-axSpA
    first = jak.locator("figure.app-icon-array--benefit").first.inner_text()
    assert "SELECT-AXIS 2 (AS part)" in first and "people who had already had a TNF inhibitor, like you" in first
    il17 = page.locator("#option-il17_inhibitors figure.app-icon-array--benefit").first.text_content() or ""
    assert "COAST-W" in il17
    if page_fixture == "phone_page":  # axe-core runs as page script, so only with JavaScript on
        axe(page)
        harm.scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts / "sheet-harms-390.png"), clip={
            "x": 0, "y": max(0, heading.bounding_box()["y"] - 20), "width": 390, "height": 1000})  # type: ignore[index]
