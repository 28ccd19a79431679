"""Security checks over the whole URL map, so every route added later is covered automatically.

`routes` and `EXTERNAL` are shared with tests/test_proxy_security.py, which runs the same checks through nginx."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from decision_aid.health import mark_pdf_warmed
from decision_aid.security import SECURITY_HEADERS

ROOT = Path(__file__).resolve().parent.parent


def routes(app: Flask) -> list[tuple[str, str]]:
    """(method, path) for every route, with a placeholder in each URL parameter."""
    found = []
    for rule in app.url_map.iter_rules():
        path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", "x", rule.rule)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            found.append((method, path))
    return found


def test_url_map_is_not_empty(app: Flask) -> None:
    methods = {m for m, _ in routes(app)}
    assert {"GET", "POST"} <= methods


def test_every_route_sends_security_headers(app: Flask, client: FlaskClient) -> None:
    mark_pdf_warmed(app)  # a test app skips the warm-up, so /readyz would rightly answer 503
    for method, path in routes(app):
        response = client.open(path, method=method)
        assert response.status_code < 500, (method, path, response.status_code)
        for name, value in SECURITY_HEADERS.items():
            assert response.headers.get(name) == value, (method, path, name)
        if not path.startswith("/static/"):
            assert response.headers["Cache-Control"] == "no-store", (method, path)


def test_every_post_route_rejects_a_missing_csrf_token(app: Flask, client: FlaskClient) -> None:
    posts = [path for method, path in routes(app) if method == "POST"]
    assert posts
    for path in posts:
        response = client.post(path, data={"anything": "1"})
        assert response.status_code == 400, path
        assert "could not be sent" in response.get_data(as_text=True) or "There is a problem" in response.get_data(as_text=True)


EXTERNAL = re.compile(
    r"""(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//"""  # attributes that load or submit
    r"""|url\(\s*["']?\s*(?:https?:)?//"""  # CSS url()
    r"""|@import\s+(?:url\()?\s*["']?\s*(?:https?:)?//"""  # CSS @import
    r"""|\bimport\s*(?:[\w{}\s,*]+from\s*)?["'](?:https?:)?//""",  # JS module imports
    re.IGNORECASE,
)


@pytest.mark.parametrize("folder", ["templates", "static"])
def test_no_template_or_static_file_loads_a_third_party_url(folder: str) -> None:
    offenders = []
    for path in (ROOT / folder).rglob("*"):
        if path.suffix not in {".html", ".css", ".js", ".mjs", ".svg", ".scss"} or "node_modules" in path.parts:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        offenders += [f"{path.relative_to(ROOT)}: {m.group(0)}" for m in EXTERNAL.finditer(text)]
    assert offenders == [], (
        "Templates and static files must not reference other sites (privacy: no third-party requests). "
        "External links belong in the YAML content under rules/ (e.g. a source's url), or write the "
        "address as plain text: " + "; ".join(offenders))


def test_the_scan_catches_what_it_should() -> None:
    """The pattern above must flag real third-party loads (so the test above can fail)."""
    for bad in ['<script src="https://cdn.example/x.js">', "url(//fonts.example/a.woff)",
                '@import url("https://x.example/a.css")', "import x from 'https://esm.example/m.js'"]:
        assert EXTERNAL.search(bad), bad
    assert not EXTERNAL.search('<svg xmlns="http://www.w3.org/2000/svg">')
