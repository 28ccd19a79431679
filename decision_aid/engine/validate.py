"""Checks on content and rule files that a clinician can act on: every error at once, with file, line and
rule id. A file is first checked against its JSON Schema (its shape), then in Python for what a schema cannot
say well: effect texts never tell people what to do, options and source ids exist, review dates are not past.
Rules are checked and compiled together in compile.py, which uses the checks here.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from ..schema_errors import describe_content_error, did_you_mean
from .loader import ContentError, Loaded

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
OPTION_IDS = ("no_change", "exercise", "nsaids", "csdmards", "steroid_injection", "tnf_inhibitors",
              "il17_inhibitors", "jak_inhibitors", "clinical_trial")
FORBIDDEN_PHRASES = ("you should", "you must")


@cache
def schema_validator(name: str) -> Draft202012Validator:
    """The validator for `schemas/<name>.schema.json`."""
    with (SCHEMAS / f"{name}.schema.json").open(encoding="utf-8") as fh:
        return Draft202012Validator(json.load(fh))


def schema_errors(loaded: Loaded, display: str, name: str, rule_of: Any = None) -> list[ContentError]:
    """Check `loaded.data` against the named schema."""
    out = []
    for error in sorted(schema_validator(name).iter_errors(loaded.data), key=lambda e: [str(p) for p in e.absolute_path]):
        path, message = describe_content_error(error)
        out.append(ContentError(display, loaded.line(path), message, rule_of(path) if rule_of else None))
    return out


class RuleContext:
    """Where we are while checking one rule (for error messages)."""

    def __init__(self, loaded: Loaded, display: str, rule_id: str | None, errors: list[ContentError]):
        self.loaded, self.display, self.rule_id, self.errors = loaded, display, rule_id, errors

    def error(self, path: tuple[Any, ...], message: str) -> None:
        self.errors.append(ContentError(self.display, self.loaded.line(path), message, self.rule_id))


def check_text(ctx: RuleContext, path: tuple[Any, ...], text: Any) -> None:
    if isinstance(text, str):
        lower = text.lower()
        for phrase in FORBIDDEN_PHRASES:
            if phrase in lower:
                ctx.error(path, f'text says "{phrase}"; rules explain options and never tell people what to do')


def check_option(ctx: RuleContext, path: tuple[Any, ...], option: Any) -> bool:
    if option not in OPTION_IDS:
        ctx.error(path, f"unknown option {option!r} (options: {', '.join(OPTION_IDS)})"
                        f"{did_you_mean(option, OPTION_IDS)}")
        return False
    return True


def check_sources(ctx: RuleContext, path: tuple[Any, ...], ids: Any, known: set[str] | None) -> None:
    if known is None or not isinstance(ids, list):
        return
    for i, sid in enumerate(ids):
        if sid not in known:
            ctx.error((*path, i), f"unknown source {sid!r}: add it to rules/sources.yaml or use an id listed there"
                                  f"{did_you_mean(sid, sorted(known))}")


def check_review_date(loaded: Loaded, display: str, key: str, today: dt.date) -> list[ContentError]:
    """A past `next_review_due` in metadata.yaml is an error: the content must be reviewed first."""
    value = loaded.data.get(key) if isinstance(loaded.data, dict) else None
    if not isinstance(value, str):
        return []
    try:
        due = dt.date.fromisoformat(value)
    except ValueError:
        return [ContentError(display, loaded.line((key,)), f"{key} {value!r} is not a date (YYYY-MM-DD)")]
    if due < today:
        return [ContentError(display, loaded.line((key,)), f"review date {value} ({key}) has passed; review the "
                                                           "content and set a new date")]
    return []


def source_refs(loaded: Loaded, display: str, known: set[str] | None) -> list[ContentError]:
    """Every `sources: [...]` list anywhere in a content file must name known source ids."""
    if known is None:
        return []
    errors: list[ContentError] = []

    def walk(value: Any, path: tuple[Any, ...]) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                if k == "sources" and isinstance(v, list):
                    for i, sid in enumerate(v):
                        if sid not in known:
                            errors.append(ContentError(display, loaded.line((*path, k, i)),
                                                       f"unknown source {sid!r}{did_you_mean(sid, sorted(known))}"))
                else:
                    walk(v, (*path, k))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, (*path, i))

    walk(loaded.data, ())
    return errors
