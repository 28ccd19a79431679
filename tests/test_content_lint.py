"""Content lints for the option files, sources and metadata under rules/ (issue 3, content part).

Each lint is a small function that returns a list of problems. The tests run every lint on the real
content (no problems allowed) and on deliberately broken content (problems expected), so each lint is
shown to be able to fail.

Reading level: the Flesch-Kincaid grade of all patient-facing option text, computed with textstat,
after medicine and brand names are replaced by the placeholder word "Drug". textstat counts syllables
with the CMU pronouncing dictionary, which it downloads at run time; that download is not possible
offline (or in CI without network), so here syllables are counted without it: for each word the
larger of textstat's own pyphen fallback count and a vowel-group estimate (pyphen alone undercounts
words such as "medicine" and "available"). The result is deterministic everywhere and errs high.

The measured overall grade is recorded in rules/metadata.yaml (reading_level.fk_grade) for the About
page; a test checks that it equals the measured value rounded to 1 decimal. To recompute:

    .venv/bin/python tests/test_content_lint.py            # print the grade of each option and overall
    .venv/bin/python tests/test_content_lint.py --write    # ... and update rules/metadata.yaml
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "rules"
OPTION_IDS = (
    "no_change", "exercise", "nsaids", "csdmards", "steroid_injection",
    "tnf_inhibitors", "il17_inhibitors", "jak_inhibitors", "clinical_trial",
)
MAX_FK_GRADE = 9.0
MAX_PROS_CONS_RATIO = 1.5
DENOMINATOR = 100  # the denominator used for natural frequencies ...
RARE_DENOMINATOR = 1000  # ... and for events too rare to show in 100 (decision-aid-anchors §3.2), never mixed
DENOMINATORS = (DENOMINATOR, RARE_DENOMINATOR)
KINDS = ("benefit", "harm")
CERTAINTIES = ("high", "moderate", "low")

# Medicine and brand names (left out of the reading-level measure: they are names people meet
# anyway, and their many syllables would say nothing about how hard the sentences are).
DRUG_NAMES = (
    "adalimumab", "etanercept", "infliximab", "golimumab", "certolizumab", "secukinumab", "ixekizumab",
    "bimekizumab", "tofacitinib", "upadacitinib", "naproxen", "ibuprofen", "diclofenac", "meloxicam",
    "celecoxib", "etoricoxib", "sulfasalazine", "methotrexate", "methylprednisolone", "remestemcel",
    "Humira", "Cosentyx", "Taltz", "Bimzelx", "Xeljanz", "Rinvoq", "Enbrel", "Remicade", "Simponi",
    "Cimzia", "Amjevita", "Hadlima", "Ryoncil", "leflunomide", "cholestyramine",
)
_DRUG_RE = re.compile(r"\b(?:" + "|".join(DRUG_NAMES) + r")\b", re.IGNORECASE)
# The names of the condition, as the person was told them, are masked like drug names: they are known words
# to this reader however many syllables they have.
CONDITION_NAMES = ("non-radiographic axial spondyloarthritis", "radiographic axial spondyloarthritis",
                   "axial spondyloarthritis", "ankylosing spondylitis")
_CONDITION_RE = re.compile("|".join(re.escape(n) for n in CONDITION_NAMES), re.IGNORECASE)

FORBIDDEN_RE = re.compile(r"\b(?:you\s+(?:should|must|ought\s+to)|we\s+recommend)\b", re.IGNORECASE)

# "44 in 100", "about 20 more people in 100", "5 out of 100", "3 in every 10", and "7 in" with no number after.
NUMBER_PHRASE_RE = re.compile(
    r"\b(\d[\d,]*(?:\.\d+)?)\s+(?:more\s+|extra\s+|fewer\s+)?(?:people\s+)?(?:in|out\s+of)\b\s*(?:every\s+)?(\d[\d,]*)?",
    re.IGNORECASE,
)
# Percentages of people ("77% of people", "45% responded") should be natural frequencies instead.
PERCENT_OF_PEOPLE_RE = re.compile(r"\b\d+(?:\.\d+)?\s*%\s+(?:of\s+)?(?:people|patients|participants|responded)\b", re.I)
TIME_FRAME_RE = re.compile(
    r"\b(?:\d[\d,]*|a|an|one|two|three|four|five|six|few|several)\s+(?:to\s+\d+\s+)?(?:days?|weeks?|months?|years?)\b"
    r"|\b(?:day|week|month|year)\s+\d+\b",
    re.IGNORECASE,
)
SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?])\s+")
# Priorities are plain statements about how an option lines up with what matters: no scores or rankings.
SCORE_RE = re.compile(r"\b(?:score[sd]?|rank(?:s|ed|ing)?|rating|best|worst)\b|\d+\s*/\s*\d+|\d+\s+(?:out\s+of|of)\s+\d+|[★☆]",
                      re.IGNORECASE)
MARKUP_RE = re.compile(r"<[^>]*>|\*\*|__|\[[^\]]*\]\([^)]*\)|^\s*(?:#|[-*] )|`", re.MULTILINE)


# --- loading -------------------------------------------------------------------------------------

def load_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def load_options(rules_dir: Path = RULES) -> dict[str, dict[str, Any]]:
    return {p.stem: load_yaml(p) for p in sorted((rules_dir / "options").glob("*.yaml"))}


def load_sources(rules_dir: Path = RULES) -> list[dict[str, Any]]:
    return list(load_yaml(rules_dir / "sources.yaml")["sources"])


def load_metadata(rules_dir: Path = RULES) -> dict[str, Any]:
    return dict(load_yaml(rules_dir / "metadata.yaml"))


def cited_in_rules(rules_dir: Path = RULES) -> set[str]:
    """Source ids cited anywhere in the rule files (rules/rules/*.yaml, owned by the engine part)."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "sources" and isinstance(value, list):
                    found.update(v for v in value if isinstance(v, str))
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for path in sorted((rules_dir / "rules").glob("*.yaml")):
        try:
            walk(load_yaml(path))
        except yaml.YAMLError:
            continue  # a broken rule file is the engine checker's business, not this lint's
    return found


def rule_texts(rules_dir: Path = RULES) -> Iterator[tuple[str, str]]:
    """(where, text) for every note, highlight reason and question in the rule files, whatever their exact shape."""
    def walk(node: Any, where: str) -> Iterator[tuple[str, str]]:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("text", "question") and isinstance(value, str):
                    yield f"{where}.{key}", value
                else:
                    yield from walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for i, item in enumerate(node):
                yield from walk(item, f"{where}[{i}]")

    for path in sorted((rules_dir / "rules").glob("*.yaml")):
        try:
            doc = load_yaml(path)
        except yaml.YAMLError:
            continue
        yield from walk(doc, path.name)


def rule_source_lists(rules_dir: Path = RULES) -> Iterator[tuple[str, list[Any]]]:
    """(rule id, every source id the rule cites, at rule level or on its effects) for each rule."""
    for path in sorted((rules_dir / "rules").glob("*.yaml")):
        try:
            doc = load_yaml(path)
        except yaml.YAMLError:
            continue
        rules = doc.get("rules") if isinstance(doc, dict) else None
        for rule in rules if isinstance(rules, list) else []:
            if not isinstance(rule, dict):
                continue
            cited = list(rule.get("sources") or [])
            for effect in rule.get("then") or []:
                if isinstance(effect, dict):
                    cited += list(effect.get("sources") or [])
            yield f"{path.name}:{rule.get('id')}", cited


# --- walking an option -----------------------------------------------------------------------------

def statements(option: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every cited statement of an option, with where it is: (path, {text, sources})."""
    if "summary" in option:
        yield "summary", option["summary"]
    for key, cell in (option.get("grid") or {}).items():
        yield f"grid.{key}", cell
    for part in ("pros", "cons"):
        for i, item in enumerate(option.get(part) or []):
            yield f"{part}[{i}]", item
    for i, effect in enumerate(option.get("effects") or []):
        yield f"effects[{i}]", {"text": effect_sentence(effect), "sources": effect.get("sources")}
    if option.get("effect_words"):
        yield "effect_words", option["effect_words"]
    if option.get("harm_words"):
        yield "harm_words", option["harm_words"]
    for key, item in (option.get("priorities") or {}).items():
        yield f"priorities.{key}", item
    for key, item in (option.get("cost") or {}).items():
        yield f"cost.{key}", item
    for i, section in enumerate(option.get("sections") or []):
        for part in ("paragraphs", "items"):
            for j, item in enumerate(section.get(part) or []):
                yield f"sections[{i}:{section.get('id')}].{part}[{j}]", item


def effect_sentence(effect: dict[str, Any]) -> str:
    """The sentences a reader sees for one effects entry, benefit or harm, as the sheet words them (the
    appointment PDF's sentence, which holds both arms and the time frame, and the picture's text alternative)."""
    from decision_aid import icons

    words = icons.describe(effect)
    return " ".join(part for part in (words["brief"], words["alt"]) if part)


def patient_texts(option: dict[str, Any]) -> list[str]:
    """All text a patient reads for this option (not the source list or the also_called names)."""
    texts = [str(option.get("title", ""))]
    texts += [str(stmt.get("text", "")) for _, stmt in statements(option)]
    for section in option.get("sections") or []:
        texts.append(str(section.get("heading", "")))
        texts += [str(link.get("text", "")) for link in section.get("links") or []]
    return [t for t in texts if t.strip()]


def word_count(items: Iterable[dict[str, Any]]) -> int:
    return sum(len(str(item.get("text", "")).split()) for item in items)


# --- lints ----------------------------------------------------------------------------------------

def lint_pros_cons_balance(option: dict[str, Any]) -> list[str]:
    pros, cons = word_count(option.get("pros") or []), word_count(option.get("cons") or [])
    if not pros or not cons:
        return [f"{option.get('id')}: pros ({pros} words) and cons ({cons} words) must both be present"]
    ratio = max(pros, cons) / min(pros, cons)
    if ratio > MAX_PROS_CONS_RATIO:
        return [f"{option.get('id')}: pros have {pros} words and cons {cons} (ratio {ratio:.2f} > {MAX_PROS_CONS_RATIO})"]
    return []


def lint_citations(options: dict[str, dict[str, Any]], sources: list[dict[str, Any]],
                   also_cited: Iterable[str] = ()) -> list[str]:
    problems: list[str] = []
    ids = [str(s.get("id")) for s in sources]
    known = set(ids)
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(f"sources.yaml: duplicate source id {dup!r}")
    cited: set[str] = set(also_cited)
    for option_id, option in options.items():
        for where, stmt in statements(option):
            refs = stmt.get("sources")
            if not isinstance(refs, list) or not refs:
                problems.append(f"{option_id}.{where}: cites no source")
                continue
            for ref in refs:
                cited.add(ref)
                if ref not in known:
                    problems.append(f"{option_id}.{where}: unknown source id {ref!r}")
    for orphan in sorted(known - cited):
        problems.append(f"sources.yaml: source {orphan!r} is never cited")
    return problems


def lint_forbidden_phrases(where: str, text: str) -> list[str]:
    return [f"{where}: directive wording {m.group(0)!r}" for m in FORBIDDEN_RE.finditer(text)]


def lint_number_phrases(where: str, text: str) -> list[str]:
    """Each "N in 100" phrase needs a denominator and a time frame in the same sentence. The denominator is
    100, or 1000 for rare events; one sentence never mixes the two ("compare like with like")."""
    problems: list[str] = []
    for sentence in SENTENCE_SPLIT_RE.split(text):
        used: set[int] = set()
        for match in NUMBER_PHRASE_RE.finditer(sentence):
            denominator = match.group(2)
            if denominator is None:
                problems.append(f"{where}: {match.group(0).strip()!r} has no denominator: {sentence!r}")
                continue
            used.add(int(denominator.replace(",", "")))
            if int(denominator.replace(",", "")) not in DENOMINATORS:
                problems.append(f"{where}: {match.group(0).strip()!r} uses a denominator other than "
                                f"{DENOMINATOR} or {RARE_DENOMINATOR}")
            if not TIME_FRAME_RE.search(sentence):
                problems.append(f"{where}: {match.group(0).strip()!r} has no time frame in its sentence: {sentence!r}")
        if len(used & set(DENOMINATORS)) > 1:
            problems.append(f"{where}: one sentence mixes 'in {DENOMINATOR}' and 'in {RARE_DENOMINATOR}': {sentence!r}")
        for match in PERCENT_OF_PEOPLE_RE.finditer(sentence):
            problems.append(f"{where}: {match.group(0)!r}: give people as 'N in {DENOMINATOR}', not a percentage")
    return problems


ASAS20_RE = re.compile(r"\bASAS\s?20\b|\bat least 20% better\b", re.IGNORECASE)
ASAS40_RE = re.compile(r"\bASAS\s?40\b|\bat least 40% better\b", re.IGNORECASE)
# "20 to 31 more people in 100 improved": a range of how many people in 100 got better
RANGE_OF_PEOPLE_RE = re.compile(r"\b\d+\s+to\s+(?:about\s+)?\d+\s+(?:more\s+|extra\s+)?(?:people\s+)?in\s+100\b",
                                re.IGNORECASE)
IMPROVED_RE = re.compile(r"\b(?:improved|better|responded|reached|response)\b", re.IGNORECASE)


def lint_asas(where: str, text: str) -> list[str]:
    """ASAS20 and ASAS40 are different outcomes: never in one sentence or one range, and a range of people who
    improved names which one it counts."""
    problems: list[str] = []
    for sentence in SENTENCE_SPLIT_RE.split(text):
        has20, has40 = bool(ASAS20_RE.search(sentence)), bool(ASAS40_RE.search(sentence))
        if has20 and has40:
            problems.append(f"{where}: ASAS20 and ASAS40 in one sentence: {sentence!r}")
        elif RANGE_OF_PEOPLE_RE.search(sentence) and IMPROVED_RE.search(sentence) and not (has20 or has40):
            problems.append(f"{where}: a range of people who improved that names no outcome (ASAS20 or ASAS40): "
                            f"{sentence!r}")
    return problems


def lint_plain_text(where: str, text: str) -> list[str]:
    return [f"{where}: markup {m.group(0)!r} (text must be plain)" for m in MARKUP_RE.finditer(text)]


def lint_priorities(option: dict[str, Any]) -> list[str]:
    return [f"{option.get('id')}.priorities.{key}: a score or ranking {m.group(0)!r}"
            for key, item in (option.get("priorities") or {}).items()
            for m in SCORE_RE.finditer(str(item.get("text", "")))]


def _number(value: Any) -> bool:
    return not isinstance(value, bool) and isinstance(value, int | float)


def lint_effects(option: dict[str, Any]) -> list[str]:
    """Every figure, benefit or harm, has its outcome, denominator, comparator, time frame, population and
    certainty; its counts fit the denominator; non-high certainty is shown as approximate."""
    problems: list[str] = []
    for i, effect in enumerate(option.get("effects") or []):
        where = f"{option.get('id')}.effects[{i}]"
        kind = effect.get("kind", "benefit")
        if kind not in KINDS:
            problems.append(f"{where}: kind must be one of {KINDS}, not {kind!r}")
        total = effect.get("denominator", DENOMINATOR)
        if total not in DENOMINATORS:
            problems.append(f"{where}: denominator must be {DENOMINATOR} or {RARE_DENOMINATOR}, not {total!r}")
            total = DENOMINATOR
        counts = ("treated", "placebo") if "extra" not in effect or kind != "harm" else ("extra",)
        for key in counts:
            value = effect.get(key)
            if not _number(value) or not 0 <= value <= total:
                problems.append(f"{where}: {key} must be a number from 0 to {total}, not {value!r}")
        largest = max((effect[k] for k in ("treated", "placebo") if _number(effect.get(k))), default=0)
        if total == RARE_DENOMINATOR and largest >= DENOMINATOR:  # 10 in 100 or more: no need for 1000
            problems.append(f"{where}: {largest} in {RARE_DENOMINATOR} is common enough to tell in {DENOMINATOR}")
        weeks, period = effect.get("weeks"), effect.get("period")
        if period is not None:
            if not isinstance(period, str) or not TIME_FRAME_RE.search(period):
                problems.append(f"{where}: period {period!r} is not a time frame")
        elif not _number(weeks) or weeks <= 0:
            problems.append(f"{where}: the time frame (weeks more than 0, or period) is missing, not {weeks!r}")
        for key in ("trial", "outcome", "medicine", "who"):
            if not isinstance(effect.get(key), str) or not effect[key].strip():
                problems.append(f"{where}: {key} is missing")
        if "comparator" in effect and (not isinstance(effect["comparator"], str) or not effect["comparator"].strip()):
            problems.append(f"{where}: comparator is empty (leave it out for placebo)")
        if not effect.get("population"):
            problems.append(f"{where}: population tags are missing")
        if effect.get("certainty") not in CERTAINTIES:
            problems.append(f"{where}: certainty must be one of {CERTAINTIES}, not {effect.get('certainty')!r}")
        if not effect.get("sources"):
            problems.append(f"{where}: cites no source")
        if effect.get("certainty") != "high" and effect.get("approximate") is not True:
            problems.append(f"{where}: a {effect.get('certainty')!r}-certainty figure must be shown as approximate")
        if kind == "benefit":
            problems += lint_asas(where, str(effect.get("outcome", "")))
    return problems


def lint_harms_told_like_benefits(option: dict[str, Any]) -> list[str]:
    """An option with a benefit figure has at least one harm figure, or harms in words with a source saying
    why there is none (IPDAS 2.1.1: benefits and harms in equal detail)."""
    effects = option.get("effects") or []
    if not any(e.get("kind", "benefit") == "benefit" for e in effects):
        return []
    if any(e.get("kind") == "harm" for e in effects):
        return []
    words = option.get("harm_words") or {}
    if words.get("text") and words.get("sources"):
        return []
    return [f"{option.get('id')}: has benefit figures but no harm figure, and no sourced harm_words saying why"]


def _checked_date(value: Any) -> dt.date | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return dt.date(value, 12, 31)  # a year: checked some time that year
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def lint_cost_checked(option: dict[str, Any], metadata: dict[str, Any]) -> list[str]:
    """Each cost line says when it was checked, and was checked in or after the content's last review
    (metadata reviewed_on): a review that does not re-check prices fails."""
    problems: list[str] = []
    reviewed = dt.date.fromisoformat(str(metadata["reviewed_on"]))
    for region, line in (option.get("cost") or {}).items():
        where = f"{option.get('id')}.cost.{region}"
        checked = _checked_date(line.get("checked"))
        if checked is None:
            problems.append(f"{where}: no 'checked' year or date")
        elif checked < reviewed:
            problems.append(f"{where}: checked {line.get('checked')}, before the last review on {reviewed}: "
                            "check the prices again")
    return problems


def lint_option_text(option: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    option_id = option.get("id")
    for where, stmt in statements(option):
        text = str(stmt.get("text", ""))
        problems += lint_forbidden_phrases(f"{option_id}.{where}", text)
        problems += lint_number_phrases(f"{option_id}.{where}", text)
        problems += lint_plain_text(f"{option_id}.{where}", text)
        problems += lint_asas(f"{option_id}.{where}", text)
    for i, section in enumerate(option.get("sections") or []):
        for link in section.get("links") or []:
            problems += lint_forbidden_phrases(f"{option_id}.sections[{i}].links", str(link.get("text", "")))
    problems += lint_forbidden_phrases(f"{option_id}.title", str(option.get("title", "")))
    problems += lint_priorities(option)
    return problems


# --- reading level --------------------------------------------------------------------------------

def _vowel_groups(word: str) -> int:
    word = re.sub(r"[^a-z]", "", word.lower())
    if not word:
        return 0
    if len(word) <= 3:
        return 1
    word = re.sub(r"(?:[^laeiouy]es|ed|[^laeiouy]e)$", "", word)
    word = re.sub(r"^y", "", word)
    return max(1, len(re.findall(r"[aeiouy]{1,2}", word)))


class _SyllableEstimate(dict):  # type: ignore[type-arg]
    """Stands in for textstat's CMU dictionary: a fake pronunciation with one vowel per syllable."""

    def __init__(self) -> None:
        super().__init__()
        import pyphen

        self._pyphen = pyphen.Pyphen(lang="en_US")

    def __getitem__(self, word: str) -> list[list[str]]:
        count = max(len(self._pyphen.positions(word)) + 1, _vowel_groups(word))
        return [["AH0"] * count]


def mask_names(text: str) -> str:
    return _CONDITION_RE.sub("AS", _DRUG_RE.sub("Drug", text))


def _as_prose(texts: Iterable[str]) -> str:
    return " ".join(t.strip() if t.strip()[-1] in ".?!:" else t.strip() + "." for t in texts if t.strip())


def _clear_textstat_caches() -> None:
    """textstat memoises syllable counts; clear them so no estimate leaks into or out of a measurement."""
    from textstat.backend.counts import _count_syllables
    from textstat.backend.metrics import _flesch_kincaid_grade, _syllables_per_word

    for func in (_count_syllables.count_syllables, _syllables_per_word.syllables_per_word,
                 _flesch_kincaid_grade.flesch_kincaid_grade):
        getattr(func, "cache_clear", lambda: None)()


def fk_grade(text: str) -> float:
    import textstat
    from textstat.backend.counts import _count_syllables

    estimate = _SyllableEstimate()
    _clear_textstat_caches()
    try:
        with mock.patch.object(_count_syllables, "get_cmudict", lambda lang: estimate):
            return float(textstat.flesch_kincaid_grade(mask_names(text)))
    finally:
        _clear_textstat_caches()


def option_grade(option: dict[str, Any]) -> float:
    return fk_grade(_as_prose(patient_texts(option)))


def overall_grade(options: dict[str, dict[str, Any]]) -> float:
    return fk_grade(_as_prose(t for option_id in sorted(options) for t in patient_texts(options[option_id])))


# --- tests on the real content ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def options() -> dict[str, dict[str, Any]]:
    return load_options()


@pytest.fixture(scope="module")
def sources() -> list[dict[str, Any]]:
    return load_sources()


def test_all_nine_options_exist(options: dict[str, dict[str, Any]]) -> None:
    assert sorted(options) == sorted(OPTION_IDS)


@pytest.mark.parametrize("option_id", OPTION_IDS)
def test_pros_and_cons_in_comparable_amount(options: dict[str, dict[str, Any]], option_id: str) -> None:
    assert lint_pros_cons_balance(options[option_id]) == []


def test_every_statement_cites_known_sources_and_no_source_is_orphaned(
        options: dict[str, dict[str, Any]], sources: list[dict[str, Any]]) -> None:
    assert lint_citations(options, sources, cited_in_rules()) == []


@pytest.mark.parametrize("option_id", OPTION_IDS)
def test_wording_numbers_and_plain_text(options: dict[str, dict[str, Any]], option_id: str) -> None:
    assert lint_option_text(options[option_id]) == []


@pytest.mark.parametrize("option_id", OPTION_IDS)
def test_effects_are_natural_frequencies(options: dict[str, dict[str, Any]], option_id: str) -> None:
    assert lint_effects(options[option_id]) == []


@pytest.mark.parametrize("option_id", OPTION_IDS)
def test_harms_are_told_like_benefits(options: dict[str, dict[str, Any]], option_id: str) -> None:
    assert lint_harms_told_like_benefits(options[option_id]) == []


@pytest.mark.parametrize("option_id", ("nsaids", "tnf_inhibitors", "il17_inhibitors", "jak_inhibitors"))
def test_the_medicines_give_harms_as_figures(options: dict[str, dict[str, Any]], option_id: str) -> None:
    """Issue 14: each of the four medicine classes tells at least one harm in numbers (a figure, or for TNF
    inhibitors, where no per-arm figure exists, the difference in words with the trial sizes)."""
    option = options[option_id]
    harms = [e for e in option["effects"] if e.get("kind") == "harm"]
    if option_id == "tnf_inhibitors":
        assert not harms and re.search(r"\d+ (?:more )?in 100 people over", option["harm_words"]["text"])
    else:
        assert 1 <= len(harms) <= 3


@pytest.mark.parametrize("option_id", OPTION_IDS)
def test_cost_lines_were_checked_since_the_last_review(options: dict[str, dict[str, Any]], option_id: str) -> None:
    assert lint_cost_checked(options[option_id], load_metadata()) == []


def test_uk_costs_are_given_not_missing(options: dict[str, dict[str, Any]]) -> None:
    gb = {oid: option["cost"]["GB"]["text"] for oid, option in options.items()}
    assert not any("no UK price" in text for text in gb.values())
    for oid in ("tnf_inhibitors", "il17_inhibitors", "jak_inhibitors"):
        assert "Free to the patient" in gb[oid] and "homecare" in gb[oid]
    for oid in ("nsaids", "csdmards"):
        assert "9.90 pounds per item" in gb[oid] and "Scotland, Wales and Northern Ireland" in gb[oid]
        assert "32.05" in gb[oid] or oid == "nsaids" and "prepayment" in gb[oid]


def test_us_costs_name_the_part_d_cap_biosimilars_and_trial_cover(options: dict[str, dict[str, Any]]) -> None:
    us = {oid: option["cost"]["US"]["text"] for oid, option in options.items()}
    for oid in ("tnf_inhibitors", "il17_inhibitors", "jak_inhibitors"):
        assert "2,100 dollars a year in 2026" in us[oid] and "copay accumulator" in us[oid]
    assert "Adalimumab copies (biosimilars) have been sold since 2023" in us["tnf_inhibitors"]
    assert "No golimumab or certolizumab copy" in us["tnf_inhibitors"]
    assert "Medicare covers routine costs" in us["clinical_trial"]
    assert "only to trials for cancer or other life-threatening conditions" in us["clinical_trial"]
    assert "Etanercept copies cannot be sold until 2029" in us["tnf_inhibitors"]


@pytest.mark.parametrize("option_id", OPTION_IDS)
def test_how_well_it_works_is_given_in_figures_or_words(options: dict[str, dict[str, Any]], option_id: str) -> None:
    option = options[option_id]
    assert option["effects"] or option.get("effect_words"), "no effects and no effect_words"


def test_figures_from_different_trials_carry_a_no_head_to_head_caution(options: dict[str, dict[str, Any]]) -> None:
    for option in options.values():
        trials = {e["trial"] for e in option["effects"]}
        if len(trials) > 1:
            text = option["grid"]["how_well"]["text"].lower()
            assert "head-to-head" in text, f"{option['id']}: figures from several trials without the caution"


@pytest.mark.parametrize("option_id", OPTION_IDS)
def test_reading_grade_of_each_option(options: dict[str, dict[str, Any]], option_id: str) -> None:
    grade = option_grade(options[option_id])
    assert grade <= MAX_FK_GRADE, f"{option_id}: Flesch-Kincaid grade {grade:.1f} > {MAX_FK_GRADE}"


def test_overall_reading_grade_is_low_and_recorded_in_metadata(options: dict[str, dict[str, Any]]) -> None:
    grade = overall_grade(options)
    assert grade <= MAX_FK_GRADE
    recorded = load_metadata()["reading_level"]
    assert recorded["fk_grade"] == round(grade, 1), (
        f"metadata.yaml records {recorded['fk_grade']}, measured {round(grade, 1)}: "
        "run .venv/bin/python tests/test_content_lint.py --write"
    )
    assert dt.date.fromisoformat(recorded["measured_on"]) <= dt.date.today()


def test_rule_notes_use_the_same_wording_and_number_rules() -> None:
    problems: list[str] = []
    texts = list(rule_texts())
    for where, text in texts:
        problems += lint_forbidden_phrases(where, text) + lint_number_phrases(where, text) + lint_plain_text(where, text)
    assert problems == []
    if texts:
        grade = fk_grade(_as_prose(text for _, text in texts))
        assert grade <= MAX_FK_GRADE, f"rule notes: Flesch-Kincaid grade {grade:.1f}"


def test_every_rule_cites_known_sources(sources: list[dict[str, Any]]) -> None:
    known = {s["id"] for s in sources}
    for rule, cited in rule_source_lists():
        assert cited, f"{rule}: cites no source"
        assert set(cited) <= known, f"{rule}: unknown source ids {sorted(set(cited) - known)}"


# --- the lints can fail -------------------------------------------------------------------------------

def _example(options: dict[str, dict[str, Any]], option_id: str = "tnf_inhibitors") -> dict[str, Any]:
    return copy.deepcopy(options[option_id])


def test_balance_lint_catches_one_sided_options(options: dict[str, dict[str, Any]]) -> None:
    option = _example(options)
    option["cons"] = option["cons"][:1]
    assert lint_pros_cons_balance(option)
    option["cons"] = []
    assert lint_pros_cons_balance(option)


def test_citation_lint_catches_missing_unknown_orphan_and_duplicate_sources(
        options: dict[str, dict[str, Any]], sources: list[dict[str, Any]]) -> None:
    broken = {k: copy.deepcopy(v) for k, v in options.items()}
    broken["nsaids"]["pros"][0]["sources"] = []
    broken["nsaids"]["cons"][0]["sources"] = ["no-such-source"]
    broken["clinical_trial"]["sections"][0]["paragraphs"][0].pop("sources")
    extra = [*sources, {"id": "never-cited-2020", "citation": "x", "url": "https://example.org"}, dict(sources[0])]
    problems = "\n".join(lint_citations(broken, extra))
    assert "nsaids.pros[0]: cites no source" in problems
    assert "unknown source id 'no-such-source'" in problems
    assert "clinical_trial.sections[0:what_a_trial_is].paragraphs[0]: cites no source" in problems
    assert "'never-cited-2020' is never cited" in problems
    assert f"duplicate source id {sources[0]['id']!r}" in problems


def test_citation_lint_counts_sources_cited_only_by_rules(
        options: dict[str, dict[str, Any]], sources: list[dict[str, Any]]) -> None:
    extra = [*sources, {"id": "rules-only-2020", "citation": "x", "url": "https://example.org"}]
    assert lint_citations(options, extra, also_cited=cited_in_rules() | {"rules-only-2020"}) == []


@pytest.mark.parametrize("text", [
    "You should start a biologic.", "If so, you must stop.", "We recommend exercise.", "YOU  SHOULD ask.",
    "You ought to try it.",
])
def test_directive_lint_catches(text: str) -> None:
    assert lint_forbidden_phrases("x", text)


@pytest.mark.parametrize("text", ["Guidelines suggest it.", "You can leave at any time.", "Should I change?"])
def test_directive_lint_allows(text: str) -> None:
    assert lint_forbidden_phrases("x", text) == []


@pytest.mark.parametrize("text", [
    "44 in 100 people improved.",                                  # no time frame
    "44 in 100 people improved after 24 weeks, against 15 in.",    # second phrase has no denominator
    "About 3 in 10 people improved after 12 weeks.",                # other denominator
    "20 more people in 100 improved. This was after 12 weeks.",    # time frame in another sentence
    "77% of people felt better after 4 weeks.",                    # percentage of people
])
def test_number_lint_catches(text: str) -> None:
    assert lint_number_phrases("x", text)


@pytest.mark.parametrize("text", [
    "In the trial, 44 in 100 people improved after 24 weeks, compared with 15 in 100 on placebo.",
    "83 in 100 had no flare over 40 weeks.",
    "In trials, 13 to 47 in 100 people on placebo felt better after 12 to 24 weeks.",
    "By week 20, 5 in 100 had stopped.",
    "Response is checked at 12 weeks.",
])
def test_number_lint_allows(text: str) -> None:
    assert lint_number_phrases("x", text) == []


@pytest.mark.parametrize("text", ["<b>bold</b>", "**bold**", "see [this](https://x.org)", "- a list item"])
def test_plain_text_lint_catches_markup(text: str) -> None:
    assert lint_plain_text("x", text)


@pytest.mark.parametrize("text", ["Scores 4/5 for relief.", "Ranked first for cost.", "The best choice.", "★★★"])
def test_priorities_lint_catches_scores_and_rankings(text: str) -> None:
    assert lint_priorities({"id": "x", "priorities": {"low_cost": {"text": text, "sources": ["a"]}}})


def test_effects_lint_catches_bad_entries(options: dict[str, dict[str, Any]]) -> None:
    good = _example(options)["effects"][0]
    cases: list[dict[str, Any]] = [
        {**good, "treated": 101}, {**good, "placebo": -1}, {**good, "treated": "44"}, {**good, "weeks": 0},
        {**good, "trial": ""}, {**good, "outcome": "  "}, {**good, "sources": []},
        {**good, "certainty": "moderate", "approximate": False},
    ]
    for case in cases:
        assert lint_effects({"id": "x", "effects": [case]}), case
    assert lint_effects({"id": "x", "effects": [good]}) == []


def test_effects_lint_catches_missing_parts_of_a_figure(options: dict[str, dict[str, Any]]) -> None:
    harm = next(e for e in _example(options, "jak_inhibitors")["effects"] if e.get("kind") == "harm")
    assert lint_effects({"id": "x", "effects": [harm]}) == []
    cases: list[dict[str, Any]] = [
        {k: v for k, v in harm.items() if k != "period"},            # no time frame
        {**harm, "period": "for a while"},                             # not a time frame
        {k: v for k, v in harm.items() if k != "population"},        # no population
        {**harm, "who": ""},                                           # no population in words
        {**harm, "comparator": " "},                                   # empty comparator
        {**harm, "denominator": 10},                                   # odd denominator
        {**harm, "denominator": 100},                                  # 34 and 25 fit, but ...
        {**harm, "treated": 1001},                                     # more than the denominator
        {**harm, "kind": "risk"},                                      # unknown kind
        {**harm, "certainty": None},                                   # no certainty
    ]
    cases[6] = {**harm, "denominator": 100, "treated": 340}
    for case in cases:
        assert lint_effects({"id": "x", "effects": [case]}), case
    common = {**harm, "treated": 400, "placebo": 300}  # 400 in 1000 belongs in 100
    assert lint_effects({"id": "x", "effects": [common]})
    nsaid = _example(options, "nsaids")["effects"][0]
    assert lint_effects({"id": "x", "effects": [nsaid]}) == []
    assert lint_effects({"id": "x", "effects": [{k: v for k, v in nsaid.items() if k != "extra"}]})


def test_harm_lint_catches_benefits_without_harms(options: dict[str, dict[str, Any]]) -> None:
    option = _example(options, "jak_inhibitors")
    option["effects"] = [e for e in option["effects"] if e.get("kind", "benefit") == "benefit"]
    option["harm_words"] = None
    assert lint_harms_told_like_benefits(option)
    option["harm_words"] = {"text": "No figure was found.", "sources": []}
    assert lint_harms_told_like_benefits(option)
    option["harm_words"]["sources"] = ["fda-2021-jak"]
    assert lint_harms_told_like_benefits(option) == []
    words_only = _example(options, "csdmards")  # no benefit figure: words are enough
    words_only["harm_words"] = None
    assert lint_harms_told_like_benefits(words_only) == []


@pytest.mark.parametrize("text", [
    "In trials, 20 to 31 more people in 100 improved on a TNF inhibitor than on placebo after 12 to 24 weeks.",
    "After 16 weeks, 45 in 100 reached ASAS40 and 61 in 100 reached ASAS20.",
    "At least 20% better or at least 40% better (ASAS20 or ASAS40).",
])
def test_asas_lint_catches_mixed_or_unnamed_outcomes(text: str) -> None:
    assert lint_asas("x", text)


@pytest.mark.parametrize("text", [
    "In 2 trials that measured ASAS40, 29 to 33 more people in 100 reached it after 24 weeks. "
    "In 3 trials that measured ASAS20, 20 to 37 more people in 100 reached it after 12 weeks.",
    "Pain was 16 to 17 points lower on a 0 to 100 scale after 2 to 6 weeks.",
])
def test_asas_lint_allows_one_named_outcome_per_sentence(text: str) -> None:
    assert lint_asas("x", text) == []


def test_number_lint_takes_1000_for_rare_events_but_never_mixed_with_100() -> None:
    assert lint_number_phrases("x", "Over about 4 years, 34 in 1000 on tofacitinib had one, against 25 in 1000.") == []
    assert lint_number_phrases("x", "Over 1 year, 3 in 1000 had one, against 2 in 100 on placebo.")


def test_cost_lint_catches_lines_not_checked_since_the_review(options: dict[str, dict[str, Any]]) -> None:
    metadata = load_metadata()
    option = _example(options)
    assert lint_cost_checked(option, metadata) == []
    reviewed = dt.date.fromisoformat(metadata["reviewed_on"])
    for stale in (reviewed.year - 1, (reviewed - dt.timedelta(days=1)).isoformat(), None, "someday", True):
        option["cost"]["US"]["checked"] = stale
        assert lint_cost_checked(option, metadata), stale
    option["cost"]["US"]["checked"] = reviewed.isoformat()
    assert lint_cost_checked(option, metadata) == []
    assert lint_cost_checked(option, {**metadata, "reviewed_on": f"{reviewed.year + 1}-01-15"})


def test_reading_grade_rises_for_hard_text_and_ignores_drug_names() -> None:
    easy = "The pill helps. It is cheap. Most people take it once a day."
    hard = ("Pharmacological immunomodulatory interventions necessitate comprehensive individualised "
            "consideration of contraindications, comorbidities and administration characteristics.")
    assert fk_grade(hard) > MAX_FK_GRADE >= fk_grade(easy)
    assert fk_grade("Adalimumab helps. Certolizumab is cheap.") == fk_grade("Drug helps. Drug is cheap.")


# --- recompute (see the module docstring) -------------------------------------------------------------

def _main(argv: list[str]) -> int:
    options = load_options()
    for option_id in OPTION_IDS:
        print(f"{option_id:20} {option_grade(options[option_id]):5.1f}")
    overall = round(overall_grade(options), 1)
    print(f"{'overall':20} {overall:5.1f}")
    if "--write" in argv:
        path = RULES / "metadata.yaml"
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"(?m)^(\s+fk_grade:\s*).*$", lambda m: f"{m.group(1)}{overall}", text)
        text = re.sub(r"(?m)^(\s+measured_on:\s*).*$", lambda m: f'{m.group(1)}"{dt.date.today().isoformat()}"', text,
                      count=1)  # reading_level's, not a translation's (translations.*.reading_level comes after it)
        path.write_text(text, encoding="utf-8")
        print(f"updated {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
