"""The options sheet as standalone HTML and as PDF, from the sheet dict (docs/architecture.md).

The web page (`sheet_views`), the PDF and the command line all render the same templates from the
same sheet dict. `sheet_html` and `sheet_pdf` need no Flask app, so `decision-aid sheet` gives the
same output offline.

PDF safety and cost (engineering-notes.md):
- WeasyPrint would fetch `file://` and `http://` URLs found in the HTML. `StaticFilesFetcher` serves
  only files inside the app's own `static/` folder and `data:` URLs, refuses everything else
  (other files, other hosts, redirects), and is given to both `HTML(...)` and `CSS(...)`.
- User text reaches the HTML only through Jinja autoescaping; nothing from the user goes into
  stylesheets, attachments or metadata. The stylesheets are static files parsed once per process
  against one `FontConfiguration` (a new one per render leaks ≈ 0.3 MB a render).
"""

from __future__ import annotations

import atexit
import base64
import logging
import mimetypes
import re
import threading
import zlib
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from . import icons
from .config import ROOT, STATIC_DIR
from .templating import DictFirstEnvironment

TEMPLATES_DIR = ROOT / "templates"
PDF_CSS = STATIC_DIR / "css" / "pdf.css"
NOTE_LEVELS = (  # most important first; the words are shown, never colour alone
    ("warning", "Warning"),
    ("caution", "Caution"),
    ("favours", "In favour"),
    ("info", "Good to know"),
)
SURE_QUESTIONS = (  # OHRI wording, unchanged (O'Connor & Légaré)
    ("sure", "Sure of myself", "Do you feel SURE about the best choice for you?"),
    ("understand", "Understand information", "Do you know the benefits and risks of each option?"),
    ("risks", "Risk-benefit ratio", "Are you clear about which benefits and risks matter most to you?"),
    ("encouragement", "Encouragement", "Do you have enough support and advice to make a choice?"),
)
# The appointment PDF (`brief`): the same grid questions for every option, chosen so benefits and
# harms sit side by side; how well it works (the trial numbers) comes after "how soon".
BRIEF_ROWS = ("how_taken", "how_soon", "side_effects", "serious_risks")
BRIEF_SECTIONS = ("finding_a_trial", "stem_cells")  # trial registries; stem-cell facts and red flags
GRID_COLUMNS_PER_PDF_TABLE = 3  # nine options do not fit across a portrait page in readable type: 3 + 3 + 3

# WeasyPrint logs every step at INFO and refused URLs at WARNING; keep the service's logs to real
# errors (and free of anything that came from a document).
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
logging.getLogger("weasyprint").setLevel(logging.ERROR)

_render_lock = threading.Lock()  # Pango and the shared font configuration are not thread-safe


class RefusedURL(ValueError):
    """The PDF asked for something other than our own static files or a data: URL."""


def make_fetcher(static_dir: Path = STATIC_DIR) -> Any:
    """A WeasyPrint URL fetcher that serves only files inside `static_dir` and `data:` URLs."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesFetcher(URLFetcher):
        """Serves `data:` URLs and regular files inside the static folder; refuses everything else."""

        def __init__(self, root: Path) -> None:
            super().__init__(timeout=1, allowed_protocols=("data", "file"), allow_redirects=False,
                             fail_on_errors=False)
            self.root = root.resolve()

        def resolve(self, url: str) -> Path:
            """The static file a `file:` URL names, or RefusedURL."""
            parts = urlsplit(url)
            if parts.scheme.lower() != "file":
                raise RefusedURL("only the app's own static files may be used in the PDF")
            if parts.netloc not in ("", "localhost"):
                raise RefusedURL("file URLs on other hosts are refused")
            path = Path(url2pathname(unquote(parts.path)) if "%" in parts.path else url2pathname(parts.path))
            try:
                resolved = path.resolve(strict=True)
            except (OSError, RuntimeError) as exc:
                raise RefusedURL("no such static file") from exc
            if not resolved.is_relative_to(self.root) or not resolved.is_file():
                raise RefusedURL("only the app's own static files may be used in the PDF")
            return resolved

        def fetch(self, url: str, headers: Any = None) -> Any:
            scheme = url.split(":", 1)[0].lower() if ":" in url else ""
            if scheme == "data":
                return super().fetch(url, headers)
            resolved = self.resolve(url)
            mime = mimetypes.guess_type(resolved.name)[0] or "application/octet-stream"
            if resolved.suffix == ".ttf":
                mime = "font/ttf"
            return URLFetcherResponse(resolved.as_uri(), resolved.read_bytes(), {"Content-Type": mime})

        def open(self, url: Any, data: Any = None, timeout: Any = None) -> Any:
            full = getattr(url, "full_url", url)
            return self.fetch(str(full))

    return StaticFilesFetcher(static_dir)


# ---------------------------------------------------------------------------------------------
# Templates and the view model


@cache
def jinja_env() -> Environment:
    """A Jinja environment like the app's (autoescape on, dict keys first) that needs no Flask app."""
    env = DictFirstEnvironment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


def _long_date(value: Any) -> str:
    """`2026-11-23` or an ISO timestamp → `23 November 2026`; anything else unchanged."""
    if not value:
        return ""
    text = str(value)
    try:
        parsed: date = datetime.fromisoformat(text.replace("Z", "+00:00")).date() if "T" in text else date.fromisoformat(text)
    except ValueError:
        return text
    return f"{parsed.day} {parsed.strftime('%B %Y')}"


def _iso_date(value: Any) -> str:
    text = str(value or "")
    match = re.match(r"\d{4}-\d{2}-\d{2}", text)
    return match.group(0) if match else date.today().isoformat()


class Citer:
    """`cite(ids, web)`: " [3, 12]", linked to the numbered sources on the web page.

    A sheet cites about 300 times but only about 120 different lists, and Jinja macros are slow, so
    the markup is built here and kept per list. One citer per render (made in `view_model`), so
    nothing outlives the page. It also records which sources it cited (`cited`): the appointment
    PDF lists exactly those. The numbers are the content's own integers: safe as markup."""

    def __init__(self, numbers: dict[str, int]) -> None:
        self.numbers = numbers
        self.cited: set[str] = set()
        self._memo: dict[tuple[Any, bool], Markup] = {}

    def __call__(self, ids: Any, web: bool = False) -> Markup:
        key = (tuple(ids or ()), bool(web))
        found = self._memo.get(key)
        if found is None:
            known = [i for i in key[0] if i in self.numbers]
            self.cited.update(known)
            nums = sorted({self.numbers[i] for i in known})
            if not nums:
                found = Markup("")
            elif web:
                links = ", ".join(f'<a href="#source-{n}" class="govuk-link app-cite__link">'
                                  f'<span class="app-visually-hidden">source </span>{n}</a>' for n in nums)
                found = Markup(f' <span class="app-cite">[{links}]</span>')  # noqa: S704 - integers only
            else:
                found = Markup(f" [{', '.join(str(n) for n in nums)}]")  # noqa: S704 - integers only
            self._memo[key] = found
        return found


def view_model(sheet: dict[str, Any]) -> dict[str, Any]:
    """What the templates need beyond the sheet itself; the sheet is not changed."""
    numbers = {s["id"]: int(s["number"]) for s in sheet.get("sources") or []}
    options = []
    for option in sheet.get("options") or []:
        effects = []
        for effect in option.get("effects") or []:
            arr = icons.effect_array(effect)
            effects.append({
                "effect": effect,
                "image": icons.data_url(arr.baseline, arr.extra),
                "baseline": arr.baseline,
                "extra": arr.extra,
                "none": 100 - arr.filled,
                "words": icons.describe(effect),
                            })
        notes = option.get("notes") or []
        grouped = [
            {"level": level, "label": label, "notes": [n for n in notes if n.get("level") == level]}
            for level, label in NOTE_LEVELS
        ]
        prios = option.get("priorities") or []
        top = [p for p in prios if (p.get("rating") or 0) >= 3] or sorted(prios, key=lambda p: -(p.get("rating") or 0))[:3]
        options.append({
            "option": option,
            "priorities_top": top,  # the PDF shows what matters most; the web page shows all
            "effects": effects,
            "note_groups": [g for g in grouped if g["notes"]],
        })
    columns = [o["option"] for o in options]
    # Page 1: options highlighted for the same reasons are shown once, together.
    groups: list[dict[str, Any]] = []
    for option in columns:
        if not option.get("highlight"):
            continue
        for reason in option.get("highlight_reasons") or [{"text": "", "because": []}]:
            key = (reason.get("text") or "", tuple(reason.get("because") or []))
            found = next((g for g in groups if g["key"] == key), None)
            if found is None:
                groups.append({"key": key, "text": key[0], "because": list(key[1]), "options": [option]})
            elif option not in found["options"]:
                found["options"].append(option)
    step = GRID_COLUMNS_PER_PDF_TABLE
    grid_pdf = [{"options": columns[i:i + step], "first": i + 1, "last": min(i + step, len(columns))}
                for i in range(0, len(columns), step)]
    sure = sheet.get("sure")
    sure_rows = []
    if sure:
        answers = sure.get("answers") or {}
        sure_rows = [{"key": k, "letter": name, "question": q, "answer": answers.get(k)} for k, name, q in SURE_QUESTIONS]
    return {
        "sheet": sheet,
        "source_numbers": numbers,
        "cite": Citer(numbers),
        "options_vm": options,
        "highlighted": [o for o in columns if o.get("highlight")],
        "highlight_groups": groups,
        "grid_pdf": grid_pdf,
        "grid_web": [{"options": columns, "first": 1, "last": len(columns)}],
        "sure_questions": SURE_QUESTIONS,
        "sure_rows": sure_rows,
        "generated_on": _long_date(sheet.get("generated_at")),
        "reviewed_on": _long_date(sheet.get("reviewed_on")),
        "next_review_due": _long_date(sheet.get("next_review_due")),
        "own_questions": [q for q in sheet.get("questions_to_ask") or [] if q.get("own")],
        "icon_colours": {"baseline": icons.BASELINE_COLOUR, "extra": icons.EXTRA_COLOUR, "empty": icons.EMPTY_COLOUR},
    }


def pdf_filename(sheet: dict[str, Any], *, full: bool = False) -> str:
    """`as-options-YYYY-MM-DD.pdf` (or `as-options-full-…` for the whole sheet), dated when it was made."""
    return f"as-options-{'full-' if full else ''}{_iso_date(sheet.get('generated_at'))}.pdf"


@cache
def _embedded_css() -> Markup:
    """pdf.css with its fonts as data: URLs, for the standalone HTML file (works offline, anywhere).

    This is our own static file, never user data, so it may go into the <style> element unescaped.
    """
    css = PDF_CSS.read_text(encoding="utf-8")

    def inline(match: re.Match[str]) -> str:
        target = (PDF_CSS.parent / match.group(1)).resolve()
        if not target.is_relative_to(STATIC_DIR) or not target.is_file():
            return "none"
        data = base64.b64encode(target.read_bytes()).decode("ascii")
        return f'url("data:font/ttf;base64,{data}")'

    css = re.sub(r'url\("([^"]+\.ttf)"\)', inline, css)
    if "</" in css:
        raise ValueError("pdf.css must not contain '</'")
    return Markup(css)  # noqa: S704 - our own static stylesheet, checked above


def _brief_source_ids(sheet: dict[str, Any]) -> set[str]:
    """The sources the appointment PDF cites (and so lists, under their sheet-wide numbers)."""
    model = view_model(sheet)
    _render_brief(model, embed_css=False)
    cited: set[str] = model["cite"].cited
    return cited


def _render_brief(model: dict[str, Any], *, embed_css: bool) -> str:
    labels = {row["id"]: row["label"] for row in model["sheet"].get("grid_rows") or []}
    return jinja_env().get_template("sheet/brief.html").render(
        **model, embedded_css=_embedded_css() if embed_css else "",
        brief_rows=[{"id": r, "label": labels.get(r, r)} for r in BRIEF_ROWS],
        brief_sections=BRIEF_SECTIONS,
        any_effects=any(vm["effects"] for vm in model["options_vm"]),
    )


def _document(sheet: dict[str, Any], *, embed_css: bool, brief: bool = False) -> str:
    model = view_model(sheet)
    if brief:
        return _render_brief(model, embed_css=embed_css)
    template = jinja_env().get_template("sheet/document.html")
    return template.render(**model, embedded_css=_embedded_css() if embed_css else "")


def sheet_html(sheet: dict[str, Any], *, brief: bool = False) -> str:
    """The sheet as one standalone HTML file (styles and fonts embedded; no outside requests).

    `brief=True` gives the appointment version (the same content as `/sheet.pdf`)."""
    return _document(sheet, embed_css=True, brief=brief)


# ---------------------------------------------------------------------------------------------
# PDF


ZLIB_LEVEL = 6


class _ZlibAtLevel:
    """zlib as pydyf (WeasyPrint's PDF writer) sees it, compressing at ZLIB_LEVEL.

    pydyf 0.13 compresses every stream at level 9, the slowest: 32 ms of each appointment PDF's
    render against 7 ms at level 6, for a file 3.5 % larger (84 KB -> 87 KB). pydyf has no
    setting for it, so `_pdf_resources` gives it this module in place of zlib."""

    def compressobj(self, *_args: Any, **_kwargs: Any) -> Any:
        return zlib.compressobj(ZLIB_LEVEL)

    def compress(self, data: bytes, *_args: Any) -> bytes:
        return zlib.compress(data, ZLIB_LEVEL)

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)


@cache
def _pdf_resources() -> dict[str, Any]:
    """One font configuration, one fetcher and the parsed stylesheets for the whole process."""
    import pydyf
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    pydyf.zlib = _ZlibAtLevel()
    font_config = FontConfiguration()
    fetcher = make_fetcher()
    base = CSS(filename=str(PDF_CSS), font_config=font_config, url_fetcher=fetcher)
    paper = {
        "A4": CSS(string="@page { size: A4; }", font_config=font_config, url_fetcher=fetcher),
        "Letter": CSS(string="@page { size: letter; }", font_config=font_config, url_fetcher=fetcher),
    }
    # Drop them before the interpreter tears WeasyPrint's C bindings down (else a noisy __del__).
    atexit.register(_pdf_resources.cache_clear)
    return {"font_config": font_config, "fetcher": fetcher, "base": base, "paper": paper}


def warm_up() -> None:
    """Load WeasyPrint, the fonts and the stylesheets, and lay out one small page, at worker start.

    Otherwise the first PDF each worker makes takes about 1.3 s longer (import, font loading,
    Pango's caches), and that person waits for it."""
    from weasyprint import HTML

    res = _pdf_resources()
    for name in ("sheet/brief.html", "sheet/document.html"):
        jinja_env().get_template(name)
    sample = ('<html lang="en"><body class="app-brief"><h1>Warm-up</h1><p>Text, <strong>bold text</strong> '
              "[1, 2].</p></body></html>")
    with _render_lock:
        HTML(string=sample, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=res["fetcher"]).render(
            font_config=res["font_config"], stylesheets=[res["base"], res["paper"]["A4"]], pdf_tags=True,
        ).write_pdf(pdf_tags=True)


_ID_ATTRIBUTE = re.compile(r' id="([^"]*)"')
_LINK_TARGET = re.compile(r' href="#([^"]*)"')


def pdf_markup(html: str) -> str:
    """`html` with only the `id` attributes that one of its own links points to, for WeasyPrint.

    WeasyPrint turns every id into an anchor property, which gives that element, and so everything
    inside it, a computed style of its own instead of one shared with like elements: keeping the 64
    ids of the appointment PDF cost 5.7 % more CPU than keeping the three that its page-1 links use
    (measured in one process, alternating). The PDF's headings, bookmarks and tags do not
    need them; the web page and the standalone HTML keep them all. User text cannot match: Jinja
    escapes its quotes."""
    targets = set(_LINK_TARGET.findall(html))
    return _ID_ATTRIBUTE.sub(lambda m: m.group(0) if m.group(1) in targets else "", html)


def render_document(sheet: dict[str, Any], *, full: bool = False) -> Any:
    """Lay out the PDF (a weasyprint Document; tests and the benchmark read its pages).

    The appointment version by default; `full=True` for the whole sheet (grid, pros and cons)."""
    from weasyprint import HTML

    res = _pdf_resources()
    html = pdf_markup(_document(sheet, embed_css=False, brief=not full))
    paper = res["paper"].get(str(sheet.get("paper")), res["paper"]["A4"])
    with _render_lock:
        document = HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=res["fetcher"]).render(
            font_config=res["font_config"], stylesheets=[res["base"], paper], pdf_tags=True,
        )
    return document


def sheet_pdf(sheet: dict[str, Any], *, full: bool = False) -> bytes:
    """The sheet as a tagged PDF (A4, or US Letter when the sheet's paper is Letter).

    By default the appointment version a clinician can read in a short visit; `full=True` gives
    every part of the web page."""
    document = render_document(sheet, full=full)
    with _render_lock:
        pdf: bytes = document.write_pdf(pdf_tags=True)
    return pdf
