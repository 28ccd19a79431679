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

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

PLACEHOLDER = "zq7slotq7z"  # letters only: escaping leaves it as it is
TEXT_PROBES = ("", "0", "6.5", " a <b> & \"c\" 'd'\r\nline two\u2028three ")


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


def text_frame(render: Callable[[str], str]) -> TextFrame | None:
    """Split `render(value)` around the value; None unless the pieces reproduce the macro exactly."""
    html = str(render(PLACEHOLDER))
    if html.count(PLACEHOLDER) != 1:
        return None
    before, after = html.split(PLACEHOLDER)
    frame = TextFrame(before, after)
    if any(frame.fill(probe) != str(render(probe)) for probe in TEXT_PROBES):
        return None
    return frame


def flag_frame(render: Callable[[Sequence[bool]], str], size: int, token: str) -> FlagFrame | None:
    """Find where `token` goes for each of `size` options by rendering all off and all on.

    None unless all-on is exactly all-off with `size` tokens added, and the frame reproduces the macro
    for several other patterns (each option alone at either end, alternate options on).
    """
    if size < 1:
        return None
    off = str(render([False] * size))
    parts = str(render([True] * size)).split(token)
    if len(parts) != size + 1 or "".join(parts) != off:
        return None
    frame = FlagFrame(tuple(parts), token)
    patterns = [[i == 0 for i in range(size)], [i == size - 1 for i in range(size)],
                [i % 2 == 0 for i in range(size)], [i % 2 == 1 for i in range(size)]]
    if any(frame.fill(p) != str(render(p)) for p in patterns):
        return None
    return frame
