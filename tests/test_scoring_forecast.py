"""Win probability and weighted amount for open, won, lost and on-hold deals."""

from __future__ import annotations

import pytest
from deal_factory import AS_OF, make_deal

from generator.core.config import Config
from generator.scoring import score_deal
from generator.scoring.forecast import win_rate


@pytest.mark.parametrize(
    ("status", "stage", "probability", "weighted"),
    [
        ("open", "qualified", 0.10, 50_000.0),
        ("open", "shortlisted", 0.60, 300_000.0),
        ("open", "contract_signed", 1.00, 500_000.0),
        ("open", None, 0.0, 0.0),
        ("won", "tender", 1.0, 500_000.0),
        ("won", None, 1.0, 500_000.0),
        ("lost", "tender", 0.0, 0.0),
        ("on_hold", "negotiation", 0.0, 0.0),
    ],
)
def test_probability_and_weighted_amount(status: str, stage: str | None, probability: float,
                                         weighted: float) -> None:
    card = score_deal(make_deal(status=status, stage=stage, amount=500_000.0), AS_OF)
    assert card.probability == pytest.approx(probability)
    assert card.weighted_amount == pytest.approx(weighted)


def test_no_amount_means_no_weighted_amount() -> None:
    card = score_deal(make_deal(stage="tender", amount=None), AS_OF)
    assert card.probability == pytest.approx(0.9)
    assert card.weighted_amount is None


def test_team_probabilities_override_the_defaults() -> None:
    config = Config(stage_probabilities={**Config().stage_probabilities, "engaged": 0.25})
    card = score_deal(make_deal(stage="engaged", amount=1000.0), AS_OF, config)
    assert card.weighted_amount == pytest.approx(250.0)


def test_win_rate_counts_won_against_won_and_lost() -> None:
    deals = [make_deal(status=status) for status in ("won", "won", "lost", "on_hold", "open", "won")]
    wins = win_rate(deals)
    assert (wins.won, wins.decided, wins.rate) == (3, 4, 0.75)  # on hold and open are not decided
    nothing_decided = win_rate([make_deal(status="open"), make_deal(status="on_hold")])
    assert (nothing_decided.decided, nothing_decided.rate) == (0, None)
