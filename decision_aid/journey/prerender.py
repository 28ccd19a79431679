"""Pre-rendered GOV.UK markup for the journey: what is rendered once, when, and the one cache keeping it.

Most of a step page's cost would be the GOV.UK macros, so the markup that depends only on the content
is rendered once per process as frames (frames.py) and each request fills in the person's values;
bench/pages.py measures the step pages against their target.

What is pre-rendered:
- each question field, by its widget (TextInput, TextArea, Radios, Select, Checkboxes): the first
  time a page is shown, every field the page can show is rendered (`page`: for medicine details,
  every medicine's), so what is kept never depends on whose page came first. A field with an error,
  one marked `personal` (options made from the person's answer) and any call with other arguments
  are rendered by the macro each time;
- components the same for everyone (`fixed`: the Continue button) or differing only in their link
  (`link`: the Back link);
- check answers' summary lists, with a row for every answer the content can have (`summary_table`).

The cache is `_CACHE`, one dict for all of these. Its keys are the content's only (a field's
declaration, name and macro parameters; a component's name and parameters; a page's slug; the app's URL
prefix) and the language the markup is in (the last part of every key: the words are per language),
never anything a person typed or chose, and its values are markup made from the content and
placeholders. It holds at most MOST entries, dropping the oldest, so URL prefixes cannot grow it.

The fields' words are declared once (lazy strings, forms.py) and read in the language of the request;
`plain` turns them into `str` before a macro sees them (a lazy string would skip the macros' escaping).
"""

from __future__ import annotations

import copy
import json
import re
import threading
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from typing import Any, TypeVar, cast

from flask import current_app
from flask.globals import _cv_app
from flask_babel import force_locale
from flask_babel.speaklater import LazyString
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput, GovRadioInput, GovSelect, GovTextArea, GovTextInput
from markupsafe import Markup
from wtforms import Field, SelectMultipleField
from wtforms.fields.core import UnboundField
from wtforms.i18n import get_translations
from wtforms.meta import DefaultMeta

from ..i18n import DEFAULT_LANGUAGE, LANGUAGES, catalogue, current_language, kept_for_locale
from ..i18n import gettext as _
from .frames import LINK_PROBES, FlagFrame, SummaryFrames, TextFrame, flag_frame, summary_frames, text_frame

MOST = 1024 * len(LANGUAGES)  # entries; every page and check answers need about a hundred per language
_CACHE: dict[Hashable, Any] = {}
_ADDING = threading.Lock()
_MISSING = object()
_CALL = '{{%- from "govuk_frontend_jinja/components/{0}/macro.html" import {1} -%}}{{{{ {1}(params) }}}}'
T = TypeVar("T")


def words_key() -> tuple[str, Any]:
    """The language of this request and its catalogue (what the words depend on), found once per request
    (and again inside `force_locale`): ("en", None) outside a request.

    Flask-Babel's gettext looks the language and catalogue up on each call (about 13 µs); the journey's
    lazy words and the frames here are kept under this key instead, so a page reads each word once."""
    if _cv_app.get(None) is None:
        return DEFAULT_LANGUAGE, None
    return kept_for_locale("journey_words_key", lambda: (current_language(), catalogue()))


class CachedLazyString(LazyString):
    """A lazy string (Flask-Babel's) that remembers what it read for each language and catalogue."""

    def __init__(self, func: Callable[..., Any], *args: Any, **kwargs: Any):
        super().__init__(func, *args, **kwargs)
        self._read: dict[tuple[str, Any], str] = {}

    def __str__(self) -> str:
        key = words_key()
        found = self._read.get(key)
        if found is None:
            found = self._read[key] = str(self._func(*self._args, **self._kwargs))
        return found


def lazy_gettext(message: str, **variables: Any) -> LazyString:
    """Flask-Babel's `lazy_gettext`, remembering each language's words (the journey's `_l`)."""
    return CachedLazyString(_, message, **variables)


def lazy(read: Callable[[], str]) -> LazyString:
    """Words made by `read()` in the request's language, remembered for each language."""
    return CachedLazyString(read)


def _cached(key: tuple[Hashable, ...], make: Callable[[], T]) -> T:
    """The value kept under `key` in the language of this request, made by `make()` the first time."""
    key = (*key, *words_key())
    found = _CACHE.get(key, _MISSING)
    if found is _MISSING:
        found = make()
        with _ADDING:
            if len(_CACHE) >= MOST:
                del _CACHE[next(iter(_CACHE))]
            _CACHE[key] = found
    return cast(T, found)


# ------------------------------------------------------------------------------------ question fields


def plain(value: Any) -> Any:
    """`value` with every lazy string in it (dicts, lists) made a `str` in this request's language."""
    if isinstance(value, LazyString):
        return str(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


_WTFORMS_TRANSLATIONS: dict[str, Any] = {}


def wtforms_translations(language: str) -> Any:
    """WTForms' own messages ("Not a valid choice", "This field is required.") in `language`, from the
    catalogues WTForms ships (None for English: WTForms' own words, as before)."""
    if language == DEFAULT_LANGUAGE:
        return None
    if language not in _WTFORMS_TRANSLATIONS:
        _WTFORMS_TRANSLATIONS[language] = get_translations([language])
    return _WTFORMS_TRANSLATIONS[language]


class Meta(DefaultMeta):
    """WTForms settings for question forms: a field is bound as WTForms does, and told where its frames
    are kept (its declaration, made once at import, and its name); WTForms' own messages are in the
    language of the request (our fields give their own messages; this covers any WTForms adds)."""

    def bind_field(self, form: Any, unbound_field: UnboundField, options: dict[str, Any]) -> Field:
        bound = unbound_field.bind(form=form, **options)
        bound.frame_key = (unbound_field, bound.name)
        return bound

    def get_translations(self, form: Any) -> Any:
        return wtforms_translations(current_language())


def page(slug: str, every: Callable[[], Iterable[Any]]) -> None:
    """The first time page `slug` is shown in the process, render every field it can show (`every()`)
    as the question template does, so their frames are kept whichever fields this person sees."""
    def render() -> bool:
        for field in every():
            for params in field.every_params():
                field(params=params)
        return True

    _cached(("page", slug), render)


def warm_up(pages: Iterable[Any]) -> None:
    """Render every step page's fields now (in a request context), in every language, not on each
    worker's first request: medicine details alone, with three wordings for each medicine, took about
    0.45 s the first time."""
    pages = list(pages)
    for language in LANGUAGES:
        with force_locale(language):
            for each in pages:
                page(each.slug, each.form.every_field)


class _Probe:
    """A field as a GOV.UK widget sees it, but with a probe value or forced on/off flags, to make a frame."""

    def __init__(self, field: Field, *, value: str = "", flags: Sequence[bool] = ()):
        self._field = field
        self._probe = value
        self._flags = flags

    def __getattr__(self, name: str) -> Any:
        return getattr(self._field, name)

    def _value(self) -> str:
        return self._probe

    def __iter__(self) -> Iterator[Any]:  # radios and checkboxes: one subfield per option
        for sub, flag in zip(self._field, self._flags, strict=True):
            sub.checked = flag
            yield sub

    def iter_choices(self) -> Iterator[tuple[Any, ...]]:  # selects
        for (value, label, _selected, render_kw), flag in zip(self._field.iter_choices(), self._flags, strict=True):
            yield value, label, flag, render_kw


class _Framed:
    """A GOV.UK widget that renders its macro once per field and parameters, and fills the frame in.

    The frame is kept in the cache under the field's declaration and name (`field.frame_key`, given
    when the form binds it: see Meta) and the parameters the template passes (labels, classes, hints).
    A field with an error, or marked `personal`, and any call with other arguments, is rendered by the
    macro.
    """

    def frame(self, field: Any, kwargs: dict[str, Any]) -> TextFrame | FlagFrame | None:
        where = getattr(field, "frame_key", None)
        if where is None or field.errors or getattr(field, "personal", False) or set(kwargs) - {"params"}:
            return None
        return _cached(("field", *where, json.dumps(kwargs, sort_keys=True)), lambda: self.make_frame(field, kwargs))

    def make_frame(self, field: Any, kwargs: dict[str, Any]) -> TextFrame | FlagFrame | None:
        raise NotImplementedError

    def render(self, params: dict[str, Any]) -> Markup:
        """The GOV.UK template with the words in `str` (labels, hints and options may be lazy strings)
        and the error message's hidden prefix ("Error:") in the request's language."""
        params = plain(params)
        if params.get("errorMessage"):
            params["errorMessage"].setdefault("visuallyHiddenText", _("Error"))
        renderer: Any = super()
        return Markup(renderer.render(params))  # noqa: S704 - the GOV.UK macros escape

    def macro(self, field: Any, kwargs: dict[str, Any]) -> Markup:
        """The widget as the GOV.UK library renders it (fresh arguments: it modifies what it is given)."""
        widget: Any = super()
        return Markup(widget.__call__(field, **copy.deepcopy(kwargs)))  # noqa: S704 - the GOV.UK macros escape


class _TextFramed(_Framed):
    def make_frame(self, field: Any, kwargs: dict[str, Any]) -> TextFrame | FlagFrame | None:
        return text_frame(lambda value: self.macro(_Probe(field, value=value), kwargs))

    def __call__(self, field: Any, **kwargs: Any) -> Markup:
        frame = self.frame(field, kwargs)
        if isinstance(frame, TextFrame):
            return frame.fill(field._value())
        return self.macro(field, kwargs)


class _FlagFramed(_Framed):
    flag: str  # the attribute an option gets when on

    def make_frame(self, field: Any, kwargs: dict[str, Any]) -> TextFrame | FlagFrame | None:
        values = [choice.value for choice in field.iter_choices()]
        if field.coerce is not str or not all(isinstance(v, str) for v in values):
            return None  # the flags below compare strings, as WTForms does after coerce=str
        return flag_frame(lambda flags: self.macro(_Probe(field, flags=flags), kwargs), values, self.flag)

    def __call__(self, field: Any, **kwargs: Any) -> Markup:
        frame = self.frame(field, kwargs)
        if isinstance(frame, FlagFrame) and len(field.choices) == frame.size:
            # WTForms' own test (iter_choices), without building a tuple per option (249 countries)
            data = field.data
            if isinstance(field, SelectMultipleField):
                flags = [data is not None and v in data for v in frame.values]
            else:
                flags = [v == data for v in frame.values]
            return frame.fill(flags)
        return self.macro(field, kwargs)


class TextInput(_TextFramed, GovTextInput):
    pass


class TextArea(_TextFramed, GovTextArea):
    pass


class Radios(_FlagFramed, GovRadioInput):
    flag = " checked"


class Select(_FlagFramed, GovSelect):
    flag = " selected"


class Checkboxes(_FlagFramed, GovCheckboxesInput):
    flag = " checked"


# ------------------------------------------------------------------------ components outside forms


def macro(name: str, params: dict[str, Any]) -> Markup:
    """A GOV.UK Frontend macro ("govukBackLink") rendered on its own with the app's Jinja settings, as in a page."""
    component = re.sub(r"(?<!^)([A-Z])", r"-\1", name.removeprefix("govuk")).lower()  # BackLink -> back-link
    template = current_app.jinja_env.from_string(_CALL.format(component, name))
    return Markup(template.render(params=params))  # noqa: S704 - the GOV.UK macros escape


def fixed(name: str, params: dict[str, Any]) -> Markup:
    """A component that is the same for everyone (the Continue button), rendered once."""
    key = json.dumps(params, sort_keys=True)
    return _cached(("fixed", name, key), lambda: macro(name, json.loads(key)))


def link(name: str, params: dict[str, Any], href: str) -> Markup:
    """A component whose only varying part is its link (a Back link): rendered once, the href filled in."""
    key = json.dumps(params, sort_keys=True)

    def make() -> TextFrame | None:
        fixed_params = json.loads(key)
        return text_frame(lambda probe: macro(name, {**fixed_params, "href": probe}), LINK_PROBES)

    frame = _cached(("link", name, key), make) if href else None
    if frame is None:
        return macro(name, {**params, "href": href})
    return frame.fill(href)


# ----------------------------------------------------------------------------- summary lists


def summary_table(key: Hashable, render: Callable[[list[dict[str, Any]]], str],
                  rows: Callable[[], dict[Any, Callable[[Any], dict[str, Any]]]]) -> SummaryFrames | None:
    """A summary list's frames for every row it can have (`rows()`: row key -> the row's parameters for
    a value), made once per `key` with the list's macro (`render`); None when they cannot be made."""
    return _cached(("summary", key), lambda: summary_frames(render, rows()))
