"""The derived facts that rules rely on, at their edges, and the phrases that explain them."""

from __future__ import annotations

from typing import Any

import pytest
from personas import BASE, adv, make

from decision_aid.answers import validate_answers
from decision_aid.engine import CATALOGUE, Facts
from decision_aid.engine.conditions import ALLOWED


def facts(changes: dict[str, Any]) -> Facts:
    return Facts(validate_answers(make(changes)))


def nsaids(status: str, count: int, weeks: int, response: str | None = "partial") -> dict[str, Any]:
    doc: dict[str, Any] = {"status": status, "count_tried": count, "weeks_at_full_dose": weeks}
    if response:
        doc["response"] = response
    return {"treatments.nsaids": doc}


@pytest.mark.parametrize(("status", "count", "weeks", "adequate"), [
    ("current", 2, 4, True),     # exactly on both thresholds
    ("past", 3, 52, True),
    ("current", 1, 20, False),   # one NSAID, however long
    ("current", 2, 3, False),    # two NSAIDs, under 4 weeks in total
    ("never", 0, 0, False),
    ("never", 2, 8, False),      # inconsistent answers: "never" wins
])
def test_nsaid_trial_adequate(status: str, count: int, weeks: int, adequate: bool) -> None:
    f = facts(nsaids(status, count, weeks, None if status == "never" else "partial"))
    assert f["nsaid_trial_adequate"] is adequate


def test_nsaid_phrases() -> None:
    assert facts(nsaids("current", 2, 8)).phrase("nsaid_trial_adequate") == \
        "you have tried 2 NSAIDs for 8 weeks in total at full dose"
    assert facts(nsaids("current", 1, 1)).phrase("nsaid_trial_adequate") == \
        "you have tried 1 NSAID for 1 week in total at full dose"
    assert facts(nsaids("never", 0, 0, None)).phrase("nsaid_trial_adequate") == "you have not taken NSAIDs"


def test_nsaids_not_tolerated() -> None:
    assert facts(nsaids("past", 1, 1, "not_tolerated"))["nsaids_not_tolerated"] is True
    assert facts(nsaids("past", 1, 1, "none"))["nsaids_not_tolerated"] is False


HIGH = {"fatigue": 7, "spinal_pain": 7, "peripheral_pain": 3, "tenderness": 5, "stiffness_severity": 7,
        "stiffness_duration": 6}


def test_activity_high_uses_asdas_when_it_can_be_worked_out() -> None:
    f = facts({"activity.basdai": HIGH, "activity.patient_global": 7, "activity.crp_mg_l": 18})
    assert f["activity_high"] is True
    assert f["asdas_state"] == "very_high"
    assert f.phrase("activity_high") == "your ASDAS is 3.9 (very high disease activity)"


def test_asdas_wins_over_basdai() -> None:
    # BASDAI 5.7 (active) but ASDAS-CRP with a normal CRP and a low global is below 2.1.
    f = facts({"activity.basdai": {**HIGH, "spinal_pain": 1, "stiffness_duration": 1},
               "activity.patient_global": 1, "activity.crp_mg_l": 0.5})
    assert f["basdai"] >= 4
    assert f["asdas"] < 2.1
    assert f["activity_high"] is False


def test_asdas_on_the_2_1_cut_off_counts_as_high() -> None:
    f = facts({})
    f.scores["asdas"] = type(f.scores["asdas"])(2.1, "CRP")
    assert f["activity_high"] is True


@pytest.mark.parametrize(("basdai_items", "high"), [
    ({"fatigue": 4, "spinal_pain": 4, "peripheral_pain": 4, "tenderness": 4, "stiffness_severity": 4,
      "stiffness_duration": 4}, True),   # exactly 4.0
    ({"fatigue": 4, "spinal_pain": 4, "peripheral_pain": 4, "tenderness": 4, "stiffness_severity": 4,
      "stiffness_duration": 3}, False),  # 3.9
])
def test_activity_high_falls_back_to_basdai_without_a_lab_result(basdai_items: dict[str, int], high: bool) -> None:
    f = facts({"activity.basdai": basdai_items, "activity.crp_mg_l": None, "activity.patient_global": 5})
    assert f["asdas"] is None
    assert f["activity_high"] is high
    assert "no CRP or ESR result" in f.phrase("activity_high")


def test_activity_uses_esr_when_there_is_no_crp() -> None:
    f = facts({"activity.basdai": HIGH, "activity.patient_global": 7, "activity.crp_mg_l": None,
               "activity.esr_mm_h": 40})
    assert f.scores["asdas"].kind == "ESR"
    assert f["activity_high"] is True


@pytest.mark.parametrize(("response", "failed"), [
    ("none", True), ("partial", True), ("lost_response", True), ("not_tolerated", True), ("good", False),
])
def test_failed_definitions(response: str, failed: bool) -> None:
    f = facts({"treatments.advanced": [adv("adalimumab", "past", response)]})
    assert f["failed_tnf"] is failed
    assert f["advanced_failed_count"] == (1 if failed else 0)
    assert f["tnf_primary_failure"] is (response == "none")
    assert f["tnf_lost_response"] is (response == "lost_response")
    assert f["tnf_ever"] is True


def test_advanced_failed_count_counts_distinct_medicines_of_any_class() -> None:
    f = facts({"treatments.advanced": [adv("adalimumab", "past", "none"), adv("secukinumab", "past", "partial"),
                                       adv("upadacitinib", "current", "good")]})
    assert f["advanced_failed_count"] == 2
    assert f["failed_tnf"] is True
    assert f["current_advanced_working"] is True
    assert f["current_advanced_failing"] is False
    assert f["current_advanced_classes"] == {"jak"}
    assert f.phrase("advanced_failed_count").startswith("2 different advanced medicines did not work well enough")


def test_il17_failure_is_not_a_tnf_failure() -> None:
    f = facts({"treatments.advanced": [adv("ixekizumab", "current", "none")]})
    assert f["failed_tnf"] is False
    assert f["tnf_ever"] is False
    assert f["current_advanced_failing"] is True
    assert f["failing_current_classes"] == {"il17"}
    assert f.phrase("current_advanced_failing") == "you take ixekizumab now, and it did not help"


@pytest.mark.parametrize(("age", "band"), [(16, "under_50"), (49, "under_50"), (50, "50_to_64"), (64, "50_to_64"),
                                           (65, "65_plus"), (100, "65_plus")])
def test_age_band_edges(age: int, band: str) -> None:
    f = facts({"about.age_years": age})
    assert f["age_band"] == band
    assert f.phrase("age_band") == f"you are {age}"


@pytest.mark.parametrize(("changes", "risk"), [
    ({}, False),
    ({"health.smoking": "former"}, True),
    ({"health.smoking": "current"}, True),
    ({"health.heart_disease": True}, True),
    ({"health.heart_failure": True}, True),
    ({"health.high_blood_pressure": True}, True),
    ({"health.diabetes": True}, True),
    ({"health.blood_clots": True}, True),  # ORAL Surveillance counted past clots; the EMA asks for caution
    ({"health.cancer": "over_5_years"}, True),
    ({"health.cancer": "within_5_years"}, True),
    ({"health.kidney_disease": True, "health.depression": True}, False),
])
def test_jak_risk_factor_counts_what_oral_surveillance_and_the_ema_count(changes: dict[str, Any], risk: bool) -> None:
    assert facts(changes)["jak_risk_factor"] is risk


@pytest.mark.parametrize(("changes", "risk"), [
    ({}, False),
    ({"about.age_years": 64}, False),
    ({"about.age_years": 65}, True),
    ({"health.smoking": "former"}, True),
    ({"health.high_blood_pressure": True}, True),
    ({"health.cancer": "over_5_years"}, True),
    ({"health.blood_clots": True}, False),  # clots have their own warning; not in the EMA's "only if" list
])
def test_jak_regulator_risk_is_the_ema_and_mhra_list(changes: dict[str, Any], risk: bool) -> None:
    assert facts(changes)["jak_regulator_risk"] is risk


@pytest.mark.parametrize(("country", "region"), [("US", "US"), ("GB", "UK_EU"), ("DE", "UK_EU"), ("NO", "UK_EU"),
                                                 ("CA", "other"), ("BR", "other"), ("CH", "other")])
def test_region_of_each_regulator(country: str, region: str) -> None:
    assert facts({"about.country": country})["region"] == region


def test_answer_facts_come_from_the_answers_schema() -> None:
    assert CATALOGUE["health.heart_failure"].type == "bool"
    assert CATALOGUE["about.sex"].values == ("female", "male", "other", "prefer_not_to_say")
    assert CATALOGUE["about.age_years"].minimum == 16
    assert CATALOGUE["goals.importance.try_research"].type == "int"
    assert CATALOGUE["activity.crp_mg_l"].optional is True


def test_every_fact_has_a_type_with_operators_and_can_be_said_back() -> None:
    f = Facts(BASE)
    for name in CATALOGUE.names():
        fact = CATALOGUE[name]
        assert fact.type in ALLOWED
        if fact.type in {"enum", "list"}:
            assert fact.values, name
        f[name]  # noqa: B018 - computing every fact must not fail
        phrase = f.phrase(name)
        assert phrase is None or ("you" in phrase and phrase == phrase.strip()), (name, phrase)


def test_because_phrases_say_back_the_answers() -> None:
    f = facts({"health.heart_failure": True, "health.blood_thinners": True, "goals.importance.avoid_needles": 4})
    assert f.phrase("health.heart_failure") == "you have or have had heart failure"
    assert f.phrase("health.blood_thinners") == "you take blood thinners"
    assert f.phrase("goals.importance.avoid_needles") == \
        'you rated "avoiding injections and drips (needles)" as extremely important (4 out of 4)'


def test_basdai_fallback_says_why_asdas_is_missing() -> None:
    f = facts({"activity.basdai": HIGH, "activity.patient_global": None, "activity.crp_mg_l": 12})
    assert f["asdas"] is None
    assert f["activity_high"] is True
    assert f.phrase("activity_high") == "your BASDAI is 5.7 out of 10 (there was no overall rating to work out ASDAS)"
