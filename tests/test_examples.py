"""The example workbooks: realistic coverage, readable, and exactly what examples/generate.py writes."""

from __future__ import annotations

import dataclasses
import uuid
from collections import Counter
from pathlib import Path

import pytest
from workbook_contents import workbook_contents

from examples.deals import AS_OF, EXAMPLES, build_deal, example_file_name, write_examples
from generator.core.config import DEFAULT_CONFIG
from generator.core.model import Deal
from generator.reader import WorkbookReading, read_workbook
from generator.scoring import score_deal

REFRESH = "python examples/generate.py"
EXAMPLE_FOLDER = Path(__file__).resolve().parent.parent / "examples" / "workbooks"


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return write_examples(tmp_path_factory.mktemp("examples"))


@pytest.fixture(scope="module")
def readings() -> dict[int, WorkbookReading]:
    return {example.number: read_workbook(EXAMPLE_FOLDER / example_file_name(example)) for example in EXAMPLES}


def test_committed_examples_match_the_script(regenerated: list[Path]) -> None:
    committed = EXAMPLE_FOLDER
    assert sorted(p.name for p in committed.glob("*.xlsx")) == sorted(p.name for p in regenerated), (
        f"examples/workbooks differs from the script's files; run: {REFRESH}")
    for fresh in regenerated:
        assert workbook_contents(committed / fresh.name) == workbook_contents(fresh), (
            f"{fresh.name} is out of date; run: {REFRESH}")


def test_examples_cover_the_pipeline() -> None:
    deals = [build_deal(example) for example in EXAMPLES]
    assert len(deals) == 16
    assert {deal.stage for deal in deals} == {
        "qualified", "assessed", "engaged", "technical_exchange", "shortlisted", "negotiation", "tender",
        "contract_signed"}
    assert {"open", "won", "lost", "on_hold"} <= {deal.status for deal in deals}
    assert Counter(example.lang for example in EXAMPLES).keys() == {"zh", "en"}
    assert len({deal.sales_rep for deal in deals}) >= 4
    assert len({deal.region for deal in deals}) >= 4
    roles = {s.role for deal in deals for s in deal.stakeholders}
    assert roles == {"economic_buyer", "technical_buyer", "user", "coordinator", "coach", "influencer"}
    competitors = {name for deal in deals for name in deal.competitors}
    assert {"SAP", "Oracle", "用友 Yonyou", "浪潮 Inspur", "Salesforce"} <= competitors
    assert all(deal.swot and deal.actions and deal.criteria for deal in deals)
    overdue = [a for deal in deals for a in deal.actions
               if a.due_date is not None and a.due_date < AS_OF and not a.is_done]
    assert len(overdue) >= 5


def test_deal_ids_are_fixed_and_unique() -> None:
    ids = [build_deal(example).deal_id for example in EXAMPLES]
    assert len(set(ids)) == len(ids)
    assert all(uuid.UUID(deal_id).version == 5 for deal_id in ids)
    assert ids == [build_deal(example).deal_id for example in EXAMPLES]


def _as_written(reading: WorkbookReading, expected: Deal) -> Deal:
    assert reading.deal is not None, reading.problems
    return dataclasses.replace(reading.deal, template_version=expected.template_version,
                               language=expected.language)


def test_every_example_reads_back_as_the_deal_it_was_built_from(readings: dict[int, WorkbookReading]) -> None:
    for example in EXAMPLES:
        expected = build_deal(example)
        got = _as_written(readings[example.number], expected)
        if example.text_overrides:  # the deliberate text rating is not a number, so it reads as unanswered
            expected = dataclasses.replace(
                expected, assessment={**expected.assessment, **dict.fromkeys(example.text_overrides)})
        assert got == expected, example_file_name(example)


def test_the_planted_mistakes_are_there(readings: dict[int, WorkbookReading]) -> None:
    def codes(number: int) -> set[str]:
        return {problem.code for problem in readings[number].problems}

    clean = [e.number for e in EXAMPLES if e.weight_total == 100 and not e.scope_gap and not e.text_overrides
             and e.close_in_days is not None]
    assert all(not readings[number].problems for number in clean), {n: codes(n) for n in clean}
    assert "weights-not-100" in codes(2)
    assert "missing-required" in codes(4)  # no expected close date
    assert "wrong-type" in codes(10)
    planted_gap = readings[10].deal
    assert planted_gap is not None
    assert "scope-mismatch" in {flag.code for flag in score_deal(planted_gap, AS_OF, DEFAULT_CONFIG).flags}
    past_close = build_deal(EXAMPLES[4])
    assert past_close.status == "open" and past_close.close_date is not None and past_close.close_date < AS_OF
    stale = build_deal(EXAMPLES[5])
    assert stale.last_updated is not None and (AS_OF - stale.last_updated).days > 30


def test_every_example_ships_scored_as_the_score_button_would(readings: dict[int, WorkbookReading]) -> None:
    """A rep opening an example sees the Scores sheet filled, and the harvest finds those scores current."""
    from generator.harvest.stale import scores_are_stale
    from generator.scoring.outputs import SCORECARD_OUTPUTS

    for number, reading in readings.items():
        assert reading.deal is not None
        card = score_deal(reading.deal, AS_OF, DEFAULT_CONFIG)
        assert all(reading.stored_scores.get(name) not in (None, "")
                   for name in ("score_as_of", "score_probability", "score_message")), number
        assert set(SCORECARD_OUTPUTS) <= set(reading.stored_scores), number
        assert not scores_are_stale(reading.deal, reading.stored_scores, card, DEFAULT_CONFIG), number
