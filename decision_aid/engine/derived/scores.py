"""Derived facts from the disease activity scores (BASDAI, ASDAS).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ... import i18n
from ...i18n import gettext as _
from ...scores import STATE_LABELS
from ..catalogue import Derived

if TYPE_CHECKING:
    from ..facts import Facts

derived = Derived()


def _say_asdas(facts: Facts, _value: Any) -> str | None:
    asdas = facts.scores.get("asdas")
    if asdas is None:
        return None
    return _("your ASDAS is %(value)s (%(state)s)", value=i18n.decimal(asdas.value), state=STATE_LABELS[asdas.state])


def _say_basdai(facts: Facts, value: Any) -> str | None:
    return None if value is None else _("your BASDAI is %(value)s out of 10", value=i18n.decimal(value))


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
    if has_lab:
        return _("your BASDAI is %(value)s out of 10 (there was no overall rating to work out ASDAS)",
                 value=i18n.decimal(basdai))
    return _("your BASDAI is %(value)s out of 10 (there was no CRP or ESR result to work out ASDAS)",
             value=i18n.decimal(basdai))


@derived("activity_high", "bool", say=_say_activity,
         description="ASDAS 2.1 or more; or, when ASDAS cannot be worked out (no CRP/ESR), BASDAI 4 or more")
def _activity_high(facts: Facts) -> bool:
    asdas = facts["asdas"]
    if asdas is not None:
        return bool(asdas >= 2.1)
    basdai = facts["basdai"]
    return basdai is not None and basdai >= 4
