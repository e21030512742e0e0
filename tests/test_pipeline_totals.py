from __future__ import annotations

from generator.core.pipeline import PipelineTotal, totals_by_currency


def test_currencies_are_totalled_apart_and_sorted() -> None:
    totals = totals_by_currency([("USD", 100.0, 50.0), ("CNY", 1000.0, None), ("USD", None, 10.0), ("", 5.0, 1.0)])
    assert totals == (
        PipelineTotal("", 1, 5.0, 1.0),
        PipelineTotal("CNY", 1, 1000.0, 0.0),
        PipelineTotal("USD", 2, 100.0, 60.0),
    )


def test_no_open_deals_no_totals() -> None:
    assert totals_by_currency([]) == ()
