"""A second, independent reader built on openpyxl: the tests' cross-check and the benchmark baseline.

It must give the same `RawWorkbook` as the calamine reader for any file (numbers may differ as int vs float).
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904
from openpyxl.worksheet.worksheet import Worksheet

from generator.core.raw import CellValue, RawCell, RawTable, RawWorkbook, cell_ref
from generator.reader.ooxml import normalize_value, parse_reference, split_cell, split_range, unescape


def read_raw_openpyxl(path: Path) -> RawWorkbook:
    """Read the defined-name cells and tables of the workbook at `path` with openpyxl (never saved)."""
    values = openpyxl.load_workbook(path, data_only=True, keep_links=False)
    formulas = openpyxl.load_workbook(path, data_only=False, keep_links=False)
    sheets = tuple(values.sheetnames)
    names: dict[str, RawCell] = {}
    for name, defined in values.defined_names.items():
        if name.lower().startswith("_xlnm.") or defined.attr_text is None:
            continue
        target = parse_reference(defined.attr_text)
        if target is None or target[0] not in sheets:
            continue
        sheet, ref = target
        value = _value(values[sheet], ref)
        unsaved = value is None and formulas[sheet][ref].data_type == "f"
        names.setdefault(name.lower(), RawCell(sheet, ref, value, formula_without_value=unsaved,
                                               error=_error(values[sheet], ref)))
    tables: dict[str, RawTable] = {}
    for worksheet in values.worksheets:  # chartsheets have no tables
        for table in worksheet.tables.values():
            if not table.ref:
                continue
            raw = _table(worksheet, table.displayName or table.name or "", table.ref,
                         int(table.headerRowCount if table.headerRowCount is not None else 1),
                         int(table.totalsRowCount or 0), [unescape(c.name or "") for c in table.tableColumns])
            tables.setdefault(raw.name.lower(), raw)
    date1904 = values.epoch == CALENDAR_MAC_1904
    values.close()
    formulas.close()
    return RawWorkbook(str(path), names, tables, sheets, date1904)


def _value(worksheet: Worksheet, ref: str) -> CellValue:
    row, column = split_cell(ref)
    cell = worksheet.cell(row=row, column=column)
    if cell.data_type == "e":
        return None  # #N/A, #REF! ...: no usable value, as calamine reports them (the error is kept apart)
    return normalize_value(cell.value)


def _error(worksheet: Worksheet, ref: str) -> str | None:
    row, column = split_cell(ref)
    cell = worksheet.cell(row=row, column=column)
    return str(cell.value or "#N/A")[:20] if cell.data_type == "e" else None


def _table(worksheet: Worksheet, name: str, ref: str, header_rows: int, totals_rows: int,
           columns: list[str]) -> RawTable:
    first_row, first_column, last_row, last_column = split_range(ref)
    width = last_column - first_column + 1
    headers = columns[:width]
    for i in range(len(headers), width):
        text = worksheet.cell(row=first_row, column=first_column + i).value if header_rows else None
        headers.append(unescape(str(text)) if text is not None else "")
    data_first = first_row + header_rows
    data_rows = range(data_first, last_row - totals_rows + 1)
    rows = tuple(tuple(_cell(worksheet, row, first_column + i) for i in range(width)) for row in data_rows)
    errors = {ref: error for row in data_rows for i in range(width)
              if (error := _error(worksheet, ref := cell_ref(row, first_column + i))) is not None}
    return RawTable(name, worksheet.title, data_first, first_column, tuple(headers), rows, errors)


def _cell(worksheet: Worksheet, row: int, column: int) -> CellValue:
    cell = worksheet.cell(row=row, column=column)
    return None if cell.data_type == "e" else normalize_value(cell.value)
