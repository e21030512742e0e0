"""A rep's page as the rep's week: overdue and coming actions, stale deals, risks, forecast by month, their deals.

Every rule comes from the engine: overdue days from `scoring.actions.days_overdue`, the next action from the
scorecard, staleness from the `stale` risk flag; every sum goes through `counted_total` (base currency).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from generator.core.i18n import Language
from generator.core.scorecard import Flag
from generator.core.wording.site import word
from generator.scoring.actions import days_overdue
from generator.site.context.common import DealView, Link, SiteIndex, counted_total, in_main_currency
from generator.site.formatting import month_key

COMING_DAYS = 14  # open actions due within this many days of the as-of date are the rep's next actions
STALE_FLAG = "stale"  # the engine's flag code for a deal not updated in time (generator/scoring/flags.py)


@dataclass(frozen=True)
class RepAction:
    """One action of one of the rep's deals, for the overdue and next-actions lists."""

    view: DealView
    action: str
    owner: str
    due: date | None
    days_overdue: int | None = None


@dataclass(frozen=True)
class StaleDeal:
    view: DealView
    flag: Flag  # the engine's stale flag, whose sentence says how long


@dataclass(frozen=True)
class MonthRow:
    """The rep's open deals expected to close in one month (or with no close date)."""

    label: str
    count: int
    amount: str
    weighted: str


@dataclass(frozen=True)
class RepContext:
    rep: str
    slug: str
    deals: tuple[DealView, ...]
    open_count: int
    pipeline: str
    weighted: str
    won: str
    flag_count: int
    overdue: tuple[RepAction, ...] = ()
    next_actions: tuple[RepAction, ...] = ()
    stale: tuple[StaleDeal, ...] = ()
    risks: tuple[DealView, ...] = ()  # open deals with flags, the most weighted money at stake first
    months: tuple[MonthRow, ...] = ()


@dataclass(frozen=True)
class RepListRow:
    rep: str
    link: Link
    deal_count: int
    open_count: int
    pipeline: str
    weighted: str


def _total(views: list[DealView], index: SiteIndex, attribute: str) -> str:
    """Amounts or weighted amounts of `views`: in the base currency, or one figure per currency."""
    return counted_total(views, weighted=attribute == "weighted").text(index.main_currency, index.lang)


def _overdue(open_views: list[DealView], as_of: date) -> tuple[RepAction, ...]:
    rows = [RepAction(view, action.action, action.owner, action.due_date, days)
            for view in open_views for action in view.deal.actions
            if (days := days_overdue(action, as_of)) is not None]
    return tuple(sorted(rows, key=lambda row: (-(row.days_overdue or 0), row.view.customer.casefold())))


def _next_actions(open_views: list[DealView], as_of: date,
                  overdue: tuple[RepAction, ...]) -> tuple[RepAction, ...]:
    """Each open deal's next action (the scorecard's) unless it is already overdue, and every open action due in
    the coming days."""
    until = as_of + timedelta(days=COMING_DAYS)
    rows: list[RepAction] = []
    late = {(row.view.deal_id, row.action, row.due) for row in overdue}
    for view in open_views:
        card = view.record.scorecard
        coming = [RepAction(view, a.action, a.owner, a.due_date) for a in view.deal.actions
                  if not a.is_done and a.due_date is not None and as_of <= a.due_date <= until]
        rows += coming
        listed = {(view.deal_id, row.action, row.due) for row in coming} | late
        if card.next_action and (view.deal_id, card.next_action, card.next_action_due) not in listed:
            owner = next((a.owner for a in view.deal.actions
                          if a.action == card.next_action and a.due_date == card.next_action_due), "")
            rows.append(RepAction(view, card.next_action, owner, card.next_action_due))
    return tuple(sorted(rows, key=lambda row: (row.due is None, row.due or date.max, row.view.customer.casefold())))


def _at_stake(view: DealView, index: SiteIndex) -> float:
    """The weighted amount in the main currency (the base one when converting); 0 when it cannot be counted there,
    so amounts in different currencies are never compared as if they were one."""
    return (view.counted_weighted.amount or 0.0) if in_main_currency(view, index) else 0.0


def _months(open_views: list[DealView], index: SiteIndex, lang: Language) -> tuple[MonthRow, ...]:
    groups: dict[str | None, list[DealView]] = defaultdict(list)
    for view in open_views:
        groups[month_key(view.close_date) if view.close_date else None].append(view)
    keys = sorted(groups, key=lambda key: (key is None, key or ""))
    return tuple(
        MonthRow(key or word("undated", lang), len(groups[key]), _total(groups[key], index, "amount"),
                 _total(groups[key], index, "weighted"))
        for key in keys
    )


def build_reps(index: SiteIndex, lang: Language) -> tuple[tuple[RepContext, ...], tuple[RepListRow, ...]]:
    """One context per rep, and the rows of the reps list, both sorted by name."""
    groups: dict[str, list[DealView]] = defaultdict(list)
    for view in index.deals:
        groups[view.rep].append(view)
    pages, rows = [], []
    for rep in sorted(groups, key=str.casefold):
        views = sorted(groups[rep], key=lambda v: (not v.is_open, v.counted_amount.currency,
                                                   -(v.counted_amount.amount or 0.0), v.customer))
        open_views = [v for v in views if v.is_open]
        risks = sorted((v for v in open_views if v.flags),
                       key=lambda v: (-_at_stake(v, index), -v.high_flags, -len(v.flags), v.customer.casefold()))
        stale = [StaleDeal(v, flag) for v in open_views for flag in v.flags if flag.code == STALE_FLAG]
        overdue = _overdue(open_views, index.as_of)
        pages.append(RepContext(
            rep, index.rep_slugs[rep], tuple(views), len(open_views), _total(open_views, index, "amount"),
            _total(open_views, index, "weighted"), _total([v for v in views if v.status == "won"], index, "amount"),
            sum(len(v.flags) for v in open_views),
            overdue=overdue,
            next_actions=_next_actions(open_views, index.as_of, overdue),
            stale=tuple(sorted(stale, key=lambda s: (s.view.deal.last_updated is not None,
                                                     s.view.deal.last_updated or date.min))),
            risks=tuple(risks),
            months=_months(open_views, index, lang),
        ))
        rows.append(RepListRow(rep, index.rep_link(rep), len(views), len(open_views),
                               _total(open_views, index, "amount"), _total(open_views, index, "weighted")))
    return tuple(pages), tuple(rows)
