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
from ..i18n import gettext as _
from ..i18n import lazy_gettext as _l
from ..i18n import ngettext
from .pages import PAGES

NOT_OURS = _l("This is not an answers file saved from this tool")
BAD_FIELDS = _l("The selected file cannot be used. Choose a file saved by this tool")
MAX_FILE_PROBLEMS = 12

# What a file starts with, for the folded detail: one sentence each ("The file looks like a PNG image, ...").
_MAGIC = (
    (b"\x89PNG", _l("The file looks like a PNG image, not a text file saved by this tool.")),
    (b"\xff\xd8\xff", _l("The file looks like a JPEG photo, not a text file saved by this tool.")),
    (b"GIF8", _l("The file looks like a GIF image, not a text file saved by this tool.")),
    (b"%PDF", _l("The file looks like a PDF document, not a text file saved by this tool.")),
    (b"PK\x03\x04", _l("The file looks like a ZIP file or an office document, not a text file saved by this tool.")),
    (b"RIFF", _l("The file looks like an image, sound or video file, not a text file saved by this tool.")),
    (b"<", _l("The file looks like a web page or XML file, not a text file saved by this tool.")),
)

# "The file must be a JSON object with this tool's answers, not ...": one sentence for each kind of JSON value.
_NOT_AN_OBJECT = {
    list: _l("The file must be a JSON object with this tool's answers, not a JSON list."),
    str: _l("The file must be a JSON object with this tool's answers, not a JSON string."),
    int: _l("The file must be a JSON object with this tool's answers, not a JSON number."),
    float: _l("The file must be a JSON object with this tool's answers, not a JSON number."),
    bool: _l("The file must be a JSON object with this tool's answers, not a JSON true or false."),
}


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
        return Refusal(str(NOT_OURS), [_("The file is empty.")], foreign=True)
    if imports.is_pdf(raw) or imports.is_fhir(raw):  # the appointment PDF, or a FHIR file of the answers
        try:
            raw = imports.answers_from_upload(raw)
        except answers.AnswersInvalid as exc:
            return Refusal(str(NOT_OURS), [_describe(e) for e in exc.errors], foreign=True)
    try:
        doc = answers.parse_answers(raw, partial=True)
    except answers.AnswersInvalid as exc:
        return _refusal(raw, exc.errors)
    except UnicodeEncodeError:  # a lone surrogate ("\ud800") in a string: valid JSON, not storable text
        return Refusal(str(BAD_FIELDS), [_("The file contains characters that cannot be used")])
    if not _recognised(doc):
        return Refusal(str(NOT_OURS), [_foreign_detail(doc)], foreign=True)
    return doc


def _refusal(raw: bytes, errors: list[answers.AnswerError]) -> Refusal:
    if any(e.field in ("(file)", "schema") for e in errors):
        return Refusal(str(NOT_OURS), [_what_it_looks_like(raw) or _describe(errors[0])], foreign=True)
    doc = json.loads(raw.decode("utf-8-sig"))  # parsed once already: only its contents were wrong
    if not _recognised(doc):
        return Refusal(str(NOT_OURS), [_foreign_detail(doc)], foreign=True)
    problems = [_describe(e) for e in errors]
    if len(problems) > MAX_FILE_PROBLEMS:
        more = len(problems) - MAX_FILE_PROBLEMS
        problems = [*problems[:MAX_FILE_PROBLEMS], ngettext("and %(num)s more problem", "and %(num)s more problems", more)]
    return Refusal(str(BAD_FIELDS), problems)


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
        said = _NOT_AN_OBJECT.get(type(doc))
        return str(said) if said else _("The file must be a JSON object with this tool's answers, not a JSON value.")
    if doc:
        keys = ", ".join(sorted(str(k) for k in doc)[:6])
        return _("It is a JSON file, but not one with this tool's answers (its first parts are named %(keys)s).",
                 keys=keys)
    return _("It is a JSON file, but it holds no answers.")


def _what_it_looks_like(raw: bytes) -> str:
    head = raw.lstrip()[:8]
    for magic, sentence in _MAGIC:
        if head.startswith(magic):
            return str(sentence)
    return ""


def _field_label(path: str) -> str:
    """Plain name for a document path in an uploaded file's error list."""
    clean = ".".join(s for s in path.split(".") if s)
    for page in PAGES:
        for f in page.fields({}):
            for owned in f.owned_paths():
                if owned == clean and f.summary:
                    return _("%(answer)s (%(path)s)", answer=f.summary, path=path)
    return path


def _describe(problem: answers.AnswerError) -> str:
    # Translators: "problem" says what is wrong, for example "is not valid JSON" or "must be a number from 0 to 10".
    if problem.field in ("(file)", "(document)", ""):
        return _("The file %(problem)s", problem=problem.message)
    # Translators: "answer" names an answer in the file (its question's short label and its place in the file).
    return _("%(answer)s %(problem)s", answer=_field_label(problem.field), problem=problem.message)
