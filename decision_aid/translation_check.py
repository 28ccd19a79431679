"""The translations held to the English: the language part of `decision-aid check` (`check --languages`).

For each language with catalogues (`decision_aid/translations/<lang>/LC_MESSAGES/`):

- `content.po`: every translatable string now in the YAML (content_i18n) has a non-empty translation that is
  not fuzzy. Otherwise it is **missing** (new English, never translated) or **stale**: the English changed
  after the translation was made. A stale text is found two ways: before `make translations-update`, the .po
  still has an entry for the same file and key (its `#. key:` comment and `#:` location) with the old English;
  after it, the entry is fuzzy (`pybabel update --previous` keeps the old English as `#| msgid`).
- `messages.po`: every msgid in `messages.pot` (code and templates) has a translation that is not fuzzy, with
  the same `%(name)s` placeholders (babel's own format checks too). Problems name the source file:line.
- `glossary.yaml` (optional): valid against `schemas/glossary.schema.json`; every translated text whose English
  has a glossary term (whole words, any case, the longest term first) uses the term's translation or one of its
  `also` words (any case, accents significant) and never a word in `avoid` (nor its plural in -s or -es).
- `rules/metadata.yaml` has `translations.<lang>`: who translated it and the clinician review (shown in the
  sheet's About box, `translation_record`).

Every problem names where it is and says what is wrong; `decision-aid check` exits 1 when there is any.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog, Message, TranslationError
from babel.messages.checkers import python_format
from babel.messages.pofile import PoFileError, read_po, unescape

from .config import ROOT
from .content_i18n import CONTENT_DOMAIN, content_files, texts_in
from .engine.loader import Loaded, load_yaml
from .engine.validate import schema_errors

MESSAGES_DOMAIN = "messages"
GLOSSARY_FILE = "glossary.yaml"
SHOWN_CHARS = 70  # how much of a text a problem quotes
_NAMED = re.compile(r"%\((\w+)\)")
_NAMED_PLACEHOLDER = re.compile(r"%\(\w+\)[sdifr]")
_FORMATTED = re.compile(r"%\(\w+\)|%%")  # a message Flask-Babel %-formats: it has named placeholders


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one language: where (file:line and key, or the source of a message), what."""

    where: str
    language: str
    message: str
    kind: str  # missing, stale, placeholders, glossary, catalogue, metadata

    def __str__(self) -> str:
        return f"{self.where}: {self.language}: {self.message}"


@dataclass
class LanguageReport:
    """What `check_language` found for one language, with how much is translated."""

    language: str
    problems: list[Problem] = field(default_factory=list)
    content_total: int = 0
    content_done: int = 0
    messages_total: int = 0
    messages_done: int = 0

    def summary(self) -> str:
        kinds = [p.kind for p in self.problems]
        glossary = kinds.count("glossary")
        return (f"{self.language}: {self.content_done} of {self.content_total} content texts and {self.messages_done} "
                f"of {self.messages_total} messages translated; {glossary} glossary problem(s)")


@dataclass(frozen=True)
class ContentText:
    """One translatable string of the content: its file (as shown, and relative to the content folder), its
    dotted key, its line and its English."""

    shown: str
    relative: str
    key: str
    line: int | None
    english: str

    @property
    def where(self) -> str:
        return f"{self.shown}:{self.line}: {self.key}" if self.line else f"{self.shown}: {self.key}"


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return f'"{text}"' if len(text) <= SHOWN_CHARS else f'"{text[:SHOWN_CHARS - 1]}…"'


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


# --- the content's texts -------------------------------------------------------------------------------

def _line(loaded: Loaded, key: str) -> int | None:
    """The line of a dotted key (`pros.0.text`; a mapping key may itself hold dots)."""
    node, rest = loaded.data, key
    path: list[str | int] = []
    while rest:
        if isinstance(node, list):
            head, _, rest = rest.partition(".")
            if not head.isdigit() or int(head) >= len(node):
                return loaded.line(path)
            path.append(int(head))
            node = node[int(head)]
        elif isinstance(node, dict):
            found = max((k for k in map(str, node) if rest == k or rest.startswith(k + ".")), key=len, default=None)
            if found is None:
                return loaded.line(path)
            path.append(found)
            node, rest = node[found], rest[len(found) + 1:]
        else:
            break
    return loaded.line(path)


def content_texts(root: Path, rules_dir: Path | None = None) -> tuple[list[ContentText], dict[str, Any]]:
    """Every translatable string in the content under `root` (rule files from `rules_dir` when given), with
    its line, and the metadata (for its `translations` block). A file that does not load is left out: the
    content check reports it."""
    paths = [p for p in content_files(root) if rules_dir is None or p.parent != root / "rules"]
    if rules_dir is not None:
        paths += sorted(rules_dir.glob("*.yaml"))
    texts: list[ContentText] = []
    metadata: dict[str, Any] = {}
    for path in paths:
        shown = _display(path)
        loaded = load_yaml(path, shown)
        if loaded.data is None:
            continue
        if path == root / "metadata.yaml" and isinstance(loaded.data, dict):
            metadata = loaded.data
        relative = f"rules/{path.name}" if rules_dir is not None and path.parent == rules_dir else \
            path.relative_to(root).as_posix()
        texts += [ContentText(shown, relative, key, _line(loaded, key), english)
                  for key, english in texts_in(loaded.data)]
    return texts, metadata


# --- catalogues ------------------------------------------------------------------------------------------

def read_catalogue(path: Path, language: str | None = None) -> Catalog:
    """A .po or .pot file (PoFileError or OSError when it cannot be read)."""
    with path.open("rb") as fh:
        return read_po(fh, locale=language, abort_invalid=True)


def previous_id(message: Message) -> str | None:
    """The English a fuzzy entry was translated from (`#| msgid`, written by `pybabel update --previous`)."""
    parts: list[str] | None = None
    for comment in message.user_comments:
        if comment.startswith("| msgid_plural") or comment.startswith("| msgctxt"):
            break
        if comment.startswith("| msgid "):
            parts = [comment[len("| msgid "):].strip()]
        elif parts is not None and comment.startswith('| "'):
            parts.append(comment[2:].strip())
    if parts is None:
        return None
    return "".join(unescape(p) for p in parts if p.startswith('"'))


def _strings(value: str | tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(str(v) for v in value)


def translated(message: Message | None) -> bool:
    """A message with every form translated and not fuzzy."""
    if message is None or message.fuzzy:
        return False
    forms = _strings(message.string)
    return bool(forms) and all(form.strip() for form in forms)


def _content_file(location: str) -> str:
    """A .po location (`rules/options/nsaids.yaml`) relative to the content folder (`options/nsaids.yaml`)."""
    parts = location.replace("\\", "/").split("/")
    return "/".join(parts[1:]) if len(parts) > 1 else location


def _entries_by_key(catalogue: Catalog) -> dict[tuple[str, str], list[Message]]:
    """Each (file, key) of the content, with the .po entries made for it (obsolete ones keep no key)."""
    found: dict[tuple[str, str], list[Message]] = {}
    for message in catalogue:
        if not message.id:
            continue
        keys = [c[len("key:"):].strip() for c in message.auto_comments if c.startswith("key:")]
        for location, _line in message.locations:
            for key in keys:
                found.setdefault((_content_file(location), key), []).append(message)
    return found


@dataclass(frozen=True)
class Translated:
    """A translated text, for the glossary: where it is used (all its places), its English and translation."""

    where: tuple[str, ...]
    english: tuple[str, ...]
    translation: tuple[str, ...]


def check_content(texts: list[ContentText], catalogue: Catalog, language: str,
                  ) -> tuple[list[Problem], list[Translated], int]:
    """Missing and stale content texts; the translated ones (for the glossary); how many are translated."""
    problems: list[Problem] = []
    by_key = _entries_by_key(catalogue)
    places: dict[str, list[str]] = {}
    done = 0
    for text in texts:
        message = catalogue.get(text.english)
        if translated(message):
            done += 1
            places.setdefault(text.english, []).append(text.where)
            continue
        old = previous_id(message) if message is not None and message.fuzzy else None
        if old is None:
            older = [m for m in by_key.get((text.relative, text.key), []) if m.id != text.english and translated(m)]
            old = str(older[0].id) if older else None
        if old is not None:
            problems.append(Problem(text.where, language, f"stale: the English changed after it was translated "
                                    f"(translated from {_quote(old)}; now {_quote(text.english)})", "stale"))
        elif message is not None and message.fuzzy and any(s.strip() for s in _strings(message.string)):
            problems.append(Problem(text.where, language, f"stale: the translation is marked fuzzy (to check) "
                                    f"for {_quote(text.english)}", "stale"))
        else:
            problems.append(Problem(text.where, language, f"missing: not translated: {_quote(text.english)}",
                                    "missing"))
    done_texts = [Translated(tuple(where), (english,), _strings(catalogue[english].string))
                  for english, where in places.items()]
    return problems, done_texts, done


def _source(message: Message) -> str:
    """Where a message comes from: `templates/start.html:12` (and how many other places)."""
    places = [f"{f}:{n}" if n else f for f, n in message.locations]
    if not places:
        return "(no source location)"
    return places[0] + (f" (and {len(places) - 1} other place(s))" if len(places) > 1 else "")


def placeholder_problems(message: Message) -> list[str]:
    """The `%(name)s` placeholders of the translation against the English: each form uses only the English
    names, and all of them are used (a singular form may leave out the plural's number); then babel's check of
    the placeholders' kinds and types. Only for messages that are %-formatted (they have named placeholders)."""
    english = _strings(message.id)
    forms = _strings(message.string)
    found: list[str] = []
    if not any(_FORMATTED.search(e) for e in english):
        return found
    wanted = {n for e in english for n in _NAMED.findall(e)}
    used: set[str] = set()
    for form in forms:
        names = set(_NAMED.findall(form))
        used |= names
        for extra in sorted(names - wanted):
            found.append(f"the translation has %({extra})s, which the English does not")
    if not message.pluralizable or len(forms) == 1:
        for name in sorted(wanted - used):
            found.append(f"the translation leaves out %({name})s")
    else:
        for name in sorted(wanted - set(_NAMED.findall(forms[-1]))):
            found.append(f"the translation's plural form leaves out %({name})s")
    if not found:
        try:
            python_format(None, message if "python-format" in message.flags else _with_format_flag(message))
        except TranslationError as exc:
            found.append(str(exc))
    return found


def _with_format_flag(message: Message) -> Message:
    return Message(message.id, message.string, flags=[*message.flags, "python-format"], context=message.context)


def check_messages(template: Catalog, catalogue: Catalog, language: str,
                   ) -> tuple[list[Problem], list[Translated], int, int]:
    """Missing, stale and placeholder problems of the messages domain; the translated ones; translated, total."""
    problems: list[Problem] = []
    done_texts: list[Translated] = []
    done = total = 0
    for wanted in template:
        if not wanted.id:
            continue
        total += 1
        where = _source(wanted)
        english = _strings(wanted.id)
        message = catalogue.get(wanted.id, context=wanted.context)
        if message is not None and translated(message):
            wrong = placeholder_problems(message)
            for what in wrong:
                problems.append(Problem(where, language, f"placeholders: {what}: {_quote(english[0])}", "placeholders"))
            if not wrong:
                done += 1
            done_texts.append(Translated((where,), english, _strings(message.string)))
        elif message is not None and message.fuzzy and any(s.strip() for s in _strings(message.string)):
            old = previous_id(message)
            was = f"translated from {_quote(old)}; now" if old else "marked fuzzy (to check):"
            problems.append(Problem(where, language, f"stale: the English changed after it was translated "
                                    f"({was} {_quote(english[0])})", "stale"))
        else:
            problems.append(Problem(where, language, f"missing: not translated: {_quote(english[0])}", "missing"))
    return problems, done_texts, done, total


# --- the glossary ------------------------------------------------------------------------------------------

def _words(term: str) -> str:
    return r"\s+".join(re.escape(part) for part in term.split())


def _whole(term: str, suffix: str = "") -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){_words(term)}{suffix}(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class Term:
    english: str
    wanted: tuple[str, ...]  # the translation, then its `also` words
    avoid: tuple[str, ...]
    wanted_res: tuple[re.Pattern[str], ...]
    avoid_res: tuple[re.Pattern[str], ...]

    def advice(self) -> str:
        others = f" (or {', '.join(_quote(w) for w in self.wanted[1:])})" if len(self.wanted) > 1 else ""
        return f"{_quote(self.wanted[0])}{others}"


class Glossary:
    """The terms of one language's glossary.yaml, and the lint that holds translations to them."""

    def __init__(self, language: str, data: dict[str, Any]):
        self.language = language
        self.terms: dict[str, Term] = {}
        for item in data.get("terms") or []:
            english, own = str(item["en"]), item.get(language)
            if not isinstance(own, str):
                continue
            wanted = (own, *[str(w) for w in item.get("also") or []])
            avoid = tuple(str(w) for w in item.get("avoid") or [])
            self.terms[english.casefold()] = Term(english, wanted, avoid, tuple(_whole(w) for w in wanted),
                                                  tuple(_whole(w, "(?:e?s)?") for w in avoid))
        ordered = sorted((t.english for t in self.terms.values()), key=len, reverse=True)
        # a term glued to a word before it by a hyphen is part of a name (the RAPID-axSpA trial), not the term
        self._english = re.compile(r"(?<![\w-])(?:" + "|".join(_words(t) for t in ordered) + r")(?!\w)", re.IGNORECASE) \
            if ordered else None

    def terms_in(self, english: str) -> list[Term]:
        """The glossary terms in an English text, the longest term where two overlap, each once."""
        if self._english is None:
            return []
        found: dict[str, Term] = {}
        for match in self._english.finditer(_NAMED_PLACEHOLDER.sub(" ", english)):  # %(pregnancy)s is a name
            term = self.terms[" ".join(match.group(0).split()).casefold()]
            found.setdefault(term.english, term)
        return list(found.values())

    def lint(self, text: Translated) -> list[Problem]:
        english, translation = " ".join(text.english), " ".join(text.translation)
        where = text.where[0] + (f" (and {len(text.where) - 1} other place(s) with the same text)"
                                 if len(text.where) > 1 else "")
        problems = []
        for term in self.terms_in(english):
            if not any(r.search(translation) for r in term.wanted_res):
                problems.append(Problem(where, self.language, f"glossary: {_quote(term.english)} is "
                                        f"{term.advice()} in this language: {_quote(translation)}", "glossary"))
            for word, avoid in zip(term.avoid, term.avoid_res, strict=True):
                used = avoid.search(translation)
                if used:
                    problems.append(Problem(where, self.language, f"glossary: {_quote(used.group(0))} is to be "
                                            f"avoided (for {_quote(term.english)}, use {term.advice()}; avoid "
                                            f"{_quote(word)}): {_quote(translation)}", "glossary"))
        return problems


def load_glossary(path: Path, language: str) -> tuple[Glossary | None, list[Problem]]:
    """The glossary, checked against its schema and for terms given twice or without this language's word."""
    shown = _display(path)
    loaded = load_yaml(path, shown)
    errors = [*loaded.errors]
    if loaded.data is not None:
        errors += schema_errors(loaded, shown, "glossary")
    problems = [Problem(f"{e.file}:{e.line}" if e.line else e.file, language, f"glossary file: {e.message}", "catalogue")
                for e in errors]
    if problems or not isinstance(loaded.data, dict):
        return None, problems
    seen: set[str] = set()
    for i, item in enumerate(loaded.data.get("terms") or []):
        where = f"{shown}:{loaded.line(('terms', i))}"
        english = " ".join(str(item["en"]).split()).casefold()
        if english in seen:
            problems.append(Problem(where, language, f"glossary file: {item['en']!r} is given twice", "catalogue"))
        seen.add(english)
        if not isinstance(item.get(language), str):
            problems.append(Problem(where, language, f"glossary file: {item['en']!r} has no {language!r} word",
                                    "catalogue"))
    return Glossary(language, loaded.data), problems


# --- one language, every language -----------------------------------------------------------------------

def languages(translations_dir: Path) -> list[str]:
    """The language codes with catalogues under `translations_dir`."""
    return sorted(p.parent.name for p in translations_dir.glob("*/LC_MESSAGES") if p.is_dir())


def _catalogue_or_problem(path: Path, language: str | None, report: LanguageReport) -> Catalog | None:
    if not path.exists():
        report.problems.append(Problem(_display(path), report.language, "not found: make it with `make "
                                       "translations-update`", "catalogue"))
        return None
    try:
        return read_catalogue(path, language)
    except (OSError, PoFileError, ValueError) as exc:
        report.problems.append(Problem(_display(path), report.language, f"cannot be read: {exc}", "catalogue"))
        return None


def check_language(language: str, translations_dir: Path, texts: list[ContentText], metadata: dict[str, Any],
                   metadata_shown: str = "rules/metadata.yaml") -> LanguageReport:
    """Every check above for one language."""
    report = LanguageReport(language, content_total=len(texts))
    folder = translations_dir / language / "LC_MESSAGES"
    done_texts: list[Translated] = []
    content = _catalogue_or_problem(folder / f"{CONTENT_DOMAIN}.po", language, report)
    if content is not None:
        problems, done, report.content_done = check_content(texts, content, language)
        report.problems += problems
        done_texts += done
    template = _catalogue_or_problem(translations_dir / f"{MESSAGES_DOMAIN}.pot", None, report)
    messages = _catalogue_or_problem(folder / f"{MESSAGES_DOMAIN}.po", language, report)
    if template is not None:
        report.messages_total = sum(1 for m in template if m.id)
        if messages is not None:
            problems, done, report.messages_done, _ = check_messages(template, messages, language)
            report.problems += problems
            done_texts += done
    glossary_path = translations_dir / language / GLOSSARY_FILE
    if glossary_path.exists():
        glossary, problems = load_glossary(glossary_path, language)
        report.problems += problems
        if glossary is not None:
            for text in done_texts:
                report.problems += glossary.lint(text)
    record = (metadata.get("translations") or {}).get(language) if metadata else None
    if not record:
        report.problems.append(Problem(metadata_shown, language, f"no translations.{language} block: who translated "
                                       "it, when, and clinician_review (pending until a native-speaking clinician "
                                       "has reviewed it)", "metadata"))
    return report


def check_languages(translations_dir: Path, root: Path, rules_dir: Path | None = None,
                    only: Iterable[str] | None = None) -> list[LanguageReport]:
    """`check_language` for every language with catalogues (or those in `only`)."""
    texts, metadata = content_texts(root, rules_dir)
    found = languages(translations_dir)
    wanted = sorted(set(only)) if only is not None else found
    reports = []
    for lang in wanted:
        if lang in found:
            reports.append(check_language(lang, translations_dir, texts, metadata, _display(root / "metadata.yaml")))
        else:
            reports.append(LanguageReport(lang, [Problem(_display(translations_dir / lang), lang, "no catalogues "
                                                         "(LC_MESSAGES/*.po): `make translations-update` makes them "
                                                         "once the language is in LANG_CODES", "catalogue")]))
    return reports


def problems_of(reports: Iterable[LanguageReport]) -> Iterator[Problem]:
    for report in reports:
        yield from report.problems


# --- the sheet's About box ---------------------------------------------------------------------------------

def translation_record(language: str | None = None) -> dict[str, Any] | None:
    """`translations.<lang>` of the content's metadata for the language in use (who translated the words, the
    clinician review, the measured reading level); None in English or outside the app."""
    from .i18n import DEFAULT_LANGUAGE, current_language

    lang = language or current_language()
    if lang == DEFAULT_LANGUAGE:
        return None
    try:
        from flask import current_app

        content = current_app.extensions.get("content")
    except RuntimeError:  # no app: the command line makes English sheets only
        return None
    record = ((getattr(content, "metadata", None) or {}).get("translations") or {}).get(lang)
    return dict(record) if isinstance(record, dict) else None
