"""Words for answers, in one place: the question's label, the clinician's short words and the "because you
said" phrase, so they cannot drift apart, and each table is checked against the answers schema when loaded.

The journey asks with the labels, the sheet's situation lines use the short words, and the engine says
answers back with the phrases (tests/test_words.py).

Every word here is translated (`_l`: looked up in the language of the page or PDF being made, when shown);
code that puts them into the sheet dict makes them plain strings (`str`). The medicines' names are the
same in every language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import cache
from typing import Any, NamedTuple

from . import i18n
from .answers import schema
from .i18n import gettext as _
from .i18n import lazy_gettext as _l
from .i18n import ngettext


class Said(NamedTuple):
    label: str  # the question's wording (a checkbox or radio label)
    short: str  # for the clinician's summary lines; must appear in the label
    phrase: str  # "because you said ..."; must contain the short words


# "Do you have, or have you had, any of these?" (other-health page), one checkbox each.
HEALTH: dict[str, Said] = {
    "heart_disease": Said(_l("Heart disease, such as angina or a heart attack"), _l("heart disease"),
                          _l("you have or have had heart disease")),
    "heart_failure": Said(_l("Heart failure"), _l("heart failure"), _l("you have or have had heart failure")),
    "high_blood_pressure": Said(_l("High blood pressure"), _l("high blood pressure"), _l("you have high blood pressure")),
    "kidney_disease": Said(_l("Kidney disease"), _l("kidney disease"), _l("you have or have had kidney disease")),
    "liver_disease": Said(_l("Liver disease"), _l("liver disease"), _l("you have or have had liver disease")),
    "stomach_ulcer_or_bleed": Said(_l("A stomach ulcer or bleeding from the stomach or gut"), _l("stomach ulcer or bleed"),
                                   _l("you have had a stomach ulcer or bleed")),
    "blood_thinners": Said(_l("Taking blood thinners (anticoagulants), such as warfarin or apixaban"), _l("blood thinners"),
                           _l("you take blood thinners")),
    "blood_clots": Said(_l("Blood clots in a vein or the lungs (DVT or pulmonary embolism)"), _l("blood clots"),
                        _l("you have had blood clots in a vein or the lungs")),
    "serious_infections": Said(_l("Serious infections that needed hospital care, or infections that keep coming back"),
                               _l("serious infections"), _l("you have had serious infections or infections that keep "
                               "coming back")),
    "hepatitis_b_or_c": Said(_l("Hepatitis B or hepatitis C"), _l("hepatitis B or hepatitis C"),
                             _l("you have had hepatitis B or hepatitis C")),
    "multiple_sclerosis": Said(_l("Multiple sclerosis (MS)"), _l("multiple sclerosis"), _l("you have multiple sclerosis")),
    "depression": Said(_l("Depression"), _l("depression"), _l("you have or have had depression")),
    "diabetes": Said(_l("Diabetes"), _l("diabetes"), _l("you have diabetes")),
}

# "How long have you taken it?" (medicine details), for each medicine ticked.
DURATION: dict[str, Said] = {
    "under_12_weeks": Said(_l("Less than 12 weeks (under 3 months)"), _l("under 12 weeks"), _l("for under 12 weeks")),
    "12_to_15_weeks": Said(_l("12 to 15 weeks (about 3 to 4 months)"), _l("12 to 15 weeks"), _l("for 12 to 15 weeks")),
    "16_weeks_or_more": Said(_l("16 weeks or more (about 4 months or more)"), _l("16 weeks or more"),
                             _l("for 16 weeks or more")),
    "not_sure": Said(_l("I'm not sure"), _l("not sure"), _l("for a time you are not sure of")),
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
    "adalimumab": _l("TNF inhibitor, injection. Brand names include Humira, Amgevita, Hadlima and Hyrimoz"),
    "etanercept": _l("TNF inhibitor, injection. Brand names include Enbrel and Benepali"),
    "infliximab": _l("TNF inhibitor, drip (infusion) or injection. Brand names include Remicade, Inflectra and Remsima"),
    "golimumab": _l("TNF inhibitor, injection or drip. Brand name Simponi"),
    "certolizumab": _l("TNF inhibitor, injection. Brand name Cimzia"),
    "secukinumab": _l("IL-17 inhibitor, injection. Brand name Cosentyx"),
    "ixekizumab": _l("IL-17 inhibitor, injection. Brand name Taltz"),
    "bimekizumab": _l("IL-17 inhibitor, injection. Brand name Bimzelx"),
    "tofacitinib": _l("JAK inhibitor, tablet. Brand name Xeljanz"),
    "upadacitinib": _l("JAK inhibitor, tablet. Brand name Rinvoq"),
}

# "How well did it work for you?" (NSAIDs and each medicine ticked); the schema says which each may have.
RESPONSE_LABELS: dict[str, str] = {
    "good": _l("It helped a lot"), "partial": _l("It helped a little"), "none": _l("It did not help"),
    "lost_response": _l("It helped at first, then stopped working"),
    "not_tolerated": _l("I had to stop because of side effects"),
}
# The same answers about a medicine still being taken ("How well is it working?").
RESPONSE_LABELS_NOW: dict[str, str] = {"good": _l("It helps a lot"), "partial": _l("It helps a little"),
                                       "none": _l("It does not help")}

DIAGNOSIS_NAMES = {
    "ankylosing_spondylitis": _l("ankylosing spondylitis"),
    "non_radiographic_axspa": _l("non-radiographic axial spondyloarthritis"),
    "not_sure": _l("axial spondyloarthritis"),
}

# Where the regulators' notes apply: the UK (MHRA, NICE) and the EU/EEA (EMA) share "UK_EU".
UK_EU_COUNTRIES = frozenset({
    "GB", "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT",
    "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO",
})
# Translators: a country's name as it follows "you live in" ("you live in the UK").
_THE = {"GB": _l("the UK"), "US": _l("the US"), "NL": _l("the Netherlands"), "CZ": _l("the Czech Republic")}


def country_name(code: str) -> str:
    """A country's everyday name ("the UK", "Germany") for saying an answer back, in the language in use."""
    if code in _THE:
        return str(_THE[code])
    return _country_name(code, i18n.current_language())


@cache
def _country_name(code: str, language: str) -> str:
    if language != i18n.DEFAULT_LANGUAGE:
        from babel import Locale

        name = Locale.parse(language).territories.get(code)
        if name:
            return str(name)
    import pycountry

    found = pycountry.countries.get(alpha_2=code)
    return str(getattr(found, "common_name", None) or getattr(found, "name", code)) if found else code


def _shown(value: Any) -> str:
    """A number said back as the engine says numbers: whole numbers without ".0", else one decimal."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return str(int(value)) if float(value).is_integer() else i18n.decimal(value)


def _say_age(_facts: Any, value: Any) -> str | None:
    return None if value is None else _("you are %(value)s", value=_shown(value))


def _say_spinal_pain(_facts: Any, value: Any) -> str | None:
    return None if value is None else _("you rated your neck, back or hip pain %(value)s out of 10", value=_shown(value))


def _say_nsaids_tried(_facts: Any, value: Any) -> str | None:
    return None if value is None else _("you have tried %(value)s NSAID(s)", value=_shown(value))


def _say_nsaid_weeks(_facts: Any, value: Any) -> str | None:
    if value is None:
        return None
    # Translators: the English says "weeks" for any number; give each plural form its own words.
    return ngettext("you took NSAIDs at full dose for %(num)s weeks in total",
                    "you took NSAIDs at full dose for %(num)s weeks in total", int(value))


# ---------------------------------------------------------------------------------------------
# "Because you said ...": how the engine says an answer back (decision_aid/engine/facts.py), by field.
# Fields not here are said from the question's description; pregnancy and country are said in facts.py.
# Each is a table of words by answer, or a function of (facts, answer) for an answer that is a number.

ANSWER_PHRASES: dict[str, dict[Any, str] | Callable[[Any, Any], str | None]] = {
    "about.age_years": _say_age,
    "about.sex": {"female": _l("you are female"), "male": _l("you are male"), "other": _l("you described your sex as other"),
                  "prefer_not_to_say": _l("you preferred not to say your sex")},
    "condition.diagnosis": {"ankylosing_spondylitis": _l("you have ankylosing spondylitis"),
                            "non_radiographic_axspa": _l("you have non-radiographic axial spondyloarthritis"),
                            "not_sure": _l("you are not sure of your exact diagnosis")},
    "condition.peripheral_arthritis": {True: _l("you have swollen or painful joints outside the spine"),
                                       False: _l("you do not have swollen or painful joints outside the spine")},
    "condition.enthesitis": {True: _l("you have painful places where tendons join bone, such as the heel"),
                             False: _l("you do not have painful tendon attachments")},
    "condition.uveitis": {"never": _l("you have never had uveitis (eye inflammation)"),
                          "once": _l("you have had uveitis (eye inflammation) once"),
                          "recurrent": _l("you have had uveitis (eye inflammation) more than once")},
    "condition.ibd": {"none": _l("you do not have inflammatory bowel disease"), "crohns": _l("you have Crohn's disease"),
                      "ulcerative_colitis": _l("you have ulcerative colitis")},
    "condition.psoriasis": {"none": _l("you do not have psoriasis"), "mild": _l("you have mild psoriasis"),
                            "significant": _l("you have psoriasis that affects you a lot")},
    "treatments.nsaids.status": {"never": _l("you have not taken NSAIDs"), "current": _l("you take an NSAID now"),
                                 "past": _l("you took NSAIDs in the past")},
    "activity.basdai.spinal_pain": _say_spinal_pain,
    "treatments.nsaids.count_tried": _say_nsaids_tried,
    "treatments.nsaids.weeks_at_full_dose": _say_nsaid_weeks,
    "treatments.nsaids.response": {"good": _l("NSAIDs worked well for you"), "partial": _l("NSAIDs helped you only partly"),
                                   "none": _l("NSAIDs did not help you"),
                                   "not_tolerated": _l("NSAIDs caused side effects you could not live with")},
    "treatments.exercise": {"regular": _l("you exercise regularly"), "sometimes": _l("you exercise only sometimes"),
                            "none": _l("you do not exercise at the moment")},
    "treatments.steroid_injection": {True: _l("you have had a steroid injection"),
                                     False: _l("you have not had a steroid injection")},
    "treatments.oral_steroids_now": {True: _l("you take steroid tablets now"), False: _l("you do not take steroid tablets")},
    "health.cancer": {"never": _l("you have not had cancer"), "within_5_years": _l("you have had cancer in the last 5 years"),
                      "over_5_years": _l("you had cancer more than 5 years ago")},
    "health.tuberculosis": {"never": _l("you have not had tuberculosis (TB)"),
                            "past_or_latent": _l("you have had tuberculosis (TB), or latent TB"),
                            "not_sure": _l("you are not sure whether you have had tuberculosis (TB)")},
    "health.smoking": {"never": _l("you have never smoked"), "former": _l("you used to smoke"), "current": _l("you smoke now")},
    "goals.route_preference": {"tablets": _l("you prefer tablets"), "home_injection": _l("you prefer injections at home"),
                               "infusion": _l("you prefer infusions (a drip) in a clinic"),
                               "no_preference": _l("you have no preference about how a medicine is given")},
    "goals.coverage": {"private": _l("you have private health insurance"), "public": _l("your care is paid by a public scheme"),
                       "none": _l("you have no health insurance"), "not_sure": _l("you are not sure what your insurance covers")},
    "goals.trial_interest": {"yes": _l("you are interested in a clinical trial"),
                             "maybe": _l("you might be interested in a clinical trial"),
                             "no": _l("you are not interested in a clinical trial")},
    "goals.offered_stem_cells": {True: _l("you have been offered stem-cell treatment"),
                                 False: _l("you have not been offered stem-cell treatment")},
}


# The same words as the questionnaire, so people recognise their answers; a man is asked about his partner.
PREGNANCY_PHRASES = {"none": _l("you are not planning a pregnancy"), "planning": _l("you are planning a pregnancy"),
                     "pregnant": _l("you are pregnant"), "breastfeeding": _l("you are breastfeeding")}
PARTNER_PREGNANCY_PHRASES = {"none": _l("you are not planning a pregnancy"),
                             "planning": _l("you are planning a pregnancy with your partner"),
                             "pregnant": _l("your partner is pregnant"), "breastfeeding": _l("your partner is breastfeeding")}

# How a medicine worked ("adalimumab did not help"), for the engine's phrases and the clinician's lines.
RESPONSE_WORDS = {
    "good": _l("worked well"),
    "partial": _l("helped only partly"),
    "none": _l("did not help"),
    "lost_response": _l("worked at first, then stopped working"),
    "not_tolerated": _l("caused side effects you could not live with"),
}

# "What matters to you" (goals.importance): the journey's labels, the sheet's list and the engine's phrases.
IMPORTANCE_LABELS = {
    "symptom_relief": _l("Feeling better: less pain and stiffness"),
    "avoid_side_effects": _l("Avoiding side effects"),
    "avoid_needles": _l("Avoiding injections and drips (needles)"),
    "low_cost": _l("Keeping the cost low"),
    "convenience": _l("A treatment that fits easily into my life"),
    "fewer_visits": _l("Fewer clinic visits and blood tests"),
    "try_research": _l("Trying new treatments that are being researched"),
}
# The same, in a word or two, for the clinician's page 1 ("TNF inhibitors: needles, side effects").
IMPORTANCE_SHORT = {
    "symptom_relief": _l("feeling better"), "avoid_side_effects": _l("side effects"), "avoid_needles": _l("needles"),
    "low_cost": _l("cost"), "convenience": _l("convenience"), "fewer_visits": _l("fewer visits"), "try_research": _l("research"),
}
RATING_LABELS = {0: _l("Not important"), 1: _l("A little important"), 2: _l("Fairly important"), 3: _l("Very important"),
                 4: _l("Extremely important")}

# ---------------------------------------------------------------------------------------------
# The clinician's situation lines on the sheet (decision_aid/sheet.py)

DIAGNOSIS_WORDS = {
    "ankylosing_spondylitis": _l("Diagnosis: ankylosing spondylitis (radiographic axial spondyloarthritis)"),
    "non_radiographic_axspa": _l("Diagnosis: non-radiographic axial spondyloarthritis"),
    "not_sure": _l("Diagnosis: axial spondyloarthritis, exact type not sure"),
}
# condition.* answers listed after "Also:", in this order; an answer not here says nothing.
CONDITION_WORDS: dict[str, dict[Any, str]] = {
    "peripheral_arthritis": {True: _l("swollen or painful joints outside the spine")},
    "enthesitis": {True: _l("enthesitis (painful tendon attachments)")},
    "uveitis": {"once": _l("uveitis once"), "recurrent": _l("uveitis more than once")},
    "ibd": {"crohns": _l("Crohn's disease"), "ulcerative_colitis": _l("ulcerative colitis")},
    "psoriasis": {"mild": _l("mild psoriasis"), "significant": _l("significant psoriasis")},
}
NSAID_RESPONSE_WORDS = {"good": _l("worked well"), "partial": _l("helped partly"), "none": _l("did not help"),
                        "not_tolerated": _l("not tolerated")}
# The whole line, so each short answer is translated where it is said.
EXERCISE_WORDS = {"regular": _l("Exercise: regular"), "sometimes": _l("Exercise: sometimes"),
                  "none": _l("Exercise: none at the moment")}
# The health answers that are not yes/no, after the ticked ones; "never" says nothing.
HEALTH_CHOICE_WORDS = {
    "cancer": {"within_5_years": _l("cancer in the last 5 years"), "over_5_years": _l("cancer more than 5 years ago")},
    "tuberculosis": {"past_or_latent": _l("tuberculosis (past or latent)"), "not_sure": _l("not sure about past tuberculosis")},
    "smoking": {"current": _l("smokes"), "former": _l("used to smoke")},
}
PREGNANCY_WORDS = {"planning": _l("Planning a pregnancy"), "pregnant": _l("Pregnant"), "breastfeeding": _l("Breastfeeding")}


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
