"""The templates' own pieces for languages (issue 16): lists and one-decimal numbers in the words of the
language (English exactly as before), and the pseudo-language check reading a message with a link inside
as the one sentence it is."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from babel.support import Translations
from flask import Flask, render_template_string

from decision_aid import create_app, render

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pseudo import LANGUAGE, build, untranslated  # noqa: E402

MACROS = '{% import "sheet/_macros.html" as m %}'


POT = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\\n"

msgid "%(items)s and %(last)s"
msgstr ""
"""


@pytest.fixture(scope="module")
def pseudo_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    """The app in the pseudo-language, with the one message these tests need (not the whole extracted
    catalogue, which `make translations-extract` makes)."""
    pot = tmp_path_factory.mktemp("pot")
    (pot / "messages.pot").write_text(POT, encoding="utf-8")
    folder = build(tmp_path_factory.mktemp("pseudo"), pot_dir=pot)
    return create_app({"TESTING": True, "TRANSLATIONS_DIRS": [str(folder)],
                       "SECRET_KEY": "template-i18n-test-secret-0123456789abcdef"})


def _english(source: str) -> str:
    return render.jinja_env().from_string(MACROS + source).render()


def _in(app: Flask, language: str, source: str) -> str:
    with app.test_request_context("/", headers={"Accept-Language": language}):
        return render_template_string(MACROS + source)


def test_a_list_in_english_is_as_the_sheet_always_said_it() -> None:
    assert _english('{{ m.and_list([]) }}|{{ m.and_list(["A"]) }}|{{ m.and_list(["A", "B"]) }}|'
                    '{{ m.and_list(["A", "B", "C & D"]) }}') == "|A|A and B|A, B and C &amp; D"


def test_a_list_of_links_keeps_its_markup_and_is_one_message(pseudo_app: Flask) -> None:
    source = ('{% set links = [] %}{% for o in ["x", "y", "z"] %}{% set link %}<a href="#{{ o }}">{{ o }}</a>'
              '{% endset %}{% set unused = links.append(link) %}{% endfor %}{{ m.and_list(links) }}')
    assert _english(source) == '<a href="#x">x</a>, <a href="#y">y</a> and <a href="#z">z</a>'
    # one message ("%(items)s and %(last)s"): its words marked, the links it is given kept whole
    assert _in(pseudo_app, LANGUAGE, source) == '<a href="#x">x</a>, <a href="#y">y</a>⟪ and ⟫<a href="#z">z</a>'


@pytest.mark.parametrize(("value", "english", "spanish"), [(2.45, "2.5", "2,5"), (5.0, "5.0", "5,0"),
                                                            (3.25, "3.2", "3,2"), (-0.04, "-0.0", "-0,0")])
def test_one_decimal_rounds_as_before_in_every_language(pseudo_app: Flask, value: float, english: str,
                                                        spanish: str) -> None:
    assert english == "%.1f" % value  # noqa: UP031 - what the templates printed before
    assert _english("{{ m.one_decimal(x) }}".replace("x", repr(value))) == english
    assert _in(pseudo_app, "en", "{{ m.one_decimal(x) }}".replace("x", repr(value))) == english
    assert _in(pseudo_app, LANGUAGE, "{{ m.one_decimal(x) }}".replace("x", repr(value))) == spanish


def test_a_sentence_with_a_link_inside_is_one_piece_of_text() -> None:
    assert untranslated('<p>⟪<a href="/save">Save my answers</a>, so you can change them later.⟫</p>') == []
    assert untranslated("<p>⟪Why:⟫ <strong>not translated</strong></p>") == ["⟪Why:⟫ not translated"]
    assert untranslated('<li>⟪Your question:⟫ <span translate="no">How long before it works?</span></li>') == []
    assert untranslated("<ul><li>⟪One⟫</li><li>Two</li></ul>") == ["Two"]


def test_a_plural_has_every_form_the_language_has(tmp_path: Path) -> None:
    (tmp_path / "pot").mkdir()
    (tmp_path / "pot" / "messages.pot").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "%(num)s visit"\nmsgid_plural "%(num)s visits"\nmsgstr[0] ""\nmsgstr[1] ""\n', encoding="utf-8")
    folder = build(tmp_path / "out", pot_dir=tmp_path / "pot")
    catalogue = Translations.load(str(folder), [LANGUAGE])
    assert [catalogue.ungettext("%(num)s visit", "%(num)s visits", n) for n in (1, 3, 1_000_000)] == [
        "%(num)s⟪ visit⟫", "%(num)s⟪ visits⟫", "%(num)s⟪ visits⟫"]
