"""Golden output: digests of what every persona gets (the JSON sheet, the standalone HTML, and the text of
both PDFs), so a restructuring can prove that its output is byte-identical.

    .venv/bin/python tests/golden.py --record        # after a change that is meant to change output
    .venv/bin/python tests/golden.py --check [--pdf]  # every persona; --pdf adds both PDFs (about 2 minutes)

tests/test_golden.py checks the JSON and HTML of every persona, and the PDFs of a few, on every run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from personas import PERSONAS  # noqa: E402

DIGESTS = Path(__file__).resolve().parent / "data" / "golden.json"
NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
KINDS = ("json", "html", "pdf_text", "pdf_full_text")


def _sha(data: str | bytes) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()[:16]


def _pdf_text(pdf: bytes) -> str:
    done = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True)  # noqa: S607
    return done.stdout.decode("utf-8")


def outputs(name: str, *, pdf: bool) -> dict[str, str]:
    """The digests of one persona's outputs (the PDFs' only with `pdf`)."""
    from decision_aid import render
    from decision_aid.engine import load_content_cached
    from decision_aid.pdf import sheet_pdf
    from decision_aid.sheet import build_sheet

    persona = next(p for p in PERSONAS if p.name == name)
    sheet = build_sheet(load_content_cached(), persona.answers, now=NOW)
    out = {"json": _sha(json.dumps(sheet, ensure_ascii=False, sort_keys=True)), "html": _sha(render.sheet_html(sheet))}
    if pdf:
        out["pdf_text"] = _sha(_pdf_text(sheet_pdf(sheet)))
        out["pdf_full_text"] = _sha(_pdf_text(sheet_pdf(sheet, full=True)))
    return out


def _outputs_with_pdf(name: str) -> dict[str, str]:
    return outputs(name, pdf=True)


def every(*, pdf: bool) -> dict[str, dict[str, str]]:
    names = [p.name for p in PERSONAS]
    if not pdf:
        return {name: outputs(name, pdf=False) for name in names}
    with ProcessPoolExecutor(max_workers=2) as pool:
        return dict(zip(names, pool.map(_outputs_with_pdf, names), strict=True))


def recorded() -> dict[str, dict[str, str]]:
    loaded: dict[str, dict[str, str]] = json.loads(DIGESTS.read_text(encoding="utf-8"))
    return loaded


def differences(found: dict[str, dict[str, str]], kinds: tuple[str, ...] = KINDS) -> list[str]:
    want = recorded()
    out = [f"{name}: no recorded digests" for name in found if name not in want]
    for name, got in found.items():
        for kind in kinds:
            if kind in got and name in want and got[kind] != want[name].get(kind):
                out.append(f"{name}: {kind} differs")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--record", action="store_true")
    action.add_argument("--check", action="store_true")
    parser.add_argument("--pdf", action="store_true", help="with --check: the PDFs too (always with --record)")
    args = parser.parse_args(argv)
    if args.record:
        DIGESTS.write_text(json.dumps(every(pdf=True), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"recorded {len(PERSONAS)} personas in {DIGESTS}")
        return 0
    problems = differences(every(pdf=args.pdf))
    print("\n".join(problems) or f"all {len(PERSONAS)} personas identical ({'with' if args.pdf else 'without'} PDFs)")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())

