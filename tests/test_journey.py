"""The questionnaire journey with the test client: every page, its errors, navigation and change links."""

from __future__ import annotations

import copy
import logging
import re
from typing import Any

import pytest
from conftest import SAMPLE_ANSWERS
from flask.testing import FlaskClient
from test_journey_helpers import (
    FEMALE_ANSWERS,
    FEMALE_POSTS,
    MALE_POSTS,
    back_link,
    errors,
    inline_errors,
    session_answers,
    set_answers,
    title,
    walk,
)

from decision_aid import answers
from decision_aid.journey.pages import PAGES


def test_start_page_says_what_the_tool_is_and_offers_start_and_resume(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    assert "Which treatment should I try next" in page
    assert "about 10 minutes" in page
    assert "not stored on our server" in page
    assert re.search(r'href="/about-you"[^>]*>\s*Start now', page)
    assert 'action="/resume"' in page and 'enctype="multipart/form-data"' in page and 'name="answers"' in page


def test_the_whole_journey_builds_the_expected_document(client_no_csrf: FlaskClient) -> None:
    seen = walk(client_no_csrf, MALE_POSTS)
    assert "pregnancy" not in seen and "medicine-details" not in seen  # asked only of those it matters to
    doc = session_answers(client_no_csrf)
    assert doc == SAMPLE_ANSWERS
    assert answers.check_answers(doc) == []


def test_a_journey_with_every_page_converts_units_durations_and_text(client_no_csrf: FlaskClient) -> None:
    seen = walk(client_no_csrf, FEMALE_POSTS)
    assert seen == [p.slug for p in PAGES if p.slug != "planning-a-child"]
    assert session_answers(client_no_csrf) == FEMALE_ANSWERS


def test_every_page_is_prefilled_from_the_session(client_no_csrf: FlaskClient) -> None:
    walk(client_no_csrf, FEMALE_POSTS)
    about = client_no_csrf.get("/about-you").get_data(as_text=True)
    assert 'value="29"' in about
    assert re.search(r'value="female"\s+checked', about)
    assert re.search(r'<option value="US" selected', about)
    assert re.search(r'value="90"\s+checked', client_no_csrf.get("/symptoms").get_data(as_text=True))
    blood = client_no_csrf.get("/blood-tests").get_data(as_text=True)
    assert 'value="1.2"' in blood and re.search(r'value="mg_dl"\s+checked', blood)  # as typed, in the unit chosen
    health = client_no_csrf.get("/other-health").get_data(as_text=True)
    assert re.search(r'value="depression"\s+checked', health) and not re.search(r'value="none"\s+checked', health)
    details = client_no_csrf.get("/medicine-details").get_data(as_text=True)
    assert re.search(r'value="lost_response"\s+checked', details)
    assert "Is it safe in pregnancy?" in client_no_csrf.get("/your-questions").get_data(as_text=True)


def test_each_page_shows_its_step_and_a_single_h1(client_no_csrf: FlaskClient) -> None:
    set_answers(client_no_csrf, copy.deepcopy(FEMALE_ANSWERS))
    for page in PAGES:
        if not page.applies(FEMALE_ANSWERS):
            continue
        text = client_no_csrf.get(f"/{page.slug}").get_data(as_text=True)
        assert f"Step {page.step} of 7" in text, page.slug
        assert text.count("<h1") == 1, page.slug
        assert re.search(r'<button type="submit"[^>]*id="continue">\s*Continue\s*</button>', text), page.slug


def test_optional_questions_say_so(client_no_csrf: FlaskClient) -> None:
    assert "How active has your condition been in the past week? (optional)" in \
        client_no_csrf.get("/disease-activity").get_data(as_text=True)
    blood = client_no_csrf.get("/blood-tests").get_data(as_text=True)
    assert "Your CRP result (optional)" in blood and "ESR (erythrocyte sedimentation rate) (optional)" in blood
    assert "Which unit is your CRP result in?" in blood and "in? (optional)" not in blood  # needed with a result


# --------------------------------------------------------------------------------------- errors

SETUP_MEDICINES = {"csdmards": [{"drug": "methotrexate"}], "advanced": []}

INVALID: list[tuple[str, dict[str, Any], list[tuple[str, str]]]] = [
    ("about-you", {}, [("#age_years", "Enter your age"),
                       ("#sex", "Select your sex, or select 'Prefer not to say'"),
                       ("#country", "Select the country you live in")]),
    ("about-you", {"age_years": "15", "sex": "male", "country": "GB"},
     [("#age_years", "Enter your age in whole years, from 16 to 100")]),
    ("about-you", {"age_years": "34.5", "sex": "robot", "country": "XX"},
     [("#age_years", "Enter your age in whole years, from 16 to 100"),
      ("#sex", "Select your sex, or select 'Prefer not to say'"), ("#country", "Select the country you live in")]),
    ("pregnancy", {"pregnancy": "maybe"}, [("#pregnancy", "Select if you are pregnant, breastfeeding or planning a pregnancy")]),
    ("your-condition", {"diagnosis": "ankylosing_spondylitis"},
     [("#peripheral_arthritis", "Select yes if you have painful or swollen joints in your arms or legs"),
      ("#enthesitis", "Select yes if you have pain where tendons attach to bone"),
      ("#uveitis", "Select if you have had a painful red eye with blurred vision"),
      ("#ibd", "Select if you have bowel inflammation"), ("#psoriasis", "Select if you have psoriasis")]),
    ("nsaids", {}, [("#status", "Select if you have taken anti-inflammatory painkillers")]),
    ("nsaid-details", {"count_tried": "0", "weeks_at_full_dose": "-1"},
     [("#count_tried", "Enter how many different NSAIDs you have tried as a whole number, from 1 to 10"),
      ("#weeks_at_full_dose", "Enter the number of weeks as a whole number, from 0 to 520"),
      ("#response", "Select how well NSAIDs are working for you")]),
    ("medicines", {}, [("#csdmards", "Select the tablets you have taken, or select 'None of these'"),
                       ("#advanced", "Select the medicines you have taken, or select 'None of these'")]),
    ("medicines", {"csdmards": ["none", "methotrexate"], "advanced": "none"},
     [("#csdmards", "Select the tablets you have taken, or select 'None of these', not both")]),
    ("medicine-details", {"methotrexate-status": "current"},
     [("#methotrexate-response", "Select how well methotrexate is working for you"),
      ("#methotrexate-duration", "Select how long you have been taking methotrexate, or select 'I'm not sure'")]),
    ("medicine-details", {"methotrexate-status": "past"},
     [("#methotrexate-response", "Select how well methotrexate worked for you"),
      ("#methotrexate-duration", "Select how long you took methotrexate for, or select 'I'm not sure'")]),
    ("other-treatments", {"exercise": "daily"},
     [("#exercise", "Select if you do exercises or physiotherapy for your back"),
      ("#steroid_injection", "Select yes if you have had a steroid injection"),
      ("#oral_steroids_now", "Select yes if you are taking steroid tablets now")]),
    ("symptoms", {"fatigue": "11", "spinal_pain": "lots", "peripheral_pain": "", "tenderness": "-0.5",
                  "stiffness_severity": "5", "stiffness_duration": "1000"},
     [("#fatigue", "Enter a number from 0 to 10 for how tired you have felt, for example 6 or 6.5"),
      ("#spinal_pain", "Enter a number from 0 to 10 for pain in your neck, back or hips, for example 6 or 6.5"),
      ("#peripheral_pain", "Enter a number from 0 to 10 for pain or swelling in other joints"),
      ("#tenderness", "Enter a number from 0 to 10 for areas that hurt to touch or press, for example 6 or 6.5"),
      ("#stiffness_duration", "Select how long your morning stiffness lasts")]),
    ("disease-activity", {"patient_global": "12"},
     [("#patient_global", "Enter a number from 0 to 10 for how active your condition has been, for example 4")]),
    ("blood-tests", {"crp_mg_l": "60", "crp_unit": "mg_dl", "esr_mm_h": "fast"},
     [("#crp_mg_l", "60 mg/dL would be 600 mg/L, more than a CRP result can be. Check the unit on your result: "
                    "if it says 60 mg/L, select mg/L"),
      ("#esr_mm_h", "Enter your ESR in mm/h as a number from 0 to 200, for example 25")]),
    ("other-health", {"conditions": ["none", "diabetes"], "cancer": "never", "tuberculosis": "never", "smoking": "never"},
     [("#conditions", "Select the conditions you have had, or select 'None of these', not both")]),
    ("other-health", {"cancer": "never", "tuberculosis": "never"},
     [("#conditions", "Select the conditions you have had, or select 'None of these'"),
      ("#smoking", "Select if you smoke")]),
    ("priorities", {"symptom_relief": "5", "avoid_side_effects": "3", "avoid_needles": "1", "low_cost": "2",
                    "convenience": "2", "fewer_visits": "1"},
     [("#symptom_relief", "Select how important this is to you: feeling better: less pain and stiffness"),
      ("#try_research", "Select how important this is to you: trying new treatments that are being researched")]),
    ("preferences", {"route_preference": "tablets"},
     [("#coverage", "Select how your medicines are paid for, or select 'I'm not sure'"),
      ("#trial_interest", "Select if you would like to hear about clinical trials"),
      ("#offered_stem_cells", "Select yes if anyone has offered you stem-cell treatment")]),
    ("your-questions", {"question-1": "ok", "question-2": "x" * 301},
     [("#question-2", "Question 2 must be 300 characters or fewer")]),
]


TYPED = {"age_years", "count_tried", "weeks_at_full_dose", "fatigue", "spinal_pain", "tenderness", "patient_global",
         "crp_mg_l", "esr_mm_h"}


@pytest.mark.parametrize(("slug", "data", "expected"), INVALID, ids=[f"{c[0]}-{i}" for i, c in enumerate(INVALID)])
def test_invalid_answers_show_a_summary_and_inline_messages_and_keep_what_was_typed(
        client_no_csrf: FlaskClient, slug: str, data: dict[str, Any], expected: list[tuple[str, str]]) -> None:
    start = {"schema": "axspa-decision-aid/answers/1", "about": {"sex": "female"},
             "treatments": {"nsaids": {"status": "current"}, **SETUP_MEDICINES}}
    set_answers(client_no_csrf, copy.deepcopy(start))
    response = client_no_csrf.post(f"/{slug}", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert title(page).startswith("Error: ")
    assert errors(page) == expected
    assert inline_errors(page) == [text for _, text in expected]  # same words inline, in the same order
    for name, value in data.items():
        if isinstance(value, str) and value and name in TYPED:
            assert f'value="{value}"' in page, value  # what was typed is never cleared
    assert session_answers(client_no_csrf) == start  # nothing saved
    for _, text in expected:
        assert not re.search(r"\b(invalid|please|sorry)\b", text, re.I)


def test_a_long_question_is_kept_in_the_box_after_an_error(client_no_csrf: FlaskClient) -> None:
    long = "é" * 301
    page = client_no_csrf.post("/your-questions", data={"question-1": long}).get_data(as_text=True)
    assert f">{long}</textarea>" in page


def test_optional_answers_can_be_left_blank_and_are_removed_when_cleared(client_no_csrf: FlaskClient) -> None:
    set_answers(client_no_csrf, copy.deepcopy(SAMPLE_ANSWERS))
    response = client_no_csrf.post("/blood-tests", data={"crp_mg_l": " ", "crp_unit": "mg_l", "esr_mm_h": ""})
    assert response.status_code == 302
    assert "crp_mg_l" not in session_answers(client_no_csrf)["activity"]


# ---------------------------------------------------------------------------------- navigation

def test_back_links_go_to_the_previous_page_that_applies(client_no_csrf: FlaskClient) -> None:
    set_answers(client_no_csrf, copy.deepcopy(SAMPLE_ANSWERS))  # a man, no DMARDs or biologics
    expected = {"about-you": "/", "planning-a-child": "/about-you", "your-condition": "/planning-a-child",
                "nsaid-details": "/nsaids", "other-treatments": "/medicines", "symptoms": "/other-treatments",
                "your-questions": "/preferences"}
    for slug, back in expected.items():
        assert back_link(client_no_csrf.get(f"/{slug}").get_data(as_text=True)) == back, slug
    set_answers(client_no_csrf, copy.deepcopy(FEMALE_ANSWERS))
    assert back_link(client_no_csrf.get("/your-condition").get_data(as_text=True)) == "/pregnancy"
    assert back_link(client_no_csrf.get("/other-treatments").get_data(as_text=True)) == "/medicine-details"
    assert back_link(client_no_csrf.get("/change/symptoms").get_data(as_text=True)) == "/check-answers"
    assert back_link(client_no_csrf.get("/check-answers").get_data(as_text=True)) == "/your-questions"


def test_pages_that_do_not_apply_send_the_person_on(client_no_csrf: FlaskClient) -> None:
    set_answers(client_no_csrf, copy.deepcopy(SAMPLE_ANSWERS))
    assert client_no_csrf.get("/pregnancy").headers["Location"] == "/check-answers"
    assert client_no_csrf.post("/medicine-details", data={}).headers["Location"] == "/check-answers"
    assert client_no_csrf.get("/no-such-page").status_code == 404


def test_changing_an_answer_returns_to_check_answers(client_no_csrf: FlaskClient) -> None:
    set_answers(client_no_csrf, copy.deepcopy(SAMPLE_ANSWERS))
    page = client_no_csrf.get("/change/symptoms").get_data(as_text=True)
    assert 'action="/change/symptoms"' in page
    data = {**MALE_POSTS["symptoms"], "fatigue": "2"}
    response = client_no_csrf.post("/change/symptoms", data=data)
    assert response.headers["Location"] == "/check-answers"
    assert session_answers(client_no_csrf)["activity"]["basdai"]["fatigue"] == 2


def test_a_change_that_needs_follow_up_questions_asks_them_first(client_no_csrf: FlaskClient) -> None:
    set_answers(client_no_csrf, copy.deepcopy(FEMALE_ANSWERS))
    ticked = {"csdmards": ["sulfasalazine"], "advanced": ["adalimumab", "secukinumab", "upadacitinib"]}
    response = client_no_csrf.post("/change/medicines", data=ticked)
    assert response.headers["Location"] == "/change/medicine-details"
    details = client_no_csrf.get("/change/medicine-details").get_data(as_text=True)
    assert "Are you still taking upadacitinib?" in details
    assert re.search(r'value="lost_response"\s+checked', details)  # earlier answers kept
    response = client_no_csrf.post("/change/medicine-details", data={
        **FEMALE_POSTS["medicine-details"], "upadacitinib-status": "current", "upadacitinib-response": "good",
        "upadacitinib-duration": "under_12_weeks"})
    assert response.headers["Location"] == "/check-answers"
    advanced = session_answers(client_no_csrf)["treatments"]["advanced"]
    assert advanced[-1] == {"drug": "upadacitinib", "status": "current", "response": "good",
                            "duration": "under_12_weeks"}
    assert advanced[0] == FEMALE_ANSWERS["treatments"]["advanced"][0]


def test_unticking_a_medicine_drops_its_details(client_no_csrf: FlaskClient) -> None:
    set_answers(client_no_csrf, copy.deepcopy(FEMALE_ANSWERS))
    response = client_no_csrf.post("/change/medicines", data={"csdmards": "none", "advanced": "secukinumab"})
    assert response.headers["Location"] == "/check-answers"
    treatments = session_answers(client_no_csrf)["treatments"]
    assert treatments["csdmards"] == []
    assert treatments["advanced"] == [{"drug": "secukinumab", "status": "current", "response": "partial",
                                       "duration": "12_to_15_weeks"}]


def test_changing_sex_asks_the_right_pregnancy_question(client_no_csrf: FlaskClient) -> None:
    set_answers(client_no_csrf, copy.deepcopy(FEMALE_ANSWERS))
    response = client_no_csrf.post("/change/about-you", data={"age_years": "29", "sex": "male", "country": "US"})
    assert response.headers["Location"] == "/change/planning-a-child"
    assert "pregnancy" not in session_answers(client_no_csrf)["about"]
    assert client_no_csrf.get("/check-answers").headers["Location"] == "/planning-a-child"
    client_no_csrf.post("/change/planning-a-child", data={"pregnancy": "yes"})
    assert session_answers(client_no_csrf)["about"]["pregnancy"] == "planning"
    # Female -> other keeps the pregnancy answer: the same question applies.
    set_answers(client_no_csrf, copy.deepcopy(FEMALE_ANSWERS))
    response = client_no_csrf.post("/change/about-you", data={"age_years": "29", "sex": "other", "country": "US"})
    assert response.headers["Location"] == "/check-answers"


def test_nsaid_details_are_asked_only_if_tried(client_no_csrf: FlaskClient) -> None:
    set_answers(client_no_csrf, copy.deepcopy(SAMPLE_ANSWERS))
    assert client_no_csrf.post("/change/nsaids", data={"status": "never"}).headers["Location"] == "/check-answers"
    assert session_answers(client_no_csrf)["treatments"]["nsaids"] == {"status": "never", "count_tried": 0,
                                                                       "weeks_at_full_dose": 0}
    assert answers.is_complete(session_answers(client_no_csrf))
    assert client_no_csrf.post("/change/nsaids", data={"status": "past"}).headers["Location"] == "/change/nsaid-details"
    assert 'value="0"' not in client_no_csrf.get("/change/nsaid-details").get_data(as_text=True)  # fresh, not 0


# ------------------------------------------------------------------------------- check answers

def test_check_answers_lists_every_answer_with_a_change_link_and_the_scores(client_no_csrf: FlaskClient) -> None:
    set_answers(client_no_csrf, copy.deepcopy(SAMPLE_ANSWERS))
    page = client_no_csrf.get("/check-answers").get_data(as_text=True)
    assert "Step 7 of 7" in page
    assert "ASDAS 3.8: very high disease activity" in page
    assert "BASDAI 5.1 out of 10" in page
    assert re.search(r'href="/change/about-you#age_years">Change<span class="govuk-visually-hidden"> Age</span>', page)
    assert re.search(r"ESR \(erythrocyte sedimentation rate\)\s*</dt>\s*<dd[^>]*>\s*Not provided", page)
    assert "How long before I know if a new medicine works?" in page
    assert "1 hour" in page and "United Kingdom" in page
    for section in ("About you", "Your condition", "Treatments so far", "How things are now",
                    "Other health matters", "What matters to you"):
        assert f'<h2 class="govuk-heading-m">{section}</h2>' in page
    assert 'href="/save-answers"' in page and 'href="/sheet"' in page
    assert re.search(r"<dt[^>]*>\s*Planning a child\s*</dt>", page)  # only the question that applied
    assert not re.search(r"<dt[^>]*>\s*Pregnancy\s*</dt>", page)


def test_check_answers_escapes_what_people_typed(client_no_csrf: FlaskClient) -> None:
    doc = copy.deepcopy(SAMPLE_ANSWERS)
    doc["goals"]["own_questions"] = ["<script>alert(1)</script>"]
    set_answers(client_no_csrf, doc)
    page = client_no_csrf.get("/check-answers").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page


def test_check_answers_sends_incomplete_answers_to_the_first_gap(client_no_csrf: FlaskClient) -> None:
    assert client_no_csrf.get("/check-answers").headers["Location"] == "/about-you"
    doc = copy.deepcopy(SAMPLE_ANSWERS)
    del doc["condition"]
    del doc["health"]["smoking"]
    set_answers(client_no_csrf, doc)
    assert client_no_csrf.get("/check-answers").headers["Location"] == "/your-condition"


def test_check_answers_says_why_asdas_is_missing(client_no_csrf: FlaskClient) -> None:
    doc = copy.deepcopy(SAMPLE_ANSWERS)
    del doc["activity"]["crp_mg_l"]
    set_answers(client_no_csrf, doc)
    page = client_no_csrf.get("/check-answers").get_data(as_text=True)
    assert "Your ASDAS score could not be worked out: it needs a CRP or ESR blood test result." in page
    assert "BASDAI 5.1" in page


def test_start_again_clears_everything(client: FlaskClient) -> None:
    set_answers(client, copy.deepcopy(SAMPLE_ANSWERS))
    from test_journey_helpers import csrf_token

    token = csrf_token(client.get("/symptoms").get_data(as_text=True))
    response = client.post("/start-again", data={"csrf_token": token})
    assert response.headers["Location"] == "/"
    assert session_answers(client) is None
    assert client.get("/check-answers").headers["Location"] == "/about-you"


def test_nothing_a_person_enters_is_logged(client_no_csrf: FlaskClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    walk(client_no_csrf, FEMALE_POSTS)
    client_no_csrf.get("/check-answers")
    logged = caplog.text
    for secret in ("Is it safe", "sulfasalazine", "secukinumab", "crohns", "29"):
        assert secret not in logged


def test_a_saved_stiffness_time_that_is_not_on_the_list_is_kept(client_no_csrf: FlaskClient) -> None:
    """A resumed file may hold any 0-10 value; showing and re-saving the page must not change it."""
    doc = copy.deepcopy(SAMPLE_ANSWERS)
    doc["activity"]["basdai"]["stiffness_duration"] = 6
    set_answers(client_no_csrf, doc)
    page = client_no_csrf.get("/symptoms").get_data(as_text=True)
    assert re.search(r'value="saved:6"\s+checked', page) and "About 72 minutes (your saved answer)" in page
    data = {**MALE_POSTS["symptoms"], "stiffness_duration": "saved:6"}
    assert client_no_csrf.post("/change/symptoms", data=data).headers["Location"] == "/check-answers"
    assert session_answers(client_no_csrf)["activity"]["basdai"]["stiffness_duration"] == 6
    assert "About 72 minutes" in client_no_csrf.get("/check-answers").get_data(as_text=True)
    response = client_no_csrf.post("/symptoms", data={**data, "stiffness_duration": "saved:nan"})
    assert errors(response.get_data(as_text=True))[-1][1] == "Select how long your morning stiffness lasts"


def test_the_start_page_states_the_inactivity_limit_from_the_settings() -> None:
    from decision_aid import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "k" * 40, "PERMANENT_SESSION_LIFETIME": 45 * 60})
    assert "do not use the tool for 45 minutes" in app.test_client().get("/").get_data(as_text=True)
