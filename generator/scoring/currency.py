"""A deal's amounts in the team's base currency, at the rates in the team's settings.

Conversion belongs to the scorecard, so every snapshot keeps the amounts and the rate it was scored with: history
does not move when the rates change later, and the Score button, the harvest and the site show one figure.
A deal without a currency is taken to be in the base currency; a currency without a rate has no base amount,
and the site names it beside every total it is missing from.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.core.config import Config
from generator.core.model import Deal


@dataclass(frozen=True)
class Conversion:
    base_currency: str | None  # None when the team set no base currency
    rate: float | None  # base units per unit of the deal's currency; None without a base or without a rate
    amount: float | None  # the amount in the base currency
    weighted_amount: float | None


def convert(deal: Deal, weighted_amount: float | None, config: Config) -> Conversion:
    """Convert the deal's amount and weighted amount into the base currency, when the team has one."""
    settings = config.currency
    if not settings.base:
        return Conversion(None, None, None, None)
    rate = settings.rate(deal.currency or settings.base)
    if rate is None:
        return Conversion(settings.base, None, None, None)
    return Conversion(settings.base, rate, _times(deal.amount, rate), _times(weighted_amount, rate))


def _times(amount: float | None, rate: float) -> float | None:
    return None if amount is None else amount * rate
