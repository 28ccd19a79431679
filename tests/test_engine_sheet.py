"""build_sheet produces exactly the sheet dict of docs/architecture.md, for every persona."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from personas import PERSONAS, make

from decision_aid.answers import validate_answers
from decision_aid.engine import LEVELS, OPTION_IDS, Content, load_content_cached
from decision_aid.sheet import build_sheet

TOP_KEYS = {"schema", "generated_at", "content_version", "reviewed_on", "next_review_due", "update_policy", "funding",
            "conflicts", "reading_level", "decision", "country", "paper", "scores", "situation", "priorities",
            "grid_rows", "options", "questions_to_ask", "sure", "sources"}
OPTION_KEYS = {"id", "title", "also_called", "summary", "highlight", "highlight_reasons", "withheld_highlight", "notes",
               "pros", "cons", "grid", "effects", "effect_words", "harm_words", "priorities", "cost", "sections",
               "sources"}


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content_cached()


def check_contract(sheet: dict[str, Any]) -> None:
    """The shape other parts (templates, PDF, CLI users) rely on."""
    assert set(sheet) >= TOP_KEYS
    assert sheet["schema"] == "axspa-decision-aid/sheet/1"
    assert sheet["generated_at"].endswith("Z")
    assert sheet["paper"] == ("Letter" if sheet["country"] == "US" else "A4")
    assert [o["id"] for o in sheet["options"]] and sorted(o["id"] for o in sheet["options"]) == sorted(OPTION_IDS)
    numbers = {s["id"]: s["number"] for s in sheet["sources"]}
    assert list(numbers.values()) == list(range(1, len(numbers) + 1))
    rows = [r["id"] for r in sheet["grid_rows"]]
    assert len(rows) == 8
    ratings = [p["rating"] for p in sheet["priorities"]]
    assert ratings == sorted(ratings, reverse=True)
    for option in sheet["options"]:
        assert set(option) == OPTION_KEYS, option["id"]
        assert isinstance(option["highlight"], bool)
        assert option["highlight"] == bool(option["highlight_reasons"])
        levels = [LEVELS.index(n["level"]) for n in option["notes"]]
        assert levels == sorted(levels), f"notes of {option['id']} are not sorted warning > caution > favours > info"
        for note in option["notes"]:
            assert set(note) == {"level", "rule", "text", "because", "sources", "regions"}
            assert note["because"] and note["sources"]
            assert all(s in numbers for s in note["sources"])
        assert set(option["grid"]) == set(rows)
        assert option["cost"]["region"] in {"GB", "US", "other"}
        assert set(option["sources"]) <= set(numbers)
        prio_ids = [p["id"] for p in option["priorities"]]
        assert prio_ids == [p["id"] for p in sheet["priorities"] if p["rating"] >= 1]
    questions = sheet["questions_to_ask"]
    own = [q for q in questions if q["own"]]
    assert questions[: len(own)] == own
    texts = [q["text"].casefold() for q in questions]
    assert len(texts) == len(set(texts))
    json.dumps(sheet)  # plain JSON types only


@pytest.mark.parametrize("persona", PERSONAS, ids=[p.name for p in PERSONAS])
def test_every_persona_sheet_meets_the_contract(content: Content, persona: Any) -> None:
    check_contract(build_sheet(content, validate_answers(persona.answers)))


def test_display_order_follows_the_option_files(content: Content) -> None:
    sheet = build_sheet(content, make({}))
    orders = [content.options[o["id"]]["order"] for o in sheet["options"]]
    assert orders == sorted(orders)


def test_cost_region_and_paper_follow_the_country(content: Content) -> None:
    for country, region, paper in (("GB", "GB", "A4"), ("US", "US", "Letter"), ("FR", "other", "A4")):
        sheet = build_sheet(content, make({"about.country": country}))
        assert sheet["paper"] == paper
        for option in sheet["options"]:
            assert option["cost"]["region"] == region
            assert option["cost"]["text"] == content.options[option["id"]]["cost"][region]["text"]


def test_own_questions_come_first_verbatim_and_rule_questions_are_not_repeated(content: Content) -> None:
    mine = ["What about <b>my</b> job & sport?", "Is there a clinical trial near me that I could join?"]
    sheet = build_sheet(content, make({"goals.own_questions": mine, "goals.trial_interest": "yes"}))
    questions = sheet["questions_to_ask"]
    assert [q["text"] for q in questions[:2]] == mine  # not escaped here: templates escape
    assert all(q["own"] and q["rule"] is None for q in questions[:2])
    assert [q["text"] for q in questions].count(mine[1]) == 1


def test_scores_and_generated_at(content: Content) -> None:
    now = dt.datetime(2026, 11, 23, 18, 30, 5, 123, tzinfo=dt.UTC)
    sheet = build_sheet(content, make({}), now=now)
    assert sheet["generated_at"] == "2026-11-23T18:30:05Z"
    assert sheet["scores"]["basdai"] == 1.6
    assert sheet["scores"]["asdas"]["kind"] == "CRP"
    assert sheet["scores"]["asdas"]["state"] == "low"
    assert sheet["scores"]["explanations"]


def test_no_lab_result_gives_no_asdas(content: Content) -> None:
    sheet = build_sheet(content, make({"activity.crp_mg_l": None}))
    assert sheet["scores"]["asdas"] is None


def test_sure_result(content: Content) -> None:
    assert build_sheet(content, make({}))["sure"] is None
    doc = make({})
    doc["sure"] = {"sure": True, "understand": True, "risks": False, "encouragement": True}
    sure = build_sheet(content, validate_answers(doc))["sure"]
    assert sure == {"answers": doc["sure"], "score": 3, "conflict": True}


def test_highlight_reasons_carry_because_and_text(content: Content) -> None:
    sheet = build_sheet(content, make({"treatments.exercise": "none"}))
    exercise = next(o for o in sheet["options"] if o["id"] == "exercise")
    assert exercise["highlight"] is True
    (reason,) = exercise["highlight_reasons"]
    assert reason["rule"] == "exercise-not-regular"
    assert reason["because"] == ["you do not exercise at the moment"]


def test_partial_content_still_gives_all_nine_options() -> None:
    empty = Content(root=load_content_cached().root)
    sheet = build_sheet(empty, make({}))
    assert [o["id"] for o in sheet["options"]] == list(OPTION_IDS)


def test_the_sheet_shares_no_mutable_parts_with_the_content(content: Content) -> None:
    sheet = build_sheet(content, make({}))
    for option in sheet["options"]:
        for part in ("effects", "sections"):
            for item in option[part]:
                item["tampered"] = True
    again = build_sheet(content, make({}))
    assert "tampered" not in json.dumps(again)


def test_a_man_planning_a_family_is_said_back_as_with_a_partner(content: Content) -> None:
    sheet = build_sheet(content, make({"about.pregnancy": "planning"}))
    csdmards = next(o for o in sheet["options"] if o["id"] == "csdmards")
    note = next(n for n in csdmards["notes"] if n["rule"] == "male-planning-pregnancy")
    assert "you are planning a pregnancy with your partner" in note["because"]
