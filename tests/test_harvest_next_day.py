"""The daily harvest: nothing changed but the date, so no workbook is parsed, yet every scorecard is as of the new
date, exactly what a fresh full harvest on that date gives."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from deal_factory import action
from harvest_workbooks import AS_OF, HarvestBooks

from generator.core.config import DEFAULT_CONFIG
from generator.core.errors import StoreError
from generator.core.records import HarvestResult, WorkbookRecord
from generator.harvest import Limits, harvest_folders, runner
from generator.harvest.reading import ReadOutcome, ReadTask
from generator.harvest.rescoring import RESCORES_PER_JOB, RescoreTask, rescore_tasks
from generator.store import Document, Store, WorkbookRow

NEXT_DAY = AS_OF + timedelta(days=1)


def _exploding_reader(task: ReadTask) -> ReadOutcome:
    """Kill the worker: any workbook that is parsed at all shows up as a crash."""
    os._exit(9)


@pytest.fixture(scope="module")
def share(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Workbooks whose scores move overnight (an action due today, a close date today), one copied (a conflict),
    one empty (a failure)."""
    books = HarvestBooks(tmp_path_factory.mktemp("next-day-books"))
    share = tmp_path_factory.mktemp("next-day-share")
    for n in range(4):
        books.put(share / "east" / f"due-{n}.xlsx", actions=(
            action("方案演示", AS_OF, "in_progress"), action("商务谈判", AS_OF + timedelta(days=n), "in_progress")))
    books.put(share / "west" / "closing.xlsx", close_date=AS_OF, last_updated=AS_OF - timedelta(days=30))
    books.put(share / "west" / "steady.xlsx")
    books.put(share / "west" / "copy-of-due-0.xlsx", books.put(share / "east" / "due-0.xlsx", actions=(
        action("方案演示", AS_OF, "in_progress"), action("商务谈判", AS_OF, "in_progress"))))
    (share / "empty.xlsx").write_bytes(b"")
    os.utime(share / "empty.xlsx", (0, 0))
    return share


def _without_status(result: HarvestResult) -> list[object]:
    return [replace(record, status="read" if record.status == "reused" else record.status)
            for record in result.workbooks]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_next_day_harvest_scores_exactly_as_a_full_harvest_on_that_day(share: Path, workers: int) -> None:
    limits = Limits(workers=workers, timeout=20.0)
    with Store.open(":memory:") as store:
        today = harvest_folders([share], store, AS_OF, DEFAULT_CONFIG, limits=limits)
        tomorrow = harvest_folders([share], store, NEXT_DAY, DEFAULT_CONFIG, limits=limits, reader=_exploding_reader)
    with Store.open(":memory:") as fresh_store:
        fresh = harvest_folders([share], fresh_store, NEXT_DAY, DEFAULT_CONFIG, limits=limits)

    # Nothing was parsed (the reader would have crashed), every deal was scored again.
    assert {record.status for record in tomorrow.workbooks} == {"reused", "failed"}
    assert tomorrow.snapshot.counts["reused"] == 7 and tomorrow.snapshot.counts["read"] == 0
    assert tomorrow.deals == fresh.deals  # models, scorecards, sources, problems, stale flags
    assert _without_status(tomorrow) == _without_status(fresh)
    assert tomorrow.conflicts == fresh.conflicts and len(fresh.conflicts) == 1
    assert {k: v for k, v in tomorrow.snapshot.counts.items() if k not in ("read", "reused")} == \
        {k: v for k, v in fresh.snapshot.counts.items() if k not in ("read", "reused")}

    # The date moved the scores: an action due today is overdue tomorrow, a close date today has passed.
    overdue = {Path(d.source).name: (d.scorecard.actions_overdue, n.scorecard.actions_overdue)
               for d, n in zip(today.deals, tomorrow.deals, strict=True)}
    assert overdue["due-1.xlsx"] == (0, 1) and overdue["steady.xlsx"] == (0, 0)
    flags = {Path(d.source).name: {flag.code for flag in d.scorecard.flags} for d in tomorrow.deals}
    assert "close-date-passed" in flags["closing.xlsx"]
    assert {d.scorecard.as_of for d in tomorrow.deals} == {NEXT_DAY}
    assert today.deals != tomorrow.deals


def _crashing_rescore(documents: object, task: RescoreTask) -> object:
    os._exit(9)


def test_rescoring_that_fails_in_a_worker_is_done_in_the_main_process(
        share: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    limits = Limits(workers=2, timeout=20.0)
    with Store.open(":memory:") as store:
        harvest_folders([share], store, AS_OF, DEFAULT_CONFIG, limits=limits)
        monkeypatch.setattr(runner, "rescore", _crashing_rescore)  # forked workers inherit the patch
        tomorrow = harvest_folders([share], store, NEXT_DAY, DEFAULT_CONFIG, limits=limits)
    with Store.open(":memory:") as fresh_store:
        fresh = harvest_folders([share], fresh_store, NEXT_DAY, DEFAULT_CONFIG, limits=limits)
    assert tomorrow.snapshot.counts["reused"] == 7 and tomorrow.deals == fresh.deals


def test_carried_deals_are_split_into_jobs_each_deal_once_in_order() -> None:
    carried = {f"/share/{n:03d}.xlsx": f"address-{n}" for n in range(100)}
    for workers in (1, 2, 8):
        jobs = rescore_tasks(carried, NEXT_DAY, DEFAULT_CONFIG, workers)
        assert [path for job in jobs for path in job.paths] == list(carried)
        assert [address for job in jobs for address in job.addresses] == list(carried.values())
        assert all(1 <= len(job.paths) <= RESCORES_PER_JOB for job in jobs)
        assert len(jobs) >= min(100, workers * 4)  # enough jobs to keep every worker busy
    assert rescore_tasks({}, NEXT_DAY, DEFAULT_CONFIG, 2) == []


def test_the_store_hands_out_many_stored_documents_at_once_and_refuses_a_missing_one() -> None:
    documents = [Document.of({"n": n, "text": "华能" * (n % 7)}) for n in range(1201)]  # more than one query's worth
    rows = [WorkbookRow(WorkbookRecord(f"/share/{n}.xlsx", "read"), document) for n, document in enumerate(documents)]
    with Store.open(":memory:") as store:
        store.save_rows(taken_at=datetime.now().astimezone(), as_of=AS_OF, folders=["/share"], counts={},
                        settings="s", workbooks=rows, deals=[])
        bodies = store.bodies(document.hash for document in documents)
        assert bodies == {document.hash: document.body for document in documents}
        assert store.bodies([]) == {}
        with pytest.raises(StoreError, match="missing"):
            store.bodies([documents[0].hash, "0" * 64])
