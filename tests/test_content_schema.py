"""The content files under rules/ validate against their JSON Schemas, and the schemas are strict.

Schemas: decision_aid/schemas/{option,sources,metadata}.schema.json (draft 2020-12), describing the
shapes in docs/architecture.md ("Content files"). The engine's loader validates with the same files.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "rules"
SCHEMAS = ROOT / "decision_aid" / "schemas"
OPTION_IDS = (
    "no_change", "exercise", "nsaids", "csdmards", "steroid_injection",
    "tnf_inhibitors", "il17_inhibitors", "jak_inhibitors", "clinical_trial",
)
GRID_KEYS = ("what_it_is", "how_taken", "how_soon", "how_well", "side_effects", "serious_risks", "monitoring", "pregnancy")
PRIORITY_KEYS = ("symptom_relief", "avoid_side_effects", "avoid_needles", "low_cost", "convenience", "fewer_visits",
                 "try_research")
COST_REGIONS = ("US", "GB", "other")


def _load(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def _errors(name: str, doc: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in _validator(name).iter_errors(doc)]


@pytest.fixture(scope="module")
def options() -> dict[str, dict[str, Any]]:
    return {p.stem: _load(p) for p in sorted((RULES / "options").glob("*.yaml"))}


# --- the schemas themselves --------------------------------------------------------------------------

def _object_schemas(node: Any, where: str = "#") -> list[tuple[str, dict[str, Any]]]:
    found: list[tuple[str, dict[str, Any]]] = []
    if isinstance(node, dict):
        if node.get("type") == "object":
            found.append((where, node))
        for key, value in node.items():
            found += _object_schemas(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _object_schemas(value, f"{where}/{i}")
    return found


@pytest.mark.parametrize("name", ["option", "sources", "metadata"])
def test_schema_is_valid_draft_2020_12_and_closed(name: str) -> None:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    objects = _object_schemas(schema)
    assert objects
    for where, obj in objects:
        assert obj.get("additionalProperties") is False, f"{name}: {where} allows unknown keys"


# --- the real files ------------------------------------------------------------------------------------

def test_all_nine_option_files_exist_and_ids_match_file_names(options: dict[str, dict[str, Any]]) -> None:
    assert sorted(options) == sorted(OPTION_IDS)
    for stem, option in options.items():
        assert option["id"] == stem


@pytest.mark.parametrize("option_id", OPTION_IDS)
def test_option_file_validates(options: dict[str, dict[str, Any]], option_id: str) -> None:
    assert _errors("option", options[option_id]) == []


def test_sources_file_validates_with_unique_ids() -> None:
    doc = _load(RULES / "sources.yaml")
    assert _errors("sources", doc) == []
    ids = [s["id"] for s in doc["sources"]]
    assert len(ids) == len(set(ids))


def test_metadata_file_validates_and_dates_make_sense() -> None:
    doc = _load(RULES / "metadata.yaml")
    assert _errors("metadata", doc) == []
    reviewed = dt.date.fromisoformat(doc["reviewed_on"])
    due = dt.date.fromisoformat(doc["next_review_due"])
    assert reviewed < due <= reviewed + dt.timedelta(days=366), "next review must be due within 12 months"
    assert doc["decision"].endswith("?")


def test_options_share_the_same_rows_order_and_regions(options: dict[str, dict[str, Any]]) -> None:
    assert sorted(o["order"] for o in options.values()) == list(range(1, 10))
    for option in options.values():
        assert tuple(option["grid"]) == GRID_KEYS, option["id"]
        assert set(option["priorities"]) == set(PRIORITY_KEYS), option["id"]
        assert set(option["cost"]) == set(COST_REGIONS), option["id"]


def test_clinical_trial_option_has_its_sections_and_registry_links(options: dict[str, dict[str, Any]]) -> None:
    option = options["clinical_trial"]
    sections = {s["id"]: s for s in option["sections"]}
    assert {"what_a_trial_is", "trial_costs", "finding_a_trial", "questions_to_ask", "stem_cells"} <= set(sections)
    urls = {link["url"] for link in sections["finding_a_trial"]["links"]}
    assert urls == {
        "https://clinicaltrials.gov/search?cond=Ankylosing%20Spondylitis&aggFilters=status:rec",
        "https://euclinicaltrials.eu/",
        "https://trialsearch.who.int/",
    }
    assert len(sections["questions_to_ask"]["items"]) >= 6
    stem_text = " ".join(p["text"] for p in sections["stem_cells"]["paragraphs"] + sections["stem_cells"]["items"])
    for must in ("31 people", "5 people", "no stem-cell product is approved", "FDA", "50,000"):
        assert must.lower() in stem_text.lower(), must


def test_no_change_option_covers_stopping_and_tapering(options: dict[str, dict[str, Any]]) -> None:
    text = json.dumps(options["no_change"])
    assert "83 in 100" in text and "55 in 100" in text and "40 weeks" in text
    assert "ASAS-EULAR" in text and "ACR" in text and "tapering" in text


# --- the schemas reject broken content ------------------------------------------------------------------

def _break(doc: dict[str, Any], change: str) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    if change == "statement without sources":
        doc["grid"]["how_well"].pop("sources")
    elif change == "empty sources":
        doc["pros"][0]["sources"] = []
    elif change == "unknown key":
        doc["colour"] = "red"
    elif change == "grid row missing":
        doc["grid"].pop("pregnancy")
    elif change == "cost region missing":
        doc["cost"].pop("GB")
    elif change == "priority missing":
        doc["priorities"].pop("low_cost")
    elif change == "treated above 100":
        doc["effects"][0]["treated"] = 101
    elif change == "weeks zero":
        doc["effects"][0]["weeks"] = 0
    elif change == "bad certainty":
        doc["effects"][0]["certainty"] = "very high"
    elif change == "html in text":
        doc["summary"]["text"] = "<b>Strong</b> medicine"
    elif change == "order out of range":
        doc["order"] = 10
    elif change == "no cons":
        doc["cons"] = []
    elif change == "http link":
        doc["sections"] = [{"id": "x", "heading": "X", "paragraphs": [], "links": [{"text": "t", "url": "http://x.org"}]}]
    return doc


@pytest.mark.parametrize("change", [
    "statement without sources", "empty sources", "unknown key", "grid row missing", "cost region missing",
    "priority missing", "treated above 100", "weeks zero", "bad certainty", "html in text", "order out of range",
    "no cons", "http link",
])
def test_option_schema_rejects(options: dict[str, dict[str, Any]], change: str) -> None:
    assert _errors("option", _break(options["tnf_inhibitors"], change))


@pytest.mark.parametrize("doc", [
    {"sources": [{"id": "a-2020", "citation": "A citation long enough.", "url": "http://example.org"}]},
    {"sources": [{"id": "A 2020", "citation": "A citation long enough.", "url": "https://example.org"}]},
    {"sources": [{"id": "a-2020", "citation": "A citation long enough."}]},
    {"sources": []},
])
def test_sources_schema_rejects(doc: dict[str, Any]) -> None:
    assert _errors("sources", doc)


def test_metadata_schema_rejects_unquoted_or_impossible_dates_and_missing_fields() -> None:
    doc = _load(RULES / "metadata.yaml")
    for key, value in (("reviewed_on", dt.date(2026, 11, 23)), ("next_review_due", "2027-13-01"),
                       ("content_version", "one")):
        broken = {**doc, key: value}
        assert _errors("metadata", broken), key
    assert _errors("metadata", {k: v for k, v in doc.items() if k != "funding"})
    assert _errors("metadata", {**doc, "reading_level": {**doc["reading_level"], "fk_grade": "6"}})


# --- the figures match the evidence brief (§3.0) ----------------------------------------------------------

# (option, trial, medicine) -> (kind, denominator, treated, placebo, time frame, approximate): the figures in the
# evidence brief §3.0 and its December 2026 addendum (§4, §6, §7). [M] figures are approximate; a harm known
# only as a difference has treated None and its difference in the placebo place.
BRIEF_FIGURES = {
    ("tnf_inhibitors", "GO-RAISE", "golimumab"): ("benefit", 100, 44, 15, 24, False),
    ("tnf_inhibitors", "ASSERT", "infliximab"): ("benefit", 100, 47, 14, 24, False),  # Machado 2011 table, ASAS40
    ("tnf_inhibitors", "ATLAS", "adalimumab"): ("benefit", 100, 58, 21, 12, True),  # ASAS20; placebo [M]
    ("tnf_inhibitors", "Davis 2003", "etanercept"): ("benefit", 100, 59, 28, 12, False),
    ("tnf_inhibitors", "RAPID-axSpA", "certolizumab"): ("benefit", 100, 58, 38, 12, False),
    ("il17_inhibitors", "COAST-V", "ixekizumab"): ("benefit", 100, 48, 18, 16, False),  # published: not approximate
    ("il17_inhibitors", "COAST-W", "ixekizumab (every 4 weeks, the approved dose)"): ("benefit", 100, 25, 13, 16, True),
    ("il17_inhibitors", "BE MOBILE 2", "bimekizumab"): ("benefit", 100, 45, 23, 16, False),
    ("il17_inhibitors", "BE MOBILE 1", "bimekizumab"): ("benefit", 100, 48, 21, 16, False),  # 47.7 vs 21.4
    ("il17_inhibitors", "the placebo-controlled secukinumab trials in psoriasis", "secukinumab"):
        ("harm", 1000, 12, 3, "about 12 weeks", True),  # candida 1.2% vs 0.3%
    ("jak_inhibitors", "SELECT-AXIS 1", "upadacitinib"): ("benefit", 100, 52, 26, 14, False),
    ("jak_inhibitors", "SELECT-AXIS 2 (AS part)", "upadacitinib"): ("benefit", 100, 45, 18, 14, False),
    ("jak_inhibitors", "SELECT-AXIS 2 (non-radiographic part)", "upadacitinib"): ("benefit", 100, 45, 23, 14, True),
    ("jak_inhibitors", "Deodhar 2021", "tofacitinib"): ("benefit", 100, 41, 13, 16, False),
    ("nsaids", "a pooled analysis of many randomised trials", "a coxib (such as celecoxib) or diclofenac"):
        ("harm", 1000, None, 3, "1 year", False),  # CNT 2013: 3 more major vascular events per 1000 per year
}
ORAL_SURVEILLANCE = {(1000, 34, 25, "about 4 years"), (1000, 42, 29, "about 4 years")}  # MACE 98/2911 vs 37/1451;
# cancer 122/2911 vs 42/1451
MEASURE_2 = {(68, 31, 16, False), (50, 24, 16, False)}  # TNF-naive and TNF-experienced subgroups


def test_effect_figures_match_the_evidence_brief(options: dict[str, dict[str, Any]]) -> None:
    seen: dict[tuple[str, str, str], tuple[Any, ...]] = {}
    measure_2: set[tuple[int, int, int, bool]] = set()
    oral: set[tuple[Any, ...]] = set()
    for option_id, option in options.items():
        for e in option["effects"]:
            time = e.get("weeks") or e.get("period")
            if e["trial"] == "MEASURE 2":
                measure_2.add((e["treated"], e["placebo"], e["weeks"], e["approximate"]))
            elif e["trial"] == "ORAL Surveillance":
                oral.add((e["denominator"], e["treated"], e["placebo"], time))
                assert e["comparator"].startswith("a TNF inhibitor") and "aged 50 or over" in e["who"]
            else:
                seen[(option_id, e["trial"], e["medicine"])] = (
                    e.get("kind", "benefit"), e.get("denominator", 100), e.get("treated"),
                    e.get("placebo", e.get("extra")), time, e["approximate"])
    assert seen == BRIEF_FIGURES
    assert measure_2 == MEASURE_2
    assert oral == ORAL_SURVEILLANCE
