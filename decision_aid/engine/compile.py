"""Compiling rule files into condition trees and effects, once at load time, checking what a schema cannot
say well as it goes: each condition's fact exists (with "did you mean …?"), its operator suits the fact's
type, its value has the right type and is one of the fact's allowed values; each effect names a known
option and its sources exist; rule ids are unique; review dates are not past.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..schema_errors import did_you_mean
from .conditions import ALLOWED, GROUPS, LIST_VALUED, OPERATORS, All, Any_, Leaf, Node, Not
from .evaluate import LEVELS, Effect, Rule
from .facts import CATALOGUE, Fact
from .loader import ContentError, Loaded
from .validate import RuleContext, check_option, check_sources, check_text, schema_errors


def _type_ok(fact: Fact, value: Any) -> bool:
    if fact.type == "bool":
        return isinstance(value, bool)
    if fact.type == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if fact.type == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, str)  # enum and list items are words


def _check_value(ctx: RuleContext, path: tuple[Any, ...], fact: Fact, op: str, value: Any) -> bool:
    if op in LIST_VALUED:
        if not isinstance(value, list) or not value:
            ctx.error(path, f'"{op}" needs a list of values, e.g. [a, b]; got {value!r}')
            return False
        return all(_check_one(ctx, (*path, i), fact, v) for i, v in enumerate(value))
    return _check_one(ctx, path, fact, value)


def _check_one(ctx: RuleContext, path: tuple[Any, ...], fact: Fact, value: Any) -> bool:
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


def compile_condition(raw: Any, path: tuple[Any, ...], ctx: RuleContext) -> Node | None:
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



def _compile_effects(ctx: RuleContext, path: tuple[Any, ...], raw: Any, sources: tuple[str, ...],
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
        check_text(ctx, (*p, "question" if kind == "question" else "text"), text)
        if kind != "question":
            if not isinstance(text, str) or not text.strip():
                ctx.error(p, f"a {kind} needs a text saying why, in plain words")
                ok = False
            if not check_option(ctx, (*p, kind), item.get(kind)):
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
        check_sources(ctx, (*p, "sources"), item.get("sources"), known)
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
        ctx = RuleContext(loaded, display, rid, errors)
        if rid is not None:
            where = f"{display}:{loaded.line(path)}"
            if rid in seen:
                ctx.error((*path, "id"), f"duplicate rule id {rid!r} (already used at {seen[rid]})")
            else:
                seen[rid] = where
        when = compile_condition(raw["when"], (*path, "when"), ctx) if "when" in raw else None
        sources = tuple(s for s in raw.get("sources") or () if isinstance(s, str))
        check_sources(ctx, (*path, "sources"), raw.get("sources"), known_sources)
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

