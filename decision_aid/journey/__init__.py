"""The questionnaire journey (issue 2): `pages` is the flow (the pages in order, who is asked what),
`forms` and `medicines` what each page asks, `fields`, `checkboxes` and `textboxes` the field types that
bind form fields to the answers document (`paths`), `prerender` the GOV.UK markup rendered once and
reused (`frames`), `summary` check answers' lists and `views` the routes of blueprint `journey`."""

from .views import bp

__all__ = ["bp"]
