"""Write a deal into a copy of the workbook template with openpyxl: single cells by defined name, table rows by header.

`fill_workbook` turns a whole `Deal` into the workbook's own language (drop-down labels, weights as fractions in
percent cells); `fill_cells` writes raw values as given, so tests can also write deliberately wrong ones.
A table that receives more rows than it has grows into the empty rows below it and, when something is in the
way (the SWOT grid stacks tables), inserts sheet rows and moves every table, validation and defined name below.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Mapping, Sequence
from copy import copy
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import PatternFill
from openpyxl.utils.cell import absolute_coordinate, quote_sheetname, range_boundaries
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.cell_range import CellRange, MultiCellRange
from openpyxl.worksheet.table import Table as ExcelTable
from openpyxl.worksheet.worksheet import Worksheet

from generator.core import spec
from generator.core.i18n import Language
from generator.core.model import Deal
from generator.core.vocabulary import VOCABULARIES
from generator.scoring.outputs import ScoreCell

RowValues = Mapping[str, object]


def fill_workbook(template: Path, deal: Deal, out: Path, *, lang: Language) -> None:
    """Write every part of `deal` into a copy of `template` (a template of `lang`) saved as `out`."""
    values, tables = deal_cells(deal, lang)
    fill_cells(template, values, tables, out)


def fill_cells(template: Path, values: Mapping[str, object],
               tables: Mapping[str, Sequence[RowValues]], out: Path, *, keep_template_rows: bool = False) -> None:
    """Write raw `values` by defined name and replace the rows of each table in `tables`; save as `out`.

    Table rows are dicts keyed by column key (spec.Column.key) or by header text of either language.
    Tables not mentioned keep the template's rows. Unknown names, tables or columns raise KeyError.
    With `keep_template_rows` the rows are typed over the template's rows from the top instead, as a rep
    would: cells a row does not name, and the rows below the last one given, keep what the template has
    (its default criteria and procurement steps).
    """
    workbook = openpyxl.load_workbook(template, keep_vba=template.suffix.lower() == ".xlsm")
    for name, value in values.items():
        sheet, coordinate = _name_cell(workbook, name)
        workbook[sheet][coordinate].value = _cell_value(value)
    for table_name, rows in tables.items():
        _fill_table(workbook, table_name, rows, keep_template_rows=keep_template_rows)
    out.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(out)
    if workbook.vba_archive is not None:
        _restore_button_drawings(template, out)


def _restore_button_drawings(template: Path, out: Path) -> None:
    """Put back the Score-button drawings openpyxl drops from a macro workbook.

    openpyxl 3.1 copies a macro workbook's `vmlDrawingN.vml` parts only for a one-digit N, so from the tenth
    sheet on the sheet keeps its reference to the drawing but loses the drawing, and with it the button.
    """
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(out) as saved:
        kept = set(saved.namelist())
        referenced = {
            target.lstrip("/") for name in kept if name.startswith("xl/worksheets/_rels/")
            for target in re.findall(r'Target="([^"]+\.vml)"', saved.read(name).decode("utf-8"))
        }
        missing = {name: source.read(name) for name in sorted(referenced - kept) if name in source.namelist()}
    if missing:
        with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as saved_again:
            for name, data in missing.items():
                saved_again.writestr(name, data)


def fill_scores(path: Path, cells: Mapping[str, ScoreCell]) -> None:
    """Write the engine's score cells (value and fill colour) into the `score_*` names of `path`, in place.

    What the Score button writes through Excel, written with openpyxl, so a workbook can ship already scored.
    """
    workbook = openpyxl.load_workbook(path, keep_vba=path.suffix.lower() == ".xlsm")
    for name, cell in cells.items():
        sheet, coordinate = _name_cell(workbook, name)
        target = workbook[sheet][coordinate]
        target.value = _cell_value(cell.value)
        if cell.fill:
            colour = cell.fill.lstrip("#").upper()
            target.fill = PatternFill(fill_type="solid", start_color=colour, end_color=colour)
    workbook.save(path)


# --- Deal -> cell values in the workbook's language --------------------------------------------------------
def deal_cells(deal: Deal, lang: Language) -> tuple[dict[str, object], dict[str, list[dict[str, object]]]]:
    """The defined-name values and table rows that represent `deal` in a workbook of `lang`."""

    def label(vocabulary: str, code: str | None) -> str | None:
        return None if code is None else VOCABULARIES[vocabulary].label(code, lang)

    tender = None if deal.is_tender is None else ("yes" if deal.is_tender else "no")
    values: dict[str, object] = {
        "deal_id": deal.deal_id, "account_id": deal.account_id, "customer_name": deal.customer_name,
        "project_name": deal.project_name, "industry": deal.industry, "region": deal.region,
        "segment": label("segment", deal.segment), "sales_rep": deal.sales_rep,
        "project_manager": deal.project_manager, "created_date": deal.created_date,
        "close_date": deal.close_date, "amount": deal.amount, "currency": label("currency", deal.currency),
        "customer_budget": deal.customer_budget, "is_tender": label("yes_no", tender),
        "scope_hardware": deal.scope.hardware, "scope_system_software": deal.scope.system_software,
        "scope_application_software": deal.scope.application_software,
        "scope_services": deal.scope.services, "scope_other": deal.scope.other,
        "needs_business": deal.needs.business, "needs_application": deal.needs.application,
        "needs_technical": deal.needs.technical, "needs_relationship": deal.needs.relationship,
        "next_step": deal.next_step, "last_updated": deal.last_updated,
        "status": label("status", deal.status), "stage": label("stage", deal.stage),
        "strategy": label("strategy", deal.strategy.strategy), "strategy_so": deal.strategy.so,
        "strategy_wo": deal.strategy.wo, "strategy_st": deal.strategy.st, "strategy_wt": deal.strategy.wt,
    }
    for slot, name in enumerate(spec.COMPETITOR_FIELDS):
        values[name] = deal.competitors[slot]
    for field in spec.ASSESSMENT_FIELDS:
        values[field.name] = deal.assessment.get(field.name)
    values.update(_methodology_values(deal, lang))

    tables: dict[str, list[dict[str, object]]] = {
        "Stakeholders": [
            {"name": s.name, "department": s.department, "title": s.title, "role": label("role", s.role),
             "influence": label("influence", s.influence), "support": s.support, "owner": s.owner,
             "last_contact": s.last_contact, "business_needs": s.business_needs,
             "personal_needs": s.personal_needs, "notes": s.notes, "reports_to": s.reports_to}
            for s in deal.stakeholders
        ],
        "Criteria": [
            {"criterion": c.criterion, "weight": None if c.weight is None else c.weight / 100,
             "ours": c.ours, "competitor_1": c.competitors[0], "competitor_2": c.competitors[1],
             "competitor_3": c.competitors[2], "evidence": c.evidence}
            for c in deal.criteria
        ],
        "Actions": [
            {"action": a.action, "objective": a.objective, "stakeholder": a.stakeholder, "owner": a.owner,
             "due_date": a.due_date, "status": label("action_status", a.status), "done_date": a.done_date,
             "resources": a.resources, "outcome": a.outcome}
            for a in deal.actions
        ],
        "Procurement": [
            {"step": p.step, "responsible": p.responsible, "planned_date": p.planned_date,
             "actual_date": p.actual_date, "notes": p.notes}
            for p in deal.procurement
        ],
        **_methodology_tables(deal, lang),
    }
    for kind, table in spec.SWOT_TABLES.items():
        tables[table.name] = [
            {"item": item.item, "impact": item.impact, "versus": item.versus}
            for item in deal.swot if item.kind == kind
        ]
    return values, tables


def _methodology_values(deal: Deal, lang: Language) -> dict[str, object]:
    """The single cells added after template 1.0: initial solution, assessment comments, SWOT conclusions,
    product line and segment upgrade."""
    notes = deal.assessment_notes
    values: dict[str, object] = {
        "initial_solution": deal.initial_solution, "initial_quote": deal.initial_quote,
        "assessment_comment_worth": notes.worth, "assessment_comment_compete": notes.compete,
        "assessment_comment_win": notes.win, "assessment_conclusion": notes.conclusion,
    }
    values.update({"product_line": deal.product_line, "upgrade_strategy": deal.upgrade_strategy,
                   "target_segment": None if deal.target_segment is None
                   else VOCABULARIES["segment"].label(deal.target_segment, lang)})
    for field, conclusion in zip(spec.SWOT_CONCLUSION_FIELDS, deal.swot_conclusions, strict=True):
        values[field.name] = conclusion
    return values


def _methodology_tables(deal: Deal, lang: Language) -> dict[str, list[dict[str, object]]]:
    """The tables added after template 1.0: relationship plan, trust, uniqueness, software strength, decision."""
    area, standing = VOCABULARIES["uniqueness_area"], VOCABULARIES["factor_standing"]
    return {
        "RelationshipPlan": [
            {"name": r.name, "target_support": r.target_support, "strategy": r.strategy, "owner": r.owner,
             "next_step": r.next_step, "due_date": r.due_date}
            for r in deal.relationship_plan
        ],
        "TrustFactors": [
            {"factor": t.factor, "importance": t.importance, "rating": t.rating, "evidence": t.evidence}
            for t in deal.trust_factors
        ],
        "Uniqueness": [
            {"area": None if u.area is None else area.label(u.area, lang), "uniqueness": u.uniqueness,
             "customer_need": u.customer_need, "benefit": u.benefit, "influence_target": u.influence_target,
             "planned_action": u.planned_action}
            for u in deal.uniqueness
        ],
        "SoftwareStrength": [
            {"area": w.area, "detail": w.detail, "ours": w.ours, "competitor_1": w.competitor_1,
             "competitor_2": w.competitor_2, "conclusion": w.conclusion}
            for w in deal.software_strength
        ],
        "DecisionFactors": [
            {"factor": f.factor, "standing": None if f.standing is None else standing.label(f.standing, lang),
             "notes": f.notes}
            for f in deal.decision_factors
        ],
    }


def _cell_value(value: object) -> Any:
    """Blank for empty text; whole floats as ints, so 4.0 shows as 4."""
    if value == "" or value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# --- defined names -----------------------------------------------------------------------------------------
def _name_cell(workbook: Workbook, name: str) -> tuple[str, str]:
    """The (sheet, coordinate) a workbook-level defined name points at; it must be a single cell."""
    wanted = name.lower()
    for key, defined in workbook.defined_names.items():
        if key.lower() == wanted:
            destinations = list(defined.destinations)
            if len(destinations) != 1 or ":" in destinations[0][1]:
                raise ValueError(f"defined name {name!r} does not point at one cell")
            sheet, coordinate = destinations[0]
            return sheet, coordinate.replace("$", "")
    raise KeyError(f"no defined name {name!r} in the workbook")


# --- tables ------------------------------------------------------------------------------------------------
def _find_table(workbook: Workbook, name: str) -> tuple[Worksheet, ExcelTable]:
    wanted = name.lower()
    for ws in workbook.worksheets:
        for table in ws.tables.values():
            if table.name.lower() == wanted:
                return ws, table
    raise KeyError(f"no table {name!r} in the workbook")


def _bounds(ref: str) -> tuple[int, int, int, int]:
    """(min_col, min_row, max_col, max_row) of a bounded range such as A5:C11."""
    min_col, min_row, max_col, max_row = range_boundaries(ref)
    if min_col is None or min_row is None or max_col is None or max_row is None:
        raise ValueError(f"{ref!r} is not a bounded range")
    return min_col, min_row, max_col, max_row


def _fold(text: object) -> str:
    return "".join(str(text).split()).casefold()


def _column_keys(ws: Worksheet, table: ExcelTable, table_name: str) -> dict[str, int]:
    """Map each column key and header text (folded) to its worksheet column, found by header."""
    min_col, min_row, max_col, _ = _bounds(table.ref)
    spec_table = next((t for t in spec.ALL_TABLES.values() if t.name.lower() == table_name.lower()), None)
    found: dict[str, int] = {}
    for col in range(min_col, max_col + 1):
        header = ws.cell(min_row, col).value
        if header is None:
            continue
        found[_fold(header)] = col
        if spec_table is not None:
            for column in spec_table.columns:
                if _fold(header) in (_fold(column.label.zh), _fold(column.label.en), _fold(column.key)):
                    found[_fold(column.key)] = col
    return found


def _fill_table(workbook: Workbook, table_name: str, rows: Sequence[RowValues], *,
                keep_template_rows: bool) -> None:
    ws, table = _find_table(workbook, table_name)
    columns = _column_keys(ws, table, table_name)
    spec_table = next((t for t in spec.ALL_TABLES.values() if t.name.lower() == table_name.lower()), None)
    optional = {_fold(c.key) for c in spec_table.columns if c.optional} if spec_table is not None else set()
    # An optional column that an older template lacks is left out when there is nothing to write into it.
    rows = [{key: value for key, value in row.items()
             if _fold(key) in columns or _fold(key) not in optional or value not in (None, "")} for row in rows]
    for row in rows:
        unknown = [key for key in row if _fold(key) not in columns]
        if unknown:
            raise KeyError(f"table {table_name!r} has no column {unknown[0]!r}")
    min_col, min_row, max_col, max_row = _bounds(table.ref)
    have = max_row - min_row
    if len(rows) > have:
        _grow_table(workbook, ws, table, len(rows) - have)
        min_col, min_row, max_col, max_row = _bounds(table.ref)
    if not keep_template_rows:
        for sheet_row in range(min_row + 1, max_row + 1):  # the table's old rows, defaults included, go
            for col in range(min_col, max_col + 1):
                ws.cell(sheet_row, col).value = None
    for offset, row in enumerate(rows):
        for key, value in row.items():
            ws.cell(min_row + 1 + offset, columns[_fold(key)]).value = _cell_value(value)


def _grow_table(workbook: Workbook, ws: Worksheet, table: ExcelTable, extra: int) -> None:
    """Extend `table` by `extra` rows, carrying the last row's styles and data validations down."""
    min_col, min_row, max_col, max_row = _bounds(table.ref)
    free = _free_rows_below(workbook, ws, table, extra)
    if free < extra:
        _insert_rows(workbook, ws, max_row + 1 + free, extra - free)
    new_max = max_row + extra
    for sheet_row in range(max_row + 1, new_max + 1):
        for col in range(min_col, max_col + 1):
            _copy_style(ws.cell(max_row, col), ws.cell(sheet_row, col))
        height = ws.row_dimensions[max_row].height
        if height is not None:
            ws.row_dimensions[sheet_row].height = height
    for validation in ws.data_validations.dataValidation:
        ranges = []
        for cell_range in validation.sqref.ranges:
            inside = min_col <= cell_range.min_col and cell_range.max_col <= max_col
            if inside and cell_range.max_row == max_row and cell_range.min_row > min_row:
                cell_range = CellRange(min_col=cell_range.min_col, min_row=cell_range.min_row,
                                       max_col=cell_range.max_col, max_row=new_max)
            ranges.append(cell_range)
        validation.sqref = MultiCellRange(ranges)
    _set_table_ref(table, min_col, min_row, max_col, new_max)


def _copy_style(source: Cell | MergedCell, target: Cell | MergedCell) -> None:
    # The style array is what openpyxl's own copy_worksheet copies; the stubs do not declare it.
    target._style = copy(source._style)  # type: ignore[union-attr]


def _set_table_ref(table: ExcelTable, min_col: int, min_row: int, max_col: int, max_row: int) -> None:
    ref = CellRange(min_col=min_col, min_row=min_row, max_col=max_col, max_row=max_row).coord
    table.ref = ref
    if table.autoFilter is not None:
        table.autoFilter.ref = ref


def _occupied(workbook: Workbook, ws: Worksheet) -> set[tuple[int, int]]:
    """Cells that belong to a table or a defined name on `ws` even when empty."""
    taken: set[tuple[int, int]] = set()
    for table in ws.tables.values():
        c1, r1, c2, r2 = _bounds(table.ref)
        taken.update((r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1))
    for defined in workbook.defined_names.values():
        for sheet, ref in defined.destinations:
            if sheet == ws.title:
                c1, r1, c2, r2 = _bounds(ref.replace("$", ""))
                taken.update((r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1))
    return taken


def _free_rows_below(workbook: Workbook, ws: Worksheet, table: ExcelTable, wanted: int) -> int:
    """How many rows right below `table` are empty across its columns (counting up to `wanted`)."""
    min_col, _, max_col, max_row = _bounds(table.ref)
    taken = _occupied(workbook, ws)
    free = 0
    while free < wanted:
        sheet_row = max_row + 1 + free
        if any((sheet_row, col) in taken or ws.cell(sheet_row, col).value is not None
               for col in range(min_col, max_col + 1)):
            break
        free += 1
    return free


def _shift(first: int, last: int, at: int, amount: int) -> tuple[int, int]:
    """Rows of a range after inserting `amount` rows before row `at` (a range spanning `at` grows)."""
    if first >= at:
        return first + amount, last + amount
    if last >= at:
        return first, last + amount
    return first, last


def _insert_rows(workbook: Workbook, ws: Worksheet, at: int, amount: int) -> None:
    """Insert sheet rows before row `at`, moving cells, row heights, tables, validations and names along."""
    heights = {row: dim.height for row, dim in ws.row_dimensions.items() if row >= at and dim.height}
    ws.insert_rows(at, amount)
    for row in sorted(heights, reverse=True):
        ws.row_dimensions[row].height = None
    for row, height in heights.items():
        ws.row_dimensions[row + amount].height = height
    for table in ws.tables.values():
        c1, r1, c2, r2 = _bounds(table.ref)
        r1, r2 = _shift(r1, r2, at, amount)
        _set_table_ref(table, c1, r1, c2, r2)
    for validation in ws.data_validations.dataValidation:
        moved = []
        for cell_range in validation.sqref.ranges:
            r1, r2 = _shift(cell_range.min_row, cell_range.max_row, at, amount)
            moved.append(CellRange(min_col=cell_range.min_col, min_row=r1, max_col=cell_range.max_col,
                                   max_row=r2))
        validation.sqref = MultiCellRange(moved)
    for defined in workbook.defined_names.values():
        parts = []
        changed = False
        for sheet, ref in defined.destinations:
            c1, r1, c2, r2 = _bounds(ref.replace("$", ""))
            if sheet == ws.title:
                new_r1, new_r2 = _shift(r1, r2, at, amount)
                changed = changed or (new_r1, new_r2) != (r1, r2)
                r1, r2 = new_r1, new_r2
            cell_range = CellRange(min_col=c1, min_row=r1, max_col=c2, max_row=r2).coord
            parts.append(f"{quote_sheetname(sheet)}!{absolute_coordinate(cell_range)}")
        if changed:
            defined.attr_text = ",".join(parts)
