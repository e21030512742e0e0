"""The opportunity assessment (销售机会评估): group scores, overall score, completeness and verdict."""

from __future__ import annotations

from dataclasses import dataclass

from generator.core.config import Thresholds
from generator.core.model import Deal
from generator.core.scorecard import Verdict
from generator.core.spec import ASSESSMENT_FIELDS, ASSESSMENT_GROUPS
from generator.scoring.bounds import bounded, mean, percent_of_scale


@dataclass(frozen=True)
class Assessment:
    """Group scores 0-100 (None when nothing in the group is answered) and how much was answered."""

    worth: float | None
    compete: float | None
    win: float | None
    overall: float | None
    answered: int
    questions: int

    @property
    def completeness(self) -> float:
        return self.answered / self.questions if self.questions else 0.0

    @property
    def groups(self) -> tuple[float | None, float | None, float | None]:
        return (self.worth, self.compete, self.win)


def assess(deal: Deal) -> Assessment:
    """Score each group as (mean answered rating − 1) / 4 × 100 and the overall as the mean of the groups."""
    scores: dict[str, float | None] = {}
    answered = 0
    for group in ASSESSMENT_GROUPS:
        ratings = [r for r in (bounded(deal.assessment.get(f.name), 1.0, 5.0) for f in group.fields) if r is not None]
        answered += len(ratings)
        scores[group.key] = percent_of_scale(mean(ratings), 1.0, 5.0)
    present = [s for s in scores.values() if s is not None]
    return Assessment(
        worth=scores["worth"], compete=scores["compete"], win=scores["win"], overall=mean(present),
        answered=answered, questions=len(ASSESSMENT_FIELDS),
    )


def verdict(assessment: Assessment, thresholds: Thresholds) -> Verdict | None:
    """Walk away below the worth threshold; pursue when every group clears the bar; otherwise qualify further.

    Without a worth-winning score the verdict is None when no group has a score and "qualify" otherwise: the
    rep has started but cannot yet say whether the deal is worth winning.
    """
    if assessment.worth is None:
        return None if assessment.overall is None else "qualify"
    if assessment.worth < thresholds.walk_away_below:
        return "walk_away"
    groups = assessment.groups
    if all(g is not None and g >= thresholds.pursue_at_least for g in groups):
        return "pursue"
    return "qualify"
