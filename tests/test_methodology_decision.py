"""Seed 000/001 judgements added with software strength, decision factors and the segment upgrade, each checked
against hand-computed cases (docs/scoring.md, "Software strength", "Decision factors", "Segment upgrade")."""

from __future__ import annotations

import pytest
from deal_factory import AS_OF, healthy_deal

from generator.core.model import DecisionFactor, SoftwareStrength
from generator.scoring import score_deal
from generator.scoring.decision import DecisionBalance, decision_balance
from generator.scoring.software import AreaComparison, compare_area, software_comparison
from generator.scoring.upgrade import segment_move


# --- software strength --------------------------------------------------------------------------------------
def test_each_area_compares_us_with_the_best_rated_competitor() -> None:
    deal = healthy_deal(software_strength=(
        SoftwareStrength("综合实力", ours=4, competitor_1=3, competitor_2=5),  # 4 − max(3, 5) = −1
        SoftwareStrength("产品与技术", ours=5, competitor_1=3),  # competitor 2 not rated: 5 − 3 = +2
        SoftwareStrength("行业优劣", ours=3, competitor_1=3, competitor_2=2),  # 3 − 3 = 0
        SoftwareStrength("方案提供", competitor_1=4),  # we are not rated: not compared
        SoftwareStrength("项目实施服务", ours=4),  # no competitor rated: not compared
    ))
    assert software_comparison(deal) == (
        AreaComparison("综合实力", -1.0, "trail"), AreaComparison("产品与技术", 2.0, "lead"),
        AreaComparison("行业优劣", 0.0, "level"), AreaComparison("方案提供", None, None),
        AreaComparison("项目实施服务", None, None),
    )


@pytest.mark.parametrize(("ours", "rival", "margin"), [(7, 1, 4.0), (0, 5, -4.0), (4.5, 2.5, 2.0)])
def test_ratings_outside_1_to_5_are_clamped(ours: float, rival: float, margin: float) -> None:
    assert compare_area(SoftwareStrength("x", ours=ours, competitor_2=rival)).margin == margin


# --- decision factors ---------------------------------------------------------------------------------------
def test_decision_factors_are_counted_by_standing() -> None:
    deal = healthy_deal(decision_factors=(
        DecisionFactor("购买的重要性与紧迫程度", "favourable"), DecisionFactor("购买金额", "unfavourable"),
        DecisionFactor("产品的技术含量", "favourable"), DecisionFactor("组织中的利益纠纷", "unfavourable"),
        DecisionFactor("客户购买决策的程序", "neutral"), DecisionFactor("销售员的推动力度", None, "还不清楚"),
    ))
    balance = decision_balance(deal)
    assert balance == DecisionBalance(favourable=2, neutral=1, unfavourable=2, unrated=1)
    assert balance.rated == 5
    assert decision_balance(healthy_deal()) == DecisionBalance(0, 0, 0, 0)


# --- segment upgrade ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(("segment", "target", "move"), [
    ("B", "A", "up"), ("D", "B", "up"), ("A", "A", "same"), ("B", "C", "down"),
    (None, "A", None), ("B", None, None), (None, None, None),
])
def test_a_target_above_the_segment_is_an_upgrade(segment: str | None, target: str | None,
                                                  move: str | None) -> None:
    assert segment_move(healthy_deal(segment=segment, target_segment=target)) == move


def test_the_new_sections_leave_the_scores_unchanged() -> None:
    plain = healthy_deal()
    filled = healthy_deal(
        product_line="财务云", segment="B", target_segment="A", upgrade_strategy="以本项目为标杆",
        software_strength=(SoftwareStrength("综合实力", ours=1, competitor_1=5),),
        decision_factors=tuple(DecisionFactor(f"f{n}", "unfavourable") for n in range(9)),
    )
    before, after = score_deal(plain, AS_OF).to_dict(), score_deal(filled, AS_OF).to_dict()
    # The scorecard carries the new judgements themselves; nothing else moves (health, verdict, matrix, flags).
    assert after.pop("software_areas") == ({"area": "综合实力", "margin": -4.0, "standing": "trail"},)
    assert after.pop("segment_move") == "up"
    assert after.pop("decision_balance") == {"favourable": 0, "neutral": 0, "unfavourable": 9, "unrated": 0}
    for added in ("software_areas", "segment_move", "decision_balance"):
        before.pop(added)
    assert before == after
