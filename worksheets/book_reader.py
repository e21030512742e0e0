"""Read a deal workbook through xlwings' object model into a RawWorkbook: defined names and Excel tables only.

Pure range reading: no validation, no defaults, no decisions (those belong to generator.reader). Works with
any xlwings engine (Excel on Windows/macOS, xlwings Lite, or a test engine) because it only uses
`book.names`, `name.refers_to_range`, `sheet.tables`, `table.header_row_range` and `table.data_body_range`.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import xlwings as xw

from generator.core.raw import CellValue, RawCell, RawTable, RawWorkbook, cell_ref
from generator.reader.ooxml import parse_reference, split_cell

OUTPUT_PREFIX = "score_"
MAX_BLOCK_CELLS = 20_000  # a block read larger than this would mean a named cell was moved far away


def read_book(book: xw.Book, *, include_outputs: bool = False) -> RawWorkbook:
    """Read every workbook-level defined name's first cell and every table of `book`.

    Names starting with `score_` are outputs; they are skipped unless `include_outputs`, so the Score button
    never reads what it writes. Named cells are read one block per sheet: in Excel every read is a round trip
    (slow over AppleScript on a Mac), so ~60 names cost a few reads, not ~60.
    """
    sheets = tuple(str(sheet.name) for sheet in book.sheets)
    raw = RawWorkbook(source=str(book.name), sheets=sheets)
    wanted: dict[str, tuple[str, int, int]] = {}  # lower-cased name -> (sheet, row, column)
    for name in book.names:
        text = str(name.name)
        # Sheet-scoped names come as "Sheet!name"; the workbook API uses workbook-level names only.
        if "!" in text or (not include_outputs and text.lower().startswith(OUTPUT_PREFIX)):
            continue
        place = _place(name)
        if place is not None:
            wanted[text.lower()] = place
        else:  # the engine gave no reference text: ask for the range itself
            cell = _first_cell(name)
            if cell is not None:
                raw.names[text.lower()] = cell
    raw.names.update(_read_named_cells(book, wanted))
    for sheet in book.sheets:
        for table in sheet.tables:
            raw_table = _read_table(table, str(sheet.name))
            if raw_table is not None:
                raw.tables[raw_table.name.lower()] = raw_table
    return raw


def _place(name: Any) -> tuple[str, int, int] | None:
    try:
        refers_to = name.refers_to
    except Exception:  # some engines cannot describe a name; the caller falls back to its range
        return None
    target = parse_reference(str(refers_to)) if refers_to else None
    if target is None:
        return None
    row, column = split_cell(target[1])
    return target[0], row, column


def _read_named_cells(book: xw.Book, wanted: dict[str, tuple[str, int, int]]) -> dict[str, RawCell]:
    """Read the cells in `wanted` with one block read per sheet (the block spanning that sheet's names)."""
    cells: dict[str, RawCell] = {}
    by_sheet: dict[str, list[tuple[str, int, int]]] = {}
    for key, (sheet, row, column) in wanted.items():
        by_sheet.setdefault(sheet, []).append((key, row, column))
    titles = {str(sheet.name): sheet for sheet in book.sheets}
    for sheet_name, places in by_sheet.items():
        if sheet_name not in titles:  # a name pointing at a sheet that no longer exists
            continue
        worksheet = titles[sheet_name]
        top, left = min(p[1] for p in places), min(p[2] for p in places)
        bottom, right = max(p[1] for p in places), max(p[2] for p in places)
        if (bottom - top + 1) * (right - left + 1) > MAX_BLOCK_CELLS:  # a named cell moved far away: read one by one
            for key, row, column in places:
                value = worksheet.range((row, column)).value
                cells[key] = RawCell(sheet_name, cell_ref(row, column), _cell_value(value))
            continue
        block = worksheet.range((top, left), (bottom, right)).options(ndim=2).value
        for key, row, column in places:
            cells[key] = RawCell(sheet_name, cell_ref(row, column), _cell_value(block[row - top][column - left]))
    return cells


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
