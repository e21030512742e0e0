"""Write the engine's score cells into the workbook's `score_*` names: values and fill colours, nothing else.

Invariants: only names starting with `score_` are ever written, plus one input, once: an empty `deal_id` cell
receives a fresh id (`write_deal_id`), and a `deal_id` that holds anything is never overwritten; every value
written is a scalar, so nothing spills into neighbouring cells; nothing written is read back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any, Protocol

import xlwings as xw

from worksheets.book_reader import OUTPUT_PREFIX

Scalar = str | int | float | bool | date | datetime | None
FORMULA_STARTS = ("=", "+", "-", "@")
DEAL_ID = "deal_id"  # the one input the Score button may write: only when it is empty


class ScoreCellLike(Protocol):
    """What generator.scoring.outputs.ScoreCell provides: the value to show and its fill colour."""

    @property
    def value(self) -> Any: ...

    @property
    def fill(self) -> Any: ...


class NotAnOutput(ValueError):
    """Raised when asked to write a name that is not a `score_` output."""


def write_score_cells(book: xw.Book, cells: Mapping[str, ScoreCellLike]) -> list[str]:
    """Write each cell's value and fill into its `score_` name; return the names written (missing ones skipped)."""
    _refuse_inputs(cells)
    written: list[str] = []
    for name, cell in cells.items():
        target = _output_range(book, name)
        if target is None:  # a workbook made from an older template may lack a newer output
            continue
        target.value = _scalar(cell.value)
        target.color = _colour(cell.fill)
        written.append(name)
    return written


def clear_outputs(book: xw.Book, names: Iterable[str]) -> list[str]:
    """Empty the given `score_` names and remove their fill, so stale scores never look current."""
    names = list(names)
    _refuse_inputs(names)
    cleared: list[str] = []
    for name in names:
        target = _output_range(book, name)
        if target is None:
            continue
        target.value = None
        target.color = None
        cleared.append(name)
    return cleared


def write_text(book: xw.Book, name: str, text: str) -> bool:
    """Write plain text into one `score_` name without a fill; return False when the workbook lacks it."""
    _refuse_inputs([name])
    target = _output_range(book, name)
    if target is None:
        return False
    target.value = _as_text(text)
    target.color = None
    return True


def write_deal_id(book: xw.Book, deal_id: str) -> bool:
    """Write `deal_id` into the workbook's `deal_id` cell when, and only when, that cell is empty.

    Returns False, writing nothing, when the workbook has no `deal_id` name or the cell holds anything.
    The cell is read again right before the write, so an id typed or pasted meanwhile is never replaced.
    """
    target = _named_cell(book, DEAL_ID)
    if target is None:
        return False
    current = target.value
    if current is not None and not (isinstance(current, str) and not current.strip()):
        return False
    target.value = deal_id
    return True


def _refuse_inputs(names: Iterable[str]) -> None:
    for name in names:
        if not name.lower().startswith(OUTPUT_PREFIX):
            raise NotAnOutput(f"{name!r} is an input, not a score_ output; the Score button never writes inputs")


def _output_range(book: xw.Book, name: str) -> xw.Range | None:
    return _named_cell(book, name)


def _named_cell(book: xw.Book, name: str) -> xw.Range | None:
    if not book.names.contains(name):
        return None
    try:
        target = book.names[name].refers_to_range
    except Exception:  # the name points at #REF! after a rep deleted its cell
        return None
    # Only the top-left cell: a score name always means one cell, even if a rep stretched it.
    return target if target.shape == (1, 1) else target[0, 0]


def _scalar(value: Any) -> Scalar:
    if isinstance(value, list | tuple):  # a list output is one cell of lines, never a spilled range
        value = "\n".join(str(item) for item in value)
    if isinstance(value, str):
        return _as_text(value)
    if value is None or isinstance(value, bool | int | float | date | datetime):
        return value
    return _as_text(str(value))


def _as_text(text: str) -> str:
    """Keep text text: Excel would turn "=…", "+…", "-…" or "@…" into a formula, so quote-prefix those."""
    return "'" + text if text[:1] in FORMULA_STARTS else text


def _colour(fill: Any) -> str | tuple[int, int, int] | None:
    """Accept "#RRGGBB", "RRGGBB", an (r, g, b) tuple or None."""
    if fill is None or fill == "":
        return None
    if isinstance(fill, tuple) and len(fill) == 3:
        return (int(fill[0]), int(fill[1]), int(fill[2]))
    text = str(fill).strip()
    return text if text.startswith("#") else f"#{text}"
