"""Competitive position: weighted ratings, the index against the best competitor, and heavy-criterion gaps."""

from __future__ import annotations

import pytest
from deal_factory import AS_OF, criterion, make_deal

from generator.core.config import Config, Thresholds
from generator.core.scorecard import CriterionGap
from generator.scoring import score_deal


def test_weighted_ratings_and_index_against_the_best_competitor() -> None:
    deal = make_deal(
        competitors=("SAP", "Oracle", ""),
        criteria=(
            criterion("技术质量", 50, 4, 3, 5),
            criterion("价格及付款方式", 30, 2, 4, 3),
            criterion("服务支持", 20, 5, 3, 2),
        ),
    )
    card = score_deal(deal, AS_OF)
    assert card.our_rating == pytest.approx((50 * 4 + 30 * 2 + 20 * 5) / 100)  # 3.6
    assert card.competitor_ratings == {"SAP": pytest.approx(3.3), "Oracle": pytest.approx(3.8)}
    assert card.competitive_index == pytest.approx(3.6 - 3.8)
    assert card.gaps == (
        CriterionGap("技术质量", 50.0, "Oracle", 4.0, 5.0),
        CriterionGap("价格及付款方式", 30.0, "SAP", 2.0, 4.0),
    )


def test_weights_not_summing_to_100_are_normalised() -> None:
    doubled = make_deal(competitors=("SAP", "", ""),
                        criteria=(criterion("A", 60, 5, 1), criterion("B", 140, 1, 5)))
    card = score_deal(doubled, AS_OF)
    assert card.our_rating == pytest.approx((60 * 5 + 140 * 1) / 200)  # 2.2
    assert card.competitor_ratings["SAP"] == pytest.approx((60 * 1 + 140 * 5) / 200)  # 3.8
    # B weighs 140 of 200 = 70%: it is a gap, named with its normalised weight
    assert [(g.criterion, round(g.weight, 9)) for g in card.gaps] == [("B", 70.0)]


def test_blank_ratings_leave_the_criterion_out_for_that_party_only() -> None:
    deal = make_deal(competitors=("SAP", "", ""),
                     criteria=(criterion("A", 50, None, 2), criterion("B", 50, 4, None)))
    card = score_deal(deal, AS_OF)
    assert card.our_rating == pytest.approx(4.0)
    assert card.competitor_ratings["SAP"] == pytest.approx(2.0)
    assert card.competitive_index == pytest.approx(2.0)
    assert card.gaps == ()


def test_zero_or_missing_weight_excludes_the_criterion() -> None:
    deal = make_deal(competitors=("SAP", "", ""),
                     criteria=(criterion("A", 100, 3, 3), criterion("B", 0, 5, 1), criterion("C", None, 1, 5)))
    card = score_deal(deal, AS_OF)
    assert card.our_rating == pytest.approx(3.0)
    assert card.competitive_index == pytest.approx(0.0)
    assert card.gaps == ()  # C trails by 4 but has no weight


def test_no_weights_at_all_counts_every_criterion_equally() -> None:
    deal = make_deal(competitors=("SAP", "", ""),
                     criteria=(criterion("A", None, 5, 2), criterion("B", None, 2, 4), criterion("C", None, 2, 2)))
    card = score_deal(deal, AS_OF)
    assert card.our_rating == pytest.approx(3.0)
    assert card.competitor_ratings["SAP"] == pytest.approx(8 / 3)
    assert [(g.criterion, round(g.weight, 9)) for g in card.gaps] == [("B", round(100 / 3, 9))]


def test_no_competitors_means_no_index() -> None:
    card = score_deal(make_deal(criteria=(criterion("A", 100, 4),)), AS_OF)
    assert card.our_rating == pytest.approx(4.0)
    assert card.competitor_ratings == {}
    assert card.competitive_index is None
    assert card.gaps == ()


def test_named_but_unrated_competitor_is_listed_without_rating() -> None:
    card = score_deal(make_deal(competitors=("SAP", "", ""), criteria=(criterion("A", 100, 4),)), AS_OF)
    assert card.competitor_ratings == {"SAP": None}
    assert card.competitive_index is None


def test_rated_slot_without_a_name_gets_the_slot_label() -> None:
    deal = make_deal(criteria=(criterion("A", 100, 2, None, 4),))
    card = score_deal(deal, AS_OF)
    assert card.competitor_ratings == {"Competitor 2": 4.0}
    assert card.gaps[0].competitor == "Competitor 2"
    flag = next(f for f in card.flags if f.code == "trailing-on-heavy-criterion")
    assert flag.message.zh == "在A上落后于竞争对手2（权重100%）"


def test_blank_name_counts_as_no_name() -> None:
    card = score_deal(make_deal(competitors=("  ", "", ""), criteria=(criterion("A", 100, 3, 2),)), AS_OF)
    assert card.competitor_ratings == {"Competitor 1": 2.0}


def test_two_slots_with_one_name_stay_apart() -> None:
    deal = make_deal(competitors=("SAP", "SAP", ""), criteria=(criterion("A", 100, 3, 2, 4),))
    card = score_deal(deal, AS_OF)
    assert card.competitor_ratings == {"SAP": 2.0, "SAP (2)": 4.0}


def test_gap_thresholds_are_inclusive_and_configurable() -> None:
    deal = make_deal(competitors=("SAP", "", ""),
                     criteria=(criterion("heavy", 10, 3, 4), criterion("light", 9, 1, 5), criterion("rest", 81, 3, 3)))
    card = score_deal(deal, AS_OF)
    assert [g.criterion for g in card.gaps] == ["heavy"]  # weight 10 and 1 point behind both count
    loose = Config(thresholds=Thresholds(gap_min_weight=5.0, gap_min_points=2.0))
    assert [g.criterion for g in score_deal(deal, AS_OF, loose).gaps] == ["light"]
