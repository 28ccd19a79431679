"""Through nginx in a real browser: HTTP/2, the module script (served by nginx, so its MIME type must
be right for the browser to run it), the web fonts, and every request to the site itself."""

from __future__ import annotations

from typing import Any

from conftest import SAMPLE_ANSWERS

from bench.serving import session_cookie

from .conftest import PHONE


def test_pages_through_nginx_use_http2_run_the_script_and_load_only_their_own_files(proxied: Any, browser: Any) -> None:
    context = browser.new_context(ignore_https_errors=True, viewport=PHONE, is_mobile=True)  # self-signed certificate
    page = context.new_page()
    page.set_default_timeout(10_000)
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        for path in ("/", "/about-you"):
            page.goto(proxied.base + path)
            assert page.evaluate("() => performance.getEntriesByType('navigation')[0].nextHopProtocol") == "h2"
            assert page.evaluate("() => document.body.classList.contains('js-enabled')"), "init.mjs did not run"
            loaded = page.evaluate("() => document.fonts.ready.then(() => [...document.fonts]"
                                   ".filter(f => f.status === 'loaded').map(f => f.family))")
            assert any("Atkinson Hyperlegible" in family for family in loaded), loaded
        name, value = session_cookie(SAMPLE_ANSWERS).split("=", 1)
        context.add_cookies([{"name": name, "value": value, "url": proxied.base, "secure": True, "httpOnly": True}])
        page.goto(proxied.base + "/sheet")
        assert page.locator("h1").count() == 1 and page.locator("details").count() >= 1
    finally:
        context.close()
    assert errors == []
    assert requests and all(url.startswith(proxied.base + "/") or url.startswith("data:") for url in requests), requests
