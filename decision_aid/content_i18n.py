"""The YAML content's words in other languages, through gettext (the `content` domain).

One set of YAML files holds every id, number, source and rule; only the words are per language. The words
are the string values under the keys in TEXT_KEYS (never ids, facts, levels, URLs or citations). They are
extracted into `decision_aid/translations/content.pot` (`make translations-extract`, with `extract_yaml`
as a Babel extraction method), translated in `decision_aid/translations/<lang>/LC_MESSAGES/content.po`,
and applied when the content is loaded for that language (`engine.load_content(translate=...)`), so a
sheet in Spanish is built by the same rules from the same figures.

Each entry's location comment is the file and key (`rules/options/nsaids.yaml:pros.0.text`), so
`decision-aid check` can name what is missing, and tell a stale translation (its key's English text
changed after it was translated) from a new text (`translation_problems`).
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

# String values under these keys are words a person reads; everything else is an id, a number, a fact
# name, a URL or a citation, and stays as it is in every language.
TEXT_KEYS = frozenset({
    "text", "title", "also_called", "heading", "question", "outcome", "who", "period", "comparator",
    "words", "topic", "why", "not_sure", "extra_note", "trial", "label", "hint", "name", "lead",
    "update_policy", "funding", "conflicts", "developers", "evidence_method", "decision", "body",
    "caption", "note_text", "plain", "intro", "items", "paragraphs", "points", "medicine",
})
# Subtrees never translated: `checks` match words in other files (knowledge.yaml), `reading_level` and
# `translations` describe the English text and the translations themselves.
SKIP_KEYS = frozenset({"checks", "reading_level", "translations", "measured_with"})
CONTENT_DOMAIN = "content"

Translate = Callable[[str], str]
# Set while content is loaded for another language: the loaders translate each file's words as it is read.
TRANSLATING: contextvars.ContextVar[Translate | None] = contextvars.ContextVar("translating", default=None)


@dataclass(frozen=True)
class Text:
    """One translatable string: where it is (file and dotted key) and its English words."""

    file: str
    key: str
    english: str


def _texts(value: Any, path: tuple[str, ...], in_text: bool) -> Iterator[tuple[tuple[str, ...], str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            key = str(key)
            if key in SKIP_KEYS:
                continue
            yield from _texts(item, (*path, key), key in TEXT_KEYS)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _texts(item, (*path, str(i)), in_text)
    elif isinstance(value, str) and in_text and value.strip():
        yield path, value


def texts_in(data: Any) -> list[tuple[str, str]]:
    """(dotted key, English words) for every translatable string in one file's data, in file order."""
    return [(".".join(path), words) for path, words in _texts(data, (), False)]


def translate_data(data: Any, translate: Translate, in_text: bool = False) -> Any:
    """A copy of `data` with each translatable string passed through `translate` (ids and numbers kept)."""
    if isinstance(data, dict):
        return {key: (item if str(key) in SKIP_KEYS else translate_data(item, translate, str(key) in TEXT_KEYS))
                for key, item in data.items()}
    if isinstance(data, list):
        return [translate_data(item, translate, in_text) for item in data]
    if isinstance(data, str) and in_text and data.strip():
        return translate(data)
    return data


def content_files(root: Path) -> list[Path]:
    """Every YAML file whose words are translated: the sheet's content and the rules."""
    return sorted([*root.glob("*.yaml"), *(root / "options").glob("*.yaml"), *(root / "rules").glob("*.yaml")])


def all_texts(root: Path, shown_root: Path | None = None) -> list[Text]:
    """Every translatable string in the content under `root`, with its file (relative to `shown_root`)."""
    base = shown_root or root.parent
    out: list[Text] = []
    for path in content_files(root):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        shown = str(path.relative_to(base)) if path.is_relative_to(base) else str(path)
        out += [Text(shown, key, words) for key, words in texts_in(data)]
    return out


def extract_yaml(fileobj: Any, keywords: Any, comment_tags: Any, options: dict[str, Any]) -> Iterator[
        tuple[int, str | None, str, list[str]]]:
    """Babel extraction method for the content YAML (babel.cfg: `[decision_aid.content_i18n:extract_yaml:
    rules/**.yaml]`): each translatable string, with its dotted key as a translator comment."""
    text = fileobj.read()
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    data = yaml.safe_load(text)
    for key, words in texts_in(data):
        yield 0, None, words, [f"key: {key}"]
