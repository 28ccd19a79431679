"""The start page in a real browser: loads our own CSS and font, no console errors, accessible."""

from __future__ import annotations

from typing import Any


def test_start_page_on_a_phone(live_server: str, phone_page: Any, axe: Any) -> None:
    errors: list[str] = []
    requests: list[str] = []
    phone_page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    phone_page.on("request", lambda r: requests.append(r.url))
    phone_page.goto(live_server + "/")
    assert phone_page.locator("h1").count() == 1
    font = phone_page.evaluate("() => getComputedStyle(document.querySelector('h1')).fontFamily")
    assert "Atkinson Hyperlegible" in font
    assert phone_page.evaluate("() => document.body.classList.contains('js-enabled')")
    assert errors == []
    assert all(url.startswith(live_server) or url.startswith("data:") for url in requests), requests
    axe(phone_page)
