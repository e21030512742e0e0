"""Money on the site: converted into the team's base currency when it has rates, else kept per currency."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from generator.core.config import DEFAULT_CONFIG, Config, config_from_mapping
from generator.core.model import Deal
from generator.site.context.changes import build_changes
from generator.site.context.common import SiteIndex, build_index
from generator.site.context.overview import OverviewContext, build_overview
from generator.site.context.rep import RepContext, RepListRow, build_reps
from tests.site_dataset import AS_OF, current_deals, harvest_of

RATES = config_from_mapping({"currency": {"base": "CNY", "rates": {"USD": 7.10, "HKD": 0.91}}})


def _deals() -> list[Deal]:
    template = current_deals()[1]
    return [
        replace(template, deal_id="00000011-aaaa-4bbb-8ccc-000000000011", customer_name="华东重工", sales_rep="张伟",
                amount=1_000_000.0, currency="CNY", stage="negotiation"),  # weighted 750,000 CNY
        replace(template, deal_id="00000012-aaaa-4bbb-8ccc-000000000012", customer_name="Pacific",
                sales_rep="Emily Chen", amount=300_000.0, currency="USD", stage="qualified"),  # 2.13M CNY
        replace(template, deal_id="00000013-aaaa-4bbb-8ccc-000000000013", customer_name="Harbour",
                sales_rep="Emily Chen", amount=4_200_000.0, currency="HKD", stage="tender"),  # 3.822M CNY
    ]


def _site(config: Config) -> tuple[SiteIndex, OverviewContext, dict[str, RepContext], dict[str, RepListRow]]:
    harvest = harvest_of(1, AS_OF, _deals(), config)
    index = build_index(harvest, "en", config)
    overview = build_overview(index, build_changes(index, [harvest], "en"), "en", config, 3, 0)
    reps, rows = build_reps(index, "en")
    return index, overview, {rep.rep: rep for rep in reps}, {row.rep: row for row in rows}


def test_with_rates_every_total_is_in_the_base_currency() -> None:
    index, overview, reps, rows = _site(RATES)
    kpis = {kpi.label: kpi for kpi in overview.kpis}
    assert kpis["Open pipeline"].value == "6,952,000 CNY" and kpis["Open pipeline"].note == ""
    assert kpis["Weighted forecast"].value == "4,402,800 CNY"
    assert reps["Emily Chen"].pipeline == "5,952,000 CNY"  # 2,130,000 + 3,822,000; it was 0 CNY before
    assert reps["Emily Chen"].weighted == "3,652,800 CNY"
    assert rows["Emily Chen"].pipeline == "5,952,000 CNY"
    funnel = {row.label: row for row in overview.funnel}
    assert funnel["1 · Qualified"].amount == "2,130,000 CNY" and funnel["1 · Qualified"].count == 1
    assert funnel["7 · Tender / bid"].weighted == "3,439,800 CNY"
    assert {row.rep: row.pipeline for row in overview.reps} == {"Emily Chen": "5,952,000 CNY", "张伟": "1,000,000 CNY"}
    hk = next(view for view in index.deals if view.customer == "Harbour")
    assert hk.converted == "≈ 3,822,000 CNY"
    assert overview.funnel_chart.figure["data"][0]["y"][6] == pytest.approx(3_822_000)


def test_a_currency_without_a_rate_is_named_beside_every_total_it_is_missing_from() -> None:
    no_hkd = config_from_mapping({"currency": {"base": "CNY", "rates": {"USD": 7.10}}})
    _, overview, reps, _ = _site(no_hkd)
    kpis = {kpi.label: kpi for kpi in overview.kpis}
    assert kpis["Open pipeline"].value == "3,130,000 CNY"
    assert "HKD" in kpis["Open pipeline"].note and "no exchange rate" in kpis["Open pipeline"].note
    assert reps["Emily Chen"].pipeline == "2,130,000 CNY (not counted, no exchange rate: HKD)"
    funnel = {row.label: row for row in overview.funnel}
    assert funnel["7 · Tender / bid"].amount == "0 CNY (not counted, no exchange rate: HKD)"


def test_without_rates_rep_and_funnel_figures_are_per_currency() -> None:
    _, overview, reps, _ = _site(DEFAULT_CONFIG)
    assert reps["Emily Chen"].pipeline == "4,200,000 HKD · 300,000 USD"
    funnel = {row.label: row for row in overview.funnel}
    assert funnel["1 · Qualified"].amount == "300,000 USD"
    kpis = {kpi.label: kpi for kpi in overview.kpis}
    assert kpis["Open pipeline"].value == "1,000,000 CNY"
    assert kpis["Open pipeline"].note == "+ 4,200,000 HKD · 300,000 USD"


def test_the_rates_a_harvest_used_stay_with_its_snapshot(tmp_path: Path) -> None:
    from harvest_workbooks import AS_OF as HARVEST_DAY
    from harvest_workbooks import HarvestBooks

    from generator.harvest import Limits, harvest_folders
    from generator.store import Store

    books = HarvestBooks(tmp_path / "books")
    share = tmp_path / "share"
    books.put(share / "usd.xlsx", amount=1_000_000.0, currency="USD")
    limits = Limits(workers=1, timeout=20.0)
    later = config_from_mapping({"currency": {"base": "CNY", "rates": {"USD": 7.30}}})
    with Store.open(tmp_path / "history.sqlite") as store:
        harvest_folders([share], store, HARVEST_DAY, RATES, limits=limits)
        harvest_folders([share], store, HARVEST_DAY, later, limits=limits)
        newest, first = store.history(2)
    assert [record.scorecard.base_amount for record in first.deals] == [pytest.approx(7_100_000)]
    assert [record.scorecard.exchange_rate for record in first.deals] == [7.10]
    assert [record.scorecard.base_amount for record in newest.deals] == [pytest.approx(7_300_000)]


def test_a_missing_rate_is_a_data_quality_problem_on_the_built_site(tmp_path: Path) -> None:
    from generator.site import build_site

    no_hkd = config_from_mapping({"currency": {"base": "CNY", "rates": {"USD": 7.10}}})
    build_site([harvest_of(1, AS_OF, _deals(), no_hkd)], tmp_path / "site", "en", no_hkd, strict=True)
    quality = (tmp_path / "site" / "quality.html").read_text(encoding="utf-8")
    assert "Currencies without an exchange rate" in quality and "<td>HKD</td>" in quality
    overview = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "3,130,000 CNY" in overview and "not counted, no exchange rate: HKD" in overview
