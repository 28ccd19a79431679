"""The sheet's and the PDFs' own words in another language (issue 16): dates, decimals and lists in the
language's form (English exactly as before), plain strings in the sheet dict, the PDF's running footer
and hyphenation for the language, its /Lang, and `decision-aid sheet` in the answers file's language.

That every word goes through translation is tests/test_pseudo_locale.py's; English staying byte-identical
is tests/test_golden.py's.
"""

from __future__ import annotations

import copy
import io
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLE_ANSWERS
from flask import Flask
from flask_babel import force_locale
from pypdf import PdfReader

from decision_aid import cli, create_app, i18n, render
from decision_aid.config import STATIC_DIR
from decision_aid.engine import load_content_cached
from decision_aid.sheet import build_sheet

sys.path.insert(0, str(Path(__file__).resolve().parent))

from personas import PERSONAS  # noqa: E402


@pytest.fixture(scope="module")
def app() -> Flask:
    return create_app({"TESTING": True, "SECRET_KEY": "sheet-i18n-test-secret-0123456789abcdef"})


@pytest.fixture
def spanish(app: Flask) -> Iterator[Any]:
    """An app context in Spanish; yields the content in Spanish."""
    with app.app_context(), force_locale("es"):
        yield i18n.content_for("es")


def _strings_only(value: Any, where: str = "sheet") -> None:
    """Every text in the sheet dict is a plain str (never a lazy string): it goes into JSON as it is."""
    if isinstance(value, dict):
        for key, item in value.items():
            _strings_only(item, f"{where}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _strings_only(item, f"{where}[{i}]")
    else:
        assert value is None or isinstance(value, str | int | float | bool), f"{where}: {type(value).__name__}"


def test_english_dates_numbers_and_lists_are_as_they_always_were() -> None:
    assert i18n.long_date("2026-12-03") == "3 December 2026"
    assert i18n.long_date("2026-12-03T09:30:00Z") == "3 December 2026"
    assert i18n.short_date("2026-12-03") == "3 Dec 2026"
    assert i18n.month_year("2026-12-03") == "Dec 26"
    assert i18n.long_date("not a date") is None
    assert i18n.decimal(3.94) == "3.9" and i18n.number("0.25") == "0.25"
    assert i18n.join_and(["a"]) == "a" and i18n.join_and(["a", "b", "c"]) == "a, b and c"


def test_spanish_dates_numbers_and_lists(spanish: Any) -> None:
    assert i18n.long_date("2026-12-03") == "3 de diciembre de 2026"
    assert i18n.short_date("2026-12-03") == "3 dic 2026"
    assert i18n.month_year("2026-12-03") == "dic 26"
    assert i18n.decimal(3.94) == "3,9" and i18n.number("0.25") == "0,25"
    assert i18n.join_and(["a", "b", "c"]) == "a, b y c"
    assert i18n.join_and(["adalimumab", "infliximab"]) == "adalimumab e infliximab"  # "y" before an "i" sound
    assert i18n.join_and(["sol", "hierro"]) == "sol y hierro"


def test_a_spanish_sheet_holds_plain_strings_and_spanish_numbers(spanish: Any) -> None:
    persona = next(p for p in PERSONAS if p.name == "secukinumab 16 weeks, ASDAS 4.3 before it and 3.9 now")
    sheet = build_sheet(spanish, persona.answers)
    _strings_only(sheet)
    json.dumps(sheet)
    assert any(re.search(r"ASDAS \d,\d", line) for line in sheet["scores"]["explanations"])
    assert sheet["progress"]["last_date_label"] == "12 de enero de 2026"
    because = [b for o in sheet["options"] for n in o["notes"] for b in n["because"]]
    assert any("4,3" in b and "3,9" in b for b in because), because


def test_every_persona_builds_in_spanish(spanish: Any) -> None:
    for persona in PERSONAS:
        _strings_only(build_sheet(spanish, persona.answers), persona.name)


def test_the_english_footer_message_is_pdf_css_s_own() -> None:
    """The translated footer is made from one sentence; in English it is exactly what pdf.css says."""
    css = (STATIC_DIR / "css" / "pdf.css").read_text(encoding="utf-8")
    found = re.search(r"@bottom-center \{\s*content: ([^;]+);", css)
    assert found is not None
    assert render.footer_content() == found.group(1)
    assert render.language_css("en") == ""


def test_the_footer_s_words_are_css_strings_whatever_they_hold() -> None:
    assert render._css_string('a "b" \\ <c>') == '"a \\22 b\\22  \\5c  \\3c c\\3e "'


def test_a_spanish_pdf_is_tagged_spanish_hyphenated_with_its_own_footer(spanish: Any) -> None:
    from decision_aid.pdf import sheet_pdf

    css = render.language_css()
    assert "@bottom-center" in css and "hyphens: auto" in css
    pdf = sheet_pdf(build_sheet(spanish, copy.deepcopy(SAMPLE_ANSWERS)))
    assert PdfReader(io.BytesIO(pdf)).trailer["/Root"].get("/Lang") == "es"
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True,  # noqa: S607
                          timeout=60).stdout.decode("utf-8")
    assert "\u2010" in text  # WeasyPrint's hyphen at a line end (none in English): Spanish hyphenation
    assert "3 de " in text or " de 20" in text  # the footer's date, in Spanish


def test_the_command_line_makes_the_sheet_in_the_answers_language(tmp_path: Path) -> None:
    src = tmp_path / "answers.json"
    src.write_text(json.dumps({**SAMPLE_ANSWERS, "language": "es"}), encoding="utf-8")
    out = tmp_path / "sheet.json"
    assert cli.main(["sheet", str(src), "-o", str(out)]) == 0
    spanish = json.loads(out.read_text(encoding="utf-8"))
    titles = {o["id"]: o["title"] for o in build_sheet(load_content_cached(), SAMPLE_ANSWERS)["options"]}
    assert any(o["title"] != titles[o["id"]] for o in spanish["options"])  # the content, in Spanish
    assert re.search(r"BASDAI \d,\d", " ".join(spanish["scores"]["explanations"]))
    html = tmp_path / "sheet.html"
    assert cli.main(["sheet", str(src), "--format", "html", "-o", str(html)]) == 0
    assert '<html lang="es"' in html.read_text(encoding="utf-8")
