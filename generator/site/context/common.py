"""What every page knows about a deal: its labels, links and figures, computed once per build."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from generator.core.config import Config
from generator.core.i18n import Language
from generator.core.model import Deal
from generator.core.records import DealRecord, HarvestResult
from generator.core.scorecard import QUADRANT_LABELS, VERDICT_LABELS, Flag
from generator.core.vocabulary import STAGE_BY_CODE, STAGES, VOCABULARIES
from generator.core.wording.site import word
from generator.scoring.forecast import is_open
from generator.site.context.money import Counted, MoneyTotal, total
from generator.site.formatting import money
from generator.site.slugs import SlugRegistry, deal_slug, rep_slug

FLAG_ORDER = {"high": 0, "medium": 1, "low": 2}


@dataclass(frozen=True)
class Link:
    """A link from the site root: `path` is URL-quoted and relative to the docs root (e.g. accounts/x.html)."""

    path: str

    def href(self, root: str) -> str:
        """The link from a page whose way back to the root is `root` ("" or "../")."""
        return root + self.path


@dataclass(frozen=True)
class DealView:
    """One deal as the site shows it in lists and tables."""

    record: DealRecord
    slug: str
    page: Link
    rep_slug: str  # the rep's page name, also the accounts index's rep filter value
    rep_page: Link
    customer: str
    project: str
    rep: str
    status: str
    status_label: str
    stage_number: int
    stage_label: str
    amount: float | None
    currency: str
    weighted: float | None
    close_date: date | None
    health: float | None
    quadrant_label: str
    verdict_label: str
    flags: tuple[Flag, ...]
    days_since_update: int | None
    counted_amount: Counted  # how the amount enters totals: in the base currency, or per currency
    counted_weighted: Counted
    converted: str  # "≈ 29,820,000 CNY" beside an amount in another currency than the base, else ""

    @property
    def deal(self) -> Deal:
        return self.record.deal

    @property
    def deal_id(self) -> str:
        return self.record.deal.deal_id

    @property
    def is_open(self) -> bool:
        return is_open(self.deal)

    @property
    def high_flags(self) -> int:
        return sum(1 for flag in self.flags if flag.level == "high")


@dataclass(frozen=True)
class SiteIndex:
    """Slugs and views of every deal and rep of the current harvest, shared by every page context."""

    lang: Language
    as_of: date
    deals: tuple[DealView, ...]
    by_id: dict[str, DealView]
    rep_slugs: dict[str, str]
    main_currency: str  # the base currency when the team converts, else the most used one
    converting: bool = False  # the scorecards carry amounts in the base currency ([currency] in winplan.toml)

    def rep_link(self, rep: str) -> Link:
        return Link("reps/" + quote(self.rep_slugs[rep]) + ".html")


def stage_label(code: str | None, lang: Language) -> str:
    """`3 · 深度接触`, or "not set"."""
    stage = STAGE_BY_CODE.get(code or "")
    return f"{stage.number} · {stage.label(lang)}" if stage else word("unknown", lang)


def status_label(code: str, lang: Language) -> str:
    return choice_label("status", code, lang)


def choice_label(vocabulary: str, code: str | None, lang: Language) -> str:
    """A drop-down's code as its label in `lang`: "–" when not set, the code itself when the list no longer has it
    (a deal stored by an older winplan)."""
    if code is None:
        return "–"
    try:
        return VOCABULARIES[vocabulary].label(code, lang)
    except KeyError:
        return code


def sorted_flags(flags: tuple[Flag, ...]) -> tuple[Flag, ...]:
    """Flags with the most severe first, stable otherwise."""
    return tuple(sorted(flags, key=lambda flag: FLAG_ORDER.get(flag.level, 3)))


def build_index(current: HarvestResult, lang: Language, config: Config) -> SiteIndex:
    """Give every deal and rep of `current` a unique slug and a view."""
    del config  # the views need no settings today; kept so every context builder has one signature
    as_of = current.snapshot.as_of
    registry = SlugRegistry()
    rep_registry = SlugRegistry()
    records = sorted(current.deals, key=lambda r: (r.deal.deal_id, r.source))
    rep_slugs: dict[str, str] = {}
    for record in records:
        rep = record.deal.sales_rep
        if rep not in rep_slugs:
            rep_slugs[rep] = rep_registry.claim(rep_slug(rep), rep)
    bases = Counter(record.scorecard.base_currency for record in records if record.scorecard.base_currency)
    currencies = Counter(record.deal.currency or "" for record in records if record.deal.currency)
    converting = bool(bases)
    main_currency = (bases or currencies).most_common(1)[0][0] if (bases or currencies) else ""
    views: list[DealView] = []
    for record in records:
        deal, card = record.deal, record.scorecard
        slug = registry.claim(deal_slug(deal.customer_name, deal.project_name, deal.deal_id), deal.deal_id)
        stage = STAGE_BY_CODE.get(deal.stage or "")
        views.append(DealView(
            record=record,
            slug=slug,
            page=Link("accounts/" + quote(slug) + ".html"),
            rep_slug=rep_slugs[deal.sales_rep],
            rep_page=Link("reps/" + quote(rep_slugs[deal.sales_rep]) + ".html"),
            customer=deal.customer_name,
            project=deal.project_name,
            rep=deal.sales_rep,
            status=deal.status,
            status_label=status_label(deal.status, lang),
            stage_number=stage.number if stage else 0,
            stage_label=stage_label(deal.stage, lang),
            amount=deal.amount,
            currency=deal.currency or main_currency,
            weighted=card.weighted_amount,
            close_date=deal.close_date,
            health=card.health,
            quadrant_label=QUADRANT_LABELS[card.quadrant](lang) if card.quadrant else "–",
            verdict_label=VERDICT_LABELS[card.verdict](lang) if card.verdict else "–",
            flags=sorted_flags(card.flags),
            days_since_update=(as_of - deal.last_updated).days if deal.last_updated else None,
            counted_amount=_counted(deal.amount, card.base_amount, deal.currency or main_currency, record, converting),
            counted_weighted=_counted(card.weighted_amount, card.base_weighted_amount, deal.currency or main_currency,
                                      record, converting),
            converted=(f"≈ {money(card.base_amount, card.base_currency)}" if converting and card.base_amount is not None
                       and (deal.currency or main_currency) != card.base_currency else ""),
        ))
    views.sort(key=lambda v: (v.customer.casefold(), v.project.casefold(), v.deal_id))
    return SiteIndex(lang, as_of, tuple(views), {v.deal_id: v for v in views}, rep_slugs, main_currency,
                     converting)


def _counted(own: float | None, base: float | None, currency: str, record: DealRecord, converting: bool) -> Counted:
    """An amount as totals take it: the scorecard's base-currency figure, or the deal's own one without a base."""
    if not converting:
        return Counted(currency, own)
    if record.scorecard.exchange_rate is None:
        return Counted(currency, own, has_rate=False)
    return Counted(record.scorecard.base_currency or currency, base)


def counted_record(record: DealRecord, index: SiteIndex) -> Counted:
    """The amount of a deal from any harvest (an earlier one too), counted the way `index` counts money."""
    deal = record.deal
    return _counted(deal.amount, record.scorecard.base_amount, deal.currency or index.main_currency, record,
                    index.converting)


def counted_total(views: Iterable[DealView], weighted: bool = False) -> MoneyTotal:
    """The amounts (or weighted amounts) of `views` added the way the team counts money."""
    return total(view.counted_weighted if weighted else view.counted_amount for view in views)


def in_main_currency(view: DealView, index: SiteIndex) -> bool:
    """Whether the deal's amounts can be drawn on a chart in the main currency."""
    return view.counted_amount.has_rate and view.counted_amount.currency == index.main_currency


STAGE_NUMBERS = {stage.code: stage.number for stage in STAGES}
