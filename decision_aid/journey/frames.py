"""Frames: a GOV.UK macro's output cut where a person's value goes, so it is rendered once and filled in.

A question's markup depends on the person only through what they typed or chose: the value of a text
box, and which radio, checkbox or option is checked or selected (and, in a summary list, each row's
value). A frame is the macro's own output split around those places; filling it joins the fixed pieces
with the person's escaped value or " checked" flags.

A frame is rendered with a placeholder instead of a value, or with every option off and every option
on, so it holds nothing about a person; and every frame is checked when it is made: filled with probe
values, it must give exactly what the macro gives for them (escaping included), or there is no frame.
Nothing here is kept: prerender.py decides what is pre-rendered and keeps the frames.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from jinja2.filters import do_indent
from markupsafe import Markup, escape

PLACEHOLDER = "zq7slotq7z"  # letters only: escaping leaves it as it is
TEXT_PROBES = ("", "0", "6.5", " a <b> & \"c\" 'd'\r\nline two\u2028three ")
LINK_PROBES = ("/about-you", "/change/about-you#age_years", "/a?b=<c>&d=\"e\"'f")
HTML_PROBES = (Markup("Not provided"), Markup("Female"), Markup("one &amp; two<br>three"),
               Markup(" line\nbreak\u2028and\x85more "))
PLACEHOLDER_HTML = Markup(PLACEHOLDER)  # noqa: S704 - letters only


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
