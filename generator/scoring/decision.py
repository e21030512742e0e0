"""Decision factors (seed 001 影响大客户购买决策的因素): how many of the factors behind the customer's decision
work for us, are neutral, or work against us in this deal.

The rep marks each factor favourable, neutral or unfavourable; a factor left blank counts as unrated. The
count of unfavourable factors is what a manager asks about first: each is a reason the deal may not close.
"""

from __future__ import annotations

from generator.core.model import Deal
from generator.core.scorecard import DecisionBalance


def decision_balance(deal: Deal) -> DecisionBalance:
    """Count the deal's decision factors by standing (a row without a standing is unrated)."""
    standings = [factor.standing for factor in deal.decision_factors]
    return DecisionBalance(
        favourable=standings.count("favourable"), neutral=standings.count("neutral"),
        unfavourable=standings.count("unfavourable"),
        unrated=sum(1 for s in standings if s not in ("favourable", "neutral", "unfavourable")),
    )
