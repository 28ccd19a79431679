"""The fact catalogue: every name a rule may test, with its type, allowed values and how to say it back.

Answer facts are generated from the answers JSON Schema (`health.heart_failure: bool`,
`about.sex: enum[...]`), so a renamed question breaks `decision-aid check` instead of silently
switching a rule off. Derived facts (scores, "NSAID trial adequate", "failed TNF inhibitor", …) are
declared below in Python with their type. Each fact also knows how to say its value back to the person
("you have or have had heart failure"), which the engine uses to build a note's `because` list.

A fact with no answer (an optional field left empty) is `None` and matches no comparison.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .. import answers as answers_mod
from .. import words
from ..scores import STATE_LABELS, scores_from_answers

FactType = str  # "bool" | "int" | "number" | "enum" | "list"

TNF = ("adalimumab", "etanercept", "infliximab", "golimumab", "certolizumab")
IL17 = ("secukinumab", "ixekizumab", "bimekizumab")
JAK = ("tofacitinib", "upadacitinib")
DRUG_CLASS: dict[str, str] = {**dict.fromkeys(TNF, "tnf"), **dict.fromkeys(IL17, "il17"), **dict.fromkeys(JAK, "jak")}
CLASS_WORDS = {"tnf": "a TNF inhibitor", "il17": "an IL-17 inhibitor", "jak": "a JAK inhibitor"}
FAILED = frozenset({"none", "partial", "lost_response", "not_tolerated"})
RESPONSE_WORDS = {
    "good": "worked well",
    "partial": "helped only partly",
    "none": "did not help",
    "lost_response": "worked at first, then stopped working",
    "not_tolerated": "caused side effects you could not live with",
}


class Facts(dict[str, Any]):
    """The fact values for one answers document, computed lazily and cached on first use."""

    def __init__(self, answers: dict[str, Any]):
        super().__init__()
        self.answers = answers
        self.scores = scores_from_answers(answers)

    def __missing__(self, name: str) -> Any:
        value = CATALOGUE[name].compute(self)
        self[name] = value
        return value

    def phrase(self, name: str) -> str | None:
        """The fact's current value said back to the person, e.g. "you have or have had heart failure"."""
        return CATALOGUE[name].say(self, self[name])


@dataclass(frozen=True)
class Fact:
    """One name a rule may test."""

    name: str
    type: FactType
    compute: Callable[[Facts], Any]
    say: Callable[[Facts, Any], str | None]
    values: tuple[Any, ...] = ()  # allowed values (enum) or allowed items (list)
    minimum: float | None = None
    maximum: float | None = None
    description: str = ""
    derived: bool = False
    optional: bool = False

    def describe_type(self) -> str:
        shown = ", ".join(map(str, self.values[:20])) + (f", … ({len(self.values)} in all)" if len(self.values) > 20 else "")
        if self.type == "enum":
            return "one of: " + shown
        if self.type == "list":
            return "a list of: " + shown
        words = {"bool": "true or false", "int": "a whole number", "number": "a number"}
        bounds = f" from {_num(self.minimum)} to {_num(self.maximum)}" if self.minimum is not None else ""
        return words[self.type] + bounds


def _num(value: float | None) -> str:
    if value is None:
        return "?"
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


# ---------------------------------------------------------------------------------------------
# Answer facts, generated from the answers schema, with hand-written phrases where plain words help

Phrase = dict[Any, str] | str | Callable[[Facts, Any], str | None]

ANSWER_PHRASES: dict[str, Phrase] = {
    "about.age_years": "you are {value}",
    "about.sex": {"female": "you are female", "male": "you are male", "other": "you described your sex as other",
                  "prefer_not_to_say": "you preferred not to say your sex"},
    "about.pregnancy": lambda f, v: _say_pregnancy(f, v),
    "about.country": lambda f, v: None if v is None else f"you live in {words.country_name(str(v))}",
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

# The same words as the questionnaire (decision_aid/journey/pages.py), so people recognise their answers.
def _say_pregnancy(facts: Facts, value: Any) -> str | None:
    male = (facts.answers.get("about") or {}).get("sex") == "male"
    words = {"none": "you are not planning a pregnancy",
             "planning": "you are planning a pregnancy with your partner" if male else "you are planning a pregnancy",
             "pregnant": "your partner is pregnant" if male else "you are pregnant",
             "breastfeeding": "your partner is breastfeeding" if male else "you are breastfeeding"}
    return words.get(value) if value is not None else None


IMPORTANCE_LABELS = {
    "symptom_relief": "Feeling better: less pain and stiffness",
    "avoid_side_effects": "Avoiding side effects",
    "avoid_needles": "Avoiding injections and drips (needles)",
    "low_cost": "Keeping the cost low",
    "convenience": "A treatment that fits easily into my life",
    "fewer_visits": "Fewer clinic visits and blood tests",
    "try_research": "Trying new treatments that are being researched",
}
RATING_LABELS = {0: "Not important", 1: "A little important", 2: "Fairly important", 3: "Very important",
                 4: "Extremely important"}


def _importance_phrase(key: str) -> Callable[[Facts, Any], str | None]:
    def say(_facts: Facts, value: Any) -> str | None:
        if value is None:
            return None
        label = IMPORTANCE_LABELS[key]
        rating = RATING_LABELS.get(int(value), str(value)).lower()
        return f"you rated \"{label[0].lower()}{label[1:]}\" as {rating} ({value} out of 4)"
    return say


def _health_bool_phrase(key: str, description: str) -> dict[Any, str]:
    said = words.HEALTH.get(key)
    if said is not None:
        return {True: said.phrase, False: f'you did not tick "{said.short}"'}
    return {True: f"you have {description}", False: f"you do not have {description}"}


def _phrase_function(name: str, phrase: Phrase | None, description: str) -> Callable[[Facts, Any], str | None]:
    if callable(phrase):
        return phrase
    if isinstance(phrase, dict):
        table = phrase
        return lambda _f, v: table.get(v) if v is not None else None
    if isinstance(phrase, str):
        template = phrase
        return lambda _f, v: template.format(value=_num(v) if isinstance(v, int | float) and not isinstance(v, bool)
                                             else v) if v is not None else None
    label = description or name.rsplit(".", 1)[-1].replace("_", " ")

    def generic(_f: Facts, v: Any) -> str | None:
        if v is None:
            return None
        shown = "yes" if v is True else "no" if v is False else str(v).replace("_", " ")
        return f"you answered {shown} for {label}"
    return generic


def _getter(path: tuple[str, ...]) -> Callable[[Facts], Any]:
    def get(facts: Facts) -> Any:
        node: Any = facts.answers
        for part in path:
            if not isinstance(node, dict):
                return None
            node = node.get(part)
        return node
    return get


def _answer_facts() -> list[Fact]:
    """Walk the answers schema: every scalar field becomes a fact named by its dotted path."""
    out: list[Fact] = []

    def walk(node: dict[str, Any], path: tuple[str, ...]) -> None:
        props = node.get("properties")
        if node.get("type") == "object" or props:
            required = set(node.get("required", []))
            for key, sub in (props or {}).items():
                child = (*path, key)
                if isinstance(sub, dict):
                    walk({**sub, "_optional": key not in required or node.get("_optional", False)}, child)
            return
        if node.get("type") == "array" or not path or path == ("schema",):
            return
        name = ".".join(path)
        description = str(node.get("description", ""))
        if "enum" in node:
            kind, values = "enum", tuple(node["enum"])
        elif node.get("type") == "boolean":
            kind, values = "bool", ()
        elif node.get("type") == "integer":
            kind, values = "int", ()
        elif node.get("type") == "number":
            kind, values = "number", ()
        else:
            return
        phrase: Phrase | None = ANSWER_PHRASES.get(name)
        if phrase is None and path[0] == "goals" and len(path) == 3 and path[1] == "importance":
            phrase = _importance_phrase(path[2])
        if phrase is None and path[0] == "health" and kind == "bool":
            phrase = _health_bool_phrase(path[-1], description or path[-1].replace("_", " "))
        out.append(Fact(
            name=name, type=kind, values=values, compute=_getter(path),
            say=_phrase_function(name, phrase, description),
            minimum=node.get("minimum"), maximum=node.get("maximum"), description=description,
            optional=bool(node.get("_optional")),
        ))

    walk(answers_mod.schema(), ())
    return out


# ---------------------------------------------------------------------------------------------
# Derived facts

_DERIVED: list[Fact] = []


def derived(name: str, kind: FactType, *, values: tuple[Any, ...] = (), minimum: float | None = None,
            maximum: float | None = None, say: Callable[[Facts, Any], str | None], description: str,
            optional: bool = False) -> Callable[[Callable[[Facts], Any]], Callable[[Facts], Any]]:
    """Register a derived fact computed by the decorated function."""
    def register(fn: Callable[[Facts], Any]) -> Callable[[Facts], Any]:
        _DERIVED.append(Fact(name=name, type=kind, compute=fn, say=say, values=values, minimum=minimum,
                             maximum=maximum, description=description, derived=True, optional=optional))
        return fn
    return register


def _advanced(facts: Facts) -> list[dict[str, Any]]:
    items = (facts.answers.get("treatments") or {}).get("advanced") or []
    return [i for i in items if isinstance(i, dict) and i.get("drug") in DRUG_CLASS]


def _nsaids(facts: Facts) -> dict[str, Any]:
    return (facts.answers.get("treatments") or {}).get("nsaids") or {}


def _names(drugs: list[str]) -> str:
    drugs = list(dict.fromkeys(drugs))
    if len(drugs) <= 1:
        return "".join(drugs)
    return ", ".join(drugs[:-1]) + " and " + drugs[-1]


def _say_drugs(items: list[dict[str, Any]]) -> str:
    """E.g. "adalimumab did not help; etanercept worked at first, then stopped working"."""
    return "; ".join(f"{i['drug']} {RESPONSE_WORDS.get(i.get('response', ''), '')}".strip() for i in items)


# Scores ----------------------------------------------------------------------------------------

def _say_asdas(facts: Facts, _value: Any) -> str | None:
    asdas = facts.scores.get("asdas")
    if asdas is None:
        return None
    return f"your ASDAS is {asdas.value:.1f} ({STATE_LABELS[asdas.state]})"


def _say_basdai(facts: Facts, value: Any) -> str | None:
    return None if value is None else f"your BASDAI is {value:.1f} out of 10"


@derived("basdai", "number", minimum=0, maximum=10, say=_say_basdai, optional=True,
         description="BASDAI, 0–10 (brief §2.1)")
def _basdai(facts: Facts) -> float | None:
    value = facts.scores.get("basdai")
    return None if value is None else float(value)


@derived("asdas", "number", minimum=0, maximum=10, say=_say_asdas, optional=True,
         description="ASDAS (CRP preferred, else ESR); none without a patient global and a lab result")
def _asdas(facts: Facts) -> float | None:
    asdas = facts.scores.get("asdas")
    return None if asdas is None else float(asdas.value)


@derived("asdas_state", "enum", values=("inactive", "low", "high", "very_high"), say=_say_asdas, optional=True,
         description="ASDAS state (2018 names)")
def _asdas_state(facts: Facts) -> str | None:
    asdas = facts.scores.get("asdas")
    return None if asdas is None else str(asdas.state)


def _say_activity(facts: Facts, value: Any) -> str | None:
    if facts.scores.get("asdas") is not None:
        return _say_asdas(facts, value)
    basdai = facts["basdai"]
    if basdai is None:
        return None
    activity = facts.answers.get("activity") or {}
    has_lab = activity.get("crp_mg_l") is not None or activity.get("esr_mm_h") is not None
    why = "there was no overall rating to work out ASDAS" if has_lab else "there was no CRP or ESR result to work out ASDAS"
    return f"your BASDAI is {basdai:.1f} out of 10 ({why})"


@derived("activity_high", "bool", say=_say_activity,
         description="ASDAS 2.1 or more; or, when ASDAS cannot be worked out (no CRP/ESR), BASDAI 4 or more")
def _activity_high(facts: Facts) -> bool:
    asdas = facts["asdas"]
    if asdas is not None:
        return bool(asdas >= 2.1)
    basdai = facts["basdai"]
    return basdai is not None and basdai >= 4


# NSAIDs ----------------------------------------------------------------------------------------

def _say_nsaid_trial(facts: Facts, _value: Any) -> str:
    n = _nsaids(facts)
    if n.get("status", "never") == "never":
        return "you have not taken NSAIDs"
    count, weeks = int(n.get("count_tried", 0)), int(n.get("weeks_at_full_dose", 0))
    return f"you have tried {count} NSAID{'s' if count != 1 else ''} for {weeks} week{'s' if weeks != 1 else ''} " \
           "in total at full dose"


@derived("nsaid_trial_adequate", "bool", say=_say_nsaid_trial,
         description="at least 2 NSAIDs and at least 4 weeks in total at full dose")
def _nsaid_trial_adequate(facts: Facts) -> bool:
    n = _nsaids(facts)
    return (n.get("status", "never") != "never" and int(n.get("count_tried", 0)) >= 2
            and int(n.get("weeks_at_full_dose", 0)) >= 4)


@derived("nsaids_not_tolerated", "bool",
         say=lambda f, v: "NSAIDs caused side effects you could not live with" if v
         else "you have not had NSAID side effects you could not live with",
         description="NSAIDs were tried and not tolerated")
def _nsaids_not_tolerated(facts: Facts) -> bool:
    n = _nsaids(facts)
    return n.get("status", "never") != "never" and n.get("response") == "not_tolerated"


@derived("nsaid_working_now", "bool",
         say=lambda f, v: "you take an NSAID now and it works well" if v else None,
         description="taking an NSAID now with a good response")
def _nsaid_working_now(facts: Facts) -> bool:
    n = _nsaids(facts)
    return n.get("status") == "current" and n.get("response") == "good"


NSAID_UNSAFE_WITH = ("stomach_ulcer_or_bleed", "blood_thinners", "kidney_disease", "heart_failure", "heart_disease")


def _nsaid_unsuitable_reasons(facts: Facts) -> list[str]:
    health = facts.answers.get("health") or {}
    reasons = ["NSAIDs caused side effects you could not live with"] if facts["nsaids_not_tolerated"] else []
    return reasons + [words.HEALTH[key].phrase for key in NSAID_UNSAFE_WITH if health.get(key) is True]


@derived("nsaids_unsuitable", "bool",
         say=lambda f, v: "; ".join(_nsaid_unsuitable_reasons(f)) if v else "NSAIDs are not known to be unsafe for you",
         description="NSAIDs not tolerated, or not safe with a stomach ulcer or bleed, blood thinners, kidney disease, "
                     "heart failure or heart disease (guidelines accept this in place of a full NSAID trial)")
def _nsaids_unsuitable(facts: Facts) -> bool:
    return bool(_nsaid_unsuitable_reasons(facts))


def _say_full_trial_failed(facts: Facts, value: Any) -> str | None:
    if not value:
        return "you have not had a full NSAID trial that failed"
    response = ANSWER_PHRASES["treatments.nsaids.response"]
    words_for = response.get(_nsaids(facts).get("response")) if isinstance(response, dict) else None
    return "; ".join(p for p in (_say_nsaid_trial(facts, True), words_for) if p)


@derived("nsaids_failed_full_trial", "bool", say=_say_full_trial_failed,
         description="at least 2 NSAIDs over at least 4 weeks at full dose, and they did not work well enough or "
                     "were not tolerated")
def _nsaids_failed_full_trial(facts: Facts) -> bool:
    return bool(facts["nsaid_trial_adequate"] and _nsaids(facts).get("response") in {"partial", "none", "not_tolerated"})


# Advanced medicines (TNF, IL-17, JAK inhibitors) -------------------------------------------------

def _say_any_advanced(facts: Facts, value: Any) -> str:
    if not value:
        return "you have not taken a biologic or JAK inhibitor"
    return "you have taken " + _names([i["drug"] for i in _advanced(facts)])


@derived("any_advanced_ever", "bool", say=_say_any_advanced,
         description="has ever taken a TNF, IL-17 or JAK inhibitor")
def _any_advanced_ever(facts: Facts) -> bool:
    return bool(_advanced(facts))


def _tnf_items(facts: Facts, responses: frozenset[str] | None = None) -> list[dict[str, Any]]:
    """TNF inhibitors taken, or those with one of `responses` (a current one too new to judge is left out)."""
    return [i for i in _advanced(facts) if DRUG_CLASS[i["drug"]] == "tnf"
            and (responses is None or (i.get("response") in responses and not _too_early(i)))]


# Response is judged after at least 12 weeks (ASAS-EULAR 2022); NICE judges TNF inhibitors at 12 weeks and
# IL-17 and JAK inhibitors at 16. A medicine taken now that has helped only a little, or not yet, for less
# time than that is too new to call a failure. A missing or "not sure" duration counts as judged, as before.
JUDGED_FROM = {"tnf": frozenset({"12_to_15_weeks", "16_weeks_or_more"}), "il17": frozenset({"16_weeks_or_more"}),
               "jak": frozenset({"16_weeks_or_more"})}
SHORT = frozenset({"under_12_weeks", "12_to_15_weeks"})


def _too_early(item: dict[str, Any]) -> bool:
    return (item.get("status") == "current" and item.get("response") in {"partial", "none"}
            and item.get("duration") in SHORT and item.get("duration") not in JUDGED_FROM[DRUG_CLASS[item["drug"]]])


def _for_how_long(item: dict[str, Any]) -> str:
    said = words.DURATION.get(str(item.get("duration")))
    return f" {said.phrase}" if said else ""


@derived("tnf_ever", "bool",
         say=lambda f, v: ("you have taken " + _names([i["drug"] for i in _tnf_items(f)]) + " (a TNF inhibitor)")
         if v else "you have not taken a TNF inhibitor",
         description="has ever taken a TNF inhibitor")
def _tnf_ever(facts: Facts) -> bool:
    return bool(_tnf_items(facts))


@derived("failed_tnf", "bool",
         say=lambda f, v: _say_drugs(_tnf_items(f, FAILED)) if v else "no TNF inhibitor has failed for you",
         description="a TNF inhibitor failed (response none, partial, lost_response or not_tolerated)")
def _failed_tnf(facts: Facts) -> bool:
    return bool(_tnf_items(facts, FAILED))


@derived("tnf_primary_failure", "bool",
         say=lambda f, v: _say_drugs(_tnf_items(f, frozenset({"none"}))) if v else None,
         description="a TNF inhibitor never worked (response none)")
def _tnf_primary_failure(facts: Facts) -> bool:
    return bool(_tnf_items(facts, frozenset({"none"})))


@derived("tnf_lost_response", "bool",
         say=lambda f, v: _say_drugs(_tnf_items(f, frozenset({"lost_response"}))) if v else None,
         description="a TNF inhibitor worked, then stopped working (response lost_response)")
def _tnf_lost_response(facts: Facts) -> bool:
    return bool(_tnf_items(facts, frozenset({"lost_response"})))


def _failed_advanced(facts: Facts) -> list[dict[str, Any]]:
    return [i for i in _advanced(facts) if i.get("response") in FAILED and not _too_early(i)]


def _say_failed_count(facts: Facts, value: Any) -> str:
    items = _failed_advanced(facts)
    if not items:
        return "no biologic or JAK inhibitor has failed for you"
    n = len({i["drug"] for i in items})
    head = f"{n} different advanced medicine{'s' if n != 1 else ''} did not work well enough for you or caused side effects"
    return f"{head} ({_names([i['drug'] for i in items])})"


@derived("advanced_failed_count", "int", minimum=0, maximum=10, say=_say_failed_count,
         description="distinct advanced medicines failed (response none, partial, lost_response or not_tolerated)")
def _advanced_failed_count(facts: Facts) -> int:
    return len({i["drug"] for i in _failed_advanced(facts)})


def _current(facts: Facts, responses: frozenset[str] | None = None) -> list[dict[str, Any]]:
    return [i for i in _advanced(facts) if i.get("status") == "current"
            and (responses is None or i.get("response") in responses)]


@derived("current_advanced_working", "bool",
         say=lambda f, v: (f"you take {_names([i['drug'] for i in _current(f, frozenset({'good'}))])} now and it works well"
                           if v else "you are not taking a biologic or JAK inhibitor that works well for you"),
         description="takes an advanced medicine now with a good response")
def _current_advanced_working(facts: Facts) -> bool:
    return bool(_current(facts, frozenset({"good"})))


def _current_failing(facts: Facts) -> list[dict[str, Any]]:
    return [i for i in _current(facts, FAILED) if not _too_early(i)]


def _say_current(items: list[dict[str, Any]]) -> str | None:
    if not items:
        return None
    return "you take " + "; ".join(f"{i['drug']} now{_for_how_long(i)}, and it {RESPONSE_WORDS[i['response']]}"
                                   for i in items)


@derived("current_advanced_failing", "bool", say=lambda f, v: _say_current(_current_failing(f)),
         description="takes an advanced medicine now that is failing (none, partial, lost_response, not_tolerated), "
                     "judged after long enough (see too_early_to_judge)")
def _current_advanced_failing(facts: Facts) -> bool:
    return bool(_current_failing(facts))


@derived("too_early_to_judge", "bool",
         say=lambda f, v: _say_current([i for i in _current(f) if _too_early(i)]),
         description="takes an advanced medicine now that has helped only a little or not yet, for less than 12 "
                     "weeks (TNF inhibitor) or 16 weeks (IL-17 or JAK inhibitor)")
def _too_early_to_judge(facts: Facts) -> bool:
    return any(_too_early(i) for i in _current(facts))


@derived("advanced_now", "bool",
         say=lambda f, v: ("you take " + _names([i["drug"] for i in _current(f)]) + " now") if v
         else "you do not take a biologic or JAK inhibitor now",
         description="takes a TNF, IL-17 or JAK inhibitor now")
def _advanced_now(facts: Facts) -> bool:
    return bool(_current(facts))


@derived("failing_current_drugs", "list", values=tuple(DRUG_CLASS), say=lambda f, v: _say_current(_current_failing(f)),
         description="the advanced medicines taken now that are failing, judged after long enough")
def _failing_current_drugs(facts: Facts) -> frozenset[str]:
    return frozenset(i["drug"] for i in _current_failing(facts))


@derived("current_advanced_classes", "list", values=("tnf", "il17", "jak"),
         say=lambda f, v: ("you take " + _names([f"{i['drug']} ({CLASS_WORDS[DRUG_CLASS[i['drug']]]})"
                                                  for i in _current(f)]) + " now") if v else
         "you do not take a biologic or JAK inhibitor now",
         description="classes of the advanced medicines taken now")
def _current_advanced_classes(facts: Facts) -> frozenset[str]:
    return frozenset(DRUG_CLASS[i["drug"]] for i in _current(facts))


@derived("failing_current_classes", "list", values=("tnf", "il17", "jak"),
         say=lambda f, v: _say_current(_current_failing(f)),
         description="classes of the advanced medicines taken now that are failing, judged after long enough")
def _failing_current_classes(facts: Facts) -> frozenset[str]:
    return frozenset(DRUG_CLASS[i["drug"]] for i in _current_failing(facts))


@derived("current_treatment_working", "bool",
         say=lambda f, v: ("; ".join(p for p in (
             "you take an NSAID now and it works well" if f["nsaid_working_now"] else "",
             _current_working_phrase(f)) if p)) if v else "your current treatment is not working well enough",
         description="an NSAID or advanced medicine taken now with a good response")
def _current_treatment_working(facts: Facts) -> bool:
    return bool(facts["nsaid_working_now"] or facts["current_advanced_working"])


def _current_working_phrase(facts: Facts) -> str:
    drugs = [i["drug"] for i in _current(facts, frozenset({"good"}))]
    return f"you take {_names(drugs)} now and it works well" if drugs else ""


# Other medicines -----------------------------------------------------------------------------------

def _current_csdmards(facts: Facts) -> list[str]:
    items = (facts.answers.get("treatments") or {}).get("csdmards") or []
    return [str(i.get("drug")) for i in items if isinstance(i, dict) and i.get("status") == "current"]


@derived("csdmard_now", "bool",
         say=lambda f, v: f"you take {_names(_current_csdmards(f))} now" if v else "you do not take sulfasalazine, "
         "methotrexate or leflunomide now",
         description="takes sulfasalazine, methotrexate or leflunomide now")
def _csdmard_now(facts: Facts) -> bool:
    return bool(_current_csdmards(facts))


@derived("csdmards_now", "list", values=("sulfasalazine", "methotrexate", "leflunomide"),
         say=lambda f, v: f"you take {_names(_current_csdmards(f))} now" if v else None,
         description="the conventional DMARDs taken now")
def _csdmards_now(facts: Facts) -> frozenset[str]:
    return frozenset(_current_csdmards(facts))


# Age and heart risk --------------------------------------------------------------------------------

def _age(facts: Facts) -> int | None:
    age = (facts.answers.get("about") or {}).get("age_years")
    return int(age) if isinstance(age, int) else None


@derived("age_band", "enum", values=("under_50", "50_to_64", "65_plus"),
         say=lambda f, v: None if _age(f) is None else f"you are {_age(f)}",
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
    risks = {"current": ["you smoke now"], "former": ["you used to smoke"]}.get(str(h.get("smoking")), [])
    keys = ("heart_disease", "heart_failure", "high_blood_pressure", "diabetes") + (("blood_clots",) if clots else ())
    risks += [words.HEALTH[key].phrase for key in keys if h.get(key) is True]
    if h.get("cancer") in {"within_5_years", "over_5_years"}:
        risks.append(_phrase_function("health.cancer", ANSWER_PHRASES["health.cancer"], "")(facts, h["cancer"]) or "")
    return risks


@derived("jak_risk_factor", "bool",
         say=lambda f, v: "; ".join(_jak_risks(f)) if v else "you have none of the JAK inhibitor risk factors asked about",
         description="smoking now or before, heart disease, heart failure, high blood pressure, diabetes, past blood "
                     "clots or cancer (what ORAL Surveillance and the EMA count)")
def _jak_risk_factor(facts: Facts) -> bool:
    return bool(_jak_risks(facts))


def _regulator_risks(facts: Facts) -> list[str]:
    age = _age(facts)
    return ([f"you are {age}"] if age is not None and age >= 65 else []) + _jak_risks(facts, clots=False)


@derived("jak_regulator_risk", "bool",
         say=lambda f, v: "; ".join(_regulator_risks(f)) if v else None,
         description="aged 65 or over, smoking now or before, a raised heart risk (heart disease, heart failure, high "
                     "blood pressure, diabetes) or cancer: the EMA and MHRA limit JAK inhibitors to when no suitable "
                     "alternative exists")
def _jak_regulator_risk(facts: Facts) -> bool:
    return bool(_regulator_risks(facts))


@derived("region", "enum", values=("US", "UK_EU", "other"),
         say=lambda f, v: f"you live in {words.country_name(_country(f))}" if _country(f) else None,
         description="which regulator's notes apply: US (FDA), UK_EU (MHRA, NICE, EMA) or other (both, labelled)")
def _region(facts: Facts) -> str:
    country = _country(facts)
    return "US" if country == "US" else "UK_EU" if country in words.UK_EU_COUNTRIES else "other"


def _country(facts: Facts) -> str:
    return str((facts.answers.get("about") or {}).get("country") or "")


@derived("cost_region", "enum", values=("GB", "US", "other"),
         say=lambda f, v: {"GB": "you live in the UK", "US": "you live in the US"}.get(v, "you live outside the UK and US"),
         description="which cost note applies: GB, US or other")
def _cost_region(facts: Facts) -> str:
    country = (facts.answers.get("about") or {}).get("country", "US")
    return country if country in {"GB", "US"} else "other"


# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Catalogue:
    """All facts by name."""

    facts: dict[str, Fact] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Fact:
        return self.facts[name]

    def __contains__(self, name: object) -> bool:
        return name in self.facts

    def names(self) -> list[str]:
        return list(self.facts)


def _build() -> Catalogue:
    facts: dict[str, Fact] = {}
    for fact in [*_answer_facts(), *_DERIVED]:
        if fact.name in facts:  # pragma: no cover - a programming error, caught by the tests
            raise RuntimeError(f"fact {fact.name} is declared twice")
        facts[fact.name] = fact
    return Catalogue(facts)


CATALOGUE = _build()
