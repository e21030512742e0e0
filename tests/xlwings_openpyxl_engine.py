"""A test-only xlwings engine over openpyxl, so xlwings' own Book/Sheet/Range/Name/Table layer runs on Linux.

xlwings talks to Excel through an *engine* (`xlwings.main.Engine` wrapping an implementation object; see
`xlwings/_xlwindows.py`, `xlwings/base_classes.py`). Its file and remote engines live under `xlwings/pro`,
which is licensed PolyForm Noncommercial or commercially, so winplan does not use them. This engine implements
the BSD interface in `xlwings.base_classes` over openpyxl instead and is registered with `xlwings.engines.add`.
Only what winplan's Score button needs is implemented; everything else raises NotImplementedError from the base
classes. Behaviour copied from Excel on purpose:

- a single cell reads as a scalar, a range as a list of rows (xlwings' conversion layer shapes the result);
- a text written with a leading apostrophe is stored as text without it (Excel's quote prefix), and a text
  starting with "=" becomes a formula, as Excel would make it;
- a locked cell on a protected sheet refuses new values (and fills, unless formatting is allowed);
- fills are solid pattern fills; `color` reads and writes (r, g, b) tuples or "#rrggbb" strings.

See worksheets/TESTING.md for why the tests use this engine.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import xlwings as xw
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.workbook.workbook import Workbook as OpenpyxlWorkbook
from openpyxl.worksheet.worksheet import Worksheet as OpenpyxlWorksheet
from xlwings import base_classes

ENGINE_NAME = "openpyxl"
_pids = itertools.count(90_000)


class Engine:
    """The engine implementation that xlwings.main.Engine wraps."""

    name = ENGINE_NAME
    type = "file"  # neither "desktop" nor "remote": xlwings then writes scalars and lists without chunking

    def __init__(self) -> None:
        self._apps = Apps(self)

    @property
    def apps(self) -> Apps:
        return self._apps

    @staticmethod
    def prepare_xl_data_element(x: Any, options: Any) -> Any:
        if isinstance(x, float) and x != x:  # NaN, as the desktop engines write it
            return None
        return x

    @staticmethod
    def clean_value_data(
        data: list[list[Any]], datetime_builder: Any, empty_as: Any, number_builder: Any, err_to_str: Any
    ) -> list[list[Any]]:
        return [[_clean(c, datetime_builder, empty_as, number_builder) for c in row] for row in data]


def _clean(value: Any, datetime_builder: Any, empty_as: Any, number_builder: Any) -> Any:
    if value is None or value == "":
        return empty_as
    if isinstance(value, dt.datetime):
        return datetime_builder(
            year=value.year, month=value.month, day=value.day, hour=value.hour, minute=value.minute,
            second=value.second, microsecond=value.microsecond,
        )
    if isinstance(value, dt.date):
        return datetime_builder(year=value.year, month=value.month, day=value.day)
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        # Excel hands every number over as a double, so the test engine does too.
        number = float(value)
        return number_builder(number) if number_builder is not None else number
    return value


class Apps(base_classes.Apps):
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._apps: list[App] = []

    def keys(self) -> list[int]:
        return [app.pid for app in self._apps]

    def add(self, spec: Any = None, add_book: Any = None, xl: Any = None, visible: Any = None) -> App:
        app = App(self.engine)
        self._apps.insert(0, app)
        return app

    def __iter__(self) -> Iterator[App]:
        if not self._apps:
            self.add()
        return iter(list(self._apps))

    def __len__(self) -> int:
        return len(self._apps)

    def __getitem__(self, pid: int) -> App:
        for app in self._apps:
            if app.pid == pid:
                return app
        raise KeyError(pid)


class App(base_classes.App):
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._pid = next(_pids)
        self._books = Books(self)

    @property
    def pid(self) -> int:
        return self._pid

    @property
    def books(self) -> Books:
        return self._books

    @property
    def version(self) -> str:
        return "openpyxl-" + openpyxl.__version__

    @property
    def visible(self) -> bool:
        return False

    @visible.setter
    def visible(self, visible: bool) -> None:
        pass

    @property
    def display_alerts(self) -> bool:
        return False

    @display_alerts.setter
    def display_alerts(self, value: bool) -> None:
        pass

    @property
    def screen_updating(self) -> bool:
        return False

    @screen_updating.setter
    def screen_updating(self, value: bool) -> None:
        pass

    def quit(self) -> None:
        self._books.close_all()

    def kill(self) -> None:
        self.quit()


class Books(base_classes.Books):
    def __init__(self, app: App) -> None:
        self.app = app
        self._books: list[Book] = []

    @property
    def api(self) -> list[Book]:
        return self._books

    @property
    def active(self) -> Book:
        return self._books[-1]

    def __call__(self, name_or_index: int | str) -> Book:
        if isinstance(name_or_index, int):
            return self._books[name_or_index - 1]
        for book in self._books:
            if book.name.lower() == str(name_or_index).lower():
                return book
        raise KeyError(name_or_index)

    def __len__(self) -> int:
        return len(self._books)

    def __iter__(self) -> Iterator[Book]:
        return iter(list(self._books))

    def open(self, fullname: str, *args: Any, **kwargs: Any) -> Book:
        book = Book(self, Path(fullname))
        self._books.append(book)
        return book

    def forget(self, book: Book) -> None:
        self._books = [b for b in self._books if b is not book]

    def close_all(self) -> None:
        for book in list(self._books):
            book.close()


class Book(base_classes.Book):
    def __init__(self, books: Books, path: Path) -> None:
        self._books = books
        self.path = path
        self.workbook: OpenpyxlWorkbook = openpyxl.load_workbook(
            path, keep_vba=path.suffix.lower() in (".xlsm", ".xltm"), rich_text=False
        )

    @property
    def api(self) -> OpenpyxlWorkbook:
        return self.workbook

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def fullname(self) -> str:
        return str(self.path)

    @property
    def app(self) -> App:
        return self._books.app

    @property
    def sheets(self) -> Sheets:
        return Sheets(self)

    @property
    def names(self) -> Names:
        return Names(self)

    def save(self, path: str | None = None, password: str | None = None) -> None:
        target = Path(path) if path else self.path
        self.workbook.save(os.fspath(target))

    def close(self) -> None:
        self.workbook.close()
        self._books.forget(self)

    def activate(self) -> None:
        pass


class Sheets(base_classes.Sheets):
    def __init__(self, book: Book) -> None:
        self.book = book

    @property
    def api(self) -> list[OpenpyxlWorksheet]:
        return list(self.book.workbook.worksheets)

    @property
    def active(self) -> Sheet:
        return Sheet(self.book, self.book.workbook.active)  # type: ignore[arg-type]

    def __call__(self, name_or_index: int | str) -> Sheet:
        worksheets = self.book.workbook.worksheets
        if isinstance(name_or_index, int):
            return Sheet(self.book, worksheets[name_or_index - 1])
        for worksheet in worksheets:
            if worksheet.title.lower() == str(name_or_index).lower():
                return Sheet(self.book, worksheet)
        raise KeyError(name_or_index)

    def __len__(self) -> int:
        return len(self.book.workbook.worksheets)

    def __iter__(self) -> Iterator[Sheet]:
        return (Sheet(self.book, ws) for ws in list(self.book.workbook.worksheets))


class Sheet(base_classes.Sheet):
    def __init__(self, book: Book, worksheet: OpenpyxlWorksheet) -> None:
        self._book = book
        self.worksheet = worksheet

    @property
    def api(self) -> OpenpyxlWorksheet:
        return self.worksheet

    @property
    def name(self) -> str:
        return self.worksheet.title

    @property
    def book(self) -> Book:
        return self._book

    @property
    def index(self) -> int:
        return self._book.workbook.worksheets.index(self.worksheet) + 1

    @property
    def names(self) -> Names:
        return Names(self._book, scope=self)

    def range(self, arg1: Any, arg2: Any = None) -> Range:
        if isinstance(arg1, Range):
            first: tuple[int, int, int, int] = (arg1.row, arg1.column, arg1.last_row, arg1.last_column)
        elif isinstance(arg1, tuple) and len(arg1) == 4:
            row, column, rows, columns = arg1
            return Range(self, row, column, row + rows - 1, column + columns - 1)
        elif isinstance(arg1, tuple):
            first = (arg1[0], arg1[1], arg1[0], arg1[1])
        else:
            min_col, min_row, max_col, max_row = range_boundaries(str(arg1).replace("$", ""))
            assert min_col is not None and min_row is not None
            first = (min_row, min_col, max_row or min_row, max_col or min_col)
        if arg2 is None:
            return Range(self, *first)
        if isinstance(arg2, Range):
            second = (arg2.row, arg2.column, arg2.last_row, arg2.last_column)
        elif isinstance(arg2, tuple):
            second = (arg2[0], arg2[1], arg2[0], arg2[1])
        else:
            return self.range(arg1).merge(self.range(arg2))
        return Range(
            self, min(first[0], second[0]), min(first[1], second[1]), max(first[2], second[2]),
            max(first[3], second[3]),
        )

    @property
    def tables(self) -> Tables:
        return Tables(self)

    def activate(self) -> None:
        pass

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sheet) and other.worksheet is self.worksheet

    def __hash__(self) -> int:
        return id(self.worksheet)


class Range(base_classes.Range):
    def __init__(self, sheet: Sheet, row: int, column: int, last_row: int, last_column: int) -> None:
        self._sheet = sheet
        self._row, self._column, self.last_row, self.last_column = row, column, last_row, last_column
        self.options: dict[str, Any] = {}

    def _cells(self) -> list[list[Any]]:
        ws = self._sheet.worksheet
        return [
            [ws.cell(row=r, column=c) for c in range(self._column, self.last_column + 1)]
            for r in range(self._row, self.last_row + 1)
        ]

    @property
    def api(self) -> list[list[Any]]:
        return self._cells()

    @property
    def sheet(self) -> Sheet:
        return self._sheet

    @property
    def row(self) -> int:
        return self._row

    @property
    def column(self) -> int:
        return self._column

    @property
    def shape(self) -> tuple[int, int]:
        return (self.last_row - self._row + 1, self.last_column - self._column + 1)

    @property
    def coords(self) -> tuple[Sheet, int, int, int, int]:
        return (self._sheet, self._row, self._column, *self.shape)

    @property
    def max_cells_per_read(self) -> None:
        return None

    @property
    def max_cells_per_write(self) -> None:
        return None

    def __len__(self) -> int:
        rows, columns = self.shape
        return rows * columns

    def __call__(self, row: int, column: int | None = None) -> Range:
        if column is None:  # 1-based index over the range, row by row
            columns = self.shape[1]
            row, column = divmod(row - 1, columns)
            row, column = row + 1, column + 1
        target_row, target_column = self._row + row - 1, self._column + column - 1
        return Range(self._sheet, target_row, target_column, target_row, target_column)

    def merge(self, other: Range) -> Range:
        return Range(
            self._sheet, min(self._row, other._row), min(self._column, other._column),
            max(self.last_row, other.last_row), max(self.last_column, other.last_column),
        )

    @property
    def address(self) -> str:
        first = f"${get_column_letter(self._column)}${self._row}"
        if self.shape == (1, 1):
            return first
        return f"{first}:${get_column_letter(self.last_column)}${self.last_row}"

    def get_address(self, row_absolute: bool, col_absolute: bool, external: bool) -> str:
        address = self.address
        if not row_absolute or not col_absolute:
            address = address.replace("$", "")
        return f"[{self._sheet.book.name}]{self._sheet.name}!{address}" if external else address

    @property
    def raw_value(self) -> Any:
        values = [[_stored_value(cell) for cell in row] for row in self._cells()]
        if self.shape == (1, 1):
            return values[0][0]
        return values

    @raw_value.setter
    def raw_value(self, data: Any) -> None:
        cells = self._cells()
        if not isinstance(data, list | tuple):  # a scalar fills the whole range, as Excel does
            for row in cells:
                for cell in row:
                    _store(cell, data)
            return
        for row_cells, row_values in zip(cells, data, strict=False):
            values = row_values if isinstance(row_values, list | tuple) else [row_values]
            for cell, value in zip(row_cells, values, strict=False):
                _store(cell, value)

    @property
    def formula(self) -> Any:
        return self.raw_value

    @property
    def color(self) -> tuple[int, int, int] | None:
        fill = self._cells()[0][0].fill
        if fill is None or fill.fill_type != "solid":
            return None
        rgb = str(fill.fgColor.rgb or "")
        if len(rgb) not in (6, 8):
            return None
        rgb = rgb[-6:]
        return (int(rgb[0:2], 16), int(rgb[2:4], 16), int(rgb[4:6], 16))

    @color.setter
    def color(self, color_or_rgb: Any) -> None:
        if color_or_rgb is None:
            fill = PatternFill(fill_type=None)
        else:
            fill = PatternFill(fill_type="solid", fgColor=_argb(color_or_rgb), bgColor=_argb(color_or_rgb))
        for row in self._cells():
            for cell in row:
                _refuse_if_protected(cell, formatting=True)
                cell.fill = fill

    def clear_contents(self) -> None:
        self.raw_value = None


def _stored_value(cell: Any) -> Any:
    return cell.value


class ProtectedCell(PermissionError):
    """Excel's refusal to change a locked cell on a protected sheet (COM error 1004)."""


def _refuse_if_protected(cell: Any, *, formatting: bool = False) -> None:
    protection = cell.parent.protection
    # openpyxl's formatCells=False means "formatting allowed" on a protected sheet, as in the file format.
    blocked = protection.sheet and cell.protection.locked and (not formatting or protection.formatCells)
    if blocked:
        raise ProtectedCell(
            f"The cell {cell.parent.title}!{cell.coordinate} is on a protected sheet and locked; "
            "Excel refuses to change it."
        )


def _store(cell: Any, value: Any) -> None:
    _refuse_if_protected(cell)
    if isinstance(value, str) and value.startswith("'"):
        cell.value = value[1:]
        cell.data_type = "s"  # openpyxl would take a leading "=" for a formula
        cell.quotePrefix = True
        return
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    cell.value = value
    if isinstance(value, dt.datetime) and cell.number_format == "General":
        cell.number_format = "yyyy-mm-dd"


def _argb(color: Any) -> str:
    if isinstance(color, tuple):
        r, g, b = color
        return f"FF{r:02X}{g:02X}{b:02X}"
    if isinstance(color, int):  # Excel's BGR colour number
        return f"FF{color & 0xFF:02X}{(color >> 8) & 0xFF:02X}{(color >> 16) & 0xFF:02X}"
    return "FF" + str(color).lstrip("#").upper()


class Names(base_classes.Names):
    def __init__(self, book: Book, scope: Sheet | None = None) -> None:
        self.book = book
        self.scope = scope

    @property
    def api(self) -> Any:
        return self.book.workbook.defined_names

    def _defined(self) -> dict[str, Any]:
        if self.scope is not None:
            return dict(self.scope.worksheet.defined_names.items())
        return dict(self.book.workbook.defined_names.items())

    def snapshot(self) -> list[tuple[str, Name]]:
        return [(key, Name(self.book, definition)) for key, definition in self._defined().items()]

    def __call__(self, name_or_index: int | str) -> Name:
        if isinstance(name_or_index, int):
            return self.snapshot()[name_or_index - 1][1]
        for key, definition in self._defined().items():
            if key.lower() == name_or_index.lower():
                return Name(self.book, definition)
        raise KeyError(name_or_index)

    def contains(self, name_or_index: int | str) -> bool:
        try:
            self(name_or_index)
        except (KeyError, IndexError):
            return False
        return True

    def __len__(self) -> int:
        return len(self._defined())


class Name(base_classes.Name):
    def __init__(self, book: Book, definition: Any) -> None:
        self.book = book
        self.definition = definition

    @property
    def api(self) -> Any:
        return self.definition

    @property
    def name(self) -> str:
        return str(self.definition.name)

    @property
    def refers_to(self) -> str:
        return "=" + str(self.definition.attr_text)

    @property
    def refers_to_range(self) -> Range:
        destinations = list(self.definition.destinations)
        if len(destinations) != 1:
            raise ValueError(f"name {self.name!r} does not refer to one range: {self.refers_to}")
        sheet_title, reference = destinations[0]
        sheet = Sheets(self.book)(sheet_title)
        return sheet.range(reference)


class Tables(base_classes.Collection):
    def __init__(self, sheet: Sheet) -> None:
        self.sheet = sheet

    @property
    def api(self) -> Any:
        return self.sheet.worksheet.tables

    def _tables(self) -> list[Any]:
        return list(self.sheet.worksheet.tables.values())

    def __call__(self, name_or_index: int | str) -> Table:
        tables = self._tables()
        if isinstance(name_or_index, int):
            return Table(self.sheet, tables[name_or_index - 1])
        for table in tables:
            if table.name.lower() == name_or_index.lower():
                return Table(self.sheet, table)
        raise KeyError(name_or_index)

    def __len__(self) -> int:
        return len(self._tables())

    def __iter__(self) -> Iterator[Table]:
        return (Table(self.sheet, table) for table in self._tables())

    def __contains__(self, key: str) -> bool:
        return any(table.name.lower() == key.lower() for table in self._tables())


class Table(base_classes.Table):
    def __init__(self, sheet: Sheet, table: Any) -> None:
        self.sheet = sheet
        self.table = table

    @property
    def api(self) -> Any:
        return self.table

    @property
    def name(self) -> str:
        return str(self.table.name)

    @property
    def parent(self) -> Sheet:
        return self.sheet

    @property
    def range(self) -> Range:
        return self.sheet.range(self.table.ref)

    @property
    def header_row_range(self) -> Range | None:
        if self.table.headerRowCount == 0:
            return None
        whole = self.range
        return Range(self.sheet, whole.row, whole.column, whole.row, whole.last_column)

    @property
    def data_body_range(self) -> Range | None:
        whole = self.range
        first = whole.row + (0 if self.table.headerRowCount == 0 else 1)
        last = whole.last_row - (self.table.totalsRowCount or 0)
        if last < first:
            return None
        return Range(self.sheet, first, whole.column, last, whole.last_column)


_ENGINE = Engine()


def register() -> xw.main.Engine:
    """Add the openpyxl engine to xlwings once; return xlwings' wrapper around it."""
    if ENGINE_NAME not in [engine.name for engine in xw.engines]:
        xw.engines.add(xw.main.Engine(impl=_ENGINE))
    return xw.engines[ENGINE_NAME]


def open_book(path: Path) -> xw.Book:
    """Open `path` through xlwings' own Books.open with the openpyxl engine."""
    engine = register()
    app = engine.apps.active
    assert app is not None
    return app.books.open(path)
