"""The parts of the sheet that need no PDF: the URL fetcher, icon arrays, the view model, the HTML."""

from __future__ import annotations

import base64
import copy
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from decision_aid import icons, presentation, render
from decision_aid.pdf import make_fetcher, pdf_filename

FIXTURE = Path(__file__).parent / "data" / "sample_sheet.json"


@pytest.fixture(scope="module")
def fixture_sheet() -> dict[str, Any]:
    """A hand-made sheet that follows docs/architecture.md (independent of the rules engine)."""
    with FIXTURE.open(encoding="utf-8") as fh:
        loaded: dict[str, Any] = json.load(fh)
    return loaded


@pytest.fixture
def sheet(fixture_sheet: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(fixture_sheet)


# --- the URL fetcher -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fetcher() -> Any:
    return make_fetcher()


def test_fetcher_serves_our_static_font(fetcher: Any) -> None:
    url = (render.STATIC_DIR / "fonts" / "AtkinsonHyperlegible_400Regular.ttf").as_uri()
    response = fetcher.fetch(url)
    assert response.read(4) == b"\x00\x01\x00\x00"  # a TrueType font
    response.close()


def test_fetcher_serves_data_urls(fetcher: Any) -> None:
    response = fetcher.fetch("data:text/plain;base64," + base64.b64encode(b"hello").decode())
    assert response.read() == b"hello"
    response.close()


@pytest.mark.parametrize("url", [
    "file:///etc/passwd",
    "file://localhost/etc/passwd",
    "file://evil.example/share/x.png",
    "http://127.0.0.1:9/x.png",
    "https://example.org/x.css",
    "ftp://example.org/x",
    "gopher://example.org/x",
    (render.STATIC_DIR / "css" / ".." / ".." / "decision_aid" / "config.py").as_uri(),
    render.STATIC_DIR.as_uri() + "/css/%2e%2e/%2e%2e/pyproject.toml",
    render.STATIC_DIR.as_uri() + "/../pyproject.toml",
    render.STATIC_DIR.as_uri() + "/",  # a folder, not a file
    render.STATIC_DIR.as_uri() + "/fonts/missing.ttf",
    (render.STATIC_DIR.parent / "templates" / "layout.html").as_uri(),
    "/etc/passwd",
    "static/css/pdf.css",
])
def test_fetcher_refuses_everything_else(fetcher: Any, url: str) -> None:
    with pytest.raises(ValueError):
        fetcher.fetch(url)


def test_fetcher_refuses_a_symlink_out_of_static(tmp_path: Path) -> None:
    static = tmp_path / "static"
    static.mkdir()
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    (static / "link.txt").symlink_to(tmp_path / "secret.txt")
    (static / "ok.txt").write_text("fine", encoding="utf-8")
    own = make_fetcher(static)
    assert own.fetch((static / "ok.txt").as_uri()).read() == b"fine"
    with pytest.raises(ValueError):
        own.fetch((static / "link.txt").as_uri())


def test_fetcher_is_a_weasyprint_url_fetcher_without_redirects(fetcher: Any) -> None:
    from urllib.request import HTTPRedirectHandler

    from weasyprint.urls import URLFetcher

    assert isinstance(fetcher, URLFetcher)
    assert not any(isinstance(h, HTTPRedirectHandler) for h in fetcher.handlers)
    with pytest.raises(ValueError):
        fetcher.open("http://127.0.0.1:9/")


# --- icon arrays -------------------------------------------------------------------------------


def _centres(svg: str, colour: str) -> list[tuple[float, float]]:
    """The dots one colour's path draws: each subpath is a row, a dot every `dasharray` period."""
    match = re.search(rf'<path d="([^"]+)" fill="none" stroke="{colour}"[^>]*stroke-dasharray="([\d.]+) ([\d.]+)"', svg)
    if not match:
        return []
    period = float(match.group(2)) + float(match.group(3))
    dots = []
    for x, y, length in re.findall(r"M([\d.]+) ([\d.]+)h([\d.]+)", match.group(1)):
        count = int(float(length) // period) + 1
        dots += [(float(x) + k * period, float(y)) for k in range(count)]
    return dots


def _blobs(png: Path, rgb: tuple[int, int, int]) -> int:
    """How many separate patches of (about) this colour a rendered picture shows."""
    from PIL import Image

    image = Image.open(png).convert("RGB")
    width, height = image.size
    pixels = image.load()
    near = {(x, y) for y in range(height) for x in range(width)
            if sum(abs(a - b) for a, b in zip(pixels[x, y], rgb, strict=True)) < 60}
    count = 0
    while near:
        count += 1
        todo = [near.pop()]
        while todo:
            x, y = todo.pop()
            for n in ((x + 1, y), (x - 1, y), (x, y + 1), (x, y - 1)):
                if n in near:
                    near.remove(n)
                    todo.append(n)
    return count


def test_icon_array_draws_one_dot_per_person_in_the_pdf(tmp_path: Path) -> None:
    """Rendered by WeasyPrint and read back by poppler: the dashes really are 100 separate dots."""
    from weasyprint import HTML

    def rgb(colour: str) -> tuple[int, int, int]:
        return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)

    pdf = tmp_path / "dots.pdf"
    page = "<style>@page { size: 52mm; margin: 2mm }</style>"  # just the picture: fewer pixels to scan
    HTML(string=f'{page}<img src="{icons.data_url(15, 29)}">').write_pdf(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "96", "-singlefile", str(pdf), str(tmp_path / "dots")], check=True)
    png = tmp_path / "dots.png"
    assert _blobs(png, rgb(icons.BASELINE_COLOUR)) == 15
    assert _blobs(png, rgb(icons.EXTRA_COLOUR)) == 29
    assert _blobs(png, rgb(icons.EMPTY_COLOUR)) == 56  # rings


def test_icon_array_has_one_path_per_colour_and_no_circles() -> None:
    svg = icons.svg(15, 29)
    assert "<circle" not in svg
    assert svg.count("<path") == 4  # baseline, extra, empty ring and its white centre
    assert len(_centres(svg, icons.BASELINE_COLOUR)) == 15
    assert len(_centres(svg, icons.EXTRA_COLOUR)) == 29
    assert len(_centres(svg, icons.EMPTY_COLOUR)) == 56


def test_icon_array_fills_from_the_bottom_up_row_by_row() -> None:
    dots = _centres(icons.svg(12, 0), icons.BASELINE_COLOUR)
    ys = sorted({y for _x, y in dots}, reverse=True)
    assert len(ys) == 2  # a full bottom row and two in the row above
    bottom = [d for d in dots if d[1] == ys[0]]
    above = sorted(d for d in dots if d[1] == ys[1])
    assert len(bottom) == 10
    assert len(above) == 2 and above[0][0] == min(x for x, _ in bottom)  # starts at the left


def test_extra_responders_sit_on_top_of_the_placebo_responders() -> None:
    svg = icons.svg(15, 29)
    lowest_extra = max(y for _x, y in _centres(svg, icons.EXTRA_COLOUR))
    highest_base = min(y for _x, y in _centres(svg, icons.BASELINE_COLOUR))
    assert lowest_extra <= highest_base


@pytest.mark.parametrize(("baseline", "extra", "total"), [(0, 0, 0), (100, 0, 100), (120, 5, 100), (-3, 7, 7), (60, 60, 100)])
def test_icon_array_clamps_to_100(baseline: int, extra: int, total: int) -> None:
    svg = icons.svg(baseline, extra)
    filled = len(_centres(svg, icons.BASELINE_COLOUR)) + len(_centres(svg, icons.EXTRA_COLOUR))
    assert filled == total
    assert filled + len(_centres(svg, icons.EMPTY_COLOUR)) == 100


def test_icon_array_data_url_is_an_svg_image() -> None:
    url = icons.data_url(44, 0)
    assert url.startswith("data:image/svg+xml;base64,")
    assert base64.b64decode(url.split(",", 1)[1]).decode().startswith("<svg ")


def test_icon_words_give_both_framings() -> None:
    effect = {"outcome": "felt at least 40% better (ASAS40)", "treated": 44, "placebo": 15, "weeks": 24,
              "trial": "GO-RAISE", "medicine": "golimumab", "who": "people with AS", "certainty": "high",
              "approximate": False, "sources": ["inman-2008"]}
    words = icons.describe(effect)
    assert "44 in 100 felt at least 40% better (ASAS40); 56 in 100 did not" in words["treated"]
    assert "15 in 100" in words["placebo"] and "85 in 100 did not" in words["placebo"]
    assert "29 more in 100" in words["difference"]
    assert "after 24 weeks" in words["intro"] and "GO-RAISE" in words["intro"]
    arr = icons.effect_array(effect)
    assert (arr.baseline, arr.extra) == (15, 29)


def test_approximate_figures_say_about() -> None:
    words = icons.describe({"outcome": "responded", "treated": 48, "placebo": 18, "medicine": "ixekizumab",
                            "approximate": True})
    assert "about 48 in 100" in words["treated"] and "about 52 in 100 did not" in words["treated"]


# --- the view model and the HTML ---------------------------------------------------------------


def test_notes_are_grouped_by_level_most_important_first(sheet: dict[str, Any]) -> None:
    option = sheet["options"][5]
    option["notes"] = [
        {"level": lv, "rule": f"r-{lv}", "text": f"{lv} text", "because": [], "sources": []}
        for lv in ("info", "favours", "warning", "caution")
    ]
    vm = presentation.view_model(sheet)
    levels = [g["level"] for g in vm["options_vm"][5]["note_groups"]]
    assert levels == ["warning", "caution", "favours", "info"]
    html = render.sheet_html(sheet)
    for word in ("Warning", "Caution", "In favour", "Good to know"):
        assert f">{word}</strong>" in html


def test_highlights_with_the_same_reason_are_shown_together(sheet: dict[str, Any]) -> None:
    groups = presentation.view_model(sheet)["highlight_groups"]
    titles = [[o["title"] for o in g["options"]] for g in groups]
    assert ["TNF inhibitors", "IL-17 inhibitors"] in titles


def test_standalone_html_escapes_user_text_and_embeds_its_styles(sheet: dict[str, Any]) -> None:
    sheet["questions_to_ask"].insert(0, {"text": 'Is <b>50 mg</b> & "low" ok?</style><script>x</script>',
                                         "own": True, "rule": None})
    html = render.sheet_html(sheet)
    assert "&lt;b&gt;50 mg&lt;/b&gt; &amp; &#34;low&#34; ok?&lt;/style&gt;&lt;script&gt;" in html
    assert "<script" not in html
    assert html.count("<style>") == 1 and "@font-face" in html and "data:font/ttf;base64," in html
    assert "http://" not in re.sub(r'href="[^"]+"', "", html)  # only plain links leave the page


def test_all_nine_options_and_the_grid_rows_are_in_the_html(sheet: dict[str, Any]) -> None:
    html = render.sheet_html(sheet)
    for option in sheet["options"]:
        assert f'id="option-{option["id"]}"' in html
    for row in sheet["grid_rows"]:
        assert row["label"].replace("'", "&#39;") in html
    assert html.count('class="app-icon-array__image"') == sum(len(o["effects"]) for o in sheet["options"])


def test_pdf_filename_is_dated(sheet: dict[str, Any]) -> None:
    assert pdf_filename(sheet) == "as-options-2026-11-23.pdf"
