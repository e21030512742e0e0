"""The team pipeline overview: KPIs, funnel, forecast, reps, planning matrix, risks, stale deals, overdue actions."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from generator.config import Config
from generator.i18n import Language
from generator.pipeline import money_sum, totals_by_currency
from generator.scorecard import QUADRANT_LABELS, Flag
from generator.site.charts import BLUE, LIGHT_BLUE, Chart, bars, scatter
from generator.site.context.changes import ChangesContext
from generator.site.context.common import DealView, Link, SiteIndex, in_main_currency
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
    due: date
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


def _sum(values: list[float | None]) -> float:
    return money_sum(values)


def _index_link(**filters: str) -> Link:
    query = "&".join(f"{key}={value}" for key, value in sorted(filters.items()))
    return Link("accounts.html" + (f"#{query}" if query else ""))


def _kpis(index: SiteIndex, lang: Language) -> tuple[Kpi, ...]:
    open_deals = [v for v in index.deals if v.is_open]
    by_currency = {t.currency: t for t in totals_by_currency((v.currency, v.amount, v.weighted) for v in open_deals)}
    main = index.main_currency
    others = [total for currency, total in by_currency.items() if currency != main]
    main_total = by_currency.get(main)
    pipeline = money(main_total.open_pipeline if main_total else 0.0, main)
    forecast = money(main_total.weighted_forecast if main_total else 0.0, main)
    # Other currencies are not converted: they are listed under the main figure.
    other_pipeline = " · ".join(money(t.open_pipeline, t.currency) for t in others)
    other_forecast = " · ".join(money(t.weighted_forecast, t.currency) for t in others)
    won = sum(1 for v in index.deals if v.status == "won")
    lost = sum(1 for v in index.deals if v.status == "lost")
    rate = percent(won / (won + lost)) if won + lost else "–"
    return (
        Kpi(word("open_pipeline", lang), pipeline, f"+ {other_pipeline}" if other_pipeline else "",
            _index_link(status="open")),
        Kpi(word("weighted_forecast", lang), forecast, f"+ {other_forecast}" if other_forecast else "",
            _index_link(status="open")),
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
        charted = [v for v in deals if in_main_currency(v, index)]
        amount = _sum([v.amount for v in charted])
        weighted = _sum([v.weighted for v in charted])
        link = _index_link(status="open", stage=stage.code)
        rows.append(PipelineRow(f"{stage.number} · {stage.label(lang)}", len(deals), money(amount),
                             money(weighted), link))
        labels.append(f"{stage.number} {stage.label(lang)}")
        amounts.append(amount)
        weights.append(weighted)
        links.append(link.path)
    chart = bars("funnel", word("funnel", lang), labels,
                 [(word("amount", lang), amounts, LIGHT_BLUE), (word("weighted", lang), weights, BLUE)],
                 links, y_title=index.main_currency)
    return tuple(rows), chart


def _forecast(index: SiteIndex, lang: Language) -> tuple[tuple[PipelineRow, ...], tuple[PipelineRow, ...], Chart]:
    open_deals = [v for v in index.deals if v.is_open and v.close_date and in_main_currency(v, index)]

    def periods(key: str) -> tuple[PipelineRow, ...]:
        groups: dict[str, list[DealView]] = defaultdict(list)
        for view in open_deals:
            assert view.close_date is not None  # filtered above
            groups[month_key(view.close_date) if key == "month" else quarter_key(view.close_date)].append(view)
        return tuple(
            PipelineRow(label, len(views), money(_sum([v.amount for v in views])),
                      money(_sum([v.weighted for v in views])),
                      _index_link(status="open", close=label.replace(" ", "-")))
            for label, views in sorted(groups.items())
        )

    months, quarters = periods("month"), periods("quarter")
    month_groups: dict[str, list[DealView]] = defaultdict(list)
    for view in open_deals:
        assert view.close_date is not None
        month_groups[month_key(view.close_date)].append(view)
    keys = sorted(month_groups)
    chart = bars(
        "forecast", word("forecast", lang), keys,
        [(word("amount", lang), [_sum([v.amount for v in month_groups[k]]) for k in keys], LIGHT_BLUE),
         (word("weighted", lang), [_sum([v.weighted for v in month_groups[k]]) for k in keys], BLUE)],
        [_index_link(status="open", close=k).path for k in keys], y_title=index.main_currency,
    )
    return months, quarters, chart


def _reps(index: SiteIndex, lang: Language) -> tuple[tuple[RepRow, ...], Chart]:
    groups: dict[str, list[DealView]] = defaultdict(list)
    for view in index.deals:
        groups[view.rep].append(view)
    rows = []
    for rep, views in sorted(groups.items(), key=lambda item: item[0].casefold()):
        open_views = [v for v in views if v.is_open and in_main_currency(v, index)]
        rows.append(RepRow(
            rep, index.rep_link(rep), sum(1 for v in views if v.is_open),
            money(_sum([v.amount for v in open_views])), money(_sum([v.weighted for v in open_views])),
            money(_sum([v.amount for v in views if v.status == "won" and in_main_currency(v, index)])),
            sum(len(v.flags) for v in views if v.is_open),
        ))
    names = [row.rep for row in rows]
    chart = bars(
        "reps", word("by_rep", lang), names,
        [(word("amount", lang), [_sum([v.amount for v in groups[n] if v.is_open and in_main_currency(v, index)])
                                 for n in names], LIGHT_BLUE),
         (word("weighted", lang), [_sum([v.weighted for v in groups[n] if v.is_open
                                         and in_main_currency(v, index)]) for n in names], BLUE)],
        [index.rep_link(n).path for n in names], y_title=index.main_currency,
    )
    return tuple(rows), chart


def _matrix(index: SiteIndex, lang: Language, config: Config) -> tuple[tuple[QuadrantRow, ...], Chart]:
    split = config.thresholds.quadrant_split
    placed = [v for v in index.deals if v.is_open and v.record.scorecard.attractiveness is not None
              and v.record.scorecard.strength is not None]
    points = [(v.record.scorecard.attractiveness or 0.0, v.record.scorecard.strength or 0.0,
               f"{v.customer} · {v.project}", v.page.path) for v in placed]
    sizes = [v.amount or 0.0 for v in placed]
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
        OverdueRow(view, action.action, action.owner, action.due_date, (index.as_of - action.due_date).days)
        for view in index.deals if view.is_open
        for action in view.deal.actions
        if not action.is_done and action.due_date is not None and action.due_date < index.as_of
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
    risky.sort(key=lambda v: (-v.high_flags, -len(v.flags), -(v.amount or 0.0), v.customer))
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
