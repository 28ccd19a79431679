"""The PDFs, read back as text (pdftotext) and as a PDF (pypdf), for several people; hostile input;
the command line. Each persona is rendered once per module (a render takes about a second).

Two PDFs: `/sheet.pdf`, the appointment PDF (page 1 summary, the nine options with the same
questions each, trials and stem cells, questions, SURE, the sources it cites, About) in 12pt
clear print, at most 16 pages (12 to 15 today); and `/sheet-full.pdf`, the whole sheet (grid, pros and cons, priorities,
every source), at most 30 pages (about 22 today).
"""

from __future__ import annotations

import copy
import io
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLE_ANSWERS
from flask import Flask
from pypdf import PdfReader

from decision_aid import presentation, render
from decision_aid.answers import check_answers
from decision_aid.pdf import _pdf_resources, pdf_markup, sheet_pdf

# The appointment PDF: 14 pages for most people; 17 for the heaviest persona (US, many notes, several own
# questions), one more than before issue 14 added harms in numbers, current US cost rules and their sources.
MAX_PAGES = 17
# The whole sheet: every benefit and harm figure of every option (19 figures since issue 14, 10 before).
MAX_PAGES_FULL = 33
OWN_QUESTION = 'Is a dose < 50 mg & "low" for \'me\'?'
ROOT = Path(__file__).resolve().parent.parent


def _doc(**changes: Any) -> dict[str, Any]:
    """SAMPLE_ANSWERS with `changes` at dotted paths."""
    doc = copy.deepcopy(SAMPLE_ANSWERS)
    for path, value in changes.items():
        *parents, last = path.split(".")
        node = doc
        for part in parents:
            node = node[part]
        node[last] = value
    assert check_answers(doc) == [], check_answers(doc)
    return doc


PERSONAS: dict[str, dict[str, Any]] = {
    # active disease after two NSAIDs; own questions with markup characters; SURE 3 of 4
    "active_gb": _doc(**{
        "goals.own_questions": [OWN_QUESTION, "How long before I know if a new medicine works?"],
        "sure": {"sure": False, "understand": True, "risks": True, "encouragement": True},
    }),
    # in the US (Letter paper), planning a pregnancy, a TNF inhibitor that stopped working; SURE 4 of 4
    "us_switch": _doc(**{
        "about": {"age_years": 29, "sex": "female", "pregnancy": "planning", "country": "US"},
        "treatments.advanced": [{"drug": "adalimumab", "status": "past", "response": "lost_response"}],
        "goals.coverage": "private",
        "goals.own_questions": ["Which medicines are safe if I get pregnant & breastfeed?"],
        "sure": {"sure": True, "understand": True, "risks": True, "encouragement": True},
    }),
    # settled, no questions of their own, no SURE answers, no blood test
    "settled": _doc(**{
        "activity.basdai": {"fatigue": 2, "spinal_pain": 2, "peripheral_pain": 1, "tenderness": 1,
                            "stiffness_severity": 2, "stiffness_duration": 2},
        "activity.crp_mg_l": 3,
        "treatments.nsaids": {"status": "current", "count_tried": 1, "weeks_at_full_dose": 20, "response": "good"},
        "goals.own_questions": [],
    }),
}


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _strip_running(text: str) -> str:
    """The text without the running header and footer of each page."""
    text = re.sub(r"AS treatment options[^\n]*?content version [\d.]+\.?", " ", text)
    return re.sub(r"Information, not medical advice\. Page \d+ of \d+", " ", text)


def _body(text: str) -> str:
    """Flat text without the running header and footer, so a paragraph split by a page break reads on."""
    return _flat(_strip_running(text))


def _brief_source_ids(sheet: dict[str, Any]) -> set[str]:
    """The sources the appointment PDF cites (and so lists, under their sheet-wide numbers)."""
    model = presentation.view_model(sheet)
    render.document(model, brief=True)
    cited: set[str] = model["cite"].cited
    return cited


def _pdftotext(pdf: bytes, *extra: str) -> str:
    done = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", *extra, "-", "-"], input=pdf, capture_output=True,
                          check=True, timeout=60)
    return done.stdout.decode("utf-8")


@pytest.fixture(scope="module")
def module_app() -> Flask:
    from decision_aid import create_app

    return create_app({"TESTING": True, "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789"})


@pytest.fixture(scope="module")
def sheets(module_app: Flask) -> dict[str, dict[str, Any]]:
    from decision_aid.sheet import build_sheet

    return {name: build_sheet(module_app.extensions["content"], answers) for name, answers in PERSONAS.items()}


@pytest.fixture(scope="module")
def rendered(sheets: dict[str, dict[str, Any]]) -> dict[str, tuple[dict[str, Any], bytes]]:
    """The appointment PDF (`/sheet.pdf`) for each persona."""
    return {name: (sheet, sheet_pdf(sheet)) for name, sheet in sheets.items()}


@pytest.fixture(scope="module")
def rendered_full(sheets: dict[str, dict[str, Any]]) -> dict[str, tuple[dict[str, Any], bytes]]:
    """The whole sheet as a PDF (`/sheet-full.pdf`) for each persona."""
    return {name: (sheet, sheet_pdf(sheet, full=True)) for name, sheet in sheets.items()}


@pytest.mark.parametrize("name", list(PERSONAS))
def test_appointment_pdf_holds_what_a_clinician_needs(rendered: dict[str, tuple[dict[str, Any], bytes]],
                                                      name: str) -> None:
    sheet, pdf = rendered[name]
    text = _body(_pdftotext(pdf))
    assert text.count("How is it taken, and how often?") == 9  # the same questions for every option
    for option in sheet["options"]:
        assert _flat(option["title"]) in text, option["title"]
        assert _flat(option["grid"]["serious_risks"]["text"]) in text  # harms beside the benefits
        assert _flat(option["cost"]["text"]) in text
        for reason in option["highlight_reasons"]:
            assert _flat(reason["text"]) in text
            for because in reason["because"]:
                assert _flat(because) in text
        for note in option["notes"]:  # everything the rules said about this person
            assert _flat(note["text"]) in text, note["text"]
    # the first 2 benefit and the first 2 harm figures of each option (those that fit the person first), the
    # same way: both arms with their denominator, or the difference where that is all there is
    for vm in presentation.view_model(sheet)["options_vm"]:
        shown = [e["effect"] for e in vm["brief_effects"] if e["effect"] is not None]
        for kind in ("benefit", "harm"):
            of_kind = [e for e in vm["option"]["effects"] if e["kind"] == kind]
            assert [e for e in shown if e["kind"] == kind] == of_kind[:presentation.BRIEF_FIGURES]
        for effect in shown:
            total = effect.get("denominator", 100)
            if "treated" in effect:
                assert _flat(f"{effect['treated']} in {total} on {effect['medicine']}") in text
                comparator = effect.get("comparator") or "the dummy treatment (placebo)"
                assert _flat(f"{effect['placebo']} in {total} on {comparator}") in text
            else:
                assert _flat(f"Of {total} people on {effect['medicine']}, {effect['extra']} more") in text
        if vm["brief_left"]:
            assert f"{vm['brief_left']} more trial figure" in text
    for question in sheet["questions_to_ask"]:
        assert _flat(question["text"]) in text, question["text"]
    cited = _brief_source_ids(sheet)
    assert cited
    for source in sheet["sources"]:
        listed = f"[{source['number']}] {_flat(source['citation'])[:40]}" in text  # long ones wrap at hyphens
        assert listed == (source["id"] in cited), source["id"]  # the sources it cites, and only those
    assert "Warning sign: claims based on patient stories" in text  # unproven stem-cell clinics
    assert "ClinicalTrials.gov" in text
    assert f"Content version {sheet['content_version']}, reviewed {presentation.long_date(sheet['reviewed_on'])}" in text
    for heading in ("The decision", "Disease activity", "Treatment so far", "What matters most to them",
                    "Options worth discussing now", "All nine options, the same questions for each",
                    "Questions to ask your rheumatologist", "The SURE test", "Sources", "About this sheet",
                    "This is not medical advice", "Funding", "Conflicts of interest", "How we keep it up to date",
                    "Reading level"):
        assert heading in text, heading


@pytest.mark.parametrize("name", list(PERSONAS))
def test_full_pdf_holds_the_whole_sheet(rendered_full: dict[str, tuple[dict[str, Any], bytes]], name: str) -> None:
    sheet, pdf = rendered_full[name]
    text = _flat(_pdftotext(pdf))
    for option in sheet["options"]:
        assert _flat(option["title"]) in text, option["title"]
    for option in sheet["options"]:
        for reason in option["highlight_reasons"]:
            assert _flat(reason["text"]) in text
            for because in reason["because"]:
                assert _flat(because) in text
    for question in sheet["questions_to_ask"]:
        assert _flat(question["text"]) in text, question["text"]
    for source in sheet["sources"]:
        assert f"[{source['number']}]" in text
    assert f"content version {sheet['content_version']}" in text
    assert f"reviewed {presentation.long_date(sheet['reviewed_on'])}" in text
    for heading in ("The decision", "Your scores", "Your situation", "What matters to you",
                    "Options worth discussing now", "Compare the options", "Questions to ask your rheumatologist",
                    "The SURE test", "Sources", "About this sheet", "This is not medical advice",
                    "Funding", "Conflicts of interest", "How we keep it up to date", "Reading level"):
        assert heading in text, heading


def test_own_question_exactly_as_typed(rendered: dict[str, tuple[dict[str, Any], bytes]]) -> None:
    _sheet, pdf = rendered["active_gb"]
    text = _flat(_pdftotext(pdf))
    assert OWN_QUESTION in text
    assert "&lt;" not in text and "&amp;" not in text and "&#34;" not in text
    first_page = _flat(_pdftotext(pdf, "-f", "1", "-l", "1"))
    assert OWN_QUESTION in first_page  # their questions are on the page a clinician reads first


def test_first_page_stands_alone(rendered: dict[str, tuple[dict[str, Any], bytes]]) -> None:
    sheet, pdf = rendered["active_gb"]
    first = _flat(_pdftotext(pdf, "-f", "1", "-l", "1"))
    assert _flat(sheet["decision"]) in first
    assert "BASDAI" in first and f"{sheet['scores']['asdas']['value']:.1f}" in first
    summary = sheet["clinician"]
    assert _flat(summary["diagnosis"]) in first
    for row in summary["treatments"]:
        assert _flat(row["medicine"]) in first
    for part in summary["basdai_parts"]:
        assert f"{part['label']} {part['value']}" in first
    for priority in sheet["priorities"]:
        assert (_flat(priority["label"]) in first) == (priority["rating"] >= 3)  # what matters most
    highlighted = [o for o in sheet["options"] if o["highlight"]]
    assert highlighted
    for option in highlighted:
        assert _flat(option["title"]) in first
    assert "SURE test: 3 out of 4" in first


def test_scores_appear_once_on_page_one(rendered: dict[str, tuple[dict[str, Any], bytes]]) -> None:
    """Each score is printed once on page 1, with what it means (no second list restating them)."""
    sheet, pdf = rendered["active_gb"]
    first = _flat(_pdftotext(pdf, "-f", "1", "-l", "1"))
    asdas = sheet["scores"]["asdas"]
    assert first.count(f"{sheet['scores']['basdai']:.1f} of 10") == 1
    assert first.count(f"{asdas['value']:.1f}: {asdas['state_label']}") == 1
    assert f"ASDAS-{asdas['kind']} {asdas['value']:.1f}: {asdas['state_label']}" in first
    assert "worked out with" not in first


def test_sure_result_is_printed(rendered: dict[str, tuple[dict[str, Any], bytes]]) -> None:
    text = _flat(_pdftotext(rendered["active_gb"][1]))
    assert "Your SURE score: 3 out of 4" in text
    assert "Talk it through with your rheumatologist or nurse" in text
    assert "Do you feel SURE about the best choice for you? No" in text
    assert "Do you know the benefits and risks of each option? Yes" in text
    text = _flat(_pdftotext(rendered["us_switch"][1]))
    assert "Your SURE score: 4 out of 4" in text and "Talk it through" not in text
    text = _flat(_pdftotext(rendered["settled"][1]))
    assert "You have not done the SURE test yet" in text


@pytest.mark.parametrize("name", list(PERSONAS))
@pytest.mark.parametrize("full", [False, True], ids=["appointment", "full"])
def test_every_page_has_number_date_and_version(rendered: dict[str, tuple[dict[str, Any], bytes]],
                                                rendered_full: dict[str, tuple[dict[str, Any], bytes]],
                                                name: str, full: bool) -> None:
    sheet, pdf = (rendered_full if full else rendered)[name]
    reader = PdfReader(io.BytesIO(pdf))
    total = len(reader.pages)
    assert 2 <= total <= (MAX_PAGES_FULL if full else MAX_PAGES)
    made = presentation.long_date(sheet["generated_at"])
    for number in range(1, total + 1):
        page = _flat(_pdftotext(pdf, "-f", str(number), "-l", str(number)))
        assert f"Page {number} of {total}" in page
        assert f"Made {made}" in page and f"content version {sheet['content_version']}" in page


def test_paper_size_follows_the_country(rendered: dict[str, tuple[dict[str, Any], bytes]]) -> None:
    def size(pdf: bytes) -> tuple[int, int]:
        box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
        return round(float(box.width)), round(float(box.height))

    assert size(rendered["active_gb"][1]) == (595, 842)  # A4 in points
    assert size(rendered["us_switch"][1]) == (612, 792)  # US Letter


def test_pdf_is_tagged_with_the_bundled_font_and_no_attachments(rendered: dict[str, tuple[dict[str, Any], bytes]]) -> None:
    pdf = rendered["active_gb"][1]
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root.get("/Lang") == "en"
    fonts = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True, timeout=60).stdout.decode()
    assert "AtkinsonHyperlegible" in fonts.replace(" ", "").replace("-", "")
    assert reader.attachments == {}


# --- hostile input -----------------------------------------------------------------------------


class _Counter(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the http.server name
        _Counter.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def listener() -> Iterator[tuple[int, list[str]]]:
    """A real HTTP server on a loopback port that counts every request it gets."""
    _Counter.hits = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_port, _Counter.hits
    server.shutdown()
    server.server_close()


def test_hostile_questions_fetch_nothing_and_attach_nothing(module_app: Flask, listener: tuple[int, list[str]]) -> None:
    from decision_aid.sheet import build_sheet

    port, hits = listener
    hostile = [
        '<link rel="attachment" href="file:///etc/passwd">',
        f'<img src="http://127.0.0.1:{port}/img">',
        f'<p style="background: url(http://127.0.0.1:{port}/css)">x</p>',
        f'<style>@import url("http://127.0.0.1:{port}/import"); body {{ background: url(file:///etc/passwd) }}</style>',
        f'<svg><image href="http://127.0.0.1:{port}/svg"/></svg><base href="http://127.0.0.1:{port}/">',
    ]
    sheet = build_sheet(module_app.extensions["content"], _doc(**{"goals.own_questions": hostile}))
    pdf = sheet_pdf(sheet)
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.attachments == {}
    assert b"/EmbeddedFile" not in pdf and b"root:x:0:0" not in pdf
    squashed = re.sub(r"\s", "", _pdftotext(pdf))  # long words like URLs wrap without a space
    for question in hostile:
        assert re.sub(r"\s", "", question) in squashed  # shown as the words they typed
    assert hits == []


def test_the_fetcher_stops_raw_hostile_html_too(listener: tuple[int, list[str]]) -> None:
    """Defence in depth: even unescaped markup (which the templates never produce) fetches nothing."""
    from weasyprint import HTML

    port, hits = listener
    res = _pdf_resources()
    html = (f'<link rel="attachment" href="file:///etc/passwd"><img src="http://127.0.0.1:{port}/a">'
            f'<img src="../../etc/passwd"><img src="/etc/passwd">'
            f'<p style="background: url(http://127.0.0.1:{port}/b)">x</p>'
            f'<style>@import url("http://127.0.0.1:{port}/c");</style>')
    pdf = HTML(string=html, base_url=render.STATIC_DIR.as_uri() + "/", url_fetcher=res["fetcher"]).write_pdf(
        font_config=res["font_config"], stylesheets=[res["base"]])
    assert PdfReader(io.BytesIO(pdf)).attachments == {}
    assert b"root:x:0:0" not in pdf
    assert hits == []


# --- the command line --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def answers_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import json

    path = tmp_path_factory.mktemp("cli") / "answers.json"
    path.write_text(json.dumps(PERSONAS["active_gb"]), encoding="utf-8")
    return path


def _cli(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "decision_aid.cli", *args], cwd=ROOT, capture_output=True,
                          timeout=120, check=False)


def test_cli_html_is_the_standalone_sheet(answers_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "sheet.html"
    done = _cli("sheet", str(answers_file), "--format", "html", "-o", str(out))
    assert done.returncode == 0, done.stderr.decode()
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "Is a dose &lt; 50 mg &amp; &#34;low&#34; for &#39;me&#39;?" in html
    assert html.count('class="app-option"') == 9
    assert "data:font/ttf;base64," in html  # works offline, anywhere
    assert not re.search(r'<(?:img|link|script)\b[^>]*(?:src|href)="https?:', html)


def test_cli_pdf_matches_the_web_pdf(answers_file: Path, tmp_path: Path,
                                     rendered: dict[str, tuple[dict[str, Any], bytes]]) -> None:
    out = tmp_path / "sheet.pdf"
    done = _cli("sheet", str(answers_file), "--format", "pdf", "-o", str(out))
    assert done.returncode == 0, done.stderr.decode()
    pdf = out.read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert len(PdfReader(io.BytesIO(pdf)).pages) == len(PdfReader(io.BytesIO(rendered["active_gb"][1])).pages)
    assert OWN_QUESTION in _flat(_pdftotext(pdf))


def test_cli_full_pdf_matches_the_web_full_pdf(answers_file: Path, tmp_path: Path,
                                               rendered_full: dict[str, tuple[dict[str, Any], bytes]]) -> None:
    out = tmp_path / "sheet-full.pdf"
    done = _cli("sheet", str(answers_file), "--format", "pdf", "--full", "-o", str(out))
    assert done.returncode == 0, done.stderr.decode()
    pages = len(PdfReader(io.BytesIO(out.read_bytes())).pages)
    assert pages == len(PdfReader(io.BytesIO(rendered_full["active_gb"][1])).pages)
    assert "Compare the options" in _flat(_pdftotext(out.read_bytes()))


def _headings(sheet: dict[str, Any]) -> set[str]:
    """Every heading and row label in either PDF: none may be the last line of a page."""
    found = {f"{i}. {o['title']}" for i, o in enumerate(sheet["options"], 1)}
    found |= {row["label"] for row in sheet["grid_rows"]}
    found |= {"How well it works in trials", "How well it works", "Cost for you", "Possible benefits",
              "Possible downsides", "Based on your answers", "Compare the options", "Each option in full",
              "All nine options, the same questions for each", "Questions to ask your rheumatologist",
              "Are you ready to decide? The SURE test", "Sources", "About this sheet", "Your questions"}
    found |= {f"{label}, based on your answers:" for _level, label in presentation.NOTE_LEVELS}
    for option in sheet["options"]:
        found |= {section["heading"] for section in option.get("sections") or []}
    return found


@pytest.mark.parametrize("name", list(PERSONAS))
@pytest.mark.parametrize("full", [False, True], ids=["appointment", "full"])
def test_no_heading_is_stranded_at_a_page_bottom(rendered: dict[str, tuple[dict[str, Any], bytes]],
                                                 rendered_full: dict[str, tuple[dict[str, Any], bytes]],
                                                 name: str, full: bool) -> None:
    sheet, pdf = (rendered_full if full else rendered)[name]
    headings = _headings(sheet)
    total = len(PdfReader(io.BytesIO(pdf)).pages)
    for number in range(1, total):
        page = _pdftotext(pdf, "-f", str(number), "-l", str(number))
        lines = [line.strip() for line in _strip_running(page).splitlines() if line.strip()]
        assert lines, f"page {number} is empty"
        last = lines[-1]
        stranded = [h for h in headings if last == h or last.startswith(h + " WORTH")]
        assert not stranded, f"page {number} ends with the heading {last!r}"


def test_fonts_are_subset_with_harfbuzz_without_warnings(sheets: dict[str, dict[str, Any]],
                                                         caplog: pytest.LogCaptureFixture) -> None:
    """`make test` installs Debian's libharfbuzz-subset0: WeasyPrint then subsets the bundled font
    in C (about a fifth of each render saved, measured by bench/pdf.py) and logs no warning on every
    PDF; without it each PDF logged three 'Using fontTools instead of HarfBuzz-Subset' warnings."""
    caplog.set_level("WARNING", logger="weasyprint")
    pdf = sheet_pdf(next(iter(sheets.values())))
    assert pdf.startswith(b"%PDF")
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []


def test_page_one_links_jump_to_each_highlighted_option(rendered: dict[str, tuple[dict[str, Any], bytes]]) -> None:
    """The options named on page 1 link to the page where that option starts (the PDF keeps only the
    anchors its links use: pdf.pdf_markup)."""
    sheet, pdf = rendered["active_gb"]
    reader = PdfReader(io.BytesIO(pdf))
    targets = [annot.get_object()["/Dest"] for annot in reader.pages[0].get("/Annots", [])
               if annot.get_object().get("/Subtype") == "/Link"]
    highlighted = [o for o in sheet["options"] if o["highlight"]]
    assert sorted(set(targets)) == sorted(f"option-{o['id']}" for o in highlighted)  # a wrapped link: 2 boxes
    assert set(reader.named_destinations) == set(targets)  # no anchor that nothing points to
    numbers = {o["id"]: n for n, o in enumerate(sheet["options"], start=1)}
    for option in highlighted:
        page = reader.get_destination_page_number(reader.named_destinations[f"option-{option['id']}"])
        text = _flat(_pdftotext(pdf, "-f", str(page + 1), "-l", str(page + 1)))
        assert f"{numbers[option['id']]}. {_flat(option['title'])}" in text


def test_pdf_markup_keeps_only_ids_that_links_use() -> None:
    html = ('<h2 id="a">A</h2><a href="#b">to b</a><h3 id="b">B</h3>'
            '<p>id=&#34;c&#34; said a person</p><section id="c" aria-labelledby="a"></section>')
    assert pdf_markup(html) == ('<h2>A</h2><a href="#b">to b</a><h3 id="b">B</h3>'
                                       '<p>id=&#34;c&#34; said a person</p><section aria-labelledby="a"></section>')


def test_pdf_streams_are_compressed_at_zlib_level_6() -> None:
    """pydyf compresses at level 9 (32 ms of each appointment PDF); decision_aid.pdf gives it level 6 (7 ms, a
    file 3.5 % larger)."""
    import zlib

    import pydyf

    _pdf_resources()
    content = b"BT /F1 12 Tf 72 700 Td (Possible benefits) Tj ET\n" * 400
    stream = pydyf.Stream([content.rstrip(b"\n")], compress=True).data
    assert zlib.compress(content.rstrip(b"\n"), 6) in stream
    assert zlib.compress(content.rstrip(b"\n"), 9) not in stream


def test_the_garbage_collector_is_held_off_while_a_pdf_is_made_and_back_on_after(
        sheets: dict[str, dict[str, Any]], monkeypatch: pytest.MonkeyPatch) -> None:
    """A PDF's few hundred thousand objects are not scanned again and again as they pile up (125 ms of a
    1,083 ms render, timed with gc.callbacks), and the collector is on again afterwards, even when a render fails:
    a process left without it would slowly fill its memory."""
    import gc

    from decision_aid import pdf as pdf_module

    sheet = next(iter(sheets.values()))
    during: list[bool] = []
    real_write = pdf_module.write

    def write(document: Any, attachments: Any = None) -> bytes:
        during.append(gc.isenabled())
        return real_write(document, attachments)

    monkeypatch.setattr(pdf_module, "write", write)
    assert gc.isenabled()
    assert sheet_pdf(sheet).startswith(b"%PDF")
    assert during == [False] and gc.isenabled()

    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("layout failed")

    monkeypatch.setattr(pdf_module, "render_document", broken)
    with pytest.raises(RuntimeError):
        sheet_pdf(sheet)
    assert gc.isenabled()


def test_the_trimmed_html_stylesheet_changes_nothing_a_reader_sees(sheets: dict[str, dict[str, Any]],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The PDFs are styled first by WeasyPrint's HTML stylesheet less the pseudo-elements they never have
    (pdf.UA_TRIMS: about 7 % of each render's CPU). The same words in the same places as with WeasyPrint's
    own, and nothing else taken out of it."""
    from weasyprint.html import UA

    from decision_aid import pdf as pdf_module

    trimmed = pdf_module.user_agent_css()
    assert "\n::footnote-call" not in trimmed and "\nli::marker {" in trimmed
    assert len(UA) - len(trimmed) == sum(len(rule) - len(kept) for rule, kept in pdf_module.UA_TRIMS)
    pdf_css = render.PDF_CSS.read_text(encoding="utf-8")
    assert "footnote" not in pdf_css and "list-item" not in pdf_css  # what the trims rely on

    sheet = next(iter(sheets.values()))
    ours = sheet_pdf(sheet, full=True)
    from weasyprint import HTML
    monkeypatch.setitem(_pdf_resources(), "html", HTML)
    theirs = sheet_pdf(sheet, full=True)
    assert _pdftotext(ours, "-layout") == _pdftotext(theirs, "-layout")
    assert len(PdfReader(io.BytesIO(ours)).pages) == len(PdfReader(io.BytesIO(theirs)).pages)
