"""The options sheet as HTML, from its view model (decision_aid/presentation.py).

The web page (`sheet_views`), both PDFs (`pdf`) and the command line render the same templates from
the same view model, so they say the same things; `sheet_html` needs no Flask app, so `decision-aid
sheet --format html` gives the standalone file offline.
"""

from __future__ import annotations

import base64
import re
from functools import cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from . import fragments
from .config import ROOT, STATIC_DIR
from .i18n import DEFAULT_LANGUAGE, current_language, install_i18n
from .i18n import gettext as _
from .presentation import brief_view, view_model
from .templating import DictFirstEnvironment

TEMPLATES_DIR = ROOT / "templates"
PDF_CSS = STATIC_DIR / "css" / "pdf.css"  # the stylesheet of the standalone HTML and of both PDFs
# The running footer's placeholders, as CSS: the date and content version (string-set from the page) and
# the page numbers.
FOOTER_PARTS = {"made": "string(meta)", "page": "counter(page)", "pages": "counter(pages)"}
_PLACEHOLDER = re.compile(r"%\((made|page|pages)\)s")


@cache
def jinja_env() -> Environment:
    """A Jinja environment like the app's (autoescape on, dict keys first) that needs no Flask app."""
    env = DictFirstEnvironment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    install_i18n(env)
    fragments.install(env)
    return env


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


def _css_string(text: str) -> str:
    """`text` as a CSS string: quoted, with quotes, backslashes, line ends and "<" escaped."""
    escaped = "".join(f"\\{ord(c):x} " if c in '"\\<>\n\r' else c for c in text)
    return f'"{escaped}"'


def footer_content() -> str:
    """The running footer's `content` value in the language in use, from one translated sentence."""
    # Translators: the footer of every page of the PDFs. Keep %(made)s (the date and content version),
    # %(page)s and %(pages)s (the page numbers).
    sentence = _("AS treatment options. %(made)s Information, not medical advice. Page %(page)s of %(pages)s")
    parts: list[str] = []
    at = 0
    for match in _PLACEHOLDER.finditer(sentence):
        if match.start() > at:
            parts.append(_css_string(sentence[at:match.start()]))
        parts.append(FOOTER_PARTS[match.group(1)])
        at = match.end()
    if at < len(sentence):
        parts.append(_css_string(sentence[at:]))
    return " ".join(parts)


def language_css(language: str | None = None) -> str:
    """What the stylesheet needs for a language other than English, after pdf.css: the running footer in
    its words and hyphenation (WeasyPrint hyphenates by the `lang` of the page). "" in English: pdf.css
    has it all."""
    language = language or current_language()
    if language == DEFAULT_LANGUAGE:
        return ""
    return ("@page {\n  @bottom-center {\n    content: " + footer_content() + ";\n  }\n}\n"
            "html {\n  hyphens: auto;\n}\n")


def document(model: dict[str, Any], *, brief: bool = False, embed_css: bool = False) -> str:
    """The sheet's HTML from its view model: the appointment version with `brief`, else the whole sheet.

    `embed_css` puts the stylesheet and its fonts inside the file (the standalone HTML); the PDF
    gives WeasyPrint the parsed stylesheet instead. Rendering records what it cites in
    `model["cite"]`."""
    embedded = _embedded_css() + Markup(language_css()) if embed_css else ""  # noqa: S704 - CSS strings escaped
    if brief:
        return jinja_env().get_template("sheet/brief.html").render(**model, embedded_css=embedded, **brief_view(model))
    template = jinja_env().get_template("sheet/document.html")
    return template.render(**model, embedded_css=embedded)


def sheet_html(sheet: dict[str, Any], *, brief: bool = False) -> str:
    """The sheet as one standalone HTML file (styles and fonts embedded; no outside requests).

    `brief=True` gives the appointment version (the same content as `/sheet.pdf`)."""
    return document(view_model(sheet), brief=brief, embed_css=True)
