"""Where an answer lives in the answers document: paths such as "about.age_years" or
"treatments.csdmards[drug=methotrexate].status", read, written and removed, and the JSON Schema
node that defines the value at a path."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from .. import answers

Step = str | tuple[str, str]  # a key, or a (key, value) selector into a list of objects
_SELECTOR = re.compile(r"^(\w+)\[(\w+)=(\w+)\]$")


@lru_cache(maxsize=1024)  # document paths are the content's, a few hundred at most
def parse_path(path: str) -> tuple[Step, ...]:
    """"a.b[drug=x].c" -> ("a", "b", ("drug", "x"), "c")."""
    steps: list[Step] = []
    for part in path.split("."):
        m = _SELECTOR.match(part)
        if m:
            steps += [m.group(1), (m.group(2), m.group(3))]
        else:
            steps.append(part)
    return tuple(steps)


def _child(node: Any, step: Step) -> Any:
    if isinstance(step, tuple):
        if not isinstance(node, list):
            return None
        key, value = step
        return next((x for x in node if isinstance(x, dict) and x.get(key) == value), None)
    return node.get(step) if isinstance(node, dict) else None


def get_path(doc: Any, path: str) -> Any:
    """The value at `path`, or None when any part is missing."""
    node = doc
    for step in parse_path(path):
        if type(step) is not str:
            node = _child(node, step)
        elif isinstance(node, dict):  # the usual step, inline: check answers reads every answer (bench/pages.py)
            node = node.get(step)
        else:
            return None
        if node is None:
            return None
    return node


def set_path(doc: dict[str, Any], path: str, value: Any) -> None:
    """Set `path`, creating objects on the way (list selectors must already match an item)."""
    steps = parse_path(path)
    node: Any = doc
    for i, step in enumerate(steps[:-1]):
        nxt = _child(node, step)
        if nxt is None:
            if isinstance(step, tuple):
                return  # no such list item: nothing to set
            nxt = [] if isinstance(steps[i + 1], tuple) else {}
            node[step] = nxt
        node = nxt
    last = steps[-1]
    if isinstance(node, dict) and isinstance(last, str):
        node[last] = value


def delete_path(doc: dict[str, Any], path: str) -> None:
    """Remove `path` if it is there."""
    steps = parse_path(path)
    node: Any = doc
    for step in steps[:-1]:
        node = _child(node, step)
        if node is None:
            return
    last = steps[-1]
    if isinstance(node, dict) and isinstance(last, str):
        node.pop(last, None)


def schema_node(path: str) -> dict[str, Any]:
    """The JSON Schema for the value at `path` (list selectors step into `items`)."""
    node: dict[str, Any] = answers.schema()
    for step in parse_path(path):
        node = node["items"] if isinstance(step, tuple) else node["properties"][step]
    return node
