from __future__ import annotations

import json
from datetime import date

from generator.core.i18n import Bilingual
from generator.core.model import Action, Criterion, Deal, Problem, Scope, Stakeholder, SwotItem
from generator.core.scorecard import CriterionGap, Flag, Scorecard
from generator.core.serialize import deal_from_dict, problem_from_dict, scorecard_from_dict, to_jsonable


def _round_trip(document: object) -> object:
    return json.loads(json.dumps(to_jsonable(document), ensure_ascii=False))


def test_deal_survives_json() -> None:
    deal = Deal(
        deal_id="6f1c", customer_name="华能集团", project_name="ERP", sales_rep="王伟", status="open",
        stage="tender", close_date=date(2026, 12, 31), amount=1_200_000.0, is_tender=True,
        scope=Scope(hardware=200_000.0, services=1_000_000.0), competitors=("SAP", "", "用友"),
        assessment={"assess_margin": 4, "assess_coach": None},
        stakeholders=(Stakeholder("李总", role="economic_buyer", influence="high", support=1),),
        criteria=(Criterion("价格及付款方式", 15.0, 3.0, (4.0, None, 2.5)),),
        swot=(SwotItem("threat", "<script>alert(1)</script>", 3, "SAP"),),
        actions=(Action("拜访高层", due_date=date(2026, 11, 1), status="in_progress"),),
    )
    rebuilt = deal_from_dict(_round_trip(deal))  # type: ignore[arg-type]
    assert rebuilt == deal
    assert isinstance(rebuilt.close_date, date) and isinstance(rebuilt.criteria[0].competitors, tuple)


def test_scorecard_and_problem_survive_json() -> None:
    scorecard = Scorecard(
        as_of=date(2026, 11, 23), probability=0.9, weighted_amount=900.0, worth=75.0, compete=None, win=50.0,
        assessment=62.5, completeness=0.5, verdict="qualify", our_rating=3.2, competitor_ratings={"SAP": 3.9},
        competitive_index=-0.7, gaps=(CriterionGap("价格", 15.0, "SAP", 3.0, 4.0),), support_index=1.5,
        support_score=75.0, swot_balance=-2, actions_overdue=1, actions_completion=0.25, next_action="call",
        next_action_due=date(2026, 12, 1), health=58.0, attractiveness=75.0, strength=45.0,
        quadrant="build_or_exit", flags=(Flag("no-coach", "high", Bilingual("没有教练", "No coach")),),
    )
    assert scorecard_from_dict(_round_trip(scorecard)) == scorecard  # type: ignore[arg-type]
    problem = Problem("wrong-type", "error", Bilingual("类型错误", "Wrong type"), Bilingual("改", "Fix"),
                      "a.xlsx", "项目总汇", "C7")
    assert problem_from_dict(_round_trip(problem)) == problem  # type: ignore[arg-type]
    assert problem_from_dict(problem.to_dict()) == problem
