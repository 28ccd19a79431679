"""Running a compiled rule set against one answers document.

Rules are compiled and validated once at load time (`compile.py`); here each request only computes the
facts it needs (lazily, cached per document) and tests each rule's condition tree. The "because you
said …" phrases are built only for the rules that fire.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .conditions import Node, because
from .facts import Facts

LEVELS = ("warning", "caution", "favours", "info")  # display order, most serious first


@dataclass(frozen=True)
class Effect:
    """What a rule does when it fires: highlight an option, add a note to one, or add a question."""

    kind: str  # "highlight" | "note" | "question"
    text: str
    option: str | None = None
    level: str | None = None
    sources: tuple[str, ...] = ()
    when: Node | None = None  # the effect's own condition, on top of the rule's
    regions: tuple[str, ...] = ()  # regulator regions it is written for (empty: everyone); see `reaches`
    withholds_highlight: bool = False  # a note that makes the option's highlight wrong for this person

    def applies(self, facts: Facts) -> bool:
        """Whether this effect reaches the person the rule fired for."""
        return reaches(self.regions, facts) and (self.when is None or self.when.test(facts))


def reaches(regions: tuple[str, ...], facts: Facts) -> bool:
    """A US-only or UK/EU-only text reaches readers there, and readers elsewhere ("other"), who see every
    regulator's notes, each labelled by its own words ("In the US, ...")."""
    return not regions or facts["region"] in regions or facts["region"] == "other"


@dataclass(frozen=True)
class Rule:
    id: str
    summary: str
    when: Node
    effects: tuple[Effect, ...]
    sources: tuple[str, ...]
    review_due: str
    file: str
    line: int | None


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]

    def __len__(self) -> int:
        return len(self.rules)


@dataclass(frozen=True)
class Fired:
    """A rule whose condition was true, with the phrases that explain why."""

    rule: Rule
    because: tuple[str, ...]


def evaluate(ruleset: RuleSet, answers: dict[str, Any], facts: Facts | None = None) -> list[Fired]:
    """Every rule that fires for `answers`, in rule-set order."""
    facts = facts if facts is not None else Facts(answers)
    return [Fired(rule, tuple(because(rule.when, facts))) for rule in ruleset.rules if rule.when.test(facts)]
