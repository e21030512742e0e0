"""The blank workbook template, written from generator.core.spec: layout, styles, instructions and the writer."""

from __future__ import annotations

from generator.workbook.template.writer import write_template

__all__ = ["write_template"]
