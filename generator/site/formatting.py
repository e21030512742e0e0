"""How numbers, money, dates and percentages read on the site (the same in both languages)."""

from __future__ import annotations

from datetime import date


def money(amount: float | None, currency: str | None = None) -> str:
    """`1,250,000 CNY`, or an en dash when unknown."""
    if amount is None:
        return "–"
    text = f"{amount:,.0f}"
    return f"{text} {currency}" if currency else text


def percent(fraction: float | None) -> str:
    """A 0-1 fraction as `42%`."""
    return "–" if fraction is None else f"{fraction * 100:.0f}%"


def score(value: float | None) -> str:
    """A 0-100 score as `57`."""
    return "–" if value is None else f"{value:.0f}"


def signed(value: float | None, digits: int = 1) -> str:
    """An index with its sign, `+0.8`."""
    return "–" if value is None else f"{value:+.{digits}f}"


def day(value: date | None) -> str:
    """An ISO date, `2026-11-20`."""
    return "–" if value is None else value.isoformat()


def month_key(value: date) -> str:
    """`2026-11`."""
    return f"{value.year}-{value.month:02d}"


def quarter_key(value: date) -> str:
    """`2026 Q4`."""
    return f"{value.year} Q{(value.month - 1) // 3 + 1}"
