"""The Windows and macOS worker path (spawn), run on Linux; and stored paths with drive letters and backslashes.

Windows and macOS start harvest workers with `spawn`: a fresh interpreter that gets its job by pickling and
imports winplan itself, instead of a forked copy of the parent. WINPLAN_START_METHOD=spawn forces that path here.
"""

from __future__ import annotations

import json
import multiprocessing
from dataclasses import replace
from datetime import date
from pathlib import Path, PureWindowsPath
from typing import Any

import pytest
from click.testing import CliRunner
from store_support import WorkbookEntry, save_snapshot

from generator.cli.main import cli
from generator.core.config import DEFAULT_CONFIG, config_candidates
from generator.core.records import HarvestResult
from generator.core.serialize import to_jsonable
from generator.harvest import Limits, harvest_folders
from generator.harvest.isolation import START_METHOD_ENV, start_method
from generator.harvest.reading import ReadOutcome, ReadTask, read_and_score
from generator.store import Store
from worksheets.score_button import team_config

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "workbooks"
AS_OF = date(2026, 11, 23)
LIMITS = Limits(workers=2, timeout=60.0)

_STATE = "as imported"  # a forked worker inherits what the parent set here; a spawned one imports it afresh


def _reader_that_knows_how_it_started(task: ReadTask) -> ReadOutcome:
    if _STATE != "as imported":
        raise RuntimeError("forked: this worker shares the parent's memory")
    return read_and_score(task)


def _harvest(monkeypatch: pytest.MonkeyPatch, method: str | None, **options: Any) -> HarvestResult:
    if method is None:
        monkeypatch.delenv(START_METHOD_ENV, raising=False)
    else:
        monkeypatch.setenv(START_METHOD_ENV, method)
    with Store.open(":memory:") as store:
        return harvest_folders([EXAMPLES], store, AS_OF, DEFAULT_CONFIG, limits=LIMITS, **options)


def _scorecards(result: HarvestResult) -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    return {record.source: (record.scorecard.to_dict(), to_jsonable(record.deal)) for record in result.deals}


def test_the_environment_variable_forces_spawn(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(START_METHOD_ENV, raising=False)
    assert start_method() == "fork"  # Linux's own choice
    monkeypatch.setenv(START_METHOD_ENV, "spawn")
    assert start_method() == "spawn"
    monkeypatch.delenv(START_METHOD_ENV)
    monkeypatch.setattr(multiprocessing, "get_start_method", lambda allow_none=False: "spawn")
    assert start_method() == "spawn"  # as after multiprocessing.set_start_method("spawn") in the calling program


def test_spawned_workers_really_are_spawned(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(f"{__name__}._STATE", "set by the parent")
    assert _STATE == "set by the parent"
    spawned = _harvest(monkeypatch, "spawn", reader=_reader_that_knows_how_it_started)
    assert spawned.snapshot.counts["failed"] == 0 and spawned.snapshot.counts["deals"] > 10
    forked = _harvest(monkeypatch, None, reader=_reader_that_knows_how_it_started)  # the check can fail
    assert forked.snapshot.counts["deals"] == 0
    assert all("forked" in w.problems[0].message.en for w in forked.workbooks if w.status == "failed")


def test_spawn_and_fork_give_the_same_scorecards(monkeypatch: pytest.MonkeyPatch) -> None:
    forked = _harvest(monkeypatch, None)
    spawned = _harvest(monkeypatch, "spawn")
    assert forked.snapshot.counts == spawned.snapshot.counts
    assert _scorecards(spawned) == _scorecards(forked)
    assert [(w.path, w.status, w.problems) for w in spawned.workbooks] == \
        [(w.path, w.status, w.problems) for w in forked.workbooks]


@pytest.mark.parametrize(("folder", "expected"), [
    (r"C:\Team\Deals\east", [r"C:\Team\Deals\east\winplan.toml", r"C:\Team\Deals\winplan.toml",
                             r"C:\Team\winplan.toml", r"C:\winplan.toml"]),
    (r"\\server\share\Deals\east", [r"\\server\share\Deals\east\winplan.toml", r"\\server\share\Deals\winplan.toml",
                                    r"\\server\share\winplan.toml"]),  # never above the share
])
def test_team_settings_are_looked_for_up_to_a_windows_drive_or_share(folder: str, expected: list[str]) -> None:
    assert [str(path) for path in config_candidates(PureWindowsPath(folder))] == expected


class _OnlineBook:
    """A workbook opened from OneDrive or SharePoint: xlwings gives a URL as its full name."""

    fullname = "https://contoso.sharepoint.com/sites/sales/Shared Documents/deal.xlsm"


def test_a_workbook_opened_from_a_url_uses_the_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "winplan.toml").write_text("[stage_probabilities]\nshortlisted = 0.1\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # never the working folder's file instead
    assert team_config(_OnlineBook()) is DEFAULT_CONFIG  # type: ignore[arg-type]


WINDOWS_SOURCES = [r"C:\Team\Deals\east\华能.xlsx", r"\\server\share\Deals\west\a&b <1>.xlsx"]


def test_windows_paths_survive_the_database_the_site_and_the_export(monkeypatch: pytest.MonkeyPatch,
                                                                     tmp_path: Path) -> None:
    """A database harvested on Windows and built on Linux shows each workbook's path as it was stored."""
    harvested = _harvest(monkeypatch, None)
    originals = list(harvested.deals[:2])
    moved = {record.source: source for record, source in zip(originals, WINDOWS_SOURCES, strict=True)}
    db = tmp_path / "windows.sqlite"
    entries = [WorkbookEntry(replace(w, path=moved[w.path]), next(d.deal for d in originals if d.source == w.path))
               for w in harvested.workbooks if w.path in moved]
    with Store.open(db) as store:
        save_snapshot(store, taken_at=harvested.snapshot.taken_at, as_of=AS_OF, folders=[r"C:\Team\Deals"],
                      counts=harvested.snapshot.counts, settings="from-windows", workbooks=entries,
                      deals=[replace(record, source=moved[record.source]) for record in originals])
        stored = store.latest()
    assert stored is not None and sorted(record.source for record in stored.deals) == sorted(WINDOWS_SOURCES)

    out = tmp_path / "site"
    result = CliRunner().invoke(cli, ["build", "--db", str(db), "--out", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    pages = "\n".join(page.read_text(encoding="utf-8") for page in out.rglob("*.html"))
    assert r"C:\Team\Deals\east\华能.xlsx" in pages
    assert r"\\server\share\Deals\west\a&amp;b &lt;1&gt;.xlsx" in pages  # escaped as HTML, backslashes kept

    export = tmp_path / "pipeline.json"
    result = CliRunner().invoke(cli, ["export", "--db", str(db), "--format", "json", "--out", str(export)])
    assert result.exit_code == 0, result.output
    document = json.loads(export.read_text(encoding="utf-8"))
    assert sorted(deal["source"] for deal in document["deals"]) == sorted(WINDOWS_SOURCES)
