"""Competitive position from the evaluation criteria (评审标准): weighted ratings, index and heavy-criterion gaps.

Weights: a criterion whose weight is missing, zero or negative is left out. When no criterion has a positive
weight at all, every criterion counts equally. Weights need not add up to 100: ratings are averaged with the
weights normalised, and a criterion's weight share (used for gaps) is its weight / total weight × 100.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.core.config import Thresholds
from generator.core.i18n import Bilingual
from generator.core.model import Criterion, Deal
from generator.core.scorecard import CriterionGap
from generator.scoring.bounds import bounded, exact_sum, percent_of_scale

SLOTS = (0, 1, 2)


@dataclass(frozen=True)
class Rival:
    """A competitor slot that the rep named or rated."""

    slot: int  # 0-2
    name: str  # the key used in Scorecard.competitor_ratings; unique within a deal
    named: bool  # False when the rep rated the slot but left its name empty

    @property
    def label(self) -> Bilingual:
        """The name to show in a sentence: the rep's name, or the slot's neutral label in each language."""
        return Bilingual(self.name, self.name) if self.named else _slot_label(self.slot)


@dataclass(frozen=True)
class Gap:
    """A heavy criterion where we trail the best competitor; `rival` is that competitor."""

    criterion: str
    weight: float  # share of total weight, percent
    rival: Rival
    ours: float
    theirs: float

    def to_criterion_gap(self) -> CriterionGap:
        return CriterionGap(self.criterion, self.weight, self.rival.name, self.ours, self.theirs)


@dataclass(frozen=True)
class CompetitivePosition:
    our_rating: float | None  # weighted 1-5
    competitor_ratings: dict[str, float | None]  # rival name -> weighted 1-5
    index: float | None  # ours − best competitor, −4..+4
    gaps: tuple[Gap, ...]

    @property
    def score(self) -> float | None:
        """The index on 0-100: (index + 4) / 8 × 100."""
        return percent_of_scale(self.index, -4.0, 4.0)


def _slot_label(slot: int) -> Bilingual:
    return Bilingual(f"竞争对手{slot + 1}", f"Competitor {slot + 1}")


def rivals(deal: Deal) -> tuple[Rival, ...]:
    """Return the competitor slots that are named or rated, each with a name unique within the deal."""
    rated = {slot for c in deal.criteria for slot in SLOTS if _rating(c.competitors[slot]) is not None}
    found: list[Rival] = []
    taken: set[str] = set()
    for slot in SLOTS:
        if not deal.competitors[slot].strip() and slot not in rated:
            continue
        named = bool(deal.competitors[slot].strip())
        name = deal.competitors[slot].strip() if named else _slot_label(slot).en  # as Deal.competitor_name
        if name in taken:  # two slots with one name stay apart
            name = f"{name} ({slot + 1})"
        taken.add(name)
        found.append(Rival(slot, name, named))
    return tuple(found)


def criterion_weights(criteria: tuple[Criterion, ...]) -> list[float]:
    """Return each criterion's effective weight: its positive weight, 0 when excluded, 1 each if none has one."""
    weights = [w if (w := bounded(c.weight, 0.0, float("inf"))) else 0.0 for c in criteria]
    if not any(weights):
        return [1.0] * len(criteria)
    return weights


def weighted_rating(ratings: list[float | None], weights: list[float]) -> float | None:
    """Return Σ wᵢrᵢ / Σ wᵢ over the criteria rated with a positive weight, or None when there are none."""
    total = exact_sum(w for r, w in zip(ratings, weights, strict=True) if r is not None and w > 0)
    if total <= 0:
        return None
    return exact_sum(r * w for r, w in zip(ratings, weights, strict=True) if r is not None and w > 0) / total


def _rating(value: float | None) -> float | None:
    return bounded(value, 1.0, 5.0)


def compare(deal: Deal, thresholds: Thresholds) -> CompetitivePosition:
    """Rate us and each competitor, take the index against the best competitor and list heavy gaps."""
    weights = criterion_weights(deal.criteria)
    total_weight = exact_sum(weights)
    ours = [_rating(c.ours) for c in deal.criteria]
    our_rating = weighted_rating(ours, weights)
    found = rivals(deal)
    ratings = {
        rival.name: weighted_rating([_rating(c.competitors[rival.slot]) for c in deal.criteria], weights)
        for rival in found
    }
    known = [r for r in ratings.values() if r is not None]
    index = our_rating - max(known) if our_rating is not None and known else None

    gaps: list[Gap] = []
    for criterion, weight, our in zip(deal.criteria, weights, ours, strict=True):
        share = weight / total_weight * 100.0 if total_weight > 0 else 0.0
        if our is None or share < thresholds.gap_min_weight:
            continue
        best: tuple[float, Rival] | None = None
        for rival in found:
            theirs = _rating(criterion.competitors[rival.slot])
            if theirs is not None and (best is None or theirs > best[0]):
                best = (theirs, rival)
        if best is not None and best[0] - our >= thresholds.gap_min_points:
            gaps.append(Gap(criterion.criterion, share, best[1], our, best[0]))
    return CompetitivePosition(our_rating, ratings, index, tuple(gaps))
