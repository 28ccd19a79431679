"""50 people at once under gunicorn (2 sync workers): nobody sees anyone else's answers.

Each person walks the whole journey over HTTP with their own cookies and a unique marker in their
own question, opens /sheet and downloads the PDF. Every page and PDF must hold their own marker and
no one else's, with 0 server errors, well within two minutes.
"""

from __future__ import annotations

import secrets
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from journey_driver import Person, posts_for

from bench.serving import gunicorn

pytestmark = pytest.mark.slow
PEOPLE = 50


def _one_person(base: str, marker: str, age: int) -> dict[str, object]:
    person = Person(base)
    check = person.walk(posts_for(marker, age))
    sheet = person.get("/sheet")
    pdf = person.get("/sheet.pdf")
    pdf_text = ""
    if pdf.status == 200 and pdf.body.startswith(b"%PDF"):  # poppler's pdftotext: fast, leaves the CPU to the server
        pdf_text = subprocess.run(["pdftotext", "-", "-"], input=pdf.body, capture_output=True, check=True).stdout.decode()
    return {"marker": marker, "check": check.text, "sheet": sheet.text, "sheet_status": sheet.status,
            "pdf_status": pdf.status, "pdf_text": pdf_text.replace("\n", " "), "urls": person.visited}


def test_fifty_people_at_once_each_get_only_their_own_answers() -> None:
    markers = [f"zq{secrets.token_hex(4)}" for _ in range(PEOPLE)]
    started = time.monotonic()
    with gunicorn() as (base, _), ThreadPoolExecutor(max_workers=PEOPLE) as pool:
        results = list(pool.map(lambda i: _one_person(base, markers[i], 20 + i), range(PEOPLE)))
    elapsed = time.monotonic() - started
    assert elapsed < 110, f"{PEOPLE} people took {elapsed:.0f} s"
    for result in results:
        mine = str(result["marker"])
        others = [m for m in markers if m != mine]
        assert result["sheet_status"] == 200 and result["pdf_status"] == 200
        for where in ("check", "sheet", "pdf_text"):
            text = str(result[where])
            assert mine in text, f"{mine} missing from their {where}"
            leaked = [m for m in others if m in text]
            assert leaked == [], f"{mine}'s {where} shows other people's answers: {leaked}"
        assert not any(mine in url for url in result["urls"])  # type: ignore[attr-defined]
