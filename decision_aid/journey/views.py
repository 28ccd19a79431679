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

from .. import answers, history, scores
from ..i18n import gettext as _
from ..i18n import lazy_gettext as _l
from ..i18n import ngettext, with_language
from . import prerender, summary, uploads
from .fields import by_path_prefix, field_messages
from .forms import Caution
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

CSRF_MESSAGE = _l("This page was open for a long time, so your answers on it have not been saved yet. "
                  "Check them and press Continue again")


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
        return ngettext("%(num)s hour", "%(num)s hours", minutes // 60)
    return ngettext("%(num)s minute", "%(num)s minutes", minutes)


def _where_to_go(doc: dict[str, Any], changing: bool) -> str:
    """The first page still to answer (asked in change mode when changing), else check answers."""
    missing = first_unanswered(doc)
    if missing is None:
        return url_for("journey.check_answers")
    return _page_url(missing, changing)


def _render_page(page: Page, form: QuestionForm, changing: bool, doc: dict[str, Any], *,
                 extra_errors: list[dict[str, str]] | None = None, status: int = 200,
                 cautions: list[Caution] | None = None, left_out: list[str] | None = None) -> tuple[str, int]:
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
        cautions=cautions or [], left_out=left_out,
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
        return _("Your questions are too long to keep together. Shorten them or ask fewer questions")
    # Translators: "problem" says what is wrong with the answer, for example "must be a whole number from 16 to 100".
    return _("Check this answer: it %(problem)s", problem=problem.message)


bp.add_app_template_global(prerender.fixed, "govuk_fixed")  # {{ govuk_fixed("govukButton", {...}) }}
bp.add_app_template_global(prerender.link, "govuk_link")  # {{ govuk_link("govukBackLink", {...}, url) }}


# ----------------------------------------------------------------------------------------- routes

@bp.get("/")
def start() -> str:
    """Start page: what the aid is for, how long it takes, what is stored, and resume from a file."""
    return _render_start([])[0]


def _render_start(problems: list[str], status: int = 200, inline: str = "",
                  folded: list[str] | None = None) -> tuple[str, int]:
    doc = _doc()
    carry_on = None
    if doc:
        carry_on = _where_to_go(doc, False)
    error_list = [{"text": text, "href": "#answers"} for text in problems]
    return render_template("journey/start.html", problems=error_list, inline=inline, carry_on=carry_on,
                           folded=folded or [],
                           idle=_duration_words(current_app.permanent_session_lifetime),
                           first=url_for("journey.question", slug=PAGES[0].slug)), status


@bp.get("/start-again")
def confirm_start_again() -> str:
    """Ask before clearing anything: a person may have pressed Start again by mistake."""
    doc = _doc()
    return render_template("journey/start_again.html", has_answers=bool(doc),
                           keep=_where_to_go(doc, False) if doc else url_for("journey.start"),
                           can_save=bool(doc))


@bp.post("/start-again")
def start_again() -> Response:
    """Clear everything (after the person confirmed on the page above)."""
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
    if "save" in request.form:
        return _save_part_way(page, form, changing, doc)
    if form.validate():
        new = with_language(reconcile(doc, page.store(form, doc)))
        problems = answers.check_answers(new, partial=True)
        cautions = _unconfirmed(form)
        if not problems and cautions:
            return _render_page(page, form, changing, doc, cautions=cautions)
        if not problems:
            session["answers"] = new
            if changing:
                return redirect(_where_to_go(new, True))
            following = next_page(page, new)
            return redirect(_page_url(following, False) if following else url_for("journey.check_answers"))
        _attach(form, problems)
    return _render_page(page, form, changing, doc)


def _unconfirmed(form: QuestionForm) -> list[Caution]:
    """The page's unusual answers not yet confirmed (Continue pressed again with the same answer)."""
    confirmed = set(request.form.getlist("confirmed"))
    return [c for c in form.warnings() if c.key not in confirmed]


def _save_part_way(page: Page, form: QuestionForm, changing: bool, doc: dict[str, Any]) -> Response | tuple[str, int]:
    """"Save and come back later": the answers so far, this page's included, as a file to download.

    Nobody who wants to leave is kept: answers on this page that cannot be used (an error, or an unusual
    answer not yet confirmed) are left out of the file, the rest is saved, and the page says which were
    left out, with the link to download the file."""
    valid = form.validate()
    leave_out = {f.name for f in form.bound_fields() if not f.usable(form)}
    leave_out |= {c.field for c in _unconfirmed(form)} if valid else set()
    new = with_language(reconcile(doc, page.store(form, doc, leave_out)))
    problems = answers.check_answers(new, partial=True)
    if problems:  # for example questions too long for the cookie: keep what was saved before
        _attach(form, problems)
        new, leave_out = doc, {f.name for f in form.bound_fields()}
    if new:
        session["answers"] = new
    fields = [f for f in form.bound_fields() if f.name in leave_out and f.entered()]
    if not fields:  # only blanks: nothing the person gave is left out, they are asked when they come back
        return _download(new)
    names = list(dict.fromkeys(f.summary or str(f.label.text) for f in fields))
    return _render_page(page, form, changing, doc, left_out=names)


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
                           asdas_needs_text=_asdas_needs_text(doc) if computed.get("asdas") is None else "",
                           sheet_url=url_for("sheet.sheet_page"),
                           step=len(STEPS), steps=len(STEPS),
                           back_url=_page_url(PAGES[-1], False))


def _asdas_needs(doc: dict[str, Any]) -> list[str]:
    """What is missing for an ASDAS score, in the words of the questions."""
    activity = doc.get("activity") or {}
    needs = []
    if activity.get("patient_global") is None:
        needs.append(_("your answer about how active your condition has been"))
    if activity.get("crp_mg_l") is None and activity.get("esr_mm_h") is None:
        needs.append(_("a CRP or ESR blood test result"))
    return needs


def _asdas_needs_text(doc: dict[str, Any]) -> str:
    """Why there is no ASDAS score, as one sentence for each case (for the template: `asdas_needs` are
    the same words as fragments, which only English can join)."""
    activity = doc.get("activity") or {}
    no_global = activity.get("patient_global") is None
    no_blood = activity.get("crp_mg_l") is None and activity.get("esr_mm_h") is None
    if no_global and no_blood:
        return _("Your ASDAS score could not be worked out: it needs your answer about how active your condition "
                 "has been and a CRP or ESR blood test result. You can add them with the Change links below, or "
                 "leave them out.")
    if no_global:
        return _("Your ASDAS score could not be worked out: it needs your answer about how active your condition "
                 "has been. You can add it with the Change links below, or leave it out.")
    if no_blood:
        return _("Your ASDAS score could not be worked out: it needs a CRP or ESR blood test result. You can add "
                 "it with the Change links below, or leave it out.")
    return ""


@bp.get("/save-answers")
def save_answers() -> Response:
    """Download the answers so far as a file (complete or not: Resume continues where it stops)."""
    doc = _doc()
    if not doc:
        return redirect(url_for("journey.start"))
    return _download(doc)


def _download(doc: dict[str, Any]) -> Response:
    if answers.is_complete(doc):
        doc = history.as_of(doc, history.today())  # the resumed visit joins the history if this is a new visit
    elif isinstance(doc.get("history"), dict) and "loaded" in doc["history"]:  # part-way: the file's visit
        doc = {**doc, "history": {k: v for k, v in doc["history"].items() if k != "loaded"}}  # is not new yet
    response = Response(answers.dumps_file(doc), mimetype="application/json")
    so_far = "" if answers.has_every_answer(doc) else "-so-far"
    name = f"as-treatment-options-answers{so_far}-{dt.date.today().isoformat()}.json"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.post("/resume")
def resume() -> Response | tuple[str, int]:
    """Load an uploaded answers file and carry on at the first unanswered page; a file that cannot be
    used changes nothing and says why (uploads.py)."""
    upload = request.files.get("answers")
    if upload is None or not upload.filename:
        message = _("Select the answers file you saved")
        return _render_start([message], 400, message)
    result = uploads.read_answers(upload.read())  # an answers file (or part of one), our PDF or FHIR
    if isinstance(result, uploads.Refusal):
        if result.foreign:
            return _render_start([result.headline], 400, result.headline, folded=result.details)
        return _render_start(result.details, 400, result.headline)
    # the file's visit, kept aside until the answers change (a part-way file has no visit to keep yet)
    session["answers"] = history.on_resume(result, upload.filename) if answers.is_complete(result) else result
    return redirect(_where_to_go(result, False))


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
                            extra_errors=[{"text": str(CSRF_MESSAGE), "href": "#continue"}])
    if endpoint == "journey.resume":
        message = _("This page was open for a long time. Choose your file again and press Resume")
        return _render_start([message], 400, message)
    return render_template("errors/csrf.html", status=400), 400


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error: RequestEntityTooLarge) -> tuple[str, int]:
    """An oversized upload or form: say so plainly, keep the session as it was."""
    if request.endpoint == "journey.resume":
        limit = (current_app.config.get("MAX_CONTENT_LENGTH") or 0) // 1024
        message = _("The selected file must be smaller than %(limit)s KB. Choose the answers file saved by this tool",
                    limit=limit)
        return _render_start([message], 413, message)
    from ..security import render_error

    return render_error(413, _("What you sent is too long"),
                        _("Go back, shorten what you typed and press Continue again. Your saved answers have not "
                          "been lost."))

