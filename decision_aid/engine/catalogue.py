"""What a fact is: a name a rule may test, its type and allowed values, how to compute it and how to say it
back. The catalogue of this app's facts is built in facts.py; derived facts are declared with `Derived`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .facts import Facts

FactType = str  # "bool" | "int" | "number" | "enum" | "list"


@dataclass(frozen=True)
class Fact:
    """One name a rule may test."""

    name: str
    type: FactType
    compute: Callable[[Facts], Any]
    say: Callable[[Facts, Any], str | None]
    values: tuple[Any, ...] = ()  # allowed values (enum) or allowed items (list)
    minimum: float | None = None
    maximum: float | None = None
    description: str = ""
    derived: bool = False
    optional: bool = False

    def describe_type(self) -> str:
        shown = ", ".join(map(str, self.values[:20])) + (f", … ({len(self.values)} in all)" if len(self.values) > 20 else "")
        if self.type == "enum":
            return "one of: " + shown
        if self.type == "list":
            return "a list of: " + shown
        words = {"bool": "true or false", "int": "a whole number", "number": "a number"}
        bounds = f" from {shown_number(self.minimum)} to {shown_number(self.maximum)}" if self.minimum is not None else ""
        return words[self.type] + bounds


def shown_number(value: float | None) -> str:
    if value is None:
        return "?"
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


class Derived:
    """The derived facts one module declares, in declaration order: `@derived(name, kind, ...)` adds one."""

    def __init__(self) -> None:
        self.facts: list[Fact] = []

    def __call__(self, name: str, kind: FactType, *, values: tuple[Any, ...] = (), minimum: float | None = None,
                 maximum: float | None = None, say: Callable[[Facts, Any], str | None], description: str,
                 optional: bool = False) -> Callable[[Callable[[Facts], Any]], Callable[[Facts], Any]]:
        """Register a derived fact computed by the decorated function."""
        def register(fn: Callable[[Facts], Any]) -> Callable[[Facts], Any]:
            self.facts.append(Fact(name=name, type=kind, compute=fn, say=say, values=values, minimum=minimum,
                                   maximum=maximum, description=description, derived=True, optional=optional))
            return fn
        return register

    def any_of(self, name: str, reasons: Callable[[Facts], list[str]], *, otherwise: str | None,
               description: str) -> None:
        """Register a bool fact that is true when `reasons` finds any, said back as those reasons."""
        self.facts.append(Fact(name=name, type="bool", compute=lambda f: bool(reasons(f)),
                               say=lambda f, v: "; ".join(reasons(f)) if v else otherwise,
                               description=description, derived=True))


@dataclass(frozen=True)
class Catalogue:
    """All facts by name."""

    facts: dict[str, Fact] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Fact:
        return self.facts[name]

    def __contains__(self, name: object) -> bool:
        return name in self.facts

    def names(self) -> list[str]:
        return list(self.facts)
