"""The people the benchmarks measure, read from answers files in bench/data/.

A benchmark must run with only the app's own packages installed, so bench/ keeps its people as data
files (answers documents, as "Save my answers" writes them) and never imports the test suite.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"


def load(name: str) -> Any:
    """The JSON file `bench/data/<name>.json`."""
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


# A man in GB, NSAIDs helping only partly, high disease activity: the sample person of every benchmark.
SAMPLE_ANSWERS: dict[str, Any] = load("sample.answers")
# A woman in the US who has tried two advanced medicines: every question page applies to her.
EVERY_PAGE_ANSWERS: dict[str, Any] = load("every-page.answers")
# The form posts, page by page in journey order, that give EVERY_PAGE_ANSWERS.
EVERY_PAGE_POSTS: dict[str, dict[str, Any]] = load("every-page.posts")
# Adalimumab not working and high disease activity: many rules fire.
BUSY_ANSWERS: dict[str, Any] = load("busy.answers")

PEOPLE: dict[str, dict[str, Any]] = {"sample": SAMPLE_ANSWERS, "every-page": EVERY_PAGE_ANSWERS, "busy": BUSY_ANSWERS}
