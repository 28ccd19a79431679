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


class CompactCookieSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions with the compact serializer and a sliding inactivity expiry."""

    serializer = CompactJSONSerializer()

    def should_set_cookie(self, app: Flask, session: SessionMixin) -> bool:
        if request.endpoint == "static":
            return False
        if session.modified:
            return True
        return bool(session) and bool(app.config["SESSION_REFRESH_EACH_REQUEST"])
