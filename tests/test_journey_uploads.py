"""Resume's reading of an uploaded file (decision_aid/journey/uploads.py), as properties: whatever the
bytes, the answer is a valid (possibly partial) answers document or a refusal, never an exception; a file
not from this tool is refused with the one plain line; a saved file, complete or partial, comes back as it was."""

from __future__ import annotations

import copy
import json
from typing import Any

from conftest import SAMPLE_ANSWERS
from hypothesis import given, settings
from hypothesis import strategies as st

from decision_aid import answers
from decision_aid.journey.uploads import NOT_OURS, Refusal, read_answers

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12)
SECTIONS = sorted(k for k in SAMPLE_ANSWERS if k != "schema")


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=600))
def test_any_bytes_give_a_valid_document_or_a_refusal(raw: bytes) -> None:
    result = read_answers(raw)
    if isinstance(result, Refusal):
        assert result.headline and (not result.foreign or result.headline == NOT_OURS)
        assert result.details
    else:
        assert answers.check_answers(result, partial=True) == []


@settings(max_examples=300, deadline=None)
@given(JSON.filter(lambda v: not isinstance(v, dict)) | st.dictionaries(
    st.text(max_size=12).filter(lambda k: k not in SAMPLE_ANSWERS), JSON, max_size=5))
def test_json_that_is_not_this_tools_answers_is_refused_plainly(value: Any) -> None:
    result = read_answers(json.dumps(value).encode())
    assert isinstance(result, Refusal) and result.foreign and result.headline == NOT_OURS


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(SECTIONS), unique=True), st.booleans())
def test_a_saved_partial_file_comes_back_as_it_was(keep: list[str], bom: bool) -> None:
    doc = {"schema": answers.SCHEMA_ID, **{k: copy.deepcopy(SAMPLE_ANSWERS[k]) for k in keep}}
    raw = answers.dumps_file(doc).encode()
    assert read_answers(b"\xef\xbb\xbf" + raw if bom else raw) == doc


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(SECTIONS), st.data())
def test_an_answers_file_with_a_bad_field_names_the_field(section: str, data: Any) -> None:
    doc = copy.deepcopy(SAMPLE_ANSWERS)
    key = data.draw(st.sampled_from(sorted(doc[section])))
    doc[section][key] = data.draw(st.sampled_from([{"x": 1}, [1, 2], "not-a-value-here", -99999]))
    result = read_answers(json.dumps(doc).encode())
    if isinstance(result, Refusal):  # some values are allowed (a string where a string goes): else refused by field
        assert not result.foreign and any(key in line for line in result.details), result.details
    else:
        assert answers.check_answers(result, partial=True) == []
