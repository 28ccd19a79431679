"""The session: a signed cookie holding only the answers document, so the server stores nothing.

Flask's default cookie serializer escapes every non-ASCII character as \\uXXXX (6 bytes for one
letter); this one keeps UTF-8, so questions typed in any language fit the 4 KB cookie limit.
The cookie is signed and timestamped; Flask rejects it once PERMANENT_SESSION_LIFETIME has passed
since the last request (sliding inactivity expiry).
"""

from __future__ import annotations

import json
from typing import Any

from flask.json.tag import TaggedJSONSerializer
from flask.sessions import SecureCookieSessionInterface


class CompactJSONSerializer(TaggedJSONSerializer):
    """Tagged JSON (as Flask's) without ASCII escaping or spaces."""

    def dumps(self, value: Any) -> str:
        return json.dumps(self.tag(value), ensure_ascii=False, separators=(",", ":"))


class CompactCookieSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions with the compact serializer."""

    serializer = CompactJSONSerializer()
