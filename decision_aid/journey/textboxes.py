"""Questions answered by typing: a number in a text box (range from the schema), and one of a list of
free-text entries in a text area (the person's own questions)."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from wtforms import StringField
from wtforms.validators import StopValidation

from . import prerender
from .fields import Bound, Words, first_value, format_number, label_params, shown_number
from .paths import get_path, schema_node, set_path


@dataclass(frozen=True)
class Units:
    """The units a number may be typed in (CRP: mg/L or mg/dL), chosen with another field of the page.

    The document always holds the value in the first unit (`factors` gives each unit's multiplier to it)
    and the unit chosen at `path`, so the page and check answers show the number back as it was typed,
    in the unit chosen, while the scores read one meaning.
    """

    field: str  # the form field choosing the unit
    path: str  # where the unit chosen is kept in the document
    factors: Mapping[str, float]  # unit -> multiplier to the stored unit (mg/dL -> mg/L: 10)
    suffixes: Mapping[str, str]  # unit -> what is shown after the number

    def of(self, doc: dict[str, Any]) -> str:
        unit = get_path(doc, self.path)
        return unit if isinstance(unit, str) and unit in self.factors else next(iter(self.factors))


class Number(Bound, StringField):
    """A number typed into a text box (GOV.UK advises against type=number); range from the schema.

    `units` names another field whose value says which unit was typed (CRP in mg/dL is stored as mg/L).
    """

    widget = prerender.TextInput()

    def __init__(self, label: Words, *, path: str, required: Words, invalid: Words, summary: Words | None = None,
                 optional: bool = False, group: Words | None = None, lo: float | None = None, hi: float | None = None,
                 suffix: Words | None = None, width: int = 3, units: Units | None = None,
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
        self.units = units
        self.value: float | int | None = None

    def pre_validate(self, form: Any) -> None:
        raw = first_value(self).strip().replace(",", ".")  # a decimal comma ("2,1", as in Spanish) is a point
        self.value = None
        if raw == "":
            if self.optional:
                return
            raise StopValidation(str(self.required_message))
        try:
            number = float(raw) if len(raw) <= 20 else math.nan
        except ValueError:
            number = math.nan
        if not math.isfinite(number) or (self.whole and not number.is_integer()) or not self.lo <= number <= self.hi:
            raise StopValidation(str(self.invalid_message))
        self.value = int(number) if number.is_integer() else number

    def usable(self, form: Any) -> bool:
        """A number is kept only with a usable unit: 2.1 without mg/dL chosen must not be kept as 2.1 mg/L."""
        return not self.errors and not (self.units and form[self.units.field].errors)

    def unit_chosen(self, form: Any) -> str | None:
        """The unit chosen on the page (None without units or when none is chosen)."""
        if not self.units:
            return None
        chosen = form[self.units.field].data
        return chosen if chosen in self.units.factors else None

    def doc_value(self, form: Any) -> Any:
        if self.value is None:
            return None
        if self.units:
            factor = self.units.factors.get(self.unit_chosen(form) or "", 1)
            scaled = round(self.value * factor, 6)
            return int(scaled) if float(scaled).is_integer() else scaled
        return self.value

    def post_validate(self, form: Any, validation_stopped: bool) -> None:
        """After scaling (mg/dL x 10) the value must still be in the schema's range."""
        if validation_stopped or not self.units:
            return
        value = self.doc_value(form)
        node = schema_node(self.path or "")
        if value is not None and not node["minimum"] <= value <= node["maximum"]:
            self.errors.append(str(self.invalid_message))

    def _in_unit(self, doc: dict[str, Any], value: Any) -> tuple[Any, Words | None]:
        if not self.units or isinstance(value, bool) or not isinstance(value, int | float):
            return value, self.suffix
        unit = self.units.of(doc)
        factor = self.units.factors[unit]
        shown = round(value / factor, 6) if factor != 1 else value
        return shown, self.units.suffixes[unit]

    def load(self, doc: dict[str, Any]) -> list[str]:
        value = get_path(doc, self.path) if self.path else None
        if value is None:
            return []
        shown, _suffix = self._in_unit(doc, value)
        return [shown_number(shown, 6 if self.units else 2)]  # as typed: "2,1" in Spanish

    def to_form(self, value: Any) -> str:
        return format_number(value)

    def display(self, doc: dict[str, Any]) -> list[str]:
        value = get_path(doc, self.path) if self.path else None
        if value is None:
            return []
        shown, suffix = self._in_unit(doc, value)
        return [shown_number(shown, 6 if self.units else 2) + (f" {suffix}" if suffix else "")]

    def gov_params(self) -> dict[str, Any]:
        params: dict[str, Any] = {
            "label": label_params(self),
            "classes": f"govuk-input--width-{self.width}",
            "inputmode": "numeric" if self.whole else "decimal",
            "spellcheck": False,
            "autocomplete": "off",
        }
        if self.suffix:
            params["suffix"] = {"text": str(self.suffix)}
        return params


CONTROL = re.compile(r"[\u0000-\u001f\u007f]+")


class ListText(Bound, StringField):
    """One optional free-text entry of a list (own questions): blanks are dropped, newlines become spaces."""

    def __init__(self, label: Words, *, path: str, index: int, invalid: Words, summary: Words | None = None,
                 rows: int = 2, **kwargs: Any):
        super().__init__(label, widget=prerender.TextArea(), **kwargs)
        self._bind_meta(path, summary, True, None)
        self.index = index
        self.invalid_message = invalid
        self.max_length = schema_node(path)["items"]["maxLength"]
        self.rows = rows
        self.clean = ""

    def pre_validate(self, form: Any) -> None:
        self.clean = " ".join(CONTROL.sub(" ", first_value(self)).split())
        if len(self.clean) > self.max_length:
            raise StopValidation(str(self.invalid_message))

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

    def leave_out(self, doc: dict[str, Any]) -> None:
        """Only this entry is left out: the list restarts at the first box, and others keep their place."""
        if self.index == 0:
            set_path(doc, self.path or "", [])

    def display(self, doc: dict[str, Any]) -> list[str]:
        """Every entry of the list: the entries share one row on check answers (the first box's)."""
        items = get_path(doc, self.path or "")
        return [item for item in items if isinstance(item, str)] if isinstance(items, list) else []

    def gov_params(self) -> dict[str, Any]:
        return {"label": {"text": str(self.label.text), "classes": "govuk-label--s"}, "rows": self.rows,
                "spellcheck": True}
