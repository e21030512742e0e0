"""What the store writes for one workbook and one deal: models already encoded as JSON documents, plus the facts a
summary needs, so carrying an unchanged workbook into a new snapshot never decodes or re-encodes it."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from generator.core import strict_json
from generator.core.model import Deal
from generator.core.records import WorkbookRecord
from generator.core.scorecard import Scorecard
from generator.core.serialize import to_jsonable

_SURROGATE = re.compile("[\ud800-\udfff]")


def escape_surrogates(text: str) -> str:
    """`text` (JSON) with every lone surrogate written as a `\\uXXXX` escape: valid UTF-8, and `json.loads` gives
    the same string back (a file name that is not UTF-8 carries its bytes as such surrogates)."""
    return _SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def encode(value: Any) -> str:
    """Compact JSON of any winplan model (see generator.core.serialize)."""
    return escape_surrogates(strict_json.dumps(to_jsonable(value), compact=True))


def document_hash(body: str) -> str:
    """The address of a JSON document in the store."""
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Document:
    """A model as JSON, addressed by the SHA-256 of that JSON; stored once however many snapshots share it."""

    hash: str
    body: str | None = None  # None: already in the store (carried over from an earlier snapshot)

    @classmethod
    def of(cls, value: Any) -> Document:
        body = encode(value)
        return cls(document_hash(body), body)


@dataclass(frozen=True)
class DealRow:
    """A deal of a snapshot: its scorecard and the facts that pipeline totals need."""

    deal_id: str
    source: str  # the workbook it was read from; the deal's model is stored with that workbook
    scorecard: Document
    customer_name: str
    status: str
    stage: str | None
    amount: float | None
    currency: str | None
    weighted_amount: float | None

    @classmethod
    def of(cls, deal: Deal, scorecard: Scorecard, source: str) -> DealRow:
        return cls(deal.deal_id, source, Document.of(scorecard), deal.customer_name, deal.status, deal.stage,
                   deal.amount, deal.currency, scorecard.weighted_amount)


@dataclass(frozen=True)
class WorkbookRow:
    """A workbook of a snapshot, with the model read from it (None when it gave no deal)."""

    record: WorkbookRecord
    deal: Document | None = None
    stale_scores: bool = False
