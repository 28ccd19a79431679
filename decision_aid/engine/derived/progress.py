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


def _doc(facts: Facts) -> dict[str, Any]:
    doc: dict[str, Any] = facts.answers
    return doc


def _now(facts: Facts) -> dict[str, Any]:
    return history.current_visit(_doc(facts))


def _last(facts: Facts) -> dict[str, Any] | None:
    earlier = history.visits(_doc(facts))
    return earlier[-1] if earlier else None


def _say_asdas_change(facts: Facts, value: Any) -> str | None:
    when = f"at your last visit ({history.long_date((_last(facts) or {}).get('date'))})"
    return _asdas_phrase(_last(facts), _now(facts), value, when)


def _say_basdai_change(facts: Facts, value: Any) -> str | None:
    last = _last(facts)
    if value is None or last is None:
        return None
    said = "down to half or less, or by 2 points or more" if value == "response" else "not down to half or by 2 points"
    return f"your BASDAI went from {last['basdai']:.1f} at your last visit to {_now(facts)['basdai']:.1f} now ({said})"


def _say_change_on_current(facts: Facts, value: Any) -> str | None:
    when = (f"before you started {history.single_current_advanced(_doc(facts))} "
            f"({history.long_date((_before(facts) or {}).get('date'))})")
    return _asdas_phrase(_before(facts), _now(facts), value, when)


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
    return f"you have taken {drug} for {value} weeks or more" if value else f"you have taken {drug} for under 12 weeks"


@derived("weeks_on_current_advanced", "int", minimum=0, maximum=5200, optional=True, say=_say_weeks,
         description="at least how many weeks the one advanced medicine taken now has been taken: the person's "
                     "answer (under 12 weeks: 0; 12 to 15: 12; 16 or more: 16), else the weeks since the first "
                     "visit in an unbroken run of visits that list it")
def _weeks_on_current(facts: Facts) -> int | None:
    return history.weeks_on_current_advanced(_doc(facts))
