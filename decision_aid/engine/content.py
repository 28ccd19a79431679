"""Load and validate everything under `rules/` once: metadata, sources, the nine options and the rules.

All errors from all files are collected (never the first one only), each with file, line and rule id.
While the content is still being written (fewer than nine option files), a missing file is a warning,
not an error, so the app can start; errors inside files that exist always count. Once all nine option
files exist, a missing sources or metadata file is an error too.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import ROOT
from .evaluate import Rule, RuleSet
from .loader import ContentError, Loaded, load_yaml
from .validate import (
    OPTION_IDS,
    check_review_date,
    compile_rules_file,
    did_you_mean,
    schema_errors,
    source_refs,
)

CONTENT_ROOT = ROOT / "rules"


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
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def complete(self) -> bool:
        return set(self.options) == set(OPTION_IDS) and bool(self.sources) and bool(self.metadata)


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


def _load_options(root: Path, content: Content, known: set[str] | None) -> int:
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
    return len(files)


def _load_metadata(root: Path, content: Content, known: set[str] | None, today: dt.date) -> bool:
    path = root / "metadata.yaml"
    if not path.exists():
        return False
    loaded, shown = _load_checked(path, "metadata", content)
    if loaded.data is None:
        return True
    content.errors += check_review_date(loaded, shown, "next_review_due", today)
    content.errors += source_refs(loaded, shown, known)
    if isinstance(loaded.data, dict):
        content.metadata = loaded.data
    return True


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


def load_content(root: Path = CONTENT_ROOT, *, rules_dir: Path | None = None,
                 today: dt.date | None = None) -> Content:
    """Load and validate all content; problems are in `.errors` (never raised)."""
    day = _today(today)
    content = Content(root=root)
    known = _load_sources(root, content)
    option_files = _load_options(root, content, known)
    has_metadata = _load_metadata(root, content, known, day)
    folder = rules_dir or root / "rules"
    rule_files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    rules, errors = compile_rule_files(rule_files, known, day)
    content.ruleset = RuleSet(tuple(rules))
    content.errors += errors
    missing: list[str] = []
    if known is None:
        missing.append(f"{_display(root / 'sources.yaml')} is missing, so source ids are not checked yet")
    if not has_metadata:
        missing.append(f"{_display(root / 'metadata.yaml')} is missing")
    absent = [o for o in OPTION_IDS if o not in content.options]
    if absent:
        missing.append(f"option files missing: {', '.join(absent)}")
    if not rule_files:
        missing.append(f"no rule files in {_display(folder)}")
    if option_files >= len(OPTION_IDS) or content.options.keys() >= set(OPTION_IDS):
        content.errors += [ContentError(_display(root), None, m) for m in missing]
    else:
        content.warnings += missing
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


def load_content_cached(root: Path = CONTENT_ROOT, *, rules_dir: Path | None = None) -> Content:
    """`load_content` once per process (and again only if a file changed or the day changed)."""
    key = (str(root), str(rules_dir), _today(None), _signature(root, rules_dir))
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = load_content(root, rules_dir=rules_dir)
    return _CACHE[key]
