"""GET /sheet, POST /sheet/sure and the headers and failures of GET /sheet.pdf (test client)."""

from __future__ import annotations

import copy
import gc
import logging
import re
from typing import Any

import pytest
from conftest import SAMPLE_ANSWERS
from flask import Flask
from flask.testing import FlaskClient

from decision_aid import pdf, presentation, sheet_views

OWN_QUESTION = 'Is a dose < 50 mg & "low" for \'me\'?'
OPTION_TITLES_MIN = 9


def _answers(**goals: Any) -> dict[str, Any]:
    doc = copy.deepcopy(SAMPLE_ANSWERS)
    doc["goals"]["own_questions"] = [OWN_QUESTION, "How long before I know if a new medicine works?"]
    doc["goals"].update(goals)
    return doc


def _login(client: FlaskClient, doc: dict[str, Any]) -> None:
    with client.session_transaction() as sess:
        sess["answers"] = doc


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match
    return match.group(1)


def test_sheet_without_answers_goes_to_check_answers(client: FlaskClient) -> None:
    for path in ("/sheet", "/sheet.pdf"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.headers["Location"].endswith("/check-answers")


def test_incomplete_answers_go_to_check_answers(client: FlaskClient) -> None:
    doc = _answers()
    del doc["health"]
    _login(client, doc)
    assert client.get("/sheet").headers["Location"].endswith("/check-answers")
    assert client.post("/sheet/sure", data={}).status_code in (302, 400)


def test_sheet_page_shows_everything(client: FlaskClient, app: Flask) -> None:
    _login(client, _answers())
    response = client.get("/sheet")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    with app.app_context():
        sheet = sheet_views.build(_answers())
    assert len(sheet["options"]) == OPTION_TITLES_MIN
    for option in sheet["options"]:
        assert f'id="option-{option["id"]}"' in html
    for heading in ("The decision", "Your scores", "Your situation", "What matters to you",
                    "Options worth discussing now", "Compare the options", "Each option in full",
                    "Questions to ask your rheumatologist", "The SURE test", "Sources", "About this sheet",
                    "This is not medical advice"):
        assert heading in html, heading
    # their own questions at the top (as the questions page promises), in their words, escaped, once
    own = html[html.index('id="your-questions"'):html.index('id="decision"')]
    assert own.index("Is a dose &lt; 50 mg &amp; &#34;low&#34; for &#39;me&#39;?") < own.index("How long before I know")
    assert html.count("Is a dose &lt; 50 mg") == 1 and html.count("How long before I know") == 1
    assert html.index('id="your-questions"') < html.index('id="decision"') < html.index('id="questions-heading"')
    questions = html[html.index('id="questions-heading"'):html.index('id="sure"')]
    assert 'href="#your-questions"' in questions  # the questions section points up to them
    # links
    for link in ("/sheet.pdf", "/sheet-full.pdf", "/save-answers", "/check-answers"):
        assert f'href="{link}"' in html, link
    # the comparison grid scrolls in a focusable, labelled region
    assert re.search(r'<div class="app-grid-scroll" role="region" aria-labelledby="grid-caption-1" tabindex="0">', html)
    # the download link says what page 1 is, not a page count
    assert "Page 1 is a summary for your appointment." in html
    assert not re.search(r"\d+ pages", html)
    # numbered sources are linked from the text
    assert 'id="source-1"' in html and 'href="#source-1"' in html


def test_every_link_within_the_sheet_page_lands_on_something(client: FlaskClient) -> None:
    """The contents list (a long page on a phone), the highlights and the citations jump to a part
    that is on the page; the contents list names all nine options in their order."""
    _login(client, _answers())
    html = client.get("/sheet").get_data(as_text=True)
    ids = set(re.findall(r' id="([^"]+)"', html))
    targets = re.findall(r' href="#([^"]+)"', html)
    assert targets and set(targets) <= ids, set(targets) - ids
    nav = html[html.index('<nav class="govuk-details__text" aria-label="Contents">'):]
    nav = nav[:nav.index("</nav>")]
    titles = re.findall(r'href="#option-[^"]+">([^<]+)</a>', nav)
    heading = r'class="govuk-heading-m app-option__title" id="option-[^"]+-heading">\d+\. ([^<]+?)(?: <|</h3>)'
    page_titles = re.findall(heading, html)
    assert titles == page_titles and len(titles) == OPTION_TITLES_MIN
    for part in ("#grid-heading", "#options-heading", "#questions-heading", "#sure", "#sources-heading"):
        assert f'href="{part}"' in nav


def test_sheet_page_has_no_inline_styles_or_scripts(client: FlaskClient) -> None:
    _login(client, _answers())
    html = client.get("/sheet").get_data(as_text=True)
    assert " style=" not in html
    assert "<style" not in html
    for script in re.findall(r"<script[^>]*>", html):
        assert "src=" in script
    resources = re.findall(r'<(?:img|script|link|iframe|source|object)\b[^>]*\s(?:src|href)="([^"]+)"', html)
    assert resources and all(url.startswith(("/", "data:")) and not url.startswith("//") for url in resources), resources


def test_sure_form_uses_the_ohri_wording_and_csrf(client: FlaskClient) -> None:
    _login(client, _answers())
    html = client.get("/sheet").get_data(as_text=True)
    for _key, _name, question in presentation.SURE_QUESTIONS:
        assert str(question) in html
    assert "Do you feel SURE about the best choice for you?" in html
    assert 'action="/sheet/sure#sure"' in html and _csrf(html)
    assert "O'Connor and Légaré" in html and "Ottawa Hospital Research Institute" in html


def test_sure_post_without_csrf_token_is_refused(client: FlaskClient) -> None:
    _login(client, _answers())
    response = client.post("/sheet/sure", data={"sure": "yes", "understand": "yes", "risks": "yes",
                                                 "encouragement": "yes"})
    assert response.status_code == 400
    with client.session_transaction() as sess:
        assert "sure" not in sess["answers"]


def test_sure_answers_are_stored_and_scored(client: FlaskClient) -> None:
    _login(client, _answers())
    token = _csrf(client.get("/sheet").get_data(as_text=True))
    response = client.post("/sheet/sure", data={"csrf_token": token, "sure": "no", "understand": "yes",
                                                "risks": "yes", "encouragement": "yes"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/sheet#sure")
    with client.session_transaction() as sess:
        assert sess["answers"]["sure"] == {"sure": False, "understand": True, "risks": True, "encouragement": True}
        assert sess["answers"]["goals"]["own_questions"][0] == OWN_QUESTION  # the rest is untouched
    html = client.get("/sheet").get_data(as_text=True)
    assert "Your SURE score: 3 out of 4" in html
    assert "Talk it through with your rheumatologist or nurse" in html
    assert re.search(r'id="sure-sure-no" name="sure" type="radio" value="no" checked', html)


def test_sure_all_yes_has_no_conflict_message(client_no_csrf: FlaskClient) -> None:
    _login(client_no_csrf, _answers())
    client_no_csrf.post("/sheet/sure", data=dict.fromkeys(("sure", "understand", "risks", "encouragement"), "yes"))
    html = client_no_csrf.get("/sheet").get_data(as_text=True)
    assert "Your SURE score: 4 out of 4" in html
    assert "Talk it through with your rheumatologist" not in html


def test_sure_missing_answer_shows_an_error_and_keeps_the_answers(client_no_csrf: FlaskClient) -> None:
    _login(client_no_csrf, _answers())
    response = client_no_csrf.post("/sheet/sure", data={"sure": "yes", "understand": "maybe", "risks": "no"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "<title>Error: " in html
    assert "There is a problem" in html and 'href="#sure-understand"' in html and 'href="#sure-encouragement"' in html
    assert 'id="sure-sure" name="sure" type="radio" value="yes" checked' in html  # what they chose is kept
    with client_no_csrf.session_transaction() as sess:
        assert "sure" not in sess["answers"]


@pytest.mark.parametrize(("path", "name"), [("/sheet.pdf", "as-options"), ("/sheet-full.pdf", "as-options-full")])
def test_pdf_download_headers(client: FlaskClient, path: str, name: str) -> None:
    _login(client, _answers())
    response = client.get(path)
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-")
    assert re.fullmatch(rf'attachment; filename="{name}-\d{{4}}-\d{{2}}-\d{{2}}\.pdf"',
                        response.headers["Content-Disposition"])
    assert response.headers["Cache-Control"] == "no-store"


def test_pdf_failure_gives_a_friendly_page_keeps_answers_and_logs_nothing_personal(
        client: FlaskClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    doc = _answers()
    _login(client, doc)

    def broken(sheet: dict[str, Any], **options: Any) -> bytes:
        raise RuntimeError("boom while drawing " + OWN_QUESTION)

    monkeypatch.setattr(pdf, "sheet_pdf", broken)
    with caplog.at_level(logging.INFO):
        response = client.get("/sheet.pdf")
    assert response.status_code == 503
    html = response.get_data(as_text=True)
    assert "Sorry, we could not make your PDF" in html and "Your answers are safe" in html
    assert 'href="/sheet"' in html
    with client.session_transaction() as sess:
        assert sess["answers"] == doc
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "PDF render failed: RuntimeError" in logged
    assert "50 mg" not in logged and "How long before" not in logged
    assert client.get("/sheet").status_code == 200  # and the sheet still works


def test_pdf_link_hidden_when_pdf_disabled(client: FlaskClient, app: Flask) -> None:
    app.config["PDF_ENABLED"] = False
    _login(client, _answers())
    html = client.get("/sheet").get_data(as_text=True)
    assert 'href="/sheet.pdf"' not in html and 'href="/sheet-full.pdf"' not in html
    assert client.get("/sheet.pdf").status_code == 302
    assert client.get("/sheet-full.pdf").status_code == 302


def test_a_served_app_loads_weasyprint_and_compiles_templates_before_the_first_request() -> None:
    """Each gunicorn worker warms up as it starts, so the first person to ask for a PDF does not wait
    the extra second or so for WeasyPrint, the fonts and the templates to load."""
    from decision_aid import create_app

    pdf._pdf_resources.cache_clear()
    app = create_app({"TESTING": False, "SECRET_KEY": "warm-up-test-secret-key-0123456789abcdef"})
    assert pdf._pdf_resources.cache_info().currsize == 1
    cached = {key[1] for key in (app.jinja_env.cache or {})}
    assert {"sheet/page.html", "journey/question.html", "journey/check_answers.html"} <= cached
    frozen = gc.get_freeze_count()  # start-up objects are left out of every later collection
    gc.unfreeze()
    assert frozen > 10_000


@pytest.mark.parametrize("change", ["string_score", "object_list", "unknown_country_type"])
def test_a_stale_or_malformed_session_document_goes_to_check_answers_never_a_500(client: FlaskClient,
                                                                                 change: str) -> None:
    """/sheet trusts that the session's answers were checked when written (cheaper than JSON Schema
    on every view); a document that was not (e.g. a cookie from before a schema change) still never
    gives a 500: the person is sent to check their answers."""
    doc = _answers()
    if change == "string_score":
        doc["activity"]["basdai"]["fatigue"] = "very"
    elif change == "object_list":
        doc["treatments"]["nsaids"] = ["not", "an", "object"]
    else:
        doc["about"]["country"] = {"code": "GB"}
    _login(client, doc)
    response = client.get("/sheet")
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response.headers["Location"].endswith("/check-answers")


def _highlighted_first(titles: list[str], sheet: dict[str, Any]) -> None:
    highlighted = [o["title"] for o in sheet["options"] if o["highlight"]]
    others = [o["title"] for o in sheet["options"] if not o["highlight"]]
    assert highlighted, "the sample person has an option worth discussing now"
    assert titles == highlighted + others


def test_grid_and_cards_put_the_options_worth_discussing_first(client: FlaskClient, app: Flask) -> None:
    """The grid's columns (wide screens) and its cards (phones) both start with the highlighted
    options; the cards hold the same rows as the grid, and each option section is still in its order."""
    doc = _answers()
    doc["treatments"]["nsaids"].update({"response": "partial", "weeks_at_full_dose": 8})
    doc["activity"]["crp_mg_l"] = 25
    for key in doc["activity"]["basdai"]:
        doc["activity"]["basdai"][key] = 7
    _login(client, doc)
    html = client.get("/sheet").get_data(as_text=True)
    with app.app_context():
        sheet = sheet_views.build(doc)
    assert any(o["highlight"] for o in sheet["options"][1:]), "a highlight that is not already first"
    grid = html[html.index('class="govuk-table app-grid"'):]
    grid = grid[:grid.index("</table>")]
    columns = re.findall(r'<th scope="col" class="govuk-table__header app-grid__option">([^<]+)', grid)
    _highlighted_first(columns, sheet)
    cards = html[html.index('<div class="app-cards">'):html.index('id="options-heading"')]
    card_titles = re.findall(r'<span class="govuk-details__summary-text">([^<]+)</span>', cards)
    _highlighted_first(card_titles, sheet)
    for row in [*sheet["grid_rows"], {"label": "Cost for you"}]:
        assert cards.count(f'<dt class="app-card__question">{row["label"]}</dt>') == len(sheet["options"])
    sections = re.findall(r'id="option-[^"]+-heading">\d+\. ([^<]+?)(?: <|</h3>)', html)
    assert sections == [o["title"] for o in sheet["options"]]


def test_each_option_ends_with_back_to_contents_and_folds_its_long_parts(client: FlaskClient) -> None:
    _login(client, _answers())
    html = client.get("/sheet").get_data(as_text=True)
    assert 'id="contents"' in html
    parts = html.split('<section class="app-option"')[1:]
    assert len(parts) == OPTION_TITLES_MIN
    for part in parts:
        part = part[:part.index("</section>")]
        assert part.rstrip().endswith('<a class="govuk-link" href="#contents">Back to contents</a></p>')
        folded = re.findall(r'<span class="govuk-details__summary-text">([^<]+)</span>', part)
        for name in ("Possible benefits and downsides", "How well it works", "Cost for you"):
            assert name in folded
        # benefits and downsides are folded together: neither is shown without the other
        assert part.index("Possible benefits and downsides") < part.index("app-procon--pro") < part.index("app-procon--con")
    # an icon array comes after the words that describe it
    figures = [f for f in re.findall(r'<figure class="app-icon-array.*?</figure>', html, re.S) if "<img" in f]
    assert figures
    for figure in figures:
        assert figure.index("<figcaption") < figure.index("<img")


def test_scores_are_said_once(client: FlaskClient) -> None:
    _login(client, _answers())
    html = client.get("/sheet").get_data(as_text=True)
    summary = html[html.index('id="scores"'):html.index('id="situation"')]
    text = re.sub(r"<[^>]+>", " ", summary)
    assert len(re.findall(r"\bBASDAI\b", text)) == 2  # the score's name, and "BASDAI (0 to 10) comes from ..."
    assert len(re.findall(r"\bASDAS\b", text)) == 2  # "ASDAS-CRP", and "ASDAS adds a blood test"
    assert len(re.findall(r"\d\.\d: ", text)) == 1  # the ASDAS value with its meaning, once


def test_no_visually_hidden_words_repeat_the_visible_ones(client: FlaskClient) -> None:
    """Hidden captions that restated a visible heading are gone: the tables are labelled by it."""
    doc = _answers()
    doc["sure"] = {"sure": True, "understand": True, "risks": False, "encouragement": True}
    _login(client, doc)
    html = client.get("/sheet").get_data(as_text=True)
    assert '<caption class="app-visually-hidden">' not in html
    assert 'aria-labelledby="what-matters"' in html and 'id="what-matters"' in html
    assert 'aria-labelledby="sure-score"' in html and 'id="sure-score"' in html
    hidden = {text for text in re.findall(r'class="(?:app|govuk)-visually-hidden">([^<]*)<', html) if text}
    assert hidden <= {"source ", "Error:", " (clears all your answers)"}, hidden  # none restates what is shown


def test_sure_errors_come_back_to_the_form_with_their_summary_first(client: FlaskClient) -> None:
    _login(client, _answers())
    html = client.get("/sheet").get_data(as_text=True)
    assert 'action="/sheet/sure#sure"' in html  # without JavaScript the answer page opens at #sure
    response = client.post("/sheet/sure", data={"csrf_token": _csrf(html), "sure": "yes"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    sure = page[page.index('id="sure"'):]
    assert sure.index('id="sure-heading"') < sure.index("govuk-error-summary") < sure.index("<form")
    assert "Select yes or no for whether you know the benefits and risks of each option" in sure
