"""Serving benchmark (not a test): gunicorn with 2 sync workers, wrk on loopback, all in one run.

Compares each page's throughput with a trivial Flask response served the same way in the same run,
so the figures survive a noisy machine; the trivial response is measured again at the end, and if
that row is far from 100 % the machine's speed changed during the run and the ratios are rough.
A real session cookie (the sample person's answers, bench/samples.py) is sent for the pages that
need one; the two step pages that do not apply to him (pregnancy, medicine details) are measured
with the every-page person. Every step page is measured by default.

    .venv/bin/python bench/serve.py [--duration 8] [--connections 8] [--step-paths /about-you,/symptoms]
    .venv/bin/python bench/serve.py --language es     # every page in Spanish (answers and Accept-Language)

Targets (issue 5): step page ≥ 15 % of trivial; /sheet ≥ 5 %; 0 errors; /sheet.pdf p99 < 1.5 s at
4 connections. Needs Debian's `wrk` (`apt-get install wrk`).
"""

from __future__ import annotations

import argparse
import re
import shutil
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=8, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--pdf-connections", type=int, default=4)
    parser.add_argument("--step-paths", default=",".join(f"/{p.slug}" for p in PAGES),
                        help="question pages to measure (comma-separated; default: every step page)")
    parser.add_argument("--language", default="en", help="the pages' language (en, es)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is missing: apt-get install wrk", file=sys.stderr)
        return 2

    language = {} if args.language == "en" else {"language": args.language}
    cookie = session_cookie({**SAMPLE_ANSWERS, **language})
    every_page_cookie = session_cookie({**EVERY_PAGE_ANSWERS, **language})
    rows: list[tuple[str, dict[str, float]]] = []
    with gunicorn("bench.trivial_app:app", health_path="/") as (base, _):
        rows.append(("trivial Flask response", run_wrk(base + "/", duration=args.duration, connections=args.connections)))
    with gunicorn(env={"DECISION_AID_ENV": "production"}) as (base, _):
        pages = [("start page /", "/", None)]
        for path in args.step_paths.split(","):
            page_cookie = cookie if status_of(base + path, cookie) == 200 else every_page_cookie
            if status_of(base + path, page_cookie) != 200:
                raise SystemExit(f"{path} does not answer 200 for either person: it would measure a redirect")
            note = "" if page_cookie == cookie else " (every-page person)"
            pages.append((f"step page {path}{note}", path, page_cookie))
        pages += [("check answers /check-answers", "/check-answers", cookie), ("options sheet /sheet", "/sheet", cookie)]
        for label, path, page_cookie in pages:
            rows.append((label, run_wrk(base + path, duration=args.duration, connections=args.connections,
                                        cookie=page_cookie, language=args.language)))
        rows.append((f"PDF /sheet.pdf ({args.pdf_connections} conn.)",
                     run_wrk(base + "/sheet.pdf", duration=args.duration, connections=args.pdf_connections, cookie=cookie,
                             language=args.language)))
    with gunicorn("bench.trivial_app:app", health_path="/") as (base, _):  # how much the machine drifted meanwhile
        again = run_wrk(base + "/", duration=args.duration, connections=args.connections)

    trivial = rows[0][1]["rps"]
    print(f"language {args.language}; gunicorn 2 sync workers, wrk {args.duration} s per page, "
          f"{args.connections} connections (PDF: {args.pdf_connections})")
    print(f"{'page':50} {'req/s':>9} {'p50 ms':>9} {'p99 ms':>9} {'errors':>7} {'of trivial':>11}")
    for label, r in rows:
        print(f"{label:50} {r['rps']:9.1f} {r['p50_ms']:9.1f} {r['p99_ms']:9.1f} {r['errors']:7d} {r['rps'] / trivial:10.1%}")
    print(f"{'trivial Flask response, again at the end':50} {again['rps']:9.1f} {again['p50_ms']:9.1f} "
          f"{again['p99_ms']:9.1f} {again['errors']:7d} {again['rps'] / trivial:10.1%}")
    steps = [(label, r) for label, r in rows if label.startswith(("step page", "check answers"))]
    label, slowest = min(steps, key=lambda row: row[1]["rps"])
    share = slowest["rps"] / trivial
    print(f"Slowest step or check-answers page: {label}, {share:.1%} of trivial "
          f"(target >= {STEP_TARGET:.0%}: {'met' if share >= STEP_TARGET else 'not met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
