"""Plain words for JSON Schema errors, for the answers document and for the content and rule files.

One reading of each error (where it is, which key is missing or unknown, what is allowed) serves both, so
they cannot drift apart; each says it to its own reader: the answers document to the person filling it
in ("is missing", in the language of the request: English outside one, as on the command line), a content
file to the clinician editing YAML (the value found, "did you mean ...?", always in English).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from jsonschema.exceptions import ValidationError

from .i18n import gettext as _
from .i18n import lazy_gettext as _l

# What an answer must be, for "must be ..." (one whole phrase per JSON type).
TYPE_WORDS = {"integer": _l("must be a whole number"), "number": _l("must be a number"),
              "boolean": _l("must be true or false"), "string": _l("must be text"), "array": _l("must be a list"),
              "object": _l("must be an object")}
NO_SOURCES = "has no sources; every rule needs at least one source id from rules/sources.yaml"


def field_path(path: Iterable[Any]) -> str:
    """Render a JSON path as `treatments.advanced[2].response`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def did_you_mean(name: Any, choices: Iterable[str]) -> str:
    """' — did you mean "x"?' for a near miss, else ''."""
    close = difflib.get_close_matches(str(name), list(choices), n=1, cutoff=0.6)
    return f' — did you mean "{close[0]}"?' if close else ""


def _missing_key(error: ValidationError) -> str:
    """The key a `required` error is about."""
    return error.message.split("'")[1] if "'" in error.message else "a field"


def _keys(error: ValidationError) -> tuple[list[str], list[str]]:
    """For an `additionalProperties` error: the keys allowed there, and the unknown ones found."""
    sub: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    allowed = sorted((sub.get("properties") or {}).keys())
    extra = sorted(set(error.instance) - set(allowed)) if isinstance(error.instance, dict) else []
    return allowed, extra


def describe_answer_error(error: ValidationError) -> tuple[str, str]:
    """The field and a message for one error in an answers document, in words a person can act on.

    The message says what is wrong after the answer's name ("Age (about.age_years) must be ..."), so each
    is a whole predicate in the request's language; ids, keys and allowed values stay as they are."""
    path = field_path(error.absolute_path)
    kind = error.validator
    value: Any = error.validator_value
    sub: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    if kind == "required":
        return field_path([*error.absolute_path, _missing_key(error)]), _("is missing")
    if kind == "additionalProperties":
        allowed, extra = _keys(error)
        names = ", ".join(repr(x) for x in extra)
        return path or "(document)", _("has unknown field %(names)s; allowed: %(allowed)s", names=names,
                                       allowed=", ".join(allowed))
    if kind == "enum":
        shown = ", ".join(str(v) for v in value[:12]) + (" …" if len(value) > 12 else "")
        return path, _("must be one of: %(values)s", values=shown)
    if kind == "const":
        return path, _("must be %(value)s", value=repr(value))
    if kind == "type":
        said = TYPE_WORDS.get(str(value))
        return path, str(said) if said else _("must be %(value)s", value=value)
    if kind in {"minimum", "maximum"}:
        lo, hi = sub.get("minimum"), sub.get("maximum")
        if sub.get("type") == "integer":
            return path, _("must be a whole number from %(lo)s to %(hi)s", lo=lo, hi=hi)
        return path, _("must be a number from %(lo)s to %(hi)s", lo=lo, hi=hi)
    if kind == "maxItems":
        return path, _("can hold at most %(most)s items", most=value)
    if kind == "maxLength":
        return path, _("must be %(most)s characters or fewer", most=value)
    if kind == "minLength":
        return path, _("must not be empty")
    if kind == "pattern":
        return path, _("must not contain control characters")
    return path, error.message


def describe_content_error(error: ValidationError) -> tuple[list[Any], str]:
    """The path and a message for one error in a content or rule file, for the clinician editing it."""
    path = list(error.absolute_path)
    where = field_path(path) or "the file"
    sub: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    kind = error.validator
    value: Any = error.validator_value
    if kind == "required":
        missing = _missing_key(error)
        if missing == "sources":
            return path, NO_SOURCES
        return path, f"{where} is missing {missing!r}"
    if kind == "additionalProperties":
        allowed, extra = _keys(error)
        parts = [f"{k!r}{did_you_mean(k, allowed)}" for k in extra]
        key_path = [*path, extra[0]] if extra else path
        return key_path, f"{where} has unknown key {', '.join(parts)} (allowed: {', '.join(allowed)})"
    if kind == "enum":
        return path, f"{where} is {error.instance!r}; it must be one of: {', '.join(map(str, value))}" \
                     f"{did_you_mean(error.instance, map(str, value))}"
    if kind == "minItems" and path and path[-1] == "sources":
        return path, NO_SOURCES
    if kind == "type":
        return path, f"{where} must be {value} (it is {type(error.instance).__name__})"
    if kind == "pattern":
        return path, f"{where} {error.instance!r} does not match the expected form ({sub.get('description', value)})"
    return path, f"{where}: {error.message}"
