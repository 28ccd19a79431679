"""The answers document: schema, strict parsing and field-named messages."""

from __future__ import annotations

import json
from typing import Any

import pycountry
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from decision_aid.answers import AnswersInvalid, check_answers, parse_answers, schema, validate_answers


def fields(errors: list) -> list[str]:
    return [e.field for e in errors]


def test_sample_is_valid(sample_answers: dict) -> None:
    assert validate_answers(sample_answers) is sample_answers


def test_country_list_is_iso_3166() -> None:
    enum = schema()["properties"]["about"]["properties"]["country"]["enum"]
    assert sorted(enum) == sorted(c.alpha_2 for c in pycountry.countries)


@pytest.mark.parametrize(("path", "value", "field", "words"), [
    (("about", "age_years"), 15, "about.age_years", "from 16 to 100"),
    (("about", "age_years"), 30.5, "about.age_years", "whole number"),
    (("about", "sex"), "robot", "about.sex", "must be one of: female, male"),
    (("about", "country"), "XX", "about.country", "must be one of"),
    (("activity", "basdai", "fatigue"), 11, "activity.basdai.fatigue", "from 0 to 10"),
    (("activity", "crp_mg_l"), -1, "activity.crp_mg_l", "from 0 to 500"),
    (("health", "diabetes"), "yes", "health.diabetes", "true or false"),
    (("goals", "importance", "low_cost"), 5, "goals.importance.low_cost", "from 0 to 4"),
])
def test_bad_value_names_field_and_says_what_is_allowed(sample_answers: dict, path: tuple, value: Any,
                                                        field: str, words: str) -> None:
    target = sample_answers
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    errors = check_answers(sample_answers)
    assert field in fields(errors)
    assert any(words in e.message for e in errors if e.field == field)


def test_unknown_key_is_rejected_with_allowed_list(sample_answers: dict) -> None:
    sample_answers["about"]["favourite_colour"] = "blue"
    (error,) = check_answers(sample_answers)
    assert error.field == "about"
    assert "'favourite_colour'" in error.message and "age_years" in error.message


def test_missing_field_is_named(sample_answers: dict) -> None:
    del sample_answers["health"]["smoking"]
    assert fields(check_answers(sample_answers)) == ["health.smoking"]


def test_partial_document_accepts_missing_sections() -> None:
    doc = {"schema": "axspa-decision-aid/answers/1", "about": {"age_years": 40}}
    assert check_answers(doc, partial=True) == []
    assert "about.sex" in fields(check_answers(doc))


def test_partial_still_rejects_bad_values() -> None:
    assert fields(check_answers({"about": {"age_years": 200}}, partial=True)) == ["about.age_years"]


def test_nsaid_response_required_once_tried(sample_answers: dict) -> None:
    del sample_answers["treatments"]["nsaids"]["response"]
    assert "treatments.nsaids.response" in fields(check_answers(sample_answers))
    sample_answers["treatments"]["nsaids"] = {"status": "never", "count_tried": 0, "weeks_at_full_dose": 0}
    assert check_answers(sample_answers) == []


def test_duplicate_medicine_is_rejected(sample_answers: dict) -> None:
    entry = {"drug": "adalimumab", "status": "past", "response": "none"}
    sample_answers["treatments"]["advanced"] = [entry, dict(entry)]
    assert fields(check_answers(sample_answers)) == ["treatments.advanced[1].drug"]


def test_own_questions_limits(sample_answers: dict) -> None:
    sample_answers["goals"]["own_questions"] = ["q"] * 6
    assert "goals.own_questions" in fields(check_answers(sample_answers))
    sample_answers["goals"]["own_questions"] = ["x" * 301]
    assert "goals.own_questions[0]" in fields(check_answers(sample_answers))
    sample_answers["goals"]["own_questions"] = ["line one\nline two"]
    assert "goals.own_questions[0]" in fields(check_answers(sample_answers))


@pytest.mark.parametrize(("raw", "words"), [
    (b"\xff\xfe\x00garbage", "not UTF-8"),
    (b"{not json", "not valid JSON"),
    (b'{"about": {"age_years": NaN}}', "not valid JSON"),
    (b"[" * 100000 + b"]" * 100000, "nested far too deeply"),
    (b'{"a":' * 20 + b"1" + b"}" * 20, "nested far too deeply"),
    (b'{"schema": "something/else/2"}', "another tool"),
    (b"[]", "must be a JSON object"),
])
def test_parse_rejects_bad_files_with_clear_message(raw: bytes, words: str) -> None:
    with pytest.raises(AnswersInvalid) as info:
        parse_answers(raw)
    assert words in str(info.value)


def test_parse_round_trip(sample_answers: dict) -> None:
    assert parse_answers(json.dumps(sample_answers).encode()) == sample_answers


@settings(max_examples=150)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
                    max_leaves=20))
def test_any_json_value_gives_errors_not_exceptions(value: Any) -> None:
    errors = check_answers(value)
    assert all(isinstance(e.message, str) and e.message for e in errors)
