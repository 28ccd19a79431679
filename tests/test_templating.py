"""Templates read a dict's keys before its attributes (decision_aid.templating), everywhere."""

from __future__ import annotations

from flask import Flask, render_template_string

from decision_aid import render
from decision_aid.templating import DictFirstEnvironment


def test_a_dict_key_wins_over_a_method_of_the_same_name() -> None:
    env = DictFirstEnvironment(autoescape=True)
    section = {"items": ["a <b>"], "heading": "Trials"}
    html = env.from_string("{{ s.heading }}: {{ s.items|join(',') }}").render(s=section)
    assert html == "Trials: a &lt;b&gt;"


def test_dict_methods_and_object_attributes_still_work() -> None:
    class Option:
        title = "NSAIDs"

    env = DictFirstEnvironment()
    html = env.from_string("{{ s.get('items', 'none') }} {{ o.title }} {{ s.missing is undefined }}").render(
        s={"heading": "x"}, o=Option())
    assert html == "none NSAIDs True"


def test_the_app_and_the_pdf_templates_use_it(app: Flask) -> None:
    assert isinstance(render.jinja_env(), DictFirstEnvironment)
    with app.test_request_context("/"):
        assert render_template_string("{{ d.items }}", d={"items": 3}) == "3"


def test_a_cached_fragment_is_rendered_once_per_key_and_the_cache_stays_small() -> None:
    from decision_aid.templating import DictFirstEnvironment, FragmentCache

    env = DictFirstEnvironment(autoescape=True, extensions=[FragmentCache])
    calls: list[str] = []

    def seen(word: str) -> str:
        calls.append(word)
        return word

    template = env.from_string("{% cache key %}<b>{{ seen(word) }}</b>{% endcache %}")
    assert template.render(key=("a", 1), word="x<", seen=seen) == "<b>x&lt;</b>"
    assert template.render(key=("a", 1), word="other", seen=seen) == "<b>x&lt;</b>"  # the key says what it depends on
    assert template.render(key=("b", 1), word="y", seen=seen) == "<b>y</b>"
    assert calls == ["x<", "y"]
    assert template.render(key=None, word="z", seen=seen) == "<b>z</b>"  # None: not cached
    assert template.render(key=None, word="z", seen=seen) == "<b>z</b>"
    assert calls == ["x<", "y", "z", "z"]
    for i in range(FragmentCache.SIZE + 50):
        template.render(key=i, word="w", seen=lambda w: w)
    assert len(env.fragment_cache) == FragmentCache.SIZE  # type: ignore[attr-defined]
