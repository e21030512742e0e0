"""Time the scoring engine: score a batch of full, realistic deals and print deals per second.

Run: python benchmarks/bench_scoring.py [COUNT]
"""

from __future__ import annotations

import sys
import time
from datetime import date, timedelta

from generator.core.model import Action, Criterion, Deal, Scope, Stakeholder, SwotItem
from generator.core.spec import ASSESSMENT_FIELDS
from generator.core.vocabulary import INFLUENCE, ROLE, STAGES
from generator.scoring import score_deal
from generator.scoring.outputs import score_cells

AS_OF = date(2026, 11, 20)


def sample_deal(n: int) -> Deal:
    """Return a fully filled deal that varies with `n`: 12 stakeholders, 10 criteria, 12 actions, 12 SWOT items."""
    return Deal(
        deal_id=f"deal-{n}", customer_name=f"客户{n}", project_name="ERP", sales_rep="张伟", status="open",
        stage=STAGES[n % len(STAGES)].code, amount=100_000.0 + n, close_date=AS_OF + timedelta(days=n % 90 - 30),
        last_updated=AS_OF - timedelta(days=n % 60), competitors=("SAP", "用友", "Oracle"),
        scope=Scope(hardware=50_000.0, services=50_000.0),
        assessment={f.name: (n + i) % 5 + 1 for i, f in enumerate(ASSESSMENT_FIELDS)},
        stakeholders=tuple(
            Stakeholder(f"人{i}", role=ROLE.codes[i % 6], influence=INFLUENCE.codes[i % 3], support=(n + i) % 7 - 3)
            for i in range(12)
        ),
        criteria=tuple(
            Criterion(f"标准{i}", 10.0, (n + i) % 5 + 1, ((i % 5) + 1, (n % 5) + 1, 3.0)) for i in range(10)
        ),
        swot=tuple(SwotItem(("strength", "weakness", "opportunity", "threat")[i % 4], f"s{i}", i % 3 + 1)
                   for i in range(12)),
        actions=tuple(Action(f"a{i}", due_date=AS_OF + timedelta(days=i - 6), status=("done", None)[i % 2])
                      for i in range(12)),
    )


def main() -> None:
    """Score COUNT deals (default 2000), render their cells in Chinese, and print the rate."""
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    deals = [sample_deal(n) for n in range(count)]
    start = time.perf_counter()
    for deal in deals:
        score_cells(score_deal(deal, AS_OF), "zh")
    elapsed = time.perf_counter() - start
    print(f"scored {count} deals in {elapsed:.3f} s: {count / elapsed:,.0f} deals/s, "
          f"{elapsed / count * 1e6:,.0f} µs per deal")


if __name__ == "__main__":
    main()
