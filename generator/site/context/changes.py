"""What changed since the previous harvest: new, advanced, slipped, won, lost, amount changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from generator.i18n import Language
from generator.model import Deal
from generator.records import HarvestResult
from generator.site.context.common import STAGE_NUMBERS, DealView, Link, SiteIndex, stage_label, status_label
from generator.site.formatting import day, money


@dataclass(frozen=True)
class Change:
    """One deal's change: what it was and what it is, as display text."""

    customer: str
    project: str
    page: Link | None  # None for a deal that is no longer in the current harvest
    before: str
    after: str


@dataclass(frozen=True)
class ChangesContext:
    previous_as_of: date | None
    new: tuple[Change, ...] = ()
    removed: tuple[Change, ...] = ()
    advanced: tuple[Change, ...] = ()
    slipped: tuple[Change, ...] = ()
    won: tuple[Change, ...] = ()
    lost: tuple[Change, ...] = ()
    amount_changes: tuple[Change, ...] = ()

    @property
    def sections(self) -> tuple[tuple[str, tuple[Change, ...]], ...]:
        """(wording key, changes) in reading order."""
        return (
            ("new", self.new), ("advanced", self.advanced), ("slipped", self.slipped), ("won", self.won),
            ("lost", self.lost), ("amount_changes", self.amount_changes), ("removed", self.removed),
        )

    @property
    def is_empty(self) -> bool:
        return not any(changes for _, changes in self.sections)


def _change(view: DealView | None, deal: Deal, before: str, after: str) -> Change:
    return Change(deal.customer_name, deal.project_name, view.page if view else None, before, after)


def _stage(deal: Deal) -> int:
    return STAGE_NUMBERS.get(deal.stage or "", 0)


def given_ids(earlier: HarvestResult, later: HarvestResult) -> dict[str, str]:
    """Deals that received their permanent id between two harvests: later deal_id -> the provisional one before.

    A workbook with no deal_id is counted under a provisional id until the Score button writes one; the deal
    read from the same file under a new id is then the same deal, not a new one (and the old one not removed).
    Copies of another deal's workbook need nothing here: the harvest counts them under ids of their own
    (`generator.harvest.identity`), so a copy is never matched with the deal it was copied from.
    """
    provisional = {workbook.path for workbook in earlier.workbooks if workbook.deal_id is None}
    before = {record.source: record.deal.deal_id for record in earlier.deals if record.source in provisional}
    earlier_ids = {record.deal.deal_id for record in earlier.deals}
    later_ids = {record.deal.deal_id for record in later.deals}
    return {record.deal.deal_id: before[record.source] for record in later.deals
            if record.source in before and record.deal.deal_id not in earlier_ids
            and before[record.source] not in later_ids}


def build_changes(index: SiteIndex, history: list[HarvestResult], lang: Language) -> ChangesContext:
    """Compare the current harvest with the one before it, deal by deal (matched on deal_id)."""
    if len(history) < 2:
        return ChangesContext(None)
    previous = {record.deal.deal_id: record.deal for record in history[1].deals}
    current = {record.deal.deal_id: record.deal for record in history[0].deals}
    given = given_ids(history[1], history[0])
    for later_id, earlier_id in given.items():  # same deal, now under its permanent id
        previous[later_id] = previous.pop(earlier_id)
    new: list[Change] = []
    removed: list[Change] = []
    advanced: list[Change] = []
    slipped: list[Change] = []
    won: list[Change] = []
    lost: list[Change] = []
    amounts: list[Change] = []
    for view in index.deals:
        deal = view.deal
        old = previous.get(deal.deal_id)
        if old is None:
            new.append(_change(view, deal, "–", stage_label(deal.stage, lang)))
            continue
        if deal.status != old.status and deal.status in ("won", "lost"):
            (won if deal.status == "won" else lost).append(
                _change(view, deal, status_label(old.status, lang), view.status_label))
        elif _stage(deal) > _stage(old):
            advanced.append(_change(view, deal, stage_label(old.stage, lang), stage_label(deal.stage, lang)))
        elif _stage(deal) < _stage(old) and _stage(deal) > 0:
            slipped.append(_change(view, deal, stage_label(old.stage, lang), stage_label(deal.stage, lang)))
        elif deal.close_date and old.close_date and deal.close_date > old.close_date:
            slipped.append(_change(view, deal, day(old.close_date), day(deal.close_date)))
        if deal.amount != old.amount:
            amounts.append(_change(view, deal, money(old.amount, old.currency), money(deal.amount, deal.currency)))
    for deal_id, old in sorted(previous.items()):
        if deal_id not in current:
            removed.append(_change(None, old, stage_label(old.stage, lang), "–"))
    return ChangesContext(
        history[1].snapshot.as_of, tuple(new), tuple(removed), tuple(advanced), tuple(slipped), tuple(won),
        tuple(lost), tuple(amounts),
    )

