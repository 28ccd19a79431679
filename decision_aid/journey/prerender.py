"""The parts of a page that depend only on the content, rendered once with the GOV.UK macros and reused.

A question's markup depends on the person only through what they typed or chose: the value of a text
box, and which radio, checkbox or option is checked or selected. Running the GOV.UK macros for every
request was most of a page's cost (the 249-option country list alone took about 2 ms), so each field
is rendered once as a *frame*: the macro's own output, split around the places where those values go.
A request then only joins the fixed pieces with the person's escaped value or " checked" flags.

Privacy: a frame is rendered with a placeholder instead of a value, or with every option off and every
option on, so it holds nothing about a person. Fields with an error message or with a choice made from
a saved answer (see fields.Duration) are rendered by the macro every time, as before.

Every frame is checked when it is made: filled with probe values, it must give exactly what the macro
gives for them (escaping included). If not, there is no frame and the macro renders the field.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from flask import current_app
from jinja2.filters import do_indent
from markupsafe import Markup, escape

PLACEHOLDER = "zq7slotq7z"  # letters only: escaping leaves it as it is
TEXT_PROBES = ("", "0", "6.5", " a <b> & \"c\" 'd'\r\nline two\u2028three ")
LINK_PROBES = ("/about-you", "/change/about-you#age_years", "/a?b=<c>&d=\"e\"'f")
HTML_PROBES = (Markup("Not provided"), Markup("Female"), Markup("one &amp; two<br>three"),
               Markup(" line\nbreak\u2028and\x85more "))
PLACEHOLDER_HTML = Markup(PLACEHOLDER)  # noqa: S704 - letters only
_CALL = '{{%- from "govuk_frontend_jinja/components/{0}/macro.html" import {1} -%}}{{{{ {1}(params) }}}}'


@dataclass(frozen=True)
class TextFrame:
    """A component with one typed value in it (a text box or text area)."""

    before: str
    after: str

    def fill(self, value: str) -> Markup:
        return Markup("".join((self.before, str(escape(value)), self.after)))  # noqa: S704 - value escaped here


@dataclass(frozen=True)
class FlagFrame:
    """A component with one on/off flag per option (" checked" or " selected")."""

    pieces: tuple[str, ...]  # one more than the options: the flag of option i goes after pieces[i]
    token: str
    values: tuple[str, ...]  # the options' values, in order

    @property
    def size(self) -> int:
        return len(self.pieces) - 1

    def fill(self, flags: Sequence[bool]) -> Markup:
        out = [self.pieces[0]]
        for flag, piece in zip(flags, self.pieces[1:], strict=True):
            if flag:
                out.append(self.token)
            out.append(piece)
        return Markup("".join(out))  # noqa: S704 - pieces are the macro's own output


def text_frame(render: Callable[[str], str], probes: Sequence[str] = TEXT_PROBES) -> TextFrame | None:
    """Split `render(value)` around the value; None unless the pieces reproduce the macro exactly."""
    html = str(render(PLACEHOLDER))
    if html.count(PLACEHOLDER) != 1:
        return None
    before, after = html.split(PLACEHOLDER)
    frame = TextFrame(before, after)
    if any(frame.fill(probe) != str(render(probe)) for probe in probes):
        return None
    return frame


def flag_frame(render: Callable[[Sequence[bool]], str], values: Sequence[str], token: str) -> FlagFrame | None:
    """Find where `token` goes for each option (`values`) by rendering all off and all on.

    None unless all-on is exactly all-off with `size` tokens added, and the frame reproduces the macro
    for several other patterns (each option alone at either end, alternate options on).
    """
    size = len(values)
    if size < 1:
        return None
    off = str(render([False] * size))
    parts = str(render([True] * size)).split(token)
    if len(parts) != size + 1 or "".join(parts) != off:
        return None
    frame = FlagFrame(tuple(parts), token, tuple(values))
    patterns = [[i == 0 for i in range(size)], [i == size - 1 for i in range(size)],
                [i % 2 == 0 for i in range(size)], [i % 2 == 1 for i in range(size)]]
    if any(frame.fill(p) != str(render(p)) for p in patterns):
        return None
    return frame


# ------------------------------------------------------------------------ components outside forms


def macro(name: str, params: dict[str, Any]) -> Markup:
    """A GOV.UK Frontend macro ("govukBackLink") rendered on its own with the app's Jinja settings, as in a page."""
    component = re.sub(r"(?<!^)([A-Z])", r"-\1", name.removeprefix("govuk")).lower()  # BackLink -> back-link
    template = current_app.jinja_env.from_string(_CALL.format(component, name))
    return Markup(template.render(params=params))  # noqa: S704 - the GOV.UK macros escape


@cache
def _fixed(name: str, params: str) -> Markup:
    return macro(name, json.loads(params))


def fixed(name: str, params: dict[str, Any]) -> Markup:
    """A component that is the same for everyone (the Continue button), rendered once per process."""
    return _fixed(name, json.dumps(params, sort_keys=True))


@cache
def _link_frame(name: str, params: str) -> TextFrame | None:
    fixed_params = json.loads(params)
    return text_frame(lambda href: macro(name, {**fixed_params, "href": href}), LINK_PROBES)


def link(name: str, params: dict[str, Any], href: str) -> Markup:
    """A component whose only varying part is its link (a Back link): rendered once, the href filled in."""
    frame = _link_frame(name, json.dumps(params, sort_keys=True)) if href else None
    if frame is None:
        return macro(name, {**params, "href": href})
    return frame.fill(href)


# ----------------------------------------------------------------------------- summary lists


@dataclass(frozen=True)
class RowFrame:
    """One summary-list row with its value left out: the value is HTML the macro trims and indents."""

    before: str
    after: str

    def fill(self, html: str) -> str:
        """`html` is markup (escaped where needed), as the macro's `row.value.html | safe`."""
        if html != html.strip() or len(html.splitlines()) > 1:  # what Jinja's trim and indent(6) would change
            html = str(do_indent(Markup(html).strip(), 6))  # noqa: S704 - markup already
        return "".join((self.before, html, self.after))


@dataclass(frozen=True)
class SummaryFrames:
    """A GOV.UK summary list (fixed `classes`) as its opening, one frame per row, and its closing."""

    head: str
    tail: str
    rows: dict[Any, RowFrame]

    def render(self, rows: Sequence[tuple[Any, str]]) -> Markup | None:
        """The list for (row key, value HTML) pairs, or None when a row has no frame."""
        out = [self.head]
        for key, html in rows:
            frame = self.rows.get(key)
            if frame is None:
                return None
            out.append(frame.fill(html))
        out.append(self.tail)
        return Markup("".join(out))  # noqa: S704 - the macro's own output around escaped values


def summary_frames(render: Callable[[list[dict[str, Any]]], str],
                   rows: dict[Any, Callable[[Any], dict[str, Any]]]) -> SummaryFrames | None:
    """Frames for every row of a summary list that can appear (`rows`: key -> row params for a value).

    `render(rows)` is the summary-list macro. The list must be its opening + each row + its closing,
    each row's value must appear once, and the frames must reproduce the macro for probe lists (two
    rows, values with markup and line breaks), or there are no frames.
    """
    empty = str(render([]))
    keys = list(rows)
    if not keys:
        return None
    frames: dict[Any, RowFrame] = {}
    head = tail = ""
    for i, key in enumerate(keys):
        one = str(render([rows[key](PLACEHOLDER_HTML)]))
        if i == 0:
            cut = next((j for j, (a, b) in enumerate(zip(empty, one, strict=False)) if a != b), len(empty))
            head, tail = empty[:cut], empty[cut:]
        if not (one.startswith(head) and one.endswith(tail)) or len(one) < len(head) + len(tail):
            return None
        chunk = one[len(head):len(one) - len(tail)]
        if chunk.count(PLACEHOLDER) != 1:
            return None
        frames[key] = RowFrame(*chunk.split(PLACEHOLDER))
    found = SummaryFrames(head, tail, frames)
    first, last = keys[0], keys[-1]
    for a, b in zip(HTML_PROBES, HTML_PROBES[1:], strict=False):
        expected = str(render([rows[first](a), rows[last](b)]))
        if found.render([(first, a), (last, b)]) != expected:
            return None
    return found
