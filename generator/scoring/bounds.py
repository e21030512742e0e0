"""Keep untrusted numbers from a workbook inside the range a score expects."""

from __future__ import annotations

import math
from collections.abc import Iterable


def bounded(value: float | int | None, low: float, high: float) -> float | None:
    """Return `value` clamped to [low, high], or None when it is missing, a bool or not a finite number."""
    if value is None or isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    if not math.isfinite(number):
        return None
    return min(high, max(low, number))


def mean(values: list[float]) -> float | None:
    """Return the arithmetic mean, or None for no values."""
    return exact_sum(values) / len(values) if values else None


def exact_sum(values: Iterable[float]) -> float:
    """Return the exactly rounded sum: the same bits on every Python (3.12 changed float `sum`'s rounding).

    The desktop button, xlwings Lite (Pyodide's Python) and the harvest must agree on every score to the bit,
    since `winplan check` compares the scores a workbook holds with the ones it recomputes.
    """
    return math.fsum(values)


def percent_of_scale(value: float | None, low: float, high: float) -> float | None:
    """Map `value` on [low, high] linearly onto 0-100 (None stays None)."""
    if value is None:
        return None
    return min(100.0, max(0.0, (value - low) / (high - low) * 100.0))
