"""The files a host installs from deploy/ are valid as shipped: nginx accepts the site file with the
generated includes, systemd accepts the instance unit, the release script parses; and the generated
nginx files follow the app's settings and files."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.proxy import make_certificate, nginx_binary, nginx_missing_reason, write_main_conf
from decision_aid import proxy_files
from decision_aid.assets import UNVERSIONED, VERSIONED, file_hash
from decision_aid.config import ROOT, STATIC_DIR

DEPLOY = ROOT / "deploy"


@pytest.fixture
def scratch() -> Iterator[Path]:
    directory = Path(tempfile.mkdtemp(prefix="decision-aid-deploy-"))
    directory.chmod(0o755)
    yield directory
    shutil.rmtree(directory, ignore_errors=True)


def test_nginx_accepts_the_shipped_site_file(scratch: Path) -> None:
    reason = nginx_missing_reason()
    if reason:
        pytest.skip(reason)
    conf = write_main_conf(scratch)
    cert = make_certificate(scratch)
    site = (DEPLOY / "nginx" / "decision-aid.conf").read_text(encoding="utf-8")
    site = (site.replace("/etc/letsencrypt/live/decision-aid.example.org/fullchain.pem", str(cert))
            .replace("/etc/letsencrypt/live/decision-aid.example.org/privkey.pem", str(scratch / "key.pem"))
            .replace("/var/log/nginx/", f"{scratch}/"))
    assert site.count(str(scratch)) == 4  # the certificate, its key and the two logs: nothing else to edit
    (scratch / "site.conf").write_text(site, encoding="utf-8")
    result = subprocess.run([str(nginx_binary()), "-t", "-p", str(scratch), "-c", str(conf), "-e", str(scratch / "e.log")],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr


def test_systemd_accepts_the_instance_unit(scratch: Path) -> None:
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed")
    unit = (DEPLOY / "systemd" / "decision-aid@.service").read_text(encoding="utf-8")
    unit = unit.replace("/srv/decision-aid", str(ROOT)).replace("User=decision-aid", "User=root")
    (scratch / "decision-aid@.service").write_text(unit.replace("Group=decision-aid", "Group=root"), encoding="utf-8")
    result = subprocess.run(["systemd-analyze", "verify", str(scratch / "decision-aid@8001.service")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stderr == "", result.stderr


def test_the_release_script_parses() -> None:
    script = DEPLOY / "release.sh"
    assert script.stat().st_mode & 0o111, "release.sh is executable"
    assert subprocess.run(["sh", "-n", str(script)], capture_output=True, timeout=10).returncode == 0


def test_generated_files_follow_the_apps_settings(scratch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAX_UPLOAD_BYTES", "12345")
    proxy_files.write(scratch, brotli=False)
    assert "client_max_body_size 12345;" in (scratch / "app.conf").read_text()
    assert [line for line in (scratch / "brotli.conf").read_text().splitlines() if not line.startswith("#")] == []
    maps = (scratch / "maps.conf").read_text()
    assert f'default "{UNVERSIONED}";' in maps
    for path in STATIC_DIR.rglob("*"):
        if path.is_file():
            name = path.relative_to(STATIC_DIR).as_posix()
            assert f'"/static/{name}:{file_hash(name)}" "{VERSIONED}";' in maps
    for shared in ("http.conf", "server.conf"):
        assert (scratch / shared).read_text() == (DEPLOY / "nginx" / shared).read_text()
    assert sorted(p.name for p in (scratch / "pages").iterdir()) == [
        "busy.html", "not-found.html", "too-big.html", "unavailable.html"]
    busy = (scratch / "pages" / "busy.html").read_text()
    assert "Sorry, the service is busy" in busy and "csrf_token" not in busy
    assert f"/static/css/app.css?v={file_hash('css/app.css')}" in busy


def test_brotli_is_on_where_debians_module_is_enabled(scratch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    enabled = scratch / "modules-enabled"
    enabled.mkdir()
    monkeypatch.setattr(proxy_files, "BROTLI_ENABLED", enabled)
    proxy_files.write(scratch / "off")
    assert "brotli on;" not in (scratch / "off" / "brotli.conf").read_text()
    (enabled / "50-mod-http-brotli-filter.conf").write_text("load_module modules/ngx_http_brotli_filter_module.so;\n")
    proxy_files.write(scratch / "on")
    assert "brotli on;" in (scratch / "on" / "brotli.conf").read_text()
