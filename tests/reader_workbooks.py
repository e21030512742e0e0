"""Build deal workbooks for the reader's tests: the real template filled with openpyxl, or a bare XlsxWriter one.

    path = filled_workbook(tmp_path / "deal.xlsx", "zh", fields={"amount": "¥1,200,000"},
                           tables={"Stakeholders": [{"name": "王总", "role": "EB 决策者"}]})

`fields` maps defined names to cell values (None clears a cell); `tables` maps table names to rows given as
{column key: value}, typed over the template's rows from the top (its default criteria stay below them). The
product's filler (generator.workbook.filler.fill_cells) writes them as given (only "" becomes a blank cell), so
a test can put text where a number belongs.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import xlsxwriter

from generator.core import spec
from generator.core.i18n import Language
from generator.reader.ooxml import parse_reference, split_cell
from generator.workbook.filler import fill_cells
from generator.workbook.template import write_template

DEAL_ID = "0f8fad5b-d9cb-469f-a165-70867728950e"

GOOD_FIELDS: dict[Language, dict[str, Any]] = {
    "zh": {
        "template_version": spec.TEMPLATE_VERSION, "deal_id": DEAL_ID, "customer_name": "华东机械",
        "project_name": "ERP 升级", "sales_rep": "张伟", "industry": "制造业", "region": "华东", "segment": "A",
        "created_date": date(2026, 1, 5), "close_date": date(2026, 12, 15), "amount": 1_200_000,
        "currency": "CNY", "is_tender": "是", "scope_application_software": 700_000, "scope_services": 500_000,
        "competitor_1": "SAP", "competitor_2": "用友", "status": "跟进中", "stage": "资格确认",
        "last_updated": date(2026, 11, 1), "strategy": "侧翼攻击", "assess_short_term_revenue": 4,
        "assess_coach": 5, "needs_business": "降低库存",
    },
    "en": {
        "template_version": spec.TEMPLATE_VERSION, "deal_id": DEAL_ID, "customer_name": "East Machinery",
        "project_name": "ERP upgrade", "sales_rep": "Wei Zhang", "industry": "Manufacturing", "region": "East",
        "segment": "A", "created_date": date(2026, 1, 5), "close_date": date(2026, 12, 15), "amount": 1_200_000,
        "currency": "CNY", "is_tender": "Yes", "scope_application_software": 700_000, "scope_services": 500_000,
        "competitor_1": "SAP", "competitor_2": "Yonyou", "status": "Open", "stage": "Shortlisted",
        "last_updated": date(2026, 11, 1), "strategy": "Flank attack", "assess_short_term_revenue": 4,
        "assess_coach": 5, "needs_business": "Lower inventory",
    },
}

GOOD_TABLES: dict[Language, dict[str, list[dict[str, Any]]]] = {
    "zh": {
        "Stakeholders": [
            {"name": "王总", "title": "总经理", "role": "EB 决策者", "influence": "高", "support": 1},
            {"name": "李工", "role": "Coa 教练/内线", "influence": "中", "support": 3,
             "last_contact": date(2026, 10, 20)},
        ],
        "Criteria": [
            {"criterion": "技术质量", "weight": 0.6, "ours": 4, "competitor_1": 3},
            {"criterion": "价格及付款方式", "weight": 0.4, "ours": 3, "competitor_1": 4, "competitor_2": 5},
        ],
        "Strengths": [{"item": "本地服务团队", "impact": 3, "versus": "SAP"}],
        "Threats": [{"item": "用友低价", "impact": 2}],
        "Actions": [{"action": "高层拜访", "owner": "张伟", "due_date": date(2026, 11, 10), "status": "进行中"}],
    },
    "en": {
        "Stakeholders": [
            {"name": "Mr Wang", "title": "CEO", "role": "EB Economic buyer", "influence": "High", "support": 1},
            {"name": "Li", "role": "Coa Coach", "influence": "Medium", "support": 3,
             "last_contact": date(2026, 10, 20)},
        ],
        "Criteria": [
            {"criterion": "Technical quality", "weight": 0.6, "ours": 4, "competitor_1": 3},
            {"criterion": "Price and payment terms", "weight": 0.4, "ours": 3, "competitor_1": 4, "competitor_2": 5},
        ],
        "Strengths": [{"item": "Local service team", "impact": 3, "versus": "SAP"}],
        "Threats": [{"item": "Yonyou is cheaper", "impact": 2}],
        "Actions": [{"action": "Executive visit", "owner": "Wei", "due_date": date(2026, 11, 10),
                     "status": "In progress"}],
    },
}

_TEMPLATES: dict[Language, Path] = {}


def template_path(lang: Language, folder: Path) -> Path:
    """The real blank template of `lang`, written once per test session."""
    if lang not in _TEMPLATES or not _TEMPLATES[lang].exists():
        path = folder / f"template_{lang}.xlsx"
        write_template(path, lang)
        _TEMPLATES[lang] = path
    return _TEMPLATES[lang]


def filled_workbook(path: Path, lang: Language, fields: dict[str, Any] | None = None,
                    tables: dict[str, list[dict[str, Any]]] | None = None, *, good: bool = True,
                    drop_names: tuple[str, ...] = (), drop_tables: tuple[str, ...] = ()) -> Path:
    """Fill the real template of `lang`: the good deal (unless good=False) overlaid with `fields` and `tables`."""
    values = {**(GOOD_FIELDS[lang] if good else {}), **(fields or {})}
    rows = {**(GOOD_TABLES[lang] if good else {}), **(tables or {})}
    fill_cells(template_path(lang, path.parent), values, rows, path, keep_template_rows=True)
    if drop_names or drop_tables:
        _drop(path, drop_names, drop_tables)
    return path


def _drop(path: Path, names: tuple[str, ...], tables: tuple[str, ...]) -> None:
    """Delete defined names and tables from the workbook at `path`.

    Kept here rather than in the filler: only a test wants a workbook that lost part of the template.
    """
    book = openpyxl.load_workbook(path)
    for worksheet in book.worksheets:
        for table in list(worksheet.tables.values()):
            if table.name in tables:
                del worksheet.tables[table.name]
    for name in names:
        del book.defined_names[name]
    book.save(path)


def bare_workbook(path: Path, lang: Language, fields: dict[str, Any] | None = None,
                  tables: dict[str, tuple[list[str], list[list[Any]]]] | None = None,
                  *, extra_names: dict[str, str] | None = None) -> Path:
    """A workbook written from scratch with XlsxWriter: one sheet, the given names and tables only.

    `tables` maps a table name to (headers as written, rows in that column order), so a test can reorder,
    rename or add columns. Field cells go down column B from row 1; tables go right of them.
    """
    book = xlsxwriter.Workbook(str(path))
    sheet_name = "Deal's plan"  # an apostrophe, to exercise quoting
    sheet = book.add_worksheet(sheet_name)
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    quoted = "'" + sheet_name.replace("'", "''") + "'"
    for row, (name, value) in enumerate((fields or {}).items()):
        sheet.write(row, 0, name)
        if isinstance(value, date):
            sheet.write_datetime(row, 1, value, date_format)
        elif value is not None:
            sheet.write(row, 1, value)
        book.define_name(name, f"={quoted}!$B${row + 1}")
    for name, formula in (extra_names or {}).items():
        book.define_name(name, formula)
    column = 3
    for name, (headers, rows) in (tables or {}).items():
        data = [list(row) for row in rows]
        last_row = max(len(rows), 1)
        sheet.add_table(0, column, last_row, column + len(headers) - 1, {
            "name": name, "columns": [{"header": header} for header in headers], "data": data or None,
            "autofilter": False,
        })
        column += len(headers) + 1
    book.close()
    return path


def cell_of(path: Path, name: str) -> tuple[str, int, int]:
    """The sheet, row and column a defined name points at (for tests that poke at one cell)."""
    book = openpyxl.load_workbook(path)
    target = parse_reference(book.defined_names[name].attr_text)
    assert target is not None
    row, col = split_cell(target[1])
    return target[0], row, col
