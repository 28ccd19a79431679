"""The questionnaire journey (issue 2): `fields` binds form fields to the answers document, `pages`
lists the pages in order, `views` holds the routes of blueprint `journey`."""

from .views import bp

__all__ = ["bp"]
