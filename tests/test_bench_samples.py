"""bench/ keeps its own people as answers files, as it must not import the test suite: they stay
complete, valid answers documents, and the every-page posts still walk the journey to its answers."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from bench.samples import EVERY_PAGE_ANSWERS, EVERY_PAGE_POSTS, PEOPLE
from decision_aid.answers import check_answers, is_complete


@pytest.mark.parametrize("name", list(PEOPLE))
def test_each_bench_person_is_a_complete_valid_answers_document(name: str) -> None:
    assert check_answers(PEOPLE[name]) == []
    assert is_complete(PEOPLE[name])


def test_the_every_page_posts_give_the_every_page_answers(client_no_csrf: FlaskClient) -> None:
    for slug, data in EVERY_PAGE_POSTS.items():
        assert client_no_csrf.post(f"/{slug}", data=data).status_code == 302, slug
    with client_no_csrf.session_transaction() as sess:
        assert sess["answers"] == EVERY_PAGE_ANSWERS
