"""Security headers and friendly error pages, for every response.

Hand-written `after_request` headers (simpler to test than flask-talisman, which also redirects
plain HTTP and so breaks local serving). The CSP allows nothing from other sites and no inline
script: the only script is our own file in /static.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from . import assets
from .i18n import gettext as _

log = logging.getLogger(__name__)

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

HSTS = "max-age=31536000"  # only over HTTPS; deploy/ nginx sends the same on the files it serves itself

SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), interest-cohort=()",
}



def N_(words: str) -> str:  # noqa: N802 - gettext's name for "marked for translation, translated where shown"
    return words


# Each page's heading and text in English (nginx's own pages use them too: proxy_files.py); `render_error`
# shows them in the request's language.
ERROR_PAGES = {
    400: (N_("There is a problem with the page you sent"), N_("The page could not be read. Go back and try again.")),
    404: (N_("Page not found"), N_("If you typed the web address, check it is correct.")),
    405: (N_("Page not found"), N_("This page cannot be used that way. Go back and use the buttons on the page.")),
    413: (N_("The file is too big"),
          N_("An answers file saved by this tool is small. Choose the file you saved and try again.")),
    500: (N_("Sorry, there is a problem with the service"), N_("Try again later. Your answers have not been lost.")),
}


def add_security_headers(response: Response) -> Response:
    """Set the headers on every response; no caching of anything that may show answers."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.endpoint == "static" and response.status_code in (200, 304):  # our own files (assets.py)
        filename = str((request.view_args or {}).get("filename", ""))
        response.headers["Cache-Control"] = assets.cache_control(filename, request.args.get("v"))
    else:
        response.headers["Cache-Control"] = "no-store"
        response.headers["Pragma"] = "no-cache"
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def render_error(status: int, heading: str | None = None, body: str | None = None) -> tuple[str, int]:
    """A plain, friendly error page that keeps the session (and so the answers) as it was (`heading` and
    `body`, when given, are already in the request's language)."""
    default_heading, default_body = ERROR_PAGES.get(status, ERROR_PAGES[500])
    return render_template(
        "errors/error.html", status=status, heading=heading or _(default_heading), body=body or _(default_body)
    ), status


def handle_http_error(error: HTTPException) -> tuple[str, int] | HTTPException:
    if error.code is None or error.code < 400:
        return error
    return render_error(error.code)


def handle_csrf_error(error: CSRFError) -> tuple[str, int]:
    """The form's security token was missing or stale (for example, the page was open for hours)."""
    return render_template("errors/csrf.html", status=400), 400


def handle_unexpected(error: Exception) -> tuple[str, int]:
    # Log the kind of failure and where, never the request data or the answers.
    log.error("Unhandled %s on %s %s", type(error).__name__, request.method, request.path)
    return render_error(500)


def init_app(app: Flask) -> None:
    app.after_request(add_security_headers)
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected)
