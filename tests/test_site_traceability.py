"""Every figure on an account page says where it comes from: the workbook and the cells the reader resolved.

A rep moved the amount to another row (its defined name follows it): the page names the new cell, not the
template's. Harvest and build run through the real CLI; the expected cells are read from the workbook's own
defined names with openpyxl, independently of winplan's reader.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli.commands import demo
from generator.cli.main import cli
from generator.core.serialize import deal_from_dict, to_jsonable
from generator.core.spec import ALL_FIELDS, ASSESSMENT_FIELDS
from generator.site.context.account import cells_of
from generator.store import Store

MOVED_TO = "B70"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str, dict[str, tuple[str, str]]]:
    """The account page's HTML, the workbook's path as harvested, and its defined names (sheet, cell)."""
    openpyxl = pytest.importorskip("openpyxl")
    root = tmp_path_factory.mktemp("trace")
    team = root / "team"
    team.mkdir()
    workbook = team / "moved.xlsx"
    shutil.copy(sorted(demo.EXAMPLES.glob("*.xlsx"))[0], workbook)
    book = openpyxl.load_workbook(workbook)
    name = book.defined_names["amount"]
    (sheet, cell), = name.destinations
    book[sheet][MOVED_TO] = book[sheet][cell.replace("$", "")].value
    book[sheet][cell.replace("$", "")] = None
    name.attr_text = f"'{sheet}'!${MOVED_TO[0]}${MOVED_TO[1:]}"
    book.save(workbook)
    names = {key: next((s, c.replace("$", "")) for s, c in value.destinations)
             for key, value in book.defined_names.items()}
    names.update({f"table {table.name}": (sheet.title, table.ref)
                  for sheet in book.worksheets for table in sheet.tables.values()})
    runner = CliRunner()
    db = root / "winplan.sqlite"
    result = runner.invoke(cli, ["harvest", str(team), "--db", str(db), "--as-of", "2026-11-20"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["build", "--db", str(db), "--out", str(root / "site"), "--lang", "zh", "--strict"])
    assert result.exit_code == 0, result.output
    pages = list((root / "site" / "accounts").glob("*.html"))
    assert len(pages) == 1
    return pages[0].read_text(encoding="utf-8"), str(workbook), names


def _titles(page: str) -> dict[str, str]:
    """Each fact's label -> its hover text."""
    return {html.unescape(label): html.unescape(title)
            for title, label in re.findall(r'<div title="([^"]*)"><dt>([^<]*)</dt>', page)}


def test_the_amount_names_the_workbook_and_the_cell_it_was_read_from(
        built: tuple[str, str, dict[str, tuple[str, str]]]) -> None:
    page, workbook, names = built
    sheet, cell = names["amount"]
    assert cell == MOVED_TO  # the rep's cell, not the template's
    currency_sheet, currency_cell = names["currency"]
    assert currency_sheet == sheet
    title = _titles(page)[ALL_FIELDS["amount"].label.zh]  # the fact is labelled like the workbook's cell
    assert title == f"{workbook} · {sheet}!{currency_cell}, {MOVED_TO}", title


def test_a_score_names_its_input_cells_and_links_to_the_methodology(
        built: tuple[str, str, dict[str, tuple[str, str]]]) -> None:
    page, workbook, names = built
    cells = {names[field.name] for field in ASSESSMENT_FIELDS}
    sheets = {sheet for sheet, _cell in cells}
    assert len(sheets) == 1
    sheet = sheets.pop()
    rows = sorted(int(cell[1:]) for _sheet, cell in cells)
    title = _titles(page)["机会评估"]
    assert title.startswith(f"{workbook} · {sheet}!"), title
    # every answer cell is inside a range the title names, and every range holds only answer cells
    ranges = re.findall(r"([A-Z]+)(\d+)(?::[A-Z]+(\d+))?", title.split(f"{sheet}!", 1)[1])
    covered = sorted(row for _c, first, last in ranges for row in range(int(first), int(last or first) + 1))
    assert covered == rows
    item = re.search(r'<div title="[^"]*"><dt>机会评估</dt><dd>(.*?)</dd></div>', page)
    assert item is not None and f"{sheet}!" in html.unescape(item.group(1))
    assert 'href="../methodology.html#score-assessment"' in item.group(1)
    methodology = Path(workbook).parents[1] / "site" / "methodology.html"  # root/team/moved.xlsx -> root/site
    assert 'id="score-assessment"' in methodology.read_text(encoding="utf-8")


def test_the_history_keeps_the_cells_and_models_stored_before_them_still_read(
        built: tuple[str, str, dict[str, tuple[str, str]]]) -> None:
    _page, workbook, names = built
    with Store.open(Path(workbook).parents[1] / "winplan.sqlite", create=False) as store:
        latest = store.latest()
    assert latest is not None
    deal = latest.deals[0].deal
    assert deal.sources["amount"] == "{}!{}".format(*names["amount"])
    sheet, ref = names["table Stakeholders"]  # the table with its header row
    first, last = ref.split(":")
    letters = first.rstrip("0123456789")
    assert deal.sources["Stakeholders"] == f"{sheet}!{letters}{int(first[len(letters):]) + 1}:{last}"  # data rows
    older = to_jsonable(deal)
    del older["sources"]  # as a model stored by an earlier winplan
    decoded = deal_from_dict(json.loads(json.dumps(older)))
    assert decoded.sources == {} and decoded == deal  # provenance is not part of the deal's content


def test_cells_are_named_the_way_excel_users_write_them() -> None:
    sources = {"a": "机会评估!B6", "b": "机会评估!B5", "c": "机会评估!B8", "table": "评审标准!A4:G15",
               "d": "机会评估!C1", "bang": "Q&A!x!D2"}
    assert cells_of(sources, ("a", "b", "c", "table", "d", "not read")) == "机会评估!B5:B6, B8, C1 · 评审标准!A4:G15"
    assert cells_of(sources, ("bang",)) == "Q&A!x!D2"  # a sheet name may hold "!": the cell is after the last one
    assert cells_of({}, ("a",)) == ""  # a model stored before the reader kept cells: the page names the file only
