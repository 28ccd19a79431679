"""The whole journey in Spanish in a real browser, JavaScript on and off (issue 16).

A browser that asks for Spanish (Accept-Language: es) gets the start page in Spanish; the person
answers every page, sees check answers and the sheet in Spanish with 0 axe-core violations, switches
to English and back with the language link, and downloads the appointment PDF in Spanish.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from pseudo import pdf_text_without  # noqa: E402
from test_journey_browser import PHONE, _fill, _NoScriptAxe  # noqa: E402
from test_journey_helpers import FEMALE_POSTS  # noqa: E402

# Common English words that no Spanish sentence has; a PDF line with two of them is English.
ENGLISH = re.compile(r"\b(the|and|with|your|you|of|for|this|that|are|is|have|not|people|on|in|to)\b")


def _english_sentences(text: str, citations: list[str]) -> list[str]:
    flat = pdf_text_without(text, citations)
    sentences = re.split(r"(?<=[.:;!?])\s", flat)
    return [s for s in sentences if len(ENGLISH.findall(s)) >= 2 and "http" not in s and "doi:" not in s]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_whole_journey_in_spanish(live_server: str, browser: Any, javascript: bool, axe: Any,
                                      artifacts: Path) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript, is_mobile=True,
                                  locale="es-MX", extra_http_headers={"Accept-Language": "es-MX,es;q=0.9"})
    page = context.new_page()
    page.set_default_timeout(10_000)
    checker = None if javascript else _NoScriptAxe(browser, axe)
    check = checker if checker is not None else axe
    try:
        page.goto(live_server + "/")
        assert page.evaluate("() => document.documentElement.lang") == "es"
        assert page.locator("a[hreflang=en]").inner_text() == "English"
        check(page)
        with page.expect_navigation():
            page.locator("a.govuk-button--start").click()
        while "/check-answers" not in page.url:
            slug = page.url.rsplit("/", 1)[-1]
            assert page.evaluate("() => document.documentElement.lang") == "es", slug
            _fill(page, FEMALE_POSTS[slug])
            check(page)
            with page.expect_navigation():
                page.locator("#continue").click()
            assert not page.locator(".govuk-error-summary").count(), slug
        check(page)
        page.goto(live_server + "/sheet")
        assert page.evaluate("() => document.documentElement.lang") == "es"
        page.screenshot(path=str(artifacts / f"sheet-es-390-{'js' if javascript else 'nojs'}.png"))
        check(page)

        # The language link keeps the answers and the page: English, then Spanish again.
        with page.expect_navigation():
            page.locator("a[hreflang=en]").click()
        assert page.url.endswith("/sheet") and page.evaluate("() => document.documentElement.lang") == "en"
        with page.expect_navigation():
            page.locator("a[hreflang=es]").click()
        assert page.url.endswith("/sheet") and page.evaluate("() => document.documentElement.lang") == "es"

        if javascript:
            response = page.request.get(live_server + "/sheet.pdf")
            assert response.status == 200
            text = subprocess.run(["pdftotext", "-raw", "-", "-"], input=response.body(),  # noqa: S607
                                  capture_output=True, check=True).stdout.decode()
            from decision_aid.engine import load_content_cached

            citations = [s["citation"] for s in load_content_cached().sources.values()]
            english = _english_sentences(text, citations)
            assert english == [], f"{len(english)} English sentence(s) in the Spanish PDF, e.g. {english[:5]}"
    finally:
        context.close()
        if checker is not None:
            checker.context.close()
