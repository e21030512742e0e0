"""Build the Score button's VBA project (xl/vbaProject.bin) from VBA source text shipped with winplan.

The project holds the document modules Excel expects (ThisWorkbook, Sheet1…SheetN, matching the code names the
template writer sets), winplan's own module from `worksheets/vba/*.bas`, and xlwings' standalone VBA module
(`xlwings.bas`, BSD-3-Clause) copied at build time from the installed xlwings package, so RunPython always
matches the xlwings version the template was built with. The MS-OVBA container (compressed module streams,
dir and PROJECT streams, an invalidated performance cache so Excel compiles from source) is written by
pyOpenVBA, a pure-Python MIT-licensed library tested against Excel.
"""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

import xlsxwriter
import xlwings
from pyopenvba import ExcelFile

from generator import resources
from generator.spec import SHEETS

VBA_SOURCE_DIR = resources.vba_sources()
XLWINGS_MODULE = "xlwings"  # VBA module name of xlwings.bas; RunPython lives there
SCORE_MODULE = "WinplanScore"
SCORE_MACRO = "Score"  # the Sub every Score button runs (a Public Sub of SCORE_MODULE)
VBA_ENTRY = "xl/vbaProject.bin"


def xlwings_vba_source() -> str:
    """The standalone xlwings VBA module shipped inside the installed xlwings package."""
    return (Path(xlwings.__file__).parent / "xlwings.bas").read_text(encoding="utf-8")


def winplan_vba_sources(folder: Path = VBA_SOURCE_DIR) -> dict[str, str]:
    """winplan's own VBA modules: file stem -> source text, from `*.bas` files in `folder`."""
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.bas"))}


def score_button_modules() -> dict[str, str]:
    """Every standard module the Score button's project needs: winplan's and xlwings'."""
    return {**winplan_vba_sources(), XLWINGS_MODULE: xlwings_vba_source()}


def build_vba_project(modules: dict[str, str], *, sheet_count: int = len(SHEETS)) -> bytes:
    """Return a vbaProject.bin with document modules for a workbook of `sheet_count` sheets plus `modules`."""
    with tempfile.TemporaryDirectory(prefix="winplan-vba-") as scratch:
        blank = Path(scratch) / "blank.xlsm"
        built = Path(scratch) / "built.xlsm"
        workbook = xlsxwriter.Workbook(str(blank))
        for _ in range(sheet_count):
            workbook.add_worksheet()
        workbook.close()
        with ExcelFile(blank) as macro_book:
            project = macro_book.add_vba_project()  # ThisWorkbook and Sheet1..N, as Excel names them
            for name, source in modules.items():
                project.add_module(name, _crlf(source))
            macro_book.save(built)
        with zipfile.ZipFile(built) as archive:
            return archive.read(VBA_ENTRY)


def write_score_button_project(path: Path, *, sheet_count: int = len(SHEETS)) -> Path:
    """Write the Score button's vbaProject.bin to `path` (for XlsxWriter's add_vba_project) and return it."""
    path.write_bytes(build_vba_project(score_button_modules(), sheet_count=sheet_count))
    return path


def _crlf(source: str) -> str:
    """VBA stores module text with CRLF line ends."""
    return source.replace("\r\n", "\n").replace("\n", "\r\n")
