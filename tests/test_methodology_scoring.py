"""Seed 000/004 tools on the scorecard: relationship gaps, trust index, uniqueness coverage, procurement slip and
key-contact staleness, each checked against hand-computed cases (docs/scoring.md, "Seed 000 tools")."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from deal_factory import AS_OF, healthy_deal, person

from generator.core.config import DEFAULT_CONFIG, Config, Thresholds, config_from_mapping
from generator.core.model import Deal, ProcurementStep, RelationshipStep, TrustFactor, Uniqueness
from generator.core.scorecard import RelationshipGap, Scorecard
from generator.core.serialize import scorecard_from_dict, to_jsonable
from generator.scoring import score_deal

DAY = timedelta(days=1)


def scored(deal: Deal, config: Config = DEFAULT_CONFIG) -> Scorecard:
    return score_deal(deal, AS_OF, config)


def codes(deal: Deal, config: Config = DEFAULT_CONFIG) -> list[str]:
    return [flag.code for flag in scored(deal, config).flags]


# --- relationship gap ---------------------------------------------------------------------------------------
def test_relationship_gap_is_target_minus_current_support_found_by_name() -> None:
    deal = healthy_deal(
        stakeholders=(person("王总", role="economic_buyer", influence="high", support=1),
                      person("Li Gong", role="coach", support=2), person("赵经理", support=None)),
        relationship_plan=(RelationshipStep("王总", 3, "高层互访"), RelationshipStep(" li  gong ", 1),
                           RelationshipStep("赵经理", 2), RelationshipStep("陌生人", 2),
                           RelationshipStep("王总", None, "no target: left out")),
    )
    assert scored(deal).relationship_gaps == (
        RelationshipGap("王总", "economic_buyer", 1.0, 3.0, 2.0),
        RelationshipGap(" li  gong ", "coach", 2.0, 1.0, -1.0),  # already past the target
        RelationshipGap("赵经理", None, None, 2.0, None),  # support unknown
        RelationshipGap("陌生人", None, None, 2.0, None),  # not in the stakeholder table
    )


def test_a_deal_without_a_relationship_plan_has_no_gaps_and_unchanged_scores() -> None:
    plain = healthy_deal()
    planned = healthy_deal(relationship_plan=(RelationshipStep("王总", 3),),
                           trust_factors=(TrustFactor("积极主动承担责任", 4.70, 5),),
                           uniqueness=(Uniqueness("本地团队", "service", "上线风险低", "", "信息部", "演示"),))
    assert scored(plain).relationship_gaps == ()
    assert (scored(plain).trust_index, scored(plain).uniqueness_coverage) == (None, None)
    before, after = scored(plain).to_dict(), scored(planned).to_dict()
    assert after["uniqueness_covered"] == (True,)  # the one row ties need, target and action together
    for added in ("relationship_gaps", "trust_index", "trust_rated", "uniqueness_coverage", "uniqueness_covered"):
        before.pop(added), after.pop(added)
    assert after == before  # the new sections never move health, verdict or the flags


# --- trust index --------------------------------------------------------------------------------------------
def test_trust_index_weighs_each_rating_by_its_importance() -> None:
    deal = healthy_deal(trust_factors=(
        TrustFactor("积极主动承担责任", 4.70, 5), TrustFactor("在岗位上的工作年资", 2.40, 1),
        TrustFactor("熟悉自己公司的产品", 4.11, None),  # not rated: left out
        TrustFactor("其他", None, 5), TrustFactor("零权重", 0.0, 5),  # no importance: left out
    ))
    card = scored(deal)
    assert card.trust_index == pytest.approx(470 / 7.10)  # (4.70 × 100 + 2.40 × 0) / 7.10 = 66.2
    assert card.trust_rated == 2


@pytest.mark.parametrize(("rating", "expected"), [(1, 0.0), (3, 50.0), (5, 100.0), (7, 100.0), (0, 0.0)])
def test_trust_index_maps_ratings_onto_0_to_100_and_clamps(rating: float, expected: float) -> None:
    assert scored(healthy_deal(trust_factors=(TrustFactor("x", 3.0, rating),))).trust_index == expected


# --- uniqueness coverage ------------------------------------------------------------------------------------
def test_uniqueness_is_covered_when_tied_to_a_need_a_person_and_an_action() -> None:
    rows = (
        Uniqueness("合并报表", "product", "集团财务集中", "月结3天", "财务总监", "参观案例"),
        Uniqueness("本地团队", "service", "上线风险低", "", "信息部", "提交方法论"),  # no benefit: still covered
        Uniqueness("MES 接口", "partner", "产供销一体化", "实时成本", "生产部", "联合演示"),
        Uniqueness("移动审批", "product", "高层掌握数据", "决策更快", "总经理", "   "),  # no action
    )
    assert scored(healthy_deal(uniqueness=rows)).uniqueness_coverage == 0.75
    assert scored(healthy_deal(uniqueness=rows[3:])).uniqueness_coverage == 0.0


# --- procurement slip ---------------------------------------------------------------------------------------
def _steps(*rows: tuple[str, date | None, date | None]) -> tuple[ProcurementStep, ...]:
    return tuple(ProcurementStep(step, planned, actual) for step, planned, actual in rows)


def test_a_planned_step_past_due_without_an_actual_date_slips() -> None:
    deal = healthy_deal(procurement=_steps(
        ("筛选解决方案", date(2026, 10, 1), date(2026, 10, 3)),
        ("谈判", date(2026, 11, 1), None),
        ("签约", date(2026, 11, 15), None),
        ("实施开始", date(2026, 12, 1), None),  # ahead of the as-of date
    ))
    card = scored(deal)
    assert card.procurement_slipped == 2
    (flag,) = [f for f in card.flags if f.code == "procurement-step-slipped"]
    assert flag.level == "medium"
    assert flag.message.zh == "2个客户采购步骤已过计划日期仍无实际日期，最早为「谈判」（2026-11-01）"
    assert flag.message.en == ("2 customer steps are past their planned dates with no actual date, the first "
                               "“谈判” (2026-11-01)")


def test_one_slipped_step_is_named_on_its_own() -> None:
    deal = healthy_deal(procurement=_steps(("Sign the contract", AS_OF - DAY, None), ("Go live", AS_OF, None)))
    (flag,) = [f for f in scored(deal).flags if f.code == "procurement-step-slipped"]
    assert flag.message.en == (f"The customer step “Sign the contract” was planned for {AS_OF - DAY} "
                               "and has no actual date")
    assert flag.message.zh == f"客户采购步骤「Sign the contract」计划于{AS_OF - DAY}完成，尚无实际日期"


def test_a_step_the_customer_moved_past_or_due_today_does_not_slip() -> None:
    deal = healthy_deal(procurement=_steps(
        ("谈判", date(2026, 11, 1), None),  # a later step has its actual date: skipped, not slipped
        ("签约", date(2026, 11, 15), date(2026, 11, 16)),
        ("实施开始", AS_OF, None),  # due today: not yet past due
        ("首期实施结束", None, None),
    ))
    assert scored(deal).procurement_slipped == 0
    assert "procurement-step-slipped" not in codes(deal)


def test_slips_are_counted_for_closed_deals_but_flag_only_open_ones() -> None:
    steps = _steps(("签约", date(2026, 11, 1), None))
    lost = healthy_deal(status="lost", procurement=steps)
    assert scored(lost).procurement_slipped == 1
    assert "procurement-step-slipped" not in codes(lost)


# --- key-contact staleness ----------------------------------------------------------------------------------
def test_an_eb_or_coach_not_contacted_for_over_30_days_is_flagged_per_person() -> None:
    deal = healthy_deal(stakeholders=(
        person("王总", role="economic_buyer", influence="high", support=2, last_contact=AS_OF - 31 * DAY),
        person("李工", role="coach", support=3, last_contact=AS_OF - 30 * DAY),  # exactly 30 days: fine
        person("Wu", role="coach", support=2, last_contact=AS_OF - 45 * DAY),
        person("赵经理", role="user", support=1, last_contact=AS_OF - 90 * DAY),  # not a key contact
        person("钱总", role="economic_buyer", support=1),  # no date: no reminder
    ))
    flags = [f for f in scored(deal).flags if f.code == "key-contact-stale"]
    assert [f.message.zh for f in flags] == [f"已31天未接触决策者王总（最近接触{AS_OF - 31 * DAY}）",
                                             f"已45天未接触教练Wu（最近接触{AS_OF - 45 * DAY}）"]
    assert flags[1].message.en == f"No contact with coach Wu for 45 days (last contact {AS_OF - 45 * DAY})"


def test_the_contact_threshold_is_configurable() -> None:
    deal = healthy_deal(stakeholders=(
        person("王总", role="economic_buyer", influence="high", support=2, last_contact=AS_OF - 10 * DAY),
        person("李工", role="coach", support=3, last_contact=AS_OF),
    ))
    assert "key-contact-stale" not in codes(deal)
    tight = Config(thresholds=Thresholds(contact_stale_days=7))
    assert codes(deal, tight).count("key-contact-stale") == 1
    from_file = config_from_mapping({"thresholds": {"contact_stale_days": 7}}, "winplan.toml")
    assert from_file.thresholds.contact_stale_days == 7
    assert DEFAULT_CONFIG.thresholds.contact_stale_days == 30


def test_the_new_scorecard_fields_survive_storage_and_old_scorecards_still_decode() -> None:
    card = scored(healthy_deal(relationship_plan=(RelationshipStep("王总", 3),),
                               trust_factors=(TrustFactor("x", 4.0, 4),)))
    assert scorecard_from_dict(to_jsonable(card)) == card
    stored = to_jsonable(card)
    for added in ("relationship_gaps", "trust_index", "trust_rated", "uniqueness_coverage", "procurement_slipped"):
        del stored[added]  # a scorecard stored before these fields existed
    old = scorecard_from_dict(stored)
    assert (old.relationship_gaps, old.trust_index, old.procurement_slipped) == ((), None, 0)
