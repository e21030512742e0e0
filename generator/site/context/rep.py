"""A rep's page: their deals, totals and flags; and the list of reps."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from generator.i18n import Language
from generator.pipeline import money_sum
from generator.site.context.common import DealView, Link, SiteIndex, in_main_currency
from generator.site.formatting import money


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


@dataclass(frozen=True)
class RepListRow:
    rep: str
    link: Link
    deal_count: int
    open_count: int
    pipeline: str
    weighted: str


def _total(views: list[DealView], index: SiteIndex, attribute: str) -> str:
    total = money_sum(getattr(v, attribute) for v in views if in_main_currency(v, index))
    return money(total, index.main_currency)


def build_reps(index: SiteIndex, lang: Language) -> tuple[tuple[RepContext, ...], tuple[RepListRow, ...]]:
    """One context per rep, and the rows of the reps list, both sorted by name."""
    del lang  # figures only; labels come from the templates
    groups: dict[str, list[DealView]] = defaultdict(list)
    for view in index.deals:
        groups[view.rep].append(view)
    pages, rows = [], []
    for rep in sorted(groups, key=str.casefold):
        views = sorted(groups[rep], key=lambda v: (not v.is_open, -(v.amount or 0.0), v.customer))
        open_views = [v for v in views if v.is_open]
        pages.append(RepContext(
            rep, index.rep_slugs[rep], tuple(views), len(open_views), _total(open_views, index, "amount"),
            _total(open_views, index, "weighted"), _total([v for v in views if v.status == "won"], index, "amount"),
            sum(len(v.flags) for v in open_views),
        ))
        rows.append(RepListRow(rep, index.rep_link(rep), len(views), len(open_views),
                               _total(open_views, index, "amount"), _total(open_views, index, "weighted")))
    return tuple(pages), tuple(rows)
