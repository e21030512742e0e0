"""The closing summary of a harvest: counts, pipeline totals per currency, and the workbooks with problems."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from generator.core.paths import is_undecodable, path_bytes, shown_json
from generator.core.pipeline import PipelineTotal, totals_by_currency
from generator.core.records import WorkbookRecord
from generator.harvest.runner import HarvestRun

COUNTED = ("read", "reused", "skipped", "problems", "failed", "deals", "conflicts", "stale_scores")


@dataclass(frozen=True)
class HarvestSummary:
    """What a manager wants to know when a harvest ends."""

    result: HarvestRun
    pipeline: tuple[PipelineTotal, ...]

    @property
    def counts(self) -> dict[str, int]:
        return {key: self.result.snapshot.counts.get(key, 0) for key in COUNTED}

    @property
    def attention(self) -> tuple[WorkbookRecord, ...]:
        """Workbooks that failed or have problems, failures first; skipped lock files are left out."""
        wanted = [w for w in self.result.workbooks if w.status != "skipped" and w.has_problems]
        wanted += [w for w in self.result.workbooks if w.status == "skipped"
                   and any(p.code != "lock-file" for p in w.problems)]
        return tuple(sorted(wanted, key=lambda w: (w.status != "failed", w.path)))

    @property
    def has_problems(self) -> bool:
        """True when --strict should fail: a workbook failed or has problems, a deal_id is claimed twice, or a
        folder could not be listed (lock files, links and files being saved are only notes)."""
        counts = self.counts
        unlisted = any(p.severity == "error" for w in self.result.workbooks if w.status == "skipped"
                       for p in w.problems)
        return bool(counts["failed"] or counts["problems"] or counts["conflicts"] or unlisted)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary, with every workbook's status and problems.

        Strict UTF-8 throughout: a path that is not UTF-8 is shown printable (see `generator.core.paths`), and its
        workbook carries the real name's bytes in hex as `path_bytes`.
        """
        snapshot = self.result.snapshot
        shown: dict[str, Any] = shown_json({
            "snapshot": snapshot.id,
            "taken_at": snapshot.taken_at.isoformat(),
            "as_of": snapshot.as_of.isoformat(),
            "folders": list(snapshot.folders),
            "counts": self.counts,
            "pipeline": [asdict(total) for total in self.pipeline],
            "conflicts": [{"deal_id": deal_id, "paths": list(paths)} for deal_id, paths in self.result.conflicts],
            "workbooks": [
                {"path": w.path, "status": w.status, "deal_id": w.deal_id,
                 "problems": [problem.to_dict() for problem in w.problems],
                 **({"path_bytes": path_bytes(w.path).hex()} if is_undecodable(w.path) else {})}
                for w in self.result.workbooks
            ],
        })
        return shown


def summarize(run: HarvestRun) -> HarvestSummary:
    """Total the open pipeline of `run` per currency."""
    pipeline = totals_by_currency(
        (deal.currency or "", deal.amount, deal.weighted_amount) for deal in run.deals if deal.status == "open")
    return HarvestSummary(run, pipeline)
