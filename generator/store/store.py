"""The history database: one snapshot per harvest, with every workbook's outcome and every deal's scores.

Deals are keyed by `deal_id`, so a workbook that is renamed or moved keeps its history. The site and the export
never see SQL: they receive `HarvestResult`s from `latest()` and `history()`.
"""

from __future__ import annotations

import functools
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self, TypeVar

from generator.errors import StoreError
from generator.model import Deal, Problem
from generator.paths import loaded_path, stored_path
from generator.records import DealRecord, HarvestResult, Snapshot, WorkbookRecord, WorkbookStatus
from generator.serialize import deal_from_dict, problem_from_dict, scorecard_from_dict
from generator.store.migrations import LATEST_VERSION, MIGRATIONS
from generator.store.rows import DealRow, Document, WorkbookRow, document_hash, escape_surrogates

MEMORY = ":memory:"
MAX_DECODED = 50_000  # decoded documents kept per open store (about two models per deal per distinct version)
T = TypeVar("T")
SQLITE_HEADER = b"SQLite format 3\x00"
_ADDRESSES_PER_QUERY = 500  # bound parameters per query stay under SQLite's oldest limit (999)


@dataclass(frozen=True)
class WorkbookEntry:
    """A workbook outcome as the harvest hands it to the store: the record and the model read from the file."""

    record: WorkbookRecord
    deal: Deal | None = None
    stale_scores: bool = False


@dataclass(frozen=True)
class PreviousWorkbook:
    """What the latest snapshot knew about one path: its fingerprint for reuse, and the reading to carry over."""

    record: WorkbookRecord
    settings: str  # fingerprint of the version and config that read it; a reading is reused only under the same
    as_of: date  # the date its scores were computed for
    stale_scores: bool
    deal: Document | None  # the deal model read from it (by address; `Store.deal` decodes it)
    deal_row: DealRow | None  # the deal as counted in that snapshot (None: no deal, or a conflict's loser)


class Store:
    """A winplan history database (SQLite). Open with `Store.open`; use as a context manager."""

    def __init__(self, connection: sqlite3.Connection, location: str) -> None:
        self._db = connection
        self.location = location
        # Decoded documents by address: snapshots share most models, so loading a history decodes each once.
        # Safe to share because every model is a frozen dataclass.
        self._decoded: dict[str, Any] = {}

    @classmethod
    def open(cls, path: Path | str, *, create: bool = True) -> Store:
        """Open (and, with `create`, make) the database at `path`, bringing its schema up to date."""
        location = str(path)
        if location != MEMORY:
            _check_is_database(Path(location), create=create)
        try:
            connection = sqlite3.connect(location, isolation_level=None)  # transactions are explicit
        except sqlite3.Error as error:
            raise StoreError(f"{location}: cannot open the history database: {error}") from error
        store = cls(connection, location)
        try:
            connection.execute("PRAGMA foreign_keys = ON")
            connection.create_function("winplan_sha256", 1, _sha256_or_none, deterministic=True)
            store._migrate()
        except sqlite3.DatabaseError as error:
            connection.close()
            raise StoreError(f"{location} is not a winplan history database ({error}); "
                             "give another --db path") from error
        except StoreError:
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
        row = self._db.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
        return int(row[0] or 0)

    def _migrate(self) -> None:
        tables = {row[0] for row in self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if tables and "schema_migrations" not in tables:
            raise StoreError(f"{self.location} is an SQLite database but not a winplan history database; "
                             "give another --db path")
        if not tables:
            with self._transaction():
                self._db.execute(
                    "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                    "applied_at TEXT NOT NULL)")
        current = self.schema_version
        if current > LATEST_VERSION:
            raise StoreError(f"{self.location} was written by a newer winplan (schema {current}; this winplan "
                             f"knows up to {LATEST_VERSION}); upgrade winplan to read it")
        for migration in MIGRATIONS:
            if migration.version <= current:
                continue
            with self._transaction():  # a migration applies completely, with its record row, or not at all
                for statement in migration.statements:
                    self._db.execute(statement)
                self._db.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                                 (migration.version, migration.name, _now().isoformat()))

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        try:
            self._db.execute("BEGIN IMMEDIATE")  # waits up to 5 s for another writer, then fails
        except sqlite3.OperationalError as error:
            raise StoreError(f"{self.location}: cannot write the history database ({error}); is another "
                             "winplan harvest writing to it? Try again when it has finished") from error
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        try:
            self._db.execute("COMMIT")
        except sqlite3.OperationalError as error:  # e.g. the disk is full
            self._db.execute("ROLLBACK")
            raise StoreError(f"{self.location}: cannot save the snapshot ({error})") from error

    # --- writing ------------------------------------------------------------------------------------------

    def save(self, *, taken_at: datetime, as_of: date, folders: Sequence[str], counts: dict[str, int],
             settings: str, workbooks: Sequence[WorkbookEntry], deals: Sequence[DealRecord],
             conflicts: Sequence[tuple[str, tuple[str, ...]]] = ()) -> HarvestResult:
        """Store one harvest as a new snapshot, in one transaction, and return it."""
        by_path = {entry.record.path: entry for entry in workbooks}
        for record in deals:
            if record.source not in by_path or by_path[record.source].deal is None:
                raise ValueError(f"deal {record.deal.deal_id} comes from {record.source}, which has no reading")
        snapshot = self.save_rows(
            taken_at=taken_at, as_of=as_of, folders=folders, counts=counts, settings=settings,
            workbooks=[WorkbookRow(e.record, Document.of(e.deal) if e.deal is not None else None, e.stale_scores)
                       for e in workbooks],
            deals=[DealRow.of_record(record) for record in deals], conflicts=conflicts)
        # Returned as built rather than read back: equal to what `snapshot(id)` gives, in the same order.
        return HarvestResult(
            snapshot,
            tuple(sorted(deals, key=lambda d: (d.deal.customer_name, d.deal.deal_id))),
            tuple(sorted((entry.record for entry in workbooks), key=lambda record: record.path)),
            tuple(sorted((deal_id, tuple(paths)) for deal_id, paths in conflicts)))

    def save_rows(self, *, taken_at: datetime, as_of: date, folders: Sequence[str], counts: dict[str, int],
                  settings: str, workbooks: Sequence[WorkbookRow], deals: Sequence[DealRow],
                  conflicts: Sequence[tuple[str, tuple[str, ...]]] = ()) -> Snapshot:
        """Store one harvest from already encoded rows, in one transaction; return its snapshot."""
        documents = {w.deal.hash: w.deal.body for w in workbooks if w.deal is not None and w.deal.body is not None}
        documents.update({d.scorecard.hash: d.scorecard.body for d in deals if d.scorecard.body is not None})
        with self._transaction():
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

    def snapshots(self) -> list[Snapshot]:
        """Every snapshot, newest first, without its deals."""
        rows = self._db.execute(
            "SELECT id, taken_at, as_of, folders, counts FROM snapshots ORDER BY id DESC").fetchall()
        return [_snapshot(row) for row in rows]

    def snapshot(self, snapshot_id: int) -> HarvestResult | None:
        """The snapshot with this id and everything in it, or None."""
        row = self._db.execute(
            "SELECT id, taken_at, as_of, folders, counts FROM snapshots WHERE id = ?", (snapshot_id,)).fetchone()
        return self._result(_snapshot(row)) if row else None

    def latest(self) -> HarvestResult | None:
        """The newest snapshot, or None when nothing was harvested yet."""
        row = self._db.execute("SELECT MAX(id) FROM snapshots").fetchone()
        return self.snapshot(int(row[0])) if row and row[0] is not None else None

    def history(self, limit: int | None = None) -> list[HarvestResult]:
        """The newest `limit` snapshots (all when None), newest first."""
        ids = [row[0] for row in self._db.execute(
            "SELECT id FROM snapshots ORDER BY id DESC LIMIT ?", (-1 if limit is None else limit,))]
        return [result for result in map(self.snapshot, ids) if result is not None]

    def deal_history(self, deal_id: str) -> list[tuple[Snapshot, DealRecord]]:
        """One deal in every snapshot that has it, newest first, whatever file it was read from."""
        rows = self._db.execute(
            "SELECT s.id, s.taken_at, s.as_of, s.folders, s.counts, " + _DEAL_COLUMNS + " FROM deals d "
            "JOIN snapshots s ON s.id = d.snapshot_id " + _DEAL_JOINS + "WHERE d.deal_id = ? ORDER BY s.id DESC",
            (deal_id,)).fetchall()
        return [(_snapshot(row[:5]), self._deal_record(*row[5:])) for row in rows]

    def previous_workbooks(self) -> dict[str, PreviousWorkbook]:
        """What the latest snapshot knew about each path (empty before the first harvest)."""
        rows = self._db.execute(
            "SELECT w.path, w.status, w.deal_id, w.size, w.mtime, w.sha256, w.problems, w.deal_hash, "
            "w.stale_scores, s.settings, s.as_of, d.deal_id, d.scorecard_hash, d.customer_name, d.status, d.stage, "
            "d.amount, d.currency, d.weighted_amount FROM workbooks w JOIN snapshots s ON s.id = w.snapshot_id "
            "LEFT JOIN deals d ON d.snapshot_id = w.snapshot_id AND d.source = w.path "
            "WHERE w.snapshot_id = (SELECT MAX(id) FROM snapshots)").fetchall()
        return {
            loaded_path(row[0]): PreviousWorkbook(
                record=_workbook_record(row[:7]), settings=row[9], as_of=date.fromisoformat(row[10]),
                stale_scores=bool(row[8]), deal=Document(row[7]) if row[7] else None,
                deal_row=DealRow(row[11], loaded_path(row[0]), Document(row[12]), *row[13:])
                if row[11] is not None else None)
            for row in rows
        }

    def deal(self, document: Document) -> Deal:
        """Decode a stored deal model."""
        row = self._db.execute("SELECT body FROM documents WHERE hash = ?", (document.hash,)).fetchone()
        if row is None:
            raise StoreError(f"{self.location}: the deal model {document.hash[:12]} is missing; the database is "
                             "damaged")
        return self._decode(document.hash, row[0], deal_from_dict)

    def bodies(self, addresses: Iterable[str]) -> dict[str, str]:
        """The stored JSON of each document address, undecoded (fetched in a few queries, not one per address)."""
        wanted = sorted(set(addresses))
        found: dict[str, str] = {}
        for start in range(0, len(wanted), _ADDRESSES_PER_QUERY):
            chunk = wanted[start:start + _ADDRESSES_PER_QUERY]
            found.update(self._db.execute(
                f"SELECT hash, body FROM documents WHERE hash IN ({', '.join('?' * len(chunk))})", chunk).fetchall())
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

    def _deal_record(self, source: str | bytes, scorecard_hash: str, scorecard: str, deal_hash: str, deal: str,
                     problems: str, stale_scores: int) -> DealRecord:
        return DealRecord(deal=self._decode(deal_hash, deal, deal_from_dict),
                          scorecard=self._decode(scorecard_hash, scorecard, scorecard_from_dict),
                          source=loaded_path(source), problems=_load_problems(problems),
                          stale_scores=bool(stale_scores))

    def _result(self, snapshot: Snapshot) -> HarvestResult:
        workbooks = [_workbook_record(row) for row in self._db.execute(
            "SELECT path, status, deal_id, size, mtime, sha256, problems FROM workbooks WHERE snapshot_id = ? "
            "ORDER BY path", (snapshot.id,))]
        deals = [self._deal_record(*row) for row in self._db.execute(
            "SELECT " + _DEAL_COLUMNS + " FROM deals d " + _DEAL_JOINS +
            "WHERE d.snapshot_id = ? ORDER BY d.customer_name, d.deal_id", (snapshot.id,))]
        conflicts = [(row[0], tuple(json.loads(row[1]))) for row in self._db.execute(
            "SELECT deal_id, paths FROM conflicts WHERE snapshot_id = ? ORDER BY deal_id", (snapshot.id,))]
        return HarvestResult(snapshot, tuple(deals), tuple(workbooks), tuple(conflicts))


_DEAL_COLUMNS = "d.source, sc.hash, sc.body, dl.hash, dl.body, w.problems, w.stale_scores"
# A deal row with its workbook (for the problems) and the documents holding its scorecard and its model.
_DEAL_JOINS = (
    "JOIN workbooks w ON w.snapshot_id = d.snapshot_id AND w.path = d.source "
    "JOIN documents sc ON sc.hash = d.scorecard_hash JOIN documents dl ON dl.hash = w.deal_hash "
)


def _sha256_or_none(text: str | None) -> str | None:
    return document_hash(text) if text is not None else None


def _check_is_database(path: Path, *, create: bool) -> None:
    if path.is_dir():
        raise StoreError(f"{path} is a folder; give the history database's file name with --db")
    if not path.exists():
        if not create:
            raise StoreError(f"there is no history database at {path}; run `winplan harvest FOLDER` first")
        if not path.parent.is_dir():
            raise StoreError(f"cannot create the history database {path}: the folder {path.parent} does not exist")
        return
    with path.open("rb") as file:
        header = file.read(len(SQLITE_HEADER))
    if header and header != SQLITE_HEADER:
        raise StoreError(f"{path} is not a winplan history database (not an SQLite file); give another --db path")


def _now() -> datetime:
    return datetime.now().astimezone()


def _dump(value: Any) -> str:
    """JSON as UTF-8 text; a path that is not UTF-8 (lone surrogates) keeps its bytes as `\\udcXX` escapes."""
    return escape_surrogates(json.dumps(value, ensure_ascii=False, separators=(",", ":")))


def _dump_problems(problems: Sequence[Problem]) -> str:
    return _dump([problem.to_dict() for problem in problems])


@functools.lru_cache(maxsize=4096)  # most workbooks repeat their problems from snapshot to snapshot
def _load_problems(text: str) -> tuple[Problem, ...]:
    return tuple(problem_from_dict(item) for item in json.loads(text))


def _snapshot(row: Sequence[Any]) -> Snapshot:
    return Snapshot(id=int(row[0]), taken_at=datetime.fromisoformat(row[1]), as_of=date.fromisoformat(row[2]),
                    folders=tuple(json.loads(row[3])), counts=dict(json.loads(row[4])))


def _workbook_record(row: Sequence[Any]) -> WorkbookRecord:
    status: WorkbookStatus = row[1]
    return WorkbookRecord(path=loaded_path(row[0]), status=status, deal_id=row[2], size=row[3], mtime=row[4],
                          sha256=row[5], problems=_load_problems(row[6]))


