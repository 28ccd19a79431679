"""The whole journey in a real browser at phone size, with JavaScript on and off, checked by axe-core.

A person fills in every page (including one with errors) by clicking and typing, and reaches check
answers with the answers they gave; every page has 0 axe-core violations.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from test_journey_helpers import FEMALE_POSTS  # noqa: E402


def _fill(page: Any, data: dict[str, Any]) -> None:
    """Answer a page the way a person would: tick, choose and type."""
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


class _NoScriptAxe:
    """axe-core needs JavaScript, which the JS-off page does not run (axe would wait for ever). So the
    page's exact HTML is served again, at the same address, to a phone-sized page that blocks our own
    scripts, and axe runs there: it sees what a person without JavaScript sees."""

    def __init__(self, browser: Any, axe: Any):
        self.context = browser.new_context(viewport=PHONE, is_mobile=True)
        self.context.route("**/static/js/**", lambda route: route.abort())
        self.context.route("**/static/govuk/**", lambda route: route.abort())
        self.page = self.context.new_page()
        self.page.set_default_timeout(10_000)
        self.axe = axe

    def __call__(self, page: Any) -> None:
        html, url = page.content(), page.url
        self.page.route(url, lambda route: route.fulfill(body=html, content_type="text/html; charset=utf-8"))
        self.page.goto(url)
        self.page.unroute(url)
        assert not self.page.evaluate("() => document.body.classList.contains('js-enabled')")
        self.axe(self.page)


PHONE = {"width": 375, "height": 740}


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_the_whole_journey_on_a_phone(live_server: str, browser: Any, javascript: bool, axe: Any) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    checker = None if javascript else _NoScriptAxe(browser, axe)
    if checker is not None:
        axe = checker
    try:
        page.goto(live_server + "/")
        assert page.evaluate("() => document.body.classList.contains('js-enabled')") is javascript
        axe(page)
        page.get_by_role("button", name="Start now").click()

        # One page with errors first: the summary, the inline messages and the title, all accessible.
        with page.expect_navigation():
            page.locator("#continue").click()
        assert page.title().startswith("Error: ")
        assert page.locator(".govuk-error-summary").is_visible()
        axe(page)

        visited = []
        while "/check-answers" not in page.url:
            slug = page.url.rsplit("/", 1)[-1]
            visited.append(slug)
            assert page.locator("h1").count() == 1, slug
            assert page.locator(".govuk-caption-l").first.inner_text().startswith("Step ")
            _fill(page, FEMALE_POSTS[slug])
            axe(page)
            with page.expect_navigation():
                page.locator("#continue").click()
            assert not page.title().startswith("Error: "), slug
        assert visited[0] == "about-you" and visited[-1] == "your-questions" and "medicine-details" in visited

        body = page.locator("main").inner_text()
        assert "Check your answers" in body and "Secukinumab" in body and "Is it safe in pregnancy?" in body
        assert "ASDAS" in body
        axe(page)

        # Change an answer and come back to check answers.
        page.locator('a[href="/change/preferences#trial_interest"]').click()
        page.locator('[name="trial_interest"][value="maybe"]').check()
        with page.expect_navigation():
            page.locator("#continue").click()
        assert page.url.endswith("/check-answers")
        assert "Maybe" in page.locator("main").inner_text()

        assert all(url.startswith(live_server) or url.startswith("data:") for url in requests)
    finally:
        context.close()
        if checker is not None:
            checker.context.close()
