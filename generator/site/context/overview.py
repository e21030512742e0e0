"""The team pipeline overview: KPIs, funnel, forecast, reps, planning matrix, risks, stale deals, overdue actions."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from generator.config import Config
from generator.i18n import Language
from generator.pipeline import money_sum, totals_by_currency
from generator.scorecard import QUADRANT_LABELS, Flag
from generator.scoring.actions import days_overdue
from generator.site.charts import BLUE, LIGHT_BLUE, Chart, bars, scatter
from generator.site.context.changes import ChangesContext
from generator.site.context.common import DealView, Link, SiteIndex, counted_total, in_main_currency
from generator.site.context.money import MoneyTotal
from generator.site.formatting import money, month_key, percent, quarter_key
from generator.site.wording import word
from generator.vocabulary import STAGES

RISK_LIMIT = 10


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
    reps: tuple[RepRow, ...]
    reps_chart: Chart
    quadrants: tuple[QuadrantRow, ...]
    matrix_chart: Chart
    risks: tuple[RiskRow, ...]
    stale: tuple[DealView, ...]
    overdue: tuple[OverdueRow, ...]
    changes: ChangesContext
    workbooks_read: int
    problem_count: int


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
    won = sum(1 for v in index.deals if v.status == "won")
    lost = sum(1 for v in index.deals if v.status == "lost")
    rate = percent(won / (won + lost)) if won + lost else "–"
    return (
        Kpi(word("open_pipeline", lang), pipeline, other_pipeline, _index_link(status="open")),
        Kpi(word("weighted_forecast", lang), forecast, other_forecast, _index_link(status="open")),
        Kpi(word("deal_count", lang), str(len(open_deals)), f"{word('deals', lang)}: {len(index.deals)}",
            _index_link(status="open")),
        Kpi(word("win_rate", lang), rate, f"{word('win_rate_note', lang)} ({won}/{won + lost})",
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
    main = index.main_currency
    groups: dict[str, list[DealView]] = defaultdict(list)
    for view in index.deals:
        groups[view.rep].append(view)
    rows = []
    pipelines: list[MoneyTotal] = []
    forecasts: list[MoneyTotal] = []
    for rep, views in sorted(groups.items(), key=lambda item: item[0].casefold()):
        open_views = [v for v in views if v.is_open]
        pipelines.append(counted_total(open_views))
        forecasts.append(counted_total(open_views, weighted=True))
        rows.append(RepRow(
            rep, index.rep_link(rep), len(open_views), pipelines[-1].text(main, lang),
            forecasts[-1].text(main, lang),
            counted_total([v for v in views if v.status == "won"]).text(main, lang),
            sum(len(v.flags) for v in open_views),
        ))
    chart = bars(
        "reps", word("by_rep", lang), [row.rep for row in rows],
        [(word("amount", lang), [t.value(main) for t in pipelines], LIGHT_BLUE),
         (word("weighted", lang), [t.value(main) for t in forecasts], BLUE)],
        [row.link.path for row in rows], y_title=main, lang=lang,
    )
    return tuple(rows), chart


def _matrix(index: SiteIndex, lang: Language, config: Config) -> tuple[tuple[QuadrantRow, ...], Chart]:
    split = config.thresholds.quadrant_split
    placed = [v for v in index.deals if v.is_open and v.record.scorecard.attractiveness is not None
              and v.record.scorecard.strength is not None]
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
    return rows, chart


def _overdue(index: SiteIndex) -> tuple[OverdueRow, ...]:
    rows = [
        OverdueRow(view, action.action, action.owner, action.due_date, days)
        for view in index.deals if view.is_open
        for action in view.deal.actions
        if (days := days_overdue(action, index.as_of)) is not None
    ]
    return tuple(sorted(rows, key=lambda row: (-row.days, row.view.customer)))


def build_overview(index: SiteIndex, changes: ChangesContext, lang: Language, config: Config,
                   workbooks_read: int, problem_count: int) -> OverviewContext:
    """Compute the overview page from the current harvest's deal views."""
    funnel, funnel_chart = _funnel(index, lang)
    months, quarters, forecast_chart = _forecast(index, lang)
    reps, reps_chart = _reps(index, lang)
    quadrants, matrix_chart = _matrix(index, lang, config)
    risky = [v for v in index.deals if v.is_open and v.flags]
    # The biggest risks are where the most money is at stake: weighted amount in the main currency first.
    risky.sort(key=lambda v: (-_at_stake(v, index), -v.high_flags, -len(v.flags), v.customer))
    stale_days = config.thresholds.stale_days
    stale = sorted(
        (v for v in index.deals if v.is_open and (v.days_since_update is None or v.days_since_update > stale_days)),
        key=lambda v: -(v.days_since_update if v.days_since_update is not None else 10**6),
    )
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
        reps=reps,
        reps_chart=reps_chart,
        quadrants=quadrants,
        matrix_chart=matrix_chart,
        risks=tuple(RiskRow(v, v.flags) for v in risky[:RISK_LIMIT]),
        stale=tuple(stale),
        overdue=_overdue(index),
        changes=changes,
        workbooks_read=workbooks_read,
        problem_count=problem_count,
    )
