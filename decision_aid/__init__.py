"""Treatment-options decision aid for axial spondyloarthritis (axSpA) / ankylosing spondylitis.

`create_app` builds the Flask app from small setup steps (as in ONS eq-questionnaire-runner), so
tests, the command line and gunicorn (`gunicorn 'decision_aid:create_app()'`) share one path.
"""

from __future__ import annotations

import gc
import logging
from pathlib import Path
from typing import Any

from flask import Flask
from flask_wtf.csrf import CSRFProtect
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

from . import fragments, health, i18n, security
from . import session as sessions
from .assets import asset_url
from .config import ROOT, STATIC_DIR, check_production_ready, load_config
from .i18n import lazy_gettext as _l
from .templating import FlaskDictFirstEnvironment
from .urls import App

csrf = CSRFProtect()

SERVICE_NAME = _l("AS treatment options")  # the header and every page title, in the language of the page


def _setup_templates(app: Flask) -> None:
    app.jinja_loader = ChoiceLoader([
        FileSystemLoader(str(ROOT / "templates")),
        PrefixLoader({
            "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
            "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
        }),
    ])
    app.jinja_env.autoescape = True
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    fragments.install(app.jinja_env)  # {% cache %} for the sheet's content-only parts
    app.jinja_env.globals["service_name"] = SERVICE_NAME
    app.jinja_env.globals["asset_url"] = asset_url
    WTFormsHelpers(app)


def _setup_blueprints(app: Flask) -> None:
    from .after_views import bp as after_bp
    from .fhir_views import bp as fhir_bp
    from .journey import bp as journey_bp
    from .sheet_views import bp as sheet_bp

    app.register_blueprint(journey_bp)
    app.register_blueprint(sheet_bp)
    app.register_blueprint(after_bp)  # the knowledge check and leaning, after the sheet
    app.register_blueprint(health.bp)
    app.register_blueprint(fhir_bp)


def _setup_content(app: Flask) -> None:
    """Load and validate the YAML content and rules once per process into `app.extensions["content"]`.

    A broken rule set or broken content stops start-up with every error listed (ContentInvalid), so a
    clinician's typo can never silently switch a rule off in production.
    """
    from .engine import ContentInvalid, load_content_cached

    content = load_content_cached(Path(app.config["CONTENT_DIR"]))
    if content.errors:
        raise ContentInvalid(content.errors)
    app.extensions["content"] = content


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app; `test_config` overrides settings read from the environment."""
    app = App(__name__, static_folder=str(STATIC_DIR), static_url_path="/static")
    app.jinja_environment = FlaskDictFirstEnvironment  # before app.jinja_env is first made
    app.config.from_mapping(load_config())
    if test_config:
        app.config.from_mapping(test_config)
    check_production_ready(app.config)
    logging.basicConfig(level=logging.INFO)
    _setup_templates(app)
    sessions.init_app(app)  # before CSRF: an expired cookie gets its own page, not a CSRF error
    csrf.init_app(app)
    security.init_app(app)
    _setup_content(app)
    i18n.init_app(app)  # after the content: it keeps the content per language
    _setup_blueprints(app)
    if app.config.get("PDF_ENABLED", True) and not app.config.get("TESTING"):
        from . import pdf

        pdf.warm_up()  # in each worker as it starts, so no one waits for WeasyPrint to load
        health.mark_pdf_warmed(app)
    if not app.config.get("TESTING"):
        for name in app.jinja_env.list_templates(extensions=["html"]):  # compile now, not on first view
            app.jinja_env.get_template(name)
        _warm_journey(app)
        with app.app_context():  # every language's content too, shared by the workers gunicorn forks
            for language in i18n.LANGUAGES:
                i18n.content_for(language)
        _freeze_start_up_objects()
    return app


def _warm_journey(app: Flask) -> None:
    """The step pages' pre-rendered fields, made at start-up (before gunicorn forks, with --preload)."""
    from .journey import prerender
    from .journey.pages import PAGES

    with app.test_request_context("/"):
        prerender.warm_up(PAGES)


def _freeze_start_up_objects() -> None:
    """Keep what start-up built (content, compiled templates, WeasyPrint's fonts and stylesheets) out
    of the garbage collector's scans from now on (Python's `gc.freeze`, as its docs advise before a
    fork): under `gunicorn --preload` the workers share those memory pages with the master instead
    of copying them, and each request's collections look only at what requests made (bench/serve.py)."""
    gc.collect()
    gc.freeze()
