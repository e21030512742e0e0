"""The spec's tables the model has no attribute for (Deal.more_tables), as generic sections of the account page.

Each such table is shown as the workbook shows it: the spec table's title, its columns' labels in the page's
language as headers, and each value formatted by its column's kind (a day, money in the deal's currency, a
drop-down's label). A table without rows is left out. The text stays text: the template escapes every cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from generator.core.i18n import Language
from generator.core.model import Deal, MoreValue
from generator.core.spec import ALL_TABLES, Column, Field
from generator.site.context.common import choice_label
from generator.site.formatting import day, money


@dataclass(frozen=True)
class MoreTable:
    """One table of Deal.more_tables as the page shows it."""

    key: str  # the section's anchor on the page, `s-<key>`, and its search entry's
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def value_text(described: Field | Column | None, value: MoreValue, currency: str | None, lang: Language) -> str:
    """A value the model holds outside its typed attributes as the site shows it: "" when empty, a drop-down's
    label, a day, money in `currency`, a percentage (0-100 in the model), a number without trailing zeros."""
    if value is None or value == "" or described is None:
        return "" if value is None else str(value)
    if described.kind == "choice" and described.vocabulary and isinstance(value, str):
        return choice_label(described.vocabulary, value, lang)
    if isinstance(value, date):
        return day(value)
    if described.kind == "amount" and isinstance(value, int | float):
        return money(value, currency)
    if described.kind == "percent" and isinstance(value, int | float):
        return f"{value:g}%"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def section_key(table_name: str) -> str:
    """The anchor key of a table's section: `table-` and its name, lower case, safe in an id."""
    return "table-" + re.sub(r"[^a-z0-9_-]+", "-", table_name.lower())


def more_tables(deal: Deal, lang: Language) -> tuple[MoreTable, ...]:
    """Each table of `deal.more_tables` the spec still describes and that has rows, in spec order."""
    shown = []
    for name, table in ALL_TABLES.items():
        rows = deal.more_tables.get(name, ())
        if not rows:
            continue
        shown.append(MoreTable(
            key=section_key(name),
            title=table.title(lang),
            headers=tuple(column.label(lang) for column in table.columns),
            rows=tuple(tuple(value_text(column, row.get(column.key), deal.currency, lang) or "–"
                             for column in table.columns) for row in rows),
        ))
    return tuple(shown)
