"""The SQLite history of harvests: `Store.open(path)`, then `save`, `latest`, `history`, `deal_history`."""

from generator.store.rows import DealRow, Document, WorkbookRow, encode
from generator.store.store import PreviousWorkbook, Store, WorkbookEntry

__all__ = ["DealRow", "Document", "PreviousWorkbook", "Store", "WorkbookEntry", "WorkbookRow", "encode"]
