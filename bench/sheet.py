"""In-process cost of the options sheet page (`GET /sheet`), in parts, and snapshots to compare output.

    .venv/bin/python bench/sheet.py [--iterations 200]      # median CPU ms: GET, build_sheet, view_model, render
    .venv/bin/python bench/sheet.py --profile               # cProfile of the GET, top functions by own time
    .venv/bin/python bench/sheet.py --snapshot DIR          # sheet JSON, standalone HTML, web page per person

The person is bench/samples.py's SAMPLE_ANSWERS (the one `bench/serve.py` sends); snapshots are made
for each of its people (tests/golden.py checks every persona's JSON, HTML and PDFs). Snapshots let a
change be checked for byte-identical output: run before and after, then `diff -r` the two folders
(the CSRF token is blanked; the JSON and standalone HTML are made at a fixed time, the web page
through the app, dated today, so compare runs from the same day). Figures are CPU time, which a
busy shared machine disturbs less than wall time; compare runs made one after the other.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import json
import pstats
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask import Flask, render_template  # noqa: E402

from bench.samples import PEOPLE, SAMPLE_ANSWERS  # noqa: E402
from decision_aid import create_app, presentation, render  # noqa: E402
from decision_aid.sheet import build_sheet  # noqa: E402

FIXED_NOW = dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.UTC)
_CSRF = re.compile(r'(name="csrf_token" value=")[^"]*(")')


def _app() -> Flask:
    return create_app({"TESTING": True, "SECRET_KEY": "bench-secret-key-0123456789abcdef0123456789"})


def _client(app: Flask, answers: dict[str, Any]) -> Any:
    client = app.test_client()
    with client.session_transaction() as sess:
        sess["answers"] = answers
    return client


def _median_ms(fn: Callable[[], Any], iterations: int) -> float:
    """Median CPU time of one call (process time: less disturbed than wall time on a shared machine)."""
    for _ in range(max(3, iterations // 10)):
        fn()
    times = []
    for _ in range(iterations):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return statistics.median(times) * 1000


def measure(iterations: int) -> None:
    app = _app()
    content = app.extensions["content"]
    client = _client(app, SAMPLE_ANSWERS)

    def get() -> None:
        response = client.get("/sheet")
        assert response.status_code == 200, response.status_code

    size = len(client.get("/sheet").data)
    sheet = build_sheet(content, SAMPLE_ANSWERS)
    vm = presentation.view_model(sheet)
    links = {"pdf": "/sheet.pdf", "save": "/save-answers", "change": "/check-answers", "sure": "/sheet/sure"}
    with app.test_request_context("/sheet"):
        def page() -> None:
            render_template("sheet/page.html", **vm, grid_cells=presentation.web_grid_cells(vm), links=links,
                            csrf_token_value="x", sure_errors={},  # noqa: S106 - not a secret
                            sure_values={})
        rows = [
            ("GET /sheet (test client)", _median_ms(get, iterations)),
            ("  build_sheet", _median_ms(lambda: build_sheet(content, SAMPLE_ANSWERS), iterations)),
            ("  view_model", _median_ms(lambda: presentation.view_model(sheet), iterations)),
            ("  render sheet/page.html", _median_ms(page, iterations)),
            ("standalone HTML (PDF's, web=false)", _median_ms(lambda: render.document(presentation.view_model(sheet)),
                                                              iterations)),
        ]
    print(f"Median CPU time of {iterations} runs; page is {size / 1024:.0f} KiB")
    for label, ms in rows:
        print(f"{label:38} {ms:7.2f} ms")


def profile(iterations: int) -> None:
    app = _app()
    client = _client(app, SAMPLE_ANSWERS)
    for _ in range(5):
        client.get("/sheet")
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(iterations):
        client.get("/sheet")
    prof.disable()
    stats = pstats.Stats(prof)
    stats.sort_stats("tottime").print_stats(30)
    stats.sort_stats("cumulative").print_stats(40)


def snapshot(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    app = _app()
    content = app.extensions["content"]
    people = list(PEOPLE.items())
    for name, answers in people:
        sheet = build_sheet(content, answers, now=FIXED_NOW)
        (folder / f"{name}.sheet.json").write_text(json.dumps(sheet, indent=1, ensure_ascii=False), encoding="utf-8")
        (folder / f"{name}.document.html").write_text(render.sheet_html(sheet), encoding="utf-8")
        body = _client(app, answers).get("/sheet").get_data(as_text=True)
        (folder / f"{name}.web.html").write_text(_CSRF.sub(r"\1\2", body), encoding="utf-8")
    print(f"{len(people)} people, 3 files each (sheet JSON, standalone HTML, web page), in {folder}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--snapshot", type=Path)
    args = parser.parse_args(argv)
    if args.snapshot:
        snapshot(args.snapshot)
    elif args.profile:
        profile(args.iterations)
    else:
        measure(args.iterations)
    return 0


if __name__ == "__main__":
    sys.exit(main())
