"""After the options sheet: the knowledge check and the leaning (values match).

Both are optional and come after the sheet (decision_aid/after_views.py has the pages). Their content is
YAML under `rules/`, loaded and checked with the rest of the content (`engine.content.load_content` calls
`load`), so a broken file stops `decision-aid check` and the app like any other:

- `rules/knowledge.yaml`: a few multiple-choice questions (Ottawa knowledge-test template), each with its
  right answer, why, sources, and `checks` that tie the right answer to the option files (a trial figure,
  or words the option file says), so the quiz can never disagree with the sheet.
- `rules/values_match.yaml`: which options sit uneasily with which "what matters to you" priority, so the
  appointment PDF can flag a leaning as worth talking over. The words shown are each option's own
  `priorities.<priority>` text, with its sources.

Both files are optional (a content folder without them simply has no knowledge check or values match).
The answers document keeps only the choices (`knowledge: {version, answers: {question: choice}}`,
`leaning: {options, certainty}`), so the score is always worked out again here from the content.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .config import ROOT
from .content_i18n import TRANSLATING
from .engine.loader import ContentError, Loaded, load_yaml
from .engine.validate import OPTION_IDS, schema_errors, source_refs
from .i18n import gettext as _
from .words import IMPORTANCE_LABELS, IMPORTANCE_SHORT, RATING_LABELS

NOT_SURE = "not_sure"  # the extra "I am not sure" choice of every question, and "Not sure yet" in the leaning


def N_(message: str) -> str:  # gettext's name for "a message to translate, translated later"
    """`message` unchanged: marks English words for translation (extracted as `N_`) where they must stay
    English too (the FHIR Questionnaire's words); the pages and the sheet translate them with `_()`."""
    return message


# English here (fhir.py's Questionnaire uses them as they are); translated where shown: `_(...)`.
CERTAINTY_LABELS = {"very_sure": N_("Very sure"), "fairly_sure": N_("Fairly sure"), "not_sure": N_("Not sure")}
LEANING_QUESTION = N_("Which options are you leaning towards, if any?")
CERTAINTY_QUESTION = N_("How sure do you feel?")
NOT_SURE_YET = N_("Not sure yet")


def _display(path: Path) -> str:
    """As the rest of the content's errors name a file: from the repository's root, else in full."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def _texts(node: Any) -> list[str]:
    """Every `text` string in a piece of option content, in order."""
    out: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "text" and isinstance(value, str):
                out.append(value)
            elif isinstance(value, dict | list):
                out += _texts(value)
    elif isinstance(node, list):
        for item in node:
            out += _texts(item)
    return out


def option_text_at(option: dict[str, Any], at: str) -> str | None:
    """The option file's text at a dotted path (`grid.how_soon`, `sections.stem_cells`: a list item by its
    id), all its `text` strings joined; None when the path does not exist."""
    node: Any = option
    for key in at.split("."):
        if isinstance(node, dict) and key in node:
            node = node[key]
        elif isinstance(node, list):
            node = next((item for item in node if isinstance(item, dict) and item.get("id") == key), None)
            if node is None:
                return None
        else:
            return None
    texts = [node] if isinstance(node, str) else _texts(node)
    return " ".join(texts) if texts else None


def figure_words(effect: dict[str, Any]) -> list[str]:
    """What the right answer must say for a trial figure: both "N in 100" and the weeks."""
    return [f"{effect.get('treated')} in 100", f"{effect.get('placebo')} in 100", f"{effect.get('weeks')} weeks"]


def knowledge_errors(data: dict[str, Any], options: dict[str, dict[str, Any]], loaded: Loaded,
                     shown: str) -> list[ContentError]:
    """What the JSON Schema cannot say: ids unique, the answer is a choice, the checks hold."""
    errors: list[ContentError] = []
    seen: set[str] = set()
    for i, q in enumerate(data.get("questions") or []):
        where = ("questions", i)
        qid = q.get("id")
        if qid in seen:
            errors.append(ContentError(shown, loaded.line((*where, "id")), f"question id {qid!r} is used twice"))
        seen.add(qid)
        choice_ids = [c.get("id") for c in q.get("choices") or []]
        if len(set(choice_ids)) != len(choice_ids):
            errors.append(ContentError(shown, loaded.line((*where, "choices")), f"question {qid!r}: two choices share an id"))
        if NOT_SURE in choice_ids:
            errors.append(ContentError(shown, loaded.line((*where, "choices")),
                                       f"question {qid!r}: the choice id {NOT_SURE!r} is kept for 'I am not sure'"))
        if q.get("answer") not in choice_ids:
            errors.append(ContentError(shown, loaded.line((*where, "answer")),
                                       f"question {qid!r}: the answer {q.get('answer')!r} is not one of its choices "
                                       f"({', '.join(map(str, choice_ids))})"))
            continue
        right = next(str(c.get("text", "")) for c in q["choices"] if c.get("id") == q["answer"])
        checks = q.get("checks") or {}
        figure = checks.get("figure")
        if figure and figure["option"] in options:  # a missing option file has its own error
            option = options[figure["option"]]
            effect = next((e for e in option.get("effects") or [] if e.get("trial") == figure["trial"]), None)
            if effect is None:
                errors.append(ContentError(shown, loaded.line((*where, "checks", "figure")),
                                           f"question {qid!r}: {figure['option']} has no trial figure for "
                                           f"{figure['trial']!r}"))
            else:
                for words in figure_words(effect):
                    if words not in right:
                        errors.append(ContentError(
                            shown, loaded.line((*where, "answer")),
                            f"question {qid!r}: the right answer must say {words!r}, as the {figure['trial']} "
                            f"figure in {figure['option']}.yaml does"))
        for j, say in enumerate(checks.get("says") or []):
            said = options.get(say["option"])
            if said is None:  # a missing option file has its own error
                continue
            text = option_text_at(said, say["at"])
            if text is None:
                errors.append(ContentError(shown, loaded.line((*where, "checks", "says", j)),
                                           f"question {qid!r}: {say['option']}.yaml has no {say['at']!r}"))
            elif _normal(say["words"]) not in _normal(text):
                errors.append(ContentError(shown, loaded.line((*where, "checks", "says", j)),
                                           f"question {qid!r}: {say['option']}.yaml {say['at']} no longer says "
                                           f"{say['words']!r}; check that the right answer still agrees with it"))
    return errors


def values_match_errors(data: dict[str, Any], options: dict[str, dict[str, Any]], loaded: Loaded,
                        shown: str) -> list[ContentError]:
    """Every option named must have words for that priority (they are what the PDF shows)."""
    errors: list[ContentError] = []
    for i, tension in enumerate(data.get("tensions") or []):
        for j, oid in enumerate(tension.get("options") or []):
            prio = ((options.get(oid) or {}).get("priorities") or {}).get(tension.get("priority"))
            if oid in options and not (isinstance(prio, dict) and prio.get("text")):
                errors.append(ContentError(shown, loaded.line(("tensions", i, "options", j)),
                                           f"{oid}.yaml has no priorities.{tension.get('priority')} text to show"))
    return errors


def load(root: Path, options: dict[str, dict[str, Any]], known: set[str] | None) -> tuple[
        dict[str, Any] | None, dict[str, Any] | None, list[ContentError]]:
    """Load and check `knowledge.yaml` and `values_match.yaml` from the content folder (each optional)."""
    errors: list[ContentError] = []
    found: list[dict[str, Any] | None] = []
    for name, schema, check in (("knowledge", "knowledge", knowledge_errors),
                                ("values_match", "values_match", values_match_errors)):
        path = root / f"{name}.yaml"
        if not path.exists():
            found.append(None)
            continue
        shown = _display(path)
        loaded = load_yaml(path, shown)
        errors += loaded.errors
        if loaded.data is None:
            found.append(None)
            continue
        mine = schema_errors(loaded, shown, schema) + source_refs(loaded, shown, known)
        if not mine and isinstance(loaded.data, dict) and TRANSLATING.get() is None:  # checked in English
            mine += check(loaded.data, options, loaded, shown)
        errors += mine
        found.append(loaded.data if not mine and isinstance(loaded.data, dict) else None)
    return found[0], found[1], errors


# --- the person's answers ------------------------------------------------------------------------------

def allowed_choices(question: dict[str, Any]) -> set[str]:
    return {str(c["id"]) for c in question.get("choices") or []} | {NOT_SURE}


def knowledge_result(knowledge: dict[str, Any] | None, answers: dict[str, Any]) -> dict[str, Any] | None:
    """The knowledge check scored from the stored choices, or None if not done (or done for another version
    of the questions). `missed` names the topics answered otherwise or "not sure"; `skipped` those left out."""
    stored = answers.get("knowledge")
    if not knowledge or not isinstance(stored, dict) or stored.get("version") != knowledge.get("version"):
        return None
    given = stored.get("answers") or {}
    rows = []
    for q in knowledge["questions"]:
        choice = given.get(q["id"])
        if choice not in allowed_choices(q):
            choice = None
        rows.append({"id": q["id"], "topic": q["topic"], "choice": choice, "right": choice == q["answer"],
                     "answered": choice is not None})
    answered = [r for r in rows if r["answered"]]
    if not answered:
        return None
    return {
        "version": knowledge["version"],
        "total": len(rows),
        "answered": len(answered),
        "correct": sum(r["right"] for r in answered),
        "missed": [{"id": r["id"], "topic": r["topic"]} for r in answered if not r["right"]],
        "skipped": [{"id": r["id"], "topic": r["topic"]} for r in rows if not r["answered"]],
    }


def top_priorities(priorities: list[dict[str, Any]], min_rating: int) -> list[dict[str, Any]]:
    """What the person rated as mattering most: every priority at `min_rating` or above; if none, the
    highest-rated (when rated at all)."""
    top = [p for p in priorities if p["rating"] >= min_rating]
    if not top and priorities and priorities[0]["rating"] >= 1:
        best = priorities[0]["rating"]
        top = [p for p in priorities if p["rating"] == best]
    return top


def leaning_result(values_match: dict[str, Any] | None, answers: dict[str, Any],
                   options: list[dict[str, Any]], priorities: list[dict[str, Any]],
                   content_options: dict[str, dict[str, Any]], region: str) -> dict[str, Any] | None:
    """The leaning for the sheet: the options (titles), how sure, what matters most, and the lines worth
    talking over; None if the person has not answered either question."""
    stored = answers.get("leaning")
    if not isinstance(stored, dict) or not (stored.get("options") or stored.get("certainty")):
        return None
    chosen = [o for o in stored.get("options") or [] if o in OPTION_IDS]
    titles = {o["id"]: o["title"] for o in options}
    min_rating = int((values_match or {}).get("min_rating", 3))
    ratings = {p["id"]: p for p in priorities}
    talk: list[dict[str, Any]] = []
    for tension in (values_match or {}).get("tensions") or []:
        prio = ratings.get(tension["priority"])
        if prio is None or prio["rating"] < min_rating:
            continue
        if tension.get("regions") and region not in tension["regions"]:
            continue
        for oid in chosen:
            if oid not in tension["options"]:
                continue
            words = ((content_options.get(oid) or {}).get("priorities") or {}).get(tension["priority"]) or {}
            talk.append({
                "option": oid, "title": titles.get(oid, oid), "priority": tension["priority"],
                "label": str(IMPORTANCE_LABELS.get(tension["priority"], tension["priority"])),
                "short": str(IMPORTANCE_SHORT.get(tension["priority"], tension["priority"])),
                "rating": prio["rating"], "rating_label": str(RATING_LABELS.get(prio["rating"], "")),
                "text": str(words.get("text", "")), "sources": list(words.get("sources") or []),
            })
    order = {oid: i for i, oid in enumerate(OPTION_IDS)}
    talk.sort(key=lambda t: (order.get(t["option"], 99), -t["rating"]))
    certainty = stored.get("certainty")
    return {
        "options": [{"id": o, "title": titles.get(o, o)} for o in chosen],
        "not_sure": NOT_SURE in (stored.get("options") or []),
        "certainty": certainty if certainty in CERTAINTY_LABELS else None,
        "certainty_label": _(CERTAINTY_LABELS[certainty]) if certainty in CERTAINTY_LABELS else "",
        "matters_most": [{"id": p["id"], "label": p["label"], "rating": p["rating"], "rating_label": p["rating_label"]}
                         for p in top_priorities(priorities, min_rating)],
        "worth_talking_over": talk,
    }
