"""Security baseline: headers on every response, friendly errors, production refuses a weak key."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from decision_aid import create_app
from decision_aid.config import ConfigError


@pytest.mark.parametrize("path", ["/", "/healthz", "/no-such-page", "/static/css/app.css"])
def test_security_headers_everywhere(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_pages_are_not_cached(client: FlaskClient) -> None:
    assert client.get("/").headers["Cache-Control"] == "no-store"


def test_friendly_404(client: FlaskClient) -> None:
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_post_without_csrf_token_is_refused_kindly(client: FlaskClient) -> None:
    response = client.post("/start-again")
    assert response.status_code == 400
    assert "could not be sent" in response.get_data(as_text=True)


def test_healthz(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200 and response.data == b"ok\n"


@pytest.mark.parametrize("secret", [None, "", "dev-only-not-secret", "short"])
def test_production_refuses_weak_secret(monkeypatch: Any, secret: str | None) -> None:
    monkeypatch.setenv("DECISION_AID_ENV", "production")
    if secret is None:
        monkeypatch.delenv("SECRET_KEY", raising=False)
    else:
        monkeypatch.setenv("SECRET_KEY", secret)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app()


def test_production_starts_with_real_secret(monkeypatch: Any) -> None:
    monkeypatch.setenv("DECISION_AID_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "0123456789abcdef" * 4)
    assert create_app().config["SESSION_COOKIE_SECURE"] is True
