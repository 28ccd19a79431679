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
