"""The desktop entry point: RunPython calls worksheets.score_button.score(), which scores xw.Book.caller().

Driven through xlwings' real Book/Sheet/Range/Name/Table layer with the openpyxl test engine (see
worksheets/TESTING.md), against the committed .xlsm templates filled with a deal.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, time
from pathlib import Path

import pytest
import xlwings as xw
from click.testing import CliRunner
from openpyxl_reader import read_raw_openpyxl
from score_button_workbooks import AS_OF, deal_workbook, input_fingerprint, opened, output_cells
from xlwings_openpyxl_engine import open_book

from generator.cli.main import cli
from generator.core import spec
from generator.core.i18n import LANGUAGES, Language
from generator.reader.parse import parse_workbook
from generator.scoring import score_deal
from generator.scoring.outputs import score_cells
from worksheets import score_button
from worksheets.score_button import score_book


@pytest.fixture
def caller() -> Iterator[None]:
    """Forget the mock caller after each test, as a fresh RunPython process would."""
    yield
    if hasattr(xw.Book, "_mock_caller"):
        del xw.Book._mock_caller


def click_score(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Do what the Score button's RunPython does: make the workbook the caller and run score()."""
    monkeypatch.setattr(score_button, "date", _FixedDate)
    with opened(path) as book:
        book.set_mock_caller()
        score_button.score()


class _FixedDate:
    """Stands in for datetime.date inside score_button so 'today' is the test's as-of date."""

    @staticmethod
    def today() -> object:
        return AS_OF


def expected_cells(path: Path, lang: Language) -> dict[str, tuple[object, str | None]]:
    """The engine's own answer for the file, read by the independent openpyxl reader."""
    parsed = parse_workbook(read_raw_openpyxl(path))
    assert parsed.deal is not None
    cells = score_cells(score_deal(parsed.deal, AS_OF), lang)
    return {name: (cell.value, cell.fill) for name, cell in cells.items() if name != "score_message"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_score_writes_the_engines_values_and_colours(tmp_path: Path, lang: Language, caller: None,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    path = deal_workbook(tmp_path / f"deal-{lang}.xlsm", lang)
    expected = expected_cells(path, lang)

    click_score(path, monkeypatch)

    written = output_cells(path)
    for name, (value, fill) in expected.items():
        assert written[name] == (value, fill), name
    # The deal is rich enough that the check means something: numbers, labels, colours and flags.
    assert written["score_health"][0] is not None and written["score_health"][1] is not None
    assert written["score_actions_overdue"] == (1, "#FFEB9C")
    assert written["score_verdict"][0] in ("Pursue", "Qualify further", "全力争取", "需进一步确认")
    assert written["score_as_of"][0] == AS_OF
    assert written["score_message"][0] is not None and AS_OF.isoformat() in str(written["score_message"][0])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_score_touches_no_input_cell(tmp_path: Path, lang: Language, caller: None,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    path = deal_workbook(tmp_path / f"deal-{lang}.xlsm", lang)
    before = input_fingerprint(path)
    outputs_before = output_cells(path)

    click_score(path, monkeypatch)

    assert input_fingerprint(path) == before
    assert output_cells(path) != outputs_before  # the outputs did change, so the fingerprint saw a real save


def test_score_equals_winplan_check_json(tmp_path: Path, caller: None, monkeypatch: pytest.MonkeyPatch) -> None:
    path = deal_workbook(tmp_path / "deal.xlsm", "zh")
    with opened(path) as book:
        outcome = score_book(book, as_of=AS_OF)
    assert outcome.scored and outcome.scorecard is not None

    result = CliRunner().invoke(cli, ["check", "--json", "--as-of", AS_OF.isoformat(), str(path)])

    assert result.exit_code == 0, result.output
    checked = json.loads(result.output)["workbooks"][0]
    assert checked["scores"] == json.loads(json.dumps(outcome.scorecard.to_dict()))
    assert checked["stale_scores"] is False  # what the button stored is what the harvest recomputes


def test_score_reads_the_workbook_like_the_file_readers(tmp_path: Path) -> None:
    from worksheets.book_reader import read_book

    path = deal_workbook(tmp_path / "deal.xlsm", "en")
    book = open_book(path)
    try:
        through_xlwings = read_book(book, include_outputs=True)
    finally:
        book.close()
    from_file = read_raw_openpyxl(path)
    assert through_xlwings.names.keys() == from_file.names.keys()
    for key, cell in from_file.names.items():
        mine = through_xlwings.names[key]
        assert (mine.sheet, mine.ref) == (cell.sheet, cell.ref), key
        assert _same(mine.value, cell.value), (key, mine.value, cell.value)
    assert through_xlwings.tables.keys() == from_file.tables.keys()
    assert through_xlwings.tables["stakeholders"].headers == from_file.tables["stakeholders"].headers


def _same(through_xlwings: object, from_file: object) -> bool:
    """Excel hands over every number as a float and every date as a datetime; the file readers do not."""
    if isinstance(through_xlwings, datetime) and not isinstance(from_file, datetime):
        return through_xlwings == datetime.combine(from_file, time())  # type: ignore[arg-type]
    if isinstance(through_xlwings, float) and isinstance(from_file, int) and not isinstance(from_file, bool):
        return through_xlwings == float(from_file)
    return through_xlwings == from_file


def test_score_scores_the_calling_book_only(tmp_path: Path, caller: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """score() goes through xw.Book.caller(): of two open workbooks, only the caller is scored."""
    bystander = deal_workbook(tmp_path / "other.xlsm", "en")
    clicked = deal_workbook(tmp_path / "clicked.xlsm", "en")
    untouched = output_cells(bystander)
    monkeypatch.setattr(score_button, "date", _FixedDate)
    with opened(bystander), opened(clicked) as book:
        book.set_mock_caller()
        score_button.score()
    assert output_cells(bystander) == untouched
    assert output_cells(clicked)["score_as_of"][0] == AS_OF


def test_the_template_lets_score_write_its_outputs(tmp_path: Path) -> None:
    path = deal_workbook(tmp_path / "deal.xlsm", "en")
    book = open_book(path)
    try:
        for output in spec.OUTPUTS:
            book.names[output.name].refers_to_range.value = "x"
    finally:
        book.close()
