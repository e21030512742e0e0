"""Build Deals in Python for tests: a minimal open deal plus short helpers for its tables.

Reuse it anywhere a test needs a deal without a workbook:

    deal = make_deal(stage="shortlisted", amount=1_000_000,
                     stakeholders=(person("王总", role="economic_buyer", influence="high", support=2),),
                     criteria=(criterion("价格及付款方式", 15, 3, 4),),
                     assessment=ratings(worth=4, compete=3, win=3))
"""

from __future__ import annotations

from datetime import date
from typing import Any

from generator.core.model import Action, Criterion, Deal, Stakeholder, SwotItem, SwotKind
from generator.core.spec import ASSESSMENT_GROUPS

AS_OF = date(2026, 11, 20)


def make_deal(**changes: Any) -> Deal:
    """Return an open deal with only the required facts filled in, with `changes` applied."""
    facts: dict[str, Any] = {
        "deal_id": "11111111-2222-4333-8444-555555555555",
        "customer_name": "华东机械",
        "project_name": "ERP 升级",
        "sales_rep": "张伟",
        "status": "open",
        "stage": "engaged",
        "last_updated": AS_OF,
    }
    facts.update(changes)
    return Deal(**facts)


def ratings(worth: int | None = None, compete: int | None = None, win: int | None = None) -> dict[str, int | None]:
    """Return an assessment with every question of a group rated the same (None leaves the group blank)."""
    given = {"worth": worth, "compete": compete, "win": win}
    return {field.name: given[group.key] for group in ASSESSMENT_GROUPS for field in group.fields}


def person(name: str, role: str | None = None, influence: str | None = None, support: int | None = None,
           **changes: Any) -> Stakeholder:
    """Return a stakeholder."""
    return Stakeholder(name=name, role=role, influence=influence, support=support, **changes)


def criterion(name: str, weight: float | None, ours: float | None, *competitors: float | None,
              evidence: str = "") -> Criterion:
    """Return a criterion; `competitors` are the ratings of slots 1-3 in order (missing ones are None)."""
    slots = (*competitors, None, None, None)[:3]
    return Criterion(name, weight, ours, (slots[0], slots[1], slots[2]), evidence)


def action(text: str, due: date | None = None, status: str | None = None, **changes: Any) -> Action:
    """Return an action of the plan."""
    return Action(action=text, due_date=due, status=status, **changes)


def swot(kind: SwotKind, text: str, impact: int | None = None, versus: str = "") -> SwotItem:
    """Return a SWOT item."""
    return SwotItem(kind, text, impact, versus)


def healthy_deal(**changes: Any) -> Deal:
    """Return a well-run open deal that raises no risk flag as of AS_OF."""
    facts: dict[str, Any] = {
        "stage": "shortlisted",
        "amount": 1_000_000.0,
        "currency": "CNY",
        "close_date": date(2026, 12, 31),
        "competitors": ("SAP", "用友", ""),
        "assessment": ratings(worth=5, compete=4, win=4),
        "stakeholders": (
            person("王总", role="economic_buyer", influence="high", support=2),
            person("李工", role="coach", influence="medium", support=3),
            person("赵经理", role="user", influence="low", support=1),
        ),
        "criteria": (
            criterion("技术质量", 40, 4, 3, 3),
            criterion("价格及付款方式", 30, 4, 4, 4),
            criterion("服务支持", 30, 5, 4, 3),
        ),
        "swot": (swot("strength", "本地服务团队", 3), swot("threat", "对手降价", 1)),
        "actions": (
            action("高层拜访", date(2026, 11, 10), "done"),
            action("方案演示", date(2026, 11, 25), "in_progress"),
        ),
    }
    facts.update(changes)
    return make_deal(**facts)
