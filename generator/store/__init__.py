"""The SQLite history of harvests: `Store.open(path)`, then `save_rows`, `latest`, `history`, `deal_history`."""

from generator.store.rows import DealRow, Document, WorkbookRow, encode
from generator.store.store import PreviousWorkbook, Store

__all__ = ["DealRow", "Document", "PreviousWorkbook", "Store", "WorkbookRow", "encode"]
