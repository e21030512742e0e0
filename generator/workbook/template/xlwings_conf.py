"""The xlwings settings sheet of the .xlsm templates: which Python the Score button's RunPython starts.

xlwings' VBA module reads a sheet named `xlwings.conf` before any settings file: column A holds keys
(case-insensitive), column B values, from A1 down to the first empty cell in column A. A key found there wins
even when its value is empty, and an empty INTERPRETER_WIN/_MAC then falls back to plain `python`, hiding the
rep's own settings file. So the templates ship the sheet inactive, as xlwings' quickstart does (`_xlwings.conf`,
hidden, keys with empty values and instructions beside them), and each rep's file applies: it is written once
per computer by `xlwings.cli config create` (see the Score button guide). Given settings, the sheet is written
active with only the keys that have a value.
"""

from __future__ import annotations

from collections.abc import Mapping

from xlsxwriter.worksheet import Worksheet

from generator.core.i18n import Bilingual as B
from generator.core.i18n import Language
from generator.workbook.template import layout as L
from generator.workbook.template.styles import Styles

ACTIVE_TITLE = "xlwings.conf"
INACTIVE_TITLE = "_xlwings.conf"  # xlwings reads only a sheet named exactly xlwings.conf
KEYS = ("INTERPRETER_WIN", "INTERPRETER_MAC", "PYTHONPATH")
WIDTHS = ((0, 24.0), (1, 60.0), (2, 3.0), (3, 70.0))
NOTES_COL = 3

NOTES: tuple[B, ...] = (
    B("评分按钮的 xlwings 设置 (xlwings 文档: Add-in & Settings → Workbook Config)。",
      "xlwings settings for the Score button (xlwings docs: Add-in & Settings → Workbook Config)."),
    B("工作表名以 “_” 开头时不生效, 每位销售自己电脑上的设置文件生效: Windows 为 "
      "%USERPROFILE%\\.xlwings\\xlwings.conf, Mac 为 ~/Library/Containers/com.microsoft.Excel/Data/xlwings.conf "
      "(由 python -m xlwings.cli config create --force 写入, 见评分按钮使用指南)。",
      "While its name starts with \"_\" this sheet is inactive and each rep's own settings file applies: "
      "%USERPROFILE%\\.xlwings\\xlwings.conf on Windows, ~/Library/Containers/com.microsoft.Excel/Data/xlwings.conf "
      "on Mac (written by python -m xlwings.cli config create --force, see the Score button guide)."),
    B("要让使用本模板的所有人用同一个 Python: 在 B 列填写路径, 删除留空的行 (此处的空值会覆盖销售自己的设置文件), "
      "把工作表改名为 xlwings.conf, 然后保存模板。",
      "To make everyone who uses this template start the same Python: type the path in column B, delete the rows "
      "you leave empty (an empty value here overrides the rep's own file), rename the sheet to xlwings.conf and "
      "save the template."),
)


def sheet_title(settings: Mapping[str, str] | None) -> str:
    """The sheet's name: active only when there are settings to apply."""
    return ACTIVE_TITLE if settings_rows(settings) else INACTIVE_TITLE


def settings_rows(settings: Mapping[str, str] | None) -> list[tuple[str, str]]:
    """The (key, value) rows an active sheet holds: the known keys that have a value, in KEYS order."""
    given = {key.upper(): value.strip() for key, value in (settings or {}).items()}
    unknown = sorted(set(given) - set(KEYS))
    if unknown:
        raise ValueError(f"unknown xlwings setting(s) {unknown}; known: {list(KEYS)}")
    return [(key, given[key]) for key in KEYS if given.get(key)]


def write_xlwings_conf(ws: Worksheet, styles: Styles, lang: Language, settings: Mapping[str, str] | None) -> None:
    """Fill `ws` (named by `sheet_title`) with the settings, or with empty keys and instructions."""
    for col, width in L.fit_to_page(WIDTHS):
        ws.set_column(col, col, width)
    rows = settings_rows(settings) or [(key, "") for key in KEYS]
    for row, (key, value) in enumerate(rows):
        ws.write_string(row, 0, key, styles.get("label"))
        ws.write_string(row, 1, value, styles.get("input"))
    if not settings_rows(settings):
        for row, note in enumerate(NOTES):
            ws.write_string(row, NOTES_COL, note(lang), styles.get("hint"))
            ws.set_row(row, 60)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=L.PRINT_MARGIN, right=L.PRINT_MARGIN, top=0.75, bottom=0.75)
    ws.hide()
