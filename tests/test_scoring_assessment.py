"""The opportunity assessment: group scores, overall, completeness and verdict, computed by hand."""

from __future__ import annotations

import pytest
from deal_factory import AS_OF, make_deal, ratings

from generator.core.config import Config, Thresholds
from generator.scoring import score_deal


def test_group_score_is_mean_rating_on_0_100() -> None:
    card = score_deal(make_deal(assessment=ratings(worth=4, compete=2, win=5)), AS_OF)
    assert card.worth == 75.0  # (4 - 1) / 4 * 100
    assert card.compete == 25.0
    assert card.win == 100.0
    assert card.assessment == pytest.approx((75 + 25 + 100) / 3)
    assert card.completeness == 1.0


def test_blank_ratings_are_left_out_of_the_mean() -> None:
    answers = ratings()
    answers.update(assess_short_term_revenue=5, assess_margin=2, assess_coach=3)
    card = score_deal(make_deal(assessment=answers), AS_OF)
    assert card.worth == pytest.approx((3.5 - 1) / 4 * 100)  # mean of 5 and 2
    assert card.compete is None
    assert card.win == 50.0
    assert card.assessment == pytest.approx((62.5 + 50) / 2)  # only groups with a score
    assert card.completeness == pytest.approx(3 / 14)


def test_empty_assessment_has_no_scores_and_no_verdict() -> None:
    card = score_deal(make_deal(), AS_OF)
    assert (card.worth, card.compete, card.win, card.assessment) == (None, None, None, None)
    assert card.completeness == 0.0
    assert card.verdict is None


@pytest.mark.parametrize(
    ("worth", "compete", "win", "expected"),
    [
        (2, 5, 5, "walk_away"),  # worth 25 < 40
        (1, None, None, "walk_away"),
        (3, 4, 4, "qualify"),  # worth 50 is between walk-away (40) and pursue (60)
        (4, 4, 4, "pursue"),  # 75 each
        (4, 3, 4, "qualify"),  # compete 50 < 60
        (4, 4, None, "qualify"),  # a group without a score cannot clear the bar
        (None, 5, 5, "qualify"),  # no worth score, but something answered
    ],
)
def test_verdict(worth: int | None, compete: int | None, win: int | None, expected: str) -> None:
    card = score_deal(make_deal(assessment=ratings(worth, compete, win)), AS_OF)
    assert card.verdict == expected


def test_verdict_boundaries_are_inclusive_for_pursue_and_exclusive_for_walk_away() -> None:
    answers = ratings(compete=4, win=4)
    # worth exactly 40: mean rating 2.6 -> (2.6 - 1) / 4 * 100 = 40
    answers.update(assess_short_term_revenue=3, assess_long_term_revenue=3, assess_margin=3,
                   assess_low_risk=2, assess_strategic_value=2)
    card = score_deal(make_deal(assessment=answers), AS_OF)
    assert card.worth == pytest.approx(40.0)
    assert card.verdict == "qualify"
    at_forty = Config(thresholds=Thresholds(pursue_at_least=40.0))
    assert score_deal(make_deal(assessment=answers), AS_OF, at_forty).verdict == "pursue"


def test_thresholds_come_from_config() -> None:
    deal = make_deal(assessment=ratings(worth=3, compete=3, win=3))  # 50 each
    assert score_deal(deal, AS_OF).verdict == "qualify"
    strict = Config(thresholds=Thresholds(walk_away_below=60.0))
    assert score_deal(deal, AS_OF, strict).verdict == "walk_away"
    lenient = Config(thresholds=Thresholds(pursue_at_least=50.0))
    assert score_deal(deal, AS_OF, lenient).verdict == "pursue"


def test_out_of_range_ratings_are_clamped_not_trusted() -> None:
    answers = ratings()
    answers.update(assess_margin=9, assess_low_risk=-3)
    card = score_deal(make_deal(assessment=answers), AS_OF)
    assert card.worth == pytest.approx(50.0)  # 5 and 1
