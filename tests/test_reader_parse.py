"""Validation of a raw workbook into a Deal: every problem kind, both languages, columns found by header.

Most tests start from the raw reading of a filled real template and change one cell or one table in memory,
which keeps them fast; test_reader_backends.py covers the path from file to RawWorkbook.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reader_workbooks import DEAL_ID, GOOD_FIELDS, bare_workbook, filled_workbook

from generator.core import spec
from generator.core.i18n import Language
from generator.core.model import Problem
from generator.core.raw import CellValue, RawCell, RawTable, RawWorkbook
from generator.core.vocabulary import STAGES
from generator.reader import read_workbook
from generator.reader.calamine_backend import read_raw_calamine
from generator.reader.conversions import MAX_TEXT
from generator.reader.parse import ParsedWorkbook, parse_workbook
from generator.scoring.scope import scope_total

_RAW: dict[Language, RawWorkbook] = {}


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> dict[Language, RawWorkbook]:
    folder = tmp_path_factory.mktemp("parse")
    for lang in ("zh", "en"):
        _RAW[lang] = read_raw_calamine(filled_workbook(folder / f"good_{lang}.xlsx", lang))
    return _RAW


def changed(raw: RawWorkbook, **values: CellValue) -> RawWorkbook:
    """`raw` with the named cells set to new values."""
    names = dict(raw.names)
    for name, value in values.items():
        names[name] = dataclasses.replace(names[name], value=value)
    return dataclasses.replace(raw, names=names)


def rows(raw: RawWorkbook, table: str, records: list[dict[str, CellValue]], lang: Language = "zh",
         headers: tuple[str, ...] | None = None) -> RawWorkbook:
    """`raw` with a table's rows replaced by `records` (column key -> value), under `headers` if given."""
    old = raw.tables[table.lower()]
    columns = spec.ALL_TABLES[table].columns
    keys = [column.key for column in columns]
    written = headers or tuple(column.label(lang) for column in columns)
    if headers is not None:
        keys = [_key(table, header) for header in headers]
    data = tuple(tuple(record.get(key) if key else None for key in keys) for record in records)
    new = RawTable(old.name, old.sheet, old.first_row, old.first_column, written, data)
    return dataclasses.replace(raw, tables={**raw.tables, table.lower(): new})


def _key(table: str, header: str) -> str | None:
    folded = "".join(header.split()).casefold()
    for column in spec.ALL_TABLES[table].columns:
        if folded.startswith("".join(column.label.en.split()).casefold()[:5]):
            return column.key
    return None


def parse(raw: RawWorkbook) -> ParsedWorkbook:
    parsed = parse_workbook(raw)
    for problem in parsed.problems:  # every problem is complete and bilingual
        assert problem.message.zh and problem.message.en and problem.fix.zh and problem.fix.en
        assert problem.file == raw.source
    return parsed


def only(parsed: ParsedWorkbook, code: str) -> Problem:
    found = [problem for problem in parsed.problems if problem.code == code]
    assert len(found) == 1, parsed.problems
    return found[0]


def codes(parsed: ParsedWorkbook) -> list[str]:
    return [problem.code for problem in parsed.problems]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_good_workbook_has_no_problems(good: dict[Language, RawWorkbook], lang: Language) -> None:
    parsed = parse(good[lang])
    assert parsed.problems == ()
    deal = parsed.deal
    assert deal is not None and deal.language == lang and parsed.language == lang
    assert (deal.deal_id, deal.status, deal.stage, deal.segment, deal.currency) == (
        DEAL_ID, "open", "shortlisted", "A", "CNY")
    assert deal.is_tender is True and deal.strategy.strategy == "flank"
    assert deal.amount == 1_200_000 and deal.close_date == date(2026, 12, 15)
    assert scope_total(deal.scope) == 1_200_000
    assert [(s.role, s.influence, s.support) for s in deal.stakeholders] == [
        ("economic_buyer", "high", 1), ("coach", "medium", 3)]
    assert [(c.weight, c.ours, c.competitors) for c in deal.criteria[:2]] == [
        (60.0, 4.0, (3.0, None, None)), (40.0, 3.0, (4.0, 5.0, None))]  # fractions -> percent
    assert [(item.kind, item.impact) for item in deal.swot] == [("strength", 3), ("threat", 2)]
    assert deal.actions[0].status == "in_progress" and deal.actions[0].due_date == date(2026, 11, 10)
    assert deal.assessment["assess_coach"] == 5 and deal.assessment["assess_margin"] is None
    assert len(deal.assessment) == 14
    assert len(deal.procurement) == 13  # the template's prefilled steps
    assert set(parsed.stored_scores) >= {"score_health", "score_verdict"}


def test_english_and_chinese_workbooks_give_the_same_codes(good: dict[Language, RawWorkbook]) -> None:
    zh, en = parse(good["zh"]).deal, parse(good["en"]).deal
    assert zh is not None and en is not None
    same = ("status", "stage", "segment", "currency", "is_tender", "amount", "close_date", "assessment")
    assert {f: getattr(zh, f) for f in same} == {f: getattr(en, f) for f in same}


def test_text_in_a_date_cell(good: dict[Language, RawWorkbook]) -> None:
    parsed = parse(changed(good["zh"], close_date="下个月"))
    problem = only(parsed, "wrong-type")
    assert problem.severity == "error" and "下个月" in problem.message.zh and "下个月" in problem.message.en
    assert (problem.sheet, problem.cell) == (good["zh"].names["close_date"].sheet, good["zh"].names["close_date"].ref)
    assert parsed.deal is not None and parsed.deal.close_date is None


@pytest.mark.parametrize("value, expected", [
    (46082, date(2026, 3, 1)), (46082.75, date(2026, 3, 1)), ("2026-03-01", date(2026, 3, 1)),
    ("2026/3/1", date(2026, 3, 1)), ("2026年3月1日", date(2026, 3, 1)), ("2026.03.01", date(2026, 3, 1)),
    (datetime(2026, 3, 1, 9, 30), date(2026, 3, 1)),
])
def test_dates_in_every_usual_form(good: dict[Language, RawWorkbook], value: CellValue, expected: date) -> None:
    parsed = parse(changed(good["zh"], created_date=value))
    assert parsed.problems == () and parsed.deal is not None and parsed.deal.created_date == expected


@pytest.mark.parametrize("value", ["2026-02-30", "3/1", "soon", True])
def test_impossible_dates(good: dict[Language, RawWorkbook], value: CellValue) -> None:
    parsed = parse(changed(good["zh"], created_date=value))
    assert codes(parsed) == ["wrong-type"] and parsed.deal is not None and parsed.deal.created_date is None


@pytest.mark.parametrize("text, amount, currency", [
    ("1,200,000", 1_200_000, "CNY"), ("¥1,200,000", 1_200_000, "CNY"), ("￥ 1,200,000 元", 1_200_000, "CNY"),
    ("120万", 1_200_000, "CNY"), ("USD 1200000.50", 1_200_000.5, "USD"), ("2400000,50", 2_400_000.5, "CNY"),
    ("2.400.000,50", 2_400_000.5, "EUR"), ("€ 2.400.000", 2_400_000, "EUR"), ("2,400,000.50", 2_400_000.5, "USD"),
])
def test_amount_as_text_is_read_with_a_warning(good: dict[Language, RawWorkbook], text: str, amount: float,
                                               currency: str) -> None:
    parsed = parse(changed(good["zh"], amount=text, currency=currency, scope_application_software=None,
                           scope_services=None))
    problem = only(parsed, "number-as-text")
    assert problem.severity == "warning" and text.strip() in problem.message.en
    assert parsed.deal is not None and parsed.deal.amount == pytest.approx(amount)


def test_amount_that_is_not_a_number(good: dict[Language, RawWorkbook]) -> None:
    parsed = parse(changed(good["en"], amount="about a million"))
    assert "about a million" in only(parsed, "wrong-type").message.en
    assert parsed.deal is not None and parsed.deal.amount is None


def test_negative_amount_is_out_of_range(good: dict[Language, RawWorkbook]) -> None:
    parsed = parse(changed(good["en"], amount=-5, scope_application_software=None, scope_services=None))
    assert only(parsed, "out-of-range").severity == "error"


def test_value_not_in_the_list_shows_the_allowed_labels(good: dict[Language, RawWorkbook]) -> None:
    parsed = parse(changed(good["zh"], stage="快签了"))
    problem = only(parsed, "value-not-in-list")
    assert "快签了" in problem.message.zh
    assert all(stage.label.zh in problem.fix.zh and stage.label.en in problem.fix.en for stage in STAGES)
    assert parsed.deal is not None and parsed.deal.stage is None


@pytest.mark.parametrize("name, value", [("assess_margin", 7), ("assess_margin", 0), ("assess_margin", 3.5),
                                         ("assess_coach", "6")])
def test_assessment_rating_out_of_range(good: dict[Language, RawWorkbook], name: str, value: CellValue) -> None:
    parsed = parse(changed(good["zh"], **{name: value}))
    assert only(parsed, "rating-out-of-range").cell == good["zh"].names[name].ref
    assert parsed.deal is not None and parsed.deal.assessment[name] is None


def test_criterion_rating_out_of_range(good: dict[Language, RawWorkbook]) -> None:
    raw = rows(good["en"], "Criteria", [{"criterion": "Price", "weight": 100, "ours": 6, "competitor_1": 4.5}], "en")
    parsed = parse(raw)
    problem = only(parsed, "rating-out-of-range")
    table = raw.tables["criteria"]
    assert problem.sheet == table.sheet and problem.cell == f"C{table.first_row}"
    assert parsed.deal is not None and parsed.deal.criteria[0].ours is None
    assert parsed.deal.criteria[0].competitors[0] == 4.5  # ratings of criteria may be fractional


@pytest.mark.parametrize("value", [5, -4, 1.5])
def test_support_out_of_range(good: dict[Language, RawWorkbook], value: CellValue) -> None:
    parsed = parse(rows(good["zh"], "Stakeholders", [{"name": "王总", "support": value}]))
    assert only(parsed, "support-out-of-range").severity == "error"
    assert parsed.deal is not None and parsed.deal.stakeholders[0].support is None


def test_support_typed_as_text(good: dict[Language, RawWorkbook]) -> None:
    parsed = parse(rows(good["zh"], "Stakeholders", [{"name": "王总", "support": "+2"}]))
    assert codes(parsed) == ["number-as-text"]
    assert parsed.deal is not None and parsed.deal.stakeholders[0].support == 2


@pytest.mark.parametrize("role, code", [
    ("EB", "economic_buyer"), ("tb", "technical_buyer"), ("U", "user"), ("Cor", "coordinator"), ("COA", "coach"),
    ("Inf", "influencer"), ("教练/内线", "coach"), ("Economic buyer", "economic_buyer"),
    ("EB 决策者", "economic_buyer"),
])
def test_role_abbreviations_and_labels(good: dict[Language, RawWorkbook], role: str, code: str) -> None:
    parsed = parse(rows(good["zh"], "Stakeholders", [{"name": "王总", "role": role}]))
    assert parsed.problems == () and parsed.deal is not None and parsed.deal.stakeholders[0].role == code


@pytest.mark.parametrize("weights, stored, warned", [
    ((60, 40), (60, 40), False), ((0.6, 0.4), (60, 40), False), ((50, 30), (50, 30), True),
    ((0.3, 0.2), (30, 20), True), ((70, 40), (70, 40), True),
])
def test_weights(good: dict[Language, RawWorkbook], weights: tuple[float, float], stored: tuple[float, float],
                 warned: bool) -> None:
    records: list[dict[str, CellValue]] = [{"criterion": f"c{i}", "weight": w} for i, w in enumerate(weights)]
    parsed = parse(rows(good["zh"], "Criteria", records))
    assert parsed.deal is not None and tuple(c.weight for c in parsed.deal.criteria) == pytest.approx(stored)
    assert codes(parsed) == (["weights-not-100"] if warned else [])
    if warned:
        assert only(parsed, "weights-not-100").severity == "warning"


def test_weight_above_100_is_out_of_range(good: dict[Language, RawWorkbook]) -> None:
    parsed = parse(rows(good["zh"], "Criteria", [{"criterion": "a", "weight": 150}]))
    assert "out-of-range" in codes(parsed)
    assert parsed.deal is not None and parsed.deal.criteria[0].weight is None


def test_a_scope_that_does_not_add_up_is_the_engine_s_flag_not_a_reading_problem(
        good: dict[Language, RawWorkbook]) -> None:
    parsed = parse(changed(good["zh"], scope_hardware=300_000))
    assert "scope-mismatch" not in codes(parsed)  # one voice: the scoring engine's flag, with the team's tolerance
    assert parsed.deal is not None and parsed.deal.scope.hardware == 300_000


@pytest.mark.parametrize("name", ["customer_name", "project_name", "sales_rep", "close_date", "amount", "stage"])
def test_missing_required_field(good: dict[Language, RawWorkbook], name: str) -> None:
    parsed = parse(changed(good["zh"], **{name: "  "}, scope_application_software=None, scope_services=None))
    problem = only(parsed, "missing-required")
    assert problem.severity == "error" and problem.cell == good["zh"].names[name].ref
    assert parsed.deal is not None  # the deal is still identified and scored with what is there


def test_missing_status_counts_as_open(good: dict[Language, RawWorkbook]) -> None:
    parsed = parse(changed(good["zh"], status=None))
    assert codes(parsed) == ["missing-required"] and parsed.deal is not None and parsed.deal.status == "open"


@pytest.mark.parametrize("value, code", [("not-a-uuid", "invalid-deal-id"), (12345, "invalid-deal-id")])
def test_deal_without_identity_is_not_produced(good: dict[Language, RawWorkbook], value: CellValue, code: str) -> None:
    parsed = parse(changed(good["zh"], deal_id=value))
    assert parsed.deal is None
    assert only(parsed, code).severity == "error"


@pytest.mark.parametrize("value", [None, "   "])
def test_an_empty_deal_id_gives_a_deal_without_a_permanent_id(good: dict[Language, RawWorkbook],
                                                               value: CellValue) -> None:
    parsed = parse(changed(good["zh"], deal_id=value))
    assert parsed.deal is not None and parsed.deal.deal_id == ""
    problem = only(parsed, "deal-id-missing")
    assert problem.severity == "warning" and problem.cell is not None
    assert "Score" in problem.fix("en") and "winplan new" in problem.fix("en") and "winplan new" in problem.fix("zh")


def test_deal_id_is_normalised(good: dict[Language, RawWorkbook]) -> None:
    parsed = parse(changed(good["zh"], deal_id="{" + DEAL_ID.upper() + "}"))
    assert parsed.deal is not None and parsed.deal.deal_id == DEAL_ID and parsed.problems == ()


def test_missing_defined_names(good: dict[Language, RawWorkbook]) -> None:
    names = {k: v for k, v in good["zh"].names.items() if k not in ("amount", "industry")}
    parsed = parse(dataclasses.replace(good["zh"], names=names))
    found = {p.message.en.split('"')[1]: p.severity for p in parsed.problems if p.code == "missing-name"}
    assert found == {"amount": "error", "industry": "warning"}


def test_missing_deal_id_name(good: dict[Language, RawWorkbook]) -> None:
    names = {k: v for k, v in good["zh"].names.items() if k != "deal_id"}
    parsed = parse(dataclasses.replace(good["zh"], names=names))
    assert parsed.deal is None and codes(parsed) == ["missing-name"]


def test_missing_tables(good: dict[Language, RawWorkbook]) -> None:
    tables = {k: v for k, v in good["zh"].tables.items() if k not in ("actions", "procurement")}
    parsed = parse(dataclasses.replace(good["zh"], tables=tables))
    assert codes(parsed) == ["missing-table"]  # Procurement is optional
    assert "Actions" in only(parsed, "missing-table").message.en
    assert parsed.deal is not None and parsed.deal.actions == () and parsed.deal.procurement == ()


@pytest.mark.parametrize("value, code", [("0.9", "unknown-template-version"), (None, "missing-template-version")])
def test_template_version(good: dict[Language, RawWorkbook], value: CellValue, code: str) -> None:
    parsed = parse(changed(good["zh"], template_version=value))
    assert only(parsed, code).severity == "warning" and parsed.deal is not None


def test_formula_without_value(good: dict[Language, RawWorkbook]) -> None:
    names = dict(good["zh"].names)
    for name in ("amount", "industry"):
        names[name] = RawCell(names[name].sheet, names[name].ref, None, formula_without_value=True)
    parsed = parse(dataclasses.replace(good["zh"], names=names))
    found = {p.cell: p.severity for p in parsed.problems if p.code == "formula-without-value"}
    assert found == {names["amount"].ref: "error", names["industry"].ref: "warning"}


def test_reordered_renamed_and_extra_columns(good: dict[Language, RawWorkbook]) -> None:
    headers = ("SUPPORT", "Mobile", "influence ", "N a m e", "role", "Weight")
    raw = rows(good["en"], "Stakeholders", [{"support": 2, "influence": "High", "name": "Ann", "role": "Coa"}],
               "en", headers)
    table = raw.tables["stakeholders"]
    assert table.rows[0] == (2, None, "High", "Ann", "Coa", None)
    parsed = parse(raw)
    person = parsed.deal.stakeholders[0] if parsed.deal else None
    assert person is not None and (person.name, person.role, person.influence, person.support) == (
        "Ann", "coach", "high", 2)
    missing = {p.message.en.split('"')[3] for p in parsed.problems if p.code == "missing-column"}
    assert "Department" in missing and "Name" not in missing
    assert all(p.severity == "warning" for p in parsed.problems)


def test_chinese_headers_in_an_english_workbook_still_match(good: dict[Language, RawWorkbook]) -> None:
    headers = ("姓名", "角色", "支持度")  # without the "(-3…+3)" hint
    raw = rows(good["en"], "Stakeholders", [{"name": "王总", "role": "EB", "support": 1}], "en", headers)
    raw = dataclasses.replace(raw, tables={**raw.tables, "stakeholders": dataclasses.replace(
        raw.tables["stakeholders"], rows=(("王总", "EB", 1),))})
    parsed = parse(raw)
    assert parsed.deal is not None and parsed.deal.stakeholders[0].support == 1


def test_missing_required_column_drops_the_table(good: dict[Language, RawWorkbook]) -> None:
    raw = rows(good["en"], "Stakeholders", [{"role": "EB"}], "en", ("Role", "Support"))
    parsed = parse(raw)
    problem = next(p for p in parsed.problems if p.code == "missing-column" and p.severity == "error")
    assert "Name" in problem.message.en
    assert parsed.deal is not None and parsed.deal.stakeholders == ()


def test_blank_rows_are_skipped_and_a_row_without_its_key_is_a_problem(good: dict[Language, RawWorkbook]) -> None:
    records: list[dict[str, CellValue]] = [{"action": "Visit"}, {}, {"owner": "  "}, {"owner": "Li", "status": "Done"}]
    raw = rows(good["en"], "Actions", records, "en")
    parsed = parse(raw)
    problem = only(parsed, "missing-required")
    assert problem.cell == f"A{raw.tables['actions'].first_row + 3}"
    assert parsed.deal is not None and [a.action for a in parsed.deal.actions] == ["Visit"]


def test_control_characters_are_stripped_and_long_text_is_cut(good: dict[Language, RawWorkbook]) -> None:
    parsed = parse(changed(good["zh"], customer_name="华东\x1b[31m机械\x00\u202e", next_step="x" * (MAX_TEXT + 5)))
    assert parsed.deal is not None and parsed.deal.customer_name == "华东[31m机械"
    assert len(parsed.deal.next_step) == MAX_TEXT
    assert only(parsed, "text-too-long").severity == "warning"


def test_language_guess_defaults_to_chinese(good: dict[Language, RawWorkbook]) -> None:
    neutral = changed(good["en"], status=None, stage=None, is_tender=None, strategy=None, segment="A")
    neutral = dataclasses.replace(neutral, tables={})
    parsed = parse(neutral)
    assert parsed.language == "zh"
    assert parse(changed(neutral, status="Won")).language == "en"


def test_numbers_and_booleans_in_drop_down_cells(good: dict[Language, RawWorkbook]) -> None:
    parsed = parse(changed(good["zh"], stage=7, is_tender=False))
    assert parsed.deal is not None and (parsed.deal.stage, parsed.deal.is_tender) == ("tender", False)


def test_text_fields_keep_numbers_readable(good: dict[Language, RawWorkbook]) -> None:
    parsed = parse(changed(good["zh"], account_id=100234.0))
    assert parsed.deal is not None and parsed.deal.account_id == "100234"


def test_a_workbook_that_is_not_ours(tmp_path: Path) -> None:
    parsed = parse(RawWorkbook(str(tmp_path / "budget.xlsx"), sheets=("Sheet1",)))
    assert parsed.deal is None and codes(parsed) == ["not-winplan-workbook"]


def test_read_workbook_end_to_end_reports_cells(tmp_path: Path) -> None:
    path = filled_workbook(tmp_path / "deal.xlsx", "zh", {"close_date": "明年"},
                           {"Stakeholders": [{"name": "王总", "support": 9}]})
    reading = read_workbook(path)
    assert reading.readable and reading.deal is not None
    where = {p.code: (p.sheet, p.cell) for p in reading.problems}
    assert where["wrong-type"][0] == spec.SUMMARY.title("zh")
    assert where["support-out-of-range"] == (spec.STAKEHOLDER_SHEET.title("zh"), where["support-out-of-range"][1])


_CELLS = st.one_of(
    st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=40), st.dates(), st.datetimes(),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.dictionaries(st.sampled_from(sorted(spec.ALL_FIELDS)), _CELLS, max_size=12),
       table_rows=st.lists(st.lists(_CELLS, min_size=11, max_size=11), max_size=4))
def test_any_cell_values_give_problems_never_exceptions(good: dict[Language, RawWorkbook], values: dict[str, Any],
                                                       table_rows: list[list[CellValue]]) -> None:
    raw = changed(good["zh"], **values)
    old = raw.tables["stakeholders"]
    raw = dataclasses.replace(raw, tables={**raw.tables, "stakeholders": dataclasses.replace(
        old, rows=tuple(tuple(row) for row in table_rows))})
    parsed = parse_workbook(raw)
    assert all(p.severity in ("error", "warning") for p in parsed.problems)
    if parsed.deal is not None:
        assert parsed.deal.status in ("open", "won", "lost", "on_hold")
        assert all(s.support is None or -3 <= s.support <= 3 for s in parsed.deal.stakeholders)
        assert all(v is None or 1 <= v <= 5 for v in parsed.deal.assessment.values())


def test_bare_workbook_with_reordered_columns_end_to_end(tmp_path: Path) -> None:
    fields = {**GOOD_FIELDS["en"], "close_date": 46371.0}  # a date typed as a plain serial number
    headers = ["Support (-3…+3)", "Phone", "ROLE", "name", "Influence"]
    path = bare_workbook(tmp_path / "bare.xlsx", "en", fields, {
        "Stakeholders": (headers, [[2, "555", "Coa", "Ann", "High"], [None, None, None, None, None],
                                   [-1, None, "EB", "Bob", "Low"]]),
        "Criteria": (["Us", "Criterion", "Weight %"], [[4, "Price", 1.0]]),
    })
    reading = read_workbook(path)
    deal = reading.deal
    assert deal is not None and deal.close_date == date(2026, 12, 15)
    assert [(s.name, s.role, s.influence, s.support) for s in deal.stakeholders] == [
        ("Ann", "coach", "high", 2), ("Bob", "economic_buyer", "low", -1)]
    assert [(c.criterion, c.weight, c.ours) for c in deal.criteria] == [("Price", 100.0, 4.0)]
    assert {p.code for p in reading.problems} == {"missing-column", "missing-table", "missing-name"}  # bare book


def _written(cents: int, style: str) -> str:
    """An amount of `cents` as a rep in some locale types it."""
    units, rest = divmod(cents, 100)
    grouped = f"{units:,}"
    return {
        "plain": f"{units}.{rest:02}",
        "thousands": f"{grouped}.{rest:02}",  # 2,400,000.50
        "european": f"{grouped.replace(',', '.')},{rest:02}",  # 2.400.000,50
        "decimal-comma": f"{units},{rest:02}",  # 2400000,50
        "spaced": f"{grouped.replace(',', ' ')},{rest:02}",  # 2 400 000,50
        "whole-thousands": grouped,  # 2,400,000 (the cents are dropped)
    }[style]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cents=st.integers(min_value=0, max_value=10**17), style=st.sampled_from(
    ["plain", "thousands", "european", "decimal-comma", "spaced", "whole-thousands"]))
def test_an_amount_in_any_usual_notation_is_read_exactly(good: dict[Language, RawWorkbook], cents: int,
                                                         style: str) -> None:
    text = _written(cents, style)
    parsed = parse(changed(good["en"], amount=text, scope_application_software=None, scope_services=None))
    assert parsed.deal is not None and codes(parsed) == ["number-as-text"], text
    meant = cents // 100 if style == "whole-thousands" else cents / 100
    assert parsed.deal.amount == pytest.approx(meant, rel=1e-15, abs=0.005), text  # never 100x, never 1000x


@pytest.mark.parametrize("text", ["2400000,500", "1,23,4", "12,34,567", "1.234.5", "1,234,56", ",5", "1.234,567.8"])
def test_separators_that_could_mean_thousands_or_decimals_are_refused(good: dict[Language, RawWorkbook],
                                                                     text: str) -> None:
    parsed = parse(changed(good["en"], amount=text, scope_application_software=None, scope_services=None))
    assert codes(parsed) == ["unclear-number"] and parsed.deal is not None and parsed.deal.amount is None
