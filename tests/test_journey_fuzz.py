"""Random data posted to every question page: never a server error, and never a silent failure.

Either the page saves (a redirect, and the session then holds a valid partial document) or it shows
the error summary. Data: real and made-up field names, repeated fields, wrong types, huge strings,
odd Unicode, NUL bytes and invalid UTF-8 (surrogate-escaped bytes), sent as a raw form body.
"""

from __future__ import annotations

import copy
import json
from typing import Any
from urllib.parse import quote_from_bytes

import pytest
from conftest import SAMPLE_ANSWERS
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_journey_helpers import FEMALE_ANSWERS, FEMALE_POSTS, MALE_POSTS, set_answers

from decision_aid import answers, create_app
from decision_aid.journey.checkboxes import Checkboxes
from decision_aid.journey.fields import Choice
from decision_aid.journey.pages import PAGES, Page


@pytest.fixture(scope="module")
def fuzz_app() -> Flask:
    return create_app({"TESTING": True, "WTF_CSRF_ENABLED": False,
                       "SECRET_KEY": "fuzz-secret-key-0123456789abcdef0123456789"})


def _start(page: Page) -> dict[str, Any]:
    return copy.deepcopy(FEMALE_ANSWERS if page.applies(FEMALE_ANSWERS) else SAMPLE_ANSWERS)


def _values(page: Page) -> list[str]:
    """Plausible values for the page: its choices and numbers near its ranges."""
    out = ["", "0", "1", "5", "10", "16", "100", "520", "-1", "1e3", "nan", "inf", "6.5", "2,5", "yes", "no", "none"]
    for field in page.build(_start(page)):
        if isinstance(field, Choice | Checkboxes):
            out += list(field.values)
    return out


TEXT = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=250, max_size=4000),
    st.binary(max_size=60).map(lambda b: b.decode("utf-8", "surrogateescape")),
    st.sampled_from(["\x00", "a\x00b", "\u202e\u200b", "🧪" * 80, "\r\n\t", "<script>", "'; DROP TABLE"]),
)


def _encode(pairs: list[tuple[str, str]]) -> bytes:
    """A form body that may hold bytes which are not valid UTF-8 (as a broken client could send)."""
    def q(s: str) -> str:
        return quote_from_bytes(s.encode("utf-8", "surrogateescape"), safe="")
    return "&".join(f"{q(k)}={q(v)}" for k, v in pairs).encode("ascii")


@pytest.mark.parametrize("page", PAGES, ids=[p.slug for p in PAGES])
def test_random_posts_never_fail_and_always_explain(fuzz_app: Flask, page: Page) -> None:
    client = fuzz_app.test_client()
    names = [f.name for f in page.build(_start(page))]
    values = _values(page)
    valid = (FEMALE_POSTS if page.applies(FEMALE_ANSWERS) else MALE_POSTS)[page.slug]
    pair = st.tuples(st.one_of(st.sampled_from(names), TEXT), st.one_of(st.sampled_from(values), TEXT))

    @settings(max_examples=80, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(st.lists(pair, max_size=14), st.booleans())
    def check(pairs: list[tuple[str, str]], start_valid: bool) -> None:
        body = [(k, v) for k, vs in valid.items() for v in ([vs] if isinstance(vs, str) else vs)] if start_valid else []
        body += pairs
        set_answers(client, _start(page))
        response = client.post(f"/{page.slug}", data=_encode(body), content_type="application/x-www-form-urlencoded")
        assert response.status_code < 500
        if response.status_code == 302:
            with client.session_transaction() as sess:
                assert answers.check_answers(sess["answers"], partial=True) == []
        elif response.headers.get("Content-Disposition", "").startswith("attachment"):  # "Save and come back later"
            assert answers.check_answers(json.loads(response.get_data(as_text=True)), partial=True) == []
        else:
            assert response.status_code in (200, 413)
            text = response.get_data(as_text=True)
            assert "There is a problem" in text or response.status_code == 413
            if response.status_code == 200:
                assert "<title>Error: " in text

    check()


def test_the_fuzzer_reaches_both_outcomes(fuzz_app: Flask) -> None:
    """The property above must be able to fail: a valid post saves, a broken one explains."""
    client = fuzz_app.test_client()
    set_answers(client, copy.deepcopy(SAMPLE_ANSWERS))
    assert client.post("/nsaids", data=_encode([("status", "past")]),
                       content_type="application/x-www-form-urlencoded").status_code == 302
    response = client.post("/nsaids", data=_encode([("status", "\udcff\x00")]),
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200 and "There is a problem" in response.get_data(as_text=True)
