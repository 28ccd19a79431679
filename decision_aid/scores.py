"""BASDAI and ASDAS, exactly as in the evidence brief §2.

Coefficients: the ASAS-published *rounded* ones (Lukas 2009, as on the ASAS calculator). With these,
test vector E (CRP 12) gives 3.4977, which is "high"; the unrounded set would give 3.501.

Cut-offs (Machado 2011; names from the 2018 nomenclature update, which renamed "moderate" to "low"):
    ASDAS < 1.3 inactive · 1.3 to < 2.1 low · 2.1 to ≤ 3.5 high · > 3.5 very high.
A value exactly on a cut-off is classed upwards at 1.3 and 2.1 (1.3 is "low", 2.1 is "high") and
downwards at 3.5 (3.5 is "high"), as the table in the brief states. States are decided on the
unrounded value; display rounds to one decimal (BASDAI and ASDAS both).

CRP below 2 mg/L (or undetectable) is set to 2 mg/L. Answers hold CRP in mg/L (the journey converts mg/dL).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

from . import i18n
from .i18n import gettext as _
from .i18n import lazy_gettext as _l

CRP_FLOOR_MG_L = 2.0
BASDAI_ACTIVE = 4.0

State = Literal["inactive", "low", "high", "very_high"]
STATE_LABELS: dict[str, str] = {  # translated when shown: str() them for the sheet dict
    "inactive": _l("inactive disease"),
    "low": _l("low disease activity"),
    "high": _l("high disease activity"),
    "very_high": _l("very high disease activity"),
}


@dataclass(frozen=True)
class Asdas:
    """An ASDAS value with the lab test it used."""

    value: float
    kind: Literal["CRP", "ESR"]

    @property
    def state(self) -> State:
        return asdas_state(self.value)


def basdai(fatigue: float, spinal_pain: float, peripheral_pain: float, tenderness: float,
           stiffness_severity: float, stiffness_duration: float) -> float:
    """BASDAI = [Q1 + Q2 + Q3 + Q4 + (Q5 + Q6)/2] / 5, range 0–10."""
    return (fatigue + spinal_pain + peripheral_pain + tenderness
            + (stiffness_severity + stiffness_duration) / 2) / 5


def asdas_crp(back_pain: float, stiffness_duration: float, patient_global: float,
              peripheral: float, crp_mg_l: float) -> float:
    """ASDAS-CRP with the ASAS rounded coefficients and the 2 mg/L floor."""
    crp = max(crp_mg_l, CRP_FLOOR_MG_L)
    return (0.12 * back_pain + 0.06 * stiffness_duration + 0.11 * patient_global
            + 0.07 * peripheral + 0.58 * math.log(crp + 1))


def asdas_esr(back_pain: float, stiffness_duration: float, patient_global: float,
              peripheral: float, esr_mm_h: float) -> float:
    """ASDAS-ESR with the ASAS rounded coefficients."""
    return (0.08 * back_pain + 0.07 * stiffness_duration + 0.11 * patient_global
            + 0.09 * peripheral + 0.29 * math.sqrt(esr_mm_h))


def asdas_state(value: float) -> State:
    """The 2018 state name for an ASDAS value (see the module docstring for cut-off handling)."""
    if value < 1.3:
        return "inactive"
    if value < 2.1:
        return "low"
    if value <= 3.5:
        return "high"
    return "very_high"


def scores_from_answers(answers: dict[str, Any]) -> dict[str, Any]:
    """BASDAI and ASDAS (CRP preferred, else ESR) for an answers document.

    ASDAS needs the patient global and a lab value; without them it is None.
    """
    activity = answers.get("activity") or {}
    b = activity.get("basdai") or {}
    keys = ("fatigue", "spinal_pain", "peripheral_pain", "tenderness", "stiffness_severity", "stiffness_duration")
    if not all(k in b for k in keys):
        return {"basdai": None, "asdas": None}
    basdai_value = basdai(*(float(b[k]) for k in keys))
    result: dict[str, Any] = {"basdai": basdai_value, "asdas": None}
    glob = activity.get("patient_global")
    if glob is None:
        return result
    args = (float(b["spinal_pain"]), float(b["stiffness_duration"]), float(glob), float(b["peripheral_pain"]))
    if activity.get("crp_mg_l") is not None:
        result["asdas"] = Asdas(asdas_crp(*args, float(activity["crp_mg_l"])), "CRP")
    elif activity.get("esr_mm_h") is not None:
        result["asdas"] = Asdas(asdas_esr(*args, float(activity["esr_mm_h"])), "ESR")
    return result


def explain(scores: dict[str, Any]) -> list[str]:
    """One plain line per score, e.g. "ASDAS 3.8: very high disease activity", in the language in use."""
    lines: list[str] = []
    asdas: Asdas | None = scores.get("asdas")
    if asdas is not None:
        lines.append(_("ASDAS %(value)s: %(state)s (worked out with %(test)s)", value=i18n.decimal(asdas.value),
                       state=STATE_LABELS[asdas.state], test=i18n.lab_name(asdas.kind)))
    b = scores.get("basdai")
    if b is not None:
        lines.append(_("BASDAI %(value)s out of 10: %(meaning)s", value=i18n.decimal(b), meaning=basdai_meaning(b)))
    return lines


def basdai_meaning(value: float) -> str:
    """What a BASDAI means against the usual cut-off for active disease (4)."""
    if value >= BASDAI_ACTIVE:
        return _("active disease (4 or more)")
    return _("below the usual cut-off for active disease (4)")
