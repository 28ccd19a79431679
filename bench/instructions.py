"""Instructions per request, counted by callgrind: a figure that does not move with the machine's load.

    .venv/bin/python bench/instructions.py [--paths /sheet,/about-you] [--language es] [--requests 10]

Each page is requested through Flask's test client with the sample person's session (the every-page
person for a page that does not apply to him, as bench/serve.py), warmed up, then requested --requests
times with callgrind collecting only those requests (`--toggle-collect` on the C function that drives the
loop, `itertools.dropwhile`). A trivial Flask response is counted the same way for scale. Under valgrind a
page costs about 50 times its normal time: start-up and a few requests take about half a minute a page.
Needs Debian's valgrind (`apt-get install valgrind`). Compare two commits by running this in each.
"""

from __future__ import annotations

import argparse
import itertools
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TOGGLE = "dropwhile_next"  # the C function inside which the measured requests run


def _requests(path: str, language: str, count: int) -> None:
    """(Under callgrind) warm up, then make `count` requests inside itertools.dropwhile."""
    sys.path.insert(0, str(ROOT))
    import gc

    from bench.samples import EVERY_PAGE_ANSWERS, SAMPLE_ANSWERS

    if path == "trivial":
        from bench.trivial_app import app as trivial

        client: Any = trivial.test_client()
        path = "/"
    else:
        from bench.sheet import _app, _client

        app = _app()
        extra = {} if language == "en" else {"language": language}
        for answers in (SAMPLE_ANSWERS, EVERY_PAGE_ANSWERS):
            client = _client(app, {**answers, **extra})
            if client.get(path).status_code == 200:
                break
        else:
            raise SystemExit(f"{path} does not answer 200 for either person")
    for _ in range(5):
        client.get(path)
    gc.collect()
    list(itertools.dropwhile(lambda _i: (client.get(path), True)[1], range(count)))


def count(path: str, language: str, requests: int) -> int:
    """Instructions per request for `path`, from a callgrind run of this script."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        subprocess.run(["valgrind", "--tool=callgrind", "--collect-atstart=no", f"--toggle-collect={TOGGLE}",  # noqa: S603,S607
                        f"--callgrind-out-file={out}", sys.executable, __file__, "--inner", path,
                        "--language", language, "--requests", str(requests)],
                       cwd=ROOT, check=True, capture_output=True)
        match = re.search(r"^(?:summary|totals): (\d+)", out.read_text(), re.MULTILINE)
        if not match:
            raise RuntimeError("callgrind wrote no total")
        return int(match.group(1)) // requests


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paths", default="/sheet,/about-you,/medicine-details,/check-answers")
    parser.add_argument("--language", default="en")
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--inner", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        _requests(args.inner, args.language, args.requests)
        return 0
    if not shutil.which("valgrind"):
        print("valgrind is missing: apt-get install valgrind", file=sys.stderr)
        return 2
    trivial = count("trivial", "en", args.requests)
    print(f"language {args.language}; instructions per request (callgrind, {args.requests} requests, test client)")
    print(f"{'trivial Flask response':30} {trivial / 1e6:8.2f} M")
    for path in args.paths.split(","):
        n = count(path, args.language, args.requests)
        print(f"{path:30} {n / 1e6:8.2f} M  ({n / trivial:.1f}x trivial)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
