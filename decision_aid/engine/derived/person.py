"""Derived facts about the person: age band, the JAK inhibitor risk factors, and where they live.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ... import words
from ...i18n import gettext as _
from ...i18n import lazy_gettext as _l
from ..catalogue import Derived

if TYPE_CHECKING:
    from ..facts import Facts

derived = Derived()


# Age and heart risk --------------------------------------------------------------------------------

def _age(facts: Facts) -> int | None:
    age = (facts.answers.get("about") or {}).get("age_years")
    return int(age) if isinstance(age, int) else None


@derived("age_band", "enum", values=("under_50", "50_to_64", "65_plus"),
         say=lambda f, v: None if _age(f) is None else _("you are %(value)s", value=_age(f)),
         description="age band for the JAK inhibitor safety warning: under 50, 50 to 64, 65 or over")
def _age_band(facts: Facts) -> str | None:
    age = _age(facts)
    if age is None:
        return None
    return "under_50" if age < 50 else "50_to_64" if age < 65 else "65_plus"


def _jak_risks(facts: Facts, *, clots: bool = True) -> list[str]:
    """The risks ORAL Surveillance and the EMA count for JAK inhibitors, besides age: smoking, heart and
    blood-vessel disease and their risk factors, past blood clots and cancer."""
    h = facts.answers.get("health") or {}
    smoking = h.get("smoking")
    risks = [_("you smoke now")] if smoking == "current" else [_("you used to smoke")] if smoking == "former" else []
    keys = ("heart_disease", "heart_failure", "high_blood_pressure", "diabetes") + (("blood_clots",) if clots else ())
    risks += [str(words.HEALTH[key].phrase) for key in keys if h.get(key) is True]
    if h.get("cancer") in {"within_5_years", "over_5_years"}:
        risks.append(facts.phrase("health.cancer") or "")
    return risks


derived.any_of("jak_risk_factor", _jak_risks, otherwise=_l("you have none of the JAK inhibitor risk factors asked about"),
               description="smoking now or before, heart disease, heart failure, high blood pressure, diabetes, past "
                           "blood clots or cancer (what ORAL Surveillance and the EMA count)")


def _regulator_risks(facts: Facts) -> list[str]:
    age = _age(facts)
    return ([_("you are %(value)s", value=age)] if age is not None and age >= 65 else []) + _jak_risks(facts, clots=False)


derived.any_of("jak_regulator_risk", _regulator_risks, otherwise=None,
               description="aged 65 or over, smoking now or before, a raised heart risk (heart disease, heart failure, "
                           "high blood pressure, diabetes) or cancer: the EMA and MHRA limit JAK inhibitors to when no "
                           "suitable alternative exists")


@derived("region", "enum", values=("US", "UK_EU", "other"),
         say=lambda f, v: _("you live in %(country)s", country=words.country_name(_country(f))) if _country(f) else None,
         description="which regulator's notes apply: US (FDA), UK_EU (MHRA, NICE, EMA) or other (both, labelled)")
def _region(facts: Facts) -> str:
    country = _country(facts)
    return "US" if country == "US" else "UK_EU" if country in words.UK_EU_COUNTRIES else "other"


def _country(facts: Facts) -> str:
    return str((facts.answers.get("about") or {}).get("country") or "")


@derived("cost_region", "enum", values=("GB", "US", "other"),
         say=lambda f, v: _("you live in the UK") if v == "GB" else _("you live in the US") if v == "US"
         else _("you live outside the UK and US"),
         description="which cost note applies: GB, US or other")
def _cost_region(facts: Facts) -> str:
    country = (facts.answers.get("about") or {}).get("country", "US")
    return country if country in {"GB", "US"} else "other"
