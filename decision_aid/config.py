"""Settings, all read from environment variables so one image serves every clinic.

Every setting is documented in the README. Production refuses to start without a real SECRET_KEY,
because the session cookie that holds a person's answers is signed with it. SECRET_KEY_FALLBACKS
holds the previous keys while the key is rotated: cookies signed with them are still accepted, and
every response signs with the new key (README, "Rotating the secret key").
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
STATIC_DIR = (ROOT / "static").resolve()  # served at /static, and the only files a PDF may load
DEV_SECRET_KEY = "dev-only-not-secret"  # noqa: S105 - a placeholder that production refuses
MIN_SECRET_KEY_LENGTH = 32


class ConfigError(RuntimeError):
    """The settings cannot run the service safely; the message says what to fix."""


# The largest request body: Resume takes the appointment PDF (about 80-150 KB with the answers file
# inside it, imports.py), so the default leaves room for it; an answers file alone is a few KB.
DEFAULT_MAX_UPLOAD_BYTES = 512 * 1024


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from exc


def _env_list(name: str) -> list[str]:
    """A comma-separated setting as a list, without blanks."""
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def content_dir_from_env() -> Path:
    """Where the YAML content and rules live: DECISION_AID_RULES_DIR, else rules/ in this repo."""
    return Path(os.environ.get("DECISION_AID_RULES_DIR") or ROOT / "rules")


def load_config() -> dict[str, Any]:
    """Build the Flask config from the environment."""
    env = os.environ.get("DECISION_AID_ENV", "development").strip().lower()
    if env not in {"development", "production"}:
        raise ConfigError(f"DECISION_AID_ENV must be 'development' or 'production', not {env!r}")
    production = env == "production"
    secret = os.environ.get("SECRET_KEY", "")
    if not secret:
        secret = "" if production else DEV_SECRET_KEY
    return {
        "ENV_NAME": env,
        "SECRET_KEY": secret,
        "SECRET_KEY_FALLBACKS": _env_list("SECRET_KEY_FALLBACKS"),
        "CONTENT_DIR": content_dir_from_env(),
        "PERMANENT_SESSION_LIFETIME": timedelta(minutes=_env_int("SESSION_MINUTES", 120)),
        "SESSION_REFRESH_EACH_REQUEST": True,
        "SESSION_COOKIE_NAME": "axspa_session",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production or os.environ.get("SESSION_COOKIE_SECURE") == "1",
        "MAX_CONTENT_LENGTH": _env_int("MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES),
        "MAX_FORM_MEMORY_SIZE": _env_int("MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES),
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session, for slow typists
        "WTF_CSRF_SSL_STRICT": False,  # SameSite cookies plus the token; works behind TLS proxies
        "PDF_ENABLED": os.environ.get("PDF_ENABLED", "1") != "0",
    }


def check_production_ready(config: dict[str, Any]) -> None:
    """Refuse unsafe production settings, so a clinic cannot deploy with a guessable key."""
    if config.get("ENV_NAME") != "production" or config.get("TESTING"):
        return
    secret = str(config.get("SECRET_KEY") or "")
    if not secret or secret == DEV_SECRET_KEY:
        raise ConfigError(
            "SECRET_KEY is not set. In production set SECRET_KEY to a long random value, for example "
            "the output of: python -c 'import secrets; print(secrets.token_hex(32))'"
        )
    if len(secret) < MIN_SECRET_KEY_LENGTH:
        raise ConfigError(f"SECRET_KEY is too short: use at least {MIN_SECRET_KEY_LENGTH} random characters.")
    for old in config.get("SECRET_KEY_FALLBACKS") or []:
        if old == DEV_SECRET_KEY or len(str(old)) < MIN_SECRET_KEY_LENGTH:
            raise ConfigError("SECRET_KEY_FALLBACKS holds a key that is too short or the development placeholder: "
                              "list only keys that were really used as SECRET_KEY.")
