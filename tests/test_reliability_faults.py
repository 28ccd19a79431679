"""Faults and privacy under the real server: broken content stops start-up; logs never hold answers."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from journey_driver import Person, posts_for

from bench.serving import BENCH_SECRET, ROOT, gunicorn

pytestmark = pytest.mark.slow


def _broken_rules(tmp_path: Path) -> Path:
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    target = sorted((rules / "rules").glob("*.yaml"))[0]
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("fact: ", "fact: not_a_real_fact_", 1), encoding="utf-8")
    return rules


def test_broken_rules_stop_gunicorn_with_a_clear_message(tmp_path: Path) -> None:
    env = {"DECISION_AID_RULES_DIR": str(_broken_rules(tmp_path)), "SECRET_KEY": BENCH_SECRET,
           "DECISION_AID_ENV": "production", "PATH": "/usr/bin:/bin"}
    proc = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "--workers", "1", "--bind", "127.0.0.1:0", "decision_aid:create_app()"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0
    assert "not_a_real_fact_" in proc.stderr + proc.stdout


def test_broken_rules_stop_the_command_line_check(tmp_path: Path) -> None:
    proc = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "decision_aid.cli", "check", "--content-dir", str(_broken_rules(tmp_path))],
        cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert "not_a_real_fact_" in proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr


def test_a_whole_journey_leaves_no_answers_in_the_logs(tmp_path: Path) -> None:
    log = tmp_path / "gunicorn.log"
    marker = "zqlogmarker7"
    with gunicorn(extra_args=["--access-logfile", "-", "--log-level", "debug"], log_file=log) as (base, _):
        person = Person(base)
        person.walk(posts_for(marker, 47))
        assert marker in person.get("/sheet").text
        assert person.get("/sheet.pdf").status == 200
        saved = person.get("/save-answers")
        assert marker in saved.text
        # a bad upload and a CSRF failure, both carrying the marker
        bad = saved.text.replace('"age_years": 47', f'"age_years": "{marker}"')
        assert person.upload("/resume", "answers", "a.json", bad.encode()).status == 400
        person.request("/your-questions", {"question-1": marker})  # no CSRF token
    text = log.read_text(encoding="utf-8", errors="replace")
    assert '"GET /sheet.pdf' in text  # the access log was really written
    assert marker not in text
