"""Rule texts follow the same wording lints as the option content: no directives, plain text, numbers
with a denominator and a time frame, and a Flesch-Kincaid grade of 9 or less (drug names left out).

The measures are the content lints' own (tests/test_content_lint.py), so rules and options are held to
one standard.
"""

from __future__ import annotations

import pytest

from decision_aid.engine import Content, Rule, load_content_cached

lint = pytest.importorskip("test_content_lint", reason="content lints not available")
MAX_GRADE = 9.0
MAX_GRADE_ONE_RULE = 10.0  # a few sentences are a noisy sample; the whole set must be ≤ 9


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content_cached()


def texts(rule: Rule) -> list[str]:
    return [e.text for e in rule.effects]


def test_rule_texts_pass_the_wording_lints(content: Content) -> None:
    problems: list[str] = []
    for rule in content.ruleset.rules:
        for text in texts(rule):
            problems += lint.lint_forbidden_phrases(rule.id, text)
            problems += lint.lint_number_phrases(rule.id, text)
            problems += lint.lint_plain_text(rule.id, text)
    assert not problems, "\n".join(problems)


def test_reading_grade_of_the_rule_texts(content: Content) -> None:
    every = list(dict.fromkeys(t for rule in content.ruleset.rules for t in texts(rule)))
    assert lint.fk_grade(lint._as_prose(every)) <= MAX_GRADE
    hard = {rule.id: round(lint.fk_grade(lint._as_prose(texts(rule))), 1) for rule in content.ruleset.rules}
    assert not {k: v for k, v in hard.items() if v > MAX_GRADE_ONE_RULE}, hard


def test_no_rule_hides_an_option_or_tells_people_what_to_do(content: Content) -> None:
    for rule in content.ruleset.rules:
        assert {e.kind for e in rule.effects} <= {"highlight", "note", "question"}
        for text in texts(rule):
            assert "you should" not in text.lower()
