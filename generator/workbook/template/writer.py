"""Write the blank workbook template of one language with XlsxWriter, everything taken from generator.core.spec."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from generator.core import spec
from generator.core.i18n import Bilingual as B
from generator.core.i18n import Language
from generator.core.vocabulary import STAGES, VOCABULARIES
from generator.workbook.template import layout as L
from generator.workbook.template import xlwings_conf
from generator.workbook.template.instructions import instruction_lines, sheet_intro
from generator.workbook.template.styles import RED_TABLE_STYLE, TABLE_STYLE, Styles

OUTPUT_GUARD_TITLE = B("评分结果", "Score result")
OUTPUT_GUARD_MESSAGE = B("此单元格由「评分 Score」按钮写入, 请勿手工输入。",
                         "The Score button writes this cell; please do not type here.")
DEAL_ID_GUARD_TITLE = B("项目编号", "Deal ID")
DEAL_ID_GUARD_MESSAGE = B("首次点击「评分 Score」时自动写入项目编号 (或由 winplan new 写入), 请勿手工输入。",
                          "The Score button writes the deal ID on its first click (or winplan new does); "
                          "please do not type here.")

# Fixed document dates make the output byte-for-byte reproducible (XlsxWriter already fixes zip timestamps).
FIXED_CREATED = datetime(2026, 1, 1, 0, 0, 0)
SCORE_CAPTION = "评分 Score"
DEFAULT_SCORE_MACRO = "Score"
EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2100, 12, 31)
PROTECTION: dict[str, bool] = {  # what a rep may still do on a protected sheet
    "format_cells": True, "format_columns": True, "format_rows": True, "insert_rows": True,
    "delete_rows": True, "sort": True, "autofilter": True, "select_locked_cells": True,
    "select_unlocked_cells": True,
}


def cell_address(sheet_title: str, row: int, col: int, last_row: int | None = None,
                 last_col: int | None = None) -> str:
    """An absolute reference like ='项目总汇'!$B$5 (or a range), quoting the sheet name."""
    quoted = "'" + sheet_title.replace("'", "''") + "'"
    first = xl_rowcol_to_cell(row, col, row_abs=True, col_abs=True)
    if last_row is None or last_col is None:
        return f"={quoted}!{first}"
    return f"={quoted}!{first}:{xl_rowcol_to_cell(last_row, last_col, row_abs=True, col_abs=True)}"


def write_template(path: Path, lang: Language, *, vba_project: Path | None = None,
                   score_macro: str | None = None, xlwings_settings: Mapping[str, str] | None = None) -> None:
    """Write the blank template of `lang` to `path`; with `vba_project`, an .xlsm with a Score button per sheet.

    The .xlsm also gets xlwings' settings sheet (xlwings_conf.py): inactive, or active with `xlwings_settings`
    (INTERPRETER_WIN, INTERPRETER_MAC, PYTHONPATH).
    """
    if vba_project is not None and path.suffix.lower() != ".xlsm":
        raise ValueError(f"{path}: a workbook with a VBA project must end in .xlsm")
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                    "strings_to_urls": False})
    try:
        _TemplateWriter(workbook, lang, vba_project, score_macro or DEFAULT_SCORE_MACRO, xlwings_settings).write()
    finally:
        workbook.close()


INSTRUCTION_TEXT_WIDTH = 120  # characters across the merged text cells of the instructions sheet


def _tidy(number: float) -> float | int:
    """A whole float as an int, so a validation reads 1 to 5 rather than 1.0 to 5.0."""
    return int(number) if float(number).is_integer() else number


def _wrapped_lines(text: str, width: int) -> int:
    """How many lines `text` wraps to in a cell `width` characters wide (a CJK character counts as two)."""
    columns = sum(2 if ord(char) > 0x2E80 else 1 for char in text)
    return max(1, -(-columns // width))


class _TemplateWriter:
    def __init__(self, workbook: Workbook, lang: Language, vba_project: Path | None, score_macro: str,
                 xlwings_settings: Mapping[str, str] | None = None) -> None:
        self.workbook = workbook
        self.xlwings_settings = xlwings_settings
        self.lang = lang
        self.styles = Styles(workbook, lang)
        self.vba_project = vba_project
        self.score_macro = score_macro
        self.lists = L.list_places()
        self.lists_title = spec.LISTS_SHEET.title(lang)

    def write(self) -> None:
        self.workbook.set_properties({
            "title": B("销售项目计划", "Deal plan")(self.lang),
            "subject": B("大客户销售项目计划与评分", "Large-account deal plan and scoring")(self.lang),
            "author": "winplan", "company": "", "comments": f"winplan template {spec.TEMPLATE_VERSION}",
            "created": FIXED_CREATED,
        })
        if self.vba_project is not None:
            self.workbook.add_vba_project(str(self.vba_project))
            self.workbook.set_vba_name("ThisWorkbook")
        for number, sheet_layout in enumerate(L.sheet_layouts(), start=1):
            worksheet = self.workbook.add_worksheet(sheet_layout.sheet.title(self.lang))
            if self.vba_project is not None:
                worksheet.set_vba_name(f"Sheet{number}")
            self._sheet(worksheet, sheet_layout)
        if self.vba_project is not None:  # RunPython reads it; a workbook without macros has no use for it
            settings = self.workbook.add_worksheet(xlwings_conf.sheet_title(self.xlwings_settings))
            settings.set_vba_name(f"Sheet{len(spec.SHEETS) + 1}")
            xlwings_conf.write_xlwings_conf(settings, self.styles, self.lang, self.xlwings_settings)

    # --- one sheet -----------------------------------------------------------------------------------------
    def _sheet(self, ws: Worksheet, plan: L.SheetLayout) -> None:
        title = plan.sheet.title(self.lang)
        for col, width in plan.widths:
            ws.set_column(col, col, width)
        ws.set_row(L.TITLE_ROW, 30)
        ws.write_string(L.TITLE_ROW, 0, title if plan.sheet.key != "instructions" else "",
                        self.styles.get("title"))
        if plan.sheet.key == "instructions":
            self._instructions(ws)
        else:
            ws.write_string(L.INTRO_ROW, 0, sheet_intro(plan.sheet, self.lang), self.styles.get("intro"))
        for heading in plan.headings:
            ws.write_string(heading.row, heading.col, heading.text(self.lang), self.styles.get(heading.tone))
            for col in range(heading.col + 1, heading.col + heading.span):
                ws.write_blank(heading.row, col, None, self.styles.get(heading.tone))
        for field_place in plan.fields:
            self._field(ws, title, field_place, tall=plan.tall_text_rows)
        for table_place in plan.tables:
            self._table(ws, title, table_place)
            if plan.table_row_height is not None:
                for row in range(table_place.first_data_row, table_place.last_data_row + 1):
                    ws.set_row(row, plan.table_row_height)
        for output_place in plan.outputs:
            self._output(ws, title, output_place)
        for formula_place in plan.formulas:
            self._formula(ws, formula_place)
        if plan.sheet.key == "lists":
            self._lists(ws)
        self._page_setup(ws, plan)
        if plan.freeze_row is not None:
            ws.freeze_panes(plan.freeze_row, 0)
        if plan.protected:
            ws.protect("", PROTECTION)
        if self.vba_project is not None:
            row, col = plan.button
            ws.insert_button(row, col, {"macro": self.score_macro, "caption": SCORE_CAPTION,
                                        "width": 110, "height": 32, "x_offset": 4, "y_offset": 4})

    def _page_setup(self, ws: Worksheet, plan: L.SheetLayout) -> None:
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)  # fit to width, as many pages down as needed
        ws.set_margins(left=L.PRINT_MARGIN, right=L.PRINT_MARGIN, top=0.75, bottom=0.75)
        if plan.repeat_rows is not None:
            ws.repeat_rows(*plan.repeat_rows)
        ws.set_header("&L&A&Rwinplan")
        page = B("第 &P 页, 共 &N 页", "Page &P of &N")(self.lang)
        ws.set_footer(f"&L&F&R{page}")
        if not plan.tables or plan.sheet.key == "swot":
            ws.hide_gridlines(2)

    def _instructions(self, ws: Worksheet) -> None:
        for row, line in enumerate(instruction_lines(self.lang)):
            if line.kind == "title":
                ws.write_string(row, 1, line.left, self.styles.get("title"))
            elif line.kind == "heading":
                ws.write_string(row, 1, line.left, self.styles.get("heading"))
                ws.write_blank(row, 2, None, self.styles.get("heading"))
            elif line.kind == "text":
                ws.merge_range(row, 1, row, 2, line.left, self.styles.get("text"))
                ws.set_row(row, 15 * _wrapped_lines(line.left, INSTRUCTION_TEXT_WIDTH))
            elif line.kind == "pair":
                ws.write_string(row, 1, line.left, self.styles.get("strong"))
                ws.write_string(row, 2, line.right, self.styles.get("text"))
            elif line.kind == "legend":
                ws.write_string(row, 1, line.left, self.styles.get(line.style))
                ws.write_string(row, 2, line.right, self.styles.get("text"))

    def _field(self, ws: Worksheet, title: str, place: L.FieldPlace, *, tall: bool) -> None:
        field = place.field
        label_style = "label_required" if field.required else "label"
        ws.write_string(place.row, place.label_col, field.label(self.lang), self.styles.get(label_style))
        if field.name == "template_version":
            ws.write_string(place.row, place.value_col, spec.TEMPLATE_VERSION, self.styles.get("input_fixed"))
        elif field.kind == "uuid":
            # Unlocked so the Score button may write a fresh id into it on the protected sheet (Excel refuses
            # macro writes to locked cells there); like the outputs, a validation that accepts nothing keeps a
            # rep from typing one.
            ws.write_blank(place.row, place.value_col, None, self.styles.get("input_generated"))
            self._guard(ws, place.row, place.value_col, DEAL_ID_GUARD_TITLE, DEAL_ID_GUARD_MESSAGE)
        else:
            value_style = self.styles.get("input", field.kind)
            if place.value_span > 1:
                ws.merge_range(place.row, place.value_col, place.row, place.value_col + place.value_span - 1,
                               None, value_style)
            else:
                ws.write_blank(place.row, place.value_col, None, value_style)
            options = self._validation(field.kind, field.vocabulary, field.minimum, field.maximum, field.help,
                                       field.label(self.lang), whole_ratings=True)
            if options:
                ws.data_validation(place.row, place.value_col, place.row, place.value_col, options)
        if field.kind == "longtext" and tall:
            ws.set_row(place.row, 45)
        elif tall:
            ws.set_row(place.row, 18)
        if place.hint_col is not None and field.help is not None:
            ws.write_string(place.row, place.hint_col, field.help(self.lang), self.styles.get("hint"))
        self.workbook.define_name(field.name, cell_address(title, place.row, place.value_col))

    def _table(self, ws: Worksheet, title: str, place: L.TablePlace) -> None:
        table = place.table
        if place.title_row is not None:
            tone = "heading_red" if table.name in L.SWOT_RED else (
                "heading_blue" if table.name in ("Strengths", "Opportunities") else "heading")
            ws.write_string(place.title_row, place.first_col, table.title(self.lang), self.styles.get(tone))
            for col in range(place.first_col + 1, place.last_col + 1):
                ws.write_blank(place.title_row, col, None, self.styles.get(tone))
        columns: list[dict[str, Any]] = []
        header_style = self.styles.get("table_header_red" if table.name in L.SWOT_RED else "table_header")
        for column in table.columns:
            signed = column.minimum is not None and column.minimum < 0
            columns.append({
                "header": column.label(self.lang),
                "header_format": header_style,
                "format": self.styles.get("table", column.kind, signed=signed),
            })
        data: list[list[Any]] = [
            [default(self.lang) if isinstance(default, B) else default for default in row]
            + [None] * (len(table.columns) - len(row))
            for row in table.default_rows
        ]
        data += [[None] * len(table.columns) for _ in range(place.data_rows - len(data))]
        ws.add_table(place.header_row, place.first_col, place.last_data_row, place.last_col, {
            "name": table.name, "columns": columns, "data": data,
            "style": RED_TABLE_STYLE if table.name in L.SWOT_RED else TABLE_STYLE,
        })
        ws.set_row(place.header_row, 30)
        for offset, column in enumerate(table.columns):
            col = place.first_col + offset
            options = self._validation(column.kind, column.vocabulary, column.minimum, column.maximum,
                                       column.help, column.label(self.lang), whole_ratings=False)
            if options:
                ws.data_validation(place.first_data_row, col, place.last_data_row, col, options)

    def _output(self, ws: Worksheet, title: str, place: L.OutputPlace) -> None:
        output = place.output
        ws.write_string(place.row, place.label_col, output.label(self.lang), self.styles.get("label"))
        kind = {"list": "longtext", "text": None}.get(output.kind, output.kind)
        ws.write_blank(place.row, place.value_col, None, self.styles.get("output", kind))
        ws.set_row(place.row, 120 if output.kind == "list" else 18)
        # Outputs stay unlocked so the Score button (Excel, xlwings Lite) may write them on the protected sheet;
        # a validation that accepts nothing is what keeps a rep from typing over them (it applies to typing only).
        self._guard(ws, place.row, place.value_col, OUTPUT_GUARD_TITLE, OUTPUT_GUARD_MESSAGE)
        self.workbook.define_name(output.name, cell_address(title, place.row, place.value_col))

    def _formula(self, ws: Worksheet, place: L.FormulaPlace) -> None:
        """A locked label and formula pair; the formula shows the named cell, or nothing while it is empty."""
        ws.write_string(place.row, place.label_col, place.label(self.lang), self.styles.get("label"))
        kind = {"list": "longtext", "text": None, "choice": None, "uuid": None}.get(place.kind, place.kind)
        style = self.styles.get("summary", kind)
        formula = f'=IF(ISBLANK({place.name}),"",{place.name})'
        if place.value_span > 1:
            ws.merge_range(place.row, place.value_col, place.row, place.value_col + place.value_span - 1, "", style)
        ws.write_formula(place.row, place.value_col, formula, style, "")
        ws.set_row(place.row, place.height)

    def _guard(self, ws: Worksheet, row: int, col: int, title: B, message: B) -> None:
        """A validation that accepts nothing typed: guards an unlocked cell that only the Score button writes."""
        ws.data_validation(row, col, row, col, {
            "validate": "custom", "value": "=FALSE()",
            "input_title": title(self.lang)[:32], "input_message": message(self.lang)[:255],
            "error_title": title(self.lang)[:32], "error_message": message(self.lang)[:255],
        })

    def _lists(self, ws: Worksheet) -> None:
        header = L.STAGE_TABLE_HEADER_ROW
        percent = self.styles.get("list_item", "percent")
        ws.add_table(header, 0, header + len(STAGES), len(L.STAGE_TABLE_COLUMNS) - 1, {
            "name": L.STAGE_TABLE_NAME, "style": TABLE_STYLE,
            "columns": [{"header": label(self.lang), "header_format": self.styles.get("table_header"),
                         "format": self.styles.get("list_item")} for label in L.STAGE_TABLE_COLUMNS[:2]]
            + [{"header": L.STAGE_TABLE_COLUMNS[2](self.lang), "format": percent,
                "header_format": self.styles.get("table_header")}],
            "data": [[stage.number, stage.label(self.lang), stage.probability] for stage in STAGES],
        })
        self.workbook.define_name(
            L.STAGE_TABLE_DEFINED_NAME,
            cell_address(self.lists_title, header + 1, 0, header + len(STAGES), len(L.STAGE_TABLE_COLUMNS) - 1),
        )
        for name, place in self.lists.items():
            if name == "stage":
                continue
            vocabulary = VOCABULARIES[name]
            ws.write_string(place.header_row, place.col, vocabulary.title(self.lang), self.styles.get("heading"))
            for offset, label in enumerate(vocabulary.labels(self.lang)):
                ws.write_string(place.first_row + offset, place.col, label, self.styles.get("list_item"))

    # --- data validation -----------------------------------------------------------------------------------
    def _list_source(self, vocabulary: str) -> str:
        place = self.lists[vocabulary]
        return cell_address(self.lists_title, place.first_row, place.col, place.last_row, place.col)

    def _validation(self, kind: str, vocabulary: str | None, minimum: float | None, maximum: float | None,
                    help_text: B | None, label: str, *, whole_ratings: bool) -> dict[str, Any] | None:
        t = self._t
        rule: dict[str, Any]
        if kind == "choice" and vocabulary:
            rule = {"validate": "list", "source": self._list_source(vocabulary),
                    "error_message": t("请从下拉列表中选择。", "Choose a value from the drop-down list.")}
            default_help = t("从下拉列表中选择", "Choose from the drop-down list")
        elif kind == "date":
            rule = {"validate": "date", "criteria": "between", "minimum": EARLIEST_DATE, "maximum": LATEST_DATE,
                    "error_message": t("请输入日期, 例如 2026-11-23。", "Enter a date, e.g. 2026-11-23.")}
            default_help = t("日期, 格式 yyyy-mm-dd", "A date, as yyyy-mm-dd")
        elif kind in ("amount", "integer", "rating", "percent"):
            whole = kind == "integer" or (kind == "rating" and whole_ratings)
            scale = 0.01 if kind == "percent" else 1.0  # percent cells hold fractions: 15% is 0.15
            rule = {"validate": "integer" if whole else "decimal"}
            low = None if minimum is None else _tidy(minimum * scale)
            high = None if maximum is None else _tidy(maximum * scale)
            if low is not None and high is not None:
                rule.update(criteria="between", minimum=low, maximum=high)
                shown = (f"{minimum:g}%", f"{maximum:g}%") if kind == "percent" else (f"{low:g}", f"{high:g}")
                rule["error_message"] = t(f"请输入 {shown[0]} 到 {shown[1]} 之间的数。",
                                          f"Enter a number from {shown[0]} to {shown[1]}.")
            elif low is not None:
                rule.update(criteria=">=", value=low)
                rule["error_message"] = t(f"请输入不小于 {low:g} 的数。", f"Enter a number of at least {low:g}.")
            else:
                rule.update(criteria="between", minimum=-1e15, maximum=1e15)
                rule["error_message"] = t("请输入数字。", "Enter a number.")
            if whole:
                rule["error_message"] = rule["error_message"].replace(
                    "的数", "的整数").replace("a number", "a whole number")
            default_help = t("数字", "A number")
        elif kind in ("text", "longtext") and help_text is not None:
            rule = {"validate": "any"}
            default_help = ""
        else:
            return None
        rule["input_title"] = label[:32]
        rule["input_message"] = (help_text(self.lang) if help_text else default_help)[:255]
        if "error_message" in rule:
            rule["error_title"] = label[:32]
            rule["error_type"] = "stop"
        return rule

    def _t(self, zh: str, en: str) -> str:
        return B(zh, en)(self.lang)
