"""Cache keys for the parts of the web sheet made only from content (templating.FragmentCache).

An option's long middle -- summary, benefits and downsides, trial figures, how it lines up with what
matters, cost and the extra sections -- is the same for everyone who sees the same content in the same
language with the same source numbers. Its key is the pickle of exactly what that part renders (the data,
the language, the source numbering), so a cached part can only ever be the part that would have been
made: nothing is assumed about what the data depends on. PDFs get no key (they record what they cite
while rendering, and are made far less often).
"""

from __future__ import annotations

import pickle
from typing import Any

from jinja2 import Environment

from .i18n import current_language
from .templating import FragmentCache


def _numbers(cite: Any) -> bytes | None:
    """The citation numbers in a key (presentation.Citer pickles them once per render)."""
    return getattr(cite, "numbers_key", None)


def _key(label: bytes, parts: Any) -> bytes:
    """The key itself: the label and the pickle of everything the part is made from. The whole pickle, not a
    digest of it: equal keys are equal data, and the dictionary's own hash is cheaper than a digest."""
    return label + pickle.dumps(parts, protocol=pickle.HIGHEST_PROTOCOL)


def option_body_key(vm: dict[str, Any], cite: Any, web: bool) -> bytes | None:
    """The key of one option's content-only part on the web page (None for a PDF). Its trial figures are made
    from the option's effects in the language (presentation._figure), so the effects stand for them."""
    if not web:
        return None
    o = vm["option"]
    return _key(b"option-body:", (current_language(), o.get("id"), o.get("summary"), o.get("pros"), o.get("cons"),
                                   o.get("effects"), o.get("effect_words"), o.get("harm_words"), o.get("priorities"),
                                   o.get("cost"), o.get("sections"), o.get("sources"), o.get("title"), _numbers(cite)))


def grid_key(grid_web: list[dict[str, Any]], sheet: dict[str, Any], highlighted: Any, cite: Any,
             web: bool) -> bytes | None:
    """The key of the web page's comparison grid and its phone cards (None for a PDF)."""
    if not web:
        return None
    columns = grid_web[0]["options"]
    return _key(b"grid:", (current_language(), [(o.get("id"), o.get("title"), o.get("highlight"), o.get("grid"),
                                                 o.get("cost")) for o in columns],
                           sheet.get("grid_rows"), bool(highlighted), _numbers(cite)))


def sources_key(sources: list[dict[str, Any]], web: bool) -> bytes | None:
    """The key of the numbered sources list on the web page (None for a PDF)."""
    return _key(b"sources:", (current_language(), sources)) if web else None


ABOUT_FIELDS = ("content_version", "update_policy", "funding", "conflicts", "reading_level")  # what it shows


def about_key(sheet: dict[str, Any], reviewed_on: str, next_review_due: str, translation: Any, generated_on: str,
              web: bool) -> bytes | None:
    """The key of the About box on the web page (None for a PDF): the metadata it shows and the day."""
    if not web:
        return None
    return _key(b"about:", (current_language(), [sheet.get(k) for k in ABOUT_FIELDS], reviewed_on, next_review_due,
                            translation, generated_on))


class LazyCells(dict[str, Any]):
    """The web grid's cells (presentation.web_grid_cells), made only when a cached grid is not found."""

    def __init__(self, make: Any) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, key: str) -> Any:
        if not self:
            self.update(self._make())
            if key in self:
                return self[key]
        raise KeyError(key)


def install(env: Environment) -> None:
    """The `{% cache %}` tag and the key functions, in the app's Jinja environment and render.py's."""
    env.add_extension(FragmentCache)
    env.globals.update(option_body_key=option_body_key, grid_key=grid_key, sources_key=sources_key, about_key=about_key)
