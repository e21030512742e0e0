"""Uniqueness coverage (seed 000 影响客户立项计划): the share of our uniquenesses with a full influence plan.

A uniqueness is covered when its row names the customer need it answers, whom to influence and the planned
action: the chain uniqueness → need → person → action that gets it written into the customer's project.
"""

from __future__ import annotations

from generator.core.model import Deal, Uniqueness


def is_covered(row: Uniqueness) -> bool:
    """True when the row ties the uniqueness to a need, a person or department, and an action."""
    return all(text.strip() for text in (row.customer_need, row.influence_target, row.planned_action))


def uniqueness_coverage(deal: Deal) -> float | None:
    """Covered rows / rows, 0-1; None when the uniqueness table has no rows."""
    if not deal.uniqueness:
        return None
    return sum(1 for row in deal.uniqueness if is_covered(row)) / len(deal.uniqueness)
