"""Whether the score_* cells saved in a workbook still match what its inputs score to.

The stored scores are compared with a scoring as of the date stored in `score_as_of` (the day Score was
clicked), so a workbook scored last week is not stale merely because time passed; it is stale when a rep
changed inputs after scoring, or scored with an older engine or other team settings. A workbook whose score
cells are all empty was never scored and is not called stale.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from generator.core.config import Config
from generator.core.model import Deal
from generator.core.raw import CellValue
from generator.core.scorecard import Scorecard
from generator.scoring import score_deal
from generator.scoring.outputs import SCORECARD_OUTPUTS, score_cells, stored_matches


def scores_are_stale(deal: Deal, stored: Mapping[str, CellValue], scorecard: Scorecard, config: Config) -> bool:
    """Tell whether the workbook's stored score cells differ from the scores its inputs give."""
    # Only the outputs the workbook has: one made before an output was added simply has not got its cell.
    present = [name for name in SCORECARD_OUTPUTS if name in stored]
    found = {name: stored.get(name) for name in present}
    if all(value is None or (isinstance(value, str) and not value.strip()) for value in found.values()):
        return False
    scored_on = _as_date(found.get("score_as_of"))
    reference = scorecard if scored_on in (None, scorecard.as_of) else score_deal(deal, scored_on, config)
    expected = score_cells(reference, deal.language)
    return not all(stored_matches(found[name], expected[name]) for name in present)


def _as_date(value: CellValue) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None
