"""The harvest's reader: python-calamine for cell values, the package's own XML for names and tables.

The file is read from disk once (or given as bytes); the zip directory and calamine both work on that in-memory
copy. Only the sheets that a defined name or a table lives on are parsed, and a sheet's XML is scanned for `<f>`
elements only when a named cell on it came back empty, to tell "empty" from "formula never calculated", and for
error cells (`t="e"`, which calamine reports as empty) to tell "empty" from "#DIV/0!".
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from python_calamine import CalamineWorkbook

from generator.core.raw import CellValue, RawCell, RawTable, RawWorkbook
from generator.reader.ooxml import (
    Package,
    TablePart,
    check_extent,
    error_values,
    formulas_without_value,
    normalize_value,
    parse_reference,
    read_workbook_parts,
    split_cell,
    split_range,
    unescape,
)

Grid = Sequence[Sequence[object]]


def read_raw_calamine(path: Path, data: bytes | None = None) -> RawWorkbook:
    """Read the defined-name cells and tables of the workbook at `path` (opened read-only), or of its `data`."""
    if data is None:
        data = path.read_bytes()
    with Package(data) as archive:
        parts = read_workbook_parts(archive)
        targets = {name: parse_reference(formula) for name, formula in parts.names.items()}
        last_rows: dict[str, int] = defaultdict(int)  # per sheet, the last row a name or table reaches
        for target in targets.values():
            if target:
                last_rows[target[0]] = max(last_rows[target[0]], split_cell(target[1])[0])
        for table in parts.tables:
            last_rows[table.sheet] = max(last_rows[table.sheet], split_range(table.ref)[2])
        members = set(archive.namelist())
        sheet_xml = {
            sheet: archive.read(part) for sheet, part in parts.sheets if sheet in last_rows and part in members
        }
        for sheet, xml in sheet_xml.items():
            check_extent(sheet, xml)  # calamine would try to allocate every cell of a huge span, and abort
        grids = _grids(data, {sheet: last_rows[sheet] for sheet, _ in parts.sheets if sheet in last_rows})
        names: dict[str, RawCell] = {}
        for name, target in targets.items():
            if target is None or target[0] not in grids:
                continue  # #REF!, a constant, or a sheet that no longer exists: the name is as good as missing
            sheet, ref = target
            names.setdefault(name.lower(), RawCell(sheet, ref, _value(grids[sheet], *split_cell(ref))))
        _mark_formulas_without_value(sheet_xml, names)
        errors = {sheet: error_values(xml) for sheet, xml in sheet_xml.items()}
        _mark_errors(errors, names)
    tables = {table.name.lower(): _table(table, grids[table.sheet], errors.get(table.sheet, {}))
              for table in parts.tables if table.sheet in grids}
    return RawWorkbook(str(path), names, tables, tuple(sheet for sheet, _ in parts.sheets), parts.date1904)


def _grids(data: bytes, last_rows: dict[str, int]) -> dict[str, Grid]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    try:
        # skip_empty_area=False anchors row 0 / column 0 at A1, so grid[row - 1][column - 1] is the cell; rows
        # below the last one needed are never turned into Python objects (a rep may format a whole column).
        return {
            sheet: book.get_sheet_by_name(sheet).to_python(skip_empty_area=False, nrows=last_row)
            for sheet, last_row in last_rows.items()
        }
    finally:
        book.close()


def _value(grid: Grid, row: int, column: int) -> CellValue:
    if row - 1 < len(grid):
        cells = grid[row - 1]
        if column - 1 < len(cells):
            return normalize_value(cells[column - 1])
    return None


def _row(grid: Grid, row: int, first_column: int, width: int) -> tuple[CellValue, ...]:
    cells = grid[row - 1][first_column - 1 : first_column - 1 + width] if row - 1 < len(grid) else ()
    values = tuple(map(normalize_value, cells))
    return values + (None,) * (width - len(values)) if len(values) < width else values


def _mark_formulas_without_value(sheet_xml: dict[str, bytes], names: dict[str, RawCell]) -> None:
    empty: dict[str, set[str]] = defaultdict(set)
    for cell in names.values():
        if cell.value is None:
            empty[cell.sheet].add(cell.ref)
    for sheet, refs in empty.items():
        unsaved = formulas_without_value(sheet_xml.get(sheet, b""), refs)
        if unsaved:
            for key, cell in names.items():
                if cell.sheet == sheet and cell.ref in unsaved:
                    names[key] = RawCell(cell.sheet, cell.ref, None, formula_without_value=True)


def _mark_errors(errors: dict[str, dict[str, str]], names: dict[str, RawCell]) -> None:
    for key, cell in names.items():
        error = errors.get(cell.sheet, {}).get(cell.ref)
        if error is not None and cell.value is None:
            names[key] = RawCell(cell.sheet, cell.ref, None, error=error)


def _table(table: TablePart, grid: Grid, errors: dict[str, str]) -> RawTable:
    first_row, first_column, last_row, last_column = split_range(table.ref)
    width = last_column - first_column + 1
    headers = list(table.columns[:width])
    if len(headers) < width:
        header_cells = [_value(grid, first_row, first_column + i) for i in range(width)] if table.header_rows else []
        for i in range(len(headers), width):
            text = header_cells[i] if i < len(header_cells) else None
            headers.append(unescape(str(text)) if text is not None else "")
    data_first = first_row + table.header_rows
    data_last = last_row - table.totals_rows
    rows = tuple(_row(grid, row, first_column, width) for row in range(data_first, data_last + 1))
    shown = {ref: error for ref, error in errors.items()
             if data_first <= (at := split_cell(ref))[0] <= data_last and first_column <= at[1] <= last_column}
    return RawTable(table.name, table.sheet, data_first, first_column, tuple(headers), rows, shown)

