"""The questionnaire journey (spec §2). Foundation only: start page and start again."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, session, url_for
from werkzeug.wrappers import Response

bp = Blueprint("journey", __name__)


@bp.get("/")
def start() -> str:
    """Start page: what the aid is for, how long it takes, what is stored."""
    return render_template("journey/start.html")


@bp.post("/start-again")
def start_again() -> Response:
    """Clear everything, from any page."""
    session.clear()
    return redirect(url_for("journey.start"))
