"""Review fixes: the health conditions row on check answers, and no cache keyed on the medicines a person ticked."""

from __future__ import annotations

import copy
import functools
import gc
import inspect
import re
import sys

from conftest import SAMPLE_ANSWERS
from flask.testing import FlaskClient
from test_journey_helpers import FEMALE_POSTS, session_answers, set_answers, walk
from wtforms.form import BaseForm

from decision_aid import words
from decision_aid.journey import medicines, prerender
from decision_aid.journey.forms import HEALTH
from decision_aid.journey.pages import PAGE_BY_SLUG

ROW = re.compile(r'<div class="govuk-summary-list__row">\s*<dt class="govuk-summary-list__key">\s*Health conditions\s*'
                 r'</dt>\s*<dd class="govuk-summary-list__value">\s*(.*?)\s*</dd>\s*'
                 r'<dd class="govuk-summary-list__actions">\s*(.*?)\s*</dd>', re.S)


def _conditions_row(page: str) -> tuple[list[str], str]:
    found = ROW.findall(page)
    assert len(found) == 1, found
    value, actions = found[0]
    return [line.strip() for line in value.split("<br>")], actions


def test_check_answers_lists_the_ticked_health_conditions_with_a_change_link(client_no_csrf: FlaskClient) -> None:
    walk(client_no_csrf, FEMALE_POSTS)
    page = client_no_csrf.get("/check-answers").get_data(as_text=True)
    lines, actions = _conditions_row(page)
    assert lines == [HEALTH["high_blood_pressure"], HEALTH["depression"]]
    assert re.fullmatch(r'<a class="govuk-link" href="/change/other-health#conditions">Change'
                        r'<span class="govuk-visually-hidden"> Health conditions</span></a>', actions)
    # The row sits in its step's list, before the other answers of the page.
    other_health = page.split('<h2 class="govuk-heading-m">Other health matters</h2>')[1].split("<h2")[0]
    assert other_health.index("Health conditions") < other_health.index("Cancer")
    change = client_no_csrf.get("/change/other-health")
    assert change.status_code == 200 and 'id="conditions"' in change.get_data(as_text=True)


def test_check_answers_says_none_when_no_health_condition_is_ticked(client_no_csrf: FlaskClient) -> None:
    set_answers(client_no_csrf, copy.deepcopy(SAMPLE_ANSWERS))
    page = client_no_csrf.get("/check-answers").get_data(as_text=True)
    lines, actions = _conditions_row(page)
    assert lines == ["None"]
    assert 'href="/change/other-health#conditions"' in actions


def test_changing_the_health_conditions_returns_to_check_answers(client_no_csrf: FlaskClient) -> None:
    set_answers(client_no_csrf, copy.deepcopy(SAMPLE_ANSWERS))
    page = client_no_csrf.get("/check-answers").get_data(as_text=True)
    href = re.search(r'href="(/change/other-health[^"#]*)#conditions"', page)
    assert href is not None
    form = client_no_csrf.get(href.group(1)).get_data(as_text=True)
    assert re.search(r'value="none"\s+checked', form)  # pre-filled with "None of these"
    data = {"conditions": ["heart_failure", "diabetes"], "cancer": "never", "tuberculosis": "never", "smoking": "never"}
    response = client_no_csrf.post(href.group(1), data=data)
    assert response.status_code == 302 and response.headers["Location"] == "/check-answers"
    health = session_answers(client_no_csrf)["health"]
    assert health["heart_failure"] is True and health["diabetes"] is True and health["depression"] is False
    lines, _ = _conditions_row(client_no_csrf.get("/check-answers").get_data(as_text=True))
    assert lines == [HEALTH["heart_failure"], HEALTH["diabetes"]]


def test_the_health_conditions_row_is_pre_rendered(app_no_csrf: object) -> None:
    """The row comes from the pre-rendered table (made for every possible row), not the macro fallback."""
    from decision_aid.journey import summary

    with app_no_csrf.test_request_context("/check-answers"):  # type: ignore[attr-defined]
        table = summary.table(summary._change_url())
        assert table is not None
        assert ("Health conditions", "/change/other-health#conditions") in table.rows


# ------------------------------------------------------------------------------ medicine details

COMBINATIONS = [
    {"csdmards": ["methotrexate"], "advanced": "none"},
    {"csdmards": ["sulfasalazine", "leflunomide"], "advanced": ["bimekizumab"]},
    {"csdmards": "none", "advanced": ["tofacitinib", "ixekizumab", "golimumab"]},
]


def _journey_caches() -> dict[str, functools._lru_cache_wrapper[object]]:
    """Every functools cache defined in the app (module functions and class methods; not those imported)."""
    found = {}
    for name, module in list(sys.modules.items()):
        if not name.startswith("decision_aid"):
            continue
        for attr, value in vars(module).items():
            if getattr(value, "__module__", None) != name:
                continue
            if isinstance(value, functools._lru_cache_wrapper):
                found[f"{name}.{attr}"] = value
            elif inspect.isclass(value):
                for sub, member in vars(value).items():
                    if isinstance(member, functools._lru_cache_wrapper):
                        found[f"{name}.{attr}.{sub}"] = member
    return found


def test_medicine_details_forms_are_not_cached_per_combination(client_no_csrf: FlaskClient) -> None:
    for makes in (medicines.MedicineDetails.build, medicines.ticked):
        assert not isinstance(makes, functools._lru_cache_wrapper)
        assert not hasattr(makes, "cache_info")
    walk(client_no_csrf, FEMALE_POSTS)  # every page once, so content-only caches are filled
    client_no_csrf.get("/check-answers")
    sizes = {name: cache.cache_info().currsize for name, cache in _journey_caches().items()}
    kept = set(prerender._CACHE)
    classes = _form_classes()

    for combination in COMBINATIONS:
        response = client_no_csrf.post("/change/medicines", data=combination)
        assert response.status_code == 302
        page = client_no_csrf.get("/change/medicine-details").get_data(as_text=True)
        ticked = [d for key in ("csdmards", "advanced") if isinstance(combination[key], list) for d in combination[key]]
        data = {}
        for drug in ticked:
            assert f'name="{drug}-status"' in page
            data |= {f"{drug}-status": "past", f"{drug}-response": "none", f"{drug}-duration": "not_sure"}
        assert client_no_csrf.post("/change/medicine-details", data=data).headers["Location"] == "/check-answers"
        summary = client_no_csrf.get("/check-answers").get_data(as_text=True)
        for drug in ticked:
            assert f"{words.MEDICINE_NAMES[drug]}: taking now" in summary

    # No cache grew with the combinations (a cache keyed on choices would hold one entry per combination) ...
    after = {name: cache.cache_info().currsize for name, cache in _journey_caches().items()}
    assert after == sizes
    assert set(prerender._CACHE) == kept  # the pre-rendered markup too
    # ... and no form class is made for a person's combination (one class serves every combination).
    gc.collect()
    assert medicines.MedicineDetails.__subclasses__() == []
    assert _form_classes() == classes


def _form_classes() -> set[type]:
    """Every WTForms form class in the process."""
    found: set[type] = set()
    todo: list[type] = [BaseForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in found:
                found.add(sub)
                todo.append(sub)
    return found


def test_the_medicines_kept_in_memory_do_not_depend_on_who_ticked_what(client_no_csrf: FlaskClient) -> None:
    """Every medicine's questions are made at import and pre-rendered together, so what the process
    keeps is the same whichever medicines were ticked."""
    assert set(medicines._DECLARED) == {("csdmards", d) for d in words.CSDMARDS} | {("advanced", d) for d in words.ADVANCED}
    set_answers(client_no_csrf, copy.deepcopy(SAMPLE_ANSWERS))
    client_no_csrf.post("/change/medicines", data=COMBINATIONS[0])
    assert client_no_csrf.get("/change/medicine-details").status_code == 200
    kept = {(key[1], key[2]) for key in prerender._CACHE if key[0] == "field"}
    for medicine, questions in medicines._DECLARED.items():
        for _name, declared in questions:
            assert (declared, _name) in kept, (medicine, _name)  # pre-rendered for every medicine, not just methotrexate


def test_medicine_questions_follow_the_order_ticked(client_no_csrf: FlaskClient) -> None:
    doc = copy.deepcopy(SAMPLE_ANSWERS)
    doc["treatments"]["advanced"] = [{"drug": "upadacitinib"}, {"drug": "adalimumab"}, {"drug": "upadacitinib"}]
    page = PAGE_BY_SLUG["medicine-details"]
    assert [f.name for f in page.fields(doc)] == ["upadacitinib-status", "upadacitinib-response",
                                                  "upadacitinib-duration", "adalimumab-status",
                                                  "adalimumab-response", "adalimumab-duration"]
    assert [f.name for f in page.build(doc)] == [f.name for f in page.fields(doc)]
