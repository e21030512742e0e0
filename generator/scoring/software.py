"""Software strength (seed 000 软件实力分析): per area, whether the customer sees us ahead of or behind the best
competitor.

Each row of the SoftwareStrength table rates us and competitors 1 and 2 from 1 to 5 on one area (综合实力,
产品与技术, 行业优劣, 方案提供, 项目实施服务, or one the rep adds). The margin is our rating minus the best
competitor's; a positive margin leads, zero is level, a negative one trails.
"""

from __future__ import annotations

from generator.core.model import Deal, SoftwareStrength
from generator.core.scorecard import AreaComparison, AreaStanding
from generator.scoring.bounds import bounded


def compare_area(row: SoftwareStrength) -> AreaComparison:
    """Our rating against the best rated competitor; None unless we and at least one competitor are rated."""
    ours = bounded(row.ours, 1.0, 5.0)
    rivals = [r for r in (bounded(row.competitor_1, 1.0, 5.0), bounded(row.competitor_2, 1.0, 5.0)) if r is not None]
    if ours is None or not rivals:
        return AreaComparison(row.area, None, None)
    margin = ours - max(rivals)
    standing: AreaStanding = "lead" if margin > 0 else "trail" if margin < 0 else "level"
    return AreaComparison(row.area, margin, standing)


def software_comparison(deal: Deal) -> tuple[AreaComparison, ...]:
    """One comparison per row of the deal's software strength table, in table order."""
    return tuple(compare_area(row) for row in deal.software_strength)
