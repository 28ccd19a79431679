"""Liveness and readiness: /readyz stays 503, with the reason, until the content is valid and the PDF
engine is warmed up; /healthz only says the process is up."""

from __future__ import annotations

import threading

import pytest
from flask import Flask
from flask.testing import FlaskClient

from decision_aid import create_app
from decision_aid.health import mark_pdf_warmed
from decision_aid.wait_ready import main as wait_ready_main
from decision_aid.wait_ready import wait_until_ready


def test_healthz_is_plain_and_uncached(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert (response.status_code, response.data, response.mimetype) == (200, b"ok\n", "text/plain")
    assert response.headers["Cache-Control"] == "no-store"


def test_not_ready_until_the_pdf_engine_is_warmed_up(app: Flask, client: FlaskClient) -> None:
    response = client.get("/readyz")  # a test app skips the warm-up
    assert response.status_code == 503
    assert response.data == b"not ready: PDF engine not warmed up\n"
    mark_pdf_warmed(app)
    assert (client.get("/readyz").status_code, client.get("/readyz").data) == (200, b"ready\n")


def test_not_ready_while_the_content_is_invalid(app: Flask, client: FlaskClient) -> None:
    mark_pdf_warmed(app)

    class Broken:
        errors = ["rules/rules/10.yaml:3 unknown fact", "rules/options/nsaids.yaml:1 missing title"]

    app.extensions["content"] = Broken()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert b"content invalid: 2 errors" in response.data


def test_ready_without_warm_up_when_pdfs_are_off() -> None:
    app = create_app({"TESTING": True, "PDF_ENABLED": False, "SECRET_KEY": "x" * 40})
    assert app.test_client().get("/readyz").status_code == 200


def test_a_production_app_is_ready_as_soon_as_it_is_built(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DECISION_AID_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "0123456789abcdef" * 4)
    response = create_app().test_client().get("/readyz")
    assert (response.status_code, response.data) == (200, b"ready\n")


def test_wait_ready_waits_for_readiness_and_says_why_not(app: Flask) -> None:
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/readyz"
    try:
        assert wait_until_ready(url, timeout=0.5) == "not ready: PDF engine not warmed up"
        assert wait_ready_main([url, "0.5"]) == 1
        threading.Timer(0.3, mark_pdf_warmed, args=(app,)).start()
        assert wait_until_ready(url, timeout=10) == ""
        assert wait_ready_main([url]) == 0
    finally:
        server.shutdown()
    assert "Connection refused" in wait_until_ready(url, timeout=0.3)
