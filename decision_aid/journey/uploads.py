"""Resume: the bytes of an uploaded file read into an answers document, or refused in plain words.

`read_answers` is the one place that decides. A file that is not an answers file from this tool (an
image, a PDF, random bytes, an empty file, another tool's JSON) gets one plain line, `NOT_OURS`, with
the technical detail to fold away; an answers file from this tool with a few bad fields gets one message
per field. A partial file (saved part-way with "Save and come back later") is accepted. The appointment PDF
(the answers file inside it) and a FHIR file of the answers are read by `decision_aid/imports.py` first;
a PDF or FHIR file that cannot be used is refused the same plain way, its reason folded below.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .. import answers, imports
from .pages import PAGES

NOT_OURS = "This is not an answers file saved from this tool"
BAD_FIELDS = "The selected file cannot be used. Choose a file saved by this tool"
MAX_FILE_PROBLEMS = 12

# What a file starts with, for the folded detail ("it looks like a PNG image").
_MAGIC = ((b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG photo"), (b"GIF8", "a GIF image"),
          (b"%PDF", "a PDF document"), (b"PK\x03\x04", "a ZIP file or an office document"),
          (b"RIFF", "an image, sound or video file"), (b"<", "a web page or XML file"))


_KINDS = {list: "list", str: "string", int: "number", float: "number", bool: "true or false"}


@dataclass(frozen=True)
class Refusal:
    """Why an uploaded file was not used.

    `foreign`: not an answers file from this tool; `headline` is then `NOT_OURS` and `details` the
    technical detail (shown folded). Otherwise `details` are the bad fields, one message each."""

    headline: str
    details: list[str] = field(default_factory=list)
    foreign: bool = False


def read_answers(raw: bytes) -> dict[str, Any] | Refusal:
    """An answers document (complete or partial) from an uploaded file's bytes, or why not."""
    if not raw.strip():
        return Refusal(NOT_OURS, ["The file is empty."], foreign=True)
    if imports.is_pdf(raw) or imports.is_fhir(raw):  # the appointment PDF, or a FHIR file of the answers
        try:
            raw = imports.answers_from_upload(raw)
        except answers.AnswersInvalid as exc:
            return Refusal(NOT_OURS, [_describe(e) for e in exc.errors], foreign=True)
    try:
        doc = answers.parse_answers(raw, partial=True)
    except answers.AnswersInvalid as exc:
        return _refusal(raw, exc.errors)
    except UnicodeEncodeError:  # a lone surrogate ("\ud800") in a string: valid JSON, not storable text
        return Refusal(BAD_FIELDS, ["The file contains characters that cannot be used"])
    if not _recognised(doc):
        return Refusal(NOT_OURS, [_foreign_detail(doc)], foreign=True)
    return doc


def _refusal(raw: bytes, errors: list[answers.AnswerError]) -> Refusal:
    if any(e.field in ("(file)", "schema") for e in errors):
        return Refusal(NOT_OURS, [_what_it_looks_like(raw) or _describe(errors[0])], foreign=True)
    doc = json.loads(raw.decode("utf-8-sig"))  # parsed once already: only its contents were wrong
    if not _recognised(doc):
        return Refusal(NOT_OURS, [_foreign_detail(doc)], foreign=True)
    problems = [_describe(e) for e in errors]
    if len(problems) > MAX_FILE_PROBLEMS:
        problems = [*problems[:MAX_FILE_PROBLEMS], f"and {len(problems) - MAX_FILE_PROBLEMS} more problems"]
    return Refusal(BAD_FIELDS, problems)


def _recognised(doc: Any) -> bool:
    """Ours: says it is this tool's answers document, or (files written by hand) has only its parts."""
    if not isinstance(doc, dict):
        return False
    if doc.get("schema") == answers.SCHEMA_ID:
        return True
    sections = set(answers.schema()["properties"])
    return "schema" not in doc and bool(doc) and set(doc) <= sections


def _foreign_detail(doc: Any) -> str:
    if not isinstance(doc, dict):
        return f"The file must be a JSON object with this tool's answers, not a JSON {_KINDS.get(type(doc), 'value')}."
    if doc:
        keys = ", ".join(sorted(str(k) for k in doc)[:6])
        return f"It is a JSON file, but not one with this tool's answers (its first parts are named {keys})."
    return "It is a JSON file, but it holds no answers."


def _what_it_looks_like(raw: bytes) -> str:
    head = raw.lstrip()[:8]
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return f"The file looks like {name}, not a text file saved by this tool."
    return ""


def _field_label(path: str) -> str:
    """Plain name for a document path in an uploaded file's error list."""
    clean = ".".join(s for s in path.split(".") if s)
    for page in PAGES:
        for f in page.fields({}):
            for owned in f.owned_paths():
                if owned == clean and f.summary:
                    return f"{f.summary} ({path})"
    return path


def _describe(problem: answers.AnswerError) -> str:
    if problem.field in ("(file)", "(document)", ""):
        return f"The file {problem.message}"
    return f"{_field_label(problem.field)} {problem.message}"
