"""Two or more workbooks counted as one deal: reported as a conflict, never merged.

Claims carry the id each workbook is counted under (`generator.harvest.identity`): a copy of another deal's
workbook already has an id of its own, so what is left here is the same deal twice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Claim:
    """A workbook counted as the deal `deal_id`."""

    path: str
    deal_id: str
    mtime: float


@dataclass(frozen=True)
class Conflict:
    """One deal_id claimed by several workbooks, and the one whose deal is counted in the pipeline."""

    deal_id: str
    paths: tuple[str, ...]  # sorted
    counted: str


def find_conflicts(claims: Sequence[Claim]) -> list[Conflict]:
    """Group claims by deal_id; each deal claimed more than once becomes a Conflict.

    The most recently saved workbook is counted (ties go to the first path), so the pipeline holds the deal
    once; every claimant is still reported, so nothing is silently dropped.
    """
    by_deal: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_deal[claim.deal_id].append(claim)
    conflicts = []
    for deal_id in sorted(by_deal):
        group = by_deal[deal_id]
        if len(group) < 2:
            continue
        counted = min(group, key=lambda claim: (-claim.mtime, claim.path))
        conflicts.append(Conflict(deal_id, tuple(sorted(claim.path for claim in group)), counted.path))
    return conflicts
