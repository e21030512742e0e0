"""The `winplan` command line. Each command parses its options and makes one call into generator.cli.commands.

Commands and the library raise plain `generator.core.errors` exceptions; `WinplanGroup` turns them into what the user
sees and the exit code, here and nowhere else (`EXIT_CODES`).
"""

from __future__ import annotations

import signal
import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from generator import __version__
from generator.core.config import SettingsLookup
from generator.core.errors import (
    EXIT_PROBLEMS,
    EXIT_USAGE,
    AlreadyReported,
    NothingHarvested,
    ProblemsFound,
    SiteBuildError,
    UnreadableWorkbook,
    WinplanError,
)
from generator.core.i18n import LANGUAGES, Language, parse_language
from generator.core.stopping import Stopped, stop_on_signals

DEFAULT_DB = "winplan.sqlite"
DEFAULT_SITE_DIR = "winplan-site"


def _as_of(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise click.BadParameter(f"{value!r} is not a date; write it as YYYY-MM-DD") from error


def _address(_ctx: click.Context, _param: click.Parameter, value: str) -> str:
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise click.BadParameter(f"{value!r} is not an address; write it as IP:PORT, e.g. 127.0.0.1:8000")
    return value


def _language(_ctx: click.Context, _param: click.Parameter, value: str | None) -> Language | None:
    if value is None:
        return None
    try:
        return parse_language(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from error


as_of_option = click.option(
    "--as-of", "as_of", callback=_as_of, metavar="YYYY-MM-DD",
    help="Score as of this date instead of today (for reproducible results).",
)
lang_option = click.option(
    "--lang", callback=_language, metavar="zh|en", help="Language (default: winplan.toml, else zh).",
)
db_option = click.option(
    "--db", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_DB, show_default=True,
    help="The history database (SQLite).",
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON instead.")
strict_option = click.option("--strict", is_flag=True, help="Exit with code 1 when any problem was found.")


# The exit code of each kind of error, most specific first; any other WinplanError is a usage error.
EXIT_CODES: tuple[tuple[type[WinplanError], int], ...] = (
    (ProblemsFound, EXIT_PROBLEMS),  # --strict and the report lists problems
    (UnreadableWorkbook, EXIT_USAGE),
    (NothingHarvested, EXIT_PROBLEMS),  # every workbook was still being saved
    (SiteBuildError, EXIT_PROBLEMS),  # MkDocs failed (under --strict: a warning)
    (WinplanError, EXIT_USAGE),
)


def exit_code(error: WinplanError) -> int:
    """The exit code `error` ends winplan with."""
    return next(code for kind, code in EXIT_CODES if isinstance(error, kind))


class WinplanGroup(click.Group):
    """The `winplan` group: a domain error from any command becomes `Error: <sentence>` and its exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except AlreadyReported as error:  # the command's report already names the problems
            raise click.exceptions.Exit(exit_code(error)) from error
        except WinplanError as error:
            raise _shown(error.message, exit_code(error)) from error


def _shown(message: str, code: int) -> click.ClickException:
    """`message` as click shows a usage error ("Error: …"), ending winplan with `code`."""

    class Shown(click.ClickException):
        exit_code = code  # click 8.2+ declares exit_code a ClassVar: it is set on a class, not an instance

    return Shown(message)


@click.group(name="winplan", cls=WinplanGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="winplan")
@click.option(
    "--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
    help="Team settings file for every workbook (default: the nearest winplan.toml in the workbook's folder or "
         "its parents; for build and serve, the one the harvest found).",
)
@click.pass_context
def cli(ctx: click.Context, config_path: Path | None) -> None:
    """Plan, score and publish large B2B deals from Excel account plans."""
    signal.signal(signal.SIGINT, signal.default_int_handler)  # see `main`: commands get Ctrl-C as usual again
    ctx.obj = SettingsLookup(config_path)


@cli.command()
@click.option("--lang", "lang", type=click.Choice(LANGUAGES), help="Only this language (default: both).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("xlsx_templates"),
              show_default=True, help="Folder to write the templates into.")
def templates(lang: Language | None, out: Path) -> None:
    """Write the blank workbook templates (.xlsx, and .xlsm with Score buttons)."""
    from generator.cli.commands import templates as command

    command.run(out, (lang,) if lang else LANGUAGES)


@cli.command()
@click.argument("customer")
@click.option("--project", required=True, help="Project name (项目名称).")
@click.option("--rep", required=True, help="Sales rep (销售代表).")
@lang_option
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True,
              help="Folder to write the workbook into.")
@click.option("--macros/--no-macros", default=False, show_default=True,
              help="Write an .xlsm with the Score button for desktop Excel (default: a plain .xlsx).")
@click.pass_obj
def new(settings: SettingsLookup, customer: str, project: str, rep: str, lang: Language | None, out: Path,
        macros: bool) -> None:
    """Create a workbook for one deal, prefilled, with a fresh deal_id."""
    from generator.cli.commands import new as command

    command.run(customer, project, rep, lang or settings.near(out).config.language, out, macros=macros)


@cli.command()
@click.argument("workbooks", nargs=-1, required=True, type=click.Path(path_type=Path))
@as_of_option
@json_option
@strict_option
@lang_option
@click.pass_obj
def check(settings: SettingsLookup, workbooks: tuple[Path, ...], as_of: date, as_json: bool, strict: bool,
          lang: Language | None) -> None:
    """Validate and score workbooks without writing anything."""
    from generator.cli.commands import check as command

    command.run(list(workbooks), as_of, settings, as_json=as_json, strict=strict, lang=lang)


@cli.command()
@click.argument("folders", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@as_of_option
@json_option
@strict_option
@click.pass_obj
def harvest(settings: SettingsLookup, folders: tuple[Path, ...], db: Path, as_of: date, as_json: bool,
            strict: bool) -> None:
    """Read every workbook below FOLDERS into a new snapshot of the history database."""
    with stop_on_signals():  # SIGINT, SIGTERM, SIGHUP: one line and exit 128 + n, never a traceback
        try:
            from generator.cli.commands import harvest as command
            from generator.harvest.discovery import check_folders

            check_folders(folders)  # a missing folder is named as such before its settings are looked for
            team = settings.for_harvest(folders)
            if team.source is not None and not as_json:
                click.echo(f"team settings: {team.source}", err=True)
            command.run(list(folders), db, as_of, team.config, as_json=as_json, strict=strict,
                        settings_file=team.source)
        except Stopped as stop:  # not a domain error: said here, while later signals are still ignored
            click.echo(_stopped_message("winplan harvest", stop), err=True)
            sys.exit(stop.exit_code)


def _stopped_message(command: str, stop: Stopped) -> str:
    if stop.stored_snapshot is not None:
        return f"{command} was stopped by {stop.name} after it stored snapshot {stop.stored_snapshot}."
    return (f"{command} was stopped by {stop.name} before it stored a snapshot, so the history database is "
            "unchanged; run it again to harvest.")


@cli.command()
@db_option
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path(DEFAULT_SITE_DIR),
              show_default=True, help="Folder for the built site.")
@lang_option
@strict_option
@click.pass_obj
def build(settings: SettingsLookup, db: Path, out: Path, lang: Language | None, strict: bool) -> None:
    """Build the internal sales site from the latest harvest."""
    from generator.cli.commands import build as command
    from generator.cli.commands.site_settings import site_settings

    config = site_settings(settings, db).config
    command.run(db, out, lang or config.language, config, strict=strict)


@cli.command()
@db_option
@lang_option
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, callback=_address,
              help="Address to serve on, as IP:PORT.")
@click.pass_obj
def serve(settings: SettingsLookup, db: Path, lang: Language | None, dev_addr: str) -> None:
    """Build the site and serve it locally with live reload."""
    from generator.cli.commands import serve as command
    from generator.cli.commands.site_settings import site_settings

    config = site_settings(settings, db).config
    command.run(db, lang or config.language, config, dev_addr)


@cli.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx", "json"]), required=True,
              help="File format.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Output file (default: winplan-pipeline.<format>; '-' for standard output with csv/json).")
def export(db: Path, fmt: str, out: Path | None) -> None:
    """Export the latest snapshot's pipeline as CSV, XLSX or JSON."""
    from generator.cli.commands import export as command

    command.run(db, fmt, out)


@cli.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("winplan-demo"),
              show_default=True, help="Working folder for the demo's database and site.")
@lang_option
@as_of_option
@click.pass_obj
def demo(settings: SettingsLookup, out: Path, lang: Language | None, as_of: date) -> None:
    """Harvest the bundled example workbooks and build the site, in one go."""
    from generator.cli.commands import demo as command

    config = settings.near(Path.cwd()).config
    command.run(out, lang or config.language, as_of, config)


def main() -> None:
    # Ctrl-C while Python is still starting winplan ends it quietly, as SIGTERM does, instead of a traceback from
    # whatever module was being imported; commands take it back (`cli`), harvest with its own handlers.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    cli(prog_name="winplan")
