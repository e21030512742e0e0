"""The seed 000 sections of the account page show the engine's gap, index, coverage and slips, in the page a
manager opens, and stay out of the page of a workbook that leaves them empty."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from generator.core.config import DEFAULT_CONFIG
from generator.core.model import ProcurementStep, RelationshipStep, Stakeholder
from generator.core.scorecard import Scorecard
from generator.site import generated_pages
from generator.site.context.account import build_account
from generator.site.context.common import build_index
from generator.site.context.methodology import MethodologyContext
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
