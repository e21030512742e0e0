"""Open pipeline totals per currency: amounts in different currencies are never added together.

Money is added up exactly, in decimal: each amount counts as the number it displays (0.1 is 0.1, not the float
nearest to it), so a total of many deals, or of a few very large ones beside small ones, loses no unit and no
cent; only the finished total is rounded to a float. The reader bounds every amount ([reading] max_amount, at
most MAX_AMOUNT_LIMIT = 1e18), so no total of any number of deals comes near the float range. An amount beyond
that, or not finite, can only come from a database written by an older winplan; it counts as missing, so a site
built from such a history still has finite totals.
"""

from __future__ import annotations

import decimal
import math
from collections.abc import Iterable
from dataclasses import dataclass

from generator.reader.conversions import MAX_AMOUNT_LIMIT

# Enough digits that adding amounts of up to 1e18, to the cent, stays exact for any number of deals a team has.
_EXACT = decimal.Context(prec=60, traps=[decimal.InvalidOperation, decimal.Overflow])


@dataclass(frozen=True)
class PipelineTotal:
    """Open deals in one currency: their amount and their probability-weighted amount."""

    currency: str  # "" when the deals did not say
    open_deals: int
    open_pipeline: float
    weighted_forecast: float


def money_sum(amounts: Iterable[float | None]) -> float:
    """The exact sum of `amounts`, rounded once to a float; a missing amount, or one no reader accepts (not finite
    or beyond MAX_AMOUNT_LIMIT), counts as nothing."""
    total = decimal.Decimal(0)
    for amount in amounts:
        if amount is not None and math.isfinite(amount) and abs(amount) <= MAX_AMOUNT_LIMIT:
            total = _EXACT.add(total, decimal.Decimal(repr(float(amount))))
    return float(total)


def totals_by_currency(open_deals: Iterable[tuple[str, float | None, float | None]]) -> tuple[PipelineTotal, ...]:
    """Total (currency, amount, weighted amount) of open deals per currency, sorted by currency."""
    amounts: dict[str, list[float | None]] = {}
    weighted: dict[str, list[float | None]] = {}
    for currency, amount, forecast in open_deals:
        amounts.setdefault(currency, []).append(amount)
        weighted.setdefault(currency, []).append(forecast)
    return tuple(PipelineTotal(currency, len(amounts[currency]), money_sum(amounts[currency]),
                               money_sum(weighted[currency]))
                 for currency in sorted(amounts))
