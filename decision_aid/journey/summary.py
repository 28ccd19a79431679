"""The check-answers page's summary lists: one row per answer, with a Change link.

Each list is filled in from rows pre-rendered once (prerender.py keeps them) for every row the content
can have (every page's questions, every medicine's), so what is kept says nothing about who has used
it; the macro renders a list whose rows cannot be framed. Rows and their frames are in the language of
the request (prerender keeps them per language).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import url_for
from markupsafe import Markup, escape

from ..i18n import gettext as _
from ..i18n import lazy_gettext as _l
from . import prerender
from .forms import summary_fields
from .frames import PLACEHOLDER, SummaryFrames
from .pages import PAGES, STEPS, Page, step_title

LIST_CLASSES = "app-summary-list--spaced"
NOT_PROVIDED = _l("Not provided")


def _row(summary: str, href: str) -> Callable[[Markup], dict[str, Any]]:
    change = _("Change")

    def row(value: Markup) -> dict[str, Any]:
        return {"key": {"text": summary}, "value": {"html": value},
                "actions": {"items": [{"href": href, "text": change, "visuallyHiddenText": summary}]}}
    return row


def _render(rows: list[dict[str, Any]]) -> Markup:
    return prerender.macro("govukSummaryList", {"rows": rows, "classes": LIST_CLASSES})


def _change_url() -> tuple[str, str]:
    """The change page's URL around its slug (so one url_for serves every row)."""
    url = url_for("journey.change", slug=PLACEHOLDER)
    before, _, after = url.partition(PLACEHOLDER)
    return before, after


def table(where: tuple[str, str]) -> SummaryFrames | None:
    """Every row check answers can have, pre-rendered (kept by prerender.py) for the change URL `where`."""
    def rows() -> dict[Any, Callable[[Markup], dict[str, Any]]]:
        found: dict[Any, Callable[[Markup], dict[str, Any]]] = {}
        for page in PAGES:
            for f in summary_fields(page.form.every_field()):  # for medicine details, every medicine's
                href = f"{where[0]}{page.slug}{where[1]}#{f.name}"
                for said in f.summaries():  # a medicine's answers in each tense
                    found[(said, href)] = _row(said, href)
        return found

    return prerender.summary_table(where, _render, rows)


def sections(doc: dict[str, Any], applies: Callable[[Page], bool]) -> list[dict[str, Any]]:
    """Steps 1 to 6 as {"title", "list"}: each answer of the pages that apply, with its Change link."""
    where = _change_url()
    frames = table(where)
    out = []
    not_provided = str(escape(str(NOT_PROVIDED)))
    for number in range(1, len(STEPS)):
        title = step_title(number)
        rows: list[tuple[Any, str]] = []
        for page in PAGES:
            if page.step != number or not applies(page):
                continue
            for f in summary_fields(page.fields(doc)):
                lines = f.display(doc)
                value = "<br>".join([escape(line) for line in lines]) if lines else not_provided  # markup
                rows.append(((f.summary_for(doc), f"{where[0]}{page.slug}{where[1]}#{f.name}"), value))
        html = frames.render(rows) if frames else None
        if html is None:
            html = _render([_row(summary, href)(Markup(value)) for (summary, href), value in rows])  # noqa: S704
        out.append({"title": title, "list": html})
    return out
