"""Numbers, dates and error values as users meet them: `winplan check --json`, `winplan harvest`, `winplan build`.

Every workbook here is the real template filled by the product's filler; where Excel would save something the
filler cannot write (an error value, a NaN, a 1904 date system) the saved XML is changed the way Excel writes it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from harvest_workbooks import AS_OF, HarvestBooks, age, deal_for
from openpyxl.utils.datetime import CALENDAR_MAC_1904
from openpyxl_reader import read_raw_openpyxl
from reader_workbooks import cell_of, filled_workbook

from generator.cli.main import cli
from generator.core import spec
from generator.core.config import DEFAULT_CONFIG, ReadingRules
from generator.core.pipeline import money_sum, totals_by_currency
from generator.core.raw import column_letter
from generator.harvest import harvest_run
from generator.harvest.isolation import Limits
from generator.harvest.reading import ReadOutcome, ReadTask, read_and_score
from generator.reader.calamine_backend import read_raw_calamine
from generator.store import Store

CHECK_DAY = "2026-11-23"
LIMITS = Limits(workers=2, timeout=60.0)
MONEY_FIELDS = [field.name for field in spec.ALL_FIELDS.values() if field.kind == "amount"]


@pytest.fixture(autouse=True)
def _no_team_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no winplan.toml unless a test writes one


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> HarvestBooks:
    return HarvestBooks(tmp_path_factory.mktemp("number-books"))


def strict_loads(text: str) -> Any:
    """Parse `text` as strict JSON: NaN, Infinity and -Infinity are refused, as every other JSON parser does."""
    def refuse(constant: str) -> Any:
        raise ValueError(f"not JSON: {constant}")
    return json.loads(text, parse_constant=refuse)


def check_json(*paths: Path) -> tuple[int, list[dict[str, Any]]]:
    result = CliRunner().invoke(cli, ["check", "--as-of", CHECK_DAY, "--json", *map(str, paths)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, strict_loads(result.stdout)["workbooks"]


def checked(path: Path) -> dict[str, Any]:
    code, (workbook,) = check_json(path)
    assert code == 0, workbook
    return workbook


def problems_of(workbook: dict[str, Any], code: str) -> list[dict[str, Any]]:
    return [problem for problem in workbook["problems"] if problem["code"] == code]


def only(workbook: dict[str, Any], code: str) -> dict[str, Any]:
    found = problems_of(workbook, code)
    assert len(found) == 1, workbook["problems"]
    return found[0]


def place(path: Path, name: str) -> tuple[str, str]:
    sheet, row, column = cell_of(path, name)
    return sheet, f"{column_letter(column)}{row}"


def rewrite_cell(path: Path, sheet: str, ref: str, inner: str, cell_type: str | None) -> None:
    """Replace cell `ref` of `sheet` in the saved XML by `<c r=ref s=.. t=cell_type>inner</c>`, as Excel saves it."""
    book = openpyxl.load_workbook(path)
    part = f"xl/worksheets/sheet{book.sheetnames.index(sheet) + 1}.xml"  # openpyxl saves sheets in order
    with zipfile.ZipFile(path) as archive:
        members = [(info, archive.read(info)) for info in archive.infolist()]
    xml = dict((info.filename, data) for info, data in members)[part].decode("utf-8")
    pattern = re.compile(rf'<c r="{ref}"(?P<attributes>[^>]*?)(?:/>|>.*?</c>)', re.DOTALL)
    match = pattern.search(xml)
    assert match is not None, f"{sheet}!{ref} is not in {part}"
    style = re.search(r'\ss="\d+"', match.group("attributes"))
    kind = f' t="{cell_type}"' if cell_type else ""
    xml = xml[: match.start()] + f'<c r="{ref}"{style.group(0) if style else ""}{kind}>{inner}</c>' + xml[match.end():]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in members:
            archive.writestr(info.filename, xml.encode("utf-8") if info.filename == part else data)


def show_excel_error(path: Path, sheet: str, ref: str, error: str) -> None:
    """Make the cell a formula whose saved result is an Excel error, e.g. `=1/0` showing #DIV/0!."""
    rewrite_cell(path, sheet, ref, f"<f>ERROR.TYPE(1)</f><v>{error}</v>", "e")


def harvest_json(folder: Path, db: Path) -> dict[str, Any]:
    result = CliRunner().invoke(cli, ["harvest", str(folder), "--db", str(db), "--json", "--as-of", CHECK_DAY])
    assert result.exit_code == 0, result.output
    return strict_loads(result.stdout)  # type: ignore[no-any-return]


def summary_workbook(summary: dict[str, Any], name: str) -> dict[str, Any]:
    (found,) = [w for w in summary["workbooks"] if Path(w["path"]).name == name]
    return found


# --- 1. absurd numbers --------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", MONEY_FIELDS)
def test_an_absurd_money_cell_is_an_error_with_its_cell_and_is_left_out(tmp_path: Path, name: str) -> None:
    path = filled_workbook(tmp_path / "deal.xlsx", "en", {name: 1e308})
    workbook = checked(path)
    problem = only(workbook, "amount-too-large")
    assert problem["severity"] == "error" and problem["file"] == str(path)
    assert (problem["sheet"], problem["cell"]) == place(path, name)
    assert "1e+308" in problem["message"]["en"] and "max_amount" in problem["fix"]["en"]
    deal = workbook["deal"]
    stored = deal[name] if name in deal else deal["scope"][name.removeprefix("scope_")]
    assert stored is None  # treated as missing: it adds to no total


@pytest.mark.parametrize("value", ["1e400", "1E999 元"])
def test_amount_text_beyond_any_float_is_too_large(tmp_path: Path, value: str) -> None:
    workbook = checked(filled_workbook(tmp_path / "deal.xlsx", "zh", {"amount": value}))
    assert only(workbook, "amount-too-large")["severity"] == "error" and workbook["deal"]["amount"] is None


@pytest.mark.parametrize(("saved", "code"), [("NaN", "wrong-type"), ("INF", "amount-too-large"),
                                             ("-inf", "wrong-type")])
def test_nan_and_infinity_saved_in_the_file_are_errors(tmp_path: Path, saved: str, code: str) -> None:
    path = filled_workbook(tmp_path / "deal.xlsx", "en")
    sheet, ref = place(path, "amount")
    rewrite_cell(path, sheet, ref, f"<v>{saved}</v>", "n")  # openpyxl cannot open the result; calamine can
    workbook = checked(path)
    assert only(workbook, code)["cell"] == ref
    assert workbook["deal"]["amount"] is None


def test_the_bound_is_a_team_setting(tmp_path: Path) -> None:
    path = filled_workbook(tmp_path / "deal.xlsx", "en", {"amount": 5_000_000, "scope_services": 4_300_000})
    assert not problems_of(checked(path), "amount-too-large")
    (tmp_path / "winplan.toml").write_text("[reading]\nmax_amount = 1_000_000\n", encoding="utf-8")
    workbook = checked(path)
    assert {p["cell"] for p in problems_of(workbook, "amount-too-large")} == {
        place(path, "amount")[1], place(path, "scope_services")[1]}
    assert all("1,000,000" in p["message"]["en"] for p in problems_of(workbook, "amount-too-large"))


@pytest.mark.parametrize("setting", ["0", "-5", "inf", "nan", "1e19", '"big"'])
def test_a_bound_that_cannot_work_is_refused_in_one_sentence(tmp_path: Path, setting: str) -> None:
    path = filled_workbook(tmp_path / "deal.xlsx", "en")
    (tmp_path / "winplan.toml").write_text(f"[reading]\nmax_amount = {setting}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--as-of", CHECK_DAY, str(path)])
    assert result.exit_code == 2 and "max_amount" in result.output, result.output
    assert "Traceback" not in result.output


def test_absurd_amounts_leave_the_harvest_json_strict_and_the_site_buildable(books: HarvestBooks,
                                                                             tmp_path: Path) -> None:
    share = tmp_path / "share"
    for name in ("huge-1.xlsx", "huge-2.xlsx"):
        books.put(share / name, amount=1e308, stage="shortlisted", currency="CNY")
    books.put(share / "real.xlsx", amount=1_000_000.0, stage="shortlisted", currency="CNY")
    before = {path.name: path.read_bytes() for path in share.iterdir()}
    db = tmp_path / "h.sqlite"
    summary = harvest_json(share, db)
    for name in ("huge-1.xlsx", "huge-2.xlsx"):
        workbook = summary_workbook(summary, name)
        assert workbook["status"] == "read" and workbook["deal_id"] is not None
        assert [p["code"] for p in workbook["problems"] if p["severity"] == "error"] == ["amount-too-large"]
    assert summary["pipeline"] == [
        {"currency": "CNY", "open_deals": 3, "open_pipeline": 1_000_000.0, "weighted_forecast": 600_000.0}]

    result = CliRunner().invoke(cli, ["check", "--as-of", CHECK_DAY, "--json", *map(str, sorted(share.iterdir()))])
    assert len(strict_loads(result.stdout)["workbooks"]) == 3

    site = tmp_path / "site"
    built = CliRunner().invoke(cli, ["build", "--db", str(db), "--out", str(site), "--lang", "en"])
    assert built.exit_code == 0, built.output
    assert (site / "index.html").is_file()
    export = tmp_path / "pipeline.json"
    exported = CliRunner().invoke(cli, ["export", "--db", str(db), "--format", "json", "--out", str(export)])
    assert exported.exit_code == 0, exported.output
    strict_loads(export.read_text(encoding="utf-8"))
    assert {path.name: path.read_bytes() for path in share.iterdir()} == before


def test_a_history_with_absurd_amounts_from_an_older_winplan_still_builds(books: HarvestBooks,
                                                                         tmp_path: Path) -> None:
    share = tmp_path / "share"
    for name in ("huge-1.xlsx", "huge-2.xlsx", "real.xlsx"):
        books.put(share / name, amount=1e308 if name.startswith("huge") else 1_000_000.0, stage="shortlisted")
    # What winplan read before money cells had a bound: any finite amount.
    unbounded = replace(DEFAULT_CONFIG, reading=ReadingRules(sys.float_info.max))
    db = tmp_path / "old.sqlite"
    with Store.open(db) as store:
        run = harvest_run([share], store, AS_OF, unbounded, limits=LIMITS)
    assert sorted(deal.amount for deal in run.deals) == [1_000_000.0, 1e308, 1e308]
    site = tmp_path / "site"
    built = CliRunner().invoke(cli, ["build", "--db", str(db), "--out", str(site), "--lang", "en"])
    assert built.exit_code == 0, built.output  # the sums skip amounts no reader accepts now, so they stay finite
    assert (site / "index.html").is_file()


def test_totals_of_two_1e15_deals_and_many_small_ones_are_exact(books: HarvestBooks, tmp_path: Path) -> None:
    share = tmp_path / "share"
    for name in ("big-1.xlsx", "big-2.xlsx"):
        books.put(share / name, amount=1e15, stage="contract_signed", currency="USD")
    small = 18
    for number in range(small):
        books.put(share / f"small-{number:02}.xlsx", amount=1234.56, stage="contract_signed", currency="USD")
    with Store.open(tmp_path / "h.sqlite") as store:
        run = harvest_run([share], store, AS_OF, DEFAULT_CONFIG, limits=LIMITS)
    (total,) = totals_by_currency((d.currency or "", d.amount, d.weighted_amount) for d in run.deals)
    # 2e15 + 18 x 1234.56 = 2000000000022222.08; the nearest float (they are 0.25 apart there) is ...22222.0.
    exact = 2_000_000_000_022_222.0
    assert total.open_deals == small + 2 and total.open_pipeline == exact == total.weighted_forecast
    running = 0.0
    for deal in run.deals:
        running += deal.amount or 0.0
    assert running != exact  # adding floats one by one loses 0.06 per small deal: what the exact sum avoids
    summary = harvest_json(share, tmp_path / "cli.sqlite")
    assert summary["pipeline"][0]["open_pipeline"] == exact


def test_money_sums_cannot_overflow_and_stay_exact_for_many_deals() -> None:
    amounts = [1e15, 1e15] + [0.1] * 100_000
    assert money_sum(amounts) == 2_000_000_000_010_000.0  # a naive float sum gives ...009984.0 or so
    assert money_sum([1e15] * 100_000) == 1e20
    assert money_sum([None, float("inf"), float("nan"), 1e308, 5.0]) == 5.0  # only an old database holds these


def test_every_json_writer_goes_through_the_strict_dumper() -> None:
    package = Path(__file__).resolve().parent.parent / "generator"
    writers = [path.relative_to(package).as_posix() for path in package.rglob("*.py")
               if re.search(r"\bjson\.dumps?\(", path.read_text(encoding="utf-8"))]
    assert writers == ["core/strict_json.py"]


# --- 2. decimal commas and thousands ------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "currency", "amount"), [
    ("2400000,50", "CNY", 2_400_000.5), ("2.400.000,50", "EUR", 2_400_000.5), ("2,400,000", "CNY", 2_400_000),
    ("2 400 000,5", "EUR", 2_400_000.5), ("2,400,000.50", "USD", 2_400_000.5), ("2.400.000", "EUR", 2_400_000),
])
def test_decimal_commas_and_thousands_are_read_as_meant(tmp_path: Path, text: str, currency: str,
                                                        amount: float) -> None:
    path = filled_workbook(tmp_path / "deal.xlsx", "en", {"amount": text, "currency": currency,
                                                          "scope_application_software": None, "scope_services": None})
    workbook = checked(path)
    assert workbook["deal"]["amount"] == amount
    assert [p["code"] for p in workbook["problems"]] == ["number-as-text"]
    assert f"{amount:,.2f}".rstrip("0").rstrip(".") in only(workbook, "number-as-text")["message"]["en"]


@pytest.mark.parametrize("text", ["2400000,500", "1,23,4", "2.400.000.5", "1.234,567.8"])
def test_separators_that_could_mean_either_are_refused(tmp_path: Path, text: str) -> None:
    path = filled_workbook(tmp_path / "deal.xlsx", "en", {"amount": text})
    workbook = checked(path)
    problem = only(workbook, "unclear-number")
    assert problem["severity"] == "error" and problem["cell"] == place(path, "amount")[1]
    assert text in problem["message"]["en"] and "2400000.5" in problem["fix"]["en"]
    assert workbook["deal"]["amount"] is None


# --- 3. currency markers ------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["EUR 1000", "€1000", "1000 EUR", "1,000 欧元", "¥1000"])
def test_a_currency_marker_that_disagrees_with_the_currency_cell_is_an_error(tmp_path: Path, text: str) -> None:
    path = filled_workbook(tmp_path / "deal.xlsx", "en", {"amount": text, "currency": "USD",
                                                          "scope_application_software": None, "scope_services": None})
    workbook = checked(path)
    problem = only(workbook, "currency-mismatch")
    assert problem["severity"] == "error" and problem["cell"] == place(path, "amount")[1]
    assert "USD" in problem["message"]["en"] and workbook["deal"]["amount"] is None
    assert not problems_of(workbook, "number-as-text")  # it was not "read as 1,000": it was not used


@pytest.mark.parametrize(("text", "currency"), [("US$ 1,000", "USD"), ("1000 USD", "USD"), ("$1000", "USD"),
                                                ("HK$1,000", "HKD"), ("¥1,000", "JPY"), ("1000元", "CNY")])
def test_an_agreeing_currency_marker_is_taken_off(tmp_path: Path, text: str, currency: str) -> None:
    path = filled_workbook(tmp_path / "deal.xlsx", "en", {"amount": text, "currency": currency,
                                                          "scope_application_software": None, "scope_services": None})
    workbook = checked(path)
    assert [p["code"] for p in workbook["problems"]] == ["number-as-text"]
    assert (workbook["deal"]["amount"], workbook["deal"]["currency"]) == (1000, currency)


def test_a_scope_cell_in_another_currency_is_left_out(tmp_path: Path) -> None:
    path = filled_workbook(tmp_path / "deal.xlsx", "en", {"currency": "USD", "scope_services": "€500,000"})
    workbook = checked(path)
    assert only(workbook, "currency-mismatch")["cell"] == place(path, "scope_services")[1]
    assert workbook["deal"]["scope"]["services"] is None


# --- 4. the 1904 date system --------------------------------------------------------------------------------
def _in_1904_system(path: Path, general_serials: dict[str, float]) -> None:
    """Switch the workbook to the 1904 date system (dates are saved again as 1904 serials) and type serials into
    General-format cells, as a rep typing 44620 into a date cell of such a workbook would."""
    book = openpyxl.load_workbook(path)
    book.epoch = CALENDAR_MAC_1904
    for name, serial in general_serials.items():
        sheet, row, column = cell_of(path, name)
        cell = book[sheet].cell(row=row, column=column)
        cell.value = serial
        cell.number_format = "General"
    book.save(path)


@pytest.mark.parametrize("date1904", [False, True])
def test_date_serials_follow_the_workbooks_date_system(tmp_path: Path, date1904: bool) -> None:
    path = filled_workbook(tmp_path / "deal.xlsx", "en")  # close_date 2026-12-15 is a date-formatted cell
    if date1904:
        _in_1904_system(path, {"created_date": 44_620})  # 1904-01-01 + 44620 days
        with zipfile.ZipFile(path) as archive:
            assert b'date1904="1"' in archive.read("xl/workbook.xml")
    else:
        book = openpyxl.load_workbook(path)
        sheet, row, column = cell_of(path, "created_date")
        book[sheet].cell(row=row, column=column).value = 46_082  # 1899-12-30 + 46082 days
        book[sheet].cell(row=row, column=column).number_format = "General"
        book.save(path)
    workbook = checked(path)
    assert workbook["deal"]["created_date"] == "2026-03-01"
    assert workbook["deal"]["close_date"] == "2026-12-15"
    assert not problems_of(workbook, "wrong-type")
    raw = read_raw_calamine(path)
    assert raw.date1904 is date1904 and raw == read_raw_openpyxl(path)


# --- 5. Excel error values ----------------------------------------------------------------------------------
@pytest.mark.parametrize("error", ["#DIV/0!", "#N/A", "#VALUE!", "#REF!"])
def test_a_required_cell_showing_an_excel_error_says_so(tmp_path: Path, error: str) -> None:
    path = filled_workbook(tmp_path / "deal.xlsx", "en")
    show_excel_error(path, *place(path, "amount"), error)
    workbook = checked(path)
    problem = only(workbook, "excel-error")
    assert not problems_of(workbook, "missing-required")
    assert problem["severity"] == "error" and (problem["sheet"], problem["cell"]) == place(path, "amount")
    assert f"the cell shows the Excel error {error}" in problem["message"]["en"]
    assert problem["fix"]["en"] == "Fix the formula or type the value."
    assert workbook["deal"]["amount"] is None


def test_an_optional_cell_showing_an_error_is_a_warning(tmp_path: Path) -> None:
    path = filled_workbook(tmp_path / "deal.xlsx", "zh")
    show_excel_error(path, *place(path, "created_date"), "#N/A")
    workbook = checked(path)
    assert only(workbook, "excel-error")["severity"] == "warning"
    assert "#N/A" in only(workbook, "excel-error")["message"]["zh"] and workbook["deal"]["created_date"] is None


def test_a_table_cell_showing_an_error_is_named_and_its_row_dropped(tmp_path: Path) -> None:
    path = filled_workbook(tmp_path / "deal.xlsx", "en")
    table = read_raw_calamine(path).table("Stakeholders")
    assert table is not None
    name_column = [column.key for column in spec.STAKEHOLDERS.columns].index("name")
    ref = f"{column_letter(table.first_column + name_column)}{table.first_row}"  # the first stakeholder's name
    show_excel_error(path, table.sheet, ref, "#REF!")
    raw = read_raw_calamine(path)
    assert raw == read_raw_openpyxl(path)  # both backends see the error
    workbook = checked(path)
    problem = only(workbook, "excel-error")
    assert (problem["severity"], problem["sheet"], problem["cell"]) == ("error", table.sheet, ref)
    assert [s["name"] for s in workbook["deal"]["stakeholders"]] == ["Li"]  # the other row is still read


# --- 6. the hash is the hash of the bytes parsed ------------------------------------------------------------
def _equal_sizes(first: Path, second: Path) -> None:
    """Pad the smaller of two workbooks with a zip comment so both have the same size (still valid files)."""
    small, large = sorted((first, second), key=lambda path: path.stat().st_size)
    with zipfile.ZipFile(small, "a") as archive:
        archive.comment = b" " * (large.stat().st_size - small.stat().st_size)
    assert small.stat().st_size == large.stat().st_size


def _rewriting_reader(task: ReadTask) -> ReadOutcome:
    """Before the worker reads it, rewrite the workbook with other content of the same size and put its old
    modification time back: what a sync tool restoring timestamps does between fingerprint and read."""
    path = Path(task.path)
    replacement = path.parent.parent / "replacement" / path.name
    if not replacement.exists():  # the other workbooks are read as they are
        return read_and_score(task)
    status = path.stat()
    path.write_bytes(replacement.read_bytes())
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    return read_and_score(task)


def test_a_file_rewritten_with_its_old_size_and_mtime_is_never_stored_with_the_old_hash(
        books: HarvestBooks, tmp_path: Path) -> None:
    share, replacement = tmp_path / "share", tmp_path / "replacement"
    first = deal_for("deal.xlsx", amount=1_000_000.0)
    books.put(share / "deal.xlsx", first)
    books.put(replacement / "deal.xlsx", replace(first, amount=2_000_000.0))
    _equal_sizes(share / "deal.xlsx", replacement / "deal.xlsx")
    age(share / "deal.xlsx")
    old_hash = hashlib.sha256((share / "deal.xlsx").read_bytes()).hexdigest()
    new_hash = hashlib.sha256((replacement / "deal.xlsx").read_bytes()).hexdigest()
    assert old_hash != new_hash
    books.put(share / "other.xlsx")  # a harvest where every workbook is being saved stores nothing at all
    with Store.open(tmp_path / "h.sqlite") as store:
        run = harvest_run([share], store, AS_OF, DEFAULT_CONFIG, limits=LIMITS, reader=_rewriting_reader)
        record = next(w for w in run.workbooks if w.path.endswith("deal.xlsx"))
        assert (share / "deal.xlsx").read_bytes() == (replacement / "deal.xlsx").read_bytes()  # it was rewritten
        # The worker parsed the new bytes; storing them under the fingerprinted (old) hash would let a later
        # return of the old content reuse this reading. It is skipped as being saved instead, with no hash.
        assert record.status == "skipped" and record.sha256 is None
        assert [deal.source for deal in run.deals] == [str(share / "other.xlsx")]
        assert [p.code for p in record.problems] == ["being-saved"]
        assert "content changed after it was fingerprinted" in record.problems[0].message.en
        again = harvest_run([share], store, AS_OF, DEFAULT_CONFIG, limits=LIMITS)
    record = next(w for w in again.workbooks if w.path.endswith("deal.xlsx"))
    deal = next(d for d in again.deals if d.source.endswith("deal.xlsx"))
    assert (record.status, record.sha256, deal.amount) == ("read", new_hash, 2_000_000.0)
