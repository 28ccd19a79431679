"""The journey as data: the pages in order, the step each belongs to, who is asked, and their fields.

Each field names its place in the answers document (see fields.py), so this table is the whole
form <-> document conversion. A page with `when` is asked only of the people it matters to; when a
page stops (or starts) mattering its answers are cleared and `absent` values are stored instead.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from werkzeug.datastructures import MultiDict
from wtforms import Field, Form
from wtforms.fields.core import UnboundField

from .. import words
from ..engine.facts import IMPORTANCE_LABELS, RATING_LABELS
from .fields import (
    Bound,
    Choice,
    CountrySelect,
    Duration,
    Flags,
    ItemList,
    ListText,
    Number,
    labelled,
    yes_no,
)
from .paths import delete_path, get_path, schema_node, set_path

STEPS = ("About you", "Your condition", "Treatments so far", "How things are now", "Other health matters",
         "What matters to you", "Check your answers")
CAN_BE_PREGNANT = {"female", "other", "prefer_not_to_say"}


class PageForm(Form):
    """A question page's form (CSRF is checked for every POST by Flask-WTF's CSRFProtect)."""

    class Meta:
        def bind_field(self, form: Form, unbound_field: UnboundField, options: dict[str, Any]) -> Field:
            """Bind as WTForms does, and give the field its declaration's store of pre-rendered markup
            (prerender.py): it lives as long as the form class and holds only the content's markup."""
            bound = unbound_field.bind(form=form, **options)
            bound.frames = unbound_field.__dict__.setdefault("frames", {})
            return bound

    def bound_fields(self) -> list[Bound]:
        return [f for f in self if isinstance(f, Bound)]

    @classmethod
    def prototypes(cls) -> list[Bound]:
        """The page's fields built once (labels, paths, conversions) for reading documents without a form."""
        found: list[Bound] | None = cls.__dict__.get("_prototypes")
        if found is None:
            found = cls().bound_fields()
            cls._prototypes = found  # kept on the class, so it goes when a cached class does
        return found

    @classmethod
    def summary_fields(cls) -> list[Bound]:
        """The fields with a row on check answers: those with a place in the document (a path, or one
        path per checkbox for the health conditions), one per summary (the five question boxes share one row)."""
        found: list[Bound] | None = cls.__dict__.get("_summary_fields")
        if found is None:
            seen: set[str] = set()
            found = []
            for f in cls.prototypes():
                if f.owned_paths() and f.summary not in seen:
                    seen.add(f.summary)
                    found.append(f)
            cls._summary_fields = found
        return found


FormFor = type[PageForm] | Callable[[dict[str, Any]], type[PageForm]]


@dataclass(frozen=True)
class Page:
    slug: str
    step: int
    title: str
    form: FormFor  # a form class, or a function of the answers giving one (medicine details)
    when: Callable[[dict[str, Any]], bool] = lambda doc: True
    absent: Mapping[str, Any] = field(default_factory=dict)
    decided_by: str | None = None  # `absent` values are stored once this answer is known
    intro: str = ""

    @property
    def step_name(self) -> str:
        return STEPS[self.step - 1]

    def applies(self, doc: dict[str, Any]) -> bool:
        return self.when(doc)

    def form_class(self, doc: dict[str, Any]) -> type[PageForm]:
        if isinstance(self.form, type):
            return self.form
        return self.form(doc)

    def fields(self, doc: dict[str, Any]) -> list[Bound]:
        """The page's fields for reading and showing `doc` (not bound to a request)."""
        return self.form_class(doc).prototypes()

    def build(self, doc: dict[str, Any], formdata: MultiDict[str, str] | None = None) -> PageForm:
        """The page's form, filled from `formdata` (a POST) or else from the answers document."""
        cls = self.form_class(doc)
        if formdata is None:
            formdata = MultiDict()
            for f in cls.prototypes():
                formdata.setlist(f.name, f.load(doc))
        form = cls(formdata=formdata)
        bound = form.bound_fields()
        if len(bound) == 1:
            bound[0].heading = True
        return form

    def store(self, form: PageForm, doc: dict[str, Any]) -> dict[str, Any]:
        """A new document with this page's answers written in (after `form.validate()`)."""
        new = copy.deepcopy(doc)
        new.setdefault("schema", "axspa-decision-aid/answers/1")
        for f in form.bound_fields():
            f.store(new, doc, form)
        return new

    def is_answered(self, doc: dict[str, Any]) -> bool:
        return all(get_path(doc, p) is not None for f in self.fields(doc) for p in f.required_paths())

    def owned_paths(self, doc: dict[str, Any]) -> list[str]:
        return [p for f in self.fields(doc) for p in f.owned_paths()]


# ------------------------------------------------------------------------------------------ step 1

class AboutYou(PageForm):
    age_years = Number("How old are you?", path="about.age_years", summary="Age", suffix="years", width=3,
                       required="Enter your age", invalid="Enter your age in whole years, from 16 to 100")
    sex = Choice("What is your sex?", path="about.sex", summary="Sex",
                 description="Some medicines matter for pregnancy, so we ask this to know which questions to ask next.",
                 choices=labelled("about.sex", {"female": "Female", "male": "Male", "other": "Other",
                                                "prefer_not_to_say": "Prefer not to say"}),
                 required="Select your sex, or select 'Prefer not to say'")
    country = CountrySelect("Which country do you live in?", path="about.country", summary="Country",
                            description="We use this to show what treatments usually cost where you live.",
                            required="Select the country you live in")


class Pregnancy(PageForm):
    pregnancy = Choice(
        "Are you pregnant, breastfeeding or planning a pregnancy?", path="about.pregnancy", summary="Pregnancy",
        description="Some medicines for axSpA need to be stopped or changed before and during pregnancy.",
        choices=labelled("about.pregnancy", {"none": "No", "planning": "I am planning a pregnancy",
                                             "pregnant": "I am pregnant", "breastfeeding": "I am breastfeeding"}),
        required="Select if you are pregnant, breastfeeding or planning a pregnancy")


class PlanningChild(PageForm):
    pregnancy = Choice(
        "Are you planning to have a child with a partner?", path="about.pregnancy", summary="Planning a child",
        description="Your rheumatologist may want to know this when choosing a medicine.",
        choices=[("yes", "Yes"), ("no", "No")], mapping={"yes": "planning", "no": "none"}, inline=True,
        required="Select yes if you are planning to have a child with a partner")


# ------------------------------------------------------------------------------------------ step 2

class YourCondition(PageForm):
    diagnosis = Choice(
        "Which kind of axial spondyloarthritis have you been told you have?", path="condition.diagnosis",
        summary="Diagnosis",
        choices=labelled("condition.diagnosis", {
            "ankylosing_spondylitis": "Ankylosing spondylitis (AS), also called radiographic axial spondyloarthritis",
            "non_radiographic_axspa": "Non-radiographic axial spondyloarthritis (nr-axSpA)",
            "not_sure": "I'm not sure"}),
        item_hints={"non_radiographic_axspa": "The inflammation does not show as damage on X-rays."},
        required="Select which kind you have been told you have, or select 'I'm not sure'")
    peripheral_arthritis = yes_no(
        "Do you have painful or swollen joints in your arms or legs (peripheral arthritis)?",
        path="condition.peripheral_arthritis", summary="Painful or swollen joints (peripheral arthritis)",
        description="For example knees, ankles or wrists, not your back or neck.",
        required="Select yes if you have painful or swollen joints in your arms or legs")
    enthesitis = yes_no(
        "Do you have pain where tendons attach to bone, such as your heel (enthesitis)?",
        path="condition.enthesitis", summary="Pain where tendons attach to bone (enthesitis)",
        required="Select yes if you have pain where tendons attach to bone")
    uveitis = Choice(
        "Have you had a painful red eye with blurred vision (uveitis, also called iritis)?", path="condition.uveitis",
        summary="Painful red eye (uveitis)",
        choices=labelled("condition.uveitis", {"never": "No", "once": "Yes, once", "recurrent": "Yes, more than once"}),
        required="Select if you have had a painful red eye with blurred vision")
    ibd = Choice(
        "Do you have bowel inflammation (inflammatory bowel disease, IBD)?", path="condition.ibd",
        summary="Bowel inflammation (IBD)",
        choices=labelled("condition.ibd", {"none": "No", "crohns": "Yes, Crohn's disease",
                                           "ulcerative_colitis": "Yes, ulcerative colitis"}),
        required="Select if you have bowel inflammation")
    psoriasis = Choice(
        "Do you have the skin condition psoriasis?", path="condition.psoriasis", summary="Psoriasis",
        choices=labelled("condition.psoriasis", {"none": "No", "mild": "Yes, a few small patches",
                                                 "significant": "Yes, large areas or hard to control"}),
        required="Select if you have psoriasis")


# ------------------------------------------------------------------------------------------ step 3

class Nsaids(PageForm):
    status = Choice(
        "Have you taken anti-inflammatory painkillers (NSAIDs)?", path="treatments.nsaids.status",
        summary="Anti-inflammatory painkillers (NSAIDs)",
        description="For example ibuprofen, naproxen, diclofenac, etoricoxib or celecoxib, taken regularly.",
        choices=labelled("treatments.nsaids.status", {"current": "Yes, I take them now", "past": "Yes, in the past",
                                                      "never": "No, never"}),
        required="Select if you have taken anti-inflammatory painkillers")


class NsaidDetails(PageForm):
    count_tried = Number(
        "How many different NSAIDs have you tried?", path="treatments.nsaids.count_tried", lo=1,
        summary="Number of NSAIDs tried", width=2, required="Enter how many different NSAIDs you have tried",
        invalid="Enter how many different NSAIDs you have tried as a whole number, from 1 to 10")
    weeks_at_full_dose = Number(
        "In total, how many weeks have you taken them at the full dose?", path="treatments.nsaids.weeks_at_full_dose",
        summary="Weeks at full dose", suffix="weeks", width=3,
        description="Add up all the times. For example, 2 courses of 4 weeks is 8 weeks. Enter 0 if never at full dose.",
        required="Enter how many weeks you have taken NSAIDs at the full dose, or 0",
        invalid="Enter the number of weeks as a whole number, from 0 to 520")
    response = Choice(
        "How well did they work for you?", path="treatments.nsaids.response", summary="How well NSAIDs worked",
        choices=labelled("treatments.nsaids.response", {k: words.RESPONSE_LABELS[k] for k in
                                                        ("good", "partial", "none", "not_tolerated")}),
        required="Select how well NSAIDs worked for you")


class Medicines(PageForm):
    csdmards = ItemList(
        "Have you ever taken any of these disease-modifying tablets (conventional DMARDs)?",
        path="treatments.csdmards", key="drug",
        labels=words.CSDMARDS, summary="Conventional DMARD tablets",
        description="Select all that apply, including any you have stopped.",
        required="Select the tablets you have taken, or select 'None of these'",
        both="Select the tablets you have taken, or select 'None of these', not both")
    advanced = ItemList(
        "Have you ever taken any of these biologic or targeted medicines?", path="treatments.advanced", key="drug",
        labels=words.ADVANCED, summary="Biologic and targeted medicines", item_hints=words.ADVANCED_KIND,
        description="Select all that apply, including any you have stopped. A biosimilar counts as the medicine it copies.",
        required="Select the medicines you have taken, or select 'None of these'",
        both="Select the medicines you have taken, or select 'None of these', not both")


def _ticked(doc: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = []
    for key in ("csdmards", "advanced"):
        items = get_path(doc, f"treatments.{key}")
        if isinstance(items, list):
            out += [(key, x["drug"]) for x in items if isinstance(x, dict) and x.get("drug") in words.MEDICINE_NAMES]
    return tuple(out)


def _medicine_fields(key: str, drug: str) -> tuple[tuple[str, UnboundField], ...]:
    """The status, response and duration questions about one medicine (content only: no answer goes in)."""
    name = words.MEDICINE_NAMES[drug]
    base = f"treatments.{key}[drug={drug}]"
    responses = schema_node(f"{base}.response")["enum"]
    return (
        (f"{drug}-status", Choice(
            f"Are you still taking {name.lower()}?", path=f"{base}.status", summary=f"{name}: taking now",
            choices=labelled(f"{base}.status", {"current": "Yes, I take it now", "past": "No, I have stopped"}),
            group=name, inline=True, required=f"Select if you are still taking {name.lower()}")),
        (f"{drug}-response", Choice(
            f"How well did {name.lower()} work for you?", path=f"{base}.response", summary=f"{name}: how well it worked",
            choices=labelled(f"{base}.response", {k: words.RESPONSE_LABELS[k] for k in responses}), group=name,
            required=f"Select how well {name.lower()} worked for you")),
        (f"{drug}-duration", Choice(
            f"How long have you taken {name.lower()}?", path=f"{base}.duration", summary=f"{name}: how long taken",
            description="If you have stopped, how long you took it for. Doctors judge a new medicine after 3 to 4 months.",
            choices=labelled(f"{base}.duration", {k: said.label for k, said in words.DURATION.items()}), group=name,
            required=f"Select how long you have taken {name.lower()}, or select 'I'm not sure'")),
    )


class MedicineDetails(PageForm):
    """Medicine details: a class with the questions of the medicines a person ticked is made for each
    use (`_details_form`) and dropped with the request."""


def _one_medicine(key: str, drug: str) -> type[PageForm]:
    return type(f"MedicineDetails_{drug}", (PageForm,), dict(_medicine_fields(key, drug)))


# Every medicine's questions, made at import for every medicine the content has: no entry is made,
# kept or looked up in a way that depends on who ticked what. Each medicine's fields keep their
# pre-rendered markup (prerender.py) and their prototypes here, so composing a page from them is cheap.
_MEDICINES: dict[tuple[str, str], type[PageForm]] = {
    (key, drug): _one_medicine(key, drug)
    for key, names in (("csdmards", words.CSDMARDS), ("advanced", words.ADVANCED)) for drug in names
}
for _part in _MEDICINES.values():
    _part.prototypes()


def _details_form(ticked: tuple[tuple[str, str], ...]) -> type[PageForm]:
    """One status and one response question per ticked medicine, in the order ticked.

    Made afresh on every call from the medicines' fields made at import (not cached per combination:
    which medicines a person ticked must not be kept on the server).
    """
    parts = [_MEDICINES.get(pair) or _one_medicine(*pair) for pair in dict.fromkeys(ticked)]
    unbound: list[tuple[str, UnboundField]] = []
    prototypes: list[Bound] = []
    seen: set[str] = set()
    for part in parts:
        for (name, declared), proto in zip(_unbound(part), part.prototypes(), strict=True):
            if name not in seen:  # the same medicine listed twice has one set of questions
                seen.add(name)
                unbound.append((name, declared))
                prototypes.append(proto)
    cls: type[PageForm] = type("MedicineDetails", (MedicineDetails,), dict(unbound))
    cls._unbound_fields = unbound  # in the order ticked (WTForms would sort by when each field was made)
    cls._prototypes = prototypes
    return cls


def _unbound(cls: type[PageForm]) -> list[tuple[str, UnboundField]]:
    """A form class's (name, declaration) pairs in its fields' order (as WTForms lists them)."""
    if cls._unbound_fields is None:
        cls()  # WTForms lists them when the first form is made
    found: list[tuple[str, UnboundField]] = cls._unbound_fields
    return found


def every_medicine_form() -> type[PageForm]:
    """Medicine details with every medicine the content has (for check answers' rows and pre-rendering)."""
    return _details_form(tuple(_MEDICINES))


def _medicine_details(doc: dict[str, Any]) -> type[PageForm]:
    return _details_form(_ticked(doc))


class OtherTreatments(PageForm):
    exercise = Choice(
        "Do you do exercises or physiotherapy for your back?", path="treatments.exercise", summary="Exercise",
        choices=labelled("treatments.exercise", {"regular": "Yes, most weeks", "sometimes": "Sometimes",
                                                 "none": "No"}),
        required="Select if you do exercises or physiotherapy for your back")
    steroid_injection = yes_no(
        "Have you had a steroid injection into a joint or near a tendon?", path="treatments.steroid_injection",
        summary="Steroid injection", required="Select yes if you have had a steroid injection")
    oral_steroids_now = yes_no(
        "Are you taking steroid tablets now, such as prednisolone?", path="treatments.oral_steroids_now",
        summary="Steroid tablets now", required="Select yes if you are taking steroid tablets now")


# ------------------------------------------------------------------------------------------ step 4

def _scale(path: str, label: str, summary: str, what: str, hint: str) -> Number:
    return Number(label, path=path, summary=summary, width=2, description=hint,
                  required=f"Enter a number from 0 to 10 for {what}",
                  invalid=f"Enter a number from 0 to 10 for {what}, for example 6 or 6.5")


PAIN_HINT = "0 means none, 10 means very severe."


class Symptoms(PageForm):
    fatigue = _scale("activity.basdai.fatigue", "How tired have you felt (fatigue)?", "Tiredness (fatigue)",
                     "how tired you have felt", PAIN_HINT)
    spinal_pain = _scale("activity.basdai.spinal_pain", "How bad has pain in your neck, back or hips been?",
                         "Neck, back or hip pain", "pain in your neck, back or hips", PAIN_HINT)
    peripheral_pain = _scale("activity.basdai.peripheral_pain",
                             "How bad has pain or swelling in your other joints been?",
                             "Pain or swelling in other joints", "pain or swelling in other joints", PAIN_HINT)
    tenderness = _scale("activity.basdai.tenderness", "How uncomfortable have areas that hurt to touch or press been?",
                        "Areas that hurt to touch", "areas that hurt to touch or press", PAIN_HINT)
    stiffness_severity = _scale("activity.basdai.stiffness_severity",
                                "How bad has your stiffness been in the morning, from when you wake up?",
                                "Morning stiffness: how bad", "how bad your morning stiffness has been", PAIN_HINT)
    stiffness_duration = Duration(
        "How long does your morning stiffness last after you wake up?", path="activity.basdai.stiffness_duration",
        summary="Morning stiffness: how long", per_point=12,
        minutes=[(0, "I do not have morning stiffness"), (15, "15 minutes"), (30, "30 minutes"),
                 (45, "45 minutes"), (60, "1 hour"), (90, "1 and a half hours"), (120, "2 hours or more")],
        required="Select how long your morning stiffness lasts")


class DiseaseActivity(PageForm):
    patient_global = Number(
        "How active has your condition been in the past week?", path="activity.patient_global", optional=True,
        summary="How active your condition has been", width=2,
        description="Enter a number from 0 (not active) to 10 (very active). Your rheumatologist uses this for your ASDAS score.",
        required="", invalid="Enter a number from 0 to 10 for how active your condition has been, for example 4")


CRP_UNITS = {"mg_l": "mg/L (milligrams per litre)", "mg_dl": "mg/dL (milligrams per decilitre)"}


class BloodTests(PageForm):
    crp_mg_l = Number(
        "CRP (C-reactive protein)", path="activity.crp_mg_l", optional=True, summary="CRP (C-reactive protein)",
        suffix="mg/L", width=4, scale_by=("crp_unit", {"mg_dl": 10}),
        description="Leave this blank if you do not know it.", required="",
        invalid="Enter your CRP as a number, for example 12 or 0.8, up to 500 mg/L (50 mg/dL)")
    crp_unit = Choice("Which unit is your CRP result in?", path=None, choices=list(CRP_UNITS.items()),
                      default="mg_l", inline=False, required="Select the unit of your CRP result")
    esr_mm_h = Number(
        "ESR (erythrocyte sedimentation rate)", path="activity.esr_mm_h", optional=True,
        summary="ESR (erythrocyte sedimentation rate)", suffix="mm/h", width=4,
        description="Leave this blank if you do not know it.", required="",
        invalid="Enter your ESR in mm/h as a number from 0 to 200, for example 25")


# ------------------------------------------------------------------------------------------ step 5

HEALTH = {key: said.label for key, said in words.HEALTH.items()}


class OtherHealth(PageForm):
    conditions = Flags(
        "Do you have, or have you had, any of these?", paths={k: f"health.{k}" for k in HEALTH}, labels=HEALTH,
        summary="Health conditions", required="Select the conditions you have had, or select 'None of these'",
        both="Select the conditions you have had, or select 'None of these', not both")
    cancer = Choice(
        "Have you had cancer?", path="health.cancer", summary="Cancer",
        choices=labelled("health.cancer", {"never": "No", "within_5_years": "Yes, in the last 5 years",
                                           "over_5_years": "Yes, more than 5 years ago"}),
        required="Select if you have had cancer")
    tuberculosis = Choice(
        "Have you had tuberculosis (TB)?", path="health.tuberculosis", summary="Tuberculosis (TB)",
        description="Include 'sleeping' TB (latent TB) found by a skin or blood test.",
        choices=labelled("health.tuberculosis", {"never": "No", "past_or_latent": "Yes, now or in the past",
                                                 "not_sure": "I'm not sure"}),
        required="Select if you have had tuberculosis, or select 'I'm not sure'")
    smoking = Choice(
        "Do you smoke?", path="health.smoking", summary="Smoking",
        choices=labelled("health.smoking", {"never": "No, never", "former": "I used to smoke",
                                            "current": "Yes, I smoke now"}),
        required="Select if you smoke")


# ------------------------------------------------------------------------------------------ step 6

# One definition of the "what matters to you" wording, shared with the sheet (engine/facts.py).
IMPORTANCE = [(str(rating), label) for rating, label in RATING_LABELS.items()]
PRIORITIES = IMPORTANCE_LABELS


def _importance(key: str) -> Choice:
    label = PRIORITIES[key]
    return Choice(label, path=f"goals.importance.{key}", summary=label, choices=IMPORTANCE,
                  mapping={v: int(v) for v, _ in IMPORTANCE}, small=True,
                  required=f"Select how important this is to you: {label[0].lower()}{label[1:]}")


Priorities = type("Priorities", (PageForm,), {key: _importance(key) for key in PRIORITIES})


class Preferences(PageForm):
    route_preference = Choice(
        "If you start a new medicine, how would you prefer to take it?", path="goals.route_preference",
        summary="How you would prefer to take a medicine",
        choices=labelled("goals.route_preference", {
            "tablets": "Tablets", "home_injection": "Injections I give myself at home",
            "infusion": "A drip (infusion) in hospital", "no_preference": "No preference"}),
        required="Select how you would prefer to take a medicine, or select 'No preference'")
    coverage = Choice(
        "How are your medicines paid for?", path="goals.coverage", summary="How medicines are paid for",
        choices=labelled("goals.coverage", {
            "public": "A public health service or government insurance, such as the NHS or Medicare",
            "private": "Private health insurance", "none": "I have no cover and pay myself",
            "not_sure": "I'm not sure"}),
        required="Select how your medicines are paid for, or select 'I'm not sure'")
    trial_interest = Choice(
        "Would you like to hear about taking part in a clinical trial (a research study of a treatment)?",
        path="goals.trial_interest", summary="Interest in clinical trials",
        choices=labelled("goals.trial_interest", {"yes": "Yes", "maybe": "Maybe", "no": "No"}), inline=True,
        required="Select if you would like to hear about clinical trials")
    offered_stem_cells = yes_no(
        "Has anyone offered you stem-cell treatment for your condition?", path="goals.offered_stem_cells",
        summary="Offered stem-cell treatment",
        required="Select yes if anyone has offered you stem-cell treatment")


def _question(i: int) -> ListText:
    return ListText(f"Question {i + 1}", path="goals.own_questions", index=i, summary="Your questions",
                    invalid=f"Question {i + 1} must be 300 characters or fewer")


YourQuestions = type("YourQuestions", (PageForm,), {f"question-{i + 1}": _question(i) for i in range(5)})


PAGES: tuple[Page, ...] = (
    Page("about-you", 1, "About you", AboutYou),
    Page("pregnancy", 1, "Pregnancy and breastfeeding", Pregnancy,
         when=lambda d: get_path(d, "about.sex") in CAN_BE_PREGNANT),
    Page("planning-a-child", 1, "Planning a child", PlanningChild,
         when=lambda d: get_path(d, "about.sex") == "male"),
    Page("your-condition", 2, "Your condition", YourCondition),
    Page("nsaids", 3, "Anti-inflammatory painkillers (NSAIDs)", Nsaids),
    Page("nsaid-details", 3, "Your NSAIDs", NsaidDetails,
         when=lambda d: get_path(d, "treatments.nsaids.status") in {"current", "past"},
         absent={"treatments.nsaids.count_tried": 0, "treatments.nsaids.weeks_at_full_dose": 0},
         decided_by="treatments.nsaids.status"),
    Page("medicines", 3, "Other medicines for axSpA", Medicines,
         intro="These medicines calm the immune system. Your rheumatologist or a specialist nurse will have prescribed them."),
    Page("medicine-details", 3, "Your medicines", _medicine_details, when=lambda d: bool(_ticked(d))),
    Page("other-treatments", 3, "Exercise and steroids", OtherTreatments),
    Page("symptoms", 4, "Your symptoms in the past week", Symptoms,
         intro="Think about the past week. Give each a number from 0 to 10. You can use a decimal, such as 6.5."),
    Page("disease-activity", 4, "How active your condition has been", DiseaseActivity),
    Page("blood-tests", 4, "Recent blood test results", BloodTests,
         intro="If you know your latest CRP or ESR blood test results, enter them. Your clinic letters or "
               "patient app may show them. These are optional: leave them blank if you do not know."),
    Page("other-health", 5, "Other health matters", OtherHealth,
         intro="Some medicines are not suitable, or need extra checks, for people with other health problems."),
    Page("priorities", 6, "What matters to you", Priorities,
         intro="How important is each of these to you when choosing a treatment?"),
    Page("preferences", 6, "Your preferences", Preferences),
    Page("your-questions", 6, "Your questions for your rheumatologist", YourQuestions,
         intro="Write up to 5 questions you want to ask. We will put them at the top of your options sheet. "
               "This is optional."),
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
