"""Half-filled and broken workbooks: Score explains itself in score_message and never raises at the rep."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from reader_workbooks import DEAL_ID
from score_button_workbooks import AS_OF, deal_workbook, input_fingerprint, opened, output_cells

from generator.core import spec
from generator.core.i18n import Bilingual
from generator.core.model import Problem
from generator.reader.ooxml import parse_reference
from generator.workbook.score_notice import MAX_LINES, not_scored_notice, scored_notice, workbook_language
from worksheets import score_button
from worksheets.score_button import ScoreFailed, score_book

SCORES = [o.name for o in spec.OUTPUTS if o.name != "score_message"]
REQUIRED_ONLY = {
    "zh": {"deal_id": DEAL_ID, "customer_name": "华东机械", "project_name": "ERP 升级", "sales_rep": "张伟",
           "close_date": date(2026, 12, 15), "amount": 500_000, "status": "跟进中", "stage": "项目评估"},
    "en": {"deal_id": DEAL_ID, "customer_name": "East Machinery", "project_name": "ERP upgrade",
           "sales_rep": "Wei Zhang", "close_date": date(2026, 12, 15), "amount": 500_000, "status": "Open",
           "stage": "Assessed"},
}


def test_blank_template_gets_an_id_and_a_message_listing_what_to_fill(tmp_path: Path) -> None:
    path = deal_workbook(tmp_path / "blank.xlsm", "en", good=False)
    before = input_fingerprint(path)

    with opened(path) as book:
        outcome = score_book(book, as_of=AS_OF)

    # Scored as far as possible (issue 9: a copy of the blank template is a deal from its first click on).
    assert outcome.scored and outcome.new_deal_id is not None
    cells = output_cells(path)
    message = str(cells["score_message"][0])
    assert message.startswith("Scored on")
    for label in ("Customer name", "Sales rep", "Amount", "Stage"):
        assert label in message
    assert cells["score_weighted_amount"] == (None, None)  # no amount yet: nothing to weigh
    edited = openpyxl.load_workbook(path, keep_vba=True)
    sheet, ref = parse_reference(edited.defined_names["deal_id"].attr_text) or ("", "")
    assert edited[sheet][ref].value == outcome.new_deal_id
    changed = [title for title, digest in input_fingerprint(path).items() if digest != before[title]]
    assert changed == [sheet]  # the deal ID's sheet: that one cell is the only input written


def test_required_fields_only_scores_what_it_can(tmp_path: Path) -> None:
    path = deal_workbook(tmp_path / "half.xlsm", "zh", good=False, fields=REQUIRED_ONLY["zh"])

    with opened(path) as book:
        outcome = score_book(book, as_of=AS_OF)

    assert outcome.scored
    cells = output_cells(path)
    assert cells["score_probability"][0] == pytest.approx(0.2)  # 项目评估 is stage 2: 20%
    assert cells["score_weighted_amount"][0] == pytest.approx(100_000)
    assert cells["score_worth"] == (None, None)  # nothing assessed yet: an empty cell, not a zero
    assert str(cells["score_message"][0]).startswith(f"已于 {AS_OF.isoformat()} 评分")


def test_a_wrong_value_is_named_with_its_cell(tmp_path: Path) -> None:
    path = deal_workbook(tmp_path / "typo.xlsm", "en", fields={"segment": "Platinum"})

    with opened(path) as book:
        outcome = score_book(book, as_of=AS_OF)

    assert outcome.scored
    problem = next(p for p in outcome.problems if p.cell is not None and "Platinum" in p.message.en)
    message = str(output_cells(path)["score_message"][0])
    assert f"{problem.sheet}!{problem.cell}" in message
    assert problem.fix.en in message


def test_old_scores_are_cleared_when_the_deal_can_no_longer_be_read(tmp_path: Path) -> None:
    path = deal_workbook(tmp_path / "deal.xlsm", "en")
    with opened(path) as book:
        assert score_book(book, as_of=AS_OF).scored
    assert output_cells(path)["score_health"][0] is not None

    # The rep types over the deal ID: the deal can no longer be identified (an empty one would get a new id).
    edited = openpyxl.load_workbook(path, keep_vba=True)
    sheet, ref = parse_reference(edited.defined_names["deal_id"].attr_text) or ("", "")
    edited[sheet][ref].value = "my deal"
    edited.save(path)

    with opened(path) as book:
        outcome = score_book(book, as_of=AS_OF)

    assert not outcome.scored
    cells = output_cells(path)
    assert all(cells[name] == (None, None) for name in SCORES)


def test_an_unexpected_error_becomes_a_sentence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_engine(*_args: object) -> None:
        raise ZeroDivisionError("weights add up to nothing")

    monkeypatch.setattr(score_button, "score_deal", broken_engine)
    path = deal_workbook(tmp_path / "deal.xlsm", "en")

    with opened(path) as book:
        outcome = score_book(book, as_of=AS_OF)

    assert not outcome.scored
    message = str(output_cells(path)["score_message"][0])
    assert message.startswith("Score did not finish: ZeroDivisionError: weights add up to nothing")
    assert "Traceback" not in message


def test_when_even_the_message_cannot_be_written_one_short_error_is_raised(tmp_path: Path) -> None:
    path = deal_workbook(tmp_path / "locked.xlsm", "en", lock_outputs=True)
    with opened(path) as book, pytest.raises(ScoreFailed, match="Score did not finish"):
        score_book(book, as_of=AS_OF)


def _problem(index: int) -> Problem:
    return Problem("missing-required", "error", Bilingual(f"问题{index}", f"problem {index}"),
                   Bilingual("修改", "fix it"), "deal.xlsx", "Summary", f"B{index}")


def test_long_problem_lists_are_cut_and_counted() -> None:
    problems = [_problem(i) for i in range(MAX_LINES + 5)]
    text = scored_notice(problems, AS_OF, "en")
    assert text.count("• ") == MAX_LINES
    assert text.endswith("… and 5 more; run winplan check to see all.")
    assert not_scored_notice(problems[:1], "zh") == "无法评分, 请先修改以下 1 处:\n• Summary!B0: 问题0 → 修改"


def test_workbook_language_follows_the_sheet_titles() -> None:
    assert workbook_language([sheet.title.en for sheet in spec.SHEETS]) == "en"
    assert workbook_language([sheet.title.zh for sheet in spec.SHEETS]) == "zh"
    assert workbook_language(["Sheet1"]) == "zh"
