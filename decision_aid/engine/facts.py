"""The fact catalogue: every name a rule may test, with its type, allowed values and how to say it back.

Answer facts are generated from the answers JSON Schema (`health.heart_failure: bool`,
`about.sex: enum[...]`), so a renamed question breaks `decision-aid check` instead of silently
switching a rule off. Derived facts (scores, "NSAID trial adequate", "failed TNF inhibitor", …) are
declared with their type in engine/derived/. Each fact also knows how to say its value back to the person
("you have or have had heart failure"), which the engine uses to build a note's `because` list.

A fact with no answer (an optional field left empty) is `None` and matches no comparison.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import answers as answers_mod
from .. import words
from ..i18n import gettext as _
from ..scores import scores_from_answers
from .catalogue import Catalogue, Fact, shown_number
from .derived import FACTS as DERIVED
from .derived.medicines import DRUG_CLASS

__all__ = ["ANSWER_PHRASES", "CATALOGUE", "DRUG_CLASS", "Catalogue", "Fact", "Facts"]


class Facts(dict[str, Any]):
    """The fact values for one answers document, computed lazily and cached on first use."""

    def __init__(self, answers: dict[str, Any]):
        super().__init__()
        self.answers = answers
        self.scores = scores_from_answers(answers)

    def __missing__(self, name: str) -> Any:
        value = CATALOGUE[name].compute(self)
        self[name] = value
        return value

    def phrase(self, name: str) -> str | None:
        """The fact's current value said back to the person, e.g. "you have or have had heart failure", in the
        language in use (a plain string: the phrase tables hold lazily translated words)."""
        said = CATALOGUE[name].say(self, self[name])
        return None if said is None else str(said)


# ---------------------------------------------------------------------------------------------
# Answer facts, generated from the answers schema, with hand-written phrases where plain words help

Phrase = dict[Any, str] | str | Callable[[Facts, Any], str | None]

ANSWER_PHRASES: dict[str, Phrase] = {
    **words.ANSWER_PHRASES,
    "about.pregnancy": lambda f, v: _say_pregnancy(f, v),
    "about.country": lambda f, v: None if v is None else _("you live in %(country)s", country=words.country_name(str(v))),
}


def _say_pregnancy(facts: Facts, value: Any) -> str | None:
    male = (facts.answers.get("about") or {}).get("sex") == "male"
    said = words.PARTNER_PREGNANCY_PHRASES if male else words.PREGNANCY_PHRASES
    found = said.get(value) if value is not None else None
    return None if found is None else str(found)


def _importance_phrase(key: str) -> Callable[[Facts, Any], str | None]:
    def say(_facts: Facts, value: Any) -> str | None:
        if value is None:
            return None
        label = str(words.IMPORTANCE_LABELS[key])
        rating = str(words.RATING_LABELS.get(int(value), str(value))).lower()
        return _('you rated "%(priority)s" as %(rating)s (%(value)s out of 4)', priority=f"{label[0].lower()}{label[1:]}",
                 rating=rating, value=value)
    return say


def _health_bool_phrase(key: str, description: str) -> Phrase:
    said = words.HEALTH.get(key)
    if said is not None:
        ticked, short = said.phrase, said.short
        return lambda _f, v: None if v is None else str(ticked) if v else _('you did not tick "%(answer)s"', answer=short)
    return {True: f"you have {description}", False: f"you do not have {description}"}  # the schema's English


def _phrase_function(name: str, phrase: Phrase | None, description: str) -> Callable[[Facts, Any], str | None]:
    if callable(phrase):
        return phrase
    if isinstance(phrase, dict):
        table = phrase
        return lambda _f, v: table.get(v) if v is not None else None
    if isinstance(phrase, str):
        template = phrase
        return lambda _f, v: template.format(value=shown_number(v) if isinstance(v, int | float) and not isinstance(v, bool)
                                             else v) if v is not None else None
    label = description or name.rsplit(".", 1)[-1].replace("_", " ")

    def generic(_f: Facts, v: Any) -> str | None:
        if v is None:
            return None
        shown = _("yes") if v is True else _("no") if v is False else str(v).replace("_", " ")
        # Translators: the question is the answers schema's description (English) for a rule's own fact.
        return _("you answered %(answer)s for %(question)s", answer=shown, question=label)
    return generic


def _getter(path: tuple[str, ...]) -> Callable[[Facts], Any]:
    def get(facts: Facts) -> Any:
        node: Any = facts.answers
        for part in path:
            if not isinstance(node, dict):
                return None
            node = node.get(part)
        return node
    return get


def _answer_facts() -> list[Fact]:
    """Walk the answers schema: every scalar field becomes a fact named by its dotted path."""
    out: list[Fact] = []

    def walk(node: dict[str, Any], path: tuple[str, ...]) -> None:
        props = node.get("properties")
        if node.get("type") == "object" or props:
            required = set(node.get("required", []))
            for key, sub in (props or {}).items():
                child = (*path, key)
                if child == ("history",):  # earlier visits: rules use the derived progress facts instead
                    continue
                if isinstance(sub, dict):
                    walk({**sub, "_optional": key not in required or node.get("_optional", False)}, child)
            return
        if node.get("type") == "array" or not path or path == ("schema",):
            return
        name = ".".join(path)
        description = str(node.get("description", ""))
        if "enum" in node:
            kind, values = "enum", tuple(node["enum"])
        elif node.get("type") == "boolean":
            kind, values = "bool", ()
        elif node.get("type") == "integer":
            kind, values = "int", ()
        elif node.get("type") == "number":
            kind, values = "number", ()
        else:
            return
        phrase: Phrase | None = ANSWER_PHRASES.get(name)
        if phrase is None and path[0] == "goals" and len(path) == 3 and path[1] == "importance":
            phrase = _importance_phrase(path[2])
        if phrase is None and path[0] == "health" and kind == "bool":
            phrase = _health_bool_phrase(path[-1], description or path[-1].replace("_", " "))
        out.append(Fact(
            name=name, type=kind, values=values, compute=_getter(path),
            say=_phrase_function(name, phrase, description),
            minimum=node.get("minimum"), maximum=node.get("maximum"), description=description,
            optional=bool(node.get("_optional")),
        ))

    walk(answers_mod.schema(), ())
    return out


def _build() -> Catalogue:
    facts: dict[str, Fact] = {}
    for fact in [*_answer_facts(), *DERIVED]:
        if fact.name in facts:  # pragma: no cover - a programming error, caught by the tests
            raise RuntimeError(f"fact {fact.name} is declared twice")
        facts[fact.name] = fact
    return Catalogue(facts)


CATALOGUE = _build()
