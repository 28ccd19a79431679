"""Faults under gunicorn: a worker killed with SIGKILL mid-load does not fail the next requests."""

from __future__ import annotations

import os
import signal
import threading
import time
import urllib.error
import urllib.request

import psutil
import pytest

from bench.serving import gunicorn

pytestmark = pytest.mark.slow


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def test_killed_worker_does_not_fail_the_next_requests() -> None:
    with gunicorn() as (base, master):
        stop = threading.Event()
        background: list[int | str] = []

        def load() -> None:
            while not stop.is_set():
                try:
                    background.append(_get(base + "/"))
                except OSError as exc:  # the request the killed worker was serving may break
                    background.append(type(exc).__name__)

        threads = [threading.Thread(target=load) for _ in range(4)]
        for t in threads:
            t.start()
        time.sleep(0.5)
        workers = psutil.Process(master.pid).children()
        assert len(workers) == 2
        os.kill(workers[0].pid, signal.SIGKILL)
        time.sleep(0.2)
        after = [_get(base + "/") for _ in range(40)]
        stop.set()
        for t in threads:
            t.join(timeout=10)
        assert after == [200] * 40
        assert background.count(200) > 10  # the load really ran
        deadline = time.monotonic() + 10
        while len(psutil.Process(master.pid).children()) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(psutil.Process(master.pid).children()) == 2  # the master replaced the worker
