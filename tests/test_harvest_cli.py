"""`winplan harvest` through click: the summary, --json, --strict and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from harvest_workbooks import HarvestBooks, age
from terminal import run_on_a_terminal

from generator.cli.main import cli
from generator.store import Store


@pytest.fixture(autouse=True)
def _no_team_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no winplan.toml: default settings, Chinese messages


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> HarvestBooks:
    return HarvestBooks(tmp_path_factory.mktemp("cli-books"))


@pytest.fixture
def share(books: HarvestBooks, tmp_path: Path) -> Path:
    folder = tmp_path / "share"
    books.put(folder / "east" / "华能.xlsx", customer_name="华能集团", amount=1_000_000.0, stage="shortlisted")
    books.put(folder / "west" / "sinopec.xlsx", lang="en", amount=2_000_000.0, stage="qualified", currency="USD")
    return folder


def _harvest(*arguments: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["harvest", *arguments, "--as-of", "2026-11-23"])
    return result.exit_code, result.output


def test_json_summary_is_the_only_output(share: Path, tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    code, output = _harvest(str(share), "--db", str(db), "--json")
    assert code == 0
    summary = json.loads(output)
    assert summary["counts"] == {"read": 2, "reused": 0, "skipped": 0, "problems": 0, "failed": 0, "deals": 2,
                                 "conflicts": 0, "stale_scores": 0}
    assert summary["as_of"] == "2026-11-23" and summary["database"] == str(db)
    assert summary["pipeline"] == [
        {"currency": "CNY", "open_deals": 1, "open_pipeline": 1_000_000.0, "weighted_forecast": 600_000.0},
        {"currency": "USD", "open_deals": 1, "open_pipeline": 2_000_000.0, "weighted_forecast": 200_000.0},
    ]
    assert sorted(Path(w["path"]).name for w in summary["workbooks"]) == ["sinopec.xlsx", "华能.xlsx"]
    with Store.open(db) as store:
        latest = store.latest()
        assert latest is not None and latest.snapshot.id == summary["snapshot"]

    code, output = _harvest(str(share), "--db", str(db), "--json")
    assert code == 0 and json.loads(output)["counts"]["reused"] == 2


def test_text_summary_names_counts_totals_and_problems(share: Path, tmp_path: Path) -> None:
    (share / "empty.xlsx").write_bytes(b"")
    age(share / "empty.xlsx")
    code, output = _harvest(str(share), "--db", str(tmp_path / "h.sqlite"))
    assert code == 0  # problems fail only under --strict
    assert "snapshot 1 as of 2026-11-23" in output
    assert "1,000,000 CNY" in output and "600,000 CNY" in output
    assert "empty.xlsx" in output and "0 字节" in output  # the team language of winplan.toml, zh by default


def test_strict_fails_on_problems(share: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "h.sqlite")
    assert _harvest(str(share), "--db", db, "--strict")[0] == 0
    (share / "export.xlsx").write_text("a,b\n1,2\n")
    age(share / "export.xlsx")
    code, output = _harvest(str(share), "--db", db, "--strict", "--json")
    assert code == 1
    assert json.loads(output)["counts"]["failed"] == 1


def test_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    code, output = _harvest(str(tmp_path / "nowhere"), "--db", str(db))
    assert code == 2
    assert "nowhere: no such folder" in output
    assert not db.exists()  # nothing was created for a mistyped folder


def test_a_database_that_is_not_ours_is_a_usage_error(share: Path, tmp_path: Path) -> None:
    db = tmp_path / "notes.sqlite"
    db.write_text("not a database")
    code, output = _harvest(str(share), "--db", str(db))
    assert code == 2 and "not a winplan history database" in output


def test_harvest_on_a_terminal_shows_files_done_of_the_total(share: Path, tmp_path: Path) -> None:
    """The bar goes to stderr only on a terminal (here a pseudo-terminal); --json and the summary stay clean."""
    db = tmp_path / "t.sqlite"
    code, text, stdout = run_on_a_terminal("harvest", str(share), "--db", str(db), "--as-of", "2026-11-23",
                                           cwd=tmp_path)
    assert code == 0, text
    assert "harvest" in text and "2/2" in text, text
    assert "2/2" not in stdout and "snapshot 1" in stdout  # the summary on stdout, the bar on the terminal
    code, text, stdout = run_on_a_terminal("harvest", str(share), "--db", str(db), "--as-of", "2026-11-23",
                                           "--json", cwd=tmp_path)
    assert code == 0 and "2/2" not in text, text
    assert json.loads(stdout)["counts"]["reused"] == 2
