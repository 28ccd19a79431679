"""`decision-aid check` and `decision-aid sheet`: exit codes, messages, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from personas import PERSONAS
from test_engine_sheet import check_contract

from decision_aid import cli

BROKEN = Path(__file__).parent / "data" / "broken"


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "decision_aid.cli", *args], capture_output=True, text=True,
                          timeout=60, check=False, env=None if env is None else {**os.environ, **env})


def test_check_is_clean_on_the_real_rules(capsys: pytest.CaptureFixture[str]) -> None:
    # the content only: the translations have their own check (tests/test_translation_check.py)
    assert cli.main(["check", "--no-languages"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("OK: ") and out.count("\n") == 1


def test_check_lists_every_error_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", "--rules-dir", str(BROKEN)]) == 1
    out, err = capsys.readouterr()
    assert "tests/data/broken/unknown-fact.yaml:6: rule typo-in-fact: unknown fact 'health.heart_failur'" in err
    assert "tests/data/broken/syntax-error.yaml:5:" in err
    assert "error(s) found" in err
    assert out == ""


def test_check_as_a_command() -> None:
    done = run("check", "--rules-dir", str(BROKEN))
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr


def test_check_fails_on_an_empty_content_folder_from_the_environment(tmp_path: Path) -> None:
    done = run("check", env={"DECISION_AID_RULES_DIR": str(tmp_path)})
    assert done.returncode == 1
    assert (f"{tmp_path}: content folder is empty; set DECISION_AID_RULES_DIR to the folder that holds options/, "
            "rules/, sources.yaml and metadata.yaml") in done.stderr
    assert done.stdout == ""
    assert "Traceback" not in done.stderr


def test_sheet_json_for_a_persona(tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(PERSONAS[4].answers), encoding="utf-8")
    done = run("sheet", str(path), "--format", "json")
    assert done.returncode == 0, done.stderr
    sheet = json.loads(done.stdout)
    check_contract(sheet)
    assert len(sheet["options"]) == 9


def test_sheet_json_to_a_file_keeps_non_ascii(tmp_path: Path) -> None:
    answers = PERSONAS[0].answers
    answers["goals"]["own_questions"] = ["Può aiutarmi l'esercizio? — ¿Y el café?"]
    src, out = tmp_path / "a.json", tmp_path / "sheet.json"
    src.write_text(json.dumps(answers), encoding="utf-8")
    assert cli.main(["sheet", str(src), "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "Può aiutarmi l'esercizio? — ¿Y el café?" in text
    assert text.startswith('{\n  "schema"')


def test_a_bad_answers_file_names_each_field_and_exits_2(tmp_path: Path) -> None:
    answers = PERSONAS[0].answers
    answers["about"]["age_years"] = 7
    answers["health"]["smoking"] = "sometimes"
    del answers["goals"]["coverage"]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(answers), encoding="utf-8")
    done = run("sheet", str(path))
    assert done.returncode == 2
    assert "about.age_years" in done.stderr
    assert "health.smoking" in done.stderr
    assert "goals.coverage" in done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert done.stdout == ""


@pytest.mark.parametrize("raw", [b"{not json", b"\xff\xfe\x00", b"[]", b""])
def test_a_file_that_is_not_an_answers_document_exits_2(tmp_path: Path, raw: bytes,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.json"
    path.write_bytes(raw)
    assert cli.main(["sheet", str(path)]) == 2
    assert "is not valid" in capsys.readouterr().err


def test_a_missing_file_exits_2(tmp_path: Path) -> None:
    done = run("sheet", str(tmp_path / "nope.json"))
    assert done.returncode == 2
    assert "cannot read the answers file" in done.stderr
    assert "Traceback" not in done.stderr


def test_html_and_pdf_go_through_the_renderer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    import types

    fake = types.ModuleType("decision_aid.render")
    fake.sheet_html = lambda sheet: f"<p>{len(sheet['options'])} options</p>"  # type: ignore[attr-defined]
    fake_pdf = types.ModuleType("decision_aid.pdf")
    fake_pdf.sheet_pdf = lambda sheet, full=False, answers=None: b"%PDF-fake"  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "decision_aid.render", fake)
    monkeypatch.setitem(sys.modules, "decision_aid.pdf", fake_pdf)
    src = tmp_path / "a.json"
    src.write_text(json.dumps(PERSONAS[0].answers), encoding="utf-8")
    assert cli.main(["sheet", str(src), "--format", "html"]) == 0
    assert capsys.readouterr().out == "<p>9 options</p>"
    out = tmp_path / "s.pdf"
    assert cli.main(["sheet", str(src), "--format", "pdf", "-o", str(out)]) == 0
    assert out.read_bytes() == b"%PDF-fake"


def test_facts_lists_the_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["facts"]) == 0
    out = capsys.readouterr().out
    assert "health.heart_failure  (answer) true or false" in out
    assert "nsaid_trial_adequate  (derived) true or false" in out
    assert "at least 2 NSAIDs and at least 4 weeks in total at full dose" in out
