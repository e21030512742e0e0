"""The seed 000 sections of the account page show the engine's gap, index, coverage and slips, in the page a
manager opens, and stay out of the page of a workbook that leaves them empty."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from generator.core.config import DEFAULT_CONFIG
from generator.core.model import ProcurementStep, RelationshipStep, Stakeholder
from generator.core.scorecard import Scorecard
from generator.core.serialize import scorecard_from_dict, to_jsonable
from generator.site import generated_pages
from generator.site.context.account import build_account
from generator.site.context.common import build_index
from generator.site.context.methodology import MethodologyContext, build_methodology
from tests.site_dataset import AS_OF, current_deals, harvest_of


def _account(deal_index: int, **changes: object) -> tuple[MethodologyContext, Scorecard]:
    deal = replace(current_deals()[deal_index], **changes)  # type: ignore[arg-type]
    index = build_index(harvest_of(1, AS_OF, [deal]), "en", DEFAULT_CONFIG)
    view = index.deals[0]
    return build_account(view, [], index, "en").methodology, view.record.scorecard


def test_relationship_rows_show_current_target_and_the_engines_gap() -> None:
    section, _ = _account(0)
    rows = {row.name: row for row in section.relationships}
    eb = rows["<script>alert(1)</script>"]
    assert (eb.role, eb.current, eb.target, eb.gap, eb.gap_open) == ("EB Economic buyer", "-2", "+1", "+3", True)
    assert (rows["王芳"].gap, rows["王芳"].gap_open) == ("-1", False)  # past the target: no badge
    assert (rows["Nobody here"].current, rows["Nobody here"].gap) == ("–", "–")


def test_a_plan_row_without_target_still_shows_the_current_support() -> None:
    section, _ = _account(1, stakeholders=(Stakeholder("周总", role="economic_buyer", support=1),),
                          relationship_plan=(RelationshipStep("周总", None, "先了解"), RelationshipStep("周总", 3)))
    assert [(r.current, r.target, r.gap) for r in section.relationships] == [("+1", "–", "–"), ("+1", "+3", "+2")]


def test_trust_uniqueness_and_timeline_carry_the_engines_figures() -> None:
    section, card = _account(0)
    assert section.trust_index == "66" and section.trust_rated == 2  # 4.70 × 100 / 7.10
    assert [row.factor for row in section.trust] == ["积极主动承担责任", "在岗位上的工作年资"]  # unrated left out
    assert section.uniqueness_coverage == "50%"
    assert [row.covered for row in section.uniqueness] == [True, False]
    assert [(row.step, row.slipped) for row in section.procurement] == [
        ("筛选解决方案", False), ("谈判", True), ("签约", False)]
    assert section.procurement_slipped == 1 == card.procurement_slipped


def test_a_step_the_customer_moved_past_is_not_marked() -> None:
    section, _ = _account(1, procurement=(ProcurementStep("谈判", date(2026, 11, 1)),
                                          ProcurementStep("签约", date(2026, 11, 10), date(2026, 11, 12))))
    assert [row.slipped for row in section.procurement] == [False, False]


def test_the_page_shows_the_sections_only_where_the_workbook_fills_them(tmp_path: Path) -> None:
    deals = current_deals()[:2]  # the first fills every seed section, the second none
    docs = generated_pages([harvest_of(1, AS_OF, deals)], "en", DEFAULT_CONFIG)
    pages = {src_uri.rsplit("/", 1)[-1]: docs.page(src_uri) for src_uri in docs.markdown
             if src_uri.startswith("accounts/")}
    filled = next(text for name, text in pages.items() if name.endswith("00000001.md"))
    empty = next(text for name, text in pages.items() if name.endswith("00000002.md"))
    headings = ("## Relationship strategy", "## Executive trust", "## Uniqueness and influence plan",
                "## Procurement timeline", "## Assessment comments and SWOT conclusions")
    assert all(heading in filled for heading in headings)
    assert filled.index("## Action plan") < filled.index("## Relationship strategy") < filled.index("## History")
    assert not any(heading in empty for heading in headings)
    assert "Past due" in filled and "&lt;script&gt;alert(6)&lt;/script&gt;" in filled
    assert "<script>alert(6)" not in filled


def test_software_strength_shows_the_engines_lead_or_trail_per_area() -> None:
    section, _ = _account(0)
    # 综合实力 4 vs 3 and 5: trails competitor 2 by 1; 产品与技术 5 vs 3: leads by 2; 行业优劣 3 vs 3: level;
    # 方案提供 has no rating: shown, not compared.
    assert [(r.area, r.margin, r.standing, r.trailing) for r in section.software] == [
        ("综合实力", "-1", "Trail", True), ("产品与技术", "+2", "Lead", False), ("行业优劣", "0", "Level", False),
        ("方案提供", "–", "–", False)]
    assert (section.software_leads, section.software_trails) == (1, 1)
    deal = current_deals()[0]
    assert section.software_rivals == (deal.competitors[0], deal.competitors[1]) != ("", "")


def test_decision_factors_count_what_works_for_and_against_us() -> None:
    section, _ = _account(0)
    assert [(r.factor, r.standing, r.unfavourable) for r in section.decision] == [
        ("购买的重要性与紧迫程度", "Favourable", False), ("购买金额", "Unfavourable", True),
        ("客户购买决策的程序", "Neutral", False), ("销售员的推动力度", "–", False)]
    assert (section.decision_favourable, section.decision_unfavourable, section.decision_rated) == (1, 1, 3)


def test_the_segment_upgrade_names_the_move() -> None:
    section, _ = _account(0, segment="C", target_segment="A")
    assert [(n.label, n.value) for n in section.upgrade] == [
        ("Segment", "C"), ("Target segment", "A · move up"),
        ("Upgrade strategy", "保持 A 类 **服务** <script>alert(9)</script>")]
    assert _account(0, target_segment=None, upgrade_strategy="")[0].upgrade == ()


def test_prefilled_rows_alone_do_not_make_a_section() -> None:
    from generator.core.model import DecisionFactor, SoftwareStrength

    section, _ = _account(0, software_strength=(SoftwareStrength("综合实力"), SoftwareStrength("方案提供")),
                          decision_factors=(DecisionFactor("购买金额"),))
    assert section.software == () and section.decision == ()


def test_the_page_shows_the_seed_001_sections_escaped(tmp_path: Path) -> None:
    deals = current_deals()[:2]
    docs = generated_pages([harvest_of(1, AS_OF, deals)], "en", DEFAULT_CONFIG)
    pages = {src_uri: docs.page(src_uri) for src_uri in docs.markdown if src_uri.startswith("accounts/")}
    filled = next(text for name, text in pages.items() if name.endswith("00000001.md"))
    empty = next(text for name, text in pages.items() if name.endswith("00000002.md"))
    headings = ("## Software strength", "## Buying decision factors", "## Segment upgrade")
    assert all(heading in filled for heading in headings) and not any(heading in empty for heading in headings[:2])
    upgrade = empty[empty.index("## Segment upgrade"):]  # the second deal fills only the upgrade: B → A
    assert "<dd>B</dd>" in upgrade and "<dd>A · move up</dd>" in upgrade
    assert filled.index("## Uniqueness and influence plan") < filled.index("## Software strength") < filled.index(
        "## Procurement timeline")
    for n in (8, 9, 10):
        assert f"<script>alert({n})" not in filled and f"&lt;script&gt;alert({n})&lt;/script&gt;" in filled
    assert "Areas we lead: <strong>1</strong>" in filled and "Unfavourable: <strong>1</strong>" in filled


def test_a_scorecard_stored_before_the_per_row_judgements_shows_the_rows_unmarked() -> None:
    """A scorecard from an older winplan has no per-row results: the rows still show, judged as not yet scored."""
    deal = current_deals()[0]
    harvest = harvest_of(1, AS_OF, [deal])
    stored = to_jsonable(harvest.deals[0].scorecard)
    for added in ("procurement_slipped_rows", "uniqueness_covered", "software_areas", "decision_balance",
                  "segment_move"):
        stored.pop(added)
    old = scorecard_from_dict(stored)
    assert (old.uniqueness_covered, old.software_areas, old.segment_move) == ((), (), None)
    old_record = replace(harvest.deals[0], scorecard=old)
    index = build_index(replace(harvest, deals=(old_record,)), "en", DEFAULT_CONFIG)
    section = build_methodology(index.deals[0], "en")
    assert [row.covered for row in section.uniqueness] == [False, False]
    assert not any(row.slipped for row in section.procurement)
    assert len(section.procurement) == 3
