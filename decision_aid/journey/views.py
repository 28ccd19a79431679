"""The questionnaire journey (spec §2): start, question pages, check answers, save and resume.

The session holds only `session["answers"]` (a partial answers document). Whether a person is
changing an answer from the check page is carried in the URL path (`/change/<page>`), never answers.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, abort, current_app, redirect, render_template, request, session, url_for
from flask_wtf.csrf import CSRFError
from govuk_frontend_wtf.main import wtforms_errors
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response

from .. import answers, history, imports, scores
from . import prerender, summary
from .fields import by_path_prefix, field_messages
from .pages import (
    PAGE_BY_SLUG,
    PAGES,
    STEPS,
    Page,
    QuestionForm,
    first_unanswered,
    next_page,
    previous_page,
    reconcile,
)

bp = Blueprint("journey", __name__)

CSRF_MESSAGE = ("This page was open for a long time, so your answers on it have not been saved yet. "
                "Check them and press Continue again")
MAX_FILE_PROBLEMS = 12


# ---------------------------------------------------------------------------------------- helpers

def _doc() -> dict[str, Any]:
    doc = session.get("answers")
    return doc if isinstance(doc, dict) else {}


def _session_expired() -> bool:
    """The browser sent a session cookie we could not use (too old): say so instead of starting silently."""
    return bool(request.cookies.get(current_app.config["SESSION_COOKIE_NAME"])) and not session


def _page_url(page: Page, changing: bool) -> str:
    return url_for("journey.change" if changing else "journey.question", slug=page.slug)


def _duration_words(span: dt.timedelta) -> str:
    """120 minutes -> "2 hours", 90 -> "90 minutes" (for "cleared after ... without use")."""
    minutes = int(span.total_seconds() // 60)
    if minutes % 60 == 0 and minutes >= 60:
        hours = minutes // 60
        return f"{hours} hour" + ("s" if hours != 1 else "")
    return f"{minutes} minute" + ("s" if minutes != 1 else "")


def _where_to_go(doc: dict[str, Any], changing: bool) -> str:
    """The first page still to answer (asked in change mode when changing), else check answers."""
    missing = first_unanswered(doc)
    if missing is None:
        return url_for("journey.check_answers")
    return _page_url(missing, changing)


def _render_page(page: Page, form: QuestionForm, changing: bool, doc: dict[str, Any], *,
                 extra_errors: list[dict[str, str]] | None = None, status: int = 200) -> tuple[str, int]:
    prerender.page(page.slug, page.form.every_field)
    if changing:
        back = url_for("journey.check_answers")
    else:
        before = previous_page(page, doc)
        back = _page_url(before, False) if before else url_for("journey.start")
    errors = wtforms_errors(form)["errorList"] + (extra_errors or [])
    fields = form.bound_fields()
    return render_template(
        "journey/question.html", page=page, form=form, fields=fields, errors=errors, back_url=back,
        step=page.step, steps=len(STEPS), action=request.path, changing=changing,
        expired=request.method == "GET" and page is not PAGES[0] and _session_expired(),
    ), status


def _attach(form: QuestionForm, problems: list[answers.AnswerError]) -> None:
    """Show document-level problems (for example, questions too long for the cookie) on the right field."""
    fields = form.bound_fields()
    owners = field_messages(fields)
    for problem in problems:
        name = by_path_prefix(owners, problem.field) or fields[0].name
        form[name].errors = [*form[name].errors, _plain(problem)]


def _plain(problem: answers.AnswerError) -> str:
    if problem.field == "goals.own_questions":
        return "Your questions are too long to keep together. Shorten them or ask fewer questions"
    return f"Check this answer: it {problem.message}"


bp.add_app_template_global(prerender.fixed, "govuk_fixed")  # {{ govuk_fixed("govukButton", {...}) }}
bp.add_app_template_global(prerender.link, "govuk_link")  # {{ govuk_link("govukBackLink", {...}, url) }}


# ----------------------------------------------------------------------------------------- routes

@bp.get("/")
def start() -> str:
    """Start page: what the aid is for, how long it takes, what is stored, and resume from a file."""
    return _render_start([])[0]


def _render_start(problems: list[str], status: int = 200, inline: str = "") -> tuple[str, int]:
    doc = _doc()
    carry_on = None
    if doc:
        carry_on = _where_to_go(doc, False)
    error_list = [{"text": text, "href": "#answers"} for text in problems]
    return render_template("journey/start.html", problems=error_list, inline=inline, carry_on=carry_on,
                           idle=_duration_words(current_app.permanent_session_lifetime),
                           first=url_for("journey.question", slug=PAGES[0].slug)), status


@bp.post("/start-again")
def start_again() -> Response:
    """Clear everything, from any page."""
    session.clear()
    return redirect(url_for("journey.start"))


def _lookup(slug: str) -> Page:
    page = PAGE_BY_SLUG.get(slug)
    if page is None:
        abort(404)
    return page


@bp.route("/<slug>", methods=["GET", "POST"])
def question(slug: str) -> Response | tuple[str, int]:
    """A question page in the normal order: Continue goes to the next page that applies."""
    return _question(_lookup(slug), changing=False)


@bp.route("/change/<slug>", methods=["GET", "POST"])
def change(slug: str) -> Response | tuple[str, int]:
    """The same page reached from check answers: Continue returns there (asking any new follow-ups first)."""
    return _question(_lookup(slug), changing=True)


def _question(page: Page, changing: bool) -> Response | tuple[str, int]:
    doc = _doc()
    if not page.applies(doc):
        return redirect(_where_to_go(doc, changing))
    if request.method == "GET":
        return _render_page(page, page.build(doc), changing, doc)
    form = page.build(doc, request.form)
    if form.validate():
        new = reconcile(doc, page.store(form, doc))
        problems = answers.check_answers(new, partial=True)
        if not problems:
            session["answers"] = new
            if changing:
                return redirect(_where_to_go(new, True))
            following = next_page(page, new)
            return redirect(_page_url(following, False) if following else url_for("journey.check_answers"))
        _attach(form, problems)
    return _render_page(page, form, changing, doc)


@bp.get("/check-answers")
def check_answers() -> Response | str:
    """Step 7: every answer with a Change link, and the scores; incomplete answers go back to the gap."""
    doc = _doc()
    missing = first_unanswered(doc)
    if missing is not None:
        return redirect(_page_url(missing, False))
    # The session's document was checked when it was written: only look for gaps, not every value again.
    if not answers.has_every_answer(doc):
        return redirect(url_for("journey.question", slug=PAGES[0].slug))
    computed = scores.scores_from_answers(doc)
    return render_template("journey/check_answers.html", sections=summary.sections(doc, lambda page: page.applies(doc)),
                           explanations=scores.explain(computed),
                           asdas_needs=_asdas_needs(doc) if computed.get("asdas") is None else [],
                           sheet_url=url_for("sheet.sheet_page"),
                           step=len(STEPS), steps=len(STEPS),
                           back_url=_page_url(PAGES[-1], False))


def _asdas_needs(doc: dict[str, Any]) -> list[str]:
    """What is missing for an ASDAS score, in the words of the questions."""
    activity = doc.get("activity") or {}
    needs = []
    if activity.get("patient_global") is None:
        needs.append("your answer about how active your condition has been")
    if activity.get("crp_mg_l") is None and activity.get("esr_mm_h") is None:
        needs.append("a CRP or ESR blood test result")
    return needs


@bp.get("/save-answers")
def save_answers() -> Response:
    """Download the answers document as a file (it can be uploaded again with Resume)."""
    doc = _doc()
    if not answers.is_complete(doc):
        return redirect(_where_to_go(doc, False) if doc else url_for("journey.start"))
    doc = history.as_of(doc, history.today())  # the resumed visit joins the history if this is a new visit
    response = Response(answers.dumps_file(doc), mimetype="application/json")
    name = f"as-treatment-options-answers-{dt.date.today().isoformat()}.json"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


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


@bp.post("/resume")
def resume() -> Response | tuple[str, int]:
    """Load an uploaded answers file; a bad file changes nothing and lists what is wrong, by field."""
    upload = request.files.get("answers")
    if upload is None or not upload.filename:
        return _render_start(["Select the answers file you saved"], 400, "Select the answers file you saved")
    raw = upload.read()
    if not raw.strip():
        return _render_start(["The selected file is empty"], 400, "The selected file is empty")
    try:
        doc = answers.parse_answers(imports.answers_from_upload(raw))  # answers file, our PDF or FHIR
        answers.compact_json(doc).encode("utf-8")
    except answers.AnswersInvalid as exc:
        problems = [_describe(p) for p in exc.errors]
        if len(problems) > MAX_FILE_PROBLEMS:
            problems = [*problems[:MAX_FILE_PROBLEMS], f"and {len(problems) - MAX_FILE_PROBLEMS} more problems"]
        return _render_start(problems, 400, "The selected file cannot be used. Choose a file saved by this tool")
    except UnicodeEncodeError:
        return _render_start(["The file contains characters that cannot be used"], 400,
                             "The selected file cannot be used. Choose a file saved by this tool")
    session["answers"] = history.on_resume(doc, upload.filename)  # the file's visit, kept aside until changed
    return redirect(url_for("journey.check_answers"))


# -------------------------------------------------------------------------------------- errors

@bp.errorhandler(CSRFError)
def csrf_failed(error: CSRFError) -> tuple[str, int]:
    """A stale or missing security token: show the page again with what was typed, and ask to resend."""
    endpoint = request.endpoint or ""
    page = PAGE_BY_SLUG.get((request.view_args or {}).get("slug", ""))
    if endpoint in ("journey.question", "journey.change") and page is not None:
        doc = _doc()
        form = page.build(doc, request.form)
        return _render_page(page, form, endpoint == "journey.change", doc, status=400,
                            extra_errors=[{"text": CSRF_MESSAGE, "href": "#continue"}])
    if endpoint == "journey.resume":
        message = "This page was open for a long time. Choose your file again and press Resume"
        return _render_start([message], 400, message)
    return render_template("errors/csrf.html", status=400), 400


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error: RequestEntityTooLarge) -> tuple[str, int]:
    """An oversized upload or form: say so plainly, keep the session as it was."""
    if request.endpoint == "journey.resume":
        limit = (current_app.config.get("MAX_CONTENT_LENGTH") or 0) // 1024
        message = f"The selected file must be smaller than {limit} KB. Choose the answers file saved by this tool"
        return _render_start([message], 413, message)
    from ..security import render_error

    return render_error(413, "What you sent is too long",
                        "Go back, shorten what you typed and press Continue again. Your saved answers have not been lost.")

