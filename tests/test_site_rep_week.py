"""A rep's page as the rep's week: overdue and next actions, stale deals, risks and forecast by month in the base
currency, hand-computed for a small mixed-currency team."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from generator.core.config import DEFAULT_CONFIG, CurrencySettings
from generator.core.model import Action, Deal
from generator.site import generated_pages
from generator.site.context.common import build_index
from generator.site.context.rep import RepContext, build_reps
from tests.site_dataset import harvest_of

AS_OF = date(2026, 11, 20)
CONFIG = replace(DEFAULT_CONFIG, currency=CurrencySettings("CNY", {"USD": 7.0}))


def _deal(number: int, **changes: object) -> Deal:
    base = Deal(
        deal_id=f"0000000{number}-aaaa-4bbb-8ccc-00000000000{number}", customer_name=f"Customer {number}",
        project_name=f"Project {number}", sales_rep="Emily Chen", status="open", stage="engaged",
        template_version="1.0", language="en", close_date=date(2026, 12, 15), amount=1_000_000.0, currency="CNY",
        last_updated=date(2026, 11, 10),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def team() -> list[Deal]:
    return [
        _deal(1, actions=(
            Action("Call the CFO", owner="Emily", due_date=date(2026, 11, 5), status="in_progress"),  # 15 days late
            Action("Demo", owner="Li", due_date=date(2026, 11, 28), status="not_started"),  # in 8 days
            Action("Workshop", due_date=date(2027, 1, 10), status="not_started"),  # later than 14 days
            Action("Send the proposal", due_date=date(2026, 10, 1), status="done", done_date=date(2026, 10, 1)),
        )),
        _deal(2, stage="tender", amount=100_000.0, currency="USD", close_date=date(2026, 12, 1),
              last_updated=date(2026, 9, 1),  # 80 days without an update
              actions=(Action("Hand in the bid", due_date=date(2026, 12, 20), status="not_started"),)),
        _deal(3, amount=500_000.0, currency="HKD", close_date=date(2027, 1, 20),  # no rate for HKD
              last_updated=date(2026, 11, 15)),
        _deal(4, status="won", stage="contract_signed", amount=2_000_000.0, close_date=date(2026, 11, 1),
              actions=(Action("Kick-off", due_date=date(2026, 10, 1), status="not_started"),)),  # won: not a to-do
        _deal(5, sales_rep="Someone Else",
              actions=(Action("Not Emily's", due_date=date(2026, 11, 1), status="not_started"),)),
    ]


@pytest.fixture(scope="module")
def emily() -> RepContext:
    index = build_index(harvest_of(1, AS_OF, team(), CONFIG), "en", CONFIG)
    pages, _rows = build_reps(index, "en")
    return next(page for page in pages if page.rep == "Emily Chen")


def test_overdue_actions_are_the_open_deals_late_actions_with_their_days(emily: RepContext) -> None:
    assert [(row.view.customer, row.action, row.due, row.days_overdue) for row in emily.overdue] == [
        ("Customer 1", "Call the CFO", date(2026, 11, 5), 15)]


def test_next_actions_are_the_coming_fortnight_and_each_deals_next_action(emily: RepContext) -> None:
    # Customer 1's next action is overdue (listed above), its demo is due in 8 days, its workshop too late;
    # Customer 2's bid is 30 days away but is that deal's next action.
    assert [(row.view.customer, row.action, row.owner, row.due) for row in emily.next_actions] == [
        ("Customer 1", "Demo", "Li", date(2026, 11, 28)),
        ("Customer 2", "Hand in the bid", "", date(2026, 12, 20)),
    ]


def test_stale_deals_are_those_the_engine_flagged(emily: RepContext) -> None:
    assert [(row.view.customer, row.flag.code) for row in emily.stale] == [("Customer 2", "stale")]
    assert "80 days" in emily.stale[0].flag.message("en")
    flagged = {view.customer for view in emily.deals if any(f.code == "stale" for f in view.flags)}
    assert flagged == {"Customer 2"}


def test_risks_put_the_most_weighted_money_first_in_the_base_currency(emily: RepContext) -> None:
    # weighted: Customer 2 90% of 100,000 USD = 630,000 CNY; Customer 1 30% of 1,000,000 CNY; HKD has no rate
    assert [view.customer for view in emily.risks] == ["Customer 2", "Customer 1", "Customer 3"]
    assert all(view.flags for view in emily.risks)


def test_forecast_by_close_month_in_the_base_currency_names_the_missing_rate(emily: RepContext) -> None:
    assert [(row.label, row.count, row.amount, row.weighted) for row in emily.months] == [
        ("2026-12", 2, "1,700,000 CNY", "930,000 CNY"),  # 1,000,000 + 100,000 × 7; 300,000 + 90,000 × 7
        ("2027-01", 1, "0 CNY (not counted, no exchange rate: HKD)", "0 CNY (not counted, no exchange rate: HKD)"),
    ]
    assert emily.pipeline == "1,700,000 CNY (not counted, no exchange rate: HKD)"
    assert emily.won == "2,000,000 CNY"


def test_the_rep_page_shows_the_week_before_the_deal_list(tmp_path: Path) -> None:
    docs = generated_pages([harvest_of(1, AS_OF, team(), CONFIG)], "en", CONFIG)
    page = next(src_uri for src_uri in docs.markdown if src_uri.startswith("reps/emily-chen"))
    text = docs.page(page)
    position = 0
    for piece in ("## Overdue actions", "Call the CFO", "## Next actions", "Hand in the bid", "## Biggest risks",
                  "## Stale deals", "No update for 80 days", "## Forecast by close month", "2026-12", "930,000 CNY",
                  "## Deals"):
        position = text.index(piece, position)  # each piece after the one before: raises when out of order
    assert "Not Emily&#x27;s" not in text and "Not Emily's" not in text and "Kick-off" not in text
