"""Stale scores: the score_* cells saved in a workbook are compared with what its inputs score to."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest
from harvest_workbooks import AS_OF, HarvestBooks, age, deal_for

from generator.core.config import DEFAULT_CONFIG
from generator.core.model import Deal
from generator.harvest import Limits, harvest_folders
from generator.scoring import score_deal
from generator.scoring.outputs import score_cells
from generator.store import Store


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> HarvestBooks:
    return HarvestBooks(tmp_path_factory.mktemp("stale-books"))


def _scored(books: HarvestBooks, path: Path, deal: Deal, scored_on: date, **overrides: object) -> None:
    """Write `deal`'s workbook with the score cells Score would have written on `scored_on`."""
    books.put(path, deal)
    workbook = openpyxl.load_workbook(path)
    cells = {name: cell.value for name, cell in score_cells(score_deal(deal, scored_on), deal.language).items()}
    cells.update(overrides)
    for name, value in cells.items():
        ((sheet, ref),) = workbook.defined_names[name].destinations
        workbook[sheet][ref.replace("$", "")].value = value
    workbook.save(path)
    age(path)


def test_fresh_scores_are_not_stale_even_when_scored_days_ago(books: HarvestBooks, tmp_path: Path) -> None:
    share = tmp_path / "share"
    deal = deal_for("fresh")
    _scored(books, share / "fresh.xlsx", deal, AS_OF - timedelta(days=10))
    books.put(share / "never-scored.xlsx")
    changed = deal_for("changed")
    _scored(books, share / "changed.xlsx", changed, AS_OF, score_health=12.3)
    with Store.open(":memory:") as store:
        result = harvest_folders([share], store, AS_OF, DEFAULT_CONFIG, limits=Limits(workers=2))
    stale = {Path(record.source).name: record.stale_scores for record in result.deals}
    assert stale == {"fresh.xlsx": False, "never-scored.xlsx": False, "changed.xlsx": True}
    assert result.snapshot.counts["stale_scores"] == 1


def test_a_workbook_made_before_an_output_was_added_is_compared_on_the_outputs_it_has(
        books: HarvestBooks, tmp_path: Path) -> None:
    """A template-1.0 workbook has no score_top_flags cell: its scores are current if the cells it has are."""
    share = tmp_path / "share"
    for name, health in (("older.xlsx", None), ("older-changed.xlsx", 12.3)):
        path = share / name
        flagged = deal_for(path.stem, last_updated=None)  # a deal with a flag, so score_top_flags has text
        _scored(books, path, flagged, AS_OF, **({} if health is None else {"score_health": health}))
        workbook = openpyxl.load_workbook(path)
        del workbook.defined_names["score_top_flags"]
        workbook.save(path)
        age(path)
    with Store.open(":memory:") as store:
        result = harvest_folders([share], store, AS_OF, DEFAULT_CONFIG, limits=Limits(workers=2))
    stale = {Path(record.source).name: record.stale_scores for record in result.deals}
    assert stale == {"older.xlsx": False, "older-changed.xlsx": True}
