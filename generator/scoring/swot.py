"""SWOT balance (销售竞争力SWOT): blue flags (strengths, opportunities) against red flags (weaknesses, threats)."""

from __future__ import annotations

from generator.core.model import Deal, SwotItem
from generator.scoring.bounds import bounded

UNRATED_IMPACT = 1  # an item listed without an impact counts as a small one


def impact(item: SwotItem) -> int:
    """Return the item's impact 1-3 (1 when not filled in)."""
    value = bounded(item.impact, 1.0, 3.0)
    return UNRATED_IMPACT if value is None else round(value)


def balance(deal: Deal) -> int:
    """Return Σ impact of blue flags − Σ impact of red flags."""
    return sum(-impact(i) if i.is_red_flag else impact(i) for i in deal.swot)
