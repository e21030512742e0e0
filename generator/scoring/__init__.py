"""The scoring engine: every score, verdict, quadrant and risk flag of a deal, as pure functions.

One engine serves the Score button and the harvest. No I/O, no clock, no randomness: the as-of date and the
team's config are arguments, and a half-filled deal never raises (what cannot be computed is None).
See docs/scoring.md for every formula and decision.
"""

from __future__ import annotations

from datetime import date

from generator.core.config import DEFAULT_CONFIG, Config
from generator.core.model import Deal
from generator.core.scorecard import Scorecard
from generator.scoring.actions import review
from generator.scoring.assessment import assess, verdict
from generator.scoring.competition import compare
from generator.scoring.currency import convert
from generator.scoring.decision import decision_balance
from generator.scoring.flags import FLAG_CODES, FLAG_KINDS, FlagKind, risk_flags
from generator.scoring.forecast import probability, weighted_amount
from generator.scoring.health import HealthParts, health, place
from generator.scoring.relationships import relationship_gaps
from generator.scoring.software import software_comparison
from generator.scoring.stakeholders import support
from generator.scoring.swot import balance
from generator.scoring.timeline import slipped_rows
from generator.scoring.trust import trust
from generator.scoring.uniqueness import is_covered, uniqueness_coverage
from generator.scoring.upgrade import segment_move

__all__ = ["FLAG_CODES", "FLAG_KINDS", "FlagKind", "score_deal"]


def score_deal(deal: Deal, as_of: date, config: Config = DEFAULT_CONFIG) -> Scorecard:
    """Score `deal` as of `as_of` with the team's weights and thresholds."""
    thresholds = config.thresholds
    assessment = assess(deal)
    position = compare(deal, thresholds)
    backing = support(deal, config)
    plan = review(deal, as_of)
    parts = HealthParts(assessment.overall, position.score, backing.score, plan.score)
    matrix = place(assessment.worth, assessment.compete, assessment.win, position.score, thresholds)
    next_action = plan.next_action
    weighted = weighted_amount(deal, config)
    in_base = convert(deal, weighted, config)
    standing = trust(deal)
    slipped = slipped_rows(deal, as_of)
    return Scorecard(
        as_of=as_of,
        probability=probability(deal, config),
        weighted_amount=weighted,
        worth=assessment.worth,
        compete=assessment.compete,
        win=assessment.win,
        assessment=assessment.overall,
        completeness=assessment.completeness,
        verdict=verdict(assessment, thresholds),
        our_rating=position.our_rating,
        competitor_ratings=dict(position.competitor_ratings),
        competitive_index=position.index,
        gaps=tuple(gap.to_criterion_gap() for gap in position.gaps),
        support_index=backing.index,
        support_score=backing.score,
        swot_balance=balance(deal),
        actions_overdue=len(plan.overdue),
        actions_completion=plan.completion,
        next_action=next_action.action if next_action else None,
        next_action_due=next_action.due_date if next_action else None,
        health=health(parts, config.health_weights),
        attractiveness=matrix.attractiveness,
        strength=matrix.strength,
        quadrant=matrix.quadrant,
        flags=risk_flags(deal, as_of, config, assessment, position, plan),
        base_currency=in_base.base_currency,
        exchange_rate=in_base.rate,
        base_amount=in_base.amount,
        base_weighted_amount=in_base.weighted_amount,
        relationship_gaps=relationship_gaps(deal),
        trust_index=standing.index,
        trust_rated=standing.rated,
        uniqueness_coverage=uniqueness_coverage(deal),
        procurement_slipped=len(slipped),
        procurement_slipped_rows=slipped,
        uniqueness_covered=tuple(is_covered(row) for row in deal.uniqueness),
        software_areas=software_comparison(deal),
        decision_balance=decision_balance(deal),
        segment_move=segment_move(deal),
    )
