"""Writing a snapshot straight from models, as tests set up a history without running a harvest.

The harvest hands the store encoded rows (`Store.save_rows`); this builds those rows from workbook records, deal
models and scored deals, and returns the snapshot as the store reads it back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from generator.core.model import Deal
from generator.core.records import DealRecord, HarvestResult, WorkbookRecord
from generator.store import DealRow, Document, Store, WorkbookRow


@dataclass(frozen=True)
class WorkbookEntry:
    """A workbook's outcome: its record and the deal model read from it (None when it gave none)."""

    record: WorkbookRecord
    deal: Deal | None = None
    stale_scores: bool = False


def save_snapshot(store: Store, *, taken_at: datetime, as_of: date, folders: Sequence[str], counts: dict[str, int],
                  settings: str, workbooks: Sequence[WorkbookEntry], deals: Sequence[DealRecord],
                  conflicts: Sequence[tuple[str, tuple[str, ...]]] = ()) -> HarvestResult:
    """Store one snapshot of these workbooks and scored deals; return it as `store.snapshot` reads it."""
    snapshot = store.save_rows(
        taken_at=taken_at, as_of=as_of, folders=folders, counts=counts, settings=settings,
        workbooks=[WorkbookRow(e.record, Document.of(e.deal) if e.deal is not None else None, e.stale_scores)
                   for e in workbooks],
        deals=[DealRow.of(record.deal, record.scorecard, record.source) for record in deals], conflicts=conflicts)
    result = store.snapshot(snapshot.id)
    assert result is not None
    return result
