"""Derived facts about medicines taken: TNF, IL-17 and JAK inhibitors (which failed, which are taken now,
which are too new to judge) and conventional DMARDs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ... import i18n, words
from ...i18n import gettext as _
from ...i18n import lazy_gettext as _l
from ...i18n import ngettext
from ...words import RESPONSE_WORDS
from ..catalogue import Derived

if TYPE_CHECKING:
    from ..facts import Facts

derived = Derived()


TNF = ("adalimumab", "etanercept", "infliximab", "golimumab", "certolizumab")
IL17 = ("secukinumab", "ixekizumab", "bimekizumab")
JAK = ("tofacitinib", "upadacitinib")
DRUG_CLASS: dict[str, str] = {**dict.fromkeys(TNF, "tnf"), **dict.fromkeys(IL17, "il17"), **dict.fromkeys(JAK, "jak")}
CLASS_WORDS = {"tnf": _l("a TNF inhibitor"), "il17": _l("an IL-17 inhibitor"), "jak": _l("a JAK inhibitor")}
FAILED = frozenset({"none", "partial", "lost_response", "not_tolerated"})


def _advanced(facts: Facts) -> list[dict[str, Any]]:
    items = (facts.answers.get("treatments") or {}).get("advanced") or []
    return [i for i in items if isinstance(i, dict) and i.get("drug") in DRUG_CLASS]


def _names(drugs: list[str]) -> str:
    return i18n.join_and(list(dict.fromkeys(drugs)))


def _say_drug(item: dict[str, Any]) -> str:
    said = RESPONSE_WORDS.get(item.get("response", ""))
    # Translators: a medicine and how it worked, e.g. "adalimumab did not help".
    return _("%(medicine)s %(how_it_worked)s", medicine=item["drug"], how_it_worked=said) if said else str(item["drug"])


def _say_drugs(items: list[dict[str, Any]]) -> str:
    """E.g. "adalimumab did not help; etanercept worked at first, then stopped working"."""
    return "; ".join(_say_drug(i) for i in items)


# Advanced medicines (TNF, IL-17, JAK inhibitors) -------------------------------------------------

def _say_any_advanced(facts: Facts, value: Any) -> str:
    if not value:
        return _("you have not taken a biologic or JAK inhibitor")
    return _("you have taken %(medicines)s", medicines=_names([i["drug"] for i in _advanced(facts)]))


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
# time than that is too new to call a failure. A missing or "not sure" duration counts as judged: the
# person's answer about how well it worked stands.
JUDGED_FROM = {"tnf": frozenset({"12_to_15_weeks", "16_weeks_or_more"}), "il17": frozenset({"16_weeks_or_more"}),
               "jak": frozenset({"16_weeks_or_more"})}
SHORT = frozenset({"under_12_weeks", "12_to_15_weeks"})


def _too_early(item: dict[str, Any]) -> bool:
    return (item.get("status") == "current" and item.get("response") in {"partial", "none"}
            and item.get("duration") in SHORT and item.get("duration") not in JUDGED_FROM[DRUG_CLASS[item["drug"]]])


def _for_how_long(item: dict[str, Any]) -> str:
    said = words.DURATION.get(str(item.get("duration")))
    return str(said.phrase) if said else ""


@derived("tnf_ever", "bool",
         say=lambda f, v: _("you have taken %(medicines)s (a TNF inhibitor)",
                            medicines=_names([i["drug"] for i in _tnf_items(f)]))
         if v else _("you have not taken a TNF inhibitor"),
         description="has ever taken a TNF inhibitor")
def _tnf_ever(facts: Facts) -> bool:
    return bool(_tnf_items(facts))


@derived("failed_tnf", "bool",
         say=lambda f, v: _say_drugs(_tnf_items(f, FAILED)) if v else _("no TNF inhibitor has failed for you"),
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
        return _("no biologic or JAK inhibitor has failed for you")
    n = len({i["drug"] for i in items})
    return ngettext("%(num)s different advanced medicine did not work well enough for you or caused side effects "
                    "(%(medicines)s)",
                    "%(num)s different advanced medicines did not work well enough for you or caused side effects "
                    "(%(medicines)s)", n, medicines=_names([i["drug"] for i in items]))


@derived("advanced_failed_count", "int", minimum=0, maximum=10, say=_say_failed_count,
         description="distinct advanced medicines failed (response none, partial, lost_response or not_tolerated)")
def _advanced_failed_count(facts: Facts) -> int:
    return len({i["drug"] for i in _failed_advanced(facts)})


def _current(facts: Facts, responses: frozenset[str] | None = None) -> list[dict[str, Any]]:
    return [i for i in _advanced(facts) if i.get("status") == "current"
            and (responses is None or i.get("response") in responses)]


@derived("current_advanced_working", "bool",
         say=lambda f, v: (_("you take %(medicines)s now and it works well",
                             medicines=_names([i["drug"] for i in _current(f, frozenset({"good"}))]))
                           if v else _("you are not taking a biologic or JAK inhibitor that works well for you")),
         description="takes an advanced medicine now with a good response")
def _current_advanced_working(facts: Facts) -> bool:
    return bool(_current(facts, frozenset({"good"})))


def _current_failing(facts: Facts) -> list[dict[str, Any]]:
    return [i for i in _current(facts, FAILED) if not _too_early(i)]


def _say_current(items: list[dict[str, Any]]) -> str | None:
    if not items:
        return None
    return _("you take %(medicines)s", medicines="; ".join(_taken_now(i) for i in items))


def _taken_now(item: dict[str, Any]) -> str:
    """"adalimumab now for under 12 weeks, and it did not help" (after "you take")."""
    how = RESPONSE_WORDS[item["response"]]
    how_long = _for_how_long(item)
    if how_long:
        # Translators: follows "you take": "adalimumab now for under 12 weeks, and it did not help".
        return _("%(medicine)s now %(how_long)s, and it %(how_it_worked)s", medicine=item["drug"], how_long=how_long,
                 how_it_worked=how)
    # Translators: follows "you take": "adalimumab now, and it did not help".
    return _("%(medicine)s now, and it %(how_it_worked)s", medicine=item["drug"], how_it_worked=how)


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
         say=lambda f, v: _("you take %(medicines)s now", medicines=_names([i["drug"] for i in _current(f)])) if v
         else _("you do not take a biologic or JAK inhibitor now"),
         description="takes a TNF, IL-17 or JAK inhibitor now")
def _advanced_now(facts: Facts) -> bool:
    return bool(_current(facts))


@derived("failing_current_drugs", "list", values=tuple(DRUG_CLASS), say=lambda f, v: _say_current(_current_failing(f)),
         description="the advanced medicines taken now that are failing, judged after long enough")
def _failing_current_drugs(facts: Facts) -> frozenset[str]:
    return frozenset(i["drug"] for i in _current_failing(facts))


@derived("current_advanced_classes", "list", values=("tnf", "il17", "jak"),
         say=lambda f, v: _("you take %(medicines)s now", medicines=_names([
             _("%(medicine)s (%(kind)s)", medicine=i["drug"], kind=CLASS_WORDS[DRUG_CLASS[i["drug"]]])
             for i in _current(f)])) if v else _("you do not take a biologic or JAK inhibitor now"),
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
             _("you take an NSAID now and it works well") if f["nsaid_working_now"] else "",
             _current_working_phrase(f)) if p)) if v else _("your current treatment is not working well enough"),
         description="an NSAID or advanced medicine taken now with a good response")
def _current_treatment_working(facts: Facts) -> bool:
    return bool(facts["nsaid_working_now"] or facts["current_advanced_working"])


def _current_working_phrase(facts: Facts) -> str:
    drugs = [i["drug"] for i in _current(facts, frozenset({"good"}))]
    return _("you take %(medicines)s now and it works well", medicines=_names(drugs)) if drugs else ""


# Other medicines -----------------------------------------------------------------------------------

def _current_csdmards(facts: Facts) -> list[str]:
    items = (facts.answers.get("treatments") or {}).get("csdmards") or []
    return [str(i.get("drug")) for i in items if isinstance(i, dict) and i.get("status") == "current"]


@derived("csdmard_now", "bool",
         say=lambda f, v: _("you take %(medicines)s now", medicines=_names(_current_csdmards(f))) if v
         else _("you do not take sulfasalazine, methotrexate or leflunomide now"),
         description="takes sulfasalazine, methotrexate or leflunomide now")
def _csdmard_now(facts: Facts) -> bool:
    return bool(_current_csdmards(facts))


@derived("csdmards_now", "list", values=("sulfasalazine", "methotrexate", "leflunomide"),
         say=lambda f, v: _("you take %(medicines)s now", medicines=_names(_current_csdmards(f))) if v else None,
         description="the conventional DMARDs taken now")
def _csdmards_now(facts: Facts) -> frozenset[str]:
    return frozenset(_current_csdmards(facts))
