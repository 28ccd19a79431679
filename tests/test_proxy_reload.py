"""Operations under load, through nginx: graceful reloads of nginx and of each gunicorn instance (HUP)
and a rolling restart of both instances (a release) lose no request; with every instance down,
people get the friendly "not available" page, never nginx's bare 502."""

from __future__ import annotations

import threading
import time
import urllib.error
from collections import Counter
from collections.abc import Callable, Iterator

import psutil
import pytest
from journey_driver import Person, posts_for
from proxy_helpers import via_proxy
from test_journey_helpers import MALE_POSTS

from bench.proxy import Proxy, nginx_missing_reason, proxy
from bench.serving import stop_process

pytestmark = pytest.mark.slow
CONNECTIONS = 4
LOAD_SECONDS_MAX = 90  # the load stops when the reloads are done, or after this at the latest


@pytest.fixture(scope="module")
def setup() -> Iterator[Proxy]:
    reason = nginx_missing_reason()
    if reason:
        pytest.skip(reason)
    with proxy(2, pdf_rate="100r/s", pdf_at_once=100) as running:  # this load is about reloads, not the PDF limits
        yield running


def _person_under_load(setup: Proxy, number: int, stop: threading.Event, results: list[str]) -> None:
    """One person going round: answer a page (GET for the token, POST, redirect), the sheet, its PDF,
    the stylesheet. Each request is a new TLS connection, as after a browser's idle timeout."""
    person = Person(setup.base, context=setup.ssl_context(), timeout=30)
    person.walk(posts_for(f"zqreload{number}", 30 + number))
    deadline = time.monotonic() + LOAD_SECONDS_MAX
    while not stop.is_set() and time.monotonic() < deadline:
        for path in ("/symptoms", "/sheet", "/sheet.pdf", "/static/css/app.css"):
            try:
                response = person.post_form(path, MALE_POSTS["symptoms"]) if path == "/symptoms" else person.get(path)
                results.append(f"{path} {response.status}")
            except (OSError, urllib.error.URLError, AssertionError) as exc:  # a dropped connection, a page without a token
                results.append(f"{path} {type(exc).__name__}: {str(exc)[:120]}")


def _children(pid: int) -> set[int]:
    return {child.pid for child in psutil.Process(pid).children()}


def _wait_until(condition: Callable[[], bool], timeout: float = 20) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def _new_workers(pid: int, old: set[int]) -> bool:
    """Every worker the master `pid` had before a reload is gone, and it has workers again."""
    return _wait_until(lambda: bool(_children(pid)) and not _children(pid) & old)


def test_reloads_and_a_rolling_restart_under_load_lose_no_request(setup: Proxy) -> None:
    stop = threading.Event()
    results: list[str] = []
    threads = [threading.Thread(target=_person_under_load, args=(setup, n, stop, results)) for n in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    try:
        assert _wait_until(lambda: len(results) >= 2 * CONNECTIONS, timeout=60), "the load did not start"
        nginx_workers = _children(setup.nginx.pid)
        for _ in range(2):
            setup.reload_nginx()
            time.sleep(1.5)
        assert _new_workers(setup.nginx.pid, nginx_workers), "nginx kept its old workers"
        for index, instance in enumerate(setup.instances):
            old_workers = _children(instance.proc.pid)
            setup.reload_instance(index)
            assert _new_workers(instance.proc.pid, old_workers), "gunicorn kept its old workers"
            time.sleep(1)
        before_restarts = len(results)
        for index in range(len(setup.instances)):  # a release: one instance at a time, each back before the next
            setup.restart_instance(index)
            time.sleep(1)
        assert len(results) > before_restarts + 10, "the load went on during the restarts"
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    counts = Counter(results)
    failed = {outcome: n for outcome, n in counts.items() if not outcome.endswith(" 200")}
    assert failed == {}, f"lost requests during the reloads: {failed} (of {len(results)})"
    assert len(results) > 100


def test_with_every_instance_down_people_get_the_friendly_unavailable_page(setup: Proxy) -> None:
    for instance in setup.instances:
        stop_process(instance.proc)
    response = via_proxy(setup, "/about-you")
    assert response.status == 502
    assert "Sorry, the service is not available right now" in response.text
    assert "Your answers have not been lost" in response.text
    assert response.headers.get("Retry-After") == "30" and response.headers.get("Cache-Control") == "no-store"
    assert via_proxy(setup, "/static/css/app.css").status == 200  # nginx still serves the files itself
