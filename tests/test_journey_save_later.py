"""Issue 13, the journey as a person in pain on a phone meets it: save part-way and resume, answers a
skim cannot get wrong (country, CRP unit, tense), every own question on check answers, Start again asks
first, no doubled screen-reader words, and only the start page indexable."""

from __future__ import annotations

import copy
import io
import json
import re
from typing import Any

import pytest
from conftest import SAMPLE_ANSWERS
from flask.testing import FlaskClient
from test_journey_helpers import (
    FEMALE_ANSWERS,
    FEMALE_POSTS,
    MALE_POSTS,
    csrf_token,
    errors,
    resumed_answers,
    session_answers,
    set_answers,
    title,
)

from decision_aid import answers
from decision_aid.journey.pages import PAGES, first_unanswered


def _text(html_page: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html_page))


def _resume(client: FlaskClient, content: bytes) -> Any:
    token = csrf_token(client.get("/").get_data(as_text=True))
    return client.post("/resume", data={"answers": (io.BytesIO(content), "saved.json"), "csrf_token": token},
                       content_type="multipart/form-data")


# ------------------------------------------------------------------------------- save part-way

def _answer_until(client: FlaskClient, posts: dict[str, dict[str, Any]], stop: str) -> None:
    url = "/about-you"
    while url != f"/{stop}":
        response = client.post(url, data=posts[url.strip("/")])
        assert response.status_code == 302, errors(response.get_data(as_text=True))
        url = response.headers["Location"]


# Where Resume continues: the page saved on, or after pages whose questions are all optional (nothing on
# them is "unanswered"), the next page with a question to answer.
LANDS = {"disease-activity": "/other-health", "blood-tests": "/other-health", "your-questions": "/check-answers"}


@pytest.mark.parametrize("slug", [p.slug for p in PAGES if p.slug != "planning-a-child"])
def test_save_and_come_back_later_on_every_page_resumes_there_with_the_same_answers(
        client_no_csrf: FlaskClient, app: Any, slug: str) -> None:
    _answer_until(client_no_csrf, FEMALE_POSTS, slug)
    page = client_no_csrf.get(f"/{slug}").get_data(as_text=True)
    assert re.search(r'<button type="submit" value="yes" name="save"[^>]*>\s*Save and come back later', page)
    response = client_no_csrf.post(f"/{slug}", data={"save": "yes"})  # nothing entered here yet: save the rest
    assert response.status_code == 200 and response.mimetype == "application/json"
    saved = json.loads(response.data)
    assert answers.check_answers(saved, partial=True) == []
    lands = LANDS.get(slug, f"/{slug}")
    assert ("answers-so-far-" in response.headers["Content-Disposition"]) is (lands != "/check-answers")

    other = app.test_client()  # another browser, CSRF on
    resumed = _resume(other, response.data)
    assert resumed.status_code == 302 and resumed.headers["Location"] == lands
    assert resumed_answers(other, saved) == saved
    for url in (f"/{slug}", lands):
        assert _inputs(other.get(url).get_data(as_text=True)) == _inputs(client_no_csrf.get(url).get_data(as_text=True))


def _inputs(page: str) -> list[str]:
    """Every value typed, checked or selected on a page."""
    return (re.findall(r'<input[^>]*type="text"[^>]*value="([^"]*)"', page)
            + re.findall(r'value="([^"]*)"\s+checked', page) + re.findall(r'value="([^"]*)"\s+selected', page)
            + re.findall(r"<textarea[^>]*>([^<]*)</textarea>", page))


def test_saving_includes_the_answers_on_the_current_page(client_no_csrf: FlaskClient) -> None:
    _answer_until(client_no_csrf, MALE_POSTS, "symptoms")
    response = client_no_csrf.post("/symptoms", data={**MALE_POSTS["symptoms"], "save": "yes"})
    saved = json.loads(response.data)
    assert saved["activity"]["basdai"]["fatigue"] == 6
    assert first_unanswered(saved).slug == "other-health"
    assert session_answers(client_no_csrf) == saved  # the session holds the same answers


def test_saving_with_a_wrong_answer_saves_the_rest_and_says_what_was_left_out(client_no_csrf: FlaskClient) -> None:
    _answer_until(client_no_csrf, MALE_POSTS, "symptoms")
    typed = {**MALE_POSTS["symptoms"], "fatigue": "12", "spinal_pain": "lots", "peripheral_pain": "", "save": "yes"}
    response = client_no_csrf.post("/symptoms", data=typed)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/html"
    text = _text(page)
    assert ("These answers on this page need correcting, so they are not in the file: Tiredness (fatigue), "
            "Neck, back or hip pain.") in text  # the blank one is not "left out": it is still to answer
    assert 'value="12"' in page and 'value="lots"' in page  # what was typed stays, to correct
    assert ("#fatigue", "Enter a number from 0 to 10 for how tired you have felt, for example 6 or 6.5") in errors(page)
    link = re.search(r'<a[^>]*id="save-so-far"[^>]*href="([^"]+)"[^>]*download', page) or \
        re.search(r'<a[^>]*href="([^"]+)"[^>]*id="save-so-far"[^>]*download', page)
    assert link and link.group(1) == "/save-answers"
    saved = json.loads(client_no_csrf.get("/save-answers").data)
    basdai = saved["activity"]["basdai"]
    assert "fatigue" not in basdai and "spinal_pain" not in basdai and basdai["tenderness"] == 4
    assert answers.check_answers(saved, partial=True) == []


def test_saving_one_wrong_answer_says_it_in_the_singular(client_no_csrf: FlaskClient) -> None:
    response = client_no_csrf.post("/about-you", data={"age_years": "15", "sex": "male", "save": "yes"})
    assert "This answer on this page needs correcting, so it is not in the file: Age." in _text(response.get_data(as_text=True))
    assert session_answers(client_no_csrf) == {"schema": answers.SCHEMA_ID, "about": {"sex": "male"}}


def test_a_crp_without_its_unit_is_never_saved_as_mg_per_litre(client_no_csrf: FlaskClient) -> None:
    response = client_no_csrf.post("/blood-tests", data={"crp_mg_l": "2.1", "esr_mm_h": "30", "save": "yes"})
    assert "not in the file: CRP (C-reactive protein)" in _text(response.get_data(as_text=True))
    assert session_answers(client_no_csrf)["activity"] == {"esr_mm_h": 30}


def test_a_wrong_answer_on_a_list_question_keeps_the_other_questions(client_no_csrf: FlaskClient) -> None:
    set_answers(client_no_csrf, copy.deepcopy(SAMPLE_ANSWERS))
    response = client_no_csrf.post("/your-questions", data={"question-1": "x" * 301, "question-2": "Second?",
                                                            "question-3": "Third?", "save": "yes"})
    assert "not in the file: Your questions" in _text(response.get_data(as_text=True))
    assert session_answers(client_no_csrf)["goals"]["own_questions"] == ["Second?", "Third?"]


def test_save_needs_the_security_token(client: FlaskClient) -> None:
    set_answers(client, copy.deepcopy(SAMPLE_ANSWERS))
    response = client.post("/symptoms", data={"fatigue": "1", "save": "yes"})
    assert response.status_code == 400
    assert session_answers(client) == SAMPLE_ANSWERS


# ----------------------------------------------------------------------- answers a skim cannot get wrong

def test_country_starts_blank_and_must_be_chosen(client_no_csrf: FlaskClient) -> None:
    page = client_no_csrf.get("/about-you").get_data(as_text=True)
    assert re.search(r'<option value="">Select a country</option>', page)
    assert " selected" not in page  # nothing preset, the United States included
    response = client_no_csrf.post("/about-you", data={"age_years": "40", "sex": "male", "country": ""})
    assert ("#country", "Select the country you live in") in errors(response.get_data(as_text=True))
    assert session_answers(client_no_csrf) is None


@pytest.mark.parametrize(("typed", "unit", "stored", "shown"), [
    ("2.1", "mg_dl", 21, "2.1 mg/dL"), ("0.35", "mg_dl", 3.5, "0.35 mg/dL"), ("21", "mg_l", 21, "21 mg/L"),
    ("0,8", "mg_l", 0.8, "0.8 mg/L"), ("1.234", "mg_l", 1.234, "1.234 mg/L"), ("0.125", "mg_dl", 1.25, "0.125 mg/dL"),
])
def test_crp_is_stored_in_mg_per_litre_and_shown_back_as_typed(
        client_no_csrf: FlaskClient, typed: str, unit: str, stored: float, shown: str) -> None:
    set_answers(client_no_csrf, copy.deepcopy(SAMPLE_ANSWERS))
    response = client_no_csrf.post("/change/blood-tests", data={"crp_unit": unit, "crp_mg_l": typed, "esr_mm_h": ""})
    assert response.status_code == 302
    activity = session_answers(client_no_csrf)["activity"]
    assert activity["crp_mg_l"] == stored  # the scores read mg/L (ASDAS-CRP)
    assert activity.get("crp_unit", "mg_l") == unit
    page = client_no_csrf.get("/blood-tests").get_data(as_text=True)
    assert f'value="{shown.split()[0]}"' in page and re.search(rf'value="{unit}"\s+checked', page)
    check = _text(client_no_csrf.get("/check-answers").get_data(as_text=True))
    assert f"CRP (C-reactive protein) {shown} Change" in check


def test_the_crp_unit_is_asked_before_the_box_and_not_preset(client_no_csrf: FlaskClient) -> None:
    page = client_no_csrf.get("/blood-tests").get_data(as_text=True)
    assert page.index('name="crp_unit"') < page.index('name="crp_mg_l"')
    assert not re.search(r'value="mg_l"\s+checked', page) and not re.search(r'value="mg_dl"\s+checked', page)
    response = client_no_csrf.post("/blood-tests", data={"crp_mg_l": "2.1", "esr_mm_h": ""})
    assert errors(response.get_data(as_text=True)) == [("#crp_unit", "Select the unit of your CRP result, mg/L or mg/dL")]


def test_an_old_file_without_a_crp_unit_shows_its_crp_in_mg_per_litre(client_no_csrf: FlaskClient) -> None:
    set_answers(client_no_csrf, copy.deepcopy(SAMPLE_ANSWERS))  # crp_mg_l 20, no crp_unit
    page = client_no_csrf.get("/blood-tests").get_data(as_text=True)
    assert 'value="20"' in page and re.search(r'value="mg_l"\s+checked', page)


def test_a_crp_unusual_for_its_unit_asks_to_confirm_or_change(client_no_csrf: FlaskClient) -> None:
    set_answers(client_no_csrf, copy.deepcopy(SAMPLE_ANSWERS))
    typed = {"crp_unit": "mg_dl", "crp_mg_l": "15", "esr_mm_h": ""}
    response = client_no_csrf.post("/change/blood-tests", data=typed)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and title(page).startswith("Check your answer: ")
    assert "15 mg/dL is 150 mg/L, higher than CRP results usually are" in _text(page)
    assert session_answers(client_no_csrf) == SAMPLE_ANSWERS  # not saved silently
    assert 'value="15"' in page and re.search(r'value="mg_dl"\s+checked', page)
    key = re.search(r'name="confirmed" value="([^"]+)"', page).group(1)

    changed = client_no_csrf.post("/change/blood-tests", data={**typed, "crp_mg_l": "25", "confirmed": key})
    assert "25 mg/dL is 250 mg/L" in _text(changed.get_data(as_text=True))  # a changed answer is checked again

    confirmed = client_no_csrf.post("/change/blood-tests", data={**typed, "confirmed": key})
    assert confirmed.status_code == 302
    assert session_answers(client_no_csrf)["activity"]["crp_mg_l"] == 150

    client_no_csrf.post("/change/blood-tests", data={**typed, "crp_unit": "mg_l", "confirmed": key})
    assert session_answers(client_no_csrf)["activity"]["crp_mg_l"] == 15  # changed to mg/L: no question


def test_a_crp_impossible_in_mg_per_decilitre_suggests_mg_per_litre(client_no_csrf: FlaskClient) -> None:
    response = client_no_csrf.post("/blood-tests", data={"crp_unit": "mg_dl", "crp_mg_l": "150", "esr_mm_h": ""})
    assert errors(response.get_data(as_text=True)) == [("#crp_mg_l", (
        "150 mg/dL would be 1500 mg/L, more than a CRP result can be. Check the unit on your result: if it says "
        "150 mg/L, select mg/L"))]


def test_questions_about_a_medicine_follow_whether_it_is_still_taken(client_no_csrf: FlaskClient) -> None:
    set_answers(client_no_csrf, copy.deepcopy(FEMALE_ANSWERS))  # secukinumab now; adalimumab, sulfasalazine stopped
    page = _text(client_no_csrf.get("/medicine-details").get_data(as_text=True))
    assert "How well is secukinumab working for you?" in page and "How well did secukinumab" not in page
    assert "How long have you been taking secukinumab?" in page
    assert "How well did adalimumab work for you?" in page and "How long did you take adalimumab for?" in page
    check = _text(client_no_csrf.get("/check-answers").get_data(as_text=True))
    assert "Secukinumab: how well it is working It helps a little" in check
    assert "Adalimumab: how well it worked It helped at first, then stopped working" in check
    assert "Secukinumab: how well it worked" not in check

    fresh = copy.deepcopy(FEMALE_ANSWERS)
    for item in fresh["treatments"]["advanced"] + fresh["treatments"]["csdmards"]:
        for key in ("status", "response", "duration"):
            item.pop(key)
    set_answers(client_no_csrf, fresh)
    page = _text(client_no_csrf.get("/medicine-details").get_data(as_text=True))
    assert "How well has secukinumab worked for you?" in page  # not known yet: no "did"
    posted = client_no_csrf.post("/medicine-details", data={"secukinumab-status": "current"})
    assert "How well is secukinumab working for you?" in _text(posted.get_data(as_text=True))


@pytest.mark.parametrize(("status", "question", "row"), [
    ("current", "How well are they working for you?", "How well NSAIDs are working It helps a little"),
    ("past", "How well did they work for you?", "How well NSAIDs worked It helped a little"),
])
def test_nsaid_questions_follow_whether_they_are_still_taken(
        client_no_csrf: FlaskClient, status: str, question: str, row: str) -> None:
    doc = copy.deepcopy(SAMPLE_ANSWERS)
    doc["treatments"]["nsaids"]["status"] = status
    set_answers(client_no_csrf, doc)
    assert question in _text(client_no_csrf.get("/nsaid-details").get_data(as_text=True))
    assert row in _text(client_no_csrf.get("/check-answers").get_data(as_text=True))


def test_check_answers_shows_every_own_question(client_no_csrf: FlaskClient) -> None:
    doc = copy.deepcopy(SAMPLE_ANSWERS)
    doc["goals"]["own_questions"] = ["First one?", "Second <b>one</b>?", "Third?"]
    set_answers(client_no_csrf, doc)
    page = client_no_csrf.get("/check-answers").get_data(as_text=True)
    assert "First one?<br>Second &lt;b&gt;one&lt;/b&gt;?<br>Third?" in page


# ------------------------------------------------------------------------------- start again

def test_start_again_asks_first_and_clears_nothing_until_confirmed(client: FlaskClient) -> None:
    set_answers(client, copy.deepcopy(SAMPLE_ANSWERS))
    header = client.get("/symptoms").get_data(as_text=True)
    assert re.search(r'<a class="govuk-service-navigation__link" href="/start-again">Start again</a>', header)
    page = client.get("/start-again").get_data(as_text=True)
    assert title(page).startswith("Are you sure you want to clear your answers?")
    assert "govuk-warning-text" in page and "Yes, clear my answers" in page
    assert re.search(r'<a class="govuk-link" href="/check-answers">No, keep my answers</a>', page)
    assert 'href="/save-answers" download' in page
    assert session_answers(client) == SAMPLE_ANSWERS  # looking at the page clears nothing
    assert client.post("/start-again").status_code == 400  # a POST without the token clears nothing
    assert session_answers(client) == SAMPLE_ANSWERS
    response = client.post("/start-again", data={"csrf_token": csrf_token(page)})
    assert response.headers["Location"] == "/"
    assert session_answers(client) is None


def test_start_again_with_nothing_answered_says_so(client_no_csrf: FlaskClient) -> None:
    page = _text(client_no_csrf.get("/start-again").get_data(as_text=True))
    assert "You have not answered any questions yet" in page and "No, keep my answers" in page


# ------------------------------------------------------------------------- words and indexing

def _visible_and_hidden(page: str) -> list[str]:
    """Each link's or button's whole accessible text, visually hidden words included."""
    return [_text(m).strip() for m in re.findall(r"<(?:a|button)\b[^>]*>(.*?)</(?:a|button)>", page, re.S)]


def test_no_words_are_said_twice_to_a_screen_reader(client_no_csrf: FlaskClient) -> None:
    set_answers(client_no_csrf, copy.deepcopy(FEMALE_ANSWERS))
    pages = ["/", "/start-again", "/check-answers"] + [f"/{p.slug}" for p in PAGES if p.applies(FEMALE_ANSWERS)]
    for url in pages:
        page = client_no_csrf.get(url).get_data(as_text=True)
        for hidden in re.finditer(r'<span class="govuk-visually-hidden">([^<]*)</span>\s*([^<]{0,40})', page):
            words, after = hidden.group(1).strip(), hidden.group(2).strip()
            assert not (words and after and words.split()[-1].lower() in after.lower().split()[:3]), (url, words, after)
        caption = re.search(r'<span class="govuk-caption-l">(.*?)</span>\s*(?:</span>)?', page, re.S)
        h1 = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)
        if caption and h1 and ":" in _text(caption.group(0)):
            assert _text(caption.group(0)).split(":", 1)[1].strip() != _text(h1.group(1)).strip(), url
    check = client_no_csrf.get("/check-answers").get_data(as_text=True)
    assert "Save my answers to a file" in _visible_and_hidden(check)


def test_only_the_start_page_is_indexable(client_no_csrf: FlaskClient) -> None:
    start = client_no_csrf.get("/").get_data(as_text=True)
    assert 'name="robots"' not in start
    description = re.search(r'<meta name="description" content="([^"]+)">', start)
    assert description and "ankylosing spondylitis" in description.group(1) and len(description.group(1)) <= 300
    set_answers(client_no_csrf, copy.deepcopy(SAMPLE_ANSWERS))
    for url in ["/check-answers", "/start-again", "/sheet"] + [f"/{p.slug}" for p in PAGES if p.applies(SAMPLE_ANSWERS)]:
        page = client_no_csrf.get(url).get_data(as_text=True)
        assert '<meta name="robots" content="noindex">' in page, url
        assert 'name="description"' not in page, url
