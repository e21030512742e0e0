"""The xlwings Lite entry point: worksheets/lite/main.py's @script functions, called with an xw.Book.

xlwings Lite passes the workbook as the script's `book` argument; here the book comes from the openpyxl test
engine, so the script drives xlwings' real object model into a real file (see worksheets/TESTING.md).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from score_button_workbooks import (
    AS_OF,
    deal_workbook,
    input_fingerprint,
    opened,
    output_cells,
    template_xlsm,
)
from test_score_button_runpython import expected_cells

from generator.cli.main import cli
from generator.core.i18n import LANGUAGES, Language
from worksheets import score_button
from worksheets.lite import main as lite
from worksheets.score_button import score_book


class _FixedDate:
    @staticmethod
    def today() -> object:
        return AS_OF


@pytest.mark.parametrize("lang", LANGUAGES)
def test_lite_script_writes_the_engines_values_and_colours(tmp_path: Path, lang: Language,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    path = deal_workbook(tmp_path / f"deal-{lang}.xlsm", lang)
    expected = expected_cells(path, lang)
    before = input_fingerprint(path)
    monkeypatch.setattr(score_button, "date", _FixedDate)

    with opened(path) as book:
        lite.score(book)

    written = output_cells(path)
    assert {name: written[name] for name in expected} == expected
    assert input_fingerprint(path) == before


def test_each_sheet_button_script_scores_the_book(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(score_button, "date", _FixedDate)
    for script, lang in ((lite.score_chinese_summary, "zh"), (lite.score_english_summary, "en")):
        path = deal_workbook(tmp_path / f"button-{lang}.xlsm", lang)
        with opened(path) as book:
            script(book)
        assert output_cells(path)["score_as_of"][0] == AS_OF


@pytest.mark.parametrize("lang", LANGUAGES)
def test_lite_button_cell_is_on_the_summary_sheet_and_no_input(lang: Language) -> None:
    """The bound button's hyperlink target exists in the template and is not an input cell."""
    from generator.core import spec
    from generator.reader.ooxml import parse_reference

    book = openpyxl.load_workbook(template_xlsm(lang))
    sheet = spec.SUMMARY.title(lang)
    assert sheet in book.sheetnames
    used = {parse_reference(name.attr_text) for name in book.defined_names.values()}
    assert (sheet, lite.BUTTON_CELL) not in used
    assert book[sheet][lite.BUTTON_CELL].protection.locked


LITE_IMPORT_PROBE = textwrap.dedent("""
    import sys
    NOT_IN_PYODIDE = ("python_calamine", "openpyxl", "xlsxwriter", "mkdocs", "jinja2", "plotly", "jieba",
                      "pyopenvba")

    class Refuse:
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in NOT_IN_PYODIDE:
                raise ImportError("not available in xlwings Lite: " + name)
            return None

    sys.meta_path.insert(0, Refuse())
    import worksheets.lite.main
    print("ok")
""")


def test_lite_entry_imports_only_pure_python(repo: Path) -> None:
    result = subprocess.run([sys.executable, "-c", LITE_IMPORT_PROBE], cwd=repo, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "examples" / "workbooks").glob("*.xlsx"))


@pytest.mark.parametrize("example", EXAMPLES, ids=[path.name[:2] for path in EXAMPLES])
def test_example_workbooks_score_like_winplan_check(tmp_path: Path, example: Path) -> None:
    """Every bundled example, scored through xlwings by score_book, agrees with `winplan check --json`."""
    path = Path(shutil.copyfile(example, tmp_path / example.name))
    before = input_fingerprint(path)

    with opened(path) as book:
        outcome = score_book(book, as_of=AS_OF)

    result = CliRunner().invoke(cli, ["check", "--json", "--as-of", AS_OF.isoformat(), str(path)])
    assert result.exit_code == 0, result.output
    checked = json.loads(result.output)["workbooks"][0]
    if outcome.scorecard is None:
        assert checked["scores"] is None
    else:
        assert checked["scores"] == json.loads(json.dumps(outcome.scorecard.to_dict()))
        assert checked["stale_scores"] is False
    assert input_fingerprint(path) == before
    assert output_cells(path)["score_message"][0]
