"""Sixteen realistic example deals (Chinese ERP and industrial sales, and a few English ones) as workbooks.

Everything is deterministic: each deal has a fixed uuid5 deal_id, fixed dates around AS_OF and its own seeded
random generator for the details, so `python examples/generate.py` always writes the same workbook contents.
A few deals carry the mistakes reps really make (weights adding up to 90%, a scope split that misses the
amount, a rating typed as text, no close date, a close date in the past, a workbook nobody updated for weeks).
"""

from __future__ import annotations

import random
import re
import tempfile
import uuid
import zipfile
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

from generator.core import spec
from generator.core.config import DEFAULT_CONFIG
from generator.core.i18n import Bilingual, Language
from generator.core.model import (
    Action,
    AssessmentNotes,
    Criterion,
    Deal,
    DecisionFactor,
    Needs,
    ProcurementStep,
    RelationshipStep,
    Scope,
    SoftwareStrength,
    Stakeholder,
    StrategyPlan,
    SwotItem,
    SwotKind,
    TrustFactor,
    Uniqueness,
)
from generator.core.vocabulary import STAGES
from generator.reader import read_workbook
from generator.scoring import score_deal
from generator.scoring.outputs import MESSAGE_OUTPUT, ScoreCell, score_cells
from generator.scoring.software import compare_area
from generator.workbook.deal_files import deal_file_stem
from generator.workbook.filler import fill_cells, fill_scores, fill_workbook
from generator.workbook.score_notice import scored_notice
from generator.workbook.template import write_template

AS_OF = date(2026, 11, 23)
EXAMPLE_NAMESPACE = uuid.UUID("6f1c1d0e-5b7a-4c39-9a53-0c2f5e8d7a11")


@dataclass(frozen=True)
class Example:
    """The hand-picked facts of one example deal; the generator invents the details around them."""

    number: int
    lang: Language
    customer: str
    project: str
    industry: str
    region: str
    segment: str
    rep: str
    manager: str
    stage: int
    status: str
    amount: float
    currency: str
    competitors: tuple[str, str, str]
    close_in_days: int | None  # days from AS_OF; None: the rep left it empty
    updated_days_ago: int = 3
    health: float = 0.5  # 0 (we are losing) .. 1 (we are winning): shapes ratings and support
    has_coach: bool = True
    has_economic_buyer: bool = True
    weight_total: int = 100
    scope_gap: float = 0.0  # fraction of the amount the scope split misses
    overdue_actions: int = 0
    text_overrides: dict[str, object] = field(default_factory=dict)  # raw cells written after the deal


EXAMPLES: tuple[Example, ...] = (
    Example(1, "zh", "华东重工集团", "ERP 二期 (替换老系统)", "装备制造", "华东", "A", "张伟", "刘洋", 5, "open",
            3_800_000, "CNY", ("SAP", "用友 Yonyou", "浪潮 Inspur"), 45, health=0.7),
    Example(2, "zh", "江南精密机械", "生产制造 MES 一体化", "通用机械", "华东", "B", "张伟", "刘洋", 3, "open",
            1_200_000, "CNY", ("用友 Yonyou", "鼎捷 Digiwin", ""), 75, health=0.55, weight_total=90),
    Example(3, "zh", "北方钢铁股份", "集团财务共享中心", "冶金", "华北", "A", "李娜", "赵磊", 7, "open",
            6_500_000, "CNY", ("Oracle", "浪潮 Inspur", ""), 20, health=0.75, overdue_actions=1),
    Example(4, "zh", "岭南家电", "供应链协同平台", "家电", "华南", "B", "陈强", "周敏", 2, "open",
            900_000, "CNY", ("用友 Yonyou", "", ""), None, health=0.5, has_coach=False),
    Example(5, "zh", "西部能源化工", "设备资产管理 EAM", "化工", "西南", "B", "王芳", "赵磊", 6, "open",
            2_300_000, "CNY", ("SAP", "IBM Maximo", ""), -23, health=0.6, overdue_actions=2),
    Example(6, "zh", "中原纺织集团", "ERP 选型咨询", "纺织", "华中", "C", "李娜", "", 1, "open",
            600_000, "CNY", ("用友 Yonyou", "", ""), 120, updated_days_ago=69, health=0.4,
            has_economic_buyer=False),
    Example(7, "zh", "齐鲁汽车零部件", "质量管理系统 QMS", "汽车零部件", "华北", "B", "王芳", "周敏", 8, "won",
            1_750_000, "CNY", ("SAP", "用友 Yonyou", ""), -12, health=0.85),
    Example(8, "zh", "闽东电子科技", "全面预算管理", "电子", "华南", "C", "陈强", "", 4, "lost",
            800_000, "CNY", ("用友 Yonyou", "Oracle", ""), -40, updated_days_ago=20, health=0.25),
    Example(9, "zh", "蜀南制药", "GMP 合规 ERP", "医药", "西南", "A", "王芳", "赵磊", 4, "on_hold",
            2_000_000, "CNY", ("SAP", "浪潮 Inspur", ""), 160, updated_days_ago=25, health=0.5),
    Example(10, "zh", "苏北新材料", "成本管理系统", "新材料", "华东", "C", "张伟", "刘洋", 3, "open",
            450_000, "CNY", ("浪潮 Inspur", "", ""), 60, health=0.45, scope_gap=0.2,
            text_overrides={"assess_margin": "较高"}),
    Example(11, "en", "Pacific Components Ltd", "Global ERP rollout", "Electronics", "APAC", "A", "Emily Chen",
            "Raj Patel", 6, "open", 2_400_000, "USD", ("SAP", "Oracle", "Microsoft Dynamics"), 38, health=0.65),
    Example(12, "en", "Northwind Logistics", "Warehouse management upgrade", "Logistics", "North America", "B",
            "James Miller", "", 2, "open", 350_000, "USD", ("Oracle", "", ""), 95, health=0.45,
            has_economic_buyer=False, overdue_actions=3),
    Example(13, "en", "Helios Solar GmbH", "Manufacturing analytics", "Renewable energy", "EMEA", "B",
            "Anna Schmidt", "Lukas Weber", 5, "open", 780_000, "EUR", ("SAP", "Salesforce", ""), 52,
            health=0.55),
    Example(14, "en", "Redwood Medical Devices", "CRM and field service", "Medical devices", "North America",
            "B", "James Miller", "Raj Patel", 8, "won", 1_100_000, "USD", ("Salesforce", "", ""), -30,
            health=0.8),
    Example(15, "en", "Atlas Mining Corp", "Maintenance planning", "Mining", "APAC", "C", "Emily Chen", "",
            4, "lost", 900_000, "USD", ("SAP", "IBM Maximo", ""), -15, updated_days_ago=27, health=0.2),
    Example(16, "en", "Harbour Textiles (HK) Ltd", "Order-to-cash platform", "Textiles", "APAC", "B",
            "Emily Chen", "Raj Patel", 7, "open", 4_200_000, "HKD", ("Oracle", "SAP", "Salesforce"), 28,
            health=0.6, overdue_actions=1),
)

# --- text pools --------------------------------------------------------------------------------------------
ZH_PEOPLE = ("王建国", "李春梅", "赵志强", "孙丽华", "周海涛", "吴晓东", "郑秀英", "钱明", "冯伟", "陈静", "褚红",
             "卫国平", "蒋文", "沈洁")
EN_PEOPLE = ("Michael Brown", "Sarah Johnson", "David Lee", "Laura Garcia", "Thomas Müller", "Priya Nair",
             "Kevin O'Brien", "Grace Wong", "Daniel Kim", "Olivia Martin", "Hans Becker", "Mei Lin")
STAKEHOLDER_ROLES: dict[Language, tuple[tuple[str, str, str, str], ...]] = {  # department, title, role, influence
    "zh": (("总经理办公室", "总经理", "economic_buyer", "high"),
           ("信息中心", "信息中心主任", "technical_buyer", "high"),
           ("财务部", "财务总监", "influencer", "high"), ("生产部", "生产经理", "user", "medium"),
           ("信息中心", "项目经理", "coordinator", "medium"), ("采购部", "采购主管", "user", "low"),
           ("信息中心", "系统管理员", "coach", "medium")),
    "en": (("Executive office", "CFO", "economic_buyer", "high"), ("IT", "CIO", "technical_buyer", "high"),
           ("Operations", "VP Operations", "influencer", "high"), ("Plant", "Plant manager", "user", "medium"),
           ("IT", "Project manager", "coordinator", "medium"), ("Procurement", "Buyer", "user", "low"),
           ("IT", "Solution architect", "coach", "medium")),
}
# Who reports to whom, by index into STAKEHOLDER_ROLES (None: their manager is not in the table), for the
# examples that fill in the optional "reports to" column; the others leave it empty, as older workbooks do.
REPORTS_TO: tuple[int | None, ...] = (None, 0, 0, 2, 1, 2, 1)
ORG_CHART_EXAMPLES = frozenset({1, 3, 6, 11, 13, 16})
NEEDS: dict[Language, tuple[str, str, str, str]] = {
    "zh": ("降低库存 15%, 缩短交货期; 三年内支撑上市合规要求。",
           "产供销一体化, 财务集中核算, 移动审批; 要求实施顾问驻场。",
           "支持 Oracle 数据库和私有云部署, 与现有 MES、OA 接口。",
           "希望供应商长期合作, 提供本地化服务团队和高层定期沟通。"),
    "en": ("Cut inventory by 15% and shorten delivery times; support an IPO-ready close within three years.",
           "One plan-to-ship process, central accounting, approvals on mobile; consultants on site.",
           "Private cloud, single sign-on, interfaces to the existing MES and data warehouse.",
           "A long-term partner with a local service team and quarterly executive reviews."),
}
PERSONAL_NEEDS: dict[Language, tuple[str, ...]] = {
    "zh": ("希望项目成为个人业绩亮点", "担心实施失败影响仕途", "关注系统易用, 减少加班", "希望学习先进管理经验",
           "重视与供应商高层的关系"),
    "en": ("Wants the project to showcase their leadership", "Worried a failed rollout would hurt their career",
           "Wants an easy system and fewer late nights", "Keen to learn best practice",
           "Values a direct line to our executives"),
}
SWOT_POOL: dict[Language, dict[str, tuple[str, ...]]] = {
    "zh": {
        "strength": ("同行业成功案例多, 可安排参观", "实施团队在本地, 响应快", "财务模块成熟, 客户财务部认可",
                     "总拥有成本低于国外厂商", "与信息中心主任关系良好"),
        "weakness": ("生产制造模块功能不如竞争对手深入", "缺少该细分行业的标杆案例", "报价高于客户预算",
                     "高层接触不足", "实施顾问资源紧张"),
        "opportunity": ("客户计划明年上市, 需要规范管理", "老系统服务即将停止", "集团推动数字化转型专项资金",
                        "新任CIO愿意尝试新方案"),
        "threat": ("竞争对手低价抢单", "竞争对手已与总经理建立关系", "项目可能推迟到明年预算",
                   "客户倾向于招标, 价格压力大"),
    },
    "en": {
        "strength": ("Strong references in the same industry", "Local implementation team", "Lower total cost "
                     "of ownership", "Finance team likes our consolidation module", "Good rapport with the CIO"),
        "weakness": ("Shop-floor functions thinner than the competition", "No flagship reference in this niche",
                     "Price above the customer's budget", "Little executive access", "Consultants are stretched"),
        "opportunity": ("Legacy system goes out of support next year", "Board funds a digital programme",
                        "New CIO open to a change of vendor", "Planned acquisitions need a scalable platform"),
        "threat": ("Competitor is discounting hard", "Competitor knows the CFO well", "Budget may slip to next "
                   "year", "Formal tender will squeeze the price"),
    },
}
ACTION_POOL: dict[Language, tuple[tuple[str, str, str], ...]] = {  # action, objective, resources
    "zh": (("拜访总经理, 汇报项目价值", "取得决策者认可", "区域总经理陪同"),
           ("安排成功客户参观", "消除对实施风险的顾虑", "参观接待费用"),
           ("产品演示: 生产计划与成本核算", "技术评分领先", "售前顾问 2 人"),
           ("提交初步解决方案和报价", "进入短名单", "方案组"),
           ("与信息中心主任交流技术架构", "争取技术把关者支持", "架构师"),
           ("邀请财务总监参加用户大会", "建立高层关系", "市场部门票"),
           ("准备投标文件", "按时高质量投标", "投标小组"),
           ("商务谈判: 付款方式", "保住利润率", "销售总监审批")),
    "en": (("Meet the CFO to present the business case", "Executive sponsorship", "Regional VP joins"),
           ("Arrange a reference visit", "Remove doubts about rollout risk", "Travel budget"),
           ("Demo planning and costing", "Lead the technical scoring", "Two presales consultants"),
           ("Send the draft proposal and price", "Make the shortlist", "Proposal team"),
           ("Architecture workshop with IT", "Win the technical buyer", "Solution architect"),
           ("Invite the COO to our user conference", "Build executive relationship", "Marketing passes"),
           ("Prepare the tender response", "Submit on time", "Bid team"),
           ("Negotiate payment terms", "Protect the margin", "Sales director approval")),
}
STRATEGY_TEXT: dict[Language, tuple[str, str, str, str]] = {
    "zh": ("用行业案例和本地团队优势, 抓住上市前规范管理的机会。", "借新任 CIO 的开放态度, 补足高层关系。",
           "以总拥有成本优势化解竞争对手低价。", "控制方案范围, 避免与竞争对手在制造模块正面比较。"),
    "en": ("Use our references and local team while the customer prepares for growth.",
           "Use the new CIO's openness to build executive access.",
           "Answer discounting with a total-cost-of-ownership case.",
           "Keep scope tight; avoid a head-to-head on shop-floor depth."),
}


def example_deal_id(example: Example) -> str:
    """The fixed deal_id of an example, stable across runs and machines."""
    return str(uuid.uuid5(EXAMPLE_NAMESPACE, f"winplan-example-{example.number:02d}"))


def build_deal(example: Example) -> Deal:
    """The full Deal of `example`, details drawn from a generator seeded by its number."""
    rng = random.Random(1000 + example.number)
    lang = example.lang
    stage_code = _stage_code(example.stage)
    close = None if example.close_in_days is None else AS_OF + timedelta(days=example.close_in_days)
    created = AS_OF - timedelta(days=30 * example.stage + rng.randint(10, 40))
    amount = float(example.amount)
    deal = Deal(
        deal_id=example_deal_id(example), customer_name=example.customer, project_name=example.project,
        sales_rep=example.rep, status=example.status, stage=stage_code, language=lang,
        account_id=f"ACC-{example.number:04d}", industry=example.industry, region=example.region,
        segment=example.segment, project_manager=example.manager, created_date=created, close_date=close,
        amount=amount, currency=example.currency, customer_budget=round(amount * rng.choice((0.8, 0.9, 1.0, 1.1)), -4),
        is_tender=example.stage >= 6 or rng.random() < 0.3, scope=_scope(amount, example.scope_gap, rng),
        competitors=example.competitors, needs=Needs(*NEEDS[lang]),
        next_step=ACTION_POOL[lang][min(example.stage, len(ACTION_POOL[lang]) - 1)][0],
        last_updated=AS_OF - timedelta(days=example.updated_days_ago),
        strategy=StrategyPlan(rng.choice(("defend", "frontal", "flank", "guerrilla")), *STRATEGY_TEXT[lang]),
        assessment=_assessment(example, rng), stakeholders=_stakeholders(example, rng),
        criteria=_criteria(example, rng), swot=_swot(example, rng), actions=_actions(example, rng),
        procurement=_procurement(example, created, rng),
    )
    return _with_account_plan(example, _with_methodology(example, deal))


def _stage_code(number: int) -> str:
    return STAGES[number - 1].code


def _rating(rng: random.Random, health: float) -> int:
    """A 1-5 rating around what `health` suggests."""
    return max(1, min(5, round(1 + 4 * health + rng.uniform(-1.2, 1.2))))


def _scope(amount: float, gap: float, rng: random.Random) -> Scope:
    target = amount * (1 - gap)
    shares = (0.1, 0.05, 0.5, 0.3, 0.05) if rng.random() < 0.5 else (0.0, 0.1, 0.55, 0.35, 0.0)
    parts = [round(target * share, -3) for share in shares]
    parts[2] += round(target - sum(parts), 2)  # the application software absorbs rounding
    return Scope(*(part or None for part in parts))


def _assessment(example: Example, rng: random.Random) -> dict[str, int | None]:
    answered = 14 if example.stage >= 4 else 8 + example.stage
    names = [f.name for f in spec.ASSESSMENT_FIELDS]
    return {name: _rating(rng, example.health) if index < answered else None for index, name in enumerate(names)}


def _stakeholders(example: Example, rng: random.Random) -> tuple[Stakeholder, ...]:
    lang = example.lang
    people = list(ZH_PEOPLE if lang == "zh" else EN_PEOPLE)
    rng.shuffle(people)
    result = []
    for index, (department, title, role, influence) in enumerate(STAKEHOLDER_ROLES[lang]):
        if (role == "economic_buyer" and not example.has_economic_buyer) or (role == "coach" and not example.has_coach):
            continue
        support: int | None = max(-3, min(3, round(6 * example.health - 3 + rng.uniform(-1.5, 1.5))))
        if role == "coach":
            support = 3 if example.health >= 0.4 else 1
        if index == 5 and rng.random() < 0.5:
            support = None  # nobody knows yet
        manager = REPORTS_TO[index] if example.number in ORG_CHART_EXAMPLES else None
        result.append(Stakeholder(
            name=people[index], department=department, title=title, role=role, influence=influence,
            support=support, owner=example.rep if influence == "high" else example.manager or example.rep,
            last_contact=AS_OF - timedelta(days=rng.randint(2, 40)),
            business_needs=NEEDS[lang][index % 4][:40], personal_needs=rng.choice(PERSONAL_NEEDS[lang]),
            reports_to="" if manager is None else people[manager],
        ))
    return tuple(result)


WEIGHTS = (15, 15, 5, 10, 10, 10, 5, 15, 10, 5)  # the ten default criteria, adding up to 100


def _criteria(example: Example, rng: random.Random) -> tuple[Criterion, ...]:
    weights = list(WEIGHTS)
    if example.weight_total != 100:
        weights[0] -= 100 - example.weight_total  # the classic slip: one weight lowered, total not fixed
    slots = sum(1 for name in example.competitors if name)
    criteria = []
    for default, weight in zip(spec.CRITERIA.default_rows, weights, strict=True):
        ours = _rating(rng, example.health)
        rivals = [_rating(rng, 1 - example.health * 0.8) if slot < slots else None for slot in range(3)]
        criteria.append(Criterion(_text(default[0], example.lang), float(weight) if weight else None, float(ours),
                                  (_f(rivals[0]), _f(rivals[1]), _f(rivals[2]))))
    return tuple(criteria)


def _f(value: int | None) -> float | None:
    return None if value is None else float(value)


def _swot(example: Example, rng: random.Random) -> tuple[SwotItem, ...]:
    items: list[SwotItem] = []
    main_rival = example.competitors[0]
    kinds: tuple[SwotKind, ...] = ("strength", "weakness", "opportunity", "threat")
    for kind in kinds:
        pool = SWOT_POOL[example.lang][kind]
        for text in rng.sample(pool, rng.randint(2, min(4, len(pool)))):
            versus = main_rival if kind in ("strength", "weakness") else ""
            items.append(SwotItem(kind, text, rng.randint(1, 3), versus))
    return tuple(items)


def _actions(example: Example, rng: random.Random) -> tuple[Action, ...]:
    pool = ACTION_POOL[example.lang]
    lost_or_held = example.status in ("lost", "on_hold")
    actions: list[Action] = []
    for index, (text, objective, resources) in enumerate(pool[: 3 + min(example.stage, 5)]):
        due = AS_OF + timedelta(days=14 * (index - example.stage // 2) + rng.randint(-3, 3))
        if due < AS_OF:
            status, done = "done", due + timedelta(days=rng.randint(-2, 2))
        else:
            status, done = ("in_progress" if index % 2 else "not_started"), None
        if lost_or_held and status != "done":
            status = "blocked"
        actions.append(Action(text, objective, "", example.rep, due, status, done, resources))
    for overdue in range(example.overdue_actions):  # open actions whose due date has passed
        text, objective, resources = pool[-1 - overdue]
        actions.append(Action(text, objective, "", example.rep, AS_OF - timedelta(days=5 + 7 * overdue),
                              "in_progress", None, resources))
    return tuple(actions)


def _procurement(example: Example, created: date, rng: random.Random) -> tuple[ProcurementStep, ...]:
    steps = [_text(default[0], example.lang) for default in spec.PROCUREMENT.default_rows]
    result = []
    for index, step in enumerate(steps):
        planned = created + timedelta(days=21 * index)
        actual = planned + timedelta(days=rng.randint(0, 10)) if index < example.stage else None
        result.append(ProcurementStep(step, planned, actual))
    return tuple(result)


def _text(default: object, lang: Language) -> str:
    return default(lang) if isinstance(default, Bilingual) else str(default)


# --- the sections added after template 1.0 (their own random stream, so the older sections keep their data) --
UNIQUENESS_POOL: dict[Language, tuple[tuple[str, str, str, str, str], ...]] = {
    "zh": (
        ("product", "集团财务集中与多组织合并报表", "集团财务集中管控", "月结从10天缩短到3天", "财务总监"),
        ("service", "本地实施团队与行业顾问常驻", "上线风险低、培训到位", "按期上线, 减少返工", "信息部"),
        ("partner", "与主流 MES 厂商的成熟接口", "产供销一体化", "生产数据实时进入财务", "生产部"),
        ("product", "移动审批与预警", "高层随时掌握经营数据", "决策更快", "总经理办公室"),
    ),
    "en": (
        ("product", "Multi-entity consolidation out of the box", "Group finance control", "Close in 3 days, not 10",
         "CFO"),
        ("service", "Local implementation team on site", "Low go-live risk", "On-time go-live, less rework", "IT"),
        ("partner", "Proven MES integration partner", "Plan-to-produce integration", "Live shop-floor costs",
         "Operations"),
        ("product", "Mobile approvals and alerts", "Executives see the business anytime", "Faster decisions",
         "CEO office"),
    ),
}
INFLUENCE_ACTIONS: dict[Language, tuple[str, ...]] = {
    "zh": ("邀请参观成功案例并写入标书评分项", "提交实施方法论并约定里程碑", "安排接口联合演示", "为高层做移动端演示"),
    "en": ("Reference visit; get it into the RFP scoring", "Submit the implementation method and milestones",
           "Joint interface demo", "Mobile demo for the executives"),
}
RELATIONSHIP_TEXT: dict[Language, tuple[str, str]] = {
    "zh": ("高层互访, 以行业案例建立信任", "安排我方副总拜访"),
    "en": ("Executive-to-executive visits; build trust with industry references", "Book our VP for a visit"),
}
NOTES_TEXT: dict[Language, tuple[str, str, str, str, str]] = {
    "zh": ("金额与战略价值都值得投入", "方案匹配, 资源可控", "有内线, 高层认可仍需加强", "继续跟进, 重点突破决策者",
           "我方在行业方案上领先, 价格处于劣势"),
    "en": ("Worth the effort on amount and strategic value", "Our solution fits; resources are manageable",
           "We have a coach; executive acceptance still needs work", "Pursue; focus on the economic buyer",
           "We lead on the industry solution and trail on price"),
}


def _target_support(support: int | None, role: str | None, rng: random.Random) -> int:
    """Where the plan wants a key person: at least +2 for the EB and the coach, +1 for others, a step up at least."""
    floor = 2 if role in ("economic_buyer", "coach") else 1
    return min(3, max((support or 0) + rng.randint(1, 2), floor))


def _with_methodology(example: Example, deal: Deal) -> Deal:
    """Add the relationship plan, trust ratings, uniqueness plan, comments and SWOT conclusions to `deal`."""
    rng = random.Random(5000 + example.number)
    lang = example.lang
    key_people = [p for p in deal.stakeholders if p.influence == "high" or p.role in ("economic_buyer", "coach")]
    strategy, next_step = RELATIONSHIP_TEXT[lang]
    plan = tuple(
        RelationshipStep(person.name, _target_support(person.support, person.role, rng) if index < 3 else None,
                         strategy, person.owner, next_step, AS_OF + timedelta(days=rng.randint(-10, 30)))
        for index, person in enumerate(key_people[: 2 + example.stage // 3])
    )
    rated = 13 if example.stage >= 4 else 4 + example.stage
    trust = tuple(
        TrustFactor(factor(lang), weight, _rating(rng, example.health) if index < rated else None)
        for index, (factor, weight) in enumerate(spec.TRUST_FACTOR_WEIGHTS)
    )
    pool = UNIQUENESS_POOL[lang]
    uniqueness = tuple(
        Uniqueness(text, area, need if index < 3 else "", benefit, target if index != 1 or example.health > 0.5
                   else "", INFLUENCE_ACTIONS[lang][index] if index < 2 + example.stage // 3 else "")
        for index, (area, text, need, benefit, target) in enumerate(pool[: 2 + example.stage // 3])
    )
    owners = [p.name for p in deal.stakeholders if p.role in ("coordinator", "economic_buyer", "technical_buyer")]
    procurement = tuple(replace(step, responsible=owners[index % len(owners)] if owners else "")
                        for index, step in enumerate(deal.procurement))
    if example.health >= 0.5:  # a healthy deal has re-planned the steps still ahead; the others have slipped
        ahead = [index for index, step in enumerate(procurement) if step.actual_date is None]
        procurement = tuple(
            replace(step, planned_date=AS_OF + timedelta(days=14 * (1 + ahead.index(index))))
            if index in ahead else step
            for index, step in enumerate(procurement)
        )
    worth, compete, win, conclusion, swot = NOTES_TEXT[lang]
    slots = sum(1 for name in example.competitors if name)
    return replace(
        deal, relationship_plan=plan, trust_factors=trust, uniqueness=uniqueness, procurement=procurement,
        initial_solution=deal.needs.application, initial_quote=round((deal.amount or 0) * 1.05, -4) or None,
        assessment_notes=AssessmentNotes(worth, compete, win if example.stage >= 3 else "", conclusion),
        swot_conclusions=tuple(swot if slot < slots else "" for slot in range(3)),  # type: ignore[arg-type]
    )


# --- software strength, decision factors, product line and segment upgrade (a random stream of their own) -----
PRODUCT_LINES: dict[Language, tuple[str, ...]] = {
    "zh": ("财务云", "制造云", "供应链云", "资产管理"),
    "en": ("Finance cloud", "Manufacturing cloud", "Supply chain", "Asset management"),
}
SOFTWARE_DETAIL: dict[Language, tuple[str, ...]] = {
    "zh": ("公司规模、品牌与财务稳健", "平台架构、功能深度与易用性", "同行业客户数量与标杆案例",
           "方案贴合客户三维需求", "本地实施团队与方法论"),
    "en": ("Size, brand and financial strength", "Platform, functional depth and usability",
           "Customers and references in the industry", "How the proposal fits the three kinds of needs",
           "Local implementation team and method"),
}
SOFTWARE_CONCLUSION: dict[Language, dict[str, str]] = {
    "zh": {"lead": "我方领先, 在评审中突出", "level": "与对手持平, 需用案例拉开差距",
           "trail": "我方落后, 需制定弥补措施"},
    "en": {"lead": "We lead: make it count in the evaluation", "level": "Level: use references to pull ahead",
           "trail": "We trail: plan how to close the gap"},
}
DECISION_NOTES: dict[Language, tuple[str, str]] = {
    "zh": ("上市时间表使项目紧迫", "决策流程尚未公开, 需请教练确认"),
    "en": ("The listing timetable makes it urgent", "The decision process is not public yet: ask the coach"),
}
UPGRADE_TEXT: dict[Language, tuple[str, str]] = {
    "zh": ("以本项目为标杆, 争取集团级合作, 升级为更高细分客户", "维持现有服务水平, 关注新需求"),
    "en": ("Use this deal as a flagship and win group-wide business to move the account up",
           "Keep the service level; watch for new needs"),
}


def _with_account_plan(example: Example, deal: Deal) -> Deal:
    """Add the product line, segment upgrade, software strength and decision factors to `deal`."""
    rng = random.Random(7000 + example.number)
    lang = example.lang
    codes = ("A", "B", "C", "D")
    current = codes.index(example.segment)
    moving = current > 0 and example.health >= 0.45
    target = codes[current - 1] if moving else example.segment
    slots = sum(1 for name in example.competitors if name)
    software = []
    for index, default in enumerate(spec.SOFTWARE_STRENGTH.default_rows):
        ours = _rating(rng, example.health)
        rivals = [_rating(rng, 1 - example.health * 0.8) if slot < slots else None for slot in range(2)]
        row = SoftwareStrength(_text(default[0], lang), SOFTWARE_DETAIL[lang][index], float(ours), _f(rivals[0]),
                               _f(rivals[1]))
        standing = compare_area(row).standing  # the conclusion a rep would write from the engine's reading
        software.append(replace(row, conclusion=SOFTWARE_CONCLUSION[lang][standing] if standing else ""))
    rated = 9 if example.stage >= 3 else 5 + example.stage
    factors = []
    for index, default in enumerate(spec.DECISION_FACTORS.default_rows):
        draw = rng.random()
        stands = ("favourable" if draw < example.health else "unfavourable" if draw > 0.4 + example.health
                    else "neutral") if index < rated else None
        notes = DECISION_NOTES[lang][0] if index == 0 else DECISION_NOTES[lang][1] if index == 5 else ""
        factors.append(DecisionFactor(_text(default[0], lang), stands, notes))
    return replace(
        deal, product_line=rng.choice(PRODUCT_LINES[lang]), target_segment=target,
        upgrade_strategy=UPGRADE_TEXT[lang][0 if moving else 1], software_strength=tuple(software),
        decision_factors=tuple(factors),
    )


def example_file_name(example: Example) -> str:
    """The workbook's file name: number, customer and project."""
    return f"{example.number:02d}-{deal_file_stem(example.customer, example.project)}.xlsx"


def write_examples(out: Path) -> list[Path]:
    """Write every example workbook into `out` (replacing earlier versions of them) and return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="winplan-examples-") as scratch:
        templates: dict[Language, Path] = {}
        for example in EXAMPLES:
            if example.lang not in templates:
                templates[example.lang] = Path(scratch) / f"template-{example.lang}.xlsx"
                write_template(templates[example.lang], example.lang)
            path = out / example_file_name(example)
            fill_workbook(templates[example.lang], build_deal(example), path, lang=example.lang)
            if example.text_overrides:
                fill_cells(path, example.text_overrides, {}, path)
            _score_as_the_button_would(path, example.lang)
            _pin_package_dates(path)
            written.append(path)
    return written


def _score_as_the_button_would(path: Path, lang: Language) -> None:
    """Ship the example scored as of AS_OF, so a rep opening it sees what Score gives (the Scores sheet filled)."""
    reading = read_workbook(path)
    if reading.deal is None:
        return
    cells = score_cells(score_deal(reading.deal, AS_OF, DEFAULT_CONFIG), lang)
    cells[MESSAGE_OUTPUT] = ScoreCell(scored_notice(reading.problems, AS_OF, lang), None)
    fill_scores(path, cells)


def _pin_package_dates(path: Path) -> None:
    """Fix the zip timestamps and the saved-on date, so regenerating the examples changes no bytes."""
    with zipfile.ZipFile(path) as package:
        members = [(info.filename, package.read(info.filename)) for info in package.infolist()]
    saved_on = f"{AS_OF.isoformat()}T00:00:00Z".encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in members:
            if name == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              rb"\g<1>" + saved_on + rb"\g<2>", data)
            package.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
