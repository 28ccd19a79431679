"""Files a person may give back to Resume (or to `decision-aid answers`): the answers file itself, the
appointment PDF with the answers file inside it, or a FHIR QuestionnaireResponse of the answers.

`answers_from_upload(raw)` recognises which it is and returns the answers file's bytes, for
`answers.parse_answers` to check like any answers file; anything else is refused with AnswersInvalid
naming the problem, and nothing is changed. Work is bounded by limits, never by timing: the upload's
size (MAX_UPLOAD_BYTES), and for a PDF its size, page count, object count and pypdf's decoding limits;
for FHIR JSON its nesting and number of items (fhir.py).
"""

from __future__ import annotations

import io
import json
import logging
from typing import Any

from . import fhir
from .answers import AnswerError, AnswersInvalid, dumps_file, nesting_depth, reject_constant
from .i18n import gettext as _

ATTACHMENT_NAME = "as-treatment-options-answers.json"  # the answers file inside the appointment PDF
ATTACHMENT_DESCRIPTION = "Your answers: open this PDF with Resume to carry on from them"
MAX_PDF_BYTES = 1024 * 1024      # the appointment PDF is about 80-150 KB
MAX_PDF_PAGES = 60               # it has about 13
MAX_PDF_OBJECTS = 20_000         # it has a few thousand
MAX_ATTACHMENT_BYTES = 64 * 1024  # an answers file is a few KB
MAX_JSON_NESTING = fhir.MAX_DEPTH

# pypdf reports damaged files at WARNING; a refusal says what is wrong, so keep the logs quiet.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def _refuse(message: str) -> AnswersInvalid:
    return AnswersInvalid([AnswerError("(file)", message)])


def is_pdf(raw: bytes) -> bool:
    return raw.lstrip(b"\x00\t\n\f\r ")[:5] == b"%PDF-"


def answers_from_fhir(raw: bytes | str) -> dict[str, Any]:
    """The answers document in a FHIR QuestionnaireResponse file (not yet checked against the schema)."""
    try:
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
        obj = json.loads(text, parse_constant=reject_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise _refuse(_("is not a FHIR JSON file this tool can read")) from exc
    if nesting_depth(obj, MAX_JSON_NESTING) > MAX_JSON_NESTING:
        raise _refuse(_("is nested far too deeply to be a FHIR answers file"))
    return fhir.from_response(obj)


def answers_from_pdf(raw: bytes) -> bytes:
    """The answers file embedded in an appointment PDF made by this tool."""
    import pypdf
    from pypdf.errors import PdfReadError, PyPdfError

    if len(raw) > MAX_PDF_BYTES:
        raise _refuse(_("is a PDF larger than %(limit)s KB, bigger than any this tool makes", limit=MAX_PDF_BYTES // 1024))
    limits = {"zlib_maximum_output_length": 4 * 1024 * 1024, "stream_decoding_work_maximum_length": 16 * 1024 * 1024,
              "stream_parsing_work_maximum_count": 200_000, "array_maximum_element_count": 20_000,
              "dictionary_maximum_element_count": 2_000, "page_tree_maximum_entries": 500,
              "page_tree_maximum_page_entries": 500, "page_tree_maximum_depth": 16,
              "named_destinations_maximum_entries": 2_000, "named_destinations_maximum_depth": 16}
    try:
        with pypdf.apply_configuration(None, **limits):
            reader = pypdf.PdfReader(io.BytesIO(raw), strict=False, root_object_recovery_limit=MAX_PDF_OBJECTS,
                                     xref_stream_maximum_entries=MAX_PDF_OBJECTS)
            if reader.is_encrypted:
                raise _refuse(_("is a PDF with a password or encryption; use the PDF this tool made, unchanged"))
            size = reader.trailer.get("/Size", 0)
            if not isinstance(size, int) or size > MAX_PDF_OBJECTS:
                raise _refuse(_("is a PDF far larger inside than any this tool makes"))
            if len(reader.pages) > MAX_PDF_PAGES:
                raise _refuse(_("is a PDF with more than %(pages)s pages, not an appointment PDF from this tool",
                                pages=MAX_PDF_PAGES))
            found = [entry for entry in reader.attachment_list if entry.name == ATTACHMENT_NAME]
            if not found:
                raise _refuse(_("is a PDF without answers inside. Use the appointment PDF made by this tool "
                                "(it has your answers inside), or your saved answers file"))
            if len(found) > 1:
                raise _refuse(_("is a PDF with more than one answers file inside"))
            declared = found[0].size
            if declared is not None and declared > MAX_ATTACHMENT_BYTES:
                raise _refuse(_("is a PDF whose answers inside are far too large to be an answers file"))
            content = found[0].content
    except AnswersInvalid:
        raise
    except (PyPdfError, PdfReadError, ValueError, TypeError, KeyError, AttributeError, IndexError,
            AssertionError, RecursionError, OverflowError, MemoryError, EOFError, LookupError,
            ArithmeticError, UnicodeError) as exc:
        raise _refuse(_("is a damaged PDF, or not one this tool can read")) from exc
    if not isinstance(content, bytes) or len(content) > MAX_ATTACHMENT_BYTES:
        raise _refuse(_("is a PDF whose answers inside are far too large to be an answers file"))
    return content


def answers_from_upload(raw: bytes) -> bytes:
    """The answers file's bytes from what a person uploaded: an answers file (returned as it is), this
    tool's appointment PDF (the answers file inside it) or a FHIR QuestionnaireResponse (converted).
    The result still goes through `answers.parse_answers`; AnswersInvalid for a file that cannot be used."""
    if is_pdf(raw):
        inner = answers_from_pdf(raw)
        if is_pdf(inner) or is_fhir(inner):
            raise _refuse(_("is a PDF whose attachment is not an answers file"))
        return inner
    if is_fhir(raw):
        return dumps_file(answers_from_fhir(raw)).encode("utf-8")
    return raw


def is_fhir(raw: bytes) -> bool:
    """A JSON object with a `resourceType` near its start (cheap look before parsing it as FHIR)."""
    head = raw[:4096].lstrip(b"\xef\xbb\xbf\t\n\r ")
    return head.startswith(b"{") and b'"resourceType"' in raw
