"""Benefits and harms told the same way, ordered to fit the reader (issue 14, items 1-3).

Persona tests: the same options sheet for someone with AS, with nr-axSpA and after a TNF inhibitor shows
the trial figures from people like them first; harms have the same pictures and sentences as benefits, and
their text alternatives say the same numbers as the visible words.
"""

from __future__ import annotations

import base64
import re
from typing import Any

import pytest
from personas import adv, make

from decision_aid import icons
from decision_aid.engine import load_content_cached
from decision_aid.presentation import view_model
from decision_aid.render import sheet_html
from decision_aid.sheet import build_sheet

AS_NAIVE = make({})
NR_NAIVE = make({"condition.diagnosis": "non_radiographic_axspa"})
AS_AFTER_TNF = make({"treatments.advanced": [adv("adalimumab", "past", "none", "16_weeks_or_more")]})
NR_AFTER_TNF = make({"condition.diagnosis": "non_radiographic_axspa",
                     "treatments.advanced": [adv("adalimumab", "past", "none", "16_weeks_or_more")]})


def _option(answers: dict[str, Any], option_id: str) -> dict[str, Any]:
    sheet = build_sheet(load_content_cached(), answers)
    return next(o for o in sheet["options"] if o["id"] == option_id)


def _trials(answers: dict[str, Any], option_id: str, kind: str = "benefit") -> list[str]:
    return [e["trial"] for e in _option(answers, option_id)["effects"] if e["kind"] == kind]


def test_every_effect_in_the_sheet_json_says_whether_it_is_a_benefit_or_a_harm() -> None:
    sheet = build_sheet(load_content_cached(), AS_NAIVE)
    kinds = [e["kind"] for o in sheet["options"] for e in o["effects"]]
    assert set(kinds) == {"benefit", "harm"}
    for option in sheet["options"]:
        seen = [e["kind"] for e in option["effects"]]
        assert seen == sorted(seen), f"{option['id']}: benefits come before harms"


def test_someone_with_as_sees_as_trials_first_and_nr_axspa_trials_last() -> None:
    il17 = _option(AS_NAIVE, "il17_inhibitors")["effects"]
    trials = [e["trial"] for e in il17 if e["kind"] == "benefit"]
    assert trials[:3] == ["COAST-V", "MEASURE 2", "BE MOBILE 2"]  # AS, no TNF inhibitor before, then AS
    assert trials[-1] == "BE MOBILE 1"  # nr-axSpA: last
    assert [e["who"] for e in il17[3:5]] == ["people with AS whose TNF inhibitor had not worked or was not tolerated"] * 2
    assert not any(e["fits"] for e in il17)
    jak = _trials(AS_NAIVE, "jak_inhibitors")
    assert jak[0] == "SELECT-AXIS 1" and jak[-1] == "SELECT-AXIS 2 (non-radiographic part)"


def test_someone_with_nr_axspa_sees_nr_axspa_trials_first() -> None:
    assert _trials(NR_NAIVE, "il17_inhibitors")[0] == "BE MOBILE 1"
    assert _trials(NR_NAIVE, "jak_inhibitors")[0] == "SELECT-AXIS 2 (non-radiographic part)"
    assert _trials(NR_NAIVE, "tnf_inhibitors")[0] == "RAPID-axSpA"  # the one trial that took in nr-axSpA too
    first = _option(NR_NAIVE, "il17_inhibitors")["effects"][0]
    assert first["fits"] == ["nr-axspa"]


def test_someone_who_has_had_a_tnf_inhibitor_sees_tnf_experienced_trials_first() -> None:
    il17 = _option(AS_AFTER_TNF, "il17_inhibitors")["effects"]
    assert [e["trial"] for e in il17[:2]] == ["COAST-W", "MEASURE 2"]
    assert all(e["fits"] == ["tnf-experienced"] for e in il17[:2])
    assert "tnf-experienced" in il17[1]["population"] and il17[1]["treated"] == 50
    assert _trials(AS_AFTER_TNF, "jak_inhibitors")[0] == "SELECT-AXIS 2 (AS part)"
    # after a TNF inhibitor, with nr-axSpA: the TNF-experienced figures still lead, then the nr-axSpA ones
    nr = _trials(NR_AFTER_TNF, "jak_inhibitors")
    assert nr[:2] == ["SELECT-AXIS 2 (AS part)", "SELECT-AXIS 2 (non-radiographic part)"]


def test_harms_keep_their_order_whoever_reads() -> None:
    for answers in (AS_NAIVE, NR_NAIVE, AS_AFTER_TNF):
        harms = [e["outcome"] for e in _option(answers, "jak_inhibitors")["effects"] if e["kind"] == "harm"]
        assert harms[0].startswith("had a heart attack") and harms[1].startswith("got a cancer")


def _figures(answers: dict[str, Any], option_id: str) -> list[dict[str, Any]]:
    sheet = build_sheet(load_content_cached(), answers)
    vm = view_model(sheet)
    return next(o for o in vm["options_vm"] if o["option"]["id"] == option_id)["effects"]


def test_a_harm_picture_of_1000_and_its_words_say_the_same_numbers() -> None:
    heart = next(f for f in _figures(AS_NAIVE, "jak_inhibitors") if f["kind"] == "harm")
    words = heart["words"]
    assert heart["heading"] == "Side effects and risks in numbers"
    assert heart["total"] == 1000 and (heart["baseline"], heart["extra"], heart["none"]) == (25, 9, 966)
    assert words["treated"].startswith("On tofacitinib, 34 in 1000 had a heart attack")
    assert words["placebo"].startswith("On a TNF inhibitor (adalimumab or etanercept), 25 in 1000")
    assert "9 more in 1000" in words["difference"] and "over about 4 years" in words["difference"]
    assert "aged 50 or over with at least one heart risk factor" in words["intro"]
    assert words["alt"] == ("Picture of 1000 people. 25 dark blue circles: people who had a heart attack, a stroke "
                            "or died of heart disease on a TNF inhibitor too. 9 orange circles: the extra people who "
                            "had a heart attack, a stroke or died of heart disease on tofacitinib. 966 empty circles: "
                            "people who did not.")
    assert words["certainty"].startswith("high")
    svg = base64.b64decode(heart["image"].split(",", 1)[1]).decode()
    assert icons.EXTRA_COLOUR in svg and 'viewBox="0 0 282 177"' in svg
    # the picture has as many dots of each colour as the words say (one dash per dot in each row's path)
    assert _dots(svg, icons.BASELINE_COLOUR) == 25 and _dots(svg, icons.EXTRA_COLOUR) == 9
    assert _dots(svg, icons.EMPTY_COLOUR) == 966


def _dots(svg: str, colour: str) -> int:
    path = re.search(r'<path d="([^"]+)" fill="none" stroke="' + colour, svg)
    if not path:
        return 0
    step = 7 if 'viewBox="0 0 282' in svg else 18
    return sum(round(float(length) / step) + 1 for length in re.findall(r"h([\d.]+)", path.group(1)))


def test_a_benefit_picture_counts_out_of_100_as_before() -> None:
    golimumab = _figures(AS_NAIVE, "tnf_inhibitors")[0]
    assert golimumab["total"] == 100 and (golimumab["baseline"], golimumab["extra"]) == (15, 29)
    svg = base64.b64decode(golimumab["image"].split(",", 1)[1]).decode()
    assert _dots(svg, icons.BASELINE_COLOUR) == 15 and _dots(svg, icons.EXTRA_COLOUR) == 29
    assert golimumab["words"]["alt"].startswith("Picture of 100 people. 15 dark blue circles: people who felt at "
                                                "least 40% better on most measures (ASAS40) on the dummy treatment too.")


def test_a_harm_known_only_as_a_difference_is_told_in_words_without_a_picture() -> None:
    nsaid = _figures(AS_NAIVE, "nsaids")
    assert [f["kind"] for f in nsaid] == ["benefit", "harm", "harm"]
    assert nsaid[0]["statement"]["text"].startswith("In a review of 39 trials")  # effect_words kept first
    cnt = nsaid[1]
    assert cnt["image"] is None and cnt["words"]["alt"] == ""
    assert cnt["words"]["treated"] == ("Of 1000 people on a coxib (such as celecoxib) or diclofenac, 3 more had a heart "
                                       "attack, a stroke or died of heart disease than of 1000 on the dummy treatment "
                                       "(placebo), over 1 year.")
    assert "No picture" in cnt["words"]["difference"]


@pytest.mark.parametrize("option_id", ["tnf_inhibitors", "csdmards", "steroid_injection"])
def test_where_no_harm_figure_exists_the_words_say_so(option_id: str) -> None:
    figures = _figures(AS_NAIVE, option_id)
    harm_words = [f for f in figures if f["kind"] == "harm" and f["statement"]]
    assert harm_words and re.search(r"[Nn]o reliable figure", harm_words[0]["statement"]["text"])


def test_the_sheet_shows_harm_pictures_with_their_key() -> None:
    sheet = build_sheet(load_content_cached(), NR_AFTER_TNF)
    html = sheet_html(sheet)
    assert "Side effects and risks in numbers" in html
    assert "Orange: the extra people who had thrush" in html
    assert "This trial was in people who had already had a TNF inhibitor, like you." in html
    assert 'alt="Picture of 1000 people. 25 dark blue circles' in html
