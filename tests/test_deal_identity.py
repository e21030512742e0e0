"""Deal identity without ceremony (issue 9): a copied blank template is scored and harvested, a copied deal
workbook is a deal of its own, and a deal with no deal_id keeps a provisional identity across harvests.

Workbooks are made as reps make them: a copy of the committed blank template (or of another deal's workbook),
filled by openpyxl. Everything is checked where a user meets it: the Score button through xlwings (the openpyxl
test engine, which refuses writes to locked cells on protected sheets as Excel does), `winplan check` and
`winplan harvest` through click's CliRunner, and the site's "what changed" built from the stored history.
"""

from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from harvest_workbooks import age
from openpyxl.styles import Protection
from reader_workbooks import GOOD_FIELDS, GOOD_TABLES
from score_button_workbooks import ASSESSMENT, EXTRA_TABLES, opened, output_cells, template_xlsm

from generator import spec
from generator.cli import cli
from generator.i18n import Language
from generator.reader.ooxml import parse_reference
from generator.workbook_filler import fill_cells
from worksheets.score_button import score_book

AS_OF = "2026-11-23"
LATER = "2026-11-24"


def blank_copy(path: Path, lang: Language = "en", **fields: Any) -> Path:
    """A rep's workbook: the committed blank template copied, then filled by openpyxl, deal_id left empty."""
    template = template_xlsm(lang) if path.suffix == ".xlsm" else template_xlsm(lang).with_suffix(".xlsx")
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, path)
    values = {name: value for name, value in (GOOD_FIELDS[lang] | ASSESSMENT).items() if name != "deal_id"}
    fill_cells(path, values | fields, GOOD_TABLES[lang] | EXTRA_TABLES[lang], path, keep_template_rows=True)
    age(path)
    return path


def set_cells(path: Path, **fields: Any) -> Path:
    """Edit some named cells of a workbook with openpyxl, as a rep editing a copy would (VBA kept)."""
    fill_cells(path, fields, {}, path, keep_template_rows=True)
    age(path)
    return path


def cell_value(path: Path, name: str) -> Any:
    book = openpyxl.load_workbook(path)
    target = parse_reference(book.defined_names[name].attr_text)
    assert target is not None
    return book[target[0]][target[1]].value


def every_cell_but(path: Path, skipped: set[str]) -> dict[tuple[str, str], Any]:
    """Every cell's value, keyed by (sheet, cell), except the cells of the named `skipped` names."""
    book = openpyxl.load_workbook(path)
    left_out = {parse_reference(book.defined_names[name].attr_text) for name in skipped}
    return {(sheet.title, cell.coordinate): cell.value for sheet in book.worksheets for row in sheet.iter_rows()
            for cell in row if (sheet.title, cell.coordinate) not in left_out}


def invoke(*arguments: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(arguments))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def harvest(folder: Path, db: Path, as_of: str = AS_OF) -> dict[str, Any]:
    code, output = invoke("harvest", str(folder), "--db", str(db), "--as-of", as_of, "--json")
    assert code == 0, output
    summary: dict[str, Any] = json.loads(output)
    return summary


def deals_of(summary: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The summary's workbooks that gave a deal, by file name."""
    return {Path(w["path"]).name: w for w in summary["workbooks"]}


@pytest.fixture(autouse=True)
def _no_team_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no winplan.toml: default settings


# --- the Score button ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["zh", "en"])
def test_first_click_writes_a_fresh_uuid4_then_scores_and_the_second_click_keeps_it(tmp_path: Path,
                                                                                  lang: Language) -> None:
    path = blank_copy(tmp_path / f"new deal {lang}.xlsm", lang)
    assert cell_value(path, "deal_id") is None
    before = every_cell_but(path, {"deal_id", *(o.name for o in spec.OUTPUTS)})

    with opened(path) as book:
        first = score_book(book)

    written = cell_value(path, "deal_id")
    assert first.scored and first.new_deal_id == written
    assert uuid.UUID(written).version == 4 and str(uuid.UUID(written)) == written
    assert output_cells(path)["score_probability"][0] is not None
    assert "deal-id-missing" not in {problem.code for problem in first.problems}
    assert every_cell_but(path, {"deal_id", *(o.name for o in spec.OUTPUTS)}) == before

    with opened(path) as book:
        second = score_book(book)

    assert second.scored and second.new_deal_id is None
    assert cell_value(path, "deal_id") == written
    assert every_cell_but(path, {"deal_id", *(o.name for o in spec.OUTPUTS)}) == before


def test_a_deal_id_already_there_is_never_replaced(tmp_path: Path) -> None:
    path = blank_copy(tmp_path / "deal.xlsm", deal_id=GOOD_FIELDS["en"]["deal_id"])
    with opened(path) as book:
        outcome = score_book(book)
    assert outcome.scored and outcome.new_deal_id is None
    assert cell_value(path, "deal_id") == GOOD_FIELDS["en"]["deal_id"]


def test_a_locked_deal_id_cell_of_an_older_template_still_scores_under_no_id(tmp_path: Path) -> None:
    path = blank_copy(tmp_path / "old template.xlsm")
    book = openpyxl.load_workbook(path, keep_vba=True)
    target = parse_reference(book.defined_names["deal_id"].attr_text)
    assert target is not None
    book[target[0]][target[1]].protection = Protection(locked=True)  # as templates before issue 9 had it
    book.save(path)

    with opened(path) as xl_book:
        outcome = score_book(xl_book)

    assert outcome.scored and outcome.new_deal_id is None and cell_value(path, "deal_id") is None
    assert "deal-id-missing" in {problem.code for problem in outcome.problems}


# --- winplan check ---------------------------------------------------------------------------------------------

def test_check_scores_a_blank_template_copy_and_says_how_to_make_its_id_permanent(tmp_path: Path) -> None:
    path = blank_copy(tmp_path / "new deal.xlsx")
    code, output = invoke("check", str(path), "--as-of", AS_OF, "--json")
    assert code == 0
    checked = json.loads(output)["workbooks"][0]
    assert checked["scores"] is not None and checked["scores"]["probability"] is not None
    assert checked["deal"]["customer_name"] == GOOD_FIELDS["en"]["customer_name"]
    warning = next(p for p in checked["problems"] if p["code"] == "deal-id-missing")
    assert warning["severity"] == "warning"

    code, text = invoke("check", str(path), "--as-of", AS_OF, "--lang", "en")
    assert code == 0 and "Click Score once" in text and "winplan new" in text
