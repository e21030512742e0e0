"""Export the latest snapshot's pipeline as CSV, XLSX or JSON, safe to open in Excel."""

from generator.export.rows import COLUMNS, pipeline_rows
from generator.export.writers import write_csv, write_json, write_xlsx

__all__ = ["COLUMNS", "pipeline_rows", "write_csv", "write_json", "write_xlsx"]
