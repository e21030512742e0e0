"""The workbook filler: a Deal written into the template reads back as the same Deal, however many rows it has."""

from __future__ import annotations

import dataclasses
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils.cell import range_boundaries

from examples.deals import EXAMPLES, build_deal
from generator.core import spec
from generator.core.i18n import LANGUAGES, Language
from generator.core.model import Action, Criterion, Deal, Stakeholder, SwotItem
from generator.reader import read_workbook
from generator.workbook.filler import deal_cells, fill_cells, fill_workbook
from generator.workbook.template import write_template


def _read_back(path: Path, expected: Deal) -> Deal:
    reading = read_workbook(path)
    assert reading.deal is not None, reading.problems
    return dataclasses.replace(reading.deal, template_version=expected.template_version,
                               language=expected.language)


def _big_deal(lang: Language) -> Deal:
    """An example deal with more rows in every table than the template offers."""
    base = build_deal(EXAMPLES[0] if lang == "zh" else EXAMPLES[10])
    kinds = ("strength", "weakness", "opportunity", "threat")
    swot = tuple(SwotItem(kind, f"{kind} {n}", 1 + n % 3, "SAP")  # type: ignore[arg-type]
                 for count, kind in zip((9, 11, 7, 15), kinds, strict=True) for n in range(count))
    return dataclasses.replace(
        base,
        language=lang,
        stakeholders=tuple(Stakeholder(f"Person {n}", "IT", "Engineer", "user", "low", n % 7 - 3,
                                       last_contact=date(2026, 11, 1)) for n in range(40)),
        criteria=tuple(Criterion(f"Criterion {n}", 5.0, 3.0, (4.0, None, 2.5)) for n in range(20)),
        swot=swot,
        actions=tuple(Action(f"Action {n}", due_date=date(2026, 12, n % 28 + 1), status="not_started")
                      for n in range(30)),
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_tables_grow_and_everything_below_moves_along(tmp_path: Path, templates: dict[Language, Path],
                                                      lang: Language) -> None:
    deal = _big_deal(lang)
    out = tmp_path / "big.xlsx"
    fill_workbook(templates[lang], deal, out, lang=lang)
    assert _read_back(out, deal) == deal
    book = openpyxl.load_workbook(out)
    swot = book[spec.SWOT_SHEET.title(lang)]
    refs = {t.name: range_boundaries(t.ref) for t in swot.tables.values()}
    for name, rows in (("Strengths", 9), ("Weaknesses", 11), ("Opportunities", 7), ("Threats", 15)):
        _, top, _, bottom = refs[name]
        assert bottom - top == rows, name
        assert swot.tables[name].autoFilter.ref == swot.tables[name].ref
    assert refs["Opportunities"][1] > max(refs["Strengths"][3], refs["Weaknesses"][3])  # no overlap
    # the impact validation reaches the last grown row of the table
    _, _, _, bottom = refs["Weaknesses"]
    impact = next(dv for dv in swot.data_validations.dataValidation if f"F{bottom}" in dv.sqref)
    assert impact.type == "whole"
    grown = swot.cell(bottom, 5)
    assert grown.fill.fgColor.rgb == swot.cell(refs["Weaknesses"][1] + 1, 5).fill.fgColor.rgb


@pytest.mark.parametrize("lang", LANGUAGES)
def test_fewer_rows_clear_the_defaults_and_keep_blank_rows(tmp_path: Path, templates: dict[Language, Path],
                                                           lang: Language) -> None:
    deal = dataclasses.replace(build_deal(EXAMPLES[0]), language=lang,
                               criteria=(Criterion("Price", 100.0, 4.0),), procurement=())
    out = tmp_path / "few.xlsx"
    fill_workbook(templates[lang], deal, out, lang=lang)
    assert _read_back(out, deal) == deal
    book = openpyxl.load_workbook(out)
    ws = book[spec.CRITERIA_SHEET.title(lang)]
    rows = list(ws[ws.tables["Criteria"].ref])[1:]
    assert len(rows) == len(spec.CRITERIA.default_rows) + spec.CRITERIA.blank_rows  # still room to type
    assert rows[0][0].value == "Price" and rows[0][1].value == 1  # 100% is the fraction 1
    assert rows[0][1].number_format == "0%"
    assert all(cell.value is None for row in rows[1:] for cell in row)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_rows_typed_over_the_template_keep_its_other_cells_and_rows(tmp_path: Path,
                                                                   templates: dict[Language, Path],
                                                                   lang: Language) -> None:
    out = tmp_path / "typed.xlsx"
    fill_cells(templates[lang], {}, {"Criteria": [{"weight": 0.6, "ours": 4}, {"criterion": "Price"}]}, out,
               keep_template_rows=True)
    book = openpyxl.load_workbook(out)
    ws = book[spec.CRITERIA_SHEET.title(lang)]
    rows = [[cell.value for cell in row] for row in list(ws[ws.tables["Criteria"].ref])[1:]]
    defaults = [row[0](lang) for row in spec.CRITERIA.default_rows]
    assert rows[0][:3] == [defaults[0], 0.6, 4]  # the criterion the row does not name stays
    assert rows[1][:2] == ["Price", None]
    assert [row[0] for row in rows[2:len(defaults)]] == defaults[2:]  # rows below the last one stay too
    assert all(value is None for row in rows[2:] for value in row[1:])
    assert len(rows) == len(defaults) + spec.CRITERIA.blank_rows


def test_enumerations_are_written_as_labels_of_the_language(tmp_path: Path,
                                                            templates: dict[Language, Path]) -> None:
    deal = build_deal(EXAMPLES[0])
    values, tables = deal_cells(deal, "en")
    assert values["stage"] == "Shortlisted" and values["status"] == "Open"
    assert tables["Stakeholders"][0]["role"] == "EB Economic buyer"
    assert tables["Criteria"][0]["weight"] == pytest.approx(deal.criteria[0].weight / 100)  # type: ignore[operator]
    values, _ = deal_cells(deal, "zh")
    assert values["stage"] == "资格确认" and values["is_tender"] in ("是", "否")


def test_fill_cells_writes_wrong_values_as_given(tmp_path: Path, templates: dict[Language, Path]) -> None:
    out = tmp_path / "wrong.xlsx"
    fill_cells(templates["zh"], {"close_date": "下个月", "assess_margin": 9, "amount": "一百万"},
               {"Stakeholders": [{"name": "王总", "support": "支持", "角色": "老板"}]}, out)
    book = openpyxl.load_workbook(out)

    def value(name: str) -> object:
        sheet, ref = next(iter(book.defined_names[name].destinations))
        return book[sheet][ref.replace("$", "")].value

    assert (value("close_date"), value("assess_margin"), value("amount")) == ("下个月", 9, "一百万")
    ws = book[spec.STAKEHOLDER_SHEET.title("zh")]
    header, first = list(ws[ws.tables["Stakeholders"].ref])[:2]
    row = {h.value: c.value for h, c in zip(header, first, strict=True)}
    assert (row["姓名"], row["支持度 (-3…+3)"], row["角色"]) == ("王总", "支持", "老板")
    codes = {p.code for p in read_workbook(out).problems}
    assert {"wrong-type", "rating-out-of-range", "value-not-in-list"} <= codes


def test_fill_cells_finds_columns_the_rep_reordered(tmp_path: Path, templates: dict[Language, Path]) -> None:
    moved = tmp_path / "moved.xlsx"
    book = openpyxl.load_workbook(templates["en"])
    ws = book[spec.ACTIONS_SHEET.title("en")]
    first, second = ws.cell(3, 1).value, ws.cell(3, 2).value
    ws.cell(3, 1).value, ws.cell(3, 2).value = second, first  # swap Action and Objective headers
    ws.tables["Actions"].tableColumns[0].name, ws.tables["Actions"].tableColumns[1].name = second, first
    book.save(moved)
    out = tmp_path / "out.xlsx"
    fill_cells(moved, {}, {"Actions": [{"action": "Call the CFO", "objective": "Sponsor"}]}, out)
    ws = openpyxl.load_workbook(out)[spec.ACTIONS_SHEET.title("en")]
    assert (ws.cell(4, 1).value, ws.cell(4, 2).value) == ("Sponsor", "Call the CFO")


def test_unknown_names_tables_and_columns_are_refused(tmp_path: Path, templates: dict[Language, Path]) -> None:
    out = tmp_path / "x.xlsx"
    with pytest.raises(KeyError, match="no_such_name"):
        fill_cells(templates["zh"], {"no_such_name": 1}, {}, out)
    with pytest.raises(KeyError, match="Nope"):
        fill_cells(templates["zh"], {}, {"Nope": []}, out)
    with pytest.raises(KeyError, match="colour"):
        fill_cells(templates["zh"], {}, {"Actions": [{"colour": "red"}]}, out)
    with pytest.raises(ValueError, match="one cell"):
        fill_cells(templates["zh"], {"stage_probabilities": 1}, {}, out)


def test_a_macro_template_keeps_its_vba_project_and_buttons(tmp_path: Path) -> None:
    vba = tmp_path / "vbaProject.bin"
    vba.write_bytes(b"opaque VBA project bytes")
    template = tmp_path / "template.xlsm"
    write_template(template, "zh", vba_project=vba, score_macro="Score")
    out = tmp_path / "deal.xlsm"
    fill_workbook(template, build_deal(EXAMPLES[0]), out, lang="zh")
    with zipfile.ZipFile(out) as package:
        assert package.read("xl/vbaProject.bin") == vba.read_bytes()
        drawings = [name for name in package.namelist() if name.endswith(".vml")]
        assert len(drawings) == len(spec.SHEETS)
        assert all("Score" in package.read(name).decode() for name in drawings)
    assert read_workbook(out).deal is not None
