"""The clinician's summary on page 1 of the appointment PDF: what a rheumatologist checks first in a short
visit, from the answers alone (diagnosis, scores with their parts, the treatment history as a table, the
health matters that change the choice, and the checks due before an advanced medicine, worded as
reminders with their sources).

It is a block of the sheet JSON (`sheet["clinician"]`), so the PDF needs nothing but the sheet; the web
page keeps its own summary for the person.
"""

from __future__ import annotations

from typing import Any

from . import words
from .engine.facts import DRUG_CLASS

# Short class names a rheumatologist reads at a glance (the table keeps one line a medicine).
KIND_WORDS = {"tnf": "TNFi", "il17": "IL-17i", "jak": "JAKi"}
NBSP = "\u00a0"
DURATION_WORDS = {"under_12_weeks": f"<{NBSP}12{NBSP}wk", "12_to_15_weeks": f"12\u201115{NBSP}wk",
                  "16_weeks_or_more": f"16+{NBSP}wk", "not_sure": "not sure"}

# The six BASDAI questions, in order, in a clinician's short words.
BASDAI_PARTS = (
    ("fatigue", "fatigue"),
    ("spinal_pain", "spinal pain"),
    ("peripheral_pain", "joints"),
    ("tenderness", "tender areas"),
    ("stiffness_severity", "stiffness"),
    ("stiffness_duration", "stiffness time"),
)

STATUS_WORDS = {"current": "now", "past": "past"}
# Why it stopped or how it is going, in a clinician's words.
OUTCOME_WORDS = {
    "good": "good response",
    "partial": "partial response",
    "none": "no response",
    "lost_response": "lost response",
    "not_tolerated": "side effects",
}
NSAID_OUTCOME_WORDS = {k: v for k, v in OUTCOME_WORDS.items() if k != "lost_response"}


def _number(value: Any) -> str:
    """0-10 answers and lab values as typed: whole numbers without ".0"."""
    number = float(value)
    return str(int(number)) if number.is_integer() else f"{number:g}"


def _treatments(treat: dict[str, Any]) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    nsaids = treat.get("nsaids") or {}
    if nsaids.get("status") in STATUS_WORDS:
        rows.append({
            "medicine": f"NSAIDs, {nsaids.get('count_tried', 0)} tried (weeks at full dose)",
            "kind": "NSAID",
            "status": STATUS_WORDS[nsaids["status"]],
            "duration": f"{nsaids.get('weeks_at_full_dose', 0)}\u00a0wk",
            "outcome": NSAID_OUTCOME_WORDS.get(str(nsaids.get("response")), "not said"),
        })
    for group in ("csdmards", "advanced"):
        for item in treat.get(group) or []:
            drug = str(item.get("drug", ""))
            rows.append({
                "medicine": words.MEDICINE_NAMES.get(drug, drug),
                "kind": "" if group == "csdmards" else KIND_WORDS.get(DRUG_CLASS.get(drug, ""), ""),
                "status": STATUS_WORDS.get(str(item.get("status")), ""),
                "duration": DURATION_WORDS.get(str(item.get("duration")), "not\u00a0asked"),
                "outcome": OUTCOME_WORDS.get(str(item.get("response")), "not said"),
            })
    return rows


def _other_treatment(treat: dict[str, Any]) -> list[str]:
    never = ["No NSAIDs taken"] if (treat.get("nsaids") or {}).get("status") == "never" else []
    return never + treatment_lines(treat)


def treatment_lines(treat: dict[str, Any]) -> list[str]:
    """Exercise and steroids in a clinician's words (also the sheet's situation lines)."""
    lines = []
    exercise = words.EXERCISE_WORDS.get(str(treat.get("exercise")))
    if exercise:
        lines.append(f"Exercise: {exercise}")
    if treat.get("oral_steroids_now"):
        lines.append("Takes steroid tablets now")
    if treat.get("steroid_injection"):
        lines.append("Has had a steroid injection")
    return lines


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _health(answers: dict[str, Any]) -> list[str]:
    health = answers.get("health") or {}
    about = answers.get("about") or {}
    matters = [_upper_first(said.short) for key, said in words.HEALTH.items() if health.get(key) is True]
    matters += [_upper_first(table[health[key]]) for key, table in words.HEALTH_CHOICE_WORDS.items()
                if health.get(key) in table]
    pregnancy = words.PREGNANCY_WORDS.get(str(about.get("pregnancy")))
    if pregnancy:
        partner = about.get("sex") == "male"
        matters.append(f"{pregnancy} (partner)" if partner and about.get("pregnancy") != "planning" else pregnancy)
    return matters


def _checks(answers: dict[str, Any]) -> list[dict[str, Any]]:
    """Reminders of the checks due before a biologic or JAK inhibitor, with what the answers add to each."""
    health = answers.get("health") or {}
    about = answers.get("about") or {}
    treat = answers.get("treatments") or {}
    tb = {"past_or_latent": " Reports past or latent TB.", "not_sure": " Not sure about past TB."}
    checks = [
        {"text": "TB screening before a biologic or JAK inhibitor." + tb.get(str(health.get("tuberculosis")), ""),
         "sources": ["label-adalimumab", "label-secukinumab"]},
        {"text": "Hepatitis B and C screening." + (" Reports hepatitis B or C." if health.get("hepatitis_b_or_c")
                                                   else ""),
         "sources": ["label-adalimumab"]},
        {"text": "Vaccines brought up to date first; no live vaccines during treatment.",
         "sources": ["label-adalimumab", "label-secukinumab"]},
    ]
    pregnancy = about.get("pregnancy")
    if pregnancy in {"planning", "pregnant", "breastfeeding"}:
        checks.append({"text": "Pregnancy or breastfeeding: see each option's pregnancy notes.",
                       "sources": ["sammaritano-2020", "mariette-2018"]})
    taking = {str(i.get("drug")) for i in treat.get("csdmards") or [] if i.get("status") == "current"}
    could_conceive = about.get("sex") == "female" and int(about.get("age_years", 99)) < 50
    harmful = [(drug, source) for drug, source in (("methotrexate", "sammaritano-2020"),
                                                   ("leflunomide", "label-leflunomide")) if drug in taking]
    if harmful and could_conceive:
        names = " and ".join(drug for drug, _ in harmful)
        checks.append({"text": f"Contraception while taking {names} ({'they' if len(harmful) > 1 else 'it'} can "
                               "harm an unborn baby).", "sources": [source for _, source in harmful]})
    return checks


def _lab(activity: dict[str, Any]) -> dict[str, str] | None:
    """The blood test given: CRP in mg/L (and as typed, when typed in mg/dL), or ESR."""
    if activity.get("crp_mg_l") is not None:
        lab = {"name": "CRP", "value": _number(activity["crp_mg_l"]), "unit": "mg/L"}
        if activity.get("crp_unit") == "mg_dl":  # as the person typed it (the scores use mg/L)
            lab["typed"] = f"{_number(round(float(activity['crp_mg_l']) / 10, 3))} mg/dL"
        return lab
    if activity.get("esr_mm_h") is not None:
        return {"name": "ESR", "value": _number(activity["esr_mm_h"]), "unit": "mm/h"}
    return None


def summary(answers: dict[str, Any]) -> dict[str, Any]:
    """The clinician's block of the sheet for one complete answers document."""
    cond = answers.get("condition") or {}
    about = answers.get("about") or {}
    activity = answers.get("activity") or {}
    treat = answers.get("treatments") or {}
    basdai = activity.get("basdai") or {}
    sex = {"female": "female", "male": "male"}.get(str(about.get("sex")), "")
    return {
        "diagnosis": words.DIAGNOSIS_WORDS.get(str(cond.get("diagnosis")), words.DIAGNOSIS_WORDS["not_sure"]),
        "person": ", ".join(p for p in (f"age {about['age_years']}" if "age_years" in about else "", sex) if p),
        "linked": [table[cond[key]] for key, table in words.CONDITION_WORDS.items() if cond.get(key) in table],
        "basdai_parts": [{"label": label, "value": _number(basdai[key])}
                         for key, label in BASDAI_PARTS if key in basdai],
        "patient_global": None if activity.get("patient_global") is None else _number(activity["patient_global"]),
        "lab": _lab(activity),
        "treatments": _treatments(treat),
        "other_treatment": _other_treatment(treat),
        "health": _health(answers),
        "checks": _checks(answers),
    }
