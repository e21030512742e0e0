"""The history database: one snapshot per harvest, with every workbook's outcome and every deal's scores.

Deals are keyed by `deal_id`, so a workbook that is renamed or moved keeps its history. The site and the export
never see SQL: they receive `HarvestResult`s from `latest()` and `history()`.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sqlite3
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Concatenate, ParamSpec, Self, TypeVar

from generator.core import strict_json
from generator.core.errors import StoreError
from generator.core.model import Deal, Problem
from generator.core.paths import loaded_path, stored_path
from generator.core.records import DealRecord, HarvestResult, Snapshot, WorkbookRecord, WorkbookStatus
from generator.core.serialize import deal_from_dict, problem_from_dict, scorecard_from_dict
from generator.store.migrations import LATEST_VERSION, MIGRATIONS
from generator.store.rows import DealRow, Document, WorkbookRow, document_hash, escape_surrogates

MEMORY = ":memory:"
MAX_DECODED = 50_000  # decoded documents kept per open store (about two models per deal per distinct version)
T = TypeVar("T")
P = ParamSpec("P")
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_SECONDS = 30.0  # how long to wait for another harvest's write lock before giving up
_ADDRESSES_PER_QUERY = 500  # bound parameters per query stay under SQLite's oldest limit (999)


@dataclass(frozen=True)
class PreviousWorkbook:
    """What the latest snapshot knew about one path: its fingerprint for reuse, and the reading to carry over."""

    record: WorkbookRecord
    settings: str  # fingerprint of the version and config that read it; a reading is reused only under the same
    as_of: date  # the date its scores were computed for
    stale_scores: bool
    deal: Document | None  # the deal model read from it (by address; `Store.deal` decodes it)
    deal_row: DealRow | None  # the deal as counted in that snapshot (None: no deal, or a conflict's loser)


def _reading(method: Callable[Concatenate[Store, P], T]) -> Callable[Concatenate[Store, P], T]:
    """Make an SQLite error while reading (a damaged file, a disk error) one `StoreError` saying so."""
    @functools.wraps(method)
    def read(store: Store, /, *args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return method(store, *args, **kwargs)
        except sqlite3.Error as error:
            raise StoreError(_cannot("read", store.location, error)) from error
    return read


class Store:
    """A winplan history database (SQLite). Open with `Store.open`; use as a context manager."""

    def __init__(self, connection: sqlite3.Connection, location: str) -> None:
        self._db = connection
        self.location = location
        # Decoded documents by address: snapshots share most models, so loading a history decodes each once.
        # Safe to share because every model is a frozen dataclass.
        self._decoded: dict[str, Any] = {}

    @classmethod
    def open(cls, path: Path | str, *, create: bool = True, check_writable: bool = False) -> Store:
        """Open (and, with `create`, make) the database at `path`, bringing its schema up to date.

        With `check_writable`, also make sure a snapshot could be written (file and folder permissions, a
        read-only disk), so a harvest fails before reading any workbook rather than at the end. Every failure is
        a `StoreError` and leaves the database as it was.
        """
        location = str(path)
        if location != MEMORY:
            _check_is_database(Path(location), create=create, check_writable=check_writable)
        try:
            connection = sqlite3.connect(location, timeout=BUSY_SECONDS, isolation_level=None)  # explicit BEGINs
        except sqlite3.Error as error:
            raise StoreError(_cannot("open", location, error)) from error
        connection.row_factory = sqlite3.Row  # every read names its columns
        store = cls(connection, location)
        try:
            connection.execute("PRAGMA foreign_keys = ON")
            connection.create_function("winplan_sha256", 1, _sha256_or_none, deterministic=True)
            store._migrate()
            if check_writable:
                store._check_writable()
        except sqlite3.Error as error:
            connection.close()
            raise StoreError(_cannot("open", location, error)) from error
        except BaseException:
            connection.close()
            raise
        return store

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    # --- schema -------------------------------------------------------------------------------------------

    @property
    def schema_version(self) -> int:
        """The newest migration applied to this database."""
        row = self._db.execute("SELECT MAX(version) AS version FROM schema_migrations").fetchone()
        return int(row["version"] or 0)

    def _migrate(self) -> None:
        """Apply the migrations this database has not seen, each in its own immediate transaction.

        The schema version is read inside each transaction, once this connection holds the write lock: two
        harvests creating one new database at once migrate it one after the other, and the second finds nothing
        left to do.
        """
        if self._schema_is_current():  # the usual case, without taking the write lock (a read-only copy opens)
            return
        while True:
            with self._transaction("update the schema of"):
                if self._schema_is_current():
                    return
                if not self._has_migrations_table():
                    self._db.execute(
                        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                        "applied_at TEXT NOT NULL)")
                current = self.schema_version
                migration = next(m for m in MIGRATIONS if m.version > current)
                for statement in migration.statements:  # applies completely, with its record row, or not at all
                    self._db.execute(statement)
                self._db.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                                 (migration.version, migration.name, _now().isoformat()))

    def _has_migrations_table(self) -> bool:
        return self._db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").fetchone() is not None

    def _schema_is_current(self) -> bool:
        """Whether every migration is applied; raises for a database that is not winplan's or is newer."""
        tables = {row["name"] for row in self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            return False
        if "schema_migrations" not in tables:
            raise StoreError(f"{self.location} is an SQLite database but not a winplan history database; "
                             "give another --db path")
        current = self.schema_version
        if current > LATEST_VERSION:
            raise StoreError(f"{self.location} was written by a newer winplan (schema {current}; this winplan "
                             f"knows up to {LATEST_VERSION}); upgrade winplan to use it")
        return current == LATEST_VERSION

    def _check_writable(self) -> None:
        """Write a row and roll it back: SQLite opens the rollback journal beside the file, as a snapshot would."""
        with contextlib.suppress(_CheckedWrite), self._transaction("write"):
            self._db.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (-1, '', '')")
            raise _CheckedWrite

    @contextmanager
    def _transaction(self, action: str = "write") -> Iterator[None]:
        """One immediate transaction: committed whole, or rolled back with one `StoreError` saying why.

        BEGIN IMMEDIATE waits up to BUSY_SECONDS for another writer. SQLite may already have rolled back by
        itself (a full disk, an I/O error); then there is nothing to roll back, and the real error is reported.
        """
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raise StoreError(_cannot(action, self.location, error)) from error
        try:
            yield
            self._db.execute("COMMIT")
        except BaseException as error:
            if self._db.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    self._db.execute("ROLLBACK")
            if isinstance(error, sqlite3.Error):
                raise StoreError(_cannot(action, self.location, error)) from error
            raise

    # --- writing ------------------------------------------------------------------------------------------

    def save_rows(self, *, taken_at: datetime, as_of: date, folders: Sequence[str], counts: dict[str, int],
                  settings: str, workbooks: Sequence[WorkbookRow], deals: Sequence[DealRow],
                  conflicts: Sequence[tuple[str, tuple[str, ...]]] = ()) -> Snapshot:
        """Store one harvest from already encoded rows, in one transaction; return its snapshot.

        Every deal must come from a workbook row carrying its model: a deal is read back through that row."""
        read = {w.record.path for w in workbooks if w.deal is not None}
        for row in deals:
            if row.source not in read:
                raise ValueError(f"deal {row.deal_id} comes from {row.source}, which has no reading")
        documents = {w.deal.hash: w.deal.body for w in workbooks if w.deal is not None and w.deal.body is not None}
        documents.update({d.scorecard.hash: d.scorecard.body for d in deals if d.scorecard.body is not None})
        with self._transaction("save the snapshot to"):
            cursor = self._db.execute(
                "INSERT INTO snapshots (taken_at, as_of, folders, counts, settings) VALUES (?, ?, ?, ?, ?)",
                (taken_at.isoformat(), as_of.isoformat(), _dump(list(folders)), _dump(counts), settings))
            snapshot_id = int(cursor.lastrowid or 0)
            self._db.executemany("INSERT OR IGNORE INTO documents (hash, body) VALUES (?, ?)", documents.items())
            self._db.executemany(
                "INSERT INTO workbooks (snapshot_id, path, status, deal_id, size, mtime, sha256, problems, "
                "deal_hash, stale_scores) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(snapshot_id, stored_path(w.record.path), w.record.status, w.record.deal_id, w.record.size,
                  w.record.mtime, w.record.sha256, _dump_problems(w.record.problems), w.deal.hash if w.deal else None,
                  int(w.stale_scores)) for w in workbooks])
            self._db.executemany(
                "INSERT INTO deals (snapshot_id, deal_id, source, scorecard, scorecard_hash, customer_name, status, "
                "stage, amount, currency, weighted_amount) VALUES (?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?)",
                [(snapshot_id, d.deal_id, stored_path(d.source), d.scorecard.hash, d.customer_name, d.status, d.stage,
                  d.amount, d.currency, d.weighted_amount) for d in deals])
            self._db.executemany(
                "INSERT INTO conflicts (snapshot_id, deal_id, paths) VALUES (?, ?, ?)",
                [(snapshot_id, deal_id, _dump(list(paths))) for deal_id, paths in conflicts])
        return Snapshot(snapshot_id, taken_at, as_of, tuple(folders), dict(counts))

    # --- reading ------------------------------------------------------------------------------------------

    @_reading
    def snapshots(self) -> list[Snapshot]:
        """Every snapshot, newest first, without its deals."""
        rows = self._db.execute("SELECT " + _SNAPSHOT_COLUMNS + " FROM snapshots s ORDER BY s.id DESC").fetchall()
        return [_snapshot(row) for row in rows]

    @_reading
    def snapshot(self, snapshot_id: int) -> HarvestResult | None:
        """The snapshot with this id and everything in it, or None."""
        row = self._db.execute(
            "SELECT " + _SNAPSHOT_COLUMNS + " FROM snapshots s WHERE s.id = ?", (snapshot_id,)).fetchone()
        return self._result(_snapshot(row)) if row else None

    @_reading
    def latest(self) -> HarvestResult | None:
        """The newest snapshot, or None when nothing was harvested yet."""
        row = self._db.execute("SELECT MAX(id) AS id FROM snapshots").fetchone()
        return self.snapshot(int(row["id"])) if row and row["id"] is not None else None

    @_reading
    def history(self, limit: int | None = None) -> list[HarvestResult]:
        """The newest `limit` snapshots (all when None), newest first."""
        ids = [row["id"] for row in self._db.execute(
            "SELECT id FROM snapshots ORDER BY id DESC LIMIT ?", (-1 if limit is None else limit,))]
        return [result for result in map(self.snapshot, ids) if result is not None]

    @_reading
    def deal_history(self, deal_id: str) -> list[tuple[Snapshot, DealRecord]]:
        """One deal in every snapshot that has it, newest first, whatever file it was read from."""
        rows = self._db.execute(
            "SELECT " + _SNAPSHOT_COLUMNS + ", " + _DEAL_COLUMNS + " FROM deals d "
            "JOIN snapshots s ON s.id = d.snapshot_id " + _DEAL_JOINS + "WHERE d.deal_id = ? ORDER BY s.id DESC",
            (deal_id,)).fetchall()
        return [(_snapshot(row), self._deal_record(row)) for row in rows]

    @_reading
    def previous_workbooks(self) -> dict[str, PreviousWorkbook]:
        """What the latest snapshot knew about each path (empty before the first harvest)."""
        rows = self._db.execute(
            "SELECT " + _WORKBOOK_COLUMNS + ", w.deal_hash, w.stale_scores, s.settings, s.as_of, "
            "d.deal_id AS counted_deal_id, d.scorecard_hash, d.customer_name, d.status AS deal_status, d.stage, "
            "d.amount, d.currency, d.weighted_amount FROM workbooks w JOIN snapshots s ON s.id = w.snapshot_id "
            "LEFT JOIN deals d ON d.snapshot_id = w.snapshot_id AND d.source = w.path "
            "WHERE w.snapshot_id = (SELECT MAX(id) FROM snapshots)").fetchall()
        return {loaded_path(row["path"]): _previous_workbook(row) for row in rows}

    @_reading
    def deal(self, document: Document) -> Deal:
        """Decode a stored deal model."""
        row = self._db.execute("SELECT body FROM documents WHERE hash = ?", (document.hash,)).fetchone()
        if row is None:
            raise StoreError(f"{self.location}: the deal model {document.hash[:12]} is missing; the database is "
                             "damaged")
        return self._decode(document.hash, row["body"], deal_from_dict)

    @_reading
    def bodies(self, addresses: Iterable[str]) -> dict[str, str]:
        """The stored JSON of each document address, undecoded (fetched in a few queries, not one per address)."""
        wanted = sorted(set(addresses))
        found: dict[str, str] = {}
        for start in range(0, len(wanted), _ADDRESSES_PER_QUERY):
            chunk = wanted[start:start + _ADDRESSES_PER_QUERY]
            found.update((row["hash"], row["body"]) for row in self._db.execute(
                f"SELECT hash, body FROM documents WHERE hash IN ({', '.join('?' * len(chunk))})", chunk))
        missing = [address for address in wanted if address not in found]
        if missing:
            raise StoreError(f"{self.location}: the document {missing[0][:12]} is missing; the database is damaged")
        return found

    def _decode(self, address: str, body: str, build: Callable[[dict[str, Any]], T]) -> T:
        if address not in self._decoded:
            if len(self._decoded) > MAX_DECODED:
                self._decoded.clear()
            self._decoded[address] = build(json.loads(body))
        decoded: T = self._decoded[address]
        return decoded

    def _deal_record(self, row: sqlite3.Row) -> DealRecord:
        """A deal from a row of `_DEAL_COLUMNS`."""
        model: Deal = self._decode(row["deal_hash"], row["deal_body"], deal_from_dict)
        if model.deal_id != row["deal_id"]:  # counted under an id the harvest gave it (provisional, a copy's own)
            model = replace(model, deal_id=row["deal_id"])
        return DealRecord(deal=model,
                          scorecard=self._decode(row["scorecard_hash"], row["scorecard_body"], scorecard_from_dict),
                          source=loaded_path(row["source"]), problems=_load_problems(row["problems"]),
                          stale_scores=bool(row["stale_scores"]))

    def _result(self, snapshot: Snapshot) -> HarvestResult:
        workbooks = [_workbook_record(row) for row in self._db.execute(
            "SELECT " + _WORKBOOK_COLUMNS + " FROM workbooks w WHERE w.snapshot_id = ? ORDER BY w.path",
            (snapshot.id,))]
        deals = [self._deal_record(row) for row in self._db.execute(
            "SELECT " + _DEAL_COLUMNS + " FROM deals d " + _DEAL_JOINS +
            "WHERE d.snapshot_id = ? ORDER BY d.customer_name, d.deal_id", (snapshot.id,))]
        conflicts = [(row["deal_id"], tuple(json.loads(row["paths"]))) for row in self._db.execute(
            "SELECT deal_id, paths FROM conflicts WHERE snapshot_id = ? ORDER BY deal_id", (snapshot.id,))]
        return HarvestResult(snapshot, tuple(deals), tuple(workbooks), tuple(conflicts))


# The columns each kind of read names; rows are sqlite3.Row, read by these names.
_SNAPSHOT_COLUMNS = "s.id, s.taken_at, s.as_of, s.folders, s.counts"
_WORKBOOK_COLUMNS = "w.path, w.status, w.deal_id, w.size, w.mtime, w.sha256, w.problems"
_DEAL_COLUMNS = ("d.source, d.scorecard_hash, sc.body AS scorecard_body, w.deal_hash, dl.body AS deal_body, "
                 "w.problems, w.stale_scores, d.deal_id")
# A deal row with its workbook (for the problems) and the documents holding its scorecard and its model.
_DEAL_JOINS = (
    "JOIN workbooks w ON w.snapshot_id = d.snapshot_id AND w.path = d.source "
    "JOIN documents sc ON sc.hash = d.scorecard_hash JOIN documents dl ON dl.hash = w.deal_hash "
)


def _sha256_or_none(text: str | None) -> str | None:
    return document_hash(text) if text is not None else None


def _check_is_database(path: Path, *, create: bool, check_writable: bool) -> None:
    """Refuse, before SQLite opens it, what is not a database file: a folder, a FIFO (which would block), a
    device, a file that is not SQLite; and, with `check_writable`, a file or folder this user cannot write."""
    try:
        status = os.stat(path)
    except FileNotFoundError:
        if not create:
            raise StoreError(f"there is no history database at {path}; run `winplan harvest FOLDER` first") from None
        folder = path.parent
        if not folder.is_dir():
            raise StoreError(f"cannot create the history database {path}: the folder {folder} does not exist; "
                             "create it or give another --db path") from None
        _check_folder_writable(path, "create")
        return
    except OSError as error:
        raise StoreError(f"{path}: cannot open the history database ({error.strerror}); "
                         "check the path or give another --db path") from error
    if stat.S_ISDIR(status.st_mode):
        raise StoreError(f"{path} is a folder; give the history database's file name with --db")
    if not stat.S_ISREG(status.st_mode):
        raise StoreError(f"{path} is not a regular file (a pipe, socket or device); give the history database's "
                         "file name with --db")
    header = _read_header(path)
    if not header and not create:  # reading must not turn someone's empty file into a database
        raise StoreError(f"{path} is an empty file, not a history database; run `winplan harvest FOLDER --db "
                         f"{path}` first")
    if header and header != SQLITE_HEADER:
        raise StoreError(f"{path} is not a winplan history database (not an SQLite file); give another --db path")
    if check_writable:
        if _on_read_only_disk(path):
            raise StoreError(f"cannot write the history database {path}: it is on a read-only disk; give a --db "
                             "path on a disk you can write to")
        if not os.access(path, os.W_OK):
            raise StoreError(f"cannot write the history database {path}: no permission to change it; give a --db "
                             "path you can write to or ask for write permission")
        _check_folder_writable(path, "write")


def _check_folder_writable(path: Path, action: str) -> None:
    """SQLite writes its journal beside the database, so the folder must be writable too."""
    folder = path.parent
    if _on_read_only_disk(folder):
        raise StoreError(f"cannot {action} the history database {path}: {folder} is on a read-only disk; give a "
                         "--db path on a disk you can write to")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise StoreError(f"cannot {action} the history database {path}: no permission to write in its folder "
                         f"{folder} (SQLite keeps its journal there); give a --db path in a folder you can write to")


def _on_read_only_disk(path: Path) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # Windows has no statvfs: SQLite's own error tells then
        return False


def _read_header(path: Path) -> bytes:
    """The first bytes of `path`, opened without blocking (it may have been swapped for a FIFO meanwhile)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as error:
        raise StoreError(f"{path}: cannot read the history database ({error.strerror}); check its permissions "
                         "or give another --db path") from error
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise StoreError(f"{path} is not a regular file; give the history database's file name with --db")
        return os.read(descriptor, len(SQLITE_HEADER))
    except OSError as error:
        raise StoreError(f"{path}: cannot read the history database ({error.strerror}); check the disk or give "
                         "another --db path") from error
    finally:
        os.close(descriptor)


class _CheckedWrite(Exception):
    """Rolls back the trial write of `Store._check_writable`."""


def _reason(error: sqlite3.Error) -> tuple[str, str]:
    """Why SQLite failed, in a user's words, and what to do about it."""
    name = getattr(error, "sqlite_errorname", "")
    if name == "SQLITE_FULL":
        return "the disk is full", "free some space and run it again"
    if name.startswith("SQLITE_READONLY") or name in ("SQLITE_PERM", "SQLITE_AUTH"):
        return "it is read-only", "give a --db path you can write to or ask for write permission"
    if name.startswith("SQLITE_CANTOPEN"):
        return ("its file or its journal beside it cannot be opened or created",
                "check the permissions of the file and its folder or give another --db path")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return ("another winplan harvest or another program is writing to it",
                "try again when it has finished")
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return "it is damaged or not an SQLite file", "restore it from a backup or give another --db path"
    if name.startswith("SQLITE_IOERR"):
        return "of a disk error", "check the disk and run it again"
    return "of an unexpected SQLite error", "check the database file and run it again"


def _cannot(action: str, location: str, error: sqlite3.Error) -> str:
    why, fix = _reason(error)
    return f"{location}: cannot {action} the history database because {why} ({error}); {fix}"


def _now() -> datetime:
    return datetime.now().astimezone()


def _dump(value: Any) -> str:
    """JSON as UTF-8 text; a path that is not UTF-8 (lone surrogates) keeps its bytes as `\\udcXX` escapes."""
    return escape_surrogates(strict_json.dumps(value, compact=True))


def _dump_problems(problems: Sequence[Problem]) -> str:
    return _dump([problem.to_dict() for problem in problems])


@functools.lru_cache(maxsize=4096)  # most workbooks repeat their problems from snapshot to snapshot
def _load_problems(text: str) -> tuple[Problem, ...]:
    return tuple(problem_from_dict(item) for item in json.loads(text))


def _snapshot(row: sqlite3.Row) -> Snapshot:
    """A snapshot from a row with `_SNAPSHOT_COLUMNS`."""
    return Snapshot(id=int(row["id"]), taken_at=datetime.fromisoformat(row["taken_at"]),
                    as_of=date.fromisoformat(row["as_of"]), folders=tuple(json.loads(row["folders"])),
                    counts=dict(json.loads(row["counts"])))


def _workbook_record(row: sqlite3.Row) -> WorkbookRecord:
    """A workbook's outcome from a row with `_WORKBOOK_COLUMNS`."""
    status: WorkbookStatus = row["status"]
    return WorkbookRecord(path=loaded_path(row["path"]), status=status, deal_id=row["deal_id"], size=row["size"],
                          mtime=row["mtime"], sha256=row["sha256"], problems=_load_problems(row["problems"]))


def _previous_workbook(row: sqlite3.Row) -> PreviousWorkbook:
    """What `Store.previous_workbooks` knows of one path, from its row."""
    deal_row = None
    if row["counted_deal_id"] is not None:
        deal_row = DealRow(deal_id=row["counted_deal_id"], source=loaded_path(row["path"]),
                           scorecard=Document(row["scorecard_hash"]), customer_name=row["customer_name"],
                           status=row["deal_status"], stage=row["stage"], amount=row["amount"],
                           currency=row["currency"], weighted_amount=row["weighted_amount"])
    return PreviousWorkbook(record=_workbook_record(row), settings=row["settings"],
                            as_of=date.fromisoformat(row["as_of"]), stale_scores=bool(row["stale_scores"]),
                            deal=Document(row["deal_hash"]) if row["deal_hash"] else None, deal_row=deal_row)


