"""Risk flags: when each code fires, the sentences in both languages, and which statuses they apply to."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from deal_factory import AS_OF, action, criterion, healthy_deal, make_deal, person, ratings

from generator.core.config import DEFAULT_CONFIG, Config, Thresholds
from generator.core.model import Deal, Scope
from generator.core.scorecard import Flag
from generator.scoring import FLAG_CODES, FLAG_KINDS, score_deal

DAY = timedelta(days=1)


def flags(deal: Deal, config: Config = DEFAULT_CONFIG) -> dict[str, list[Flag]]:
    found: dict[str, list[Flag]] = {}
    for flag in score_deal(deal, AS_OF, config).flags:
        found.setdefault(flag.code, []).append(flag)
    return found


def test_a_well_run_deal_raises_no_flag() -> None:
    assert score_deal(healthy_deal(), AS_OF).flags == ()


def test_registry_codes_are_unique_and_have_both_languages() -> None:
    assert len(FLAG_CODES) == len(set(FLAG_CODES)) == len(FLAG_KINDS)
    assert {"no-economic-buyer", "economic-buyer-not-supportive", "no-coach", "high-influence-opposition",
            "trailing-on-heavy-criterion", "actions-overdue", "close-date-passed",
            "assessment-incomplete-late-stage", "stale", "scope-mismatch",
            "stakeholders-unknown-support"} <= set(FLAG_CODES)
    for kind in FLAG_KINDS:
        assert kind.template.zh and kind.template.en and kind.rule.zh and kind.rule.en


def test_empty_open_deal() -> None:
    found = flags(make_deal(last_updated=None))
    assert list(found) == ["no-economic-buyer", "no-coach", "stale"]
    assert found["stale"][0].message.en == "The last-updated date is not filled in"


def test_no_economic_buyer() -> None:
    found = flags(healthy_deal(stakeholders=(person("李工", role="coach", influence="medium", support=3),)))
    assert [f.message.en for f in found["no-economic-buyer"]] == ["No economic buyer (EB) is named"]
    assert found["no-economic-buyer"][0].level == "high"


@pytest.mark.parametrize(("support", "shown_en", "shown_zh"), [(0, "0", "0"), (-1, "-1", "-1"),
                                                               (None, "unknown", "未知")])
def test_economic_buyer_not_supportive(support: int | None, shown_en: str, shown_zh: str) -> None:
    deal = healthy_deal(stakeholders=(person("王总", role="economic_buyer", influence="medium", support=support),
                                      person("李工", role="coach", influence="medium", support=3)))
    flag = flags(deal)["economic-buyer-not-supportive"][0]
    assert flag.message.en == f"The economic buyer 王总 is not supportive (support {shown_en})"
    assert flag.message.zh == f"经济决策者王总不支持我们（支持度{shown_zh}）"


def test_economic_buyer_at_plus_one_is_supportive() -> None:
    deal = healthy_deal(stakeholders=(person("王总", role="economic_buyer", influence="high", support=1),
                                      person("李工", role="coach", influence="medium", support=3)))
    assert "economic-buyer-not-supportive" not in flags(deal)


@pytest.mark.parametrize(("role", "support", "fires"), [("coach", 2, False), ("coach", 1, True),
                                                         ("coach", None, True), ("influencer", 3, True)])
def test_no_coach(role: str, support: int | None, fires: bool) -> None:
    deal = healthy_deal(stakeholders=(person("王总", role="economic_buyer", influence="high", support=2),
                                      person("X", role=role, influence="low", support=support)))
    assert ("no-coach" in flags(deal)) is fires


def test_high_influence_opposition_names_each_person() -> None:
    deal = healthy_deal(stakeholders=(
        *healthy_deal().stakeholders,
        person("陈总监", role="technical_buyer", influence="high", support=-2),
        person("Bob", role="user", influence="high", support=-3),
        person("Low", role="user", influence="low", support=-3),  # low influence: not this flag
        person("Mild", role="user", influence="high", support=-1),
    ))
    found = flags(deal)["high-influence-opposition"]
    assert [f.message.en for f in found] == ["陈总监, of high influence, opposes us (support -2)",
                                             "Bob, of high influence, opposes us (support -3)"]
    assert found[0].message.zh == "高影响力的陈总监反对我们（支持度-2）"


def test_trailing_on_heavy_criterion_one_flag_per_gap() -> None:
    deal = healthy_deal(criteria=(criterion("价格及付款方式", 15, 3, 4, 2), criterion("技术质量", 12.5, 2, 1, 4),
                                  criterion("其它", 72.5, 4, 4, 4)))
    found = flags(deal)["trailing-on-heavy-criterion"]
    assert [f.message.en for f in found] == ["We trail SAP on 价格及付款方式, weight 15%",
                                             "We trail 用友 on 技术质量, weight 12.5%"]
    assert found[0].message.zh == "在价格及付款方式上落后于SAP（权重15%）"


def test_actions_overdue_counts_and_names_the_oldest() -> None:
    deal = healthy_deal(actions=(action("a", date(2026, 11, 1)), action("b", date(2026, 10, 15), "blocked"),
                                 action("c", date(2026, 11, 19), "in_progress"), action("d", AS_OF)))
    flag = flags(deal)["actions-overdue"][0]
    assert flag.message.en == "3 overdue actions, the oldest due 2026-10-15"
    assert flag.message.zh == "3项行动已逾期，最早应于2026-10-15完成"
    one = healthy_deal(actions=(action("a", AS_OF - DAY),))
    assert flags(one)["actions-overdue"][0].message.en == f"1 overdue action, the oldest due {AS_OF - DAY}"


def test_close_date_passed_only_strictly_before_as_of() -> None:
    assert "close-date-passed" not in flags(healthy_deal(close_date=AS_OF))
    flag = flags(healthy_deal(close_date=date(2026, 10, 31)))["close-date-passed"][0]
    assert flag.message.en == "The expected close date 2026-10-31 has passed"
    assert flag.message.zh == "预计签约日期2026-10-31已过"


def test_assessment_incomplete_from_the_shortlisted_stage() -> None:
    answers = ratings(worth=4, compete=4, win=4)
    answers["assess_coach"] = None
    assert "assessment-incomplete-late-stage" not in flags(healthy_deal(stage="technical_exchange",
                                                                        assessment=answers))
    flag = flags(healthy_deal(stage="shortlisted", assessment=answers))["assessment-incomplete-late-stage"][0]
    assert flag.message.en == "At stage Shortlisted but only 13 of 14 assessment questions are answered"
    assert flag.message.zh == "已到资格确认阶段，但机会评估只填写了13/14项"
    later = Config(thresholds=Thresholds(full_assessment_stage=7))
    assert "assessment-incomplete-late-stage" not in flags(healthy_deal(stage="negotiation", assessment=answers),
                                                           later)


def test_stale_after_more_than_30_days() -> None:
    assert "stale" not in flags(healthy_deal(last_updated=AS_OF - 30 * DAY))
    flag = flags(healthy_deal(last_updated=AS_OF - 31 * DAY))["stale"][0]
    assert flag.message.en == "No update for 31 days (last updated 2026-10-20)"
    assert flag.message.zh == "已31天未更新（最后更新2026-10-20）"
    assert "stale" in flags(healthy_deal(last_updated=None))


def test_scope_mismatch_beyond_one_percent() -> None:
    within = Scope(application_software=600_000, services=395_000)  # 0.5% short
    assert "scope-mismatch" not in flags(healthy_deal(scope=within))
    off = Scope(hardware=200_000, application_software=600_000, services=150_000.5)
    flag = flags(healthy_deal(scope=off))["scope-mismatch"][0]
    assert flag.message.en == "The scope split adds up to 950,000.5, not the amount 1,000,000"
    assert flag.level == "low"
    assert "scope-mismatch" not in flags(healthy_deal(scope=Scope()))  # not filled in: nothing to compare
    assert "scope-mismatch" not in flags(healthy_deal(scope=off, amount=None))


@pytest.mark.parametrize(("amount", "parts"), [
    (1_000_000.0, (948_540.65, 23_428.56, 38_030.79)),  # floats add up to 1,010,000.0000000001
    (2_400_000.0, (2_259_622.43, 56_521.2, 107_856.37)),  # 2,424,000.0000000005
    (1_234_567.0, (1_100_267.26, 100_761.55, 45_883.86)),
])
def test_scope_off_by_exactly_the_tolerance_passes(amount: float, parts: tuple[float, float, float]) -> None:
    exactly = Scope(hardware=parts[0], services=parts[1], other=parts[2])
    assert sum(parts) - amount > 0.01 * amount  # float summation alone would flag it
    assert "scope-mismatch" not in flags(healthy_deal(scope=exactly, amount=amount))
    one_cent_more = Scope(hardware=parts[0], services=parts[1], other=round(parts[2] + 0.01, 2))
    assert "scope-mismatch" in flags(healthy_deal(scope=one_cent_more, amount=amount))


def test_scope_tolerance_is_the_team_setting() -> None:
    off_by_3_percent = Scope(application_software=600_000, services=430_000)
    assert "scope-mismatch" in flags(healthy_deal(scope=off_by_3_percent))
    loose = replace(DEFAULT_CONFIG, thresholds=replace(DEFAULT_CONFIG.thresholds, scope_tolerance=0.05))
    assert "scope-mismatch" not in flags(healthy_deal(scope=off_by_3_percent), loose)


def test_stakeholders_unknown_support_lists_names() -> None:
    deal = healthy_deal(stakeholders=(*healthy_deal().stakeholders, person("周", role="user"),
                                      person("Wu", role="user")))
    flag = flags(deal)["stakeholders-unknown-support"][0]
    assert flag.level == "low"
    assert flag.message.en == "Support unknown for 2 people: 周, Wu"
    assert flag.message.zh == "2位人员的支持度未知：周、Wu"


@pytest.mark.parametrize("status", ["won", "lost", "on_hold"])
def test_closed_deals_only_keep_the_scope_flag(status: str) -> None:
    messy = make_deal(
        status=status, stage="tender", amount=100.0, scope=Scope(hardware=50.0), close_date=date(2026, 1, 1),
        last_updated=date(2025, 1, 1), competitors=("SAP", "", ""), criteria=(criterion("A", 100, 1, 5),),
        actions=(action("late", date(2026, 1, 1)),),
    )
    assert [f.code for f in score_deal(messy, AS_OF).flags] == ["scope-mismatch"]
    assert len(flags(replace(messy, status="open"))) > 5  # the same deal, open, is full of risks


def test_flags_follow_registry_order() -> None:
    deal = make_deal(stage="tender", last_updated=None, close_date=date(2026, 1, 1), amount=10.0,
                     scope=Scope(other=1.0), actions=(action("late", date(2026, 1, 1)),),
                     stakeholders=(person("X", influence="high", support=-3), person("Y")))
    codes = [f.code for f in score_deal(deal, AS_OF).flags]
    assert codes == sorted(codes, key=FLAG_CODES.index)
    assert len(codes) == 9


def test_docs_list_every_flag_code(repo: Path) -> None:
    table = (repo / "docs" / "scoring.md").read_text(encoding="utf-8")
    for code in FLAG_CODES:
        assert f"| `{code}` |" in table, code
