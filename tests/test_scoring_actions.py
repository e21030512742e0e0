"""Action plan: overdue strictly before the as-of date, completion, next action and the plan's health part."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from deal_factory import AS_OF, action, make_deal

from generator.scoring import score_deal
from generator.scoring.actions import review

DAY = timedelta(days=1)


def test_overdue_is_strictly_before_as_of_and_not_done() -> None:
    deal = make_deal(actions=(
        action("yesterday", AS_OF - DAY, "in_progress"),
        action("today", AS_OF, "not_started"),
        action("done late", AS_OF - 10 * DAY, "done"),
        action("blocked", AS_OF - 2 * DAY, "blocked"),
        action("undated", None, None),
    ))
    card = score_deal(deal, AS_OF)
    assert card.actions_overdue == 2  # yesterday and blocked
    assert card.actions_completion == pytest.approx(1 / 5)


def test_next_action_is_the_open_one_due_first() -> None:
    deal = make_deal(actions=(
        action("later", AS_OF + 5 * DAY),
        action("finished", AS_OF - 5 * DAY, "done"),
        action("undated"),
        action("overdue", AS_OF - 3 * DAY, "in_progress"),
    ))
    card = score_deal(deal, AS_OF)
    assert card.next_action == "overdue"
    assert card.next_action_due == AS_OF - 3 * DAY


def test_undated_open_action_is_next_only_when_nothing_is_dated() -> None:
    deal = make_deal(actions=(action("first undated"), action("second undated"), action("done", None, "done")))
    card = score_deal(deal, AS_OF)
    assert (card.next_action, card.next_action_due) == ("first undated", None)


def test_no_actions() -> None:
    card = score_deal(make_deal(), AS_OF)
    assert (card.actions_overdue, card.actions_completion, card.next_action) == (0, None, None)
    assert review(make_deal(), AS_OF).score is None


def test_all_done_means_no_next_action() -> None:
    card = score_deal(make_deal(actions=(action("a", date(2026, 1, 1), "done"),)), AS_OF)
    assert (card.actions_completion, card.next_action, card.actions_overdue) == (1.0, None, 0)


@pytest.mark.parametrize(
    ("statuses_and_dues", "score"),
    [
        ((("done", -1),), 100.0),
        ((("in_progress", 1), ("not_started", 2)), 50.0),  # on schedule, nothing done yet
        ((("in_progress", -1), ("not_started", -2)), 0.0),  # everything overdue
        ((("done", -1), ("in_progress", 1), ("blocked", -1), ("not_started", 3)), 100 * (1 + 0.5 * 2) / 4),
    ],
)
def test_action_plan_score(statuses_and_dues: tuple[tuple[str, int], ...], score: float) -> None:
    deal = make_deal(actions=tuple(action(f"a{n}", AS_OF + d * DAY, s) for n, (s, d) in enumerate(statuses_and_dues)))
    assert review(deal, AS_OF).score == pytest.approx(score)
