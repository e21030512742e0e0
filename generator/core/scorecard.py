"""What the scoring engine produces for one deal: scores, verdict, quadrant and risk flags.

Filled by `generator.scoring.score_deal`; written into the workbook by the Score button, stored by the harvest,
shown by the site. Scores on a 0-100 scale are floats; None means "cannot be computed from what was filled in".
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Literal

from generator.core.i18n import Bilingual

Verdict = Literal["pursue", "qualify", "walk_away"]
Quadrant = Literal["invest", "build_or_exit", "maintain", "minimal"]
FlagLevel = Literal["high", "medium", "low"]

VERDICT_LABELS: dict[str, Bilingual] = {
    "pursue": Bilingual("全力争取", "Pursue"),
    "qualify": Bilingual("需进一步确认", "Qualify further"),
    "walk_away": Bilingual("建议放弃", "Walk away"),
}
QUADRANT_LABELS: dict[str, Bilingual] = {
    "invest": Bilingual("重点投入", "Invest"),
    "build_or_exit": Bilingual("培育或退出", "Build or exit"),
    "maintain": Bilingual("维持", "Maintain"),
    "minimal": Bilingual("最少投入", "Minimal"),
}


@dataclass(frozen=True)
class Flag:
    """A risk flag: a stable code (e.g. "no-economic-buyer") and a sentence a manager understands."""

    code: str
    level: FlagLevel
    message: Bilingual


@dataclass(frozen=True)
class CriterionGap:
    """A heavy criterion where we trail the best competitor by a point or more."""

    criterion: str
    weight: float  # percent
    competitor: str
    ours: float
    theirs: float


@dataclass(frozen=True)
class RelationshipGap:
    """A key person of the relationship plan: current and target support and the distance between them."""

    name: str
    role: str | None  # vocabulary.ROLE code from the stakeholder table, None when the name is not found there
    current: float | None  # −3..+3 from the stakeholder table
    target: float  # −3..+3 from the relationship plan
    gap: float | None  # target − current; None when the current support is unknown


AreaStanding = Literal["lead", "level", "trail"]
SegmentMove = Literal["up", "same", "down"]


@dataclass(frozen=True)
class AreaComparison:
    """One area of the software strength table (seed 000 软件实力分析): us against the best rated competitor."""

    area: str
    margin: float | None  # ours − the best competitor's rating, −4…+4; None when it cannot be compared
    standing: AreaStanding | None


@dataclass(frozen=True)
class DecisionBalance:
    """The decision factors (seed 001) counted by how they stand for us; a factor without a standing is unrated."""

    favourable: int = 0
    neutral: int = 0
    unfavourable: int = 0
    unrated: int = 0

    @property
    def rated(self) -> int:
        return self.favourable + self.neutral + self.unfavourable


@dataclass(frozen=True)
class Scorecard:
    as_of: date
    probability: float  # 0-1, from the stage and status
    weighted_amount: float | None
    worth: float | None
    compete: float | None
    win: float | None
    assessment: float | None
    completeness: float  # 0-1, answered / 14
    verdict: Verdict | None
    our_rating: float | None  # weighted 1-5
    competitor_ratings: dict[str, float | None]  # competitor name -> weighted 1-5
    competitive_index: float | None  # -4..+4
    gaps: tuple[CriterionGap, ...]
    support_index: float | None  # -3..+3
    support_score: float | None  # 0-100
    swot_balance: int
    actions_overdue: int
    actions_completion: float | None  # 0-1
    next_action: str | None  # text of the open action due first
    next_action_due: date | None
    health: float | None  # 0-100
    attractiveness: float | None
    strength: float | None
    quadrant: Quadrant | None
    flags: tuple[Flag, ...]
    # In the team's base currency ([currency] in winplan.toml); all None when no base is set. With a base but no
    # rate for the deal's currency, base_currency is set and the rest is None.
    base_currency: str | None = None
    exchange_rate: float | None = None
    base_amount: float | None = None
    base_weighted_amount: float | None = None
    # Seed 000 tools added after template 1.0 (docs/scoring.md); defaults keep older stored scorecards readable.
    relationship_gaps: tuple[RelationshipGap, ...] = ()
    trust_index: float | None = None  # 0-100
    trust_rated: int = 0  # trust factors that count in the index
    uniqueness_coverage: float | None = None  # 0-1
    procurement_slipped: int = 0  # customer steps past their planned date without an actual date
    # Per row, in table order, so the site marks rows without judging them itself.
    procurement_slipped_rows: tuple[int, ...] = ()  # positions in deal.procurement of the slipped steps
    uniqueness_covered: tuple[bool, ...] = ()  # per row of deal.uniqueness: tied to a need, a target and an action
    # Seed 000 软件实力分析 and seed 001 decision factors and segment upgrade (docs/scoring.md).
    software_areas: tuple[AreaComparison, ...] = ()  # per row of deal.software_strength
    decision_balance: DecisionBalance = field(default_factory=DecisionBalance)
    segment_move: SegmentMove | None = None  # target segment against the current one; None unless both are set

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary (dates as ISO strings)."""
        raw = asdict(self)
        raw["as_of"] = self.as_of.isoformat()
        raw["next_action_due"] = self.next_action_due.isoformat() if self.next_action_due else None
        raw["flags"] = [
            {"code": f.code, "level": f.level, "message": f.message.to_dict()} for f in self.flags
        ]
        return raw
