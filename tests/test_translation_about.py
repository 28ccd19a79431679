"""The sheet's About box for a sheet not in English: who translated it, and that a native-speaking
clinician's review is pending until one is recorded (rules/metadata.yaml `translations`, through
presentation.view_model's `translation`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from flask import Flask
from markupsafe import escape

from decision_aid import presentation, render
from decision_aid.i18n import content_for

ROOT = Path(__file__).resolve().parents[1]


PENDING = ("Pending: a clinician who is a native speaker has not yet reviewed this translation. If anything is "
           "unclear, ask your rheumatologist.")


def _about(app: Flask, language: str, sample: dict[str, Any]) -> tuple[Any, str, str]:
    """The view model's `translation`, the About box's HTML, and the pending review's words in `language`."""
    from flask_babel import gettext

    from decision_aid.sheet import build_sheet

    with app.test_request_context("/sheet", headers={"Accept-Language": language}):
        sheet = build_sheet(content_for(), sample)
        model = presentation.view_model(sheet)
        html = render.sheet_html(sheet)
        pending = str(escape(gettext(PENDING)))
    start = html.index('id="about-heading"')
    about = html[start:html.index("app-not-advice", start)]
    return model["translation"], about, pending


def test_the_about_box_says_who_translated_and_that_review_is_pending(app: Flask,
                                                                      sample_answers: dict[str, Any]) -> None:
    record, about, pending = _about(app, "en", sample_answers)
    assert record is None and "Translat" not in about and pending not in about
    record, about, pending = _about(app, "es", sample_answers)
    expected = yaml.safe_load((ROOT / "rules" / "metadata.yaml").read_text(encoding="utf-8"))["translations"]["es"]
    assert record["translated_by"] == expected["translated_by"]
    assert f'<span translate="no">{expected["translated_by"]}</span>' in about
    if expected["clinician_review"] == "pending":
        assert record["clinician_review"] is None
        assert pending in about


def test_the_about_box_shows_a_recorded_review_and_reading_level(app: Flask, sample_answers: dict[str, Any]) -> None:
    content = app.extensions["content"]
    saved = content.metadata.get("translations")
    content.metadata["translations"] = {"es": {
        "translated_by": "Ana <Ruiz>", "translated_on": "2026-12-01",
        "clinician_review": {"reviewed_by": "Dra. Pérez", "reviewed_on": "2027-01-10"},
        "reading_level": {"fernandez_huerta": 72.44, "szigriszt_pazos": 68.1, "measured_with": "textstat",
                          "measured_on": "2026-12-02"}}}
    try:
        record, about, pending = _about(app, "es", sample_answers)
    finally:
        content.metadata["translations"] = saved
    assert record["clinician_review"]["reviewed_on"] != "2027-01-10"  # written out, as the other dates
    assert "Ana &lt;Ruiz&gt;" in about and "Ana <Ruiz>" not in about  # escaped
    assert "Dra. Pérez" in about
    assert pending not in about
    assert "72,4" in about and "68,1" in about  # Spanish decimals


def test_the_appointment_pdf_has_the_same_rows(app: Flask, sample_answers: dict[str, Any]) -> None:
    from flask_babel import gettext

    from decision_aid.sheet import build_sheet

    with app.test_request_context("/sheet", headers={"Accept-Language": "es"}):
        sheet = build_sheet(content_for(), sample_answers)
        html = render.document(presentation.view_model(sheet), brief=True)
        pending = str(escape(gettext(PENDING)))
        label = str(escape(gettext("Clinician review of the translation")))
    assert label in html and pending in html
