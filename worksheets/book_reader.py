"""Read a deal workbook through xlwings' object model into a RawWorkbook: defined names and Excel tables only.

Pure range reading: no validation, no defaults, no decisions (those belong to generator.reader). Works with
any xlwings engine (Excel on Windows/macOS, xlwings Lite, or a test engine) because it only uses
`book.names`, `name.refers_to_range`, `sheet.tables`, `table.header_row_range` and `table.data_body_range`.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import xlwings as xw

from generator.raw import CellValue, RawCell, RawTable, RawWorkbook, cell_ref

OUTPUT_PREFIX = "score_"


def read_book(book: xw.Book, *, include_outputs: bool = False) -> RawWorkbook:
    """Read every workbook-level defined name's first cell and every table of `book`.

    Names starting with `score_` are outputs; they are skipped unless `include_outputs`, so the Score button
    never reads what it writes.
    """
    sheets = tuple(str(sheet.name) for sheet in book.sheets)
    raw = RawWorkbook(source=str(book.name), sheets=sheets)
    for name in book.names:
        text = str(name.name)
        # Sheet-scoped names come as "Sheet!name"; the workbook API uses workbook-level names only.
        if "!" in text or (not include_outputs and text.lower().startswith(OUTPUT_PREFIX)):
            continue
        cell = _first_cell(name)
        if cell is not None:
            raw.names[text.lower()] = cell
    for sheet in book.sheets:
        for table in sheet.tables:
            raw_table = _read_table(table, str(sheet.name))
            if raw_table is not None:
                raw.tables[raw_table.name.lower()] = raw_table
    return raw


def _first_cell(name: Any) -> RawCell | None:
    try:
        target = name.refers_to_range
    except Exception:  # a name for a constant, a formula or a deleted range (#REF!) has no range
        return None
    if target is None:
        return None
    if target.shape != (1, 1):
        target = target[0, 0]
    return RawCell(
        sheet=str(target.sheet.name),
        ref=cell_ref(int(target.row), int(target.column)),
        value=_cell_value(target.value),
    )


def _read_table(table: Any, sheet: str) -> RawTable | None:
    header = table.header_row_range
    if header is None:  # a table with its header row switched off cannot be matched by header text
        return None
    headers = _rows(header.options(ndim=2).value)
    body = table.data_body_range
    rows = _rows(body.options(ndim=2).value) if body is not None else []
    return RawTable(
        name=str(table.name),
        sheet=sheet,
        first_row=int(header.row) + 1,
        first_column=int(header.column),
        headers=tuple("" if h is None else str(h) for h in (headers[0] if headers else [])),
        rows=tuple(tuple(_cell_value(v) for v in row) for row in rows),
    )


def _rows(value: Any) -> list[list[Any]]:
    if value is None:
        return []
    return [list(row) for row in value]


def _cell_value(value: Any) -> CellValue:
    """Pass Excel's scalar types through; anything else (an error object, a rich value) becomes its text."""
    if value is None or isinstance(value, str | bool | int | float | datetime | date | time):
        return value
    return str(value)
