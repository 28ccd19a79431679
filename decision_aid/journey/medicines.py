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
from .fields import Bound, Choice, Tense, TensedChoice, labelled, lower, translated, translated_map
from .forms import Caution, loaded, situate
from .paths import get_path, schema_node
from .prerender import lazy_gettext as _l

Medicine = tuple[str, str]  # (list, drug): ("csdmards", "methotrexate")


def _medicine_fields(key: str, drug: str) -> tuple[tuple[str, UnboundField], ...]:
    """The status, response and duration questions about one medicine (content only: no answer goes in).

    The words are lazy strings read in the request's language; `medicine` is the name, in lower case inside
    a question ("Are you still taking methotrexate?") and as it is at the start of a summary label."""
    name = translated(words.MEDICINE_NAMES[drug])
    low = lower(name)
    base = f"treatments.{key}[drug={drug}]"
    responses = schema_node(f"{base}.response")["enum"]
    taken = _l("%(medicine)s: how long taken", medicine=name)
    return (
        (f"{drug}-status", Choice(
            _l("Are you still taking %(medicine)s?", medicine=low), path=f"{base}.status",
            summary=_l("%(medicine)s: taking now", medicine=name),
            choices=labelled(f"{base}.status", {"current": _l("Yes, I take it now"), "past": _l("No, I have stopped")}),
            group=name, inline=True, required=_l("Select if you are still taking %(medicine)s", medicine=low))),
        (f"{drug}-response", TensedChoice(
            "", path=f"{base}.response", status_path=f"{base}.status", status_field=f"{drug}-status",
            choices=labelled(f"{base}.response", {k: translated(words.RESPONSE_LABELS[k]) for k in responses}),
            group=name,
            tenses={
                "current": Tense(_l("How well is %(medicine)s working for you?", medicine=low),
                                 _l("%(medicine)s: how well it is working", medicine=name),
                                 _l("Select how well %(medicine)s is working for you", medicine=low),
                                 translated_map(words.RESPONSE_LABELS_NOW)),
                "past": Tense(_l("How well did %(medicine)s work for you?", medicine=low),
                              _l("%(medicine)s: how well it worked", medicine=name),
                              _l("Select how well %(medicine)s worked for you", medicine=low)),
                "unknown": Tense(_l("How well has %(medicine)s worked for you?", medicine=low),
                                 _l("%(medicine)s: how well it has worked", medicine=name),
                                 _l("Select how well %(medicine)s has worked for you", medicine=low)),
            })),
        (f"{drug}-duration", TensedChoice(
            "", path=f"{base}.duration", status_path=f"{base}.status", status_field=f"{drug}-status",
            description=_l("Doctors judge a new medicine after 3 to 4 months."),
            choices=labelled(f"{base}.duration", {k: translated(said.label) for k, said in words.DURATION.items()}),
            group=name,
            tenses={
                "current": Tense(_l("How long have you been taking %(medicine)s?", medicine=low), taken,
                                 _l("Select how long you have been taking %(medicine)s, or select 'I'm not sure'",
                                    medicine=low)),
                "past": Tense(_l("How long did you take %(medicine)s for?", medicine=low), taken,
                              _l("Select how long you took %(medicine)s for, or select 'I'm not sure'", medicine=low)),
                "unknown": Tense(_l("How long have you taken %(medicine)s?", medicine=low), taken,
                                 _l("Select how long you have taken %(medicine)s, or select 'I'm not sure'",
                                    medicine=low)),
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
