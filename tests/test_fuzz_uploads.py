"""Hostile files for Resume's new paths (issue 15): 1,200 seeded mutations of this tool's PDF and of
its FHIR file, each posted to /resume. Never a 5xx; a refused file leaves the answers in the session
as they were; an accepted one is a valid answers document, complete or part-way (a FHIR file with
questions left out is read like a file saved part-way), and Resume continues at its first unanswered
page. Work per file is bounded by limits (upload size, the PDF reader's page, object and decoding
limits, the FHIR reader's nesting and item limits: decision_aid/imports.py, fhir.py), not by timing
asserts.

Runtime: the PDF is a small one-page WeasyPrint PDF with the answers attachment (the same attachment
code as the appointment PDF), so each case takes milliseconds; the whole file runs in well under a
minute on the shared machine. Mutations are seeded (random.Random(seed)), so a failure repeats.
"""

from __future__ import annotations

import copy
import io
import json
import random
from typing import Any

import pytest
from conftest import SAMPLE_ANSWERS
from flask import Flask
from personas import PERSONAS
from test_journey_helpers import session_answers, set_answers
from test_pdf_attachment import small_pdf

from decision_aid import answers, create_app, fhir
from decision_aid.journey.pages import first_unanswered

CASES = 600  # per kind: 600 PDFs and 600 FHIR files


@pytest.fixture(scope="module")
def app() -> Flask:
    return create_app({"TESTING": True, "WTF_CSRF_ENABLED": False,
                       "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789"})


def _mutate_bytes(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        kind = rng.randrange(7)
        pos = rng.randrange(len(out)) if out else 0
        if kind == 0:  # flip bytes
            for i in range(pos, min(len(out), pos + rng.randint(1, 8))):
                out[i] = rng.randrange(256)
        elif kind == 1:  # cut
            del out[pos:pos + rng.randint(1, 2000)]
        elif kind == 2:  # truncate
            del out[pos:]
        elif kind == 3:  # duplicate a slice
            chunk = out[pos:pos + rng.randint(1, 4000)]
            out[pos:pos] = chunk * rng.randint(1, 4)
        elif kind == 4:  # PDF keywords and big numbers where numbers were
            token = rng.choice([b" 0 R", b"/Length 99999999", b"<<", b">>", b"[", b"]", b"endstream", b"obj",
                                b"/Type /Pages /Count 999999", b"/Filter /FlateDecode", b"xref\n0 99999\n",
                                b"/Encrypt 1 0 R", b"trailer", b"%%EOF", b"(\\", b"999999999999999999999"])
            out[pos:pos] = token
        elif kind == 5:  # swap two slices
            a, b = sorted(rng.randrange(len(out) + 1) for _ in range(2))
            out[a:b] = bytes(reversed(out[a:b]))
        else:  # drop in zero bytes
            out[pos:pos] = b"\x00" * rng.randint(1, 64)
    return bytes(out)


def _mutate_json(rng: random.Random, value: Any, depth: int = 0) -> Any:
    """A structural change somewhere in the FHIR file (the byte-level ones are covered by the PDFs)."""
    if isinstance(value, dict) and value and rng.random() < 0.8:
        key = rng.choice(list(value))
        choice = rng.randrange(6)
        new = dict(value)
        if choice == 0:
            del new[key]
        elif choice == 1:
            new[key] = rng.choice([None, True, 0, -1, 1e308, "", "x" * 500, [], {}, [[[[[]]]]], {"item": []}])
        elif choice == 2:
            new["linkId" if rng.random() < 0.5 else key + "_"] = rng.choice(["about", "scores", "x", "goals.own_questions"])
        else:
            new[key] = _mutate_json(rng, value[key], depth + 1)
        return new
    if isinstance(value, list) and value and rng.random() < 0.8:
        new_list = list(value)
        i = rng.randrange(len(new_list))
        choice = rng.randrange(5)
        if choice == 0:
            del new_list[i]
        elif choice == 1:
            new_list.insert(i, copy.deepcopy(new_list[i]))
        elif choice == 2:
            new_list[i] = rng.choice([None, 1, "a", {"linkId": "about.age_years", "answer": [{"valueInteger": 200}]}])
        else:
            new_list[i] = _mutate_json(rng, new_list[i], depth + 1)
        return new_list
    return rng.choice([None, True, 17, 4.5, -0.0, "ankylosing_spondylitis", "", {"valueBoolean": True}, [value]])


def _check(app: Flask, body: bytes, before: dict[str, Any], name: str) -> str:
    client = app.test_client()
    set_answers(client, before)
    response = client.post("/resume", data={"answers": (io.BytesIO(body), name)}, content_type="multipart/form-data")
    assert response.status_code < 500, response.status_code
    after = session_answers(client)
    if response.status_code == 302:  # a valid document, complete or part-way (issue 13), and Resume goes on
        assert answers.check_answers(after, partial=True) == []  # at its first unanswered page
        missing = first_unanswered(after)
        assert response.headers["Location"] == (f"/{missing.slug}" if missing else "/check-answers")
        assert ("loaded" in (after.get("history") or {})) is answers.is_complete(after)  # the file's own visit
        return "accepted"
    assert response.status_code in (400, 413)
    assert "There is a problem" in response.get_data(as_text=True)
    assert after == before
    return "refused"


def test_mutated_pdfs_never_break_resume(app: Flask) -> None:
    rng = random.Random(15_004)
    sources = [small_pdf(PERSONAS[i].answers) for i in (0, 7, 40)]
    before = copy.deepcopy(SAMPLE_ANSWERS)
    outcomes = [_check(app, _mutate_bytes(rng, rng.choice(sources)), before, "as-options.pdf") for _ in range(CASES)]
    assert outcomes.count("refused") > CASES // 4  # the mutations do reach the refusals


def test_mutated_fhir_files_never_break_resume(app: Flask) -> None:
    rng = random.Random(15_003)
    sources = [json.loads(fhir.dumps(fhir.to_response(PERSONAS[i].answers))) for i in (0, 7, 40, 80)]
    before = copy.deepcopy(SAMPLE_ANSWERS)
    outcomes = []
    for n in range(CASES):
        resource = rng.choice(sources)
        for _ in range(rng.randint(1, 3)):
            resource = _mutate_json(rng, resource)
        body = json.dumps(resource).encode()
        if n % 5 == 0:
            body = _mutate_bytes(rng, body)
        outcomes.append(_check(app, body, before, "answers.fhir.json"))
    assert outcomes.count("refused") > CASES // 2
