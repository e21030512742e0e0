"""Read one deal workbook: check the file, read it with calamine, validate it into a Deal plus problems.

`read_workbook` never raises for bad input and never writes: every way a file can be wrong ends up as a
`Problem` in the result, so one bad workbook is recorded and the harvest goes on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.core.model import Deal, Problem
from generator.core.raw import CellValue
from generator.reader import problems
from generator.reader.conversions import MAX_AMOUNT
from generator.reader.file_check import FILE_PROBLEM_CODES, check_file, is_ignored_name
from generator.reader.ooxml import SheetTooLarge, UnsafeXml
from generator.reader.parse import ParsedWorkbook, parse_workbook

__all__ = [
    "FILE_PROBLEM_CODES",
    "ParsedWorkbook",
    "WorkbookReading",
    "check_file",
    "is_ignored_name",
    "parse_workbook",
    "read_workbook",
]


@dataclass(frozen=True)
class WorkbookReading:
    """What one workbook file yielded: the deal (None when unusable), its problems and stored scores."""

    path: str
    deal: Deal | None
    problems: tuple[Problem, ...]
    stored_scores: dict[str, CellValue] = field(default_factory=dict)

    @property
    def readable(self) -> bool:
        """False when the file itself could not be read (see file_check.FILE_PROBLEM_CODES)."""
        return not any(problem.code in FILE_PROBLEM_CODES for problem in self.problems)


def read_workbook(path: Path, *, content: bytes | None = None, max_amount: float = MAX_AMOUNT) -> WorkbookReading:
    """Check, read and validate the workbook at `path`, turning every failure into a Problem.

    With `content` (the file's bytes, read by the caller) exactly those bytes are checked and parsed, and the
    file is not opened again; `max_amount` bounds every money cell (see `generator.reader.parse`).
    """
    file = str(path)
    refused = check_file(path, content)
    if refused is not None:
        return WorkbookReading(file, None, (refused,))
    # Imported here, not at the top: xlwings Lite (Pyodide) imports generator.reader.parse and has no calamine.
    from generator.reader.calamine_backend import read_raw_calamine

    try:
        parsed = parse_workbook(read_raw_calamine(path, content), max_amount=max_amount)
    except SheetTooLarge as error:
        return WorkbookReading(file, None, (problems.sheet_too_large(file, error.sheet, error.extent),))
    except UnsafeXml as error:
        return WorkbookReading(file, None, (problems.unreadable(file, str(error)),))
    except Exception as error:  # damaged XML, a calamine error or a reader bug: record it, the harvest goes on
        return WorkbookReading(file, None, (problems.unreadable(file, f"{type(error).__name__}: {error}"),))
    return WorkbookReading(file, parsed.deal, parsed.problems, parsed.stored_scores)
