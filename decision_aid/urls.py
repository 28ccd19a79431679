"""The app class: Flask, with the page URLs it builds during a request kept and reused.

Every page builds the same few URLs (the stylesheet and script with their hashes, the start page, start
again, the page's own links): Flask's `url_for` takes about 30 µs each, a tenth of a question page's
time (bench/serve.py). A URL inside a request depends only on the endpoint, its values, the anchor and
method, and the request's URL adapter (its script root, server name and subdomain), so it is kept under
exactly those; external URLs, a scheme, values that cannot be hashed and anything outside a request go
to Flask as before. URLs hold no answers (no answers in URLs), so nothing about a person is kept.
"""

from __future__ import annotations

import threading
from typing import Any

from flask import Flask
from flask.globals import _cv_request


class App(Flask):
    """Flask with `url_for` kept per request adapter and arguments (at most SIZE URLs, then cleared)."""

    SIZE = 2048

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._urls: dict[tuple[Any, ...], str] = {}
        self._urls_lock = threading.Lock()

    def url_for(self, endpoint: str, *, _anchor: str | None = None, _method: str | None = None,
                _scheme: str | None = None, _external: bool | None = None, **values: Any) -> str:
        ctx = _cv_request.get(None)
        if (ctx is None or _external or _scheme is not None or ctx.url_adapter is None
                or self.url_default_functions):  # defaults could depend on the request: not kept then
            return super().url_for(endpoint, _anchor=_anchor, _method=_method, _scheme=_scheme,
                                   _external=_external, **values)
        adapter = ctx.url_adapter
        relative_to = ctx.request.blueprint if endpoint[:1] == "." else None
        key = (adapter.script_name, adapter.server_name, adapter.subdomain, relative_to, endpoint, _anchor, _method,
               *sorted(values.items()))
        try:
            found = self._urls.get(key)
        except TypeError:  # a value that cannot be hashed
            return super().url_for(endpoint, _anchor=_anchor, _method=_method, **values)
        if found is None:
            found = super().url_for(endpoint, _anchor=_anchor, _method=_method, **values)
            with self._urls_lock:
                if len(self._urls) >= self.SIZE:
                    self._urls.clear()
                self._urls[key] = found
        return found
