"""Icon arrays of 100 (or 1000), drawn on the server as SVG, so the web page and the PDF show the same picture.

Risk-communication practice (decision-aid-anchors §3.2): 100 icons, events and non-events together,
filled from the bottom up, row by row (a height cue), with a second colour for the extra people who
had the outcome on the medicine over those who had it on placebo or the comparator: the extra people who
responded (a benefit) or the extra people who had a side effect (a harm), told the same way. Events
rarer than about 1 in 100 are drawn out of 1000, never as parts of an icon. A harm known only as a
difference ("3 more in 1000") gets words and no picture. WeasyPrint runs no JavaScript, so the
picture is SVG made here; it is used as an `<img src="data:image/svg+xml;base64,...">` (faster to
lay out in WeasyPrint than inline SVG), with one `<path>` per colour (a dashed line per row)
rather than 100 `<circle>`s (bench/pdf.py).
The text equivalent (`describe`) goes in the image's alt text and beside it as visible words.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .i18n import gettext as _
from .i18n import lazy_gettext as _l
from .i18n import ngettext

SIZE = 10  # 10 x 10 = 100
STEP = 18  # distance between icon centres in SVG units
RADIUS = 7
# Events rarer than about 1 in 100 are drawn out of 1000 (decision-aid-anchors §3.2: partial icons mislead):
# 40 columns by 25 rows of smaller icons.
LAYOUTS = {100: (SIZE, STEP, RADIUS), 1000: (40, 7, 3)}
DOT = 0.01  # length of each dash: a dot once its round caps are drawn
BASELINE_COLOUR = "#0b4f6c"  # had the outcome on placebo / the comparator too (brand blue; 8.9:1 on white)
EXTRA_COLOUR = "#b35c00"  # the extra people on the medicine (dark orange; 4.8:1 on white)
EMPTY_COLOUR = "#6f777b"  # did not: outlined circles (4.5:1 on white)
# How sure the research is, in full (beside the picture) and in a word (the appointment PDF's sentence).
CERTAINTY_WORDS = {
    "high": _l("high (good trials; the figure is unlikely to change much)"),
    "moderate": _l("moderate (the true figure may be a little different)"),
    "low": _l("low (the true figure may be quite different)"),
}
CERTAINTY_SHORT = {"high": _l("high"), "moderate": _l("moderate"), "low": _l("low")}
PLACEBO = _l("the dummy treatment (placebo)")


@dataclass(frozen=True)
class IconArray:
    """One picture: `baseline` people in the first colour, then `extra` in the second, of `total`."""

    baseline: int
    extra: int
    total: int = 100

    @property
    def filled(self) -> int:
        return self.baseline + self.extra


_BRACKETS = re.compile(r"\s*\([^()]*\)")


def clamp(value: Any, total: int = 100) -> int:
    """A count out of `total` (100 or 1000) from content: rounded, 0 to total, 0 when not a number."""
    try:
        number = round(float(value))
    except (TypeError, ValueError):
        return 0
    return max(0, min(total, number))


def denominator(effect: dict[str, Any]) -> int:
    """Out of how many people an effect is told: 100, or 1000 when the content says so."""
    return 1000 if effect.get("denominator") == 1000 else 100


def size(total: int = 100) -> tuple[int, int]:
    """Width and height of the picture for `total` icons, in CSS pixels (the SVG's own units)."""
    cols, step, _radius = LAYOUTS[total]
    return cols * step + 2, (total // cols) * step + 2


def _centre(index: int, total: int = 100) -> tuple[int, int]:
    """Centre of icon `index` (0 = bottom-left; rows fill left to right, from the bottom up)."""
    cols, step, radius = LAYOUTS[total]
    row = total // cols - 1 - index // cols
    col = index % cols
    return col * step + radius + 1, row * step + radius + 1


def _rows(indices: range, cols: int = SIZE) -> list[tuple[int, int, int]]:
    """`indices` cut into runs within one row: (row from the bottom, first column, last column)."""
    runs: list[tuple[int, int, int]] = []
    for i in indices:
        row, col = divmod(i, cols)
        if runs and runs[-1][0] == row:
            runs[-1] = (row, runs[-1][1], col)
        else:
            runs.append((row, col, col))
    return runs


def _path(indices: range, colour: str, width: int, total: int = 100) -> str:
    """One path drawing a dot at each index: a dashed line per row, dashes of (almost) no length
    with round caps, one every STEP units, so each dash is a filled circle.

    WeasyPrint parses every path each time it draws it, so at most 10 subpaths a colour (one per
    row) rather than one per dot, circles made of arcs or 100 <circle> elements (bench/pdf.py).
    """
    if not indices:
        return ""
    cols, step, _radius = LAYOUTS[total]
    d = "".join(
        "M{} {}h{}".format(*_centre(row * cols + first, total), (last - first) * step + DOT)
        for row, first, last in _rows(indices, cols)
    )
    return (f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="{width}" stroke-linecap="round" '
            f'stroke-dasharray="{DOT} {step - DOT}"/>')


@lru_cache(maxsize=256)
def svg(baseline: int, extra: int = 0, total: int = 100) -> str:
    """The SVG document for `baseline` + `extra` filled icons out of `total` (100 or 1000; numbers are
    clamped)."""
    total = total if total in LAYOUTS else 100
    _cols, _step, radius = LAYOUTS[total]
    baseline = clamp(baseline, total)
    extra = max(0, min(total - baseline, clamp(extra, total)))
    width, height = size(total)
    empty = range(baseline + extra, total)
    ring = 4 if total == 100 else 2  # the grey ring's thickness, in SVG units
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}">',
        _path(range(0, baseline), BASELINE_COLOUR, 2 * radius, total),
        _path(range(baseline, baseline + extra), EXTRA_COLOUR, 2 * radius, total),
        _path(empty, EMPTY_COLOUR, 2 * radius, total),  # empty icons: a grey ring (grey dot, white centre)
        _path(empty, "#ffffff", 2 * radius - ring, total),
        "</svg>",
    ]
    return "".join(parts)


@lru_cache(maxsize=256)
def data_url(baseline: int, extra: int = 0, total: int = 100) -> str:
    """`svg(...)` as a data: URL for an <img> (allowed by the CSP's `img-src 'self' data:`)."""
    encoded = base64.b64encode(svg(baseline, extra, total).encode("ascii")).decode("ascii")
    return "data:image/svg+xml;base64," + encoded


def effect_array(effect: dict[str, Any]) -> IconArray | None:
    """The picture for one `effects` item: those who had the outcome on placebo or the comparator, then the
    extra on the medicine. None when only the difference is known (no honest picture can be drawn)."""
    if "treated" not in effect and "extra" in effect:
        return None
    total = denominator(effect)
    treated = clamp(effect.get("treated"), total)
    placebo = clamp(effect.get("placebo"), total)
    baseline = min(placebo, treated)
    return IconArray(baseline=baseline, extra=treated - baseline, total=total)


def _time(effect: dict[str, Any]) -> str:
    """"after 16 weeks" for a benefit, "over 12 weeks" / "over about 4 years" for a harm."""
    harm = effect.get("kind") == "harm"
    weeks, period = effect.get("weeks"), effect.get("period")
    if period:
        return _("over %(period)s", period=period)
    if weeks:
        if harm:
            return ngettext("over %(num)s week", "over %(num)s weeks", int(weeks))
        return ngettext("after %(num)s week", "after %(num)s weeks", int(weeks))
    return _("at the end of the trial")


def _described(trial: str) -> bool:
    """Whether a trial is described ("a pooled analysis of many randomised trials") rather than named."""
    # Translators: words that show a trial is described, not named, separated by "|" ("trial|analysis").
    markers = [m for m in _("trial|analysis").split("|") if m]
    return any(marker in trial for marker in {"trial", "analysis", *markers})


def _where(effect: dict[str, Any]) -> str:
    trial = str(effect.get("trial") or "")
    if not trial:
        return _("In a trial")
    if _described(trial):
        # Translators: the trial is described, e.g. "In a pooled analysis of many randomised trials".
        return _("In %(trial)s", trial=trial)
    # Translators: the trial's name, e.g. "In the COAST-V trial".
    return _("In the %(trial)s trial", trial=trial)


def _about(number: int, approximate: bool) -> str:
    """A count, "about 35" when the figure is approximate."""
    # Translators: an approximate count of people, in sentences such as "about 35 in 100 responded".
    return _("about %(number)s", number=number) if approximate else str(number)


def describe(effect: dict[str, Any]) -> dict[str, str]:
    """Plain sentences for one effect, benefit or harm, in both framings (who did and who did not), with
    the key to the picture's colours and its text alternative, which say the same numbers (in the language
    in use: the effect's own words come translated with the content)."""
    total = denominator(effect)
    harm = effect.get("kind") == "harm"
    approximate = bool(effect.get("approximate") or effect.get("certainty") == "low")
    outcome = str(effect.get("outcome") or (_("had it") if harm else _("responded")))
    medicine = str(effect.get("medicine") or _("the medicine"))
    who = str(effect.get("who") or _("people"))
    comparator = str(effect.get("comparator") or PLACEBO)
    # the colour key names the comparator without its bracketed examples (whatever follows the brackets stays)
    short_comparator = _BRACKETS.sub("", comparator) if effect.get("comparator") else _("the dummy treatment")
    when = _time(effect)
    where = _where(effect)
    certainty = str(CERTAINTY_WORDS.get(str(effect.get("certainty")), _("not stated")))
    sure = _("How sure the research is: %(certainty)s.",
             certainty=CERTAINTY_SHORT.get(str(effect.get("certainty")), _("not stated")))
    # Translators: "In the COAST-V trial, after 16 weeks, in people with AS:"
    intro = _("%(where)s, %(when)s, in %(who)s:", where=where, when=when, who=who)
    label = _("Side effect or risk") if harm else _("Benefit")
    words = {"total": total, "medicine": medicine, "outcome": outcome, "comparator": comparator, "when": when}
    arr = effect_array(effect)
    if arr is None:  # only the difference is known: words, no picture
        extra = clamp(effect.get("extra"), total)
        note = str(effect.get("extra_note") or "")
        difference = _("Of %(total)s people on %(medicine)s, %(extra)s more %(outcome)s than of %(total)s on "
                       "%(comparator)s, %(when)s.", extra=_about(extra, approximate), **words)
        why = _("No picture: the research gives only this difference, not how many of %(total)s on %(comparator)s "
                "%(outcome)s.", total=total, comparator=short_comparator, outcome=outcome)
        return {
            "label": label, "intro": intro, "treated": difference, "placebo": note, "difference": why,
            "alt": "", "key_baseline": "", "key_extra": "", "key_empty": "", "certainty": certainty,
            "brief": f"{intro} {difference} {note} {sure}".replace("  ", " "),
        }
    treated = clamp(effect.get("treated"), total)
    placebo = clamp(effect.get("placebo"), total)
    extra = treated - placebo
    if extra > 0:
        difference = _("So %(extra)s more in %(total)s %(outcome)s on %(medicine)s than on %(comparator)s, %(when)s.",
                       extra=_about(extra, approximate), **words)
    elif extra < 0:
        difference = _("So %(fewer)s fewer in %(total)s %(outcome)s on %(medicine)s than on %(comparator)s, %(when)s.",
                       fewer=_about(-extra, approximate), **words)
    else:
        difference = _("No more people %(outcome)s on %(medicine)s than on %(comparator)s.", **words)
    key_baseline = _("people who %(outcome)s on %(comparator)s too", outcome=outcome, comparator=short_comparator)
    key_extra = _("the extra people who %(outcome)s on %(medicine)s", outcome=outcome, medicine=medicine)
    key_empty = _("people who did not")
    alt = _("Picture of %(total)s people. %(baseline)s dark blue circles: %(key_baseline)s. %(extra)s orange circles: "
            "%(key_extra)s. %(empty)s empty circles: %(key_empty)s.", total=total, baseline=arr.baseline,
            key_baseline=key_baseline, extra=arr.extra, key_extra=key_extra, empty=total - arr.filled, key_empty=key_empty)
    return {
        "label": label,
        "intro": intro,
        # Translators: one arm of a trial, "On adalimumab, 45 in 100 responded; 55 in 100 did not."
        "treated": _("On %(arm)s, %(did)s in %(total)s %(outcome)s; %(did_not)s in %(total)s did not.", arm=medicine,
                     did=_about(treated, approximate), total=total, outcome=outcome,
                     did_not=_about(total - treated, approximate)),
        "placebo": _("On %(arm)s, %(did)s in %(total)s %(outcome)s; %(did_not)s in %(total)s did not.", arm=comparator,
                     did=_about(placebo, approximate), total=total, outcome=outcome,
                     did_not=_about(total - placebo, approximate)),
        "difference": difference,
        "alt": alt,
        "key_baseline": key_baseline,
        "key_extra": key_extra,
        "key_empty": key_empty,
        "certainty": certainty,
        # the appointment PDF's one sentence: both arms, who did not, and certainty in one word
        "brief": _("%(intro)s %(treated)s in %(total)s on %(medicine)s %(outcome)s, and %(placebo)s in %(total)s on "
                   "%(comparator)s; %(treated_not)s and %(placebo_not)s in %(total)s did not. %(sure)s", intro=intro,
                   treated=_about(treated, approximate), placebo=_about(placebo, approximate), treated_not=total - treated,
                   placebo_not=total - placebo, sure=sure, **words),
    }
