"""The team settings a site is built with: those of the folders its latest harvest read (`winplan build`, `serve`)."""

from __future__ import annotations

from pathlib import Path

from generator.core.config import SettingsLookup, TeamSettings
from generator.core.errors import WinplanError
from generator.store import Store


def site_settings(settings: SettingsLookup, db: Path) -> TeamSettings:
    """`--config`, else the winplan.toml the latest harvest of `db` found, else the working folder's."""
    return settings.for_site(harvested_folders(db))


def harvested_folders(db: Path) -> tuple[str, ...]:
    """The folders the latest snapshot of `db` harvested; none when there is no readable database yet.

    A missing or broken database is reported by the command itself, with its own message.
    """
    if not db.is_file():
        return ()
    try:
        with Store.open(db, create=False) as store:
            snapshots = store.snapshots()
    except WinplanError:
        return ()
    return max(snapshots, key=lambda snapshot: snapshot.id).folders if snapshots else ()
