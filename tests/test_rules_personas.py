"""Every persona gets the highlights and notes it must, and none it must not; every rule is exercised."""

from __future__ import annotations

from typing import Any

import pytest
from personas import PERSONAS, Persona

from decision_aid.answers import validate_answers
from decision_aid.engine import Content, Facts, RuleSet, load_content_cached
from decision_aid.sheet import build_sheet


@pytest.fixture(scope="module")
def content() -> Content:
    loaded = load_content_cached()
    assert not loaded.errors, [str(e) for e in loaded.errors]
    return loaded


def fires(ruleset: RuleSet, answers: dict[str, Any]) -> set[str]:
    """Just the ids of the rules that fire."""
    facts = Facts(answers)
    return {rule.id for rule in ruleset.rules if rule.when.test(facts)}


def _notes(sheet: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {(o["id"], n["level"], n["rule"]) for o in sheet["options"] for n in o["notes"]}


def test_there_are_at_least_40_personas() -> None:
    assert len(PERSONAS) >= 40
    assert len({p.name for p in PERSONAS}) == len(PERSONAS)


@pytest.mark.parametrize("persona", PERSONAS, ids=[p.name for p in PERSONAS])
def test_persona(content: Content, persona: Persona) -> None:
    answers = validate_answers(persona.answers)
    sheet = build_sheet(content, answers)
    highlighted = {o["id"] for o in sheet["options"] if o["highlight"]}
    fired = fires(content.ruleset, answers)
    assert persona.highlights <= highlighted, f"missing highlights; got {sorted(highlighted)}"
    assert not persona.no_highlights & highlighted, f"unexpected highlights; got {sorted(highlighted)}"
    missing = persona.notes - _notes(sheet)
    assert not missing, f"missing notes {sorted(missing)}; got {sorted(_notes(sheet))}"
    unwanted = persona.no_notes & _notes(sheet)
    assert not unwanted, f"notes that must not appear: {sorted(unwanted)}"
    assert persona.fire <= fired, f"rules that should fire did not: {sorted(persona.fire - fired)}"
    assert not persona.not_fire & fired, f"rules fired that must not: {sorted(persona.not_fire & fired)}"
    for option in sheet["options"]:
        for note in option["notes"]:
            assert note["because"], f"{note['rule']} on {option['id']} has no 'because'"
        for reason in option["highlight_reasons"]:
            assert reason["because"], f"{reason['rule']} highlight has no 'because'"


def test_every_rule_fires_for_some_persona(content: Content) -> None:
    fired: set[str] = set()
    for persona in PERSONAS:
        fired |= fires(content.ruleset, persona.answers)
    never = sorted({r.id for r in content.ruleset.rules} - fired)
    assert not never, f"rules no persona triggers: {never}"


def test_every_rule_has_a_persona_where_it_must_not_fire(content: Content) -> None:
    expected_quiet = set().union(*(p.not_fire for p in PERSONAS))
    unchecked = sorted({r.id for r in content.ruleset.rules} - expected_quiet)
    assert not unchecked, f"rules with no persona where they must not fire: {unchecked}"


def test_persona_expectations_name_real_rules_and_options(content: Content) -> None:
    ids = {r.id for r in content.ruleset.rules}
    options = {o for o in content.options} or set()
    for persona in PERSONAS:
        named = persona.fire | persona.not_fire | {rule for _o, _l, rule in persona.notes | persona.no_notes}
        assert named <= ids, f"{persona.name}: unknown rule ids {sorted(named - ids)}"
        for option in persona.highlights | persona.no_highlights | {o for o, _l, _r in persona.notes | persona.no_notes}:
            assert not options or option in options, f"{persona.name}: unknown option {option}"
