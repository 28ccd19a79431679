"""Rotating SECRET_KEY: with the old key kept in SECRET_KEY_FALLBACKS nobody is logged out and every
response signs with the new key; without it, old cookies get the friendly expired page (in process;
tests/test_proxy_rotation.py does the same across instances behind nginx)."""

from __future__ import annotations

import copy
import io
import json
from typing import Any

import pytest
from conftest import SAMPLE_ANSWERS
from flask import Flask
from flask.testing import FlaskClient
from itsdangerous import BadSignature
from test_journey_helpers import csrf_token, session_answers

from bench.serving import session_cookie
from decision_aid import create_app
from decision_aid.config import ConfigError, load_config
from decision_aid.session import CompactCookieSessionInterface

OLD = "old-secret-0123456789abcdef0123456789abcdef"
NEW = "new-secret-0123456789abcdef0123456789abcdef"
COOKIE = "axspa_session"


def _app(secret: str, fallbacks: list[str] | None = None) -> Flask:
    return create_app({"TESTING": True, "SECRET_KEY": secret, "SECRET_KEY_FALLBACKS": fallbacks or []})


def _client_with_old_cookie(app: Flask, answers: dict[str, Any] | None = None) -> FlaskClient:
    client = app.test_client()
    client.set_cookie(COOKIE, session_cookie(answers or SAMPLE_ANSWERS, OLD).split("=", 1)[1])
    return client


def signed_with(value: str, secret: str) -> dict[str, Any] | None:
    """The session in a cookie value if `secret` alone verifies it, else None."""
    app = Flask(__name__)
    app.secret_key = secret
    serializer = CompactCookieSessionInterface().get_signing_serializer(app)
    assert serializer is not None
    try:
        return dict(serializer.loads(value))
    except BadSignature:
        return None


def test_fallbacks_are_read_from_a_comma_separated_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECRET_KEY_FALLBACKS", f" {OLD} ,, {NEW},")
    assert load_config()["SECRET_KEY_FALLBACKS"] == [OLD, NEW]
    monkeypatch.delenv("SECRET_KEY_FALLBACKS")
    assert load_config()["SECRET_KEY_FALLBACKS"] == []


@pytest.mark.parametrize("fallback", ["short", "dev-only-not-secret"])
def test_production_refuses_a_weak_fallback(monkeypatch: pytest.MonkeyPatch, fallback: str) -> None:
    monkeypatch.setenv("DECISION_AID_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", NEW)
    monkeypatch.setenv("SECRET_KEY_FALLBACKS", fallback)
    with pytest.raises(ConfigError, match="SECRET_KEY_FALLBACKS"):
        create_app()


def test_an_old_cookie_is_accepted_and_re_signed_with_the_new_key() -> None:
    client = _client_with_old_cookie(_app(NEW, [OLD]))
    response = client.get("/check-answers")
    assert response.status_code == 200
    assert "How long before I know if a new medicine works?" in response.get_data(as_text=True)
    value = client.get_cookie(COOKIE).value  # type: ignore[union-attr]
    assert signed_with(value, NEW) is not None and signed_with(value, OLD) is None
    assert session_answers(client) == SAMPLE_ANSWERS


def test_a_form_opened_before_the_rotation_still_submits() -> None:
    before = _client_with_old_cookie(_app(OLD))
    token = csrf_token(before.get("/sheet").get_data(as_text=True))  # the page of the SURE form
    cookie = before.get_cookie(COOKIE).value  # type: ignore[union-attr]
    after = _app(NEW, [OLD]).test_client()
    after.set_cookie(COOKIE, cookie)
    answers = {"sure": "yes", "understand": "yes", "risks": "no", "encouragement": "yes"}
    response = after.post("/sheet/sure", data={**answers, "csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    assert session_answers(after)["sure"]["risks"] is False


@pytest.mark.parametrize("path", ["/", "/check-answers", "/sheet", "/sheet.pdf", "/save-answers"])
def test_without_the_fallback_an_old_cookie_gets_the_expired_page(path: str) -> None:
    client = _client_with_old_cookie(_app(NEW))
    response = client.get(path)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Your answers have expired" in page
    assert 'action="/resume"' in page and 'enctype="multipart/form-data"' in page
    assert signed_with(client.get_cookie(COOKIE).value, NEW) is not None  # type: ignore[union-attr]
    assert "Your answers have expired" not in client.get(path).get_data(as_text=True)  # once only


def test_a_post_with_an_old_cookie_gets_the_expired_page_and_saves_nothing() -> None:
    client = _client_with_old_cookie(_app(NEW))
    response = client.post("/sheet/sure", data={"sure": "yes"})
    assert response.status_code == 400
    assert "Your answers have expired" in response.get_data(as_text=True)
    assert session_answers(client) is None


def test_question_pages_keep_their_own_notice() -> None:
    """The journey says "Your earlier answers have been cleared" on a question page and lets the
    person carry on from there (journey/views.py): the expired page does not replace it."""
    page = _client_with_old_cookie(_app(NEW)).get("/symptoms").get_data(as_text=True)
    assert "Your earlier answers have been cleared" in page and "Your answers have expired" not in page


def test_health_checks_never_show_the_expired_page() -> None:
    client = _client_with_old_cookie(_app(NEW))
    assert client.get("/healthz").data == b"ok\n"
    assert client.get("/static/css/app.css").status_code == 200


def test_resume_from_the_expired_page_brings_the_answers_back() -> None:
    client = _client_with_old_cookie(_app(NEW))
    token = csrf_token(client.get("/sheet").get_data(as_text=True))
    saved = copy.deepcopy(SAMPLE_ANSWERS)
    response = client.post("/resume", data={"csrf_token": token, "answers": (io.BytesIO(json.dumps(saved).encode()),
                                                                               "answers.json")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    resumed = session_answers(client)
    assert resumed.pop("history")["visits"] == []  # only the file's own visit, kept aside (history.on_resume)
    assert resumed == saved
    assert client.get("/sheet").status_code == 200
