"""The sheet in Spanish is the same sheet (issue 16): the same rules fire on the same figures, so every
persona gets the same highlights, note levels, figures and sources in both languages; only the words
differ. And the Spanish words are really there: every option's title and every note is Spanish."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from decision_aid import create_app
from decision_aid.i18n import content_for
from decision_aid.sheet import build_sheet

sys.path.insert(0, str(Path(__file__).resolve().parent))

from personas import PERSONAS  # noqa: E402


@pytest.fixture(scope="module")
def app() -> Flask:
    return create_app({"TESTING": True, "SECRET_KEY": "spanish-sheet-test-secret-0123456789abcdef"})


def _shape(sheet: dict[str, Any]) -> dict[str, Any]:
    """Everything about a sheet that must not depend on the language."""
    return {
        "order": [o["id"] for o in sheet["options"]],
        "highlights": [o["id"] for o in sheet["options"] if o["highlight"]],
        "withheld": [o["id"] for o in sheet["options"] if o.get("withheld_highlight")],
        "notes": [(o["id"], n["level"], n.get("rule"), tuple(n.get("sources") or [])) for o in sheet["options"]
                  for n in o.get("notes") or []],
        "figures": [(o["id"], e.get("kind"), tuple(sorted((k, v) for k, v in e.items() if isinstance(v, int | float))),
                     tuple(e.get("population") or []), e.get("certainty"))
                    for o in sheet["options"] for e in o.get("effects") or []],
        "sources": [s["id"] for s in sheet["sources"]],
        "questions": len(sheet["questions_to_ask"]),
        "scores": sheet["scores"],
    }


@pytest.mark.parametrize("persona", PERSONAS, ids=[p.name for p in PERSONAS])
def test_every_persona_gets_the_same_sheet_in_spanish(app: Flask, persona: Any) -> None:
    with app.test_request_context("/"):
        english = build_sheet(content_for("en"), persona.answers)
        spanish = build_sheet(content_for("es"), {**persona.answers, "language": "es"})
    assert _shape(spanish) == _shape(english)


def test_the_spanish_content_is_spanish(app: Flask) -> None:
    with app.test_request_context("/"):
        english, spanish = content_for("en"), content_for("es")
    assert spanish is not english
    same = [oid for oid in english.options if english.options[oid]["title"] == spanish.options[oid]["title"]]
    assert same == [], f"option titles not translated: {same}"
    untranslated = [rule.id for rule in spanish.ruleset.rules for effect in rule.effects
                    if effect.text and effect.text == next(r for r in english.ruleset.rules if r.id == rule.id).effects[
                        rule.effects.index(effect)].text]
    assert untranslated == [], f"rule texts not translated: {untranslated[:10]}"
