"""Load and validate everything under `rules/` once: metadata, sources, the nine options and the rules.

All errors from all files are collected (never the first one only), each with file, line and rule id.
A missing or empty content folder, a missing sources.yaml, metadata.yaml or rules folder, and any of
the nine options missing are errors too: a wrong DECISION_AID_RULES_DIR must stop `decision-aid check`
and the app, not serve a sheet with no options.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import ROOT
from ..content_i18n import TRANSLATING, Translate
from ..schema_errors import did_you_mean
from .compile import compile_rules_file
from .evaluate import Rule, RuleSet
from .loader import ContentError, Loaded, load_yaml
from .validate import OPTION_IDS, check_review_date, schema_errors, source_refs

CONTENT_ROOT = ROOT / "rules"
SET_THE_FOLDER = ("set DECISION_AID_RULES_DIR to the folder that holds options/, rules/, sources.yaml "
                  "and metadata.yaml")


class ContentInvalid(RuntimeError):
    """The content or rules are broken; the message lists every error (the app refuses to start)."""

    def __init__(self, errors: list[ContentError]):
        self.errors = errors
        lines = "\n".join(f"  {e}" for e in errors)
        super().__init__(f"{len(errors)} error(s) in the decision-aid content; fix them and start again "
                         f"(`decision-aid check` lists them too):\n{lines}")


@dataclass
class Content:
    """Everything the sheet is built from, validated."""

    root: Path
    metadata: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    ruleset: RuleSet = field(default_factory=lambda: RuleSet(()))
    errors: list[ContentError] = field(default_factory=list)
    knowledge: dict[str, Any] | None = None  # rules/knowledge.yaml, the check after the sheet (after_sheet.py)
    values_match: dict[str, Any] | None = None  # rules/values_match.yaml, leaning vs what matters most

    @property
    def ok(self) -> bool:
        return not self.errors


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def _today(today: dt.date | None) -> dt.date:
    return today or dt.datetime.now(dt.UTC).date()


def _load_checked(path: Path, schema: str, content: Content) -> tuple[Loaded, str]:
    """Read one content file and check it against its JSON Schema; problems go to `content.errors`."""
    shown = _display(path)
    loaded = load_yaml(path, shown)
    content.errors += loaded.errors
    if loaded.data is not None:
        content.errors += schema_errors(loaded, shown, schema)
    return loaded, shown


def _load_sources(root: Path, content: Content) -> set[str] | None:
    path = root / "sources.yaml"
    if not path.exists():
        return None
    loaded, shown = _load_checked(path, "sources", content)
    if loaded.data is None:
        return None
    items = loaded.data.get("sources") if isinstance(loaded.data, dict) else None
    for i, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            if item["id"] in content.sources:
                content.errors.append(ContentError(shown, loaded.line(("sources", i, "id")),
                                                   f"duplicate source id {item['id']!r}"))
            content.sources[item["id"]] = item
    return set(content.sources)


def _load_options(root: Path, content: Content, known: set[str] | None) -> None:
    folder = root / "options"
    files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    for path in files:
        loaded, shown = _load_checked(path, "option", content)
        if loaded.data is None:
            continue
        content.errors += source_refs(loaded, shown, known)
        oid = loaded.data.get("id") if isinstance(loaded.data, dict) else None
        if oid not in OPTION_IDS:
            content.errors.append(ContentError(shown, loaded.line(("id",)), f"unknown option id {oid!r} (options: "
                                               f"{', '.join(OPTION_IDS)}){did_you_mean(oid, OPTION_IDS)}"))
            continue
        if oid != path.stem:
            content.errors.append(ContentError(shown, loaded.line(("id",)),
                                               f"option id {oid!r} does not match the file name {path.name!r}"))
        if oid in content.options:
            content.errors.append(ContentError(shown, loaded.line(("id",)), f"option {oid!r} is defined twice"))
        content.options[str(oid)] = loaded.data


def _load_metadata(root: Path, content: Content, known: set[str] | None, today: dt.date) -> None:
    path = root / "metadata.yaml"
    if not path.exists():
        return
    loaded, shown = _load_checked(path, "metadata", content)
    if loaded.data is None:
        return
    content.errors += check_review_date(loaded, shown, "next_review_due", today)
    content.errors += source_refs(loaded, shown, known)
    if isinstance(loaded.data, dict):
        content.metadata = loaded.data


def compile_rule_files(paths: list[Path], known_sources: set[str] | None,
                       today: dt.date | None = None) -> tuple[list[Rule], list[ContentError]]:
    """Validate and compile rule files (all errors from all files)."""
    rules: list[Rule] = []
    errors: list[ContentError] = []
    seen: dict[str, str] = {}
    for path in paths:
        shown = _display(path)
        loaded: Loaded = load_yaml(path, shown)
        got, errs = compile_rules_file(loaded, shown, known_sources, _today(today), seen)
        rules += got
        errors += errs
    return rules, errors


def _folder_error(root: Path) -> ContentError | None:
    """One error instead of a dozen when the folder is plainly the wrong one (missing, empty, unrelated)."""
    shown = _display(root)
    if not root.is_dir():
        return ContentError(shown, None, f"content folder not found; {SET_THE_FOLDER}")
    try:
        entries = {entry.name for entry in root.iterdir()}
    except OSError as exc:
        return ContentError(shown, None, f"content folder cannot be read ({exc.strerror or exc})")
    if not entries:
        return ContentError(shown, None, f"content folder is empty; {SET_THE_FOLDER}")
    if not entries & {"options", "rules", "sources.yaml", "metadata.yaml"}:
        return ContentError(shown, None, f"content folder has none of options/, rules/, sources.yaml and "
                                         f"metadata.yaml; {SET_THE_FOLDER}")
    return None


def _missing_parts(root: Path, content: Content, rules_dir: Path | None,
                   rule_files: list[Path]) -> list[ContentError]:
    """Every required file or folder that is absent, each one named, so the fix is obvious."""
    required = {"options": "options/ folder", "sources.yaml": "sources.yaml", "metadata.yaml": "metadata.yaml"}
    if rules_dir is None:
        required["rules"] = "rules/ folder"
    errors = [ContentError(_display(root), None, f"content folder has no {what}; {SET_THE_FOLDER}")
              for name, what in required.items() if not (root / name).exists()]
    # A file that exists but failed to load already has its own error; list only the absent ones.
    absent = [o for o in OPTION_IDS if o not in content.options and not (root / "options" / f"{o}.yaml").exists()]
    if absent and (root / "options").is_dir():
        errors.append(ContentError(_display(root / "options"), None,
                                   f"option files missing: {', '.join(f'{o}.yaml' for o in absent)} "
                                   f"(all nine options are required: {', '.join(OPTION_IDS)})"))
    folder = rules_dir or root / "rules"
    if rules_dir is not None and not rules_dir.is_dir():
        errors.append(ContentError(_display(rules_dir), None, "rules folder not found"))
    elif folder.is_dir() and not rule_files:
        errors.append(ContentError(_display(folder), None, "rules folder has no rule files (*.yaml)"))
    return errors


def load_content(root: Path = CONTENT_ROOT, *, rules_dir: Path | None = None,
                 today: dt.date | None = None, translate: Translate | None = None) -> Content:
    """Load and validate all content; problems are in `.errors` (never raised).

    With `translate`, every file's words go through it as the file is read (content_i18n.py): the same
    ids, numbers and rules, in another language."""
    if translate is not None:
        token = TRANSLATING.set(translate)
        try:
            return load_content(root, rules_dir=rules_dir, today=today)
        finally:
            TRANSLATING.reset(token)
    day = _today(today)
    content = Content(root=root)
    wrong_folder = _folder_error(root)
    if wrong_folder:
        content.errors.append(wrong_folder)
        return content
    known = _load_sources(root, content)
    _load_options(root, content, known)
    _load_metadata(root, content, known, day)
    from ..after_sheet import load as load_after_sheet

    content.knowledge, content.values_match, after_errors = load_after_sheet(root, content.options, known)
    content.errors += after_errors
    folder = rules_dir or root / "rules"
    rule_files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    rules, errors = compile_rule_files(rule_files, known, day)
    content.ruleset = RuleSet(tuple(rules))
    content.errors += errors
    content.errors += _missing_parts(root, content, rules_dir, rule_files)
    return content


def _signature(root: Path, rules_dir: Path | None) -> tuple[Any, ...]:
    """File names and modification times: a cheap way to notice edited content in a long-lived process."""
    sig: list[Any] = []
    for folder in sorted({root, root / "options", rules_dir or root / "rules"}):
        if folder.is_dir():
            for entry in sorted(os.scandir(folder), key=lambda e: e.name):
                if entry.name.endswith(".yaml"):
                    sig.append((entry.path, entry.stat().st_mtime_ns, entry.stat().st_size))
    return tuple(sig)


_CACHE: dict[tuple[Any, ...], Content] = {}


def load_content_cached(root: Path = CONTENT_ROOT, *, rules_dir: Path | None = None,
                        translate: Translate | None = None, language: str = "en") -> Content:
    """`load_content` once per process and language (again only if a file changed or the day changed)."""
    key = (str(root), str(rules_dir), _today(None), _signature(root, rules_dir), language)
    if key not in _CACHE:
        for old in [k for k in _CACHE if k[-1] == language]:
            del _CACHE[old]
        _CACHE[key] = load_content(root, rules_dir=rules_dir, translate=translate)
    return _CACHE[key]
