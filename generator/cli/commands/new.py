"""`winplan new`: a workbook for one deal from the template, prefilled, with a fresh deal_id."""

from __future__ import annotations

import tempfile
import uuid
from datetime import date
from pathlib import Path

import click

from generator.cli.commands.output_folder import cannot_write, make_folder
from generator.core.errors import WinplanError
from generator.core.i18n import Language
from generator.core.vocabulary import STAGES, VOCABULARIES
from generator.workbook.deal_files import deal_file_stem, reserve_path
from generator.workbook.filler import fill_cells
from generator.workbook.template import write_template
from generator.workbook.vba_project import SCORE_MACRO, write_score_button_project

DEFAULT_CURRENCY: dict[Language, str] = {"zh": "CNY", "en": "USD"}


def new_deal_values(customer: str, project: str, rep: str, lang: Language, today: date,
                    deal_id: str) -> dict[str, object]:
    """The cells a fresh deal starts with: who and what, today's dates, open at the first stage."""
    return {
        "deal_id": deal_id,
        "customer_name": customer,
        "project_name": project,
        "sales_rep": rep,
        "created_date": today,
        "last_updated": today,
        "status": VOCABULARIES["status"].label("open", lang),
        "stage": STAGES[0].label(lang),
        "currency": VOCABULARIES["currency"].label(DEFAULT_CURRENCY[lang], lang),
    }


def run(customer: str, project: str, rep: str, lang: Language, out: Path, *, macros: bool = False) -> Path:
    """Write a new deal workbook into `out` (never over an existing file) and print its path.

    With `macros` the workbook is an .xlsm carrying the Score button for desktop Excel.
    """
    for what, value in (("CUSTOMER", customer), ("--project", project), ("--rep", rep)):
        if not value.strip():
            raise WinplanError(f"{what} is empty; give the name, e.g. winplan new 华能集团 --project ERP --rep 张伟")
    suffix = ".xlsm" if macros else ".xlsx"
    try:
        path = reserve_path(make_folder(out, "folder for the workbook"), deal_file_stem(customer, project), suffix)
    except OSError as error:  # the folder exists but takes no new file (read-only)
        raise cannot_write(out, error) from error
    try:
        with tempfile.TemporaryDirectory(prefix="winplan-new-") as scratch:
            template = Path(scratch) / f"template-{lang}{suffix}"
            if macros:
                vba_project = write_score_button_project(Path(scratch) / "vbaProject.bin")
                write_template(template, lang, vba_project=vba_project, score_macro=SCORE_MACRO)
            else:
                write_template(template, lang)
            values = new_deal_values(customer, project, rep, lang, date.today(), str(uuid.uuid4()))
            fill_cells(template, values, {}, path)
    except BaseException as error:
        path.unlink(missing_ok=True)  # do not leave the reserved empty file behind
        if isinstance(error, OSError):
            raise cannot_write(path, error) from error
        raise
    click.echo(str(path))
    return path
