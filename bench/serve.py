"""Serving benchmark (not a test): gunicorn with 2 sync workers, wrk on loopback, all in one run.

Compares each page's throughput with a trivial Flask response served the same way in the same run,
so the figures survive a noisy machine: both servers stay up, the trivial response is measured before
the first page and again after each page, and each page is set against the mean of the trivial runs
either side of it (so drift during the run moves both alike). `--rounds N` measures everything N times
and prints medians, with each page's spread over the rounds.
A real session cookie (the sample person's answers, bench/samples.py) is sent for the pages that
need one; the two step pages that do not apply to him (pregnancy, medicine details) are measured
with the every-page person. Every step page is measured by default.

    .venv/bin/python bench/serve.py [--duration 8] [--connections 8] [--rounds 3] [--step-paths /about-you,/symptoms]
    .venv/bin/python bench/serve.py --language es     # every page in Spanish (answers and Accept-Language)

Targets (issue 5): step page ≥ 15 % of trivial; /sheet ≥ 5 %; 0 errors; /sheet.pdf p99 < 1.5 s at
4 connections. Needs Debian's `wrk` (`apt-get install wrk`).
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.samples import EVERY_PAGE_ANSWERS, SAMPLE_ANSWERS  # noqa: E402
from bench.serving import gunicorn, session_cookie  # noqa: E402
from decision_aid.journey.pages import PAGES  # noqa: E402

STEP_TARGET = 0.15  # issue 5: a step page serves at least 15 % of a trivial Flask response's requests/s
SHEET_TARGET = 0.05  # issue 5: the options sheet at least 5 %

UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not match:
        raise ValueError(f"cannot read a latency from {text!r}")
    return float(match.group(1)) * UNITS[match.group(2)]


def run_wrk(url: str, *, duration: int, connections: int, cookie: str | None = None,
            language: str | None = None) -> dict[str, float]:
    """Run wrk once and read requests/s, p50/p99 latency and error counts from its report."""
    cmd = ["wrk", "--latency", "--timeout", "10s", "-t", str(min(2, connections)), "-c", str(connections),
           "-d", f"{duration}s", url]
    if cookie:
        cmd[1:1] = ["-H", f"Cookie: {cookie}"]
    if language:
        cmd[1:1] = ["-H", f"Accept-Language: {language}"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout  # noqa: S603
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"\s50%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"\s99%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = int(non2xx.group(1)) if non2xx else 0
    if socket_errors:
        errors += sum(int(x) for x in socket_errors.groups())
    return {"rps": rps, "p50_ms": p50, "p99_ms": p99, "errors": errors}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def status_of(url: str, cookie: str | None) -> int:
    """The page's own status (redirects not followed): a step page must be a 200, not a redirect elsewhere."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})  # noqa: S310 - loopback
    try:
        with urllib.request.build_opener(_NoRedirect).open(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def _pages(base: str, step_paths: str, cookie: str, every_page_cookie: str) -> list[tuple[str, str, str | None]]:
    """(label, path, cookie) for each page measured: the start page, each step page (with a person it applies
    to), check answers and the sheet."""
    pages: list[tuple[str, str, str | None]] = [("start page /", "/", None)]
    for path in step_paths.split(","):
        page_cookie = cookie if status_of(base + path, cookie) == 200 else every_page_cookie
        if status_of(base + path, page_cookie) != 200:
            raise SystemExit(f"{path} does not answer 200 for either person: it would measure a redirect")
        note = "" if page_cookie == cookie else " (every-page person)"
        pages.append((f"step page {path}{note}", path, page_cookie))
    return [*pages, ("check answers /check-answers", "/check-answers", cookie), ("options sheet /sheet", "/sheet", cookie)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=8, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--pdf-connections", type=int, default=4)
    parser.add_argument("--step-paths", default=",".join(f"/{p.slug}" for p in PAGES),
                        help="question pages to measure (comma-separated; default: every step page)")
    parser.add_argument("--language", default="en", help="the pages' language (en, es)")
    parser.add_argument("--rounds", type=int, default=1,
                        help="measure every page this many times; each figure is the median of the rounds")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is missing: apt-get install wrk", file=sys.stderr)
        return 2

    language = {} if args.language == "en" else {"language": args.language}
    cookie = session_cookie({**SAMPLE_ANSWERS, **language})
    every_page_cookie = session_cookie({**EVERY_PAGE_ANSWERS, **language})
    wrk = {"duration": args.duration, "connections": args.connections}
    # Both servers stay up (an idle one costs nothing) and the trivial response is measured again between
    # pages: each page is set against the mean of the trivial runs just before and just after it, so a
    # machine that speeds up or slows down during the run moves both alike.
    results: dict[str, list[tuple[dict[str, float], float]]] = {}
    trivial_runs: list[float] = []
    with gunicorn("bench.trivial_app:app", health_path="/") as (trivial_base, _), \
            gunicorn(env={"DECISION_AID_ENV": "production"}) as (base, _):
        pages = _pages(base, args.step_paths, cookie, every_page_cookie)
        for _round in range(args.rounds):
            before = run_wrk(trivial_base + "/", **wrk)["rps"]
            trivial_runs.append(before)
            for label, path, page_cookie in pages:
                r = run_wrk(base + path, cookie=page_cookie, language=args.language, **wrk)
                after = run_wrk(trivial_base + "/", **wrk)["rps"]
                trivial_runs.append(after)
                results.setdefault(label, []).append((r, r["rps"] / ((before + after) / 2)))
                before = after
        pdf = run_wrk(base + "/sheet.pdf", duration=args.duration, connections=args.pdf_connections, cookie=cookie,
                      language=args.language)

    def median(values: list[float]) -> float:
        return statistics.median(values)

    print(f"language {args.language}; gunicorn 2 sync workers, wrk {args.duration} s per page, "
          f"{args.connections} connections (PDF: {args.pdf_connections}); {args.rounds} round(s), medians; "
          f"each page against the trivial runs just before and after it")
    print(f"trivial Flask response: {len(trivial_runs)} runs, {min(trivial_runs):.0f} to {max(trivial_runs):.0f} req/s "
          f"(median {median(trivial_runs):.0f})")
    print(f"{'page':50} {'req/s':>9} {'p50 ms':>9} {'p99 ms':>9} {'errors':>7} {'of trivial':>11} {'rounds':>15}")
    shares: dict[str, float] = {}
    for label, runs in results.items():
        share = shares[label] = median([ratio for _r, ratio in runs])
        spread = f"{min(ratio for _r, ratio in runs):.1%}-{max(ratio for _r, ratio in runs):.1%}" if len(runs) > 1 else ""
        print(f"{label:50} {median([r['rps'] for r, _x in runs]):9.1f} {median([r['p50_ms'] for r, _x in runs]):9.1f} "
              f"{median([r['p99_ms'] for r, _x in runs]):9.1f} {sum(int(r['errors']) for r, _x in runs):7d} "
              f"{share:10.1%} {spread:>15}")
    print(f"{'PDF /sheet.pdf (' + str(args.pdf_connections) + ' conn.)':50} {pdf['rps']:9.1f} {pdf['p50_ms']:9.1f} "
          f"{pdf['p99_ms']:9.1f} {int(pdf['errors']):7d}")
    steps = [label for label in shares if label.startswith(("step page", "check answers"))]
    slowest = min(steps, key=lambda label: shares[label])
    print(f"Slowest step or check-answers page: {slowest}, {shares[slowest]:.1%} of trivial "
          f"(target >= {STEP_TARGET:.0%}: {'met' if shares[slowest] >= STEP_TARGET else 'not met'})")
    sheet = shares["options sheet /sheet"]
    print(f"Options sheet: {sheet:.1%} of trivial (target >= {SHEET_TARGET:.0%}: "
          f"{'met' if sheet >= SHEET_TARGET else 'not met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
