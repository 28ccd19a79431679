"""Conditions are data: a tree of `all` / `any` / `not` over leaves `{fact: NAME, <operator>: VALUE}`.

The operator table (as in ONS eq-questionnaire-runner's `operator.py`) fixes which operators each fact
type allows. Trees are compiled once at load time into small node objects; evaluating one is a few
dictionary look-ups and comparisons, and nothing is ever `eval`-ed.

A fact with no value (an optional answer left empty) makes every leaf on it false, including
`not_equals` and `not_in`: "no answer" never counts as evidence.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable
from typing import Any

from .facts import Facts


def _none_safe(fn: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
    def op(actual: Any, expected: Any) -> bool:
        return actual is not None and bool(fn(actual, expected))
    return op


OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "equals": _none_safe(operator.eq),
    "not_equals": _none_safe(operator.ne),
    ">=": _none_safe(operator.ge),
    ">": _none_safe(operator.gt),
    "<=": _none_safe(operator.le),
    "<": _none_safe(operator.lt),
    "in": _none_safe(lambda a, b: a in b),
    "not_in": _none_safe(lambda a, b: a not in b),
    "contains": _none_safe(lambda a, b: b in a),
    "not_contains": _none_safe(lambda a, b: b not in a),
}

# Which operators each fact type allows.
ALLOWED: dict[str, tuple[str, ...]] = {
    "bool": ("equals", "not_equals"),
    "int": ("equals", "not_equals", ">=", ">", "<=", "<", "in", "not_in"),
    "number": ("equals", "not_equals", ">=", ">", "<=", "<"),
    "enum": ("equals", "not_equals", "in", "not_in"),
    "list": ("contains", "not_contains"),
}
LIST_VALUED = frozenset({"in", "not_in"})
GROUPS = ("all", "any", "not")


class Node:
    """A compiled condition."""

    __slots__ = ()

    def test(self, facts: Facts) -> bool:  # pragma: no cover - abstract
        raise NotImplementedError

    def explain(self, facts: Facts, result: bool) -> list[str]:
        """Fact names whose values made this node come out as `result` (for "because you said …")."""
        raise NotImplementedError  # pragma: no cover - abstract

    def leaves(self) -> Iterable[Leaf]:  # pragma: no cover - abstract
        raise NotImplementedError


class Leaf(Node):
    __slots__ = ("fact", "op_name", "op", "value")

    def __init__(self, fact: str, op_name: str, value: Any):
        self.fact = fact
        self.op_name = op_name
        self.op = OPERATORS[op_name]
        self.value = frozenset(value) if op_name in LIST_VALUED else value

    def test(self, facts: Facts) -> bool:
        return self.op(facts[self.fact], self.value)

    def explain(self, facts: Facts, result: bool) -> list[str]:
        return [self.fact]

    def leaves(self) -> Iterable[Leaf]:
        yield self


class All(Node):
    __slots__ = ("children",)

    def __init__(self, children: list[Node]):
        self.children = tuple(children)

    def test(self, facts: Facts) -> bool:
        return all(c.test(facts) for c in self.children)

    def explain(self, facts: Facts, result: bool) -> list[str]:
        if result:
            return [n for c in self.children for n in c.explain(facts, True)]
        for c in self.children:
            if not c.test(facts):
                return c.explain(facts, False)
        return []  # pragma: no cover - only called with the real result

    def leaves(self) -> Iterable[Leaf]:
        for c in self.children:
            yield from c.leaves()


class Any_(Node):
    __slots__ = ("children",)

    def __init__(self, children: list[Node]):
        self.children = tuple(children)

    def test(self, facts: Facts) -> bool:
        return any(c.test(facts) for c in self.children)

    def explain(self, facts: Facts, result: bool) -> list[str]:
        if result:
            return [n for c in self.children if c.test(facts) for n in c.explain(facts, True)]
        return [n for c in self.children for n in c.explain(facts, False)]

    def leaves(self) -> Iterable[Leaf]:
        for c in self.children:
            yield from c.leaves()


class Not(Node):
    __slots__ = ("child",)

    def __init__(self, child: Node):
        self.child = child

    def test(self, facts: Facts) -> bool:
        return not self.child.test(facts)

    def explain(self, facts: Facts, result: bool) -> list[str]:
        return self.child.explain(facts, not result)

    def leaves(self) -> Iterable[Leaf]:
        return self.child.leaves()


def because(node: Node, facts: Facts) -> list[str]:
    """The "because you said …" phrases for a node that came out true, in order, without repeats."""
    phrases: list[str] = []
    for name in dict.fromkeys(node.explain(facts, True)):
        phrase = facts.phrase(name)
        if phrase and phrase not in phrases:
            phrases.append(phrase)
    return phrases
