"""Liveness (`/healthz`) and readiness (`/readyz`) for process managers and load balancers.

Liveness answers as soon as the process serves requests; a failure means "restart it". Readiness
answers 200 only once this process can serve every page well: the content and rules loaded with no
errors, and the PDF engine warmed up (the first PDF would otherwise take a second longer). A rolling
restart waits for `/readyz` on one instance before restarting the next (deploy/systemd), so people
are never sent to a cold or broken instance. Both are plain text and never touch the session.
"""

from __future__ import annotations

from flask import Blueprint, Flask, Response, current_app

bp = Blueprint("health", __name__)

PDF_WARMED = "decision_aid.pdf_warmed"  # app.extensions key, set by create_app after pdf.warm_up()


def mark_pdf_warmed(app: Flask) -> None:
    app.extensions[PDF_WARMED] = True


def not_ready_reasons(app: Flask) -> list[str]:
    """Why this process should not get traffic yet (empty when it is ready)."""
    reasons = []
    content = app.extensions.get("content")
    if content is None:
        reasons.append("content not loaded")
    elif content.errors:
        reasons.append(f"content invalid: {len(content.errors)} errors (run decision-aid check)")
    if app.config.get("PDF_ENABLED", True) and not app.extensions.get(PDF_WARMED):
        reasons.append("PDF engine not warmed up")
    return reasons


@bp.get("/healthz")
def healthz() -> Response:
    """Liveness: the process is up (it could not start without valid content)."""
    return Response("ok\n", mimetype="text/plain")


@bp.get("/readyz")
def readyz() -> Response:
    """Readiness: 200 "ready", or 503 with one reason a line."""
    reasons = not_ready_reasons(current_app)
    if reasons:
        return Response("not ready: " + "; ".join(reasons) + "\n", status=503, mimetype="text/plain")
    return Response("ready\n", mimetype="text/plain")

