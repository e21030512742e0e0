"""The one-page deal summary: first in every template, formulas over defined names only, computed by LibreOffice."""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from conftest import _require_tool
from openpyxl.formula.tokenizer import Token, Tokenizer
from openpyxl.worksheet.worksheet import Worksheet
from test_templates import MIN_PRINTED_POINTS, _print_scale

from generator.core import spec
from generator.core.i18n import Language

REPO = Path(__file__).resolve().parent.parent
TEMPLATES = sorted((REPO / "xlsx_templates").glob("winplan-template-*.xls*"))
EXAMPLES = {"zh": REPO / "examples" / "workbooks" / "01-华东重工集团-ERP-二期-替换老系统.xlsx",
            "en": REPO / "examples" / "workbooks" / "11-Pacific-Components-Ltd-Global-ERP-rollout.xlsx"}
A4_SHORT_SIDE_POINTS = 210 / 25.4 * 72
DEFAULT_ROW_POINTS = 15.0  # XlsxWriter's default row height
# The first sheet of a workbook as UTF-8 csv, comma separated, formulas' results rather than their text.
CSV_FILTER = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,1'


def _language(path: Path) -> Language:
    return "en" if "-en." in path.name else "zh"


def _formulas(sheet: Worksheet) -> dict[str, str]:
    return {cell.coordinate: cell.value for row in sheet.iter_rows() for cell in row
            if isinstance(cell.value, str) and cell.value.startswith("=")}


def _named_value(book: openpyxl.Workbook, name: str) -> object:
    ((title, ref),) = book.defined_names[name].destinations
    return book[title][ref.replace("$", "").split(":")[0]].value


@pytest.mark.parametrize("path", TEMPLATES, ids=[path.name for path in TEMPLATES])
def test_the_deal_summary_is_the_first_and_active_sheet(path: Path) -> None:
    book = openpyxl.load_workbook(path)
    title = spec.DEAL_SHEET.title(_language(path))
    assert book.sheetnames[0] == title
    assert book.active is not None and book.active.title == title


@pytest.mark.parametrize("path", TEMPLATES, ids=[path.name for path in TEMPLATES])
def test_the_summary_holds_only_formulas_over_defined_names(path: Path) -> None:
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    formulas = _formulas(sheet)
    referenced: set[str] = set()
    for coordinate, formula in formulas.items():
        for token in Tokenizer(formula).items:
            if token.type == Token.OPERAND and token.subtype == Token.RANGE:
                assert token.value in book.defined_names, f"{path.name} {coordinate}: {token.value} is no name"
                referenced.add(token.value)
    assert {"customer_name", "amount", "close_date", "stage", "next_step", "score_verdict", "score_health",
            "score_top_flags"} <= referenced
    assert referenced <= set(spec.ALL_FIELDS) | set(spec.ALL_OUTPUTS)
    # No inputs: the sheet is protected and every cell with content is locked; a label or a formula.
    assert sheet.protection.sheet
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is not None:
                assert cell.protection.locked, f"{path.name} {cell.coordinate} is unlocked"
    assert not sheet.data_validations.dataValidation


@pytest.mark.parametrize("path", TEMPLATES, ids=[path.name for path in TEMPLATES])
def test_the_summary_prints_on_one_a4_landscape_page_at_9_points(path: Path) -> None:
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    assert int(sheet.page_setup.paperSize) == 9 and sheet.page_setup.orientation == "landscape"
    scale = _print_scale(sheet)  # one page wide
    sizes = {float(cell.font.sz) for row in sheet.iter_rows() for cell in row if cell.font and cell.font.sz}
    assert min(sizes) * scale >= MIN_PRINTED_POINTS
    margins = sheet.page_margins
    printable_height = A4_SHORT_SIDE_POINTS - (margins.top + margins.bottom) * 72
    heights = sum(sheet.row_dimensions[row].height or DEFAULT_ROW_POINTS for row in range(1, sheet.max_row + 1))
    assert heights * scale <= printable_height, f"{heights * scale:.0f} pt of rows on {printable_height:.0f} pt"


@pytest.mark.libreoffice
@pytest.mark.parametrize("lang", ("zh", "en"))
def test_libreoffice_computes_the_summary_of_a_scored_example(lang: Language, tmp_path: Path) -> None:
    soffice = _require_tool("soffice")
    example = tmp_path / f"example-{lang}.xlsx"
    shutil.copyfile(EXAMPLES[lang], example)
    completed = subprocess.run(
        [soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--norestore",
         "--convert-to", CSV_FILTER, "--outdir", str(tmp_path / "csv"), str(example)],
        capture_output=True, text=True, timeout=180, check=False,
    )
    exported = sorted((tmp_path / "csv").glob("*.csv"))
    assert exported, f"LibreOffice wrote no csv: {completed.stdout} {completed.stderr}"
    with exported[0].open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][0] == spec.DEAL_SHEET.title(lang)
    shown = {row[col]: row[col + 1] for row in rows for col in (0, 3) if len(row) > col + 1 and row[col]}

    book = openpyxl.load_workbook(EXAMPLES[lang])  # the example as shipped, scored
    customer, verdict, health = (_named_value(book, name) for name in ("customer_name", "score_verdict",
                                                                         "score_health"))
    assert isinstance(customer, str) and customer and isinstance(verdict, str) and verdict
    assert isinstance(health, (int, float))
    assert shown[spec.ALL_FIELDS["customer_name"].label(lang)] == customer
    assert shown[spec.ALL_OUTPUTS["score_verdict"].label(lang)] == verdict
    assert float(shown[spec.ALL_OUTPUTS["score_health"].label(lang)]) == pytest.approx(health, abs=0.05)
    assert shown[spec.ALL_OUTPUTS["score_top_flags"].label(lang)] == (_named_value(book, "score_top_flags") or "")
