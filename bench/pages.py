"""Median in-process time per journey step page (GET and a valid POST), against a trivial Flask response.

Run: `.venv/bin/python bench/pages.py [--iterations N]`. Uses the Flask test client (no network), with
CSRF off so the POST measures our work. The target is every step page at or under 5 ms median.
Machines are noisy: compare the ratios measured in the same run.
"""

from __future__ import annotations

import argparse
import copy
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask import Flask  # noqa: E402

from bench.samples import EVERY_PAGE_POSTS  # noqa: E402
from decision_aid import create_app  # noqa: E402

TARGET_MS = 5.0

# A valid POST for each page, for a person to whom every page applies.
POSTS: dict[str, dict[str, Any]] = EVERY_PAGE_POSTS


def _median_ms(fn: Callable[[], Any], iterations: int) -> float:
    for _ in range(max(3, iterations // 10)):  # warm up (template compile, caches)
        fn()
    times = []
    for _ in range(iterations):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _walk(client: Any) -> dict[str, Any]:
    """Answer every page once so each page sees a realistic session; return the finished document."""
    for slug, data in POSTS.items():
        response = client.post(f"/{slug}", data=data)
        assert response.status_code == 302, (slug, response.status_code)
    with client.session_transaction() as sess:
        return copy.deepcopy(sess["answers"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=300)
    args = parser.parse_args(argv)
    n = args.iterations

    trivial = Flask("trivial")
    trivial.add_url_rule("/", "index", lambda: "ok")
    trivial_client = trivial.test_client()
    base_ms = _median_ms(lambda: trivial_client.get("/"), n)

    app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False,
                      "SECRET_KEY": "bench-secret-key-0123456789abcdef0123456789"})
    client = app.test_client()
    _walk(client)

    rows = []
    for slug, data in POSTS.items():
        def get(slug: str = slug) -> None:
            assert client.get(f"/{slug}").status_code == 200

        def post(slug: str = slug, data: dict[str, Any] = data) -> None:
            assert client.post(f"/{slug}", data=data).status_code == 302

        rows.append((slug, _median_ms(get, n), _median_ms(post, n)))
    check_ms = _median_ms(lambda: client.get("/check-answers"), n)

    print(f"Median of {n} requests each (Flask test client, in process). Target: every step page <= {TARGET_MS:.0f} ms.")
    print(f"Trivial Flask response: {base_ms:.3f} ms\n")
    print(f"{'page':<18} {'GET ms':>8} {'x trivial':>10} {'POST ms':>8} {'x trivial':>10}  ok")
    worst = 0.0
    for slug, get_ms, post_ms in rows:
        worst = max(worst, get_ms, post_ms)
        ok = "yes" if max(get_ms, post_ms) <= TARGET_MS else "NO"
        print(f"{slug:<18} {get_ms:>8.2f} {get_ms / base_ms:>10.1f} {post_ms:>8.2f} {post_ms / base_ms:>10.1f}  {ok}")
    print(f"{'check-answers':<18} {check_ms:>8.2f} {check_ms / base_ms:>10.1f} {'':>8} {'':>10}  (not a step page)")
    print(f"\nSlowest step page: {worst:.2f} ms ({'within' if worst <= TARGET_MS else 'over'} the {TARGET_MS:.0f} ms target)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
