"""The action plan (销售项目行动计划): overdue actions, completion, the next action and the plan's score.

The plan's score (0-100) = 100 × (done + ½ × open-and-on-time) / all actions, that is 50 × completion +
50 × (1 − overdue share): a plan of only finished actions scores 100, a plan on schedule with nothing done yet 50,
a plan where every action is overdue 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from generator.core.model import Action, Deal


@dataclass(frozen=True)
class ActionPlan:
    overdue: tuple[Action, ...]
    completion: float | None  # 0-1, None without actions
    next_action: Action | None
    score: float | None  # 0-100, None without actions


def is_overdue(action: Action, as_of: date) -> bool:
    """Tell whether the action is not done and was due strictly before `as_of`."""
    return days_overdue(action, as_of) is not None


def days_overdue(action: Action, as_of: date) -> int | None:
    """Days past the due date of an overdue action (1 the day after it was due); None when it is not overdue."""
    if action.is_done or action.due_date is None or action.due_date >= as_of:
        return None
    return (as_of - action.due_date).days


def review(deal: Deal, as_of: date) -> ActionPlan:
    """Count overdue and done actions and pick the open action due first (undated ones after dated ones)."""
    actions = deal.actions
    if not actions:
        return ActionPlan((), None, None, None)
    overdue = tuple(a for a in actions if is_overdue(a, as_of))
    done = sum(1 for a in actions if a.is_done)
    open_actions = [a for a in actions if not a.is_done]
    # sorted() is stable, so actions due the same day (or undated) keep their table order
    ordered = sorted(open_actions, key=lambda a: (a.due_date is None, a.due_date or date.min))
    on_time = len(open_actions) - len(overdue)
    return ActionPlan(
        overdue=overdue,
        completion=done / len(actions),
        next_action=ordered[0] if ordered else None,
        score=100.0 * (done + 0.5 * on_time) / len(actions),
    )
