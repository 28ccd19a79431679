"""Jinja environments that read a plain dict's keys before its attributes.

The sheet and the question pages are dicts all the way down, and templates read them as `o.title`.
Jinja's default tries the attribute first, so each such lookup raised and caught an AttributeError
before reading the key: about a thousand times per `/sheet`, 9 % of the request (4.58 -> 4.17 ms
median, same output). Here a dict's key wins; its methods are still found when no key has that
name (`sec.get('items')`), and objects and `x["key"]` work as before.
"""

from __future__ import annotations

from typing import Any

from flask.templating import Environment as FlaskEnvironment
from jinja2 import Environment

_MISSING = object()


class DictFirstEnvironment(Environment):
    """A Jinja environment where `d.name` on a dict is `d["name"]` when that key exists."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict:
            value = obj.get(attribute, _MISSING)
            if value is not _MISSING:
                return value
        return super().getattr(obj, attribute)


class FlaskDictFirstEnvironment(DictFirstEnvironment, FlaskEnvironment):
    """The same for the Flask app (`app.jinja_environment`), keeping Flask's template loading."""
