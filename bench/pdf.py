#!/usr/bin/env python3
"""Benchmark the options-sheet PDF against the reference workload, in the same process and run.

    .venv/bin/python bench/pdf.py [--renders 20] [--memory-renders 200] [--language es]

Renders the appointment PDF (`/sheet.pdf`) for a realistic person (bench/samples.py's sample
answers, with a SURE result and three questions of their own) and the reference document of
bench/pdf_reference.py (plain WeasyPrint: inline <svg> with 100 <circle>s, a new font
configuration and CSS parsed every render; in this process it shares the zlib level that
decision_aid.pdf gives WeasyPrint's PDF writer). The two are rendered alternately, so machine noise
hits both alike; it prints the median ms per page of each, their ratio, and then the growth of the
process's memory (RSS) over --memory-renders renders of the sheet. The whole-sheet PDF
(`/sheet-full.pdf`) is timed too, for information: the targets are for `/sheet.pdf`.

Targets (issue 4): ms per page ≤ 0.6 × the reference; memory growth ≤ 5 MB over 200 renders.
"""

from __future__ import annotations

import argparse
import copy
import gc
import importlib.util
import json
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))


def _reference_module() -> Any:
    spec = importlib.util.spec_from_file_location("pdf_reference", HERE / "pdf_reference.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def persona_sheet(language: str = "en") -> tuple[dict[str, Any], str]:
    """A realistic sheet: the sample person's, with a SURE result and questions of their own (built and,
    in main, rendered in `language`)."""
    from bench.samples import SAMPLE_ANSWERS

    answers = copy.deepcopy(SAMPLE_ANSWERS)
    answers["sure"] = {"sure": False, "understand": True, "risks": True, "encouragement": True}
    answers["goals"]["own_questions"] = [
        "How long before I know if a new medicine works?",
        "Can I keep cycling to work & swimming if I start an injection?",
        'What does "very high disease activity" mean for my spine in 10 years?',
    ]
    from decision_aid.i18n import content_for
    from decision_aid.sheet import build_sheet

    if language != "en":
        answers["language"] = language
    ANSWERS.clear()
    ANSWERS.update(answers)  # the appointment PDF carries the answers file (issue 15): timed with it
    return build_sheet(content_for(language), answers), f"build_sheet(sample answers, {language})"


def _in_language(language: str) -> Any:
    """An app and request context with `language` forced, for building and rendering in it."""
    from contextlib import ExitStack

    from flask_babel import force_locale

    from decision_aid import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "bench-secret-key-0123456789abcdef0123"})
    stack = ExitStack()
    stack.enter_context(app.test_request_context("/"))
    stack.enter_context(force_locale(language))
    return stack


ANSWERS: dict[str, Any] = {}


def rss_mb() -> float:
    import psutil

    return float(psutil.Process().memory_info().rss) / (1024 * 1024)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=20, help="timed renders of each document")
    parser.add_argument("--memory-renders", type=int, default=200, help="renders for the memory figure")
    parser.add_argument("--language", default="en", help="the sheet's language (en, es)")
    args = parser.parse_args()
    _in_language(args.language)  # kept entered for the whole run

    from weasyprint import HTML

    from decision_aid import pdf, render

    reference = _reference_module()
    ref_html = reference.document()
    sheet, source = persona_sheet(args.language)

    pages = {full: len(pdf.render_document(sheet, full=full).pages) for full in (False, True)}  # the same each time

    def ours() -> tuple[float, int]:  # as /sheet.pdf makes it: laid out, written, its garbage collected
        start = time.perf_counter()
        pdf.sheet_pdf(sheet, answers=ANSWERS)
        return (time.perf_counter() - start) * 1000, pages[False]

    def full() -> tuple[float, int]:
        start = time.perf_counter()
        pdf.sheet_pdf(sheet, full=True)
        return (time.perf_counter() - start) * 1000, pages[True]

    def theirs() -> tuple[float, int]:
        start = time.perf_counter()
        document = HTML(string=ref_html, base_url=str(HERE) + "/").render()
        document.write_pdf()
        return (time.perf_counter() - start) * 1000, len(document.pages)

    for _ in range(2):  # warm-up: imports, fonts, parsed CSS, caches
        ours()
        theirs()
    full()
    our_ms: list[float] = []
    ref_ms: list[float] = []
    full_ms: list[float] = []
    our_pages = ref_pages = full_pages = 0
    for i in range(args.renders):  # alternate, so load on the machine hits both alike
        ms, our_pages = ours()
        our_ms.append(ms)
        ms, ref_pages = theirs()
        ref_ms.append(ms)
        if i % 4 == 0:  # the whole sheet, for information, less often
            ms, full_pages = full()
            full_ms.append(ms)
    ours_median = statistics.median(our_ms)
    ref_median = statistics.median(ref_ms)
    ours_per_page = ours_median / our_pages
    ref_per_page = ref_median / ref_pages

    gc.collect()
    before = rss_mb()
    for _ in range(args.memory_renders):
        pdf.sheet_pdf(sheet, answers=ANSWERS)
    gc.collect()
    after = rss_mb()

    def text_kb(html: str) -> float:
        html = re.sub(r"<style>.*?</style>", "", html, flags=re.S)
        return len(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))) / 1024

    our_kb = text_kb(render.sheet_html(sheet, brief=True).split("</style>", 1)[-1])
    full_median = statistics.median(full_ms)
    ref_kb = text_kb(ref_html)
    result = {
        "sheet": source,
        "renders": args.renders,
        "sheet_pages": our_pages,
        "sheet_ms_median": round(ours_median, 1),
        "sheet_ms_per_page": round(ours_per_page, 1),
        "reference_pages": ref_pages,
        "reference_ms_median": round(ref_median, 1),
        "reference_ms_per_page": round(ref_per_page, 1),
        "ratio_per_page": round(ours_per_page / ref_per_page, 3),
        "sheet_text_kb_per_page": round(our_kb / our_pages, 2),
        "reference_text_kb_per_page": round(ref_kb / ref_pages, 2),
        "ratio_per_kb_of_text": round((ours_median / our_kb) / (ref_median / ref_kb), 3),
        "target_ratio": 0.6,
        "full_sheet_pages": full_pages,
        "full_sheet_ms_median": round(full_median, 1),
        "full_sheet_ratio_per_page": round((full_median / full_pages) / ref_per_page, 3),
        "memory_renders": args.memory_renders,
        "rss_before_mb": round(before, 1),
        "rss_after_mb": round(after, 1),
        "rss_growth_mb": round(after - before, 2),
        "target_growth_mb": 5.0,
    }
    print(f"sheet:     {ours_median:7.1f} ms for {our_pages} pages = {ours_per_page:6.1f} ms/page  ({source})")
    print(f"reference: {ref_median:7.1f} ms for {ref_pages} pages = {ref_per_page:6.1f} ms/page")
    print(f"ratio (ms per page, sheet / reference): {result['ratio_per_page']:.3f}  (target <= 0.6)")
    print(f"full sheet (/sheet-full.pdf, for information): {full_median:7.1f} ms for {full_pages} pages = "
          f"{full_median / full_pages:6.1f} ms/page, ratio {result['full_sheet_ratio_per_page']:.3f}")
    print(f"text per page: sheet {our_kb / our_pages:.2f} KB, reference {ref_kb / ref_pages:.2f} KB; "
          f"ms per KB of text, sheet / reference: {result['ratio_per_kb_of_text']:.3f}")
    print(f"memory: RSS {before:.1f} MB -> {after:.1f} MB over {args.memory_renders} renders: "
          f"{after - before:+.2f} MB  (target <= 5 MB)")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
