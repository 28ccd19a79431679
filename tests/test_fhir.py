"""FHIR R4 (issue 15, item 3): the Questionnaire made from the journey and the schema, the answers as a
QuestionnaireResponse and back, the download link, the canonical route and the command line.

Validation uses two maintained FHIR model libraries (test-only dependencies): `fhirclient`, whose
models are FHIR R4 4.0.1 exactly, in strict mode, and `fhir.resources` (pydantic), whose nearest
models are R4B (Questionnaire and QuestionnaireResponse did not change from R4 to R4B).
"""

from __future__ import annotations

import copy
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLE_ANSWERS
from fhir.resources.R4B.questionnaire import Questionnaire as PydanticQuestionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse as PydanticResponse
from fhirclient.models.questionnaire import Questionnaire as R4Questionnaire
from fhirclient.models.questionnaireresponse import QuestionnaireResponse as R4Response
from flask.testing import FlaskClient
from personas import PERSONAS
from test_journey_helpers import resumed_answers, session_answers, set_answers

from decision_aid import answers, fhir, history, imports
from decision_aid.answers import AnswersInvalid
from decision_aid.journey.pages import PAGES
from decision_aid.journey.paths import schema_node
from decision_aid.scores import scores_from_answers

ROOT = Path(__file__).resolve().parent.parent


def _as_upload(resource: dict[str, Any]) -> bytes:
    """What Resume passes on to `parse_answers` for this FHIR file."""
    return imports.answers_from_upload(fhir.dumps(resource).encode("utf-8"))


def _through_json(resource: dict[str, Any]) -> Any:
    return json.loads(fhir.dumps(resource))


def _items(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found = []
    for item in items:
        found.append(item)
        found += _items(item.get("item", []))
    return found


def _schema_leaves(node: dict[str, Any], prefix: str = "") -> set[str]:
    """Every value a saved file may hold: not the document's own `schema` (the Questionnaire's version),
    nor `history.loaded` (session only); a map's entries are a question id and a choice."""
    leaves: set[str] = set()
    for key, sub in node.get("properties", {}).items():
        path = f"{prefix}.{key}" if prefix else key
        if ("const" in sub and not prefix) or path == "history.loaded":
            continue
        if sub.get("type") == "object" and "properties" not in sub:
            leaves |= {f"{path}.question", f"{path}.choice"}
        elif sub.get("type") == "object":
            leaves |= _schema_leaves(sub, path)
        elif sub.get("type") == "array" and sub.get("items", {}).get("type") == "object":
            leaves |= _schema_leaves(sub["items"], path)
        else:
            leaves.add(path)
    return leaves


# ------------------------------------------------------------------------------- the Questionnaire

def test_the_questionnaire_is_valid_fhir_r4() -> None:
    q = _through_json(fhir.questionnaire())
    R4Questionnaire(q, strict=True)
    PydanticQuestionnaire.model_validate(q)
    assert q["url"] == fhir.QUESTIONNAIRE_URL and q["status"] == "active"


def test_the_questionnaire_asks_every_answer_in_the_schema_and_nothing_else() -> None:
    """Generated, not written by hand: one question per value in the answers schema, linkId = its path."""
    questions = {i["linkId"] for i in _items(fhir.questionnaire()["item"]) if i["type"] != "group"}
    scores = {"scores.basdai", "scores.asdas_crp", "scores.asdas_esr"}
    assert questions - scores == _schema_leaves(answers.schema())


def test_the_questionnaire_uses_the_journeys_words_and_the_schemas_choices() -> None:
    by_id = {i["linkId"]: i for i in _items(fhir.questionnaire()["item"])}
    first_label: dict[str, str] = {}  # a path asked on two pages (pregnancy): the first page's words
    for page in PAGES:
        for field in page.form.every_field():
            if field.path and "[" not in field.path:  # a list is named by its short name (summary)
                is_list = schema_node(field.path).get("type") == "array"
                first_label.setdefault(field.path, field.summary if is_list else field.label.text)
    for path, label in first_label.items():
        assert by_id[path]["text"] == label, path
    sex = by_id["about.sex"]
    assert sex["type"] == "choice" and sex["required"] is True
    assert [o["valueCoding"]["code"] for o in sex["answerOption"]] == answers.schema()["properties"]["about"][
        "properties"]["sex"]["enum"]
    assert {o["valueCoding"]["display"] for o in sex["answerOption"]} == {"Female", "Male", "Other", "Prefer not to say"}
    # one question for a medicine taken now or stopped (its status is asked beside it): the journey's words
    # when the status is not known, neither "is it working" nor "did it work" (issue 13)
    assert by_id["treatments.advanced.response"]["text"] == "How well has this medicine worked for you?"
    assert by_id["treatments.advanced"]["repeats"] is True
    assert by_id["goals.own_questions"]["repeats"] is True and by_id["goals.own_questions"]["type"] == "string"
    assert by_id["activity.basdai.fatigue"]["type"] == "decimal"
    assert by_id["goals.importance.low_cost"]["type"] == "integer"
    assert by_id["about"]["text"] == "About you"


def test_the_questionnaire_asks_the_date_earlier_visits_knowledge_check_leaning_and_crp_unit() -> None:
    by_id = {i["linkId"]: i for i in _items(fhir.questionnaire()["item"])}
    assert by_id["answered_on"]["type"] == "date" and by_id["history.visits.date"]["type"] == "date"
    assert by_id["history.visits"]["type"] == "group" and by_id["history.visits"]["repeats"] is True
    version = by_id["history.version"]
    assert version["readOnly"] is True and version["initial"] == [{"valueInteger": 1}]
    drugs = by_id["history.visits.advanced"]
    assert drugs["type"] == "choice" and drugs["repeats"] is True
    assert {o["valueCoding"]["display"] for o in drugs["answerOption"]} >= {"Adalimumab", "Secukinumab"}
    knowledge = by_id["knowledge.answers"]
    assert knowledge["type"] == "group" and knowledge["repeats"] is True
    assert [i["linkId"] for i in knowledge["item"]] == ["knowledge.answers.question", "knowledge.answers.choice"]
    assert by_id["leaning.options"]["text"] == "Which options are you leaning towards, if any?"
    leaning = {o["valueCoding"]["code"]: o["valueCoding"]["display"] for o in by_id["leaning.options"]["answerOption"]}
    assert leaning["not_sure"] == "Not sure yet" and leaning["tnf_inhibitors"] == "TNF inhibitors"
    assert [o["valueCoding"]["display"] for o in by_id["leaning.certainty"]["answerOption"]] == [
        "Very sure", "Fairly sure", "Not sure"]
    unit = by_id["activity.crp_unit"]
    assert unit["text"] == "Which unit is your CRP result in?"
    assert [o["valueCoding"]["code"] for o in unit["answerOption"]] == ["mg_l", "mg_dl"]
    assert not any(i.startswith("history.loaded") for i in by_id)  # session only, never in a file


def test_the_scores_are_calculated_items_in_the_projects_code_system() -> None:
    by_id = {i["linkId"]: i for i in _items(fhir.questionnaire()["item"])}
    for key in ("basdai", "asdas_crp", "asdas_esr"):
        item = by_id[f"scores.{key}"]
        assert item["readOnly"] is True and item["type"] == "decimal"
        assert item["code"][0]["system"] == fhir.SCORES_SYSTEM and item["code"][0]["code"] == key
        expression = item["extension"][0]["valueExpression"]["expression"]
        assert item["extension"][0]["url"] == fhir.CALCULATED and "activity.basdai.spinal_pain" in expression
    assert "ln()" in by_id["scores.asdas_crp"]["extension"][0]["valueExpression"]["expression"]


# ------------------------------------------------------------------------------- the response

@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.name)
def test_every_persona_goes_to_fhir_and_back_unchanged(persona: Any) -> None:
    doc = persona.answers
    response = _through_json(fhir.to_response(doc))
    assert fhir.from_response(response) == doc
    assert answers.parse_answers(_as_upload(response)) == doc


def test_the_response_is_valid_fhir_r4_for_every_persona() -> None:
    for persona in PERSONAS:
        response = _through_json(fhir.to_response(persona.answers))
        R4Response(response, strict=True)
        PydanticResponse.model_validate(response)


def _everything() -> dict[str, Any]:
    """A saved file with every optional part after the journey: earlier visits (one left out), the
    knowledge check, the leaning and a CRP typed in mg/dL."""
    doc = copy.deepcopy(next(p for p in PERSONAS if (p.answers.get("history") or {}).get("visits")).answers)
    doc["activity"]["crp_unit"] = "mg_dl"
    doc["history"]["left_out"] = 2
    doc["history"]["visits"].append({"date": "2026-02-20", "basdai": 5.5, "asdas": 3.1, "asdas_kind": "ESR",
                                     "esr_mm_h": 31.0, "advanced": ["adalimumab", "secukinumab"]})
    doc["knowledge"] = {"version": "2026-12", "answers": {"biologic_benefit": "b", "nsaid_kidney": "not_sure",
                                                         "a_question": "c"}}
    doc["leaning"] = {"options": ["exercise", "il17_inhibitors"], "certainty": "fairly_sure"}
    return answers.validate_answers(doc)


def test_every_optional_part_goes_to_fhir_and_back_unchanged() -> None:
    doc = _everything()
    response = _through_json(fhir.to_response(doc))
    R4Response(response, strict=True)
    PydanticResponse.model_validate(response)
    by_id = {i["linkId"]: i for i in _items(response["item"])}
    assert by_id["answered_on"]["answer"] == [{"valueDate": doc["answered_on"]}]
    assert by_id["history.version"]["answer"] == [{"valueInteger": 1}]
    entries = [i for i in _items(response["item"]) if i["linkId"] == "knowledge.answers"]
    assert [[a["answer"][0]["valueString"] for a in e["item"]] for e in entries] == [
        ["biologic_benefit", "b"], ["nsaid_kidney", "not_sure"], ["a_question", "c"]]
    back = fhir.from_response(response)
    assert back == doc and list(back["knowledge"]["answers"]) == list(doc["knowledge"]["answers"])
    assert answers.parse_answers(_as_upload(response)) == doc


def test_a_response_without_the_read_only_version_or_with_a_knowledge_answer_twice() -> None:
    doc = _everything()
    response = _through_json(fhir.to_response(doc))
    history_group = next(i for i in response["item"] if i["linkId"] == "history")
    history_group["item"] = [i for i in history_group["item"] if i["linkId"] != "history.version"]
    assert fhir.from_response(response) == doc  # a system that leaves read-only items out: the fixed value
    knowledge = next(i for i in response["item"] if i["linkId"] == "knowledge")
    entry = next(i for i in knowledge["item"] if i["linkId"] == "knowledge.answers")
    knowledge["item"].append(copy.deepcopy(entry))
    with pytest.raises(AnswersInvalid, match="'biologic_benefit' twice"):
        fhir.from_response(response)
    entry["item"].pop()
    with pytest.raises(AnswersInvalid, match="without both its question and its choice"):
        fhir.from_response(response)


def test_a_resumed_visit_is_not_in_the_fhir_download(client_no_csrf: FlaskClient) -> None:
    """The session keeps the resumed file's visit aside (history.loaded); the FHIR file is the saved file."""
    persona = next(p for p in PERSONAS if (p.answers.get("history") or {}).get("visits") and p.answers.get("answered_on"))
    _resume_fhir(client_no_csrf, persona.answers)
    assert "loaded" in session_answers(client_no_csrf)["history"]
    downloaded = fhir.from_response(json.loads(client_no_csrf.get("/answers.fhir.json").data))
    saved = json.loads(client_no_csrf.get("/save-answers").data)
    assert downloaded == saved == persona.answers  # nothing changed: the same visit, its own date


def test_the_response_names_no_one() -> None:
    """No name, identifier, subject, author, source or date: only the answers and the scores."""
    doc = copy.deepcopy(SAMPLE_ANSWERS)
    response = fhir.to_response(doc)
    assert set(response) == {"resourceType", "questionnaire", "status", "item"}
    text = json.dumps(response)
    for key in ('"identifier"', '"subject"', '"author"', '"source"', '"authored"', '"name"', '"id"', '"encounter"'):
        assert key not in text


def test_the_response_carries_the_scores_the_sheet_shows() -> None:
    doc = copy.deepcopy(SAMPLE_ANSWERS)
    by_id = {i["linkId"]: i for i in _items(fhir.to_response(doc)["item"])}
    found = scores_from_answers(doc)
    assert by_id["scores.basdai"]["answer"][0]["valueDecimal"] == round(found["basdai"], 2)
    kind = found["asdas"].kind.lower()
    assert by_id[f"scores.asdas_{kind}"]["answer"][0]["valueDecimal"] == round(found["asdas"].value, 2)
    by_id["scores.basdai"]["answer"][0]["valueDecimal"] = 9.9  # a changed score is ignored: worked out again
    assert fhir.from_response(fhir.to_response(doc)) == doc


def test_medicines_go_as_repeating_groups_with_coded_answers() -> None:
    doc = next(p for p in PERSONAS if len(p.answers["treatments"]["advanced"]) >= 2).answers
    response = fhir.to_response(doc)
    groups = [i for i in _items(response["item"]) if i["linkId"] == "treatments.advanced"]
    assert len(groups) == len(doc["treatments"]["advanced"])
    drug = next(i for i in groups[0]["item"] if i["linkId"] == "treatments.advanced.drug")["answer"][0]["valueCoding"]
    assert drug["code"] == doc["treatments"]["advanced"][0]["drug"]
    assert drug["system"] == fhir.code_system("treatments.advanced.drug")


def _response_with(change: Any) -> dict[str, Any]:
    response = _through_json(fhir.to_response(copy.deepcopy(SAMPLE_ANSWERS)))
    change(response)
    return response


def _item(response: dict[str, Any], link_id: str) -> dict[str, Any]:
    return next(i for i in _items(response["item"]) if i["linkId"] == link_id)


BAD_RESPONSES = [
    ("another resource", lambda r: r.update(resourceType="Patient"), "not a QuestionnaireResponse"),
    ("another questionnaire", lambda r: r.update(questionnaire="http://example.org/Questionnaire/phq9"),
     "another questionnaire"),
    ("not completed", lambda r: r.update(status="in-progress"), "not completed"),
    ("unknown question", lambda r: r["item"][0]["item"].append({"linkId": "about.name", "answer": [{"valueString": "Ann"}]}),
     "does not ask"),
    ("wrong value type", lambda r: _item(r, "about.age_years").update(answer=[{"valueString": "forty"}]), "valueInteger"),
    ("a bool for an integer", lambda r: _item(r, "about.age_years").update(answer=[{"valueInteger": True}]), "wrong kind"),
    ("unknown code", lambda r: _item(r, "about.sex")["answer"][0]["valueCoding"].update(code="robot"), "choices"),
    ("code from another system", lambda r: _item(r, "about.sex")["answer"][0]["valueCoding"].update(
        system="http://hl7.org/fhir/administrative-gender"), "choices"),
    ("two answers", lambda r: _item(r, "about.age_years")["answer"].append({"valueInteger": 41}), "more than one"),
    ("no answer", lambda r: _item(r, "about.age_years").pop("answer"), "no usable answer"),
    ("question in the wrong group", lambda r: r["item"][1]["item"].append(
        {"linkId": "about.age_years", "answer": [{"valueInteger": 40}]}), "wrong place"),
    ("out of range", lambda r: _item(r, "about.age_years").update(answer=[{"valueInteger": 7}]), "age"),
]


@pytest.mark.parametrize(("name", "change", "message"), BAD_RESPONSES, ids=[b[0] for b in BAD_RESPONSES])
def test_a_bad_response_is_refused_with_the_reason(name: str, change: Any, message: str) -> None:
    with pytest.raises(AnswersInvalid) as caught:
        answers.parse_answers(_as_upload(_response_with(change)))
    assert message in str(caught.value)


# ------------------------------------------------------------------------------- web and command line

def test_the_sheet_links_to_the_fhir_download(client_no_csrf: FlaskClient) -> None:
    set_answers(client_no_csrf, copy.deepcopy(SAMPLE_ANSWERS))
    page = client_no_csrf.get("/sheet").get_data(as_text=True)
    assert 'href="/answers.fhir.json"' in page and "for my clinic" in page


def test_the_fhir_download_is_an_attachment_from_the_session(client_no_csrf: FlaskClient) -> None:
    set_answers(client_no_csrf, copy.deepcopy(SAMPLE_ANSWERS))
    response = client_no_csrf.get("/answers.fhir.json")
    assert response.status_code == 200 and response.mimetype == "application/fhir+json"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="as-treatment-options-answers-fhir-')
    assert response.headers["Cache-Control"] == "no-store"
    dated = {**SAMPLE_ANSWERS, "answered_on": history.today().isoformat()}  # as the saved file has it
    assert fhir.from_response(json.loads(response.data)) == dated == json.loads(client_no_csrf.get("/save-answers").data)


def test_the_fhir_download_needs_finished_answers(client_no_csrf: FlaskClient) -> None:
    assert client_no_csrf.get("/answers.fhir.json").headers["Location"] == "/"
    set_answers(client_no_csrf, {"schema": answers.SCHEMA_ID, "about": {"age_years": 40}})
    assert client_no_csrf.get("/answers.fhir.json").status_code == 302


def test_the_questionnaire_is_served_at_its_own_address(client: FlaskClient) -> None:
    response = client.get(f"/fhir/Questionnaire/{fhir.QUESTIONNAIRE_ID}")
    assert response.status_code == 200 and response.mimetype == "application/fhir+json"
    assert json.loads(response.data) == _through_json(fhir.questionnaire())


def _resume_fhir(client: FlaskClient, doc: dict[str, Any]) -> Any:
    body = fhir.dumps(fhir.to_response(doc)).encode()
    return client.post("/resume", data={"answers": (io.BytesIO(body), "answers.fhir.json")},
                       content_type="multipart/form-data")


def test_resume_takes_a_fhir_file(client_no_csrf: FlaskClient) -> None:
    doc = copy.deepcopy(next(p for p in PERSONAS if p.answers["treatments"]["csdmards"]).answers)
    for medicine in doc["treatments"]["csdmards"] + doc["treatments"]["advanced"]:
        medicine.setdefault("duration", "16_weeks_or_more")  # every question the journey asks answered
    response = _resume_fhir(client_no_csrf, doc)
    assert response.status_code == 302 and response.headers["Location"] == "/check-answers"
    assert resumed_answers(client_no_csrf, doc) == doc


def test_resume_of_a_fhir_file_without_a_journey_answer_asks_it(client_no_csrf: FlaskClient) -> None:
    """A file the sheet can be made from, but without how long a medicine has been taken (an older file,
    or a clinic's system that left it out): Resume asks it, in the tense of the medicine's status."""
    persona = next(p for p in PERSONAS if p.name == "spine only, still on sulfasalazine")
    assert "duration" not in persona.answers["treatments"]["csdmards"][0] and answers.is_complete(persona.answers)
    response = _resume_fhir(client_no_csrf, persona.answers)
    assert response.status_code == 302 and response.headers["Location"] == "/medicine-details"
    assert resumed_answers(client_no_csrf, persona.answers) == persona.answers
    page = client_no_csrf.get("/medicine-details").get_data(as_text=True)
    assert "How long have you been taking sulfasalazine?" in page and "How well is sulfasalazine working" in page


def test_resume_refuses_a_fhir_file_for_another_questionnaire_and_keeps_the_answers(client_no_csrf: FlaskClient) -> None:
    set_answers(client_no_csrf, copy.deepcopy(SAMPLE_ANSWERS))
    body = json.dumps(_response_with(lambda r: r.update(questionnaire="http://example.org/Questionnaire/x"))).encode()
    response = client_no_csrf.post("/resume", data={"answers": (io.BytesIO(body), "x.json")},
                                   content_type="multipart/form-data")
    assert response.status_code == 400
    assert "another questionnaire" in response.get_data(as_text=True)
    assert session_answers(client_no_csrf) == SAMPLE_ANSWERS


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "decision_aid.cli", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=120, check=False)


def test_the_command_line_converts_to_fhir_and_back(tmp_path: Path) -> None:
    doc = next(p for p in PERSONAS if p.answers["treatments"]["advanced"]).answers
    source = tmp_path / "answers.json"
    source.write_text(answers.dumps_file(doc), encoding="utf-8")
    out = _cli("answers", str(source), "--format", "fhir", "-o", str(tmp_path / "fhir.json"))
    assert out.returncode == 0, out.stderr
    R4Response(json.loads((tmp_path / "fhir.json").read_text()), strict=True)
    back = _cli("answers", str(tmp_path / "fhir.json"), "--format", "json")
    assert back.returncode == 0, back.stderr
    assert json.loads(back.stdout) == doc
    assert back.stdout == answers.dumps_file(doc)  # the same file the journey saves, key order included


def test_the_command_line_refuses_a_bad_fhir_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"resourceType": "Patient", "name": [{"family": "X"}]}), encoding="utf-8")
    out = _cli("answers", str(bad), "--format", "json")
    assert out.returncode == 2 and "not a QuestionnaireResponse" in out.stderr and not out.stdout
