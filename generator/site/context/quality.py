"""The data quality page: every workbook that could not be read or has problems, and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass

from generator.core.model import Problem
from generator.core.records import HarvestResult, WorkbookRecord
from generator.site.context.common import DealView, SiteIndex


@dataclass(frozen=True)
class WorkbookProblems:
    path: str
    status: str
    problems: tuple[Problem, ...]
    view: DealView | None  # the account page of the deal it holds, when there is one


@dataclass(frozen=True)
class Conflict:
    deal_id: str
    paths: tuple[str, ...]


@dataclass(frozen=True)
class MissingRate:
    """A currency the team converts from but has no rate for, and the deals it keeps out of every total."""

    currency: str
    deals: tuple[DealView, ...]


@dataclass(frozen=True)
class QualityContext:
    failed: tuple[WorkbookProblems, ...]
    with_problems: tuple[WorkbookProblems, ...]
    skipped: tuple[WorkbookRecord, ...]
    conflicts: tuple[Conflict, ...]
    stale_scores: tuple[DealView, ...]
    missing_rates: tuple[MissingRate, ...]
    base_currency: str
    workbook_count: int
    problem_count: int

    @property
    def is_clean(self) -> bool:
        return not (self.failed or self.with_problems or self.conflicts or self.stale_scores or self.missing_rates)


def build_quality(current: HarvestResult, index: SiteIndex) -> QualityContext:
    """Collect the current harvest's problems, worst first, each with its file, sheet, cell and fix."""
    by_source = {view.record.source: view for view in index.deals}
    failed, with_problems = [], []
    for workbook in sorted(current.workbooks, key=lambda w: w.path):
        view = by_source.get(workbook.path)
        problems = tuple(sorted(workbook.problems, key=lambda p: (p.severity != "error", p.sheet or "",
                                                                 p.cell or "", p.code)))
        if workbook.status == "failed":
            failed.append(WorkbookProblems(workbook.path, workbook.status, problems, view))
        elif problems:
            with_problems.append(WorkbookProblems(workbook.path, workbook.status, problems, view))
    return QualityContext(
        failed=tuple(failed),
        with_problems=tuple(with_problems),
        skipped=tuple(w for w in sorted(current.workbooks, key=lambda w: w.path) if w.status == "skipped"),
        conflicts=tuple(Conflict(deal_id, paths) for deal_id, paths in current.conflicts),
        stale_scores=tuple(v for v in index.deals if v.record.stale_scores),
        missing_rates=_missing_rates(index),
        base_currency=index.main_currency if index.converting else "",
        workbook_count=len(current.workbooks),
        problem_count=sum(len(w.problems) for w in current.workbooks),
    )


def _missing_rates(index: SiteIndex) -> tuple[MissingRate, ...]:
    without: dict[str, list[DealView]] = {}
    for view in index.deals:
        if not view.counted_amount.has_rate:
            without.setdefault(view.counted_amount.currency, []).append(view)
    return tuple(MissingRate(currency, tuple(views)) for currency, views in sorted(without.items()))
