"""The journey's flow: the pages in order, the step each belongs to, and who is asked what.

A page with `when` is asked only of the people it matters to; when a page stops (or starts) mattering
its answers are cleared and `absent` values are stored instead (`reconcile`). What each page asks is
in forms.py and medicines.py.

A page's title and introduction, and the steps' names, are read in the language of the request.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from werkzeug.datastructures import MultiDict

from ..i18n import gettext as _
from .fields import Bound, Words
from .forms import (
    AboutYou,
    BloodTests,
    DiseaseActivity,
    Medicines,
    NsaidDetails,
    Nsaids,
    OtherHealth,
    OtherTreatments,
    PageForm,
    PlanningChild,
    Preferences,
    Pregnancy,
    Priorities,
    Symptoms,
    YourCondition,
    YourQuestions,
)
from .medicines import MedicineDetails, ticked
from .paths import delete_path, get_path, set_path
from .prerender import lazy_gettext as _l


def N_(words: str) -> str:  # noqa: N802 - gettext's name for "marked for translation, translated where shown"
    return words


# The steps' names in English (also the FHIR Questionnaire's words); `step_title` gives them in the
# request's language.
STEPS = (N_("About you"), N_("Your condition"), N_("Treatments so far"), N_("How things are now"),
         N_("Other health matters"), N_("What matters to you"), N_("Check your answers"))


def step_title(number: int) -> str:
    """The name of step `number` (1 to 7) in the request's language."""
    return _(STEPS[number - 1])
CAN_BE_PREGNANT = {"female", "other", "prefer_not_to_say"}

QuestionForm = PageForm | MedicineDetails


@dataclass(frozen=True)
class Page:
    slug: str
    step: int
    title_words: Words  # read as `title`, in the request's language
    form: type[PageForm] | type[MedicineDetails]  # what the page asks (forms.py, medicines.py)
    when: Callable[[dict[str, Any]], bool] = lambda doc: True
    absent: Mapping[str, Any] = field(default_factory=dict)
    decided_by: str | None = None  # `absent` values are stored once this answer is known
    intro_words: Words = ""  # read as `intro`

    @property
    def title(self) -> str:
        return str(self.title_words)

    @property
    def intro(self) -> str:
        return str(self.intro_words)

    @property
    def step_name(self) -> str:
        return step_title(self.step)

    def applies(self, doc: dict[str, Any]) -> bool:
        return self.when(doc)

    def fields(self, doc: dict[str, Any]) -> list[Bound]:
        """The page's fields for reading and showing `doc` (not bound to a request)."""
        return self.form.fields_for(doc)

    def build(self, doc: dict[str, Any], formdata: MultiDict[str, str] | None = None) -> QuestionForm:
        """The page's form, filled from `formdata` (a POST) or else from the answers document."""
        return self.form.build(doc, formdata)

    def store(self, form: QuestionForm, doc: dict[str, Any], leave_out: Collection[str] = ()) -> dict[str, Any]:
        """A new document with this page's answers written in (after `form.validate()`); the fields named
        in `leave_out` (answers that cannot be used, when saving part-way) are removed instead."""
        new = copy.deepcopy(doc)
        new.setdefault("schema", "axspa-decision-aid/answers/1")
        for f in form.bound_fields():
            if f.name in leave_out:
                f.leave_out(new)
            else:
                f.store(new, doc, form)
        return new

    def is_answered(self, doc: dict[str, Any]) -> bool:
        return all(get_path(doc, p) is not None for f in self.fields(doc) for p in f.required_paths())

    def owned_paths(self, doc: dict[str, Any]) -> list[str]:
        return [p for f in self.fields(doc) for p in f.owned_paths()]


PAGES: tuple[Page, ...] = (
    Page("about-you", 1, _l("About you"), AboutYou),
    Page("pregnancy", 1, _l("Pregnancy and breastfeeding"), Pregnancy,
         when=lambda d: get_path(d, "about.sex") in CAN_BE_PREGNANT),
    Page("planning-a-child", 1, _l("Planning a child"), PlanningChild,
         when=lambda d: get_path(d, "about.sex") == "male"),
    Page("your-condition", 2, _l("Your condition"), YourCondition),
    Page("nsaids", 3, _l("Anti-inflammatory painkillers (NSAIDs)"), Nsaids),
    Page("nsaid-details", 3, _l("Your NSAIDs"), NsaidDetails,
         when=lambda d: get_path(d, "treatments.nsaids.status") in {"current", "past"},
         absent={"treatments.nsaids.count_tried": 0, "treatments.nsaids.weeks_at_full_dose": 0},
         decided_by="treatments.nsaids.status"),
    Page("medicines", 3, _l("Other medicines for axSpA"), Medicines,
         intro_words=_l("These medicines calm the immune system. Your rheumatologist or a specialist nurse will have "
                        "prescribed them.")),
    Page("medicine-details", 3, _l("Your medicines"), MedicineDetails, when=lambda d: bool(ticked(d))),
    Page("other-treatments", 3, _l("Exercise and steroids"), OtherTreatments),
    Page("symptoms", 4, _l("Your symptoms in the past week"), Symptoms,
         intro_words=_l("Think about the past week. Give each a number from 0 to 10. You can use a decimal, such as "
                        "6.5.")),
    Page("disease-activity", 4, _l("How active your condition has been"), DiseaseActivity),
    Page("blood-tests", 4, _l("Recent blood test results"), BloodTests,
         intro_words=_l("If you know your latest CRP or ESR blood test results, enter them. Your clinic letters or "
                        "patient app may show them. These are optional: leave them blank if you do not know.")),
    Page("other-health", 5, _l("Other health matters"), OtherHealth,
         intro_words=_l("Some medicines are not suitable, or need extra checks, for people with other health "
                        "problems.")),
    Page("priorities", 6, _l("What matters to you"), Priorities,
         intro_words=_l("How important is each of these to you when choosing a treatment?")),
    Page("preferences", 6, _l("Your preferences"), Preferences),
    Page("your-questions", 6, _l("Your questions for your rheumatologist"), YourQuestions,
         intro_words=_l("Write up to 5 questions you want to ask. We will put them at the top of your options sheet. "
                        "This is optional.")),
)
PAGE_BY_SLUG = {p.slug: p for p in PAGES}


def applicable(doc: dict[str, Any]) -> list[Page]:
    return [p for p in PAGES if p.applies(doc)]


def first_unanswered(doc: dict[str, Any]) -> Page | None:
    """The first page that still needs an answer, or None when the document is complete."""
    return next((p for p in applicable(doc) if not p.is_answered(doc)), None)


def next_page(page: Page, doc: dict[str, Any]) -> Page | None:
    later = PAGES[PAGES.index(page) + 1:]
    return next((p for p in later if p.applies(doc)), None)


def previous_page(page: Page, doc: dict[str, Any]) -> Page | None:
    earlier = PAGES[:PAGES.index(page)]
    return next((p for p in reversed(earlier) if p.applies(doc)), None)


def reconcile(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """Clear the answers of pages that started or stopped mattering (and store their `absent` values).

    For example changing NSAIDs from "never" to "current" clears the stored 0 weeks, so the details are
    asked; changing sex from female to male asks about planning a child instead of pregnancy.
    """
    for page in PAGES:
        was, now = page.applies(before), page.applies(after)
        if was == now and (now or all(get_path(after, p) == v for p, v in page.absent.items())):
            continue
        if was != now:
            for path in page.owned_paths(before if was else after):
                delete_path(after, path)
        if not now and (page.decided_by is None or get_path(after, page.decided_by) is not None):
            for path, value in page.absent.items():
                set_path(after, path, value)
    return after
