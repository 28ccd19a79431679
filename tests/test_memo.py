"""memo.ByIdentity: a value made once per object, never given for another object (even an equal one)."""

from __future__ import annotations

from typing import Any

from decision_aid.memo import ByIdentity


def test_made_once_per_object_and_never_for_an_equal_other() -> None:
    made: list[Any] = []
    kept: ByIdentity[int] = ByIdentity(size=8)

    def make(obj: Any) -> int:
        made.append(obj)
        return len(made)

    a, b = ["same"], ["same"]
    assert kept.get(a, make) == kept.get(a, make) == 1
    assert kept.get(b, make) == 2  # equal, but another object
    assert made == [a, b]


def test_at_most_size_values_then_all_dropped() -> None:
    kept: ByIdentity[int] = ByIdentity(size=3)
    objects = [[i] for i in range(4)]
    for obj in objects:
        kept.get(obj, lambda o: o[0])
    calls: list[Any] = []
    assert kept.get(objects[0], lambda o: calls.append(o) or 0) == 0  # dropped when the fourth came: made again
    assert calls == [objects[0]]
