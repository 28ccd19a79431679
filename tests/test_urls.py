"""The app's kept URLs (urls.App) are the URLs Flask would build, for every request they are built in."""

from __future__ import annotations

import pytest
from flask import Flask, url_for

from decision_aid import create_app
from decision_aid.journey.pages import PAGES

CASES = [
    ("journey.start", {}),
    ("journey.question", {"slug": PAGES[0].slug}),
    ("journey.question", {"slug": PAGES[-1].slug}),
    ("sheet.sheet_page", {"_anchor": "after-sheet"}),
    ("static", {"filename": "css/app.css", "v": "abc"}),
    ("i18n.choose_language", {"code": "es", "page": "about-you"}),
]


@pytest.fixture(scope="module")
def app() -> Flask:
    return create_app({"TESTING": True, "SECRET_KEY": "urls-test-secret-0123456789abcdef0123456789"})


@pytest.mark.parametrize("script_root", ["", "/aid", "/other/prefix"])
def test_kept_urls_are_flasks_in_every_script_root(app: Flask, script_root: str) -> None:
    for _round in range(2):  # the second round reads every URL from what was kept
        with app.test_request_context("/", base_url=f"http://example.org{script_root}/"):
            for endpoint, values in CASES:
                kept = url_for(endpoint, **values)
                assert kept == Flask.url_for(app, endpoint, **values)
                assert kept.startswith(f"{script_root}/")


def test_a_url_kept_for_one_prefix_is_not_given_to_another(app: Flask) -> None:
    with app.test_request_context("/", base_url="http://example.org/aid/"):
        assert url_for("journey.start") == "/aid/"
    with app.test_request_context("/", base_url="http://example.org/"):
        assert url_for("journey.start") == "/"


def test_relative_endpoints_follow_the_blueprint_of_the_request(app: Flask) -> None:
    with app.test_request_context("/sheet"):
        assert url_for(".sheet_page") == "/sheet"
    with app.test_request_context("/"):
        assert url_for(".start") == "/"
        with pytest.raises(Exception, match="sheet_page"):
            url_for(".sheet_page")  # not the sheet blueprint's, as Flask


def test_external_urls_and_unhashable_values_go_to_flask(app: Flask) -> None:
    for host in ("a.example", "b.example"):
        with app.test_request_context("/", base_url=f"https://{host}/"):
            assert url_for("journey.start", _external=True) == f"https://{host}/"
    with app.test_request_context("/"):
        assert url_for("journey.start", extra=["x", "y"]) == Flask.url_for(app, "journey.start", extra=["x", "y"])


def test_outside_a_request_flask_decides(app: Flask) -> None:
    with app.app_context(), pytest.raises(RuntimeError):
        url_for("journey.start")  # no SERVER_NAME: Flask's own error, nothing kept
