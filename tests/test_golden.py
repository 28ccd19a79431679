"""Output stays byte-identical unless a change means to change it (tests/golden.py records the digests).

A change that is meant to change what people see re-records them with `tests/golden.py --record`, and the
diff of tests/data/golden.json shows which personas it touched.
"""

from __future__ import annotations

import golden
import pytest

PDF_PERSONAS = ("settled on an NSAID that works", "woman planning a pregnancy",
                "upadacitinib not working after TNF and IL-17", "nr-axSpA in Brazil (both regulators' notes)")


def test_every_persona_gets_the_recorded_json_and_html() -> None:
    assert golden.differences(golden.every(pdf=False)) == []


@pytest.mark.parametrize("name", PDF_PERSONAS)
def test_the_pdfs_text_is_the_recorded_text(name: str) -> None:
    assert golden.differences({name: golden.outputs(name, pdf=True)}) == []
