"""The overview's roll-ups: per account segment A–D (seed 001 客户细分) with the planned upgrades (客户升级), and
per region, industry and product line (TAS step 4), so a manager sees where the pipeline sits and whether the
A accounts get the pipeline they deserve.

Open deals, money and win rate are counted exactly as the overview's headline figures are: `DealView.is_open`
(the engine's `forecast.is_open`), `counted_total` for money, the engine's `forecast.win_rate`. Whether an account is
to move up comes from the engine (`Scorecard.segment_move`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from generator.core.i18n import Language
from generator.core.text import fold_words
from generator.core.vocabulary import SEGMENT
from generator.core.wording.site import word
from generator.scoring.forecast import win_rate
from generator.site.context.common import DealView, Link, SiteIndex, counted_total
from generator.site.context.groups import GroupFilter
from generator.site.formatting import percent

NO_SEGMENT = ""  # deals whose workbook leaves the segment blank
GROUPED_BY = ("region", "industry", "product_line")  # the account filters that get a roll-up of their own


@dataclass(frozen=True)
class RollupRow:
    label: str  # A-D, a region, industry or product line, or the "not set" word
    deals: int  # all deals of the group in this harvest
    open_deals: int
    pipeline: str
    weighted: str
    win_rate: str
    won_lost: str  # "3/4": won / (won + lost), the count the rate comes from
    link: Link  # the accounts index filtered to the group's open deals


@dataclass(frozen=True)
class GroupRollup:
    name: str  # the filter's field: region, industry, product_line
    title: str  # the column header: Region
    summary: str  # the folded table's label: By region
    rows: tuple[RollupRow, ...]


@dataclass(frozen=True)
class UpgradeRow:
    segment: str  # from
    target: str  # to
    accounts: int


@dataclass(frozen=True)
class Upgrades:
    """Accounts whose target segment ranks above their segment, by (from, to)."""

    accounts: int
    rows: tuple[UpgradeRow, ...]


def _link(field: str, code: str) -> Link:
    return Link("accounts.html#" + urlencode({"status": "open", field: code}))


def _row(label: str, views: Sequence[DealView], link: Link, main: str, lang: Language) -> RollupRow:
    open_views = [v for v in views if v.is_open]
    wins = win_rate(v.deal for v in views)
    return RollupRow(
        label=label, deals=len(views), open_deals=len(open_views),
        pipeline=counted_total(open_views).text(main, lang),
        weighted=counted_total(open_views, weighted=True).text(main, lang),
        win_rate=percent(wins.rate), won_lost=f"{wins.won}/{wins.decided}", link=link,
    )


def segment_rollup(index: SiteIndex, lang: Language) -> tuple[RollupRow, ...]:
    """One row per segment A–D (each shown, even when empty), then one for deals without a segment if any."""
    by_segment: dict[str, list[DealView]] = {code: [] for code in SEGMENT.codes}
    for view in index.deals:
        by_segment.setdefault(view.deal.segment or NO_SEGMENT, []).append(view)
    if not by_segment.get(NO_SEGMENT):
        by_segment.pop(NO_SEGMENT, None)
    return tuple(
        _row(segment or word("unknown", lang), views, _link("segment", segment or "none"), index.main_currency, lang)
        for segment, views in by_segment.items()
    )


def group_rollups(index: SiteIndex, groups: Sequence[GroupFilter]) -> tuple[GroupRollup, ...]:
    """Per region, industry and product line, the rows of the groups the accounts index filters by, in its order.

    A grouping in which no account has a value (one "not set" row) is left out."""
    lang = index.lang
    rollups: list[GroupRollup] = []
    for group in groups:
        if group.name not in GROUPED_BY or all(code == "none" for code, _ in group.options):
            continue
        members: dict[str, list[DealView]] = {code: [] for code, _ in group.options}
        for view in index.deals:
            members[group.code(view)].append(view)
        rows = tuple(_row(label, members[code], _link(group.name, code), index.main_currency, lang)
                     for code, label in group.options)
        summary = word("by_group", lang) + (group.label if lang == "zh" else " " + group.label.lower())
        rollups.append(GroupRollup(group.name, group.label, summary, rows))
    return tuple(rollups)


def upgrades(index: SiteIndex) -> Upgrades:
    """The accounts aiming to move up a segment: an account (its account ID, else its customer name) counts once,
    with the segments of its first deal that aims up."""
    seen: set[str] = set()
    moves: Counter[tuple[str, str]] = Counter()
    for view in index.deals:
        deal = view.deal
        account = fold_words(deal.account_id or deal.customer_name)
        if view.record.scorecard.segment_move != "up" or account in seen or not deal.segment or not deal.target_segment:
            continue
        seen.add(account)
        moves[(deal.segment, deal.target_segment)] += 1
    rows = tuple(UpgradeRow(source, target, count) for (source, target), count in sorted(moves.items()))
    return Upgrades(sum(moves.values()), rows)
