"""Incremental harvests: unchanged workbooks are carried over, never parsed again; any change is re-read."""

from __future__ import annotations

import os
import shutil
import zipfile
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from harvest_workbooks import AS_OF, HarvestBooks, age

from generator.core.config import DEFAULT_CONFIG, Thresholds
from generator.core.records import HarvestResult
from generator.harvest import Limits, harvest_folders
from generator.harvest.reading import ReadOutcome, ReadTask
from generator.store import Store

LIMITS = Limits(workers=2, timeout=10.0)


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> HarvestBooks:
    return HarvestBooks(tmp_path_factory.mktemp("incremental-books"))


def _exploding_reader(task: ReadTask) -> ReadOutcome:
    """Kill the worker: any file that is parsed at all shows up as a crash."""
    os._exit(9)


def _statuses(result: HarvestResult) -> dict[str, str]:
    return {Path(record.path).name: record.status for record in result.workbooks}


def test_an_unchanged_folder_is_not_parsed_again(books: HarvestBooks, tmp_path: Path) -> None:
    share = tmp_path / "share"
    for name in ("a.xlsx", "b.xlsx", "c.xlsx"):
        books.put(share / name)
    (share / "empty.xlsx").write_bytes(b"")
    os.utime(share / "empty.xlsx", (0, 0))
    with Store.open(":memory:") as store:
        first = harvest_folders([share], store, AS_OF, DEFAULT_CONFIG, limits=LIMITS)
        again = harvest_folders([share], store, AS_OF, DEFAULT_CONFIG, limits=LIMITS, reader=_exploding_reader)
    assert _statuses(first) == {"a.xlsx": "read", "b.xlsx": "read", "c.xlsx": "read", "empty.xlsx": "failed"}
    # Nothing reached a reader (it would have crashed): the failure is carried, not retried.
    assert _statuses(again) == {"a.xlsx": "reused", "b.xlsx": "reused", "c.xlsx": "reused", "empty.xlsx": "failed"}
    assert [p.code for w in again.workbooks for p in w.problems] == ["empty-file"]
    assert again.deals == first.deals
    assert (again.snapshot.counts["reused"], again.snapshot.counts["read"]) == (3, 0)


def _stored_copy(source: Path, target: Path, old: bytes = b"", new: bytes = b"") -> None:
    """Re-zip `source` uncompressed, replacing `old` by `new` once, so equal-length edits keep the file size."""
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as out:
        replaced = 0
        for info in archive.infolist():
            data = archive.read(info)
            if old and old in data:
                replaced += data.count(old)
                data = data.replace(old, new)
            out.writestr(zipfile.ZipInfo(info.filename, info.date_time), data)
    assert replaced == (1 if old else 0)


def test_a_content_change_is_read_even_when_size_and_mtime_are_kept(books: HarvestBooks, tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    source = books.filled(books.put(tmp_path / "deal.xlsx", amount=1_000_000.0))
    path = share / "deal.xlsx"
    _stored_copy(source, path)
    os.utime(path, (1_700_000_000, 1_700_000_000))
    with Store.open(":memory:") as store:
        first = harvest_folders([share], store, AS_OF, DEFAULT_CONFIG, limits=LIMITS)
        _stored_copy(source, path, b"<v>1000000</v>", b"<v>2000000</v>")
        os.utime(path, (1_700_000_000, 1_700_000_000))
        second = harvest_folders([share], store, AS_OF, DEFAULT_CONFIG, limits=LIMITS)
    before, after = first.workbooks[0], second.workbooks[0]
    assert (before.size, before.mtime) == (after.size, after.mtime) and before.sha256 != after.sha256
    assert after.status == "read"
    assert first.deals[0].deal.amount == 1_000_000.0 and second.deals[0].deal.amount == 2_000_000.0


def test_new_settings_force_a_re_read_and_a_new_date_rescores(books: HarvestBooks, tmp_path: Path) -> None:
    share = tmp_path / "share"
    books.put(share / "a.xlsx")
    later = AS_OF + timedelta(days=40)
    stricter = replace(DEFAULT_CONFIG, thresholds=Thresholds(stale_days=5))
    with Store.open(":memory:") as store:
        harvest_folders([share], store, AS_OF, DEFAULT_CONFIG, limits=LIMITS)
        dated = harvest_folders([share], store, later, DEFAULT_CONFIG, limits=LIMITS, reader=_exploding_reader)
        configured = harvest_folders([share], store, later, stricter, limits=LIMITS)
    assert _statuses(dated) == {"a.xlsx": "reused"}
    assert dated.deals[0].scorecard.as_of == later  # carried model, scores as of the new date
    assert _statuses(configured) == {"a.xlsx": "read"}


def test_a_removed_workbook_leaves_the_next_snapshot(books: HarvestBooks, tmp_path: Path) -> None:
    share = tmp_path / "share"
    books.put(share / "a.xlsx")
    books.put(share / "b.xlsx")
    with Store.open(":memory:") as store:
        harvest_folders([share], store, AS_OF, DEFAULT_CONFIG, limits=LIMITS)
        (share / "b.xlsx").unlink()
        result = harvest_folders([share], store, AS_OF, DEFAULT_CONFIG, limits=LIMITS)
    assert _statuses(result) == {"a.xlsx": "reused"}
    assert [Path(d.source).name for d in result.deals] == ["a.xlsx"]


def test_a_renamed_and_moved_workbook_keeps_its_history(books: HarvestBooks, tmp_path: Path) -> None:
    share = tmp_path / "share"
    deal = books.put(share / "east" / "华能.xlsx")
    with Store.open(":memory:") as store:
        harvest_folders([share], store, AS_OF, DEFAULT_CONFIG, limits=LIMITS)
        (share / "archive").mkdir()
        shutil.move(share / "east" / "华能.xlsx", share / "archive" / "华能-ERP-final.xlsx")
        harvest_folders([share], store, AS_OF, DEFAULT_CONFIG, limits=LIMITS)
        history = store.deal_history(deal.deal_id)
    assert [Path(record.source).relative_to(share).as_posix() for _, record in history] == [
        "archive/华能-ERP-final.xlsx", "east/华能.xlsx"]
    assert history[0][1].deal == history[1][1].deal == deal


def test_two_workbooks_claiming_one_deal_are_a_conflict(books: HarvestBooks, tmp_path: Path) -> None:
    share = tmp_path / "share"
    deal = books.put(share / "华能.xlsx")
    shutil.copyfile(share / "华能.xlsx", share / "华能 - 副本.xlsx")
    age(share / "华能 - 副本.xlsx", 60)  # the copy was saved last
    with Store.open(":memory:") as store:
        first = harvest_folders([share], store, AS_OF, DEFAULT_CONFIG, limits=LIMITS)
        again = harvest_folders([share], store, AS_OF, DEFAULT_CONFIG, limits=LIMITS)
    for result in (first, again):
        paths = (str(share / "华能 - 副本.xlsx"), str(share / "华能.xlsx"))
        assert result.conflicts == ((deal.deal_id, paths),)
        assert [d.source for d in result.deals] == [str(share / "华能 - 副本.xlsx")]  # counted once
        for workbook in result.workbooks:  # each claimant says so exactly once, naming the other
            (problem,) = workbook.problems
            assert problem.code == "deal-id-conflict" and deal.deal_id in problem.message.en
            other = next(p for p in paths if p != workbook.path)
            assert other in problem.message.en
        assert result.snapshot.counts["conflicts"] == 1


def test_progress_counts_every_workbook_once(books: HarvestBooks, tmp_path: Path) -> None:
    share = tmp_path / "share"
    for name in ("a.xlsx", "b.xlsx", "c.xlsx"):
        books.put(share / name)
    calls: list[tuple[int, int, str]] = []
    with Store.open(":memory:") as store:
        harvest_folders([share], store, AS_OF, DEFAULT_CONFIG, limits=LIMITS,
                        progress=lambda done, total, path: calls.append((done, total, path)))
        harvest_folders([share], store, AS_OF, DEFAULT_CONFIG, limits=LIMITS,
                        progress=lambda done, total, path: calls.append((done, total, path)))
    assert [(done, total) for done, total, _ in calls] == [(1, 3), (2, 3), (3, 3)] * 2
    assert sorted(Path(path).name for _, _, path in calls[:3]) == ["a.xlsx", "b.xlsx", "c.xlsx"]
