"""Segment upgrade (seed 001 客户细分 A–D, 客户升级): whether a deal's account is to move up, stay or move down.

A is the most important segment and D the least, so moving from D towards A is up. The target segment is the
one the upgrade strategy aims the account at.
"""

from __future__ import annotations

from generator.core.model import Deal
from generator.core.scorecard import SegmentMove
from generator.core.vocabulary import SEGMENT


def segment_move(deal: Deal) -> SegmentMove | None:
    """"up" when the target segment ranks above the current one, "down" below, "same" when equal; None when
    either is not set (or not one of A–D)."""
    rank = {code: place for place, code in enumerate(SEGMENT.codes)}  # A first
    current, target = rank.get(deal.segment or ""), rank.get(deal.target_segment or "")
    if current is None or target is None:
        return None
    return "up" if target < current else "down" if target > current else "same"
