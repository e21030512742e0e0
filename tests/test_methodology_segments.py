"""The segment roll-up (count, pipeline, weighted, win rate per A–D) counts money and wins as the overview does."""

from __future__ import annotations

from dataclasses import replace

import jinja2

from generator.core.config import DEFAULT_CONFIG
from generator.site.context.common import build_index
from generator.site.context.segments import segment_rollup
from generator.site.render import environment
from tests.site_dataset import AS_OF, current_deals, harvest_of


def _rows(lang: str = "en") -> dict[str, tuple[int, int, str, str, str, str]]:
    deals = current_deals()
    deals = [replace(deals[0], segment="B"), replace(deals[1], segment="B"), replace(deals[2], segment=None),
             replace(deals[3], segment="A"), replace(deals[4], segment="A"), replace(deals[5], segment="A")]
    index = build_index(harvest_of(1, AS_OF, deals), lang, DEFAULT_CONFIG)  # type: ignore[arg-type]
    return {row.segment: (row.deals, row.open_deals, row.pipeline, row.weighted, row.win_rate, row.won_lost)
            for row in segment_rollup(index, lang)}  # type: ignore[arg-type]


def test_each_segment_sums_its_open_deals_and_counts_its_wins() -> None:
    rows = _rows()
    # A: deal 4 won (800,000), deal 5 lost, deal 6 open without an amount; B: deals 1 (negotiation, 75%) and 2
    # (tender, 90%) open; deal 3 has no segment and is in USD.
    assert rows["A"] == (3, 1, "0 CNY", "0 CNY", "50%", "1/2")
    assert rows["B"] == (2, 2, "3,500,000 CNY", "3,000,000 CNY", "–", "0/0")
    assert rows["C"] == rows["D"] == (0, 0, "0 CNY", "0 CNY", "–", "0/0")
    assert rows["not set"] == (1, 1, "300,000 USD", "30,000 USD", "–", "0/0")
    assert list(rows) == ["A", "B", "C", "D", "not set"]


def test_the_partial_renders_a_row_per_segment_linking_to_the_filtered_index() -> None:
    deals = current_deals()
    index = build_index(harvest_of(1, AS_OF, deals), "zh", DEFAULT_CONFIG)
    env: jinja2.Environment = environment("zh")
    text = env.get_template("_segment_rollup.md.j2").render(segments=segment_rollup(index, "zh"))
    assert '<h3 id="segments">按客户细分 (A–D)</h3>' in text
    assert 'href="accounts.html#status=open&amp;segment=A"' in text  # & escaped in the attribute
    assert text.count("<tr>") == 1 + 4  # header and A–D (every dataset deal is segment A)
