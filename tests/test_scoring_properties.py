"""Properties of the engine over generated deals: ranges, monotonicity, registry membership, full outputs."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from deal_factory import AS_OF, make_deal
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.core.model import Action, Criterion, Deal, Scope, Stakeholder, SwotItem
from generator.core.spec import ASSESSMENT_FIELDS, ASSESSMENT_GROUPS, OUTPUTS, Field
from generator.core.vocabulary import ACTION_STATUS, INFLUENCE, ROLE, STAGES, STATUS
from generator.scoring import FLAG_CODES, score_deal
from generator.scoring.outputs import score_cells

SCORING = settings(max_examples=120, deadline=None)

days = st.integers(min_value=-400, max_value=400).map(lambda n: AS_OF + timedelta(days=n))
maybe_day = st.none() | days
rating = st.none() | st.integers(min_value=1, max_value=5)
criterion_rating = st.none() | st.integers(min_value=1, max_value=5).map(float) | st.floats(1, 5)
amount = st.none() | st.floats(min_value=0, max_value=1e9, allow_nan=False)
text = st.text(max_size=8)

stakeholders = st.builds(
    Stakeholder, name=text, role=st.none() | st.sampled_from(ROLE.codes),
    influence=st.none() | st.sampled_from(INFLUENCE.codes),
    support=st.none() | st.integers(min_value=-3, max_value=3),
)
criteria = st.builds(
    Criterion, criterion=text, weight=st.none() | st.floats(min_value=0, max_value=100),
    ours=criterion_rating, competitors=st.tuples(criterion_rating, criterion_rating, criterion_rating),
)
actions = st.builds(Action, action=text, due_date=maybe_day, status=st.none() | st.sampled_from(ACTION_STATUS.codes))
swot_items = st.builds(SwotItem, kind=st.sampled_from(["strength", "weakness", "opportunity", "threat"]),
                       item=text, impact=st.none() | st.integers(min_value=1, max_value=3))
scopes = st.builds(Scope, hardware=amount, services=amount, other=amount)


@st.composite
def deals(draw: st.DrawFn) -> Deal:
    return make_deal(
        status=draw(st.sampled_from(STATUS.codes)),
        stage=draw(st.none() | st.sampled_from([s.code for s in STAGES])),
        amount=draw(amount),
        close_date=draw(maybe_day),
        last_updated=draw(maybe_day),
        scope=draw(scopes),
        competitors=draw(st.tuples(text, text, text)),
        assessment={f.name: draw(rating) for f in ASSESSMENT_FIELDS},
        stakeholders=tuple(draw(st.lists(stakeholders, max_size=6))),
        criteria=tuple(draw(st.lists(criteria, max_size=8))),
        swot=tuple(draw(st.lists(swot_items, max_size=6))),
        actions=tuple(draw(st.lists(actions, max_size=6))),
    )


def _within(value: float | None, low: float, high: float) -> bool:
    return value is None or low - 1e-9 <= value <= high + 1e-9


@SCORING
@given(deals())
def test_every_score_is_in_range(deal: Deal) -> None:
    card = score_deal(deal, AS_OF)
    assert 0 <= card.probability <= 1
    for score in (card.worth, card.compete, card.win, card.assessment, card.support_score, card.health,
                  card.attractiveness, card.strength):
        assert _within(score, 0, 100)
    assert 0 <= card.completeness <= 1
    assert _within(card.our_rating, 1, 5)
    assert all(_within(r, 1, 5) for r in card.competitor_ratings.values())
    assert _within(card.competitive_index, -4, 4)
    assert _within(card.support_index, -3, 3)
    assert _within(card.actions_completion, 0, 1)
    assert 0 <= card.actions_overdue <= len(deal.actions)
    assert (card.quadrant is None) == (card.attractiveness is None or card.strength is None)


@SCORING
@given(deals())
def test_weighted_amount_never_exceeds_amount(deal: Deal) -> None:
    card = score_deal(deal, AS_OF)
    if deal.amount is None:
        assert card.weighted_amount is None
    else:
        assert card.weighted_amount is not None
        assert 0 <= card.weighted_amount <= deal.amount


@SCORING
@given(deals())
def test_flags_are_registered_and_ordered(deal: Deal) -> None:
    codes = [flag.code for flag in score_deal(deal, AS_OF).flags]
    assert set(codes) <= set(FLAG_CODES)
    assert codes == sorted(codes, key=FLAG_CODES.index)
    if deal.status != "open":
        assert set(codes) <= {"scope-mismatch"}


@SCORING
@given(deals(), st.sampled_from(["zh", "en"]))
def test_score_cells_cover_every_output(deal: Deal, lang: str) -> None:
    cells = score_cells(score_deal(deal, AS_OF), "zh" if lang == "zh" else "en")
    assert list(cells) == [output.name for output in OUTPUTS]
    for cell in cells.values():
        assert cell.fill is None or re.fullmatch(r"#[0-9A-F]{6}", cell.fill)


@SCORING
@given(deals(), st.sampled_from(ASSESSMENT_FIELDS), st.integers(min_value=1, max_value=5))
def test_raising_a_rating_never_lowers_its_group(deal: Deal, question: Field, raised_to: int) -> None:
    name = question.name
    group = next(g.key for g in ASSESSMENT_GROUPS if any(f.name == name for f in g.fields))
    current = deal.assessment.get(name)
    if current is not None and raised_to < current:
        raised_to = current
    before = getattr(score_deal(deal, AS_OF), group)
    after = getattr(score_deal(replace(deal, assessment={**deal.assessment, name: raised_to}), AS_OF), group)
    assert after is not None
    if before is not None and current is not None:
        assert after >= before - 1e-9


@SCORING
@given(deals(), st.data())
def test_raising_our_criterion_rating_never_lowers_our_rating(deal: Deal, data: st.DataObject) -> None:
    if not deal.criteria:
        return
    index = data.draw(st.integers(min_value=0, max_value=len(deal.criteria) - 1))
    row = deal.criteria[index]
    if row.ours is None:
        return
    raised = data.draw(st.floats(min_value=row.ours, max_value=5))
    changed = list(deal.criteria)
    changed[index] = replace(row, ours=raised)
    before = score_deal(deal, AS_OF).our_rating
    after = score_deal(replace(deal, criteria=tuple(changed)), AS_OF).our_rating
    assert (before is None) == (after is None)  # a row left out for its weight stays left out
    if before is not None and after is not None:
        assert after >= before - 1e-9


@SCORING
@given(deals())
def test_scoring_is_deterministic(deal: Deal) -> None:
    assert score_deal(deal, AS_OF) == score_deal(deal, AS_OF)


@SCORING
@given(st.builds(Deal, deal_id=text, customer_name=text, project_name=text, sales_rep=text, status=text,
                 stage=st.none() | text))
def test_a_barely_filled_deal_never_raises(deal: Deal) -> None:
    card = score_deal(deal, date(2026, 1, 1))
    assert card.as_of == date(2026, 1, 1)
