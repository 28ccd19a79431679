"""A pseudo-language for finding words that do not go through translation.

`build(folder)` writes catalogues for the language "es" in which every message of messages.pot and
content.pot is wrapped in ⟪ ⟫ (placeholders kept). An app made with `TRANSLATIONS_DIRS=[folder]` then
shows every translated string wrapped; `untranslated(html)` lists the visible text outside the markers.

    .venv/bin/python tests/pseudo.py /sheet [--persona NAME]    # print what is not translated on a page

Allowed outside the markers: numbers, punctuation, the scores' and units' international names, medicine
names, and anything inside an element marked translate="no" (citations, medicine names, what the person
typed).
"""

from __future__ import annotations

import re
import sys
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
POT_DIR = ROOT / "decision_aid" / "translations"
OPEN, CLOSE = "⟪", "⟫"
LANGUAGE = "es"

# Words that are the same in Spanish: score and unit names, and the medicines' international names.
ALLOWED_WORDS = frozenset(word.lower() for word in [
    "BASDAI", "ASDAS", "ASDAS-CRP", "ASDAS-ESR", "mg", "dL", "mm", "FHIR", "JSON", "PDF", "SURE", "ASAS",
    "ASAS20", "ASAS40", "ASAS-EULAR", "EULAR", "ACR", "NICE", "FDA", "EMA", "MHRA", "NHS", "TB", "HLA-B27",
    "IL-17", "TNF", "JAK", "Medicare", "Medicaid", "ACA", "GO-RAISE", "ATLAS", "ASSERT", "COAST-V", "COAST-W",
    "COAST-X", "MEASURE", "BE", "MOBILE", "SELECT-AXIS", "ORAL", "Surveillance", "SPARTAN", "ClinicalTrials.gov",
    "ISRCTN", "WHO", "ICTRP", "EU", "CTIS", "adalimumab", "etanercept", "infliximab", "golimumab",
    "certolizumab", "secukinumab", "ixekizumab", "bimekizumab", "upadacitinib", "tofacitinib", "naproxen",
    "ibuprofen", "diclofenac", "meloxicam", "celecoxib", "etoricoxib", "sulfasalazine", "methotrexate",
    "leflunomide", "Humira", "Enbrel", "Remicade", "Simponi", "Cimzia", "Cosentyx", "Taltz", "Bimzelx", "Rinvoq",
    "Xeljanz",
])

# Dates and numbers are formatted by Babel in the language (not through the catalogues): their words pass.
ALLOWED_WORDS = ALLOWED_WORDS | frozenset([
    "de", "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
    "agosto", "septiembre", "setiembre", "octubre", "noviembre", "diciembre",
    "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "sep", "oct", "nov", "dic", "pegol",
])

_SKIP_TAGS = frozenset({"script", "style"})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                   "track", "wbr"})
# Elements inside a line of text: their words join the words around them (one message can hold a link).
_INLINE = frozenset({"a", "abbr", "b", "bdi", "bdo", "cite", "code", "em", "i", "kbd", "mark", "q", "s", "small",
                     "span", "strong", "sub", "sup", "time", "u", "var", "wbr"})
_VISIBLE_ATTRS = ("alt", "aria-label", "title", "placeholder")
_MARKED = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9.\-]*[A-Za-z0-9]|[A-Za-z]")


_PLACEHOLDER = re.compile(r"(%\(\w+\)[sdifr]|%%)")


def _wrap(text: str) -> str:
    """Each run of words between placeholders marked, the placeholders not: a value put into a message
    (a date, a name, a text from the content) is then checked on its own, not hidden inside the marks."""
    if not text:
        return text
    parts = _PLACEHOLDER.split(text)
    return "".join(part if _PLACEHOLDER.fullmatch(part) or not part.strip() else f"{OPEN}{part}{CLOSE}"
                   for part in parts)


def build(folder: Path, pot_dir: Path = POT_DIR) -> Path:
    """Pseudo catalogues for every domain with a .pot, as language "es" under `folder`; returns `folder`."""
    for pot in sorted(pot_dir.glob("*.pot")):
        with pot.open("rb") as src:
            template = read_po(src)
        catalog = Catalog(locale=LANGUAGE, domain=pot.stem)
        for message in template:
            if not message.id:
                continue
            if isinstance(message.id, (list, tuple)):  # a plural: as many forms as the language has (es: 3)
                forms = [_wrap(str(part)) for part in message.id]
                forms += forms[-1:] * (catalog.num_plurals - len(forms))
                catalog.add(message.id, forms, context=message.context)
            else:
                catalog.add(message.id, _wrap(str(message.id)), context=message.context)
        out = folder / LANGUAGE / "LC_MESSAGES" / f"{pot.stem}.mo"
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("wb") as mo:
            write_mo(mo, catalog)
    return folder


def leftover(text: str) -> str:
    """`text` without its marked parts (nested marks too)."""
    previous = None
    while previous != text:
        previous, text = text, _MARKED.sub(" ", text)
    return text


def english_in(text: str, allowed: frozenset[str] = ALLOWED_WORDS, ignore: tuple[str, ...] = ()) -> str | None:
    """The unmarked words of `text` that are not allowed, or None when there are none."""
    rest = leftover(text)
    for phrase in ignore:
        rest = rest.replace(phrase, " ")
    words = [w for w in _WORD.findall(rest) if w.lower() not in allowed and len(w) > 1]
    return " ".join(words) if words else None


class _Visible(HTMLParser):
    """The visible text of a page, one piece per block: the text of inline elements (a link, <strong>,
    a <span>) joins the text around it, so a message with a link inside ("<a>Save my answers</a>, so
    you can...") reads as the one sentence it is. Hidden elements (translate="no", scripts) are left
    out of their block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, hidden from the check)
        self.found: list[str] = []
        self.block: list[str] = []  # the text of the block being read

    def _hidden(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def _flush(self) -> None:
        text = "".join(self.block)
        if text.strip():
            self.found.append(text)
        self.block = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _INLINE:
            self._flush()
        values = dict(attrs)
        hidden = self._hidden() or tag in _SKIP_TAGS or values.get("translate") == "no"
        if not hidden:
            for name in _VISIBLE_ATTRS:
                if values.get(name):
                    self.found.append(str(values[name]))
            if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
                self.found.append(str(values["value"]))
            if tag == "meta" and values.get("name") == "description" and values.get("content"):
                self.found.append(str(values["content"]))
        if tag not in _VOID:
            self.stack.append((tag, hidden))

    def handle_endtag(self, tag: str) -> None:
        if tag not in _INLINE:
            self._flush()
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        if not self._hidden():
            self.block.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def visible_texts(html: str) -> list[str]:
    parser = _Visible()
    parser.feed(html)
    parser.close()
    return [t.strip() for t in parser.found if t.strip()]


def untranslated(html: str, ignore: tuple[str, ...] = ()) -> list[str]:
    """Each visible text (or attribute a person reads) with words outside the markers."""
    return [text for text in visible_texts(html) if english_in(text, ignore=ignore)]


def untranslated_pdf_text(text: str, ignore: tuple[str, ...] = ()) -> list[str]:
    """The lines of a PDF's text (pdftotext) with words outside the markers."""
    return [line.strip() for line in text.splitlines() if line.strip() and english_in(line, ignore=ignore)]


def pdf_text_without(text: str, parts: list[str]) -> str:
    """A PDF's text (pdftotext) on one line, with each of `parts` (citations, printed addresses) taken out
    wherever the PDF's line breaks put spaces inside it or hyphenation took a hyphen away; ligatures and
    words hyphenated at a line's end joined again."""
    text = re.sub(r"[-\u2010\u00ad]\n", "", unicodedata.normalize("NFKC", text))
    flat = re.sub(r"\s+", " ", text)
    for part in sorted(parts, key=len, reverse=True):
        spaced = r"\s*".join("-?" if ch == "-" else re.escape(ch) for ch in part if not ch.isspace())
        flat = re.sub(spaced, " ", flat)
    return flat


def _main(argv: list[str]) -> int:
    import argparse
    import tempfile

    sys.path.insert(0, str(ROOT))
    from bench.samples import PEOPLE, SAMPLE_ANSWERS
    from decision_aid import create_app

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", nargs="+", help="page paths, e.g. / /about-you /check-answers /sheet")
    parser.add_argument("--persona", help="a name from bench/samples.py PEOPLE (default: the sample answers)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "TRANSLATIONS_DIRS": [build(Path(tmp))]})
        client = app.test_client()
        answers = dict(PEOPLE[args.persona] if args.persona else SAMPLE_ANSWERS, language=LANGUAGE)
        with client.session_transaction() as sess:
            sess["answers"] = answers
        bad = 0
        for path in args.path:
            response = client.get(path, follow_redirects=True)
            for text in untranslated(response.get_data(as_text=True)):
                print(f"{path}: {text!r}")
                bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
