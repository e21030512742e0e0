"""Relationship gap (seed 000 客户决策者关系策略表): how far each key person's support is from where we want it.

The relationship plan names the key people and the support we aim for; their current support is the one in the
stakeholder table, found by name (spaces and case ignored, first match in table order).
"""

from __future__ import annotations

from generator.core.model import Deal, Stakeholder
from generator.core.scorecard import RelationshipGap
from generator.scoring.bounds import bounded
from generator.scoring.stakeholders import support_of


def _folded(name: str) -> str:
    return "".join(name.split()).casefold()


def person_named(deal: Deal, name: str) -> Stakeholder | None:
    """The first stakeholder whose name matches `name` (spaces and case ignored), or None."""
    wanted = _folded(name)
    return next((p for p in deal.stakeholders if wanted and _folded(p.name) == wanted), None)


def relationship_gaps(deal: Deal) -> tuple[RelationshipGap, ...]:
    """One entry per plan row with a target: target − current support, None when either is unknown."""
    gaps: list[RelationshipGap] = []
    for step in deal.relationship_plan:
        target = bounded(step.target_support, -3.0, 3.0)
        if target is None:
            continue
        person = person_named(deal, step.name)
        current = support_of(person) if person is not None else None
        gaps.append(RelationshipGap(
            name=step.name, role=person.role if person is not None else None, current=current, target=target,
            gap=None if current is None else target - current,
        ))
    return tuple(gaps)
