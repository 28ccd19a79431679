"""Property tests: for any valid answers, the engine and the sheet hold their promises."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from personas import BASE
from test_engine_sheet import check_contract

from decision_aid.answers import check_answers
from decision_aid.engine import CATALOGUE, OPTION_IDS, evaluate, load_content_cached
from decision_aid.engine.facts import DRUG_CLASS
from decision_aid.sheet import build_sheet

CONTENT = load_content_cached()
ANSWER_FACTS = [f for f in (CATALOGUE[n] for n in CATALOGUE.names()) if not f.derived
                and f.name.split(".")[0] in {"about", "condition", "treatments", "activity", "health", "goals"}]


def value_for(fact: Any) -> st.SearchStrategy[Any]:
    if fact.type == "bool":
        return st.booleans()
    if fact.type == "enum":
        return st.sampled_from(fact.values)
    if fact.type == "int":
        return st.integers(int(fact.minimum), int(fact.maximum))
    return st.floats(fact.minimum, fact.maximum, allow_nan=False).map(lambda x: round(x, 1))


advanced_item = st.fixed_dictionaries({
    "drug": st.sampled_from(sorted(DRUG_CLASS)), "status": st.sampled_from(["current", "past"]),
    "response": st.sampled_from(["good", "partial", "none", "lost_response", "not_tolerated"]),
})


@st.composite
def answers(draw: st.DrawFn) -> dict[str, Any]:
    doc = copy.deepcopy(BASE)
    for fact in ANSWER_FACTS:
        if fact.optional and draw(st.booleans()):
            continue
        *parents, last = fact.name.split(".")
        node = doc
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = draw(value_for(fact))
    items = draw(st.lists(advanced_item, max_size=4, unique_by=lambda i: i["drug"]))
    doc["treatments"]["advanced"] = items
    return doc


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers())
def test_any_valid_answers_give_a_complete_balanced_sheet(doc: dict[str, Any]) -> None:
    if check_answers(doc):  # e.g. a response given with status "never"; the journey never produces these
        return
    sheet = build_sheet(CONTENT, doc)
    check_contract(sheet)
    assert [o["id"] for o in sheet["options"]] and len(sheet["options"]) == len(OPTION_IDS)
    for fired in evaluate(CONTENT.ruleset, doc):
        assert fired.because, f"{fired.rule.id} fired with no 'because'"
