"""The history database when something is wrong with it: one sentence, exit 2, the database as it was.

What can be known before reading (not a file, no permission, damaged, newer) is refused before a single workbook
is read: the harvest runs through tests/harvest_driver.py with `--record-reads`, whose reader leaves a mark per
workbook read. Two harvests creating one new database at once both succeed.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from harvest_workbooks import AS_OF, HarvestBooks

from generator.core.config import Config
from generator.core.errors import StoreError
from generator.harvest import Limits, harvest_run
from generator.store import Store
from generator.store.migrations import LATEST_VERSION

REPO = Path(__file__).resolve().parent.parent
DRIVER = REPO / "tests" / "harvest_driver.py"
ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
# Root ignores file permissions; without these capabilities it meets them like the files' owner.
AS_OWNER = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"] if ROOT else []


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> HarvestBooks:
    return HarvestBooks(tmp_path_factory.mktemp("fault-books"))


@pytest.fixture
def share(books: HarvestBooks, tmp_path: Path) -> Path:
    folder = tmp_path / "share"
    for name in ("east/华能.xlsx", "west/sinopec.xlsx"):
        books.put(folder / name)
    return folder


def _harvest(share: Path, db: Path, marks: Path, *, as_owner: bool = False) -> tuple[int, str, str]:
    """Run `winplan harvest share --db db` in its own process; return (exit code, stdout, stderr)."""
    marks.mkdir(exist_ok=True)
    if as_owner and ROOT and shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: file permissions cannot be made to apply")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "tests")])}
    command = [*(AS_OWNER if as_owner else []), sys.executable, str(DRIVER), str(marks), "--record-reads", "--",
               "harvest", str(share), "--db", str(db), "--as-of", AS_OF.isoformat()]
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    return done.returncode, done.stdout, done.stderr


def _assert_refused_before_reading(result: tuple[int, str, str], marks: Path, *fragments: str) -> None:
    code, out, err = result
    assert code == 2, (out, err)
    assert "Traceback" not in err and out == ""
    assert len(err.strip().splitlines()) == 1, err
    for fragment in fragments:
        assert fragment in err, err
    assert not list(marks.glob("read-*")), "a workbook was read before the database was checked"


def _first_harvest(share: Path, db: Path, tmp_path: Path) -> bytes:
    code, _out, err = _harvest(share, db, tmp_path / "first-marks")
    assert code == 0, err
    return db.read_bytes()


def test_a_fifo_as_database_is_refused_without_hanging(share: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "history.sqlite"
    os.mkfifo(fifo)
    _assert_refused_before_reading(_harvest(share, fifo, tmp_path / "marks"), tmp_path / "marks",
                                   "not a regular file", "--db")


def test_a_folder_as_database_is_refused(share: Path, tmp_path: Path) -> None:
    folder = tmp_path / "history.sqlite"
    folder.mkdir()
    code, _out, err = _harvest(share, folder, tmp_path / "marks")
    assert code == 2 and "Traceback" not in err and "directory" in err
    assert not list((tmp_path / "marks").glob("read-*"))
    with pytest.raises(StoreError, match="is a folder"):
        Store.open(folder)


def test_a_read_only_database_is_refused_and_left_alone(share: Path, tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    before = _first_harvest(share, db, tmp_path)
    db.chmod(0o444)
    result = _harvest(share, db, tmp_path / "marks", as_owner=True)
    _assert_refused_before_reading(result, tmp_path / "marks", "no permission to change it")
    assert db.read_bytes() == before


def test_a_database_in_a_read_only_folder_is_refused(share: Path, tmp_path: Path) -> None:
    folder = tmp_path / "kept"
    folder.mkdir()
    db = folder / "h.sqlite"
    before = _first_harvest(share, db, tmp_path)
    folder.chmod(0o555)  # the file may be changed, but SQLite could not create its journal beside it
    try:
        result = _harvest(share, db, tmp_path / "marks", as_owner=True)
        fresh = _harvest(share, folder / "new.sqlite", tmp_path / "marks", as_owner=True)
    finally:
        folder.chmod(0o755)
    _assert_refused_before_reading(result, tmp_path / "marks", "no permission to write in its folder")
    _assert_refused_before_reading(fresh, tmp_path / "marks", "cannot create", "no permission to write in")
    assert db.read_bytes() == before and sorted(p.name for p in folder.iterdir()) == ["h.sqlite"]


@pytest.fixture
def read_only_mount(tmp_path: Path) -> Iterator[Path]:
    """A folder that even root cannot write: a read-only bind mount of itself."""
    if not ROOT or shutil.which("mount") is None:
        pytest.skip("a read-only mount needs root")
    folder = tmp_path / "readonly"
    folder.mkdir()
    yield folder
    subprocess.run(["umount", str(folder)], check=False, capture_output=True)


def test_a_database_on_a_read_only_disk_is_refused(share: Path, tmp_path: Path, read_only_mount: Path) -> None:
    db = read_only_mount / "h.sqlite"
    before = _first_harvest(share, db, tmp_path)
    bind = subprocess.run(["mount", "--bind", str(read_only_mount), str(read_only_mount)], capture_output=True)
    remount = subprocess.run(["mount", "-o", "remount,ro,bind", str(read_only_mount)], capture_output=True)
    if bind.returncode or remount.returncode:
        pytest.skip(f"cannot mount here: {bind.stderr!r} {remount.stderr!r}")
    _assert_refused_before_reading(_harvest(share, db, tmp_path / "marks"), tmp_path / "marks", "read-only disk")
    assert db.read_bytes() == before
    with Store.open(db, create=False) as store:  # what `winplan build` does: reading it is still fine
        assert store.latest() is not None


def test_the_write_check_stops_what_permissions_do_not_show(share: Path, tmp_path: Path, read_only_mount: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    # When the checks of the file system say yes but SQLite still cannot write (a network share, an ACL), the
    # trial write made when the store opens says no, before any reading.
    from generator.store import store as store_module

    db = read_only_mount / "h.sqlite"
    _first_harvest(share, db, tmp_path)
    subprocess.run(["mount", "--bind", str(read_only_mount), str(read_only_mount)], check=True)
    subprocess.run(["mount", "-o", "remount,ro,bind", str(read_only_mount)], check=True)
    monkeypatch.setattr(store_module, "_on_read_only_disk", lambda _path: False)
    monkeypatch.setattr(os, "access", lambda *_args, **_kwargs: True)
    with pytest.raises(StoreError, match="cannot write the history database because it is read-only"):
        Store.open(db, check_writable=True)
    with Store.open(db) as store:  # reading it is still fine
        assert store.latest() is not None


@pytest.mark.parametrize(("content", "fragment"), [
    (b"SQLite format 3\x00" + b"\x07" * 5000, "damaged"),  # the right header, then garbage
    (b"PK\x03\x04 a workbook saved under the wrong name", "not an SQLite file"),
], ids=["damaged", "not-sqlite"])
def test_a_damaged_or_foreign_file_is_refused_and_left_alone(share: Path, tmp_path: Path, content: bytes,
                                                             fragment: str) -> None:
    db = tmp_path / "h.sqlite"
    db.write_bytes(content)
    _assert_refused_before_reading(_harvest(share, db, tmp_path / "marks"), tmp_path / "marks", fragment)
    assert db.read_bytes() == content


def test_a_database_from_a_newer_winplan_is_refused_and_left_alone(share: Path, tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    _first_harvest(share, db, tmp_path)
    with sqlite3.connect(db) as connection:
        connection.execute("INSERT INTO schema_migrations VALUES (?, 'from the future', '2030-01-01')",
                           (LATEST_VERSION + 1,))
    connection.close()
    before = db.read_bytes()
    _assert_refused_before_reading(_harvest(share, db, tmp_path / "marks"), tmp_path / "marks",
                                   "newer winplan", "upgrade winplan")
    assert db.read_bytes() == before


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 256 KB tmpfs (root only)."""
    folder = tmp_path / "disk"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(folder)],
                             capture_output=True) if ROOT else None
    if mounted is None or mounted.returncode:
        pytest.skip("a small disk needs root and mount")
    yield folder
    subprocess.run(["umount", str(folder)], check=False)


def test_a_full_disk_is_one_message_and_the_database_stays_whole(books: HarvestBooks, share: Path, tmp_path: Path,
                                                                 small_disk: Path) -> None:
    db = small_disk / "h.sqlite"
    _first_harvest(share, db, tmp_path)
    for index in range(40):  # a second harvest needs many more pages than the disk has left
        books.put(share / "more" / f"deal-{index}.xlsx", customer_name=f"客户 {index}")
    free = os.statvfs(small_disk)
    (small_disk / "filler").write_bytes(b"x" * (free.f_bavail * free.f_frsize - 16 * 1024))
    before = db.read_bytes()

    code, out, err = _harvest(share, db, tmp_path / "marks")

    assert code == 2, (out, err)
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert "the disk is full" in err and "free some space" in err
    assert "cannot rollback" not in err
    assert db.read_bytes() == before
    assert not Path(f"{db}-journal").exists()


def test_a_write_that_fails_inside_sqlite_reports_the_real_reason(share: Path, books: HarvestBooks,
                                                                   tmp_path: Path) -> None:
    # SQLite gives up on the transaction itself when the database cannot grow (SQLITE_FULL); the ROLLBACK that
    # follows must not replace that reason with "cannot rollback - no transaction is active".
    db = tmp_path / "h.sqlite"
    for index in range(10):
        books.put(share / "more" / f"deal-{index}.xlsx", customer_name=f"客户 {index}")
    with Store.open(db) as store:
        pages = store._db.execute("PRAGMA page_count").fetchone()[0]
        store._db.execute(f"PRAGMA max_page_count = {pages + 1}")
        with pytest.raises(StoreError, match="the disk is full") as raised:
            harvest_run([share], store, AS_OF, Config(), limits=Limits(workers=1), settle_seconds=0)
        assert "cannot rollback" not in str(raised.value)
        assert store.latest() is None and not store._db.in_transaction
    assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_two_harvests_creating_one_database_at_once_both_succeed(share: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "tests")])}
    for attempt in range(4):
        db = tmp_path / f"new-{attempt}.sqlite"
        moment = time.time() + 3.0  # both processes have started and imported everything by then
        harvests = [subprocess.Popen(
            [sys.executable, str(DRIVER), str(tmp_path / "marks"), "--record-reads", f"--start-at={moment}", "--",
             "harvest", str(share), "--db", str(db), "--json"],
            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
        results = [(harvest.communicate(timeout=120), harvest.returncode) for harvest in harvests]
        for (_out, err), code in results:
            assert code == 0, err
            assert "not a winplan history database" not in err
        with Store.open(db) as store:
            assert len(store.snapshots()) == 2


def _open_together(db: Path, count: int) -> list[BaseException]:
    """Open (and so create) `db` from `count` threads at once, each with its own connection; return the errors."""
    start = threading.Barrier(count)
    failures: list[BaseException] = []

    def open_it() -> None:
        start.wait()
        try:
            Store.open(db, check_writable=True).close()
        except BaseException as error:  # collected for the test's assertion
            failures.append(error)

    threads = [threading.Thread(target=open_it) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failures


def test_many_connections_creating_one_database_at_once_all_succeed(tmp_path: Path) -> None:
    for attempt in range(15):
        db = tmp_path / f"new-{attempt}.sqlite"
        assert _open_together(db, 4) == []
        with Store.open(db) as store:
            assert store.schema_version == LATEST_VERSION
