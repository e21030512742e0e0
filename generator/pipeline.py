"""Open pipeline totals per currency: amounts in different currencies are never added together."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class PipelineTotal:
    """Open deals in one currency: their amount and their probability-weighted amount."""

    currency: str  # "" when the deals did not say
    open_deals: int
    open_pipeline: float
    weighted_forecast: float


def totals_by_currency(open_deals: Iterable[tuple[str, float | None, float | None]]) -> tuple[PipelineTotal, ...]:
    """Total (currency, amount, weighted amount) of open deals per currency, sorted by currency."""
    totals: dict[str, tuple[int, float, float]] = {}
    for currency, amount, weighted in open_deals:
        count, pipeline, forecast = totals.get(currency, (0, 0.0, 0.0))
        totals[currency] = (count + 1, pipeline + (amount or 0.0), forecast + (weighted or 0.0))
    return tuple(PipelineTotal(currency, count, pipeline, forecast)
                 for currency, (count, pipeline, forecast) in sorted(totals.items()))
