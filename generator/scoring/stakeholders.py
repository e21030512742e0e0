"""Stakeholder support (客户项目小组): support index, its 0-100 score and the coverage checks.

A person counts in the support index when their support is known. Their influence weighs as configured (high 3,
medium 2, low 1 by default); a person whose influence is not filled in weighs as "medium", so knowing
someone's support is never ignored just because their influence was left blank.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.core.config import Config
from generator.core.model import Deal, Stakeholder
from generator.scoring.bounds import bounded, exact_sum, percent_of_scale

UNKNOWN_INFLUENCE_AS = "medium"


@dataclass(frozen=True)
class Support:
    index: float | None  # −3..+3
    score: float | None  # 0-100


def support_of(person: Stakeholder) -> float | None:
    """Return the person's support clamped to −3..+3, or None when unknown."""
    return bounded(person.support, -3.0, 3.0)


def influence_weight(person: Stakeholder, config: Config) -> float:
    """Return the weight of the person's influence (unknown influence weighs as medium)."""
    weights = config.influence_weights
    weight = weights.get(person.influence or UNKNOWN_INFLUENCE_AS, weights.get(UNKNOWN_INFLUENCE_AS, 0.0))
    return max(0.0, weight)


def support(deal: Deal, config: Config) -> Support:
    """Return Σ influence·support / Σ influence over people with known support, and (index + 3) / 6 × 100."""
    pairs = [(influence_weight(p, config), s) for p in deal.stakeholders if (s := support_of(p)) is not None]
    total = exact_sum(w for w, _ in pairs)
    if total <= 0:
        return Support(None, None)
    index = min(3.0, max(-3.0, exact_sum(w * s for w, s in pairs) / total))
    return Support(index, percent_of_scale(index, -3.0, 3.0))


def with_role(deal: Deal, role: str) -> tuple[Stakeholder, ...]:
    """Return the stakeholders with role code `role`, in table order."""
    return tuple(p for p in deal.stakeholders if p.role == role)
