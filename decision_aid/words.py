"""Words for answers that more than one part says: the question's label, the clinician's short words and
the "because you said" phrase live together here, so they cannot drift apart (tests/test_words.py).

The journey asks with the labels, the sheet's situation lines use the short words, and the engine says
answers back with the phrases.
"""

from __future__ import annotations

from functools import cache
from typing import NamedTuple


class Said(NamedTuple):
    label: str  # the question's wording (a checkbox or radio label)
    short: str  # for the clinician's summary lines; must appear in the label
    phrase: str  # "because you said ..."; must contain the short words


# "Do you have, or have you had, any of these?" (other-health page), one checkbox each.
HEALTH: dict[str, Said] = {
    "heart_disease": Said("Heart disease, such as angina or a heart attack", "heart disease",
                          "you have or have had heart disease"),
    "heart_failure": Said("Heart failure", "heart failure", "you have or have had heart failure"),
    "high_blood_pressure": Said("High blood pressure", "high blood pressure", "you have high blood pressure"),
    "kidney_disease": Said("Kidney disease", "kidney disease", "you have or have had kidney disease"),
    "liver_disease": Said("Liver disease", "liver disease", "you have or have had liver disease"),
    "stomach_ulcer_or_bleed": Said("A stomach ulcer or bleeding from the stomach or gut", "stomach ulcer or bleed",
                                   "you have had a stomach ulcer or bleed"),
    "blood_thinners": Said("Taking blood thinners (anticoagulants), such as warfarin or apixaban", "blood thinners",
                           "you take blood thinners"),
    "blood_clots": Said("Blood clots in a vein or the lungs (DVT or pulmonary embolism)", "blood clots",
                        "you have had blood clots in a vein or the lungs"),
    "serious_infections": Said("Serious infections that needed hospital care, or infections that keep coming back",
                               "serious infections", "you have had serious infections or infections that keep "
                               "coming back"),
    "hepatitis_b_or_c": Said("Hepatitis B or hepatitis C", "hepatitis B or hepatitis C",
                             "you have had hepatitis B or hepatitis C"),
    "multiple_sclerosis": Said("Multiple sclerosis (MS)", "multiple sclerosis", "you have multiple sclerosis"),
    "depression": Said("Depression", "depression", "you have or have had depression"),
    "diabetes": Said("Diabetes", "diabetes", "you have diabetes"),
}

# "How long have you taken it?" (medicine details), for each medicine ticked.
DURATION: dict[str, Said] = {
    "under_12_weeks": Said("Less than 12 weeks (under 3 months)", "under 12 weeks", "for under 12 weeks"),
    "12_to_15_weeks": Said("12 to 15 weeks (about 3 to 4 months)", "12 to 15 weeks", "for 12 to 15 weeks"),
    "16_weeks_or_more": Said("16 weeks or more (about 4 months or more)", "16 weeks or more",
                             "for 16 weeks or more"),
    "not_sure": Said("I'm not sure", "not sure", "for a time you are not sure of"),
}

# "Have you ever taken any of these?" (medicines page): the medicines' names, one checkbox each.
CSDMARDS: dict[str, str] = {"sulfasalazine": "Sulfasalazine", "methotrexate": "Methotrexate",
                            "leflunomide": "Leflunomide"}
ADVANCED: dict[str, str] = {
    "adalimumab": "Adalimumab", "etanercept": "Etanercept", "infliximab": "Infliximab", "golimumab": "Golimumab",
    "certolizumab": "Certolizumab pegol", "secukinumab": "Secukinumab", "ixekizumab": "Ixekizumab",
    "bimekizumab": "Bimekizumab", "tofacitinib": "Tofacitinib", "upadacitinib": "Upadacitinib",
}
MEDICINE_NAMES: dict[str, str] = {**CSDMARDS, **ADVANCED}
# Each biologic or targeted medicine's kind and brand names, as a hint under its checkbox: people often
# know the brand name better than the medicine's name; a biosimilar counts as the medicine.
ADVANCED_KIND: dict[str, str] = {
    "adalimumab": "TNF inhibitor, injection. Brand names include Humira, Amgevita, Hadlima and Hyrimoz",
    "etanercept": "TNF inhibitor, injection. Brand names include Enbrel and Benepali",
    "infliximab": "TNF inhibitor, drip (infusion) or injection. Brand names include Remicade, Inflectra and Remsima",
    "golimumab": "TNF inhibitor, injection or drip. Brand name Simponi",
    "certolizumab": "TNF inhibitor, injection. Brand name Cimzia",
    "secukinumab": "IL-17 inhibitor, injection. Brand name Cosentyx",
    "ixekizumab": "IL-17 inhibitor, injection. Brand name Taltz",
    "bimekizumab": "IL-17 inhibitor, injection. Brand name Bimzelx",
    "tofacitinib": "JAK inhibitor, tablet. Brand name Xeljanz",
    "upadacitinib": "JAK inhibitor, tablet. Brand name Rinvoq",
}

# "How well did it work for you?" (NSAIDs and each medicine ticked); the schema says which each may have.
RESPONSE_LABELS: dict[str, str] = {
    "good": "It helped a lot", "partial": "It helped a little", "none": "It did not help",
    "lost_response": "It helped at first, then stopped working",
    "not_tolerated": "I had to stop because of side effects",
}

DIAGNOSIS_NAMES = {
    "ankylosing_spondylitis": "ankylosing spondylitis",
    "non_radiographic_axspa": "non-radiographic axial spondyloarthritis",
    "not_sure": "axial spondyloarthritis",
}

# Where the regulators' notes apply: the UK (MHRA, NICE) and the EU/EEA (EMA) share "UK_EU".
UK_EU_COUNTRIES = frozenset({
    "GB", "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT",
    "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO",
})
_THE = {"GB": "the UK", "US": "the US", "NL": "the Netherlands", "CZ": "the Czech Republic"}


@cache
def country_name(code: str) -> str:
    """A country's everyday name ("the UK", "Germany") for saying an answer back."""
    if code in _THE:
        return _THE[code]
    import pycountry

    found = pycountry.countries.get(alpha_2=code)
    return str(getattr(found, "common_name", None) or getattr(found, "name", code)) if found else code
