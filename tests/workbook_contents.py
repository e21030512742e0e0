"""Read what a workbook says, independent of bytes: defined-name values and every table's cells (openpyxl)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl


def workbook_contents(path: Path) -> dict[str, Any]:
    """{"names": {name: (sheet, ref, value)}, "tables": {table: (sheet, ref, rows)}} of the workbook at `path`."""
    book = openpyxl.load_workbook(path)
    names: dict[str, Any] = {}
    for name, defined in book.defined_names.items():
        destinations = list(defined.destinations)
        if len(destinations) != 1:
            continue
        sheet, ref = destinations[0]
        ref = ref.replace("$", "")
        value = None if ":" in ref else book[sheet][ref].value
        names[name] = (sheet, ref, value)
    tables: dict[str, Any] = {}
    for ws in book.worksheets:
        for table in ws.tables.values():
            rows = [[cell.value for cell in row] for row in ws[table.ref]]
            tables[table.name] = (ws.title, table.ref, rows)
    return {"names": names, "tables": tables}
