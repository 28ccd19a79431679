"""nginx in front of N gunicorn instances on loopback, set up as deploy/ sets up a host: for trying it
(`make serve-proxy N=2`), for the proxy tests and for bench/serve_proxy.py.

Each instance is its own gunicorn (master and workers) sharing nothing with the others but the
settings (SECRET_KEY). nginx gets a self-signed certificate made on the fly, the site file's shape
(deploy/nginx/decision-aid.conf) with loopback addresses, and the files that
`python -m decision_aid.proxy_files` writes, all in one temporary directory removed at the end.

    .venv/bin/python -m bench.proxy --instances 2     # prints the address; Ctrl-C stops everything
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.serving import free_port, start_gunicorn, stop_process, wait_until_up  # noqa: E402
from decision_aid import proxy_files  # noqa: E402

BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so")
FAIL_TIMEOUT = 3  # s: nginx skips an instance this long after it failed (deploy/nginx/decision-aid.conf)
INSTALL_HINT = "apt-get install -y nginx libnginx-mod-http-brotli-filter (make system-deps does it)"

MAIN_CONF = """# Written by bench/proxy.py for a loopback trial; a host uses Debian's own nginx.conf.
{user}worker_processes auto;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
{modules}
events {{
    worker_connections 1024;
}}

http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    client_body_temp_path {dir}/tmp/body;
    proxy_temp_path {dir}/tmp/proxy;
    fastcgi_temp_path {dir}/tmp/fastcgi;
    uwsgi_temp_path {dir}/tmp/uwsgi;
    scgi_temp_path {dir}/tmp/scgi;
    include site.conf;
}}
"""

SITE_CONF = """# deploy/nginx/decision-aid.conf's shape on loopback (written by bench/proxy.py).
upstream decision_aid {{
    least_conn;
{servers}}}

limit_req_zone "all" zone=decision_aid_pdf:1m rate={pdf_rate};
limit_conn_zone "all" zone=decision_aid_pdf_now:1m;

include decision-aid/http.conf;

server {{
    listen 127.0.0.1:{port} ssl http2 default_server;
    server_name localhost;
    ssl_certificate {dir}/cert.pem;
    ssl_certificate_key {dir}/key.pem;

    access_log {dir}/access.log decision_aid;
    error_log {dir}/error.log crit;

    include decision-aid/server.conf;

    location ~ ^/sheet(-full)?\\.pdf$ {{
        limit_req zone=decision_aid_pdf burst=8;
        limit_conn decision_aid_pdf_now {pdf_at_once};
        proxy_pass http://decision_aid;
    }}
}}
"""


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)


def nginx_missing_reason() -> str | None:
    """Why the proxy cannot run here (None when it can)."""
    if nginx_binary() is None:
        return f"nginx is not installed: {INSTALL_HINT}"
    if shutil.which("openssl") is None:
        return "openssl is not installed: apt-get install -y openssl"
    return None


def make_certificate(directory: Path) -> Path:
    """A self-signed certificate for 127.0.0.1 and localhost, valid two days; returns its path."""
    subprocess.run(  # noqa: S603
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
         "-keyout", str(directory / "key.pem"), "-out", str(directory / "cert.pem")],
        check=True, capture_output=True)
    return directory / "cert.pem"


@dataclass
class Instance:
    port: int
    proc: subprocess.Popen[Any]


@dataclass
class Proxy:
    """A running set-up: `base` is the https address of nginx; `cert` the certificate to trust."""

    base: str
    directory: Path
    cert: Path
    nginx: subprocess.Popen[Any]
    instances: list[Instance]
    env: dict[str, str]
    workers: int
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def access_log(self) -> Path:
        return self.directory / "access.log"

    @property
    def error_log(self) -> Path:
        return self.directory / "error.log"

    def ssl_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.cert))

    def start_instance(self, port: int, env: dict[str, str] | None = None) -> Instance:
        """One gunicorn on `port`, returned once /readyz answers; each instance has its own control
        socket (gunicorn's default path is one per user, which the instances would fight over)."""
        _, proc = start_gunicorn(port=port, workers=self.workers, env={**self.env, **(env or {})},
                                 health_path="/readyz", log_file=self.directory / f"instance-{port}.log",
                                 extra_args=["--control-socket", str(self.directory / f"gunicorn-{port}.ctl")])
        return Instance(port, proc)

    def restart_instance(self, index: int, env: dict[str, str] | None = None) -> None:
        """A release's step for one instance, as deploy/release.sh does it: stop it (gracefully),
        start it on its port with `env` added to its settings, wait for /readyz, then wait out nginx's
        fail_timeout, so that nginx uses it again before the next instance stops."""
        old = self.instances[index]
        stop_process(old.proc)
        self.instances[index] = self.start_instance(old.port, env)
        time.sleep(FAIL_TIMEOUT + 0.5)

    def reload_nginx(self) -> None:
        """nginx's graceful reload (SIGHUP): new workers take new connections, old ones finish theirs."""
        self.nginx.send_signal(signal.SIGHUP)

    def reload_instance(self, index: int) -> None:
        """gunicorn's graceful reload (SIGHUP): new workers start, old ones finish their request."""
        self.instances[index].proc.send_signal(signal.SIGHUP)


def write_main_conf(directory: Path) -> Path:
    """nginx.conf for a loopback nginx whose files all live in `directory`; it includes site.conf."""
    user = "user www-data;\n" if os.geteuid() == 0 else ""  # as root only; its workers then run as www-data
    modules = f"load_module {BROTLI_MODULE};" if BROTLI_MODULE.exists() else "# no brotli module"
    conf = directory / "nginx.conf"
    conf.write_text(MAIN_CONF.format(user=user, dir=directory, modules=modules))
    (directory / "tmp").mkdir(exist_ok=True)
    proxy_files.write(directory / "decision-aid", brotli=BROTLI_MODULE.exists())
    return conf


def _write_config(directory: Path, port: int, ports: list[int], pdf_rate: str, pdf_at_once: int) -> Path:
    servers = "".join(f"    server 127.0.0.1:{p} max_fails=1 fail_timeout={FAIL_TIMEOUT}s;\n" for p in ports)
    (directory / "site.conf").write_text(SITE_CONF.format(servers=servers, pdf_rate=pdf_rate, pdf_at_once=pdf_at_once,
                                                          port=port, dir=directory))
    return write_main_conf(directory)


@contextmanager
def proxy(instances: int = 2, *, workers: int = 1, env: dict[str, str] | None = None,
          pdf_rate: str = "2r/s", pdf_at_once: int = 1) -> Iterator[Proxy]:
    """Start `instances` gunicorn instances (production settings) and nginx in front; stop them all after.

    `pdf_rate` and `pdf_at_once` are the site's PDF limits (deploy/nginx/decision-aid.conf's values
    by default); the benchmark and the reload test lift them."""
    reason = nginx_missing_reason()
    if reason:
        raise RuntimeError(reason)
    directory = Path(tempfile.mkdtemp(prefix="decision-aid-proxy-"))
    directory.chmod(0o755)  # nginx's workers (www-data under root) read the pages from here
    started: list[Instance] = []
    nginx: subprocess.Popen[Any] | None = None
    try:
        cert = make_certificate(directory)
        port, ports = free_port(), [free_port() for _ in range(instances)]
        conf = _write_config(directory, port, ports, pdf_rate, pdf_at_once)
        setup = Proxy(f"https://127.0.0.1:{port}", directory, cert, None, [],  # type: ignore[arg-type]
                      {"DECISION_AID_ENV": "production", **(env or {})}, workers)
        with ThreadPoolExecutor(max_workers=instances) as pool:  # start together: each loads and warms up
            for instance in pool.map(setup.start_instance, ports):
                started.append(instance)
        setup.instances = started
        nginx = subprocess.Popen(  # noqa: S603
            [str(nginx_binary()), "-p", str(directory), "-c", str(conf), "-e", str(directory / "error.log"),
             "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        setup.nginx = nginx
        wait_until_up(setup.base + "/healthz", nginx, 15, context=setup.ssl_context())
        yield setup
    finally:
        if nginx is not None:
            stop_process(nginx, signal.SIGQUIT)  # nginx's graceful stop
        for instance in started:
            stop_process(instance.proc)
        shutil.rmtree(directory, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", type=int, default=2)
    parser.add_argument("--workers", type=int, default=1, help="gunicorn workers per instance")
    parser.add_argument("--pdf-rate", default="2r/s", help="nginx limit_req rate for the PDFs, all people together")
    parser.add_argument("--pdf-at-once", type=int, default=1, help="PDFs in progress at once, all people together")
    args = parser.parse_args()
    reason = nginx_missing_reason()
    if reason:
        print(reason, file=sys.stderr)
        return 2
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    with proxy(args.instances, workers=args.workers, pdf_rate=args.pdf_rate, pdf_at_once=args.pdf_at_once) as setup:
        ports = ", ".join(str(i.port) for i in setup.instances)
        print(f"{setup.base}/  nginx (TLS, HTTP/2) -> {args.instances} instances on 127.0.0.1 ports {ports}\n"
              f"Self-signed certificate: {setup.cert} (curl --cacert {setup.cert} {setup.base}/readyz)\n"
              f"Access log (no person in it): {setup.access_log}\nCtrl-C stops everything.", flush=True)
        while not stop.wait(1):
            pass
    print("Stopped nginx and every instance.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
