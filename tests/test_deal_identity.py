"""Deal identity without ceremony (issue 9): a copied blank template is scored and harvested, a copied deal
workbook is a deal of its own, and a deal with no deal_id keeps a provisional identity across harvests.

Workbooks are made as reps make them: a copy of the committed blank template (or of another deal's workbook),
filled by openpyxl. Everything is checked where a user meets it: the Score button through xlwings (the openpyxl
test engine, which refuses writes to locked cells on protected sheets as Excel does), `winplan check` and
`winplan harvest` through click's CliRunner, and the site's "what changed" built from the stored history.
"""

from __future__ import annotations

import json
import shutil
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from harvest_workbooks import age
from openpyxl.styles import Protection
from reader_workbooks import GOOD_FIELDS, GOOD_TABLES
from score_button_workbooks import ASSESSMENT, EXTRA_TABLES, opened, output_cells, template_xlsm

from generator.cli.main import cli
from generator.core import spec
from generator.core.config import DEFAULT_CONFIG
from generator.core.i18n import Language
from generator.harvest.identity import DealFacts, Holder, Identity, PriorWorkbook, assign_identities, derived_id
from generator.reader.ooxml import parse_reference
from generator.site.context.changes import ChangesContext, build_changes
from generator.site.context.common import build_index
from generator.store import Store
from generator.workbook.filler import fill_cells
from worksheets.score_button import score_book

AS_OF = "2026-11-23"
LATER = "2026-11-24"


def blank_copy(path: Path, lang: Language = "en", **fields: Any) -> Path:
    """A rep's workbook: the committed blank template copied, then filled by openpyxl, deal_id left empty."""
    template = template_xlsm(lang) if path.suffix == ".xlsm" else template_xlsm(lang).with_suffix(".xlsx")
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, path)
    values = {name: value for name, value in (GOOD_FIELDS[lang] | ASSESSMENT).items() if name != "deal_id"}
    fill_cells(path, values | fields, GOOD_TABLES[lang] | EXTRA_TABLES[lang], path, keep_template_rows=True)
    age(path)
    return path


def set_cells(path: Path, **fields: Any) -> Path:
    """Edit some named cells of a workbook with openpyxl, as a rep editing a copy would (VBA kept)."""
    fill_cells(path, fields, {}, path, keep_template_rows=True)
    age(path)
    return path


def cell_value(path: Path, name: str) -> Any:
    book = openpyxl.load_workbook(path)
    target = parse_reference(book.defined_names[name].attr_text)
    assert target is not None
    return book[target[0]][target[1]].value


def every_cell_but(path: Path, skipped: set[str]) -> dict[tuple[str, str], Any]:
    """Every cell's value, keyed by (sheet, cell), except the cells of the named `skipped` names."""
    book = openpyxl.load_workbook(path)
    left_out = {parse_reference(book.defined_names[name].attr_text) for name in skipped}
    return {(sheet.title, cell.coordinate): cell.value for sheet in book.worksheets for row in sheet.iter_rows()
            for cell in row if (sheet.title, cell.coordinate) not in left_out}


def invoke(*arguments: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(arguments))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def harvest(folder: Path, db: Path, as_of: str = AS_OF) -> dict[str, Any]:
    code, output = invoke("harvest", str(folder), "--db", str(db), "--as-of", as_of, "--json")
    assert code == 0, output
    summary: dict[str, Any] = json.loads(output)
    return summary


def deals_of(summary: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The summary's workbooks that gave a deal, by file name."""
    return {Path(w["path"]).name: w for w in summary["workbooks"]}


@pytest.fixture(autouse=True)
def _no_team_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no winplan.toml: default settings


# --- the Score button ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["zh", "en"])
def test_first_click_writes_a_fresh_uuid4_then_scores_and_the_second_click_keeps_it(tmp_path: Path,
                                                                                  lang: Language) -> None:
    path = blank_copy(tmp_path / f"new deal {lang}.xlsm", lang)
    assert cell_value(path, "deal_id") is None
    before = every_cell_but(path, {"deal_id", *(o.name for o in spec.OUTPUTS)})

    with opened(path) as book:
        first = score_book(book)

    written = cell_value(path, "deal_id")
    assert first.scored and first.new_deal_id == written
    assert uuid.UUID(written).version == 4 and str(uuid.UUID(written)) == written
    assert output_cells(path)["score_probability"][0] is not None
    assert "deal-id-missing" not in {problem.code for problem in first.problems}
    assert every_cell_but(path, {"deal_id", *(o.name for o in spec.OUTPUTS)}) == before

    with opened(path) as book:
        second = score_book(book)

    assert second.scored and second.new_deal_id is None
    assert cell_value(path, "deal_id") == written
    assert every_cell_but(path, {"deal_id", *(o.name for o in spec.OUTPUTS)}) == before


def test_a_deal_id_already_there_is_never_replaced(tmp_path: Path) -> None:
    path = blank_copy(tmp_path / "deal.xlsm", deal_id=GOOD_FIELDS["en"]["deal_id"])
    with opened(path) as book:
        outcome = score_book(book)
    assert outcome.scored and outcome.new_deal_id is None
    assert cell_value(path, "deal_id") == GOOD_FIELDS["en"]["deal_id"]


def test_a_locked_deal_id_cell_of_an_older_template_still_scores_under_no_id(tmp_path: Path) -> None:
    path = blank_copy(tmp_path / "old template.xlsm")
    book = openpyxl.load_workbook(path, keep_vba=True)
    target = parse_reference(book.defined_names["deal_id"].attr_text)
    assert target is not None
    book[target[0]][target[1]].protection = Protection(locked=True)  # as templates before issue 9 had it
    book.save(path)

    with opened(path) as xl_book:
        outcome = score_book(xl_book)

    assert outcome.scored and outcome.new_deal_id is None and cell_value(path, "deal_id") is None
    assert "deal-id-missing" in {problem.code for problem in outcome.problems}


# --- winplan check ---------------------------------------------------------------------------------------------

def test_check_scores_a_blank_template_copy_and_says_how_to_make_its_id_permanent(tmp_path: Path) -> None:
    path = blank_copy(tmp_path / "new deal.xlsx")
    code, output = invoke("check", str(path), "--as-of", AS_OF, "--json")
    assert code == 0
    checked = json.loads(output)["workbooks"][0]
    assert checked["scores"] is not None and checked["scores"]["probability"] is not None
    assert checked["deal"]["customer_name"] == GOOD_FIELDS["en"]["customer_name"]
    warning = next(p for p in checked["problems"] if p["code"] == "deal-id-missing")
    assert warning["severity"] == "warning"

    code, text = invoke("check", str(path), "--as-of", AS_OF, "--lang", "en")
    assert code == 0 and "Click Score once" in text and "winplan new" in text


# --- the harvest -----------------------------------------------------------------------------------------------

DEAL_ID = GOOD_FIELDS["en"]["deal_id"]


def counted(db: Path) -> dict[str, tuple[str, str, float | None]]:
    """The latest snapshot's deals: workbook file name -> (deal id counted, customer, amount)."""
    with Store.open(db, create=False) as store:
        latest = store.latest()
        assert latest is not None
        return {Path(r.source).name: (r.deal.deal_id, r.deal.customer_name, r.deal.amount) for r in latest.deals}


def codes_of(summary: dict[str, Any], name: str) -> list[str]:
    return [problem["code"] for problem in deals_of(summary)[name]["problems"]]


def what_changed(db: Path) -> ChangesContext:
    with Store.open(db, create=False) as store:
        history = store.history(2)
    return build_changes(build_index(history[0], "en", DEFAULT_CONFIG), history, "en")


def test_a_blank_template_copy_is_harvested_under_a_provisional_id_with_a_warning(tmp_path: Path) -> None:
    share = tmp_path / "share"
    blank_copy(share / "new deal.xlsx")
    summary = harvest(share, tmp_path / "h.sqlite")

    assert summary["counts"]["deals"] == 1 and summary["counts"]["conflicts"] == 0
    assert summary["pipeline"][0]["open_deals"] == 1
    assert deals_of(summary)["new deal.xlsx"]["deal_id"] is None  # the file still carries none
    assert codes_of(summary, "new deal.xlsx") == ["deal-id-missing"]
    (deal_id, customer, _), = counted(tmp_path / "h.sqlite").values()
    assert customer == GOOD_FIELDS["en"]["customer_name"] and uuid.UUID(deal_id)


@pytest.mark.parametrize("edit", ["move", "rename customer"])
def test_a_provisional_id_holds_while_the_file_keeps_its_path_or_its_customer_and_project(tmp_path: Path,
                                                                                      edit: str) -> None:
    share, db = tmp_path / "share", tmp_path / "h.sqlite"
    path = blank_copy(share / "east" / "new deal.xlsx")
    blank_copy(share / "other.xlsx", customer_name="Other Co")  # a second provisional deal, left alone
    harvest(share, db)
    (first_id, _, _) = counted(db)["new deal.xlsx"]

    if edit == "move":
        (share / "west").mkdir()
        moved = path.rename(share / "west" / "renamed.xlsx")
        set_cells(moved, amount=1_300_000)  # edited after the move, too
        name = "renamed.xlsx"
    else:
        set_cells(path, customer_name="East Machinery Group")
        name = "new deal.xlsx"
    harvest(share, db, LATER)

    now = counted(db)
    assert now[name][0] == first_id and len(now) == 2
    with Store.open(db, create=False) as store:
        assert len(store.deal_history(first_id)) == 2
    changes = what_changed(db)
    assert not changes.new and not changes.removed


def test_a_copied_deal_workbook_is_a_second_deal_with_a_warning_on_the_copy(tmp_path: Path) -> None:
    share, db = tmp_path / "share", tmp_path / "h.sqlite"
    original = blank_copy(share / "2026 Q3 East Machinery.xlsx", deal_id=DEAL_ID)
    harvest(share, db)

    # Next quarter the rep copies last quarter's workbook for a new customer, giving it an older created date
    # by mistake: the previous snapshot still says which one is the original.
    copy = share / "2026 Q4 North Steel.xlsx"
    shutil.copyfile(original, copy)
    set_cells(copy, customer_name="North Steel", project_name="MES rollout", amount=300_000,
              created_date=date(2025, 12, 1))
    summary = harvest(share, db, LATER)

    assert summary["counts"]["deals"] == 2 and summary["counts"]["conflicts"] == 0 and not summary["conflicts"]
    assert summary["pipeline"][0]["open_deals"] == 2
    deals = counted(db)
    assert deals["2026 Q3 East Machinery.xlsx"] == (DEAL_ID, GOOD_FIELDS["en"]["customer_name"], 1_200_000)
    copy_id, customer, amount = deals["2026 Q4 North Steel.xlsx"]
    assert copy_id != DEAL_ID and (customer, amount) == ("North Steel", 300_000)
    copy_codes = codes_of(summary, "2026 Q4 North Steel.xlsx")
    assert "deal-id-copied" in copy_codes and "deal-id-conflict" not in copy_codes
    warning = next(p for p in deals_of(summary)["2026 Q4 North Steel.xlsx"]["problems"]
                   if p["code"] == "deal-id-copied")
    assert "2026 Q3 East Machinery.xlsx" in warning["message"]["en"] and "Score" in warning["fix"]["en"]
    assert codes_of(summary, "2026 Q3 East Machinery.xlsx") == []

    changes = what_changed(db)
    assert not changes.amount_changes and not changes.removed
    assert [(change.customer, change.project) for change in changes.new] == [("North Steel", "MES rollout")]

    # A third harvest, the copy edited again: both keep their ids, and still nothing is an amount change of the
    # original.
    set_cells(copy, amount=350_000)
    harvest(share, db, "2026-11-25")
    again = counted(db)
    assert again["2026 Q3 East Machinery.xlsx"][0] == DEAL_ID and again["2026 Q4 North Steel.xlsx"][0] == copy_id
    assert [change.customer for change in what_changed(db).amount_changes] == ["North Steel"]


def test_without_history_the_older_workbook_is_the_original(tmp_path: Path) -> None:
    share, db = tmp_path / "share", tmp_path / "h.sqlite"
    blank_copy(share / "b original.xlsx", deal_id=DEAL_ID, created_date=date(2026, 1, 5))
    blank_copy(share / "a copy.xlsx", deal_id=DEAL_ID, created_date=date(2026, 6, 1), project_name="Phase 2")
    summary = harvest(share, db)

    deals = counted(db)
    assert deals["b original.xlsx"][0] == DEAL_ID and deals["a copy.xlsx"][0] != DEAL_ID
    assert "deal-id-copied" in codes_of(summary, "a copy.xlsx") and summary["counts"]["conflicts"] == 0
    assert "deal-id-copied" not in codes_of(summary, "b original.xlsx")


def test_the_same_deal_twice_stays_a_conflict(tmp_path: Path) -> None:
    share, db = tmp_path / "share", tmp_path / "h.sqlite"
    blank_copy(share / "deal.xlsx", deal_id=DEAL_ID)
    blank_copy(share / "deal - Copy.xlsx", deal_id=DEAL_ID, amount=1_250_000)  # same customer and project
    summary = harvest(share, db)

    assert summary["counts"]["deals"] == 1 and summary["counts"]["conflicts"] == 1
    assert "deal-id-conflict" in codes_of(summary, "deal - Copy.xlsx")
    assert "deal-id-copied" not in codes_of(summary, "deal - Copy.xlsx")


def test_two_blank_copies_of_one_customer_and_project_are_one_deal_twice(tmp_path: Path) -> None:
    share, db = tmp_path / "share", tmp_path / "h.sqlite"
    blank_copy(share / "mine.xlsx")
    blank_copy(share / "mine (2).xlsx")
    summary = harvest(share, db)
    assert summary["counts"]["deals"] == 1 and summary["counts"]["conflicts"] == 1


def test_the_first_score_click_keeps_the_deal_in_what_changed(tmp_path: Path) -> None:
    share, db = tmp_path / "share", tmp_path / "h.sqlite"
    path = blank_copy(share / "new deal.xlsx")
    harvest(share, db)
    set_cells(path, deal_id=str(uuid.uuid4()))  # what the Score button's first click writes
    harvest(share, db, LATER)

    (deal_id, _, _), = counted(db).values()
    changes = what_changed(db)
    assert not changes.new and not changes.removed and not changes.amount_changes
    assert deal_id == cell_value(path, "deal_id")


# --- the identity rules, one by one (generator.harvest.identity) --------------------------------------------------

OTHER_ID = "5b0c2f0e-4a43-4b8e-9d0a-3f1e2b6c7d80"


def facts_from(table: dict[str, DealFacts]) -> Callable[[str], DealFacts]:
    def facts(path: str) -> DealFacts:
        return table[path]
    return facts


def test_facts_are_only_asked_for_workbooks_without_or_sharing_an_id() -> None:
    asked: list[str] = []

    def facts(path: str) -> DealFacts:
        asked.append(path)
        return DealFacts("A", "P")

    holders = [Holder("a.xlsx", DEAL_ID, 1.0), Holder("b.xlsx", OTHER_ID, 2.0)]
    prior = [PriorWorkbook("a.xlsx", DEAL_ID, DEAL_ID), PriorWorkbook("gone.xlsx", None, "x")]
    identities = assign_identities(holders, prior, facts, facts)
    assert {path: i.deal_id for path, i in identities.items()} == {"a.xlsx": DEAL_ID, "b.xlsx": OTHER_ID}
    assert asked == []


def test_customer_and_project_are_compared_loosely() -> None:
    assert DealFacts("East  Machinery", "ERP").key == DealFacts("east machinery", "ＥＲＰ").key
    assert DealFacts("", "").key == "" and DealFacts("A", "").key != DealFacts("", "A").key


def test_a_provisional_deal_moved_after_its_customer_was_edited_keeps_its_id() -> None:
    # Harvest 1 derived the id from ("Old name", "P"); harvest 2 kept it by path after the customer was renamed;
    # in harvest 3 the file is moved: the previous snapshot's deal with the same customer and project is found.
    kept = derived_id("provisional", DealFacts("Old name", "P").key)
    prior = [PriorWorkbook("east/deal.xlsx", None, kept)]
    identities = assign_identities([Holder("west/deal.xlsx", None, 1.0)], prior,
                                   facts_from({"west/deal.xlsx": DealFacts("New name", "P")}),
                                   facts_from({"east/deal.xlsx": DealFacts("New name", "P")}))
    assert identities["west/deal.xlsx"] == Identity(kept, provisional=True)


def test_a_copy_keeps_its_id_when_its_customer_is_corrected() -> None:
    copy_id = derived_id("copy", DEAL_ID, DealFacts("Nroth Steel", "MES").key)
    prior = [PriorWorkbook("orig.xlsx", DEAL_ID, DEAL_ID), PriorWorkbook("copy.xlsx", DEAL_ID, copy_id)]
    now = {"orig.xlsx": DealFacts("East", "ERP"), "copy.xlsx": DealFacts("North Steel", "MES")}
    identities = assign_identities([Holder("orig.xlsx", DEAL_ID, 1.0), Holder("copy.xlsx", DEAL_ID, 2.0)], prior,
                                   facts_from(now), facts_from({"orig.xlsx": DealFacts("East", "ERP")}))
    assert identities["orig.xlsx"] == Identity(DEAL_ID)
    assert identities["copy.xlsx"] == Identity(copy_id, copy_of="orig.xlsx")


def test_a_previous_conflict_does_not_decide_the_original() -> None:
    # Made by a winplan before copies were told apart: both files claimed DEAL_ID, the copy (saved later) counted.
    prior = [PriorWorkbook("orig.xlsx", DEAL_ID, None, in_conflict=True),
             PriorWorkbook("copy.xlsx", DEAL_ID, DEAL_ID, in_conflict=True)]
    now = {"orig.xlsx": DealFacts("East", "ERP", date(2026, 1, 5)),
           "copy.xlsx": DealFacts("North", "MES", date(2026, 9, 1))}
    identities = assign_identities([Holder("orig.xlsx", DEAL_ID, 5.0), Holder("copy.xlsx", DEAL_ID, 1.0)], prior,
                                   facts_from(now), facts_from({"copy.xlsx": now["copy.xlsx"]}))
    assert identities["orig.xlsx"].deal_id == DEAL_ID and identities["copy.xlsx"].copy_of == "orig.xlsx"
