"""Static file URLs that carry a hash of the file, so a browser can keep the file for a year.

Flask sends static files with `Cache-Control: no-cache`, so a phone asked again for the stylesheet
and the script on every page: a round trip before the first paint, each time. `asset_url` adds
`?v=<hash of the file>`; a static response asked for with the file's current hash may be kept a
year (`immutable`), and a new release changes the hash and so the URL. Files only named inside
other files (the fonts in the CSS, the GOV.UK script that init.mjs imports) are kept an hour.
"""

from __future__ import annotations

import hashlib
from functools import cache

from flask import url_for

from .config import STATIC_DIR

VERSIONED = "public, max-age=31536000, immutable"
UNVERSIONED = "public, max-age=3600"


@cache
def file_hash(filename: str) -> str:
    """The first 12 hex digits of the SHA-256 of a file in static/ ("" when there is no such file).

    Worked out once per process: files do not change under a running app (a release restarts it)."""
    path = (STATIC_DIR / filename).resolve()
    if not path.is_relative_to(STATIC_DIR) or not path.is_file():
        return ""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def asset_url(filename: str) -> str:
    """The URL of a static file, with its hash (for templates: `{{ asset_url('css/app.css') }}`)."""
    return url_for("static", filename=filename, v=file_hash(filename))


def cache_control(filename: str, version: str | None) -> str:
    """How long a browser may keep this static response: a year when asked for with the file's
    current hash, otherwise an hour."""
    current = file_hash(filename)
    return VERSIONED if version and current and version == current else UNVERSIONED
