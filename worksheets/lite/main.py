"""xlwings Lite scripts for winplan: paste this file into xlwings Lite's main.py tab (see the rep guide).

Runs in Excel 365 / Excel on the web without local Python: xlwings Lite runs it in Pyodide and passes the
workbook as `book`. It calls the same engine as the desktop button and the harvest (generator.reader.parse,
generator.scoring), all pure Python; requirements.txt beside this file installs winplan into Pyodide.

Office.js cannot bind a script to a sheet button directly; xlwings Lite uses a shape whose hyperlink points at
a cell. The guide tells the rep to draw a shape named `winplan_score` on the Summary sheet linked to A1 there.
"""

from __future__ import annotations

import xlwings as xw

from worksheets.score_button import score_book

BUTTON_SHAPE = "winplan_score"
BUTTON_CELL = "A1"  # the cell the shape's hyperlink selects; a title cell, never an input


@xw.script(name="Score")
def score(book: xw.Book) -> None:
    """Score this workbook in place as of today (run from the xlwings Lite task pane)."""
    score_book(book)


@xw.script(name="Score (项目总汇)", button=f"[{BUTTON_SHAPE}]项目总汇!{BUTTON_CELL}", show_taskpane=False)
def score_chinese_summary(book: xw.Book) -> None:
    """Score the Chinese template from the button on its 项目总汇 sheet."""
    score_book(book)


@xw.script(name="Score (Summary)", button=f"[{BUTTON_SHAPE}]Summary!{BUTTON_CELL}", show_taskpane=False)
def score_english_summary(book: xw.Book) -> None:
    """Score the English template from the button on its Summary sheet."""
    score_book(book)
