"""The seed 000/001 sections of an account page: relationship strategy, executive trust, uniqueness and influence
plan, procurement timeline, initial solution, the assessment comments and SWOT conclusions, software strength,
the decision factors and the segment upgrade.

Every judgement (gap, index, coverage, slip) comes from the scoring engine; this module only lays it out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from generator.core.i18n import Language
from generator.core.model import Deal
from generator.core.scorecard import AreaComparison, Scorecard
from generator.core.spec import ASSESSMENT_GROUPS
from generator.core.wording.site import word
from generator.scoring.relationships import person_named
from generator.site.context.common import DealView, choice_label
from generator.site.formatting import day, money, percent, score, signed

T = TypeVar("T")


@dataclass(frozen=True)
class Note:
    """A label and its text, in the shape of the facts macro (account.Fact): never a link, no cell trail."""

    label: str
    value: str
    url: str | None = None
    origin: str = ""
    inputs: str = ""
    method: str = ""


@dataclass(frozen=True)
class RelationshipRow:
    name: str
    role: str
    current: str
    target: str
    gap: str
    gap_open: bool  # support still to win
    strategy: str
    owner: str
    next_step: str
    due: str


@dataclass(frozen=True)
class TrustRow:
    factor: str
    importance: str
    rating: str
    evidence: str


@dataclass(frozen=True)
class UniquenessRow:
    area: str
    uniqueness: str
    customer_need: str
    benefit: str
    influence_target: str
    planned_action: str
    covered: bool


@dataclass(frozen=True)
class ProcurementRow:
    step: str
    responsible: str
    planned: str
    actual: str
    notes: str
    slipped: bool


@dataclass(frozen=True)
class SoftwareRow:
    area: str
    detail: str
    ours: str
    competitor_1: str
    competitor_2: str
    margin: str  # ours − the best competitor, from the engine
    standing: str  # lead / level / trail, as words ("–" when it cannot be compared)
    trailing: bool
    conclusion: str


@dataclass(frozen=True)
class DecisionRow:
    factor: str
    standing: str
    unfavourable: bool
    notes: str


@dataclass(frozen=True)
class MethodologyContext:
    relationships: tuple[RelationshipRow, ...] = ()
    trust_index: str = "–"
    trust_rated: int = 0
    trust: tuple[TrustRow, ...] = ()
    uniqueness_coverage: str = "–"
    uniqueness: tuple[UniquenessRow, ...] = ()
    solution: tuple[Note, ...] = ()
    procurement: tuple[ProcurementRow, ...] = ()
    procurement_slipped: int = 0
    comments: tuple[Note, ...] = ()
    swot_conclusions: tuple[Note, ...] = ()
    software: tuple[SoftwareRow, ...] = ()
    software_rivals: tuple[str, str] = ("", "")  # the column headers: competitor slots 1 and 2
    software_leads: int = 0
    software_trails: int = 0
    decision: tuple[DecisionRow, ...] = ()
    decision_favourable: int = 0
    decision_unfavourable: int = 0
    decision_rated: int = 0
    upgrade: tuple[Note, ...] = ()


def _support(value: float | None) -> str:
    """A support level or gap with its sign, `+2`, `-1`, and `0` without one."""
    return "0" if value == 0 else signed(value, 0)


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:g}"


def _weight(value: float | None) -> str:
    """A trust factor's importance with the seed's two decimals (4.70, 4.56), so a column of them lines up."""
    return "–" if value is None else f"{value:.2f}"


def _relationships(view: DealView, lang: Language) -> tuple[RelationshipRow, ...]:
    deal = view.deal
    gaps = iter(view.record.scorecard.relationship_gaps)  # one per plan row with a target, in plan order
    rows: list[RelationshipRow] = []
    for step in deal.relationship_plan:
        gap = next(gaps) if step.target_support is not None else None
        person = person_named(deal, step.name)
        current = None if person is None or person.support is None else float(person.support)
        rows.append(RelationshipRow(
            name=step.name, role=choice_label("role", person.role if person else None, lang),
            current=_support(gap.current if gap else current), target=_support(gap.target if gap else None),
            gap=_support(gap.gap if gap else None), gap_open=bool(gap and gap.gap is not None and gap.gap > 0),
            strategy=step.strategy, owner=step.owner, next_step=step.next_step, due=day(step.due_date),
        ))
    return tuple(rows)


def _solution(view: DealView, lang: Language) -> tuple[Note, ...]:
    deal = view.deal
    if not deal.initial_solution and deal.initial_quote is None:
        return ()
    return (
        Note(word("initial_solution", lang), deal.initial_solution or "–"),
        Note(word("initial_quote", lang), money(deal.initial_quote, view.currency)),
        Note(word("customer_budget", lang), money(deal.customer_budget, view.currency)),
    )


def _comments(deal: Deal, lang: Language) -> tuple[Note, ...]:
    notes = deal.assessment_notes
    by_group = {"worth": notes.worth, "compete": notes.compete, "win": notes.win}
    found = [Note(group.title(lang), by_group[group.key]) for group in ASSESSMENT_GROUPS if by_group[group.key]]
    if notes.conclusion:
        found.append(Note(word("assessment_conclusion", lang), notes.conclusion))
    return tuple(found)


def _per_row(results: tuple[T, ...], rows: tuple[object, ...], missing: T) -> tuple[T, ...]:
    """The scorecard's per-row results for a table, or `missing` for each row when they do not match it (a
    scorecard stored before the engine judged that table)."""
    return results if len(results) == len(rows) else tuple(missing for _ in rows)


def _software(deal: Deal, card: Scorecard, lang: Language) -> tuple[SoftwareRow, ...]:
    rows: list[SoftwareRow] = []
    for row, compared in zip(deal.software_strength, _per_row(card.software_areas, deal.software_strength,
                                                              AreaComparison("", None, None)), strict=True):
        rows.append(SoftwareRow(
            area=row.area, detail=row.detail, ours=_number(row.ours), competitor_1=_number(row.competitor_1),
            competitor_2=_number(row.competitor_2), margin=_support(compared.margin),
            standing=word(f"software_{compared.standing}", lang) if compared.standing else "–",
            trailing=compared.standing == "trail", conclusion=row.conclusion,
        ))
    return tuple(rows)


def _upgrade(deal: Deal, card: Scorecard, lang: Language) -> tuple[Note, ...]:
    if deal.target_segment is None and not deal.upgrade_strategy:
        return ()
    move = card.segment_move
    target = deal.target_segment or "–"
    return (
        Note(word("segment", lang), deal.segment or "–"),
        Note(word("target_segment", lang), target if move is None else f"{target} · {word(f'move_{move}', lang)}"),
        Note(word("upgrade_strategy", lang), deal.upgrade_strategy or "–"),
    )


def build_methodology(view: DealView, lang: Language) -> MethodologyContext:
    """The seed 000 sections of `view`'s account page (each empty when the workbook leaves it out)."""
    deal, card = view.deal, view.record.scorecard
    slipped = set(card.procurement_slipped_rows)
    software, compared, balance = _software(deal, card, lang), card.software_areas, card.decision_balance
    return MethodologyContext(
        relationships=_relationships(view, lang),
        trust_index=score(card.trust_index),
        trust_rated=card.trust_rated,
        trust=tuple(TrustRow(t.factor, _weight(t.importance), _number(t.rating), t.evidence)
                    for t in deal.trust_factors if t.rating is not None or t.evidence),
        uniqueness_coverage=percent(card.uniqueness_coverage),
        uniqueness=tuple(
            UniquenessRow(choice_label("uniqueness_area", u.area, lang), u.uniqueness, u.customer_need, u.benefit,
                          u.influence_target, u.planned_action, covered)
            for u, covered in zip(deal.uniqueness, _per_row(card.uniqueness_covered, deal.uniqueness, False),
                                  strict=True)
        ),
        solution=_solution(view, lang),
        procurement=tuple(
            ProcurementRow(p.step, p.responsible, day(p.planned_date), day(p.actual_date), p.notes,
                           index in slipped)
            for index, p in enumerate(deal.procurement) if p.planned_date or p.actual_date or p.responsible or p.notes
        ),
        procurement_slipped=card.procurement_slipped,
        comments=_comments(deal, lang),
        swot_conclusions=tuple(
            Note(f"{word('versus', lang)} {deal.competitor_name(slot)}", text)
            for slot, text in enumerate(deal.swot_conclusions) if text
        ),
        software=software if any(r.detail or r.conclusion or {r.ours, r.competitor_1, r.competitor_2} != {"–"}
                                 for r in software) else (),
        software_rivals=(deal.competitor_name(0), deal.competitor_name(1)),
        software_leads=sum(1 for c in compared if c.standing == "lead"),
        software_trails=sum(1 for c in compared if c.standing == "trail"),
        decision=tuple(
            DecisionRow(f.factor, choice_label("factor_standing", f.standing, lang), f.standing == "unfavourable",
                        f.notes)
            for f in deal.decision_factors
        ) if balance.rated or any(f.notes for f in deal.decision_factors) else (),
        decision_favourable=balance.favourable,
        decision_unfavourable=balance.unfavourable,
        decision_rated=balance.rated,
        upgrade=_upgrade(deal, card, lang),
    )
