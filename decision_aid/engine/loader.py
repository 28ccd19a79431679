"""Read a YAML file safely and remember the line of every value, so errors can point at it.

PyYAML's composed node tree carries `start_mark`; we build the Python data with the safe constructor
and, walking the same tree, a map from each value's path (`("rules", 3, "when")`) to its 1-based line.
Dates become ISO strings (as in JSON), and a key given twice in one mapping is reported, because
PyYAML would otherwise keep the last one silently.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..content_i18n import TRANSLATING, translate_data

Path_ = tuple[str | int, ...]
# libyaml's C parser when present, so start-up and `decision-aid check` load the content quickly (figures in
# docs/reliability.md); its nodes carry the same line marks.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class ContentError:
    """One problem in one content file, in words a clinician can act on."""

    file: str
    line: int | None
    message: str
    rule: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        who = f" rule {self.rule}:" if self.rule else ""
        return f"{where}:{who} {self.message}"


@dataclass
class Loaded:
    """A parsed file: its data, the line of each path, and problems found while reading it."""

    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    errors: list[ContentError] = field(default_factory=list)

    def line(self, path: Path_ | list[Any]) -> int | None:
        """The line of `path`, or of its nearest parent that has one."""
        p = tuple(path)
        while p:
            if p in self.lines:
                return self.lines[p]
            p = p[:-1]
        return self.lines.get((), None)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k) if isinstance(k, dt.date) else k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def _walk(node: yaml.Node, path: Path_, out: Loaded, display: str) -> None:
    out.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in seen:
                out.errors.append(ContentError(display, line, f"the key {key!r} is given twice in this block "
                                                              f"(first on line {seen[key]}); keep one"))
            seen[key] = line
            out.lines[(*path, key)] = line
            _walk(value_node, (*path, key), out, display)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, (*path, i), out, display)


def load_yaml(path: Path, display: str | None = None) -> Loaded:
    """Parse one YAML file; a syntax error becomes a ContentError with its line, never an exception."""
    shown = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return Loaded(None, errors=[ContentError(shown, None, f"cannot be read ({exc})")])
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Loaded(None, errors=[ContentError(shown, 1, "is empty")])
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or "is not valid YAML"
        context = ""
        if exc.context:
            started = exc.context_mark.line + 1 if exc.context_mark else None
            context = f" ({exc.context}" + (f" that starts on line {started})" if started and started != line else ")")
        return Loaded(None, errors=[ContentError(shown, line, f"YAML syntax error: {problem}{context}")])
    except yaml.YAMLError as exc:
        return Loaded(None, errors=[ContentError(shown, None, f"YAML error: {exc}")])
    finally:
        loader.dispose()
    translate = TRANSLATING.get()
    out = Loaded(_jsonable(data) if translate is None else translate_data(_jsonable(data), translate))
    _walk(node, (), out, shown)
    return out
