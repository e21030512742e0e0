"""What changed since the previous harvest: new, advanced, slipped, won, lost, amount up or down, removed.

Every change carries the money it moves, counted the way the team counts money (`counted_record`: in the base
currency when rates are set), so the overview can show totals per kind first and only the biggest changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from generator.core.i18n import Language
from generator.core.model import Deal
from generator.core.records import DealRecord, HarvestResult
from generator.core.wording.site import word
from generator.scoring.forecast import is_open
from generator.site.context.common import (
    STAGE_NUMBERS,
    DealView,
    Link,
    SiteIndex,
    counted_record,
    stage_label,
    status_label,
)
from generator.site.context.money import Counted, MoneyTotal, total
from generator.site.formatting import day, money

NO_AMOUNT = Counted("", None)  # a change without an amount (Counted is frozen: one default serves all)

TOP_CHANGES = 10
CHANGES_PAGE = Link("changes.html")

# Reading order of the kinds of change, by their wording key.
KINDS = ("new", "advanced", "slipped", "won", "lost", "amount_up", "amount_down", "removed")


@dataclass(frozen=True)
class Change:
    """One deal's change: what it was and what it is, as display text, and the money it moves."""

    customer: str
    project: str
    page: Link | None  # None for a deal that is no longer in the current harvest
    before: str
    after: str
    kind: str = "new"  # one of KINDS
    # The deal's amount; for amount_up/down the difference (signed).
    amount: Counted = NO_AMOUNT
    amount_text: str = "–"


@dataclass(frozen=True)
class KindTotal:
    """How many deals changed one way, and the money they move."""

    kind: str
    count: int
    amount: MoneyTotal
    text: str  # the amount as shown, with the currencies left out for want of a rate


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
    main_currency: str = ""
    pipeline_before: str = ""  # the open pipeline of the previous harvest, as shown
    pipeline_now: str = ""
    pipeline_net: str = ""  # now - before, signed (converted or per currency as the team counts)
    totals: tuple[KindTotal, ...] = ()
    ranked: tuple[Change, ...] = ()  # every change, the biggest money first

    @property
    def amount_up(self) -> tuple[Change, ...]:
        return tuple(change for change in self.amount_changes if change.kind == "amount_up")

    @property
    def amount_down(self) -> tuple[Change, ...]:
        return tuple(change for change in self.amount_changes if change.kind == "amount_down")

    @property
    def sections(self) -> tuple[tuple[str, tuple[Change, ...]], ...]:
        """(wording key, changes) in reading order."""
        return (
            ("new", self.new), ("advanced", self.advanced), ("slipped", self.slipped), ("won", self.won),
            ("lost", self.lost), ("amount_up", self.amount_up), ("amount_down", self.amount_down),
            ("removed", self.removed),
        )

    @property
    def top(self) -> tuple[Change, ...]:
        """The changes that move the most money, for the overview; the full list is on the changes page."""
        return self.ranked[:TOP_CHANGES]

    @property
    def count(self) -> int:
        return len(self.ranked)

    @property
    def is_empty(self) -> bool:
        return not self.ranked


def _stage(deal: Deal) -> int:
    return STAGE_NUMBERS.get(deal.stage or "", 0)


def _signed(amount: float | None, currency: str) -> str:
    return "–" if amount is None else ("+" if amount > 0 else "") + money(amount, currency)


def _difference(now: Counted, before: Counted) -> Counted:
    """now - before, when both are counted in one currency; otherwise a change no total can add."""
    if now.amount is None or before.amount is None or now.currency != before.currency:
        return Counted(now.currency, None, now.has_rate and before.has_rate)
    return Counted(now.currency, now.amount - before.amount, now.has_rate and before.has_rate)


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


class _Collector:
    """Builds the Change rows of one comparison, each with the money it moves."""

    def __init__(self, index: SiteIndex, lang: Language) -> None:
        self.index = index
        self.lang = lang
        self.by_kind: dict[str, list[Change]] = {kind: [] for kind in KINDS}

    def add(self, kind: str, view: DealView | None, deal: Deal, before: str, after: str, amount: Counted,
            signed: bool = False) -> None:
        shown = _signed(amount.amount, amount.currency) if signed else money(amount.amount, amount.currency)
        self.by_kind[kind].append(Change(deal.customer_name, deal.project_name, view.page if view else None,
                                         before, after, kind, amount, shown))

    def stage_or_status(self, view: DealView, old: Deal) -> None:
        deal, lang = view.deal, self.lang
        if deal.status != old.status and deal.status in ("won", "lost"):
            self.add(deal.status, view, deal, status_label(old.status, lang), view.status_label, view.counted_amount)
        elif _stage(deal) > _stage(old):
            self.add("advanced", view, deal, stage_label(old.stage, lang), stage_label(deal.stage, lang),
                     view.counted_amount)
        elif _stage(deal) < _stage(old) and _stage(deal) > 0:
            self.add("slipped", view, deal, stage_label(old.stage, lang), stage_label(deal.stage, lang),
                     view.counted_amount)
        elif deal.close_date and old.close_date and deal.close_date > old.close_date:
            self.add("slipped", view, deal, day(old.close_date), day(deal.close_date), view.counted_amount)

    def amount(self, view: DealView, old: DealRecord) -> None:
        deal = view.deal
        if deal.amount == old.deal.amount:
            return
        moved = _difference(view.counted_amount, counted_record(old, self.index))
        grew = (deal.amount or 0.0) > (old.deal.amount or 0.0) if moved.amount is None else moved.amount > 0
        self.add("amount_up" if grew else "amount_down", view, deal, money(old.deal.amount, old.deal.currency),
                 money(deal.amount, deal.currency), moved, signed=True)


def _rank_key(change: Change, main: str) -> tuple[bool, float, str, str]:
    """Biggest money first; amounts that cannot be compared in the main currency after the others."""
    comparable = change.amount.has_rate and change.amount.amount is not None and change.amount.currency == main
    size = abs(change.amount.amount or 0.0) if comparable else 0.0
    return (not comparable, -size, change.customer.casefold(), change.kind)


def build_changes(index: SiteIndex, history: list[HarvestResult], lang: Language) -> ChangesContext:
    """Compare the current harvest with the one before it, deal by deal (matched on deal_id)."""
    if len(history) < 2:
        return ChangesContext(None)
    previous = {record.deal.deal_id: record for record in history[1].deals}
    current = {record.deal.deal_id for record in history[0].deals}
    given = given_ids(history[1], history[0])
    for later_id, earlier_id in given.items():  # same deal, now under its permanent id
        previous[later_id] = previous.pop(earlier_id)
    found = _Collector(index, lang)
    for view in index.deals:
        old = previous.get(view.deal_id)
        if old is None:
            found.add("new", view, view.deal, "–", stage_label(view.deal.stage, lang), view.counted_amount)
            continue
        found.stage_or_status(view, old.deal)
        found.amount(view, old)
    for deal_id, record in sorted(previous.items()):
        if deal_id not in current:
            found.add("removed", None, record.deal, stage_label(record.deal.stage, lang), "–",
                      counted_record(record, index))
    main = index.main_currency
    kinds = found.by_kind
    totals = []
    for kind in KINDS:
        summed = total(change.amount for change in kinds[kind])
        totals.append(KindTotal(kind, len(kinds[kind]), summed, summed.text(main, lang)))
    before = total(counted_record(record, index) for record in previous.values() if is_open(record.deal))
    now = total(view.counted_amount for view in index.deals if view.is_open)
    net = MoneyTotal(
        tuple((code, now.value(code) - before.value(code))
              for code in sorted({code for code, _ in now.parts} | {code for code, _ in before.parts})
              if now.value(code) != before.value(code)),
        tuple(sorted(set(now.missing) | set(before.missing))),
    )
    ranked = sorted((change for kind in KINDS for change in kinds[kind]), key=lambda c: _rank_key(c, main))
    return ChangesContext(
        history[1].snapshot.as_of, tuple(kinds["new"]), tuple(kinds["removed"]), tuple(kinds["advanced"]),
        tuple(kinds["slipped"]), tuple(kinds["won"]), tuple(kinds["lost"]),
        tuple(kinds["amount_up"] + kinds["amount_down"]),
        main_currency=main,
        pipeline_before=before.text(main, lang),
        pipeline_now=now.text(main, lang),
        pipeline_net=(" · ".join(_signed(amount, code) for code, amount in net.parts) or money(0.0, main))
        + (f" ({word('no_rate', lang)}: {', '.join(net.missing)})" if net.missing else ""),
        totals=tuple(totals),
        ranked=tuple(ranked),
    )
