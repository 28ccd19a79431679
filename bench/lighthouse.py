"""Lighthouse (12.x) on the start page and the options sheet at phone size (not a test): prints the scores.

Starts the production set-up on loopback (bench/proxy.py: nginx with TLS, HTTP/2 and compression in
front of gunicorn, as deploy/ sets up a host; `--direct` for gunicorn alone), gets a session with answers the
way a person does (the start page's CSRF token and cookie, then the sample answers file posted to
Resume), and runs Lighthouse with Debian's Chromium (`CHROME_PATH`, default /usr/bin/chromium) in
its default mobile emulation (a phone, simulated slow 4G and a slower CPU) on each page, the cookie
passed with `--extra-headers`. Nothing leaves the machine: the pages make no outside requests, and
Lighthouse is installed into bench/.lighthouse/node_modules (npm, once, pinned; never globally).

    .venv/bin/python bench/lighthouse.py [--runs 1] [--keep DIR] [--desktop] [--direct]

Targets (issue 13): performance ≥ 95, accessibility 100, best practices 100 (SEO is printed too).
With `--direct` the pages come uncompressed over plain HTTP (the app leaves compression to nginx),
so its performance figure is a lower bound. `--runs N` prints each page's median of N runs.
"""

from __future__ import annotations

import argparse
import contextlib
import http.cookiejar
import json
import os
import re
import shutil
import ssl
import statistics
import subprocess
import sys
import tempfile
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.samples import DATA  # noqa: E402
from bench.serving import gunicorn  # noqa: E402

LIGHTHOUSE = "lighthouse@12.8.2"  # pinned: scores move between releases
HERE = Path(__file__).resolve().parent / ".lighthouse"
CLI = HERE / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100}


def install() -> None:
    """Lighthouse into bench/.lighthouse (once; the pinned version)."""
    if CLI.exists():
        version = json.loads((CLI.parent.parent / "package.json").read_text())["version"]
        if version == LIGHTHOUSE.split("@")[1]:
            return
    if not shutil.which("npm"):
        sys.exit("npm is needed to install Lighthouse (apt-get install npm)")
    HERE.mkdir(exist_ok=True)
    subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--no-save", "--prefix", str(HERE), LIGHTHOUSE],  # noqa: S607
                   check=True)


@contextlib.contextmanager
def serve(direct: bool) -> Iterator[tuple[str, ssl.SSLContext | None]]:
    """(base URL, the TLS context that trusts it): nginx in front of two instances, or gunicorn alone."""
    if direct:
        with gunicorn(workers=2) as (base, _proc):
            yield base, None
        return
    from bench.proxy import proxy

    with proxy(instances=2) as setup:
        yield setup.base, setup.ssl_context()


def session_with_answers(base: str, context: ssl.SSLContext | None) -> str:
    """The Cookie header of a session holding the sample answers, loaded through Resume as a person would."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar),
                                         urllib.request.HTTPSHandler(context=context))
    start = opener.open(base + "/").read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', start)
    if not token:
        sys.exit("the start page has no CSRF token")
    boundary = uuid.uuid4().hex
    file_body = (DATA / "sample.answers.json").read_bytes()
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token.group(1)}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="answers"; filename="answers.json"\r\n'
            f"Content-Type: application/json\r\n\r\n").encode() + file_body + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(base + "/resume", data=body, method="POST",  # noqa: S310 - loopback
                                     headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    with opener.open(request) as response:
        if not response.url.endswith("/check-answers"):
            sys.exit(f"Resume did not accept the sample answers (ended at {response.url})")
    with opener.open(base + "/sheet") as response:
        if not response.url.endswith("/sheet"):
            sys.exit("the session has no complete answers")
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def lighthouse(url: str, *, cookie: str | None, desktop: bool, keep: Path | None, name: str) -> dict[str, float]:
    """One Lighthouse run; the four category scores (0 to 100)."""
    chrome = os.environ.get("CHROME_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        cmd = ["node", str(CLI), url, "--quiet", "--output=json", f"--output-path={out}",
               f"--only-categories={','.join(CATEGORIES)}",
               "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking "
               "--disable-component-update --no-first-run --ignore-certificate-errors"]
        if desktop:
            cmd.append("--preset=desktop")
        if cookie:
            headers = Path(tmp) / "headers.json"
            headers.write_text(json.dumps({"Cookie": cookie}))
            cmd.append(f"--extra-headers={headers}")
        subprocess.run(cmd, check=True, env={**os.environ, "CHROME_PATH": chrome}, timeout=300)  # noqa: S603
        report = json.loads(out.read_text())
        if keep:
            keep.mkdir(parents=True, exist_ok=True)
            shutil.copy(out, keep / f"{name}.json")
    failing = [f"{a['id']} ({a['score']})" for a in report["audits"].values()
               if a.get("score") is not None and a["score"] < 1 and a.get("scoreDisplayMode") in ("binary", "numeric")
               and any(a["id"] == ref["id"] for c in report["categories"].values() for ref in c["auditRefs"]
                       if c["id"] != "performance" or ref.get("weight"))]
    scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
    scores["_failing"] = failing  # type: ignore[assignment]
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=1, help="runs per page (the median is printed)")
    parser.add_argument("--keep", type=Path, help="keep each page's JSON report in this folder")
    parser.add_argument("--desktop", action="store_true", help="Lighthouse's desktop preset instead of a phone")
    parser.add_argument("--direct", action="store_true", help="gunicorn alone over HTTP, without nginx")
    args = parser.parse_args()
    install()
    with serve(args.direct) as (base, context):
        cookie = session_with_answers(base, context)
        pages = {"start page /": (base + "/", None), "options sheet /sheet": (base + "/sheet", cookie)}
        print(f"Lighthouse {LIGHTHOUSE.split('@')[1]}, {'desktop' if args.desktop else 'mobile (phone)'}, "
              f"{'gunicorn alone' if args.direct else 'behind nginx (TLS, HTTP/2, compression)'}, "
              f"Chromium at {os.environ.get('CHROME_PATH') or shutil.which('chromium')}, {args.runs} run(s) a page")
        print(f"{'page':<24}" + "".join(f"{c:>16}" for c in CATEGORIES))
        all_met = True
        for name, (url, page_cookie) in pages.items():
            runs = [lighthouse(url, cookie=page_cookie, desktop=args.desktop, keep=args.keep,
                               name=f"{name.split()[-1].strip('/') or 'start'}-{i}") for i in range(args.runs)]
            median = {c: statistics.median(r[c] for r in runs) for c in CATEGORIES}
            print(f"{name:<24}" + "".join(f"{median[c]:>16g}" for c in CATEGORIES))
            for category, target in TARGETS.items():
                if median[category] < target:
                    all_met = False
                    print(f"    {category} {median[category]:g} < {target}")
            failing = sorted({a for r in runs for a in r["_failing"]})  # type: ignore[union-attr]
            if failing:
                print("    audits not passed: " + ", ".join(failing))
        print("targets (performance ≥ 95, accessibility 100, best practices 100):", "met" if all_met else "NOT met")


if __name__ == "__main__":
    main()
