"""Checkbox questions: "select all that apply", with an exclusive "None of these".

`Flags` stores one true/false answer per checkbox (the health conditions); `ItemList` stores the ticked
items as a list of objects (the medicines), keeping any details already given about them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from wtforms import SelectMultipleField
from wtforms.validators import StopValidation

from ..i18n import gettext as _
from ..i18n import pgettext
from . import prerender
from .fields import Bound, Words, legend_params, select_choices
from .paths import get_path, schema_node, set_path
from .prerender import lazy_gettext as _l

NONE_OF_THESE = _l("None of these")


class _ExclusiveCheckboxes(prerender.Checkboxes):
    """GOV.UK checkboxes with an exclusive "None of these" after an "or" divider."""

    def map_gov_params(self, field: Any, **kwargs: Any) -> dict[str, Any]:
        params = super().map_gov_params(field, **kwargs)
        none_value = getattr(field, "none_value", None)
        items = params["items"]
        for item in items:
            if item.get("value") == none_value:
                item["behaviour"] = "exclusive"
                items.insert(items.index(item), {"divider": pgettext("between checkboxes and 'None of these'", "or")})
                break
        return params


class Checkboxes(Bound, SelectMultipleField):
    """Checkboxes with a "None of these" option, checked on the server for people without JavaScript."""

    widget = _ExclusiveCheckboxes()
    none_value = "none"

    def __init__(self, label: Words, *, choices: Sequence[tuple[str, Words]], required: Words, both: Words,
                 none_label: Words = NONE_OF_THESE, summary: Words | None = None, group: Words | None = None,
                 item_hints: Mapping[str, Words] | None = None, **kwargs: Any):
        super().__init__(label, choices=select_choices([*choices, (self.none_value, none_label)]), validate_choice=False,
                         **kwargs)
        self.labels_map = dict([*choices, (self.none_value, none_label)])
        self._bind_meta(None, summary, False, group)
        self.required_message = required
        self.both_message = both
        self.values = [value for value, _label in choices]
        self.item_hints = dict(item_hints or {})
        self.selected: list[str] = []

    def pre_validate(self, form: Any) -> None:
        picked = [v for v in (self.raw_data or []) if isinstance(v, str)]
        self.selected = [v for v in self.values if v in picked]
        none = self.none_value in picked
        if none and self.selected:
            raise StopValidation(str(self.both_message))
        if not none and not self.selected:
            raise StopValidation(str(self.required_message))

    def gov_params(self) -> dict[str, Any]:
        params: dict[str, Any] = {"fieldset": {"legend": legend_params(self)},
                                  "hint": {"text": str(self.description or _("Select all that apply."))}}
        if self.item_hints:
            params["items"] = [{"hint": {"text": str(self.item_hints[v])}} if v in self.item_hints else {}
                               for v in [*self.values, self.none_value]]
        return params


class Flags(Checkboxes):
    """One checkbox per true/false answer: `paths` maps each checkbox value to its document path."""

    def __init__(self, label: Words, *, paths: Mapping[str, str], labels: Mapping[str, Words], **kwargs: Any):
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
        labels = self.labels_map
        return [str(labels[v]) for v, x in values.items() if x] or [pgettext("no box ticked", "None")]


class ItemList(Checkboxes):
    """Ticked items become a list of objects keyed by `key` (medicines); details already given are kept."""

    def __init__(self, label: Words, *, path: str, key: str, labels: Mapping[str, Words], **kwargs: Any):
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
        labels = self.labels_map
        return [str(labels.get(str(x.get(self.key)), str(x.get(self.key)))) for x in items if isinstance(x, dict)] \
            or [pgettext("no box ticked", "None")]
