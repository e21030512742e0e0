"""`winplan export`: the latest snapshot as CSV, XLSX or JSON, with no way for cell text to become a formula."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from deal_factory import AS_OF, healthy_deal, make_deal
from store_support import WorkbookEntry, save_snapshot

from generator.cli.main import cli
from generator.core.model import Deal
from generator.core.records import DealRecord, WorkbookRecord
from generator.export.rows import COLUMNS
from generator.export.safety import neutralize
from generator.scoring import score_deal
from generator.store import Store

HOSTILE = ["=HYPERLINK(\"http://evil\",\"x\")", "+1+2", "-2+3", "@SUM(A1)", "\tcmd", "\r=1", "  =1+1"]


def _database(path: Path, deals: list[Deal]) -> Path:
    pairs = [(f"/share/{n}.xlsx", deal) for n, deal in enumerate(deals)]
    with Store.open(path) as store:
        save_snapshot(
            store,
            taken_at=datetime(2026, 11, 23, tzinfo=UTC), as_of=AS_OF, folders=["/share"], counts={}, settings="s",
            workbooks=[WorkbookEntry(WorkbookRecord(s, "read", (), d.deal_id), d) for s, d in pairs],
            deals=[DealRecord(d, score_deal(d, AS_OF), s) for s, d in pairs])
    return path


def _hostile_deals() -> list[Deal]:
    deals = [healthy_deal(deal_id=f"00000000-0000-4000-8000-00000000000{n}", customer_name=text,
                          project_name=text, sales_rep=text, region=text, industry=text, product_line=text)
             for n, text in enumerate(HOSTILE)]
    return [*deals, healthy_deal(deal_id="00000000-0000-4000-8000-000000000099", customer_name="华能集团",
                                 amount=-5.0, segment="C", target_segment="A", product_line="财务云")]


def _export(db: Path, fmt: str, out: Path | str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["export", "--db", str(db), "--format", fmt, "--out", str(out)])
    return result.exit_code, result.output


def test_neutralize_quotes_exactly_the_formula_starts() -> None:
    for text in HOSTILE:
        assert neutralize(text) == "'" + text
    for text in ("华能集团", "ERP 升级", "A-1", "SAP=Oracle", "", "1,000"):
        assert neutralize(text) == text


def test_csv_has_a_bom_one_row_per_deal_and_no_formulas(tmp_path: Path) -> None:
    db = _database(tmp_path / "h.sqlite", _hostile_deals())
    code, output = _export(db, "csv", tmp_path / "p.csv")
    assert code == 0 and "wrote" in output
    raw = (tmp_path / "p.csv").read_bytes()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == len(HOSTILE) + 1 and list(rows[0]) == list(COLUMNS)
    for row in rows:
        for column in ("customer", "project", "rep", "region", "industry", "product_line", "deal_id", "source",
                       "flags"):
            assert not row[column].lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r")), row[column]
    by_id = {row["deal_id"]: row for row in rows}
    chinese = by_id["00000000-0000-4000-8000-000000000099"]
    assert chinese["customer"] == "华能集团" and chinese["amount"] == "-5"  # numbers stay numbers
    assert {row["customer"] for row in rows} >= {"'" + text for text in HOSTILE}
    assert chinese["stage"] == "shortlisted" and chinese["probability"] == "0.6"
    # The grouping fields and the engine's segment move, as codes.
    assert (chinese["product_line"], chinese["segment"], chinese["target_segment"], chinese["segment_move"]) == (
        "财务云", "C", "A", "up")


def test_xlsx_holds_text_as_text(tmp_path: Path) -> None:
    db = _database(tmp_path / "h.sqlite", _hostile_deals())
    assert _export(db, "xlsx", tmp_path / "p.xlsx")[0] == 0
    sheet = openpyxl.load_workbook(tmp_path / "p.xlsx")["pipeline"]
    header = [cell.value for cell in sheet[1]]
    assert header == list(COLUMNS)
    customer = header.index("customer") + 1
    cells = [sheet.cell(row, customer) for row in range(2, sheet.max_row + 1)]
    # openpyxl leaves XlsxWriter's escape of a carriage return (_x000D_) as it is; Excel shows "\r".
    assert {str(cell.value).replace("_x000D_", "\r") for cell in cells} == {*HOSTILE, "华能集团"}
    assert all(cell.data_type == "s" for cell in cells)  # a string cell, never a formula ("f")
    assert sum(1 for cell in cells if cell.quotePrefix) == len(HOSTILE)
    amount = sheet.cell(sheet.max_row, header.index("amount") + 1)
    assert amount.data_type == "n"


def test_json_holds_the_full_records(tmp_path: Path) -> None:
    deals = [make_deal(), healthy_deal(deal_id="6f1c0000-0000-4000-8000-000000000000")]
    db = _database(tmp_path / "h.sqlite", deals)
    code, output = _export(db, "json", "-")
    assert code == 0
    document = json.loads(output)
    assert document["snapshot"]["as_of"] == AS_OF.isoformat()
    assert {d["deal"]["deal_id"] for d in document["deals"]} == {d.deal_id for d in deals}
    assert all("flags" in d["scorecard"] for d in document["deals"])


def test_no_snapshot_or_no_database_is_a_clear_error(tmp_path: Path) -> None:
    Store.open(tmp_path / "empty.sqlite").close()
    code, output = _export(tmp_path / "empty.sqlite", "csv", tmp_path / "p.csv")
    assert code == 2 and "has no snapshot yet" in output and "winplan harvest" in output
    code, output = _export(tmp_path / "missing.sqlite", "csv", tmp_path / "p.csv")
    assert code == 2 and "no history database" in output
    assert not (tmp_path / "missing.sqlite").exists()
    db = _database(tmp_path / "h.sqlite", [make_deal()])
    code, output = _export(db, "xlsx", "-")
    assert code == 2 and "standard output" in output


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_default_file_name(tmp_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    db = _database(tmp_path / "h.sqlite", [make_deal()])
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["export", "--db", str(db), "--format", fmt])
    assert result.exit_code == 0
    assert (tmp_path / f"winplan-pipeline.{fmt}").stat().st_size > 0
