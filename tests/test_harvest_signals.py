"""A harvest stopped by a signal: one line, exit 128 + n, nothing stored, and no worker process left behind.

Each test runs the real command in its own process (`python -m generator harvest`, or tests/harvest_driver.py,
which is the same command with a reader that hangs so the harvest is surely still running) and looks in /proc for
the worker processes it started.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from harvest_workbooks import HarvestBooks

REPO = Path(__file__).resolve().parent.parent
DRIVER = REPO / "tests" / "harvest_driver.py"
WAIT = 30.0  # seconds a step may take on a loaded machine before the test gives up

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="looks for processes in /proc")


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> HarvestBooks:
    return HarvestBooks(tmp_path_factory.mktemp("signal-books"))


@pytest.fixture
def share(books: HarvestBooks, tmp_path: Path) -> Path:
    folder = tmp_path / "share"
    for name in ("east/华能.xlsx", "west/sinopec.xlsx", "north/cnooc.xlsx"):
        books.put(folder / name)
    return folder


def _status(pid: int) -> tuple[str, int] | None:
    """(state, parent pid) of a process, or None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = text[text.rindex(")") + 2:].split()
    return fields[0], int(fields[1])


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            status = _status(int(entry.name))
            if status is not None and status[1] == pid and status[0] not in "ZX":
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    status = _status(pid)
    return status is not None and status[0] not in "ZX"  # a zombie has exited; only its entry waits for a reaper


def _until(condition: Callable[[], bool], seconds: float = WAIT) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def _start(arguments: list[str], *, new_group: bool = False) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "tests")])}
    return subprocess.Popen([sys.executable, *arguments], cwd=REPO, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=new_group)


def _harvest_with_hanging_reader(share: Path, db: Path, marks: Path, *options: str,
                                 new_group: bool = False) -> tuple[subprocess.Popen[str], set[int]]:
    """Start a harvest whose readings hang; return it once a worker is reading, with its workers' pids."""
    marks.mkdir(exist_ok=True)
    process = _start([str(DRIVER), str(marks), *options, "--", "harvest", str(share), "--db", str(db)],
                     new_group=new_group)
    assert _until(lambda: any(marks.glob("reader-*")) or process.poll() is not None), "no worker started reading"
    assert process.poll() is None, process.communicate()
    workers = _children(process.pid)
    assert workers, "the harvest has no worker processes"
    return process, workers


def _snapshots(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute("SELECT COUNT(*) FROM snapshots").fetchone()[0])


def _first_harvest(share: Path, db: Path) -> bytes:
    """Harvest `share` once with the real command; return the database's bytes."""
    done = _start(["-m", "generator", "harvest", str(share), "--db", str(db), "--as-of", "2026-11-23"])
    _out, err = done.communicate(timeout=120)
    assert done.returncode == 0, err
    return db.read_bytes()


def _assert_stopped(process: subprocess.Popen[str], number: int, name: str) -> None:
    _out, err = process.communicate(timeout=WAIT)
    assert process.returncode == 128 + number, err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert name in lines[0] and "before it stored a snapshot" in lines[0] and "unchanged" in lines[0]


@pytest.mark.parametrize(("number", "to_group"), [
    (signal.SIGTERM, False),  # a scheduler's timeout
    (signal.SIGHUP, False),  # the session that started it ended
    (signal.SIGINT, False),  # kill -INT
    (signal.SIGINT, True),  # Ctrl-C: the terminal signals the whole process group, workers too
    (signal.SIGTERM, True),  # systemd stopping the unit: every process of it
], ids=["SIGTERM", "SIGHUP", "SIGINT", "ctrl-c", "SIGTERM-to-group"])
def test_a_stop_signal_ends_the_harvest_with_nothing_stored(share: Path, books: HarvestBooks, tmp_path: Path,
                                                            number: signal.Signals, to_group: bool) -> None:
    db = tmp_path / "h.sqlite"
    before = _first_harvest(share, db)
    books.put(share / "south" / "new.xlsx")  # read (and hung on) in the next harvest; the others are reused
    process, workers = _harvest_with_hanging_reader(share, db, tmp_path / "marks", new_group=to_group)

    if to_group:
        os.killpg(process.pid, number)
    else:
        os.kill(process.pid, number)

    _assert_stopped(process, number, number.name)
    assert not [pid for pid in workers if _alive(pid)], "a worker outlived the harvest"
    assert db.read_bytes() == before  # no snapshot, not a byte changed
    assert not Path(f"{db}-journal").exists()


def test_a_stop_signal_during_the_save_rolls_the_snapshot_back(share: Path, tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    before = _first_harvest(share, db)
    marks = tmp_path / "marks"
    marks.mkdir()
    process = _start([str(DRIVER), str(marks), "--hang-in-save", "--", "harvest", str(share), "--db", str(db)])
    assert _until(lambda: any(marks.glob("saving-*")) or process.poll() is not None)
    assert process.poll() is None, process.communicate()

    process.terminate()

    _assert_stopped(process, signal.SIGTERM, "SIGTERM")
    assert _snapshots(db) == 1
    assert db.read_bytes() == before
    assert not Path(f"{db}-journal").exists()


def test_a_harvest_killed_during_the_save_leaves_the_database_as_it_was(share: Path, tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    _first_harvest(share, db)
    marks = tmp_path / "marks"
    marks.mkdir()
    process = _start([str(DRIVER), str(marks), "--hang-in-save", "--", "harvest", str(share), "--db", str(db)])
    assert _until(lambda: any(marks.glob("saving-*")) or process.poll() is not None)

    process.kill()  # no handler, no rollback: SQLite's journal undoes the half-written snapshot on the next open
    process.communicate(timeout=WAIT)

    again = _start(["-m", "generator", "harvest", str(share), "--db", str(db), "--json"])
    out, err = again.communicate(timeout=120)
    assert again.returncode == 0, err
    assert '"snapshot": 2' in out  # the killed harvest's snapshot never existed
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_sigterm_stops_a_real_harvest_of_many_workbooks(books: HarvestBooks, tmp_path: Path) -> None:
    share = tmp_path / "share"
    books.put(share / "deal-0000.xlsx")
    for index in range(1, 400):  # enough that the reading is surely still going when the signal comes
        shutil.copy2(share / "deal-0000.xlsx", share / f"deal-{index:04}.xlsx")
    db = tmp_path / "h.sqlite"
    process = _start(["-m", "generator", "harvest", str(share), "--db", str(db)])
    seen: set[int] = set()

    def reading() -> bool:
        seen.update(_children(process.pid))
        return bool(seen) or process.poll() is not None

    assert _until(reading, 120)
    assert process.poll() is None, "the harvest finished before it could be stopped"

    process.send_signal(signal.SIGTERM)

    _assert_stopped(process, signal.SIGTERM, "SIGTERM")
    assert not [pid for pid in seen if _alive(pid)]
    assert _snapshots(db) == 0


@pytest.mark.parametrize("options", [(), ("--no-watchdog",), ("--no-death-signal",)],
                         ids=["both", "death-signal-alone", "watchdog-alone"])
def test_workers_end_when_the_harvest_is_killed(share: Path, tmp_path: Path, options: tuple[str, ...]) -> None:
    db = tmp_path / "h.sqlite"
    process, workers = _harvest_with_hanging_reader(share, db, tmp_path / "marks", *options)

    process.kill()  # SIGKILL: no handler runs, nothing is cleaned up by the harvest itself
    process.communicate(timeout=WAIT)

    assert _until(lambda: not any(_alive(pid) for pid in workers), 5.0), "workers outlived a killed harvest"


def test_idle_workers_see_their_parent_die_on_their_pipe() -> None:
    # Without the death signal and the watchdog, a worker waiting for work still ends: no one else holds its
    # pipe's other end (not even a worker forked later), so the parent's death is end-of-file.
    program = textwrap.dedent("""
        import os, signal
        from generator.harvest import isolation
        isolation._die_with_parent = lambda: None
        isolation._watch_parent = lambda parent: None

        def worker_pid(_item):
            return os.getpid()

        answers = isolation.run_isolated(list(range(6)), worker_pid,
                                         isolation.Limits(workers=3, batch_size=1, timeout=30))
        pids = {next(answers)[1] for _ in range(6)}
        print(*pids, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)  # all answered, the workers wait for a next batch
    """)
    process = _start(["-c", program])
    out, err = process.communicate(timeout=WAIT)
    assert process.returncode == -signal.SIGKILL, err
    workers = {int(pid) for pid in out.split()}
    assert workers
    assert _until(lambda: not any(_alive(pid) for pid in workers), 5.0), "idle workers outlived their parent"
