"""The clinician's summary on page 1 of the appointment PDF: what a rheumatologist checks first in a short
visit, from the answers alone (diagnosis, scores with their parts, the treatment history as a table, the
health matters that change the choice, and the checks due before an advanced medicine, worded as
reminders with their sources).

It is a block of the sheet JSON (`sheet["clinician"]`), so the PDF needs nothing but the sheet; the web
page keeps its own summary for the person.
"""

from __future__ import annotations

from typing import Any

from . import i18n, words
from .engine.facts import DRUG_CLASS
from .i18n import gettext as _
from .i18n import lazy_gettext as _l

# The words are translated when the summary is made (`_l`, made plain strings in the sheet dict).
# Translators: short class names in a table cell: TNF, IL-17 and JAK inhibitor.
KIND_WORDS = {"tnf": _l("TNFi"), "il17": _l("IL-17i"), "jak": _l("JAKi")}
# Translators: how long a medicine was taken, in a narrow table cell ("wk": weeks; keep the no-break spaces).
DURATION_WORDS = {"under_12_weeks": _l("<\u00a012\u00a0wk"), "12_to_15_weeks": _l("12\u201115\u00a0wk"),
                  "16_weeks_or_more": _l("16+\u00a0wk"), "not_sure": _l("not sure")}

# The six BASDAI questions, in order, in a clinician's short words.
BASDAI_PARTS = (
    ("fatigue", _l("fatigue")),
    ("spinal_pain", _l("spinal pain")),
    ("peripheral_pain", _l("joints")),
    ("tenderness", _l("tender areas")),
    ("stiffness_severity", _l("stiffness")),
    ("stiffness_duration", _l("stiffness time")),
)

# Translators: whether a medicine is taken now or was taken in the past, in a table cell.
STATUS_WORDS = {"current": _l("now"), "past": _l("past")}
# Why it stopped or how it is going, in a clinician's words.
OUTCOME_WORDS = {
    "good": _l("good response"),
    "partial": _l("partial response"),
    "none": _l("no response"),
    "lost_response": _l("lost response"),
    "not_tolerated": _l("side effects"),
}
NSAID_OUTCOME_WORDS = {k: v for k, v in OUTCOME_WORDS.items() if k != "lost_response"}


def _number(value: Any) -> str:
    """0-10 answers and lab values as typed: whole numbers without ".0" (with this language's decimal sign)."""
    number = float(value)
    return str(int(number)) if number.is_integer() else i18n.number(f"{number:g}")


def _treatments(treat: dict[str, Any]) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    nsaids = treat.get("nsaids") or {}
    if nsaids.get("status") in STATUS_WORDS:
        rows.append({
            "medicine": _("NSAIDs, %(count)s tried (weeks at full dose)", count=nsaids.get("count_tried", 0)),
            "kind": _("NSAID"),
            "status": str(STATUS_WORDS[nsaids["status"]]),
            # Translators: weeks, in a narrow table cell (keep the no-break space).
            "duration": _("%(weeks)s\u00a0wk", weeks=nsaids.get("weeks_at_full_dose", 0)),
            "outcome": str(NSAID_OUTCOME_WORDS.get(str(nsaids.get("response")), _l("not said"))),
        })
    for group in ("csdmards", "advanced"):
        for item in treat.get(group) or []:
            drug = str(item.get("drug", ""))
            rows.append({
                "medicine": words.MEDICINE_NAMES.get(drug, drug),
                "kind": "" if group == "csdmards" else str(KIND_WORDS.get(DRUG_CLASS.get(drug, ""), "")),
                "status": str(STATUS_WORDS.get(str(item.get("status")), "")),
                # Translators: in a narrow table cell (keep the no-break space).
                "duration": str(DURATION_WORDS.get(str(item.get("duration")), _l("not\u00a0asked"))),
                "outcome": str(OUTCOME_WORDS.get(str(item.get("response")), _l("not said"))),
            })
    return rows


def _other_treatment(treat: dict[str, Any]) -> list[str]:
    never = [_("No NSAIDs taken")] if (treat.get("nsaids") or {}).get("status") == "never" else []
    return never + treatment_lines(treat)


def treatment_lines(treat: dict[str, Any]) -> list[str]:
    """Exercise and steroids in a clinician's words (also the sheet's situation lines)."""
    lines = []
    exercise = words.EXERCISE_WORDS.get(str(treat.get("exercise")))
    if exercise:
        lines.append(str(exercise))  # "Exercise: regular"
    if treat.get("oral_steroids_now"):
        lines.append(_("Takes steroid tablets now"))
    if treat.get("steroid_injection"):
        lines.append(_("Has had a steroid injection"))
    return lines


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _health(answers: dict[str, Any]) -> list[str]:
    health = answers.get("health") or {}
    about = answers.get("about") or {}
    matters = [_upper_first(str(said.short)) for key, said in words.HEALTH.items() if health.get(key) is True]
    matters += [_upper_first(str(table[health[key]])) for key, table in words.HEALTH_CHOICE_WORDS.items()
                if health.get(key) in table]
    pregnancy = words.PREGNANCY_WORDS.get(str(about.get("pregnancy")))
    if pregnancy:
        partner = about.get("sex") == "male"
        # Translators: a man's partner is pregnant or breastfeeding: "Pregnant (partner)".
        matters.append(_("%(pregnancy)s (partner)", pregnancy=pregnancy) if partner and about.get("pregnancy") != "planning"
                       else str(pregnancy))
    return matters


def _checks(answers: dict[str, Any]) -> list[dict[str, Any]]:
    """Reminders of the checks due before a biologic or JAK inhibitor, with what the answers add to each."""
    health = answers.get("health") or {}
    about = answers.get("about") or {}
    treat = answers.get("treatments") or {}
    tb = {"past_or_latent": _("Reports past or latent TB."), "not_sure": _("Not sure about past TB.")}
    said_tb = tb.get(str(health.get("tuberculosis")))
    tb_check = _("TB screening before a biologic or JAK inhibitor.")
    hepatitis = _("Hepatitis B and C screening.")
    checks = [
        {"text": f"{tb_check} {said_tb}" if said_tb else tb_check, "sources": ["label-adalimumab", "label-secukinumab"]},
        {"text": f"{hepatitis} {_('Reports hepatitis B or C.')}" if health.get("hepatitis_b_or_c") else hepatitis,
         "sources": ["label-adalimumab"]},
        {"text": _("Vaccines brought up to date first; no live vaccines during treatment."),
         "sources": ["label-adalimumab", "label-secukinumab"]},
    ]
    pregnancy = about.get("pregnancy")
    if pregnancy in {"planning", "pregnant", "breastfeeding"}:
        checks.append({"text": _("Pregnancy or breastfeeding: see each option's pregnancy notes."),
                       "sources": ["sammaritano-2020", "mariette-2018"]})
    taking = {str(i.get("drug")) for i in treat.get("csdmards") or [] if i.get("status") == "current"}
    could_conceive = about.get("sex") == "female" and int(about.get("age_years", 99)) < 50
    harmful = [(drug, source) for drug, source in (("methotrexate", "sammaritano-2020"),
                                                   ("leflunomide", "label-leflunomide")) if drug in taking]
    if harmful and could_conceive:
        names = i18n.join_and([drug for drug, _source in harmful])
        text = (_("Contraception while taking %(medicines)s (they can harm an unborn baby).", medicines=names)
                if len(harmful) > 1 else _("Contraception while taking %(medicine)s (it can harm an unborn baby).",
                                           medicine=names))
        checks.append({"text": text, "sources": [source for _drug, source in harmful]})
    return checks


def _lab(activity: dict[str, Any]) -> dict[str, str] | None:
    """The blood test given: CRP in mg/L (and as typed, when typed in mg/dL), or ESR."""
    if activity.get("crp_mg_l") is not None:
        lab = {"name": i18n.lab_name("CRP"), "value": _number(activity["crp_mg_l"]), "unit": "mg/L"}
        if activity.get("crp_unit") == "mg_dl":  # as the person typed it (the scores use mg/L)
            lab["typed"] = _("%(value)s mg/dL", value=_number(round(float(activity["crp_mg_l"]) / 10, 3)))
        return lab
    if activity.get("esr_mm_h") is not None:
        return {"name": i18n.lab_name("ESR"), "value": _number(activity["esr_mm_h"]), "unit": "mm/h"}
    return None


def summary(answers: dict[str, Any]) -> dict[str, Any]:
    """The clinician's block of the sheet for one complete answers document."""
    cond = answers.get("condition") or {}
    about = answers.get("about") or {}
    activity = answers.get("activity") or {}
    treat = answers.get("treatments") or {}
    basdai = activity.get("basdai") or {}
    sex = {"female": _("female"), "male": _("male")}.get(str(about.get("sex")), "")
    age = _("age %(age)s", age=about["age_years"]) if "age_years" in about else ""
    return {
        "diagnosis": str(words.DIAGNOSIS_WORDS.get(str(cond.get("diagnosis")), words.DIAGNOSIS_WORDS["not_sure"])),
        "person": ", ".join(p for p in (age, sex) if p),
        "linked": [str(table[cond[key]]) for key, table in words.CONDITION_WORDS.items() if cond.get(key) in table],
        "basdai_parts": [{"label": str(label), "value": _number(basdai[key])}
                         for key, label in BASDAI_PARTS if key in basdai],
        "patient_global": None if activity.get("patient_global") is None else _number(activity["patient_global"]),
        "lab": _lab(activity),
        "treatments": _treatments(treat),
        "other_treatment": _other_treatment(treat),
        "health": _health(answers),
        "checks": _checks(answers),
    }
