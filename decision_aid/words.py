"""Words for answers, in one place: the question's label, the clinician's short words and the "because you
said" phrase, so they cannot drift apart, and each table is checked against the answers schema when loaded.

The journey asks with the labels, the sheet's situation lines use the short words, and the engine says
answers back with the phrases (tests/test_words.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any, NamedTuple

from .answers import schema


class Said(NamedTuple):
    label: str  # the question's wording (a checkbox or radio label)
    short: str  # for the clinician's summary lines; must appear in the label
    phrase: str  # "because you said ..."; must contain the short words


# "Do you have, or have you had, any of these?" (other-health page), one checkbox each.
HEALTH: dict[str, Said] = {
    "heart_disease": Said("Heart disease, such as angina or a heart attack", "heart disease",
                          "you have or have had heart disease"),
    "heart_failure": Said("Heart failure", "heart failure", "you have or have had heart failure"),
    "high_blood_pressure": Said("High blood pressure", "high blood pressure", "you have high blood pressure"),
    "kidney_disease": Said("Kidney disease", "kidney disease", "you have or have had kidney disease"),
    "liver_disease": Said("Liver disease", "liver disease", "you have or have had liver disease"),
    "stomach_ulcer_or_bleed": Said("A stomach ulcer or bleeding from the stomach or gut", "stomach ulcer or bleed",
                                   "you have had a stomach ulcer or bleed"),
    "blood_thinners": Said("Taking blood thinners (anticoagulants), such as warfarin or apixaban", "blood thinners",
                           "you take blood thinners"),
    "blood_clots": Said("Blood clots in a vein or the lungs (DVT or pulmonary embolism)", "blood clots",
                        "you have had blood clots in a vein or the lungs"),
    "serious_infections": Said("Serious infections that needed hospital care, or infections that keep coming back",
                               "serious infections", "you have had serious infections or infections that keep "
                               "coming back"),
    "hepatitis_b_or_c": Said("Hepatitis B or hepatitis C", "hepatitis B or hepatitis C",
                             "you have had hepatitis B or hepatitis C"),
    "multiple_sclerosis": Said("Multiple sclerosis (MS)", "multiple sclerosis", "you have multiple sclerosis"),
    "depression": Said("Depression", "depression", "you have or have had depression"),
    "diabetes": Said("Diabetes", "diabetes", "you have diabetes"),
}

# "How long have you taken it?" (medicine details), for each medicine ticked.
DURATION: dict[str, Said] = {
    "under_12_weeks": Said("Less than 12 weeks (under 3 months)", "under 12 weeks", "for under 12 weeks"),
    "12_to_15_weeks": Said("12 to 15 weeks (about 3 to 4 months)", "12 to 15 weeks", "for 12 to 15 weeks"),
    "16_weeks_or_more": Said("16 weeks or more (about 4 months or more)", "16 weeks or more",
                             "for 16 weeks or more"),
    "not_sure": Said("I'm not sure", "not sure", "for a time you are not sure of"),
}

# "Have you ever taken any of these?" (medicines page): the medicines' names, one checkbox each.
CSDMARDS: dict[str, str] = {"sulfasalazine": "Sulfasalazine", "methotrexate": "Methotrexate",
                            "leflunomide": "Leflunomide"}
ADVANCED: dict[str, str] = {
    "adalimumab": "Adalimumab", "etanercept": "Etanercept", "infliximab": "Infliximab", "golimumab": "Golimumab",
    "certolizumab": "Certolizumab pegol", "secukinumab": "Secukinumab", "ixekizumab": "Ixekizumab",
    "bimekizumab": "Bimekizumab", "tofacitinib": "Tofacitinib", "upadacitinib": "Upadacitinib",
}
MEDICINE_NAMES: dict[str, str] = {**CSDMARDS, **ADVANCED}
# Each biologic or targeted medicine's kind and brand names, as a hint under its checkbox: people often
# know the brand name better than the medicine's name; a biosimilar counts as the medicine.
ADVANCED_KIND: dict[str, str] = {
    "adalimumab": "TNF inhibitor, injection. Brand names include Humira, Amgevita, Hadlima and Hyrimoz",
    "etanercept": "TNF inhibitor, injection. Brand names include Enbrel and Benepali",
    "infliximab": "TNF inhibitor, drip (infusion) or injection. Brand names include Remicade, Inflectra and Remsima",
    "golimumab": "TNF inhibitor, injection or drip. Brand name Simponi",
    "certolizumab": "TNF inhibitor, injection. Brand name Cimzia",
    "secukinumab": "IL-17 inhibitor, injection. Brand name Cosentyx",
    "ixekizumab": "IL-17 inhibitor, injection. Brand name Taltz",
    "bimekizumab": "IL-17 inhibitor, injection. Brand name Bimzelx",
    "tofacitinib": "JAK inhibitor, tablet. Brand name Xeljanz",
    "upadacitinib": "JAK inhibitor, tablet. Brand name Rinvoq",
}

# "How well did it work for you?" (NSAIDs and each medicine ticked); the schema says which each may have.
RESPONSE_LABELS: dict[str, str] = {
    "good": "It helped a lot", "partial": "It helped a little", "none": "It did not help",
    "lost_response": "It helped at first, then stopped working",
    "not_tolerated": "I had to stop because of side effects",
}
# The same answers about a medicine still being taken ("How well is it working?").
RESPONSE_LABELS_NOW: dict[str, str] = {"good": "It helps a lot", "partial": "It helps a little", "none": "It does not help"}

DIAGNOSIS_NAMES = {
    "ankylosing_spondylitis": "ankylosing spondylitis",
    "non_radiographic_axspa": "non-radiographic axial spondyloarthritis",
    "not_sure": "axial spondyloarthritis",
}

# Where the regulators' notes apply: the UK (MHRA, NICE) and the EU/EEA (EMA) share "UK_EU".
UK_EU_COUNTRIES = frozenset({
    "GB", "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT",
    "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO",
})
_THE = {"GB": "the UK", "US": "the US", "NL": "the Netherlands", "CZ": "the Czech Republic"}


@cache
def country_name(code: str) -> str:
    """A country's everyday name ("the UK", "Germany") for saying an answer back."""
    if code in _THE:
        return _THE[code]
    import pycountry

    found = pycountry.countries.get(alpha_2=code)
    return str(getattr(found, "common_name", None) or getattr(found, "name", code)) if found else code


# ---------------------------------------------------------------------------------------------
# "Because you said ...": how the engine says an answer back (decision_aid/engine/facts.py), by field.
# Fields not here are said from the question's description; pregnancy and country are said in facts.py.

ANSWER_PHRASES: dict[str, dict[Any, str] | str] = {
    "about.age_years": "you are {value}",
    "about.sex": {"female": "you are female", "male": "you are male", "other": "you described your sex as other",
                  "prefer_not_to_say": "you preferred not to say your sex"},
    "condition.diagnosis": {"ankylosing_spondylitis": "you have ankylosing spondylitis",
                            "non_radiographic_axspa": "you have non-radiographic axial spondyloarthritis",
                            "not_sure": "you are not sure of your exact diagnosis"},
    "condition.peripheral_arthritis": {True: "you have swollen or painful joints outside the spine",
                                       False: "you do not have swollen or painful joints outside the spine"},
    "condition.enthesitis": {True: "you have painful places where tendons join bone, such as the heel",
                             False: "you do not have painful tendon attachments"},
    "condition.uveitis": {"never": "you have never had uveitis (eye inflammation)",
                          "once": "you have had uveitis (eye inflammation) once",
                          "recurrent": "you have had uveitis (eye inflammation) more than once"},
    "condition.ibd": {"none": "you do not have inflammatory bowel disease", "crohns": "you have Crohn's disease",
                      "ulcerative_colitis": "you have ulcerative colitis"},
    "condition.psoriasis": {"none": "you do not have psoriasis", "mild": "you have mild psoriasis",
                            "significant": "you have psoriasis that affects you a lot"},
    "treatments.nsaids.status": {"never": "you have not taken NSAIDs", "current": "you take an NSAID now",
                                 "past": "you took NSAIDs in the past"},
    "activity.basdai.spinal_pain": "you rated your neck, back or hip pain {value} out of 10",
    "treatments.nsaids.count_tried": "you have tried {value} NSAID(s)",
    "treatments.nsaids.weeks_at_full_dose": "you took NSAIDs at full dose for {value} weeks in total",
    "treatments.nsaids.response": {"good": "NSAIDs worked well for you", "partial": "NSAIDs helped you only partly",
                                   "none": "NSAIDs did not help you",
                                   "not_tolerated": "NSAIDs caused side effects you could not live with"},
    "treatments.exercise": {"regular": "you exercise regularly", "sometimes": "you exercise only sometimes",
                            "none": "you do not exercise at the moment"},
    "treatments.steroid_injection": {True: "you have had a steroid injection",
                                     False: "you have not had a steroid injection"},
    "treatments.oral_steroids_now": {True: "you take steroid tablets now", False: "you do not take steroid tablets"},
    "health.cancer": {"never": "you have not had cancer", "within_5_years": "you have had cancer in the last 5 years",
                      "over_5_years": "you had cancer more than 5 years ago"},
    "health.tuberculosis": {"never": "you have not had tuberculosis (TB)",
                            "past_or_latent": "you have had tuberculosis (TB), or latent TB",
                            "not_sure": "you are not sure whether you have had tuberculosis (TB)"},
    "health.smoking": {"never": "you have never smoked", "former": "you used to smoke", "current": "you smoke now"},
    "goals.route_preference": {"tablets": "you prefer tablets", "home_injection": "you prefer injections at home",
                               "infusion": "you prefer infusions (a drip) in a clinic",
                               "no_preference": "you have no preference about how a medicine is given"},
    "goals.coverage": {"private": "you have private health insurance", "public": "your care is paid by a public scheme",
                       "none": "you have no health insurance", "not_sure": "you are not sure what your insurance covers"},
    "goals.trial_interest": {"yes": "you are interested in a clinical trial",
                             "maybe": "you might be interested in a clinical trial",
                             "no": "you are not interested in a clinical trial"},
    "goals.offered_stem_cells": {True: "you have been offered stem-cell treatment",
                                 False: "you have not been offered stem-cell treatment"},
}


# The same words as the questionnaire, so people recognise their answers; a man is asked about his partner.
PREGNANCY_PHRASES = {"none": "you are not planning a pregnancy", "planning": "you are planning a pregnancy",
                     "pregnant": "you are pregnant", "breastfeeding": "you are breastfeeding"}
PARTNER_PREGNANCY_PHRASES = {"none": "you are not planning a pregnancy",
                             "planning": "you are planning a pregnancy with your partner",
                             "pregnant": "your partner is pregnant", "breastfeeding": "your partner is breastfeeding"}

# How a medicine worked ("adalimumab did not help"), for the engine's phrases and the clinician's lines.
RESPONSE_WORDS = {
    "good": "worked well",
    "partial": "helped only partly",
    "none": "did not help",
    "lost_response": "worked at first, then stopped working",
    "not_tolerated": "caused side effects you could not live with",
}

# "What matters to you" (goals.importance): the journey's labels, the sheet's list and the engine's phrases.
IMPORTANCE_LABELS = {
    "symptom_relief": "Feeling better: less pain and stiffness",
    "avoid_side_effects": "Avoiding side effects",
    "avoid_needles": "Avoiding injections and drips (needles)",
    "low_cost": "Keeping the cost low",
    "convenience": "A treatment that fits easily into my life",
    "fewer_visits": "Fewer clinic visits and blood tests",
    "try_research": "Trying new treatments that are being researched",
}
# The same, in a word or two, for the clinician's page 1 ("TNF inhibitors: needles, side effects").
IMPORTANCE_SHORT = {
    "symptom_relief": "feeling better", "avoid_side_effects": "side effects", "avoid_needles": "needles",
    "low_cost": "cost", "convenience": "convenience", "fewer_visits": "fewer visits", "try_research": "research",
}
RATING_LABELS = {0: "Not important", 1: "A little important", 2: "Fairly important", 3: "Very important",
                 4: "Extremely important"}

# ---------------------------------------------------------------------------------------------
# The clinician's situation lines on the sheet (decision_aid/sheet.py)

DIAGNOSIS_WORDS = {
    "ankylosing_spondylitis": "Diagnosis: ankylosing spondylitis (radiographic axial spondyloarthritis)",
    "non_radiographic_axspa": "Diagnosis: non-radiographic axial spondyloarthritis",
    "not_sure": "Diagnosis: axial spondyloarthritis, exact type not sure",
}
# condition.* answers listed after "Also:", in this order; an answer not here says nothing.
CONDITION_WORDS: dict[str, dict[Any, str]] = {
    "peripheral_arthritis": {True: "swollen or painful joints outside the spine"},
    "enthesitis": {True: "enthesitis (painful tendon attachments)"},
    "uveitis": {"once": "uveitis once", "recurrent": "uveitis more than once"},
    "ibd": {"crohns": "Crohn's disease", "ulcerative_colitis": "ulcerative colitis"},
    "psoriasis": {"mild": "mild psoriasis", "significant": "significant psoriasis"},
}
NSAID_RESPONSE_WORDS = {"good": "worked well", "partial": "helped partly", "none": "did not help",
                        "not_tolerated": "not tolerated"}
EXERCISE_WORDS = {"regular": "regular", "sometimes": "sometimes", "none": "none at the moment"}
# The health answers that are not yes/no, after the ticked ones; "never" says nothing.
HEALTH_CHOICE_WORDS = {
    "cancer": {"within_5_years": "cancer in the last 5 years", "over_5_years": "cancer more than 5 years ago"},
    "tuberculosis": {"past_or_latent": "tuberculosis (past or latent)", "not_sure": "not sure about past tuberculosis"},
    "smoking": {"current": "smokes", "former": "used to smoke"},
}
PREGNANCY_WORDS = {"planning": "Planning a pregnancy", "pregnant": "Pregnant", "breastfeeding": "Breastfeeding"}


# ---------------------------------------------------------------------------------------------
# Checked against the answers schema when loaded, so a question's answers cannot change and leave a table
# without words for one of them, or with words for one that no longer exists (tests/test_words.py).

def _node(path: str) -> dict[str, Any]:
    """The answers schema at `path`; "[]" steps into a list's items ("treatments.advanced[].response")."""
    node: dict[str, Any] = schema()
    for part in path.split("."):
        node = node["properties"][part.removesuffix("[]")]
        if part.endswith("[]"):
            node = node["items"]
    return node


def allowed(path: str) -> set[Any]:
    """Every answer the schema allows at `path`: an enum's values, true and false, a range of whole numbers,
    or an object's keys."""
    node = _node(path)
    if "enum" in node:
        return set(node["enum"])
    if node.get("type") == "boolean":
        return {True, False}
    if node.get("type") == "integer":
        return set(range(node["minimum"], node["maximum"] + 1))
    return set(node["properties"])


def check_covers(path: str, table: Mapping[Any, Any], *, but: Iterable[Any] = (), shared: bool = False) -> None:
    """Raise ValueError unless `table` has words for exactly the answers allowed at `path`, less `but` (the
    answers that say nothing); a `shared` table may also have words for another question's answers."""
    expected = allowed(path) - set(but)
    if set(table) != expected and not (shared and set(table) >= expected):
        raise ValueError(f"words for {path} must cover exactly {sorted(map(str, expected))}, "
                         f"not {sorted(map(str, table))}")


def check_against_schema() -> None:
    """Every table above against the answers schema."""
    health = allowed("health")
    check_covers("health", HEALTH, but=health - {k for k in health if allowed(f"health.{k}") == {True, False}})
    for kind in ("csdmards", "advanced"):
        check_covers(f"treatments.{kind}[].duration", DURATION)
    check_covers("treatments.csdmards[].drug", CSDMARDS)
    check_covers("treatments.advanced[].drug", ADVANCED)
    check_covers("treatments.advanced[].drug", ADVANCED_KIND)
    for path in ("treatments.nsaids.response", "treatments.csdmards[].response", "treatments.advanced[].response"):
        check_covers(path, RESPONSE_LABELS, shared=True)
    check_covers("treatments.advanced[].response", RESPONSE_WORDS)
    check_covers("treatments.csdmards[].response", RESPONSE_WORDS, shared=True)
    check_covers("condition.diagnosis", DIAGNOSIS_NAMES)
    check_covers("condition.diagnosis", DIAGNOSIS_WORDS)
    check_covers("about.pregnancy", PREGNANCY_PHRASES)
    check_covers("about.pregnancy", PARTNER_PREGNANCY_PHRASES)
    check_covers("about.pregnancy", PREGNANCY_WORDS, but={"none"})
    for path, said in ANSWER_PHRASES.items():
        if isinstance(said, dict):
            check_covers(path, said)
        else:
            _node(path)  # the field exists
    check_covers("goals.importance", IMPORTANCE_LABELS)
    check_covers("goals.importance", IMPORTANCE_SHORT)
    for key in IMPORTANCE_LABELS:
        check_covers(f"goals.importance.{key}", RATING_LABELS)
    for key, said in CONDITION_WORDS.items():
        check_covers(f"condition.{key}", said, but={False, "never", "none"} & allowed(f"condition.{key}"))
    for key, said in HEALTH_CHOICE_WORDS.items():
        check_covers(f"health.{key}", said, but={"never"})
    check_covers("treatments.nsaids.response", NSAID_RESPONSE_WORDS)
    check_covers("treatments.exercise", EXERCISE_WORDS)


check_against_schema()
