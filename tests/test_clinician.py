"""Page 1 of the appointment PDF, the clinician's summary (issue 15): what it says for a person, that it
stays one page for the fullest answers the schema allows (in Letter and A4), and its text for five people
against recorded copies (`python tests/test_clinician.py --record` after an intended change).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLE_ANSWERS
from flask import Flask

from decision_aid import clinician, presentation
from decision_aid.answers import check_answers
from decision_aid.pdf import sheet_pdf
from decision_aid.sheet import build_sheet

GOLDEN = Path(__file__).parent / "data" / "page1"
MADE = dt.datetime(2026, 12, 3, 9, 30, tzinfo=dt.UTC)  # a fixed date: the date's length changes line breaks
ADVANCED = ["adalimumab", "etanercept", "infliximab", "golimumab", "certolizumab", "secukinumab",
            "ixekizumab", "bimekizumab", "tofacitinib", "upadacitinib"]
LONG_QUESTION = ("Which of these medicines could I take while we try for a baby, and how long before trying would I "
                 "need to stop the others, including the ones I take now for my bowel and skin, and what would happen "
                 "to my eyes and my back if I stopped everything for a whole year? Would it come back worse?")[:300]


def fullest(country: str = "US") -> dict[str, Any]:
    """Every list at its longest, every health matter, every linked condition, five 300-character questions."""
    doc = copy.deepcopy(SAMPLE_ANSWERS)
    doc["about"] = {"age_years": 34, "sex": "female", "pregnancy": "planning", "country": country}
    doc["condition"].update({"peripheral_arthritis": True, "enthesitis": True, "uveitis": "recurrent",
                             "ibd": "ulcerative_colitis", "psoriasis": "significant"})
    doc["treatments"].update({
        "nsaids": {"status": "current", "count_tried": 10, "weeks_at_full_dose": 520, "response": "not_tolerated"},
        "csdmards": [{"drug": d, "status": "current", "response": "not_tolerated", "duration": "12_to_15_weeks"}
                     for d in ("sulfasalazine", "methotrexate", "leflunomide")],
        "advanced": [{"drug": d, "status": "past" if i else "current", "response": "lost_response",
                      "duration": "16_weeks_or_more"} for i, d in enumerate(ADVANCED)],
        "steroid_injection": True, "oral_steroids_now": True, "exercise": "none",
    })
    doc["activity"].update({"patient_global": 9.75, "crp_mg_l": 499.5, "esr_mm_h": 199.5})
    doc["activity"]["basdai"] = {k: 9.25 for k in doc["activity"]["basdai"]}
    doc["health"] = {k: (True if isinstance(v, bool) else v) for k, v in doc["health"].items()}
    doc["health"].update({"cancer": "within_5_years", "tuberculosis": "past_or_latent", "smoking": "current"})
    doc["goals"]["importance"] = {k: 4 for k in doc["goals"]["importance"]}
    doc["goals"]["own_questions"] = [LONG_QUESTION] * 5
    doc["sure"] = {"sure": False, "understand": False, "risks": False, "encouragement": False}
    doc["answered_on"] = "2026-12-01"
    doc["history"] = {"version": 1, "visits": _visits(12)}
    doc["leaning"] = {"options": ["tnf_inhibitors", "il17_inhibitors", "jak_inhibitors", "steroid_injection",
                                  "clinical_trial", "csdmards", "no_change"], "certainty": "not_sure"}
    doc["knowledge"] = {"version": "1", "answers": {}}  # every question skipped: each named on page 1
    assert check_answers(doc) == [], check_answers(doc)
    return doc


def _visits(count: int) -> list[dict[str, Any]]:
    """Earlier visits a year apart, ASDAS with CRP, each on a biologic."""
    return [{"date": f"{2014 + i}-0{1 + i % 9}-15", "basdai": 4 + (i % 5), "asdas": 2.0 + (i % 4) * 0.7,
             "asdas_kind": "CRP", "crp_mg_l": 10 + i, "advanced": ["adalimumab", "secukinumab"]}
            for i in range(count)]


def roomy_limit() -> dict[str, Any]:
    """As much as the larger type allows: five treatments, five health matters, 450 characters of questions."""
    doc = copy.deepcopy(SAMPLE_ANSWERS)
    doc["about"].update({"country": "US", "age_years": 45, "sex": "female"})
    doc["treatments"]["csdmards"] = [{"drug": "sulfasalazine", "status": "past", "response": "none",
                                      "duration": "16_weeks_or_more"},
                                     {"drug": "methotrexate", "status": "past", "response": "not_tolerated"}]
    doc["treatments"]["advanced"] = [{"drug": "adalimumab", "status": "past", "response": "none",
                                      "duration": "16_weeks_or_more"},
                                     {"drug": "secukinumab", "status": "current", "response": "partial",
                                      "duration": "12_to_15_weeks"}]
    for key in ("heart_disease", "high_blood_pressure", "diabetes", "depression"):
        doc["health"][key] = True
    doc["health"]["smoking"] = "current"
    doc["goals"]["own_questions"] = [LONG_QUESTION[:150].rsplit(" ", 1)[0] + "?"] * 3
    doc["answered_on"] = "2026-12-01"
    doc["history"] = {"version": 1, "visits": _visits(3)}
    doc["leaning"] = {"options": ["il17_inhibitors"], "certainty": "fairly_sure"}
    doc["knowledge"] = {"version": "1", "answers": {"biologic_benefit": "nearly_all", "nsaids_first": "nsaids"}}
    assert check_answers(doc) == [], check_answers(doc)
    return doc


FIVE: dict[str, Any] = {
    "sample": lambda: copy.deepcopy(SAMPLE_ANSWERS),
    "fullest_us": lambda: fullest("US"),
    "fullest_gb": lambda: fullest("GB"),
    "roomy_limit": roomy_limit,
    "esr_only_nr": lambda: _esr_only(),
}


def _esr_only() -> dict[str, Any]:
    doc = copy.deepcopy(SAMPLE_ANSWERS)
    doc["condition"]["diagnosis"] = "non_radiographic_axspa"
    doc["activity"].pop("crp_mg_l", None)
    doc["activity"]["esr_mm_h"] = 32
    doc["about"].update({"sex": "male", "pregnancy": "planning", "country": "DE"})
    doc["health"]["tuberculosis"] = "not_sure"
    doc["health"]["hepatitis_b_or_c"] = True
    return doc


def _page(pdf: bytes, number: int) -> str:
    done = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", "-f", str(number), "-l", str(number), "-", "-"],
                          input=pdf, capture_output=True, check=True, timeout=60)
    return done.stdout.decode("utf-8")


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def content() -> Any:
    from decision_aid import create_app

    app: Flask = create_app({"TESTING": True, "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789"})
    return app.extensions["content"]


@pytest.fixture(scope="module")
def pdfs(content: Any) -> dict[str, tuple[dict[str, Any], bytes]]:
    out = {}
    for name, make in FIVE.items():
        sheet = build_sheet(content, make(), now=MADE)
        out[name] = (sheet, sheet_pdf(sheet))
    return out


# ------------------------------------------------------------------------------------------- the summary

def test_treatment_history_is_a_row_a_medicine_with_status_duration_and_response() -> None:
    rows = clinician.summary(fullest())["treatments"]
    assert len(rows) == 1 + 3 + 10
    assert rows[0]["medicine"].startswith("NSAIDs, 10 tried") and rows[0]["duration"].startswith("520")
    ada = next(r for r in rows if r["medicine"] == "Adalimumab")
    assert (ada["kind"], ada["status"], ada["outcome"]) == ("TNFi", "now", "lost response")
    assert next(r for r in rows if r["medicine"] == "Etanercept")["status"] == "past"
    assert next(r for r in rows if r["medicine"] == "Upadacitinib")["kind"] == "JAKi"


def test_checks_carry_what_the_answers_add() -> None:
    checks = [c["text"] for c in clinician.summary(fullest())["checks"]]
    assert any("TB screening" in c and "past or latent TB" in c for c in checks)
    assert any("Hepatitis B and C" in c and "Reports hepatitis" in c for c in checks)
    assert any("methotrexate and leflunomide" in c and "Contraception" in c for c in checks)
    assert any("Pregnancy" in c for c in checks)
    assert all(c["sources"] for c in clinician.summary(fullest())["checks"])


def test_no_contraception_reminder_for_a_man_or_a_woman_over_50() -> None:
    for about in ({"sex": "male", "age_years": 34}, {"sex": "female", "age_years": 55}):
        doc = fullest()
        doc["about"].update(about)
        assert not any("Contraception" in c["text"] for c in clinician.summary(doc)["checks"])


def test_a_person_with_nothing_to_add_gets_the_plain_reminders() -> None:
    summary = clinician.summary(copy.deepcopy(SAMPLE_ANSWERS))
    assert [c["text"].split(".")[0] for c in summary["checks"]] == [
        "TB screening before a biologic or JAK inhibitor", "Hepatitis B and C screening",
        "Vaccines brought up to date first; no live vaccines during treatment"]


def test_crp_typed_in_mg_dl_is_shown_as_typed_beside_mg_l() -> None:
    doc = copy.deepcopy(SAMPLE_ANSWERS)
    doc["activity"].update({"crp_mg_l": 21, "crp_unit": "mg_dl"})
    assert clinician.summary(doc)["lab"] == {"name": "CRP", "value": "21", "unit": "mg/L", "typed": "2.1 mg/dL"}


def test_esr_is_shown_when_there_is_no_crp() -> None:
    assert clinician.summary(_esr_only())["lab"] == {"name": "ESR", "value": "32", "unit": "mm/h"}


# ------------------------------------------------------------------------------------------ the PDF page

@pytest.mark.parametrize("name", ["fullest_us", "fullest_gb", "roomy_limit"])
def test_page_one_is_one_page_at_the_limits(pdfs: dict[str, tuple[dict[str, Any], bytes]], name: str) -> None:
    sheet, pdf = pdfs[name]
    first, second = _flat(_page(pdf, 1)), _flat(_page(pdf, 2))
    assert first.startswith("Summary for the appointment"), first[:200]
    assert "SURE test" in first or not sheet.get("sure")
    assert "Their questions" in first and "Treatment so far" in first
    assert "Health matters that change the choice" in first
    after = "Since your last visit" if sheet.get("progress") else sheet["condition"]["heading"]
    assert second.startswith(after), second[:200]  # page 1 ended where it should


def test_type_is_larger_when_there_is_room(content: Any) -> None:
    def roomy(doc: dict[str, Any]) -> bool:
        return presentation.roomy_page_one(presentation.view_model(build_sheet(content, doc)))

    assert roomy(roomy_limit()) and roomy(copy.deepcopy(SAMPLE_ANSWERS))
    assert not roomy(fullest())


def test_page_one_text_matches_the_recorded_copies(pdfs: dict[str, tuple[dict[str, Any], bytes]]) -> None:
    changed = []
    for name, (_sheet, pdf) in pdfs.items():
        path = GOLDEN / f"{name}.txt"
        got = _normalise(_page(pdf, 1))
        if not path.exists() or path.read_text(encoding="utf-8") != got:
            changed.append(name)
    assert not changed, f"page 1 changed for {changed}: if intended, run python tests/test_clinician.py --record"


def _normalise(text: str) -> str:
    """Page 1's words, one line each as laid out, without the running footer (its page count follows the
    rest of the PDF)."""
    return "\n".join(line.rstrip() for line in text.splitlines()
                     if line.strip() and not line.startswith("AS treatment options.")) + "\n"


def _record() -> None:
    from decision_aid import create_app

    content = create_app({"TESTING": True, "SECRET_KEY": "x" * 40}).extensions["content"]
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for name, make in FIVE.items():
        (GOLDEN / f"{name}.txt").write_text(_normalise(_page(sheet_pdf(build_sheet(content, make(), now=MADE)), 1)),
                                            encoding="utf-8")
        print("recorded", name)


if __name__ == "__main__":
    if sys.argv[1:] == ["--record"]:
        sys.path.insert(0, str(Path(__file__).parent))
        _record()
    else:
        print(json.dumps(clinician.summary(fullest()), indent=1))
