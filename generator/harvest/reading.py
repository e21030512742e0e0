"""What one worker does with one workbook: check the file, read it, score it, and say whether it moved meanwhile.

Runs inside an isolated worker process (`generator.harvest.isolation`); takes and returns plain picklable
objects. The file is opened read-only and read once: the content checks and the reader see those bytes, and
they are hashed again here, so the reading is stored with the hash of exactly what was parsed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator.core.config import Config
from generator.core.model import Problem
from generator.harvest.fingerprint import TOO_LARGE, read_content, stat_signature
from generator.harvest.stale import scores_are_stale
from generator.reader import read_workbook
from generator.reader.file_check import cannot_open
from generator.scoring import score_deal
from generator.store.rows import DealRow, Document


@dataclass(frozen=True)
class ReadTask:
    """A workbook to read, with the size, mtime and SHA-256 it had when it was fingerprinted."""

    path: str
    size: int
    mtime: float
    sha256: str
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
    """Check, read and score one workbook; a file that changes meanwhile is reported as being saved.

    The bytes parsed are the bytes hashed: a file rewritten after it was fingerprinted, even with the same size
    and modification time, hashes differently and is skipped as being saved (the next harvest reads it).
    """
    path = Path(task.path)
    if stat_signature(path) != (task.size, task.mtime):
        return ReadOutcome(task.path, being_saved="it changed after it was fingerprinted")
    # A file too large to be hashed is not read either: the content checks refuse it by its size.
    try:
        content = None if task.sha256 == TOO_LARGE else read_content(path)
    except OSError as error:  # e.g. permissions changed, or a network share dropped, since it was hashed
        return ReadOutcome(task.path, (cannot_open(task.path, error),), unreadable=True)
    if content is None and task.sha256 != TOO_LARGE:
        return ReadOutcome(task.path, being_saved="it grew after it was fingerprinted")
    if content is not None and hashlib.sha256(content).hexdigest() != task.sha256:
        return ReadOutcome(task.path, being_saved="its content changed after it was fingerprinted")
    # The content checks (file_check) run on these bytes before any parser sees them.
    reading = read_workbook(path, content=content, max_amount=task.config.reading.max_amount)
    deal = reading.deal
    problems = tuple(reading.problems)
    if deal is None:
        return ReadOutcome(task.path, problems, unreadable=not reading.readable)
    scorecard = score_deal(deal, task.as_of, task.config)
    stale = scores_are_stale(deal, reading.stored_scores, scorecard, task.config)
    return ReadOutcome(task.path, problems, Document.of(deal), DealRow.of(deal, scorecard, task.path), stale)
