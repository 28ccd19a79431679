"""Form fields that know where their answer lives in the answers document.

Each field carries a document `path` (for example "about.age_years" or
"treatments.csdmards[drug=methotrexate].status") and converts both ways:
`load(doc)` gives the form values that pre-fill the page, `store(doc, old, form)` writes the checked
value back. So a page is just a list of fields; there is no per-page conversion code.

Enum values come from the JSON Schema (the single definition of the document); only the plain-words
labels live here, and an import-time check makes sure the two agree.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import cache, lru_cache
from types import MappingProxyType
from typing import Any

from wtforms import Field, RadioField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import StopValidation

from . import prerender
from .paths import delete_path, get_path, schema_node, set_path

# ---------------------------------------------------------------------------------------- schema


def labelled(path: str, labels: Mapping[str, str]) -> list[tuple[str, str]]:
    """Radio/checkbox choices for an enum in the schema, in the order of `labels`.

    Fails at import if the labels and the schema disagree, so the forms cannot drift from the schema.
    """
    allowed = schema_node(path)["enum"]
    if set(labels) != set(allowed):
        raise ValueError(f"labels for {path} must cover exactly {allowed}, not {list(labels)}")
    return list(labels.items())


def format_number(value: Any) -> str:
    """5.0 -> "5", 2.5 -> "2.5"; what a person would type."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return ""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _select(pairs: Iterable[tuple[str, str]]) -> list[SelectChoice]:
    """WTForms choices for (value, label) pairs; a field is built for every request, so made once each."""
    return list(_choices(tuple(pairs)))


@lru_cache(maxsize=1024)  # the content's questions' options (and no answer: see Duration.process)
def _choices(pairs: tuple[tuple[str, str], ...]) -> tuple[SelectChoice, ...]:
    return tuple(SelectChoice(value, label) for value, label in pairs)


def _first(field: Field) -> str:
    raw = field.raw_data or []
    return raw[0] if raw and isinstance(raw[0], str) else ""


# ---------------------------------------------------------------------------------------- widgets


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
    summary: str
    group: str | None
    heading: bool
    name: str
    label: Any

    def _bind_meta(self, path: str | None, summary: str | None, optional: bool, group: str | None) -> None:
        self.path = path
        self.optional = optional
        self.summary = summary or ""
        self.group = group
        self.heading = False  # set by the page when this is its only question (label as the h1)

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

    def display(self, doc: dict[str, Any]) -> list[str]:
        """Lines for the check-answers page ([] means "Not provided")."""
        value = get_path(doc, self.path) if self.path else None
        return [] if value is None else [str(value)]

    def gov_params(self) -> dict[str, Any]:
        """Extra GOV.UK macro parameters (fresh each call: the widgets modify what they are given)."""
        return {}


def _legend(field: Bound, size: str = "m") -> dict[str, Any]:
    text = field.label.text + (" (optional)" if field.optional else "")
    if field.heading:
        return {"text": text, "isPageHeading": True, "classes": "govuk-fieldset__legend--l"}
    return {"text": text, "classes": f"govuk-fieldset__legend--{size}"}


def _label(field: Bound) -> dict[str, Any]:
    text = field.label.text + (" (optional)" if field.optional else "")
    if field.heading:
        return {"text": text, "isPageHeading": True, "classes": "govuk-label--l"}
    return {"text": text, "classes": "govuk-label--m"}


class Choice(Bound, RadioField):
    """Radios for one enum value. `mapping` turns form values into document values (e.g. yes -> True)."""

    widget = prerender.Radios()

    def __init__(self, label: str, *, path: str | None, choices: Sequence[tuple[str, str]], required: str,
                 summary: str | None = None, optional: bool = False, group: str | None = None,
                 mapping: Mapping[str, Any] | None = None, inline: bool = False, small: bool = False,
                 item_hints: Mapping[str, str] | None = None, **kwargs: Any):
        super().__init__(label, choices=_select(choices), validate_choice=False, **kwargs)
        self._bind_meta(path, summary, optional, group)
        self.labels_map = dict(choices)
        self.required_message = required
        self.mapping = dict(mapping or {})
        self.inline = inline
        self.small = small or len(choices) > 6
        self.item_hints = dict(item_hints or {})
        self.values = [value for value, _ in choices]

    def pre_validate(self, form: Any) -> None:
        value = _first(self)
        if value == "" and self.optional:
            self.data = None
            return
        if value not in self.values:
            self.data = value or None
            raise StopValidation(self.required_message)
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
        return self.labels_map.get(value, value)

    def display(self, doc: dict[str, Any]) -> list[str]:
        value = get_path(doc, self.path) if self.path else None
        return [] if value is None else [self.label_for(self.to_form(value))]

    def gov_params(self) -> dict[str, Any]:
        classes = " ".join(c for c in ("govuk-radios--inline" if self.inline else "",
                                       "govuk-radios--small" if self.small else "") if c)
        params: dict[str, Any] = {"fieldset": {"legend": _legend(self)}, "classes": classes}
        if self.item_hints:
            params["items"] = [{"hint": {"text": self.item_hints[v]}} if v in self.item_hints else {}
                               for v in self.values]
        return params


YES_NO = [("yes", "Yes"), ("no", "No")]


def yes_no(label: str, *, path: str, required: str, **kwargs: Any) -> Any:
    """A Yes/No question stored as true/false."""
    return Choice(label, path=path, choices=YES_NO, required=required, mapping={"yes": True, "no": False},
                  inline=True, **kwargs)


class Number(Bound, StringField):
    """A number typed into a text box (GOV.UK advises against type=number); range from the schema.

    `scale_by` names another field whose value gives a multiplier (CRP in mg/dL is stored as mg/L).
    """

    widget = prerender.TextInput()

    def __init__(self, label: str, *, path: str, required: str, invalid: str, summary: str | None = None,
                 optional: bool = False, group: str | None = None, lo: float | None = None, hi: float | None = None,
                 suffix: str | None = None, width: int = 3, scale_by: tuple[str, Mapping[str, float]] | None = None,
                 **kwargs: Any):
        super().__init__(label, **kwargs)
        self._bind_meta(path, summary, optional, group)
        node = schema_node(path)
        self.whole = node.get("type") == "integer"
        self.lo = node["minimum"] if lo is None else lo
        self.hi = node["maximum"] if hi is None else hi
        self.required_message = required
        self.invalid_message = invalid
        self.suffix = suffix
        self.width = width
        self.scale_by = scale_by
        self.value: float | int | None = None

    def pre_validate(self, form: Any) -> None:
        raw = _first(self).strip().replace(",", ".")
        self.value = None
        if raw == "":
            if self.optional:
                return
            raise StopValidation(self.required_message)
        try:
            number = float(raw) if len(raw) <= 20 else math.nan
        except ValueError:
            number = math.nan
        if not math.isfinite(number) or (self.whole and not number.is_integer()) or not self.lo <= number <= self.hi:
            raise StopValidation(self.invalid_message)
        self.value = int(number) if number.is_integer() else number

    def doc_value(self, form: Any) -> Any:
        if self.value is None:
            return None
        if self.scale_by:
            other, factors = self.scale_by
            factor = factors.get(form[other].data, 1)
            scaled = round(self.value * factor, 6)
            return int(scaled) if float(scaled).is_integer() else scaled
        return self.value

    def post_validate(self, form: Any, validation_stopped: bool) -> None:
        """After scaling (mg/dL x 10) the value must still be in the schema's range."""
        if validation_stopped or not self.scale_by:
            return
        value = self.doc_value(form)
        node = schema_node(self.path or "")
        if value is not None and not node["minimum"] <= value <= node["maximum"]:
            self.errors.append(self.invalid_message)

    def to_form(self, value: Any) -> str:
        return format_number(value)

    def display(self, doc: dict[str, Any]) -> list[str]:
        value = get_path(doc, self.path) if self.path else None
        if value is None:
            return []
        return [format_number(value) + (f" {self.suffix}" if self.suffix else "")]

    def gov_params(self) -> dict[str, Any]:
        params: dict[str, Any] = {
            "label": _label(self),
            "classes": f"govuk-input--width-{self.width}",
            "inputmode": "numeric" if self.whole else "decimal",
            "spellcheck": False,
            "autocomplete": "off",
        }
        if self.suffix:
            params["suffix"] = {"text": self.suffix}
        return params


class Duration(Choice):
    """Plain durations for a 0-10 scale (BASDAI Q6: 0 = none, 5 = 1 hour, 10 = 2 hours or more).

    A saved value that is not one of the usual durations is offered as its own choice, so a resumed
    file is never silently changed.
    """

    def __init__(self, label: str, *, minutes: Sequence[tuple[int, str]], per_point: float, **kwargs: Any):
        choices = [(str(m), text) for m, text in minutes]
        mapping = {str(m): (int(m / per_point) if (m / per_point).is_integer() else m / per_point) for m, _ in minutes}
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
        raw = _first(self) if formdata is not None else ""
        if raw.startswith("saved:") and raw not in self.values:
            try:
                saved = float(raw[6:])
            except ValueError:
                return
            if math.isfinite(saved) and 0 <= saved <= 10:
                minutes = round(saved * self.per_point)
                extra = SelectChoice(raw, f"About {minutes} minutes (your saved answer)")
                setattr(self, "choices", [*getattr(self, "choices", []), extra])  # noqa: B010
                self.labels_map = {**self.labels_map, raw: extra.label}
                self.values = [*self.values, raw]
                self.mapping = {**self.mapping, raw: int(saved) if saved.is_integer() else saved}
                self.personal = True

    def label_for(self, value: str) -> str:
        if value.startswith("saved:") and value not in self.values:
            saved = float(value[6:])
            return f"About {round(saved * self.per_point)} minutes"
        return super().label_for(value)


@cache
def _countries(path: str) -> tuple[list[SelectChoice], Mapping[str, str], frozenset[str]]:
    """The schema's country codes with their ISO 3166 names (pycountry), sorted by name: the choices,
    code -> name and the codes (once per process; every bound field shares them, read-only)."""
    import pycountry

    codes = schema_node(path)["enum"]
    names = {c.alpha_2: getattr(c, "common_name", c.name) for c in pycountry.countries}
    choices = sorted(((code, names.get(code, code)) for code in codes), key=lambda c: c[1])
    return _select(choices), MappingProxyType(dict(choices)), frozenset(codes)


class CountrySelect(Bound, SelectField):
    """Country as a select of ISO 3166 names (pycountry), limited to the schema's codes."""

    widget = prerender.Select()

    def __init__(self, label: str, *, path: str, required: str, summary: str | None = None, **kwargs: Any):
        choices, self.names, self.values = _countries(path)
        super().__init__(label, choices=choices, validate_choice=False, default=schema_node(path).get("default"),
                         **kwargs)
        self._bind_meta(path, summary, False, None)
        self.required_message = required

    def pre_validate(self, form: Any) -> None:
        if self.data not in self.values:
            raise StopValidation(self.required_message)

    def doc_value(self, form: Any) -> Any:
        return self.data

    def display(self, doc: dict[str, Any]) -> list[str]:
        value = get_path(doc, self.path) if self.path else None
        return [] if value is None else [self.names.get(value, value)]

    def gov_params(self) -> dict[str, Any]:
        return {"label": _label(self)}


class _ExclusiveCheckboxes(prerender.Checkboxes):
    """GOV.UK checkboxes with an exclusive "None of these" after an "or" divider."""

    def map_gov_params(self, field: Any, **kwargs: Any) -> dict[str, Any]:
        params = super().map_gov_params(field, **kwargs)
        none_value = getattr(field, "none_value", None)
        items = params["items"]
        for item in items:
            if item.get("value") == none_value:
                item["behaviour"] = "exclusive"
                items.insert(items.index(item), {"divider": "or"})
                break
        return params


class Checkboxes(Bound, SelectMultipleField):
    """Checkboxes with a "None of these" option, checked on the server for people without JavaScript."""

    widget = _ExclusiveCheckboxes()
    none_value = "none"

    def __init__(self, label: str, *, choices: Sequence[tuple[str, str]], required: str, both: str,
                 none_label: str = "None of these", summary: str | None = None, group: str | None = None,
                 item_hints: Mapping[str, str] | None = None, **kwargs: Any):
        super().__init__(label, choices=_select([*choices, (self.none_value, none_label)]), validate_choice=False, **kwargs)
        self.labels_map = dict([*choices, (self.none_value, none_label)])
        self._bind_meta(None, summary, False, group)
        self.required_message = required
        self.both_message = both
        self.values = [value for value, _ in choices]
        self.item_hints = dict(item_hints or {})
        self.selected: list[str] = []

    def pre_validate(self, form: Any) -> None:
        picked = [v for v in (self.raw_data or []) if isinstance(v, str)]
        self.selected = [v for v in self.values if v in picked]
        none = self.none_value in picked
        if none and self.selected:
            raise StopValidation(self.both_message)
        if not none and not self.selected:
            raise StopValidation(self.required_message)

    def gov_params(self) -> dict[str, Any]:
        params: dict[str, Any] = {"fieldset": {"legend": _legend(self)},
                                  "hint": {"text": self.description or "Select all that apply."}}
        if self.item_hints:
            params["items"] = [{"hint": {"text": self.item_hints[v]}} if v in self.item_hints else {}
                               for v in [*self.values, self.none_value]]
        return params

    def labels(self) -> dict[str, str]:
        return self.labels_map


class Flags(Checkboxes):
    """One checkbox per true/false answer: `paths` maps each checkbox value to its document path."""

    def __init__(self, label: str, *, paths: Mapping[str, str], labels: Mapping[str, str], **kwargs: Any):
        super().__init__(label, choices=[(v, labels[v]) for v in paths], **kwargs)
        self.paths = dict(paths)

    def owned_paths(self) -> list[str]:
        return list(self.paths.values())

    def required_paths(self) -> list[str]:
        return list(self.paths.values())

    def load(self, doc: dict[str, Any]) -> list[str]:
        values = {v: get_path(doc, p) for v, p in self.paths.items()}
        if any(x is None for x in values.values()):
            return [v for v, x in values.items() if x]
        return [v for v, x in values.items() if x] or [self.none_value]

    def store(self, doc: dict[str, Any], old: dict[str, Any], form: Any) -> None:
        for value, path in self.paths.items():
            set_path(doc, path, value in self.selected)

    def display(self, doc: dict[str, Any]) -> list[str]:
        values = {v: get_path(doc, p) for v, p in self.paths.items()}
        if any(x is None for x in values.values()):
            return []
        labels = self.labels()
        return [labels[v] for v, x in values.items() if x] or ["None"]


class ItemList(Checkboxes):
    """Ticked items become a list of objects keyed by `key` (medicines); details already given are kept."""

    def __init__(self, label: str, *, path: str, key: str, labels: Mapping[str, str], **kwargs: Any):
        allowed = schema_node(path)["items"]["properties"][key]["enum"]
        if set(labels) != set(allowed):
            raise ValueError(f"labels for {path} must cover exactly {allowed}")
        super().__init__(label, choices=[(v, labels[v]) for v in allowed], **kwargs)
        self.path = path
        self.key = key

    def required_paths(self) -> list[str]:
        return [self.path or ""]

    def load(self, doc: dict[str, Any]) -> list[str]:
        items = get_path(doc, self.path or "")
        if not isinstance(items, list):
            return []
        ticked = [x.get(self.key) for x in items if isinstance(x, dict)]
        return [v for v in self.values if v in ticked] or [self.none_value]

    def store(self, doc: dict[str, Any], old: dict[str, Any], form: Any) -> None:
        before = get_path(old, self.path or "")
        kept = {x.get(self.key): x for x in before if isinstance(x, dict)} if isinstance(before, list) else {}
        set_path(doc, self.path or "", [kept.get(v) or {self.key: v} for v in self.selected])

    def display(self, doc: dict[str, Any]) -> list[str]:
        items = get_path(doc, self.path or "")
        if not isinstance(items, list):
            return []
        labels = self.labels()
        return [labels.get(str(x.get(self.key)), str(x.get(self.key))) for x in items if isinstance(x, dict)] or ["None"]


CONTROL = re.compile(r"[\u0000-\u001f\u007f]+")


class ListText(Bound, StringField):
    """One optional free-text entry of a list (own questions): blanks are dropped, newlines become spaces."""

    def __init__(self, label: str, *, path: str, index: int, invalid: str, summary: str | None = None,
                 rows: int = 2, **kwargs: Any):
        super().__init__(label, widget=prerender.TextArea(), **kwargs)
        self._bind_meta(path, summary, True, None)
        self.index = index
        self.invalid_message = invalid
        self.max_length = schema_node(path)["items"]["maxLength"]
        self.rows = rows
        self.clean = ""

    def pre_validate(self, form: Any) -> None:
        self.clean = " ".join(CONTROL.sub(" ", _first(self)).split())
        if len(self.clean) > self.max_length:
            raise StopValidation(self.invalid_message)

    def load(self, doc: dict[str, Any]) -> list[str]:
        items = get_path(doc, self.path or "")
        if isinstance(items, list) and len(items) > self.index and isinstance(items[self.index], str):
            return [items[self.index]]
        return []

    def store(self, doc: dict[str, Any], old: dict[str, Any], form: Any) -> None:
        items = get_path(doc, self.path or "")
        if not isinstance(items, list) or self.index == 0:
            items = []
            set_path(doc, self.path or "", items)
        if self.clean:
            items.append(self.clean)

    def display(self, doc: dict[str, Any]) -> list[str]:
        return self.load(doc)

    def gov_params(self) -> dict[str, Any]:
        return {"label": {"text": self.label.text, "classes": "govuk-label--s"}, "rows": self.rows,
                "spellcheck": True}


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

