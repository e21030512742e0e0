"""A small fixed dataset for the site tests: six deals over two harvests, with hostile text in the cells.

Scorecards come from the real scoring engine (`generator.scoring.score_deal`), as of pinned dates.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from generator.core.config import DEFAULT_CONFIG, Config
from generator.core.i18n import Bilingual
from generator.core.model import (
    Action,
    AssessmentNotes,
    Criterion,
    Deal,
    DecisionFactor,
    Needs,
    Problem,
    ProcurementStep,
    RelationshipStep,
    SoftwareStrength,
    Stakeholder,
    StrategyPlan,
    SwotItem,
    TrustFactor,
    Uniqueness,
)
from generator.core.records import DealRecord, HarvestResult, Snapshot, WorkbookRecord
from generator.core.scorecard import Scorecard
from generator.scoring import score_deal

AS_OF = date(2026, 11, 20)
PREVIOUS_AS_OF = date(2026, 11, 6)

HOSTILE = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "{{ 7*7 }}",
    "{% include 'x' %}",
    '--8<-- "/etc/passwd"',
    "# heading",
    "| pipe |",
    "*stars*",
    '{: onclick="x" }',
)
LONG_NAME = "超长客户名称" * 12 + " Very Long Customer Name Incorporated International Holdings Group"
SENTENCE = "客户希望在年底前完成财务系统升级并统一集团报表"  # search must find 财务 from its middle


def _deal(index: int, **changes: object) -> Deal:
    base = Deal(
        deal_id=f"0000000{index}-aaaa-4bbb-8ccc-00000000000{index}",
        customer_name=f"Customer {index}",
        project_name=f"Project {index}",
        sales_rep="张伟",
        status="open",
        stage="engaged",
        template_version="1.0",
        language="zh",
        industry="制造",
        region="华东",
        segment="A",
        created_date=date(2026, 6, 1),
        close_date=date(2026, 12, 15),
        amount=1_000_000.0,
        currency="CNY",
        last_updated=date(2026, 11, 10),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def _hostile_deal() -> Deal:
    return _deal(
        1,
        customer_name="<script>alert(1)</script>",
        project_name="{{ 7*7 }} {% include 'x' %}",
        sales_rep="<img src=x onerror=alert(1)>",
        account_id='{: onclick="x" }',
        industry="# heading",
        region="| pipe |",
        project_manager="*stars*",
        stage="negotiation",
        competitors=("[x](javascript:alert(1))", '--8<-- "/etc/passwd"', ""),
        needs=Needs(business=SENTENCE, application="\n".join(HOSTILE), technical="`code` ${x}",
                    relationship="https://example.invalid/plan"),
        next_step="<b>bold?</b>\n\n# not a heading",
        strategy=StrategyPlan("flank", so="*stars*", wo="| pipe |", st="{{ 7*7 }}", wt="<script>alert(2)</script>"),
        assessment={"assess_short_term_revenue": 4, "assess_coach": 2},
        stakeholders=(
            Stakeholder("<script>alert(1)</script>", "IT", "CIO", "economic_buyer", "high", -2, notes="{{ 7*7 }}"),
            Stakeholder("王芳", "财务部", "财务总监", "coach", "medium", 3, business_needs=SENTENCE),
            Stakeholder("[x](javascript:alert(1))", role="user", influence="low", support=None),
        ),
        criteria=(
            Criterion("价格及付款方式", 15.0, 2.0, (4.0, 3.0, None), evidence="<img src=x onerror=alert(1)>"),
            Criterion("技术质量", 30.0, 4.0, (3.0, 4.0, None)),
            Criterion("{{ 7*7 }}", 5.0, 3.0, (3.0, None, None)),
        ),
        swot=(
            SwotItem("strength", "本地服务团队 *stars*", 3, "SAP"),
            SwotItem("weakness", "<script>alert(3)</script>", 2),
            SwotItem("opportunity", "[x](javascript:alert(1))", 1),
            SwotItem("threat", "{% include 'x' %}", 3, "[x](javascript:alert(1))"),
        ),
        actions=(
            Action("拜访CFO <script>alert(4)</script>", "赢得支持", "王芳", "张伟", date(2026, 11, 1), "in_progress"),
            Action("Demo {{ 7*7 }}", due_date=date(2026, 12, 1), status="not_started"),
            Action("Send proposal", due_date=date(2026, 10, 1), status="done", done_date=date(2026, 10, 2)),
        ),
        # where the reader found them (a sheet name is workbook text too)
        sources={"amount": "项目总汇!B21", "currency": "项目总汇!B22", "stage": "项目总汇!B46",
                 "status": "项目总汇!B45", "assess_short_term_revenue": "机会评估!B5", "assess_coach": "机会评估!B19",
                 "Criteria": "<script>alert(5)</script>!A4:G15"},
    )


def _with_seed_sections(deal: Deal) -> Deal:
    """The seed 000/001 sections (relationship plan, trust, uniqueness, timeline, comments, software strength,
    decision factors, segment upgrade, product line), hostile text included."""
    return replace(
        deal,
        initial_solution="集团财务共享 <script>alert(5)</script>",
        initial_quote=1_050_000.0,
        customer_budget=900_000.0,
        relationship_plan=(
            RelationshipStep("<script>alert(1)</script>", 1, "高层互访 {{ 7*7 }}", "张伟", "安排副总拜访",
                             date(2026, 11, 30)),
            RelationshipStep("王芳", 2, "保持", "李娜"),  # already past the target
            RelationshipStep("Nobody here", 3),  # not in the stakeholder table
        ),
        trust_factors=(
            TrustFactor("积极主动承担责任", 4.70, 5, "[x](javascript:alert(1))"),
            TrustFactor("在岗位上的工作年资", 2.40, 1),
            TrustFactor("熟悉自己公司的产品", 4.11, None),  # not rated: not listed
        ),
        uniqueness=(
            Uniqueness("合并报表 *stars*", "product", "集团财务集中", "月结3天", "王芳", "参观案例"),
            Uniqueness("<img src=x onerror=alert(1)>", "partner", "", "", "", ""),  # no plan yet
        ),
        procurement=(
            ProcurementStep("筛选解决方案", date(2026, 10, 1), date(2026, 10, 3), responsible="信息部"),
            ProcurementStep("谈判", date(2026, 11, 1), None, "| pipe |", "<b>王芳</b>"),
            ProcurementStep("签约", date(2026, 12, 1), None),
        ),
        assessment_notes=AssessmentNotes(worth="值得 {% include 'x' %}", conclusion="继续跟进"),
        swot_conclusions=("价格劣势 <script>alert(6)</script>", "", ""),
        product_line="财务云 <script>alert(8)</script>",
        target_segment="A",
        upgrade_strategy="保持 A 类 **服务** <script>alert(9)</script>",
        software_strength=(
            SoftwareStrength("综合实力", "品牌 <b>强</b>", 4, 3, 5, "对手2领先"),  # trails competitor 2
            SoftwareStrength("产品与技术", "", 5, 3, None, "领先"),
            SoftwareStrength("行业优劣", "", 3, 3),
            SoftwareStrength("方案提供"),  # nothing rated
        ),
        decision_factors=(
            DecisionFactor("购买的重要性与紧迫程度", "favourable", "上市 <script>alert(10)</script>"),
            DecisionFactor("购买金额", "unfavourable", "超预算"),
            DecisionFactor("客户购买决策的程序", "neutral"),
            DecisionFactor("销售员的推动力度"),  # not marked
        ),
    )


def current_deals() -> list[Deal]:
    """The deals of the current harvest."""
    return [
        _with_seed_sections(_hostile_deal()),
        _deal(2, customer_name="华为技术", project_name="财务系统升级", product_line="制造云", sales_rep="李娜",
              segment="B", target_segment="A", upgrade_strategy="以财务共享为标杆, 争取集团合作", stage="tender",
              amount=2_500_000.0, close_date=date(2027, 1, 20), competitors=("SAP", "Oracle", "")),
        _deal(3, customer_name="../../etc", project_name="Passwd", sales_rep="Alice Smith", stage="qualified",
              amount=300_000.0, currency="USD", close_date=date(2026, 10, 30), last_updated=date(2026, 9, 1)),
        _deal(4, customer_name=LONG_NAME, project_name="ERP", sales_rep="李娜", status="won",
              stage="contract_signed", amount=800_000.0, close_date=date(2026, 11, 12)),
        _deal(5, customer_name="华为技术", project_name="HR 云", account_id="HW-2", sales_rep="张伟",
              status="lost", stage="shortlisted", amount=600_000.0),
        _deal(6, customer_name="New Customer", project_name="CRM", sales_rep="Alice Smith", stage="assessed",
              amount=None, close_date=None),
    ]


def previous_deals() -> list[Deal]:
    """The deals of the previous harvest (deal 6 did not exist; others moved)."""
    deals = current_deals()[:5]
    return [
        replace(deals[0], stage="technical_exchange", amount=900_000.0),
        replace(deals[1], stage="shortlisted", close_date=date(2026, 12, 20)),
        deals[2],
        replace(deals[3], status="open", stage="tender"),
        replace(deals[4], status="open"),
    ]


def _scorecards(deals: list[Deal], as_of: date, config: Config) -> list[Scorecard]:
    return [score_deal(deal, as_of, config) for deal in deals]


def _problem(file: str, code: str, severity: str, cell: str | None, zh: str, en: str) -> Problem:
    return Problem(code, severity, Bilingual(zh, en), Bilingual("请修改该单元格", "Correct the cell"),  # type: ignore[arg-type]
                   file, "项目总汇", cell)


def harvest_of(snapshot_id: int, as_of: date, deals: list[Deal], config: Config = DEFAULT_CONFIG) -> HarvestResult:
    records = []
    workbooks = []
    for index, (deal, card) in enumerate(zip(deals, _scorecards(deals, as_of, config), strict=True)):
        source = f"team/{deal.sales_rep}/deal-{index + 1}.xlsx"
        problems: tuple[Problem, ...] = ()
        if index == 0:
            problems = (_problem(source, "value-not-in-list", "warning", "C9",
                                 "“<script>alert(1)</script>” 不在列表中",
                                 "“<script>alert(1)</script>” is not in the list"),)
        records.append(DealRecord(deal, card, source, problems, stale_scores=index == 1))
        workbooks.append(WorkbookRecord(source, "read", problems, deal.deal_id, 20_000, 0.0, "0" * 64))
    workbooks.append(WorkbookRecord(
        "team/broken <img src=x onerror=alert(1)>.xlsx", "failed",
        (_problem("team/broken <img src=x onerror=alert(1)>.xlsx", "unreadable", "error", None,
                  "无法打开文件", "The file cannot be opened"),)))
    workbooks.append(WorkbookRecord("team/~$lock.xlsx", "skipped"))
    snapshot = Snapshot(snapshot_id, datetime(as_of.year, as_of.month, as_of.day, 18, 0), as_of, ("team",),
                        {"read": len(deals), "failed": 1, "skipped": 1, "deals": len(deals)})
    return HarvestResult(snapshot, tuple(records), tuple(workbooks),
                         conflicts=(("00000009-aaaa", ("team/a.xlsx", "team/copy of a.xlsx")),))


def history() -> list[HarvestResult]:
    """The current harvest first, then the previous one (newest first, as the store returns them)."""
    return [harvest_of(2, AS_OF, current_deals()), harvest_of(1, PREVIOUS_AS_OF, previous_deals())]
