"""The history database's schema, as numbered migrations applied in order, each in its own transaction.

`Store` applies each in a BEGIN IMMEDIATE transaction and reads the schema version inside it, so harvests that
open (or create) one database at the same time apply every migration exactly once.

Migrations are only ever appended: a released number's statements never change, so every database can be
brought to the newest schema by applying the numbers it has not seen yet.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    """One step of the schema: a number, a name for people and the statements that apply it."""

    version: int
    name: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "snapshots, workbooks, deals and conflicts", (
        """
        CREATE TABLE snapshots (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            taken_at TEXT NOT NULL,          -- ISO datetime, UTC
            as_of TEXT NOT NULL,             -- ISO date the scores are computed for
            folders TEXT NOT NULL,           -- JSON list of the harvested folders
            counts TEXT NOT NULL,            -- JSON object: read, reused, skipped, failed, problems, deals, ...
            settings TEXT NOT NULL           -- fingerprint of the winplan version and team config that scored it
        )
        """,
        """
        CREATE TABLE workbooks (
            snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
            path TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('read', 'reused', 'skipped', 'failed')),
            deal_id TEXT,
            size INTEGER,
            mtime REAL,
            sha256 TEXT,
            problems TEXT NOT NULL,          -- JSON list of problems
            deal TEXT,                       -- JSON of the deal model read from this file, when there is one
            stale_scores INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (snapshot_id, path)
        )
        """,
        """
        CREATE TABLE deals (
            snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
            deal_id TEXT NOT NULL,
            source TEXT NOT NULL,            -- the workbook it was read from; its model lives in that row
            scorecard TEXT NOT NULL,         -- JSON of the scorecard as of the snapshot
            customer_name TEXT NOT NULL,
            status TEXT NOT NULL,
            stage TEXT,
            amount REAL,
            weighted_amount REAL,
            PRIMARY KEY (snapshot_id, deal_id),
            FOREIGN KEY (snapshot_id, source) REFERENCES workbooks(snapshot_id, path)
        )
        """,
        "CREATE INDEX deals_by_deal_id ON deals (deal_id, snapshot_id)",
        """
        CREATE TABLE conflicts (
            snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
            deal_id TEXT NOT NULL,
            paths TEXT NOT NULL,             -- JSON list of the workbooks claiming the deal
            PRIMARY KEY (snapshot_id, deal_id)
        )
        """,
    )),
    Migration(2, "deals keep their currency, for pipeline totals per currency", (
        "ALTER TABLE deals ADD COLUMN currency TEXT",
    )),
    # Models are stored once, addressed by the SHA-256 of their JSON, so an unchanged workbook costs a few bytes
    # per snapshot instead of its whole model. The JSON columns of migration 1 are emptied and no longer used.
    # winplan_sha256() is registered on the connection by the store before migrating.
    Migration(3, "models stored once, shared by snapshots", (
        "CREATE TABLE documents (hash TEXT PRIMARY KEY, body TEXT NOT NULL)",
        "ALTER TABLE workbooks ADD COLUMN deal_hash TEXT REFERENCES documents(hash)",
        "ALTER TABLE deals ADD COLUMN scorecard_hash TEXT REFERENCES documents(hash)",
        "INSERT OR IGNORE INTO documents (hash, body) SELECT winplan_sha256(deal), deal FROM workbooks "
        "WHERE deal IS NOT NULL",
        "UPDATE workbooks SET deal_hash = winplan_sha256(deal), deal = NULL WHERE deal IS NOT NULL",
        "INSERT OR IGNORE INTO documents (hash, body) SELECT winplan_sha256(scorecard), scorecard FROM deals",
        "UPDATE deals SET scorecard_hash = winplan_sha256(scorecard), scorecard = ''",
    )),
    Migration(4, "find a snapshot's deal by its workbook", (
        "CREATE INDEX deals_by_source ON deals (snapshot_id, source)",
    )),
)

LATEST_VERSION = MIGRATIONS[-1].version
