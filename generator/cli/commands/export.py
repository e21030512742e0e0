"""`winplan export`: the latest snapshot's pipeline as a CSV, XLSX or JSON file (or on standard output)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO

import click

from generator.cli.commands.output_folder import cannot_write, make_folder
from generator.core.errors import StoreError, WinplanError
from generator.core.paths import shown_result
from generator.core.records import HarvestResult
from generator.export import write_csv, write_json, write_xlsx
from generator.store import Store

STDOUT = Path("-")


def run(db: Path, fmt: str, out: Path | None) -> None:
    """Write the latest snapshot of `db` in `fmt` to `out` (default winplan-pipeline.<fmt>; '-' = stdout)."""
    if out == STDOUT and fmt == "xlsx":
        raise WinplanError("an XLSX file cannot go to standard output; give --out FILE.xlsx")
    with Store.open(db, create=False) as store:
        result = store.latest()
    if result is None:
        raise StoreError(f"{db} has no snapshot yet; run `winplan harvest FOLDER --db {db}` first")
    result = shown_result(result)  # a file name that is not UTF-8, as printable text
    if out == STDOUT:
        _write_text(result, fmt, sys.stdout)
        return
    target = out or Path(f"winplan-pipeline.{fmt}")
    make_folder(target.parent, "folder for the export")  # like every other command's --out
    try:
        if fmt == "xlsx":
            with target.open("wb") as binary:
                write_xlsx(result, binary)
        else:
            with target.open("w", encoding="utf-8", newline="") as text:
                _write_text(result, fmt, text)
    except OSError as error:
        raise cannot_write(target, error) from error
    click.echo(f"wrote {target} ({len(result.deals)} deals, snapshot {result.snapshot.id})")


def _write_text(result: HarvestResult, fmt: str, out: IO[str]) -> None:
    if fmt == "csv":
        write_csv(result, out)
    else:
        write_json(result, out)
