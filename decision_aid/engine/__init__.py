"""The rules engine: a typed fact catalogue, data-only conditions, load-time validation, evaluation.

    content = load_content()            # every YAML file under rules/, validated once
    fired = evaluate(content.ruleset, answers)

See docs/architecture.md for the contracts and rules/rules/*.yaml for the rules themselves.
"""

from .content import Content, ContentInvalid, load_content, load_content_cached
from .evaluate import LEVELS, Effect, Fired, Rule, RuleSet, evaluate
from .facts import CATALOGUE, Facts
from .loader import ContentError
from .validate import OPTION_IDS

__all__ = [
    "CATALOGUE", "LEVELS", "OPTION_IDS", "Content", "ContentError", "ContentInvalid", "Effect", "Facts", "Fired",
    "Rule", "RuleSet", "evaluate", "load_content", "load_content_cached",
]
