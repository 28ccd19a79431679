"""docs/clinical-rules.md is the clinicians' review table of every rule; it must match the rules and personas."""

from __future__ import annotations

import make_rules_doc

from decision_aid.engine import load_content_cached


def test_the_clinical_rules_page_is_up_to_date() -> None:
    assert make_rules_doc.DOC.read_text(encoding="utf-8") == make_rules_doc.render(), \
        "docs/clinical-rules.md is out of date: run .venv/bin/python tests/make_rules_doc.py --write"


def test_every_rule_has_a_row_with_personas_on_both_sides() -> None:
    page = make_rules_doc.render()
    for rule in load_content_cached().ruleset.rules:
        (row,) = [line for line in page.splitlines() if line.startswith(f"| `{rule.id}` ")]
        fires, quiet = row.rstrip(" |").split(" | ")[-2:]
        assert fires != "—" and quiet != "—", rule.id
