"""For the tests that run nginx in front of app instances (bench/proxy.py): one request at a time
over HTTPS, exactly as sent (no redirects followed, no decompression), and which instance answered."""

from __future__ import annotations

import ssl
import time
import urllib.error
import urllib.request
from typing import Any

from journey_driver import Response

from bench.proxy import Proxy


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def fetch(base: str, path: str, *, context: ssl.SSLContext | None = None, headers: dict[str, str] | None = None,
          data: bytes | None = None, method: str | None = None, timeout: float = 30) -> Response:
    """One request to base + path; 4xx and 5xx are answers, not exceptions."""
    opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=context), _NoRedirect)
    request = urllib.request.Request(base + path, data=data, headers=headers or {}, method=method)  # noqa: S310
    try:
        with opener.open(request, timeout=timeout) as response:
            return Response(response.status, response.geturl(), response.read(), dict(response.headers))
    except urllib.error.HTTPError as exc:
        return Response(exc.code, exc.geturl(), exc.read(), dict(exc.headers))


def via_proxy(setup: Proxy, path: str, **kwargs: Any) -> Response:
    return fetch(setup.base, path, context=setup.ssl_context(), **kwargs)


def direct(setup: Proxy, path: str, index: int = 0, **kwargs: Any) -> Response:
    """The same request straight to one instance, bypassing nginx (plain HTTP on loopback)."""
    return fetch(f"http://127.0.0.1:{setup.instances[index].port}", path, **kwargs)


def log_size(setup: Proxy) -> int:
    """The access log's size once nginx has written its last lines (it logs just after answering)."""
    size = -1
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline and size != setup.access_log.stat().st_size:
        size = setup.access_log.stat().st_size
        time.sleep(0.05)
    return size


def logged_since(setup: Proxy, offset: int) -> list[dict[str, str]]:
    """nginx's access-log lines written after `offset` (deploy/nginx/http.conf's format)."""
    log_size(setup)
    keys = ["time", "method", "uri", "status", "bytes", "seconds", "upstream", "upstream_status", "upstream_seconds"]
    with setup.access_log.open(encoding="utf-8") as log:
        log.seek(offset)
        return [dict(zip(keys, line.split(), strict=False)) for line in log if line.strip()]
