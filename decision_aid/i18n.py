"""Languages: Flask-Babel for the words in templates and code, and the content loaded once per language.

The language is, in order: the one kept in the answers document (so a resumed file and its PDF come back
in the language it was made in), the one chosen with the language link before any answer was given
(`session["language"]`), then the browser's Accept-Language, then English. Adding a language is a
catalogue under `decision_aid/translations/<code>/` and a line in LANGUAGES.

Catalogues (`.mo`) are compiled from the `.po` files by `make` (`make translations`); a process that
finds one missing or older than its `.po` compiles it in memory instead, so a checkout run without make
still shows every language. Everything is loaded once per process.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit

import flask_babel
from babel import Locale
from babel.dates import format_date
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import get_decimal_symbol
from babel.support import NullTranslations, Translations
from flask import Blueprint, Flask, current_app, redirect, request, session
from flask.globals import _cv_app
from flask_babel import Babel, get_locale
from flask_babel.speaklater import LazyString
from jinja2 import Environment
from werkzeug.wrappers import Response as BaseResponse

from .content_i18n import CONTENT_DOMAIN

log = logging.getLogger(__name__)

TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"
DEFAULT_LANGUAGE = "en"


def _languages(folder: Path) -> dict[str, str]:
    """English, then each language with a catalogue folder: code -> its own name (the language link
    shows each language in itself, as GOV.UK's language switcher does). A new language is a folder of
    catalogues, no code."""
    found = {"en": "English"}
    for entry in sorted(folder.glob("*/LC_MESSAGES/messages.po")):
        code = entry.parent.parent.name
        name = Locale.parse(code).get_display_name(code) or code
        found[code] = name[:1].upper() + name[1:]
    return found


LANGUAGES: dict[str, str] = _languages(TRANSLATIONS_DIR)

bp = Blueprint("i18n", __name__)


def translations_dirs(app: Flask) -> list[Path]:
    return [Path(d) for d in app.config.get("TRANSLATIONS_DIRS") or [TRANSLATIONS_DIR]]


def compile_catalogues(folder: Path) -> list[Path]:
    """Compile each `.po` under `folder` whose `.mo` is missing or older; returns the files written."""
    written = []
    for po in sorted(folder.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as src:
            catalog = read_po(src, locale=po.parent.parent.name)
        with mo.open("wb") as out:
            write_mo(out, catalog, use_fuzzy=False)
        written.append(mo)
    return written


def _answers_language() -> str | None:
    answers = session.get("answers")
    if isinstance(answers, dict) and answers.get("language") in LANGUAGES:
        return str(answers["language"])
    chosen = session.get("language")
    return str(chosen) if chosen in LANGUAGES else None


def select_language() -> str:
    """The language of this request (Flask-Babel's locale selector)."""
    try:
        chosen = _answers_language()
    except RuntimeError:  # outside a request (the command line): English unless forced
        return DEFAULT_LANGUAGE
    if chosen:
        return chosen
    return request.accept_languages.best_match(list(LANGUAGES)) or DEFAULT_LANGUAGE


T = TypeVar("T")


def babel_namespace() -> Any:
    """Flask-Babel's per-request namespace (`g._flask_babel`, where it keeps the locale it found), or None
    outside an app context or before Flask-Babel made it. Read through the context variable, not Flask's
    proxies: the sheet asks for it hundreds of times a request."""
    app_ctx = _cv_app.get(None)
    return app_ctx.g.__dict__.get("_flask_babel") if app_ctx is not None else None


def kept_for_locale(name: str, make: Callable[[], T]) -> T:
    """`make()`, made once per request and locale: kept on Flask-Babel's per-request namespace under `name`
    with the locale it was made for, so `force_locale` (which swaps the locale) gets its own. Call only
    inside an app context; `make` may find the locale first (Flask-Babel then makes the namespace)."""
    ns = babel_namespace()
    if ns is not None:
        kept = ns.__dict__.get(name)
        if kept is not None and kept[0] is not None and kept[0] is ns.__dict__.get("babel_locale"):
            return cast(T, kept[1])
    made = make()
    ns = babel_namespace()
    ns.__dict__[name] = (ns.__dict__.get("babel_locale"), made)
    return made


def current_language() -> str:
    """The language code in use now ("en" outside a request).

    Read first from Flask-Babel's per-request namespace, where `get_locale` keeps the locale it found
    (the sheet asks for each figure); `get_locale` finds it the first time."""
    ns = babel_namespace()
    kept = ns.__dict__.get("babel_locale") if ns is not None else None
    if kept is not None:
        return kept.language if kept.language in LANGUAGES else DEFAULT_LANGUAGE
    try:
        locale = get_locale()
    except RuntimeError:
        return DEFAULT_LANGUAGE
    code = locale.language if locale is not None else DEFAULT_LANGUAGE
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


# --- Dates, numbers and lists as the sheet and the PDFs show them ------------------------------------------
# English stays exactly as it always was ("3 December 2026", "5.2", "a, b and c"); other languages are
# formatted by Babel for their locale ("3 de diciembre de 2026", "5,2", "a, b y c").

def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        text = str(value or "")
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date() if "T" in text else date.fromisoformat(text)
    except ValueError:
        return None


def _date_words(value: Any, english: str, pattern: str) -> str | None:
    """`value` as a date in words: English through `strftime(english)` exactly as before translation,
    other languages through Babel's CLDR `pattern`; None when it is not a date."""
    day = _as_date(value)
    if day is None:
        return None
    language = current_language()
    if language == DEFAULT_LANGUAGE:
        return day.strftime(english).replace("{day}", str(day.day))
    return format_date(day, format=pattern, locale=language)


def long_date(value: Any) -> str | None:
    """A date (or an ISO date or timestamp) in words: "3 December 2026"; None when it is not a date."""
    return _date_words(value, "{day} %B %Y", "long")


def short_date(value: Any) -> str | None:
    """A date with its month shortened: "3 Dec 2026"; None when it is not a date."""
    return _date_words(value, "{day} %b %Y", "d MMM y")


def month_year(value: Any) -> str | None:
    """A date as its short month and two-digit year ("Dec 26"), for a chart's axis; None when not a date."""
    return _date_words(value, "%b %y", "MMM yy")


def number(text: str) -> str:
    """A number already formatted in Python ("5.2", "-0.5") with this language's decimal sign ("5,2").

    The digits are Python's in every language, so a value rounds the same in English and Spanish."""
    language = current_language()
    if language == DEFAULT_LANGUAGE:
        return text
    return text.replace(".", get_decimal_symbol(language))


def decimal(value: float, places: int = 1) -> str:
    """`value` to `places` decimals as this language writes it: "5.2" in English, "5,2" in Spanish."""
    return number(f"{value:.{places}f}")


def join_and(items: list[str]) -> str:
    """"a", "a and b", "a, b and c" (English as the sheet has always said it); Babel's list in others."""
    items = [str(item) for item in items]
    language = current_language()
    if language != DEFAULT_LANGUAGE and items:
        joined = format_list(items, locale=language)
        if language == "es" and len(items) > 1 and re.match(r"(?i)h?i(?![aeiouáéíóú])", items[-1]):
            head, _and, last = joined.rpartition(" y ")  # "y" is "e" before an "i" sound: "etanercept e infliximab"
            if _and and last == items[-1]:
                joined = f"{head} e {last}"
        return joined
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def with_language(doc: dict[str, Any]) -> dict[str, Any]:
    """`doc` with the language it is being answered in, when that is not English or was chosen (an
    English document that nobody chose a language for stays as it always was)."""
    language = current_language()
    if language == DEFAULT_LANGUAGE and "language" not in doc:
        return doc
    return {**doc, "language": language}


def content_translations(app: Flask, language: str) -> tuple[Translations, str] | None:
    """The `content` catalogue for `language` and a key naming that file and its version (None for English
    or when there is none): two apps with different catalogues (the tests' pseudo-language) never share."""
    if language == DEFAULT_LANGUAGE:
        return None
    for folder in translations_dirs(app):
        mo = folder / language / "LC_MESSAGES" / f"{CONTENT_DOMAIN}.mo"
        if mo.exists():
            found = Translations.load(str(folder), [language], domain=CONTENT_DOMAIN)
            if isinstance(found, Translations):
                return found, f"{language}:{mo.resolve()}:{mo.stat().st_mtime_ns}"
    return None


def content_for(language: str | None = None) -> Any:
    """The content (options, rules, sources) in `language` (default: this request's), loaded once."""
    app = current_app
    lang = language or current_language()
    by_language: dict[str, Any] = app.extensions["content_by_language"]
    if lang not in by_language:
        by_language[lang] = _load_translated(app, lang)
    return by_language[lang]


def _load_translated(app: Flask, language: str) -> Any:
    from .engine import load_content_cached

    english = app.extensions["content"]
    found = content_translations(app, language)
    if found is None:
        return english
    catalogue, key = found
    return load_content_cached(english.root, translate=catalogue.gettext, language=key)


def lab_name(kind: str | None) -> str:
    """A blood test's short name in the language in use (CRP and ESR; PCR and VSG in Spanish)."""
    if kind == "CRP":
        # Translators: C-reactive protein, the blood test's usual short name in your language (Spanish: PCR)
        return gettext("CRP")
    if kind == "ESR":
        # Translators: erythrocyte sedimentation rate, its usual short name (Spanish: VSG)
        return gettext("ESR")
    return str(kind or "")


_NULL = NullTranslations()


def catalogue() -> Any:
    """This request's catalogue, found once per request and language.

    Flask-Babel's `gettext` finds the locale and the catalogue again on every call, through several
    context-local proxies (about 13 µs): a sheet asks about 500 times (bench/sheet.py). Kept on Flask-Babel's
    own per-request namespace with the locale it was found for, so `force_locale` (which swaps the
    locale) finds the right one; English (no catalogue) outside an app context."""
    if _cv_app.get(None) is None:
        return _NULL
    return kept_for_locale("_i18n_catalogue", flask_babel.get_translations)


def gettext(string: str, **variables: Any) -> str:
    """Flask-Babel's `gettext` (the same catalogue and formatting), looked up through `catalogue()`."""
    found: str = catalogue().ugettext(string)
    return found % variables if variables else found


def ngettext(singular: str, plural: str, num: int, **variables: Any) -> str:
    """Flask-Babel's `ngettext`: the plural form for `num`, formatted with `num` and `variables`."""
    variables.setdefault("num", num)
    found: str = catalogue().ungettext(singular, plural, num)
    return found % variables


def pgettext(context: str, string: str, **variables: Any) -> str:
    found: str = catalogue().upgettext(context, string)
    return found % variables if variables else found


def npgettext(context: str, singular: str, plural: str, num: int, **variables: Any) -> str:
    variables.setdefault("num", num)
    found: str = catalogue().unpgettext(context, singular, plural, num)
    return found % variables


def lazy_gettext(string: str, **variables: Any) -> LazyString:
    """A string translated when it is used, in the language of that moment (module-level tables)."""
    return LazyString(gettext, string, **variables)


def lazy_ngettext(singular: str, plural: str, num: int, **variables: Any) -> LazyString:
    return LazyString(ngettext, singular, plural, num, **variables)


def install_i18n(env: Environment) -> None:
    """Translation in a Jinja environment (the app's, and render.py's own for the PDF and the command
    line): `_()`, `ngettext()` and `{% trans %}` through Flask-Babel (English outside a request unless
    forced), the language link's names and the current language for `lang` attributes."""
    if "jinja2.ext.InternationalizationExtension" not in env.extensions:
        env.add_extension("jinja2.ext.i18n")
    # Jinja's newstyle wrappers format the message with its variables (escaped); these only look it up,
    # so a plural may have placeholders besides %(num)s (Flask-Babel's ngettext formats with num alone)
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: catalogue().ugettext(s),
        ngettext=lambda s, p, n: catalogue().ungettext(s, p, n),
        pgettext=lambda c, s: catalogue().upgettext(c, s),
        npgettext=lambda c, s, p, n: catalogue().unpgettext(c, s, p, n), newstyle=True)
    env.policies["ext.i18n.trimmed"] = True  # {% trans %} blocks are whitespace-trimmed, as babel.cfg extracts them
    env.globals["languages"] = LANGUAGES
    env.globals["current_language"] = current_language
    env.globals["format_date"] = flask_babel.format_date
    env.globals["lab_name"] = lab_name
    env.globals["format_decimal"] = flask_babel.format_decimal


def init_app(app: Flask) -> None:
    """Flask-Babel with our selector and catalogues; compiles stale catalogues; the language link's route."""
    dirs = translations_dirs(app)
    for folder in dirs:
        try:
            for mo in compile_catalogues(folder):
                log.info("compiled %s", mo.name)
        except OSError:  # a read-only install: `make translations` builds them
            log.warning("could not compile the translation catalogues in %s", folder)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = ";".join(str(d) for d in dirs)
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LANGUAGE)
    # one Babel per app: its catalogue cache is the app's own, so two apps in one process (the tests'
    # pseudo-language and the real Spanish) never see each other's words
    Babel(app, locale_selector=select_language)
    app.extensions["content_by_language"] = {DEFAULT_LANGUAGE: app.extensions["content"]}
    install_i18n(app.jinja_env)
    app.register_blueprint(bp)


def _back_to(page: str) -> str:
    """The page the link was on, as a path on this site (never another host)."""
    path = "/" + page.lstrip("/")
    parts = urlsplit(path)
    return "/" if parts.scheme or parts.netloc or path.startswith("//") else path


@bp.get("/language/<code>", defaults={"page": ""})
@bp.get("/language/<code>/<path:page>")
def choose_language(code: str, page: str) -> BaseResponse:
    """The language link (`/language/es/symptoms`: the page is in the path, so no query string): keep
    the choice, in the answers document once there is one, and go back to the page."""
    if code in LANGUAGES:
        session["language"] = code
        answers = session.get("answers")
        if isinstance(answers, dict) and answers.get("language") != code:
            session["answers"] = {**answers, "language": code}
    return redirect(_back_to(page))
