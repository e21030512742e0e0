"""`winplan demo`: harvest the example workbooks into a database and build the site, in one go.

The example workbooks (examples/workbooks/ in the repository) ship inside the installed package, so the demo runs
from any folder (generator.resources finds them). Nothing is copied: the harvest reads them in place and writes
only OUT/winplan.sqlite and OUT/site/.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from generator import resources
from generator.cli.commands.build import describe
from generator.cli.commands.output_folder import make_folder
from generator.core.config import Config
from generator.core.errors import WinplanError
from generator.core.i18n import Language
from generator.harvest import harvest_folders
from generator.site import build_site
from generator.store import Store

EXAMPLES = resources.example_workbooks()


def example_folder() -> Path:
    """The bundled example workbooks; a clear error when this installation lost them."""
    if not EXAMPLES.is_dir() or not any(EXAMPLES.rglob("*.xls*")):
        raise WinplanError(f"no example workbooks at {EXAMPLES}: this winplan installation is incomplete; "
                           "reinstall it from its wheel or source checkout")
    return EXAMPLES


def run(out: Path, lang: Language, as_of: date, config: Config) -> None:
    """Harvest the examples into OUT/winplan.sqlite, build OUT/site and say where to open it."""
    folder = example_folder()
    make_folder(out, "demo folder")
    db = out / "winplan.sqlite"
    with Store.open(db) as store:
        # The examples are winplan's own files, never in the middle of a save; a fresh install wrote them seconds
        # ago, which the shared-folder rule (skip files modified within the last moments) would mistake for one.
        harvest_folders([folder], store, as_of, config, settle_seconds=0)
        history = store.history(12)
    click.echo(f"Harvested {folder} into {db}.")
    report = build_site(history, out / "site", lang, config)
    click.echo(describe(report))
    click.echo(f"Or browse it with search: winplan serve --db {db} --lang {lang}")
