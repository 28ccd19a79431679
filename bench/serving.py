"""Run the app under gunicorn on a loopback port, as in production, for load tests and benchmarks.

Shared by `bench/serve.py` and the reliability tests so both measure the same server set-up:
sync workers, one per core, `--max-requests` and a `--timeout` (see the README's production command).
"""

from __future__ import annotations

import os
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH_SECRET = "bench-secret-key-0123456789abcdef0123456789abcdef"  # noqa: S105 - loopback benchmarks only


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, proc: subprocess.Popen[Any], timeout: float = 90.0, *,
                  context: ssl.SSLContext | None = None) -> None:
    """Poll `url` until it answers 200; fail at once, with what it printed to a pipe, if `proc` exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            said = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
            raise RuntimeError(f"{Path(str(proc.args[0])).name} exited with status {proc.returncode} {said}".strip())
        try:
            with urllib.request.urlopen(url, timeout=2, context=context) as response:  # noqa: S310 - loopback only
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


def start_gunicorn(app_spec: str = "decision_aid:create_app()", *, port: int | None = None, workers: int = 2,
                   env: dict[str, str] | None = None, health_path: str = "/healthz",
                   extra_args: list[str] | None = None, log_file: Path | None = None) -> tuple[str, subprocess.Popen[Any]]:
    """Start gunicorn on 127.0.0.1 (a free port unless given) and return (base URL, process) once it answers.

    The default settings are production's except the Secure cookie flag: over plain HTTP on
    loopback a client would not send a Secure cookie back. Pass env={"DECISION_AID_ENV":
    "production"} for the exact production settings (the wrk benchmark sets its Cookie header).
    """
    port = port or free_port()
    full_env = {**os.environ, "DECISION_AID_ENV": "development", "SECRET_KEY": BENCH_SECRET, **(env or {})}
    cmd = [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--worker-class", "sync",
           "--bind", f"127.0.0.1:{port}", "--timeout", "30", "--max-requests", "1000",
           "--max-requests-jitter", "100", "--preload", "--chdir", str(ROOT), *(extra_args or []), app_spec]
    with log_file.open("ab") if log_file else open(os.devnull, "wb") as out:  # the child keeps its own copy
        proc = subprocess.Popen(cmd, cwd=ROOT, env=full_env, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + health_path, proc)
    except BaseException:
        stop_process(proc)
        raise
    return base, proc


def stop_process(proc: subprocess.Popen[Any], graceful: signal.Signals = signal.SIGTERM) -> None:
    """Stop a server: SIGTERM (gunicorn's graceful stop: workers finish their request; nginx's is SIGQUIT), then
    SIGKILL after 10 s."""
    if proc.poll() is None:
        proc.send_signal(graceful)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextmanager
def gunicorn(app_spec: str = "decision_aid:create_app()", **kwargs: Any) -> Iterator[tuple[str, subprocess.Popen[Any]]]:
    """start_gunicorn as a context manager: yield (base URL, process), and stop it on the way out."""
    base, proc = start_gunicorn(app_spec, **kwargs)
    try:
        yield base, proc
    finally:
        stop_process(proc)


def session_cookie(answers: dict[str, Any], secret: str = BENCH_SECRET) -> str:
    """A signed session cookie holding `answers`, as the journey would leave it (Cookie header value)."""
    from flask import Flask

    from decision_aid.session import CompactCookieSessionInterface

    app = Flask(__name__)
    app.secret_key = secret
    serializer = CompactCookieSessionInterface().get_signing_serializer(app)
    assert serializer is not None  # noqa: S101
    return f"axspa_session={serializer.dumps({'answers': answers})}"
