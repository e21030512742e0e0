"""The Score button: read the workbook through xlwings, score it with the engine as of today, write the scores.

Two entry points share `score_book`: `score()` for RunPython from the desktop .xlsm (VBA `WinplanScore.Score`),
and the xlwings Lite script in worksheets/lite/main.py. Whatever happens, the rep sees a sentence in
`score_message`, never a Python traceback dialog.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import xlwings as xw

from generator.core.config import DEFAULT_CONFIG, Config, find_config, load_config
from generator.core.i18n import Language
from generator.core.model import Problem
from generator.core.scorecard import Scorecard
from generator.core.spec import OUTPUTS
from generator.reader.parse import parse_workbook
from generator.scoring import score_deal
from generator.scoring.outputs import MESSAGE_OUTPUT, score_cells
from generator.workbook.score_notice import failure_notice, not_scored_notice, scored_notice, workbook_language
from worksheets.book_reader import read_book
from worksheets.score_writer import clear_outputs, write_deal_id, write_score_cells, write_text

NO_DEAL_ID_YET = "deal-id-missing"  # the reader's warning for an empty deal_id, answered by the first click
FALLBACK_MESSAGE_OUTPUT = "score_flags"  # templates older than score_message show the message here


@dataclass(frozen=True)
class ScoreOutcome:
    """What one click of Score did: whether it scored, the cells it wrote and the message it showed."""

    scored: bool
    message: str
    cells: dict[str, Any] = field(default_factory=dict)  # output name -> ScoreCell written
    problems: tuple[Problem, ...] = ()
    scorecard: Scorecard | None = None
    new_deal_id: str | None = None  # the id this click wrote into an empty deal_id cell


class ScoreFailed(RuntimeError):
    """Scoring failed and the message could not be written into the workbook either."""


def score() -> None:
    """RunPython entry point: score the workbook whose Score button was clicked."""
    score_book(xw.Book.caller())


def score_book(book: xw.Book, *, as_of: date | None = None, config: Config | None = None) -> ScoreOutcome:
    """Score `book` in place as of `as_of` (default today), writing only `score_*` outputs.

    A workbook copied from the blank template has an empty `deal_id`: the first click writes a fresh uuid4
    there (the one input the button ever writes, and only when empty), so the deal keeps its history from then on.
    """
    day = as_of or date.today()
    lang: Language = "zh"
    try:
        lang = workbook_language([str(sheet.name) for sheet in book.sheets])
        parsed = parse_workbook(read_book(book))
        problems = tuple(parsed.problems)
        if parsed.deal is None:
            message = not_scored_notice(problems, lang)
            clear_outputs(book, [o.name for o in OUTPUTS if o.name != MESSAGE_OUTPUT])
            _tell(book, message)
            return ScoreOutcome(scored=False, message=message, problems=problems)
        deal = parsed.deal
        lang = deal.language
        new_deal_id = _give_deal_id(book) if not deal.deal_id else None
        if new_deal_id is not None:
            deal = replace(deal, deal_id=new_deal_id)
            problems = tuple(problem for problem in problems if problem.code != NO_DEAL_ID_YET)
        scorecard = score_deal(deal, day, config or team_config(book))
        # score_message is the button's own output (the notice below); every other output comes from the engine.
        cells = {name: cell for name, cell in score_cells(scorecard, lang).items() if name != MESSAGE_OUTPUT}
        write_score_cells(book, cells)
        message = scored_notice(problems, day, lang)
        _tell(book, message)
        return ScoreOutcome(scored=True, message=message, cells=cells, problems=problems, scorecard=scorecard,
                            new_deal_id=new_deal_id)
    except Exception as error:  # the rep gets a sentence in the workbook instead of a traceback dialog
        message = failure_notice(error, lang)
        try:
            _tell(book, message)
        except Exception as unwritable:  # not even the message cell takes text: Excel shows this one line
            raise ScoreFailed(message) from unwritable
        return ScoreOutcome(scored=False, message=message)


def team_config(book: xw.Book) -> Config:
    """The team settings the harvest and `winplan check` use for this workbook: the nearest winplan.toml in its
    folder or a parent folder (the team's shared folder root), else the defaults."""
    try:
        fullname = str(book.fullname)
    except Exception:  # xlwings Lite and unsaved books have no folder
        return DEFAULT_CONFIG
    folder = Path(fullname).parent
    if "://" in fullname or not folder.is_absolute():  # OneDrive/SharePoint URL, or an unsaved book's bare name
        return DEFAULT_CONFIG
    source = find_config(folder)
    return load_config(source) if source is not None else DEFAULT_CONFIG


def _give_deal_id(book: xw.Book) -> str | None:
    """Write a fresh uuid4 into the empty deal_id cell; None when it could not be written (scoring goes on)."""
    candidate = str(uuid.uuid4())
    try:
        return candidate if write_deal_id(book, candidate) else None
    except Exception:  # a workbook from an older template keeps deal_id locked: score it under no id, as before
        return None


def _tell(book: xw.Book, message: str) -> None:
    if not write_text(book, MESSAGE_OUTPUT, message):
        write_text(book, FALLBACK_MESSAGE_OUTPUT, message)
