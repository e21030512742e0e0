"""The workbook, described once: every sheet, defined name, Excel table, column, drop-down and output cell.

This module is the single source of truth for the workbook API (DOMAIN.md, "The workbook API"). The template
writer, the reader, the Score button and the tests all take names, labels and rules from here. Names may only
be added to; labels and layout may change between template versions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from generator.core.i18n import Bilingual as B

TEMPLATE_VERSION = "1.0"
SUPPORTED_TEMPLATE_VERSIONS: tuple[str, ...] = ("1.0",)

Kind = Literal["text", "longtext", "date", "amount", "percent", "integer", "rating", "choice", "uuid"]


@dataclass(frozen=True)
class Field:
    """A single input cell reached by a workbook-level defined name."""

    name: str
    label: B
    kind: Kind = "text"
    vocabulary: str | None = None  # for kind == "choice": a key of vocabulary.VOCABULARIES
    required: bool = False
    minimum: float | None = None
    maximum: float | None = None
    help: B | None = None  # the data-validation input message
    optional: bool = False  # added after template 1.0: a workbook without this name is fine
    # The part of the Deal this cell fills (generator/core/binding.py): "" for the Deal attribute of the same name,
    # or Deal.more_fields[name] when the model has none; a dotted path for a nested part ("scope.hardware"),
    # a slot ("competitors.0") or a key ("assessment.assess_margin").
    to: str = ""


@dataclass(frozen=True)
class Column:
    """A column of an Excel table, found by its header in either language."""

    key: str
    label: B
    kind: Kind = "text"
    vocabulary: str | None = None
    required: bool = False  # a row with anything in it must fill this column
    minimum: float | None = None
    maximum: float | None = None
    help: B | None = None
    width: int = 14
    optional: bool = False  # added after template 1.0: a table without this column is fine
    to: str = ""  # the row type's attribute this column fills: "" for the one named like the key, or a dotted path


@dataclass(frozen=True)
class Table:
    """An Excel table (ListObject) of inputs."""

    name: str
    title: B
    columns: tuple[Column, ...]
    blank_rows: int = 10  # empty rows a fresh template offers
    # Prefilled leading cells of each row: text in both languages, or a number (e.g. the seed's trust weights).
    default_rows: tuple[tuple[B | float, ...], ...] = ()
    optional: bool = False  # a workbook without this table is fine
    # The Deal attribute (a tuple of rows) this table fills: "" for the table's name in snake case
    # ("RelationshipPlan" -> relationship_plan). The row type is that attribute's item type in the model.
    to: str = ""
    fixed: tuple[tuple[str, str], ...] = ()  # row attributes every row of this table has, e.g. the SWOT kind

    def column(self, key: str) -> Column:
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)


@dataclass(frozen=True)
class Output:
    """A cell the Score button writes (and the harvest recomputes); its defined name starts with `score_`."""

    name: str
    label: B
    kind: Literal["text", "percent", "amount", "number", "integer", "date", "list"] = "number"


@dataclass(frozen=True)
class Sheet:
    """One worksheet of the template."""

    key: str
    title: B
    fields: tuple[Field, ...] = ()
    tables: tuple[Table, ...] = ()
    outputs: tuple[Output, ...] = ()
    intro: B | None = None


RATING_HELP = B("1 = 很差/不利, 5 = 很好/有利", "1 = poor / against us, 5 = excellent / in our favour")

# --- 1. Summary ---------------------------------------------------------------------------------------------
SUMMARY_FIELDS: tuple[Field, ...] = (
    Field("template_version", B("模板版本", "Template version"), "text"),
    Field("deal_id", B("项目编号 (自动生成, 请勿修改)", "Deal ID (generated, do not change)"), "uuid", required=True),
    Field("account_id", B("客户编号", "Account ID"),
          help=B("可选: 区分同名客户", "Optional: tells apart two customers with one name")),
    Field("customer_name", B("客户名称", "Customer name"), required=True),
    Field("project_name", B("项目名称", "Project name"), required=True),
    Field("industry", B("行业", "Industry")),
    Field("region", B("大区", "Region")),
    Field("segment", B("客户细分", "Account segment"), "choice", "segment",
          help=B("A/B/C/D: A 为最重要客户", "A/B/C/D: A is the most important accounts")),
    Field("sales_rep", B("销售代表", "Sales rep"), required=True),
    Field("project_manager", B("项目经理 / 售前", "Presales / project manager")),
    Field("created_date", B("立项时间", "Created date"), "date"),
    Field("close_date", B("预计签约日期", "Expected close date"), "date", required=True,
          help=B("预计签订合同的日期", "When the contract is expected to be signed")),
    Field("amount", B("预计金额", "Amount"), "amount", required=True, minimum=0,
          help=B("本项目预计合同金额", "Expected contract value of this deal")),
    Field("currency", B("币种", "Currency"), "choice", "currency"),
    Field("customer_budget", B("客户预算", "Customer budget"), "amount", minimum=0),
    Field("is_tender", B("是否招标", "Tender?"), "choice", "yes_no"),
    Field("scope_hardware", B("硬件", "Hardware"), "amount", minimum=0, to="scope.hardware"),
    Field("scope_system_software", B("系统软件", "System software"), "amount", minimum=0,
          to="scope.system_software"),
    Field("scope_application_software", B("应用软件", "Application software"), "amount", minimum=0,
          to="scope.application_software"),
    Field("scope_services", B("实施服务", "Implementation services"), "amount", minimum=0, to="scope.services"),
    Field("scope_other", B("其他", "Other"), "amount", minimum=0, to="scope.other"),
    Field("competitor_1", B("竞争对手1", "Competitor 1"), to="competitors.0"),
    Field("competitor_2", B("竞争对手2", "Competitor 2"), to="competitors.1"),
    Field("competitor_3", B("竞争对手3", "Competitor 3"), to="competitors.2"),
    Field("needs_business", B("商务需求", "Business needs"), "longtext", to="needs.business"),
    Field("needs_application", B("应用及服务需求", "Application and service needs"), "longtext",
          to="needs.application"),
    Field("needs_technical", B("技术及系统需求", "Technical and system needs"), "longtext", to="needs.technical"),
    Field("needs_relationship", B("关系及合作需求", "Relationship and partnership needs"), "longtext",
          to="needs.relationship"),
    Field("next_step", B("下一步", "Next step"), "longtext"),
    Field("last_updated", B("最后更新", "Last updated"), "date",
          help=B("每次更新本表请修改此日期", "Change this date whenever you update the workbook")),
    Field("status", B("状态", "Status"), "choice", "status", required=True),
    Field("stage", B("阶段", "Stage"), "choice", "stage", required=True,
          help=B("销售阶段决定赢单概率", "The stage sets the win probability")),
)

SCOPE_FIELDS: tuple[str, ...] = (
    "scope_hardware", "scope_system_software", "scope_application_software", "scope_services", "scope_other",
)
COMPETITOR_FIELDS: tuple[str, ...] = ("competitor_1", "competitor_2", "competitor_3")
NEEDS_FIELDS: tuple[str, ...] = ("needs_business", "needs_application", "needs_technical", "needs_relationship")

PROCUREMENT = Table(
    "Procurement", B("项目采购时间表", "Procurement timeline"),
    (
        Column("step", B("客户采购步骤", "Customer step"), width=36),  # the 1.0 header, still matched
        Column("responsible", B("负责单位/人", "Responsible unit / person"), width=20, optional=True),
        Column("planned_date", B("计划日期", "Planned date"), "date"),
        Column("actual_date", B("实际日期", "Actual date"), "date"),
        Column("notes", B("备注", "Notes"), width=30),
    ),
    blank_rows=0,
    # Seed 000, 客户ERP项目总汇(三) 项目采购时间表: the customer's 13 buying steps, in order.
    default_rows=tuple((s,) for s in (
        B("建立项目小组/专家小组", "Set up the project team / expert panel"),
        B("定义项目的目标及范围并通过预算", "Define the goals and scope, approve the budget"),
        B("制定决策的过程及主要决策人", "Set the decision process and the main decision makers"),
        B("确定解决方案的评审类别及标准", "Set the evaluation categories and criteria"),
        B("发标书 (RFP)", "Issue the request for proposal (RFP)"),
        B("收厂家的解决方案建议书", "Receive the vendors' proposals"),
        B("邀请各厂家来作简报、演示及答辩", "Vendor presentations, demos and Q&A"),
        B("筛选解决方案", "Shortlist the solutions"),
        B("谈判", "Negotiate"),
        B("签约", "Sign the contract"),
        B("实施开始", "Implementation starts"),
        B("首期实施结束", "First phase done"),
        B("总体实施结束", "Full implementation done"),
    )),
    optional=True,
)

# Seed 000, 客户初步解决方案: the first proposal and its price against the customer's budget.
INITIAL_SOLUTION_FIELDS: tuple[Field, ...] = (
    Field("initial_solution", B("初步解决方案", "Initial solution"), "longtext", optional=True,
          help=B("针对客户三维需求建议的初步产品/服务方案",
                 "The first product / service proposal for the customer's three kinds of needs")),
    Field("initial_quote", B("初步报价", "Initial quote"), "amount", minimum=0, optional=True,
          help=B("与客户预算对比", "Compared with the customer budget")),
)

# Seed 001 客户细分 / 客户升级 and TAS step 4 (group accounts by product): added after template 1.0.
ACCOUNT_PLAN_FIELDS: tuple[Field, ...] = (
    Field("product_line", B("产品线", "Product line"), optional=True,
          help=B("本项目主要销售的产品线, 用于按产品线分组", "The product line this deal sells; groups the accounts")),
    Field("target_segment", B("目标客户细分", "Target segment"), "choice", "segment", optional=True,
          help=B("希望把该客户升级到的细分 (A 为最重要)", "The segment we aim to move the account to (A is the top)")),
    Field("upgrade_strategy", B("客户升级策略", "Upgrade strategy"), "longtext", optional=True,
          help=B("如何把客户从当前细分升级到目标细分", "How we move the account from its segment to the target")),
)

# --- 2. Stakeholders ----------------------------------------------------------------------------------------
STAKEHOLDERS = Table(
    "Stakeholders", B("客户项目小组成员", "Stakeholders"),
    (
        Column("name", B("姓名", "Name"), required=True, width=14),
        Column("department", B("部门", "Department")),
        Column("title", B("职务", "Title")),
        Column("reports_to", B("汇报对象", "Reports to"), width=14, optional=True,
               help=B("此人的上级 (填写本表中的姓名), 用于绘制客户组织图",
                      "This person's manager (a name in this table); draws the customer's org chart")),
        Column("role", B("角色", "Role"), "choice", "role", width=18,
               help=B("EB 决策者, TB 技术把关者, U 使用者, Cor 协调人, Coa 教练/内线, Inf 潜在影响者",
                      "EB economic buyer, TB technical buyer, U user, Cor coordinator, Coa coach, Inf influencer")),
        Column("influence", B("影响力", "Influence"), "choice", "influence", width=10),
        Column("support", B("支持度 (-3…+3)", "Support (-3…+3)"), "integer", minimum=-3, maximum=3, width=12,
               help=B("-3 强烈反对, 0 中立, +3 强烈支持", "-3 strongly against, 0 neutral, +3 strongly for")),
        Column("owner", B("我方负责人", "Our relationship owner")),
        Column("last_contact", B("最近接触", "Last contact"), "date"),
        Column("business_needs", B("公事需求", "Business needs"), "longtext", width=28),
        Column("personal_needs", B("个人需求", "Personal needs"), "longtext", width=28),
        Column("notes", B("备注", "Notes"), "longtext", width=28),
    ),
    blank_rows=12,
)

# --- 2b. Relationship strategy (seed 000 客户决策者关系策略表) -------------------------------------------------
RELATIONSHIP_PLAN = Table(
    "RelationshipPlan", B("客户决策者关系策略", "Relationship strategy for key people"),
    (
        Column("name", B("姓名", "Name"), required=True, width=14,
               help=B("与客户项目小组中的姓名一致", "As written in the stakeholder table")),
        Column("target_support", B("目标支持度 (-3…+3)", "Target support (-3…+3)"), "integer", minimum=-3,
               maximum=3, width=14, help=B("希望达到的支持度; 当前支持度取自客户项目小组",
                                           "The support we aim for; the current one comes from Stakeholders")),
        Column("strategy", B("关系策略", "Strategy"), "longtext", width=36),
        Column("owner", B("负责人", "Owner"), width=14),
        Column("next_step", B("下一步", "Next step"), "longtext", width=32),
        Column("due_date", B("计划日期", "Due date"), "date", width=14),
    ),
    blank_rows=10,
    optional=True,
)

# --- 2c. Executive trust (seed 000 赢得客户高层信任: 13 factors and their importance) -----------------------------
TRUST_FACTOR_WEIGHTS: tuple[tuple[B, float], ...] = (
    (B("积极主动承担责任", "Takes initiative and responsibility"), 4.70),
    (B("对高层领导的要求做快速反应", "Responds fast to the executive's requests"), 4.56),
    (B("明了客户企业的目标, 策略和挑战", "Knows the customer's goals, strategy and challenges"), 4.52),
    (B("熟悉自己行业的动态", "Knows our own industry's trends"), 4.34),
    (B("解决问题的能力", "Solves problems"), 4.31),
    (B("调动自己公司资源的能力", "Mobilises our company's resources"), 4.18),
    (B("熟悉自己公司的产品", "Knows our products"), 4.11),
    (B("过去工作的成就", "Track record"), 3.93),
    (B("与客户有关人员的良好关系", "Good relations with the customer's people"), 3.79),
    (B("熟悉客户行业的动态", "Knows the customer's industry trends"), 3.70),
    (B("明了高层领导个人有关事项", "Knows the executive's personal concerns"), 3.03),
    (B("对自己竞争对手的了解", "Knows our competitors"), 2.70),
    (B("在岗位上的工作年资", "Years in the job"), 2.40),
)
TRUST_FACTORS = Table(
    "TrustFactors", B("赢得客户高层信任", "Executive trust"),
    (
        Column("factor", B("信任要素", "Trust factor"), required=True, width=40),
        Column("importance", B("重要性 (1-5)", "Importance (1-5)"), "rating", minimum=0, maximum=5, width=14,
               help=B("种子调查的重要性, 可按客户调整", "Importance from the seed's survey; adjust per customer")),
        Column("rating", B("我方表现 (1-5)", "Our standing (1-5)"), "rating", minimum=1, maximum=5, width=14,
               help=B("客户高层眼中我们在该要素上的表现: 1 很差, 5 很好",
                      "How the executive sees us on this factor: 1 poor, 5 excellent")),
        Column("evidence", B("依据 / 备注", "Evidence / notes"), "longtext", width=36),
    ),
    blank_rows=2,
    default_rows=tuple((factor, weight) for factor, weight in TRUST_FACTOR_WEIGHTS),
    optional=True,
)

# --- 2d. Uniqueness and influence plan (seed 000 客户初步解决方案及独特性分析 + 影响客户立项计划) ----------------
UNIQUENESS = Table(
    "Uniqueness", B("方案独特性与影响客户立项计划", "Uniqueness and influence plan"),
    (
        Column("area", B("独特性类别", "Area"), "choice", "uniqueness_area", width=14),
        Column("uniqueness", B("方案独特性说明", "What is unique"), "longtext", required=True, width=36),
        Column("customer_need", B("客户三维需求", "Customer need"), "longtext", width=28),
        Column("benefit", B("对客户的利益", "Benefit to the customer"), "longtext", width=28),
        Column("influence_target", B("影响对象 (人/部门)", "Whom to influence (person / department)"), width=20),
        Column("planned_action", B("计划行动", "Planned action"), "longtext", width=32),
    ),
    blank_rows=8,
    optional=True,
)

# --- 2e. Decision factors (seed 001 影响大客户购买决策的因素) ------------------------------------------------------
DECISION_FACTORS = Table(
    "DecisionFactors", B("影响大客户购买决策的因素", "Buying decision factors"),
    (
        Column("factor", B("决策因素", "Decision factor"), required=True, width=36),
        Column("standing", B("对我方影响", "Stands for us"), "choice", "factor_standing", width=16,
               help=B("该因素在本项目中对我方有利、中性还是不利", "Whether this factor works for us, is neutral, or "
                      "against us in this deal")),
        Column("notes", B("说明", "Notes"), "longtext", width=48),
    ),
    blank_rows=2,
    default_rows=tuple((f,) for f in (
        B("购买的重要性与紧迫程度", "How important and urgent the purchase is"),
        B("购买金额", "The amount of the purchase"),
        B("产品的技术含量", "The product's technical content"),
        B("客户组织中的人际关系", "Relationships inside the customer"),
        B("组织中的利益纠纷", "Conflicts of interest in the organisation"),
        B("客户购买决策的程序", "The customer's decision process"),
        B("个人利益与组织利益的协调", "Personal versus organisational interests"),
        B("各参与者的权力与影响力", "Each participant's power and influence"),
        B("销售员的推动力度", "How hard the sales rep drives the deal"),
    )),
    optional=True,
)

# --- 3. Evaluation criteria ---------------------------------------------------------------------------------
CRITERIA = Table(
    "Criteria", B("评审标准", "Evaluation criteria"),
    (
        Column("criterion", B("评审标准", "Criterion"), required=True, width=26),
        Column("weight", B("权重 %", "Weight %"), "percent", minimum=0, maximum=100, width=10,
               help=B("客户对该标准的重视程度, 合计应为100%", "How much the customer cares; weights add up to 100%")),
        Column("ours", B("我方评分", "Us"), "rating", minimum=1, maximum=5, width=10, help=RATING_HELP),
        Column("competitor_1", B("竞争对手1", "Competitor 1"), "rating", minimum=1, maximum=5, width=12,
               help=RATING_HELP, to="competitors.0"),
        Column("competitor_2", B("竞争对手2", "Competitor 2"), "rating", minimum=1, maximum=5, width=12,
               help=RATING_HELP, to="competitors.1"),
        Column("competitor_3", B("竞争对手3", "Competitor 3"), "rating", minimum=1, maximum=5, width=12,
               help=RATING_HELP, to="competitors.2"),
        Column("evidence", B("依据 / 备注", "Evidence / notes"), "longtext", width=36),
    ),
    blank_rows=2,
    default_rows=tuple((c,) for c in (
        B("技术质量", "Technical quality"),
        B("系统功能/操作方式", "Functionality / usability"),
        B("安全保密性", "Security"),
        B("总拥有成本", "Total cost of ownership"),
        B("服务支持", "Service and support"),
        B("成功案例", "References"),
        B("交货/完工时间", "Delivery / completion time"),
        B("价格及付款方式", "Price and payment terms"),
        B("经济效益", "Economic benefit"),
        B("其它", "Other"),
    )),
)

# --- 3b. Software strength (seed 000 软件实力分析: 总项 × us, competitor 1, competitor 2, 结论) -------------------
SOFTWARE_STRENGTH = Table(
    "SoftwareStrength", B("软件实力分析", "Software strength"),
    (
        Column("area", B("总项", "Area"), required=True, width=22),
        Column("detail", B("分项", "Detail"), "longtext", width=30),
        Column("ours", B("我方 (1-5)", "Us (1-5)"), "rating", minimum=1, maximum=5, width=11, help=RATING_HELP),
        Column("competitor_1", B("竞争对手1 (1-5)", "Competitor 1 (1-5)"), "rating", minimum=1, maximum=5,
               width=13, help=RATING_HELP),
        Column("competitor_2", B("竞争对手2 (1-5)", "Competitor 2 (1-5)"), "rating", minimum=1, maximum=5,
               width=13, help=RATING_HELP),
        Column("conclusion", B("结论", "Conclusion"), "longtext", width=36),
    ),
    blank_rows=2,
    default_rows=tuple((a,) for a in (
        B("综合实力", "Overall strength"),
        B("产品与技术", "Product and technology"),
        B("行业优劣", "Industry fit"),
        B("方案提供", "Solution"),
        B("项目实施服务", "Implementation service"),
    )),
    optional=True,
)

# --- 4. SWOT ------------------------------------------------------------------------------------------------
def _swot_table(name: str, title: B, kind: str) -> Table:
    return Table(
        name, title,
        (
            Column("item", B("内容", "Item"), "longtext", required=True, width=48),
            Column("impact", B("影响 (1-3)", "Impact (1-3)"), "integer", minimum=1, maximum=3, width=12,
                   help=B("1 小, 2 中, 3 大", "1 small, 2 medium, 3 large")),
            Column("versus", B("相对竞争对手", "Versus competitor"), width=18),
        ),
        blank_rows=6,
        to="swot",
        fixed=(("kind", kind),),
    )


STRENGTHS = _swot_table("Strengths", B("优势 S (蓝旗)", "Strengths S (blue flags)"), "strength")
WEAKNESSES = _swot_table("Weaknesses", B("劣势 W (红旗)", "Weaknesses W (red flags)"), "weakness")
OPPORTUNITIES = _swot_table("Opportunities", B("机会 O (蓝旗)", "Opportunities O (blue flags)"), "opportunity")
THREATS = _swot_table("Threats", B("威胁 T (红旗)", "Threats T (red flags)"), "threat")

STRATEGY_FIELDS: tuple[Field, ...] = (
    Field("strategy", B("竞争策略", "Strategy"), "choice", "strategy", to="strategy.strategy",
          help=B("正面攻击约需3:1的资源优势", "A frontal attack needs about a 3:1 resource advantage")),
    Field("strategy_so", B("SO 行动 (用优势抓机会)", "SO actions (use strengths on opportunities)"), "longtext",
          to="strategy.so"),
    Field("strategy_wo", B("WO 行动 (借机会补劣势)", "WO actions (use opportunities to fix weaknesses)"), "longtext",
          to="strategy.wo"),
    Field("strategy_st", B("ST 行动 (用优势化解威胁)", "ST actions (use strengths against threats)"), "longtext",
          to="strategy.st"),
    Field("strategy_wt", B("WT 行动 (减少劣势避开威胁)", "WT actions (limit weaknesses, avoid threats)"), "longtext",
          to="strategy.wt"),
)
# Seed 000 销售竞争力SWOT分析 结论: what the SWOT says about us against each competitor slot.
SWOT_CONCLUSION_FIELDS: tuple[Field, ...] = tuple(
    Field(f"swot_conclusion_{slot}", B(f"结论: 对竞争对手{slot}", f"Conclusion vs competitor {slot}"), "longtext",
          optional=True, to=f"swot_conclusions.{slot - 1}")
    for slot in (1, 2, 3)
)

# --- 5. Opportunity assessment ------------------------------------------------------------------------------
@dataclass(frozen=True)
class AssessmentGroup:
    key: Literal["worth", "compete", "win"]
    title: B
    fields: tuple[Field, ...]

    @property
    def comment(self) -> Field:
        """The group's 评语 cell (seed 000 销售机会评估表), free text beside its ratings."""
        return ASSESSMENT_COMMENTS[self.key]


def _rating(name: str, zh: str, en: str) -> Field:
    return Field(name, B(zh, en), "rating", minimum=1, maximum=5, help=RATING_HELP, to=f"assessment.{name}")


ASSESSMENT_GROUPS: tuple[AssessmentGroup, ...] = (
    AssessmentGroup("worth", B("值得赢吗?", "Worth winning?"), (
        _rating("assess_short_term_revenue", "短期收入可观", "Short-term revenue is attractive"),
        _rating("assess_long_term_revenue", "长期收入可观", "Long-term revenue is attractive"),
        _rating("assess_margin", "利润率良好", "Margin is good"),
        _rating("assess_low_risk", "风险低", "Risk is low"),
        _rating("assess_strategic_value", "战略价值高", "Strategic value is high"),
    )),
    AssessmentGroup("compete", B("我们能否去竞争?", "Can we compete?"), (
        _rating("assess_formal_criteria_clear", "正式采购标准清楚", "Formal buying criteria are clear"),
        _rating("assess_solution_fit", "我方方案匹配需求", "Our solution fits the need"),
        _rating("assess_resources_affordable", "所需资源我们负担得起", "The resources it needs are affordable"),
        _rating("assess_relationship", "现有客户关系良好", "Our current relationship is good"),
        _rating("assess_unique_value", "我方有独特业务价值", "We offer unique business value"),
    )),
    AssessmentGroup("win", B("我们能否赢?", "Can we win?"), (
        _rating("assess_coach", "我们有教练/内应", "We have a coach / insider"),
        _rating("assess_executive_acceptance", "高层认可我们", "Executives accept us"),
        _rating("assess_culture_fit", "文化相容", "Our cultures are compatible"),
        _rating("assess_informal_criteria", "非正式采购标准对我们有利", "Informal buying criteria favour us"),
    )),
)
ASSESSMENT_FIELDS: tuple[Field, ...] = tuple(f for g in ASSESSMENT_GROUPS for f in g.fields)
ASSESSMENT_COMMENTS: dict[str, Field] = {
    key: Field(f"assessment_comment_{key}", B("评语", "Comment"), "longtext", optional=True,
               to=f"assessment_notes.{key}")
    for key in ("worth", "compete", "win")
}
ASSESSMENT_CONCLUSION = Field("assessment_conclusion", B("结论", "Conclusion"), "longtext", optional=True,
                              to="assessment_notes.conclusion")
ASSESSMENT_NOTE_FIELDS: tuple[Field, ...] = (*ASSESSMENT_COMMENTS.values(), ASSESSMENT_CONCLUSION)

# --- 6. Action plan -----------------------------------------------------------------------------------------
ACTIONS = Table(
    "Actions", B("销售项目行动计划", "Action plan"),
    (
        Column("action", B("行动", "Action"), "longtext", required=True, width=36),
        Column("objective", B("目标", "Objective"), "longtext", width=28),
        Column("stakeholder", B("针对对象", "Target stakeholder"), width=16),
        Column("owner", B("负责人", "Owner"), width=12),
        Column("due_date", B("计划完成日期", "Due date"), "date", width=14),
        Column("status", B("状态", "Status"), "choice", "action_status", width=12),
        Column("done_date", B("实际完成日期", "Done date"), "date", width=14),
        Column("resources", B("所需资源", "Resources needed"), width=20),
        Column("outcome", B("结果 / 验证", "Outcome"), "longtext", width=28),
    ),
    blank_rows=12,
)

# --- Outputs (written by Score) -----------------------------------------------------------------------------
OUTPUTS: tuple[Output, ...] = (
    Output("score_as_of", B("评分日期", "Scored as of"), "date"),
    Output("score_probability", B("赢单概率", "Win probability"), "percent"),
    Output("score_weighted_amount", B("加权金额", "Weighted amount"), "amount"),
    Output("score_worth", B("值得赢吗 (0-100)", "Worth winning (0-100)")),
    Output("score_compete", B("能否竞争 (0-100)", "Can compete (0-100)")),
    Output("score_win", B("能否赢 (0-100)", "Can win (0-100)")),
    Output("score_assessment", B("机会评估总分 (0-100)", "Assessment (0-100)")),
    Output("score_completeness", B("评估完成度", "Assessment completeness"), "percent"),
    Output("score_verdict", B("结论", "Verdict"), "text"),
    Output("score_competitive_index", B("竞争力指数 (-4…+4)", "Competitive index (-4…+4)")),
    Output("score_support_index", B("支持度指数 (-3…+3)", "Support index (-3…+3)")),
    Output("score_swot_balance", B("SWOT 平衡 (蓝旗-红旗)", "SWOT balance (blue - red)"), "integer"),
    Output("score_actions_overdue", B("逾期行动", "Overdue actions"), "integer"),
    Output("score_health", B("项目健康度 (0-100)", "Deal health (0-100)")),
    Output("score_quadrant", B("规划矩阵象限", "Planning quadrant"), "text"),
    Output("score_flags", B("风险提示", "Risk flags"), "list"),
    # Added after template 1.0 for the one-page summary: the most serious flags, then how many more there are.
    Output("score_top_flags", B("主要风险", "Top risk flags"), "list"),
    # Written by the Score button only: what it could not read, or why it could not score (never a score).
    Output("score_message", B("评分提示", "Messages from Score"), "text"),
)

# --- The sheets, in workbook order --------------------------------------------------------------------------
# The one-page summary holds no inputs: formulas over the other sheets' defined names (workbook/template/layout.py).
DEAL_SHEET = Sheet("deal_sheet", B("项目一页纸", "Deal summary"))
INSTRUCTIONS = Sheet("instructions", B("使用说明", "Instructions"))
SUMMARY = Sheet("summary", B("项目总汇", "Summary"),
                fields=SUMMARY_FIELDS + INITIAL_SOLUTION_FIELDS + ACCOUNT_PLAN_FIELDS, tables=(PROCUREMENT,))
STAKEHOLDER_SHEET = Sheet("stakeholders", B("客户项目小组", "Stakeholders"), tables=(STAKEHOLDERS,))
RELATIONSHIP_SHEET = Sheet("relationships", B("关系策略", "Relationship plan"), tables=(RELATIONSHIP_PLAN,))
TRUST_SHEET = Sheet("trust", B("高层信任", "Executive trust"), tables=(TRUST_FACTORS,))
UNIQUENESS_SHEET = Sheet("uniqueness", B("独特性与影响计划", "Uniqueness"), tables=(UNIQUENESS,))
DECISION_SHEET = Sheet("decision", B("购买决策因素", "Decision factors"), tables=(DECISION_FACTORS,))
CRITERIA_SHEET = Sheet("criteria", B("评审标准", "Criteria"), tables=(CRITERIA,))
SOFTWARE_SHEET = Sheet("software", B("软件实力", "Software strength"), tables=(SOFTWARE_STRENGTH,))
SWOT_SHEET = Sheet("swot", B("SWOT", "SWOT"), fields=STRATEGY_FIELDS + SWOT_CONCLUSION_FIELDS,
                   tables=(STRENGTHS, WEAKNESSES, OPPORTUNITIES, THREATS))
ASSESSMENT_SHEET = Sheet("assessment", B("机会评估", "Assessment"),
                         fields=ASSESSMENT_FIELDS + ASSESSMENT_NOTE_FIELDS)
ACTIONS_SHEET = Sheet("actions", B("行动计划", "Action plan"), tables=(ACTIONS,))
SCORES_SHEET = Sheet("scores", B("评分结果", "Scores"), outputs=OUTPUTS)
LISTS_SHEET = Sheet("lists", B("列表", "Lists"))  # drop-down sources and the stage/probability table

SHEETS: tuple[Sheet, ...] = (
    DEAL_SHEET, INSTRUCTIONS, SUMMARY, STAKEHOLDER_SHEET, RELATIONSHIP_SHEET, TRUST_SHEET, DECISION_SHEET,
    CRITERIA_SHEET, SOFTWARE_SHEET, UNIQUENESS_SHEET, SWOT_SHEET, ASSESSMENT_SHEET, ACTIONS_SHEET, SCORES_SHEET,
    LISTS_SHEET,
)

ALL_FIELDS: dict[str, Field] = {f.name: f for s in SHEETS for f in s.fields}
ALL_TABLES: dict[str, Table] = {t.name: t for s in SHEETS for t in s.tables}
ALL_OUTPUTS: dict[str, Output] = {o.name: o for o in OUTPUTS}
SHEET_OF: dict[str, Sheet] = {
    **{f.name: s for s in SHEETS for f in s.fields},
    **{t.name: s for s in SHEETS for t in s.tables},
    **{o.name: s for s in SHEETS for o in s.outputs},
}
SWOT_TABLES: dict[str, Table] = {
    "strength": STRENGTHS, "weakness": WEAKNESSES, "opportunity": OPPORTUNITIES, "threat": THREATS,
}
