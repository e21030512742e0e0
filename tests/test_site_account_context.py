"""Account page contexts show the engine's decisions; they never restate a scoring rule."""

from __future__ import annotations

from dataclasses import replace

from generator.core.config import DEFAULT_CONFIG
from generator.core.model import Criterion
from generator.site.context.account import build_account
from generator.site.context.common import build_index
from tests.site_dataset import AS_OF, current_deals, harvest_of


def test_gap_badge_marks_only_the_criteria_the_engine_calls_heavy_gaps() -> None:
    deal = replace(current_deals()[1], criteria=(
        Criterion("轻权重 light", 5.0, 2.0, (4.0, None, None)),  # trails by 2 but weighs 5%: not a gap
        Criterion("重权重 heavy", 15.0, 2.0, (4.0, None, None)),  # trails by 2 at 15%: a gap
        Criterion("持平 level", 80.0, 4.0, (4.0, None, None)),
    ))
    index = build_index(harvest_of(1, AS_OF, [deal]), "en", DEFAULT_CONFIG)
    view = index.deals[0]
    assert [gap.criterion for gap in view.record.scorecard.gaps] == ["重权重 heavy"]
    account = build_account(view, [], index, "en")
    assert {row.criterion: row.trailing for row in account.criteria} == {
        "轻权重 light": False, "重权重 heavy": True, "持平 level": False}
