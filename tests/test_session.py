"""The session cookie holds only the answers document, fits a browser's 4 KB limit, and expires."""

from __future__ import annotations

import copy
import random
import string
from typing import Any

from flask import Flask, session
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from decision_aid.answers import check_answers

COOKIE_LIMIT = 4096
ADVANCED = ["adalimumab", "etanercept", "infliximab", "golimumab", "certolizumab", "secukinumab",
            "ixekizumab", "bimekizumab", "tofacitinib", "upadacitinib"]


def largest_structure(base: dict[str, Any]) -> dict[str, Any]:
    """Every list at its maximum length, every optional field present."""
    doc = copy.deepcopy(base)
    doc["treatments"]["csdmards"] = [
        {"drug": d, "status": "current", "response": "not_tolerated"}
        for d in ("sulfasalazine", "methotrexate", "leflunomide")]
    doc["treatments"]["advanced"] = [{"drug": d, "status": "current", "response": "lost_response"} for d in ADVANCED]
    doc["activity"].update({"patient_global": 9.75, "crp_mg_l": 499.5, "esr_mm_h": 199.5})
    doc["activity"]["basdai"] = {k: 9.25 for k in doc["activity"]["basdai"]}
    doc["sure"] = {"sure": False, "understand": False, "risks": False, "encouragement": False}
    return doc


def set_cookie_header(app: Flask, doc: dict[str, Any]) -> str:
    """The Set-Cookie header Flask sends after storing `doc` (plus a CSRF token) in the session."""
    with app.test_request_context("/"):
        session.permanent = True
        session["answers"] = doc
        session["csrf_token"] = "f" * 40
        response = app.response_class()
        app.session_interface.save_session(app, session, response)  # type: ignore[arg-type]
        return response.headers["Set-Cookie"]


def test_largest_document_with_ascii_questions_fits(app: Flask, sample_answers: dict) -> None:
    doc = largest_structure(sample_answers)
    rng = random.Random(4)  # random printable text compresses worst of all ASCII text
    doc["goals"]["own_questions"] = ["".join(rng.choice(string.printable[:95]) for _ in range(300)) for _ in range(5)]
    assert check_answers(doc) == []
    header = set_cookie_header(app, doc)
    assert len(header.encode()) <= COOKIE_LIMIT, len(header)


def test_accented_questions_fit(app: Flask, sample_answers: dict) -> None:
    doc = largest_structure(sample_answers)
    doc["goals"]["own_questions"] = ["¿Cuánto tiempo tardará en notarse el efecto del medicamento? " * 5][:1] * 5
    doc["goals"]["own_questions"] = [q[:300] for q in doc["goals"]["own_questions"]]
    assert check_answers(doc) == []
    assert len(set_cookie_header(app, doc).encode()) <= COOKIE_LIMIT


def test_too_much_text_is_refused_with_a_message(sample_answers: dict) -> None:
    doc = largest_structure(sample_answers)
    rng = random.Random(1)
    doc["goals"]["own_questions"] = ["".join(chr(rng.randrange(0x4E00, 0x9FFF)) for _ in range(300)) for _ in range(5)]
    errors = check_answers(doc)
    assert [e.field for e in errors] == ["goals.own_questions"]
    assert "shorten" in errors[0].message


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(alphabet=st.characters(min_codepoint=32, exclude_categories=("Cs", "Cc")),
                        min_size=1, max_size=300), max_size=5))
def test_every_valid_document_fits_the_cookie(app: Flask, sample_answers: dict, questions: list[str]) -> None:
    doc = largest_structure(sample_answers)
    doc["goals"]["own_questions"] = questions
    if check_answers(doc):
        return  # refused with a message (tested above); what is accepted must fit
    assert len(set_cookie_header(app, doc).encode()) <= COOKIE_LIMIT


def test_session_cookie_flags(app: Flask, sample_answers: dict) -> None:
    header = set_cookie_header(app, sample_answers)
    assert "HttpOnly" in header and "SameSite=Lax" in header and "Expires=" in header


def test_production_cookie_is_secure(monkeypatch: Any) -> None:
    from decision_aid import create_app

    monkeypatch.setenv("DECISION_AID_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "a" * 64)
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_expired_session_is_dropped(app: Flask, sample_answers: dict, monkeypatch: Any) -> None:
    import itsdangerous.timed

    header = set_cookie_header(app, sample_answers)
    value = header.split(";")[0].split("=", 1)[1]
    lifetime = app.permanent_session_lifetime.total_seconds()
    real_time = itsdangerous.timed.time.time
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: real_time() + lifetime + 5)
    with app.test_request_context("/", headers={"Cookie": f"{app.config['SESSION_COOKIE_NAME']}={value}"}):
        loaded = app.session_interface.open_session(app, __import__("flask").request)
        assert loaded is not None and "answers" not in loaded


def _cookie_value(header: str) -> str:
    return header.split(";")[0].split("=", 1)[1]


def test_cookie_is_refreshed_on_every_page_but_never_on_static_files(app: Flask, sample_answers: dict) -> None:
    value = _cookie_value(set_cookie_header(app, sample_answers))
    client = app.test_client()
    client.set_cookie(app.config["SESSION_COOKIE_NAME"], value)
    page = client.get("/healthz")
    assert app.config["SESSION_COOKIE_NAME"] in page.headers.get("Set-Cookie", "")
    static = client.get("/static/css/app.css")
    assert "Set-Cookie" not in static.headers


def test_browser_session_cookie_has_no_expires_when_not_permanent(app: Flask, sample_answers: dict) -> None:
    with app.test_request_context("/"):
        session["answers"] = sample_answers
        response = app.response_class()
        app.session_interface.save_session(app, session, response)  # type: ignore[arg-type]
        header = response.headers["Set-Cookie"]
    assert "Expires=" not in header and "HttpOnly" in header
