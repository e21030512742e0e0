"""Turn a `RawWorkbook` into a validated `Deal` and every problem found, by defined name and table header only.

Nothing here knows cell addresses: fields come from `generator.core.spec` names, table columns are found by header
in either language (ignoring case, spacing and a bracketed hint), so reps may reorder columns, add their own,
insert rows and restyle. Every problem is collected; a value with an error is left out of the model (None).
Nothing here knows the model's shape either: the Deal and each table's rows are built through
`generator.core.binding`, from the values read by spec name and column key.
"""

from __future__ import annotations

import functools
import math
import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from generator.core.binding import build_deal, build_row, deal_fields
from generator.core.i18n import Bilingual as B
from generator.core.i18n import Language
from generator.core.model import Criterion, Deal, Problem
from generator.core.raw import CellValue, RawTable, RawWorkbook, cell_ref, column_letter
from generator.core.spec import (
    ALL_FIELDS,
    ALL_TABLES,
    CRITERIA,
    SHEET_OF,
    SUPPORTED_TEMPLATE_VERSIONS,
    Field,
    Table,
)
from generator.core.text import fold
from generator.core.vocabulary import VOCABULARIES
from generator.reader import problems
from generator.reader.conversions import (
    MAX_AMOUNT,
    MAX_TEXT,
    NotConvertible,
    ReadNumber,
    UnclearSeparators,
    clean_text,
    display,
    is_blank,
    read_number,
    to_code,
    to_date,
)
from generator.reader.problems import Place

WEIGHT_TOLERANCE = 0.5  # percentage points the weights may miss 100 by
FRACTION_WEIGHTS_MAX = 1.0001  # weights summing to at most this are percent-formatted fractions (0.15 = 15%)
NUMBER_KINDS = ("amount", "percent", "integer", "rating")

At = tuple[str | None, str | None, B]  # sheet, cell, label: a Place without the file, built only for a problem


@dataclass(frozen=True)
class ReadRow:
    """One kept row of a table: each column's value as read and converted (None when blank or wrong), by column
    key, and the cell each non-blank value came from ("C7")."""

    values: dict[str, Any]
    cells: dict[str, str]


@dataclass(frozen=True)
class ParsedWorkbook:
    """The validated deal (None when it cannot be identified), its problems and the stored `score_*` values."""

    deal: Deal | None
    problems: tuple[Problem, ...]
    stored_scores: dict[str, CellValue] = field(default_factory=dict)
    language: Language = "zh"


def parse_workbook(raw: RawWorkbook, *, max_amount: float = MAX_AMOUNT) -> ParsedWorkbook:
    """Validate `raw` against the workbook spec and build the deal; an amount above `max_amount` is an error."""
    return _Parser(raw, max_amount).parse()


fold_header = fold  # a header as compared: the one folding of labels, headers and codes


@functools.lru_cache(maxsize=4096)
def _loose(text: str) -> str:
    """A folded header without a bracketed hint or a trailing % / *: "支持度 (-3…+3)" -> "支持度"."""
    return re.sub(r"\(.*?\)|\[.*?\]|[%*:：]+$", "", fold_header(text)).strip()


class _Parser:
    def __init__(self, raw: RawWorkbook, max_amount: float) -> None:
        self.raw = raw
        self.file = raw.source
        self.max_amount = max_amount
        self.found: list[Problem] = []
        # Amount field -> its text's currency marker, where it is, and the number-as-text warning it got.
        self.markers: dict[str, tuple[ReadNumber, At, Problem]] = {}
        self.sources: dict[str, str] = {}  # field or table name -> where it was found (Deal.sources)

    def parse(self) -> ParsedWorkbook:
        stored = {name: cell.value for name, cell in self.raw.names.items() if name.startswith("score_")}
        known_names = [name for name in ALL_FIELDS if self.raw.name(name) is not None]
        known_tables = [name for name in ALL_TABLES if self.raw.table(name) is not None]
        if not known_names and not known_tables:
            return ParsedWorkbook(None, (problems.not_a_winplan_workbook(self.file),), stored)
        language = self._language()
        self._template_version()
        deal_id = self._deal_id()
        values = {field.name: self._field(field) for field in deal_fields()}
        rows: dict[str, tuple[Any, ...]] = {  # in the workbook's sheet order, so problems are listed in it too
            table.name: self._criteria() if table is CRITERIA
            else tuple(build_row(table, row.values) for row in self._rows(table))
            for table in ALL_TABLES.values()
        }
        self._check_currency_markers(values)
        deal = None
        if deal_id is not None:  # "" when the cell is empty: a deal with no permanent id yet
            deal = build_deal(values, rows, deal_id=deal_id, template_version=self._version_text(),
                              language=language, sources=self.sources)
        return ParsedWorkbook(deal, tuple(self.found), stored, language)

    # --- identity -------------------------------------------------------------------------------------------
    def _version_text(self) -> str:
        cell = self.raw.name("template_version")
        return clean_text(cell.value)[0] if cell is not None else ""

    def _template_version(self) -> None:
        cell = self.raw.name("template_version")
        label = ALL_FIELDS["template_version"].label
        place = Place(self.file, cell.sheet if cell else _sheet_title("template_version"), cell.ref if cell else None,
                      label)
        found = self._version_text()
        if found not in SUPPORTED_TEMPLATE_VERSIONS:
            self.found.append(problems.template_version(place, found))

    def _deal_id(self) -> str | None:
        """The workbook's deal_id; "" when the cell is empty (the harvest then gives the deal a provisional id),
        None when the deal cannot be identified at all."""
        spec = ALL_FIELDS["deal_id"]
        cell = self.raw.name("deal_id")
        if cell is None:
            self.found.append(problems.missing_name(self.file, "deal_id", spec.label, _sheet_title("deal_id"), True))
            return None
        place = Place(self.file, cell.sheet, cell.ref, spec.label)
        if cell.formula_without_value:
            self.found.append(problems.formula_without_value(place, True))
            return None
        if is_blank(cell.value):
            self.found.append(problems.no_deal_id_yet(place))
            return ""
        text = clean_text(cell.value)[0]
        try:
            if not isinstance(cell.value, str):
                raise ValueError("a deal ID is text")
            return str(uuid.UUID(text))
        except ValueError:
            self.found.append(problems.invalid_deal_id(place, display(cell.value)))
            return None

    def _language(self) -> Language:
        """Guess the workbook's language from the labels its drop-down values and table headers use."""
        votes = {"zh": 0, "en": 0}
        for spec in ALL_FIELDS.values():
            cell = self.raw.name(spec.name)
            if cell is not None and spec.vocabulary and isinstance(cell.value, str):
                lang = _choice_languages(spec.vocabulary).get(fold_header(cell.value))
                if lang:
                    votes[lang] += 1
        for table in ALL_TABLES.values():
            raw = self.raw.table(table.name)
            if raw is not None:
                for header in raw.headers:
                    lang = _header_languages(table.name).get(fold_header(header))
                    if lang:
                        votes[lang] += 1
        return "en" if votes["en"] > votes["zh"] else "zh"

    # --- single cells ---------------------------------------------------------------------------------------
    def _field(self, spec: Field) -> Any:
        cell = self.raw.name(spec.name)
        if cell is None and spec.optional:
            return None  # a name added after template 1.0: an older workbook simply has not got it
        if cell is None:
            self.found.append(problems.missing_name(self.file, spec.name, spec.label, _sheet_title(spec.name),
                                                    spec.required))
            return None
        at = (cell.sheet, cell.ref, spec.label)
        self.sources[spec.name] = f"{cell.sheet}!{cell.ref}"
        if cell.error is not None:
            self.found.append(problems.error_value(self._place(at), display(cell.error), spec.required))
            return None
        if cell.formula_without_value:
            self.found.append(problems.formula_without_value(self._place(at), spec.required))
            return None
        if is_blank(cell.value):
            if spec.required:
                self.found.append(problems.missing_required(self._place(at)))
            return None
        value = self._convert(cell.value, spec.kind, spec.vocabulary, spec.minimum, spec.maximum, at, spec.name)
        if spec.kind == "percent" and value is not None:
            return self._percent(value, spec, at)
        return value

    def _percent(self, number: float, spec: Field, at: At) -> float | None:
        """A percentage cell as 0-100. The template formats it as %, so Excel stores 15% as 0.15 (and "15%" typed as
        text reads as 0.15): a number up to 1 is such a fraction; above 1 it was typed as a plain percentage."""
        percent = number * 100 if abs(number) <= 1 else number
        low = spec.minimum if spec.minimum is not None else 0.0
        high = spec.maximum if spec.maximum is not None else 100.0
        return self._percent_in_range(percent, low, high, self._place(at))

    def _percent_in_range(self, percent: float, low: float, high: float, place: Place) -> float | None:
        """`percent`, or None with an out-of-range error at `place` when it lies outside low..high."""
        if not low <= percent <= high:
            self.found.append(problems.out_of_range(place, "out-of-range", low, high, f"{percent:g}%", False))
            return None
        return percent

    def _place(self, at: At) -> Place:
        return Place(self.file, *at)

    def _convert(self, value: CellValue, kind: str, vocabulary: str | None, minimum: float | None,
                 maximum: float | None, at: At, key: str) -> Any:
        """One non-blank cell as the model holds it, or None with a problem recorded at `at`."""
        if kind == "date":
            try:
                return to_date(value, date1904=self.raw.date1904)
            except NotConvertible:
                self.found.append(problems.wrong_type(self._place(at), kind, display(value)))
                return None
        if kind in NUMBER_KINDS:
            return self._number(value, kind, minimum, maximum, at, key)
        if kind == "choice" and vocabulary:
            try:
                return to_code(vocabulary, value)
            except NotConvertible:
                self.found.append(problems.not_in_list(self._place(at), vocabulary, display(value)))
                return None
        text, cut = clean_text(value)
        if cut:
            self.found.append(problems.text_too_long(self._place(at), MAX_TEXT))
        return text

    def _number(self, value: CellValue, kind: str, minimum: float | None, maximum: float | None, at: At,
                key: str) -> float | int | None:
        try:
            read = read_number(value)
        except UnclearSeparators:
            self.found.append(problems.unclear_separators(self._place(at), display(value)))
            return None
        except NotConvertible:
            self.found.append(problems.wrong_type(self._place(at), kind, display(value)))
            return None
        number = read.value
        if kind == "amount" and not number <= self.max_amount:  # also +inf: no real deal is that large
            self.found.append(problems.amount_too_large(self._place(at), display(value), self.max_amount))
            return None
        if not math.isfinite(number):  # -inf, or an infinite percentage, count or rating
            self.found.append(problems.wrong_type(self._place(at), kind, display(value)))
            return None
        if read.from_text:
            self.found.append(problems.number_as_text(self._place(at), display(value), number))
        if read.marker and kind == "amount":
            self.markers[key] = (read, at, self.found[-1])
        low = minimum if minimum is not None else float("-inf")
        high = maximum if maximum is not None else float("inf")
        if kind == "percent":
            return number  # range-checked once the table tells fractions from percentages
        whole = kind == "integer" or (kind == "rating" and key.startswith("assess_"))
        if not low <= number <= high or (whole and not number.is_integer()):
            code = "support-out-of-range" if key == "support" else (
                "rating-out-of-range" if kind == "rating" else "out-of-range")
            self.found.append(problems.out_of_range(self._place(at), code, low, maximum, display(value), whole))
            return None
        return int(number) if whole else number

    def _check_currency_markers(self, values: dict[str, Any]) -> None:
        """Leave out an amount whose text names another currency than the workbook's ("EUR 1000" in USD)."""
        currency = values.get("currency")
        for key, (read, at, warning) in self.markers.items():
            if currency is not None and currency not in read.currencies and values.get(key) is not None:
                self.found.remove(warning)  # "read as 1,000" no longer holds: the amount is not used
                self.found.append(problems.currency_mismatch(self._place(at), read.marker, currency))
                values[key] = None

    # --- tables ---------------------------------------------------------------------------------------------
    def _rows(self, table: Table) -> list[ReadRow]:
        """The table's non-blank rows as {column key: model value}; rows missing a required value are dropped."""
        raw = self.raw.table(table.name)
        if raw is None:
            if not table.optional:
                self.found.append(problems.missing_table(self.file, table.name, table.title,
                                                         _sheet_title(table.name)))
            return []
        last_row = raw.first_row + max(len(raw.rows), 1) - 1
        self.sources[table.name] = (f"{raw.sheet}!{cell_ref(raw.first_row, raw.first_column)}:"
                                    f"{cell_ref(last_row, raw.first_column + max(len(raw.headers), 1) - 1)}")
        positions = self._columns(table, raw)
        if any(column.required and column.key not in positions for column in table.columns):
            return []
        rows: list[ReadRow] = []
        letters = {key: column_letter(raw.first_column + index) for key, index in positions.items()}
        # Per column, what the loop below needs, looked up once per table instead of once per cell.
        columns = [(column, column.key, column.required, letters.get(column.key, "")) for column in table.columns]
        indexes = tuple(positions.values())
        sheet = raw.sheet
        errors = raw.errors
        error_rows = _error_rows(errors, set(letters.values())) if errors else set()
        for offset, cells in enumerate(raw.rows):
            if all(index >= len(cells) or cells[index] is None for index in indexes) and (
                    raw.first_row + offset not in error_rows):
                continue  # a blank row (templates offer them for reps to fill in); the common case, tested first
            present = {key: cells[index] for key, index in positions.items() if index < len(cells)}
            if all(is_blank(value) for value in present.values()) and raw.first_row + offset not in error_rows:
                continue  # a row of spaces only
            places: dict[str, str] = {}
            row: dict[str, Any] = {}
            number = str(raw.first_row + offset)
            complete = True
            for column, key, required, letter in columns:
                value = present.get(key)
                if value is None or (type(value) is str and not value.strip()):  # is_blank, inlined
                    row[key] = None
                    error = errors.get(letter + number) if errors else None
                    if error is not None:
                        places[key] = letter + number
                        self.found.append(problems.error_value(self._place((sheet, places[key], column.label)),
                                                               display(error), required))
                        complete = complete and not required
                    elif required:
                        places[key] = letter + number
                        self.found.append(problems.missing_required(self._place((sheet, places[key], column.label))))
                        complete = False
                    continue
                places[key] = letter + number
                converted = self._convert(value, column.kind, column.vocabulary, column.minimum, column.maximum,
                                          (sheet, places[key], column.label), key)
                row[key] = converted
                if required and converted is None:
                    complete = False
            if complete:
                rows.append(ReadRow(row, places))
        return rows

    def _columns(self, table: Table, raw: RawTable) -> dict[str, int]:
        """Column key -> index in the raw table, matched by header in either language."""
        folded = [fold_header(header) for header in raw.headers]
        loose = [_loose(header) for header in raw.headers]
        positions: dict[str, int] = {}
        for column in table.columns:
            exact = {fold_header(column.label.zh), fold_header(column.label.en), fold_header(column.key)}
            relaxed = {_loose(column.label.zh), _loose(column.label.en)} - {""}
            taken = set(positions.values())
            index = next((i for i, text in enumerate(folded) if text in exact and i not in taken), None)
            if index is None:
                index = next((i for i, text in enumerate(loose) if text in relaxed and i not in taken), None)
            if index is None and column.optional:
                continue  # a column added after template 1.0: an older table simply has not got it
            if index is None:
                self.found.append(problems.missing_column(
                    self.file, table.name, column.label, raw.sheet,
                    cell_ref(max(raw.first_row - 1, 1), raw.first_column), column.required))
            elif index is not None:
                positions[column.key] = index
        return positions

    def _criteria(self) -> tuple[Criterion, ...]:
        """The criteria, their weights as percentages: weights summing to about 1 are percent-formatted fractions."""
        rows = self._rows(CRITERIA)
        raw = self.raw.table(CRITERIA.name)
        weights = [row.values["weight"] for row in rows if row.values["weight"] is not None]
        scale = 100.0 if weights and 0 < sum(weights) <= FRACTION_WEIGHTS_MAX else 1.0
        sheet = raw.sheet if raw else _sheet_title(CRITERIA.name) or ""
        column = CRITERIA.column("weight")
        valid: list[float] = []
        criteria: list[Criterion] = []
        for row in rows:
            weight = row.values["weight"]
            if weight is not None:
                place = Place(self.file, sheet, row.cells.get("weight"), column.label)
                weight = self._percent_in_range(weight * scale, 0, 100, place)
                if weight is not None:
                    valid.append(weight)
            criteria.append(build_row(CRITERIA, {**row.values, "weight": weight}))
        if valid and abs(sum(valid) - 100) > WEIGHT_TOLERANCE:
            self.found.append(problems.weights_not_100(self.file, sheet, None, sum(valid)))
        return tuple(criteria)


@functools.cache
def _choice_languages(vocabulary: str) -> dict[str, Language]:
    """Folded label -> the language it belongs to, for labels that differ between the languages."""
    return _languages_of(choice.label for choice in VOCABULARIES[vocabulary].choices)


@functools.cache
def _header_languages(table: str) -> dict[str, Language]:
    """Folded header -> the language it belongs to, for one table's columns."""
    return _languages_of(column.label for column in ALL_TABLES[table].columns)


def _languages_of(labels: Iterable[B]) -> dict[str, Language]:
    found: dict[str, Language] = {}
    for label in labels:
        zh, en = fold_header(label.zh), fold_header(label.en)
        if zh != en:
            found[zh], found[en] = "zh", "en"
    return found


def _error_rows(errors: Mapping[str, str], letters: set[str]) -> set[int]:
    """The sheet rows in which a column read from the table shows an Excel error."""
    found: set[int] = set()
    for ref in errors:
        column = ref.rstrip("0123456789")
        if column in letters:
            found.add(int(ref[len(column):]))
    return found


def _sheet_title(name: str) -> str | None:
    """The template's sheet title for a name (in Chinese, the default), for problems about a missing name."""
    sheet = SHEET_OF.get(name)
    return sheet.title.zh if sheet else None

