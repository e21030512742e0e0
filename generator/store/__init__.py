"""The SQLite history of harvests: `Store.open(path)`, then `save`, `latest`, `history`, `deal_history`."""

from generator.store.store import PreviousWorkbook, Store, WorkbookEntry

__all__ = ["PreviousWorkbook", "Store", "WorkbookEntry"]
