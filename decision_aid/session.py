"""The session: a signed cookie holding only the answers document, so the server stores nothing.

Flask's default cookie serializer escapes every non-ASCII character as \\uXXXX (6 bytes for one
letter); this one keeps UTF-8, so questions typed in any language fit the 4 KB cookie limit.

Expiry: the cookie has no Expires attribute, so the browser deletes it when it closes (a shared
computer keeps nothing). The signature carries a timestamp, and Flask refuses a cookie older than
PERMANENT_SESSION_LIFETIME; re-signing it on every page view makes that an *inactivity* limit.
Static files never get a Set-Cookie: they are cacheable, and a shared cache must never store answers.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Flask, request
from flask.json.tag import TaggedJSONSerializer
from flask.sessions import SecureCookieSessionInterface, SessionMixin


class CompactJSONSerializer(TaggedJSONSerializer):
    """Tagged JSON (as Flask's) without ASCII escaping or spaces."""

    def dumps(self, value: Any) -> str:
        return json.dumps(self.tag(value), ensure_ascii=False, separators=(",", ":"))


class CompactCookieSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions with the compact serializer and a sliding inactivity expiry."""

    serializer = CompactJSONSerializer()

    def should_set_cookie(self, app: Flask, session: SessionMixin) -> bool:
        if request.endpoint == "static":
            return False
        if session.modified:
            return True
        return bool(session) and bool(app.config["SESSION_REFRESH_EACH_REQUEST"])
