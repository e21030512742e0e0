"""The segment roll-up of the overview (seed 001 客户细分 A–D): per segment, open deals, pipeline, weighted
forecast and win rate, so a manager sees whether the A accounts get the pipeline they deserve.

Open deals, money and win rate are counted exactly as the overview's headline figures are: `DealView.is_open`
(the engine's `forecast.is_open`), `counted_total` for money, won / (won + lost) by count.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from generator.core.i18n import Language
from generator.site.context.common import DealView, Link, SiteIndex, counted_total
from generator.site.formatting import percent
from generator.core.wording.site import word
from generator.core.vocabulary import SEGMENT

NO_SEGMENT = ""  # deals whose workbook leaves the segment blank


@dataclass(frozen=True)
class SegmentRow:
    segment: str  # A-D, or the "not set" word
    deals: int  # all deals of the segment in this harvest
    open_deals: int
    pipeline: str
    weighted: str
    win_rate: str
    won_lost: str  # "3/4": won / (won + lost), the count the rate comes from
    link: Link  # the accounts index filtered to the segment's open deals


def _link(segment: str) -> Link:
    return Link("accounts.html#" + urlencode({"status": "open", "segment": segment or "none"}))


def segment_rollup(index: SiteIndex, lang: Language) -> tuple[SegmentRow, ...]:
    """One row per segment A–D (each shown, even when empty), then one for deals without a segment if any."""
    by_segment: dict[str, list[DealView]] = {code: [] for code in SEGMENT.codes}
    for view in index.deals:
        by_segment.setdefault(view.deal.segment or NO_SEGMENT, []).append(view)
    if not by_segment.get(NO_SEGMENT):
        by_segment.pop(NO_SEGMENT, None)
    main = index.main_currency
    rows: list[SegmentRow] = []
    for segment, views in by_segment.items():
        open_views = [v for v in views if v.is_open]
        won = sum(1 for v in views if v.status == "won")
        lost = sum(1 for v in views if v.status == "lost")
        rows.append(SegmentRow(
            segment=segment or word("unknown", lang), deals=len(views), open_deals=len(open_views),
            pipeline=counted_total(open_views).text(main, lang),
            weighted=counted_total(open_views, weighted=True).text(main, lang),
            win_rate=percent(won / (won + lost)) if won + lost else "–", won_lost=f"{won}/{won + lost}",
            link=_link(segment),
        ))
    return tuple(rows)
