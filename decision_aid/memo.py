"""Values kept by the identity of the object they are made from.

Some values are made, on every request, from objects that never change once made: the loaded content's
parts, a form field's declared choices. Looking them up by equality would hash the whole object each
time (every label, every section); by identity it costs one dictionary look-up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

V = TypeVar("V")


class ByIdentity(Generic[V]):
    """`make(obj)` kept under `id(obj)`, for objects not changed once made. The object is kept with its value,
    so its id() cannot be reused by another object while the value is kept; at most `size` values, then
    all are dropped (content loaded again makes new objects, and the old ones go)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._kept: dict[int, tuple[Any, V]] = {}

    def get(self, obj: Any, make: Callable[[Any], V]) -> V:
        kept = self._kept.get(id(obj))
        if kept is not None and kept[0] is obj:
            return kept[1]
        value = make(obj)
        if len(self._kept) >= self.size:
            self._kept.clear()
        self._kept[id(obj)] = (obj, value)
        return value

    def clear(self) -> None:
        self._kept.clear()
