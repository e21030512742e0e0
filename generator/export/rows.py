"""One row per deal of a snapshot: the columns every export format shares."""

from __future__ import annotations

from datetime import date

from generator.core.records import HarvestResult

Value = str | float | date | None

COLUMNS: tuple[str, ...] = (
    "deal_id", "customer", "project", "rep", "region", "stage", "status", "amount", "currency", "probability",
    "weighted_amount", "close_date", "health", "verdict", "quadrant", "flags", "source",
    # Added after 0.1, at the end so existing column positions hold: how the overview groups accounts, and the
    # segment upgrade the account plan aims at (seed 001).
    "industry", "segment", "product_line", "target_segment", "segment_move",
)


def pipeline_rows(result: HarvestResult) -> list[dict[str, Value]]:
    """The snapshot's deals as rows keyed by COLUMNS; codes (stage, status, verdict, flags, segment move) stay
    stable codes."""
    rows = []
    for record in result.deals:
        deal, card = record.deal, record.scorecard
        rows.append({
            "deal_id": deal.deal_id,
            "customer": deal.customer_name,
            "project": deal.project_name,
            "rep": deal.sales_rep,
            "region": deal.region,
            "stage": deal.stage,
            "status": deal.status,
            "amount": deal.amount,
            "currency": deal.currency,
            "probability": card.probability,
            "weighted_amount": card.weighted_amount,
            "close_date": deal.close_date,
            "health": None if card.health is None else round(card.health, 1),
            "verdict": card.verdict,
            "quadrant": card.quadrant,
            "flags": "; ".join(flag.code for flag in card.flags),
            "source": record.source,
            "industry": deal.industry,
            "segment": deal.segment,
            "product_line": deal.product_line,
            "target_segment": deal.target_segment,
            "segment_move": card.segment_move,
        })
    return rows
