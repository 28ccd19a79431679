"""The check-answers page's summary lists: one row per answer, with a Change link.

The rows are the GOV.UK summary-list macro's, pre-rendered (prerender.py) for every row the content
can have (every page's questions, every medicine's) at the first use in a process, so the table says
nothing about who has used it; each request only fills in the answers. If the frames cannot be made,
or a row is missing, the macro renders the list as before.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from flask import url_for
from markupsafe import Markup, escape

from . import prerender
from .fields import Bound
from .pages import PAGES, STEPS, Page, every_medicine_form

LIST_CLASSES = "app-summary-list--spaced"
NOT_PROVIDED = "Not provided"
RowKey = tuple[str, str]  # (summary, href)


def _row(summary: str, href: str) -> Callable[[Markup], dict[str, Any]]:
    def row(value: Markup) -> dict[str, Any]:
        return {"key": {"text": summary}, "value": {"html": value},
                "actions": {"items": [{"href": href, "text": "Change", "visuallyHiddenText": summary}]}}
    return row


def _render(rows: list[dict[str, Any]]) -> Markup:
    return prerender.macro("govukSummaryList", {"rows": rows, "classes": LIST_CLASSES})


def _every_row(page: Page) -> list[Bound]:
    """Every field that can have a row for this page: for medicine details, every medicine's."""
    if page.slug == "medicine-details":
        return every_medicine_form().summary_fields()
    return page.form_class({}).summary_fields()


def _change_url() -> tuple[str, str]:
    """The change page's URL around its slug (so one url_for serves every row)."""
    url = url_for("journey.change", slug=prerender.PLACEHOLDER)
    before, _, after = url.partition(prerender.PLACEHOLDER)
    return before, after


@lru_cache(maxsize=4)  # one per mount point of the app (its URLs), normally one
def _table(where: tuple[str, str]) -> prerender.SummaryFrames | None:
    rows: dict[Any, Callable[[Markup], dict[str, Any]]] = {}
    for page in PAGES:
        for f in _every_row(page):
            href = f"{where[0]}{page.slug}{where[1]}#{f.name}"
            rows[(f.summary, href)] = _row(f.summary, href)
    return prerender.summary_frames(_render, rows)


def sections(doc: dict[str, Any], applies: Callable[[Page], bool]) -> list[dict[str, Any]]:
    """Steps 1 to 6 as {"title", "list"}: each answer of the pages that apply, with its Change link."""
    where = _change_url()
    table = _table(where)
    out = []
    for number, title in enumerate(STEPS[:-1], start=1):
        rows: list[tuple[Any, str]] = []
        for page in PAGES:
            if page.step != number or not applies(page):
                continue
            for f in page.form_class(doc).summary_fields():
                lines = f.display(doc)
                value = "<br>".join([escape(line) for line in lines]) if lines else NOT_PROVIDED  # markup
                rows.append(((f.summary, f"{where[0]}{page.slug}{where[1]}#{f.name}"), value))
        html = table.render(rows) if table else None
        if html is None:
            html = _render([_row(summary, href)(Markup(value)) for (summary, href), value in rows])  # noqa: S704
        out.append({"title": title, "list": html})
    return out
