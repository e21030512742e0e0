"""The typed model of one deal, as read and validated from its workbook.

Enumerated values hold canonical codes (see `generator.core.vocabulary`), never a workbook's labels; percentages
are 0-100; amounts are plain numbers in the deal's currency; every date is a `datetime.date`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, TypeAlias

from generator.core.i18n import Bilingual, Language

Severity = Literal["error", "warning"]
SwotKind = Literal["strength", "weakness", "opportunity", "threat"]
MoreValue: TypeAlias = str | float | int | date | None  # a value of Deal.more_fields, as read for its kind


@dataclass(frozen=True)
class Problem:
    """Something wrong with a workbook: where it is, what is wrong and how to fix it.

    An error means the value was not used (the model carries None there, or no model was produced);
    a warning means the value was used but deserves a look.
    """

    code: str  # stable, e.g. "value-not-in-list"
    severity: Severity
    message: Bilingual
    fix: Bilingual
    file: str
    sheet: str | None = None
    cell: str | None = None  # A1 reference, e.g. "C7"

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code, "severity": self.severity, "file": self.file, "sheet": self.sheet,
            "cell": self.cell, "message": self.message.to_dict(), "fix": self.fix.to_dict(),
        }


@dataclass(frozen=True)
class Stakeholder:
    name: str
    department: str = ""
    title: str = ""
    role: str | None = None  # vocabulary.ROLE code
    influence: str | None = None  # vocabulary.INFLUENCE code
    support: int | None = None  # -3..+3, None when unknown
    owner: str = ""
    last_contact: date | None = None
    business_needs: str = ""
    personal_needs: str = ""
    notes: str = ""
    reports_to: str = ""  # the name of this person's manager, as written in the table ("" when not given)


@dataclass(frozen=True)
class Criterion:
    """An evaluation criterion with the customer's weight and ratings as the customer sees them."""

    criterion: str
    weight: float | None = None  # percent, 0-100
    ours: float | None = None  # 1-5
    competitors: tuple[float | None, float | None, float | None] = (None, None, None)  # by competitor slot 1-3
    evidence: str = ""


@dataclass(frozen=True)
class SwotItem:
    kind: SwotKind
    item: str
    impact: int | None = None  # 1-3
    versus: str = ""

    @property
    def is_red_flag(self) -> bool:
        return self.kind in ("weakness", "threat")


@dataclass(frozen=True)
class Action:
    action: str
    objective: str = ""
    stakeholder: str = ""
    owner: str = ""
    due_date: date | None = None
    status: str | None = None  # vocabulary.ACTION_STATUS code
    done_date: date | None = None
    resources: str = ""
    outcome: str = ""

    @property
    def is_done(self) -> bool:
        return self.status == "done"


@dataclass(frozen=True)
class ProcurementStep:
    """A step of the customer's buying process (seed 000 项目采购时间表)."""

    step: str
    planned_date: date | None = None
    actual_date: date | None = None
    notes: str = ""
    responsible: str = ""  # the customer's unit or person in charge of the step


@dataclass(frozen=True)
class RelationshipStep:
    """The relationship strategy for one key person (seed 000 客户决策者关系策略表)."""

    name: str  # as in the stakeholder table, which holds the current support
    target_support: int | None = None  # -3..+3
    strategy: str = ""
    owner: str = ""
    next_step: str = ""
    due_date: date | None = None


@dataclass(frozen=True)
class TrustFactor:
    """One factor that wins an executive's trust (seed 000 赢得客户高层信任), its importance and our rating."""

    factor: str
    importance: float | None = None  # 0-5, the seed's survey weight unless the rep changed it
    rating: float | None = None  # 1-5
    evidence: str = ""


@dataclass(frozen=True)
class Uniqueness:
    """A uniqueness of our solution and the plan to write it into the customer's project (seed 000)."""

    uniqueness: str
    area: str | None = None  # vocabulary.UNIQUENESS_AREA code
    customer_need: str = ""
    benefit: str = ""
    influence_target: str = ""
    planned_action: str = ""


@dataclass(frozen=True)
class SoftwareStrength:
    """One area (总项) of seed 000's 软件实力分析: us against competitors 1 and 2 as the customer sees us."""

    area: str
    detail: str = ""  # 分项
    ours: float | None = None  # 1-5
    competitor_1: float | None = None  # 1-5
    competitor_2: float | None = None  # 1-5
    conclusion: str = ""  # 结论


@dataclass(frozen=True)
class DecisionFactor:
    """One factor of seed 001's 影响大客户购买决策的因素 and how it stands for us in this deal."""

    factor: str
    standing: str | None = None  # vocabulary.FACTOR_STANDING code
    notes: str = ""


@dataclass(frozen=True)
class AssessmentNotes:
    """The 评语 per assessment group and the overall 结论 (seed 000 销售机会评估表)."""

    worth: str = ""
    compete: str = ""
    win: str = ""
    conclusion: str = ""


@dataclass(frozen=True)
class Scope:
    """How the amount splits over what is sold."""

    hardware: float | None = None
    system_software: float | None = None
    application_software: float | None = None
    services: float | None = None
    other: float | None = None

    def parts(self) -> tuple[float | None, ...]:
        return (self.hardware, self.system_software, self.application_software, self.services, self.other)


@dataclass(frozen=True)
class Needs:
    business: str = ""
    application: str = ""
    technical: str = ""
    relationship: str = ""


@dataclass(frozen=True)
class StrategyPlan:
    strategy: str | None = None  # vocabulary.STRATEGY code
    so: str = ""
    wo: str = ""
    st: str = ""
    wt: str = ""


@dataclass(frozen=True)
class Deal:
    """One sales project (销售项目) at one customer account."""

    deal_id: str
    customer_name: str
    project_name: str
    sales_rep: str
    status: str = "open"  # vocabulary.STATUS code; a workbook without one is open
    stage: str | None = None  # vocabulary.STAGE code
    template_version: str = ""
    language: Language = "zh"
    account_id: str = ""
    industry: str = ""
    region: str = ""
    segment: str | None = None
    project_manager: str = ""
    created_date: date | None = None
    close_date: date | None = None
    amount: float | None = None
    currency: str | None = None
    customer_budget: float | None = None
    is_tender: bool | None = None
    scope: Scope = field(default_factory=Scope)
    competitors: tuple[str, str, str] = ("", "", "")  # names of competitor slots 1-3, "" when empty
    needs: Needs = field(default_factory=Needs)
    next_step: str = ""
    last_updated: date | None = None
    strategy: StrategyPlan = field(default_factory=StrategyPlan)
    assessment: dict[str, int | None] = field(default_factory=dict)  # assess_* name -> rating 1-5 or None
    stakeholders: tuple[Stakeholder, ...] = ()
    criteria: tuple[Criterion, ...] = ()
    swot: tuple[SwotItem, ...] = ()
    actions: tuple[Action, ...] = ()
    procurement: tuple[ProcurementStep, ...] = ()
    # Added after template 1.0; all optional, empty for a workbook without them.
    initial_solution: str = ""
    initial_quote: float | None = None
    relationship_plan: tuple[RelationshipStep, ...] = ()
    trust_factors: tuple[TrustFactor, ...] = ()
    uniqueness: tuple[Uniqueness, ...] = ()
    assessment_notes: AssessmentNotes = field(default_factory=AssessmentNotes)
    swot_conclusions: tuple[str, str, str] = ("", "", "")  # per competitor slot 1-3
    product_line: str = ""
    target_segment: str | None = None  # vocabulary.SEGMENT code the account is to move to (seed 001 客户升级)
    upgrade_strategy: str = ""
    software_strength: tuple[SoftwareStrength, ...] = ()
    decision_factors: tuple[DecisionFactor, ...] = ()
    # Spec fields the model has no attribute of its own for, by defined name (generator/core/binding.py): a field
    # added to the spec is read, filled, stored and shown through this before (or without) a typed home.
    more_fields: dict[str, MoreValue] = field(default_factory=dict)
    # Spec tables likewise, by table name: each row as {column key: value} (read, filled and stored).
    more_tables: dict[str, tuple[dict[str, MoreValue], ...]] = field(default_factory=dict)
    # Where the reader found each value: field name -> "Sheet!C7", table name -> "Sheet!A5:K24" (its data rows).
    # Provenance, not content: left out of equality; absent from models stored before it existed.
    sources: dict[str, str] = field(default_factory=dict, compare=False)

    def competitor_name(self, slot: int) -> str:
        """The name of competitor slot 0-2, or a neutral label when the rep left it empty."""
        name = self.competitors[slot]
        return name or f"Competitor {slot + 1}"
