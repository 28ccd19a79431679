"""A table of realistic people and what their options sheet must (and must not) show.

Each persona is the BASE answers document with a few changes (dotted paths), plus:
- `highlights` / `no_highlights`: options that must / must not be marked "worth discussing now";
- `notes`: (option, level, rule) notes that must appear;
- `fire` / `not_fire`: rule ids that must / must not fire.
tests/test_rules_personas.py runs them all and checks that every rule fires for some persona and is
explicitly expected not to fire for another.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

# A settled person: NSAID working, low activity, no other health matters, exercises regularly.
BASE: dict[str, Any] = {
    "schema": "axspa-decision-aid/answers/1",
    "about": {"age_years": 38, "sex": "male", "pregnancy": "none", "country": "GB"},
    "condition": {"diagnosis": "ankylosing_spondylitis", "peripheral_arthritis": False, "enthesitis": False,
                  "uveitis": "never", "ibd": "none", "psoriasis": "none"},
    "treatments": {
        "nsaids": {"status": "current", "count_tried": 2, "weeks_at_full_dose": 12, "response": "good"},
        "csdmards": [], "advanced": [], "exercise": "regular", "steroid_injection": False, "oral_steroids_now": False,
    },
    "activity": {"basdai": {"fatigue": 2, "spinal_pain": 2, "peripheral_pain": 1, "tenderness": 1,
                            "stiffness_severity": 2, "stiffness_duration": 2},
                 "patient_global": 2, "crp_mg_l": 3},
    "health": {"heart_disease": False, "heart_failure": False, "high_blood_pressure": False, "kidney_disease": False,
               "liver_disease": False, "stomach_ulcer_or_bleed": False, "blood_thinners": False, "blood_clots": False,
               "serious_infections": False, "hepatitis_b_or_c": False, "multiple_sclerosis": False,
               "depression": False, "diabetes": False, "cancer": "never", "tuberculosis": "never", "smoking": "never"},
    "goals": {"importance": {"symptom_relief": 3, "avoid_side_effects": 2, "avoid_needles": 1, "low_cost": 1,
                             "convenience": 2, "fewer_visits": 1, "try_research": 0},
              "route_preference": "no_preference", "coverage": "public", "trial_interest": "no",
              "offered_stem_cells": False, "own_questions": []},
}

HIGH_ACTIVITY = {"activity.basdai": {"fatigue": 7, "spinal_pain": 7, "peripheral_pain": 3, "tenderness": 5,
                                     "stiffness_severity": 7, "stiffness_duration": 6},
                 "activity.patient_global": 7, "activity.crp_mg_l": 18}
NSAIDS_FAILED = {"treatments.nsaids": {"status": "current", "count_tried": 2, "weeks_at_full_dose": 8,
                                       "response": "partial"}}


def adv(drug: str, status: str, response: str) -> dict[str, str]:
    return {"drug": drug, "status": status, "response": response}


def make(changes: dict[str, Any]) -> dict[str, Any]:
    """BASE with `changes` applied (keys are dotted paths into the document)."""
    doc = copy.deepcopy(BASE)
    for path, value in changes.items():
        *parents, last = path.split(".")
        node = doc
        for part in parents:
            node = node[part]
        if value is None:
            node.pop(last, None)
        else:
            node[last] = copy.deepcopy(value)
    return doc


@dataclass
class Persona:
    name: str
    changes: dict[str, Any]
    highlights: set[str] = field(default_factory=set)
    no_highlights: set[str] = field(default_factory=set)
    notes: set[tuple[str, str, str]] = field(default_factory=set)
    fire: set[str] = field(default_factory=set)
    not_fire: set[str] = field(default_factory=set)

    @property
    def answers(self) -> dict[str, Any]:
        return make(self.changes)


P = Persona
PERSONAS: list[Persona] = [
    P("settled on an NSAID that works", {},
      highlights={"no_change"}, no_highlights={"nsaids", "tnf_inhibitors", "il17_inhibitors", "exercise",
                                               "clinical_trial", "jak_inhibitors"},
      notes={("no_change", "info", "current-plan-working"), ("csdmards", "caution", "csdmards-spine-only")},
      not_fire={"nsaids-not-yet-tried-properly", "advanced-medicine-criteria-met", "nsaids-not-tolerated",
                "current-advanced-not-working", "switch-from-tnf-now", "switch-from-il17-now", "switch-from-jak-now",
                "tnf-never-worked", "tnf-stopped-working", "failed-tnf-not-biosimilar", "several-advanced-failed",
                "interested-in-research", "offered-stem-cells", "csdmard-still-needed", "peripheral-arthritis",
                "enthesitis-injection", "steroid-tablets-now", "exercise-not-regular", "smoking-now", "ibd",
                "ulcerative-colitis-jak", "crohns-jak", "uveitis-recurrent", "uveitis-once", "psoriasis-significant",
                "stomach-bleed-risk", "kidney-disease", "heart-disease-or-stroke", "heart-failure",
                "high-blood-pressure", "blood-clots", "jak-age-heart-risk", "cancer-recent", "cancer-past",
                "serious-infections", "tuberculosis", "hepatitis", "liver-disease", "multiple-sclerosis",
                "depression", "diabetes-injection", "pregnancy-planning-pregnant-breastfeeding",
                "male-planning-pregnancy", "avoid-needles-or-tablets", "prefers-infusions", "cost-matters",
                "fewer-visits"}),
    P("newly diagnosed, never taken NSAIDs",
      {"treatments.nsaids": {"status": "never", "count_tried": 0, "weeks_at_full_dose": 0}, **HIGH_ACTIVITY},
      highlights={"nsaids"}, no_highlights={"tnf_inhibitors", "il17_inhibitors", "no_change"},
      notes={("tnf_inhibitors", "info", "nsaids-not-yet-tried-properly"),
             ("il17_inhibitors", "info", "nsaids-not-yet-tried-properly"),
             ("jak_inhibitors", "info", "nsaids-not-yet-tried-properly")},
      not_fire={"advanced-medicine-criteria-met", "current-plan-working", "nsaids-not-tolerated"}),
    P("one NSAID for three weeks",
      {"treatments.nsaids": {"status": "current", "count_tried": 1, "weeks_at_full_dose": 3, "response": "partial"},
       **HIGH_ACTIVITY},
      highlights={"nsaids"}, no_highlights={"tnf_inhibitors"}, fire={"nsaids-not-yet-tried-properly"},
      not_fire={"advanced-medicine-criteria-met"}),
    P("two NSAIDs but only three weeks in total",
      {"treatments.nsaids": {"status": "past", "count_tried": 2, "weeks_at_full_dose": 3, "response": "none"},
       **HIGH_ACTIVITY},
      highlights={"nsaids"}, no_highlights={"tnf_inhibitors", "il17_inhibitors"},
      fire={"nsaids-not-yet-tried-properly"}, not_fire={"advanced-medicine-criteria-met"}),
    P("NSAIDs not enough, very active disease (ready for a biologic)", {**NSAIDS_FAILED, **HIGH_ACTIVITY},
      highlights={"tnf_inhibitors", "il17_inhibitors"},
      no_highlights={"nsaids", "no_change", "jak_inhibitors", "clinical_trial"},
      notes={("jak_inhibitors", "info", "advanced-medicine-criteria-met"),
             ("jak_inhibitors", "info", "jak-after-tnf-in-us")},
      not_fire={"nsaids-not-yet-tried-properly", "current-plan-working"}),
    P("NSAIDs not enough but low ASDAS", {**NSAIDS_FAILED, "activity.crp_mg_l": 1,
                                          "activity.basdai": {"fatigue": 3, "spinal_pain": 2, "peripheral_pain": 1,
                                                              "tenderness": 2, "stiffness_severity": 2,
                                                              "stiffness_duration": 1},
                                          "activity.patient_global": 2},
      no_highlights={"tnf_inhibitors", "il17_inhibitors", "no_change"},
      not_fire={"advanced-medicine-criteria-met", "current-plan-working", "nsaids-not-yet-tried-properly"}),
    P("NSAIDs not enough, no blood test, BASDAI 5",
      {**NSAIDS_FAILED, **HIGH_ACTIVITY, "activity.crp_mg_l": None, "activity.patient_global": None},
      highlights={"tnf_inhibitors", "il17_inhibitors"}, fire={"advanced-medicine-criteria-met"}),
    P("NSAIDs not enough, no blood test, BASDAI under 4", {**NSAIDS_FAILED, "activity.crp_mg_l": None},
      no_highlights={"tnf_inhibitors", "il17_inhibitors"}, not_fire={"advanced-medicine-criteria-met"}),
    P("NSAIDs upset the stomach",
      {"treatments.nsaids": {"status": "past", "count_tried": 2, "weeks_at_full_dose": 5,
                             "response": "not_tolerated"}, **HIGH_ACTIVITY},
      highlights={"tnf_inhibitors", "il17_inhibitors"},
      notes={("nsaids", "caution", "nsaids-not-tolerated")}),
    P("well on adalimumab",
      {"treatments.advanced": [adv("adalimumab", "current", "good")]},
      highlights={"no_change"}, no_highlights={"il17_inhibitors", "jak_inhibitors", "tnf_inhibitors"},
      notes={("no_change", "info", "current-plan-working")},
      not_fire={"jak-after-tnf-in-us", "nsaids-not-yet-tried-properly", "failed-tnf-not-biosimilar",
                "advanced-medicine-criteria-met"}),
    P("adalimumab not working now",
      {**NSAIDS_FAILED, **HIGH_ACTIVITY, "treatments.advanced": [adv("adalimumab", "current", "none")]},
      highlights={"il17_inhibitors", "jak_inhibitors"}, no_highlights={"no_change", "nsaids", "tnf_inhibitors"},
      notes={("no_change", "info", "current-advanced-not-working"), ("il17_inhibitors", "favours", "tnf-never-worked"),
             ("tnf_inhibitors", "caution", "failed-tnf-not-biosimilar")},
      not_fire={"switch-from-il17-now", "switch-from-jak-now", "tnf-stopped-working", "jak-after-tnf-in-us",
                "current-plan-working", "several-advanced-failed"}),
    P("etanercept stopped working after two years",
      {**NSAIDS_FAILED, **HIGH_ACTIVITY, "treatments.advanced": [adv("etanercept", "current", "lost_response")]},
      highlights={"il17_inhibitors", "jak_inhibitors"},
      notes={("tnf_inhibitors", "favours", "tnf-stopped-working"),
             ("tnf_inhibitors", "caution", "failed-tnf-not-biosimilar")},
      not_fire={"tnf-never-worked"}),
    P("secukinumab only helping partly",
      {**NSAIDS_FAILED, **HIGH_ACTIVITY, "treatments.advanced": [adv("secukinumab", "current", "partial")]},
      highlights={"tnf_inhibitors", "jak_inhibitors"}, fire={"switch-from-il17-now", "current-advanced-not-working"},
      not_fire={"switch-from-tnf-now", "failed-tnf-not-biosimilar"},
      notes={("jak_inhibitors", "info", "jak-after-tnf-in-us")}),
    P("upadacitinib not working after TNF and IL-17",
      {**NSAIDS_FAILED, **HIGH_ACTIVITY, "about.age_years": 45,
       "treatments.advanced": [adv("adalimumab", "past", "none"), adv("ixekizumab", "past", "partial"),
                               adv("upadacitinib", "current", "none")]},
      highlights={"tnf_inhibitors", "il17_inhibitors", "clinical_trial"},
      notes={("no_change", "info", "several-advanced-failed"), ("no_change", "info", "current-advanced-not-working")},
      fire={"switch-from-jak-now", "tnf-never-worked"}, not_fire={"switch-from-tnf-now", "switch-from-il17-now"}),
    P("two biologics failed in the past, none now",
      {**NSAIDS_FAILED, **HIGH_ACTIVITY,
       "treatments.advanced": [adv("infliximab", "past", "not_tolerated"), adv("secukinumab", "past", "none")]},
      highlights={"clinical_trial", "tnf_inhibitors", "il17_inhibitors"},
      notes={("no_change", "info", "several-advanced-failed"), ("tnf_inhibitors", "caution", "failed-tnf-not-biosimilar")},
      not_fire={"current-advanced-not-working", "tnf-never-worked", "tnf-stopped-working"}),
    P("one biologic failed only", {**NSAIDS_FAILED, **HIGH_ACTIVITY,
                                   "treatments.advanced": [adv("golimumab", "past", "partial")]},
      no_highlights={"clinical_trial"}, fire={"failed-tnf-not-biosimilar"},
      not_fire={"several-advanced-failed", "interested-in-research", "tnf-never-worked"}),
    P("keen to join research", {"goals.trial_interest": "yes"},
      highlights={"clinical_trial", "no_change"}, fire={"interested-in-research"},
      not_fire={"offered-stem-cells"}),
    P("rates trying research highly but unsure about trials",
      {"goals.trial_interest": "maybe", "goals.importance.try_research": 3},
      highlights={"clinical_trial"}, fire={"interested-in-research"}),
    P("maybe interested, research matters a little", {"goals.trial_interest": "maybe",
                                                      "goals.importance.try_research": 2},
      no_highlights={"clinical_trial"}, not_fire={"interested-in-research"}),
    P("offered stem cells at a private clinic", {**NSAIDS_FAILED, **HIGH_ACTIVITY, "goals.offered_stem_cells": True,
                                                 "about.country": "US"},
      notes={("clinical_trial", "warning", "offered-stem-cells")}, fire={"offered-stem-cells"}),
    P("peripheral arthritis in the knee", {"condition.peripheral_arthritis": True},
      notes={("csdmards", "favours", "peripheral-arthritis"), ("steroid_injection", "favours", "peripheral-arthritis")},
      not_fire={"csdmards-spine-only", "csdmard-still-needed"}),
    P("spine only, still on sulfasalazine",
      {"treatments.csdmards": [{"drug": "sulfasalazine", "status": "current", "response": "partial"}]},
      notes={("csdmards", "caution", "csdmards-spine-only"), ("csdmards", "info", "csdmard-still-needed")},
      not_fire={"peripheral-arthritis"}),
    P("sore heels (enthesitis)", {"condition.enthesitis": True},
      notes={("steroid_injection", "info", "enthesitis-injection")}),
    P("on prednisolone tablets", {**NSAIDS_FAILED, **HIGH_ACTIVITY, "treatments.oral_steroids_now": True},
      notes={("steroid_injection", "caution", "steroid-tablets-now")}),
    P("does not exercise", {"treatments.exercise": "none"},
      highlights={"exercise", "no_change"}, notes={("exercise", "favours", "exercise-not-regular")}),
    P("exercises sometimes, smokes", {"treatments.exercise": "sometimes", "health.smoking": "current"},
      highlights={"exercise"},
      notes={("exercise", "info", "smoking-now"), ("tnf_inhibitors", "info", "smoking-now"),
             ("jak_inhibitors", "caution", "smoking-now")},
      not_fire={"jak-age-heart-risk"}),
    P("Crohn's disease", {**NSAIDS_FAILED, **HIGH_ACTIVITY, "condition.ibd": "crohns"},
      notes={("tnf_inhibitors", "favours", "ibd"), ("il17_inhibitors", "warning", "ibd"), ("nsaids", "caution", "ibd"),
             ("jak_inhibitors", "info", "crohns-jak")},
      not_fire={"ulcerative-colitis-jak"}),
    P("ulcerative colitis", {"condition.ibd": "ulcerative_colitis"},
      notes={("il17_inhibitors", "warning", "ibd"), ("jak_inhibitors", "favours", "ulcerative-colitis-jak")},
      not_fire={"crohns-jak"}),
    P("uveitis keeps coming back", {**NSAIDS_FAILED, **HIGH_ACTIVITY, "condition.uveitis": "recurrent"},
      notes={("tnf_inhibitors", "favours", "uveitis-recurrent"), ("il17_inhibitors", "caution", "uveitis-recurrent")},
      not_fire={"uveitis-once"}),
    P("uveitis once", {"condition.uveitis": "once"},
      notes={("tnf_inhibitors", "info", "uveitis-once"), ("il17_inhibitors", "info", "uveitis-once")},
      not_fire={"uveitis-recurrent"}),
    P("bad psoriasis", {**NSAIDS_FAILED, **HIGH_ACTIVITY, "condition.psoriasis": "significant"},
      notes={("il17_inhibitors", "favours", "psoriasis-significant")}),
    P("mild psoriasis", {"condition.psoriasis": "mild"}, not_fire={"psoriasis-significant"}),
    P("past stomach bleed, on warfarin",
      {"health.stomach_ulcer_or_bleed": True, "health.blood_thinners": True, "health.blood_clots": True},
      notes={("nsaids", "warning", "stomach-bleed-risk"), ("jak_inhibitors", "warning", "blood-clots")}),
    P("takes blood thinners only", {"health.blood_thinners": True},
      notes={("nsaids", "warning", "stomach-bleed-risk")}, not_fire={"blood-clots"}),
    P("kidney disease and high blood pressure",
      {"health.kidney_disease": True, "health.high_blood_pressure": True, "about.age_years": 44},
      notes={("nsaids", "warning", "kidney-disease"), ("csdmards", "caution", "kidney-disease"),
             ("nsaids", "caution", "high-blood-pressure")},
      not_fire={"jak-age-heart-risk"}),
    P("had a heart attack at 52",
      {**NSAIDS_FAILED, **HIGH_ACTIVITY, "about.age_years": 52, "health.heart_disease": True},
      notes={("nsaids", "warning", "heart-disease-or-stroke"), ("jak_inhibitors", "warning", "heart-disease-or-stroke"),
             ("jak_inhibitors", "warning", "jak-age-heart-risk")}),
    P("heart failure", {**NSAIDS_FAILED, **HIGH_ACTIVITY, "health.heart_failure": True},
      notes={("nsaids", "warning", "heart-failure"), ("tnf_inhibitors", "warning", "heart-failure"),
             ("il17_inhibitors", "favours", "heart-failure")}),
    P("aged 67, no heart risks", {"about.age_years": 67},
      notes={("jak_inhibitors", "warning", "jak-age-heart-risk")}),
    P("aged 55, used to smoke", {"about.age_years": 55, "health.smoking": "former"},
      notes={("jak_inhibitors", "warning", "jak-age-heart-risk")}, not_fire={"smoking-now"}),
    P("aged 55, no heart risk factor", {"about.age_years": 55}, not_fire={"jak-age-heart-risk"}),
    P("aged 49 with diabetes", {"about.age_years": 49, "health.diabetes": True},
      notes={("steroid_injection", "caution", "diabetes-injection")}, not_fire={"jak-age-heart-risk"}),
    P("breast cancer 2 years ago", {**NSAIDS_FAILED, **HIGH_ACTIVITY, "about.sex": "female",
                                    "health.cancer": "within_5_years"},
      notes={("tnf_inhibitors", "caution", "cancer-recent"), ("il17_inhibitors", "caution", "cancer-recent"),
             ("jak_inhibitors", "warning", "cancer-recent")},
      not_fire={"cancer-past"}),
    P("cancer 10 years ago", {"health.cancer": "over_5_years"},
      notes={("tnf_inhibitors", "info", "cancer-past"), ("jak_inhibitors", "caution", "cancer-past")},
      not_fire={"cancer-recent"}),
    P("repeated chest infections", {**NSAIDS_FAILED, **HIGH_ACTIVITY, "health.serious_infections": True},
      notes={("tnf_inhibitors", "caution", "serious-infections"), ("il17_inhibitors", "caution", "serious-infections"),
             ("jak_inhibitors", "caution", "serious-infections"), ("csdmards", "favours", "serious-infections")}),
    P("not sure about past TB", {"health.tuberculosis": "not_sure"},
      notes={("tnf_inhibitors", "caution", "tuberculosis"), ("jak_inhibitors", "caution", "tuberculosis"),
             ("il17_inhibitors", "caution", "tuberculosis")}),
    P("hepatitis B and liver disease", {"health.hepatitis_b_or_c": True, "health.liver_disease": True},
      notes={("tnf_inhibitors", "caution", "hepatitis"), ("jak_inhibitors", "caution", "hepatitis"),
             ("csdmards", "caution", "hepatitis"), ("csdmards", "warning", "liver-disease"),
             ("il17_inhibitors", "caution", "liver-disease"), ("jak_inhibitors", "caution", "liver-disease")}),
    P("multiple sclerosis", {**NSAIDS_FAILED, **HIGH_ACTIVITY, "health.multiple_sclerosis": True},
      notes={("tnf_inhibitors", "warning", "multiple-sclerosis"), ("il17_inhibitors", "favours", "multiple-sclerosis")}),
    P("depression", {"health.depression": True}, notes={("il17_inhibitors", "caution", "depression")}),
    P("woman planning a pregnancy", {**NSAIDS_FAILED, **HIGH_ACTIVITY, "about.sex": "female",
                                     "about.pregnancy": "planning", "about.age_years": 31},
      highlights={"tnf_inhibitors"},
      notes={("csdmards", "warning", "pregnancy-planning-pregnant-breastfeeding"),
             ("jak_inhibitors", "warning", "pregnancy-planning-pregnant-breastfeeding"),
             ("tnf_inhibitors", "favours", "pregnancy-planning-pregnant-breastfeeding"),
             ("il17_inhibitors", "caution", "pregnancy-planning-pregnant-breastfeeding"),
             ("nsaids", "caution", "pregnancy-planning-pregnant-breastfeeding"),
             ("clinical_trial", "caution", "pregnancy-planning-pregnant-breastfeeding")},
      not_fire={"male-planning-pregnancy"}),
    P("breastfeeding mother", {"about.sex": "female", "about.pregnancy": "breastfeeding"},
      fire={"pregnancy-planning-pregnant-breastfeeding"}),
    P("woman not planning a pregnancy", {"about.sex": "female"},
      not_fire={"pregnancy-planning-pregnant-breastfeeding", "male-planning-pregnancy"}),
    P("man planning a family with his partner", {"about.pregnancy": "planning",
                                                 "treatments.csdmards": [{"drug": "sulfasalazine", "status": "current",
                                                                          "response": "good"}],
                                                 "condition.peripheral_arthritis": True},
      notes={("csdmards", "info", "male-planning-pregnancy")},
      not_fire={"pregnancy-planning-pregnant-breastfeeding"}),
    P("hates needles", {**NSAIDS_FAILED, **HIGH_ACTIVITY, "goals.importance.avoid_needles": 4},
      notes={("jak_inhibitors", "favours", "avoid-needles-or-tablets"),
             ("tnf_inhibitors", "info", "avoid-needles-or-tablets"),
             ("il17_inhibitors", "info", "avoid-needles-or-tablets")},
      not_fire={"prefers-infusions"}),
    P("prefers tablets", {"goals.route_preference": "tablets"}, fire={"avoid-needles-or-tablets"}),
    P("prefers infusions", {"goals.route_preference": "infusion"},
      notes={("tnf_inhibitors", "info", "prefers-infusions")}, not_fire={"avoid-needles-or-tablets"}),
    P("uninsured in the US", {**NSAIDS_FAILED, **HIGH_ACTIVITY, "about.country": "US", "goals.coverage": "none"},
      notes={("nsaids", "favours", "cost-matters"), ("tnf_inhibitors", "info", "cost-matters"),
             ("clinical_trial", "info", "cost-matters")}),
    P("cost matters a lot", {"goals.importance.low_cost": 4}, fire={"cost-matters"}),
    P("wants fewer clinic visits", {"goals.importance.fewer_visits": 3},
      notes={("tnf_inhibitors", "info", "fewer-visits"), ("jak_inhibitors", "info", "fewer-visits")}),
]
