"""One file to keep (issue 15, item 4): the appointment PDF carries the answers file, and Resume takes
the PDF back; a PDF that is not ours, too large, encrypted, damaged or with a bad attachment is refused
with a clear message and the answers in the session are unchanged.

Round trips: every persona goes answers -> PDF -> Resume through a small PDF made by the same
WeasyPrint call and the same `pdf.answers_attachment` (one page, so about 30 ms instead of 0.5-1 s);
three personas go through the real appointment PDF, downloaded from /sheet.pdf and uploaded to
/resume with the Flask test client, so the real document's structure is covered too.
"""

from __future__ import annotations

import copy
import io
import json
from functools import cache
from typing import Any

import pypdf
import pytest
from conftest import SAMPLE_ANSWERS
from flask import Flask
from flask.testing import FlaskClient
from personas import PERSONAS
from test_journey_helpers import resumed_answers, session_answers, set_answers

from decision_aid import answers, create_app, history, imports, pdf
from decision_aid.answers import AnswersInvalid


def small_pdf(doc: dict[str, Any] | None) -> bytes:
    """A one-page WeasyPrint PDF with (or without) the answers attachment, as the appointment PDF has it."""
    from weasyprint import HTML

    res = pdf._pdf_resources()
    html = HTML(string='<html lang="en"><body><h1>Your options</h1></body></html>', url_fetcher=res["fetcher"])
    attachments = [pdf.answers_attachment(doc)] if doc is not None else []
    data: bytes = html.render(font_config=res["font_config"], pdf_tags=True).write_pdf(pdf_tags=True, attachments=attachments)
    return data


def _upload(client: FlaskClient, body: bytes, name: str = "as-options.pdf") -> Any:
    return client.post("/resume", data={"answers": (io.BytesIO(body), name)}, content_type="multipart/form-data")


@pytest.fixture(scope="module")
def app_module() -> Flask:
    return create_app({"TESTING": True, "WTF_CSRF_ENABLED": False,
                       "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789"})


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.name)
def test_every_persona_goes_through_a_pdf_and_back_unchanged(persona: Any) -> None:
    doc = persona.answers
    assert answers.parse_answers(imports.answers_from_upload(small_pdf(doc))) == doc


def _attachment(body: bytes) -> bytes:
    found = pypdf.PdfReader(io.BytesIO(body)).attachments
    assert list(found) == [imports.ATTACHMENT_NAME]
    (content,) = found[imports.ATTACHMENT_NAME]
    return content


@cache
def _real_pdf(index: int, session_doc: str = "") -> tuple[bytes, bytes]:
    """The appointment PDF for a persona's answers in the session (or for `session_doc`, JSON) and the
    file "Save my answers" gives from the same session."""
    app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False,
                      "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789"})
    client = app.test_client()
    set_answers(client, json.loads(session_doc) if session_doc else PERSONAS[index].answers)
    response = client.get("/sheet.pdf")
    assert response.status_code == 200
    return response.data, client.get("/save-answers").data


SAMPLE = [0, len(PERSONAS) // 2, len(PERSONAS) - 1]


@pytest.mark.parametrize("index", SAMPLE)
def test_the_appointment_pdf_resumes_in_a_new_browser(app_module: Flask, index: int) -> None:
    body, saved_file = _real_pdf(index)
    saved = json.loads(saved_file)  # the persona's answers, dated today (history.as_of)
    assert saved == {**PERSONAS[index].answers, "answered_on": saved["answered_on"]}
    client = app_module.test_client()
    response = _upload(client, body)
    assert response.status_code == 302 and response.headers["Location"] == "/check-answers"
    assert resumed_answers(client, saved) == saved  # the same answers, the file's visit kept aside
    assert client.get("/save-answers").data == saved_file  # saved again unchanged: the same visit


def test_the_appointment_pdf_stays_tagged_and_carries_one_answers_file() -> None:
    body, saved_file = _real_pdf(0)
    reader = pypdf.PdfReader(io.BytesIO(body))
    assert "/StructTreeRoot" in reader.trailer["/Root"] and reader.trailer["/Root"]["/MarkInfo"]["/Marked"]
    assert _attachment(body) == saved_file  # the file "Save my answers" gives


def test_after_a_resume_the_pdf_carries_the_saved_file_with_the_earlier_visit_never_the_loaded_one() -> None:
    """A file from an earlier day resumed, then the symptoms changed: the PDF's answers file is the one
    Save gives (that visit joined the earlier ones, today's date), and the session's `history.loaded`
    (the resumed file's visit) is never in it."""
    persona = next(p for p in PERSONAS if (p.answers.get("history") or {}).get("visits") and p.answers.get("answered_on"))
    resumed = history.on_resume(persona.answers)
    resumed["activity"]["basdai"]["fatigue"] = 2 if resumed["activity"]["basdai"]["fatigue"] > 5 else 9
    body, saved_file = _real_pdf(-1, json.dumps(resumed))
    inside = _attachment(body)
    assert inside == saved_file and b'"loaded"' not in inside
    doc = json.loads(inside)
    assert doc["answered_on"] == history.today().isoformat()
    assert doc["history"]["visits"] == [*persona.answers["history"]["visits"], resumed["history"]["loaded"]]


def test_the_full_sheet_pdf_has_no_attachment() -> None:
    from decision_aid.sheet import build_sheet

    app = create_app({"TESTING": True, "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789"})
    body = pdf.sheet_pdf(build_sheet(app.extensions["content"], SAMPLE_ANSWERS), full=True)
    assert not pypdf.PdfReader(io.BytesIO(body)).attachments


def _encrypted() -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(small_pdf(SAMPLE_ANSWERS))))
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _with_attachment(content: bytes, name: str = imports.ATTACHMENT_NAME) -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(small_pdf(None))))
    writer.add_attachment(name, content)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _bad_answers() -> bytes:
    doc = copy.deepcopy(SAMPLE_ANSWERS)
    doc["about"]["age_years"] = 7
    return answers.dumps_file(doc).encode()


REFUSED: list[tuple[str, Any, str]] = [
    ("not ours: no attachment", lambda: small_pdf(None), "without answers inside"),
    ("not ours: another attachment", lambda: _with_attachment(b"{}", "invoice.json"), "without answers inside"),
    ("too large", lambda: small_pdf(SAMPLE_ANSWERS) + b"%" * (imports.MAX_PDF_BYTES + 1), "must be smaller than"),
    ("encrypted", _encrypted, "encryption"),
    ("damaged: cut short", lambda: small_pdf(SAMPLE_ANSWERS)[:400], "damaged PDF"),
    ("damaged: header only", lambda: b"%PDF-1.7\n" + b"\x00" * 50, "damaged PDF"),
    ("attachment not JSON", lambda: _with_attachment(b"\x89PNG not json"), "not a text file"),
    ("attachment not valid answers", lambda: _with_attachment(_bad_answers()), "Age"),
    ("attachment is a PDF", lambda: _with_attachment(small_pdf(None)), "not an answers file"),
]


@pytest.mark.parametrize(("name", "make", "message"), REFUSED, ids=[r[0] for r in REFUSED])
def test_a_pdf_that_cannot_be_used_is_refused_and_nothing_changes(app_module: Flask, name: str, make: Any,
                                                                   message: str) -> None:
    client = app_module.test_client()
    before = copy.deepcopy(PERSONAS[3].answers)
    set_answers(client, before)
    response = _upload(client, make())
    assert response.status_code in (400, 413)
    text = response.get_data(as_text=True)
    assert "There is a problem" in text and message in text, text[:2000]
    assert session_answers(client) == before


def test_the_reader_refuses_without_the_app() -> None:
    """The command line has no request-size limit: the reader's own limits apply."""
    with pytest.raises(AnswersInvalid, match="without answers inside"):
        imports.answers_from_upload(small_pdf(None))
    with pytest.raises(AnswersInvalid, match="larger than"):
        imports.answers_from_upload(small_pdf(SAMPLE_ANSWERS) + b"%" * imports.MAX_PDF_BYTES)
