"""Deal health (a renormalised blend of the parts that exist), the planning matrix and the SWOT balance."""

from __future__ import annotations

from datetime import timedelta

import pytest
from deal_factory import AS_OF, action, criterion, healthy_deal, make_deal, person, ratings, swot

from generator.core.config import Config, HealthWeights, Thresholds
from generator.scoring import score_deal


def test_health_blends_all_four_parts_with_the_default_weights() -> None:
    card = score_deal(healthy_deal(), AS_OF)
    assessment = (100 + 75 + 75) / 3
    competition = (4.3 - 3.6 + 4) / 8 * 100  # ours 4.3, SAP 3.6
    support = ((3 * 2 + 2 * 3 + 1 * 1) / 6 + 3) / 6 * 100
    plan = 100 * (1 + 0.5 * 1) / 2  # one done, one open on time
    expected = 0.35 * assessment + 0.25 * competition + 0.25 * support + 0.15 * plan
    assert card.health == pytest.approx(expected)


def test_missing_parts_are_left_out_and_weights_renormalised() -> None:
    deal = make_deal(
        assessment=ratings(worth=3, compete=3, win=3),  # 50
        stakeholders=(person("A", influence="high", support=3),),  # 100
    )
    card = score_deal(deal, AS_OF)
    assert card.health == pytest.approx((0.35 * 50 + 0.25 * 100) / (0.35 + 0.25))


def test_only_actions() -> None:
    deal = make_deal(actions=(action("a", AS_OF - timedelta(days=1)),))
    assert score_deal(deal, AS_OF).health == pytest.approx(0.0)


def test_empty_deal_has_no_health() -> None:
    assert score_deal(make_deal(), AS_OF).health is None


def test_zero_weight_drops_a_part() -> None:
    deal = make_deal(assessment=ratings(worth=5, compete=5, win=5),
                     stakeholders=(person("A", influence="high", support=-3),))
    no_people = Config(health_weights=HealthWeights(stakeholders=0.0))
    assert score_deal(deal, AS_OF, no_people).health == pytest.approx(100.0)
    assert score_deal(deal, AS_OF).health == pytest.approx(0.35 * 100 / 0.6)


@pytest.mark.parametrize(
    ("worth", "compete", "win", "quadrant"),
    [
        (3, 3, 3, "invest"),  # 50/50: the split belongs to the upper side
        (5, 1, 2, "build_or_exit"),  # strength (0 + 25) / 2 = 12.5
        (2, 4, 5, "maintain"),
        (1, 1, 1, "minimal"),
    ],
)
def test_planning_matrix_quadrants(worth: int, compete: int, win: int, quadrant: str) -> None:
    card = score_deal(make_deal(assessment=ratings(worth, compete, win)), AS_OF)
    assert card.quadrant == quadrant
    assert card.attractiveness == card.worth


def test_strength_includes_the_competitive_position() -> None:
    deal = make_deal(assessment=ratings(worth=4, compete=3),  # compete 50, win missing
                     competitors=("SAP", "", ""), criteria=(criterion("A", 100, 1, 5),))  # index -4 -> 0
    card = score_deal(deal, AS_OF)
    assert card.strength == pytest.approx(25.0)
    assert card.quadrant == "build_or_exit"


def test_matrix_needs_both_axes() -> None:
    no_worth = score_deal(make_deal(assessment=ratings(compete=5, win=5)), AS_OF)
    assert (no_worth.attractiveness, no_worth.quadrant) == (None, None)
    assert no_worth.strength == pytest.approx(100.0)
    only_worth = score_deal(make_deal(assessment=ratings(worth=5)), AS_OF)
    assert (only_worth.strength, only_worth.quadrant) == (None, None)


def test_quadrant_split_comes_from_config() -> None:
    deal = make_deal(assessment=ratings(worth=3, compete=3, win=3))
    assert score_deal(deal, AS_OF, Config(thresholds=Thresholds(quadrant_split=60.0))).quadrant == "minimal"


def test_swot_balance_is_blue_minus_red_impact() -> None:
    deal = make_deal(swot=(
        swot("strength", "s", 3), swot("opportunity", "o", 2),
        swot("weakness", "w", 1), swot("threat", "t", None),  # no impact counts as 1
    ))
    assert score_deal(deal, AS_OF).swot_balance == 3 + 2 - 1 - 1
    assert score_deal(make_deal(), AS_OF).swot_balance == 0
