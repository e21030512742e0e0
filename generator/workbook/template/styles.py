"""The template's look: one colour for what a rep fills in, another for what Score writes, grey labels.

Every format that may be edited is unlocked; everything else is locked, so sheet protection (where a sheet
has it) only ever guards labels. Output cells are unlocked too: the Score button must be able to write them on
the protected Scores sheet (Excel refuses writes to locked cells there), and a hand-typed score is caught by the
harvest, which recomputes every score and reports stored ones that differ. So is the deal ID cell, which the
Score button fills on its first click when a rep copied the blank template.
"""

from __future__ import annotations

from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook

from generator.core.i18n import Language

INPUT_FILL = "#FFF2CC"  # pale yellow: fill in
OUTPUT_FILL = "#DDEBF7"  # pale blue: written by Score
LABEL_FILL = "#F2F2F2"  # light grey: labels, locked
BORDER_COLOUR = "#BFBFBF"
TITLE_COLOUR = "#1F3864"
BLUE_FLAG = "#2F5597"
RED_FLAG = "#C00000"
TABLE_STYLE = "Table Style Medium 2"  # blue banding
RED_TABLE_STYLE = "Table Style Medium 3"  # red banding, for red flags

DATE_FORMAT = "yyyy-mm-dd"
NUMBER_FORMATS: dict[str, str] = {
    "date": DATE_FORMAT,
    "amount": "#,##0",
    "percent": "0%",
    "integer": "0",
    "signed": "+0;-0;0",
    "number": "0.0",
}
FONTS: dict[Language, str] = {"zh": "Microsoft YaHei", "en": "Calibri"}


def number_format(kind: str, *, signed: bool = False) -> str | None:
    """The number format of a cell of `kind`, or None for text."""
    if signed and kind == "integer":
        return NUMBER_FORMATS["signed"]
    return NUMBER_FORMATS.get(kind)


class Styles:
    """The formats of one workbook, created once and looked up by role and kind."""

    def __init__(self, workbook: Workbook, lang: Language) -> None:
        self._workbook = workbook
        self._font = FONTS[lang]
        self._cache: dict[tuple[str, str | None, bool], Format] = {}

    def _make(self, properties: dict[str, Any]) -> Format:
        return self._workbook.add_format({"font_name": self._font, "font_size": 10, "valign": "top",
                                          **properties})

    def get(self, role: str, kind: str | None = None, *, signed: bool = False) -> Format:
        """The format for `role` (title, intro, heading, label, input, output, hint, ...) and value `kind`."""
        key = (role, kind, signed)
        if key not in self._cache:
            properties = dict(ROLES[role])
            fmt = number_format(kind, signed=signed) if kind else None
            if fmt:
                properties["num_format"] = fmt
            if kind == "longtext" and role in ("input", "table"):
                properties["text_wrap"] = True
            if kind in ("date", "amount", "percent", "integer", "rating", "number") and role != "label":
                properties["align"] = "right"
            self._cache[key] = self._make(properties)
        return self._cache[key]


_BOX = {"border": 1, "border_color": BORDER_COLOUR}
ROLES: dict[str, dict[str, Any]] = {
    "title": {"bold": True, "font_size": 16, "font_color": TITLE_COLOUR, "valign": "vcenter"},
    "intro": {"italic": True, "font_color": "#595959"},
    "heading": {"bold": True, "font_size": 11, "font_color": TITLE_COLOUR, "bottom": 2,
                "bottom_color": TITLE_COLOUR},
    "heading_blue": {"bold": True, "font_size": 11, "font_color": BLUE_FLAG, "bottom": 2,
                     "bottom_color": BLUE_FLAG},
    "heading_red": {"bold": True, "font_size": 11, "font_color": RED_FLAG, "bottom": 2,
                    "bottom_color": RED_FLAG},
    "label": {"bg_color": LABEL_FILL, "text_wrap": True, **_BOX},
    "label_required": {"bg_color": LABEL_FILL, "bold": True, "text_wrap": True, **_BOX},
    "input": {"bg_color": INPUT_FILL, "locked": False, **_BOX},
    "input_fixed": {"bg_color": LABEL_FILL, "font_color": "#7F7F7F", **_BOX},  # generated, do not edit
    # The deal ID: looks generated, and stays unlocked for the Score button's first click (guarded in writer.py).
    "input_generated": {"bg_color": LABEL_FILL, "font_color": "#7F7F7F", "locked": False, **_BOX},
    "output": {"bg_color": OUTPUT_FILL, "bold": True, "text_wrap": True, "locked": False, **_BOX},
    "summary": {"bold": True, "text_wrap": True, **_BOX},  # a locked formula of the one-page summary
    "hint": {"italic": True, "font_color": "#7F7F7F", "text_wrap": True},
    # Table cells carry explicit formats too, because LibreOffice and WPS do not paint Excel table styles.
    "table": {"bg_color": INPUT_FILL, "locked": False, "text_wrap": True, **_BOX},
    "table_header": {"bold": True, "text_wrap": True, "font_color": "#FFFFFF", "bg_color": BLUE_FLAG,
                     "valign": "vcenter", **_BOX},
    "table_header_red": {"bold": True, "text_wrap": True, "font_color": "#FFFFFF", "bg_color": RED_FLAG,
                         "valign": "vcenter", **_BOX},
    "list_item": {"bg_color": LABEL_FILL, **_BOX},
    "text": {"text_wrap": True},
    "strong": {"bold": True, "text_wrap": True},
    "cell": {**_BOX},
}
