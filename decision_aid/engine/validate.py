"""Validation of rule files that a clinician can act on: every error at once, with file, line and rule id.

A rule file is first checked against `schemas/rules.schema.json` (its shape), then in Python for what a
schema cannot say well: each condition's fact exists (with "did you mean …?"), its operator suits the
fact's type, its value has the right type and is one of the fact's allowed values; each effect names a
known option; every source id is in `rules/sources.yaml`; rule ids are unique; review dates are not past.
Valid rules are compiled into condition trees here, once.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from ..schema_errors import describe_content_error, did_you_mean
from .conditions import ALLOWED, GROUPS, LIST_VALUED, OPERATORS, All, Any_, Leaf, Node, Not
from .evaluate import LEVELS, Effect, Rule
from .facts import CATALOGUE, Fact
from .loader import ContentError, Loaded

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
OPTION_IDS = ("no_change", "exercise", "nsaids", "csdmards", "steroid_injection", "tnf_inhibitors",
              "il17_inhibitors", "jak_inhibitors", "clinical_trial")
FORBIDDEN_PHRASES = ("you should", "you must")


@cache
def schema_validator(name: str) -> Draft202012Validator | None:
    """The validator for `schemas/<name>.schema.json`, or None while that schema is not written yet."""
    path = SCHEMAS / f"{name}.schema.json"
    if not path.exists():
        return None
    with path.open(encoding="utf-8") as fh:
        return Draft202012Validator(json.load(fh))


def schema_errors(loaded: Loaded, display: str, name: str, rule_of: Any = None) -> list[ContentError]:
    """Check `loaded.data` against the named schema (if it exists yet)."""
    validator = schema_validator(name)
    if validator is None:
        return []
    out = []
    for error in sorted(validator.iter_errors(loaded.data), key=lambda e: [str(p) for p in e.absolute_path]):
        path, message = describe_content_error(error)
        out.append(ContentError(display, loaded.line(path), message, rule_of(path) if rule_of else None))
    return out


# ---------------------------------------------------------------------------------------------
# Conditions


class _Ctx:
    """Where we are while checking one rule (for error messages)."""

    def __init__(self, loaded: Loaded, display: str, rule_id: str | None, errors: list[ContentError]):
        self.loaded, self.display, self.rule_id, self.errors = loaded, display, rule_id, errors

    def error(self, path: tuple[Any, ...], message: str) -> None:
        self.errors.append(ContentError(self.display, self.loaded.line(path), message, self.rule_id))


def _type_ok(fact: Fact, value: Any) -> bool:
    if fact.type == "bool":
        return isinstance(value, bool)
    if fact.type == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if fact.type == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, str)  # enum and list items are words


def _check_value(ctx: _Ctx, path: tuple[Any, ...], fact: Fact, op: str, value: Any) -> bool:
    if op in LIST_VALUED:
        if not isinstance(value, list) or not value:
            ctx.error(path, f'"{op}" needs a list of values, e.g. [a, b]; got {value!r}')
            return False
        return all(_check_one(ctx, (*path, i), fact, v) for i, v in enumerate(value))
    return _check_one(ctx, path, fact, value)


def _check_one(ctx: _Ctx, path: tuple[Any, ...], fact: Fact, value: Any) -> bool:
    if not _type_ok(fact, value):
        hint = ""
        if isinstance(value, bool) and fact.type in {"enum", "list"} and {"yes", "no"} & set(fact.values):
            hint = ' (YAML reads an unquoted yes or no as true or false: write "yes" or "no" in quotes)'
        ctx.error(path, f"value {value!r} is the wrong type for fact {fact.name!r}, which is "
                        f"{fact.describe_type()}{hint}")
        return False
    if fact.type in {"enum", "list"} and value not in fact.values:
        ctx.error(path, f"value {value!r} is not allowed for fact {fact.name!r}; it must be "
                        f"{fact.describe_type()}{did_you_mean(value, map(str, fact.values))}")
        return False
    if fact.type in {"int", "number"} and fact.minimum is not None and fact.maximum is not None \
            and not fact.minimum <= value <= fact.maximum:
        ctx.error(path, f"value {value!r} is outside the range of fact {fact.name!r} ({fact.describe_type()})")
        return False
    return True


def compile_condition(raw: Any, path: tuple[Any, ...], ctx: _Ctx) -> Node | None:
    """Check one condition (recursively) and compile it; None (with errors recorded) if it is malformed."""
    if not isinstance(raw, dict) or not raw:
        ctx.error(path, "malformed condition: expected a mapping with all, any, not, or fact plus one operator; "
                        f"got {raw!r}")
        return None
    groups = [k for k in raw if k in GROUPS]
    if groups:
        if len(raw) != 1:
            others = ", ".join(repr(k) for k in raw if k != groups[0])
            ctx.error(path, f"malformed condition: {groups[0]!r} must be alone in its block (also found {others}); "
                            "wrap several parts in all: or any:")
            return None
        key = groups[0]
        sub = raw[key]
        if key == "not":
            child = compile_condition(sub, (*path, "not"), ctx)
            return Not(child) if child else None
        if not isinstance(sub, list) or not sub:
            ctx.error((*path, key), f"malformed condition: {key!r} needs a list of one or more conditions")
            return None
        children = [compile_condition(c, (*path, key, i), ctx) for i, c in enumerate(sub)]
        if any(c is None for c in children):
            return None
        nodes = [c for c in children if c is not None]
        return All(nodes) if key == "all" else Any_(nodes)
    if "fact" not in raw:
        unknown = ", ".join(f"{k!r}{did_you_mean(k, [*GROUPS, 'fact'])}" for k in raw)
        ctx.error(path, f"malformed condition: unknown key {unknown}; a condition is all, any, not, "
                        "or fact plus one operator")
        return None
    name = raw["fact"]
    ops = [k for k in raw if k != "fact"]
    ok = True
    fact: Fact | None = None
    if not isinstance(name, str) or name not in CATALOGUE:
        ctx.error((*path, "fact"), f"unknown fact {name!r}{did_you_mean(name, CATALOGUE.names())}")
        ok = False
    else:
        fact = CATALOGUE[name]
    if len(ops) != 1:
        if not ops:
            ctx.error(path, f"malformed condition: fact {name!r} has no operator; add one of: "
                            f"{', '.join(OPERATORS)}")
        else:
            ctx.error(path, f"malformed condition: fact {name!r} has {len(ops)} operators "
                            f"({', '.join(map(repr, ops))}); use all: to combine them")
        return None
    op = ops[0]
    if op not in OPERATORS:
        ctx.error((*path, op), f"unknown operator {op!r} (operators: {', '.join(OPERATORS)})"
                               f"{did_you_mean(op, OPERATORS)}")
        return None
    if fact is None or not ok:
        return None
    if op not in ALLOWED[fact.type]:
        ctx.error((*path, op), f"operator {op!r} cannot be used with fact {name!r} ({fact.describe_type()}); "
                               f"allowed: {', '.join(ALLOWED[fact.type])}")
        return None
    if not _check_value(ctx, (*path, op), fact, op, raw[op]):
        return None
    return Leaf(name, op, raw[op])


# ---------------------------------------------------------------------------------------------
# Rules


def _check_text(ctx: _Ctx, path: tuple[Any, ...], text: Any) -> None:
    if isinstance(text, str):
        lower = text.lower()
        for phrase in FORBIDDEN_PHRASES:
            if phrase in lower:
                ctx.error(path, f'text says "{phrase}"; rules explain options and never tell people what to do')


def _check_option(ctx: _Ctx, path: tuple[Any, ...], option: Any) -> bool:
    if option not in OPTION_IDS:
        ctx.error(path, f"unknown option {option!r} (options: {', '.join(OPTION_IDS)})"
                        f"{did_you_mean(option, OPTION_IDS)}")
        return False
    return True


def _check_sources(ctx: _Ctx, path: tuple[Any, ...], ids: Any, known: set[str] | None) -> None:
    if known is None or not isinstance(ids, list):
        return
    for i, sid in enumerate(ids):
        if sid not in known:
            ctx.error((*path, i), f"unknown source {sid!r}: add it to rules/sources.yaml or use an id listed there"
                                  f"{did_you_mean(sid, sorted(known))}")


def _compile_effects(ctx: _Ctx, path: tuple[Any, ...], raw: Any, sources: tuple[str, ...],
                     known: set[str] | None) -> tuple[Effect, ...] | None:
    effects: list[Effect] = []
    ok = True
    for i, item in enumerate(raw if isinstance(raw, list) else []):
        p = (*path, i)
        if not isinstance(item, dict):
            continue  # reported by the schema
        kinds = [k for k in ("highlight", "note", "question") if k in item]
        if len(kinds) != 1:
            ctx.error(p, "each effect needs exactly one of highlight, note or question"
                         + (f" (found {', '.join(kinds)})" if kinds else ""))
            ok = False
            continue
        kind = kinds[0]
        text = item.get("question") if kind == "question" else item.get("text")
        _check_text(ctx, (*p, "question" if kind == "question" else "text"), text)
        if kind != "question":
            if not isinstance(text, str) or not text.strip():
                ctx.error(p, f"a {kind} needs a text saying why, in plain words")
                ok = False
            if not _check_option(ctx, (*p, kind), item.get(kind)):
                ok = False
        if kind == "note" and item.get("level") not in LEVELS:
            if "level" not in item:  # a wrong level is reported by the schema
                ctx.error(p, f"a note needs a level, one of: {', '.join(LEVELS)}")
            ok = False
        if kind == "question" and ("level" in item or "text" in item):
            ctx.error(p, "a question has only the question text")
            ok = False
        if kind == "highlight" and "level" in item:
            ctx.error((*p, "level"), "a highlight has no level (only notes do)")
            ok = False
        if kind != "note" and "withholds_highlight" in item:
            ctx.error((*p, "withholds_highlight"), "only a note can withhold its option's highlight")
            ok = False
        when = compile_condition(item["when"], (*p, "when"), ctx) if "when" in item else None
        if "when" in item and when is None:
            ok = False
        _check_sources(ctx, (*p, "sources"), item.get("sources"), known)
        own = tuple(item.get("sources") or ()) or sources
        if ok:
            effects.append(Effect(kind=kind, text=str(text), option=item.get(kind) if kind != "question" else None,
                                  level=item.get("level"), sources=own, when=when,
                                  regions=tuple(item.get("regions") or ()),
                                  withholds_highlight=bool(item.get("withholds_highlight",
                                                                    item.get("level") == "warning"))))
    return tuple(effects) if ok else None


def _rule_of(data: Any) -> Any:
    def rule_of(path: list[Any]) -> str | None:
        if len(path) >= 2 and path[0] == "rules" and isinstance(path[1], int):
            try:
                rid = data["rules"][path[1]].get("id")
            except (KeyError, IndexError, TypeError, AttributeError):
                return None
            return rid if isinstance(rid, str) else None
        return None
    return rule_of


def compile_rules_file(loaded: Loaded, display: str, known_sources: set[str] | None, today: dt.date,
                       seen: dict[str, str]) -> tuple[list[Rule], list[ContentError]]:
    """Validate and compile one rule file. `seen` maps rule id → "file:line" across all files."""
    errors: list[ContentError] = list(loaded.errors)
    if loaded.data is None:
        return [], errors
    errors += schema_errors(loaded, display, "rules", _rule_of(loaded.data))
    raw_rules = loaded.data.get("rules") if isinstance(loaded.data, dict) else None
    if not isinstance(raw_rules, list):
        if not errors:
            errors.append(ContentError(display, 1, "a rule file holds 'rules:', a list of rules"))
        return [], errors
    rules: list[Rule] = []
    for i, raw in enumerate(raw_rules):
        path: tuple[Any, ...] = ("rules", i)
        if not isinstance(raw, dict):
            continue
        rid = raw.get("id") if isinstance(raw.get("id"), str) else None
        ctx = _Ctx(loaded, display, rid, errors)
        if rid is not None:
            where = f"{display}:{loaded.line(path)}"
            if rid in seen:
                ctx.error((*path, "id"), f"duplicate rule id {rid!r} (already used at {seen[rid]})")
            else:
                seen[rid] = where
        when = compile_condition(raw["when"], (*path, "when"), ctx) if "when" in raw else None
        sources = tuple(s for s in raw.get("sources") or () if isinstance(s, str))
        _check_sources(ctx, (*path, "sources"), raw.get("sources"), known_sources)
        effects = _compile_effects(ctx, (*path, "then"), raw.get("then"), sources, known_sources)
        due = raw.get("review_due")
        if isinstance(due, str):
            try:
                due_date = dt.date.fromisoformat(due)
            except ValueError:
                ctx.error((*path, "review_due"), f"review_due {due!r} is not a date (YYYY-MM-DD)")
            else:
                if due_date < today:
                    ctx.error((*path, "review_due"), f"review date {due} has passed; review the rule against "
                                                     "current evidence and set a new review_due")
        if when is not None and effects is not None and rid and sources and isinstance(raw.get("summary"), str):
            rules.append(Rule(id=rid, summary=raw["summary"], when=when, effects=effects, sources=sources,
                              review_due=str(due), file=display, line=loaded.line(path)))
    errors.sort(key=lambda e: (e.file, e.line or 0))
    return rules, errors


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
