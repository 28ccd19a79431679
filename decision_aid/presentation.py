"""What the sheet's templates need beyond the sheet dict: the view model, citations and dates.

The web page, the standalone HTML and both PDFs are made from this one view model, so they group,
order and cite alike; it needs neither Flask nor WeasyPrint.
"""

from __future__ import annotations

import pickle
import re
from datetime import date
from functools import cached_property, lru_cache
from typing import Any

from markupsafe import Markup, escape

from . import chart, i18n, icons
from .i18n import gettext as _
from .i18n import lazy_gettext as _l
from .scores import basdai_meaning

# The words here are translated when shown (`_l`); the view model hands plain strings to the templates.
NOTE_LEVELS = (  # most important first; the words are shown, never colour alone
    ("warning", _l("Warning")),
    ("caution", _l("Caution")),
    ("favours", _l("In favour")),
    ("info", _l("Good to know")),
)
# Translators: the SURE test (O'Connor & Légaré, OHRI): use its published wording in your language.
SURE_QUESTIONS = (  # OHRI wording, unchanged (O'Connor & Légaré)
    ("sure", _l("Sure of myself"), _l("Do you feel SURE about the best choice for you?")),
    ("understand", _l("Understand information"), _l("Do you know the benefits and risks of each option?")),
    ("risks", _l("Risk-benefit ratio"), _l("Are you clear about which benefits and risks matter most to you?")),
    ("encouragement", _l("Encouragement"), _l("Do you have enough support and advice to make a choice?")),
)
# The appointment PDF (`brief`): the same grid questions for every option, chosen so benefits and
# harms sit side by side; how well it works (the trial numbers) comes after "how soon".
BRIEF_ROWS = ("how_taken", "how_soon", "side_effects", "serious_risks")
BRIEF_SECTIONS = ("finding_a_trial", "stem_cells")  # trial registries; stem-cell facts and red flags
GRID_COLUMNS_PER_PDF_TABLE = 3  # nine options do not fit across a portrait page in readable type: 3 + 3 + 3


# Page 1 of the appointment PDF in larger type up to these amounts (see roomy_page_one).
ROOMY = {"treatments": 5, "health": 5, "question_chars": 450, "reason_chars": 1000, "checks": 5, "visits": 4}


def long_date(value: Any) -> str:
    """`2026-11-23` or an ISO timestamp → `23 November 2026` (in the language in use); anything else unchanged."""
    if not value:
        return ""
    return i18n.long_date(value) or str(value)


def iso_date(value: Any) -> str:
    """The `YYYY-MM-DD` an ISO timestamp starts with (today's date when it has none)."""
    text = str(value or "")
    match = re.match(r"\d{4}-\d{2}-\d{2}", text)
    return match.group(0) if match else date.today().isoformat()


class Citer:
    """`cite(ids, web)`: " [3, 12]", linked to the numbered sources on the web page.

    A sheet cites the same few lists of sources many times over and Jinja macros are slow, so the
    markup is built here and kept per list (bench/sheet.py). One citer per render (made in
    `view_model`), so nothing outlives the page. It also records which sources it cited (`cited`):
    the appointment PDF lists exactly those. The numbers are the content's own integers: safe as markup."""

    def __init__(self, numbers: dict[str, int]) -> None:
        self.numbers = numbers
        self.cited: set[str] = set()
        self._memo: dict[tuple[Any, bool], Markup] = {}

    @cached_property
    def numbers_key(self) -> bytes:
        """The numbers pickled, once per render: every cached part of the web page has them in its key."""
        return pickle.dumps(self.numbers, protocol=pickle.HIGHEST_PROTOCOL)

    def __call__(self, ids: Any, web: bool = False) -> Markup:
        key = (tuple(ids or ()), bool(web))
        found = self._memo.get(key)
        if found is None:
            known = [i for i in key[0] if i in self.numbers]
            self.cited.update(known)
            nums = sorted({self.numbers[i] for i in known})
            if not nums:
                found = Markup("")
            elif web:
                source = escape(_("source"))
                links = ", ".join(f'<a href="#source-{n}" class="govuk-link app-cite__link">'
                                  f'<span class="app-visually-hidden">{source} </span>{n}</a>' for n in nums)
                found = Markup(f' <span class="app-cite">[{links}]</span>')  # noqa: S704 - integers, escaped words
            else:
                found = Markup(f" [{', '.join(str(n) for n in nums)}]")  # noqa: S704 - integers only
            self._memo[key] = found
        return found


HARMS_HEADING = _l("Side effects and risks in numbers")
FITS_WORDS = {
    "nr-axspa": _l("people with non-radiographic axSpA, like you"),
    "tnf-experienced": _l("people who had already had a TNF inhibitor, like you"),
}
BRIEF_FIGURES = 1  # the appointment PDF shows the first benefit and the first harm figure of each option


def _figure(effect: dict[str, Any]) -> dict[str, Any]:
    """One trial figure: its icon array (none when only a difference is known) and the words that say the same.
    A new dict each call (the caller sets its heading), with the sheet's own `effect` in it."""
    return {**_kept_figure(i18n.current_language(), pickle.dumps(effect, protocol=pickle.HIGHEST_PROTOCOL)),
            "effect": effect}


@lru_cache(maxsize=1024)
def _kept_figure(language: str, effect: bytes) -> dict[str, Any]:
    """A figure is made only from its effect and the language (`language` is the one in use, part of the key),
    and the same twenty or so come back on every sheet (bench/instructions.py): each is made once."""
    return _make_figure(pickle.loads(effect))  # noqa: S301 - our own pickle of a sheet's effect, just made


def _make_figure(effect: dict[str, Any]) -> dict[str, Any]:
    arr = icons.effect_array(effect)
    total = icons.denominator(effect)
    width, height = icons.size(total)
    fits = [str(FITS_WORDS[t]) for t in effect.get("fits") or [] if t in FITS_WORDS]
    return {
        "kind": effect.get("kind") or "benefit",
        "effect": effect,
        "statement": None,
        "image": icons.data_url(arr.baseline, arr.extra, total) if arr else None,
        "width": width,
        "height": height,
        "total": total,
        "baseline": arr.baseline if arr else 0,
        "extra": arr.extra if arr else 0,
        "none": total - arr.filled if arr else 0,
        "words": icons.describe(effect),
        # Translators: "This trial was in people with non-radiographic axSpA, like you."
        "fits": _("This trial was in %(people)s.", people=i18n.join_and(fits)) if fits else "",
        "heading": None,
    }


def _words_item(kind: str, statement: dict[str, Any]) -> dict[str, Any]:
    """What is known in words, where there is no reliable figure (or beside the figures there are)."""
    return {"kind": kind, "effect": None, "statement": statement, "image": None, "words": None, "fits": "",
            "heading": None}


def _effects(option: dict[str, Any]) -> list[dict[str, Any]]:
    """The option's figures in the sheet's order (benefits first, then harms), each with its icon array and
    the words that say the same, plus what is known only in words. Harms are told like benefits: the same
    pictures, colours and sentences; the first harm carries the heading for the harms. Empty when the option
    has no figures and nothing about harms in words (the template then shows `effect_words`)."""
    effects = option.get("effects") or []
    benefits = [_figure(e) for e in effects if (e.get("kind") or "benefit") == "benefit"]
    harms = [_figure(e) for e in effects if e.get("kind") == "harm"]
    if option.get("harm_words"):
        harms.append(_words_item("harm", option["harm_words"]))
    if not benefits and not harms:
        return []
    if not benefits and option.get("effect_words"):
        benefits.append(_words_item("benefit", option["effect_words"]))
    if harms:
        harms[0]["heading"] = str(HARMS_HEADING)
    return benefits + harms


def _brief_effects(items: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
    """The appointment PDF's share of the figures: the first BRIEF_FIGURES benefit and harm figures (the ones
    that fit the reader best come first), harms in words only where no harm figure is shown, and how many
    figures were left for the full sheet. The first harm shown keeps the harms' heading. Options without
    any figure (their harms in words repeat the serious-risks row) show no figures here."""
    if not any(item["effect"] is not None and item["kind"] == "benefit" for item in items):
        items = [item for item in items if item["effect"] is not None]
    shown: list[dict[str, Any]] = []
    counts = {"benefit": 0, "harm": 0}
    left = 0
    for item in items:
        if item["effect"] is not None:
            if counts[item["kind"]] >= BRIEF_FIGURES:
                left += 1
                continue
            counts[item["kind"]] += 1
        elif item["kind"] == "harm" and counts["harm"]:
            continue
        shown.append(item)
    first_harm = next((i for i, item in enumerate(shown) if item["kind"] == "harm"), None)
    if first_harm is not None and not shown[first_harm]["heading"]:
        shown[first_harm] = {**shown[first_harm], "heading": str(HARMS_HEADING)}
    return shown, left


def _note_groups(option: dict[str, Any]) -> list[dict[str, Any]]:
    """The option's notes by level, most important first; levels without notes left out."""
    notes = option.get("notes") or []
    grouped = [
        {"level": level, "label": str(label), "notes": [n for n in notes if n.get("level") == level]}
        for level, label in NOTE_LEVELS
    ]
    return [g for g in grouped if g["notes"]]


def _highlight_groups(options: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Page 1: options highlighted for the same reasons are shown once, together."""
    groups: list[dict[str, Any]] = []
    for option in options:
        if not option.get("highlight"):
            continue
        for reason in option.get("highlight_reasons") or [{"text": "", "because": []}]:
            key = (reason.get("text") or "", tuple(reason.get("because") or []))
            found = next((g for g in groups if g["key"] == key), None)
            if found is None:
                groups.append({"key": key, "text": key[0], "because": list(key[1]), "options": [option]})
            elif option not in found["options"]:
                found["options"].append(option)
    return groups


def score_rows(scores: dict[str, Any] | None) -> list[dict[str, str]]:
    """Page 1's scores, each said once: its name, and its value with what it means."""
    scores = scores or {}
    basdai = scores.get("basdai")
    asdas = scores.get("asdas")
    if basdai is None:
        basdai_text = _("Not worked out")
    else:
        basdai_text = _("%(value)s out of 10: %(meaning)s", value=i18n.decimal(basdai), meaning=basdai_meaning(basdai))
    if asdas:
        asdas_name = f"ASDAS-{i18n.lab_name(asdas['kind'])}"
        asdas_text = _("%(value)s: %(state)s", value=i18n.decimal(asdas["value"]), state=asdas["state_label"])
    else:
        asdas_name, asdas_text = "ASDAS", _("Not worked out (it needs a CRP or ESR blood test result)")
    return [{"name": "BASDAI", "value": basdai_text}, {"name": asdas_name, "value": asdas_text}]


def view_model(sheet: dict[str, Any]) -> dict[str, Any]:
    """What the templates need beyond the sheet itself; the sheet is not changed."""
    numbers = {s["id"]: int(s["number"]) for s in sheet.get("sources") or []}
    options = []
    for option in sheet.get("options") or []:
        prios = option.get("priorities") or []
        top = [p for p in prios if (p.get("rating") or 0) >= 3] or sorted(prios, key=lambda p: -(p.get("rating") or 0))[:3]
        effects = _effects(option)
        brief_effects, brief_left = _brief_effects(effects)
        options.append({
            "option": option,
            "priorities_top": top,  # the PDF shows what matters most; the web page shows all
            "effects": effects,
            "brief_effects": brief_effects,
            "brief_left": brief_left,
            "note_groups": _note_groups(option),
        })
    columns = [o["option"] for o in options]
    step = GRID_COLUMNS_PER_PDF_TABLE
    grid_pdf = [{"options": columns[i:i + step], "first": i + 1, "last": min(i + step, len(columns))}
                for i in range(0, len(columns), step)]
    web_order = [o for o in columns if o.get("highlight")] + [o for o in columns if not o.get("highlight")]
    sure = sheet.get("sure")
    sure_rows = []
    if sure:
        answers = sure.get("answers") or {}
        sure_rows = [{"key": k, "letter": str(name), "question": str(q), "answer": answers.get(k)}
                     for k, name, q in SURE_QUESTIONS]
    return {
        "sheet": sheet,
        "cite": Citer(numbers),
        "options_vm": options,
        "highlighted": [o for o in columns if o.get("highlight")],
        "highlight_groups": _highlight_groups(columns),
        "grid_pdf": grid_pdf,
        # the web page's grid (and its cards on a phone): the options worth discussing now first
        "grid_web": [{"options": web_order, "first": 1, "last": len(columns)}],
        "numbers": {o["id"]: i for i, o in enumerate(columns, start=1)},  # each option's place in the sheet
        "score_rows": score_rows(sheet.get("scores")),
        "sure_questions": [(key, str(name), str(question)) for key, name, question in SURE_QUESTIONS],
        "sure_rows": sure_rows,
        "generated_on": long_date(sheet.get("generated_at")),
        "reviewed_on": long_date(sheet.get("reviewed_on")),
        "next_review_due": long_date(sheet.get("next_review_due")),
        "own_questions": [q for q in sheet.get("questions_to_ask") or [] if q.get("own")],
        "progress_chart": chart.asdas_svg((sheet.get("progress") or {}).get("visits") or []),
        "translation": _translation(),  # who translated a sheet not in English (None in English)
    }


def _translation() -> dict[str, Any] | None:
    """The metadata's `translations.<lang>` for the language in use, its dates written out (the About box)."""
    from .translation_check import translation_record

    record = translation_record()
    if record is None:
        return None
    review, level = record.get("clinician_review"), record.get("reading_level")
    return {**record, "translated_on": long_date(record.get("translated_on")),
            "clinician_review": ({**review, "reviewed_on": long_date(review.get("reviewed_on"))}
                                 if isinstance(review, dict) else None),  # None: pending
            "reading_level": {**level, "measured_on": long_date(level.get("measured_on"))} if level else None}


def roomy_page_one(model: dict[str, Any]) -> bool:
    """Whether page 1 (the clinician's summary) can be set in larger type and still fit one page.

    One render only, so this is judged from the amount of content: at most these limits in larger type
    (tests/test_clinician.py renders a person at every limit at once and checks page 1 holds); beyond
    them, the dense type that holds the fullest answers the schema allows."""
    sheet = model["sheet"]
    c = sheet.get("clinician") or {}
    questions = sum(len(q.get("text") or "") for q in model["own_questions"])
    reasons = sum(len(g.get("text") or "") + 40 * len(g.get("options") or []) for g in model["highlight_groups"])
    lean, known = sheet.get("leaning") or {}, sheet.get("knowledge") or {}
    reasons += 60 * len(lean.get("worth_talking_over") or []) + (80 if lean else 0)
    reasons += 40 * (len(known.get("missed") or []) + len(known.get("skipped") or [])) + (60 if known else 0)
    visits = len((sheet.get("progress") or {}).get("visits") or [])
    return (len(c.get("treatments") or []) <= ROOMY["treatments"] and len(c.get("health") or []) <= ROOMY["health"]
            and questions <= ROOMY["question_chars"] and reasons <= ROOMY["reason_chars"]
            and len(c.get("checks") or []) <= ROOMY["checks"] and visits <= ROOMY["visits"])


def web_grid_cells(model: dict[str, Any]) -> dict[str, list[Markup]]:
    """The web page's grid answers, each made once as markup (text escaped, citations linked), by
    option id in row order with the cost last: the table and the phone's cards show the same cells."""
    cite = model["cite"]
    rows = [row["id"] for row in model["sheet"].get("grid_rows") or []]
    cells: dict[str, list[Markup]] = {}
    for option in model["sheet"].get("options") or []:
        grid = option.get("grid") or {}
        made = []
        for row in rows:
            cell = grid.get(row)
            made.append(escape(cell["text"]) + cite(cell["sources"], True) if cell else escape(_("Not known")))
        cost = option.get("cost") or {}
        made.append(escape(cost.get("text", "")) + cite(cost.get("sources"), True))
        cells[option["id"]] = made
    return cells


def brief_view(model: dict[str, Any]) -> dict[str, Any]:
    """What the appointment PDF's template needs beyond `view_model`: its rows, with their labels,
    its sections, and whether any option has trial numbers."""
    labels = {row["id"]: row["label"] for row in model["sheet"].get("grid_rows") or []}
    return {
        "roomy": roomy_page_one(model),
        "brief_rows": [{"id": r, "label": labels.get(r, r)} for r in BRIEF_ROWS],
        "brief_sections": BRIEF_SECTIONS,
        "any_effects": any(e["image"] for vm in model["options_vm"] for e in vm["effects"]),
    }
