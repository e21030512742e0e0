"""The history database: migrations, snapshot round trips, history by deal_id."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from deal_factory import AS_OF, healthy_deal, make_deal
from store_support import WorkbookEntry, save_snapshot

from generator.core.errors import StoreError
from generator.core.i18n import Bilingual
from generator.core.model import Deal, Problem
from generator.core.records import DealRecord, WorkbookRecord
from generator.scoring import score_deal
from generator.store import DealRow, Store
from generator.store.migrations import LATEST_VERSION, MIGRATIONS

TAKEN = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


def _problem(file: str) -> Problem:
    return Problem("value-not-in-list", "error", Bilingual("不在列表中", "Not in the list"),
                   Bilingual("从下拉列表选择", "Pick from the drop-down"), file, "项目总汇", "C7")


def _save(store: Store, deals: dict[str, Deal], *, as_of: date = AS_OF,
          problems: dict[str, tuple[Problem, ...]] | None = None) -> int:
    """Save one snapshot with a workbook per path in `deals`; return its id."""
    problems = problems or {}
    entries = [WorkbookEntry(WorkbookRecord(path, "read", problems.get(path, ()), deal.deal_id, 100, 1.5, "ab"),
                             deal) for path, deal in deals.items()]
    records = [DealRecord(deal, score_deal(deal, as_of), path, problems.get(path, ())) for path, deal in deals.items()]
    result = save_snapshot(store, taken_at=TAKEN, as_of=as_of, folders=["/share/sales"],
                           counts={"read": len(deals)}, settings="s1", workbooks=entries, deals=records)
    return result.snapshot.id


def test_fresh_database_gets_every_migration_recorded(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite"
    with Store.open(path) as store:
        assert store.schema_version == LATEST_VERSION
    rows = sqlite3.connect(path).execute("SELECT version, name FROM schema_migrations ORDER BY version").fetchall()
    assert rows == [(m.version, m.name) for m in MIGRATIONS]


def test_reopening_keeps_snapshots_and_applies_nothing_twice(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite"
    with Store.open(path) as store:
        _save(store, {"/share/a.xlsx": healthy_deal()})
    with Store.open(path) as store:
        latest = store.latest()
        assert latest is not None and len(latest.deals) == 1
    count = sqlite3.connect(path).execute("SELECT COUNT(*) FROM schema_migrations").fetchone()[0]
    assert count == len(MIGRATIONS)


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite"
    Store.open(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute("INSERT INTO schema_migrations VALUES (?, 'from the future', '2030-01-01')",
                           (LATEST_VERSION + 1,))
    with pytest.raises(StoreError, match="newer winplan"):
        Store.open(path)


def test_other_files_are_refused_with_a_clear_message(tmp_path: Path) -> None:
    text = tmp_path / "notes.sqlite"
    text.write_text("just some notes", encoding="utf-8")
    with pytest.raises(StoreError, match="not a winplan history database"):
        Store.open(text)
    foreign = tmp_path / "other.sqlite"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE customers (name TEXT)")
    with pytest.raises(StoreError, match="not a winplan history database"):
        Store.open(foreign)
    with pytest.raises(StoreError, match="no history database"):
        Store.open(tmp_path / "missing.sqlite", create=False)
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(tmp_path / "no-such-folder" / "h.sqlite")


def test_a_failed_migration_leaves_no_trace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.store import migrations
    from generator.store import store as store_module

    broken = (*MIGRATIONS, migrations.Migration(LATEST_VERSION + 1, "broken", (
        "CREATE TABLE half_done (x INTEGER)", "THIS IS NOT SQL")))
    monkeypatch.setattr(store_module, "MIGRATIONS", broken)
    monkeypatch.setattr(store_module, "LATEST_VERSION", LATEST_VERSION + 1)
    path = tmp_path / "history.sqlite"
    with pytest.raises(StoreError):
        Store.open(path)
    connection = sqlite3.connect(path)
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "half_done" not in tables and "snapshots" in tables
    assert connection.execute("SELECT MAX(version) FROM schema_migrations").fetchone()[0] == LATEST_VERSION


def test_snapshot_round_trip_returns_what_was_saved() -> None:
    deal = healthy_deal(customer_name="<b>华能</b> & Co", amount=1_500_000.0)
    with Store.open(":memory:") as store:
        assert store.latest() is None and store.history() == []
        problem = _problem("/share/a.xlsx")
        other = make_deal(customer_name="Acme", deal_id="b")
        snapshot_id = _save(store, {"/share/a.xlsx": deal, "/share/b.xlsx": other},
                            problems={"/share/a.xlsx": (problem,)})
        result = store.latest()
        saved = store.snapshot(snapshot_id)
    assert result is not None and result == saved
    assert [record.deal.customer_name for record in result.deals] == sorted(["Acme", "<b>华能</b> & Co"])
    assert result.snapshot.as_of == AS_OF and result.snapshot.taken_at == TAKEN
    assert result.snapshot.folders == ("/share/sales",) and result.snapshot.counts == {"read": 2}
    record = next(record for record in result.deals if record.source == "/share/a.xlsx")
    assert record.deal == deal
    assert record.scorecard == score_deal(deal, AS_OF)
    assert record.source == "/share/a.xlsx" and record.problems == (problem,)
    workbook = result.workbooks[0]
    assert workbook == WorkbookRecord("/share/a.xlsx", "read", (problem,), deal.deal_id, 100, 1.5, "ab")


def test_history_is_newest_first_and_limited() -> None:
    with Store.open(":memory:") as store:
        ids = [_save(store, {"/a.xlsx": make_deal(amount=float(n))}) for n in range(3)]
        history = store.history()
        assert [h.snapshot.id for h in history] == ids[::-1]
        assert [h.snapshot.id for h in store.history(limit=2)] == ids[:0:-1]
        assert [s.id for s in store.snapshots()] == ids[::-1]
        assert history[0].deals[0].deal.amount == 2.0


def test_a_deal_keeps_its_history_when_its_file_is_renamed_and_moved() -> None:
    deal = make_deal(amount=100.0)
    with Store.open(":memory:") as store:
        _save(store, {"/share/east/华能.xlsx": deal})
        _save(store, {"/share/west/华能-ERP-v2.xlsx": make_deal(amount=150.0)})
        history = store.deal_history(deal.deal_id)
        previous = store.previous_workbooks()
    assert [record.source for _, record in history] == ["/share/west/华能-ERP-v2.xlsx", "/share/east/华能.xlsx"]
    assert [record.deal.amount for _, record in history] == [150.0, 100.0]
    assert list(previous) == ["/share/west/华能-ERP-v2.xlsx"]


def test_a_deal_must_come_from_a_stored_workbook() -> None:
    deal = make_deal()
    with Store.open(":memory:") as store:
        with pytest.raises(ValueError, match="has no reading"):
            store.save_rows(taken_at=TAKEN, as_of=AS_OF, folders=[], counts={}, settings="s", workbooks=[],
                            deals=[DealRow.of(deal, score_deal(deal, AS_OF), "/nowhere.xlsx")])
        assert store.latest() is None


def test_conflicts_are_kept_with_their_snapshot() -> None:
    deal = make_deal()
    with Store.open(":memory:") as store:
        entries = [WorkbookEntry(WorkbookRecord(p, "read", (), deal.deal_id), deal) for p in ("/a.xlsx", "/b.xlsx")]
        result = save_snapshot(store, taken_at=TAKEN, as_of=AS_OF, folders=[], counts={}, settings="s",
                               workbooks=entries, deals=[DealRecord(deal, score_deal(deal, AS_OF), "/a.xlsx")],
                               conflicts=[(deal.deal_id, ("/a.xlsx", "/b.xlsx"))])
    assert result.conflicts == ((deal.deal_id, ("/a.xlsx", "/b.xlsx")),)
    assert len(result.deals) == 1


def test_an_unchanged_deal_is_stored_once_however_many_snapshots_share_it(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite"
    deal = healthy_deal()
    with Store.open(path) as store:
        for _ in range(3):
            _save(store, {"/share/a.xlsx": deal})
    connection = sqlite3.connect(path)
    assert connection.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 2  # the deal and its scorecard
    assert connection.execute("SELECT COUNT(DISTINCT deal_hash) FROM workbooks").fetchone()[0] == 1


def test_a_database_from_before_shared_documents_is_migrated(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.core.serialize import to_jsonable
    from generator.store import store as store_module

    path = tmp_path / "history.sqlite"
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS[:2])
    monkeypatch.setattr(store_module, "LATEST_VERSION", 2)
    Store.open(path).close()
    deal = healthy_deal()
    scorecard = score_deal(deal, AS_OF)
    with sqlite3.connect(path) as connection:  # a harvest as the schema-2 code wrote it: JSON inline
        connection.execute("INSERT INTO snapshots VALUES (1, ?, ?, '[]', '{}', 's')", (TAKEN.isoformat(), "2026-11-20"))
        connection.execute("INSERT INTO workbooks (snapshot_id, path, status, deal_id, problems, deal) "
                           "VALUES (1, '/a.xlsx', 'read', ?, '[]', ?)", (deal.deal_id, json.dumps(to_jsonable(deal))))
        connection.execute("INSERT INTO deals (snapshot_id, deal_id, source, scorecard, customer_name, status) "
                           "VALUES (1, ?, '/a.xlsx', ?, ?, 'open')",
                           (deal.deal_id, json.dumps(to_jsonable(scorecard)), deal.customer_name))
    monkeypatch.undo()
    with Store.open(path) as store:
        assert store.schema_version == LATEST_VERSION
        latest = store.latest()
    assert latest is not None
    assert [(record.deal, record.scorecard) for record in latest.deals] == [(deal, scorecard)]


def test_a_database_locked_by_another_writer_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite"
    Store.open(path).close()
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another harvest in the middle of saving
    try:
        with Store.open(path) as store:
            store._db.execute("PRAGMA busy_timeout = 100")
            with pytest.raises(StoreError, match="another winplan harvest"):
                _save(store, {"/a.xlsx": make_deal()})
    finally:
        other.execute("ROLLBACK")
        other.close()
