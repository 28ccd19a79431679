"""Progress from visit to visit: the history an answers file carries, when a visit becomes history, the
change categories (against a hand-written table), the chart, and the 4 KB cookie with 12 visits."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import random
import re
import string
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from personas import BASE, HIGH_ACTIVITY, make
from test_session import COOKIE_LIMIT, largest_structure, set_cookie_header

from decision_aid import history
from decision_aid.answers import check_answers, parse_answers, validate_answers
from decision_aid.engine import Facts, load_content_cached
from decision_aid.sheet import build_sheet

TODAY = dt.date(2026, 6, 10)
NOW = dt.datetime(2026, 6, 10, 12, tzinfo=dt.UTC)

# ---------------------------------------------------------------------- the hand-written table of cases
# (ASDAS before, ASDAS now, category): Machado 2011 (fall ≥ 1.1 important, ≥ 2.0 major), Molto 2018 (rise ≥ 0.9)
ASDAS_TABLE = [
    (3.8, 1.5, "major_improvement"),       # A → C in the evidence brief: down 2.3
    (3.5, 1.5, "major_improvement"),       # down exactly 2.0
    (3.5, 1.6, "important_improvement"),   # down 1.9
    (3.5, 2.4, "important_improvement"),   # down exactly 1.1
    (3.5, 2.5, "no_important_change"),     # down 1.0
    (2.0, 2.0, "no_important_change"),
    (2.0, 2.8, "no_important_change"),     # up 0.8
    (2.0, 2.9, "worsening"),               # up exactly 0.9
    (1.0, 4.2, "worsening"),
    (0.0, 0.0, "no_important_change"),
]
# (BASDAI before, BASDAI now, category): NICE TA383 — down to half or less, or by 2 points or more
BASDAI_TABLE = [
    (6.0, 3.0, "response"),      # to half
    (6.0, 4.0, "response"),      # down exactly 2
    (6.0, 4.1, "no_response"),   # down 1.9, not half
    (3.0, 1.5, "response"),      # to half, only 1.5 points
    (3.0, 1.6, "no_response"),
    (0.0, 0.0, "no_response"),   # nothing to fall from
    (2.0, 5.0, "no_response"),   # worse
    (10.0, 8.0, "response"),
]


def v(asdas: float | None, basdai: float = 5.0, kind: str = "CRP", **extra: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {"basdai": basdai, "advanced": [], **extra}
    if asdas is not None:
        entry.update(asdas=asdas, asdas_kind=kind)
    return entry


@pytest.mark.parametrize(("before", "now", "expected"), ASDAS_TABLE)
def test_asdas_change_table(before: float, now: float, expected: str) -> None:
    assert history.asdas_change(v(before), v(now)) == expected


@pytest.mark.parametrize(("before", "now", "expected"), BASDAI_TABLE)
def test_basdai_change_table(before: float, now: float, expected: str) -> None:
    assert history.basdai_change(v(None, before), v(None, now)) == expected


def test_asdas_is_not_compared_across_blood_tests_or_without_a_value() -> None:
    assert history.asdas_change(v(4.0, kind="ESR"), v(2.0, kind="CRP")) is None
    assert history.asdas_change(v(None), v(2.0)) is None
    assert history.asdas_change(None, v(2.0)) is None


def table_category(before: dict[str, Any] | None, now: dict[str, Any]) -> str | None:
    """The oracle for the property test: the published cut-offs as a lookup over tenths of a point."""
    if before is None or before.get("asdas") is None or now.get("asdas") is None:
        return None
    if before["asdas_kind"] != now["asdas_kind"]:
        return None
    change = round(now["asdas"] * 10) - round(before["asdas"] * 10)
    bands = [(-1000, -20, "major_improvement"), (-19, -11, "important_improvement"),
             (-10, 8, "no_important_change"), (9, 1000, "worsening")]
    return next(name for low, high, name in bands if low <= change <= high)


# ------------------------------------------------------------------ hypothesis over whole histories

dates = st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2030, 12, 31)).map(dt.date.isoformat)
tenths = st.integers(min_value=0, max_value=100).map(lambda t: t / 10)
visit_st = st.fixed_dictionaries(
    {"basdai": tenths},
    optional={"date": dates, "crp_mg_l": st.integers(0, 5000).map(lambda t: t / 10),
              "advanced": st.lists(st.sampled_from(["adalimumab", "secukinumab", "upadacitinib"]), max_size=1)},
).flatmap(lambda d: st.one_of(
    st.just(d),  # no ASDAS (no CRP or ESR that time)
    st.tuples(st.integers(0, 70).map(lambda t: t / 10), st.sampled_from(["CRP", "ESR"]))
    .map(lambda a: {**d, "asdas": a[0], "asdas_kind": a[1]}),
))
current_st = st.fixed_dictionaries({
    "spinal": st.integers(0, 10), "global": st.integers(0, 10),
    "lab": st.one_of(st.none(), st.tuples(st.sampled_from(["crp_mg_l", "esr_mm_h"]), st.integers(0, 150))),
})


def _current_doc(c: dict[str, Any], earlier: list[dict[str, Any]]) -> dict[str, Any]:
    doc = make({**HIGH_ACTIVITY, "activity.crp_mg_l": None})
    doc["activity"]["basdai"]["spinal_pain"] = c["spinal"]
    doc["activity"]["patient_global"] = c["global"]
    if c["lab"] is not None:
        doc["activity"][c["lab"][0]] = c["lab"][1]
    doc["answered_on"] = TODAY.isoformat()
    if earlier:
        doc["history"] = {"version": 1, "visits": earlier}
    return doc


@settings(max_examples=150, deadline=None)
@given(st.lists(visit_st, max_size=12), current_st)
def test_change_categories_match_the_table_for_any_history(earlier: list[dict[str, Any]], c: dict[str, Any]) -> None:
    doc = _current_doc(c, earlier)
    assert check_answers(doc) == [], check_answers(doc)
    content = load_content_cached()
    sheet = build_sheet(content, doc, now=NOW)
    progress = sheet["progress"]
    if not earlier:
        assert progress is None
        return
    now = history.current_visit(doc)
    assert progress["asdas_change"] == table_category(earlier[-1], now)
    assert Facts(history.as_of(doc, TODAY))["asdas_change"] == table_category(earlier[-1], now)
    assert [r["asdas"] for r in progress["visits"]] == [e.get("asdas") for e in earlier] + [now.get("asdas")]
    assert len(progress["visits"]) == len(earlier) + 1 and progress["visits"][-1]["current"]
    # every visit's values are in the text alternative (the table) and the chart draws each ASDAS
    html = _progress_html(sheet)
    for row in progress["visits"]:
        assert row["date_label"] in html and row["asdas_label"] in html
    assert html.count("<circle") == sum(1 for r in progress["visits"] if r["asdas"] is not None)


def _progress_html(sheet: dict[str, Any]) -> str:
    from decision_aid import render

    html = render.sheet_html(sheet)
    start = html.index('id="progress-heading"')
    return html[start:html.index("</section>", start)]


# ------------------------------------------------------- when a visit becomes history (resume and save)

def _resumed(doc: dict[str, Any], filename: str = "answers.json") -> dict[str, Any]:
    return history.on_resume(parse_answers(json.dumps(doc)), filename)


def _file(day: str, *, earlier: int = 0) -> dict[str, Any]:
    doc = make(HIGH_ACTIVITY)
    doc["answered_on"] = day
    if earlier:
        doc["history"] = {"version": 1, "visits": [v(3.0 + i / 10, date=f"2024-{i % 12 + 1:02d}-01")
                                                   for i in range(earlier)]}
    return doc


def test_changed_scores_on_a_later_day_make_the_file_visit_history() -> None:
    session_doc = _resumed(_file("2026-03-01"))
    session_doc["activity"]["crp_mg_l"] = 4  # a new blood test result
    saved = history.as_of(session_doc, TODAY)
    assert [e["date"] for e in saved["history"]["visits"]] == ["2026-03-01"]
    assert saved["history"]["visits"][0]["crp_mg_l"] == 18
    assert saved["answered_on"] == TODAY.isoformat() and "loaded" not in saved["history"]
    assert validate_answers(saved)


def test_unchanged_answers_are_the_same_visit_looked_at_again() -> None:
    session_doc = _resumed(_file("2026-03-01", earlier=2))
    session_doc["goals"]["own_questions"] = ["A new question, not a new visit"]
    saved = history.as_of(session_doc, TODAY)
    assert len(saved["history"]["visits"]) == 2 and saved["answered_on"] == "2026-03-01"


def test_a_change_on_the_day_the_file_was_saved_corrects_that_visit() -> None:
    session_doc = _resumed(_file(TODAY.isoformat(), earlier=1))
    session_doc["activity"]["crp_mg_l"] = 4
    saved = history.as_of(session_doc, TODAY)
    assert len(saved["history"]["visits"]) == 1 and saved["answered_on"] == TODAY.isoformat()


def test_a_new_medicine_alone_makes_a_new_visit() -> None:
    session_doc = _resumed(_file("2026-03-01"))
    session_doc["treatments"]["advanced"] = [{"drug": "secukinumab", "status": "current", "response": "partial"}]
    saved = history.as_of(session_doc, TODAY)
    assert saved["history"]["visits"][-1]["advanced"] == []


def test_at_most_12_earlier_visits_oldest_dropped() -> None:
    session_doc = _resumed(_file("2026-03-01", earlier=12))
    oldest_kept = session_doc["history"]["visits"][1]
    session_doc["activity"]["crp_mg_l"] = 4
    saved = history.as_of(session_doc, TODAY)
    assert len(saved["history"]["visits"]) == 12
    assert saved["history"]["visits"][0] == oldest_kept and saved["history"]["visits"][-1]["date"] == "2026-03-01"


def test_an_older_file_without_a_date_takes_it_from_the_file_name() -> None:
    old = make(HIGH_ACTIVITY)  # saved before answered_on and history existed: still loads
    session_doc = _resumed(old, "as-treatment-options-answers-2025-11-30.json")
    session_doc["activity"]["crp_mg_l"] = 4
    assert history.as_of(session_doc, TODAY)["history"]["visits"][0]["date"] == "2025-11-30"
    undated = _resumed(old, "mine.json")
    undated["activity"]["crp_mg_l"] = 4
    saved = history.as_of(undated, TODAY)
    assert "date" not in saved["history"]["visits"][0] and validate_answers(saved)
    sheet = build_sheet(load_content_cached(), saved, now=NOW)
    assert sheet["progress"]["last_date_label"] == "date not recorded"


def test_a_fresh_start_has_no_history_and_todays_date() -> None:
    saved = history.as_of(make({}), TODAY)
    assert "history" not in saved and saved["answered_on"] == TODAY.isoformat()
    assert build_sheet(load_content_cached(), make({}), now=NOW)["progress"] is None


def test_a_newer_history_version_is_refused_with_its_field_named() -> None:
    doc = _file("2026-03-01", earlier=1)
    doc["history"]["version"] = 2
    assert [e.field for e in check_answers(doc)] == ["history.version"]


def _upload(client: FlaskClient, doc: dict[str, Any], name: str) -> None:
    with client.session_transaction():
        pass
    page = client.post("/resume", data={"answers": (io.BytesIO(json.dumps(doc).encode()), name)},
                       content_type="multipart/form-data")
    assert page.status_code == 302, page.get_data(as_text=True)[:500]


def test_resume_change_and_save_through_the_app(client_no_csrf: FlaskClient) -> None:
    """What a person does: Resume from January's file, give a new blood test, see the sheet, save."""
    _upload(client_no_csrf, _file("2026-01-14", earlier=1), "as-treatment-options-answers-2026-01-14.json")
    with client_no_csrf.session_transaction() as sess:
        doc = copy.deepcopy(sess["answers"])
        doc["activity"]["crp_mg_l"] = 2  # as the blood-test page would store it
        sess["answers"] = doc
    sheet = client_no_csrf.get("/sheet").get_data(as_text=True)
    assert "Since your last visit (14 January 2026)" in sheet
    assert "<svg" in sheet and "Your scores at each visit" in sheet
    saved = json.loads(client_no_csrf.get("/save-answers").get_data(as_text=True))
    assert [e["date"] for e in saved["history"]["visits"]] == ["2024-01-01", "2026-01-14"]
    assert saved["answered_on"] == history.today().isoformat() and "loaded" not in saved["history"]
    assert parse_answers(json.dumps(saved))  # the saved file loads again


# ------------------------------------------------------------------------------- the 4 KB cookie

def _twelve_visits(rng: random.Random) -> list[dict[str, Any]]:
    drugs = ["adalimumab", "etanercept", "secukinumab", "upadacitinib", "bimekizumab"]
    return [{"date": f"20{rng.randint(10, 30)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
             "basdai": rng.randint(0, 100) / 10, "asdas": rng.randint(0, 100) / 10,
             "asdas_kind": rng.choice(["CRP", "ESR"]), "crp_mg_l": rng.randint(0, 5000) / 10,
             "esr_mm_h": rng.randint(0, 2000) / 10, "advanced": sorted(rng.sample(drugs, 3))} for _ in range(12)]


def test_fullest_document_with_12_visits_and_a_resumed_visit_fits(app: Flask, sample_answers: dict) -> None:
    doc = largest_structure(sample_answers)
    rng = random.Random(4)  # random printable text compresses worst of all ASCII text
    doc["goals"]["own_questions"] = ["".join(rng.choice(string.printable[:95]) for _ in range(300)) for _ in range(5)]
    doc["answered_on"] = "2026-03-01"
    doc["history"] = {"version": 1, "visits": _twelve_visits(rng)}
    assert check_answers(doc) == []
    session_doc = history.on_resume(doc, None)
    assert check_answers(session_doc) == []
    assert len(session_doc["history"]["visits"]) == 12 and "left_out" not in session_doc["history"]
    assert len(set_cookie_header(app, session_doc).encode()) <= COOKIE_LIMIT


def test_when_questions_fill_the_cookie_older_visits_are_left_out_and_the_sheet_says_so(
        app: Flask, sample_answers: dict) -> None:
    doc = largest_structure(sample_answers)
    rng = random.Random(1)
    doc["goals"]["own_questions"] = ["".join(chr(rng.randrange(0x4E00, 0x9FFF)) for _ in range(150))
                                     for _ in range(5)]
    doc["goals"]["own_questions"][-1] = doc["goals"]["own_questions"][-1][:40]
    doc["history"] = {"version": 1, "visits": _twelve_visits(rng)}
    assert [e.field for e in check_answers(doc)] == ["goals.own_questions"]  # too big with all 12
    trimmed = history.fit(copy.deepcopy(doc))
    assert check_answers(trimmed) == []
    left = trimmed["history"]["left_out"]
    assert 1 <= left < 12 and len(trimmed["history"]["visits"]) == 12 - left
    assert len(set_cookie_header(app, trimmed).encode()) <= COOKIE_LIMIT
    saved = history.as_of(trimmed, TODAY)  # the file leaves room for Resume to add the visit it holds
    said = saved["history"]["left_out"]
    assert said >= left and len(saved["history"]["visits"]) == 12 - said
    html = _progress_html(build_sheet(load_content_cached(), trimmed, now=NOW))
    assert re.search(rf"{said} older visits? (was|were) left out", html)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(alphabet=st.characters(min_codepoint=32, exclude_categories=("Cs", "Cc")),
                        min_size=1, max_size=300), max_size=5),
       st.integers(0, 12), st.randoms(use_true_random=False))
def test_every_resumed_document_with_history_fits_the_cookie(app: Flask, sample_answers: dict, questions: list[str],
                                                             count: int, rng: random.Random) -> None:
    doc = largest_structure(sample_answers)
    doc["goals"]["own_questions"] = questions
    if check_answers(doc):
        return  # refused with a message whatever the history (test_session.py)
    doc["history"] = {"version": 1, "visits": _twelve_visits(rng)[:count]}
    session_doc = history.on_resume(history.fit(doc), None)
    assert check_answers(session_doc) == []
    assert len(set_cookie_header(app, session_doc).encode()) <= COOKIE_LIMIT
    saved = history.as_of(session_doc, TODAY)
    assert check_answers(saved) == [] and len(saved.get("history", {}).get("visits", [])) <= 12


# ----------------------------------------------------------------------------------- facts and chart

def test_weeks_on_the_current_medicine_from_the_persons_answer_or_the_visits() -> None:
    doc = make({**HIGH_ACTIVITY, "answered_on": "2026-06-10",
                "treatments.advanced": [{"drug": "adalimumab", "status": "current", "response": "partial"}]})
    doc["history"] = {"version": 1, "visits": [v(3.0, date="2025-01-01"), v(3.0, date="2026-03-04",
                                                                             advanced=["adalimumab"])]}
    assert Facts(doc)["weeks_on_current_advanced"] == 14
    doc["treatments"]["advanced"][0]["duration"] = "under_12_weeks"
    assert Facts(doc)["weeks_on_current_advanced"] == 0  # the person's own answer wins
    doc["treatments"]["advanced"][0].pop("duration")
    doc["history"]["visits"][-1]["date"] = "2027-01-01"  # a date after today: not known
    assert Facts(doc)["weeks_on_current_advanced"] is None


def test_the_chart_draws_four_named_bands_and_is_the_same_in_page_and_pdf_markup() -> None:
    from decision_aid import render

    doc = make({**HIGH_ACTIVITY, "answered_on": "2026-06-10"})
    doc["history"] = {"version": 1, "visits": [v(4.4, date="2025-06-01"), v(None, date="2025-09-01"),
                                               v(1.0, date="2026-01-01")]}
    sheet = build_sheet(load_content_cached(), doc, now=NOW)
    svg = re.search(r"<svg.*?</svg>", render.sheet_html(sheet), re.S)
    brief = re.search(r"<svg.*?</svg>", render.sheet_html(sheet, brief=True), re.S)
    assert svg and brief and svg.group(0) == brief.group(0)
    chart = svg.group(0)
    for band in ("Inactive", "Low", "High", "Very high"):
        assert f">{band}</text>" in chart
    assert chart.count("<circle") == 3 and ">4.4</text>" in chart and ">1.0</text>" in chart
    assert chart.count("<polyline") == 1  # the visit without an ASDAS breaks the line
    assert 'role="img"' in chart and "style=" not in chart  # no inline styles (CSP)
    assert sheet["progress"]["asdas_change"] == "worsening"  # 1.0 → 3.9


def test_base_persona_is_unchanged_by_history_support() -> None:
    """Files from before: no history, no progress part, the same notes."""
    sheet = build_sheet(load_content_cached(), copy.deepcopy(BASE), now=NOW)
    assert sheet["progress"] is None
