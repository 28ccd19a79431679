"""The knowledge check and the leaning after the sheet (issue 14, items 5 and 6): content checks, the
pages (JavaScript-free posts), what is stored in the answers document, the saved file, and input
validation (a Hypothesis test: never a 5xx, never an invalid document in the session)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import SAMPLE_ANSWERS
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from decision_aid.after_sheet import NOT_SURE, knowledge_result, leaning_result, option_text_at
from decision_aid.answers import check_answers
from decision_aid.engine import OPTION_IDS, load_content
from decision_aid.engine.content import CONTENT_ROOT

KNOWLEDGE = yaml.safe_load((CONTENT_ROOT / "knowledge.yaml").read_text(encoding="utf-8"))


def _client_with(app: Flask, answers: dict[str, Any]) -> FlaskClient:
    client = app.test_client()
    with client.session_transaction() as sess:
        sess["answers"] = answers
    return client


def _session_answers(client: FlaskClient) -> dict[str, Any]:
    with client.session_transaction() as sess:
        return dict(sess["answers"])


def _right_answers() -> dict[str, str]:
    return {q["id"]: q["answer"] for q in KNOWLEDGE["questions"]}


def _a_wrong_choice(qid: str) -> str:
    q = next(q for q in KNOWLEDGE["questions"] if q["id"] == qid)
    return next(c["id"] for c in q["choices"] if c["id"] != q["answer"])


# --- the content ---------------------------------------------------------------------------------------

def test_real_content_loads_with_both_files() -> None:
    content = load_content()
    assert content.errors == []
    assert content.knowledge is not None and 4 <= len(content.knowledge["questions"]) <= 5
    assert content.values_match is not None


def _broken_copy(tmp_path: Path, edit: Any) -> list[str]:
    import shutil

    root = tmp_path / "rules"
    shutil.copytree(CONTENT_ROOT, root)
    edit(root)
    return [str(e) for e in load_content(root).errors]


def _edit_yaml(path: Path, change: Any) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def test_a_changed_trial_figure_in_the_option_file_breaks_the_knowledge_check(tmp_path: Path) -> None:
    """The right answer gives GO-RAISE's figure: if the option file's figure changes, the content is refused."""
    def edit(root: Path) -> None:
        def change(data: dict[str, Any]) -> None:
            effect = next(e for e in data["effects"] if e["trial"] == "GO-RAISE")
            effect["treated"] = 46
        _edit_yaml(root / "options" / "tnf_inhibitors.yaml", change)
    errors = _broken_copy(tmp_path, edit)
    assert any("knowledge.yaml" in e and "'46 in 100'" in e and "biologic_benefit" in e for e in errors), errors


def test_option_words_the_answer_relies_on_must_still_be_there(tmp_path: Path) -> None:
    def edit(root: Path) -> None:
        def change(data: dict[str, Any]) -> None:
            data["grid"]["how_soon"]["text"] = "Trials measured the effect after 12 to 24 weeks."
        _edit_yaml(root / "options" / "tnf_inhibitors.yaml", change)
    errors = _broken_copy(tmp_path, edit)
    assert any("time_to_judge" in e and "no longer says 'after at least 12 weeks'" in e for e in errors), errors


def test_knowledge_file_mistakes_are_reported_with_their_line(tmp_path: Path) -> None:
    def unknown_source(data: dict[str, Any]) -> None:
        data["questions"][2]["why"]["sources"] = ["no-such-source"]

    def wrong_ids(data: dict[str, Any]) -> None:
        data["questions"][1]["answer"] = "no_such_choice"
        data["questions"][3]["choices"][0]["id"] = NOT_SURE
        data["questions"][4]["checks"]["says"][0]["at"] = "grid.no_such_row"

    errors = "\n".join(_broken_copy(tmp_path / "a", lambda root: _edit_yaml(root / "knowledge.yaml", unknown_source)))
    assert "unknown source 'no-such-source'" in errors
    errors = "\n".join(_broken_copy(tmp_path / "b", lambda root: _edit_yaml(root / "knowledge.yaml", wrong_ids)))
    assert "the answer 'no_such_choice' is not one of its choices" in errors
    assert "the choice id 'not_sure' is kept" in errors
    assert "has no 'grid.no_such_row'" in errors
    assert "rules/knowledge.yaml:" in errors  # file and line, for the clinician


def test_values_match_needs_the_option_words_it_shows(tmp_path: Path) -> None:
    def edit(root: Path) -> None:
        _edit_yaml(root / "options" / "jak_inhibitors.yaml", lambda d: d["priorities"].pop("fewer_visits"))
    errors = _broken_copy(tmp_path, edit)
    assert any("values_match.yaml" in e and "jak_inhibitors.yaml has no priorities.fewer_visits" in e
               for e in errors), errors


def test_option_text_at_reads_grid_cells_and_sections_by_id() -> None:
    content = load_content()
    trial = content.options["clinical_trial"]
    assert "no stem-cell product is approved" in (option_text_at(trial, "sections.stem_cells") or "")
    assert option_text_at(trial, "sections.no_such_section") is None
    assert option_text_at(content.options["nsaids"], "grid.how_soon") == content.options["nsaids"]["grid"]["how_soon"]["text"]


# --- scoring and the values match (no Flask) -----------------------------------------------------------

def test_score_is_worked_out_again_from_the_choices() -> None:
    answers = copy.deepcopy(SAMPLE_ANSWERS)
    choices = _right_answers()
    choices["stem_cells"] = _a_wrong_choice("stem_cells")
    choices["jak_warning"] = NOT_SURE
    del choices["nsaids_first"]
    answers["knowledge"] = {"version": KNOWLEDGE["version"], "answers": choices}
    result = knowledge_result(KNOWLEDGE, answers)
    assert result is not None
    assert (result["total"], result["answered"], result["correct"]) == (5, 4, 2)
    assert [m["id"] for m in result["missed"]] == ["stem_cells", "jak_warning"]  # "not sure" is not understood
    assert [s["id"] for s in result["skipped"]] == ["nsaids_first"]


def test_answers_for_another_version_of_the_questions_are_not_scored() -> None:
    answers = copy.deepcopy(SAMPLE_ANSWERS)
    answers["knowledge"] = {"version": "0-old", "answers": _right_answers()}
    assert knowledge_result(KNOWLEDGE, answers) is None


def _leaning(importance: dict[str, int], options: list[str], country: str = "GB") -> dict[str, Any]:
    from decision_aid.sheet import build_sheet

    answers = copy.deepcopy(SAMPLE_ANSWERS)
    answers["goals"]["importance"].update(importance)
    answers["about"]["country"] = country
    answers["leaning"] = {"options": options, "certainty": "fairly_sure"}
    assert check_answers(answers) == []
    sheet = build_sheet(load_content(), answers)
    return dict(sheet["leaning"])


def test_mismatch_uses_the_option_files_own_words_and_sources() -> None:
    content = load_content()
    lean = _leaning({"avoid_needles": 4}, ["il17_inhibitors"])
    flag = next(t for t in lean["worth_talking_over"] if t["priority"] == "avoid_needles")
    words = content.options["il17_inhibitors"]["priorities"]["avoid_needles"]
    assert (flag["text"], flag["sources"]) == (words["text"], words["sources"])
    assert flag["rating_label"] == "Extremely important"


def test_a_priority_rated_below_the_threshold_raises_no_flag() -> None:
    lean = _leaning({"avoid_needles": 2, "avoid_side_effects": 0}, ["tnf_inhibitors"])
    assert lean["worth_talking_over"] == []


def test_cost_flag_only_where_the_reader_pays_for_these_medicines() -> None:
    us = _leaning({"low_cost": 4, "avoid_side_effects": 0}, ["jak_inhibitors"], country="US")
    gb = _leaning({"low_cost": 4, "avoid_side_effects": 0}, ["jak_inhibitors"], country="GB")
    assert [t["priority"] for t in us["worth_talking_over"]] == ["low_cost"]
    assert gb["worth_talking_over"] == []


def test_no_leaning_answered_means_nothing_on_the_sheet() -> None:
    assert leaning_result(None, copy.deepcopy(SAMPLE_ANSWERS), [], [], {}, "GB") is None


# --- the answers schema ---------------------------------------------------------------------------------

@pytest.mark.parametrize("leaning", [
    {"options": ["not_sure", "nsaids"]},        # "not sure yet" is never ticked with an option
    {"options": ["nsaids", "nsaids"]},
    {"options": ["aspirin"]},
    {"certainty": "quite"},
    {"options": [], "note": "free text"},      # no free text
])
def test_schema_refuses_bad_leaning(leaning: dict[str, Any]) -> None:
    doc = copy.deepcopy(SAMPLE_ANSWERS)
    doc["leaning"] = leaning
    assert check_answers(doc)


@pytest.mark.parametrize("knowledge", [
    {"answers": {}},
    {"version": "1", "answers": {"Bad Id": "x"}},
    {"version": "1", "answers": {"stem_cells": "<script>"}},
    {"version": "1", "answers": {f"q{i}": "a" for i in range(9)}},
])
def test_schema_refuses_bad_knowledge(knowledge: dict[str, Any]) -> None:
    doc = copy.deepcopy(SAMPLE_ANSWERS)
    doc["knowledge"] = knowledge
    assert check_answers(doc)


# --- the pages ------------------------------------------------------------------------------------------

def test_pages_need_a_complete_answers_document(client_no_csrf: FlaskClient) -> None:
    for url in ("/sheet/check-what-you-read", "/sheet/check-what-you-read/answers", "/sheet/leaning"):
        assert client_no_csrf.get(url).headers["Location"].endswith("/check-answers")
    assert client_no_csrf.post("/sheet/leaning", data={"options": "nsaids"}).status_code == 302


def test_the_sheet_links_to_both(app_no_csrf: Flask) -> None:
    page = _client_with(app_no_csrf, copy.deepcopy(SAMPLE_ANSWERS)).get("/sheet").get_data(as_text=True)
    assert 'href="/sheet/check-what-you-read"' in page and "Check what you have read" in page
    assert 'href="/sheet/leaning"' in page and "Which options are you leaning towards?" in page


def test_knowledge_check_page_has_gov_uk_radios_and_can_be_skipped(app_no_csrf: Flask) -> None:
    page = _client_with(app_no_csrf, copy.deepcopy(SAMPLE_ANSWERS)).get("/sheet/check-what-you-read")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    for q in KNOWLEDGE["questions"]:
        assert f'name="{q["id"]}"' in html and 'class="govuk-radios__input"' in html
        assert html.count(f'name="{q["id"]}" type="radio"') == len(q["choices"]) + 1  # + "I am not sure"
    assert "skip them and go back to your options sheet" in html


def test_answering_stores_the_choices_and_shows_the_answers(app_no_csrf: Flask) -> None:
    client = _client_with(app_no_csrf, copy.deepcopy(SAMPLE_ANSWERS))
    form = _right_answers()
    form["time_to_judge"] = _a_wrong_choice("time_to_judge")
    del form["jak_warning"]  # left out: optional
    done = client.post("/sheet/check-what-you-read", data=form)
    assert done.status_code == 302 and done.headers["Location"].endswith("/sheet/check-what-you-read/answers")
    stored = _session_answers(client)
    assert stored["knowledge"] == {"version": KNOWLEDGE["version"], "answers": form}
    assert check_answers(stored) == []
    html = client.get("/sheet/check-what-you-read/answers").get_data(as_text=True)
    assert "3 of your 4 answers match the information on the sheet" in html
    assert html.count("The answer is:") == len(KNOWLEDGE["questions"])  # every answer shown, answered or not
    assert html.count("Your answer:") == 4
    assert "how long before judging a new medicine" in html  # the topic to go over, named
    for q in KNOWLEDGE["questions"]:
        assert q["why"]["text"] in html
    for word in ("wrong", "incorrect", "you should"):
        assert word not in html.lower()
    # the form shows the stored choices again
    again = client.get("/sheet/check-what-you-read").get_data(as_text=True)
    assert f'value="{form["time_to_judge"]}" checked' in again


def test_submitting_nothing_stores_nothing_and_still_shows_the_answers(app_no_csrf: Flask) -> None:
    client = _client_with(app_no_csrf, copy.deepcopy(SAMPLE_ANSWERS))
    assert client.post("/sheet/check-what-you-read", data={}).status_code == 302
    assert "knowledge" not in _session_answers(client)
    html = client.get("/sheet/check-what-you-read/answers").get_data(as_text=True)
    assert "You did not answer any of the questions" in html


def test_a_made_up_choice_is_an_error_message(app_no_csrf: Flask) -> None:
    client = _client_with(app_no_csrf, copy.deepcopy(SAMPLE_ANSWERS))
    page = client.post("/sheet/check-what-you-read", data={"stem_cells": "maybe_later", "nsaids_first": "nsaids"})
    html = page.get_data(as_text=True)
    assert page.status_code == 400 and "There is a problem" in html and 'href="#stem_cells"' in html
    assert 'value="nsaids" checked' in html  # what was valid is kept
    assert "knowledge" not in _session_answers(client)


def test_leaning_is_stored_and_shown_on_the_sheet(app_no_csrf: Flask) -> None:
    doc = copy.deepcopy(SAMPLE_ANSWERS)
    doc["goals"]["importance"]["avoid_needles"] = 4
    client = _client_with(app_no_csrf, doc)
    html = client.get("/sheet/leaning").get_data(as_text=True)
    assert html.count('name="options" type="checkbox"') == len(OPTION_IDS) + 1
    assert 'data-behaviour="exclusive"' in html
    done = client.post("/sheet/leaning", data={"options": ["tnf_inhibitors", "nsaids"], "certainty": "very_sure"})
    assert done.status_code == 302 and done.headers["Location"].endswith("/sheet#after-sheet")
    assert _session_answers(client)["leaning"] == {"options": ["nsaids", "tnf_inhibitors"], "certainty": "very_sure"}
    sheet = client.get("/sheet").get_data(as_text=True)
    assert ("Leaning towards:</strong> NSAIDs (anti-inflammatory painkillers), TNF inhibitors. "
            "<strong>How sure:</strong> very sure.") in sheet
    assert "Worth talking over" in sheet and "TNF inhibitors and “Avoiding injections and drips (needles)”" in sheet
    # nothing ticked clears it
    client.post("/sheet/leaning", data={})
    assert "leaning" not in _session_answers(client)


@pytest.mark.parametrize(("form", "message"), [
    ({"options": ["not_sure", "nsaids"]}, "not both"),
    ({"options": ["aspirin"]}, "Select options from the list"),
    ({"certainty": "100%"}, "Select how sure you feel"),
])
def test_leaning_errors(app_no_csrf: Flask, form: dict[str, Any], message: str) -> None:
    client = _client_with(app_no_csrf, copy.deepcopy(SAMPLE_ANSWERS))
    page = client.post("/sheet/leaning", data=form)
    assert page.status_code == 400 and message in page.get_data(as_text=True)
    assert "leaning" not in _session_answers(client)


def test_not_sure_yet_alone_is_fine(app_no_csrf: Flask) -> None:
    client = _client_with(app_no_csrf, copy.deepcopy(SAMPLE_ANSWERS))
    assert client.post("/sheet/leaning", data={"options": ["not_sure"], "certainty": "not_sure"}).status_code == 302
    page = client.get("/sheet").get_data(as_text=True)
    assert "Leaning towards:</strong> not sure yet. <strong>How sure:</strong> not sure." in page


def test_posts_need_the_csrf_token(app: Flask) -> None:
    client = _client_with(app, copy.deepcopy(SAMPLE_ANSWERS))
    assert client.post("/sheet/leaning", data={"options": "nsaids"}).status_code == 400
    assert client.post("/sheet/check-what-you-read", data={"stem_cells": "approved"}).status_code == 400
    assert "leaning" not in _session_answers(client) and "knowledge" not in _session_answers(client)


def test_saved_file_holds_both_and_resumes(app_no_csrf: Flask) -> None:
    client = _client_with(app_no_csrf, copy.deepcopy(SAMPLE_ANSWERS))
    client.post("/sheet/check-what-you-read", data=_right_answers())
    client.post("/sheet/leaning", data={"options": ["exercise"], "certainty": "fairly_sure"})
    saved = json.loads(client.get("/save-answers").get_data(as_text=True))
    assert saved["knowledge"]["answers"] == _right_answers()
    assert saved["leaning"] == {"options": ["exercise"], "certainty": "fairly_sure"}
    import io

    fresh = app_no_csrf.test_client()
    done = fresh.post("/resume", data={"answers": (io.BytesIO(json.dumps(saved).encode()), "answers.json")},
                      content_type="multipart/form-data")
    assert done.status_code in (302, 303)
    assert _session_answers(fresh)["leaning"] == saved["leaning"]


def test_a_full_cookie_gives_a_message_not_an_error(app_no_csrf: Flask) -> None:
    """Own questions can use up the cookie's room; then the choices are not stored, and the page says why."""
    import random
    import string

    doc = copy.deepcopy(SAMPLE_ANSWERS)
    rng = random.Random(7)
    while True:  # fill the own questions until one more word would be refused
        doc["goals"]["own_questions"] = ["".join(rng.choice(string.printable[:95]) for _ in range(300)) for _ in range(5)]
        if not check_answers(doc):
            break
    trial = copy.deepcopy(doc)
    trial["leaning"] = {"options": list(OPTION_IDS), "certainty": "fairly_sure"}
    trial["knowledge"] = {"version": KNOWLEDGE["version"], "answers": _right_answers()}
    client = _client_with(app_no_csrf, doc)
    page = client.post("/sheet/leaning", data={"options": list(OPTION_IDS), "certainty": "fairly_sure"})
    if check_answers(trial):
        assert page.status_code == 400 and "could not be saved" in page.get_data(as_text=True)
    else:
        assert page.status_code == 302
    assert check_answers(_session_answers(client)) == []


_field_names = st.sampled_from(["options", "certainty", *(q["id"] for q in KNOWLEDGE["questions"]), "csrf_token",
                                "x"])
_values = st.one_of(st.sampled_from([*OPTION_IDS, NOT_SURE, "very_sure", "nsaids", "approved", "trial_figure", ""]),
                    st.text(max_size=40))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(form=st.lists(st.tuples(_field_names, _values), max_size=14),
       url=st.sampled_from(["/sheet/leaning", "/sheet/check-what-you-read"]))
def test_any_form_input_gives_a_page_never_a_server_error(app_no_csrf: Flask, form: list[tuple[str, str]],
                                                          url: str) -> None:
    from werkzeug.datastructures import MultiDict

    client = _client_with(app_no_csrf, copy.deepcopy(SAMPLE_ANSWERS))
    response = client.post(url, data=MultiDict(form))
    assert response.status_code in (302, 400), response.status_code
    stored = _session_answers(client)
    assert check_answers(stored) == []
    if response.status_code == 400:
        assert "There is a problem" in response.get_data(as_text=True)
        assert stored == SAMPLE_ANSWERS  # nothing half-stored
