"""Derived facts about progress since earlier visits (decision_aid/history.py): how ASDAS and BASDAI have
changed since the last visit, and since before the advanced medicine taken now was started, and for how
long it has been taken. The sheet applies `history.as_of` first, so the loaded visit is already history.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ... import history
from ..catalogue import Derived

if TYPE_CHECKING:
    from ..facts import Facts

derived = Derived()


def _asdas_phrase(before: dict[str, Any] | None, now: dict[str, Any], value: Any, since: str) -> str | None:
    if value is None or before is None:
        return None
    words = history.ASDAS_CHANGE_WORDS[str(value)]
    return f"your ASDAS went from {before['asdas']:.1f} {since} to {now['asdas']:.1f} now ({words})"


def _last(facts: Facts) -> dict[str, Any] | None:
    earlier = history.visits(facts.answers)
    return earlier[-1] if earlier else None


@derived("asdas_change", "enum", values=history.ASDAS_CHANGES, optional=True,
         say=lambda f, v: _asdas_phrase(_last(f), history.current_visit(f.answers), v,
                                        f"at your last visit ({history.long_date((_last(f) or {}).get('date'))})"),
         description="ASDAS change since the last visit (Machado 2011; worsening: Molto 2018): a fall of 2.0 or "
                     "more, 1.1 or more, a rise of 0.9 or more, or none of these; none without an earlier visit or "
                     "when one ASDAS used CRP and the other ESR")
def _asdas_change(facts: Facts) -> str | None:
    return history.asdas_change(_last(facts), history.current_visit(facts.answers))


@derived("basdai_change", "enum", values=history.BASDAI_CHANGES, optional=True,
         say=lambda f, v: None if v is None or _last(f) is None else
         f"your BASDAI went from {(_last(f) or {})['basdai']:.1f} at your last visit to "
         f"{history.current_visit(f.answers)['basdai']:.1f} now"
         f" ({'down to half or less, or by 2 points or more' if v == 'response' else 'not down to half or by 2 points'})",
         description="BASDAI change since the last visit: response = down to half or less, or by 2 points or more "
                     "(NICE TA383); none without an earlier visit")
def _basdai_change(facts: Facts) -> str | None:
    return history.basdai_change(_last(facts), history.current_visit(facts.answers))


def _before(facts: Facts) -> dict[str, Any] | None:
    return history.before_current_advanced(facts.answers)


@derived("asdas_change_on_current_advanced", "enum", values=history.ASDAS_CHANGES, optional=True,
         say=lambda f, v: _asdas_phrase(_before(f), history.current_visit(f.answers), v,
                                        f"before you started {history.single_current_advanced(f.answers)} "
                                        f"({history.long_date((_before(f) or {}).get('date'))})"),
         description="ASDAS change since the last visit before the one advanced medicine taken now was started; "
                     "none when there is no such visit or the two cannot be compared")
def _asdas_change_on_current(facts: Facts) -> str | None:
    return history.asdas_change(_before(facts), history.current_visit(facts.answers))


def _say_weeks(facts: Facts, value: Any) -> str | None:
    if value is None:
        return None
    drug = history.single_current_advanced(facts.answers)
    return f"you have taken {drug} for {value} weeks or more" if value else f"you have taken {drug} for under 12 weeks"


@derived("weeks_on_current_advanced", "int", minimum=0, maximum=5200, optional=True, say=_say_weeks,
         description="at least how many weeks the one advanced medicine taken now has been taken: the person's "
                     "answer (under 12 weeks: 0; 12 to 15: 12; 16 or more: 16), else the weeks since the first "
                     "visit in an unbroken run of visits that list it")
def _weeks_on_current(facts: Facts) -> int | None:
    return history.weeks_on_current_advanced(facts.answers)
