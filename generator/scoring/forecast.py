"""Win probability and weighted amount: what a deal contributes to the forecast; and the team's win rate."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from generator.core.config import Config
from generator.core.model import Deal
from generator.scoring.bounds import bounded

CLOSED_LOST = ("lost", "on_hold")


def is_open(deal: Deal) -> bool:
    """Tell whether the deal is still being pursued (any status other than won, lost or on hold)."""
    return deal.status not in ("won", *CLOSED_LOST)


@dataclass(frozen=True)
class WinRate:
    """Won deals against decided ones (won + lost) by count; on hold and open deals are not decided."""

    won: int
    decided: int

    @property
    def rate(self) -> float | None:
        """0-1, None when no deal is decided yet."""
        return self.won / self.decided if self.decided else None


def win_rate(deals: Iterable[Deal]) -> WinRate:
    """The win rate of `deals`: won / (won + lost)."""
    statuses = [deal.status for deal in deals]
    won = statuses.count("won")
    return WinRate(won, won + statuses.count("lost"))


def probability(deal: Deal, config: Config) -> float:
    """Return the win probability 0-1: 1 when won, 0 when lost or on hold, else the stage's probability."""
    if deal.status == "won":
        return 1.0
    if deal.status in CLOSED_LOST or deal.stage is None:
        return 0.0
    return bounded(config.stage_probabilities.get(deal.stage), 0.0, 1.0) or 0.0


def weighted_amount(deal: Deal, config: Config) -> float | None:
    """Return amount × probability (a won deal counts in full, lost/on hold 0); None without an amount."""
    amount = bounded(deal.amount, 0.0, math.inf)
    if amount is None:
        return None
    return amount * probability(deal, config)

