"""`winplan build`: the site from the history database's latest harvests."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.cli.commands.output_folder import make_parent
from generator.cli.progress import ProgressBars
from generator.core.config import Config
from generator.core.errors import StoreError
from generator.core.i18n import Language
from generator.core.records import HarvestResult
from generator.site import BuildProgress, SiteReport, build_site
from generator.store import Store

HISTORY_LIMIT = 12  # harvests shown in an account's history; the newest two also give "what changed"


def load_history(db: Path) -> list[HarvestResult]:
    """The newest harvests in `db`, newest first; a missing or empty database is a usage error (exit 2)."""
    if not db.is_file():
        raise StoreError(f"{db}: no history database here. Run `winplan harvest FOLDER --db {db}` first, "
                         "or `winplan demo` to try winplan on the example workbooks.")
    with Store.open(db, create=False) as store:
        history = store.history(HISTORY_LIMIT)
    if not history:
        raise StoreError(f"{db} has no harvest yet. Run `winplan harvest FOLDER --db {db}` first.")
    return history


def describe(report: SiteReport) -> str:
    """One line about a finished build, with where to open it, after what publishing had to say."""
    built = (f"Built {report.accounts} account pages and {report.reps} rep pages ({report.pages} generated pages, "
             f"{report.bytes / 1e6:.1f} MB) in {report.seconds:.1f} s into {report.out}. "
             f"Open {report.index_html.resolve()} (search needs `winplan serve` or a web server).")
    return "\n".join([*report.notes, built])


def run(db: Path, out: Path, lang: Language, config: Config, *, strict: bool) -> None:
    """Build the site from `db` into `out` (`SiteBuildError` when MkDocs fails, e.g. on a warning under --strict)."""
    history = load_history(db)
    make_parent(out, "site folder")  # the site itself is built beside it, then swapped in
    with ProgressBars(enabled=sys.stderr.isatty()) as bars:
        report = build_site(history, out, lang, config, strict=strict,
                            progress=BuildProgress(bars.phase("pages rendered"), bars.phase("pages written")))
    click.echo(describe(report))


