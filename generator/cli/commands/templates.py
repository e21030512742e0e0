"""`winplan templates`: write the blank workbook template of each language."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click
from xlsxwriter.exceptions import FileCreateError

from generator.cli.commands.output_folder import cannot_write, make_folder
from generator.core.i18n import Language
from generator.workbook.template import write_template
from generator.workbook.vba_project import SCORE_MACRO, write_score_button_project


def template_path(out: Path, lang: Language, suffix: str = ".xlsx") -> Path:
    """Where the template of `lang` goes in `out`, e.g. winplan-template-zh.xlsx."""
    return out / f"winplan-template-{lang}{suffix}"


def run(out: Path, langs: tuple[Language, ...]) -> list[Path]:
    """Write the templates of `langs` into `out` and print each path."""
    written: list[Path] = []
    make_folder(out, "templates folder")
    try:
        with tempfile.TemporaryDirectory(prefix="winplan-templates-") as scratch:
            # The .xlsm twin: the same workbook plus the Score button's VBA project (generator.workbook.vba_project).
            vba_project = write_score_button_project(Path(scratch) / "vbaProject.bin")
            for lang in langs:
                path = template_path(out, lang)
                write_template(path, lang)
                click.echo(f"wrote {path}")
                written.append(path)
                macro_path = template_path(out, lang, ".xlsm")
                write_template(macro_path, lang, vba_project=vba_project, score_macro=SCORE_MACRO)
                click.echo(f"wrote {macro_path}")
                written.append(macro_path)
    except FileCreateError as error:  # XlsxWriter's wrapper of the OSError below
        cause = error.args[0] if error.args and isinstance(error.args[0], OSError) else OSError(str(error))
        raise cannot_write(Path(cause.filename or out), cause) from error
    except OSError as error:  # e.g. a read-only folder, or a folder where a template goes
        raise cannot_write(Path(error.filename or out), error) from error
    return written
