"""The two raw readers (calamine for the harvest, openpyxl as cross-check) agree, and reading never writes."""

from __future__ import annotations

import hashlib
import os
import subprocess
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from openpyxl_reader import read_raw_openpyxl
from reader_workbooks import bare_workbook, filled_workbook, template_path

from generator.core import spec
from generator.core.i18n import Language
from generator.core.raw import RawWorkbook
from generator.reader import read_workbook
from generator.reader.calamine_backend import read_raw_calamine
from generator.reader.ooxml import UnsafeXml, formulas_without_value, parse_reference, safe_xml, split_range


def _both(path: Path) -> RawWorkbook:
    calamine = read_raw_calamine(path)
    assert calamine == read_raw_openpyxl(path)  # numbers may be int vs float: 5 == 5.0
    return calamine


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_blank_template_has_every_name_and_table(tmp_path: Path, lang: Language) -> None:
    raw = _both(template_path(lang, tmp_path))
    wanted = set(spec.ALL_FIELDS) | set(spec.ALL_OUTPUTS)
    assert wanted <= set(raw.names)
    assert {name.lower() for name in spec.ALL_TABLES} <= set(raw.tables)
    assert raw.sheets[spec.SHEETS.index(spec.SUMMARY)] == spec.SUMMARY.title(lang)
    stakeholders = raw.table("Stakeholders")
    assert stakeholders is not None
    assert stakeholders.headers == tuple(column.label(lang) for column in spec.STAKEHOLDERS.columns)
    assert len(stakeholders.rows) == spec.STAKEHOLDERS.blank_rows


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_filled_template_reads_alike(tmp_path: Path, lang: Language) -> None:
    raw = _both(filled_workbook(tmp_path / "deal.xlsx", lang))
    amount = raw.name("AMOUNT")  # Excel names ignore case
    assert amount is not None and amount.value == 1_200_000 and amount.sheet == spec.SUMMARY.title(lang)
    close = raw.name("close_date")
    assert close is not None and close.value == date(2026, 12, 15)
    criteria = raw.table("criteria")
    assert criteria is not None and criteria.rows[0][:3] == (
        "技术质量" if lang == "zh" else "Technical quality", 0.6, 4)


def test_bare_workbook_with_reordered_columns_and_quoted_sheet(tmp_path: Path) -> None:
    path = bare_workbook(
        tmp_path / "bare.xlsx", "en",
        fields={"deal_id": "x", "amount": 5, "close_date": date(2026, 3, 1)},
        tables={"Stakeholders": (["Support (-3…+3)", "My column", "Name"], [[2, "n/a", "Ann"], [None, None, None]])},
    )
    raw = _both(path)
    assert raw.sheets == ("Deal's plan",)
    amount = raw.name("amount")
    assert amount is not None and (amount.sheet, amount.ref, amount.value) == ("Deal's plan", "B2", 5)
    table = raw.table("Stakeholders")
    assert table is not None
    assert (table.first_row, table.first_column) == (2, 4)  # header on row 1, table starts in column D
    assert table.headers == ("Support (-3…+3)", "My column", "Name")
    assert table.rows == ((2, "n/a", "Ann"), (None, None, None))


def test_formula_without_saved_value_is_flagged(tmp_path: Path) -> None:
    path = filled_workbook(tmp_path / "deal.xlsx", "zh", {"amount": "=1000*1200", "scope_services": 0})
    raw = _both(path)  # openpyxl writes formulas without results, as generators do
    amount = raw.name("amount")
    assert amount is not None and amount.value is None and amount.formula_without_value
    services = raw.name("scope_services")
    assert services is not None and services.value == 0 and not services.formula_without_value
    reading = read_workbook(path)
    assert [p.code for p in reading.problems if p.cell == amount.ref] == ["formula-without-value"]


def test_formula_with_saved_value_is_read(tmp_path: Path) -> None:
    path = tmp_path / "saved.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("S")
    sheet.write_formula("B1", "=600*2", None, 1200)
    book.define_name("amount", "=S!$B$1")
    book.close()
    cell = _both(path).name("amount")
    assert cell is not None and cell.value == 1200 and not cell.formula_without_value


def test_only_workbook_scoped_names_that_point_at_cells(tmp_path: Path) -> None:
    path = tmp_path / "names.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("S")
    sheet.write("A1", "global")
    sheet.write("A2", "local")
    book.define_name("customer_name", "=S!$A$1")
    book.define_name("S!project_name", "=S!$A$2")  # sheet-scoped: not the workbook API
    book.define_name("sales_rep", "=#REF!")
    book.define_name("region", '="East"')
    sheet.print_area("A1:B2")  # _xlnm.Print_Area
    book.close()
    raw = _both(path)
    assert set(raw.names) == {"customer_name"}


def test_totals_row_and_line_break_in_header(tmp_path: Path) -> None:
    path = tmp_path / "totals.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("S")
    columns = [{"header": "Criterion\nname"}, {"header": "Weight %", "total_function": "sum"}]
    sheet.add_table("B2:C5", {"name": "Criteria", "total_row": True, "data": [["a", 10], ["b", 20]],
                              "columns": columns})
    book.close()
    table = _both(path).table("Criteria")
    assert table is not None
    assert table.headers == ("Criterion\nname", "Weight %")
    assert table.rows == (("a", 10), ("b", 20))  # the totals row is not data


def test_libreoffice_round_trip_reads_the_same_deal(tmp_path: Path, require_tool: Callable[[str], str]) -> None:
    soffice = require_tool("soffice")
    original = filled_workbook(tmp_path / "deal.xlsx", "zh")
    subprocess.run([soffice, "--headless", "--convert-to", "xlsx", "--outdir", str(tmp_path / "lo"), str(original)],
                   check=True, capture_output=True, timeout=120)
    resaved = tmp_path / "lo" / "deal.xlsx"
    _both(resaved)
    assert read_workbook(resaved).deal == read_workbook(original).deal


def test_reading_leaves_the_file_untouched(tmp_path: Path) -> None:
    path = filled_workbook(tmp_path / "deal.xlsx", "en")
    os.utime(path, (1_700_000_000, 1_700_000_000))
    before = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime)
    read_raw_calamine(path)
    read_raw_openpyxl(path)
    read_workbook(path)
    assert (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(("deal", "~$", ".~lock"))) == ["deal.xlsx"]


def test_doctype_in_a_part_is_refused(tmp_path: Path) -> None:
    source = filled_workbook(tmp_path / "deal.xlsx", "zh")
    evil = tmp_path / "evil.xlsx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(evil, "w", zipfile.ZIP_DEFLATED) as new:
        for entry in old.infolist():
            data = old.read(entry.filename)
            if entry.filename == "xl/workbook.xml":
                data = b'<!DOCTYPE workbook [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + data
            new.writestr(entry, data)
    reading = read_workbook(evil)
    assert reading.deal is None
    assert [p.code for p in reading.problems] == ["unreadable"]
    with pytest.raises(UnsafeXml):
        safe_xml(b'<!DOCTYPE a [<!ENTITY b "c">]><a>&b;</a>')


@pytest.mark.parametrize("formula, expected", [
    ("'项目总汇'!$C$5", ("项目总汇", "C5")),
    ("=Summary!$B$6", ("Summary", "B6")),
    ("'Deal''s plan'!$A$1:$B$2", ("Deal's plan", "A1")),
    ("'a!b'!c3", ("a!b", "C3")),
    ("Summary!#REF!", None),
    ("#REF!", None),
    ('"East"', None),
    ("SUM(Summary!A1:A3)", None),
])
def test_parse_reference(formula: str, expected: tuple[str, str] | None) -> None:
    assert parse_reference(formula) == expected


def test_split_range() -> None:
    assert split_range("B2:K15") == (2, 2, 15, 11)
    assert split_range("AA10") == (10, 27, 10, 27)


def test_openpyxl_rewrite_reads_alike(tmp_path: Path) -> None:
    path = filled_workbook(tmp_path / "deal.xlsx", "zh")
    book = openpyxl.load_workbook(path)
    book.save(tmp_path / "again.xlsx")
    assert read_workbook(tmp_path / "again.xlsx").deal == read_workbook(path).deal


def test_unsaved_formula_scan_on_raw_sheet_xml() -> None:
    sheet = (
        b'<x:worksheet xmlns:x="main"><x:sheetData><x:row r="2">'
        b'<x:c r="B2"><x:f>1+1</x:f></x:c>'  # never calculated
        b'<x:c r="C2" t="str"><x:f>A1</x:f><x:v>text</x:v></x:c>'  # saved result
        b'</x:row><x:row r="3">'
        b'<c r="B3"><f>1</f><v></v></c>'  # an empty saved value is no value
        b'<c r="C3" t="inlineStr"><f>A1</f><is><t>a</t></is></c>'
        b'<c r="D3"><f t="shared" si="0"/></c>'
        b'<c r="E3"><v>5</v></c>'
        b'</x:row></x:sheetData><conditionalFormatting><cfRule><formula>B2</formula></cfRule>'
        b'</conditionalFormatting></x:worksheet>'
    )
    everything = {"B2", "C2", "B3", "C3", "D3", "E3", "Z9"}
    assert formulas_without_value(sheet, everything) == {"B2", "B3", "D3"}
    assert formulas_without_value(sheet, {"C2", "E3"}) == set()


def test_a_stray_far_away_cell_is_refused_before_calamine_allocates_it(tmp_path: Path) -> None:
    path = filled_workbook(tmp_path / "far.xlsx", "zh")
    book = openpyxl.load_workbook(path)
    summary = book[spec.SUMMARY.title("zh")]
    summary["B5000"] = "a note far below"  # a realistic span still reads
    book.save(path)
    assert read_workbook(path).deal is not None
    summary["XFD1048576"] = "stray"  # 17 billion cells as one dense range: calamine would abort the process
    book.save(path)
    reading = read_workbook(path)
    assert reading.deal is None and not reading.readable
    assert [(p.code, p.sheet) for p in reading.problems] == [("sheet-too-large", spec.SUMMARY.title("zh"))]
    assert "XFD1048576" in reading.problems[0].message.en
