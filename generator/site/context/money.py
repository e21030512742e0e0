"""Sums of deal amounts for the site: in the team's base currency when it has rates, else one sum per currency.

Each deal says how it counts (`DealView.counted_amount`): in the base currency at the rate its scorecard was
computed with, or in its own currency when the team set no base. A deal whose currency has no rate is added
nowhere, and every total it is left out of names that currency (`MoneyTotal.missing`), never a silent 0.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from generator.core.i18n import Language
from generator.core.pipeline import money_sum
from generator.core.wording.site import word
from generator.site.formatting import money


@dataclass(frozen=True)
class Counted:
    """One amount as it enters a total."""

    currency: str  # the currency it is added in, or the deal's own currency when `has_rate` is False
    amount: float | None  # in `currency`
    has_rate: bool = True  # False: the team converts, but has no rate for this currency


@dataclass(frozen=True)
class MoneyTotal:
    """The parts of a sum, one per currency (a single part when converted), and the currencies left out."""

    parts: tuple[tuple[str, float], ...]
    missing: tuple[str, ...] = ()

    def value(self, currency: str) -> float:
        """The part in `currency` (0 when none), for a chart drawn in one currency."""
        return next((amount for code, amount in self.parts if code == currency), 0.0)

    def text(self, main: str, lang: Language) -> str:
        """`1,200,000 CNY`; without conversion `800,000 CNY · 50,000 USD`; then what is missing for want of a rate."""
        parts = sorted(self.parts, key=lambda part: (part[0] != main, part[0]))
        shown = " · ".join(money(amount, code) for code, amount in parts) or money(0.0, main)
        if self.missing:
            shown += f" ({word('no_rate', lang)}: {', '.join(self.missing)})"
        return shown


def total(amounts: Iterable[Counted]) -> MoneyTotal:
    """Add `amounts` per currency (pipeline.money_sum: exact, never overflowing); those without a rate are named."""
    sums: dict[str, list[float | None]] = {}
    missing: set[str] = set()
    for counted in amounts:
        if counted.amount is None or not math.isfinite(counted.amount):
            continue
        if not counted.has_rate:
            missing.add(counted.currency or "?")
            continue
        sums.setdefault(counted.currency, []).append(counted.amount)
    return MoneyTotal(tuple((code, money_sum(values)) for code, values in sorted(sums.items())),
                      tuple(sorted(missing)))
