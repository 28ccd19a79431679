"""Shared data and helpers for the journey tests: valid answers for every page, page parsing."""

from __future__ import annotations

import copy
import html
import re
from typing import Any

from flask.testing import FlaskClient

# Valid form posts that produce SAMPLE_ANSWERS (tests/conftest.py): a man, NSAIDs now, no other medicines.
MALE_POSTS: dict[str, dict[str, Any]] = {
    "about-you": {"age_years": "34", "sex": "male", "country": "GB"},
    "planning-a-child": {"pregnancy": "no"},
    "your-condition": {"diagnosis": "ankylosing_spondylitis", "peripheral_arthritis": "no", "enthesitis": "yes",
                       "uveitis": "never", "ibd": "none", "psoriasis": "none"},
    "nsaids": {"status": "current"},
    "nsaid-details": {"count_tried": "2", "weeks_at_full_dose": "8", "response": "partial"},
    "medicines": {"csdmards": "none", "advanced": "none"},
    "other-treatments": {"exercise": "sometimes", "steroid_injection": "no", "oral_steroids_now": "no"},
    "symptoms": {"fatigue": "6", "spinal_pain": "7", "peripheral_pain": "3", "tenderness": "4",
                 "stiffness_severity": "6", "stiffness_duration": "60"},
    "disease-activity": {"patient_global": "6"},
    "blood-tests": {"crp_mg_l": "20", "crp_unit": "mg_l", "esr_mm_h": ""},
    "other-health": {"conditions": "none", "cancer": "never", "tuberculosis": "never", "smoking": "never"},
    "priorities": {"symptom_relief": "4", "avoid_side_effects": "3", "avoid_needles": "1", "low_cost": "2",
                   "convenience": "2", "fewer_visits": "1", "try_research": "1"},
    "preferences": {"route_preference": "no_preference", "coverage": "public", "trial_interest": "maybe",
                    "offered_stem_cells": "no"},
    "your-questions": {"question-1": "How long before I know if a new medicine works?", "question-2": ""},
}

# A woman who has tried two medicines, with CRP in mg/dL: every page applies to her.
FEMALE_POSTS: dict[str, dict[str, Any]] = {
    "about-you": {"age_years": "29", "sex": "female", "country": "US"},
    "pregnancy": {"pregnancy": "planning"},
    "your-condition": {"diagnosis": "non_radiographic_axspa", "peripheral_arthritis": "yes", "enthesitis": "no",
                       "uveitis": "recurrent", "ibd": "crohns", "psoriasis": "mild"},
    "nsaids": {"status": "past"},
    "nsaid-details": {"count_tried": "3", "weeks_at_full_dose": "12", "response": "not_tolerated"},
    "medicines": {"csdmards": ["sulfasalazine"], "advanced": ["adalimumab", "secukinumab"]},
    "medicine-details": {"sulfasalazine-status": "past", "sulfasalazine-response": "none",
                         "sulfasalazine-duration": "16_weeks_or_more",
                         "adalimumab-status": "past", "adalimumab-response": "lost_response",
                         "adalimumab-duration": "16_weeks_or_more",
                         "secukinumab-status": "current", "secukinumab-response": "partial",
                         "secukinumab-duration": "12_to_15_weeks"},
    "other-treatments": {"exercise": "regular", "steroid_injection": "yes", "oral_steroids_now": "no"},
    "symptoms": {"fatigue": "7.5", "spinal_pain": "6", "peripheral_pain": "5", "tenderness": "2,5",
                 "stiffness_severity": "8", "stiffness_duration": "90"},
    "disease-activity": {"patient_global": ""},
    "blood-tests": {"crp_mg_l": "1.2", "crp_unit": "mg_dl", "esr_mm_h": "35"},
    "other-health": {"conditions": ["high_blood_pressure", "depression"], "cancer": "over_5_years",
                     "tuberculosis": "not_sure", "smoking": "former"},
    "priorities": {"symptom_relief": "4", "avoid_side_effects": "4", "avoid_needles": "0", "low_cost": "3",
                   "convenience": "2", "fewer_visits": "2", "try_research": "0"},
    "preferences": {"route_preference": "tablets", "coverage": "private", "trial_interest": "no",
                    "offered_stem_cells": "yes"},
    "your-questions": {"question-1": "Is it safe\r\nin pregnancy?", "question-2": "  ",
                       "question-3": "Can I   stop sulfasalazine?", "question-4": "", "question-5": ""},
}

FEMALE_ANSWERS: dict[str, Any] = {
    "schema": "axspa-decision-aid/answers/1",
    "about": {"age_years": 29, "sex": "female", "country": "US", "pregnancy": "planning"},
    "condition": {"diagnosis": "non_radiographic_axspa", "peripheral_arthritis": True, "enthesitis": False,
                  "uveitis": "recurrent", "ibd": "crohns", "psoriasis": "mild"},
    "treatments": {
        "nsaids": {"status": "past", "count_tried": 3, "weeks_at_full_dose": 12, "response": "not_tolerated"},
        "csdmards": [{"drug": "sulfasalazine", "status": "past", "response": "none", "duration": "16_weeks_or_more"}],
        "advanced": [{"drug": "adalimumab", "status": "past", "response": "lost_response",
                      "duration": "16_weeks_or_more"},
                     {"drug": "secukinumab", "status": "current", "response": "partial", "duration": "12_to_15_weeks"}],
        "exercise": "regular", "steroid_injection": True, "oral_steroids_now": False,
    },
    "activity": {
        "basdai": {"fatigue": 7.5, "spinal_pain": 6, "peripheral_pain": 5, "tenderness": 2.5,
                   "stiffness_severity": 8, "stiffness_duration": 7.5},
        "crp_mg_l": 12, "crp_unit": "mg_dl", "esr_mm_h": 35,
    },
    "health": {
        "heart_disease": False, "heart_failure": False, "high_blood_pressure": True, "kidney_disease": False,
        "liver_disease": False, "stomach_ulcer_or_bleed": False, "blood_thinners": False, "blood_clots": False,
        "serious_infections": False, "hepatitis_b_or_c": False, "multiple_sclerosis": False, "depression": True,
        "diabetes": False, "cancer": "over_5_years", "tuberculosis": "not_sure", "smoking": "former",
    },
    "goals": {
        "importance": {"symptom_relief": 4, "avoid_side_effects": 4, "avoid_needles": 0, "low_cost": 3,
                       "convenience": 2, "fewer_visits": 2, "try_research": 0},
        "route_preference": "tablets", "coverage": "private", "trial_interest": "no", "offered_stem_cells": True,
        "own_questions": ["Is it safe in pregnancy?", "Can I stop sulfasalazine?"],
    },
}


def walk(client: FlaskClient, posts: dict[str, dict[str, Any]]) -> list[str]:
    """Answer the journey from the first page, following redirects; return the pages visited."""
    url, seen = "/about-you", []
    while url != "/check-answers":
        slug = url.strip("/")
        assert client.get(url).status_code == 200, url
        response = client.post(url, data=posts[slug])
        assert response.status_code == 302, (slug, errors(response.get_data(as_text=True)))
        seen.append(slug)
        url = response.headers["Location"]
    return seen


def session_answers(client: FlaskClient) -> Any:
    with client.session_transaction() as sess:
        return sess.get("answers")


def resumed_answers(client: FlaskClient, saved: dict[str, Any]) -> Any:
    """The session's answers after Resume of the file `saved`, without the file's own visit that Resume
    keeps aside (history.on_resume: `history.loaded`, a snapshot of the file, and the empty `history`
    it starts when the file had no earlier visits); checks that visit is the file's."""
    from decision_aid import answers, history

    doc = copy.deepcopy(session_answers(client))
    if not answers.is_complete(saved):  # a part-way file has no visit to keep yet
        assert "loaded" not in (doc.get("history") or {})
        return doc
    loaded = doc["history"].pop("loaded")
    assert history.same_values(loaded, history.snapshot(saved, None))
    assert loaded.get("date") == saved.get("answered_on", loaded.get("date"))
    if "history" not in saved and doc["history"] == {"version": history.VERSION, "visits": []}:
        doc.pop("history")
    return doc


def set_answers(client: FlaskClient, doc: dict[str, Any]) -> None:
    with client.session_transaction() as sess:
        sess["answers"] = doc


_SUMMARY = re.compile(r'<div class="govuk-error-summary".*?</ul>', re.S)
_LINK = re.compile(r'<a href="(#[^"]*)"[^>]*>\s*(.*?)\s*</a>', re.S)
_INLINE = re.compile(r'class="govuk-error-message">\s*<span class="govuk-visually-hidden">Error:</span>\s*(.*?)\s*</p>', re.S)


def errors(page: str) -> list[tuple[str, str]]:
    """(href, text) for each error-summary link."""
    found = _SUMMARY.search(page)
    return [(href, html.unescape(text)) for href, text in _LINK.findall(found.group(0))] if found else []


def inline_errors(page: str) -> list[str]:
    return [html.unescape(m) for m in _INLINE.findall(page)]


def title(page: str) -> str:
    found = re.search(r"<title>(.*?)</title>", page, re.S)
    return html.unescape(found.group(1)) if found else ""


def back_link(page: str) -> str | None:
    found = re.search(r'<a href="([^"]*)" class="govuk-back-link[ "]', page)
    return found.group(1) if found else None


def csrf_token(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, "no CSRF token on the page"
    return found.group(1)
