"""The content lints of tests/test_content_lint.py, run on the content after the sheet: the knowledge
check (rules/knowledge.yaml) and the values match (rules/values_match.yaml). Same rules as the option
files: no directive wording, "N in 100" with a time frame, plain text, known sources, reading grade <= 9.
(The right answers agreeing with the option files is checked when the content loads:
tests/test_after_sheet.py.)"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from test_content_lint import (
    MAX_FK_GRADE,
    RULES,
    _as_prose,
    fk_grade,
    lint_forbidden_phrases,
    lint_number_phrases,
    lint_plain_text,
    load_sources,
    load_yaml,
)


def knowledge_texts(data: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(where, text) for everything a patient reads in the knowledge check."""
    yield "not_sure", data["not_sure"]
    for q in data["questions"]:
        yield f"{q['id']}.question", q["question"]
        yield f"{q['id']}.topic", q["topic"]
        for c in q["choices"]:
            yield f"{q['id']}.choices.{c['id']}", c["text"]
        yield f"{q['id']}.why", q["why"]["text"]


def lint_knowledge(data: dict[str, Any], known: set[str]) -> list[str]:
    problems: list[str] = []
    for where, text in knowledge_texts(data):
        problems += lint_forbidden_phrases(where, text) + lint_plain_text(where, text)
        if not where.endswith(".question"):  # the question asks "how many"; the figures are in the choices
            problems += lint_number_phrases(where, text)
    for q in data["questions"]:
        refs = q["why"].get("sources") or []
        if not refs:
            problems.append(f"{q['id']}.why: cites no source")
        problems += [f"{q['id']}.why: unknown source id {r!r}" for r in refs if r not in known]
    return problems


def lint_values_match(data: dict[str, Any], known: set[str]) -> list[str]:
    problems: list[str] = []
    for i, t in enumerate(data["tensions"]):
        problems += lint_forbidden_phrases(f"tensions[{i}].why", t["why"]) + lint_plain_text(f"tensions[{i}].why", t["why"])
        problems += [f"tensions[{i}]: unknown source id {r!r}" for r in t.get("sources") or [] if r not in known]
        if not t.get("sources"):
            problems.append(f"tensions[{i}]: cites no source")
    return problems


@pytest.fixture(scope="module")
def known() -> set[str]:
    return {s["id"] for s in load_sources()}


@pytest.fixture(scope="module")
def knowledge() -> dict[str, Any]:
    return dict(load_yaml(RULES / "knowledge.yaml"))


@pytest.fixture(scope="module")
def values_match() -> dict[str, Any]:
    return dict(load_yaml(RULES / "values_match.yaml"))


def test_knowledge_check_wording_numbers_and_sources(knowledge: dict[str, Any], known: set[str]) -> None:
    assert lint_knowledge(knowledge, known) == []


def test_values_match_wording_and_sources(values_match: dict[str, Any], known: set[str]) -> None:
    assert lint_values_match(values_match, known) == []


def test_knowledge_check_reading_grade(knowledge: dict[str, Any]) -> None:
    grade = fk_grade(_as_prose(text for _, text in knowledge_texts(knowledge)))
    assert grade <= MAX_FK_GRADE, f"knowledge.yaml: Flesch-Kincaid grade {grade:.1f} > {MAX_FK_GRADE}"


def test_each_question_has_one_right_answer_not_always_in_the_same_place(knowledge: dict[str, Any]) -> None:
    places = [[c["id"] for c in q["choices"]].index(q["answer"]) for q in knowledge["questions"]]
    assert len(set(places)) > 1, "the right answer is always in the same place"


def test_the_lints_can_fail(knowledge: dict[str, Any], values_match: dict[str, Any], known: set[str]) -> None:
    broken = copy.deepcopy(knowledge)
    broken["questions"][0]["why"]["text"] = "You should take it. 44 in 100 got better."
    broken["questions"][1]["choices"][0]["text"] = "**Bold** choice"
    broken["questions"][2]["why"]["sources"] = ["no-such-source"]
    problems = "\n".join(lint_knowledge(broken, known))
    assert "directive wording" in problems and "no time frame" in problems
    assert "markup" in problems and "unknown source id 'no-such-source'" in problems
    broken_vm = copy.deepcopy(values_match)
    broken_vm["tensions"][0]["why"] = "We recommend tablets."
    broken_vm["tensions"][0]["sources"] = []
    assert len(lint_values_match(broken_vm, known)) == 2
