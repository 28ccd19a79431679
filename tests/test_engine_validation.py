"""Broken rule files give messages a clinician can act on: file, line, rule id, and "did you mean"."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from flask import Flask

from decision_aid import create_app
from decision_aid.engine import ContentInvalid, load_content
from decision_aid.engine.content import CONTENT_ROOT, compile_rule_files
from decision_aid.engine.loader import ContentError

BROKEN = Path(__file__).parent / "data" / "broken"
TODAY = dt.date(2026, 11, 23)
KNOWN_SOURCES = {"ward-2019", "ramiro-2023", "fda-nsaids", "label-bimekizumab"}


def errors_for(name: str) -> list[ContentError]:
    _rules, errors = compile_rule_files([BROKEN / name], KNOWN_SOURCES, TODAY)
    return errors


@pytest.mark.parametrize(("name", "line", "rule", "expected"), [
    ("unknown-fact.yaml", 6, "typo-in-fact", "unknown fact 'health.heart_failur' — did you mean \"health.heart_failure\"?"),
    ("wrong-type.yaml", 4, "wrong-value-type", "value 'yes' is the wrong type for fact 'health.heart_failure'"),
    ("bad-enum.yaml", 7, "value-not-allowed", "value 'crohn' is not allowed for fact 'condition.ibd'"),
    ("bad-enum.yaml", 7, "value-not-allowed", "did you mean \"crohns\"?"),
    ("unknown-option.yaml", 9, "option-typo", "unknown option 'tnf_inhibitor'"),
    ("unknown-option.yaml", 9, "option-typo", "did you mean \"tnf_inhibitors\"?"),
    ("unknown-source.yaml", 11, "source-typo", "unknown source 'ramiro-2022'"),
    ("unknown-source.yaml", 11, "source-typo", "did you mean \"ramiro-2023\"?"),
    ("missing-sources.yaml", 2, "no-sources", "has no sources"),
    ("duplicate-id.yaml", 12, "same-id", "duplicate rule id 'same-id' (already used at tests/data/broken/duplicate-id.yaml:2)"),
    ("malformed-condition.yaml", 6, "malformed-when", "malformed condition: fact 'health.diabetes' has no operator"),
    ("malformed-condition.yaml", 7, "malformed-when", "malformed condition: 'any' needs a list"),
    ("past-review.yaml", 10, "review-overdue", "review date 2025-01-31 has passed"),
    ("syntax-error.yaml", 5, None, "YAML syntax error"),
    ("bad-operator.yaml", 6, "operator-problems", "unknown operator '>=='"),
    ("bad-operator.yaml", 6, "operator-problems", "did you mean \">=\"?"),
    ("bad-operator.yaml", 7, "operator-problems", "operator '>=' cannot be used with fact 'health.heart_failure'"),
    ("bad-operator.yaml", 8, "operator-problems", "value 150 is outside the range of fact 'about.age_years'"),
])
def test_broken_file_gives_the_expected_message(name: str, line: int, rule: str | None, expected: str) -> None:
    errors = errors_for(name)
    matching = [e for e in errors if expected in e.message]
    assert matching, f"no error containing {expected!r}; got {[str(e) for e in errors]}"
    error = matching[0]
    assert error.file.endswith(f"tests/data/broken/{name}")
    assert error.line == line
    assert error.rule == rule
    assert str(error).startswith(f"{error.file}:{line}:")


def test_syntax_error_names_where_the_block_started() -> None:
    (error,) = errors_for("syntax-error.yaml")
    assert "starts on line 4" in error.message


def test_every_error_in_a_file_is_reported_at_once_in_line_order() -> None:
    errors = errors_for("several-errors.yaml")
    found = [(e.line, e.rule) for e in errors]
    wanted = [
        (5, "first-broken"),    # unknown fact health.diabetis
        (8, "first-broken"),    # level cautious
        (15, "second-broken"),  # value severe
        (17, "second-broken"),  # option il17_inhibitor
        (19, "second-broken"),  # "you should"
        (20, "second-broken"),  # unknown source
        (21, "second-broken"),  # past review date
        (22, "second-broken"),  # unknown key reviewer
    ]
    assert found == wanted, [str(e) for e in errors]
    text = "\n".join(str(e) for e in errors)
    for phrase in ('did you mean "health.diabetes"?', 'did you mean "caution"?', 'did you mean "il17_inhibitors"?',
                   'did you mean "review_due"?', 'says "you should"', "not-a-source", "2024-06-01 has passed"):
        assert phrase in text


def test_errors_from_several_files_are_all_reported() -> None:
    files = sorted(BROKEN.glob("*.yaml"))
    _rules, errors = compile_rule_files(files, KNOWN_SOURCES, TODAY)
    assert {Path(e.file).name for e in errors} == {f.name for f in files}


def test_the_real_rules_are_clean() -> None:
    content = load_content()
    assert not content.errors, "\n".join(map(str, content.errors))
    assert len(content.ruleset) >= 43


def _copy_content(tmp_path: Path) -> Path:
    root = tmp_path / "rules"
    shutil.copytree(CONTENT_ROOT, root)
    return root


def test_a_past_metadata_review_date_is_an_error(tmp_path: Path) -> None:
    root = _copy_content(tmp_path)
    content = load_content(root, today=dt.date(2099, 1, 1))
    assert any("next_review_due" in e.message and "has passed" in e.message and e.file.endswith("metadata.yaml")
               for e in content.errors), [str(e) for e in content.errors]


def test_an_unknown_source_in_an_option_file_is_an_error(tmp_path: Path) -> None:
    root = _copy_content(tmp_path)
    path = root / "options" / "nsaids.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("[kroon-2015]", "[kroon-2016]", 1), encoding="utf-8")
    content = load_content(root)
    assert any("unknown source 'kroon-2016'" in e.message and e.line for e in content.errors)


def test_a_misnamed_option_file_is_an_error(tmp_path: Path) -> None:
    root = _copy_content(tmp_path)
    (root / "options" / "exercise.yaml").rename(root / "options" / "exercize.yaml")
    messages = " ".join(str(e) for e in load_content(root).errors)
    assert "option id 'exercise' does not match the file name 'exercize.yaml'" in messages


SET_THE_FOLDER = ("set DECISION_AID_RULES_DIR to the folder that holds options/, rules/, sources.yaml "
                  "and metadata.yaml")


def messages_for(root: Path) -> list[str]:
    return [str(e) for e in load_content(root).errors]


def test_an_empty_content_folder_is_one_error_naming_it(tmp_path: Path) -> None:
    assert messages_for(tmp_path) == [f"{tmp_path}: content folder is empty; {SET_THE_FOLDER}"]


def test_a_content_folder_that_does_not_exist_is_an_error(tmp_path: Path) -> None:
    assert messages_for(tmp_path / "nope") == [f"{tmp_path / 'nope'}: content folder not found; {SET_THE_FOLDER}"]


def test_an_unrelated_folder_is_one_error(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not content", encoding="utf-8")
    (error,) = messages_for(tmp_path)
    assert error.startswith(f"{tmp_path}: content folder has none of options/, rules/, sources.yaml and metadata.yaml")


def test_a_folder_without_options_is_an_error(tmp_path: Path) -> None:
    root = _copy_content(tmp_path)
    shutil.rmtree(root / "options")
    assert f"{root}: content folder has no options/ folder; {SET_THE_FOLDER}" in messages_for(root)


def test_a_folder_without_rules_is_an_error(tmp_path: Path) -> None:
    root = _copy_content(tmp_path)
    shutil.rmtree(root / "rules")
    assert f"{root}: content folder has no rules/ folder; {SET_THE_FOLDER}" in messages_for(root)


def test_an_empty_rules_folder_is_an_error(tmp_path: Path) -> None:
    root = _copy_content(tmp_path)
    for path in (root / "rules").glob("*.yaml"):
        path.unlink()
    assert f"{root / 'rules'}: rules folder has no rule files (*.yaml)" in messages_for(root)


def test_a_missing_required_option_is_an_error(tmp_path: Path) -> None:
    root = _copy_content(tmp_path)
    (root / "options" / "nsaids.yaml").unlink()
    (root / "options" / "clinical_trial.yaml").unlink()
    errors = load_content(root).errors
    assert [e.file for e in errors] == [str(root / "options")], [str(e) for e in errors]
    assert errors[0].message.startswith("option files missing: nsaids.yaml, clinical_trial.yaml")


def test_an_option_file_that_does_not_parse_is_not_also_called_missing(tmp_path: Path) -> None:
    root = _copy_content(tmp_path)
    (root / "options" / "nsaids.yaml").write_text("id: [nsaids\n", encoding="utf-8")
    messages = messages_for(root)
    assert any("nsaids.yaml:" in m and "YAML syntax error" in m for m in messages), messages
    assert not any("option files missing" in m for m in messages)


@pytest.mark.parametrize("name", ["sources.yaml", "metadata.yaml"])
def test_a_missing_sources_or_metadata_file_is_an_error(tmp_path: Path, name: str) -> None:
    root = _copy_content(tmp_path)
    (root / name).unlink()
    assert f"{root}: content folder has no {name}; {SET_THE_FOLDER}" in messages_for(root)


def test_the_app_refuses_to_start_on_an_empty_content_folder(tmp_path: Path) -> None:
    with pytest.raises(ContentInvalid) as info:
        create_app({"TESTING": True, "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
                    "CONTENT_DIR": str(tmp_path)})
    assert f"{tmp_path}: content folder is empty; {SET_THE_FOLDER}" in str(info.value)


def test_the_app_refuses_to_start_on_broken_rules_and_says_why(tmp_path: Path) -> None:
    root = _copy_content(tmp_path)
    shutil.copy(BROKEN / "unknown-fact.yaml", root / "rules" / "zz-broken.yaml")
    with pytest.raises(ContentInvalid) as info:
        create_app({"TESTING": True, "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
                    "CONTENT_DIR": str(root)})
    assert "zz-broken.yaml:6: rule typo-in-fact: unknown fact 'health.heart_failur'" in str(info.value)


def test_the_app_loads_the_content_once(app: Flask) -> None:
    content = app.extensions["content"]
    assert len(content.ruleset) >= 43
    assert set(content.options) == {"no_change", "exercise", "nsaids", "csdmards", "steroid_injection", "tnf_inhibitors",
                                    "il17_inhibitors", "jak_inhibitors", "clinical_trial"}


def test_unquoted_yes_gets_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "yes.yaml"
    path.write_text(
        "rules:\n"
        "  - id: research\n"
        "    summary: trial interest\n"
        "    when: {fact: goals.trial_interest, equals: yes}\n"
        "    then:\n"
        "      - highlight: clinical_trial\n"
        "        text: You are interested in research.\n"
        "    sources: [ward-2019]\n"
        "    review_due: 2027-11-01\n", encoding="utf-8")
    _rules, errors = compile_rule_files([path], KNOWN_SOURCES, TODAY)
    (error,) = errors
    assert error.line == 4
    assert 'write "yes" or "no" in quotes' in error.message


def test_every_clinical_rule_is_in_the_yaml() -> None:
    """clinical-rules.md items 1–42 each have at least one YAML rule (43, own questions first, is build_sheet's)."""
    import yaml

    numbers: set[int] = set()
    for path in (CONTENT_ROOT / "rules").glob("*.yaml"):
        for rule in yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]:
            if "clinical_rule" in rule:  # rules added beyond the minimum set (nr-axSpA, NICE, leflunomide) have none
                numbers.add(rule["clinical_rule"])
    assert numbers == set(range(1, 43))


def test_line_numbers_are_the_same_with_or_without_libyaml(monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml

    from decision_aid.engine import loader

    path = CONTENT_ROOT / "rules" / "10-treatment-path.yaml"
    fast = loader.load_yaml(path)
    monkeypatch.setattr(loader, "_Loader", yaml.SafeLoader)
    slow = loader.load_yaml(path)
    assert fast.data == slow.data
    assert fast.lines == slow.lines


def test_an_option_file_that_breaks_its_schema_is_reported_with_its_line(tmp_path: Path) -> None:
    root = _copy_content(tmp_path)
    path = root / "options" / "nsaids.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    order_line = next(i for i, line in enumerate(lines) if line.startswith("order:"))
    lines[order_line] = "order: twelve\n"
    path.write_text("".join(lines), encoding="utf-8")
    errors = [e for e in load_content(root).errors if e.file.endswith("nsaids.yaml")]
    assert errors and errors[0].line == order_line + 1
    assert "order" in errors[0].message
