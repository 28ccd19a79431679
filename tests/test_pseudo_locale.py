"""Every word a person reads goes through translation (issue 16).

The app runs in a pseudo-language (tests/pseudo.py): every message of the code, the templates and the
content is wrapped in ⟪ ⟫. Any visible text outside the markers -- on every page, the sheet for every
persona, both PDFs and every error page -- is a string that a translator would never see, and fails
the test with the page and the text.
"""

from __future__ import annotations

import functools
import io
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from test_journey_helpers import FEMALE_ANSWERS, FEMALE_POSTS, set_answers

from decision_aid import create_app
from decision_aid.journey.pages import PAGES

sys.path.insert(0, str(Path(__file__).resolve().parent))

from personas import PERSONAS  # noqa: E402
from pseudo import LANGUAGE, build, leftover, pdf_text_without, untranslated, untranslated_pdf_text  # noqa: E402


@pytest.fixture(scope="module")
def pseudo_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    folder = build(tmp_path_factory.mktemp("pseudo"))
    return create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "TRANSLATIONS_DIRS": [str(folder)],
                       "SECRET_KEY": "pseudo-locale-test-secret-0123456789abcdef"})


@pytest.fixture
def client(pseudo_app: Flask) -> Iterator[FlaskClient]:
    client = pseudo_app.test_client()
    client.get(f"/language/{LANGUAGE}")
    yield client


@functools.cache
def _country_names() -> tuple[str, ...]:
    """Country names come translated from pycountry's ISO 3166 catalogues, not ours (journey/fields.py)."""
    import gettext

    import pycountry

    local = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[LANGUAGE], fallback=True)
    names = {getattr(c, "common_name", c.name) for c in pycountry.countries}
    return tuple(sorted(names | {local.gettext(n) for n in names}, key=len, reverse=True))


def _names(client: FlaskClient) -> tuple[str, ...]:
    """Names that are the same in every language: the translators' (About box) and the countries'."""
    app = client.application
    translations = (app.extensions["content"].metadata.get("translations") or {}).get(LANGUAGE) or {}
    return (str(translations.get("translated_by") or ""), *_country_names())


def _typed(answers: dict[str, Any]) -> tuple[str, ...]:
    """What the person typed (their own questions): shown as typed, in their own language."""
    return tuple(q for q in (answers.get("goals") or {}).get("own_questions") or [] if q)


def _assert_translated(html: Any, where: str, ignore: tuple[str, ...] = ()) -> None:
    if not isinstance(html, str):  # a response: a redirect's body is never shown to a person
        if 300 <= html.status_code < 400:
            return
        html = html.get_data(as_text=True)
    left = untranslated(html, ignore=ignore)
    assert not left, f"{where}: {len(left)} text(s) not translated, e.g. " + " | ".join(repr(t) for t in left[:8])


def _answers(answers: dict[str, Any]) -> dict[str, Any]:
    return {**answers, "language": LANGUAGE}


def test_the_start_page_and_start_again(client: FlaskClient) -> None:
    _assert_translated(client.get("/"), "/")
    set_answers(client, _answers(FEMALE_ANSWERS))
    _assert_translated(client.get("/"), "/ (with answers)")
    _assert_translated(client.get("/start-again"), "/start-again")


@pytest.mark.parametrize("slug", [p.slug for p in PAGES])
def test_every_question_page_and_its_errors(client: FlaskClient, slug: str) -> None:
    set_answers(client, _answers(FEMALE_ANSWERS))
    ignore = _typed(FEMALE_ANSWERS) + (_country_names() if slug == "about-you" else ())
    _assert_translated(client.get(f"/{slug}"), f"/{slug}", ignore)
    _assert_translated(client.get(f"/change/{slug}"), f"/change/{slug}", ignore)
    blank = {name: "" for name in FEMALE_POSTS.get(slug, {})}
    response = client.post(f"/{slug}", data=blank)
    _assert_translated(response, f"POST /{slug} (blank)", ignore)
    wrong = {name: "not-a-choice" for name in FEMALE_POSTS.get(slug, {})}
    response = client.post(f"/{slug}", data=wrong)
    _assert_translated(response, f"POST /{slug} (wrong values)", ignore)


def test_check_answers(client: FlaskClient) -> None:
    set_answers(client, _answers(FEMALE_ANSWERS))
    _assert_translated(client.get("/check-answers"), "/check-answers",
                       _typed(FEMALE_ANSWERS) + _country_names())


def test_resume_refusals(client: FlaskClient) -> None:
    image = io.BytesIO(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    response = client.post("/resume", data={"answers": (image, "photo.png")}, content_type="multipart/form-data")
    _assert_translated(response, "POST /resume (an image)")
    bad = io.BytesIO(b'{"schema": "axspa-decision-aid/answers/1", "about": {"age_years": 300, "sex": "robot"}}')
    response = client.post("/resume", data={"answers": (bad, "answers.json")}, content_type="multipart/form-data")
    # each bad field is named by its place in the file and the values the file may hold, as the file has them
    _assert_translated(response, "POST /resume (bad fields)", ("about.age_years", "about.sex",
                                                               "female, male, other, prefer_not_to_say"))
    response = client.post("/resume", data={}, content_type="multipart/form-data")
    _assert_translated(response, "POST /resume (no file)")


@pytest.mark.parametrize("name", [p.name for p in PERSONAS])
def test_the_sheet_for_every_persona(client: FlaskClient, name: str) -> None:
    persona = next(p for p in PERSONAS if p.name == name)
    set_answers(client, _answers(persona.answers))
    response = client.get("/sheet")
    assert response.status_code == 200, name
    _assert_translated(response, f"/sheet for {name}", _typed(persona.answers) + _names(client))


def test_after_the_sheet_and_the_sure_errors(client: FlaskClient) -> None:
    set_answers(client, _answers(FEMALE_ANSWERS))
    for path in ("/sheet/check-what-you-read", "/sheet/leaning"):
        _assert_translated(client.get(path), path, _typed(FEMALE_ANSWERS))
    response = client.post("/sheet/check-what-you-read", data={"biologic_benefit": "nearly_all"}, follow_redirects=True)
    _assert_translated(response, "knowledge answers", _typed(FEMALE_ANSWERS))
    response = client.post("/sheet/leaning", data={"leaning": ["jak_inhibitors", "not_sure"]})
    _assert_translated(response, "POST /sheet/leaning (error)", _typed(FEMALE_ANSWERS))
    response = client.post("/sheet/sure", data={"sure": "yes"})
    _assert_translated(response, "POST /sheet/sure (errors)", _typed(FEMALE_ANSWERS))


def test_error_pages(pseudo_app: Flask, client: FlaskClient) -> None:
    _assert_translated(client.get("/no-such-page"), "404")
    _assert_translated(client.put("/sheet").get_data(as_text=True), "405")
    response = client.post("/about-you", data={"x": "y" * (pseudo_app.config["MAX_CONTENT_LENGTH"] + 10)})
    _assert_translated(response, "413")
    client.set_cookie("session", "not-a-signed-cookie")
    _assert_translated(client.get("/check-answers"), "expired answers")


def test_the_csrf_error_page(tmp_path: Path) -> None:
    app = create_app({"TESTING": True, "TRANSLATIONS_DIRS": [str(build(tmp_path))],
                      "SECRET_KEY": "pseudo-locale-test-secret-0123456789abcdef"})
    client = app.test_client()
    client.get(f"/language/{LANGUAGE}")
    response = client.post("/about-you", data={"age_years": "40"})
    assert response.status_code == 400
    _assert_translated(response, "CSRF", _country_names())  # the page again, with its country list


def _pdf_words(pdf: bytes, content: Any) -> str:
    text = subprocess.run(["pdftotext", "-raw", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()  # noqa: S607
    # the numbered sources (citations stay in their own language) and the addresses printed in a PDF
    parts = [p for s in content.sources.values() for p in (s.get("citation"), s.get("url")) if p]
    parts += ["doi:" + p[16:] for p in parts if p.startswith("https://doi.org/")]
    parts += [link["url"] for o in content.options.values() for sec in o.get("sections") or []
              for link in sec.get("links") or []]
    flat = pdf_text_without(text, parts)
    # the marked parts out of the whole text first (a message may run over several lines), then what is left
    # one piece per sentence, so a failure names where
    return re.sub(r"([.:;!?]) ", r"\1\n", leftover(flat))


@pytest.mark.parametrize("index", [0, 57, 108], ids=["GB-settled", "US-uninsured", "GB-history"])
def test_both_pdfs(pseudo_app: Flask, client: FlaskClient, index: int) -> None:
    persona = PERSONAS[index]
    set_answers(client, _answers(persona.answers))
    content = pseudo_app.extensions["content"]
    for path in ("/sheet.pdf", "/sheet-full.pdf"):
        response = client.get(path)
        assert response.status_code == 200, path
        left = untranslated_pdf_text(_pdf_words(response.data, content), ignore=_typed(persona.answers) + _names(client)[:1])
        assert not left, f"{path} for {persona.name}: {len(left)} line(s) not translated, e.g. " + " | ".join(
            repr(t) for t in left[:8])
