"""A small chart of ASDAS over the visits, drawn on the server as inline SVG.

The same markup goes into the web page and both PDFs (WeasyPrint draws inline SVG). Colours are SVG
presentation attributes, not styles, so the page's Content Security Policy needs no 'unsafe-inline'.
The four disease-activity bands (Machado 2011, names from 2018) are drawn behind the line and named in
words at the left edge, so colour is never the only cue; the table next to the chart lists every value
(the text alternative). Visits are spaced evenly in the order of the history (see history.py), each
dot labelled with its value; a visit without an ASDAS leaves a gap in the line.
"""

from __future__ import annotations

import math
from typing import Any

from markupsafe import Markup, escape

from . import i18n
from .i18n import gettext as _
from .i18n import lazy_gettext as _l

WIDTH, HEIGHT = 340, 200
LEFT, RIGHT, TOP, BOTTOM = 62, 24, 12, 34  # plot margins: band names left, cut-offs right, dates below
BANDS = (  # (lower, upper, name, fill): light fills, dark text on each (contrast ≥ 4.5:1 on every fill)
    (0.0, 1.3, _l("Inactive"), "#e3f1e6"),
    (1.3, 2.1, _l("Low"), "#eef4f7"),
    (2.1, 3.5, _l("High"), "#fdf1dc"),
    (3.5, None, _l("Very high"), "#f8e0dc"),
)
LINE = "#0b4f6c"  # the sheet's brand colour
TEXT = "#0b0c0c"


def _num(value: float) -> str:
    return i18n.decimal(value)


def _short_date(value: Any) -> str:
    text = str(value or "")
    if len(text) >= 7 and text[4] == "-":
        months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        try:
            month = int(text[5:7])
            english = f"{months[month - 1]} {text[2:4]}"
        except (ValueError, IndexError):
            return ""
        if i18n.current_language() == i18n.DEFAULT_LANGUAGE:
            return english
        return i18n.month_year(f"{text[:7]}-01") or english
    return ""


def asdas_svg(visits: list[dict[str, Any]]) -> Markup:
    """The chart for `progress["visits"]` (history.progress): inline SVG markup, or "" without any ASDAS."""
    values = [v.get("asdas") for v in visits]
    shown = [float(v) for v in values if v is not None]
    if not shown:
        return Markup("")
    top = max(5.0, math.ceil(max(shown) + 0.3))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y(value: float) -> float:
        return TOP + plot_h * (1 - min(value, top) / top)

    n = len(visits)
    step = plot_w / max(n, 1)

    def x(i: int) -> float:
        return LEFT + step * (i + 0.5)

    title = escape(_("ASDAS at each visit, with the four disease activity bands. The table with the chart lists the same "
                     "values."))
    out = [f'<svg class="app-progress-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
           f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-labelledby="progress-chart-title" focusable="false">',
           f'<title id="progress-chart-title">{title}</title>']
    for lower, upper, name, fill in BANDS:
        y_top, y_bottom = y(upper if upper is not None else top), y(lower)
        out.append(f'<rect x="{LEFT}" y="{y_top:.1f}" width="{plot_w}" height="{y_bottom - y_top:.1f}" fill="{fill}"/>')
        out.append(f'<text x="{LEFT - 4}" y="{(y_top + y_bottom) / 2 + 3:.1f}" text-anchor="end" font-size="10" '
                   f'fill="{TEXT}">{escape(str(name))}</text>')
    for cut in (1.3, 2.1, 3.5):
        out.append(f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(cut):.1f}" y2="{y(cut):.1f}" stroke="#6f777b" '
                   f'stroke-width="0.5" stroke-dasharray="3 2"/>')
        out.append(f'<text x="{LEFT + plot_w + 3}" y="{y(cut) + 3:.1f}" text-anchor="start" font-size="8" '
                   f'fill="#505a5f">{_num(cut)}</text>')
    out.append(f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#6f777b" '
               f'stroke-width="0.75"/>')
    # the line, broken where a visit has no ASDAS
    run: list[str] = []
    runs: list[list[str]] = []
    for i, value in enumerate(values):
        if value is None:
            if run:
                runs.append(run)
            run = []
            continue
        run.append(f"{x(i):.1f},{y(float(value)):.1f}")
    if run:
        runs.append(run)
    for points in runs:
        if len(points) > 1:
            out.append(f'<polyline points="{" ".join(points)}" fill="none" stroke="{LINE}" stroke-width="2"/>')
    label_every = max(1, math.ceil(n / 6))  # at most about 6 dates below the axis
    for i, visit in enumerate(visits):
        value = visit.get("asdas")
        if value is not None:
            cx, cy = x(i), y(float(value))
            current = bool(visit.get("current"))
            out.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{4.5 if current else 3.5}" '
                       f'fill="{"#ffffff" if current else LINE}" stroke="{LINE}" stroke-width="2"/>')
            label_y = cy - 7 if cy - 7 > TOP + 8 else cy + 14
            out.append(f'<text x="{cx:.1f}" y="{label_y:.1f}" text-anchor="middle" font-size="9" font-weight="bold" '
                       f'fill="{TEXT}">{_num(float(value))}</text>')
        if i % label_every == 0 or i == n - 1:
            label = _("Now") if visit.get("current") else (_short_date(visit.get("date")) or "?")
            out.append(f'<text x="{x(i):.1f}" y="{TOP + plot_h + 13}" text-anchor="middle" font-size="9" '
                       f'fill="{TEXT}">{escape(label)}</text>')
    axis = _("Visits, oldest first")  # outside the f-string, where pybabel finds it
    out.append(f'<text x="{LEFT + plot_w / 2:.1f}" y="{HEIGHT - 4}" text-anchor="middle" font-size="9" '
               f'fill="#505a5f">{escape(axis)}</text>')
    out.append("</svg>")
    return Markup("".join(out))  # noqa: S704 - numbers; every word (translated, or a date) is escaped
