"""The blank templates: every spec name and table in place, validations, protection, and committed files current."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from generator.cli.main import cli
from generator.core import spec
from generator.core.i18n import LANGUAGES, Language
from generator.core.vocabulary import STAGES, VOCABULARIES
from generator.workbook.template import write_template
from generator.workbook.template.layout import STAGE_TABLE_NAME

REFRESH = "winplan templates --out xlsx_templates"


@pytest.fixture(scope="module")
def books(templates: dict[Language, Path]) -> dict[Language, Workbook]:
    return {lang: openpyxl.load_workbook(path) for lang, path in templates.items()}


def _destination(book: Workbook, name: str) -> tuple[str, str]:
    destinations = list(book.defined_names[name].destinations)
    assert len(destinations) == 1, name
    sheet, ref = destinations[0]
    return sheet, ref.replace("$", "")


def _validation_at(book: Workbook, sheet: str, ref: str) -> DataValidation | None:
    for validation in book[sheet].data_validations.dataValidation:
        if ref in validation.sqref:
            return validation
    return None


@pytest.mark.parametrize("lang", LANGUAGES)
def test_sheets_follow_the_spec_order_and_language(books: dict[Language, Workbook], lang: Language) -> None:
    assert books[lang].sheetnames == [sheet.title(lang) for sheet in spec.SHEETS]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_field_and_output_is_a_defined_name_on_its_sheet(books: dict[Language, Workbook],
                                                               lang: Language) -> None:
    book = books[lang]
    for name in [*spec.ALL_FIELDS, *spec.ALL_OUTPUTS]:
        sheet, ref = _destination(book, name)
        assert ":" not in ref, f"{name} points at a range"
        assert sheet == spec.SHEET_OF[name].title(lang), name
    for name, field in spec.ALL_FIELDS.items():
        sheet, ref = _destination(book, name)
        cell = book[sheet][ref]
        label = book[sheet].cell(cell.row, cell.column - 1).value
        assert label == field.label(lang), f"{name}: the label beside it is {label!r}"
    summary = spec.SUMMARY.title(lang)
    assert book[summary][_destination(book, "template_version")[1]].value == spec.TEMPLATE_VERSION
    assert book[summary][_destination(book, "deal_id")[1]].value is None
    assert all(book[s][r].value is None for s, r in (_destination(book, o) for o in spec.ALL_OUTPUTS))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_table_has_headers_in_the_language_and_its_rows(books: dict[Language, Workbook],
                                                              lang: Language) -> None:
    book = books[lang]
    found = {table.name: (ws, table) for ws in book.worksheets for table in ws.tables.values()}
    assert set(spec.ALL_TABLES) | {STAGE_TABLE_NAME} == set(found)
    for name, table in spec.ALL_TABLES.items():
        ws, excel_table = found[name]
        assert ws.title == spec.SHEET_OF[name].title(lang)
        assert [c.name for c in excel_table.tableColumns] == [c.label(lang) for c in table.columns]
        rows = list(ws[excel_table.ref])
        assert [cell.value for cell in rows[0]] == [c.label(lang) for c in table.columns]
        data = rows[1:]
        assert len(data) == max(1, table.blank_rows + len(table.default_rows))
        firsts = [row[0].value for row in data]
        assert firsts[: len(table.default_rows)] == [default[0](lang) for default in table.default_rows]
        assert all(value is None for value in firsts[len(table.default_rows):])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_stage_table_lists_every_stage_with_its_probability(books: dict[Language, Workbook],
                                                                lang: Language) -> None:
    book = books[lang]
    ws = book[spec.LISTS_SHEET.title(lang)]
    table = ws.tables[STAGE_TABLE_NAME]
    rows = [[cell.value for cell in row] for row in ws[table.ref]][1:]
    assert rows == [[s.number, s.label(lang), s.probability] for s in STAGES]
    sheet, ref = next(iter(book.defined_names["stage_probabilities"].destinations))
    named = [[cell.value for cell in row] for row in ws[ref.replace("$", "")]]
    assert sheet == ws.title and named == rows


def _list_values(book: Workbook, formula: str) -> list[object]:
    sheet, ref = formula.rsplit("!", 1)
    return [row[0].value for row in book[sheet.strip("'")][ref.replace("$", "")]]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_inputs_have_validations_with_help(books: dict[Language, Workbook], lang: Language) -> None:
    book = books[lang]
    expected_type = {"choice": "list", "date": "date", "amount": "decimal", "percent": "decimal",
                     "integer": "whole", "rating": "whole"}
    for name, field in spec.ALL_FIELDS.items():
        if field.kind not in expected_type:
            continue
        sheet, ref = _destination(book, name)
        validation = _validation_at(book, sheet, ref)
        assert validation is not None, name
        assert validation.type == expected_type[field.kind], name
        assert validation.showInputMessage and validation.prompt, name
        if field.help is not None:
            assert validation.prompt == field.help(lang)
        if field.kind == "choice":
            assert field.vocabulary is not None
            assert validation.formula1 is not None
            assert _list_values(book, validation.formula1) == VOCABULARIES[field.vocabulary].labels(lang)
        if field.kind == "rating":
            assert (validation.formula1, validation.formula2) == ("1", "5")
    for name, table in spec.ALL_TABLES.items():
        ws = book[spec.SHEET_OF[name].title(lang)]
        headers = {cell.value: cell for cell in next(iter(ws[ws.tables[name].ref]))}
        for column in table.columns:
            header = headers[column.label(lang)]
            ref = f"{header.column_letter}{header.row + 1}"
            validation = _validation_at(book, ws.title, ref)
            if column.kind in expected_type:
                assert validation is not None, f"{name}.{column.key}"
                assert validation.type == (
                    "decimal" if column.kind == "rating" else expected_type[column.kind])
            if column.kind == "percent":
                assert validation is not None
                assert (float(validation.formula1 or "nan"), float(validation.formula2 or "nan")) == (0.0, 1.0)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_protection_locks_labels_but_not_inputs_or_outputs(books: dict[Language, Workbook],
                                                            lang: Language) -> None:
    book = books[lang]
    scores = book[spec.SCORES_SHEET.title(lang)]
    assert scores.protection.sheet
    for sheet in (spec.STAKEHOLDER_SHEET, spec.CRITERIA_SHEET, spec.SWOT_SHEET, spec.ACTIONS_SHEET):
        assert not book[sheet.title(lang)].protection.sheet, "table sheets stay unprotected so tables grow"
    summary = book[spec.SUMMARY.title(lang)]
    assert summary.protection.sheet and not summary.protection.insertRows  # inserting rows stays allowed
    for name in ("customer_name", "amount", "stage", "close_date"):
        sheet, ref = _destination(book, name)
        assert book[sheet][ref].protection.locked is False, name
        label = book[sheet].cell(book[sheet][ref].row, book[sheet][ref].column - 1)
        assert label.protection.locked is not False, f"label of {name}"
    sheet, ref = _destination(book, "template_version")
    assert book[sheet][ref].protection.locked is not False
    for name in (*spec.ALL_OUTPUTS, "deal_id"):  # the Score button writes them on the protected sheet
        sheet, ref = _destination(book, name)
        assert book[sheet][ref].protection.locked is False, name
        label = book[sheet].cell(book[sheet][ref].row, book[sheet][ref].column - 1)
        assert label.protection.locked is not False, f"label of {name}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_outputs_refuse_typing_through_a_validation_that_accepts_nothing(books: dict[Language, Workbook],
                                                                          lang: Language) -> None:
    """Unlocked for the Score button, yet a rep who types into an output or the deal ID is stopped by a validation."""
    for name in (*spec.ALL_OUTPUTS, "deal_id"):
        sheet, ref = _destination(book := books[lang], name)
        guards = [v for v in book[sheet].data_validations.dataValidation if ref in v.sqref]
        assert len(guards) == 1, name
        guard = guards[0]
        assert guard.type == "custom" and guard.formula1 == "FALSE()", name
        assert guard.showErrorMessage and guard.errorStyle in (None, "stop"), name
        assert guard.error and ("Score" in guard.error), name


@pytest.mark.parametrize("lang", LANGUAGES)
def test_print_setup_and_frozen_headers(books: dict[Language, Workbook], lang: Language) -> None:
    for ws in books[lang].worksheets:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0, ws.title  # None = 1
        assert ws.oddFooter.right.text, ws.title
    stakeholders = books[lang][spec.STAKEHOLDER_SHEET.title(lang)]
    header_row = int(stakeholders.tables["Stakeholders"].ref.split(":")[0][1:])
    assert stakeholders.freeze_panes == f"A{header_row + 1}"
    assert stakeholders.print_title_rows.replace("$", "") == f"{header_row}:{header_row}"


def test_templates_are_byte_stable(tmp_path: Path, templates: dict[Language, Path]) -> None:
    again = tmp_path / "again.xlsx"
    write_template(again, "zh")
    assert again.read_bytes() == templates["zh"].read_bytes()


def test_committed_templates_match_the_spec(repo: Path, templates: dict[Language, Path]) -> None:
    for _lang, fresh in templates.items():
        committed = repo / "xlsx_templates" / fresh.name
        assert committed.exists(), f"{committed} is missing; run: {REFRESH}"
        with zipfile.ZipFile(committed) as old, zipfile.ZipFile(fresh) as new:
            assert old.namelist() == new.namelist(), f"{committed.name} is out of date; run: {REFRESH}"
            for member in new.namelist():
                assert old.read(member) == new.read(member), (
                    f"{committed.name}:{member} is out of date; run: {REFRESH}")


def test_vba_template_gets_a_score_button_on_every_sheet(tmp_path: Path) -> None:
    vba = tmp_path / "vbaProject.bin"
    vba.write_bytes(b"not a real VBA project, copied verbatim")
    path = tmp_path / "winplan-template-en.xlsm"
    write_template(path, "en", vba_project=vba, score_macro="WinplanScore")
    with zipfile.ZipFile(path) as package:
        assert package.read("xl/vbaProject.bin") == vba.read_bytes()
        assert 'codeName="ThisWorkbook"' in package.read("xl/workbook.xml").decode()
        drawings = [n for n in package.namelist() if n.startswith("xl/drawings/vmlDrawing")]
        assert len(drawings) == len(spec.SHEETS)
        for drawing in drawings:
            text = package.read(drawing).decode()
            assert "WinplanScore" in text and "评分 Score" in text
        for number in range(1, len(spec.SHEETS) + 1):
            assert f'codeName="Sheet{number}"' in package.read(f"xl/worksheets/sheet{number}.xml").decode()


def test_vba_project_needs_an_xlsm_name(tmp_path: Path) -> None:
    vba = tmp_path / "vbaProject.bin"
    vba.write_bytes(b"x")
    with pytest.raises(ValueError, match=r"\.xlsm"):
        write_template(tmp_path / "t.xlsx", "zh", vba_project=vba)


def test_templates_command_writes_both_languages(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["templates", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    names = {p.name for p in tmp_path.iterdir()}
    assert {"winplan-template-en.xlsx", "winplan-template-zh.xlsx"} <= names
    assert f"wrote {tmp_path / 'winplan-template-zh.xlsx'}" in result.output
    result = CliRunner().invoke(cli, ["templates", "--lang", "en", "--out", str(tmp_path / "en")])
    assert result.exit_code == 0
    assert all(p.name.startswith("winplan-template-en.") for p in (tmp_path / "en").iterdir())


# ---- Printing: every sheet on A4 landscape, one page wide, its text at 9 pt or more on paper ----

A4_PAPER = 9  # the paperSize code of A4 in SpreadsheetML
A4_LONG_SIDE_INCHES = 297 / 25.4
MIN_PRINTED_POINTS = 9.0
DEFAULT_WIDTH = 64 / 7  # a column without <col>: 8.43 characters, 64 pixels, padding included
COMMITTED = sorted((Path(__file__).resolve().parent.parent / "xlsx_templates").glob("winplan-template-*.xls*"))


def _printed_column_points(width: float) -> float:
    """The printed width of a column whose stored `width` (the file's <col width>, padding included) is given.

    ECMA-376 Part 1, 18.3.1.13: pixels = Truncate(((256 × width + Truncate(128 / 7)) / 256) × 7) for the default
    font Calibri 11 (7 pixels a digit at 96 dpi); a pixel prints as 0.75 pt.
    """
    return int((256 * width + int(128 / 7)) / 256 * 7) * 0.75


def _sheet_width_points(sheet: openpyxl.worksheet.worksheet.Worksheet) -> float:
    widths: dict[int, float] = {}
    for dimension in sheet.column_dimensions.values():
        for col in range(dimension.min or 1, (dimension.max or dimension.min or 1) + 1):
            widths[col] = 0.0 if dimension.hidden else (dimension.width or DEFAULT_WIDTH)
    return sum(_printed_column_points(widths.get(col, DEFAULT_WIDTH)) for col in range(1, sheet.max_column + 1))


def _print_scale(sheet: openpyxl.worksheet.worksheet.Worksheet) -> float:
    """The scale Excel prints the sheet at: fit to one page wide gives the whole percent that fits."""
    setup = sheet.page_setup
    fit = sheet.sheet_properties.pageSetUpPr is not None and sheet.sheet_properties.pageSetUpPr.fitToPage
    if not fit:
        return int(setup.scale or 100) / 100
    assert int(setup.fitToWidth if setup.fitToWidth is not None else 1) == 1, sheet.title  # one page wide
    assert int(setup.fitToHeight if setup.fitToHeight is not None else 1) == 0, sheet.title  # pages down: any
    margins = sheet.page_margins
    printable = (A4_LONG_SIDE_INCHES - margins.left - margins.right) * 72
    return min(100, int(printable / _sheet_width_points(sheet) * 100)) / 100


@pytest.mark.parametrize("path", COMMITTED, ids=[path.name for path in COMMITTED])
def test_every_sheet_prints_on_a4_landscape_at_9_points_or_more(path: Path) -> None:
    book = openpyxl.load_workbook(path)
    assert len(book.worksheets) == len(spec.SHEETS) + (path.suffix == ".xlsm")  # + xlwings' settings sheet
    for sheet in book.worksheets:
        assert not sheet.print_area, sheet.title  # the whole sheet prints
        assert int(sheet.page_setup.paperSize) == A4_PAPER, sheet.title
        assert sheet.page_setup.orientation == "landscape", sheet.title
        scale = _print_scale(sheet)
        sizes = {cell.font.sz for row in sheet.iter_rows() for cell in row if cell.font is not None}
        smallest = min(float(size) for size in sizes if size)
        assert smallest * scale >= MIN_PRINTED_POINTS, (
            f"{path.name} / {sheet.title}: {smallest} pt at {scale:.0%} prints at {smallest * scale:.1f} pt")


def test_the_print_check_catches_a_sheet_too_wide(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(COMMITTED[0])
    sheet = book.worksheets[1]
    sheet.column_dimensions["A"].width = 120
    assert _print_scale(sheet) < 0.9
