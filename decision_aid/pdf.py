"""The options sheet as a PDF: WeasyPrint, kept to our own files, set up once per process.

Safety: WeasyPrint would fetch `file://` and `http://` URLs found in the HTML. `make_fetcher` serves
only files inside the app's own `static/` folder and `data:` URLs, refuses everything else (other
files, other hosts, redirects), and is given to both `HTML(...)` and `CSS(...)`. User text reaches
the HTML only through Jinja autoescaping; nothing from the user goes into stylesheets or metadata.
The appointment PDF carries one attachment, the person's own answers file (imports.ATTACHMENT_NAME),
so the one PDF they keep can be given back to Resume (imports.answers_from_pdf reads it).

Cost: the fonts and stylesheets are loaded once per process against one `FontConfiguration`
(a new one per render leaks memory), and each render is trimmed where WeasyPrint or Python spends time
for nothing (`pdf_markup`, `_ZlibAtLevel`, `UA_TRIMS`, `_collector_held`); bench/pdf.py guards the
figures in docs/reliability.md.
"""

from __future__ import annotations

import atexit
import gc
import logging
import mimetypes
import re
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from . import render
from .config import STATIC_DIR
from .i18n import current_language
from .presentation import iso_date, view_model

# WeasyPrint logs every step at INFO and refused URLs at WARNING, and fontTools each font it subsets;
# keep the service's logs to real errors (and free of anything that came from a document).
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.WARNING)

# Pango and the shared font configuration are not thread-safe. Re-entrant: sheet_pdf holds it across
# render_document and write, which also take it when called on their own (tests, bench/pdf.py).
_render_lock = threading.RLock()


@contextmanager
def _collector_held() -> Iterator[None]:
    """Python's cyclic garbage collector held off while one PDF is laid out and written, then run once.

    A PDF's boxes, styles and text runs (a few hundred thousand objects) live until it is written. With
    the collector on, Python scans them about a hundred times a render, the whole heap every other render
    or so: 125 ms of a 1,083 ms render, timed with `gc.callbacks` (docs/reliability.md). Held under
    _render_lock, so renders never overlap here; objects other threads make meanwhile are collected with
    the rest afterwards."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect(0)  # the render's own garbage, collected now (in its own time) rather than by whoever comes next


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


ZLIB_LEVEL = 6


class _ZlibAtLevel:
    """zlib as pydyf (WeasyPrint's PDF writer) sees it, compressing at ZLIB_LEVEL.

    pydyf compresses every stream at level 9, the slowest, for a file barely smaller than level 6
    gives (bench/pdf.py). pydyf has no setting for it, so `_pdf_resources` gives it this module in
    place of zlib."""

    def compressobj(self, *_args: Any, **_kwargs: Any) -> Any:
        return zlib.compressobj(ZLIB_LEVEL)

    def compress(self, data: bytes, *_args: Any) -> bytes:
        return zlib.compress(data, ZLIB_LEVEL)

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)


# WeasyPrint's HTML stylesheet gives every element six pseudo-elements: a list marker, and the calls and
# markers of footnotes and notes. It works out a style for each, about 3,000 per appointment PDF, though
# only list items have markers and these PDFs have no footnotes (pdf.css floats nothing to them):
# about 7 % of each render's CPU (1,038 -> 963 ms, renders with and without in turn; docs/reliability.md).
# Each rule as WeasyPrint 70 writes it, and what it becomes.
UA_TRIMS = (
    ("\n::marker {", "\nli::marker {"),
    ("\n::footnote-call { content: counter(footnote); vertical-align: super; font-size: smaller; "
     "line-height: inherit }", ""),
    ('\n::footnote-marker { content: counter(footnote) ". " }', ""),
    ("\n::note-call { content: counter(note); vertical-align: super; font-size: smaller; line-height: inherit }",
     ""),
    ('\n::note-marker { content: counter(note) ". " }', ""),
    ('\n::note-callback { content: "\u202f\u21a9" }', ""),
)


def user_agent_css() -> str:
    """WeasyPrint's HTML stylesheet with UA_TRIMS made; an error if one of them no longer matches exactly
    once (a new WeasyPrint), rather than a PDF styled differently without anyone knowing."""
    from weasyprint.html import UA

    text: str = UA
    for rule, kept in UA_TRIMS:
        if text.count(rule) != 1:
            raise RuntimeError(f"WeasyPrint's HTML stylesheet has changed: {rule.strip()!r} not found once")
        text = text.replace(rule, kept)
    return text


@cache
def _pdf_resources() -> dict[str, Any]:
    """One font configuration, one fetcher, the parsed stylesheets and the HTML class for the whole process."""
    import pydyf
    from weasyprint import CSS, HTML
    from weasyprint.html import UA_COUNTER_STYLE
    from weasyprint.text.fonts import FontConfiguration

    user_agent = CSS(string=user_agent_css(), counter_style=UA_COUNTER_STYLE)

    class TrimmedHTML(HTML):
        """An HTML document styled first by user_agent_css() instead of WeasyPrint's own stylesheet."""

        def _ua_stylesheets(self, forms: bool = False) -> list[Any]:
            return [user_agent]

    pydyf.zlib = _ZlibAtLevel()
    font_config = FontConfiguration()
    fetcher = make_fetcher()
    base = CSS(filename=str(render.PDF_CSS), font_config=font_config, url_fetcher=fetcher)
    paper = {
        "A4": CSS(string="@page { size: A4; }", font_config=font_config, url_fetcher=fetcher),
        "Letter": CSS(string="@page { size: letter; }", font_config=font_config, url_fetcher=fetcher),
    }
    # Drop them before the interpreter tears WeasyPrint's C bindings down (else a noisy __del__).
    atexit.register(_pdf_resources.cache_clear)
    atexit.register(_parsed_css.cache_clear)
    return {"font_config": font_config, "fetcher": fetcher, "base": base, "paper": paper, "html": TrimmedHTML}


def _language_stylesheets(language: str) -> tuple[Any, ...]:
    """After pdf.css, for a language other than English: its running footer and hyphenation (render.py)."""
    css = render.language_css(language)
    return _parsed_css(css) if css else ()


@cache
def _parsed_css(css: str) -> tuple[Any, ...]:
    """A stylesheet made from `css`, parsed once per process."""
    from weasyprint import CSS

    res = _pdf_resources()
    return (CSS(string=css, font_config=res["font_config"], url_fetcher=res["fetcher"]),)


def warm_up() -> None:
    """Load WeasyPrint, the fonts and the stylesheets, and lay out one small page, at worker start.

    Otherwise the first PDF each worker makes is much slower (import, font loading, Pango's
    caches), and that person waits for it."""
    res = _pdf_resources()
    for name in ("sheet/brief.html", "sheet/document.html"):
        render.jinja_env().get_template(name)
    sample = ('<html lang="en"><body class="app-brief"><h1>Warm-up</h1><p>Text, <strong>bold text</strong> '
              "[1, 2].</p></body></html>")
    write(_layout(sample, [res["base"], res["paper"]["A4"]]))


def _layout(html: str, stylesheets: list[Any]) -> Any:
    """`html` laid out with our stylesheets, fonts and fetcher, tagged (a weasyprint Document)."""
    res = _pdf_resources()
    with _render_lock:
        return res["html"](string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=res["fetcher"]).render(
            font_config=res["font_config"], stylesheets=stylesheets, pdf_tags=True)


_ID_ATTRIBUTE = re.compile(r' id="([^"]*)"')
_LINK_TARGET = re.compile(r' href="#([^"]*)"')


def pdf_markup(html: str) -> str:
    """`html` with only the `id` attributes that one of its own links points to, for WeasyPrint.

    WeasyPrint turns every id into an anchor property, which gives that element, and so everything
    inside it, a computed style of its own instead of one shared with like elements (bench/pdf.py).
    The PDF's headings, bookmarks and tags do not need them; the web page and the standalone HTML
    keep them all. User text cannot match: Jinja escapes its quotes."""
    targets = set(_LINK_TARGET.findall(html))
    return _ID_ATTRIBUTE.sub(lambda m: m.group(0) if m.group(1) in targets else "", html)


def render_document(sheet: dict[str, Any], *, full: bool = False) -> Any:
    """Lay out the PDF (a weasyprint Document; tests and the benchmark read its pages).

    The appointment version by default; `full=True` for the whole sheet (grid, pros and cons)."""
    res = _pdf_resources()
    html = pdf_markup(render.document(view_model(sheet), brief=not full))
    paper = res["paper"].get(str(sheet.get("paper")), res["paper"]["A4"])
    # The PDF's language (/Lang) is the page's `lang`, which the templates set to the language in use.
    return _layout(html, [res["base"], paper, *_language_stylesheets(current_language())])


def answers_attachment(answers: dict[str, Any]) -> Any:
    """The answers file as a PDF attachment (a weasyprint Attachment), named as Resume looks for it."""
    import io

    from weasyprint import Attachment

    from .answers import dumps_file
    from .imports import ATTACHMENT_DESCRIPTION, ATTACHMENT_NAME

    return Attachment(file_obj=io.BytesIO(dumps_file(answers).encode("utf-8")), name=ATTACHMENT_NAME,
                      description=ATTACHMENT_DESCRIPTION, relationship="Source",
                      url_fetcher=_pdf_resources()["fetcher"])


def sheet_pdf(sheet: dict[str, Any], *, full: bool = False, answers: dict[str, Any] | None = None) -> bytes:
    """The sheet as a tagged PDF (A4, or US Letter when the sheet's paper is Letter).

    By default the appointment version a clinician can read in a short visit; `full=True` gives
    every part of the web page. With `answers`, the answers file goes inside as an attachment."""
    attachments = [answers_attachment(answers)] if answers is not None else []
    with _render_lock, _collector_held():
        document = render_document(sheet, full=full)
        body = write(document, attachments)
        del document  # freed before the collector runs, so it finds the render's garbage, not its pages
    return body


def write(document: Any, attachments: list[Any] | None = None) -> bytes:
    """The laid-out document as tagged PDF bytes (for screen readers), its fonts subset.

    Subset, not whole: whole fonts took a tenth less time (bench/pdf.py), but a question typed in another
    script embeds a whole system fallback font (about 900 KB more, over the upload limit for Resume)."""
    with _render_lock:
        pdf: bytes = document.write_pdf(pdf_tags=True, attachments=attachments or [])
    return pdf


def pdf_filename(sheet: dict[str, Any], *, full: bool = False) -> str:
    """`as-options-YYYY-MM-DD.pdf` (or `as-options-full-…` for the whole sheet), dated when it was made."""
    return f"as-options-{'full-' if full else ''}{iso_date(sheet.get('generated_at'))}.pdf"
