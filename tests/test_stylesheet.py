"""static/css/app.css is built from only the GOV.UK Frontend parts the pages use (static/src/app.scss).
This checks that every GOV.UK class any page sends has a rule in it, so a page that starts using
another component fails here until its `@use` line is added and `make css` is run."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Flask
from test_journey_helpers import FEMALE_ANSWERS

from decision_aid.journey.pages import PAGES

CSS = Path(__file__).resolve().parent.parent / "static" / "css" / "app.css"
# Classes GOV.UK Frontend itself gives no rule (hooks for its script, or structure only).
UNSTYLED_IN_GOVUK = {
    "govuk-checkboxes", "govuk-radios", "govuk-file-upload--error", "govuk-table__body", "govuk-table__head",
    "govuk-table__row", "govuk-table__caption--s", "govuk-template__header",
}


def test_every_govuk_class_on_every_page_has_a_rule(app_no_csrf: Flask) -> None:
    client = app_no_csrf.test_client()
    with client.session_transaction() as sess:
        sess["answers"] = FEMALE_ANSWERS
    pages = [client.get(path).get_data(as_text=True)
             for path in ["/", "/check-answers", "/sheet", "/no-such-page"] + [f"/{p.slug}" for p in PAGES]]
    pages += [client.post(f"/{p.slug}", data={}).get_data(as_text=True) for p in PAGES]  # error states
    pages += [client.post(path, data={}).get_data(as_text=True) for path in ("/resume", "/sheet/sure")]
    used = {name for page in pages for attr in re.findall(r'class="([^"]+)"', page)
            for name in attr.split() if name.startswith("govuk-")}
    styled = set(re.findall(r"\.(govuk-[\w-]+)", CSS.read_text(encoding="utf-8")))
    assert len(used) > 80  # the scan saw the pages
    missing = used - styled - UNSTYLED_IN_GOVUK
    assert not missing, f"add the component to static/src/app.scss and run `make css`: {sorted(missing)}"
