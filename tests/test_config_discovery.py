"""One place for team settings: the nearest winplan.toml in a workbook's folder or its parents, --config overriding.

The Score button, `winplan check`, the harvest and the site find it the same way, so a rep's Scores sheet and the
site agree whatever folder the manager runs winplan from.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from score_button_workbooks import AS_OF, deal_workbook, opened

from generator.cli.main import cli
from generator.core.config import DEFAULT_CONFIG, find_config
from generator.store import Store
from worksheets.score_button import score_book

TEAM_PROBABILITY = 0.42  # the team's shortlisted probability; the default is 0.60
TEAM_TOML = f'[stage_probabilities]\nshortlisted = {TEAM_PROBABILITY}\n\n[site]\ntitle = "East region"\n'


def _settle(path: Path) -> None:
    """Date the file a minute back, so the harvest does not take it for a file being saved."""
    past = time.time() - 60
    os.utime(path, (past, past))


@pytest.fixture
def share(tmp_path: Path) -> Path:
    """A team's shared folder: winplan.toml at its root, a deal workbook two folders below."""
    root = tmp_path / "share"
    (root / "east" / "zhang").mkdir(parents=True)
    (root / "winplan.toml").write_text(TEAM_TOML, encoding="utf-8")
    deal_workbook(root / "east" / "zhang" / "deal.xlsm", "en")  # stage Shortlisted
    return root


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The manager's working folder, outside the share and without a winplan.toml."""
    folder = tmp_path / "manager"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def _check_probability(*arguments: str) -> list[float]:
    result = CliRunner().invoke(cli, [*arguments, "--as-of", AS_OF.isoformat(), "--json"])
    assert result.exit_code == 0, result.output
    return [item["scores"]["probability"] for item in json.loads(result.stdout)["workbooks"]]


def test_find_config_walks_up_from_a_folder_or_a_file(share: Path, tmp_path: Path) -> None:
    workbook = share / "east" / "zhang" / "deal.xlsm"
    assert find_config(workbook) == share / "winplan.toml"
    assert find_config(workbook.parent) == share / "winplan.toml"
    assert find_config(share) == share / "winplan.toml"
    assert find_config(share / "east" / "not-made-yet") == share / "winplan.toml"
    assert find_config(tmp_path / "manager") is None  # nothing up to the filesystem root
    nearer = share / "east" / "winplan.toml"
    nearer.write_text("[thresholds]\nstale_days = 7\n", encoding="utf-8")
    assert find_config(workbook) == nearer  # the nearest one wins


def test_check_button_and_harvest_agree_on_the_team_probability(share: Path, elsewhere: Path) -> None:
    workbook = share / "east" / "zhang" / "deal.xlsm"
    assert _check_probability("check", str(workbook)) == [TEAM_PROBABILITY]

    with opened(workbook) as book:  # the Score button, through xlwings and the openpyxl test engine
        outcome = score_book(book, as_of=AS_OF)
    assert outcome.scored and outcome.scorecard is not None
    assert outcome.scorecard.probability == TEAM_PROBABILITY

    _settle(workbook)
    db = elsewhere / "winplan.sqlite"
    result = CliRunner().invoke(cli, ["harvest", str(share), "--db", str(db), "--as-of", AS_OF.isoformat(), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["counts"]["deals"] == 1
    assert summary["counts"]["stale_scores"] == 0  # the rep's scores were made with the same settings
    with Store.open(db) as store:
        latest = store.latest()
    assert latest is not None
    assert [deal.scorecard.probability for deal in latest.deals] == [TEAM_PROBABILITY]

    # check on the scored workbook agrees too, and does not call its scores stale
    result = CliRunner().invoke(cli, ["check", str(workbook), "--as-of", AS_OF.isoformat(), "--json"])
    assert json.loads(result.stdout)["workbooks"][0]["stale_scores"] is False


def test_harvesting_a_subfolder_finds_the_root_settings(share: Path, elsewhere: Path) -> None:
    _settle(share / "east" / "zhang" / "deal.xlsm")
    db = elsewhere / "east.sqlite"
    result = CliRunner().invoke(cli, ["harvest", str(share / "east"), "--db", str(db), "--as-of", AS_OF.isoformat()])
    assert result.exit_code == 0, result.output
    assert f"team settings: {share / 'winplan.toml'}" in result.output
    with Store.open(db) as store:
        latest = store.latest()
    assert latest is not None and [d.scorecard.probability for d in latest.deals] == [TEAM_PROBABILITY]


def test_a_workbook_below_its_own_settings_is_told_the_harvest_scored_it_otherwise(share: Path,
                                                                                  elsewhere: Path) -> None:
    """A second winplan.toml deeper in the share: its workbooks' Score buttons use it, the harvest the root's."""
    own = share / "east" / "zhang" / "winplan.toml"
    own.write_text("[stage_probabilities]\nshortlisted = 0.9\n", encoding="utf-8")
    deal_workbook(share / "east" / "li.xlsm", "en")
    for workbook in (share / "east" / "zhang" / "deal.xlsm", share / "east" / "li.xlsm"):
        _settle(workbook)
    db = elsewhere / "share.sqlite"
    result = CliRunner().invoke(cli, ["harvest", str(share), "--db", str(db), "--as-of", AS_OF.isoformat(), "--json"])
    assert result.exit_code == 0, result.output
    workbooks = {Path(w["path"]).name: w for w in json.loads(result.stdout)["workbooks"]}
    codes = {name: [p["code"] for p in w["problems"]] for name, w in workbooks.items()}
    assert "other-settings" in codes["deal.xlsm"] and "other-settings" not in codes["li.xlsm"]
    note = next(p for p in workbooks["deal.xlsm"]["problems"] if p["code"] == "other-settings")
    assert str(own) in note["message"]["en"] and str(share / "winplan.toml") in note["message"]["en"]
    again = CliRunner().invoke(cli, ["harvest", str(share), "--db", str(db), "--as-of", AS_OF.isoformat(), "--json"])
    reused = {Path(w["path"]).name: [p["code"] for p in w["problems"]] for w in json.loads(again.stdout)["workbooks"]}
    assert reused["deal.xlsm"].count("other-settings") == 1  # said on every harvest, never carried twice


def test_the_working_folder_settings_do_not_leak_into_a_workbook_elsewhere(share: Path, elsewhere: Path) -> None:
    (elsewhere / "winplan.toml").write_text("[stage_probabilities]\nshortlisted = 0.9\n", encoding="utf-8")
    assert _check_probability("check", str(share / "east" / "zhang" / "deal.xlsm")) == [TEAM_PROBABILITY]


def test_check_scores_each_workbook_with_its_own_settings(share: Path, elsewhere: Path) -> None:
    other = elsewhere / "other-team"
    other.mkdir()
    deal_workbook(other / "deal.xlsm", "en")
    probabilities = _check_probability("check", str(share / "east" / "zhang" / "deal.xlsm"), str(other / "deal.xlsm"))
    assert probabilities == [TEAM_PROBABILITY, DEFAULT_CONFIG.stage_probabilities["shortlisted"]]


def test_config_option_overrides_for_every_workbook(share: Path, elsewhere: Path) -> None:
    override = elsewhere / "override.toml"
    override.write_text("[stage_probabilities]\nshortlisted = 0.25\n", encoding="utf-8")
    workbook = share / "east" / "zhang" / "deal.xlsm"
    assert _check_probability("--config", str(override), "check", str(workbook)) == [0.25]


def test_harvest_refuses_folders_with_different_settings(share: Path, elsewhere: Path) -> None:
    other = elsewhere / "other-team"
    other.mkdir()
    deal_workbook(other / "deal.xlsm", "en")
    db = elsewhere / "mixed.sqlite"
    result = CliRunner().invoke(cli, ["harvest", str(share), str(other), "--db", str(db)])
    assert result.exit_code == 2
    assert "different team settings" in result.output and "Traceback" not in result.output
    assert not db.exists()


def test_build_from_another_folder_uses_the_settings_the_harvest_found(share: Path, elsewhere: Path) -> None:
    _settle(share / "east" / "zhang" / "deal.xlsm")
    db = elsewhere / "winplan.sqlite"
    assert CliRunner().invoke(cli, ["harvest", str(share), "--db", str(db)]).exit_code == 0
    out = elsewhere / "site"
    result = CliRunner().invoke(cli, ["build", "--db", str(db), "--out", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "East region" in (out / "index.html").read_text(encoding="utf-8")


def test_a_broken_team_file_is_one_sentence(share: Path, elsewhere: Path) -> None:
    (share / "winplan.toml").write_text("[stage_probabilities\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(share / "east" / "zhang" / "deal.xlsm")])
    assert result.exit_code == 2
    assert str(share / "winplan.toml") in result.output and "not valid TOML" in result.output
    assert "Traceback" not in result.output
