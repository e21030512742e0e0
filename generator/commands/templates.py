"""`winplan templates`: write the blank workbook template of each language."""

from __future__ import annotations

from pathlib import Path

import click

from generator.i18n import Language
from generator.workbook_template import write_template


def template_path(out: Path, lang: Language, suffix: str = ".xlsx") -> Path:
    """Where the template of `lang` goes in `out`, e.g. winplan-template-zh.xlsx."""
    return out / f"winplan-template-{lang}{suffix}"


def run(out: Path, langs: tuple[Language, ...]) -> list[Path]:
    """Write the templates of `langs` into `out` and print each path."""
    written: list[Path] = []
    for lang in langs:
        path = template_path(out, lang)
        write_template(path, lang)
        click.echo(f"wrote {path}")
        written.append(path)
    return written
