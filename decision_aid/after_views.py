"""Pages after the options sheet: the knowledge check and the leaning question (blueprint `after`).

- `GET/POST /sheet/check-what-you-read`: the knowledge check (rules/knowledge.yaml), every question
  optional, GOV.UK radios with an "I am not sure" choice. A post stores the choices in the answers
  document (`knowledge: {version, answers}`) and goes to
- `GET /sheet/check-what-you-read/answers`: each question with the answer, why and its sources, in a
  neutral voice; then back to the sheet.
- `GET/POST /sheet/leaning`: "Which options are you leaning towards, if any?" (checkboxes, with an
  exclusive "Not sure yet") and "How sure do you feel?" (radios), both optional, stored as
  `leaning: {options, certainty}`; then back to the sheet, where the appointment PDF's page 1 shows
  them next to what matters most.

Plain posts, no JavaScript needed (the "Not sure yet" checkbox is also checked on the server). Like the
SURE form, these need a complete answers document; otherwise the person is sent to check answers. Only
known ids are ever stored: anything else in a post is an error message, never a 5xx.
"""

from __future__ import annotations

import copy
from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response as BaseResponse

from .after_sheet import (
    CERTAINTY_LABELS,
    CERTAINTY_QUESTION,
    LEANING_QUESTION,
    NOT_SURE,
    NOT_SURE_YET,
    allowed_choices,
    knowledge_result,
)
from .answers import check_answers, has_every_answer
from .engine import OPTION_IDS
from .i18n import content_for
from .i18n import gettext as _
from .i18n import lazy_gettext as _l

bp = Blueprint("after", __name__)

# The messages are translated when shown (`_l`); the pages get plain strings (`str`).
NO_ROOM = _l("Your answers could not be saved: together with your own questions they are too long to keep. "
             "Shorten your questions (change your answers) and try again.")
PICK_ONE = _l("Select one of the answers, or leave this question out")
LEANING_BOTH = _l("Select the options you are leaning towards, or select 'Not sure yet', not both")
LEANING_UNKNOWN = _l("Select options from the list")
CERTAINTY_UNKNOWN = _l("Select how sure you feel from the list")


def _answers() -> dict[str, Any] | None:
    answers = session.get("answers")
    if isinstance(answers, dict) and has_every_answer(answers):
        return answers
    return None


def _knowledge() -> dict[str, Any]:
    knowledge = content_for().knowledge
    if not knowledge:
        abort(404)
    return dict(knowledge)


def _store(updated: dict[str, Any]) -> bool:
    """Put the updated document in the session if it is valid (it can only fail on the size budget)."""
    if check_answers(updated):
        return False
    session["answers"] = updated
    return True


def _source_list(ids: list[str]) -> list[dict[str, Any]]:
    sources = content_for().sources
    return [{"id": sid, "citation": (sources.get(sid) or {}).get("citation", sid),
             "url": (sources.get(sid) or {}).get("url")} for sid in ids]


# --- knowledge check ---------------------------------------------------------------------------------

def _knowledge_page(knowledge: dict[str, Any], values: dict[str, str], errors: dict[str, str],
                    status: int = 200) -> tuple[str, int]:
    errors = {key: str(message) for key, message in errors.items()}
    error_list = [{"text": message, "href": f"#{qid}"} for qid, message in errors.items()]
    html = render_template("after/knowledge.html", knowledge=knowledge, values=values, errors=errors,
                           error_list=error_list, not_sure=NOT_SURE)
    return html, status


@bp.get("/sheet/check-what-you-read")
def knowledge() -> BaseResponse | tuple[str, int]:
    """The knowledge check, with any earlier answers (for the same version of the questions) ticked."""
    knowledge = _knowledge()
    answers = _answers()
    if answers is None:
        return redirect(url_for("journey.check_answers"))
    stored = answers.get("knowledge") or {}
    values = dict(stored.get("answers") or {}) if stored.get("version") == knowledge["version"] else {}
    return _knowledge_page(knowledge, values, {})


@bp.post("/sheet/check-what-you-read")
def knowledge_post() -> BaseResponse | tuple[str, int]:
    """Store the choices made (a question left out is simply not stored), then show the answers."""
    knowledge = _knowledge()
    answers = _answers()
    if answers is None:
        return redirect(url_for("journey.check_answers"))
    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    for q in knowledge["questions"]:
        raw = request.form.get(q["id"], "")
        if raw == "":
            continue
        if raw in allowed_choices(q):
            values[q["id"]] = raw
        else:
            errors[q["id"]] = PICK_ONE
    if errors:
        return _knowledge_page(knowledge, values, errors, 400)
    if values:
        updated = copy.deepcopy(answers)
        updated["knowledge"] = {"version": knowledge["version"], "answers": values}
        if not _store(updated):
            return _knowledge_page(knowledge, values, {"knowledge": NO_ROOM}, 400)
    return redirect(url_for("after.knowledge_answers"))


@bp.get("/sheet/check-what-you-read/answers")
def knowledge_answers() -> BaseResponse | tuple[str, int]:
    """Each question with the answer and why; the person's own choice beside it when they gave one."""
    knowledge = _knowledge()
    answers = _answers()
    if answers is None:
        return redirect(url_for("journey.check_answers"))
    result = knowledge_result(knowledge, answers)
    given = (answers.get("knowledge") or {}).get("answers") or {} if result else {}
    rows = []
    for q in knowledge["questions"]:
        labels = {c["id"]: c["text"] for c in q["choices"]} | {NOT_SURE: knowledge["not_sure"]}
        choice = given.get(q["id"])
        rows.append({
            "question": q, "answer_text": labels[q["answer"]],
            "choice": choice if choice in labels else None, "choice_text": labels.get(str(choice)),
            "right": choice == q["answer"], "sources": _source_list(list(q["why"]["sources"])),
        })
    return render_template("after/knowledge_answers.html", rows=rows, result=result), 200


# --- leaning -----------------------------------------------------------------------------------------

def _leaning_page(values: dict[str, Any], errors: dict[str, str], status: int = 200) -> tuple[str, int]:
    content = content_for()
    option_titles = [(oid, (content.options.get(oid) or {}).get("title", oid))
                     for oid in sorted(OPTION_IDS, key=lambda o: (content.options.get(o) or {}).get("order", 99))]
    errors = {key: str(message) for key, message in errors.items()}
    error_list = [{"text": message, "href": f"#{field}"} for field, message in errors.items()]
    html = render_template(
        "after/leaning.html", option_titles=option_titles, values=values, errors=errors, error_list=error_list,
        leaning_question=_(LEANING_QUESTION), certainty_question=_(CERTAINTY_QUESTION), not_sure=NOT_SURE,
        not_sure_yet=_(NOT_SURE_YET), certainty_labels={key: _(label) for key, label in CERTAINTY_LABELS.items()},
    )
    return html, status


@bp.get("/sheet/leaning")
def leaning() -> BaseResponse | tuple[str, int]:
    answers = _answers()
    if answers is None:
        return redirect(url_for("journey.check_answers"))
    return _leaning_page(dict(answers.get("leaning") or {}), {})


@bp.post("/sheet/leaning")
def leaning_post() -> BaseResponse | tuple[str, int]:
    """Store the leaning (both questions optional; nothing ticked clears it), then back to the sheet."""
    answers = _answers()
    if answers is None:
        return redirect(url_for("journey.check_answers"))
    picked = [v for v in request.form.getlist("options") if v]
    certainty = request.form.get("certainty", "")
    errors: dict[str, str] = {}
    allowed = set(OPTION_IDS) | {NOT_SURE}
    if any(v not in allowed for v in picked):
        errors["options"] = LEANING_UNKNOWN
    elif NOT_SURE in picked and len(set(picked)) > 1:
        errors["options"] = LEANING_BOTH
    if certainty and certainty not in CERTAINTY_LABELS:
        errors["certainty"] = CERTAINTY_UNKNOWN
    chosen = [o for o in (*OPTION_IDS, NOT_SURE) if o in picked]
    values: dict[str, Any] = {}
    if chosen:
        values["options"] = chosen
    if certainty in CERTAINTY_LABELS:
        values["certainty"] = certainty
    if errors:
        return _leaning_page(values, errors, 400)
    updated = copy.deepcopy(answers)
    if values:
        updated["leaning"] = values
    else:
        updated.pop("leaning", None)
    if not _store(updated):
        return _leaning_page(values, {"options": NO_ROOM}, 400)
    return redirect(url_for("sheet.sheet_page", _anchor="after-sheet"))
