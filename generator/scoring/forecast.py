"""Win probability and weighted amount: what a deal contributes to the forecast."""

from __future__ import annotations

import math

from generator.core.config import Config
from generator.core.model import Deal
from generator.scoring.bounds import bounded

CLOSED_LOST = ("lost", "on_hold")


def is_open(deal: Deal) -> bool:
    """Tell whether the deal is still being pursued (any status other than won, lost or on hold)."""
    return deal.status not in ("won", *CLOSED_LOST)


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

