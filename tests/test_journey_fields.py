"""The small pieces the journey's conversion table is built from: document paths, schema-derived
choices, and the document-level checks that reach the person as field errors."""

from __future__ import annotations

import copy
import random

import pytest
from conftest import SAMPLE_ANSWERS
from flask.testing import FlaskClient
from test_journey_helpers import errors, session_answers, set_answers

from decision_aid import answers
from decision_aid.journey.fields import format_number, labelled
from decision_aid.journey.pages import PAGES, reconcile
from decision_aid.journey.paths import delete_path, get_path, parse_path, schema_node, set_path


def test_paths_reach_into_lists_of_medicines_by_name() -> None:
    doc = copy.deepcopy(SAMPLE_ANSWERS)
    doc["treatments"]["advanced"] = [{"drug": "adalimumab"}]
    assert parse_path("treatments.advanced[drug=adalimumab].status") == (
        "treatments", "advanced", ("drug", "adalimumab"), "status")
    set_path(doc, "treatments.advanced[drug=adalimumab].status", "past")
    set_path(doc, "treatments.advanced[drug=etanercept].status", "past")  # not ticked: nothing created
    assert doc["treatments"]["advanced"] == [{"drug": "adalimumab", "status": "past"}]
    assert get_path(doc, "treatments.advanced[drug=adalimumab].status") == "past"
    assert get_path(doc, "treatments.advanced[drug=etanercept].status") is None
    delete_path(doc, "treatments.advanced[drug=adalimumab].status")
    assert doc["treatments"]["advanced"] == [{"drug": "adalimumab"}]
    set_path(doc, "activity.basdai.fatigue", 1)
    assert doc["activity"]["basdai"]["fatigue"] == 1
    empty: dict[str, object] = {}
    set_path(empty, "about.age_years", 40)
    assert empty == {"about": {"age_years": 40}}


def test_choices_must_match_the_schema() -> None:
    """A label for a value the schema does not allow (or a missing one) fails at import, not in use."""
    assert [v for v, _ in labelled("health.smoking", {"never": "a", "former": "b", "current": "c"})] == \
        ["never", "former", "current"]
    with pytest.raises(ValueError, match="health.smoking"):
        labelled("health.smoking", {"never": "a", "former": "b"})
    with pytest.raises(ValueError, match="health.smoking"):
        labelled("health.smoking", {"never": "a", "former": "b", "current": "c", "vaping": "d"})


def test_numbers_are_shown_as_people_type_them() -> None:
    assert [format_number(x) for x in (5, 5.0, 2.5, 1.25, 0.1 + 0.2, True, None)] == ["5", "5", "2.5", "1.25", "0.3", "", ""]


def _required_leaves(node: dict[str, object], prefix: str = "") -> list[str]:
    out: list[str] = []
    props = node.get("properties") or {}
    assert isinstance(props, dict)
    for name in node.get("required") or []:  # type: ignore[attr-defined]
        child = props[name]
        path = f"{prefix}{name}"
        if child.get("type") == "object" and "properties" in child:
            out += _required_leaves(child, path + ".")
        else:
            out.append(path)
    return out


def test_the_pages_ask_everything_the_schema_requires_and_nothing_it_does_not_know() -> None:
    doc = copy.deepcopy(SAMPLE_ANSWERS)
    doc["treatments"]["csdmards"] = [{"drug": "methotrexate", "status": "past", "response": "good"}]
    owned = {path for page in PAGES for field in page.fields(doc) for path in field.owned_paths()}
    for path in owned:
        schema_node(path)  # raises KeyError for a path the schema does not define
    required = set(_required_leaves(answers.schema())) - {"schema"}
    assert required - owned == set()


def test_reconcile_stores_zero_nsaids_only_once_the_answer_is_known() -> None:
    assert reconcile({}, {"about": {"age_years": 30}}) == {"about": {"age_years": 30}}
    after = reconcile({}, {"treatments": {"nsaids": {"status": "never"}}})
    assert after["treatments"]["nsaids"] == {"status": "never", "count_tried": 0, "weeks_at_full_dose": 0}


def test_questions_too_long_for_the_cookie_are_refused_on_the_questions_page(client_no_csrf: FlaskClient) -> None:
    """Five 300-character questions in a script that does not compress would not fit the 4 KB cookie."""
    rng = random.Random(7)
    questions = {f"question-{i}": "".join(chr(rng.randint(0x4E00, 0x9FFF)) for _ in range(300)) for i in range(1, 6)}
    set_answers(client_no_csrf, copy.deepcopy(SAMPLE_ANSWERS))
    response = client_no_csrf.post("/your-questions", data=questions)
    assert response.status_code == 200
    assert errors(response.get_data(as_text=True)) == [
        ("#question-1", "Your questions are too long to keep together. Shorten them or ask fewer questions")]
    assert session_answers(client_no_csrf) == SAMPLE_ANSWERS
    shorter = {k: v[:60] for k, v in questions.items()}
    assert client_no_csrf.post("/your-questions", data=shorter).status_code == 302
    assert answers.check_answers(session_answers(client_no_csrf)) == []
