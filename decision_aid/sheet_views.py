"""The options sheet on the web and as a PDF.

`GET /sheet` shows the sheet built from the answers in the session, `GET /sheet.pdf` downloads the
appointment PDF (a summary a clinician can read in a short visit), `GET /sheet-full.pdf` the whole
sheet as a PDF, and `POST /sheet/sure` stores the SURE test answers in the answers document. Without a
complete answers document every route sends the person to the check-answers page. Nothing about the
person is logged: a failed PDF logs only the kind of error.
"""

from __future__ import annotations

import copy
import logging
from typing import Any

from flask import Blueprint, Response, current_app, redirect, render_template, request, session, url_for
from flask_wtf.csrf import generate_csrf
from werkzeug.wrappers import Response as BaseResponse

from . import history, pdf, presentation
from .answers import check_answers, has_every_answer, is_complete
from .fragments import LazyCells
from .i18n import content_for
from .i18n import lazy_gettext as _l

log = logging.getLogger(__name__)

bp = Blueprint("sheet", __name__)

SURE_ERRORS = {  # translated when shown (`_l`); the page gets plain strings
    "sure": _l("Select yes or no for whether you feel sure about the best choice for you"),
    "understand": _l("Select yes or no for whether you know the benefits and risks of each option"),
    "risks": _l("Select yes or no for whether you are clear which benefits and risks matter most to you"),
    "encouragement": _l("Select yes or no for whether you have enough support and advice to make a choice"),
}


def _answers() -> dict[str, Any] | None:
    """The complete answers document in the session, or None.

    The session's answers were checked when written, so only the required answers are looked for
    rather than running JSON Schema on every view (bench/sheet.py); `_sheet` catches a document that
    was not."""
    answers = session.get("answers")
    if isinstance(answers, dict) and has_every_answer(answers):
        return answers
    return None


def build(answers: dict[str, Any]) -> dict[str, Any]:
    """The sheet dict for these answers (the rules engine's `build_sheet`, content loaded at start-up)."""
    from .sheet import build_sheet

    sheet: dict[str, Any] = build_sheet(content_for(), answers)
    return sheet


def _sheet(answers: dict[str, Any]) -> dict[str, Any] | None:
    """`build(answers)`, or None for a document that does not build and is not valid (e.g. a cookie
    from before a change to the answers schema): the person is sent to check answers, never a 500."""
    try:
        return build(answers)
    except (KeyError, TypeError, ValueError, AttributeError):
        if is_complete(answers):  # a real fault: the error page
            raise
        return None


def _page(sheet: dict[str, Any], *, sure_errors: dict[str, str] | None = None,
          sure_values: dict[str, Any] | None = None, status: int = 200) -> tuple[str, int]:
    pdf_enabled = current_app.config.get("PDF_ENABLED", True)
    links = {
        "pdf": url_for("sheet.sheet_pdf") if pdf_enabled else None,
        "pdf_full": url_for("sheet.sheet_full_pdf") if pdf_enabled else None,
        "save": url_for("journey.save_answers"),
        "fhir": url_for("fhir.answers_fhir"),
        "change": url_for("journey.check_answers"),
        "sure": url_for("sheet.sure"),
    }
    current = sure_values if sure_values is not None else ((sheet.get("sure") or {}).get("answers") or {})
    model = presentation.view_model(sheet)
    html = render_template(
        "sheet/page.html", **model, grid_cells=LazyCells(lambda: presentation.web_grid_cells(model)), links=links,
        csrf_token_value=generate_csrf(), sure_errors={key: str(text) for key, text in (sure_errors or {}).items()},
        sure_values=current,
    )
    return html, status


@bp.get("/sheet")
def sheet_page() -> BaseResponse | tuple[str, int]:
    """The options sheet, from the answers in the session."""
    answers = _answers()
    sheet = _sheet(answers) if answers is not None else None
    if sheet is None:
        return redirect(url_for("journey.check_answers"))
    return _page(sheet)


@bp.post("/sheet/sure")
def sure() -> BaseResponse | tuple[str, int]:
    """Store the four SURE answers (yes = true) in the answers document, then show the score."""
    answers = _answers()
    if answers is None:
        return redirect(url_for("journey.check_answers"))
    values: dict[str, bool] = {}
    errors: dict[str, str] = {}
    for key, _name, _question in presentation.SURE_QUESTIONS:
        raw = request.form.get(key)
        if raw == "yes":
            values[key] = True
        elif raw == "no":
            values[key] = False
        else:
            errors[key] = SURE_ERRORS[key]
    updated = copy.deepcopy(answers)
    updated["sure"] = values
    if not errors and check_answers(updated):  # cannot happen with four booleans; never store an invalid document
        errors = dict(SURE_ERRORS)
    if errors:
        sheet = _sheet(answers)
        if sheet is None:
            return redirect(url_for("journey.check_answers"))
        return _page(sheet, sure_errors=errors, sure_values=values, status=400)
    session["answers"] = updated
    return redirect(url_for("sheet.sheet_page", _anchor="sure"))


@bp.get("/sheet.pdf")
def sheet_pdf() -> BaseResponse | tuple[str, int]:
    """The PDF to take to the rheumatologist: the appointment summary (attachment, never cached)."""
    return _pdf_response(full=False)


@bp.get("/sheet-full.pdf")
def sheet_full_pdf() -> BaseResponse | tuple[str, int]:
    """Everything on the web page as a PDF: the comparison grid, pros and cons, priorities."""
    return _pdf_response(full=True)


def _pdf_response(*, full: bool) -> BaseResponse | tuple[str, int]:
    if not current_app.config.get("PDF_ENABLED", True):
        return redirect(url_for("sheet.sheet_page"))
    answers = _answers()
    sheet = _sheet(answers) if answers is not None else None
    if answers is None or sheet is None:
        return redirect(url_for("journey.check_answers"))
    try:
        # the attachment is the file Save would give (a resumed visit folded in, never `history.loaded`)
        saved = None if full else history.as_of(answers, history.today())
        body = pdf.sheet_pdf(sheet, full=full, answers=saved)
    except Exception as exc:  # any failure: a friendly page, the answers untouched, nothing personal logged
        log.error("PDF render failed: %s", type(exc).__name__)
        return render_template("sheet/pdf_error.html", sheet_url=url_for("sheet.sheet_page")), 503
    response = Response(body, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{pdf.pdf_filename(sheet, full=full)}"'
    response.headers["Cache-Control"] = "no-store"
    response.headers["Content-Length"] = str(len(body))
    return response
