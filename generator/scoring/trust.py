"""Trust index (seed 000 赢得客户高层信任): how the executive sees us on the factors that win trust, 0-100.

Each factor weighs by its importance (the seed's survey weights, 4.70 … 2.40, prefilled in the workbook and open
to change); our rating 1-5 maps onto 0-100. A factor counts when both its importance (> 0) and its rating are
filled in.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.core.model import Deal
from generator.scoring.bounds import bounded, exact_sum, percent_of_scale


@dataclass(frozen=True)
class Trust:
    index: float | None  # 0-100, None when no factor counts
    rated: int  # factors that count


def trust(deal: Deal) -> Trust:
    """Return Σ importance · (rating − 1) / 4 · 100 / Σ importance over the factors that count."""
    pairs: list[tuple[float, float]] = []
    for factor in deal.trust_factors:
        weight = bounded(factor.importance, 0.0, 5.0)
        rating = percent_of_scale(bounded(factor.rating, 1.0, 5.0), 1.0, 5.0)
        if weight is not None and weight > 0 and rating is not None:
            pairs.append((weight, rating))
    total = exact_sum(weight for weight, _ in pairs)
    if total <= 0:
        return Trust(None, 0)
    return Trust(exact_sum(weight * rating for weight, rating in pairs) / total, len(pairs))
