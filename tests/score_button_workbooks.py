"""Deal workbooks for the Score button tests: the committed .xlsm templates filled by the product's filler.

The filled deal is the reader tests' good deal (tests/reader_workbooks.py) plus a full assessment, an overdue
action and a weakness, so every output has a value and several have colours.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import xlwings as xw
from openpyxl.styles import Protection
from reader_workbooks import GOOD_FIELDS, GOOD_TABLES
from xlwings_openpyxl_engine import open_book

from generator.core import spec
from generator.core.i18n import Language
from generator.reader.ooxml import parse_reference
from generator.workbook.filler import fill_cells

REPO = Path(__file__).resolve().parent.parent
AS_OF = date(2026, 11, 23)


def template_xlsm(lang: Language) -> Path:
    """The committed .xlsm template of `lang` (written by `winplan templates`)."""
    return REPO / "xlsx_templates" / f"winplan-template-{lang}.xlsm"


ASSESSMENT = {field.name: 4 for field in spec.ASSESSMENT_FIELDS} | {"assess_margin": 2, "assess_coach": 5}
EXTRA_TABLES: dict[Language, dict[str, list[dict[str, Any]]]] = {
    "zh": {
        "Weaknesses": [{"item": "缺少同行业案例", "impact": 2, "versus": "SAP"}],
        "Actions": [
            {"action": "高层拜访", "owner": "张伟", "due_date": date(2026, 11, 10), "status": "进行中"},
            {"action": "方案演示", "owner": "张伟", "due_date": date(2026, 12, 1), "status": "未开始"},
        ],
    },
    "en": {
        "Weaknesses": [{"item": "No reference in this industry", "impact": 2, "versus": "SAP"}],
        "Actions": [
            {"action": "Executive visit", "owner": "Wei", "due_date": date(2026, 11, 10), "status": "In progress"},
            {"action": "Solution demo", "owner": "Wei", "due_date": date(2026, 12, 1), "status": "Not started"},
        ],
    },
}


def deal_workbook(path: Path, lang: Language, *, fields: dict[str, Any] | None = None,
                  tables: dict[str, list[dict[str, Any]]] | None = None, good: bool = True,
                  lock_outputs: bool = False) -> Path:
    """Fill the .xlsm template of `lang` (VBA kept) with the test deal (or only `fields`/`tables`), saved as `path`.

    Table rows are typed over the template's rows, as in tests/reader_workbooks.py. `lock_outputs` locks the
    score_* cells on their protected sheet, as a rep who changed the protection would, so that Score can write
    nothing at all.
    """
    values = {**(GOOD_FIELDS[lang] | ASSESSMENT if good else {}), **(fields or {})}
    rows = {**(GOOD_TABLES[lang] | EXTRA_TABLES[lang] if good else {}), **(tables or {})}
    fill_cells(template_xlsm(lang), values, rows, path, keep_template_rows=True)
    if lock_outputs:
        _lock(path)
    return path


def _lock(path: Path) -> None:
    """Lock every score_* cell of the workbook at `path`.

    Kept here rather than in the filler, which writes values only: no product path changes cell protection.
    """
    book = openpyxl.load_workbook(path, keep_vba=True)
    for output in spec.OUTPUTS:
        if output.name in book.defined_names:
            sheet, ref = _target(book, output.name)
            book[sheet][ref].protection = Protection(locked=True)
    book.save(path)


def _target(book: Any, name: str) -> tuple[str, str]:
    target = parse_reference(book.defined_names[name].attr_text)
    assert target is not None, name
    return target


@contextmanager
def opened(path: Path) -> Iterator[xw.Book]:
    """Open `path` through xlwings with the openpyxl test engine; save and close it afterwards."""
    book = open_book(path)
    try:
        yield book
        book.save()
    finally:
        book.close()


def output_cells(path: Path) -> dict[str, tuple[Any, str | None]]:
    """Read every score_* cell of the saved file with openpyxl: name -> (value, "#RRGGBB" fill or None)."""
    book = openpyxl.load_workbook(path)
    cells: dict[str, tuple[Any, str | None]] = {}
    for output in spec.OUTPUTS:
        sheet, ref = _target(book, output.name)
        cell = book[sheet][ref]
        fill = None
        if cell.fill is not None and cell.fill.fill_type == "solid":
            fill = "#" + str(cell.fill.fgColor.rgb)[-6:].upper()
        value = cell.value.date() if isinstance(cell.value, datetime) else cell.value
        cells[output.name] = (value, fill)
    return cells


def input_fingerprint(path: Path) -> dict[str, str]:
    """A hash of every cell's value and style except the score_* cells, per sheet."""
    book = openpyxl.load_workbook(path)
    outputs = {(sheet, ref) for sheet, ref in (_target(book, o.name) for o in spec.OUTPUTS)}
    prints: dict[str, str] = {}
    for worksheet in book.worksheets:
        digest = hashlib.sha256()
        for row in worksheet.iter_rows():
            for cell in row:
                if (worksheet.title, cell.coordinate) in outputs:
                    continue
                digest.update(repr((cell.coordinate, cell.value, cell.number_format, cell.fill.fgColor.rgb,
                                    cell.protection.locked)).encode())
        prints[worksheet.title] = digest.hexdigest()
    return prints
