"""What a harvest yields and the history database keeps: snapshots, workbook outcomes and scored deals.

These are the typed objects between the harvest, the store, the export and the site (STYLE.md: typed objects
between stages). The site never queries the database: it receives `HarvestResult`s.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from generator.core.model import Deal, Problem
from generator.core.scorecard import Scorecard

# read: parsed in this harvest; reused: unchanged since the previous snapshot, its result carried over;
# skipped: not a workbook of ours (lock/temp file, a link out of the folder, broken or looping, a folder that
# could not be listed) and said so; failed: could not be read at all (damaged, a pipe or device, .ods, ...).
WorkbookStatus = Literal["read", "reused", "skipped", "failed"]


@dataclass(frozen=True)
class WorkbookRecord:
    """One file the harvest looked at, and what became of it."""

    path: str  # as found below the harvested folder; not UTF-8 -> surrogate-escaped (see generator.core.paths)
    status: WorkbookStatus
    problems: tuple[Problem, ...] = ()
    deal_id: str | None = None
    size: int | None = None
    mtime: float | None = None
    sha256: str | None = None

    @property
    def has_problems(self) -> bool:
        return bool(self.problems)


@dataclass(frozen=True)
class DealRecord:
    """A deal as harvested: its model, its scores as of the snapshot, and where it came from."""

    deal: Deal
    scorecard: Scorecard
    source: str  # workbook path, as `WorkbookRecord.path`
    problems: tuple[Problem, ...] = ()
    stale_scores: bool = False  # the score_* cells stored in the workbook differ from the recomputed scores


@dataclass(frozen=True)
class Snapshot:
    """One harvest run."""

    id: int
    taken_at: datetime
    as_of: date
    folders: tuple[str, ...]
    counts: dict[str, int] = field(default_factory=dict)  # e.g. read, reused, skipped, failed, problems, deals


@dataclass(frozen=True)
class HarvestResult:
    """A snapshot with every deal and every workbook outcome in it."""

    snapshot: Snapshot
    deals: tuple[DealRecord, ...]
    workbooks: tuple[WorkbookRecord, ...]
    conflicts: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (deal_id, paths claiming it)
