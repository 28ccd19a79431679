"""Save my answers, Resume from a file, stale security tokens, expired sessions, and answers kept out of URLs."""

from __future__ import annotations

import copy
import datetime as dt
import html
import io
import json
import re
from typing import Any

import itsdangerous.timed
import pytest
from conftest import SAMPLE_ANSWERS
from flask import Flask
from flask.testing import FlaskClient
from test_journey_helpers import (
    FEMALE_POSTS,
    csrf_token,
    errors,
    resumed_answers,
    session_answers,
    set_answers,
    title,
    walk,
)

from decision_aid import create_app, history


def _upload(client: FlaskClient, content: bytes, token: str | None = None, filename: str = "answers.json") -> Any:
    data: dict[str, Any] = {"answers": (io.BytesIO(content), filename)}
    if token:
        data["csrf_token"] = token
    return client.post("/resume", data=data, content_type="multipart/form-data")


def test_save_my_answers_downloads_a_dated_json_file(client_no_csrf: FlaskClient) -> None:
    set_answers(client_no_csrf, copy.deepcopy(SAMPLE_ANSWERS))
    response = client_no_csrf.get("/save-answers")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    today = dt.date.today().isoformat()
    assert response.headers["Content-Disposition"] == f'attachment; filename="as-treatment-options-answers-{today}.json"'
    assert response.headers["Cache-Control"] == "no-store"
    # the answers, dated (history.py: the date of this visit, used when the file is resumed later)
    assert json.loads(response.data) == {**SAMPLE_ANSWERS, "answered_on": history.today().isoformat()}


def test_save_my_answers_saves_the_answers_so_far(client_no_csrf: FlaskClient) -> None:
    assert client_no_csrf.get("/save-answers").headers["Location"] == "/"  # nothing to save yet
    partial = {"schema": "axspa-decision-aid/answers/1", "about": {"age_years": 40}}
    set_answers(client_no_csrf, copy.deepcopy(partial))
    response = client_no_csrf.get("/save-answers")
    today = dt.date.today().isoformat()
    assert response.headers["Content-Disposition"] == \
        f'attachment; filename="as-treatment-options-answers-so-far-{today}.json"'
    assert json.loads(response.data) == partial


def test_a_saved_file_resumes_in_a_new_browser(app: Flask) -> None:
    """The round trip a person makes: answer, save, close the browser, resume from the file."""
    first = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "SECRET_KEY": app.config["SECRET_KEY"]}).test_client()
    walk(first, FEMALE_POSTS)
    saved = first.get("/save-answers").data
    second = app.test_client()  # CSRF on, as in production
    token = csrf_token(second.get("/").get_data(as_text=True))
    response = _upload(second, saved, token)
    assert response.status_code == 302 and response.headers["Location"] == "/check-answers"
    resumed = session_answers(second)
    loaded = resumed["history"].pop("loaded")  # the file's own visit, kept aside (history.on_resume)
    assert loaded["date"] == history.today().isoformat() and resumed.pop("history") == {"version": 1, "visits": []}
    assert resumed == {**session_answers(first), "answered_on": history.today().isoformat()}
    assert "Check your answers" in second.get("/check-answers").get_data(as_text=True)


def _bad(doc_change: Any) -> bytes:
    doc = copy.deepcopy(SAMPLE_ANSWERS)
    doc_change(doc)
    return json.dumps(doc).encode()


NOT_OURS = "This is not an answers file saved from this tool"

# Files that are not answers files from this tool: one plain line, the detail folded below it.
FOREIGN_FILES: list[tuple[str, bytes, str]] = [
    ("not-json", b"this is not json", "The file is not valid JSON"),
    ("binary", bytes(range(256)) * 4, "The file is not a text file saved by this tool"),
    ("png", b"\x89PNG\r\n\x1a\n" + bytes(range(200)), "The file looks like a PNG image"),
    # a PDF is read as the appointment PDF (imports.py): one that is not ours says so in the detail
    ("pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "The file is a damaged PDF, or not one this tool can read"),
    ("empty", b"", "The file is empty"),
    ("whitespace", b"  \n", "The file is empty"),
    ("json-list", b"[1, 2]", "The file must be a JSON object"),
    ("empty-object", b"{}", "it holds no answers"),
    ("another-tools-json", json.dumps({"name": "my-app", "version": "1.0", "dependencies": {}}).encode(),
     "its first parts are named dependencies, name, version"),
    ("fhir", json.dumps({"resourceType": "Bundle", "type": "collection", "entry": []}).encode(),
     "The file is a FHIR file, but not a QuestionnaireResponse with answers from this tool"),
    ("fhir-other-questionnaire", json.dumps({"resourceType": "QuestionnaireResponse", "status": "completed",
                                             "questionnaire": "http://example.org/Questionnaire/phq9"}).encode(),
     "another questionnaire, not this tool's"),
    ("wrong-schema", _bad(lambda d: d.update(schema="someone-else/answers/9")), "schema must be"),
    ("nan", json.dumps(SAMPLE_ANSWERS).replace('"crp_mg_l": 20', '"crp_mg_l": NaN').encode(), "NaN is not allowed"),
    ("deep", b"[" * 5000 + b"]" * 5000, "nested far too deeply"),
]

# Answers files from this tool with bad fields: a message for each field.
BAD_FILES: list[tuple[str, bytes, str]] = [
    ("bad-age", _bad(lambda d: d["about"].update(age_years=200)),
     "Age (about.age_years) must be a whole number from 16 to 100"),
    ("bad-enum", _bad(lambda d: d["about"].update(sex="robot")), "Sex (about.sex) must be one of: female, male"),
    ("unknown-field", _bad(lambda d: d.update(password="x")), "has unknown field 'password'"),
    ("bad-crp-unit", _bad(lambda d: d["activity"].update(crp_unit="g_l")), "crp_unit"),
    ("lone-surrogate", _bad(lambda d: d["goals"].update(own_questions=["\ud800 hello"])),
     "The file contains characters that cannot be used"),
]


def _folded(page: str) -> str:
    """The folded "What was wrong with the file" (GOV.UK details), as markup."""
    found = re.search(r'<details[^>]*id="file-detail".*?</details>', page, re.S)
    return found.group(0) if found else ""


@pytest.mark.parametrize(("content", "detail"), [(c, m) for _, c, m in FOREIGN_FILES], ids=[i for i, _, _ in FOREIGN_FILES])
def test_a_file_not_from_this_tool_gets_one_plain_line_and_the_detail_folded(
        client: FlaskClient, content: bytes, detail: str) -> None:
    set_answers(client, copy.deepcopy(SAMPLE_ANSWERS))
    token = csrf_token(client.get("/").get_data(as_text=True))
    response = _upload(client, content, token)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert title(page).startswith("Error: ")
    assert errors(page) == [("#answers", NOT_OURS)]
    assert 'id="answers-error"' in page and NOT_OURS in page.split('id="answers-error"')[1][:300]
    folded = _folded(page)
    assert detail in html.unescape(folded), folded
    assert detail not in html.unescape(page.replace(folded, ""))  # only in the folded part
    assert session_answers(client) == SAMPLE_ANSWERS


@pytest.mark.parametrize(("content", "message"), [(c, m) for _, c, m in BAD_FILES], ids=[i for i, _, _ in BAD_FILES])
def test_an_answers_file_with_bad_fields_lists_each_field_and_keeps_the_answers(
        client: FlaskClient, content: bytes, message: str) -> None:
    set_answers(client, copy.deepcopy(SAMPLE_ANSWERS))
    token = csrf_token(client.get("/").get_data(as_text=True))
    response = _upload(client, content, token)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert title(page).startswith("Error: ")
    listed = errors(page)
    assert listed and all(href == "#answers" for href, _ in listed)
    assert any(message in text for _, text in listed), listed
    assert NOT_OURS not in page and not _folded(page)
    assert 'id="answers-error"' in page  # inline message on the file field
    assert session_answers(client) == SAMPLE_ANSWERS


@pytest.mark.parametrize(("drop", "first_gap"), [
    (lambda d: d.pop("condition"), "/your-condition"),
    (lambda d: d["health"].pop("smoking"), "/other-health"),
    (lambda d: [d.pop(k) for k in ("condition", "treatments", "activity", "health", "goals")], "/your-condition"),
    (lambda d: d["goals"].pop("own_questions"), "/check-answers"),  # optional: the file is complete
], ids=["no-condition", "no-smoking", "about-only", "no-own-questions"])
def test_a_partial_file_resumes_at_the_first_unanswered_page(client: FlaskClient, drop: Any, first_gap: str) -> None:
    token = csrf_token(client.get("/").get_data(as_text=True))
    response = _upload(client, _bad(drop), token)
    assert response.status_code == 302 and response.headers["Location"] == first_gap
    doc = copy.deepcopy(SAMPLE_ANSWERS)
    drop(doc)
    assert resumed_answers(client, doc) == doc
    assert client.get(first_gap).status_code == 200


def test_resume_without_choosing_a_file_says_what_to_do(client_no_csrf: FlaskClient) -> None:
    response = client_no_csrf.post("/resume", data={}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert errors(response.get_data(as_text=True)) == [("#answers", "Select the answers file you saved")]


def test_an_oversized_file_gets_a_clear_413(client: FlaskClient) -> None:
    set_answers(client, copy.deepcopy(SAMPLE_ANSWERS))
    token = csrf_token(client.get("/").get_data(as_text=True))
    response = _upload(client, b"{" + b" " * (520 * 1024) + b"}", token)
    assert response.status_code == 413
    assert "The selected file must be smaller than 512 KB" in response.get_data(as_text=True)
    assert session_answers(client) == SAMPLE_ANSWERS


def test_resume_needs_the_security_token(client: FlaskClient) -> None:
    set_answers(client, copy.deepcopy(SAMPLE_ANSWERS))
    response = _upload(client, json.dumps({**SAMPLE_ANSWERS, "about": {**SAMPLE_ANSWERS["about"], "age_years": 90}}).encode())
    assert response.status_code == 400
    assert "Choose your file again and press Resume" in response.get_data(as_text=True)
    assert session_answers(client) == SAMPLE_ANSWERS


def test_a_stale_token_on_a_question_page_keeps_what_was_typed(client: FlaskClient) -> None:
    set_answers(client, copy.deepcopy(SAMPLE_ANSWERS))
    typed = {"age_years": "57", "sex": "female", "country": "FR", "csrf_token": "stale-token"}
    response = client.post("/change/about-you", data=typed)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert title(page).startswith("Error: About you")
    assert errors(page) == [("#continue", "This page was open for a long time, so your answers on it have not been "
                                          "saved yet. Check them and press Continue again")]
    assert 'value="57"' in page and re.search(r'value="female"\s+checked', page)
    assert re.search(r'<option value="FR" selected', page)
    assert session_answers(client) == SAMPLE_ANSWERS  # nothing lost, nothing half-saved
    response = client.post("/change/about-you", data={**typed, "csrf_token": csrf_token(page)})
    assert response.headers["Location"] == "/change/pregnancy"  # pressing Continue again works


def test_an_expired_session_starts_empty_and_says_so(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    client = app.test_client()
    set_answers(client, copy.deepcopy(SAMPLE_ANSWERS))
    later = itsdangerous.timed.time.time() + app.permanent_session_lifetime.total_seconds() + 60
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: later)
    response = client.get("/symptoms")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Your earlier answers have been cleared" in page
    assert 'value="6"' not in page  # starts empty
    assert session_answers(client) is None
    token = csrf_token(page)
    response = client.post("/symptoms", data={**{"fatigue": "1", "spinal_pain": "1", "peripheral_pain": "1",
                                                 "tenderness": "1", "stiffness_severity": "1",
                                                 "stiffness_duration": "15"}, "csrf_token": token})
    assert response.status_code == 302
    assert session_answers(client)["activity"]["basdai"]["stiffness_duration"] == 1.25
    assert "have been cleared" not in client.get("/about-you").get_data(as_text=True)


def test_a_post_after_expiry_asks_to_continue_again(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    client = app.test_client()
    set_answers(client, copy.deepcopy(SAMPLE_ANSWERS))
    token = csrf_token(client.get("/nsaids").get_data(as_text=True))
    later = itsdangerous.timed.time.time() + app.permanent_session_lifetime.total_seconds() + 60
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: later)
    response = client.post("/nsaids", data={"status": "past", "csrf_token": token})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "press Continue again" in page and re.search(r'value="past"\s+checked', page)


def test_no_answer_ever_appears_in_a_url(client_no_csrf: FlaskClient) -> None:
    """Every redirect, link, form action and asset URL on every page carries no query string or answer
    (a static file's URL carries only the file's own hash: decision_aid/assets.py)."""
    allowed = re.compile(r"^(#[\w-]*|/|/[\w-]+|/language/(en|es)(/[\w/-]*)?|"
                         r"/change/[\w-]+(#[\w-]+)?|/static/[\w./-]+(\?v=[0-9a-f]{12})?|data:,)$")
    urls: list[str] = []
    url = "/about-you"
    while url != "/check-answers":
        page = client_no_csrf.get(url).get_data(as_text=True)
        urls += re.findall(r'(?:href|action|src)="([^"]*)"', page)
        response = client_no_csrf.post(url, data=FEMALE_POSTS[url.strip("/")])
        urls.append(response.headers["Location"])
        url = response.headers["Location"]
    for extra in ("/check-answers", "/", "/change/medicines"):
        urls += re.findall(r'(?:href|action|src)="([^"]*)"', client_no_csrf.get(extra).get_data(as_text=True))
    bad = sorted({u for u in urls if not allowed.match(u)})
    assert bad == []
    assert "/change/medicine-details#adalimumab-status" in urls  # the scan did see the check page's links
