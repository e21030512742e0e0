"""What the Score button writes into each `score_*` cell, and its traffic-light colour.

This is the one place that decides the content and fill of the workbook's output cells: the xlwings adapter
writes `score_cells(...)`, and the harvest compares the stored cells with it through `stored_matches`, so both
must stay deterministic. Fractions (probability, completeness) are 0-1 for a percent number format; 0-100
scores are rounded to 1 decimal, indices to 2, amounts to 2; a missing score is None (an empty cell, no fill).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from generator.core.i18n import Language
from generator.core.scorecard import QUADRANT_LABELS, VERDICT_LABELS, Scorecard
from generator.core.spec import OUTPUTS

GREEN = "#C6EFCE"  # Excel's "Good" fill
AMBER = "#FFEB9C"  # Excel's "Neutral" fill
RED = "#FFC7CE"  # Excel's "Bad" fill

# Traffic-light bands (a value on the boundary takes the better colour).
HEALTH_GREEN_FROM = 70.0
HEALTH_AMBER_FROM = 40.0
INDEX_GREEN_FROM = 0.5  # competitive index: ahead of the best competitor by half a point
INDEX_RED_BELOW = -0.5
SUPPORT_GREEN_FROM = 1.0  # support index
SUPPORT_RED_BELOW = 0.0
OVERDUE_RED_FROM = 2  # overdue actions: 0 green, 1 amber, 2 or more red

VERDICT_FILLS = {"pursue": GREEN, "qualify": AMBER, "walk_away": RED}
QUADRANT_FILLS = {"invest": GREEN, "build_or_exit": AMBER, "maintain": AMBER, "minimal": RED}
BULLET = "• "
TOP_FLAGS = 3  # flags the one-page summary lists; the rest are counted, and all are on the Scores sheet
FLAG_ORDER = {"high": 0, "medium": 1, "low": 2}

CellValue = str | float | int | date | None

MESSAGE_OUTPUT = "score_message"  # the Score button's note to the rep (generator.workbook.score_notice), not a score

# Outputs that come from the scorecard. Any other output (score_message: what Score could not read) is the
# Score button's own business: score_cells leaves it empty and the harvest should not compare it.
SCORECARD_OUTPUTS: tuple[str, ...] = (
    "score_as_of", "score_probability", "score_weighted_amount", "score_worth", "score_compete", "score_win",
    "score_assessment", "score_completeness", "score_verdict", "score_competitive_index", "score_support_index",
    "score_swot_balance", "score_actions_overdue", "score_health", "score_quadrant", "score_flags",
    "score_top_flags",
)


@dataclass(frozen=True)
class ScoreCell:
    """The value of one output cell and its fill colour ("#RRGGBB"), or None for no fill."""

    value: CellValue
    fill: str | None


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def _band(value: float | None, green_from: float, red_below: float) -> str | None:
    if value is None:
        return None
    if value >= green_from:
        return GREEN
    return RED if value < red_below else AMBER


def _flags_fill(card: Scorecard) -> str:
    """Red with a high flag, amber with a medium one, else green (also without any flag)."""
    levels = {flag.level for flag in card.flags}
    return RED if "high" in levels else AMBER if "medium" in levels else GREEN


def _flags_cell(card: Scorecard, lang: Language) -> ScoreCell:
    if not card.flags:
        return ScoreCell(None, GREEN)
    return ScoreCell("\n".join(BULLET + flag.message(lang) for flag in card.flags), _flags_fill(card))


def _top_flags_cell(card: Scorecard, lang: Language) -> ScoreCell:
    """The TOP_FLAGS most serious flags (high, then medium, then low; the engine's order within a level), and a
    last line counting the others, so the one-page summary stays one page however many flags fire."""
    if not card.flags:
        return ScoreCell(None, GREEN)
    ranked = sorted(card.flags, key=lambda flag: FLAG_ORDER[flag.level])  # stable: keeps the engine's order
    lines = [BULLET + flag.message(lang) for flag in ranked[:TOP_FLAGS]]
    others = len(ranked) - TOP_FLAGS
    if others > 0:
        lines.append(f"… 另有 {others} 条, 见「评分结果」" if lang == "zh" else
                     f"… and {others} more on the Scores sheet")
    return ScoreCell("\n".join(lines), _flags_fill(card))


def _overdue_fill(count: int) -> str:
    if count == 0:
        return GREEN
    return RED if count >= OVERDUE_RED_FROM else AMBER


def _builders(card: Scorecard, lang: Language) -> dict[str, Callable[[], ScoreCell]]:
    return {
        "score_as_of": lambda: ScoreCell(card.as_of, None),
        "score_probability": lambda: ScoreCell(round(card.probability, 4), None),
        "score_weighted_amount": lambda: ScoreCell(_round(card.weighted_amount, 2), None),
        "score_worth": lambda: ScoreCell(_round(card.worth, 1), None),
        "score_compete": lambda: ScoreCell(_round(card.compete, 1), None),
        "score_win": lambda: ScoreCell(_round(card.win, 1), None),
        "score_assessment": lambda: ScoreCell(_round(card.assessment, 1), None),
        "score_completeness": lambda: ScoreCell(round(card.completeness, 4), None),
        "score_verdict": lambda: (
            ScoreCell(VERDICT_LABELS[card.verdict](lang), VERDICT_FILLS[card.verdict])
            if card.verdict else ScoreCell(None, None)
        ),
        "score_competitive_index": lambda: ScoreCell(
            _round(card.competitive_index, 2), _band(card.competitive_index, INDEX_GREEN_FROM, INDEX_RED_BELOW)),
        "score_support_index": lambda: ScoreCell(
            _round(card.support_index, 2), _band(card.support_index, SUPPORT_GREEN_FROM, SUPPORT_RED_BELOW)),
        "score_swot_balance": lambda: ScoreCell(card.swot_balance, None),
        "score_actions_overdue": lambda: ScoreCell(card.actions_overdue, _overdue_fill(card.actions_overdue)),
        "score_health": lambda: ScoreCell(
            _round(card.health, 1), _band(card.health, HEALTH_GREEN_FROM, HEALTH_AMBER_FROM)),
        "score_quadrant": lambda: (
            ScoreCell(QUADRANT_LABELS[card.quadrant](lang), QUADRANT_FILLS[card.quadrant])
            if card.quadrant else ScoreCell(None, None)
        ),
        "score_flags": lambda: _flags_cell(card, lang),
        "score_top_flags": lambda: _top_flags_cell(card, lang),
    }


def score_cells(scorecard: Scorecard, lang: Language) -> dict[str, ScoreCell]:
    """Return, for every output of `generator.core.spec.OUTPUTS` in order, the cell the Score button writes.

    Outputs not in SCORECARD_OUTPUTS come back as an empty cell without fill.
    """
    builders = _builders(scorecard, lang)
    return {output.name: builders[output.name]() if output.name in builders else ScoreCell(None, None)
            for output in OUTPUTS}


def stored_matches(stored: object, cell: ScoreCell) -> bool:
    """Tell whether a value read back from a workbook's output cell equals what Score would write there.

    Tolerates what a round trip through Excel or a reader does: a date read as a datetime at midnight, an
    integer read as a float, an empty cell read as "" or None, CRLF line ends and trailing spaces in text,
    and float noise below the written precision.
    """
    expected = cell.value
    if isinstance(stored, str) and not stored.strip():
        stored = None
    if expected is None or stored is None:
        return expected is None and stored is None
    if isinstance(expected, date):
        if isinstance(stored, datetime):
            return stored.time() == datetime.min.time() and stored.date() == expected
        return isinstance(stored, date) and stored == expected
    if isinstance(expected, str):
        return isinstance(stored, str) and _text(stored) == _text(expected)
    if isinstance(stored, bool) or not isinstance(stored, int | float):
        return False
    return math.isclose(float(stored), float(expected), rel_tol=1e-9, abs_tol=1e-6)


def _text(value: str) -> str:
    return "\n".join(line.rstrip() for line in value.replace("\r\n", "\n").replace("\r", "\n").strip().split("\n"))
