"""The medicine-details page: how each medicine ticked was taken, how well it worked and for how long.

Privacy by construction: every medicine's questions are declared once, at import, and one fixed
class (MedicineDetails) makes each person's form from the declarations of the medicines they ticked,
in the order ticked (WTForms' BaseForm takes its fields as a list). So nothing made, kept or looked
up in the process depends on who ticked what, and the pre-rendered markup (prerender.py) is every
medicine's.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from werkzeug.datastructures import MultiDict
from wtforms.fields.core import UnboundField
from wtforms.form import BaseForm

from .. import words
from . import prerender
from .fields import Bound, Choice, Tense, TensedChoice, labelled
from .forms import Caution, loaded, situate
from .paths import get_path, schema_node

Medicine = tuple[str, str]  # (list, drug): ("csdmards", "methotrexate")


def _medicine_fields(key: str, drug: str) -> tuple[tuple[str, UnboundField], ...]:
    """The status, response and duration questions about one medicine (content only: no answer goes in)."""
    name = words.MEDICINE_NAMES[drug]
    lower = name.lower()
    base = f"treatments.{key}[drug={drug}]"
    responses = schema_node(f"{base}.response")["enum"]
    return (
        (f"{drug}-status", Choice(
            f"Are you still taking {name.lower()}?", path=f"{base}.status", summary=f"{name}: taking now",
            choices=labelled(f"{base}.status", {"current": "Yes, I take it now", "past": "No, I have stopped"}),
            group=name, inline=True, required=f"Select if you are still taking {name.lower()}")),
        (f"{drug}-response", TensedChoice(
            "", path=f"{base}.response", status_path=f"{base}.status", status_field=f"{drug}-status",
            choices=labelled(f"{base}.response", {k: words.RESPONSE_LABELS[k] for k in responses}), group=name,
            tenses={
                "current": Tense(f"How well is {lower} working for you?", f"{name}: how well it is working",
                                 f"Select how well {lower} is working for you", words.RESPONSE_LABELS_NOW),
                "past": Tense(f"How well did {lower} work for you?", f"{name}: how well it worked",
                              f"Select how well {lower} worked for you"),
                "unknown": Tense(f"How well has {lower} worked for you?", f"{name}: how well it has worked",
                                 f"Select how well {lower} has worked for you"),
            })),
        (f"{drug}-duration", TensedChoice(
            "", path=f"{base}.duration", status_path=f"{base}.status", status_field=f"{drug}-status",
            description="Doctors judge a new medicine after 3 to 4 months.",
            choices=labelled(f"{base}.duration", {k: said.label for k, said in words.DURATION.items()}), group=name,
            tenses={
                "current": Tense(f"How long have you been taking {lower}?", f"{name}: how long taken",
                                 f"Select how long you have been taking {lower}, or select 'I'm not sure'"),
                "past": Tense(f"How long did you take {lower} for?", f"{name}: how long taken",
                              f"Select how long you took {lower} for, or select 'I'm not sure'"),
                "unknown": Tense(f"How long have you taken {lower}?", f"{name}: how long taken",
                                 f"Select how long you have taken {lower}, or select 'I'm not sure'"),
            })),
    )


_DECLARED: dict[Medicine, tuple[tuple[str, UnboundField], ...]] = {
    (key, drug): _medicine_fields(key, drug)
    for key, names in (("csdmards", words.CSDMARDS), ("advanced", words.ADVANCED)) for drug in names
}


def ticked(doc: dict[str, Any]) -> tuple[Medicine, ...]:
    """The medicines in `doc`'s lists, once each, in the order ticked."""
    out: list[Medicine] = []
    for key in ("csdmards", "advanced"):
        items = get_path(doc, f"treatments.{key}")
        if isinstance(items, list):
            out += [(key, x["drug"]) for x in items if isinstance(x, dict) and (key, x.get("drug")) in _DECLARED]
    return tuple(dict.fromkeys(out))


class MedicineDetails(BaseForm):
    """The status, response and duration questions of the medicines `ticked`, in that order."""

    def __init__(self, ticked: Iterable[Medicine], formdata: MultiDict[str, str] | None = None):
        super().__init__([q for medicine in ticked for q in _DECLARED[medicine]], meta=prerender.Meta())
        self.process(formdata)

    def bound_fields(self) -> list[Bound]:
        return [f for f in self if isinstance(f, Bound)]

    def warnings(self) -> list[Caution]:
        return []

    @classmethod
    def fields_for(cls, doc: dict[str, Any]) -> list[Bound]:
        """The ticked medicines' fields for reading and showing `doc` (made at import)."""
        return [f for medicine in ticked(doc) for f in _PROTOTYPES[medicine]]

    @classmethod
    def every_field(cls) -> list[Bound]:
        """Every medicine's fields (made at import)."""
        return [f for fields in _PROTOTYPES.values() for f in fields]

    @classmethod
    def build(cls, doc: dict[str, Any], formdata: MultiDict[str, str] | None = None) -> MedicineDetails:
        """The form for the medicines ticked in `doc`, filled from `formdata` (a POST) or else from `doc`."""
        form = cls(ticked(doc), loaded(cls.fields_for(doc), doc) if formdata is None else formdata)
        situate(form.bound_fields(), form, doc)
        return form


_PROTOTYPES: dict[Medicine, list[Bound]] = {medicine: MedicineDetails([medicine]).bound_fields() for medicine in _DECLARED}
