"""Decide where every field, table, output and list of the spec lands on its sheet.

Rows and columns are 0-based, as XlsxWriter counts. The layout is a pure function of `generator.core.spec` and the
vocabularies, so the writer, the filler's tests and anyone locating a cell agree on one plan.

Protection: a sheet whose tables must grow (stakeholders, criteria, SWOT, actions) stays unprotected, because
Excel cannot extend a table on a protected sheet even when inserting rows is allowed. Sheets of fixed shape
(instructions, summary, assessment, scores, lists) are protected without a password: labels are locked, input
cells are not, and neither are the Score outputs, which the Score button writes on the protected Scores sheet.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.core import spec
from generator.core.i18n import LANGUAGES
from generator.core.i18n import Bilingual as B
from generator.core.vocabulary import STAGES, VOCABULARIES

TITLE_ROW = 0
INTRO_ROW = 1
FIRST_CONTENT_ROW = 3
LABEL_WIDTH = 34
VALUE_WIDTH = 46
HINT_WIDTH = 50
TABLE_ROW_HEIGHT = 30.0  # points: two lines of wrapped text

# Printing: every sheet prints on A4 landscape fitted to one page wide, and its 10 pt text (styles.py) must reach
# paper at 9 pt or more (tests/test_templates.py), so a sheet's columns may be at most PRINTABLE_WIDTH / 0.9 wide.
A4_LANDSCAPE_WIDTH = 297 / 25.4 * 72  # points
PRINT_MARGIN = 0.5  # inches, left and right
PRINTABLE_WIDTH = A4_LANDSCAPE_WIDTH - 2 * PRINT_MARGIN * 72
FIT_SCALE = 0.92  # what fit_to_page aims at: a little above 0.9, as printers round the scale down
MIN_COLUMN_WIDTH = 8.0  # characters; a narrower column is a spacer and keeps its width

# The summary's fields, grouped into sections a rep reads top to bottom. Fields missing here (added to the
# spec later) land in a final "More" section, so every spec field always gets a cell.
SUMMARY_SECTIONS: tuple[tuple[B, tuple[str, ...]], ...] = (
    (B("工作簿", "Workbook"), ("template_version", "deal_id")),
    (B("客户与项目", "Account and project"), (
        "customer_name", "project_name", "account_id", "industry", "product_line", "region", "segment",
        "sales_rep", "project_manager",
    )),
    (B("客户升级", "Segment upgrade"), ("target_segment", "upgrade_strategy")),
    (B("时间与金额", "Dates and amount"), (
        "created_date", "close_date", "amount", "currency", "customer_budget", "is_tender",
    )),
    (B("初步解决方案", "Initial solution"), ("initial_solution", "initial_quote")),
    (B("金额构成 (合计应等于预计金额)", "Scope split (should add up to the amount)"), spec.SCOPE_FIELDS),
    (B("竞争对手", "Competitors"), spec.COMPETITOR_FIELDS),
    (B("客户需求", "Customer needs"), spec.NEEDS_FIELDS),
    (B("进展", "Progress"), ("status", "stage", "next_step", "last_updated")),
)
MORE_SECTION = B("其他", "More")


@dataclass(frozen=True)
class FieldPlace:
    """A single-cell input: its label cell and, beside it, the value cell its defined name points at."""

    field: spec.Field
    row: int
    label_col: int
    value_col: int
    hint_col: int | None = None  # where the help text is shown, if anywhere
    value_span: int = 1  # columns the value cell is merged across


@dataclass(frozen=True)
class TablePlace:
    """An Excel table: an optional title row above the header row, then `data_rows` rows."""

    table: spec.Table
    header_row: int
    first_col: int
    title_row: int | None = None

    @property
    def data_rows(self) -> int:
        return max(1, self.table.blank_rows + len(self.table.default_rows))

    @property
    def first_data_row(self) -> int:
        return self.header_row + 1

    @property
    def last_data_row(self) -> int:
        return self.header_row + self.data_rows

    @property
    def last_col(self) -> int:
        return self.first_col + len(self.table.columns) - 1


@dataclass(frozen=True)
class OutputPlace:
    """A Score output: label cell and the value cell its `score_*` name points at."""

    output: spec.Output
    row: int
    label_col: int
    value_col: int


@dataclass(frozen=True)
class FormulaPlace:
    """A read-only cell of the one-page summary: a label and a formula showing the defined name `name`."""

    name: str  # a field's or a Score output's defined name
    label: B
    kind: str  # the field's or output's kind, for the number format
    row: int
    label_col: int
    value_col: int
    value_span: int = 1
    height: float = 18.0


@dataclass(frozen=True)
class Heading:
    """A section heading inside a sheet."""

    text: B
    row: int
    col: int
    tone: str = "heading"  # a styles.py format name: heading, heading_blue, heading_red
    span: int = 1  # columns the heading's underline covers


@dataclass(frozen=True)
class ListPlace:
    """A drop-down source column on the Lists sheet (header row, then one label per row)."""

    vocabulary: str
    header_row: int
    col: int
    length: int

    @property
    def first_row(self) -> int:
        return self.header_row + 1

    @property
    def last_row(self) -> int:
        return self.header_row + self.length


@dataclass(frozen=True)
class SheetLayout:
    """Where everything of one sheet goes."""

    sheet: spec.Sheet
    fields: tuple[FieldPlace, ...] = ()
    tables: tuple[TablePlace, ...] = ()
    outputs: tuple[OutputPlace, ...] = ()
    formulas: tuple[FormulaPlace, ...] = ()
    headings: tuple[Heading, ...] = ()
    widths: tuple[tuple[int, float], ...] = ()  # (column, width) pairs
    freeze_row: int | None = None  # rows above this stay visible when scrolling
    repeat_rows: tuple[int, int] | None = None  # printed on every page
    button: tuple[int, int] = (0, 3)  # (row, col) of the Score button
    protected: bool = False
    last_col: int = 3
    tall_text_rows: bool = True  # give long-text inputs a tall row (off where rows are shared with tables)
    table_row_height: float | None = None  # height of every table data row (two lines of wrapped text)


# --- Lists sheet: the stage table first, then one column per vocabulary -----------------------------------
STAGE_TABLE_NAME = "StageProbabilities"
STAGE_TABLE_DEFINED_NAME = "stage_probabilities"
STAGE_TABLE_HEADER_ROW = 2
STAGE_TABLE_COLUMNS: tuple[B, ...] = (B("编号", "No."), B("阶段", "Stage"), B("赢单概率", "Win probability"))
STAGE_LABEL_COL = 1  # the stage drop-down offers column B of the stage table
LIST_HEADER_ROW = 2
FIRST_LIST_COL = 4


def list_places() -> dict[str, ListPlace]:
    """Each vocabulary's drop-down source; the stage list is the label column of the stage table."""
    places = {"stage": ListPlace("stage", STAGE_TABLE_HEADER_ROW, STAGE_LABEL_COL, len(STAGES))}
    col = FIRST_LIST_COL
    for name, vocabulary in VOCABULARIES.items():
        if name == "stage":
            continue
        places[name] = ListPlace(name, LIST_HEADER_ROW, col, len(vocabulary.choices))
        col += 1
    return places


def _lists_layout() -> SheetLayout:
    places = list_places()
    last = max(place.col for place in places.values())
    widths = [(0, 8.0), (1, 22.0), (2, 16.0), (3, 3.0)]
    widths += [(place.col, _list_width(name)) for name, place in places.items() if name != "stage"]
    return SheetLayout(spec.LISTS_SHEET, widths=fit_to_page(tuple(widths)), protected=True, last_col=last,
                       button=(0, 4), freeze_row=STAGE_TABLE_HEADER_ROW + 1)


def _list_width(name: str) -> float:
    """As wide as the vocabulary's title and longest label in either language (a CJK character counts two)."""
    vocabulary = VOCABULARIES[name]
    texts = [vocabulary.title(lang) for lang in LANGUAGES] + [label for lang in LANGUAGES
                                                             for label in vocabulary.labels(lang)]
    return float(min(20, max(10, *(_display_width(text) + 2 for text in texts))))


def _display_width(text: str) -> int:
    return sum(2 if ord(char) > 0x2E80 else 1 for char in text)


# --- Field sheets ------------------------------------------------------------------------------------------
def _summary_layout() -> SheetLayout:
    sheet = spec.SUMMARY
    by_name = {field.name: field for field in sheet.fields}
    grouped = {name for _, names in SUMMARY_SECTIONS for name in names}
    sections = [(title, tuple(n for n in names if n in by_name)) for title, names in SUMMARY_SECTIONS]
    rest = tuple(field.name for field in sheet.fields if field.name not in grouped)
    if rest:
        sections.append((MORE_SECTION, rest))
    row = FIRST_CONTENT_ROW
    headings: list[Heading] = []
    places: list[FieldPlace] = []
    for title, names in sections:
        headings.append(Heading(title, row, 0, span=3))
        row += 1
        for name in names:
            places.append(FieldPlace(by_name[name], row, 0, 1, 2))
            row += 1
        row += 1
    tables: list[TablePlace] = []
    for table in sheet.tables:
        tables.append(TablePlace(table, row + 1, 0, title_row=row))
        row += 2 + tables[-1].data_rows + 1
    widths = fit_to_page(_widths({0: LABEL_WIDTH, 1: VALUE_WIDTH, 2: HINT_WIDTH}, tables))
    return SheetLayout(sheet, fields=tuple(places), tables=tuple(tables), headings=tuple(headings),
                       widths=widths, freeze_row=INTRO_ROW + 1, protected=True, last_col=_last(widths),
                       button=(0, 2))


def _assessment_layout() -> SheetLayout:
    row = FIRST_CONTENT_ROW
    headings: list[Heading] = []
    places: list[FieldPlace] = []
    for group in spec.ASSESSMENT_GROUPS:
        headings.append(Heading(group.title, row, 0, span=3))
        row += 1
        for field in group.fields:
            places.append(FieldPlace(field, row, 0, 1, 2))
            row += 1
        # The group's comment (评语) takes the wide hint column, its short label the narrow rating column.
        places.append(FieldPlace(group.comment, row, 1, 2))
        row += 2
    headings.append(Heading(B("结论", "Conclusion"), row, 0, span=3))
    places.append(FieldPlace(spec.ASSESSMENT_CONCLUSION, row + 1, 1, 2))
    widths = ((0, 44.0), (1, 12.0), (2, 60.0))
    return SheetLayout(spec.ASSESSMENT_SHEET, fields=tuple(places), headings=tuple(headings), widths=widths,
                       freeze_row=INTRO_ROW + 1, protected=True, last_col=2, button=(0, 2))


def _scores_layout() -> SheetLayout:
    places = tuple(
        OutputPlace(output, FIRST_CONTENT_ROW + index, 0, 1) for index, output in enumerate(spec.OUTPUTS)
    )
    return SheetLayout(spec.SCORES_SHEET, outputs=places, widths=((0, 34.0), (1, 70.0)),
                       freeze_row=INTRO_ROW + 1, protected=True, last_col=1, button=(0, 1))


# --- Table sheets ------------------------------------------------------------------------------------------
def _single_table_layout(sheet: spec.Sheet) -> SheetLayout:
    (table,) = sheet.tables
    place = TablePlace(table, FIRST_CONTENT_ROW - 1, 0)
    widths = fit_to_page(_widths({}, [place]))
    return SheetLayout(sheet, tables=(place,), widths=widths, freeze_row=place.first_data_row,
                       repeat_rows=(place.header_row, place.header_row), last_col=place.last_col,
                       button=(0, min(3, place.last_col)), table_row_height=TABLE_ROW_HEIGHT)


SWOT_GRID: tuple[tuple[str, int, int], ...] = (  # table, grid row, grid column
    ("Strengths", 0, 0), ("Weaknesses", 0, 1), ("Opportunities", 1, 0), ("Threats", 1, 1),
)
SWOT_RED = frozenset({"Weaknesses", "Threats"})


def _swot_layout() -> SheetLayout:
    """The strategy panel on top, then a 2×2 SWOT grid below it (blue flags left, red flags right).

    The panel spans the grid's width rather than standing beside it, so the sheet is two tables wide and prints
    on A4 landscape at a readable size. It sits above the grid because its value cells are merged across
    columns, and rows inserted when a table grows (by a rep in Excel, or by the filler) must not cut a merge.
    """
    sheet = spec.SWOT_SHEET
    by_name = {table.name: table for table in sheet.tables}
    span = max(len(table.columns) for table in sheet.tables) + 1  # one spacer column between grid columns
    height = max(2 + table.blank_rows + len(table.default_rows) + 1 for table in sheet.tables)
    last_col = 2 * span - 2
    headings = [Heading(B("竞争策略", "Strategy"), FIRST_CONTENT_ROW, 0, span=last_col + 1)]
    fields = tuple(
        FieldPlace(field, FIRST_CONTENT_ROW + 1 + index, 0, 1, value_span=last_col)
        for index, field in enumerate(sheet.fields)
    )
    grid_top = FIRST_CONTENT_ROW + 1 + len(fields) + 1
    tables: list[TablePlace] = []
    for name, grid_row, grid_col in SWOT_GRID:
        table = by_name.pop(name)
        title_row = grid_top + grid_row * height
        tables.append(TablePlace(table, title_row + 1, grid_col * span, title_row=title_row))
    for extra in by_name.values():  # tables added to the spec later go below the grid
        title_row = grid_top + 2 * height + (len(tables) - 4) * height
        tables.append(TablePlace(extra, title_row + 1, 0, title_row=title_row))
    widths = dict(_widths({}, tables))
    for spacer in range(span - 1, last_col, span):
        widths[spacer] = 3.0
    ordered = fit_to_page(tuple(sorted(widths.items())))
    return SheetLayout(sheet, fields=fields, tables=tuple(tables), headings=tuple(headings), widths=ordered,
                       freeze_row=INTRO_ROW + 1, last_col=last_col, button=(0, span),
                       table_row_height=TABLE_ROW_HEIGHT)


# --- The one-page summary: key facts left, scores right, then flags and the next step across the page -------
DEAL_FACTS: tuple[str, ...] = (
    "customer_name", "project_name", "sales_rep", "segment", "amount", "currency", "close_date", "stage", "status",
)
DEAL_SCORES: tuple[str, ...] = (
    "score_verdict", "score_health", "score_probability", "score_weighted_amount", "score_worth", "score_compete",
    "score_win", "score_quadrant", "score_as_of",
)
# Row heights in points; the top flags are at most TOP_FLAGS lines and a count (generator.scoring.outputs).
DEAL_WIDE: tuple[tuple[str, float], ...] = (("score_top_flags", 66.0), ("next_step", 45.0), ("score_message", 30.0))


def _named(name: str) -> tuple[B, str]:
    """The label and kind of a field or Score output, as the spec gives them."""
    if name in spec.ALL_FIELDS:
        field = spec.ALL_FIELDS[name]
        return field.label, field.kind
    output = spec.ALL_OUTPUTS[name]
    return output.label, output.kind


def _deal_sheet_layout() -> SheetLayout:
    top = FIRST_CONTENT_ROW
    headings = [Heading(B("关键信息", "Key facts"), top, 0, span=2),
                Heading(B("评分与结论", "Scores and verdict"), top, 3, span=2)]
    places: list[FormulaPlace] = []
    for col, names in ((0, DEAL_FACTS), (3, DEAL_SCORES)):
        for index, name in enumerate(names):
            label, kind = _named(name)
            places.append(FormulaPlace(name, label, kind, top + 1 + index, col, col + 1))
    row = top + 1 + max(len(DEAL_FACTS), len(DEAL_SCORES)) + 1
    for name, height in DEAL_WIDE:
        label, kind = _named(name)
        places.append(FormulaPlace(name, label, kind, row, 0, 1, value_span=4, height=height))
        row += 1
    widths = fit_to_page(((0, 24.0), (1, 34.0), (2, 3.0), (3, 24.0), (4, 34.0)))
    return SheetLayout(spec.DEAL_SHEET, formulas=tuple(places), headings=tuple(headings), widths=widths,
                       protected=True, last_col=4, button=(0, 3))


def _instructions_layout() -> SheetLayout:
    return SheetLayout(spec.INSTRUCTIONS, widths=((0, 2.0), (1, 28.0), (2, 100.0)), protected=True,
                       last_col=2, button=(0, 2))


def _widths(base: dict[int, float], tables: list[TablePlace]) -> tuple[tuple[int, float], ...]:
    widths = dict(base)
    for place in tables:
        for offset, column in enumerate(place.table.columns):
            col = place.first_col + offset
            widths[col] = max(widths.get(col, 0.0), float(column.width))
    return tuple(sorted(widths.items()))


def column_points(width: float) -> float:
    """The printed width in points of a column set `width` characters wide.

    A width in characters of the workbook's default font (Calibri 11: 7 pixels a digit at 96 dpi) becomes whole
    pixels plus 5 pixels of padding (as XlsxWriter writes it and Excel shows it); a pixel prints as 0.75 point.
    """
    return (int(width * 7 + 0.5) + 5) * 0.75 if width >= 1 else int(width * 12 + 0.5) * 0.75


def fit_to_page(widths: tuple[tuple[int, float], ...]) -> tuple[tuple[int, float], ...]:
    """Narrow the columns in proportion (spacers excepted) until the sheet prints at FIT_SCALE or more."""
    budget = PRINTABLE_WIDTH / FIT_SCALE
    if sum(column_points(width) for _, width in widths) <= budget:
        return widths
    fixed = sum(column_points(width) for _, width in widths if width < MIN_COLUMN_WIDTH)
    factor = 1.0
    while factor > 0.5:
        factor -= 0.01
        fitted = tuple((col, width if width < MIN_COLUMN_WIDTH else max(MIN_COLUMN_WIDTH, round(width * factor, 1)))
                       for col, width in widths)
        if sum(column_points(width) for _, width in fitted) <= budget:
            return fitted
    raise ValueError(f"columns of {fixed:.0f} pt fixed width cannot fit one A4 landscape page")


def _last(widths: tuple[tuple[int, float], ...]) -> int:
    return max(col for col, _ in widths)


def sheet_layouts() -> tuple[SheetLayout, ...]:
    """The layout of every sheet, in spec.SHEETS order."""
    builders = {
        "deal_sheet": _deal_sheet_layout,
        "instructions": _instructions_layout,
        "summary": _summary_layout,
        "swot": _swot_layout,
        "assessment": _assessment_layout,
        "scores": _scores_layout,
        "lists": _lists_layout,
    }
    layouts: list[SheetLayout] = []
    for sheet in spec.SHEETS:
        builder = builders.get(sheet.key)
        if builder is not None:
            layouts.append(builder())
        elif len(sheet.tables) == 1 and not sheet.fields:
            layouts.append(_single_table_layout(sheet))
        else:
            raise ValueError(f"no layout for sheet {sheet.key!r}")
    return tuple(layouts)
