"""The options sheet on the web and as a PDF (issue 4). Routes are added by the sheet work."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("sheet", __name__)
