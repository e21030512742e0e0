"""Build the Score button's VBA project (xl/vbaProject.bin) from VBA source text shipped with winplan.

The project holds the document modules Excel expects (ThisWorkbook, Sheet1…SheetN, matching the code names the
template writer sets), winplan's own module from `worksheets/vba/*.bas`, and xlwings' standalone VBA module
(`xlwings.bas`, BSD-3-Clause) copied at build time from the installed xlwings package, so RunPython always
matches the xlwings version the template was built with. On Mac, xlwings.bas reads its settings into a
`Dictionary` (Tim Hall's VBA-Dictionary, MIT), a class xlwings ships as `xlwings/addin/Dictionary.cls` and puts
in its own standalone quickstart workbook (xlwings issue 1349); without it the module does not compile on Mac,
so it is copied the same way, with its licence in front. The MS-OVBA container (compressed module streams,
dir and PROJECT streams, an invalidated performance cache so Excel compiles from source) is written by
pyOpenVBA, a pure-Python MIT-licensed library tested against Excel.
"""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

import xlsxwriter
import xlwings
from pyopenvba import ExcelFile, VBAModuleKind

from generator import resources
from generator.core.spec import SHEETS

VBA_SOURCE_DIR = resources.vba_sources()
XLWINGS_MODULE = "xlwings"  # VBA module name of xlwings.bas; RunPython lives there
XLWINGS_CLASSES = ("Dictionary",)  # class modules xlwings.bas needs, from xlwings/addin/<name>.cls
SCORE_MODULE = "WinplanScore"
SCORE_MACRO = "Score"  # the Sub every Score button runs (a Public Sub of SCORE_MODULE)
VBA_ENTRY = "xl/vbaProject.bin"
TEMPLATE_SHEETS = len(SHEETS) + 1  # the spec's sheets and xlwings' settings sheet (workbook/template/xlwings_conf.py)


def xlwings_vba_source() -> str:
    """The standalone xlwings VBA module shipped inside the installed xlwings package."""
    return (Path(xlwings.__file__).parent / "xlwings.bas").read_text(encoding="utf-8")


def xlwings_class_source(name: str) -> str:
    """Class module `name` as the installed xlwings ships it (file-export form), its licence notice in front."""
    source = (Path(xlwings.__file__).parent / "addin" / f"{name}.cls").read_text(encoding="utf-8")
    lines = source.replace("\r\n", "\n").split("\n")
    header = 0
    while header < len(lines) and not lines[header].startswith("Attribute VB_"):
        header += 1  # the VERSION 1.0 CLASS / BEGIN ... END preamble
    while header < len(lines) and lines[header].startswith("Attribute VB_"):
        header += 1
    notice = CLASS_NOTICES[name].format(version=xlwings.__version__)
    return "\n".join([*lines[:header], *notice.strip("\n").split("\n"), *lines[header:]])


DICTIONARY_NOTICE = """
' winplan: this class module is xlwings/addin/Dictionary.cls from xlwings {version}, unchanged below this note;
' xlwings.bas needs it on Mac. xlwings ships it under its BSD 3-clause license; the class itself is
' VBA-Dictionary, (c) Tim Hall, https://github.com/timhall/VBA-Dictionary, under the MIT License:
'
' Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated
' documentation files (the "Software"), to deal in the Software without restriction, including without
' limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the
' Software, and to permit persons to whom the Software is furnished to do so, subject to the following
' conditions:
'
' The above copyright notice and this permission notice shall be included in all copies or substantial
' portions of the Software.
'
' THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED
' TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL
' THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF
' CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER
' DEALINGS IN THE SOFTWARE.
"""
CLASS_NOTICES = {"Dictionary": DICTIONARY_NOTICE}


def winplan_vba_sources(folder: Path = VBA_SOURCE_DIR) -> dict[str, str]:
    """winplan's own VBA modules: file stem -> source text, from `*.bas` files in `folder`."""
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.bas"))}


def score_button_modules() -> dict[str, str]:
    """Every standard module the Score button's project needs: winplan's and xlwings'."""
    return {**winplan_vba_sources(), XLWINGS_MODULE: xlwings_vba_source()}


def score_button_classes() -> dict[str, str]:
    """Every class module the Score button's project needs (xlwings' Dictionary)."""
    return {name: xlwings_class_source(name) for name in XLWINGS_CLASSES}


def build_vba_project(modules: dict[str, str], *, classes: dict[str, str] | None = None,
                      sheet_count: int = TEMPLATE_SHEETS) -> bytes:
    """Return a vbaProject.bin with document modules for `sheet_count` sheets plus `modules` and `classes`."""
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
            for name, source in (classes or {}).items():
                project.add_module(name, _crlf(source), kind=VBAModuleKind.other)
            macro_book.save(built)
        with zipfile.ZipFile(built) as archive:
            return archive.read(VBA_ENTRY)


def write_score_button_project(path: Path, *, sheet_count: int = TEMPLATE_SHEETS) -> Path:
    """Write the Score button's vbaProject.bin to `path` (for XlsxWriter's add_vba_project) and return it."""
    path.write_bytes(build_vba_project(score_button_modules(), classes=score_button_classes(),
                                       sheet_count=sheet_count))
    return path


def _crlf(source: str) -> str:
    """VBA stores module text with CRLF line ends."""
    return source.replace("\r\n", "\n").replace("\n", "\r\n")
