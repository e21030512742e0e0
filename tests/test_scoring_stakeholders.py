"""Stakeholder support index and score, with unknown support and unknown influence."""

from __future__ import annotations

import pytest
from deal_factory import AS_OF, make_deal, person

from generator.core.config import Config
from generator.scoring import score_deal


def test_support_index_weighs_support_by_influence() -> None:
    deal = make_deal(stakeholders=(
        person("A", influence="high", support=3),
        person("B", influence="medium", support=-1),
        person("C", influence="low", support=-3),
    ))
    card = score_deal(deal, AS_OF)
    assert card.support_index == pytest.approx((3 * 3 + 2 * -1 + 1 * -3) / 6)  # 4/6
    assert card.support_score == pytest.approx((4 / 6 + 3) / 6 * 100)


def test_unknown_support_is_left_out_and_unknown_influence_weighs_as_medium() -> None:
    deal = make_deal(stakeholders=(
        person("A", influence="high", support=None),
        person("B", influence=None, support=3),
        person("C", influence="low", support=0),
    ))
    card = score_deal(deal, AS_OF)
    assert card.support_index == pytest.approx((2 * 3 + 1 * 0) / 3)


def test_no_known_support_means_no_index() -> None:
    card = score_deal(make_deal(stakeholders=(person("A", influence="high"),)), AS_OF)
    assert card.support_index is None
    assert card.support_score is None
    assert score_deal(make_deal(), AS_OF).support_index is None


def test_extremes_map_to_0_and_100() -> None:
    against = score_deal(make_deal(stakeholders=(person("A", influence="low", support=-3),)), AS_OF)
    assert (against.support_index, against.support_score) == (-3.0, 0.0)
    behind = score_deal(make_deal(stakeholders=(person("A", influence="high", support=3),)), AS_OF)
    assert (behind.support_index, behind.support_score) == (3.0, 100.0)


def test_influence_weights_come_from_config() -> None:
    deal = make_deal(stakeholders=(person("A", influence="high", support=3),
                                   person("B", influence="low", support=-3)))
    assert score_deal(deal, AS_OF).support_index == pytest.approx((9 - 3) / 4)
    equal = Config(influence_weights={"high": 1.0, "medium": 1.0, "low": 1.0})
    assert score_deal(deal, AS_OF, equal).support_index == pytest.approx(0.0)
