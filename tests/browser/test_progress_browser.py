"""The sheet with earlier visits on a 390 px phone: the progress part, its chart, no sideways scroll, axe."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from conftest import SAMPLE_ANSWERS

from decision_aid import create_app

LIVE_SECRET = "browser-test-secret-key-0123456789abcdef"  # as in tests/browser/conftest.py


def _cookie_with_history(live_server: str) -> dict[str, Any]:
    app = create_app({"TESTING": True, "SECRET_KEY": LIVE_SECRET})
    answers = copy.deepcopy(SAMPLE_ANSWERS)
    answers["treatments"]["advanced"] = [{"drug": "adalimumab", "status": "current", "response": "partial"}]
    answers["history"] = {"version": 1, "visits": [
        {"date": f"20{24 + i // 4}-{(i % 4) * 3 + 1:02d}-15", "basdai": 6.5 - i / 5, "asdas": round(4.2 - i * 0.15, 1),
         "asdas_kind": "CRP", "crp_mg_l": 20 - i, "advanced": ["adalimumab"] if i >= 8 else []}
        for i in range(12)]}
    answers["history"]["visits"][5].pop("asdas")  # a visit without a blood test: a gap in the line
    answers["history"]["visits"][5].pop("asdas_kind")
    answers["history"]["visits"][5].pop("crp_mg_l")
    serializer = app.session_interface.get_signing_serializer(app)  # type: ignore[attr-defined]
    return {"name": app.config["SESSION_COOKIE_NAME"], "value": serializer.dumps({"answers": answers}),
            "url": live_server}


def test_progress_on_a_390px_phone(live_server: str, browser: Any, axe: Any, artifacts: Path) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=True)
    page = context.new_page()
    try:
        page.context.add_cookies([_cookie_with_history(live_server)])
        page.goto(live_server + "/sheet")
        section = page.locator(".app-progress")
        assert section.locator("h2").inner_text().startswith("Since your last visit (15 October 2026)")
        chart = section.locator("svg.app-progress-chart")
        box = chart.bounding_box()
        assert box is not None and 0 < box["width"] <= 390 and box["height"] > 80
        assert chart.get_attribute("role") == "img"
        # the text alternative: every visit, and now, with its ASDAS
        rows = section.locator(".app-progress__table tbody tr")
        assert rows.count() == 13
        assert "(now)" in rows.nth(12).inner_text() and "not worked out" in rows.nth(5).inner_text()
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
        section.screenshot(path=str(artifacts / "progress-390.png"))
        axe(page)
    finally:
        context.close()
