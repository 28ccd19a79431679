"""The web sheet's cached parts (fragments.py) are exactly what would have been made.

Every persona's sheet, in English and Spanish, is rendered once with the fragment cache warm from all the
others, in both languages (so any part whose key missed something it depends on would be served from
another person's sheet, or in the other language) and compared byte for byte with the same sheet rendered
with the caches switched off: the template fragments and the trial figures (presentation._figure)."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from test_journey_helpers import set_answers

from decision_aid import create_app, presentation
from decision_aid.templating import FragmentCache

sys.path.insert(0, str(Path(__file__).resolve().parent))

from personas import PERSONAS  # noqa: E402

_CSRF = re.compile(r'name="csrf_token" value="[^"]*"')


def _app() -> Flask:
    return create_app({"TESTING": True, "SECRET_KEY": "fragment-test-secret-0123456789abcdef"})


def _sheets(app: Flask, language: str) -> dict[str, str]:
    client = app.test_client()
    out = {}
    for persona in PERSONAS:
        set_answers(client, {**persona.answers, "language": language})
        response = client.get("/sheet")
        assert response.status_code == 200, persona.name
        out[persona.name] = _CSRF.sub("", response.get_data(as_text=True))
    return out


@pytest.mark.parametrize("language", ["en", "es"])
def test_cached_parts_are_the_parts_that_would_have_been_made(language: str, monkeypatch: Any) -> None:
    cached = _app()
    for warming in ("es", "en"):  # every persona's parts in the caches, in both languages
        _sheets(cached, warming)
    warm = _sheets(cached, language)  # each sheet now from parts made for everyone
    assert len(cached.jinja_env.fragment_cache) > len(PERSONAS)  # type: ignore[attr-defined]
    monkeypatch.setattr(FragmentCache, "_cached", lambda self, key, caller: caller())
    figures_warm = _sheets(cached, language)  # the parts made afresh from the kept figures (as the PDFs are)
    monkeypatch.setattr(presentation, "_kept_figure", presentation._kept_figure.__wrapped__)  # figures made afresh
    cold = _sheets(_app(), language)
    for made in (warm, figures_warm):
        different = [name for name in cold if cold[name] != made[name]]
        assert different == [], f"{len(different)} persona(s) got a cached part made for someone else: {different[:5]}"
