"""`winplan new`: a prefilled workbook with a fresh deal_id, a safe file name, never over an existing file."""

from __future__ import annotations

import uuid
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from generator.cli.main import cli
from generator.reader import read_workbook
from generator.workbook.deal_files import MAX_STEM_BYTES, WINDOWS_RESERVED, deal_file_stem, reserve_path

WINDOWS_ILLEGAL = set('<>:"/\\|?*') | {chr(code) for code in range(32)}


def _new(tmp_path: Path, *args: str) -> Path:
    result = CliRunner().invoke(cli, ["new", *args, "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    path = Path(result.output.strip())
    assert path.exists() and path.parent == tmp_path
    return path


@pytest.mark.parametrize(("lang", "currency", "status", "stage_label"), [
    ("zh", "CNY", "跟进中", "项目立项"), ("en", "USD", "Open", "Qualified"),
])
def test_new_workbook_is_prefilled(tmp_path: Path, lang: str, currency: str, status: str,
                                   stage_label: str) -> None:
    path = _new(tmp_path, "华东重工集团", "--project", "ERP 二期", "--rep", "张伟", "--lang", lang)
    reading = read_workbook(path)
    deal = reading.deal
    assert deal is not None, reading.problems
    assert (deal.customer_name, deal.project_name, deal.sales_rep) == ("华东重工集团", "ERP 二期", "张伟")
    assert (deal.status, deal.stage, deal.currency) == ("open", "qualified", currency)
    assert deal.created_date == deal.last_updated == date.today()
    assert uuid.UUID(deal.deal_id).version == 4
    assert deal.language == lang
    book = openpyxl.load_workbook(path)
    sheet, ref = next(iter(book.defined_names["status"].destinations))
    assert book[sheet][ref.replace("$", "")].value == status  # stored as the label of the workbook's language
    sheet, ref = next(iter(book.defined_names["stage"].destinations))
    assert book[sheet][ref.replace("$", "")].value == stage_label
    assert [p.code for p in reading.problems if p.severity == "error"] == ["missing-required"] * 2  # close, amount


def test_macros_gives_an_xlsm_with_the_score_button(tmp_path: Path) -> None:
    path = _new(tmp_path, "Northwind", "--project", "WMS", "--rep", "Anna", "--lang", "en", "--macros")
    assert path.suffix == ".xlsm"
    with zipfile.ZipFile(path) as package:
        assert "xl/vbaProject.bin" in package.namelist()
        assert any(name.startswith("xl/drawings/vmlDrawing") for name in package.namelist())  # the buttons
    reading = read_workbook(path)
    assert reading.deal is not None and reading.deal.customer_name == "Northwind"


def test_each_new_workbook_gets_its_own_file_and_deal_id(tmp_path: Path) -> None:
    first = _new(tmp_path, "华东重工", "--project", "MES", "--rep", "张伟")
    before = first.read_bytes()
    second = _new(tmp_path, "华东重工", "--project", "MES", "--rep", "张伟")
    third = _new(tmp_path, "华东重工", "--project", "MES", "--rep", "张伟")
    assert [first.name, second.name, third.name] == ["华东重工-MES.xlsx", "华东重工-MES-2.xlsx", "华东重工-MES-3.xlsx"]
    assert first.read_bytes() == before
    ids = {read_workbook(p).deal.deal_id for p in (first, second, third)}  # type: ignore[union-attr]
    assert len(ids) == 3


@pytest.mark.parametrize(("customer", "project", "expected"), [
    ("../../etc/passwd", "x", "etc-passwd-x"),
    ("a/b", "c\\d", "a-b-c-d"),
    ("CON", "", "CON_deal"),
    ("nul", "", "nul_deal"),
    ("🚀 Rocket", "🎉", "Rocket"),
    ("???", "***", "deal"),
    ('华东<重工>:"集团"|', "ERP?二期*", "华东-重工-集团-ERP-二期"),
    ("  Ｆｕｌｌｗｉｄｔｈ  ", "項目", "Fullwidth-項目"),
])
def test_file_stem_is_safe(customer: str, project: str, expected: str) -> None:
    assert deal_file_stem(customer, project) == expected


def test_very_long_names_are_cut_at_a_character(tmp_path: Path) -> None:
    stem = deal_file_stem("华东重工集团" * 60, "二期" * 60)
    assert len(stem.encode("utf-8")) <= MAX_STEM_BYTES
    assert stem.startswith("华东重工集团")
    path = _new(tmp_path, "华东重工集团" * 60, "--project", "二期" * 60, "--rep", "张伟")
    assert len(path.name.encode("utf-8")) < 255


def test_hostile_name_stays_in_the_out_folder(tmp_path: Path) -> None:
    out = tmp_path / "deals"
    path = _new(out, "../../etc/passwd", "--project", "../x", "--rep", "r")
    assert path.resolve().parent == out.resolve()


@given(st.text(max_size=300), st.text(max_size=300))
def test_any_names_give_a_safe_stem(customer: str, project: str) -> None:
    stem = deal_file_stem(customer, project)
    assert stem
    assert not WINDOWS_ILLEGAL & set(stem)
    assert stem.upper() not in WINDOWS_RESERVED
    assert not stem.startswith((".", "-", " ")) and not stem.endswith((".", " "))
    assert len(stem.encode("utf-8")) <= MAX_STEM_BYTES


def test_reserve_path_never_reuses_a_name(tmp_path: Path) -> None:
    (tmp_path / "deal.xlsx").write_bytes(b"a rep's work")
    (tmp_path / "deal-2.xlsx").write_bytes(b"more work")
    path = reserve_path(tmp_path, "deal")
    assert path.name == "deal-3.xlsx" and path.exists()
    assert (tmp_path / "deal.xlsx").read_bytes() == b"a rep's work"
