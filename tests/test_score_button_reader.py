"""Reading a deal workbook through xlwings: named cells in blocks, without reading far-off cells in between."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from score_button_workbooks import deal_workbook, opened

from generator.core.raw import RawWorkbook
from generator.reader.ooxml import parse_reference
from worksheets.book_reader import read_book


def test_a_named_cell_moved_far_away_is_read_on_its_own(tmp_path: Path) -> None:
    """A rep cut and pasted the customer name to XFD1048576: the reader must not read the block in between."""
    path = deal_workbook(tmp_path / "deal.xlsm", "en")
    book = openpyxl.load_workbook(path, keep_vba=True)
    sheet, _ = parse_reference(book.defined_names["customer_name"].attr_text) or ("", "")
    book[sheet]["XFD1048576"].value = "Far Away Ltd"
    book.defined_names["customer_name"].attr_text = f"'{sheet}'!$XFD$1048576"
    book.save(path)

    with opened(path) as opened_book:
        raw: RawWorkbook = read_book(opened_book)

    cell = raw.names["customer_name"]
    assert (cell.sheet, cell.ref, cell.value) == (sheet, "XFD1048576", "Far Away Ltd")
    assert raw.names["project_name"].value == "ERP upgrade"
