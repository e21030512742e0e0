"""`winplan harvest` says what it could not do: it waits for files being saved, and stores no empty snapshot.

A harvest run right after the workbooks were copied in used to skip them all as "being saved", store an empty
snapshot and exit 0 (the next harvest then listed every deal as new); an empty folder was harvested silently.
"""

from __future__ import annotations

import os
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from harvest_workbooks import HarvestBooks, age

from generator.cli.main import cli, exit_code
from generator.core.config import DEFAULT_CONFIG
from generator.core.errors import NothingHarvested
from generator.harvest import harvest_run
from generator.harvest.isolation import Limits
from generator.harvest.reading import ReadOutcome, ReadTask, read_and_score
from generator.store import Store

AS_OF_DATE = date(2026, 11, 23)
AS_OF = AS_OF_DATE.isoformat()


@pytest.fixture(autouse=True)
def _working_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> HarvestBooks:
    return HarvestBooks(tmp_path_factory.mktemp("honesty-books"))


def _harvest(*arguments: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["harvest", *arguments, "--as-of", AS_OF])
    return result.exit_code, result.output


def _snapshots(db: Path) -> int:
    if not db.exists():
        return 0
    with Store.open(db) as store:
        return len(store.snapshots())


def test_files_copied_in_a_moment_ago_are_waited_for_and_read(books: HarvestBooks, tmp_path: Path) -> None:
    share = tmp_path / "share"
    books.put(share / "east" / "a.xlsx", customer_name="A", seconds_old=0.0)  # just copied in
    books.put(share / "west" / "b.xlsx", customer_name="B", seconds_old=0.0)
    db = tmp_path / "h.sqlite"
    started = time.monotonic()
    code, output = _harvest(str(share), "--db", str(db))
    assert code == 0, output
    assert "still being saved" in output  # the wait is said, not silent
    assert time.monotonic() - started < 15  # about the settle time, far from the limit
    with Store.open(db) as store:
        latest = store.latest()
    assert latest is not None
    assert sorted(w.status for w in latest.workbooks) == ["read", "read"]
    assert sorted(d.deal.customer_name or "" for d in latest.deals) == ["A", "B"]


def _keep_saving(path: Path, stop: threading.Event) -> None:
    while not stop.wait(0.05):
        age(path, 0.0)


def test_a_harvest_that_could_read_nothing_exits_1_without_a_snapshot(books: HarvestBooks, tmp_path: Path) -> None:
    share = tmp_path / "share"
    path = share / "deal.xlsx"
    books.put(path, seconds_old=0.0)
    db = tmp_path / "h.sqlite"
    stop = threading.Event()
    saver = threading.Thread(target=_keep_saving, args=(path, stop))  # a save that never ends within the wait
    saver.start()
    try:
        with Store.open(db) as store, pytest.raises(NothingHarvested, match="still being saved") as raised:
            harvest_run([share], store, AS_OF_DATE, DEFAULT_CONFIG, save_wait_seconds=1.5, settle_seconds=0.5,
                        limits=Limits(workers=1))
    finally:
        stop.set()
        saver.join()
    assert exit_code(raised.value) == 1  # the code the CLI ends with
    assert "No snapshot was stored" in raised.value.message
    assert _snapshots(db) == 0


def test_some_files_still_being_saved_are_skipped_and_the_rest_is_stored(books: HarvestBooks,
                                                                         tmp_path: Path) -> None:
    share = tmp_path / "share"
    books.put(share / "settled.xlsx", customer_name="Settled")
    saving = share / "saving.xlsx"
    books.put(saving, customer_name="Saving", seconds_old=0.0)
    stop = threading.Event()
    saver = threading.Thread(target=_keep_saving, args=(saving, stop))
    saver.start()
    try:
        with Store.open(tmp_path / "h.sqlite") as store:
            run = harvest_run([share], store, AS_OF_DATE, DEFAULT_CONFIG, save_wait_seconds=1.0,
                              settle_seconds=0.5, limits=Limits(workers=1))
    finally:
        stop.set()
        saver.join()
    statuses = {Path(w.path).name: (w.status, [p.code for p in w.problems]) for w in run.workbooks}
    assert statuses == {"saving.xlsx": ("skipped", ["being-saved"]), "settled.xlsx": ("read", [])}


def test_an_empty_folder_is_a_usage_error_and_stores_nothing(tmp_path: Path) -> None:
    share = tmp_path / "empty-share"
    share.mkdir()
    (share / "minutes.docx").write_text("not a workbook")
    db = tmp_path / "h.sqlite"
    code, output = _harvest(str(share), "--db", str(db))
    assert code == 2
    assert f"no workbooks found below {share}" in output and "Traceback" not in output
    assert not db.exists()  # not even an empty database is left behind


def test_a_folder_with_only_lock_files_says_so(tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    (share / "~$deal.xlsx").write_bytes(b"\x05owner")
    db = tmp_path / "h.sqlite"
    code, output = _harvest(str(share), "--db", str(db), "--json")
    assert code == 2
    assert "no workbooks found" in output and "lock" in output
    assert _snapshots(db) == 0



def test_the_command_exits_1_when_every_workbook_stays_busy(books: HarvestBooks, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("generator.harvest.runner.SAVE_WAIT_SECONDS", 1.0)  # the real limit is 20 s
    share = tmp_path / "share"
    path = share / "deal.xlsx"
    books.put(path, seconds_old=0.0)
    db = tmp_path / "h.sqlite"
    stop = threading.Event()
    saver = threading.Thread(target=_keep_saving, args=(path, stop))
    saver.start()
    try:
        code, output = _harvest(str(share), "--db", str(db))
    finally:
        stop.set()
        saver.join()
    assert code == 1
    assert "none of the 1 workbook(s)" in output and "No snapshot was stored" in output
    assert "Traceback" not in output
    assert not db.exists()


def _saving_while_read(task: ReadTask) -> ReadOutcome:
    """A save lands while the worker reads the file."""
    os.utime(task.path, (time.time(), time.time()))
    return read_and_score(task)


def test_workbooks_all_saved_while_being_read_store_no_snapshot(books: HarvestBooks, tmp_path: Path) -> None:
    share = tmp_path / "share"
    books.put(share / "a.xlsx", customer_name="A")
    books.put(share / "b.xlsx", customer_name="B")
    db = tmp_path / "h.sqlite"
    with Store.open(db) as store:
        harvest_run([share], store, AS_OF_DATE, DEFAULT_CONFIG, limits=Limits(workers=1))  # a first snapshot
        books.put(share / "a.xlsx", customer_name="A", amount=1_000.0)  # both edited since: both read again
        books.put(share / "b.xlsx", customer_name="B", amount=2_000.0)
        with pytest.raises(NothingHarvested, match="none of the 2 workbook"):
            harvest_run([share], store, AS_OF_DATE, DEFAULT_CONFIG, limits=Limits(workers=1),
                        reader=_saving_while_read)
    assert _snapshots(db) == 1  # the earlier snapshot stays the latest
