"""The session: a signed cookie holding only the answers document, so the server stores nothing.

Flask's default cookie serializer escapes every non-ASCII character as \\uXXXX (6 bytes for one
letter); this one keeps UTF-8, so questions typed in any language fit the 4 KB cookie limit.

Expiry: the cookie has no Expires attribute, so the browser deletes it when it closes (a shared
computer keeps nothing). The signature carries a timestamp, and Flask refuses a cookie older than
PERMANENT_SESSION_LIFETIME; re-signing it on every page view makes that an *inactivity* limit.
Static files never get a Set-Cookie: they are cacheable, and a shared cache must never store answers.

A cookie that cannot be verified (too old, or signed with a key the app no longer has: see
SECRET_KEY_FALLBACKS in config.py) gives an empty session. Question pages say so themselves and keep
what was typed (journey/views.py); any other page (start, check answers, the sheet and its PDFs,
save, resume) used to redirect without a word, so it now shows a page saying the answers have
expired and offering Resume from a file, and replaces the bad cookie.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Flask, Request, render_template, request, session
from flask.json.tag import TaggedJSONSerializer
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface, SessionMixin
from itsdangerous import BadSignature

_JSON_SCALARS = frozenset({str, int, float, bool, type(None)})


class CompactJSONSerializer(TaggedJSONSerializer):
    """Tagged JSON (as Flask's) without ASCII escaping or spaces.

    The session holds plain JSON (the answers and a CSRF token), for which Flask's tagging changes
    nothing but costs a walk through every tag for every value, twice a request (read and re-sign).
    So a plain value is written as it is, and reading untags only the objects that look tagged; the
    format is Flask's, and anything else (a tuple, bytes, Markup...) still goes through the tags.
    """

    def _plain(self, value: Any) -> bool:
        """True when tagging would change nothing: only JSON's own types, no 1-item object keyed like a tag."""
        stack = [value]
        while stack:
            item = stack.pop()
            kind = type(item)
            if kind is dict:
                if len(item) == 1 and next(iter(item)) in self.tags:
                    return False
                for key, child in item.items():
                    if type(key) is not str:
                        return False
                    stack.append(child)
            elif kind is list:
                stack.extend(item)
            elif kind not in _JSON_SCALARS:
                return False
        return True

    def _untag_object(self, obj: dict[str, Any]) -> Any:
        return self.untag(obj) if len(obj) == 1 else obj

    def dumps(self, value: Any) -> str:
        tagged = value if self._plain(value) else self.tag(value)
        return json.dumps(tagged, ensure_ascii=False, separators=(",", ":"))

    def loads(self, value: str | bytes) -> Any:
        # json calls the hook for each object innermost first, as Flask's untagging scan does
        return json.loads(value, object_hook=self._untag_object)


class CheckedSession(SecureCookieSession):
    """A session that remembers whether the request carried a cookie that failed verification."""

    unverified = False


class CompactCookieSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions with the compact serializer and a sliding inactivity expiry."""

    serializer = CompactJSONSerializer()
    session_class = CheckedSession

    def open_session(self, app: Flask, request: Request) -> CheckedSession | None:
        """As Flask's (SECRET_KEY signs; SECRET_KEY and SECRET_KEY_FALLBACKS verify), but an
        unverifiable cookie gives an empty session marked `unverified` instead of passing silently."""
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        value = request.cookies.get(self.get_cookie_name(app))
        if not value:
            return self.session_class()
        try:
            return self.session_class(serializer.loads(value, max_age=int(app.permanent_session_lifetime.total_seconds())))
        except BadSignature:  # includes SignatureExpired
            stale = self.session_class()
            stale.unverified = True
            return stale

    def should_set_cookie(self, app: Flask, session: SessionMixin) -> bool:
        if request.endpoint == "static":
            return False
        if session.modified:
            return True
        return bool(session) and bool(app.config["SESSION_REFRESH_EACH_REQUEST"])


# Question pages show their own notice (and keep a post's typed answers); the others need no session.
EXPIRED_PAGE_EXEMPT = frozenset({"static", "health.healthz", "health.readyz", "journey.question", "journey.change"})


def expired_page() -> tuple[str, int] | None:
    """Before any view (and before the CSRF check, which would fail too): the expired page."""
    if not getattr(session, "unverified", False) or request.endpoint in EXPIRED_PAGE_EXEMPT:
        return None
    session.modified = True  # so the bad cookie is replaced (or deleted) on this response
    status = 200 if request.method in ("GET", "HEAD") else 400  # a POST was not saved
    return render_template("errors/expired.html"), status


def init_app(app: Flask) -> None:
    """Install the session, the expired page, and key rotation for the CSRF tokens too.

    Call before CSRFProtect.init_app, so the expired page comes before the CSRF check. Flask-WTF
    signs its tokens with SECRET_KEY only; given the key list (fallbacks first, the current key
    last) its itsdangerous serializer signs with the current key and accepts the old ones, so a
    form opened before a rotation still submits."""
    app.session_interface = CompactCookieSessionInterface()
    fallbacks = list(app.config.get("SECRET_KEY_FALLBACKS") or [])
    if fallbacks and "WTF_CSRF_SECRET_KEY" not in app.config:
        app.config["WTF_CSRF_SECRET_KEY"] = [*fallbacks, app.config["SECRET_KEY"]]
    app.before_request(expired_page)
