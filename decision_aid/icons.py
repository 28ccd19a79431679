"""Icon arrays of 100, drawn on the server as SVG, so the web page and the PDF show the same picture.

Risk-communication practice (decision-aid-anchors §3.2): 100 icons, events and non-events together,
filled from the bottom up, row by row (a height cue), with a second colour for the extra people who
responded on the medicine over those who responded on placebo. WeasyPrint runs no JavaScript, so the
picture is SVG made here; it is used as an `<img src="data:image/svg+xml;base64,...">` (faster to
lay out in WeasyPrint than inline SVG), with one `<path>` per colour (a dashed line per row)
rather than 100 `<circle>`s (bench/pdf.py).
The text equivalent (`describe`) goes in the image's alt text and beside it as visible words.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

SIZE = 10  # 10 x 10 = 100
STEP = 18  # distance between icon centres in SVG units
RADIUS = 7
DOT = 0.01  # length of each dash: a dot once its round caps are drawn
BASELINE_COLOUR = "#0b4f6c"  # responded on placebo too (brand blue; 8.9:1 on white)
EXTRA_COLOUR = "#b35c00"  # extra responders on the medicine (dark orange; 4.8:1 on white)
EMPTY_COLOUR = "#6f777b"  # did not respond: outlined circles (4.5:1 on white)
CERTAINTY_WORDS = {
    "high": "high (good trials; the figure is unlikely to change much)",
    "moderate": "moderate (the true figure may be a little different)",
    "low": "low (the true figure may be quite different)",
}


@dataclass(frozen=True)
class IconArray:
    """One picture: `baseline` people in the first colour, then `extra` in the second, of 100."""

    baseline: int
    extra: int

    @property
    def filled(self) -> int:
        return self.baseline + self.extra


def clamp(value: Any) -> int:
    """A count out of 100 from content: rounded, 0 to 100, 0 when not a number."""
    try:
        number = round(float(value))
    except (TypeError, ValueError):
        return 0
    return max(0, min(100, number))


def _centre(index: int) -> tuple[int, int]:
    """Centre of icon `index` (0 = bottom-left; rows fill left to right, from the bottom up)."""
    row = SIZE - 1 - index // SIZE
    col = index % SIZE
    return col * STEP + RADIUS + 2, row * STEP + RADIUS + 2


def _rows(indices: range) -> list[tuple[int, int, int]]:
    """`indices` cut into runs within one row: (row from the bottom, first column, last column)."""
    runs: list[tuple[int, int, int]] = []
    for i in indices:
        row, col = divmod(i, SIZE)
        if runs and runs[-1][0] == row:
            runs[-1] = (row, runs[-1][1], col)
        else:
            runs.append((row, col, col))
    return runs


def _path(indices: range, colour: str, width: int) -> str:
    """One path drawing a dot at each index: a dashed line per row, dashes of (almost) no length
    with round caps, one every STEP units, so each dash is a filled circle.

    WeasyPrint parses every path each time it draws it, so at most 10 subpaths a colour (one per
    row) rather than one per dot, circles made of arcs or 100 <circle> elements (bench/pdf.py).
    """
    if not indices:
        return ""
    d = "".join(
        "M{} {}h{}".format(*_centre(row * SIZE + first), (last - first) * STEP + DOT)
        for row, first, last in _rows(indices)
    )
    return (f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="{width}" stroke-linecap="round" '
            f'stroke-dasharray="{DOT} {STEP - DOT}"/>')


@lru_cache(maxsize=256)
def svg(baseline: int, extra: int = 0) -> str:
    """The SVG document for `baseline` + `extra` filled icons out of 100 (numbers are clamped)."""
    baseline = clamp(baseline)
    extra = max(0, min(100 - baseline, clamp(extra)))
    side = SIZE * STEP + 2
    empty = range(baseline + extra, 100)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {side} {side}" width="{side}" height="{side}">',
        _path(range(0, baseline), BASELINE_COLOUR, 2 * RADIUS),
        _path(range(baseline, baseline + extra), EXTRA_COLOUR, 2 * RADIUS),
        _path(empty, EMPTY_COLOUR, 2 * RADIUS),  # empty icons: a grey ring (grey dot, white centre)
        _path(empty, "#ffffff", 2 * RADIUS - 4),
        "</svg>",
    ]
    return "".join(parts)


@lru_cache(maxsize=256)
def data_url(baseline: int, extra: int = 0) -> str:
    """`svg(...)` as a data: URL for an <img> (allowed by the CSP's `img-src 'self' data:`)."""
    encoded = base64.b64encode(svg(baseline, extra).encode("ascii")).decode("ascii")
    return "data:image/svg+xml;base64," + encoded


def effect_array(effect: dict[str, Any]) -> IconArray:
    """The picture for one `effects` item: placebo responders, then the extra on the medicine."""
    treated = clamp(effect.get("treated"))
    placebo = clamp(effect.get("placebo"))
    baseline = min(placebo, treated)
    return IconArray(baseline=baseline, extra=treated - baseline)


def describe(effect: dict[str, Any]) -> dict[str, str]:
    """Plain sentences for one effect, in both framings (who did and who did not)."""
    treated = clamp(effect.get("treated"))
    placebo = clamp(effect.get("placebo"))
    about = "about " if effect.get("approximate") or effect.get("certainty") == "low" else ""
    outcome = str(effect.get("outcome") or "responded")
    medicine = str(effect.get("medicine") or "the medicine")
    who = str(effect.get("who") or "people")
    weeks = effect.get("weeks")
    when = f"after {weeks} weeks" if weeks else "at the end of the trial"
    trial = effect.get("trial")
    where = f"In the {trial} trial" if trial else "In a trial"
    extra = treated - placebo
    difference = (
        f"So {about}{extra} more in 100 {outcome} on {medicine} than on the dummy treatment."
        if extra > 0 else f"No more people {outcome} on {medicine} than on the dummy treatment."
    )
    arr = effect_array(effect)
    alt = (
        f"Picture of 100 people. {arr.baseline} dark blue circles: people who {outcome} on the dummy treatment too. "
        f"{arr.extra} orange circles: the extra people who {outcome} on {medicine}. "
        f"{100 - arr.filled} empty circles: people who did not."
    )
    certainty = CERTAINTY_WORDS.get(str(effect.get("certainty")), "not stated")
    return {
        "intro": f"{where}, {when}, in {who}:",
        "treated": f"On {medicine}, {about}{treated} in 100 {outcome}; {about}{100 - treated} in 100 did not.",
        "placebo": f"On a dummy treatment (placebo), {about}{placebo} in 100 {outcome}; "
                   f"{about}{100 - placebo} in 100 did not.",
        "difference": difference,
        "alt": alt,
        "certainty": certainty,
        # the appointment PDF's one sentence: both arms, who did not, and certainty in one word
        "brief": f"{where}, {when}, in {who}: {about}{treated} in 100 on {medicine} {outcome}, and {about}{placebo} "
                 f"in 100 on placebo (dummy treatment); {100 - treated} and {100 - placebo} in 100 did not. "
                 f"How sure the research is: {certainty.split(' (', 1)[0]}.",
    }
