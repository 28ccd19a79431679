"""Bad input never breaks it: thousands of hostile requests to every POST route, with CSRF on.

Every case: a POST route (question pages, change pages, /resume, /sheet/sure, /start-again), a body
(random form fields, "Save and come back later", malformed or hostile JSON uploads, images, other tools' JSON,
partial answers files, deep nesting, huge numbers, NaN, binary,
invalid UTF-8, oversized bodies), a CSRF token (valid, missing or wrong) and a session cookie
(valid, tampered, expired or none). The server must never answer 5xx, must always explain itself,
and must never change a person's saved answers unless it accepted what they sent (a redirect), or they
saved part-way (then what is kept is a valid partial answers document).
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import itsdangerous.timed
import pytest
from conftest import SAMPLE_ANSWERS
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from decision_aid import answers, create_app, history
from decision_aid.journey.pages import PAGES

APP = create_app({"TESTING": True, "SECRET_KEY": "fuzz-routes-secret-0123456789abcdef0123456789"})
COOKIE = APP.config["SESSION_COOKIE_NAME"]
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
EXPLAINS = ("There is a problem", "could not be sent", "Page not found", "too big", "too long",
            "Sorry, there is a problem", "cannot be used", "have expired")
QUESTION_ROUTES = {f"/{p.slug}" for p in PAGES} | {f"/change/{p.slug}" for p in PAGES}
ROUTES = ([f"/{p.slug}" for p in PAGES] + [f"/change/{p.slug}" for p in PAGES]
          + ["/resume", "/sheet/sure", "/start-again", "/no-such-page"])

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=15), inner, max_size=4),
    max_leaves=15)


def _mutated_answers(draw: Any) -> bytes:
    """A real answers document with one field replaced by a hostile value."""
    doc = copy.deepcopy(SAMPLE_ANSWERS)
    section = draw(st.sampled_from(["about", "condition", "treatments", "activity", "health", "goals"]))
    key = draw(st.sampled_from(sorted(doc[section]) + ["unexpected"]))
    doc[section][key] = draw(JSON_VALUES)
    text = json.dumps(doc, allow_nan=True)
    return text.encode()


@st.composite
def upload_bodies(draw: Any) -> bytes:
    kind = draw(st.sampled_from(["mutated", "random_json", "deep", "nan", "huge", "binary", "bad_utf8", "empty", "valid",
                                 "image", "foreign_json", "partial"]))
    if kind == "image":
        return draw(st.sampled_from([b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"%PDF-1.7\n", b"GIF89a"])) + \
            draw(st.binary(max_size=500))
    if kind == "foreign_json":
        return json.dumps(draw(st.dictionaries(st.text(max_size=12).filter(lambda k: k not in SAMPLE_ANSWERS),
                                               JSON_VALUES, min_size=1, max_size=4)), allow_nan=True).encode()
    if kind == "partial":
        keep = draw(st.lists(st.sampled_from(sorted(SAMPLE_ANSWERS)), unique=True))
        return json.dumps({k: SAMPLE_ANSWERS[k] for k in ["schema", *keep]}).encode()
    if kind == "mutated":
        return _mutated_answers(draw)
    if kind == "random_json":
        return json.dumps(draw(JSON_VALUES), allow_nan=True).encode()
    if kind == "deep":
        depth = draw(st.integers(min_value=10, max_value=50_000))
        return b"[" * depth + b"]" * depth
    if kind == "nan":
        return json.dumps(SAMPLE_ANSWERS).replace('"patient_global": 6', '"patient_global": NaN').encode()
    if kind == "huge":
        return json.dumps(SAMPLE_ANSWERS).replace('"age_years": 34', '"age_years": 1' + "0" * 400).encode()
    if kind == "binary":
        return draw(st.binary(max_size=2000))
    if kind == "bad_utf8":
        return b'{"schema": "axspa-decision-aid/answers/1", "about": "\xff\xfe\xc3\x28"}'
    if kind == "empty":
        return b""
    return json.dumps(SAMPLE_ANSWERS).encode()


FORM_TEXT = st.one_of(st.text(max_size=30), st.sampled_from(["", "0", "10", "-1", "1e308", "nan", "yes", "none", "\x00"]),
                      st.binary(max_size=30).map(lambda b: b.decode("latin-1")))


@st.composite
def requests(draw: Any) -> dict[str, Any]:
    route = draw(st.sampled_from(ROUTES))
    body: dict[str, Any] = {"route": route}
    if route == "/resume" and draw(st.booleans()):
        body["upload"] = draw(upload_bodies())
    else:
        names = st.text(max_size=20) | st.sampled_from(["age_years", "sex", "answers", "sure", "save", "save", "confirmed",
                                                         "crp_mg_l", "crp_unit", "question-1", "fatigue"])
        body["form"] = draw(st.lists(st.tuples(names, FORM_TEXT), max_size=8))
    body["oversize"] = draw(st.integers(min_value=0, max_value=20)) == 0
    body["csrf"] = draw(st.sampled_from(["valid", "valid", "missing", "wrong"]))
    body["cookie"] = draw(st.sampled_from(["valid", "valid", "valid", "tampered", "expired", "none"]))
    body["start"] = draw(st.sampled_from(["complete", "partial", "empty"]))
    return body


def _client_with(start: str) -> tuple[FlaskClient, Any, str]:
    client = APP.test_client()
    doc: Any = None
    if start != "empty":
        doc = copy.deepcopy(SAMPLE_ANSWERS)
        if start == "partial":
            doc = {"schema": doc["schema"], "about": doc["about"], "condition": doc["condition"]}
        with client.session_transaction() as sess:
            sess["answers"] = doc
    page = client.get("/about-you").get_data(as_text=True)
    match = TOKEN.search(page)
    assert match, "question pages carry a CSRF token"
    return client, doc, match.group(1)


def _answers(client: FlaskClient) -> Any:
    with client.session_transaction() as sess:
        return copy.deepcopy(sess.get("answers"))


def _spoil_cookie(client: FlaskClient, how: str, monkeypatch: pytest.MonkeyPatch) -> None:
    cookie = client.get_cookie(COOKIE)
    if how == "none" or cookie is None:
        client.delete_cookie(COOKIE)
    elif how == "tampered":
        value = cookie.value
        client.set_cookie(COOKIE, value[:-3] + ("AAA" if not value.endswith("AAA") else "BBB"))
    elif how == "expired":
        real = itsdangerous.timed.time.time
        monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: real() - 10 * 24 * 3600)
        with client.session_transaction() as sess:  # re-sign with a timestamp ten days ago
            sess["answers"] = sess.get("answers")
        monkeypatch.setattr(itsdangerous.timed.time, "time", real)


def _as_saved(doc: dict[str, Any]) -> dict[str, Any]:
    """The session's answers as a saved file has them: complete answers dated, with a resumed file's visit
    folded in when it is a new one (history.as_of); part-way, without that visit (not new yet)."""
    if answers.is_complete(doc):
        return history.as_of(doc, history.today())
    if "loaded" in (doc.get("history") or {}):
        return {**doc, "history": {k: v for k, v in doc["history"].items() if k != "loaded"}}
    return doc


@settings(max_examples=5000, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(requests())
def test_hostile_requests_never_break_it_or_change_answers_silently(case: dict[str, Any]) -> None:
    client, before, token = _client_with(case["start"])
    if case["cookie"] != "valid":
        with pytest.MonkeyPatch.context() as mp:
            _spoil_cookie(client, case["cookie"], mp)
        before = None  # a spoiled or missing cookie is no session at all: there is nothing to keep
    data: dict[str, Any] = {}
    for key, value in case.get("form", []):
        data.setdefault(key, []).append(value)
    if case["csrf"] == "valid":
        data["csrf_token"] = token
    elif case["csrf"] == "wrong":
        data["csrf_token"] = token[::-1]
    if "upload" in case:
        from io import BytesIO
        data["answers"] = (BytesIO(case["upload"]), "answers.json")
    if case["oversize"]:
        data["padding"] = "x" * (APP.config["MAX_CONTENT_LENGTH"] + 10)
    response = client.post(case["route"], data=data,
                           content_type="multipart/form-data" if "upload" in case else None)
    assert response.status_code < 500, (case["route"], response.status_code)
    text = response.get_data(as_text=True)
    saved = response.status_code == 200 and "save" in data and case["route"] in QUESTION_ROUTES
    if response.mimetype == "application/json":  # "Save and come back later": the answers so far, downloaded
        assert saved and json.loads(text) == _as_saved(_answers(client))
    elif response.status_code >= 400 or (response.status_code == 200 and case["route"] != "/start-again"):
        assert any(words in text for words in EXPLAINS), (case["route"], response.status_code, text[:300])
    after = _answers(client)
    if saved:  # saving part-way keeps what can be used: always a valid partial document
        assert after == before or answers.check_answers(after, partial=True) == []
    elif not 300 <= response.status_code < 400:
        assert after == before, f"{case['route']} changed the answers without accepting them"


@pytest.mark.parametrize("route", ["/resume", "/about-you", "/sheet/sure"])
def test_a_ten_megabyte_body_is_refused_kindly(route: str) -> None:
    client, before, token = _client_with("complete")
    body = b"x" * (10 * 1024 * 1024)
    response = client.post(route, data=body, content_type="application/x-www-form-urlencoded",
                           headers={"X-CSRFToken": token})
    assert response.status_code == 413
    assert "too" in response.get_data(as_text=True)
    assert _answers(client) == before
