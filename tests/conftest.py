"""Shared fixtures: an app built the same way as production, and sample answers documents."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from decision_aid import create_app

# A complete, valid answers document for a typical person (used as the base for variations).
SAMPLE_ANSWERS: dict[str, Any] = {
    "schema": "axspa-decision-aid/answers/1",
    "about": {"age_years": 34, "sex": "male", "pregnancy": "none", "country": "GB"},
    "condition": {
        "diagnosis": "ankylosing_spondylitis", "peripheral_arthritis": False, "enthesitis": True,
        "uveitis": "never", "ibd": "none", "psoriasis": "none",
    },
    "treatments": {
        "nsaids": {"status": "current", "count_tried": 2, "weeks_at_full_dose": 8, "response": "partial"},
        "csdmards": [],
        "advanced": [],
        "exercise": "sometimes", "steroid_injection": False, "oral_steroids_now": False,
    },
    "activity": {
        "basdai": {"fatigue": 6, "spinal_pain": 7, "peripheral_pain": 3, "tenderness": 4,
                   "stiffness_severity": 6, "stiffness_duration": 5},
        "patient_global": 6, "crp_mg_l": 20,
    },
    "health": {
        "heart_disease": False, "heart_failure": False, "high_blood_pressure": False,
        "kidney_disease": False, "liver_disease": False, "stomach_ulcer_or_bleed": False,
        "blood_thinners": False, "blood_clots": False, "serious_infections": False,
        "hepatitis_b_or_c": False, "multiple_sclerosis": False, "depression": False, "diabetes": False,
        "cancer": "never", "tuberculosis": "never", "smoking": "never",
    },
    "goals": {
        "importance": {"symptom_relief": 4, "avoid_side_effects": 3, "avoid_needles": 1, "low_cost": 2,
                       "convenience": 2, "fewer_visits": 1, "try_research": 1},
        "route_preference": "no_preference", "coverage": "public", "trial_interest": "maybe",
        "offered_stem_cells": False, "own_questions": ["How long before I know if a new medicine works?"],
    },
}


@pytest.fixture
def sample_answers() -> dict[str, Any]:
    """A fresh deep copy of the sample document, safe to modify."""
    return copy.deepcopy(SAMPLE_ANSWERS)


@pytest.fixture
def app() -> Flask:
    """The app with test settings (CSRF on, as in production)."""
    return create_app({"TESTING": True, "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789"})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def app_no_csrf() -> Flask:
    """For tests that post forms directly; CSRF itself is tested separately."""
    return create_app({"TESTING": True, "WTF_CSRF_ENABLED": False,
                       "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789"})


@pytest.fixture
def client_no_csrf(app_no_csrf: Flask) -> FlaskClient:
    return app_no_csrf.test_client()


@pytest.fixture(scope="session")
def proxied() -> Iterator[Any]:
    """nginx (TLS, HTTP/2) in front of two single-worker app instances on loopback (bench/proxy.py),
    shared by the proxy tests. `make test` installs nginx; skipped only where it is not installed."""
    from bench.proxy import nginx_missing_reason, proxy

    reason = nginx_missing_reason()
    if reason:
        pytest.skip(reason)
    with proxy(2) as setup:
        yield setup
