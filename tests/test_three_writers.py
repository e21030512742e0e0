"""The same deal written by openpyxl (the template filler) and by XlsxWriter (from scratch) reads as the same Deal.

LibreOffice's re-save of the openpyxl file is covered in test_libreoffice_roundtrip.py; together they prove the
reader depends on defined names and table headers only, not on which program wrote the file.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from reader_workbooks import bare_workbook

from examples.deals import EXAMPLES, build_deal
from generator.core import spec
from generator.core.i18n import Language
from generator.reader import read_workbook
from generator.workbook.filler import deal_cells, fill_workbook
from generator.workbook.template import write_template

CASES = [(EXAMPLES[0], "zh"), (EXAMPLES[4], "zh"), (EXAMPLES[10], "en"), (EXAMPLES[13], "en")]


@pytest.mark.parametrize(("example", "lang"), CASES, ids=[f"{e.customer[:6]}-{lang}" for e, lang in CASES])
def test_openpyxl_and_xlsxwriter_files_read_as_the_same_deal(tmp_path: Path, example: object,
                                                             lang: Language) -> None:
    deal = build_deal(example)  # type: ignore[arg-type]
    template = tmp_path / "template.xlsx"
    write_template(template, lang)
    by_openpyxl = tmp_path / "openpyxl.xlsx"
    fill_workbook(template, deal, by_openpyxl, lang=lang)

    values, rows = deal_cells(deal, lang)
    values = {**values, "template_version": spec.TEMPLATE_VERSION}
    tables = {}
    for name, records in rows.items():
        columns = spec.ALL_TABLES[name].columns[::-1]  # reversed column order: found by header, not position
        tables[name] = ([column.label(lang) for column in columns],
                        [[record.get(column.key) for column in columns] for record in records])
    by_xlsxwriter = bare_workbook(tmp_path / "xlsxwriter.xlsx", lang, values, tables)

    first, second = read_workbook(by_openpyxl), read_workbook(by_xlsxwriter)
    assert first.deal is not None and second.deal is not None, (first.problems, second.problems)
    assert second.deal == first.deal
    assert dataclasses.replace(first.deal, template_version="", language=deal.language) == deal
    assert sorted(p.code for p in first.problems) == sorted(p.code for p in second.problems)
