"""Form fields that know where their answer lives in the answers document, and the questions with one
answer chosen from several (radios, yes/no, a duration, a country).

Each field carries a document `path` (for example "about.age_years" or
"treatments.csdmards[drug=methotrexate].status") and converts both ways:
`load(doc)` gives the form values that pre-fill the page, `store(doc, old, form)` writes the checked
value back. So a page is just a list of fields; there is no per-page conversion code. Checkbox
questions are in checkboxes.py, typed answers in textboxes.py.

Enum values come from the JSON Schema (the single definition of the document); only the plain-words
labels live with the forms, and `labelled` checks at import that the two agree.

Words (labels, hints, choices, messages) are declared once as lazy strings (`_l`) and read in the
language of the request: `str()` where a value is shown or kept, `prerender.plain` before a macro.
"""

from __future__ import annotations

import gettext
import math
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from functools import cache, lru_cache
from types import MappingProxyType
from typing import Any, TypeAlias

from babel.numbers import get_decimal_symbol
from flask_babel.speaklater import LazyString
from wtforms import Field, Label, RadioField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import StopValidation

from ..i18n import DEFAULT_LANGUAGE, current_language
from ..i18n import gettext as _
from ..memo import ByIdentity
from . import prerender
from .paths import delete_path, get_path, schema_node, set_path

_l = prerender.lazy_gettext
Words: TypeAlias = "str | LazyString"  # words a person reads: a lazy string is read in the request's language


def translated(words: Words) -> LazyString:
    """Words from another module's table (words.py), read in the request's language whether that table
    holds lazy strings or English ones (the English is the message id; a translated string is kept)."""
    return prerender.lazy(lambda: _(str(words)))


def translated_map(table: Mapping[Any, Words]) -> dict[Any, LazyString]:
    """`translated` for each value of a table (words.RESPONSE_LABELS)."""
    return {key: translated(value) for key, value in table.items()}


def lower_first(words: Words) -> LazyString:
    """`words` with a lower-case first letter, in the language it is read in ("Avoiding side effects" ->
    "avoiding side effects"), for a label quoted inside a sentence."""
    def read() -> str:
        text = str(words)
        return text[:1].lower() + text[1:]

    return prerender.lazy(read)


def lower(words: Words) -> LazyString:
    """`words` in lower case, in the language it is read in (a medicine's name inside a question)."""
    return prerender.lazy(lambda: str(words).lower())


def optional_text(words: Words, optional: bool) -> str:
    """A question's words, with "(optional)" after them when it may be left blank."""
    return _("%(question)s (optional)", question=str(words)) if optional else str(words)

# ---------------------------------------------------------------------------------------- schema


def labelled(path: str, labels: Mapping[str, str]) -> list[tuple[str, str]]:
    """Radio/checkbox choices for an enum in the schema, in the order of `labels`.

    Fails at import if the labels and the schema disagree, so the forms cannot drift from the schema.
    """
    allowed = schema_node(path)["enum"]
    if set(labels) != set(allowed):
        raise ValueError(f"labels for {path} must cover exactly {allowed}, not {list(labels)}")
    return list(labels.items())


def format_number(value: Any, places: int = 2) -> str:
    """5.0 -> "5", 2.5 -> "2.5"; what a person would type (at most `places` decimals)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return ""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.{places}f}".rstrip("0").rstrip(".")


def shown_number(value: Any, places: int = 2) -> str:
    """`format_number` as a person reads it in the request's language: "2.5" in English, "2,5" in
    Spanish (the value kept and the form values are always written with a point)."""
    text = format_number(value, places)
    language = current_language()
    return text if language == DEFAULT_LANGUAGE else text.replace(".", get_decimal_symbol(language))


def select_choices(pairs: Iterable[tuple[str, str]]) -> list[SelectChoice]:
    """WTForms choices for (value, label) pairs, made once each: a field is built for every request (bench/pages.py).

    A field's declared list comes back as the same object with the same pairs on every request: it is found
    by identity first (each pair checked to be the very same object), which spares hashing every label in
    the language of the request (`_choices`' key)."""
    if not isinstance(pairs, (list, tuple)):
        return list(_choices(tuple(pairs)))
    snapshot, made = _DECLARED.get(pairs, _snapshot_choices)
    if len(snapshot) != len(pairs) or not all(a is b for a, b in zip(snapshot, pairs, strict=False)):
        return list(_choices(tuple(pairs)))  # the list was changed after it was first seen
    return list(made)


def _snapshot_choices(pairs: Sequence[tuple[str, str]]) -> tuple[tuple[Any, ...], tuple[SelectChoice, ...]]:
    snapshot = tuple(pairs)
    return snapshot, _choices(snapshot)


_DECLARED: ByIdentity[tuple[tuple[Any, ...], tuple[SelectChoice, ...]]] = ByIdentity(1024)


@lru_cache(maxsize=1024)  # the content's questions' options (and no answer: see Duration.process)
def _choices(pairs: tuple[tuple[str, str], ...]) -> tuple[SelectChoice, ...]:
    return tuple(SelectChoice(value, label) for value, label in pairs)


def first_value(field: Field) -> str:
    raw = field.raw_data or []
    return raw[0] if raw and isinstance(raw[0], str) else ""


# ---------------------------------------------------------------------------------------- fields


class Bound:
    """Mixin for a field with a place in the answers document.

    `summary` is the short label on the check-answers page; `optional` fields may be left blank;
    `group` starts a new sub-heading on pages that ask about several things (medicine details).
    `personal` marks a field whose options were made from the person's own answer (never pre-rendered).
    """

    personal = False

    path: str | None
    optional: bool
    summary_words: Words
    group_words: Words | None
    heading: bool
    name: str
    label: Any
    errors: Any
    raw_data: Any

    def _bind_meta(self, path: str | None, summary: Words | None, optional: bool, group: Words | None) -> None:
        self.path = path
        self.optional = optional
        self.summary_words = summary or ""
        self.group_words = group
        self.heading = False  # set by the page when this is its only question (label as the h1)

    @property
    def summary(self) -> str:
        """The short label on the check-answers page, in the request's language."""
        return str(self.summary_words)

    @property
    def group(self) -> str | None:
        """The sub-heading this field starts or belongs to, in the request's language."""
        return None if self.group_words is None else str(self.group_words)

    def owned_paths(self) -> list[str]:
        return [self.path] if self.path else []

    def required_paths(self) -> list[str]:
        return [] if self.optional or not self.path else [self.path]

    def load(self, doc: dict[str, Any]) -> list[str]:
        """Form values that pre-fill this field from the document."""
        value = get_path(doc, self.path) if self.path else None
        return [] if value is None else [self.to_form(value)]

    def to_form(self, value: Any) -> str:
        return str(value)

    def store(self, doc: dict[str, Any], old: dict[str, Any], form: Any) -> None:
        """Write the checked value into `doc` (None removes it)."""
        if not self.path:
            return
        value = self.doc_value(form)
        if value is None:
            delete_path(doc, self.path)
        else:
            set_path(doc, self.path, value)

    def doc_value(self, form: Any) -> Any:
        raise NotImplementedError

    def usable(self, form: Any) -> bool:
        """After `form.validate()`: the answer can be kept (saving part-way keeps only these)."""
        return not self.errors

    def entered(self) -> bool:
        """Something was typed, chosen or ticked (a blank answer is not "left out": it is still to answer)."""
        return any(isinstance(v, str) and v.strip() for v in (self.raw_data or []))

    def leave_out(self, doc: dict[str, Any]) -> None:
        """Remove this answer from `doc` (it could not be used when saving part-way)."""
        for path in self.owned_paths():
            delete_path(doc, path)

    def display(self, doc: dict[str, Any]) -> list[str]:
        """Lines for the check-answers page ([] means "Not provided")."""
        value = get_path(doc, self.path) if self.path else None
        return [] if value is None else [str(value)]

    def gov_params(self) -> dict[str, Any]:
        """Extra GOV.UK macro parameters (fresh each call: the widgets modify what they are given)."""
        return {}

    def every_params(self) -> list[dict[str, Any]]:
        """Every set of parameters the field can be shown with (pre-rendered once each)."""
        return [self.gov_params()]

    def situate(self, form: Any, doc: dict[str, Any]) -> None:
        """Adjust the words to the rest of the page and the document (TensedChoice)."""

    def summary_for(self, doc: dict[str, Any]) -> str:
        """The check-answers label for this answer in `doc`."""
        return self.summary

    def summaries(self) -> list[str]:
        """Every check-answers label the field can have."""
        return [self.summary]


def legend_params(field: Bound, size: str = "m") -> dict[str, Any]:
    text = optional_text(field.label.text, field.optional)
    if field.heading:
        return {"text": text, "isPageHeading": True, "classes": "govuk-fieldset__legend--l"}
    return {"text": text, "classes": f"govuk-fieldset__legend--{size}"}


def label_params(field: Bound) -> dict[str, Any]:
    text = optional_text(field.label.text, field.optional)
    if field.heading:
        return {"text": text, "isPageHeading": True, "classes": "govuk-label--l"}
    return {"text": text, "classes": "govuk-label--m"}


class Choice(Bound, RadioField):
    """Radios for one enum value. `mapping` turns form values into document values (e.g. yes -> True)."""

    widget = prerender.Radios()

    def __init__(self, label: Words, *, path: str | None, choices: Sequence[tuple[str, Words]], required: Words,
                 summary: Words | None = None, optional: bool = False, group: Words | None = None,
                 mapping: Mapping[str, Any] | None = None, inline: bool = False, small: bool = False,
                 item_hints: Mapping[str, Words] | None = None, **kwargs: Any):
        super().__init__(label, choices=select_choices(choices), validate_choice=False, **kwargs)
        self._bind_meta(path, summary, optional, group)
        self.labels_map = dict(choices)
        self.required_message = required
        self.mapping = dict(mapping or {})
        self.inline = inline
        self.small = small or len(choices) > 6
        self.item_hints = dict(item_hints or {})
        self.values = [value for value, _label in choices]

    def pre_validate(self, form: Any) -> None:
        value = first_value(self)
        if value == "" and self.optional:
            self.data = None
            return
        if value not in self.values:
            self.data = value or None
            raise StopValidation(str(self.required_message))
        self.data = value

    def doc_value(self, form: Any) -> Any:
        if self.data is None:
            return None
        return self.mapping.get(self.data, self.data)

    def to_form(self, value: Any) -> str:
        for form_value, doc_value in self.mapping.items():
            if doc_value == value and type(doc_value) is type(value):
                return form_value
        return str(value)

    def label_for(self, value: str) -> str:
        return str(self.labels_map.get(value, value))

    def display(self, doc: dict[str, Any]) -> list[str]:
        value = get_path(doc, self.path) if self.path else None
        return [] if value is None else [self.label_for(self.to_form(value))]

    def gov_params(self) -> dict[str, Any]:
        classes = " ".join(c for c in ("govuk-radios--inline" if self.inline else "",
                                       "govuk-radios--small" if self.small else "") if c)
        params: dict[str, Any] = {"fieldset": {"legend": legend_params(self)}, "classes": classes}
        if self.item_hints:
            params["items"] = [{"hint": {"text": str(self.item_hints[v])}} if v in self.item_hints else {}
                               for v in self.values]
        return params


YES_NO: list[tuple[str, Words]] = [("yes", _l("Yes")), ("no", _l("No"))]


def yes_no(label: Words, *, path: str, required: Words, **kwargs: Any) -> Any:
    """A Yes/No question stored as true/false."""
    return Choice(label, path=path, choices=YES_NO, required=required, mapping={"yes": True, "no": False},
                  inline=True, **kwargs)


class Duration(Choice):
    """Plain durations for a 0-10 scale (BASDAI Q6: 0 = none, 5 = 1 hour, 10 = 2 hours or more).

    A saved value that is not one of the usual durations is offered as its own choice, so a resumed
    file is never silently changed.
    """

    def __init__(self, label: Words, *, minutes: Sequence[tuple[int, Words]], per_point: float, **kwargs: Any):
        choices = [(str(m), text) for m, text in minutes]
        mapping = {str(m): (int(m / per_point) if (m / per_point).is_integer() else m / per_point) for m, _label in minutes}
        super().__init__(label, choices=choices, mapping=mapping, **kwargs)
        self.per_point = per_point

    def to_form(self, value: Any) -> str:
        found = super().to_form(value)
        if found in self.values:
            return found
        for form_value, doc_value in self.mapping.items():
            if math.isclose(doc_value, value):
                return form_value
        return f"saved:{format_number(value)}"

    def process(self, formdata: Any, data: Any = None, extra_filters: Any = None) -> None:
        super().process(formdata, extra_filters=extra_filters)
        raw = first_value(self) if formdata is not None else ""
        if raw.startswith("saved:") and raw not in self.values:
            try:
                saved = float(raw[6:])
            except ValueError:
                return
            if math.isfinite(saved) and 0 <= saved <= 10:
                minutes = round(saved * self.per_point)
                extra = SelectChoice(raw, _("About %(minutes)s minutes (your saved answer)", minutes=minutes))
                setattr(self, "choices", [*getattr(self, "choices", []), extra])  # noqa: B010
                self.labels_map = {**self.labels_map, raw: extra.label}
                self.values = [*self.values, raw]
                self.mapping = {**self.mapping, raw: int(saved) if saved.is_integer() else saved}
                self.personal = True

    def label_for(self, value: str) -> str:
        if value.startswith("saved:") and value not in self.values:
            saved = float(value[6:])
            return _("About %(minutes)s minutes", minutes=round(saved * self.per_point))
        return super().label_for(value)


def _sort_key(name: str) -> str:
    """A country's name as sorted in a list: accents after the letter they are on ("Österreich" with O)."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).casefold()


@cache
def _countries(path: str, language: str, blank: str) -> tuple[list[SelectChoice], Mapping[str, str], frozenset[str]]:
    """The schema's country codes with their ISO 3166 names (pycountry, and its translations of them for
    other languages), sorted by name: the choices, code -> name and the codes (once per process and
    language; every bound field shares them, read-only)."""
    import pycountry

    codes = schema_node(path)["enum"]
    names = {c.alpha_2: getattr(c, "common_name", c.name) for c in pycountry.countries}
    if language == DEFAULT_LANGUAGE:
        choices = sorted(((code, names.get(code, code)) for code in codes), key=lambda c: c[1])
    else:
        local = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True)
        choices = sorted(((code, local.gettext(names.get(code, code))) for code in codes),
                         key=lambda c: _sort_key(c[1]))
    return select_choices([("", blank), *choices]), MappingProxyType(dict(choices)), frozenset(codes)


NO_COUNTRY = _l("Select a country")


class CountrySelect(Bound, SelectField):
    """Country as a select of ISO 3166 names (pycountry), limited to the schema's codes.

    It starts blank ("Select a country") and must be chosen: the country decides the costs shown, the
    regulator's notes and the paper size, so a preset a skim could leave in place would be a wrong answer.
    """

    widget = prerender.Select()

    def __init__(self, label: Words, *, path: str, required: Words, summary: Words | None = None, **kwargs: Any):
        choices, _names, self.values = _countries(path, current_language(), str(NO_COUNTRY))
        super().__init__(label, choices=choices, validate_choice=False, **kwargs)
        self._bind_meta(path, summary, False, None)
        self.required_message = required

    @property
    def choices(self) -> list[SelectChoice]:
        """The countries in the request's language (a field made once is shown in every language)."""
        return _countries(self.path or "", current_language(), str(NO_COUNTRY))[0]

    @choices.setter
    def choices(self, value: Any) -> None:
        """WTForms sets the choices it was given: they are always `_countries`'s."""

    @property
    def names(self) -> Mapping[str, str]:
        """Country code -> name, in the request's language."""
        return _countries(self.path or "", current_language(), str(NO_COUNTRY))[1]

    def pre_validate(self, form: Any) -> None:
        if self.data not in self.values:
            raise StopValidation(str(self.required_message))

    def doc_value(self, form: Any) -> Any:
        return self.data

    def display(self, doc: dict[str, Any]) -> list[str]:
        value = get_path(doc, self.path) if self.path else None
        return [] if value is None else [self.names.get(value, value)]

    def gov_params(self) -> dict[str, Any]:
        return {"label": label_params(self)}


def field_messages(fields: Iterable[Bound]) -> dict[str, str]:
    """Document path -> field name, to show document-level errors next to the right field."""
    out: dict[str, str] = {}
    for field in fields:
        for path in field.owned_paths():
            out.setdefault(path, field.name)
    return out


def by_path_prefix(mapping: Mapping[str, str], error_path: str) -> str | None:
    """The field owning `error_path` or the nearest enclosing path."""
    for path, name in mapping.items():
        if error_path == path or error_path.startswith(path + ".") or error_path.startswith(path + "["):
            return name
        if path.startswith(error_path + ".") or path.startswith(error_path + "["):
            return name
    return None



class Tense:
    """The words of a question about a medicine in one tense: still taken ("How well is it working?"),
    stopped ("How well did it work?") or not yet known ("How well has it worked?")."""

    def __init__(self, label: Words, summary: Words, required: Words, item_texts: Mapping[str, Words] | None = None):
        self.label = label
        self.summary_words = summary
        self.required = required
        self.item_texts = dict(item_texts or {})

    @property
    def summary(self) -> str:
        return str(self.summary_words)


class TensedChoice(Choice):
    """Radios whose words follow whether a medicine is still taken: the status chosen on the same page
    (`status_field`, when the page has it) or else the one in the document (`status_path`).

    Every tense's markup is content (three wordings per question), so each is pre-rendered like any
    other field's (`every_params`)."""

    def __init__(self, label: Words, *, tenses: Mapping[str, Tense], status_path: str,
                 status_field: str | None = None, **kwargs: Any):
        unknown = tenses["unknown"]
        super().__init__(unknown.label, required=unknown.required, summary=unknown.summary_words, **kwargs)
        self.tenses = dict(tenses)
        self.status_path = status_path
        self.status_field = status_field
        self.tense = "unknown"

    def tense_of(self, doc: dict[str, Any], form: Any = None) -> str:
        status: Any = None
        if form is not None and self.status_field and self.status_field in form:
            status = form[self.status_field].data
        if status not in self.tenses:
            status = get_path(doc, self.status_path)
        return status if isinstance(status, str) and status in self.tenses else "unknown"

    def situate(self, form: Any, doc: dict[str, Any]) -> None:
        self.tense = self.tense_of(doc, form)
        said = self.tenses[self.tense]
        self.label = Label(self.id, said.label)
        self.required_message = said.required

    def summary_for(self, doc: dict[str, Any]) -> str:
        return self.tenses[self.tense_of(doc)].summary

    def summaries(self) -> list[str]:
        return list(dict.fromkeys(t.summary for t in self.tenses.values()))

    def display(self, doc: dict[str, Any]) -> list[str]:
        value = get_path(doc, self.path) if self.path else None
        if value is None:
            return []
        form_value = self.to_form(value)
        said = self.tenses[self.tense_of(doc)].item_texts.get(form_value)
        return [str(said) if said else self.label_for(form_value)]

    def _tense_params(self, tense: Tense) -> dict[str, Any]:
        params = super().gov_params()
        legend = legend_params(self)
        legend["text"] = optional_text(tense.label, self.optional)
        params["fieldset"] = {"legend": legend}
        if tense.item_texts:
            items = params.get("items") or [{} for _value in self.values]
            params["items"] = [{**item, **({"text": str(tense.item_texts[v])} if v in tense.item_texts else {})}
                               for item, v in zip(items, self.values, strict=True)]
        return params

    def gov_params(self) -> dict[str, Any]:
        return self._tense_params(self.tenses[self.tense])

    def every_params(self) -> list[dict[str, Any]]:
        return [self._tense_params(t) for t in self.tenses.values()]
