"""The charts as the page receives them: SVG that parses, every mark present with its value, cell text kept as
text, links on bars, axes from 0 with per-language ticks, and matrix labels that never overlap at 300 accounts."""

from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ET
from itertools import combinations

import pytest

from generator.core.i18n import Language
from generator.site.charts import (
    BLUE,
    LABEL_TOP,
    LIGHT_BLUE,
    PALETTE,
    WIDTH,
    Chart,
    bars,
    label_box,
    lines,
    overlaps,
    scatter,
    short_number,
)
from tests.site_dataset import HOSTILE

SVG = "{http://www.w3.org/2000/svg}"


def _tree(chart: Chart, root: str = "") -> ET.Element:
    """The chart's SVG parsed as XML (it must be well-formed whatever the cell text)."""
    text = str(chart.svg(root))
    return ET.fromstring(text.replace("<svg ", f'<svg xmlns="{SVG[1:-1]}" xmlns:xlink="x" ', 1))


def _all(tree: ET.Element, tag: str, cls: str | None = None) -> list[ET.Element]:
    return [e for e in tree.iter(SVG + tag) if cls is None or cls in (e.get("class") or "").split()]


def _title(element: ET.Element) -> str:
    title = element.find(SVG + "title")
    assert title is not None, ET.tostring(element)
    return title.text or ""


def _funnel(lang: Language = "en") -> Chart:
    return bars("funnel", "Funnel", ["1 Lead", "2 Qualify", "3 Propose"],
                [("Amount", [1_200_000.0, 0.0, 350_000.0], LIGHT_BLUE), ("Weighted", [120_000.0, 0.0, 87_500.0], BLUE)],
                ["accounts.html#status=open&stage=lead", "accounts.html#status=open&stage=qualify", ""],
                y_title="USD", lang=lang)


def test_every_bar_is_drawn_with_its_value_in_its_tooltip() -> None:
    tree = _tree(_funnel())
    rects = _all(tree, "rect", "wp-bar")
    assert len(rects) == 6
    titles = [_title(r) for r in rects]
    assert titles == ["1 Lead · Amount: 1,200,000", "1 Lead · Weighted: 120,000", "2 Qualify · Amount: 0",
                      "2 Qualify · Weighted: 0", "3 Propose · Amount: 350,000", "3 Propose · Weighted: 87,500"]
    heights = [float(r.get("height") or 0) for r in rects]
    assert heights[0] > heights[4] > heights[1] > heights[5] > heights[2] == 0.0  # bar heights follow the values
    assert [r.get("fill") for r in rects[:2]] == [LIGHT_BLUE, BLUE]


def test_bars_link_to_their_filtered_page_from_any_page_depth() -> None:
    chart = _funnel()
    links = [a.get("href") for a in _all(_tree(chart, "../"), "a")]
    assert links == ["../accounts.html#status=open&stage=lead", "../accounts.html#status=open&stage=qualify"]
    deeper = _tree(chart, "")
    assert [len(_all(a, "rect", "wp-bar")) for a in _all(deeper, "a")] == [2, 2]  # the third category: no link
    assert _all(deeper, "svg")[0].get("role") == "group"  # its links stay reachable by keyboard


def test_value_axis_starts_at_zero_with_readable_ticks_per_language() -> None:
    english = [t.text for t in _all(_tree(_funnel()), "text", "wp-tick")]
    chinese = [t.text for t in _all(_tree(_funnel(lang="zh")), "text", "wp-tick")]
    assert english[:5] == ["0", "500k", "1M", "1.5M", "1 Lead"]
    assert chinese[:4] == ["0", "50万", "100万", "150万"]
    assert short_number(1_200_000, "en") == "1.2M" and short_number(1_200_000, "zh") == "120万"
    assert short_number(123_000_000, "zh") == "1.2亿" and short_number(2_500_000_000, "en") == "2.5B"
    assert short_number(-35_000, "en") == "-35k" and short_number(7.5, "en") == "7.5"


def test_legend_sits_below_the_category_labels_and_only_for_several_series() -> None:
    tree = _tree(_funnel())
    lowest_label = max(float(t.get("y") or 0) for t in _all(tree, "text", "wp-tick"))
    legend = _all(tree, "text", "wp-legend")
    assert [t.text for t in legend] == ["Amount", "Weighted"]
    assert min(float(t.get("y") or 0) for t in legend) > lowest_label + 8
    single = bars("x", "X", ["a"], [("Only", [1.0], BLUE)], [""])
    assert _all(_tree(single), "text", "wp-legend") == []
    assert _all(_tree(single), "svg")[0].get("role") == "img"


def test_long_category_names_slant_and_stay_inside_the_picture() -> None:
    names = [f"Customer representative number {n}" for n in range(30)]
    chart = bars("reps", "Reps", names, [("Amount", [float(n) for n in range(30)], BLUE)], [""] * 30)
    tree = _tree(chart)
    ticks = [t for t in _all(tree, "text", "wp-tick") if "rotate" in (t.get("transform") or "")]
    assert len(ticks) == 30
    assert all((t.text or "").endswith("…") for t in ticks)
    first = ticks[0]
    width = label_box(0, 0, first.text or "", "start")[2]
    assert float(first.get("x") or 0) - width * 0.82 >= 0  # cos(35°) of its width fits left of its bar
    _, _, view_w, view_h = (float(v) for v in (_all(tree, "svg")[0].get("viewBox") or "").split())
    assert view_w == WIDTH and view_h == chart.height


def test_stacked_and_negative_bars_are_measured_from_zero() -> None:
    chart = bars("moves", "What changed", ["won", "slipped"],
                 [("New", [3.0, -2.0], BLUE), ("Up", [1.0, -1.0], PALETTE[1])], ["", ""], stacked=True)
    tree = _tree(chart)
    zero = next(float(line.get("y1") or 0) for line in _all(tree, "line", "wp-axis"))
    won_new, won_up, slip_new, slip_up = _all(tree, "rect", "wp-bar")
    unit = float(won_new.get("height") or 0) / 3
    assert float(won_new.get("y") or 0) + float(won_new.get("height") or 0) == pytest.approx(zero, abs=0.1)
    assert float(won_up.get("y") or 0) + float(won_up.get("height") or 0) == pytest.approx(
        float(won_new.get("y") or 0), abs=0.1)  # the second segment sits on the first
    assert float(slip_new.get("y") or 0) == pytest.approx(zero, abs=0.1)  # losses hang below the zero line
    assert float(slip_new.get("height") or 0) == pytest.approx(2 * unit, abs=0.2)
    assert float(slip_up.get("y") or 0) == pytest.approx(zero + 2 * unit, abs=0.2)
    assert "-2" in [t.text for t in _all(tree, "text", "wp-tick")]


@pytest.mark.parametrize("hostile", [*HOSTILE, '</title></rect><script>alert(1)</script>', '" onload="alert(1)',
                                     "a\u202eb\nc"])
def test_cell_text_in_any_chart_stays_text(hostile: str) -> None:
    charts = [
        bars("c", hostile, [hostile], [(hostile, [1.0], BLUE)], [""], y_title=hostile, x_title=hostile),
        lines("h", hostile, [hostile, "b"], [(hostile, [1.0, 2.0], BLUE), ("x", [2.0, 3.0], PALETTE[1])],
              y_title=hostile),
        scatter("m", hostile, [(50.0, 50.0, hostile, "accounts/x.html"), (20.0, 20.0, hostile, "")], x_title=hostile,
                y_title=hostile, x_range=(0, 100), y_range=(0, 100), split=(50, 50),
                quadrant_names=(hostile, hostile, hostile, hostile)),
    ]
    expected = " ".join(hostile.replace("\u202e", "").split())
    for chart in charts:
        tree = _tree(chart)
        tags = {e.tag.removeprefix(SVG) for e in tree.iter()}
        assert tags <= {"svg", "g", "a", "rect", "line", "polyline", "circle", "text", "title"}, tags
        assert not any(name.startswith("on") for e in tree.iter() for name in e.attrib)
        texts = [t.text or "" for t in tree.iter(SVG + "title")] + [t.text or "" for t in tree.iter(SVG + "text")]
        assert any(expected in text for text in texts), (expected, texts)
        assert tree.get("aria-label") == expected
        assert "{" not in str(chart.svg()) and "`" not in str(chart.svg())  # no template or Markdown syntax survives


def test_a_one_point_score_change_looks_like_one_point() -> None:
    chart = lines("history", "Health", ["2026-11-06", "2026-11-20"], [("Health", [43.0, 44.0], BLUE)],
                  y_title="Health", y_range=(0, 100))
    tree = _tree(chart)
    assert [t.text for t in _all(tree, "text", "wp-tick")][:5] == ["0", "25", "50", "75", "100"]
    y0, y1 = (float(c.get("cy") or 0) for c in _all(tree, "circle", "wp-point"))
    assert 0 < y0 - y1 < 3  # 1 point of 100 on a 180-unit axis
    assert [_title(c) for c in _all(tree, "circle", "wp-point")] == [
        "2026-11-06 · Health: 43", "2026-11-20 · Health: 44"]


def test_a_missing_value_breaks_the_line() -> None:
    chart = lines("h", "H", ["a", "b", "c", "d"], [("Health", [40.0, None, 50.0, 60.0], BLUE)], y_range=(0, 100))
    tree = _tree(chart)
    assert len(_all(tree, "circle", "wp-point")) == 3
    assert [len((p.get("points") or "").split()) for p in _all(tree, "polyline")] == [2]


def _matrix(count: int) -> Chart:
    rng = random.Random(count)
    customers = ("华东重工", "Pacific Components", "Helios", "江南精密")
    points = [(rng.choice((45.0, 50.0, 55.0, 60.0)) + rng.random() * 4, 40 + rng.random() * 25,
               f"{rng.choice(customers)} {n} · ERP 二期", f"accounts/{n}.html") for n in range(count)]
    sizes = [float(rng.randint(1, 100) * 50_000) for _ in range(count)]
    return scatter("matrix", "Matrix", points, x_title="Attractiveness", y_title="Strength", x_range=(0, 100),
                   y_range=(0, 100), sizes=sizes, split=(50, 50),
                   quadrant_names=("Invest", "Build or exit", "Maintain", "Minimal"))


def _label_boxes(tree: ET.Element, cls: str) -> list[tuple[float, float, float, float]]:
    return [label_box(float(t.get("x") or 0), float(t.get("y") or 0), t.text or "", t.get("text-anchor") or "start")
            for t in _all(tree, "text", cls)]


def test_matrix_at_300_accounts_names_the_largest_deals_without_overlap() -> None:
    chart = _matrix(300)
    tree = _tree(chart)
    dots = _all(tree, "circle", "wp-dot")
    assert len(dots) == 300 and all(_title(d) for d in dots)
    assert len(_all(tree, "a")) == 300  # every point leads to its account
    labels = _all(tree, "text", "wp-label")
    assert LABEL_TOP // 2 <= len(labels) <= LABEL_TOP
    boxes = _label_boxes(tree, "wp-label") + _label_boxes(tree, "wp-quadrant")
    assert [t.text for t in _all(tree, "text", "wp-quadrant")] == ["Invest", "Build or exit", "Maintain", "Minimal"]
    for a, b in combinations(boxes, 2):
        assert not overlaps(a, b), (a, b)
    named = sorted(range(300), key=lambda i: -chart.figure["data"][0]["sizes"][i])[:LABEL_TOP]
    top_names = {chart.figure["data"][0]["text"][i] for i in named}
    assert all(any(name.startswith((t.text or "").rstrip("…")) for name in top_names) for t in labels)
    big = [d for d in dots if "wp-dot-named" in (d.get("class") or "")]
    assert len(big) == LABEL_TOP and min(float(d.get("r") or 0) for d in big) > max(
        float(d.get("r") or 0) for d in dots if d not in big)


def test_matrix_corners_carry_the_quadrant_names() -> None:
    tree = _tree(_matrix(5))
    corners = {t.text: (float(t.get("x") or 0), float(t.get("y") or 0)) for t in _all(tree, "text", "wp-quadrant")}
    assert corners["Invest"][0] > WIDTH / 2 and corners["Invest"][1] < 100  # top right
    assert corners["Build or exit"][0] > WIDTH / 2 and corners["Build or exit"][1] > 300  # bottom right
    assert corners["Maintain"][0] < WIDTH / 2 and corners["Maintain"][1] < 100  # top left
    assert corners["Minimal"][0] < WIDTH / 2 and corners["Minimal"][1] > 300  # bottom left


def test_a_chart_is_one_block_of_markup_without_blank_lines() -> None:
    """Markdown keeps a raw HTML block only up to a blank line: the SVG must be one block."""
    for chart in (_funnel(), _matrix(20), lines("h", "H", ["a", "b"], [("x", [1.0, 2.0], BLUE)])):
        text = str(chart.svg())
        assert "\n" not in text and re.match(r"^<svg [^>]*>.*</svg>$", text)
