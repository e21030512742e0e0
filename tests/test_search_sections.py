"""Search finds every methodology section of an account page (relationship strategy, executive trust, uniqueness
and initial solution, software strength, buying decision factors, segment upgrade, procurement timeline, assessment
comments and SWOT conclusions): each gets an entry of its own, anchored where the page shows the section, holding
the text the page shows, and none when the page leaves the section out."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import unquote

import pytest

from generator.core.config import DEFAULT_CONFIG
from generator.core.i18n import Language
from generator.core.model import AssessmentNotes, Deal, DecisionFactor, ProcurementStep, TrustFactor
from generator.site import generated_pages
from generator.site.context.account import build_account
from generator.site.context.common import build_index
from generator.site.search_entries import account_entries, indexed
from tests.site_dataset import AS_OF, current_deals, harvest_of

NEW_SECTIONS = ("s-software_strength", "s-decision_factors", "s-segment_upgrade")
PLAN_SECTIONS = ("s-relationship_plan", "s-trust_plan", "s-uniqueness_plan", "s-procurement_timeline",
                 "s-assessment_notes")


def _entries(deal: Deal, lang: Language = "en") -> dict[str, dict[str, str]]:
    """The deal's account entries by anchor ("" for the page itself)."""
    index = build_index(harvest_of(1, AS_OF, [deal]), lang, DEFAULT_CONFIG)
    account = build_account(index.deals[0], [], index, lang)
    return {entry["location"].partition("#")[2]: entry for entry in account_entries(account, lang)}


def test_a_software_strength_conclusion_finds_the_accounts_section() -> None:
    entry = _entries(current_deals()[0])["s-software_strength"]
    assert entry["title"].endswith(" · Software strength")
    for text in ("综合实力", "品牌 <b>强</b>", "对手2领先", "Trail", "产品与技术", "领先", "Lead"):
        assert text in entry["text"], text


def test_a_decision_factor_note_finds_the_accounts_section() -> None:
    entry = _entries(current_deals()[0])["s-decision_factors"]
    assert entry["title"].endswith(" · Buying decision factors")
    for text in ("购买的重要性与紧迫程度", "Favourable", "上市 <script>alert(10)</script>", "超预算", "Unfavourable"):
        assert text in entry["text"], text
    assert "–" not in entry["text"]  # the unmarked factor's dash is not searched


@pytest.mark.parametrize(("lang", "title", "move"), [("en", "Segment upgrade", "B A · move up"),
                                                     ("zh", "客户升级", "B A · 升级")])
def test_an_upgrade_strategy_finds_the_accounts_section(lang: Language, title: str, move: str) -> None:
    entry = _entries(current_deals()[1], lang)["s-segment_upgrade"]  # 华为技术: from segment B to A
    assert entry["title"].endswith(f" · {title}")
    assert "以财务共享为标杆, 争取集团合作" in entry["text"] and move in entry["text"]


@pytest.mark.parametrize(("lang", "title", "role"), [("en", "Relationship strategy", "Economic buyer"),
                                                     ("zh", "客户决策者关系策略", "决策者")])
def test_a_relationship_strategy_finds_the_accounts_section(lang: Language, title: str, role: str) -> None:
    entry = _entries(current_deals()[0], lang)["s-relationship_plan"]
    assert entry["title"].endswith(f" · {title}")
    for text in ("<script>alert(1)</script>", role, "高层互访 {{ 7*7 }}", "安排副总拜访", "王芳", "保持", "李娜",
                 "Nobody here"):
        assert text in entry["text"], text
    assert "–" not in entry["text"]  # the role of a person not in the stakeholder table
    assert "&lt;script&gt;" in indexed(entry)["text"] and "<script>" not in indexed(entry)["text"]


def test_a_trust_factors_evidence_finds_the_accounts_section() -> None:
    entry = _entries(current_deals()[0])["s-trust_plan"]
    assert entry["title"].endswith(" · Executive trust")
    for text in ("积极主动承担责任", "[x](javascript:alert(1))", "在岗位上的工作年资"):
        assert text in entry["text"], text
    assert "熟悉自己公司的产品" not in entry["text"]  # not rated and no evidence: the page does not list it


def test_the_initial_solution_and_a_uniqueness_find_the_accounts_section() -> None:
    entry = _entries(current_deals()[0])["s-uniqueness_plan"]
    assert entry["title"].endswith(" · Uniqueness and influence plan")
    for text in ("集团财务共享 <script>alert(5)</script>", "1,050,000 CNY", "900,000 CNY", "Product",
                 "合并报表 *stars*", "集团财务集中", "月结3天", "参观案例", "<img src=x onerror=alert(1)>"):
        assert text in entry["text"], text
    # Only an initial solution, no uniqueness table: the page shows the section, and search finds it.
    solution_only = replace(current_deals()[2], initial_solution="云端部署 <b>试点</b>")
    assert "云端部署 <b>试点</b>" in _entries(solution_only)["s-uniqueness_plan"]["text"]


def test_a_procurement_note_finds_the_accounts_section() -> None:
    entry = _entries(current_deals()[0])["s-procurement_timeline"]
    assert entry["title"].endswith(" · Procurement timeline")
    for text in ("筛选解决方案", "信息部", "谈判", "| pipe |", "<b>王芳</b>", "签约"):
        assert text in entry["text"], text


@pytest.mark.parametrize(("lang", "title"), [("en", "Assessment comments and SWOT conclusions"),
                                             ("zh", "评估评语与 SWOT 结论")])
def test_an_assessment_comment_or_swot_conclusion_finds_the_accounts_section(lang: Language, title: str) -> None:
    entry = _entries(current_deals()[0], lang)["s-assessment_notes"]
    assert entry["title"].endswith(f" · {title}")
    for text in ("值得 {% include 'x' %}", "继续跟进", "价格劣势 <script>alert(6)</script>"):
        assert text in entry["text"], text
    # A SWOT conclusion alone shows the section and is found.
    swot_only = replace(current_deals()[2], swot_conclusions=("", "服务响应慢", ""))
    assert _entries(swot_only)["s-assessment_notes"]["text"] == "服务响应慢"


def test_a_deal_that_leaves_the_plan_sections_out_has_no_entries_for_them() -> None:
    deal = current_deals()[1]  # 华为技术: a segment upgrade, none of the plan sections
    assert not any(key in _entries(deal) for key in PLAN_SECTIONS)
    # Rows the page does not list (a trust factor neither rated nor evidenced, a procurement step with only its
    # name) and empty comments give no entry either.
    unlisted = replace(deal, trust_factors=(TrustFactor("熟悉自己公司的产品", 4.11, None),),
                       procurement=(ProcurementStep("签约"),), assessment_notes=AssessmentNotes(),
                       swot_conclusions=("", "", ""))
    assert not any(key in _entries(unlisted) for key in PLAN_SECTIONS)


def test_a_deal_that_leaves_the_sections_out_has_no_entries_for_them() -> None:
    deal = current_deals()[2]
    assert not any(key in _entries(deal) for key in NEW_SECTIONS)
    # Decision factors the template prefills, with neither a mark nor a note, are not shown and not searched.
    unmarked = replace(deal, decision_factors=(DecisionFactor("购买金额"), DecisionFactor("购买的技术含量")))
    assert "s-decision_factors" not in _entries(unmarked)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_section_entry_leads_to_an_anchor_on_its_page(lang: Language) -> None:
    docs = generated_pages([harvest_of(1, AS_OF, current_deals())], lang, DEFAULT_CONFIG)
    found = set()
    for entry in docs.search_entries:
        page, _, anchor = entry["location"].partition("#")
        if anchor:
            assert f'<a id="{anchor}"></a>' in docs.page(unquote(page).removesuffix(".html") + ".md"), entry["location"]
            found.add(anchor)
    assert {*NEW_SECTIONS, *PLAN_SECTIONS} <= found
