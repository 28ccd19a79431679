"""The deployment in deploy/, running: nginx (TLS, HTTP/2) in front of two app instances on loopback.

A person's requests land on both instances and they still walk the whole journey; TLS and HTTP/2
are negotiated; text is compressed; nginx serves the static files itself with the app's headers;
a burst of PDFs gets the friendly busy page while question pages keep answering; nginx refuses
what the app would refuse, kindly; the instances' ports never show; the logs name no one.
"""

from __future__ import annotations

import gzip
import secrets
import socket
import subprocess
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import brotli
import httpx
import psutil
import pytest
from conftest import SAMPLE_ANSWERS
from journey_driver import Person, posts_for
from proxy_helpers import direct, log_size, logged_since, via_proxy

from bench.proxy import BROTLI_MODULE, Proxy
from bench.serving import session_cookie
from decision_aid.assets import file_hash
from decision_aid.config import DEFAULT_MAX_UPLOAD_BYTES, STATIC_DIR
from decision_aid.security import HSTS, SECURITY_HEADERS

pytestmark = pytest.mark.slow
COOKIE = {"Cookie": session_cookie(SAMPLE_ANSWERS)}  # the instances' key is bench.serving's


def _pdf_text(body: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=body, capture_output=True, check=True).stdout.decode()


def test_a_person_whose_requests_land_on_both_instances_walks_the_whole_journey(proxied: Proxy) -> None:
    offset = log_size(proxied)
    marker = f"zq{secrets.token_hex(4)}"
    person = Person(proxied.base, context=proxied.ssl_context())
    assert marker in person.walk(posts_for(marker, 52)).text
    sheet = person.get("/sheet")
    assert sheet.status == 200 and marker in sheet.text
    pdf = person.get("/sheet.pdf")
    assert pdf.status == 200 and marker in _pdf_text(pdf.body).replace("\n", " ")
    assert marker in person.get("/save-answers").text
    served = [line for line in logged_since(proxied, offset) if line["upstream"] != "-"]
    assert len(served) > 30
    assert {line["upstream"] for line in served} == {f"127.0.0.1:{i.port}" for i in proxied.instances}
    switches = sum(a["upstream"] != b["upstream"] for a, b in zip(served, served[1:], strict=False))
    assert switches > len(served) // 3  # round-robin: the next request usually goes to the other instance
    assert all(line["status"] in {"200", "302", "303"} for line in served), served
    logs = proxied.access_log.read_text() + proxied.error_log.read_text()
    assert marker not in logs and "axspa_session" not in logs


def test_the_access_log_has_no_query_strings_or_client_addresses(proxied: Proxy) -> None:
    offset = log_size(proxied)
    assert via_proxy(proxied, "/about-you?zqquery=zqvalue", headers={"User-Agent": "zqagent"}).status == 200
    (line,) = logged_since(proxied, offset)
    assert line["uri"] == "/about-you"
    assert "zq" not in proxied.access_log.read_text()[offset:]
    assert set(line) == {"time", "method", "uri", "status", "bytes", "seconds", "upstream", "upstream_status",
                         "upstream_seconds"}  # the upstream is an instance's address, never the client's


def test_tls_and_http2_are_negotiated(proxied: Proxy) -> None:
    with httpx.Client(http2=True, verify=proxied.ssl_context()) as client:
        response = client.get(proxied.base + "/about-you")
    assert (response.status_code, response.http_version) == (200, "HTTP/2")
    context = proxied.ssl_context()
    context.set_alpn_protocols(["h2", "http/1.1"])
    port = int(proxied.base.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=5) as raw, \
            context.wrap_socket(raw, server_hostname="127.0.0.1") as tls:
        assert tls.selected_alpn_protocol() == "h2"
        assert tls.version() in {"TLSv1.2", "TLSv1.3"}


@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_text_is_compressed_and_pdfs_are_not(proxied: Proxy, encoding: str) -> None:
    if encoding == "br" and not BROTLI_MODULE.exists():
        pytest.skip("Debian's libnginx-mod-http-brotli-filter is not installed: gzip only")
    unpack = gzip.decompress if encoding == "gzip" else brotli.decompress
    headers = {**COOKIE, "Accept-Encoding": encoding}
    sheet = via_proxy(proxied, "/sheet", headers=headers)
    assert sheet.headers.get("Content-Encoding") == encoding
    assert len(sheet.body) * 5 < len(unpack(sheet.body)), "the sheet compresses at least five-fold"
    assert "Accept-Encoding" in sheet.headers.get("Vary", "")
    for name in ("css/app.css", "govuk/govuk-frontend.min.js", "fonts/AtkinsonHyperlegible_400Regular.ttf"):
        static = via_proxy(proxied, f"/static/{name}?v={file_hash(name)}", headers=headers)
        assert static.headers.get("Content-Encoding") == encoding, name
        assert unpack(static.body) == (STATIC_DIR / name).read_bytes()
    pdf = via_proxy(proxied, "/sheet.pdf", headers=headers)
    assert pdf.status == 200 and "Content-Encoding" not in pdf.headers and pdf.body.startswith(b"%PDF")


def test_static_files_are_served_by_nginx_with_the_apps_headers(proxied: Proxy) -> None:
    offset = log_size(proxied)
    compared = ["Cache-Control", "Content-Type", *SECURITY_HEADERS]
    files = sorted(p.relative_to(STATIC_DIR).as_posix() for p in STATIC_DIR.rglob("*") if p.is_file())
    assert len(files) > 8
    for name in files:
        for query in (f"?v={file_hash(name)}", "?v=000000000000", ""):
            mine, app = via_proxy(proxied, f"/static/{name}{query}"), direct(proxied, f"/static/{name}{query}")
            assert mine.status == app.status == 200, name
            assert mine.body == app.body == (STATIC_DIR / name).read_bytes(), name
            assert {h: mine.headers.get(h) for h in compared} == {h: app.headers.get(h) for h in compared}, name
            assert mine.headers.get("Strict-Transport-Security") == HSTS
            assert "Set-Cookie" not in mine.headers
    missing = via_proxy(proxied, "/static/css/no-such-file.css")
    assert missing.status == 404 and "Page not found" in missing.text
    assert missing.headers.get("Cache-Control") == "no-store"
    static_lines = [line for line in logged_since(proxied, offset) if line["uri"].startswith(("/static/", "/_proxy/"))]
    assert len(static_lines) == 3 * len(files) + 1
    assert {line["upstream"] for line in static_lines} == {"-"}, "no static request reached an instance"


def test_a_burst_of_pdfs_gets_the_busy_page_while_question_pages_keep_answering(proxied: Proxy) -> None:
    burst = 16  # the site lets 1 PDF render at a time, 2 a second, with 8 waiting: most of this burst is over
    with ThreadPoolExecutor(max_workers=burst) as pool:
        pdfs = [pool.submit(via_proxy, proxied, "/sheet.pdf", headers=COOKIE, timeout=60) for _ in range(burst)]
        waits = []
        for _ in range(12):
            started = time.monotonic()
            assert via_proxy(proxied, "/symptoms", headers=COOKIE).status == 200
            waits.append(time.monotonic() - started)
        results = [future.result() for future in pdfs]
    statuses = Counter(r.status for r in results)
    assert set(statuses) == {200, 429}, statuses  # never a bare 503
    assert statuses[200] >= 2
    for busy in (r for r in results if r.status == 429):
        assert "Sorry, the service is busy" in busy.text and "try again" in busy.text
        assert busy.headers.get("Retry-After") == "5" and busy.headers.get("Cache-Control") == "no-store"
        assert busy.headers.get("Content-Security-Policy") == SECURITY_HEADERS["Content-Security-Policy"]
    assert all(r.body.startswith(b"%PDF") for r in results if r.status == 200)
    # Without the limit, a page would queue behind about 8 PDFs at its instance (4 s or more)
    assert sorted(waits)[len(waits) // 2] < 1.5 and max(waits) < 5, f"question pages waited {waits} during the burst"


def test_the_body_size_limit_is_the_apps(proxied: Proxy) -> None:
    offset = log_size(proxied)
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    at_limit = via_proxy(proxied, "/resume", data=b"a=" + b"x" * (DEFAULT_MAX_UPLOAD_BYTES - 2), headers=form)
    assert at_limit.status == 400 and "The file is too big" not in at_limit.text  # the app's answer: no token
    over = via_proxy(proxied, "/resume", data=b"a=" + b"x" * (DEFAULT_MAX_UPLOAD_BYTES - 1), headers=form)
    assert over.status == 413 and "The file is too big" in over.text
    at, refused = logged_since(proxied, offset)
    assert at["upstream"] != "-" and refused["upstream"] == "-"


def test_the_instances_ports_never_show(proxied: Proxy) -> None:
    ports = [str(i.port) for i in proxied.instances]
    for method, path in [("GET", "/"), ("GET", "/about-you"), ("GET", "/sheet"), ("GET", "/sheet.pdf"),
                         ("GET", "/check-answers"), ("GET", "/no-such-page"), ("GET", "/readyz"),
                         ("POST", "/start-again"), ("GET", "/static/css/app.css")]:
        response = via_proxy(proxied, path, method=method, headers=COOKIE, data=b"" if method == "POST" else None)
        everything = "\n".join(f"{k}: {v}" for k, v in response.headers.items()) + response.body.decode("latin-1")
        assert response.headers.get("Server") == "nginx", path
        assert not any(f":{port}" in everything for port in ports), path
        assert "gunicorn" not in everything.lower(), path
        location = response.headers.get("Location", "/")
        assert location.startswith("/") or location.startswith(proxied.base), (path, location)
    for instance in proxied.instances:  # and nothing but loopback can reach an instance
        listening = [c for c in psutil.Process(instance.proc.pid).net_connections() if c.status == psutil.CONN_LISTEN]
        assert [(c.laddr.ip, c.laddr.port) for c in listening] == [("127.0.0.1", instance.port)]
