"""What any workbook backend reads before validation: defined-name cells and Excel tables, values untyped.

Backends (python-calamine for the harvest, xlwings for the Score button, openpyxl in tests) fill a
`RawWorkbook`; `generator.parse` turns it into a `Deal` plus problems. Keeping backends this thin is what lets
the Excel button and the harvest share one reader and one scoring engine.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time

CellValue = str | int | float | bool | datetime | date | time | None


@dataclass(frozen=True)
class RawCell:
    """The value of the cell a defined name points at."""

    sheet: str
    ref: str  # A1 reference without $ signs, e.g. "C7"
    value: CellValue
    formula_without_value: bool = False  # a formula whose result was never saved (e.g. written by a library)
    error: str | None = None  # the Excel error the cell shows ("#DIV/0!", "#N/A"); its value is then None


@dataclass(frozen=True)
class RawTable:
    """An Excel table: its header texts and data rows, positioned so problems can name cells."""

    name: str
    sheet: str
    first_row: int  # 1-based worksheet row of the first data row (header row + 1)
    first_column: int  # 1-based worksheet column of the table's first column
    headers: tuple[str, ...]
    rows: tuple[tuple[CellValue, ...], ...]
    errors: Mapping[str, str] = field(default_factory=dict)  # cell ref -> the Excel error it shows (value None)


@dataclass
class RawWorkbook:
    """Everything the reader needs from one workbook file. Name and table lookups ignore case, as Excel does."""

    source: str  # file path or book name, used in problems
    names: dict[str, RawCell] = field(default_factory=dict)  # keys lower-cased
    tables: dict[str, RawTable] = field(default_factory=dict)  # keys lower-cased
    sheets: tuple[str, ...] = ()
    date1904: bool = False  # the workbook counts date serials from 1904-01-01 (Excel for Mac's old default)

    def name(self, name: str) -> RawCell | None:
        return self.names.get(name.lower())

    def table(self, name: str) -> RawTable | None:
        return self.tables.get(name.lower())


def column_letter(column: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while column > 0:
        column, remainder = divmod(column - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def cell_ref(row: int, column: int) -> str:
    """A1 reference of a 1-based row and column."""
    return f"{column_letter(column)}{row}"
