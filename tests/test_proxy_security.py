"""tests/test_security_routes.py's checks through nginx, as people reach the app in production: every
route of the URL map sends the security headers (and HSTS), every POST route refuses a missing CSRF
token, and no page, nginx's own included, loads anything from another site."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from journey_driver import Person, posts_for
from proxy_helpers import via_proxy
from test_security_routes import EXTERNAL, routes

from bench.proxy import Proxy
from decision_aid.journey.pages import PAGES
from decision_aid.security import HSTS, SECURITY_HEADERS

pytestmark = pytest.mark.slow
_LINK_TO_ANOTHER_SITE = re.compile(r"<a\s[^>]*>")  # a link a person may follow loads nothing by itself


def test_every_route_sends_the_security_headers_through_the_proxy(proxied: Proxy, app: Flask) -> None:
    for method, path in routes(app):
        response = via_proxy(proxied, path, method=method, data=b"" if method == "POST" else None)
        assert response.status < 500, (method, path, response.status)
        for name, value in SECURITY_HEADERS.items():
            assert response.headers.get(name) == value, (method, path, name)
        assert response.headers.get("Strict-Transport-Security") == HSTS, (method, path)
        if not path.startswith("/static/"):
            assert response.headers.get("Cache-Control") == "no-store", (method, path)


def test_every_post_route_rejects_a_missing_csrf_token_through_the_proxy(proxied: Proxy, app: Flask) -> None:
    posts = [path for method, path in routes(app) if method == "POST"]
    assert posts
    for path in posts:
        response = via_proxy(proxied, path, data=b"anything=1",
                             headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert response.status == 400, path
        assert "could not be sent" in response.text or "There is a problem" in response.text, path


def test_no_page_loads_anything_from_another_site_through_the_proxy(proxied: Proxy) -> None:
    person = Person(proxied.base, context=proxied.ssl_context())
    person.walk(posts_for("zqthirdparty", 40))
    pages = {path: person.get(path) for path in ["/", "/check-answers", "/sheet", *(f"/{p.slug}" for p in PAGES)]}
    own = sorted((proxied.directory / "decision-aid" / "pages").glob("*.html"))  # what nginx sends itself
    assert len(own) == 4
    texts = {path: response.text for path, response in pages.items() if response.status == 200}
    texts |= {page.name: page.read_text(encoding="utf-8") for page in own}
    for name in ("css/app.css", "js/init.mjs", "govuk/govuk-frontend.min.js"):
        texts[name] = via_proxy(proxied, f"/static/{name}").text
    assert len(texts) > 20
    offenders = [f"{where}: {match.group(0)}" for where, text in texts.items()
                 for match in EXTERNAL.finditer(_LINK_TO_ANOTHER_SITE.sub("", text))]
    assert offenders == []
    assert all(r.headers.get("Content-Security-Policy") == SECURITY_HEADERS["Content-Security-Policy"]
               for r in pages.values())
