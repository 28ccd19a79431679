"""BASDAI and ASDAS against the evidence brief's worked test vectors A–G, and their properties."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from decision_aid import scores
from decision_aid.scores import Asdas, asdas_crp, asdas_esr, asdas_state, basdai

item = st.floats(min_value=0, max_value=10, allow_nan=False)
crp = st.floats(min_value=0, max_value=500, allow_nan=False)
esr = st.floats(min_value=0, max_value=200, allow_nan=False)


def test_basdai_vector_a() -> None:
    assert basdai(6, 7, 3, 4, 6, 5) == pytest.approx(5.10)


def test_basdai_vector_b() -> None:
    assert basdai(2, 3, 1, 1, 2, 2.5) == pytest.approx(1.85)


@pytest.mark.parametrize(
    ("case", "back", "stiff", "glob", "periph", "lab", "expected", "state"),
    [
        ("A", 7, 5, 6, 3, 20, 3.78, "very_high"),
        ("B", 5, 4, 5, 2, 4, 2.46, "high"),
        ("C", 3, 2, 3, 1, 1.0, 1.52, "low"),
        ("D", 2, 1, 2, 0, 0.5, 1.16, "inactive"),
        ("E", 7, 5, 6, 3, 12, 3.4977, "high"),
    ],
)
def test_asdas_crp_vectors(case: str, back: float, stiff: float, glob: float, periph: float,
                           lab: float, expected: float, state: str) -> None:
    value = asdas_crp(back, stiff, glob, periph, lab)
    assert value == pytest.approx(expected, abs=0.006), case
    assert asdas_state(value) == state, case


def test_vector_e_exact_value_is_high_with_rounded_coefficients() -> None:
    assert asdas_crp(7, 5, 6, 3, 12) == pytest.approx(3.4977, abs=0.0001)
    assert asdas_state(asdas_crp(7, 5, 6, 3, 12)) == "high"


@pytest.mark.parametrize(
    ("case", "back", "stiff", "glob", "periph", "lab", "expected", "state"),
    [("F", 7, 5, 6, 3, 30, 3.43, "high"), ("G", 3, 2, 3, 1, 9, 1.67, "low")],
)
def test_asdas_esr_vectors(case: str, back: float, stiff: float, glob: float, periph: float,
                           lab: float, expected: float, state: str) -> None:
    value = asdas_esr(back, stiff, glob, periph, lab)
    assert value == pytest.approx(expected, abs=0.006), case
    assert asdas_state(value) == state, case


def test_improvement_a_to_c_is_major() -> None:
    delta = asdas_crp(7, 5, 6, 3, 20) - asdas_crp(3, 2, 3, 1, 1.0)
    assert delta == pytest.approx(2.26, abs=0.01)


@pytest.mark.parametrize(("value", "state"), [
    (0.0, "inactive"), (1.2999, "inactive"), (1.3, "low"), (2.0999, "low"), (2.1, "high"),
    (3.5, "high"), (3.5001, "very_high"), (9.0, "very_high"),
])
def test_cut_offs(value: float, state: str) -> None:
    assert asdas_state(value) == state


@given(item, item, item, item, item, item)
def test_basdai_in_range(a: float, b: float, c: float, d: float, e: float, f: float) -> None:
    assert 0 <= basdai(a, b, c, d, e, f) <= 10 + 1e-9


@given(item, item, item, item, st.floats(min_value=0, max_value=2, allow_nan=False))
def test_crp_floor(back: float, stiff: float, glob: float, periph: float, low: float) -> None:
    """Any CRP below 2 mg/L scores exactly as 2 mg/L."""
    assert asdas_crp(back, stiff, glob, periph, low) == pytest.approx(asdas_crp(back, stiff, glob, periph, 2.0))


@given(item, item, item, item, crp, st.floats(min_value=0, max_value=10, allow_nan=False))
def test_asdas_crp_monotonic(back: float, stiff: float, glob: float, periph: float, lab: float, bump: float) -> None:
    base = asdas_crp(back, stiff, glob, periph, lab)
    assert asdas_crp(min(back + bump, 10), stiff, glob, periph, lab) >= base - 1e-12
    assert asdas_crp(back, stiff, glob, periph, lab + bump) >= base - 1e-12
    assert asdas_crp(back, stiff, min(glob + bump, 10), periph, lab) >= base - 1e-12


@given(item, item, item, item, esr, st.floats(min_value=0, max_value=10, allow_nan=False))
def test_asdas_esr_monotonic(back: float, stiff: float, glob: float, periph: float, lab: float, bump: float) -> None:
    base = asdas_esr(back, stiff, glob, periph, lab)
    assert asdas_esr(back, min(stiff + bump, 10), glob, periph, lab) >= base - 1e-12
    assert asdas_esr(back, stiff, glob, periph, min(lab + bump, 200)) >= base - 1e-12


@given(item, item, item, item, crp)
def test_asdas_crp_range(back: float, stiff: float, glob: float, periph: float, lab: float) -> None:
    value = asdas_crp(back, stiff, glob, periph, lab)
    assert 0.58 * math.log(3) - 1e-9 <= value <= 0.36 * 10 + 0.58 * math.log(501) + 1e-9


@given(st.floats(min_value=0, max_value=10, allow_nan=False), st.floats(min_value=0, max_value=10, allow_nan=False))
def test_state_order_follows_value(a: float, b: float) -> None:
    order = ["inactive", "low", "high", "very_high"]
    lo, hi = sorted([a, b])
    assert order.index(asdas_state(lo)) <= order.index(asdas_state(hi))


def test_scores_from_answers_prefers_crp(sample_answers: dict) -> None:
    sample_answers["activity"]["esr_mm_h"] = 30
    result = scores.scores_from_answers(sample_answers)
    assert isinstance(result["asdas"], Asdas)
    assert result["asdas"].kind == "CRP"
    assert result["asdas"].value == pytest.approx(3.78, abs=0.006)
    assert result["basdai"] == pytest.approx(5.1)


def test_scores_without_lab_or_global_have_no_asdas(sample_answers: dict) -> None:
    del sample_answers["activity"]["crp_mg_l"]
    assert scores.scores_from_answers(sample_answers)["asdas"] is None
    sample_answers["activity"]["esr_mm_h"] = 9
    del sample_answers["activity"]["patient_global"]
    assert scores.scores_from_answers(sample_answers)["asdas"] is None


def test_explanation_line(sample_answers: dict) -> None:
    lines = scores.explain(scores.scores_from_answers(sample_answers))
    assert lines[0].startswith("ASDAS 3.8: very high disease activity")
    assert lines[1] == "BASDAI 5.1 out of 10: active disease (4 or more)"
