"""The question pages' forms: what each page asks, in the person's words, and where each answer goes.

Each field names its place in the answers document (fields.py), so these classes are the whole
form <-> document conversion; pages.py says in which order the pages come and who is asked them, and
medicines.py holds the medicine-details form, whose questions depend on the medicines ticked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from werkzeug.datastructures import MultiDict
from wtforms import Form

from .. import words
from . import prerender
from .checkboxes import Flags, ItemList
from .fields import Bound, Choice, CountrySelect, Duration, Tense, TensedChoice, format_number, labelled, yes_no
from .paths import get_path, schema_node
from .textboxes import ListText, Number, Units


@dataclass(frozen=True)
class Caution:
    """An answer that is allowed but unusual enough to ask "is this right?" before it is kept (GOV.UK:
    show the warning, let the person confirm or change). `key` names the exact answer warned about, so
    pressing Continue again with the same answer confirms it, and a changed answer is checked again."""

    key: str
    field: str
    text: str


class PageForm(Form):
    """A question page's form (CSRF is checked for every POST by Flask-WTF's CSRFProtect)."""

    Meta = prerender.Meta

    def warnings(self) -> list[Caution]:
        """Answers to confirm before they are kept (after `validate()`)."""
        return []

    def bound_fields(self) -> list[Bound]:
        return [f for f in self if isinstance(f, Bound)]

    @classmethod
    def fields_for(cls, doc: dict[str, Any]) -> list[Bound]:
        """The page's fields for reading and showing `doc` (made once, not bound to a request)."""
        return _prototypes(cls)

    @classmethod
    def every_field(cls) -> list[Bound]:
        """Every field the page can show, whoever asks (made once)."""
        return _prototypes(cls)

    @classmethod
    def build(cls, doc: dict[str, Any], formdata: MultiDict[str, str] | None = None) -> PageForm:
        """The page's form, filled from `formdata` (a POST) or else from the answers document."""
        form = cls(formdata=loaded(_prototypes(cls), doc) if formdata is None else formdata)
        situate(form.bound_fields(), form, doc)
        return form


_PROTOTYPES: dict[type[PageForm], list[Bound]] = {}  # each form class's fields, made at its first use


def _prototypes(cls: type[PageForm]) -> list[Bound]:
    found = _PROTOTYPES.get(cls)
    if found is None:
        found = _PROTOTYPES[cls] = cls().bound_fields()
        mark_heading(found)
    return found


def loaded(fields: list[Bound], doc: dict[str, Any]) -> MultiDict[str, str]:
    """Form data that pre-fills `fields` with the answers in `doc`."""
    formdata: MultiDict[str, str] = MultiDict()
    for f in fields:
        formdata.setlist(f.name, f.load(doc))
    return formdata


def situate(fields: list[Bound], form: Any, doc: dict[str, Any]) -> None:
    """A built form's fields, told about the page and the document (headings, tenses)."""
    mark_heading(fields)
    for f in fields:
        f.situate(form, doc)


def mark_heading(fields: list[Bound]) -> None:
    """A page's only question has its label as the page's h1."""
    if len(fields) == 1:
        fields[0].heading = True


def summary_fields(fields: list[Bound]) -> list[Bound]:
    """The fields with a row on check answers: those with a place in the document (a path, or one path
    per checkbox for the health conditions), one per summary (the five question boxes share one row)."""
    seen: set[str] = set()
    found = []
    for f in fields:
        if f.owned_paths() and f.summary and f.summary not in seen:
            seen.add(f.summary)
            found.append(f)
    return found


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
    response = TensedChoice(
        "", path="treatments.nsaids.response", status_path="treatments.nsaids.status",
        choices=labelled("treatments.nsaids.response", {k: words.RESPONSE_LABELS[k] for k in
                                                        ("good", "partial", "none", "not_tolerated")}),
        tenses={
            "current": Tense("How well are they working for you?", "How well NSAIDs are working",
                             "Select how well NSAIDs are working for you", words.RESPONSE_LABELS_NOW),
            "past": Tense("How well did they work for you?", "How well NSAIDs worked",
                          "Select how well NSAIDs worked for you"),
            "unknown": Tense("How well have they worked for you?", "How well NSAIDs have worked",
                             "Select how well NSAIDs have worked for you"),
        })


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
CRP = Units(field="crp_unit", path="activity.crp_unit", factors={"mg_l": 1, "mg_dl": 10},
            suffixes={"mg_l": "mg/L", "mg_dl": "mg/dL"})
CRP_GROUP = "CRP (C-reactive protein)"
CRP_USUAL_MAX_MG_DL = 10  # 100 mg/L: higher is rare and, typed in mg/dL, most often a mg/L result


class UnitChoice(Choice):
    """The unit a number on the same page was typed in: kept beside the number when it is not the unit the
    number is stored in, so no unit kept means the stored unit (mg/L), as in files saved before."""

    def __init__(self, label: str, *, units: Units, number: str, number_path: str, **kwargs: Any):
        super().__init__(label, path=units.path, optional=True, **kwargs)
        self.units = units
        self.number = number
        self.number_path = number_path

    def load(self, doc: dict[str, Any]) -> list[str]:
        return [self.units.of(doc)] if get_path(doc, self.number_path) is not None else []

    def gov_params(self) -> dict[str, Any]:
        params = super().gov_params()
        params["fieldset"]["legend"]["text"] = self.label.text  # needed with a result: not "(optional)"
        return params

    def doc_value(self, form: Any) -> Any:
        """Kept only beside a number typed in another unit than the stored one (mg/dL, not mg/L)."""
        number = form[self.number]
        if number.value is None or number.errors or self.data == next(iter(self.units.factors)):
            return None
        return self.data


class BloodTests(PageForm):
    crp_unit = UnitChoice(
        "Which unit is your CRP result in?", units=CRP, number="crp_mg_l", number_path="activity.crp_mg_l",
        choices=list(CRP_UNITS.items()),
        group=CRP_GROUP, description="Your result shows mg/L or mg/dL after the number.",
        required="Select the unit of your CRP result, mg/L or mg/dL")
    crp_mg_l = Number(
        "Your CRP result", path="activity.crp_mg_l", optional=True, summary="CRP (C-reactive protein)",
        width=4, units=CRP, group=CRP_GROUP, description="Leave this blank if you do not know it.", required="",
        invalid="Enter your CRP as a number, for example 12 or 0.8, up to 500 mg/L (50 mg/dL)")
    esr_mm_h = Number(
        "ESR (erythrocyte sedimentation rate)", path="activity.esr_mm_h", optional=True,
        summary="ESR (erythrocyte sedimentation rate)", suffix="mm/h", width=4,
        description="Leave this blank if you do not know it.", required="",
        invalid="Enter your ESR in mm/h as a number from 0 to 200, for example 25")

    def validate(self, extra_validators: Any = None) -> bool:
        """A CRP result needs its unit; one too high for its unit says which unit it would fit."""
        ok = super().validate(extra_validators)
        crp, unit = self["crp_mg_l"], self["crp_unit"]
        assert isinstance(crp, Number)  # noqa: S101 - declared above
        if crp.value is None:
            return ok
        chosen = crp.unit_chosen(self)
        top = schema_node("activity.crp_mg_l")["maximum"]
        if chosen == "mg_dl" and crp.value <= top < crp.value * CRP.factors["mg_dl"]:  # fits mg/L, not mg/dL
            typed = format_number(crp.value)
            crp.errors = [f"{typed} mg/dL would be {format_number(crp.value * 10)} mg/L, more than a CRP result can be. "
                          f"Check the unit on your result: if it says {typed} mg/L, select mg/L"]
            return False
        if chosen is None and not unit.errors and not crp.errors:
            unit.errors = [*unit.errors, unit.required_message]
            return False
        return ok

    def warnings(self) -> list[Caution]:
        crp = self["crp_mg_l"]
        assert isinstance(crp, Number)  # noqa: S101 - declared above
        if crp.value is not None and crp.unit_chosen(self) == "mg_dl" and crp.value > CRP_USUAL_MAX_MG_DL:
            typed = format_number(crp.value)
            return [Caution(
                key=f"crp:{typed}:mg_dl", field="crp_mg_l",
                text=f"Check your CRP result: {typed} mg/dL is {format_number(crp.value * 10)} mg/L, higher than "
                     f"CRP results usually are. Many results are given in mg/L. If {typed} mg/dL is right, press "
                     "Continue. If not, change the number or the unit.")]
        return []


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

# The "what matters to you" wording is the sheet's and the engine's too (words.py).
IMPORTANCE = [(str(rating), label) for rating, label in words.RATING_LABELS.items()]


def _importance(key: str) -> Choice:
    label = words.IMPORTANCE_LABELS[key]
    return Choice(label, path=f"goals.importance.{key}", summary=label, choices=IMPORTANCE,
                  mapping={v: int(v) for v, _ in IMPORTANCE}, small=True,
                  required=f"Select how important this is to you: {label[0].lower()}{label[1:]}")


Priorities = type("Priorities", (PageForm,), {key: _importance(key) for key in words.IMPORTANCE_LABELS})


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
