"""What Score writes into the score_* cells: values, rounding, labels, colours, and the stored-value comparison."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from deal_factory import AS_OF, action, healthy_deal, make_deal, person, ratings

from generator.core.i18n import Bilingual
from generator.core.scorecard import Flag, FlagLevel
from generator.core.spec import OUTPUTS
from generator.scoring import score_deal
from generator.scoring.outputs import AMBER, GREEN, RED, SCORECARD_OUTPUTS, ScoreCell, score_cells, stored_matches


def test_every_spec_output_gets_a_cell_in_spec_order() -> None:
    cells = score_cells(score_deal(make_deal(), AS_OF), "zh")
    assert list(cells) == [output.name for output in OUTPUTS]
    assert set(SCORECARD_OUTPUTS) <= set(cells)


def test_outputs_not_from_the_scorecard_are_left_empty() -> None:
    cells = score_cells(score_deal(healthy_deal(), AS_OF), "en")
    for name in set(cells) - set(SCORECARD_OUTPUTS):
        assert cells[name] == ScoreCell(None, None)


def test_healthy_deal_cells_in_english() -> None:
    cells = score_cells(score_deal(healthy_deal(), AS_OF), "en")
    assert cells["score_as_of"] == ScoreCell(AS_OF, None)
    assert cells["score_probability"] == ScoreCell(0.6, None)
    assert cells["score_weighted_amount"] == ScoreCell(600_000.0, None)
    assert cells["score_worth"] == ScoreCell(100.0, None)
    assert cells["score_assessment"] == ScoreCell(83.3, None)
    assert cells["score_completeness"] == ScoreCell(1.0, None)
    assert cells["score_verdict"] == ScoreCell("Pursue", GREEN)
    assert cells["score_competitive_index"] == ScoreCell(0.7, GREEN)
    assert cells["score_support_index"] == ScoreCell(2.17, GREEN)
    assert cells["score_swot_balance"] == ScoreCell(2, None)
    assert cells["score_actions_overdue"] == ScoreCell(0, GREEN)
    assert cells["score_health"] == ScoreCell(76.6, GREEN)
    assert cells["score_quadrant"] == ScoreCell("Invest", GREEN)
    assert cells["score_flags"] == ScoreCell(None, GREEN)


def test_labels_follow_the_language() -> None:
    card = score_deal(healthy_deal(), AS_OF)
    zh = score_cells(card, "zh")
    assert zh["score_verdict"].value == "全力争取"
    assert zh["score_quadrant"].value == "重点投入"


def test_flags_cell_is_one_bullet_per_flag_coloured_by_the_worst_level() -> None:
    card = score_deal(make_deal(last_updated=None), AS_OF)
    cell = score_cells(card, "en")["score_flags"]
    assert cell == ScoreCell(
        "• No economic buyer (EB) is named\n• No coach with support of +2 or more\n"
        "• The last-updated date is not filled in", RED)
    medium = score_deal(healthy_deal(last_updated=None), AS_OF)
    assert score_cells(medium, "zh")["score_flags"] == ScoreCell("• 未填写最后更新日期", AMBER)
    low = score_deal(healthy_deal(stakeholders=(*healthy_deal().stakeholders, person("周"))), AS_OF)
    assert score_cells(low, "en")["score_flags"].fill == GREEN


def test_top_flags_cell_lists_the_three_most_serious_and_counts_the_rest() -> None:
    def flag(code: str, level: FlagLevel) -> Flag:
        return Flag(code, level, Bilingual(f"{code} 中", f"{code} en"))

    card = score_deal(healthy_deal(), AS_OF)
    five = replace(card, flags=(flag("a", "low"), flag("b", "high"), flag("c", "medium"), flag("d", "high"),
                                flag("e", "low")))
    assert score_cells(five, "en")["score_top_flags"] == ScoreCell(
        "• b en\n• d en\n• c en\n… and 2 more on the Scores sheet", RED)
    assert score_cells(five, "zh")["score_top_flags"].value == "• b 中\n• d 中\n• c 中\n… 另有 2 条, 见「评分结果」"
    # Three or fewer: all of them, most serious first, no count line; the full list keeps the engine's order.
    three = replace(card, flags=(flag("a", "low"), flag("b", "medium"), flag("c", "low")))
    assert score_cells(three, "en")["score_top_flags"] == ScoreCell("• b en\n• a en\n• c en", AMBER)
    assert score_cells(three, "en")["score_flags"].value == "• a en\n• b en\n• c en"
    assert score_cells(replace(card, flags=()), "en")["score_top_flags"] == ScoreCell(None, GREEN)


def test_empty_deal_leaves_scores_blank() -> None:
    cells = score_cells(score_deal(make_deal(), AS_OF), "en")
    for name in ("score_weighted_amount", "score_worth", "score_compete", "score_win", "score_assessment",
                 "score_verdict", "score_competitive_index", "score_support_index", "score_health",
                 "score_quadrant"):
        assert cells[name] == ScoreCell(None, None), name
    assert cells["score_completeness"] == ScoreCell(0.0, None)


@pytest.mark.parametrize(
    ("worth", "compete", "win", "verdict", "fill"),
    [(1, 5, 5, "Walk away", RED), (4, 3, 3, "Qualify further", AMBER)],
)
def test_verdict_colours(worth: int, compete: int, win: int, verdict: str, fill: str) -> None:
    card = score_deal(make_deal(assessment=ratings(worth, compete, win)), AS_OF)
    assert score_cells(card, "en")["score_verdict"] == ScoreCell(verdict, fill)


@pytest.mark.parametrize(("overdue", "fill"), [(0, GREEN), (1, AMBER), (2, RED), (5, RED)])
def test_overdue_colours(overdue: int, fill: str) -> None:
    late = tuple(action(f"a{n}", AS_OF - timedelta(days=n + 1)) for n in range(overdue))
    card = score_deal(make_deal(actions=late), AS_OF)
    assert score_cells(card, "en")["score_actions_overdue"] == ScoreCell(overdue, fill)


@pytest.mark.parametrize(("support", "fill"), [(3, GREEN), (1, GREEN), (0, AMBER), (-1, RED)])
def test_support_colours(support: int, fill: str) -> None:
    card = score_deal(make_deal(stakeholders=(person("A", influence="high", support=support),)), AS_OF)
    assert score_cells(card, "en")["score_support_index"].fill == fill


def test_completeness_is_a_rounded_fraction() -> None:
    answers = ratings()
    answers.update(assess_margin=3, assess_coach=4, assess_relationship=2)
    cell = score_cells(score_deal(make_deal(assessment=answers), AS_OF), "en")["score_completeness"]
    assert cell.value == 0.2143  # 3 / 14


def test_cells_are_deterministic() -> None:
    card = score_deal(healthy_deal(last_updated=None), AS_OF)
    assert score_cells(card, "zh") == score_cells(score_deal(healthy_deal(last_updated=None), AS_OF), "zh")


@pytest.mark.parametrize(
    ("stored", "cell", "same"),
    [
        (datetime(2026, 11, 20), ScoreCell(date(2026, 11, 20), None), True),
        (datetime(2026, 11, 20, 9, 30), ScoreCell(date(2026, 11, 20), None), False),
        (date(2026, 11, 19), ScoreCell(date(2026, 11, 20), None), False),
        (2.0, ScoreCell(2, GREEN), True),
        (0.6000000000001, ScoreCell(0.6, None), True),
        (0.61, ScoreCell(0.6, None), False),
        ("", ScoreCell(None, None), True),
        (None, ScoreCell(None, GREEN), True),
        (0, ScoreCell(None, None), False),
        ("• a\r\n• b ", ScoreCell("• a\n• b", RED), True),
        ("• a", ScoreCell("• a\n• b", RED), False),
        ("Pursue", ScoreCell(76.6, None), False),
        (True, ScoreCell(1, None), False),
    ],
)
def test_stored_matches(stored: object, cell: ScoreCell, same: bool) -> None:
    assert stored_matches(stored, cell) is same
