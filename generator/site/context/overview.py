"""The team pipeline overview: KPIs, funnel, forecast, reps, planning matrix, risks, stale deals, overdue actions.

The overview stays one glance at any team size: what changed is shown as totals per kind, and every list is its
top `LIST_LIMIT` by the weighted amount at stake; the full lists are pages of their own (changes, risks, stale,
overdue), built from the same context.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from generator.core.config import Config
from generator.core.i18n import Language
from generator.core.scorecard import QUADRANT_LABELS, Flag
from generator.core.vocabulary import STAGES
from generator.core.wording.site import word
from generator.scoring.actions import days_overdue
from generator.scoring.forecast import win_rate
from generator.site.charts import BLUE, GREEN, LIGHT_BLUE, RED, Chart, bars, scatter
from generator.site.context.changes import ChangesContext
from generator.site.context.common import DealView, Link, SiteIndex, counted_total, in_main_currency
from generator.site.context.money import MoneyTotal
from generator.site.formatting import money, month_key, percent, quarter_key

LIST_LIMIT = 10  # rows of each list on the overview; the full list is one click away
MATRIX_LIMIT = 100  # bubbles on the planning matrix, the biggest weighted amounts
FULL_PAGES = {  # where each capped list of the overview is shown whole
    "reps": Link("reps.html"), "changes": Link("changes.html"), "risks": Link("risks.html"),
    "stale": Link("stale.html"), "overdue": Link("overdue.html"),
}


@dataclass(frozen=True)
class Kpi:
    label: str
    value: str
    note: str
    link: Link  # where the figure comes from


@dataclass(frozen=True)
class PipelineRow:
    """The open deals of one stage (funnel) or one close month or quarter (forecast)."""

    label: str
    count: int
    amount: str
    weighted: str
    link: Link


@dataclass(frozen=True)
class RepRow:
    rep: str
    link: Link
    open_count: int
    pipeline: str
    weighted: str
    won: str
    flags: int


@dataclass(frozen=True)
class QuadrantRow:
    label: str
    count: int
    link: Link


@dataclass(frozen=True)
class RiskRow:
    view: DealView
    flags: tuple[Flag, ...]


@dataclass(frozen=True)
class OverdueRow:
    view: DealView
    action: str
    owner: str
    due: date | None  # set on every overdue action; typed as the model's due date
    days: int


@dataclass(frozen=True)
class OverviewContext:
    title: str
    as_of: date
    currency: str
    other_currency_deals: int
    kpis: tuple[Kpi, ...]
    funnel: tuple[PipelineRow, ...]
    funnel_chart: Chart
    months: tuple[PipelineRow, ...]
    quarters: tuple[PipelineRow, ...]
    forecast_chart: Chart
    all_reps: tuple[RepRow, ...]  # every rep, the biggest weighted pipeline first
    reps_chart: Chart
    quadrants: tuple[QuadrantRow, ...]
    matrix_chart: Chart
    matrix_points: int  # deals drawn on the matrix (the biggest MATRIX_LIMIT)
    matrix_deals: int  # open deals with a place on the matrix, drawn or not
    all_risks: tuple[RiskRow, ...]  # every open deal with a flag, the most money at stake first
    all_stale: tuple[DealView, ...]
    all_overdue: tuple[OverdueRow, ...]
    changes: ChangesContext
    movement_chart: Chart | None  # the money each kind of change moves; None without a previous harvest
    workbooks_read: int
    problem_count: int
    limit: int = LIST_LIMIT
    pages: dict[str, Link] = field(default_factory=lambda: dict(FULL_PAGES))

    @property
    def reps(self) -> tuple[RepRow, ...]:
        return self.all_reps[:self.limit]

    @property
    def risks(self) -> tuple[RiskRow, ...]:
        return self.all_risks[:self.limit]

    @property
    def stale(self) -> tuple[DealView, ...]:
        return self.all_stale[:self.limit]

    @property
    def overdue(self) -> tuple[OverdueRow, ...]:
        return self.all_overdue[:self.limit]


def _at_stake(view: DealView, index: SiteIndex) -> float:
    """The weighted amount a deal puts at stake, in the main currency (0 when it cannot be counted there)."""
    return (view.counted_weighted.amount or 0.0) if in_main_currency(view, index) else 0.0


def _index_link(**filters: str) -> Link:
    query = "&".join(f"{key}={value}" for key, value in sorted(filters.items()))
    return Link("accounts.html" + (f"#{query}" if query else ""))


def _kpis(index: SiteIndex, lang: Language) -> tuple[Kpi, ...]:
    open_deals = [v for v in index.deals if v.is_open]
    main = index.main_currency

    def figure(weighted: bool) -> tuple[str, str]:
        """The main-currency figure, and a note with the other currencies and those without a rate."""
        summed = counted_total(open_deals, weighted)
        others = MoneyTotal(tuple(part for part in summed.parts if part[0] != main), summed.missing)
        return money(summed.value(main), main), ("+ " + others.text(main, lang)) if others.parts else (
            f"{word('no_rate', lang)}: {', '.join(others.missing)}" if others.missing else "")

    pipeline, other_pipeline = figure(False)
    forecast, other_forecast = figure(True)
    wins = win_rate(v.deal for v in index.deals)
    return (
        Kpi(word("open_pipeline", lang), pipeline, other_pipeline, _index_link(status="open")),
        Kpi(word("weighted_forecast", lang), forecast, other_forecast, _index_link(status="open")),
        Kpi(word("deal_count", lang), str(len(open_deals)), f"{word('deals', lang)}: {len(index.deals)}",
            _index_link(status="open")),
        Kpi(word("win_rate", lang), percent(wins.rate), f"{word('win_rate_note', lang)} ({wins.won}/{wins.decided})",
            _index_link(status="won")),
    )


def _funnel(index: SiteIndex, lang: Language) -> tuple[tuple[PipelineRow, ...], Chart]:
    rows = []
    amounts, weights, labels, links = [], [], [], []
    for stage in STAGES:
        deals = [v for v in index.deals if v.is_open and v.deal.stage == stage.code]
        amount, weighted = counted_total(deals), counted_total(deals, weighted=True)
        link = _index_link(status="open", stage=stage.code)
        rows.append(PipelineRow(f"{stage.number} · {stage.label(lang)}", len(deals),
                                amount.text(index.main_currency, lang), weighted.text(index.main_currency, lang),
                                link))
        labels.append(f"{stage.number} {stage.label(lang)}")
        amounts.append(amount.value(index.main_currency))
        weights.append(weighted.value(index.main_currency))
        links.append(link.path)
    chart = bars("funnel", word("funnel", lang), labels,
                 [(word("amount", lang), amounts, LIGHT_BLUE), (word("weighted", lang), weights, BLUE)],
                 links, y_title=index.main_currency, lang=lang)
    return tuple(rows), chart


def _forecast(index: SiteIndex, lang: Language) -> tuple[tuple[PipelineRow, ...], tuple[PipelineRow, ...], Chart]:
    main = index.main_currency
    groups: dict[str, dict[str, list[DealView]]] = {"month": defaultdict(list), "quarter": defaultdict(list)}
    for view in index.deals:
        if view.is_open and view.close_date:
            groups["month"][month_key(view.close_date)].append(view)
            groups["quarter"][quarter_key(view.close_date)].append(view)

    def periods(key: str) -> tuple[PipelineRow, ...]:
        return tuple(
            PipelineRow(label, len(views), counted_total(views).text(main, lang),
                        counted_total(views, weighted=True).text(main, lang),
                        _index_link(status="open", close=label.replace(" ", "-")))
            for label, views in sorted(groups[key].items())
        )

    months = groups["month"]
    keys = sorted(months)
    chart = bars(
        "forecast", word("forecast", lang), keys,
        [(word("amount", lang), [counted_total(months[k]).value(main) for k in keys], LIGHT_BLUE),
         (word("weighted", lang), [counted_total(months[k], weighted=True).value(main) for k in keys], BLUE)],
        [_index_link(status="open", close=k).path for k in keys], y_title=main, lang=lang,
    )
    return periods("month"), periods("quarter"), chart


def _reps(index: SiteIndex, lang: Language) -> tuple[tuple[RepRow, ...], Chart]:
    """Every rep, the biggest weighted pipeline first; the chart shows the top LIST_LIMIT."""
    main = index.main_currency
    groups: dict[str, list[DealView]] = defaultdict(list)
    for view in index.deals:
        groups[view.rep].append(view)
    ranked = []
    for rep, views in groups.items():
        open_views = [v for v in views if v.is_open]
        pipeline, forecast = counted_total(open_views), counted_total(open_views, weighted=True)
        row = RepRow(
            rep, index.rep_link(rep), len(open_views), pipeline.text(main, lang), forecast.text(main, lang),
            counted_total([v for v in views if v.status == "won"]).text(main, lang),
            sum(len(v.flags) for v in open_views),
        )
        ranked.append((row, pipeline, forecast))
    ranked.sort(key=lambda item: (-item[2].value(main), -item[1].value(main), item[0].rep.casefold()))
    top = ranked[:LIST_LIMIT]
    chart = bars(
        "reps", word("by_rep", lang), [row.rep for row, _, _ in top],
        [(word("amount", lang), [pipeline.value(main) for _, pipeline, _ in top], LIGHT_BLUE),
         (word("weighted", lang), [forecast.value(main) for _, _, forecast in top], BLUE)],
        [row.link.path for row, _, _ in top], y_title=main, lang=lang,
    )
    return tuple(row for row, _, _ in ranked), chart


def _matrix(index: SiteIndex, lang: Language, config: Config) -> tuple[tuple[QuadrantRow, ...], Chart, int, int]:
    split = config.thresholds.quadrant_split
    placed = [v for v in index.deals if v.is_open and v.record.scorecard.attractiveness is not None
              and v.record.scorecard.strength is not None]
    placeable = len(placed)
    # The biggest deals only: thousands of bubbles hide each other; the quadrant counts below count every deal.
    placed = sorted(placed, key=lambda v: (-_at_stake(v, index), v.customer))[:MATRIX_LIMIT]
    points = [(v.record.scorecard.attractiveness or 0.0, v.record.scorecard.strength or 0.0,
               f"{v.customer} · {v.project}", v.page.path) for v in placed]
    sizes = [v.counted_amount.amount or 0.0 for v in placed]
    labels = QUADRANT_LABELS
    chart = scatter(
        "matrix", word("matrix", lang), points, x_title=word("attractiveness", lang),
        y_title=word("strength", lang), x_range=(0, 100), y_range=(0, 100), sizes=sizes, split=(split, split),
        quadrant_names=(labels["invest"](lang), labels["build_or_exit"](lang), labels["maintain"](lang),
                        labels["minimal"](lang)),
    )
    rows = tuple(
        QuadrantRow(labels[code](lang),
                    sum(1 for v in index.deals if v.is_open and v.record.scorecard.quadrant == code),
                    _index_link(status="open", quadrant=code))
        for code in ("invest", "build_or_exit", "maintain", "minimal")
    )
    return rows, chart, len(placed), placeable


def _overdue(index: SiteIndex) -> tuple[OverdueRow, ...]:
    """Every overdue action of an open deal: the most money at stake first, then the longest overdue."""
    rows = [
        OverdueRow(view, action.action, action.owner, action.due_date, days)
        for view in index.deals if view.is_open
        for action in view.deal.actions
        if (days := days_overdue(action, index.as_of)) is not None
    ]
    return tuple(sorted(rows, key=lambda row: (-_at_stake(row.view, index), -row.days, row.view.customer)))


def _stale(index: SiteIndex, stale_days: int) -> tuple[DealView, ...]:
    """Open deals not updated for longer than `stale_days`: the most money at stake first, then the oldest."""
    def age(view: DealView) -> int:
        return view.days_since_update if view.days_since_update is not None else 10**6

    stale = [v for v in index.deals if v.is_open and age(v) > stale_days]
    return tuple(sorted(stale, key=lambda v: (-_at_stake(v, index), -age(v), v.customer)))


MOVEMENT = {"new": 1, "amount_up": 1, "advanced": 0, "slipped": 0, "won": -1, "lost": -1, "amount_down": -1,
            "removed": -1}  # into the pipeline (1), moved within it (0), out of it (-1)


def _movement_chart(changes: ChangesContext, lang: Language) -> Chart | None:
    """One bar per kind of change, up for money coming in, down for money going out, in the main currency."""
    if changes.previous_as_of is None:
        return None
    main = changes.main_currency
    kinds = [row.kind for row in changes.totals]
    values = {row.kind: row.amount.value(main) for row in changes.totals}

    def series(direction: int) -> list[float]:
        return [(abs(values[kind]) if direction >= 0 else 0.0 - abs(values[kind]))
                if MOVEMENT[kind] == direction else 0.0 for kind in kinds]

    return bars(
        "movement", word("movement", lang), [word(kind, lang) for kind in kinds],
        [(word("into_pipeline", lang), series(1), GREEN), (word("within_pipeline", lang), series(0), LIGHT_BLUE),
         (word("out_of_pipeline", lang), series(-1), RED)],
        [FULL_PAGES["changes"].path] * len(kinds), y_title=main, stacked=True, lang=lang,
    )


def build_overview(index: SiteIndex, changes: ChangesContext, lang: Language, config: Config,
                   workbooks_read: int, problem_count: int) -> OverviewContext:
    """Compute the overview page from the current harvest's deal views."""
    funnel, funnel_chart = _funnel(index, lang)
    months, quarters, forecast_chart = _forecast(index, lang)
    reps, reps_chart = _reps(index, lang)
    quadrants, matrix_chart, matrix_points, matrix_deals = _matrix(index, lang, config)
    risky = [v for v in index.deals if v.is_open and v.flags]
    # The biggest risks are where the most money is at stake: weighted amount in the main currency first.
    risky.sort(key=lambda v: (-_at_stake(v, index), -v.high_flags, -len(v.flags), v.customer))
    return OverviewContext(
        title=word("overview", lang),
        as_of=index.as_of,
        currency=index.main_currency,
        other_currency_deals=sum(1 for v in index.deals if not in_main_currency(v, index)),
        kpis=_kpis(index, lang),
        funnel=funnel,
        funnel_chart=funnel_chart,
        months=months,
        quarters=quarters,
        forecast_chart=forecast_chart,
        all_reps=reps,
        reps_chart=reps_chart,
        quadrants=quadrants,
        matrix_chart=matrix_chart,
        matrix_points=matrix_points,
        matrix_deals=matrix_deals,
        all_risks=tuple(RiskRow(v, v.flags) for v in risky),
        all_stale=_stale(index, config.thresholds.stale_days),
        all_overdue=_overdue(index),
        changes=changes,
        movement_chart=_movement_chart(changes, lang),
        workbooks_read=workbooks_read,
        problem_count=problem_count,
    )
