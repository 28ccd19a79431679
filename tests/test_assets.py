"""Static files: URLs carry the file's hash, and browsers may keep them a year (decision_aid/assets.py)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from flask.testing import FlaskClient

from decision_aid import assets

STATIC = Path(__file__).resolve().parent.parent / "static"


def _asset_urls(html: str) -> list[str]:
    return re.findall(r'<(?:link rel="stylesheet" href|script type="module" src)="([^"]+)"', html)


def test_pages_name_the_stylesheet_and_script_with_their_hash(client: FlaskClient) -> None:
    urls = _asset_urls(client.get("/").get_data(as_text=True))
    assert len(urls) == 2
    for url in urls:
        path, version = url.split("?v=")
        digest = hashlib.sha256((STATIC / path.removeprefix("/static/")).read_bytes()).hexdigest()[:12]
        assert version == digest


def test_a_hashed_asset_is_kept_a_year_and_an_unhashed_one_an_hour(client: FlaskClient) -> None:
    for url in _asset_urls(client.get("/").get_data(as_text=True)):
        kept = client.get(url)
        assert kept.status_code == 200
        assert kept.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert "Set-Cookie" not in kept.headers
        path = url.split("?", 1)[0]
        assert client.get(path).headers["Cache-Control"] == "public, max-age=3600"
        assert client.get(path + "?v=000000000000").headers["Cache-Control"] == "public, max-age=3600"  # old release
    font = client.get("/static/fonts/AtkinsonHyperlegible_400Regular.ttf")  # named inside the CSS
    assert font.headers["Cache-Control"] == "public, max-age=3600"


def test_pages_and_missing_static_files_are_never_kept(client: FlaskClient) -> None:
    assert client.get("/").headers["Cache-Control"] == "no-store"
    missing = client.get("/static/css/nothing.css?v=abc")
    assert missing.status_code == 404 and missing.headers["Cache-Control"] == "no-store"


def test_file_hash_refuses_paths_outside_static() -> None:
    assert assets.file_hash("../pyproject.toml") == ""
    assert assets.file_hash("css/nothing.css") == ""


def test_web_fonts_are_the_pdf_fonts_in_woff2() -> None:
    """Browsers get WOFF2 (less than half the bytes); the glyphs are the TTFs' that the PDF embeds."""
    from fontTools.ttLib import TTFont

    for weight in ("400Regular", "700Bold"):
        ttf = STATIC / "fonts" / f"AtkinsonHyperlegible_{weight}.ttf"
        woff2 = ttf.with_suffix(".woff2")
        assert woff2.read_bytes()[:4] == b"wOF2"
        assert woff2.stat().st_size < ttf.stat().st_size / 2
        web, pdf = TTFont(woff2), TTFont(ttf)
        assert web.getGlyphOrder() == pdf.getGlyphOrder()
        assert web.getBestCmap() == pdf.getBestCmap()
    css = (STATIC / "css" / "app.css").read_text(encoding="utf-8")
    for weight in ("400Regular", "700Bold"):  # WOFF2 first, the TTF only for browsers without it
        assert (f'url("/static/fonts/AtkinsonHyperlegible_{weight}.woff2") format("woff2"),'
                f'url("/static/fonts/AtkinsonHyperlegible_{weight}.ttf") format("truetype")') in css
