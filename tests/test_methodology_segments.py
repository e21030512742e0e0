"""The overview's roll-ups (count, pipeline, weighted, win rate per A–D, and per region, industry and product line)
count money and wins as the overview does; the planned segment upgrades count each account once."""

from __future__ import annotations

from dataclasses import replace

import jinja2

from generator.core.config import DEFAULT_CONFIG
from generator.core.model import Deal
from generator.site.context.common import SiteIndex, build_index
from generator.site.context.groups import account_groups
from generator.site.context.segments import UpgradeRow, group_rollups, segment_rollup, upgrades
from generator.site.render import environment
from tests.site_dataset import AS_OF, current_deals, harvest_of


def _rows(lang: str = "en") -> dict[str, tuple[int, int, str, str, str, str]]:
    deals = current_deals()
    deals = [replace(deals[0], segment="B"), replace(deals[1], segment="B"), replace(deals[2], segment=None),
             replace(deals[3], segment="A"), replace(deals[4], segment="A"), replace(deals[5], segment="A")]
    index = build_index(harvest_of(1, AS_OF, deals), lang, DEFAULT_CONFIG)  # type: ignore[arg-type]
    return {row.label: (row.deals, row.open_deals, row.pipeline, row.weighted, row.win_rate, row.won_lost)
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
    text = env.get_template("_segment_rollup.md.j2").render(segments=segment_rollup(index, "zh"),
                                                            upgrades=upgrades(index))
    assert '<h3 id="segments">按客户细分 (A–D)</h3>' in text
    assert 'href="accounts.html#status=open&amp;segment=A"' in text  # & escaped in the attribute
    assert text.count("<tr>") == 1 + 4  # header and A–D (every dataset deal has a segment)
    assert "计划升级的客户: <strong>1</strong> (B → A: 1)" in text  # 华为技术 aims from B to A


def _index(deals: list[Deal]) -> SiteIndex:
    return build_index(harvest_of(1, AS_OF, deals), "en", DEFAULT_CONFIG)


def test_each_product_line_region_and_industry_gets_the_rows_of_its_accounts_filter() -> None:
    deals = current_deals()
    deals = [replace(deals[0], product_line="财务云"), replace(deals[1], product_line=" 财务云 "),
             replace(deals[2], product_line=""), replace(deals[3], product_line="制造云"),
             replace(deals[4], product_line="制造云"), replace(deals[5], product_line="制造云")]
    index = _index(deals)
    rollups = {g.name: g for g in group_rollups(index, account_groups(index, "en"))}
    lines = rollups["product_line"]
    assert (lines.title, lines.summary) == ("Product line", "By product line")
    # The same deals as the segment test above, grouped by product line instead: 制造云 holds the won, the lost
    # and the open deal without an amount; 财务云 the two open CNY deals; the USD deal has no product line.
    assert [(r.label, r.deals, r.open_deals, r.pipeline, r.weighted, r.win_rate, r.won_lost) for r in lines.rows] == [
        ("制造云", 3, 1, "0 CNY", "0 CNY", "50%", "1/2"),
        ("财务云", 2, 2, "3,500,000 CNY", "3,000,000 CNY", "–", "0/0"),
        ("not set", 1, 1, "300,000 USD", "30,000 USD", "–", "0/0"),
    ]
    assert [r.link.href("") for r in lines.rows] == [
        "accounts.html#status=open&product_line=p1", "accounts.html#status=open&product_line=p2",
        "accounts.html#status=open&product_line=none"]
    assert list(rollups) == ["region", "industry", "product_line"]
    assert sum(r.deals for r in rollups["region"].rows) == len(deals) == sum(r.deals for r in rollups["industry"].rows)


def test_a_grouping_no_account_fills_is_left_out() -> None:
    deals = [replace(d, product_line="") for d in current_deals()]
    index = _index(deals)
    assert "product_line" not in {g.name for g in group_rollups(index, account_groups(index, "en"))}


def test_upgrades_count_each_account_aiming_higher_once() -> None:
    deals = current_deals()
    deals = [
        replace(deals[0], account_id="ACC-1", segment="B", target_segment="A"),
        replace(deals[1], account_id="ACC-1", segment="B", target_segment="A"),  # the same account: once
        replace(deals[2], account_id="", customer_name="Acme", segment="C", target_segment="B"),
        replace(deals[3], account_id="ACC-4", segment="D", target_segment="B"),  # two steps up
        replace(deals[4], account_id="ACC-5", segment="B", target_segment="C"),  # down: not an upgrade
        replace(deals[5], account_id="ACC-6", segment=None, target_segment="A"),  # no segment yet: unknown move
    ]
    found = upgrades(_index(deals))
    assert found.accounts == 3
    assert found.rows == (UpgradeRow("B", "A", 1), UpgradeRow("C", "B", 1), UpgradeRow("D", "B", 1))
    env: jinja2.Environment = environment("en")
    text = env.get_template("_segment_rollup.md.j2").render(segments=segment_rollup(_index(deals), "en"),
                                                            upgrades=found)
    assert "Accounts aiming to move up: <strong>3</strong> (B → A: 1 · C → B: 1 · D → B: 1)" in text
