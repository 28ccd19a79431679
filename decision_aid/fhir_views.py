"""FHIR downloads: the answers as a QuestionnaireResponse (`GET /answers.fhir.json`, from the session
like "Save my answers", never from the URL) and the Questionnaire it answers, at its own address
(`GET /fhir/Questionnaire/axspa-answers`, the same for everyone; its canonical URL is fhir.QUESTIONNAIRE_URL)."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, redirect, session, url_for
from werkzeug.wrappers import Response

from . import fhir, history
from .answers import is_complete

bp = Blueprint("fhir", __name__)


@bp.get("/answers.fhir.json")
def answers_fhir() -> Response:
    """Download the answers as a FHIR R4 QuestionnaireResponse (attachment, never cached)."""
    doc = session.get("answers")
    if not isinstance(doc, dict) or not is_complete(doc):
        return redirect(url_for("journey.check_answers") if doc else url_for("journey.start"))
    doc = history.as_of(doc, history.today())  # as the saved file has it: a resumed visit joins the history
    response = Response(fhir.dumps(fhir.to_response(doc)), mimetype=fhir.FHIR_MIME)
    name = f"as-treatment-options-answers-fhir-{dt.date.today().isoformat()}.json"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get(f"/fhir/Questionnaire/{fhir.QUESTIONNAIRE_ID}")
def questionnaire() -> Response:
    """The Questionnaire (nothing personal in it, so it may be cached like a page)."""
    return Response(fhir.dumps(fhir.questionnaire()), mimetype=fhir.FHIR_MIME)
