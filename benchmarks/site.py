"""Benchmark `build_site`: build time and output size for 100, 1000 and 3000 accounts (two harvests each).

Run: python -m benchmarks.site [--sizes 100 1000 3000]
Targets (issue 12): 3000 accounts build in at most 30 s; time and size grow linearly (each step's ratio at most
1.2 times the ratio of accounts). Wall time is what a user waits; CPU time (this process) moves less on a busy
machine, so both are printed.
"""

from __future__ import annotations

import argparse
import itertools
import random
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

from generator.core.config import DEFAULT_CONFIG
from generator.core.model import Action, Criterion, Deal, Needs, Stakeholder, SwotItem
from generator.core.records import DealRecord, HarvestResult, Snapshot, WorkbookRecord
from generator.core.spec import ASSESSMENT_FIELDS
from generator.core.vocabulary import STAGES
from generator.scoring import score_deal
from generator.site import build_site

AS_OF = date(2026, 11, 20)
REPS = ("张伟", "李娜", "王芳", "刘洋", "陈静", "Alice Smith", "Bob Jones", "赵磊", "孙丽", "周杰")
CUSTOMERS = ("华东重工", "江南精密", "北方钢铁", "岭南家电", "西部能源", "Pacific Components", "Northwind", "Helios")
PROJECTS = ("ERP 二期", "MES 一体化", "财务共享中心", "供应链协同", "CRM rollout", "Warehouse upgrade")


def rep_name(index: int, accounts: int) -> str:
    """About ten accounts per rep, as in a real team."""
    rep = index % max(len(REPS), accounts // 10)
    return REPS[rep % len(REPS)] + (f" {rep // len(REPS)}" if rep >= len(REPS) else "")


def synthetic_deal(index: int, accounts: int, rng: random.Random) -> Deal:
    """A fully filled deal, different for every index, the same on every run."""
    stage = rng.choice(STAGES)
    competitors = ("SAP", "Oracle", "用友")
    return Deal(
        deal_id=f"{index:08x}-0000-4000-8000-{index:012x}",
        customer_name=f"{rng.choice(CUSTOMERS)} {index}",
        project_name=rng.choice(PROJECTS),
        sales_rep=rep_name(index, accounts),
        status=rng.choice(("open", "open", "open", "won", "lost")),
        stage=stage.code,
        industry="制造", region="华东", segment="A", currency="CNY",
        created_date=AS_OF - timedelta(days=rng.randint(30, 300)),
        close_date=AS_OF + timedelta(days=rng.randint(-30, 240)),
        last_updated=AS_OF - timedelta(days=rng.randint(0, 60)),
        amount=float(rng.randint(1, 100) * 50_000),
        competitors=competitors,
        needs=Needs(business="客户希望在年底前完成财务系统升级并统一集团报表", technical="支持私有云部署"),
        assessment={f.name: rng.randint(1, 5) for f in ASSESSMENT_FIELDS},
        stakeholders=tuple(
            Stakeholder(f"联系人{n}", "IT", "经理", rng.choice(("economic_buyer", "coach", "user", "technical_buyer")),
                        rng.choice(("high", "medium", "low")), rng.randint(-3, 3), business_needs="降低库存")
            for n in range(6)
        ),
        criteria=tuple(
            Criterion(name, 10.0, float(rng.randint(1, 5)), (float(rng.randint(1, 5)), float(rng.randint(1, 5)), None))
            for name in ("技术质量", "系统功能/操作方式", "安全保密性", "总拥有成本", "服务支持", "成功案例",
                         "价格及付款方式")
        ),
        swot=tuple(SwotItem(kind, f"{kind} item {n}", rng.randint(1, 3))
                   for kind in ("strength", "weakness", "opportunity", "threat") for n in range(3)),
        actions=tuple(Action(f"行动 {n}", "目标", "联系人1", "张伟", AS_OF + timedelta(days=rng.randint(-20, 40)),
                             rng.choice(("not_started", "in_progress", "done"))) for n in range(6)),
    )


def synthetic_history(accounts: int) -> list[HarvestResult]:
    """Two harvests of `accounts` deals, newest first; the older one has every deal one stage earlier."""
    rng = random.Random(accounts)
    deals = [synthetic_deal(index, accounts, rng) for index in range(accounts)]
    earlier = [replace(deal, amount=(deal.amount or 0) * 0.9) for deal in deals]
    return [scored_harvest(2, AS_OF, deals), scored_harvest(1, AS_OF - timedelta(days=14), earlier)]


def scored_harvest(snapshot_id: int, as_of: date, deals: list[Deal]) -> HarvestResult:
    """One harvest of `deals`, each scored as of `as_of` and read from its own workbook team/<deal_id>.xlsx."""
    records = tuple(DealRecord(deal, score_deal(deal, as_of, DEFAULT_CONFIG), f"team/{deal.deal_id}.xlsx")
                    for deal in deals)
    workbooks = tuple(WorkbookRecord(record.source, "read", (), record.deal.deal_id) for record in records)
    snapshot = Snapshot(snapshot_id, datetime(as_of.year, as_of.month, as_of.day), as_of, ("team",))
    return HarvestResult(snapshot, records, workbooks)


def measure(accounts: int) -> tuple[float, float, int]:
    """Build the site for `accounts` deals; return (wall seconds, CPU seconds, bytes)."""
    history = synthetic_history(accounts)
    folder = Path(tempfile.mkdtemp(prefix="winplan-bench-"))
    try:
        cpu = time.process_time()
        report = build_site(history, folder / "site", "zh", DEFAULT_CONFIG, strict=True)
        return report.seconds, time.process_time() - cpu, report.bytes
    finally:
        shutil.rmtree(folder)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 3000])
    args = parser.parse_args(argv)
    results = {}
    for size in sorted(args.sizes):
        results[size] = measure(size)
        seconds, cpu, size_bytes = results[size]
        print(f"{size:5d} accounts: build {seconds:6.1f} s (CPU {cpu:6.1f} s), output {size_bytes / 1e6:7.1f} MB")
    sizes = sorted(results)
    for small, large in itertools.pairwise(sizes):
        factor = large / small
        (time_small, cpu_small, bytes_small), (time_large, cpu_large, bytes_large) = results[small], results[large]
        print(f"{large} vs {small} accounts ({factor:.0f}x): time {time_large / time_small:.1f}x, "
              f"CPU {cpu_large / cpu_small:.1f}x, size {bytes_large / bytes_small:.1f}x "
              f"(target: at most {factor * 1.2:.1f}x)")
    if 3000 in results:
        print(f"3000 accounts: {results[3000][0]:.1f} s (target: at most 30 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
