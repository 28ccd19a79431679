"""Derived facts about NSAIDs: whether a full trial was had and failed, and whether they are unsafe.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ... import words
from ...i18n import gettext as _
from ...i18n import lazy_gettext as _l
from ...i18n import ngettext
from ..catalogue import Derived

if TYPE_CHECKING:
    from ..facts import Facts

derived = Derived()


def _nsaids(facts: Facts) -> dict[str, Any]:
    return (facts.answers.get("treatments") or {}).get("nsaids") or {}


def _say_nsaid_trial(facts: Facts, _value: Any) -> str:
    n = _nsaids(facts)
    if n.get("status", "never") == "never":
        return _("you have not taken NSAIDs")
    count, weeks = int(n.get("count_tried", 0)), int(n.get("weeks_at_full_dose", 0))
    # Translators: the time, "%(weeks)s", is "1 week" or "8 weeks" (said on its own).
    return ngettext("you have tried %(num)s NSAID for %(weeks)s in total at full dose",
                    "you have tried %(num)s NSAIDs for %(weeks)s in total at full dose", count,
                    weeks=ngettext("%(num)s week", "%(num)s weeks", weeks))


@derived("nsaid_trial_adequate", "bool", say=_say_nsaid_trial,
         description="at least 2 NSAIDs and at least 4 weeks in total at full dose")
def _nsaid_trial_adequate(facts: Facts) -> bool:
    n = _nsaids(facts)
    return (n.get("status", "never") != "never" and int(n.get("count_tried", 0)) >= 2
            and int(n.get("weeks_at_full_dose", 0)) >= 4)


@derived("nsaids_not_tolerated", "bool",
         say=lambda f, v: _("NSAIDs caused side effects you could not live with") if v
         else _("you have not had NSAID side effects you could not live with"),
         description="NSAIDs were tried and not tolerated")
def _nsaids_not_tolerated(facts: Facts) -> bool:
    n = _nsaids(facts)
    return n.get("status", "never") != "never" and n.get("response") == "not_tolerated"


@derived("nsaid_working_now", "bool",
         say=lambda f, v: _("you take an NSAID now and it works well") if v else None,
         description="taking an NSAID now with a good response")
def _nsaid_working_now(facts: Facts) -> bool:
    n = _nsaids(facts)
    return n.get("status") == "current" and n.get("response") == "good"


NSAID_UNSAFE_WITH = ("stomach_ulcer_or_bleed", "blood_thinners", "kidney_disease", "heart_failure", "heart_disease")


def _nsaid_unsuitable_reasons(facts: Facts) -> list[str]:
    health = facts.answers.get("health") or {}
    reasons = [_("NSAIDs caused side effects you could not live with")] if facts["nsaids_not_tolerated"] else []
    return reasons + [str(words.HEALTH[key].phrase) for key in NSAID_UNSAFE_WITH if health.get(key) is True]


derived.any_of("nsaids_unsuitable", _nsaid_unsuitable_reasons, otherwise=_l("NSAIDs are not known to be unsafe for you"),
               description="NSAIDs not tolerated, or not safe with a stomach ulcer or bleed, blood thinners, kidney "
                           "disease, heart failure or heart disease (guidelines accept this in place of a full NSAID "
                           "trial)")


def _say_full_trial_failed(facts: Facts, value: Any) -> str | None:
    if not value:
        return _("you have not had a full NSAID trial that failed")
    words_for = facts.phrase("treatments.nsaids.response")
    return "; ".join(p for p in (_say_nsaid_trial(facts, True), words_for) if p)


@derived("nsaids_failed_full_trial", "bool", say=_say_full_trial_failed,
         description="at least 2 NSAIDs over at least 4 weeks at full dose, and they did not work well enough or "
                     "were not tolerated")
def _nsaids_failed_full_trial(facts: Facts) -> bool:
    return bool(facts["nsaid_trial_adequate"] and _nsaids(facts).get("response") in {"partial", "none", "not_tolerated"})
