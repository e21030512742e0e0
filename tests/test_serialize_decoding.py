"""Decoding stored models fills frozen dataclasses directly when it can: the objects must be the same as built."""

from __future__ import annotations

import dataclasses
import json
import pickle
from datetime import date

import pytest
from deal_factory import action, healthy_deal, person

from generator.core.model import Action, Deal
from generator.core.serialize import deal_from_dict, scorecard_from_dict, to_jsonable
from generator.scoring import score_deal

AS_OF = date(2026, 11, 23)


def _stored(value: object) -> dict[str, object]:
    document: dict[str, object] = json.loads(json.dumps(to_jsonable(value), ensure_ascii=False))
    return document


def test_a_decoded_deal_is_equal_hashable_frozen_and_picklable() -> None:
    deal = healthy_deal(amount=1_000_000, competitors=("SAP", "", "用友"),
                        stakeholders=(person("王总", role="economic_buyer", support=-1),),
                        actions=(action("拜访", date(2026, 11, 1), "done", done_date=date(2026, 11, 2)),))
    decoded = deal_from_dict(_stored(deal))
    assert decoded == deal and hash(decoded.actions) == hash(deal.actions)
    assert type(decoded.amount) is float and isinstance(decoded.actions[0], Action)  # JSON wrote 1000000.0 as is
    assert decoded.actions[0].done_date == date(2026, 11, 2) and decoded.scope == deal.scope
    with pytest.raises(dataclasses.FrozenInstanceError):
        decoded.amount = 0.0  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(decoded)) == deal
    assert score_deal(decoded, AS_OF) == score_deal(deal, AS_OF)
    scorecard = score_deal(deal, AS_OF)
    assert scorecard_from_dict(_stored(scorecard)) == scorecard


def test_a_document_missing_fields_takes_the_defaults() -> None:
    deal = healthy_deal()
    document = _stored(deal)
    for name in ("region", "needs", "actions"):  # e.g. written before these fields existed
        del document[name]
    decoded = deal_from_dict(document)
    defaults = Deal(deal.deal_id, deal.customer_name, deal.project_name, deal.sales_rep, deal.status, deal.stage)
    assert (decoded.region, decoded.needs, decoded.actions) == (defaults.region, defaults.needs, defaults.actions)
    assert dataclasses.replace(decoded, region=deal.region, needs=deal.needs, actions=deal.actions) == deal
