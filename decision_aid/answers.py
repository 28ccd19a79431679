"""The answers document: parse, validate and explain it, against the one JSON Schema in the repo.

Everything a person enters is one JSON document (spec §3). The session holds it, "Save my answers"
downloads it, "Resume" uploads it and the command line reads it, so all of them go through
`parse_answers` / `validate_answers` here and get the same field-named messages (in the language of the
request; English on the command line).
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from .i18n import gettext as _
from .schema_errors import describe_answer_error

SCHEMA_ID = "axspa-decision-aid/answers/1"
SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "answers-1.schema.json"
# The session cookie holds the document zlib-compressed and base64-encoded, with a signature. This
# budget keeps the whole Set-Cookie header under a browser's 4,096-byte limit (tests/test_session.py).
MAX_COMPRESSED_BYTES = 2800
MAX_NESTING = 8  # the real document nests 4 deep; anything deeper is hostile


@dataclass(frozen=True)
class AnswerError:
    """One problem with one field, in words a person (or a clinician editing a file) can act on."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


class AnswersInvalid(ValueError):
    """The document is not a valid answers document; `errors` names each bad field."""

    def __init__(self, errors: list[AnswerError]):
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors))


@cache
def schema() -> dict[str, Any]:
    """The published JSON Schema (loaded once per process)."""
    with SCHEMA_PATH.open(encoding="utf-8") as fh:
        loaded: dict[str, Any] = json.load(fh)
    return loaded


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(schema())


def _python_checks(doc: dict[str, Any]) -> list[AnswerError]:
    """Rules JSON Schema cannot say: one entry per medicine."""
    errors: list[AnswerError] = []
    treatments = doc.get("treatments")
    if isinstance(treatments, dict):
        for key in ("csdmards", "advanced"):
            seen: set[str] = set()
            items = treatments.get(key)
            if not isinstance(items, list):
                continue
            for i, item in enumerate(items):
                drug = item.get("drug") if isinstance(item, dict) else None
                if isinstance(drug, str) and drug in seen:
                    errors.append(AnswerError(f"treatments.{key}[{i}].drug",
                                              _("lists %(medicine)s twice; list each medicine once", medicine=drug)))
                if isinstance(drug, str):
                    seen.add(drug)
    return errors


def compact_json(doc: dict[str, Any]) -> str:
    """The compact form stored in the session and measured for the cookie limit."""
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def compressed_size(doc: dict[str, Any]) -> int:
    """Bytes the document takes in the session cookie before base64 and signing."""
    return len(zlib.compress(compact_json(doc).encode("utf-8")))


def check_answers(doc: Any, *, partial: bool = False) -> list[AnswerError]:
    """All problems with `doc`; `partial=True` accepts missing sections and fields (mid-journey)."""
    if not isinstance(doc, dict):
        return [AnswerError("(document)", _("must be a JSON object"))]
    errors = [
        AnswerError(*describe_answer_error(e))
        for e in sorted(_validator().iter_errors(doc), key=lambda e: list(map(str, e.absolute_path)))
        if not (partial and e.validator == "required")
    ]
    errors += _python_checks(doc)
    if not errors and compressed_size(doc) > MAX_COMPRESSED_BYTES:
        errors.append(AnswerError(
            "goals.own_questions",
            _("are too long to keep all together; shorten your questions or ask fewer of them"),
        ))
    return errors


def validate_answers(doc: Any, *, partial: bool = False) -> dict[str, Any]:
    """Return `doc` if it is valid, else raise AnswersInvalid naming every bad field."""
    errors = check_answers(doc, partial=partial)
    if errors:
        raise AnswersInvalid(errors)
    assert isinstance(doc, dict)  # noqa: S101 - narrowed by check_answers
    return doc


def reject_constant(name: str) -> Any:
    """`json.loads(parse_constant=...)`: NaN and Infinity are not JSON a person's file may hold."""
    raise ValueError(f"{name} is not allowed in an answers file")


def nesting_depth(value: Any, limit: int) -> int:
    """How deeply `value` nests (lists and dicts), counted without recursion and stopping past `limit`."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    deepest = 0
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > limit:
            return deepest
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return deepest


def parse_answers(raw: bytes | str, *, partial: bool = False) -> dict[str, Any]:
    """Parse an uploaded or saved answers file strictly: UTF-8 JSON, no NaN, not too deep, valid."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise AnswersInvalid([AnswerError("(file)", _("is not a text file saved by this tool (it is not UTF-8)"))]) \
                from exc
    try:
        doc = json.loads(raw, parse_constant=reject_constant)
    except RecursionError as exc:
        raise AnswersInvalid([AnswerError("(file)", _("is nested far too deeply to be an answers file"))]) from exc
    except ValueError as exc:  # Translators: "detail" is Python's own description of the JSON error, in English.
        raise AnswersInvalid([AnswerError("(file)", _("is not valid JSON (%(detail)s)", detail=exc))]) from exc
    if nesting_depth(doc, MAX_NESTING) > MAX_NESTING:
        raise AnswersInvalid([AnswerError("(file)", _("is nested far too deeply to be an answers file"))])
    if isinstance(doc, dict) and doc.get("schema") not in (None, SCHEMA_ID):
        raise AnswersInvalid([AnswerError("schema", _("must be %(schema)s (this file is from another tool or version)",
                                                      schema=repr(SCHEMA_ID)))])
    return validate_answers(doc, partial=partial)


def is_complete(doc: dict[str, Any] | None) -> bool:
    """True when every required answer is present (the sheet can be built)."""
    return bool(doc) and not check_answers(doc)


# `has_every_answer` follows required, properties, items and if/then/else; these keywords could also
# make an answer required, and it does not follow them (it checks the whole document instead).
_UNFOLLOWED = {"$ref", "$dynamicRef", "allOf", "anyOf", "oneOf", "not", "dependentRequired", "dependentSchemas",
               "patternProperties", "prefixItems", "contains", "unevaluatedProperties", "unevaluatedItems"}


def _requiring(node: Any) -> bool:
    """True when a schema uses only keywords `has_every_answer` follows to find required answers."""
    if not isinstance(node, dict):
        return True
    if _UNFOLLOWED & node.keys():
        return False
    props = node.get("properties", {})
    subschemas = [*props.values(), *(node[k] for k in ("items", "then", "else") if k in node)]
    return all(_requiring(sub) for sub in subschemas)


def _missing(node: dict[str, Any], value: Any) -> bool:
    if isinstance(value, dict):
        if any(key not in value for key in node.get("required", ())):
            return True
        for key, sub in node.get("properties", {}).items():
            if key in value and _missing(sub, value[key]):
                return True
    elif isinstance(value, list) and isinstance(node.get("items"), dict) and \
            any(_missing(node["items"], item) for item in value):
        return True
    if "if" in node:
        branch = node.get("then") if _validator().evolve(schema=node["if"]).is_valid(value) else node.get("else")
        if isinstance(branch, dict) and _missing(branch, value):
            return True
    return False


def has_every_answer(doc: dict[str, Any] | None) -> bool:
    """`is_complete` for a document already checked with `check_answers(doc, partial=True)` (the session's,
    checked whenever it is written): only looks for the required answers instead of checking every value
    again with JSON Schema, which every journey page would pay for (bench/pages.py; figures in
    docs/reliability.md). Falls back to `is_complete` if the schema could require answers in a way this
    does not follow."""
    if not _follows_schema():
        return is_complete(doc)
    return bool(doc) and not _missing(schema(), doc)


@cache
def _follows_schema() -> bool:
    return _requiring(schema())


def dumps_file(doc: dict[str, Any]) -> str:
    """The downloadable answers file: readable, stable key order."""
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
