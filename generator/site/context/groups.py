"""Account groups for the accounts index's filters (TAS step 4: group accounts by segment, region, industry and
product line).

Region, industry and product line are free text in the workbook, so each distinct value gets a short code for the filter
(the page's filter matches whole space-separated codes); the label shown is the text itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from generator.core.i18n import Language
from generator.core.vocabulary import SEGMENT
from generator.core.wording.site import word
from generator.site.context.common import DealView, SiteIndex
from generator.site.escaping import one_line

NOT_SET = "none"  # the filter code of deals that leave the field blank


@dataclass(frozen=True)
class GroupFilter:
    """One filter of the accounts index: its field name, its label, and the (code, label) choices."""

    name: str
    label: str
    options: tuple[tuple[str, str], ...]
    codes: dict[str, str]  # deal_id -> the code of its group

    def code(self, view: DealView) -> str:
        return self.codes[view.deal_id]


def _group(name: str, lang: Language, index: SiteIndex, value: Callable[[DealView], str],
           label: Callable[[str], str], prefix: str, order: list[str] | None = None) -> GroupFilter:
    values = {view.deal_id: one_line(value(view)) for view in index.deals}
    found = sorted({v for v in values.values() if v}, key=lambda v: (order.index(v) if order and v in order
                                                                     else len(order or ()), v.casefold()))
    codes = {text: f"{prefix}{number}" for number, text in enumerate(found, start=1)} if not order else {
        text: text for text in found}
    options = [(codes[text], label(text)) for text in found]
    if any(not v for v in values.values()):
        options.append((NOT_SET, word("unknown", lang)))
    return GroupFilter(name, word(name, lang), tuple(options),
                       {deal_id: codes.get(text, NOT_SET) for deal_id, text in values.items()})


def account_groups(index: SiteIndex, lang: Language) -> tuple[GroupFilter, ...]:
    """The segment (A–D), region, industry and product line filters, offering only what some account has."""
    return (
        _group("segment", lang, index, lambda v: v.deal.segment or "", lambda code: SEGMENT.label(code, lang), "",
               order=list(SEGMENT.codes)),
        _group("region", lang, index, lambda v: v.deal.region, str, "r"),
        _group("industry", lang, index, lambda v: v.deal.industry, str, "i"),
        _group("product_line", lang, index, lambda v: v.deal.product_line, str, "p"),
    )
