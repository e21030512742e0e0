"""Deal health (0-100) and the planning matrix (客户规划矩阵).

Health blends the assessment's overall score, the competitive position ((index + 4) / 8 × 100), the support score
and the action plan's score with the configured weights; parts that cannot be computed (or weigh 0) are left
out and the remaining weights renormalised. No part at all -> None.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.core.config import HealthWeights, Thresholds
from generator.core.scorecard import Quadrant
from generator.scoring.bounds import exact_sum, mean


@dataclass(frozen=True)
class HealthParts:
    assessment: float | None
    competition: float | None
    stakeholders: float | None
    actions: float | None


def health(parts: HealthParts, weights: HealthWeights) -> float | None:
    """Return the weighted mean of the parts that exist, weights renormalised over them."""
    pairs = [
        (parts.assessment, weights.assessment),
        (parts.competition, weights.competition),
        (parts.stakeholders, weights.stakeholders),
        (parts.actions, weights.actions),
    ]
    present = [(value, weight) for value, weight in pairs if value is not None and weight > 0]
    total = exact_sum(weight for _, weight in present)
    if total <= 0:
        return None
    return min(100.0, max(0.0, exact_sum(value * weight for value, weight in present) / total))


@dataclass(frozen=True)
class MatrixPosition:
    attractiveness: float | None
    strength: float | None
    quadrant: Quadrant | None


def place(worth: float | None, compete: float | None, win: float | None, competition: float | None,
          thresholds: Thresholds) -> MatrixPosition:
    """Place the deal: attractiveness = worth; strength = mean of compete, win and competitive score that exist."""
    strength = mean([s for s in (compete, win, competition) if s is not None])
    quadrant: Quadrant | None = None
    if worth is not None and strength is not None:
        split = thresholds.quadrant_split
        if worth >= split:
            quadrant = "invest" if strength >= split else "build_or_exit"
        else:
            quadrant = "maintain" if strength >= split else "minimal"
    return MatrixPosition(worth, strength, quadrant)
