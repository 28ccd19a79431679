"""Reading level of the Spanish (issue 16): Fernández-Huerta and Szigriszt-Pazos, measured with textstat over
the same patient-facing option text as the English grade (tests/test_content_lint.py: titles, summaries, grid
cells, pros, cons, figures, priorities, cost notes and sections), in Spanish: the content catalogue applied to
the option files, and the figures' sentences (icons.describe) made in Spanish. Medicine, brand and condition
names are replaced by a placeholder word, as for the English.

The figures are recorded in rules/metadata.yaml (translations.es.reading_level); a test measures again and
fails when a recorded figure is more than 1 point off, or when the text is not "fairly easy" (Fernández-Huerta
70 or more, or Szigriszt-Pazos 65 or more). Until 90 % of the option text and of the code's messages is
translated the test skips, saying how far the translation has got and the figure for what is translated so far.

    .venv/bin/python tests/test_translation_readability.py            # print the figures
    .venv/bin/python tests/test_translation_readability.py --write    # ... and record them in rules/metadata.yaml
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from test_content_lint import DRUG_NAMES, RULES, _as_prose, effect_sentence, load_metadata, load_options, patient_texts

from decision_aid.content_i18n import texts_in, translate_data
from decision_aid.i18n import TRANSLATIONS_DIR
from decision_aid.translation_check import check_languages, read_catalogue, translated

LANGUAGE = "es"
READY_SHARE = 0.9  # measured and held to the target from this share of translated text
FERNANDEZ_HUERTA_TARGET = 70.0  # "bastante fácil" (fairly easy)
SZIGRISZT_PAZOS_TARGET = 65.0  # "bastante fácil" on the INFLESZ scale
TOLERANCE = 1.0
MEASURED_WITH = (
    "textstat 0.7.13 with set_lang('es'): Fernández-Huerta and Szigriszt-Pazos over all patient-facing option text "
    "in Spanish (titles, summaries, grid cells, pros, cons, figures, priorities, cost notes and sections, as for the "
    "English grade), with medicine, brand and condition names replaced by a placeholder word. Syllables are counted "
    "with pyphen's Spanish hyphenation dictionary."
)

SPANISH_DRUG_NAMES = (
    "naproxeno", "ibuprofeno", "diclofenaco", "sulfasalazina", "metotrexato", "metilprednisolona", "leflunomida",
    "colestiramina", "remestemcel-L",
)
_DRUG_RE = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, (*DRUG_NAMES, *SPANISH_DRUG_NAMES))) + r")(?!\w)",
                      re.IGNORECASE)
CONDITION_NAMES = ("espondiloartritis axial no radiográfica", "espondiloartritis axial radiográfica",
                   "espondiloartritis axial", "espondilitis anquilosante")
_CONDITION_RE = re.compile("|".join(map(re.escape, CONDITION_NAMES)), re.IGNORECASE)


def mask_names(text: str) -> str:
    return _CONDITION_RE.sub("EA", _DRUG_RE.sub("fármaco", text))


def readability(text: str) -> tuple[float, float]:
    """(Fernández-Huerta, Szigriszt-Pazos) of Spanish text; textstat's language is set back to English after."""
    import textstat

    textstat.set_lang(LANGUAGE)
    try:
        masked = mask_names(text)
        return float(textstat.fernandez_huerta(masked)), float(textstat.szigriszt_pazos(masked))
    finally:
        textstat.set_lang("en_US")


def catalogue_words(po: Path) -> dict[str, str]:
    """English → Spanish for every translated, not fuzzy, entry of a content catalogue."""
    if not po.exists():
        return {}
    return {str(m.id): str(m.string) for m in read_catalogue(po, LANGUAGE) if m.id and translated(m)}


@dataclass
class Measure:
    fernandez_huerta: float
    szigriszt_pazos: float
    options_done: int
    options_total: int
    messages_done: int
    messages_total: int
    with_figures: bool

    @property
    def options_share(self) -> float:
        return self.options_done / self.options_total if self.options_total else 0.0

    @property
    def messages_share(self) -> float:
        return self.messages_done / self.messages_total if self.messages_total else 0.0

    @property
    def ready(self) -> bool:
        return self.options_share >= READY_SHARE and self.messages_share >= READY_SHARE

    @property
    def fairly_easy(self) -> bool:
        return self.fernandez_huerta >= FERNANDEZ_HUERTA_TARGET or self.szigriszt_pazos >= SZIGRISZT_PAZOS_TARGET

    def describe(self) -> str:
        what = "all option text" if self.with_figures else "the option text translated so far, without the figures"
        figures = (f"Fernández-Huerta {self.fernandez_huerta:.1f}, Szigriszt-Pazos {self.szigriszt_pazos:.1f} over {what}"
                   if self.options_done else "nothing to measure yet")
        return (f"{figures} ({self.options_done} of {self.options_total} option texts ({self.options_share:.0%}) and "
                f"{self.messages_done} of {self.messages_total} messages ({self.messages_share:.0%}) translated; "
                f"target: Fernández-Huerta {FERNANDEZ_HUERTA_TARGET:.0f} or Szigriszt-Pazos "
                f"{SZIGRISZT_PAZOS_TARGET:.0f}" + (f": {'met' if self.fairly_easy else 'not met'})" if self.options_done
                                                   else ")"))


def spanish_texts(options: dict[str, dict[str, Any]], translate: Callable[[str], str],
                  figure: Callable[[dict[str, Any]], str] | None) -> list[str]:
    """The patient-facing texts of every option with `translate` applied (a text translated to "" is left out);
    the figures' sentences made by `figure`, or left out without it."""
    texts: list[str] = []
    for option_id in sorted(options):
        option = translate_data(options[option_id], translate)
        texts += patient_texts({**option, "effects": []})
        if figure is not None:
            texts += [figure(effect) for effect in option.get("effects") or []]
    return [t for t in texts if t.strip()]


def _spanish_figures() -> Callable[[dict[str, Any]], str]:
    """effect_sentence as the Spanish sheet words it (the code's messages in Spanish)."""
    from flask_babel import force_locale

    from decision_aid import create_app

    app = create_app({"TESTING": True})

    def figure(effect: dict[str, Any]) -> str:
        with app.test_request_context(), force_locale(LANGUAGE):
            return effect_sentence(effect)
    return figure


def measure(options: dict[str, dict[str, Any]] | None = None, words: dict[str, str] | None = None,
            messages: tuple[int, int] | None = None) -> Measure:
    """The Spanish reading level: of all option text once READY_SHARE is translated, else of what is."""
    options = options if options is not None else load_options()
    words = words if words is not None else catalogue_words(TRANSLATIONS_DIR / LANGUAGE / "LC_MESSAGES" / "content.po")
    if messages is None:
        (report,) = check_languages(TRANSLATIONS_DIR, RULES, only=[LANGUAGE])
        messages = (report.messages_done, report.messages_total)
    english = [text for option in options.values() for _key, text in texts_in(option)]
    done = sum(1 for text in english if text in words)
    partial = Measure(0.0, 0.0, done, len(english), *messages, with_figures=False)
    if partial.ready:
        texts = spanish_texts(options, lambda s: words.get(s, s), _spanish_figures())
        partial.with_figures = True
    else:
        texts = spanish_texts(options, lambda s: words.get(s, ""), None)
    if texts:
        partial.fernandez_huerta, partial.szigriszt_pazos = readability(_as_prose(texts))
    return partial


# --- the real translation ------------------------------------------------------------------------------------

def test_spanish_reading_level_is_recorded_and_fairly_easy() -> None:
    measured = measure()
    print(measured.describe())
    if not measured.ready:
        pytest.skip(f"the Spanish is not yet {READY_SHARE:.0%} translated: {measured.describe()}")
    recorded = (load_metadata().get("translations") or {}).get(LANGUAGE, {}).get("reading_level")
    hint = "record it: .venv/bin/python tests/test_translation_readability.py --write"
    assert recorded, f"rules/metadata.yaml has no translations.es.reading_level ({measured.describe()}); {hint}"
    for name in ("fernandez_huerta", "szigriszt_pazos"):
        assert abs(recorded[name] - getattr(measured, name)) <= TOLERANCE, (
            f"metadata.yaml records {name} {recorded[name]}, measured {getattr(measured, name):.1f}; {hint}")
    assert dt.date.fromisoformat(recorded["measured_on"]) <= dt.date.today()
    assert measured.fairly_easy, f"the Spanish is not fairly easy to read: {measured.describe()}"


# --- the measure itself ------------------------------------------------------------------------------------

EASY = "El medicamento ayuda. Es barato. Casi todos lo toman una vez al día."
HARD = ("Las intervenciones farmacológicas inmunomoduladoras requieren una consideración individualizada y "
        "exhaustiva de las contraindicaciones, las comorbilidades y las características de administración.")


def test_easy_spanish_reads_easier_than_hard_spanish() -> None:
    easy, hard = readability(EASY), readability(HARD)
    assert easy[0] >= FERNANDEZ_HUERTA_TARGET and easy[1] >= SZIGRISZT_PAZOS_TARGET
    assert hard[0] < FERNANDEZ_HUERTA_TARGET and hard[1] < SZIGRISZT_PAZOS_TARGET


def test_names_are_masked_and_textstat_is_left_in_english() -> None:
    import textstat

    assert readability("El metotrexato ayuda. La espondiloartritis axial duele.") == \
        readability("El adalimumab ayuda. La espondilitis anquilosante duele.")
    assert textstat.textstat._textstatistics__lang == "en_US"  # the English grade is measured in English


def _some_options() -> dict[str, dict[str, Any]]:
    return {"nsaids": {
        "id": "nsaids", "title": "NSAIDs",
        "pros": [{"text": "They ease pain quickly.", "sources": ["a"]}, {"text": "They are cheap.", "sources": ["a"]}],
        "cons": [{"text": "Stomach upset is common.", "sources": ["a"]}],
        "effects": [{"kind": "benefit", "treated": 44, "placebo": 15, "weeks": 6, "outcome": "felt better",
                     "who": "adults", "trial": "a trial", "medicine": "naproxen", "certainty": "high"}],
    }}


def test_only_what_is_translated_is_measured_until_nearly_all_is() -> None:
    words = {"They ease pain quickly.": "Alivian el dolor pronto.", "They are cheap.": "Son baratos."}
    measured = measure(_some_options(), words, messages=(0, 10))
    assert (measured.options_done, measured.options_total) == (2, 8)  # title, 3 texts, 4 words of the figure
    assert not measured.ready and not measured.with_figures
    assert (measured.fernandez_huerta, measured.szigriszt_pazos) == readability("Alivian el dolor pronto. Son baratos.")
    assert "2 of 8 option texts (25%)" in measured.describe()


def test_everything_translated_is_measured_with_the_figures() -> None:
    options = _some_options()
    english = [text for _key, text in texts_in(options["nsaids"])]
    words = {text: f"Texto {i} en español." for i, text in enumerate(english)}
    measured = measure(options, words, messages=(10, 10))
    assert measured.ready and measured.with_figures
    assert measured.fernandez_huerta > 0


# --- recompute (see the module docstring) ----------------------------------------------------------------------

def reading_level_block(measured: Measure, today: dt.date) -> list[str]:
    return ["    reading_level:", f"      fernandez_huerta: {measured.fernandez_huerta:.1f}",
            f"      szigriszt_pazos: {measured.szigriszt_pazos:.1f}", f'      measured_with: "{MEASURED_WITH}"',
            f'      measured_on: "{today.isoformat()}"']


def with_reading_level(text: str, block: Iterable[str]) -> str:
    """metadata.yaml's text with translations.es.reading_level replaced by (or given) `block`."""
    lines = text.splitlines()
    start = lines.index("translations:")
    es = lines.index(f"  {LANGUAGE}:", start)
    end = next((i for i in range(es + 1, len(lines)) if lines[i].strip() and not lines[i].startswith("   ")),
               len(lines))
    body = lines[es + 1:end]
    old = next((i for i, line in enumerate(body) if line.startswith("    reading_level:")), None)
    if old is not None:
        after = next((i for i in range(old + 1, len(body)) if not body[i].startswith("     ")), len(body))
        body = body[:old] + body[after:]
    while body and not body[-1].strip():
        body.pop()
    return "\n".join([*lines[:es + 1], *body, *block, *lines[end:]]) + "\n"


def test_the_reading_level_is_written_into_the_translation_record() -> None:
    text = ("x: 1\ntranslations:\n  es:\n    translated_by: \"Ana\"\n    clinician_review: pending\n"
            "# next\ncondition:\n  heading: y\n")
    block = ["    reading_level:", "      fernandez_huerta: 71.0"]
    once = with_reading_level(text, block)
    assert "    clinician_review: pending\n    reading_level:\n      fernandez_huerta: 71.0\n# next\n" in once
    assert with_reading_level(once, ["    reading_level:", "      fernandez_huerta: 72.0"]) == \
        once.replace("71.0", "72.0")


def _main(argv: list[str]) -> int:
    measured = measure()
    print(measured.describe())
    if "--write" in argv:
        if not measured.ready:
            print(f"not recorded: under {READY_SHARE:.0%} is translated")
            return 1
        path = RULES / "metadata.yaml"
        block = reading_level_block(measured, dt.date.today())
        path.write_text(with_reading_level(path.read_text(encoding="utf-8"), block), encoding="utf-8")
        print(f"updated {path.relative_to(RULES.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
