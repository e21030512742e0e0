"""What one worker does with one workbook: check the file, read it, score it, and say whether it moved meanwhile.

Runs inside an isolated worker process (`generator.harvest.isolation`); takes and returns plain picklable
objects. The file is opened read-only, first by the content checks, then by the reader.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator.config import Config
from generator.harvest.fingerprint import stat_signature
from generator.harvest.stale import scores_are_stale
from generator.model import Problem
from generator.reader import read_workbook
from generator.scoring import score_deal
from generator.store.rows import DealRow, Document


@dataclass(frozen=True)
class ReadTask:
    """A workbook to read, with the size and mtime it had when it was fingerprinted."""

    path: str
    size: int
    mtime: float
    as_of: date
    config: Config


@dataclass(frozen=True)
class ReadOutcome:
    """What reading one workbook gave, with the deal already encoded for the store (done here, in parallel)."""

    path: str
    problems: tuple[Problem, ...] = ()
    deal: Document | None = None  # the deal model read, as the store keeps it
    deal_row: DealRow | None = None  # the deal scored as of the harvest's date
    stale_scores: bool = False
    unreadable: bool = False  # the file could not be read at all (empty, encrypted, not a workbook, ...)
    being_saved: str | None = None  # why the file looked like it was being saved; nothing else is then set


def read_and_score(task: ReadTask) -> ReadOutcome:
    """Check, read and score one workbook; a file that changes meanwhile is reported as being saved."""
    path = Path(task.path)
    expected = (task.size, task.mtime)
    if stat_signature(path) != expected:
        return ReadOutcome(task.path, being_saved="it changed after it was fingerprinted")
    reading = read_workbook(path)  # runs the content checks (file_check) before any parser sees the file
    if stat_signature(path) != expected:  # a save overlapped the read: what was parsed may be half a file
        return ReadOutcome(task.path, being_saved="its size or modification time changed while it was read")
    deal = reading.deal
    problems = tuple(reading.problems)
    if deal is None:
        return ReadOutcome(task.path, problems, unreadable=not reading.readable)
    scorecard = score_deal(deal, task.as_of, task.config)
    stale = scores_are_stale(deal, reading.stored_scores, scorecard, task.config)
    return ReadOutcome(task.path, problems, Document.of(deal), DealRow.of(deal, scorecard, task.path), stale)
