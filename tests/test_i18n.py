"""Choosing the language (issue 16): the answers document's, then the language link's, then the
browser's; the language link keeps the answers and goes back to the page; catalogues compile once."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from hypothesis import given, settings
from hypothesis import strategies as st

from decision_aid import create_app
from decision_aid.i18n import LANGUAGES, _back_to, compile_catalogues


@pytest.fixture(scope="module")
def app() -> Flask:
    return create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "SECRET_KEY": "i18n-test-secret-0123456789abcdef01"})


def _lang(html: str) -> str:
    match = re.search(r'<html lang="([^"]+)"', html)
    assert match
    return match.group(1)


def test_spanish_is_offered_with_its_own_name() -> None:
    assert LANGUAGES == {"en": "English", "es": "Español"}


def test_the_browser_language_is_the_first_guess(app: Flask) -> None:
    client = app.test_client()
    assert _lang(client.get("/").get_data(as_text=True)) == "en"
    assert _lang(client.get("/", headers={"Accept-Language": "es-MX,es;q=0.9,en;q=0.5"}).get_data(as_text=True)) == "es"
    assert _lang(client.get("/", headers={"Accept-Language": "fr-FR,fr;q=0.9"}).get_data(as_text=True)) == "en"


def test_the_language_link_wins_over_the_browser_and_goes_back_to_the_page(app: Flask) -> None:
    client = app.test_client()
    response = client.get("/language/es/about-you", headers={"Accept-Language": "en"})
    assert response.status_code == 302 and response.headers["Location"] == "/about-you"
    assert _lang(client.get("/about-you", headers={"Accept-Language": "en"}).get_data(as_text=True)) == "es"
    page = client.get("/about-you").get_data(as_text=True)
    assert 'href="/language/en/about-you"' in page and 'hreflang="en"' in page


def test_the_answers_keep_the_language_and_a_resumed_file_brings_it_back(app: Flask, sample_answers: dict[str, Any]) -> None:
    client = app.test_client()
    client.get("/language/es")
    client.post("/about-you", data={"age_years": "40", "sex": "male", "country": "MX"})
    with client.session_transaction() as sess:
        assert sess["answers"]["language"] == "es"
    other = app.test_client()  # another browser, in English, resumes the Spanish file
    with other.session_transaction() as sess:
        sess["answers"] = {**sample_answers, "language": "es"}
    assert _lang(other.get("/check-answers", headers={"Accept-Language": "en"}).get_data(as_text=True)) == "es"
    other.get("/language/en/check-answers")
    with other.session_transaction() as sess:
        assert sess["answers"]["language"] == "en"


def test_an_english_document_nobody_chose_a_language_for_stays_as_it_was(app: Flask) -> None:
    client = app.test_client()
    client.post("/about-you", data={"age_years": "40", "sex": "male", "country": "GB"})
    with client.session_transaction() as sess:
        assert "language" not in sess["answers"]


def test_an_unknown_language_changes_nothing(app: Flask) -> None:
    client = app.test_client()
    assert client.get("/language/xx/sheet").headers["Location"] == "/sheet"
    assert _lang(client.get("/").get_data(as_text=True)) == "en"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_the_language_link_only_ever_goes_back_to_this_site(page: str) -> None:
    target = _back_to(page)
    assert target.startswith("/") and not target.startswith("//") and "://" not in target.split("/", 2)[1]


def test_a_stale_catalogue_is_compiled_and_a_fresh_one_is_left(tmp_path: Path) -> None:
    po = tmp_path / "es" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\nmsgid "Start now"\nmsgstr "Empezar"\n',
                  encoding="utf-8")
    assert compile_catalogues(tmp_path) == [po.with_suffix(".mo")]
    assert compile_catalogues(tmp_path) == []
    os.utime(po, (po.stat().st_mtime + 10, po.stat().st_mtime + 10))
    assert compile_catalogues(tmp_path) == [po.with_suffix(".mo")]


def test_the_content_is_loaded_once_per_language(app: Flask) -> None:
    from decision_aid.i18n import content_for

    with app.test_request_context("/"):
        first = content_for("es")
        assert content_for("es") is first
        assert content_for("en") is app.extensions["content"]
        assert first.options["nsaids"]["order"] == app.extensions["content"].options["nsaids"]["order"]
        assert first.options["nsaids"]["title"] != app.extensions["content"].options["nsaids"]["title"]
