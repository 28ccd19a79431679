"""Personas: the leaning, its values match and the knowledge check's result on page 1 of the appointment
PDF, read back with pdftotext (as tests/test_pdf.py does). The mismatch flag fires for a leaning that sits
uneasily with something rated most important, and does not fire otherwise."""

from __future__ import annotations

import copy
import re
import subprocess
from typing import Any

import pytest
import yaml
from conftest import SAMPLE_ANSWERS
from flask import Flask

from decision_aid.answers import check_answers
from decision_aid.engine.content import CONTENT_ROOT
from decision_aid.pdf import sheet_pdf

KNOWLEDGE = yaml.safe_load((CONTENT_ROOT / "knowledge.yaml").read_text(encoding="utf-8"))
TOPICS = {q["id"]: q["topic"] for q in KNOWLEDGE["questions"]}


def _choices(wrong: tuple[str, ...] = (), not_sure: tuple[str, ...] = (), skip: tuple[str, ...] = ()) -> dict[str, str]:
    out = {}
    for q in KNOWLEDGE["questions"]:
        if q["id"] in skip:
            continue
        if q["id"] in wrong:
            out[q["id"]] = next(c["id"] for c in q["choices"] if c["id"] != q["answer"])
        elif q["id"] in not_sure:
            out[q["id"]] = "not_sure"
        else:
            out[q["id"]] = q["answer"]
    return out


def _person(importance: dict[str, int], leaning: dict[str, Any] | None = None,
            knowledge: dict[str, str] | None = None, **about: Any) -> dict[str, Any]:
    doc = copy.deepcopy(SAMPLE_ANSWERS)
    doc["goals"]["importance"].update(importance)
    doc["about"].update(about)
    if leaning is not None:
        doc["leaning"] = leaning
    if knowledge is not None:
        doc["knowledge"] = {"version": KNOWLEDGE["version"], "answers": knowledge}
    assert check_answers(doc) == [], check_answers(doc)
    return doc


PERSONAS: dict[str, dict[str, Any]] = {
    # avoiding needles extremely important, leaning towards TNF inhibitors (injections): flag; 4 of 5 understood
    "needles_tnf": _person({"avoid_needles": 4, "avoid_side_effects": 1},
                           {"options": ["tnf_inhibitors"], "certainty": "fairly_sure"},
                           _choices(wrong=("stem_cells",))),
    # the same priority, leaning towards tablets: no flag; the knowledge check not done
    "needles_tablets": _person({"avoid_needles": 4, "avoid_side_effects": 1},
                               {"options": ["nsaids", "jak_inhibitors"], "certainty": "very_sure"}),
    # needles only a little important, leaning towards TNF inhibitors: no flag; 3 answered, 1 "not sure"
    "tnf_no_worry": _person({"avoid_needles": 1, "avoid_side_effects": 1},
                            {"options": ["tnf_inhibitors"]},
                            _choices(not_sure=("time_to_judge",), skip=("jak_warning", "nsaids_first"))),
    # in the US, keeping the cost low very important, leaning towards a JAK inhibitor: the US-only cost flag
    "us_cost_jak": _person({"low_cost": 3, "avoid_side_effects": 0}, {"options": ["jak_inhibitors"]},
                           country="US"),
}


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _page_one(pdf: bytes) -> str:
    done = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", "-f", "1", "-l", "1", "-", "-"], input=pdf,
                          capture_output=True, check=True, timeout=60)
    return _flat(done.stdout.decode("utf-8"))


@pytest.fixture(scope="module")
def module_app() -> Flask:
    from decision_aid import create_app

    return create_app({"TESTING": True, "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789"})


@pytest.fixture(scope="module")
def page_one(module_app: Flask) -> dict[str, tuple[dict[str, Any], str]]:
    from decision_aid.sheet import build_sheet

    out = {}
    for name, answers in PERSONAS.items():
        sheet = build_sheet(module_app.extensions["content"], answers)
        out[name] = (sheet, _page_one(sheet_pdf(sheet)))
    return out


def test_mismatch_flag_fires_on_page_one(page_one: dict[str, tuple[dict[str, Any], str]]) -> None:
    sheet, text = page_one["needles_tnf"]
    assert [(t["option"], t["priority"]) for t in sheet["leaning"]["worth_talking_over"]] == [
        ("tnf_inhibitors", "avoid_needles")]
    assert ("Leaning towards (worth talking over: what each sits beside that they rated very or extremely "
            "important): TNF inhibitors (needles). How sure: fairly sure.") in text


@pytest.mark.parametrize("name", ["needles_tablets", "tnf_no_worry"])
def test_mismatch_flag_does_not_fire(page_one: dict[str, tuple[dict[str, Any], str]], name: str) -> None:
    sheet, text = page_one[name]
    assert sheet["leaning"]["worth_talking_over"] == []
    assert "Leaning towards:" in text
    assert "Worth talking over" not in text


def test_cost_flag_for_a_us_reader(page_one: dict[str, tuple[dict[str, Any], str]]) -> None:
    _sheet, text = page_one["us_cost_jak"]
    assert "JAK inhibitors (cost)" in text


def test_knowledge_result_on_page_one_names_what_to_go_over(page_one: dict[str, tuple[dict[str, Any], str]]) -> None:
    _sheet, text = page_one["needles_tnf"]
    assert f"Knowledge check: understood 4 of 5. Worth going over: {TOPICS['stem_cells']}." in text
    assert SAMPLE_ANSWERS["goals"]["own_questions"][0] in text  # their own questions still fit on page 1
    _sheet, text = page_one["tnf_no_worry"]
    assert (f"understood 2 of 5. Worth going over: {TOPICS['time_to_judge']}. "
            f"Not answered: {TOPICS['nsaids_first']}; {TOPICS['jak_warning']}.") in text


def test_nothing_answered_means_nothing_extra_on_page_one(page_one: dict[str, tuple[dict[str, Any], str]]) -> None:
    sheet, text = page_one["needles_tablets"]
    assert sheet["knowledge"] is None
    assert "Knowledge check:" not in text
