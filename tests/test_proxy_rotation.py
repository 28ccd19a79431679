"""Rotating SECRET_KEY across two instances behind nginx, one instance at a time, as the README says:
nobody is logged out while the old key is a fallback, cookies move to the new key, and once the
fallback is dropped an old cookie gets the friendly expired page and Resume brings the answers back."""

from __future__ import annotations

import copy
import secrets
from collections.abc import Iterator

import pytest
from journey_driver import Person, posts_for
from test_key_rotation import NEW, OLD, signed_with

from bench.proxy import Proxy, nginx_missing_reason, proxy

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def setup() -> Iterator[Proxy]:
    reason = nginx_missing_reason()
    if reason:
        pytest.skip(reason)
    with proxy(2, env={"SECRET_KEY": OLD, "PDF_ENABLED": "0"}) as running:  # no PDFs: quicker restarts
        yield running


def _rolling(setup: Proxy, env: dict[str, str], person: Person, marker: str) -> None:
    """Restart each instance with `env`; after each, the person's answers are all still there."""
    for index in range(len(setup.instances)):
        setup.restart_instance(index, env)
        for _ in range(4):  # lands on both instances: one restarted, one not yet (or both)
            page = person.get("/check-answers")
            assert page.status == 200 and marker in page.text and "have expired" not in page.text


def _cookie(person: Person) -> str:
    (cookie,) = [c.value for c in person.jar if c.name == "axspa_session"]
    return str(cookie)


def test_rotating_the_key_logs_nobody_out_and_dropping_the_old_one_expires_old_cookies(setup: Proxy) -> None:
    marker = f"zq{secrets.token_hex(4)}"
    person = Person(setup.base, context=setup.ssl_context())
    assert marker in person.walk(posts_for(marker, 61)).text
    saved = person.get("/save-answers").body
    before = _cookie(person)
    assert signed_with(before, OLD) is not None

    _rolling(setup, {"SECRET_KEY": OLD, "SECRET_KEY_FALLBACKS": NEW}, person, marker)  # 1. accept the new key
    _rolling(setup, {"SECRET_KEY": NEW, "SECRET_KEY_FALLBACKS": OLD}, person, marker)  # 2. sign with it
    after = _cookie(person)
    assert signed_with(after, NEW) is not None and signed_with(after, OLD) is None
    _rolling(setup, {"SECRET_KEY": NEW}, person, marker)  # 3. drop the old key
    assert marker in person.get("/sheet").text

    stale = Person(setup.base, context=setup.ssl_context())  # someone still holding a cookie signed with OLD
    old_cookie = copy.copy(next(c for c in person.jar if c.name == "axspa_session"))
    old_cookie.value = before
    stale.jar.set_cookie(old_cookie)
    expired = stale.get("/check-answers")
    assert expired.status == 200 and "Your answers have expired" in expired.text and marker not in expired.text
    resumed = stale.upload("/resume", "answers", "answers.json", saved)
    assert resumed.status == 200 and marker in resumed.text
    assert marker in stale.get("/sheet").text
