"""The web sheet's cached parts (fragments.py) are exactly what would have been made.

Every persona's sheet, in English and Spanish, is rendered once with the fragment cache warm from all the
others (so any part whose key missed something it depends on would be served from another person's
sheet) and compared byte for byte with the same sheet rendered with the cache switched off."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from test_journey_helpers import set_answers

from decision_aid import create_app
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
    _sheets(cached, language)  # every persona's parts in the cache
    warm = _sheets(cached, language)  # each sheet now from parts made for everyone
    assert len(cached.jinja_env.fragment_cache) > len(PERSONAS)  # type: ignore[attr-defined]
    monkeypatch.setattr(FragmentCache, "_cached", lambda self, key, caller: caller())
    cold = _sheets(_app(), language)
    different = [name for name in cold if cold[name] != warm[name]]
    assert different == [], f"{len(different)} persona(s) got a cached part made for someone else: {different[:5]}"
