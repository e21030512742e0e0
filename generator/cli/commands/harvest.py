"""`winplan harvest`: read every workbook below some folders into a new snapshot, then summarise."""

from __future__ import annotations

import sys
import unicodedata
from datetime import date
from pathlib import Path

import click

from generator.cli.progress import ProgressBars
from generator.core import strict_json
from generator.core.config import Config
from generator.core.errors import ProblemsFound, WinplanError
from generator.core.i18n import Language
from generator.core.paths import display_path
from generator.core.stopping import Stopped
from generator.core.wording.cli import HARVEST_SUMMARY as LABELS
from generator.harvest import HarvestRun, harvest_run
from generator.harvest.discovery import check_folders
from generator.harvest.summary import HarvestSummary, summarize
from generator.store import Store

MAX_PROBLEM_LINES = 40  # the terminal shows this many; --json and the data quality page show them all


def run(folders: list[Path], db: Path, as_of: date, config: Config, *, as_json: bool, strict: bool,
        settings_file: Path | None = None) -> None:
    """Harvest `folders` into the database `db` and print a summary (or JSON); under `strict`, problems in it
    raise `ProblemsFound` once it is printed.

    Everything about the database that can fail before the workbooks are read (a missing folder, no permission,
    a FIFO, a damaged or newer database) fails here first, before a single workbook is read.
    """
    check_folders(folders)  # a missing folder is a usage error (exit 2) before the database is touched
    new_database = not db.exists()
    harvested: HarvestRun | None = None
    try:
        with Store.open(db, check_writable=True) as store, \
                ProgressBars(enabled=not as_json and sys.stderr.isatty()) as bars:
            # A stop signal until harvest_run returns (`Stopped`) kills the workers and rolls back or never
            # begins the snapshot's transaction: nothing is stored.
            files = bars.phase("harvest")  # files done of the total; the path just finished is not shown
            harvested = harvest_run(folders, store, as_of, config,
                                    progress=lambda done, total, _path: files(done, total),
                                    notify=lambda message: click.echo(message, err=True), settings_file=settings_file)
        _report(harvested, db, config, as_json=as_json, strict=strict)
    except WinplanError:
        if new_database and harvested is None:  # nothing harvested (no workbooks, all being saved): leave no
            db.unlink(missing_ok=True)  # empty database behind; a stored snapshot (then --strict) is kept
        raise
    except Stopped as stop:
        if harvested is not None:
            stop.stored_snapshot = harvested.snapshot.id
        raise


def _report(harvested: HarvestRun, db: Path, config: Config, *, as_json: bool, strict: bool) -> None:
    summary = summarize(harvested)
    if as_json:
        click.echo(strict_json.dumps({"database": display_path(str(db)), **summary.to_dict()}, indent=2))
    else:
        _print_summary(summary, db, config.language)
    if strict and summary.has_problems:
        raise ProblemsFound


def _label(key: str, lang: Language) -> str:
    return LABELS[key](lang)


def _columns(text: str) -> int:
    """Terminal columns `text` takes; Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _columns(text))


def _print_summary(summary: HarvestSummary, db: Path, lang: Language) -> None:
    snapshot = summary.result.snapshot
    click.echo(f"snapshot {snapshot.id} as of {snapshot.as_of.isoformat()} -> {display_path(str(db))}")
    counts = summary.counts
    width = max(_columns(_label(key, lang)) for key in LABELS) + 2
    for key in ("read", "reused", "skipped", "problems", "failed", "deals", "conflicts", "stale_scores"):
        style = {"fg": "red"} if key in ("failed", "problems", "conflicts") and counts[key] else {}
        click.echo(f"  {_pad(_label(key, lang), width)}{click.style(str(counts[key]), **style)}")  # type: ignore[arg-type]
    if summary.pipeline:  # one figure per currency: amounts in different currencies are never added up
        pipeline = " · ".join(f"{t.open_pipeline:,.0f} {t.currency or '?'}" for t in summary.pipeline)
        forecast = " · ".join(f"{t.weighted_forecast:,.0f} {t.currency or '?'}" for t in summary.pipeline)
        click.echo(f"  {_pad(_label('open_pipeline', lang), width)}{pipeline}")
        click.echo(f"  {_pad(_label('weighted_forecast', lang), width)}{forecast}")
    lines = 0
    attention = summary.attention
    for workbook in attention:
        for problem in workbook.problems:
            if lines == MAX_PROBLEM_LINES:
                rest = sum(len(w.problems) for w in attention) - lines
                click.echo(f"… {rest} more: winplan harvest --json, or the site's data quality page")
                return
            where = "!".join(part for part in (problem.sheet, problem.cell) if part)
            mark = click.style(problem.severity, fg="red" if problem.severity == "error" else "yellow")
            message = display_path(problem.message(lang))  # an OS error in a message may quote a path
            click.echo(f"{mark} {display_path(workbook.path)}{' ' + where if where else ''}: {message}")
            click.echo(f"    → {problem.fix(lang)}")
            lines += 1
