"""The questionnaire in another language (issue 16): its words read in the request's language, the
pre-rendered markup kept per language, numbers with the language's decimal sign, WTForms' own messages.

The catalogues here are made by the test (a few messages, marked «es: ...»), so the tests do not depend
on the translations in the repository."""

from __future__ import annotations

import copy
import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from conftest import SAMPLE_ANSWERS
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from wtforms import IntegerField

from decision_aid import create_app
from decision_aid.i18n import LANGUAGES
from decision_aid.journey import prerender
from decision_aid.journey.forms import PageForm
from decision_aid.journey.pages import PAGES

SPANISH = {
    "How old are you?": "¿Cuántos años tiene?",
    "Your CRP result": "Su resultado de PCR",
    "Not provided": "No indicado",
    "Change": "Cambiar",
    "It helps a lot": "Me ayuda mucho",  # words.py's English, translated where the journey shows it
    "Enter your age": "Introduzca su edad",
    "Error": "Error",
    "%(typed)s mg/dL would be %(mg_l)s mg/L, more than a CRP result can be. Check the unit on your result: if it "
    "says %(typed)s mg/L, select mg/L": "es: %(typed)s mg/dL serían %(mg_l)s mg/L (select %(typed)s mg/L)",
}


def _catalogue(folder: Path) -> Path:
    catalog = Catalog(locale="es", domain="messages")
    for english, spanish in SPANISH.items():
        catalog.add(english, spanish)
    out = folder / "es" / "LC_MESSAGES" / "messages.mo"
    out.parent.mkdir(parents=True)
    with out.open("wb") as mo:
        write_mo(mo, catalog)
    return folder



@pytest.fixture
def app_es(tmp_path: Path) -> Iterator[Flask]:
    app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "TRANSLATIONS_DIRS": [_catalogue(tmp_path)],
                      "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789"})
    yield app  # its own Flask-Babel, so its own catalogue cache (i18n.init_app)


def _answers(client: FlaskClient, doc: dict[str, Any], language: str | None) -> None:
    with client.session_transaction() as sess:
        sess["answers"] = {**copy.deepcopy(doc), **({"language": language} if language else {})}


def _value(page: str, name: str) -> str:
    found = re.search(rf'name="{name}"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="{name}"', page)
    assert found, name
    return html.unescape(found.group(1) or found.group(2))


def test_a_decimal_comma_is_read_in_spanish_and_shown_back_as_typed(app_es: Flask) -> None:
    client = app_es.test_client()
    _answers(client, SAMPLE_ANSWERS, "es")
    response = client.post("/change/blood-tests", data={"crp_mg_l": "2,1", "crp_unit": "mg_l", "esr_mm_h": ""})
    assert response.status_code == 302
    with client.session_transaction() as sess:
        assert sess["answers"]["activity"]["crp_mg_l"] == 2.1
    assert _value(client.get("/blood-tests").get_data(as_text=True), "crp_mg_l") == "2,1"
    summary = client.get("/check-answers").get_data(as_text=True)
    assert "2,1 mg/L" in summary and "2.1 mg/L" not in summary
    assert "Su resultado de PCR" in client.get("/blood-tests").get_data(as_text=True)

    english = app_es.test_client()  # the same answer in English: a point, as before
    _answers(english, SAMPLE_ANSWERS, None)
    english.post("/change/blood-tests", data={"crp_mg_l": "2,1", "crp_unit": "mg_l", "esr_mm_h": ""})
    assert _value(english.get("/blood-tests").get_data(as_text=True), "crp_mg_l") == "2.1"
    assert "2.1 mg/L" in english.get("/check-answers").get_data(as_text=True)


def test_crp_messages_give_numbers_in_the_language(app_es: Flask) -> None:
    client = app_es.test_client()
    _answers(client, SAMPLE_ANSWERS, "es")
    page = client.post("/change/blood-tests", data={"crp_mg_l": "60,5", "crp_unit": "mg_dl"}).get_data(as_text=True)
    assert "es: 60,5 mg/dL serían 605 mg/L (select 60,5 mg/L)" in page
    caution = client.post("/change/blood-tests", data={"crp_mg_l": "12,5", "crp_unit": "mg_dl"}).get_data(as_text=True)
    assert "12,5 mg/dL is 125 mg/L" in caution  # (no Spanish for it in this catalogue: English words, Spanish numbers)
    assert 'name="confirmed" value="crp:12.5:mg_dl"' in caution  # the key is the same in every language


def test_pre_rendered_fields_are_kept_per_language(app_es: Flask) -> None:
    english, spanish = app_es.test_client(), app_es.test_client()
    _answers(english, SAMPLE_ANSWERS, None)
    _answers(spanish, SAMPLE_ANSWERS, "es")
    for _ in range(2):  # the second time from the frames kept
        assert "How old are you?" in english.get("/about-you").get_data(as_text=True)
        page = spanish.get("/about-you").get_data(as_text=True)
        assert "¿Cuántos años tiene?" in page and "How old are you?" not in page
        assert ">Alemania<" in page and ">Germany<" not in page  # the countries' names too
        assert ">Germany<" in english.get("/about-you").get_data(as_text=True)
    languages = {key[-2] for key in prerender._CACHE if key[0] == "field"}  # (..., language, catalogue)
    assert {"en", "es"} <= languages
    # check answers' rows too, and what the journey shows from words.py's tables
    summary = spanish.get("/check-answers").get_data(as_text=True)
    assert "Cambiar" in summary and "Reino Unido" in summary
    doc = copy.deepcopy(SAMPLE_ANSWERS)
    doc["treatments"]["advanced"] = [{"drug": "adalimumab", "status": "current"}]
    _answers(spanish, doc, "es")
    assert "Me ayuda mucho" in spanish.get("/medicine-details").get_data(as_text=True)


def test_an_error_is_in_the_language(app_es: Flask) -> None:
    client = app_es.test_client()
    _answers(client, {}, "es")
    page = client.post("/about-you", data={"age_years": ""}).get_data(as_text=True)
    assert "Introduzca su edad" in page and "Enter your age" not in page


def test_warm_up_renders_every_language(app_es: Flask) -> None:
    with app_es.test_request_context("/"):
        prerender.warm_up(PAGES)
    warmed = {(key[1], key[-2]) for key in prerender._CACHE if key[0] == "page"}
    assert {(page.slug, language) for page in PAGES for language in LANGUAGES} <= warmed


def test_wtforms_own_messages_are_in_the_language(app_es: Flask) -> None:
    class Form(PageForm):
        number = IntegerField("n")

    with app_es.test_request_context("/"):
        with force_locale("es"):
            form = Form(data={})
            form.process(formdata=_FormData({"number": "x"}))
            assert not form.validate()
            assert form.errors["number"] == ["No es un valor entero válido."]
        form = Form(formdata=_FormData({"number": "x"}))
        assert not form.validate()
        assert form.errors["number"] == ["Not a valid integer value."]


class _FormData(dict[str, str]):
    def getlist(self, key: str) -> list[str]:
        return [self[key]] if key in self else []
