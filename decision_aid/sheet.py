"""Build the options sheet dict (docs/architecture.md, "The sheet dict") from content and answers.

The web page, the PDF and `decision-aid sheet --format json` all render this one dict, so what a
person sees is the same everywhere. All nine options are always present, in display order; rules only
highlight and add notes. Text is left unescaped here: templates escape it.
"""

from __future__ import annotations

import datetime as dt
import pickle
from typing import Any

from . import after_sheet, clinician, history, i18n, memo, words
from .engine import LEVELS, OPTION_IDS, Content, Effect, Facts, evaluate
from .engine.conditions import because
from .engine.facts import DRUG_CLASS
from .i18n import gettext as _
from .i18n import lazy_gettext as _l
from .scores import STATE_LABELS, explain
from .words import IMPORTANCE_LABELS, RATING_LABELS, RESPONSE_WORDS

SHEET_SCHEMA = "axspa-decision-aid/sheet/1"
# Words are translated when the sheet is made (`_l`, and plain strings in the sheet dict).
DEFAULT_DECISION = _l("Should I keep my current treatment, change my anti-inflammatory painkiller, start or switch "
                      "to a biologic or JAK inhibitor, or look at a clinical trial?")
GRID_ROWS = (
    ("what_it_is", _l("What is it?")),
    ("how_taken", _l("How is it taken, and how often?")),
    ("how_soon", _l("How soon might it help?")),
    ("how_well", _l("How well does it work?")),
    ("side_effects", _l("Common side effects")),
    ("serious_risks", _l("Serious but rare risks")),
    ("monitoring", _l("Tests and check-ups")),
    ("pregnancy", _l("Pregnancy and breastfeeding")),
)
# Translators: the class of an advanced medicine in "Adalimumab, TNF inhibitor (now): did not help".
ADVANCED_KINDS = {"tnf": _l("TNF inhibitor"), "il17": _l("IL-17 inhibitor"), "jak": _l("JAK inhibitor")}
PRIORITY_IDS = tuple(IMPORTANCE_LABELS)
LEVEL_RANK = {level: i for i, level in enumerate(LEVELS)}


def _iso(now: dt.datetime | None) -> str:
    moment = now or dt.datetime.now(dt.UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _today(now: dt.datetime | None) -> dt.date:
    if now is None:
        return history.today()
    return (now if now.tzinfo is None else now.astimezone(dt.UTC)).date()


def _scores(facts: Facts) -> dict[str, Any]:
    basdai = facts.scores.get("basdai")
    asdas = facts.scores.get("asdas")
    return {
        "basdai": None if basdai is None else round(basdai, 1),
        "asdas": None if asdas is None else {
            "value": round(asdas.value, 1), "kind": asdas.kind, "state": asdas.state,
            "state_label": str(STATE_LABELS[asdas.state]),
        },
        "explanations": explain(facts.scores),
    }


def _list(words: list[str]) -> str:
    return i18n.join_and(words)


def _situation(answers: dict[str, Any]) -> list[str]:
    """Short plain lines a rheumatologist can scan: diagnosis, treatments so far, other health matters."""
    lines: list[str] = []
    cond = answers.get("condition") or {}
    about = answers.get("about") or {}
    treat = answers.get("treatments") or {}
    health = answers.get("health") or {}
    if cond.get("diagnosis") in words.DIAGNOSIS_WORDS:
        lines.append(str(words.DIAGNOSIS_WORDS[cond["diagnosis"]]))
    if "age_years" in about:
        lines.append(_("Age %(age)s", age=about["age_years"]))
    features = _said(words.CONDITION_WORDS, cond)
    if features:
        lines.append(_("Also: %(conditions)s", conditions=_list(features)))
    nsaids = treat.get("nsaids") or {}
    if nsaids.get("status") in {"current", "past"}:
        values = {"count": nsaids.get("count_tried", 0), "weeks": nsaids.get("weeks_at_full_dose", 0),
                  "response": words.NSAID_RESPONSE_WORDS.get(nsaids.get("response", ""), "")}
        if nsaids["status"] == "current":
            lines.append(_("NSAIDs (now): %(count)s tried, %(weeks)s weeks in total at full dose; %(response)s", **values))
        else:
            lines.append(_("NSAIDs (in the past): %(count)s tried, %(weeks)s weeks in total at full dose; %(response)s",
                           **values))
    elif nsaids.get("status") == "never":
        lines.append(_("NSAIDs: not taken"))
    for item in treat.get("csdmards") or []:
        lines.append(_medicine_line(item, ""))
    for item in treat.get("advanced") or []:
        lines.append(_medicine_line(item, str(ADVANCED_KINDS.get(DRUG_CLASS.get(item.get("drug", ""), ""), ""))))
    lines += clinician.treatment_lines(treat)
    matters = [str(said.short) for k, said in words.HEALTH.items() if health.get(k) is True]
    matters += _said(words.HEALTH_CHOICE_WORDS, health)
    if matters:
        lines.append(_("Other health matters: %(matters)s", matters=_list(matters)))
    else:
        lines.append(_("Other health matters: none of those asked about"))
    if about.get("pregnancy") in words.PREGNANCY_WORDS:
        lines.append(str(words.PREGNANCY_WORDS[about["pregnancy"]]))
    return lines


def _medicine_line(item: dict[str, Any], kind: str) -> str:
    """"Adalimumab, TNF inhibitor (now): did not help; taken 16 weeks or more" (no class for a DMARD)."""
    values = {"medicine": str(item.get("drug", "")).capitalize(), "kind": kind,
              "response": RESPONSE_WORDS.get(item.get("response", ""), "")}
    said = words.DURATION.get(str(item.get("duration")))
    now = item.get("status") == "current"
    if said and item.get("duration") != "not_sure":
        values["how_long"] = said.short
        if kind:
            return (_("%(medicine)s, %(kind)s (now): %(response)s; taken %(how_long)s", **values) if now else
                    _("%(medicine)s, %(kind)s (in the past): %(response)s; taken %(how_long)s", **values))
        return (_("%(medicine)s (now): %(response)s; taken %(how_long)s", **values) if now else
                _("%(medicine)s (in the past): %(response)s; taken %(how_long)s", **values))
    if kind:
        return (_("%(medicine)s, %(kind)s (now): %(response)s", **values) if now else
                _("%(medicine)s, %(kind)s (in the past): %(response)s", **values))
    return (_("%(medicine)s (now): %(response)s", **values) if now else
            _("%(medicine)s (in the past): %(response)s", **values))


def _said(tables: dict[str, dict[Any, str]], answers: dict[str, Any]) -> list[str]:
    """The words for each answer that has some, in the order of `tables` (field -> answer -> words)."""
    return [str(table[answers[key]]) for key, table in tables.items() if key in answers and answers[key] in table]


def _priorities(answers: dict[str, Any]) -> list[dict[str, Any]]:
    importance = (answers.get("goals") or {}).get("importance") or {}
    items = [{"id": pid, "label": str(IMPORTANCE_LABELS[pid]), "rating": int(importance.get(pid, 0)),
              "rating_label": str(RATING_LABELS.get(int(importance.get(pid, 0)), ""))} for pid in PRIORITY_IDS]
    return sorted(items, key=lambda p: -p["rating"])  # stable: ties keep the questionnaire order


def _statement(value: Any) -> dict[str, Any] | None:
    if isinstance(value, dict) and "text" in value:
        return {"text": value["text"], "sources": list(value.get("sources") or [])}
    return None


def _cited(value: Any, out: list[str], known: dict[int, list[str]] | None = None) -> list[str]:
    """Append every source id in a piece of option content to `out`, in document order; returns `out`.
    `known`: the ids already found for some parts (by the part's `id()`, see `_content_copy`)."""
    if known:
        found = known.get(id(value))
        if found is not None:
            out += found
            return out
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "sources" and isinstance(item, list):
                out += [s for s in item if isinstance(s, str)]
            elif isinstance(item, (dict, list)):
                _cited(item, out, known)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, (dict, list)):
                _cited(item, out, known)
    return out


def _copy(value: Any) -> Any:
    """A deep copy of YAML-loaded content (dicts, lists and immutable scalars), so no sheet shares a list or
    dict with the content or with another sheet: copy.deepcopy's result without its bookkeeping, which
    every sheet would pay for (bench/sheet.py; figures in docs/reliability.md)."""
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value


# A content part's pickle and the sources it cites, made once per part of the loaded content (which is
# never changed once loaded): the sections and trial figures are the same on every sheet, and copying
# them by unpickling, and not walking them for their sources again, is most of what they cost
# (bench/sheet.py).
_KEPT: memo.ByIdentity[tuple[bytes, list[str]]] = memo.ByIdentity(4096)


def _pickled_with_sources(value: Any) -> tuple[bytes, list[str]]:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), _cited(value, [])


def _content_copy(value: Any, cited: dict[int, list[str]]) -> Any:
    """What `_copy` makes, from the part's kept pickle; the sources it cites are noted in `cited` under the
    copy's id() for `_number_sources` (valid while the copy lives: the sheet being built)."""
    pickled, sources = _KEPT.get(value, _pickled_with_sources)
    made = pickle.loads(pickled)  # noqa: S301 - our own pickle of our own loaded content, never outside data
    cited[id(made)] = sources
    return made


# Which trial populations fit the reader best (issue 14): population tags on each effect, scored against
# the diagnosis and whether the person has had a TNF inhibitor. Higher fits better; untagged is neutral.
DIAGNOSIS_FIT = {
    "non_radiographic_axspa": {"nr-axspa": 2, "axspa": 1, "r-axspa": 0},
    "ankylosing_spondylitis": {"r-axspa": 2, "axspa": 1, "nr-axspa": 0},
}
TNF_FIT = {True: {"tnf-experienced": 2, "tnf-naive": 0}, False: {"tnf-naive": 2, "tnf-experienced": 0}}


def _fit(tags: set[str], table: dict[str, int]) -> int:
    scores = [table[t] for t in tags if t in table]
    return max(scores) if scores else 1


def order_effects(effects: list[dict[str, Any]], diagnosis: str, tnf_ever: bool,
                  cited: dict[int, list[str]]) -> list[dict[str, Any]]:
    """Each effect with its `kind` filled in ("benefit" when missing) and `fits` (the tags that match the
    reader), benefits first, then harms. Within benefits, the figures from the people most like the reader
    come first: for someone who has had a TNF inhibitor the TNF-experienced trials lead (then their kind of
    axSpA); otherwise figures from their own kind of axSpA lead (nr-axSpA or AS). Ties keep file order."""
    diag_table = DIAGNOSIS_FIT.get(diagnosis, {})
    tnf_table = TNF_FIT[bool(tnf_ever)]
    out = []
    for index, effect in enumerate(effects):
        item = _content_copy(effect, cited)
        item["kind"] = item.get("kind") or "benefit"
        tags = set(item.get("population") or [])
        item["fits"] = sorted(t for t in tags if (t == "nr-axspa" and diagnosis == "non_radiographic_axspa")
                              or (t == "tnf-experienced" and tnf_ever))
        diag, tnf = _fit(tags, diag_table), _fit(tags, tnf_table)
        rank = (-tnf, -diag) if tnf_ever else (-diag, -tnf)
        out.append(((item["kind"] != "benefit", *(rank if item["kind"] == "benefit" else (0, 0)), index), item))
    return [item for _key, item in sorted(out, key=lambda pair: pair[0])]


def _option(oid: str, data: dict[str, Any], region: str, person_priorities: list[dict[str, Any]],
            fit: tuple[str, bool], cited: dict[int, list[str]]) -> dict[str, Any]:
    """One option's part of the sheet, copied from its content; `cited` gets the sources of what was copied."""
    grid = data.get("grid") or {}
    prio = data.get("priorities") or {}
    cost = (data.get("cost") or {}).get(region) or {}
    checked = cost.get("checked") if isinstance(cost, dict) else None
    option = {
        "id": oid,
        "title": data.get("title", oid),
        "also_called": data.get("also_called", ""),
        "summary": _statement(data.get("summary")),
        "highlight": False,
        "highlight_reasons": [],
        "withheld_highlight": None,
        "notes": [],
        "pros": [s for s in map(_statement, data.get("pros") or []) if s],
        "cons": [s for s in map(_statement, data.get("cons") or []) if s],
        "grid": {row: _statement(grid.get(row)) or {"text": "", "sources": []} for row, _label in GRID_ROWS},
        "effects": order_effects(list(data.get("effects") or []), *fit, cited=cited),
        "effect_words": _statement(data.get("effect_words")),
        "harm_words": _statement(data.get("harm_words")),
        "priorities": [
            {"id": p["id"], "label": p["label"], "rating": p["rating"],
             **(_statement(prio.get(p["id"])) or {"text": "", "sources": []})}
            for p in person_priorities if p["rating"] >= 1
        ],
        "cost": {**(_statement(cost) or {"text": "", "sources": []}), "region": region,
                 "checked": None if checked is None else str(checked)},
        "sections": _content_copy(data["sections"], cited) if data.get("sections") else [],
        "sources": [],
    }
    return option


def _apply_rules(options: dict[str, dict[str, Any]], content: Content, facts: Facts,
                 answers: dict[str, Any]) -> list[dict[str, Any]]:
    """Apply the fired rules' effects; returns the rule-added questions in rule order."""
    questions: list[dict[str, Any]] = []
    withheld: dict[str, list[str]] = {}
    for fired in evaluate(content.ruleset, answers, facts):
        for effect in fired.rule.effects:
            if not effect.applies(facts):
                continue
            because = _because(fired.because, effect, facts)
            if effect.kind == "question":
                questions.append({"text": effect.text, "own": False, "rule": fired.rule.id})
                continue
            option = options[str(effect.option)]
            if effect.kind == "highlight":
                option["highlight"] = True
                option["highlight_reasons"].append({"rule": fired.rule.id, "text": effect.text, "because": because,
                                                    "sources": list(effect.sources)})
            else:
                option["notes"].append({"level": effect.level, "rule": fired.rule.id, "text": effect.text,
                                        "because": because, "sources": list(effect.sources),
                                        "regions": list(effect.regions)})
                if effect.withholds_highlight:
                    withheld.setdefault(option["id"], []).append(fired.rule.id)
    for oid, rules in withheld.items():
        # A highlight never sits beside a contraindication or a "guidelines advise against" for the same
        # person: the option stays on the sheet with its notes, and the JSON says which rules withheld it.
        option = options[oid]
        if option["highlight"]:
            option["highlight"] = False
            option["withheld_highlight"] = {"reasons": option["highlight_reasons"], "by": rules}
            option["highlight_reasons"] = []
    for option in options.values():
        option["notes"].sort(key=lambda n: LEVEL_RANK[n["level"]])  # stable: rule order within a level
    return questions


def _because(rule_because: tuple[str, ...], effect: Effect, facts: Facts) -> list[str]:
    """The rule's phrases, plus those of what the effect itself tested (its condition, the reader's region)."""
    out = list(rule_because)
    extra = [facts.phrase("region")] if effect.regions else []
    if effect.when is not None:
        extra += because(effect.when, facts)
    out += [p for p in extra if p and p not in out]
    return out


def _questions(answers: dict[str, Any], added: list[dict[str, Any]]) -> list[dict[str, Any]]:
    own: list[dict[str, Any]] = [{"text": q, "own": True, "rule": None}
           for q in (answers.get("goals") or {}).get("own_questions") or [] if isinstance(q, str) and q.strip()]
    seen = {q["text"].strip().casefold() for q in own}
    out = list(own)
    for q in added:
        key = q["text"].strip().casefold()
        if key not in seen:
            seen.add(key)
            out.append(q)
    return out


def _sure(answers: dict[str, Any]) -> dict[str, Any] | None:
    sure = answers.get("sure")
    if not isinstance(sure, dict):
        return None
    keys = ("sure", "understand", "risks", "encouragement")
    given = {k: bool(sure.get(k)) for k in keys}
    score = sum(given.values())
    return {"answers": given, "score": score, "conflict": score < len(keys)}


def _number_sources(options: list[dict[str, Any]], content: Content, condition: dict[str, Any],
                    first: list[str], later: list[str], cited: dict[int, list[str]]) -> list[dict[str, Any]]:
    """Number sources in order of first use: `first` (the progress since the last visit, just after the
    summary), the condition described at the top, then each option in display order, top to bottom; then
    `later` (the appointment PDF's reminders, mostly cited already), so the web page's numbers run from 1 in
    reading order."""
    order: dict[str, None] = dict.fromkeys(first)
    order.update(dict.fromkeys(_cited([condition["paragraphs"], condition["without_treatment"]], [])))
    for option in options:
        ids: list[str] = []
        for reason in option["highlight_reasons"]:
            ids += reason["sources"]
        for note in option["notes"]:
            ids += note["sources"]
        parts = [option["summary"], option["grid"], option["pros"], option["cons"], option["effects"],
                 option["effect_words"], option["harm_words"], option["priorities"], option["cost"], option["sections"]]
        _cited(parts, ids, cited)
        option["sources"] = list(dict.fromkeys(ids))
        order.update(dict.fromkeys(ids))
    order.update(dict.fromkeys(later))
    out = []
    for number, sid in enumerate(order, start=1):
        src = content.sources.get(sid) or {}
        out.append({"id": sid, "number": number, "citation": src.get("citation", sid), "url": src.get("url")})
    return out


def _condition(meta: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    """The condition described for this person: only the kind they were told they have ("not sure": both)."""
    diagnosis = str((answers.get("condition") or {}).get("diagnosis") or "not_sure")
    text = meta.get("condition") or {}
    kinds = text.get("kinds") or {}
    shown = [kinds[k] for k in (diagnosis,) if k in kinds] or list(kinds.values())
    return {
        "diagnosis": diagnosis,
        "name": str(words.DIAGNOSIS_NAMES.get(diagnosis, words.DIAGNOSIS_NAMES["not_sure"])),
        "heading": text.get("heading", ""),
        "paragraphs": _copy([*(text.get("about") or []), *shown, *(text.get("course") or [])]),
        "without_treatment": _copy(list(text.get("without_treatment") or [])),
    }


def build_sheet(content: Content, answers: dict[str, Any], now: dt.datetime | None = None) -> dict[str, Any]:
    """The sheet dict for one complete answers document (see docs/architecture.md)."""
    answers = history.as_of(answers, _today(now))  # a resumed visit becomes history when the answers changed
    progress = history.progress(answers)
    facts = Facts(answers)
    meta = content.metadata or {}
    country = str((answers.get("about") or {}).get("country", "US"))
    region = facts["cost_region"]
    priorities = _priorities(answers)
    ordered = sorted(OPTION_IDS, key=lambda oid: ((content.options.get(oid) or {}).get("order", 99),
                                                  OPTION_IDS.index(oid)))
    fit = (str((answers.get("condition") or {}).get("diagnosis") or "not_sure"), bool(facts["tnf_ever"]))
    cited: dict[int, list[str]] = {}  # the sources of the parts copied from content, by the copy's id()
    options = {oid: _option(oid, content.options.get(oid) or {}, region, priorities, fit, cited) for oid in ordered}
    added = _apply_rules(options, content, facts, answers)
    option_list = [options[oid] for oid in ordered]
    condition = _condition(meta, answers)
    summary = clinician.summary(answers)
    sources = _number_sources(option_list, content, condition, (progress or {}).get("sources") or [],
                              [sid for check in summary["checks"] for sid in check["sources"]], cited)
    return {
        "schema": SHEET_SCHEMA,
        "generated_at": _iso(now),
        "content_version": meta.get("content_version"),
        "reviewed_on": meta.get("reviewed_on"),
        "next_review_due": meta.get("next_review_due"),
        "update_policy": meta.get("update_policy"),
        "funding": meta.get("funding"),
        "conflicts": meta.get("conflicts"),
        "reading_level": meta.get("reading_level"),
        "decision": meta.get("decision") or str(DEFAULT_DECISION),
        "title": _("Your treatment options for %(condition)s", condition=condition["name"]),
        "condition": condition,
        "country": country,
        "paper": "Letter" if country == "US" else "A4",
        "scores": _scores(facts),
        "progress": progress,                   # since the last visit (history.progress), or None
        "situation": _situation(answers),
        "clinician": summary,
        "priorities": priorities,
        "grid_rows": [{"id": rid, "label": str(label)} for rid, label in GRID_ROWS],
        "options": option_list,
        "questions_to_ask": _questions(answers, added),
        "sure": _sure(answers),
        # after the sheet (after_sheet.py): the knowledge check's result and the leaning with its values match
        "knowledge": after_sheet.knowledge_result(content.knowledge, answers),
        "leaning": after_sheet.leaning_result(content.values_match, answers, option_list, priorities,
                                              content.options, str(region)),
        "sources": sources,
    }
