"""Write a snapshot's pipeline as CSV (Excel-friendly UTF-8), XLSX or JSON, with no way for text to run."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import IO

import xlsxwriter

from generator.core import strict_json
from generator.core.records import HarvestResult
from generator.core.serialize import to_jsonable
from generator.export.rows import COLUMNS, Value, pipeline_rows
from generator.export.safety import neutralize

BOM = "\ufeff"  # lets Excel open UTF-8 CSV with Chinese text correctly


def write_csv(result: HarvestResult, out: IO[str]) -> None:
    """Write the pipeline as CSV: a BOM, a header row, text neutralised against formulas."""
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in pipeline_rows(result):
        writer.writerow([_csv_value(row[column]) for column in COLUMNS])


def _csv_value(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        value = round(value, 6)  # amounts and fractions; hides binary noise such as 100000.20000000001
        return str(int(value)) if value.is_integer() else repr(value)
    return neutralize(value)


def write_xlsx(result: HarvestResult, out: IO[bytes]) -> None:
    """Write the pipeline as an Excel table; strings are only ever strings (never formulas, URLs or numbers)."""
    buffer = io.BytesIO()
    options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
               "strings_to_numbers": False}
    with xlsxwriter.Workbook(buffer, options) as workbook:
        sheet = workbook.add_worksheet("pipeline")
        formats = {
            "amount": workbook.add_format({"num_format": "#,##0.00"}),
            "weighted_amount": workbook.add_format({"num_format": "#,##0.00"}),
            "probability": workbook.add_format({"num_format": "0%"}),
            "close_date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
        }
        quoted = workbook.add_format({"quote_prefix": True})
        rows = pipeline_rows(result)
        for row_number, row in enumerate(rows, start=1):
            for column_number, column in enumerate(COLUMNS):
                _write_cell(sheet, row_number, column_number, row[column], formats.get(column), quoted)
        sheet.add_table(0, 0, max(1, len(rows)), len(COLUMNS) - 1, {
            "name": "Pipeline", "columns": [{"header": column} for column in COLUMNS], "style": "Table Style Light 9",
        })
        sheet.freeze_panes(1, 0)
        sheet.set_column(0, len(COLUMNS) - 1, 16)
    out.write(buffer.getvalue())


def _write_cell(sheet: xlsxwriter.worksheet.Worksheet, row: int, column: int, value: Value,
                style: xlsxwriter.format.Format | None, quoted: xlsxwriter.format.Format) -> None:
    if value is None:
        sheet.write_blank(row, column, None, style)
    elif isinstance(value, date):
        sheet.write_datetime(row, column, value, style)
    elif isinstance(value, float):
        sheet.write_number(row, column, value, style)
    else:
        # Text stays text as written; formula-like text also gets Excel's quote prefix, so editing the cell
        # or saving the sheet as CSV later cannot turn it into a formula either.
        sheet.write_string(row, column, value, quoted if neutralize(value) != value else style)


def write_json(result: HarvestResult, out: IO[str]) -> None:
    """Write the full snapshot: every deal's model, scores and problems, every workbook and conflict."""
    out.write(strict_json.dumps(to_jsonable(result), indent=2))
    out.write("\n")
