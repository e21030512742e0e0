"""The score writer's invariants, through xlwings on a real template: outputs only, one cell each, text stays text."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from score_button_workbooks import deal_workbook, input_fingerprint, opened, output_cells

from generator.reader.ooxml import parse_reference
from worksheets.score_writer import NotAnOutput, write_score_cells


@dataclass(frozen=True)
class Cell:
    value: object
    fill: str | None


def test_an_input_name_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    path = deal_workbook(tmp_path / "deal.xlsm", "en")
    before = (input_fingerprint(path), output_cells(path))
    with opened(path) as book, pytest.raises(NotAnOutput):
        write_score_cells(book, {"score_health": Cell(50.0, None), "amount": Cell(0, None)})
    assert (input_fingerprint(path), output_cells(path)) == before


def test_lists_become_one_cell_of_lines_and_formulas_stay_text(tmp_path: Path) -> None:
    path = deal_workbook(tmp_path / "deal.xlsm", "en")
    before = input_fingerprint(path)
    with opened(path) as book:
        written = write_score_cells(book, {
            "score_flags": Cell(["• one", "• two"], "#FFC7CE"),
            "score_verdict": Cell('=HYPERLINK("http://evil.example","click")', None),
            "score_no_such_output": Cell(1, None),  # a newer output than this workbook's template: skipped
        })
    assert written == ["score_flags", "score_verdict"]
    cells = output_cells(path)
    assert cells["score_flags"] == ("• one\n• two", "#FFC7CE")
    book = openpyxl.load_workbook(path)
    sheet, ref = parse_reference(book.defined_names["score_verdict"].attr_text) or ("", "")
    verdict = book[sheet][ref]
    assert verdict.value == '=HYPERLINK("http://evil.example","click")'
    assert verdict.data_type == "s"  # text, not a formula
    assert input_fingerprint(path) == before  # nothing spilled out of the output cells

