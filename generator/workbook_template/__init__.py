"""The blank workbook template, written from generator.spec: layout, styles, instructions and the writer."""

from __future__ import annotations

from generator.workbook_template.writer import write_template

__all__ = ["write_template"]
