"""One account page: facts, scores, flags, stakeholders, criteria, SWOT, assessment, actions, history, source."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from generator.core.binding import field_value
from generator.core.i18n import Language
from generator.core.model import Action, Deal, MoreValue, Problem, SwotItem
from generator.core.records import DealRecord, HarvestResult
from generator.core.scorecard import Flag
from generator.core.spec import (
    ALL_FIELDS,
    ASSESSMENT_FIELDS,
    ASSESSMENT_GROUPS,
    COMPETITOR_FIELDS,
    NEEDS_FIELDS,
    SCOPE_FIELDS,
    STAKEHOLDERS,
)
from generator.core.wording.site import word
from generator.scoring.actions import is_overdue
from generator.site.charts import PALETTE, Chart, bars, lines
from generator.site.context.common import DealView, SiteIndex, choice_label, stage_label, status_label
from generator.site.context.methodology import MethodologyContext, build_methodology
from generator.site.context.more_tables import MoreTable, more_tables, value_text
from generator.site.context.relationship import RelationshipMap, relationship_map, stakeholder_flags
from generator.site.escaping import safe_url
from generator.site.formatting import day, money, percent, score, signed

SUPPORT_LABELS = {-3: "-3", -2: "-2", -1: "-1", 0: "0", 1: "+1", 2: "+2", 3: "+3"}


@dataclass(frozen=True)
class Fact:
    label: str
    value: str
    url: str | None = None  # a safe http(s) link when the value is one
    origin: str = ""  # where the figure comes from, shown on hover: "team/deal.xlsx · 项目总汇!B21"
    inputs: str = ""  # for a score, the cells it is computed from: "机会评估!B5:B9, B12:B16"
    method: str = ""  # for a score, its section of the methodology page (an anchor id there)
    date: str = ""  # a date that goes with the value, shown after it in brackets and never broken across lines


# The inputs each score on the page is computed from, as names the reader resolves (Deal.sources), and the
# methodology section that explains it. This says where to look, not how to compute: that is generator/scoring.
ASSESSMENT_INPUTS = tuple(field.name for field in ASSESSMENT_FIELDS)
SWOT_INPUTS = ("Strengths", "Weaknesses", "Opportunities", "Threats")
SCORE_INPUTS: dict[str, tuple[tuple[str, ...], str]] = {
    "probability": (("stage", "status"), "score-weighted"),
    "weighted": (("amount", "currency", "stage", "status"), "score-weighted"),
    "health": ((*ASSESSMENT_INPUTS, "Criteria", "Stakeholders", "Actions"), "score-health"),
    "verdict": (ASSESSMENT_INPUTS, "score-assessment"),
    "quadrant": ((*ASSESSMENT_INPUTS, "Criteria"), "score-health"),
    "assessment": (ASSESSMENT_INPUTS, "score-assessment"),
    "completeness": (ASSESSMENT_INPUTS, "score-assessment"),
    "competitive_index": (("Criteria",), "score-competition"),
    "support_index": (("Stakeholders",), "score-support"),
    "swot_balance": (SWOT_INPUTS, ""),
    "overdue_actions": (("Actions",), "score-flags"),
    "actions_completion": (("Actions",), "score-health"),
    "next_action": (("Actions",), ""),
}


@dataclass(frozen=True)
class StakeholderRow:
    name: str
    department: str
    title: str
    role: str
    influence: str
    support: str
    support_class: str  # for colouring: for, neutral, against, unknown
    owner: str
    last_contact: str
    business_needs: str
    personal_needs: str
    notes: str
    reports_to: str = ""


@dataclass(frozen=True)
class CriterionRow:
    criterion: str
    weight: str
    ours: str
    competitors: tuple[str, ...]
    trailing: bool
    evidence: str


@dataclass(frozen=True)
class AssessmentRow:
    group: str
    group_score: str
    statement: str
    rating: str
    group_rows: int = 1  # rows the group's name and score span: on its first row; 0 on the group's other rows


@dataclass(frozen=True)
class ActionRow:
    action: str
    objective: str
    stakeholder: str
    owner: str
    due: str
    status: str
    done: str
    resources: str
    outcome: str
    overdue: bool


@dataclass(frozen=True)
class HistoryRow:
    as_of: date
    stage: str
    status: str
    amount: str
    weighted: str
    health: str
    flags: int


@dataclass(frozen=True)
class AccountContext:
    view: DealView
    title: str
    facts: tuple[Fact, ...]
    next_action: Fact  # shown with the flags, first on the page
    needs: tuple[Fact, ...]
    scores: tuple[Fact, ...]
    stale_scores: bool
    stakeholders: tuple[StakeholderRow, ...]
    relationship: RelationshipMap | None  # the map drawn above the stakeholder table
    stakeholder_flags: tuple[Flag, ...]  # the engine's coverage gaps about people, shown above the map
    reports_to_header: str  # the "reports to" column's heading when some row fills it, else "" (no column)
    competitor_names: tuple[str, ...]
    criteria: tuple[CriterionRow, ...]
    criteria_chart: Chart | None
    swot: tuple[tuple[str, str, tuple[SwotItem, ...]], ...]  # (wording key, css class, items)
    strategy: tuple[Fact, ...]
    assessment: tuple[AssessmentRow, ...]
    actions: tuple[ActionRow, ...]
    history: tuple[HistoryRow, ...]
    history_chart: Chart | None
    source: str
    problems: tuple[Problem, ...]
    # The seed 000 sections (site/context/methodology.py).
    methodology: MethodologyContext = field(default_factory=MethodologyContext)
    more_tables: tuple[MoreTable, ...] = ()  # the spec's tables the model has no attribute for, with rows


def _yes_no(value: bool | None, lang: Language) -> str:
    return "–" if value is None else word("yes" if value else "no", lang)


def _facts(view: DealView, lang: Language) -> tuple[Fact, ...]:
    deal = view.deal
    competitors = ", ".join(name for name in deal.competitors if name) or "–"
    scope = " · ".join(
        f"{ALL_FIELDS[name].label(lang)} {money(value)}"
        for name, value in zip(SCOPE_FIELDS, deal.scope.parts(), strict=True) if value is not None
    ) or "–"
    def label(name: str) -> str:  # a single field's fact is labelled as the workbook labels its cell
        return ALL_FIELDS[name].label(lang)

    facts = (
        (label("customer_name"), deal.customer_name, ("customer_name",)),
        (label("account_id"), deal.account_id or "–", ("account_id",)),
        (label("project_name"), deal.project_name, ("project_name",)),
        (label("sales_rep"), deal.sales_rep, ("sales_rep",)),
        (label("project_manager"), deal.project_manager or "–", ("project_manager",)),
        (label("industry"), deal.industry or "–", ("industry",)),
        (label("product_line"), deal.product_line or "–", ("product_line",)),
        (label("region"), deal.region or "–", ("region",)),
        (label("segment"), deal.segment or "–", ("segment",)),
        (label("status"), view.status_label, ("status",)),
        (label("stage"), view.stage_label, ("stage",)),
        (label("amount"), _amount_in_base(view, lang), ("amount", "currency")),
        (label("customer_budget"), money(deal.customer_budget, deal.currency), ("customer_budget", "currency")),
        (word("scope", lang), scope, SCOPE_FIELDS),  # several cells: the site's own word
        (label("is_tender"), _yes_no(deal.is_tender, lang), ("is_tender",)),
        (word("competitors", lang), competitors, COMPETITOR_FIELDS),
        (label("created_date"), day(deal.created_date), ("created_date",)),
        (label("close_date"), day(deal.close_date), ("close_date",)),
        (label("last_updated"), day(deal.last_updated), ("last_updated",)),
    )
    return (
        *(Fact(label, value, origin=_origin(view, names)) for label, value, names in facts),
        Fact(label("next_step"), deal.next_step or "–", safe_url(deal.next_step),
             origin=_origin(view, ("next_step",))),
        *_more_facts(view, lang),
    )


def _more_facts(view: DealView, lang: Language) -> tuple[Fact, ...]:
    """The spec's fields the model has no attribute for (Deal.more_fields), labelled as in the workbook."""
    facts = []
    for name, value in view.deal.more_fields.items():
        field = ALL_FIELDS.get(name)
        if field is not None:
            text = more_text(name, value, view.deal.currency, lang)
            facts.append(Fact(field.label(lang), text or "–", safe_url(text), origin=_origin(view, (name,))))
    return tuple(facts)


def more_text(name: str, value: MoreValue, currency: str | None, lang: Language) -> str:
    """A value of Deal.more_fields as the site shows it: "" when empty, a drop-down's label, a day, money."""
    return value_text(ALL_FIELDS.get(name), value, currency, lang)


def _origin(view: DealView, names: tuple[str, ...]) -> str:
    """`team/deal.xlsx · 项目总汇!B21`: the workbook and the cells the reader found `names` in."""
    where = cells_of(view.deal.sources, names)
    return f"{view.record.source} · {where}" if where else view.record.source


def cells_of(sources: dict[str, str], names: tuple[str, ...]) -> str:
    """The cells of `names` as a reader of Excel writes them, one sheet after another, runs of cells in one column
    as ranges: `机会评估!B5:B9, B12:B16 · 评审标准!A4:G15`. Names the reader did not record are left out."""
    sheets: dict[str, list[str]] = {}
    singles: dict[str, list[tuple[str, int]]] = {}
    for name in names:
        place = sources.get(name)
        if not place:
            continue
        sheet, _, ref = place.rpartition("!")
        sheets.setdefault(sheet, [])
        letters = ref.rstrip("0123456789")
        if ":" not in ref and letters and ref[len(letters):].isdigit():
            singles.setdefault(sheet, []).append((letters, int(ref[len(letters):])))
        elif ref not in sheets[sheet]:
            sheets[sheet].append(ref)
    parts = []
    for sheet, ranges in sheets.items():
        refs = _runs(singles.get(sheet, [])) + ranges
        parts.append(f"{sheet}!{', '.join(refs)}")
    return " · ".join(parts)


def _runs(cells: list[tuple[str, int]]) -> list[str]:
    """Cells in one column on consecutive rows as one range, by column then row: B7, B5, B6, C1 -> B5:B7, C1."""
    ordered = sorted(set(cells), key=lambda cell: (len(cell[0]), cell[0], cell[1]))
    runs: list[list[tuple[str, int]]] = []
    for cell in ordered:
        if runs and runs[-1][-1][0] == cell[0] and runs[-1][-1][1] + 1 == cell[1]:
            runs[-1].append(cell)
        else:
            runs.append([cell])
    return [f"{run[0][0]}{run[0][1]}" + (f":{run[-1][0]}{run[-1][1]}" if len(run) > 1 else "") for run in runs]


def _amount_in_base(view: DealView, lang: Language) -> str:
    """The deal's own amount, and in another currency than the base also the converted one with its rate."""
    deal, card = view.deal, view.record.scorecard
    own = money(deal.amount, deal.currency)
    if not card.base_currency or (deal.currency or card.base_currency) == card.base_currency:
        return own
    if card.exchange_rate is None:
        return f"{own} ({word('no_rate', lang)}: {deal.currency})"
    return f"{own} {view.converted} (1 {deal.currency} = {card.exchange_rate:g} {card.base_currency})"


def _needs(view: DealView, lang: Language) -> tuple[Fact, ...]:
    values = {name: field_value(view.deal, name) for name in NEEDS_FIELDS}
    return tuple(Fact(ALL_FIELDS[name].label(lang), value or "–", safe_url(value), origin=_origin(view, (name,)))
                 for name, value in values.items())


def _scores(view: DealView, lang: Language) -> tuple[Fact, ...]:
    card = view.record.scorecard
    values = (
        ("probability", percent(card.probability)),
        ("weighted", money(card.weighted_amount, view.currency)),
        ("health", score(card.health)),
        ("verdict", view.verdict_label),
        ("quadrant", view.quadrant_label),
        ("assessment", score(card.assessment)),
        ("completeness", percent(card.completeness)),
        ("competitive_index", signed(card.competitive_index)),
        ("support_index", signed(card.support_index)),
        ("swot_balance", f"{card.swot_balance:+d}"),
        ("overdue_actions", str(card.actions_overdue)),
        ("actions_completion", percent(card.actions_completion)),
        ("next_action", card.next_action or "–"),
    )
    facts = []
    for key, value in values:
        names, method = SCORE_INPUTS[key]
        due = day(card.next_action_due) if key == "next_action" and card.next_action else ""
        facts.append(Fact(word(key, lang), value, origin=_origin(view, names),
                          inputs=cells_of(view.deal.sources, names), method=method, date=due))
    return tuple(facts)


def _support_class(support: int | None) -> str:
    if support is None:
        return "unknown"
    return "for" if support > 0 else "against" if support < 0 else "neutral"


def _stakeholders(view: DealView, lang: Language) -> tuple[StakeholderRow, ...]:
    return tuple(
        StakeholderRow(
            s.name, s.department, s.title, choice_label("role", s.role, lang),
            choice_label("influence", s.influence, lang),
            SUPPORT_LABELS.get(s.support, "?") if s.support is not None else "?", _support_class(s.support),
            s.owner, day(s.last_contact) if s.last_contact else "", s.business_needs, s.personal_needs, s.notes,
            s.reports_to,
        )
        for s in view.deal.stakeholders
    )


def _criteria(view: DealView, lang: Language) -> tuple[tuple[str, ...], tuple[CriterionRow, ...], Chart | None]:
    deal = view.deal
    slots = [slot for slot in range(3) if deal.competitors[slot] or any(
        c.competitors[slot] is not None for c in deal.criteria)]
    names = tuple(deal.competitor_name(slot) for slot in slots)
    gaps = {gap.criterion for gap in view.record.scorecard.gaps}  # the engine decides what is a heavy gap
    rows = []
    for criterion in deal.criteria:
        theirs = [criterion.competitors[slot] for slot in slots]
        rows.append(CriterionRow(
            criterion.criterion, "–" if criterion.weight is None else f"{criterion.weight:g}%",
            "–" if criterion.ours is None else f"{criterion.ours:g}",
            tuple("–" if value is None else f"{value:g}" for value in theirs),
            criterion.criterion in gaps, criterion.evidence,
        ))
    if not deal.criteria:
        return names, tuple(rows), None
    labels = [c.criterion for c in deal.criteria]
    series = [(word("us", lang), [c.ours or 0.0 for c in deal.criteria], PALETTE[0])]
    for index, slot in enumerate(slots):
        series.append((names[index], [c.competitors[slot] or 0.0 for c in deal.criteria], PALETTE[index + 1]))
    chart = bars("criteria", word("criteria", lang), labels, series, ["" for _ in labels],
                 y_title=word("rating", lang), lang=lang)
    return names, tuple(rows), chart


def _assessment(deal: Deal, view: DealView, lang: Language) -> tuple[AssessmentRow, ...]:
    card = view.record.scorecard
    group_scores = {"worth": card.worth, "compete": card.compete, "win": card.win}
    rows = []
    for group in ASSESSMENT_GROUPS:
        for position, question in enumerate(group.fields):
            rating = deal.assessment.get(question.name)
            rows.append(AssessmentRow(group.title(lang), score(group_scores[group.key]), question.label(lang),
                                      "–" if rating is None else str(rating),
                                      len(group.fields) if position == 0 else 0))
    return tuple(rows)


def _actions(actions: tuple[Action, ...], as_of: date, lang: Language) -> tuple[ActionRow, ...]:
    """The action plan by due date, undated actions last (table order kept among equal dates)."""
    actions = tuple(sorted(actions, key=lambda a: (a.due_date is None, a.due_date or date.min)))
    return tuple(
        ActionRow(
            a.action, a.objective, a.stakeholder, a.owner, day(a.due_date),
            choice_label("action_status", a.status, lang),
            day(a.done_date) if a.done_date else "", a.resources, a.outcome,
            is_overdue(a, as_of),
        )
        for a in actions
    )


def past_records(history: list[HarvestResult]) -> dict[str, list[tuple[date, DealRecord]]]:
    """Every deal's records across harvests, newest first, keyed by deal_id (computed once per build)."""
    found: dict[str, list[tuple[date, DealRecord]]] = defaultdict(list)
    for harvest in history:
        seen: set[str] = set()
        for record in harvest.deals:
            if record.deal.deal_id not in seen:  # a conflicting duplicate counts once per harvest
                seen.add(record.deal.deal_id)
                found[record.deal.deal_id].append((harvest.snapshot.as_of, record))
    return found


def _history(past: list[tuple[date, DealRecord]], lang: Language) -> tuple[tuple[HistoryRow, ...], Chart | None]:
    rows = []
    for as_of, record in past:
        deal, card = record.deal, record.scorecard
        rows.append(HistoryRow(
            as_of, stage_label(deal.stage, lang), status_label(deal.status, lang),
            money(deal.amount, deal.currency), money(card.weighted_amount, deal.currency),
            score(card.health), len(card.flags)))
    if len(rows) < 2:
        return tuple(rows), None
    points = list(reversed(rows))
    chart = lines(
        "history", word("history", lang), [day(row.as_of) for row in points],
        [(word("health", lang), [_number(row.health) for row in points], PALETTE[0])],
        y_title=word("health", lang), y_range=(0, 100), lang=lang,  # a score: 1 point must look like 1 point
    )
    return tuple(rows), chart


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def build_account(view: DealView, past: list[tuple[date, DealRecord]], index: SiteIndex,
                  lang: Language) -> AccountContext:
    """Compute one account page from the deal's current record and its past harvests."""
    deal = view.deal
    stakeholders = _stakeholders(view, lang)
    names, criteria, criteria_chart = _criteria(view, lang)
    history_rows, history_chart = _history(past, lang)
    by_kind = {kind: tuple(item for item in deal.swot if item.kind == kind)
               for kind in ("strength", "weakness", "opportunity", "threat")}
    strategy = deal.strategy
    scores = _scores(view, lang)
    return AccountContext(
        view=view,
        title=f"{deal.customer_name} · {deal.project_name}",
        facts=_facts(view, lang),
        next_action=next(fact for fact in scores if fact.label == word("next_action", lang)),
        needs=_needs(view, lang),
        scores=scores,
        stale_scores=view.record.stale_scores,
        stakeholders=stakeholders,
        relationship=relationship_map(deal, lang),
        stakeholder_flags=stakeholder_flags(view.flags),
        reports_to_header=STAKEHOLDERS.column("reports_to").label(lang)
        if any(s.reports_to.strip() for s in deal.stakeholders) else "",
        competitor_names=names,
        criteria=criteria,
        criteria_chart=criteria_chart,
        swot=(("strengths", "blue", by_kind["strength"]), ("weaknesses", "red", by_kind["weakness"]),
              ("opportunities", "blue", by_kind["opportunity"]), ("threats", "red", by_kind["threat"])),
        strategy=(
            Fact(word("strategy", lang), choice_label("strategy", strategy.strategy, lang)),
            Fact("SO", strategy.so or "–"), Fact("WO", strategy.wo or "–"),
            Fact("ST", strategy.st or "–"), Fact("WT", strategy.wt or "–"),
        ),
        assessment=_assessment(deal, view, lang),
        actions=_actions(deal.actions, index.as_of, lang),
        history=history_rows,
        history_chart=history_chart,
        source=view.record.source,
        problems=view.record.problems,
        methodology=build_methodology(view, lang),
        more_tables=more_tables(deal, lang),
    )
