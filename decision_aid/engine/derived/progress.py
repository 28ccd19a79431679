"""Derived facts about progress since earlier visits (decision_aid/history.py): how ASDAS and BASDAI have
changed since the last visit, and since before the advanced medicine taken now was started, and for how
long it has been taken. The sheet applies `history.as_of` first, so the loaded visit is already history.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ... import history, i18n
from ...i18n import gettext as _
from ...i18n import ngettext
from ..catalogue import Derived

if TYPE_CHECKING:
    from ..facts import Facts

derived = Derived()


def _say_asdas_change(facts: Facts, value: Any) -> str | None:
    last = _last(facts)
    if value is None or last is None:
        return None
    return _("your ASDAS went from %(before)s at your last visit (%(date)s) to %(now)s now (%(change)s)",
             before=i18n.decimal(last["asdas"]), date=history.long_date(last.get("date")),
             now=i18n.decimal(_now(facts)["asdas"]), change=history.ASDAS_CHANGE_WORDS[str(value)])


def _doc(facts: Facts) -> dict[str, Any]:
    doc: dict[str, Any] = facts.answers
    return doc


def _now(facts: Facts) -> dict[str, Any]:
    return history.current_visit(_doc(facts))


def _last(facts: Facts) -> dict[str, Any] | None:
    earlier = history.visits(_doc(facts))
    return earlier[-1] if earlier else None


def _say_basdai_change(facts: Facts, value: Any) -> str | None:
    last = _last(facts)
    if value is None or last is None:
        return None
    said = _("down to half or less, or by 2 points or more") if value == "response" else _("not down to half or by 2 points")
    return _("your BASDAI went from %(before)s at your last visit to %(now)s now (%(change)s)",
             before=i18n.decimal(last["basdai"]), now=i18n.decimal(_now(facts)["basdai"]), change=said)


def _say_change_on_current(facts: Facts, value: Any) -> str | None:
    before = _before(facts)
    if value is None or before is None:
        return None
    return _("your ASDAS went from %(before)s before you started %(medicine)s (%(date)s) to %(now)s now (%(change)s)",
             before=i18n.decimal(before["asdas"]), medicine=history.single_current_advanced(_doc(facts)),
             date=history.long_date(before.get("date")), now=i18n.decimal(_now(facts)["asdas"]),
             change=history.ASDAS_CHANGE_WORDS[str(value)])


@derived("asdas_change", "enum", values=history.ASDAS_CHANGES, optional=True, say=_say_asdas_change,
         description="ASDAS change since the last visit (Machado 2011; worsening: Molto 2018): a fall of 2.0 or "
                     "more, 1.1 or more, a rise of 0.9 or more, or none of these; none without an earlier visit or "
                     "when one ASDAS used CRP and the other ESR")
def _asdas_change(facts: Facts) -> str | None:
    return history.asdas_change(_last(facts), _now(facts))


@derived("basdai_change", "enum", values=history.BASDAI_CHANGES, optional=True, say=_say_basdai_change,
         description="BASDAI change since the last visit: response = down to half or less, or by 2 points or more "
                     "(NICE TA383); none without an earlier visit")
def _basdai_change(facts: Facts) -> str | None:
    return history.basdai_change(_last(facts), _now(facts))


def _before(facts: Facts) -> dict[str, Any] | None:
    return history.before_current_advanced(_doc(facts))


@derived("asdas_change_on_current_advanced", "enum", values=history.ASDAS_CHANGES, optional=True,
         say=_say_change_on_current,
         description="ASDAS change since the last visit before the one advanced medicine taken now was started; "
                     "none when there is no such visit or the two cannot be compared")
def _asdas_change_on_current(facts: Facts) -> str | None:
    return history.asdas_change(_before(facts), _now(facts))


def _say_weeks(facts: Facts, value: Any) -> str | None:
    if value is None:
        return None
    drug = history.single_current_advanced(_doc(facts))
    if not value:
        return _("you have taken %(medicine)s for under 12 weeks", medicine=drug)
    # Translators: the English says "weeks" for any number; give each plural form its own words.
    return ngettext("you have taken %(medicine)s for %(num)s weeks or more",
                    "you have taken %(medicine)s for %(num)s weeks or more", int(value), medicine=drug)


@derived("weeks_on_current_advanced", "int", minimum=0, maximum=5200, optional=True, say=_say_weeks,
         description="at least how many weeks the one advanced medicine taken now has been taken: the person's "
                     "answer (under 12 weeks: 0; 12 to 15: 12; 16 or more: 16), else the weeks since the first "
                     "visit in an unbroken run of visits that list it")
def _weeks_on_current(facts: Facts) -> int | None:
    return history.weeks_on_current_advanced(_doc(facts))
