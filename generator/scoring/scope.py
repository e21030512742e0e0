"""Whether the scope split (硬件 / 系统软件 / 应用软件 / 实施服务 / 其他) adds up to the amount.

Money is compared in exact decimal arithmetic: each figure is taken as the decimal it was typed as (the shortest
repr of its float), so a split that differs by exactly the tolerance passes, where float summation could land a
hair above it.
"""

from __future__ import annotations

from decimal import Decimal

from generator.core.model import Scope
from generator.scoring.bounds import bounded


def exact(value: float) -> Decimal:
    """The decimal a finite float was typed as: 0.1 is 0.1, not 0.1000000000000000055…"""
    return Decimal(repr(value))


def scope_total(scope: Scope) -> Decimal | None:
    """The exact sum of the filled parts; None when no part is filled or a part is not a finite number."""
    parts = [part for part in scope.parts() if part is not None]
    if not parts:
        return None
    finite = [bounded(part, -float("inf"), float("inf")) for part in parts]
    if any(part is None for part in finite):
        return None
    return sum((exact(part) for part in finite if part is not None), Decimal(0))


def scope_differs(scope: Scope, amount: float | None, tolerance: float) -> bool:
    """True when a filled split differs from the amount by more than `tolerance` (a share of the amount)."""
    total = scope_total(scope)
    known = bounded(amount, -float("inf"), float("inf"))
    if total is None or known is None:
        return False
    return abs(total - exact(known)) > exact(tolerance) * abs(exact(known))
