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
from ..i18n import gettext as _
from . import prerender
from .checkboxes import Flags, ItemList
from .fields import (
    Bound,
    Choice,
    CountrySelect,
    Duration,
    Tense,
    TensedChoice,
    Words,
    format_number,
    labelled,
    lower_first,
    shown_number,
    translated,
    translated_map,
    yes_no,
)
from .paths import get_path, schema_node
from .prerender import lazy_gettext as _l
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
        if not f.owned_paths():
            continue
        said = f.summary  # (read once: in the request's language)
        if said and said not in seen:
            seen.add(said)
            found.append(f)
    return found


# ------------------------------------------------------------------------------------------ step 1

class AboutYou(PageForm):
    age_years = Number(_l("How old are you?"), path="about.age_years", summary=_l("Age"), suffix=_l("years"), width=3,
                       required=_l("Enter your age"), invalid=_l("Enter your age in whole years, from 16 to 100"))
    sex = Choice(_l("What is your sex?"), path="about.sex", summary=_l("Sex"),
                 description=_l("Some medicines matter for pregnancy, so we ask this to know which questions to ask next."),
                 choices=labelled("about.sex", {"female": _l("Female"), "male": _l("Male"), "other": _l("Other"),
                                                "prefer_not_to_say": _l("Prefer not to say")}),
                 required=_l("Select your sex, or select 'Prefer not to say'"))
    country = CountrySelect(_l("Which country do you live in?"), path="about.country", summary=_l("Country"),
                            description=_l("We use this to show what treatments usually cost where you live."),
                            required=_l("Select the country you live in"))


class Pregnancy(PageForm):
    pregnancy = Choice(
        _l("Are you pregnant, breastfeeding or planning a pregnancy?"), path="about.pregnancy", summary=_l("Pregnancy"),
        description=_l("Some medicines for axSpA need to be stopped or changed before and during pregnancy."),
        choices=labelled("about.pregnancy", {"none": _l("No"), "planning": _l("I am planning a pregnancy"),
                                             "pregnant": _l("I am pregnant"), "breastfeeding": _l("I am breastfeeding")}),
        required=_l("Select if you are pregnant, breastfeeding or planning a pregnancy"))


class PlanningChild(PageForm):
    pregnancy = Choice(
        _l("Are you planning to have a child with a partner?"), path="about.pregnancy", summary=_l("Planning a child"),
        description=_l("Your rheumatologist may want to know this when choosing a medicine."),
        choices=[("yes", _l("Yes")), ("no", _l("No"))], mapping={"yes": "planning", "no": "none"}, inline=True,
        required=_l("Select yes if you are planning to have a child with a partner"))


# ------------------------------------------------------------------------------------------ step 2

class YourCondition(PageForm):
    diagnosis = Choice(
        _l("Which kind of axial spondyloarthritis have you been told you have?"), path="condition.diagnosis",
        summary=_l("Diagnosis"),
        choices=labelled("condition.diagnosis", {
            "ankylosing_spondylitis": _l("Ankylosing spondylitis (AS), also called radiographic axial spondyloarthritis"),
            "non_radiographic_axspa": _l("Non-radiographic axial spondyloarthritis (nr-axSpA)"),
            "not_sure": _l("I'm not sure")}),
        item_hints={"non_radiographic_axspa": _l("The inflammation does not show as damage on X-rays.")},
        required=_l("Select which kind you have been told you have, or select 'I'm not sure'"))
    peripheral_arthritis = yes_no(
        _l("Do you have painful or swollen joints in your arms or legs (peripheral arthritis)?"),
        path="condition.peripheral_arthritis", summary=_l("Painful or swollen joints (peripheral arthritis)"),
        description=_l("For example knees, ankles or wrists, not your back or neck."),
        required=_l("Select yes if you have painful or swollen joints in your arms or legs"))
    enthesitis = yes_no(
        _l("Do you have pain where tendons attach to bone, such as your heel (enthesitis)?"),
        path="condition.enthesitis", summary=_l("Pain where tendons attach to bone (enthesitis)"),
        required=_l("Select yes if you have pain where tendons attach to bone"))
    uveitis = Choice(
        _l("Have you had a painful red eye with blurred vision (uveitis, also called iritis)?"), path="condition.uveitis",
        summary=_l("Painful red eye (uveitis)"),
        choices=labelled("condition.uveitis", {"never": _l("No"), "once": _l("Yes, once"),
                                               "recurrent": _l("Yes, more than once")}),
        required=_l("Select if you have had a painful red eye with blurred vision"))
    ibd = Choice(
        _l("Do you have bowel inflammation (inflammatory bowel disease, IBD)?"), path="condition.ibd",
        summary=_l("Bowel inflammation (IBD)"),
        choices=labelled("condition.ibd", {"none": _l("No"), "crohns": _l("Yes, Crohn's disease"),
                                           "ulcerative_colitis": _l("Yes, ulcerative colitis")}),
        required=_l("Select if you have bowel inflammation"))
    psoriasis = Choice(
        _l("Do you have the skin condition psoriasis?"), path="condition.psoriasis", summary=_l("Psoriasis"),
        choices=labelled("condition.psoriasis", {"none": _l("No"), "mild": _l("Yes, a few small patches"),
                                                 "significant": _l("Yes, large areas or hard to control")}),
        required=_l("Select if you have psoriasis"))


# ------------------------------------------------------------------------------------------ step 3

class Nsaids(PageForm):
    status = Choice(
        _l("Have you taken anti-inflammatory painkillers (NSAIDs)?"), path="treatments.nsaids.status",
        summary=_l("Anti-inflammatory painkillers (NSAIDs)"),
        description=_l("For example ibuprofen, naproxen, diclofenac, etoricoxib or celecoxib, taken regularly."),
        choices=labelled("treatments.nsaids.status", {"current": _l("Yes, I take them now"), "past": _l("Yes, in the past"),
                                                      "never": _l("No, never")}),
        required=_l("Select if you have taken anti-inflammatory painkillers"))


class NsaidDetails(PageForm):
    count_tried = Number(
        _l("How many different NSAIDs have you tried?"), path="treatments.nsaids.count_tried", lo=1,
        summary=_l("Number of NSAIDs tried"), width=2, required=_l("Enter how many different NSAIDs you have tried"),
        invalid=_l("Enter how many different NSAIDs you have tried as a whole number, from 1 to 10"))
    weeks_at_full_dose = Number(
        _l("In total, how many weeks have you taken them at the full dose?"), path="treatments.nsaids.weeks_at_full_dose",
        summary=_l("Weeks at full dose"), suffix=_l("weeks"), width=3,
        description=_l("Add up all the times. For example, 2 courses of 4 weeks is 8 weeks. Enter 0 if never at full dose."),
        required=_l("Enter how many weeks you have taken NSAIDs at the full dose, or 0"),
        invalid=_l("Enter the number of weeks as a whole number, from 0 to 520"))
    response = TensedChoice(
        "", path="treatments.nsaids.response", status_path="treatments.nsaids.status",
        choices=labelled("treatments.nsaids.response", {k: translated(words.RESPONSE_LABELS[k]) for k in
                                                        ("good", "partial", "none", "not_tolerated")}),
        tenses={
            "current": Tense(_l("How well are they working for you?"), _l("How well NSAIDs are working"),
                             _l("Select how well NSAIDs are working for you"), translated_map(words.RESPONSE_LABELS_NOW)),
            "past": Tense(_l("How well did they work for you?"), _l("How well NSAIDs worked"),
                          _l("Select how well NSAIDs worked for you")),
            "unknown": Tense(_l("How well have they worked for you?"), _l("How well NSAIDs have worked"),
                             _l("Select how well NSAIDs have worked for you")),
        })


class Medicines(PageForm):
    csdmards = ItemList(
        _l("Have you ever taken any of these disease-modifying tablets (conventional DMARDs)?"),
        path="treatments.csdmards", key="drug",
        labels=translated_map(words.CSDMARDS), summary=_l("Conventional DMARD tablets"),
        description=_l("Select all that apply, including any you have stopped."),
        required=_l("Select the tablets you have taken, or select 'None of these'"),
        both=_l("Select the tablets you have taken, or select 'None of these', not both"))
    advanced = ItemList(
        _l("Have you ever taken any of these biologic or targeted medicines?"), path="treatments.advanced", key="drug",
        labels=translated_map(words.ADVANCED), summary=_l("Biologic and targeted medicines"),
        item_hints=translated_map(words.ADVANCED_KIND),
        description=_l("Select all that apply, including any you have stopped. A biosimilar counts as the medicine it copies."),
        required=_l("Select the medicines you have taken, or select 'None of these'"),
        both=_l("Select the medicines you have taken, or select 'None of these', not both"))


class OtherTreatments(PageForm):
    exercise = Choice(
        _l("Do you do exercises or physiotherapy for your back?"), path="treatments.exercise", summary=_l("Exercise"),
        choices=labelled("treatments.exercise", {"regular": _l("Yes, most weeks"), "sometimes": _l("Sometimes"),
                                                 "none": _l("No")}),
        required=_l("Select if you do exercises or physiotherapy for your back"))
    steroid_injection = yes_no(
        _l("Have you had a steroid injection into a joint or near a tendon?"), path="treatments.steroid_injection",
        summary=_l("Steroid injection"), required=_l("Select yes if you have had a steroid injection"))
    oral_steroids_now = yes_no(
        _l("Are you taking steroid tablets now, such as prednisolone?"), path="treatments.oral_steroids_now",
        summary=_l("Steroid tablets now"), required=_l("Select yes if you are taking steroid tablets now"))


# ------------------------------------------------------------------------------------------ step 4

def _scale(path: str, label: Words, summary: Words, required: Words, invalid: Words, hint: Words) -> Number:
    return Number(label, path=path, summary=summary, width=2, description=hint, required=required, invalid=invalid)


PAIN_HINT = _l("0 means none, 10 means very severe.")


class Symptoms(PageForm):
    fatigue = _scale(
        "activity.basdai.fatigue", _l("How tired have you felt (fatigue)?"), _l("Tiredness (fatigue)"),
        _l("Enter a number from 0 to 10 for how tired you have felt"),
        _l("Enter a number from 0 to 10 for how tired you have felt, for example 6 or 6.5"), PAIN_HINT)
    spinal_pain = _scale(
        "activity.basdai.spinal_pain", _l("How bad has pain in your neck, back or hips been?"),
        _l("Neck, back or hip pain"), _l("Enter a number from 0 to 10 for pain in your neck, back or hips"),
        _l("Enter a number from 0 to 10 for pain in your neck, back or hips, for example 6 or 6.5"), PAIN_HINT)
    peripheral_pain = _scale(
        "activity.basdai.peripheral_pain", _l("How bad has pain or swelling in your other joints been?"),
        _l("Pain or swelling in other joints"), _l("Enter a number from 0 to 10 for pain or swelling in other joints"),
        _l("Enter a number from 0 to 10 for pain or swelling in other joints, for example 6 or 6.5"), PAIN_HINT)
    tenderness = _scale(
        "activity.basdai.tenderness", _l("How uncomfortable have areas that hurt to touch or press been?"),
        _l("Areas that hurt to touch"), _l("Enter a number from 0 to 10 for areas that hurt to touch or press"),
        _l("Enter a number from 0 to 10 for areas that hurt to touch or press, for example 6 or 6.5"), PAIN_HINT)
    stiffness_severity = _scale(
        "activity.basdai.stiffness_severity", _l("How bad has your stiffness been in the morning, from when you wake up?"),
        _l("Morning stiffness: how bad"), _l("Enter a number from 0 to 10 for how bad your morning stiffness has been"),
        _l("Enter a number from 0 to 10 for how bad your morning stiffness has been, for example 6 or 6.5"), PAIN_HINT)
    stiffness_duration = Duration(
        _l("How long does your morning stiffness last after you wake up?"), path="activity.basdai.stiffness_duration",
        summary=_l("Morning stiffness: how long"), per_point=12,
        minutes=[(0, _l("I do not have morning stiffness")), (15, _l("15 minutes")), (30, _l("30 minutes")),
                 (45, _l("45 minutes")), (60, _l("1 hour")), (90, _l("1 and a half hours")), (120, _l("2 hours or more"))],
        required=_l("Select how long your morning stiffness lasts"))


class DiseaseActivity(PageForm):
    patient_global = Number(
        _l("How active has your condition been in the past week?"), path="activity.patient_global", optional=True,
        summary=_l("How active your condition has been"), width=2,
        description=_l("Enter a number from 0 (not active) to 10 (very active). Your rheumatologist uses this for your "
                       "ASDAS score."),
        required="", invalid=_l("Enter a number from 0 to 10 for how active your condition has been, for example 4"))


CRP_UNITS = {"mg_l": _l("mg/L (milligrams per litre)"), "mg_dl": _l("mg/dL (milligrams per decilitre)")}
CRP = Units(field="crp_unit", path="activity.crp_unit", factors={"mg_l": 1, "mg_dl": 10},
            suffixes={"mg_l": "mg/L", "mg_dl": "mg/dL"})
CRP_GROUP = _l("CRP (C-reactive protein)")
CRP_USUAL_MAX_MG_DL = 10  # 100 mg/L: higher is rare and, typed in mg/dL, most often a mg/L result


class UnitChoice(Choice):
    """The unit a number on the same page was typed in: kept beside the number when it is not the unit the
    number is stored in, so no unit kept means the stored unit (mg/L), as in files saved before."""

    def __init__(self, label: Words, *, units: Units, number: str, number_path: str, **kwargs: Any):
        super().__init__(label, path=units.path, optional=True, **kwargs)
        self.units = units
        self.number = number
        self.number_path = number_path

    def load(self, doc: dict[str, Any]) -> list[str]:
        return [self.units.of(doc)] if get_path(doc, self.number_path) is not None else []

    def gov_params(self) -> dict[str, Any]:
        params = super().gov_params()
        params["fieldset"]["legend"]["text"] = str(self.label.text)  # needed with a result: not "(optional)"
        return params

    def doc_value(self, form: Any) -> Any:
        """Kept only beside a number typed in another unit than the stored one (mg/dL, not mg/L)."""
        number = form[self.number]
        if number.value is None or number.errors or self.data == next(iter(self.units.factors)):
            return None
        return self.data


class BloodTests(PageForm):
    crp_unit = UnitChoice(
        _l("Which unit is your CRP result in?"), units=CRP, number="crp_mg_l", number_path="activity.crp_mg_l",
        choices=list(CRP_UNITS.items()),
        group=CRP_GROUP, description=_l("Your result shows mg/L or mg/dL after the number."),
        required=_l("Select the unit of your CRP result, mg/L or mg/dL"))
    crp_mg_l = Number(
        _l("Your CRP result"), path="activity.crp_mg_l", optional=True, summary=_l("CRP (C-reactive protein)"),
        width=4, units=CRP, group=CRP_GROUP, description=_l("Leave this blank if you do not know it."), required="",
        invalid=_l("Enter your CRP as a number, for example 12 or 0.8, up to 500 mg/L (50 mg/dL)"))
    esr_mm_h = Number(
        _l("ESR (erythrocyte sedimentation rate)"), path="activity.esr_mm_h", optional=True,
        summary=_l("ESR (erythrocyte sedimentation rate)"), suffix="mm/h", width=4,
        description=_l("Leave this blank if you do not know it."), required="",
        invalid=_l("Enter your ESR in mm/h as a number from 0 to 200, for example 25"))

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
            typed = shown_number(crp.value)
            crp.errors = [_("%(typed)s mg/dL would be %(mg_l)s mg/L, more than a CRP result can be. Check the unit on "
                            "your result: if it says %(typed)s mg/L, select mg/L",
                            typed=typed, mg_l=shown_number(crp.value * 10))]
            return False
        if chosen is None and not unit.errors and not crp.errors:
            unit.errors = [*unit.errors, str(unit.required_message)]
            return False
        return ok

    def warnings(self) -> list[Caution]:
        crp = self["crp_mg_l"]
        assert isinstance(crp, Number)  # noqa: S101 - declared above
        if crp.value is not None and crp.unit_chosen(self) == "mg_dl" and crp.value > CRP_USUAL_MAX_MG_DL:
            typed = shown_number(crp.value)
            return [Caution(
                key=f"crp:{format_number(crp.value)}:mg_dl", field="crp_mg_l",
                text=_("Check your CRP result: %(typed)s mg/dL is %(mg_l)s mg/L, higher than CRP results usually are. "
                       "Many results are given in mg/L. If %(typed)s mg/dL is right, press Continue. If not, change "
                       "the number or the unit.", typed=typed, mg_l=shown_number(crp.value * 10)))]
        return []


# ------------------------------------------------------------------------------------------ step 5

HEALTH = {key: translated(said.label) for key, said in words.HEALTH.items()}


class OtherHealth(PageForm):
    conditions = Flags(
        _l("Do you have, or have you had, any of these?"), paths={k: f"health.{k}" for k in HEALTH}, labels=HEALTH,
        summary=_l("Health conditions"), required=_l("Select the conditions you have had, or select 'None of these'"),
        both=_l("Select the conditions you have had, or select 'None of these', not both"))
    cancer = Choice(
        _l("Have you had cancer?"), path="health.cancer", summary=_l("Cancer"),
        choices=labelled("health.cancer", {"never": _l("No"), "within_5_years": _l("Yes, in the last 5 years"),
                                           "over_5_years": _l("Yes, more than 5 years ago")}),
        required=_l("Select if you have had cancer"))
    tuberculosis = Choice(
        _l("Have you had tuberculosis (TB)?"), path="health.tuberculosis", summary=_l("Tuberculosis (TB)"),
        description=_l("Include 'sleeping' TB (latent TB) found by a skin or blood test."),
        choices=labelled("health.tuberculosis", {"never": _l("No"), "past_or_latent": _l("Yes, now or in the past"),
                                                 "not_sure": _l("I'm not sure")}),
        required=_l("Select if you have had tuberculosis, or select 'I'm not sure'"))
    smoking = Choice(
        _l("Do you smoke?"), path="health.smoking", summary=_l("Smoking"),
        choices=labelled("health.smoking", {"never": _l("No, never"), "former": _l("I used to smoke"),
                                            "current": _l("Yes, I smoke now")}),
        required=_l("Select if you smoke"))


# ------------------------------------------------------------------------------------------ step 6

# The "what matters to you" wording is the sheet's and the engine's too (words.py).
IMPORTANCE = [(str(rating), translated(label)) for rating, label in words.RATING_LABELS.items()]


def _importance(key: str) -> Choice:
    label = translated(words.IMPORTANCE_LABELS[key])
    return Choice(label, path=f"goals.importance.{key}", summary=label, choices=IMPORTANCE,
                  mapping={v: int(v) for v, _label in IMPORTANCE}, small=True,
                  # Translators: "what" is one of the "What matters to you" answers, starting lower case.
                  required=_l("Select how important this is to you: %(what)s", what=lower_first(label)))


Priorities = type("Priorities", (PageForm,), {key: _importance(key) for key in words.IMPORTANCE_LABELS})


class Preferences(PageForm):
    route_preference = Choice(
        _l("If you start a new medicine, how would you prefer to take it?"), path="goals.route_preference",
        summary=_l("How you would prefer to take a medicine"),
        choices=labelled("goals.route_preference", {
            "tablets": _l("Tablets"), "home_injection": _l("Injections I give myself at home"),
            "infusion": _l("A drip (infusion) in hospital"), "no_preference": _l("No preference")}),
        required=_l("Select how you would prefer to take a medicine, or select 'No preference'"))
    coverage = Choice(
        _l("How are your medicines paid for?"), path="goals.coverage", summary=_l("How medicines are paid for"),
        choices=labelled("goals.coverage", {
            "public": _l("A public health service or government insurance, such as the NHS or Medicare"),
            "private": _l("Private health insurance"), "none": _l("I have no cover and pay myself"),
            "not_sure": _l("I'm not sure")}),
        required=_l("Select how your medicines are paid for, or select 'I'm not sure'"))
    trial_interest = Choice(
        _l("Would you like to hear about taking part in a clinical trial (a research study of a treatment)?"),
        path="goals.trial_interest", summary=_l("Interest in clinical trials"),
        choices=labelled("goals.trial_interest", {"yes": _l("Yes"), "maybe": _l("Maybe"), "no": _l("No")}), inline=True,
        required=_l("Select if you would like to hear about clinical trials"))
    offered_stem_cells = yes_no(
        _l("Has anyone offered you stem-cell treatment for your condition?"), path="goals.offered_stem_cells",
        summary=_l("Offered stem-cell treatment"),
        required=_l("Select yes if anyone has offered you stem-cell treatment"))


def _question(i: int) -> ListText:
    return ListText(_l("Question %(number)s", number=i + 1), path="goals.own_questions", index=i,
                    summary=_l("Your questions"),
                    invalid=_l("Question %(number)s must be 300 characters or fewer", number=i + 1))


YourQuestions = type("YourQuestions", (PageForm,), {f"question-{i + 1}": _question(i) for i in range(5)})
