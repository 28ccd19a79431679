"""The word tables in decision_aid/words.py match the answers schema: words for every answer a question
allows, and none for an answer it does not (checked on import too, so the app cannot start with a gap)."""

from __future__ import annotations

import pytest

from decision_aid import words


def test_every_table_has_words_for_exactly_the_answers_the_schema_allows() -> None:
    words.check_against_schema()


def test_the_engine_knows_the_class_of_every_advanced_medicine() -> None:
    from decision_aid.engine.facts import DRUG_CLASS

    words.check_covers("treatments.advanced[].drug", DRUG_CLASS)


def test_a_missing_or_unknown_answer_is_caught() -> None:
    with pytest.raises(ValueError, match="condition.diagnosis"):
        words.check_covers("condition.diagnosis", {k: v for k, v in words.DIAGNOSIS_NAMES.items() if k != "not_sure"})
    with pytest.raises(ValueError, match="treatments.exercise"):
        words.check_covers("treatments.exercise", {**words.EXERCISE_WORDS, "daily": "daily"})
    with pytest.raises(ValueError, match="treatments.csdmards"):
        words.check_covers("treatments.csdmards[].response", words.RESPONSE_WORDS)


def test_answers_that_say_nothing_and_shared_tables() -> None:
    words.check_covers("about.pregnancy", words.PREGNANCY_WORDS, but={"none"})
    words.check_covers("treatments.csdmards[].response", words.RESPONSE_WORDS, shared=True)
    with pytest.raises(ValueError):
        words.check_covers("about.pregnancy", words.PREGNANCY_WORDS)


def test_allowed_answers_of_each_kind() -> None:
    assert words.allowed("condition.peripheral_arthritis") == {True, False}
    assert words.allowed("goals.importance.low_cost") == {0, 1, 2, 3, 4}
    assert words.allowed("goals.importance") == set(words.IMPORTANCE_LABELS)
    assert "lost_response" in words.allowed("treatments.advanced[].response")


def test_the_engine_says_answers_with_these_phrases() -> None:
    from decision_aid.engine import facts

    assert all(facts.ANSWER_PHRASES[k] is v for k, v in words.ANSWER_PHRASES.items())
