"""Score an unchanged workbook's stored deal again as of a new date, in a worker like a reading.

A daily harvest finds most workbooks unchanged, but their scorecards still move with the date (overdue actions,
stale contacts, a close date passed), so every carried deal is decoded from the store and scored again. Done in
the main process that is about a third of a full harvest; done in the worker pool, in parallel with any
readings, the main process only fetches the stored documents and writes the new scorecards.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from generator.core.config import Config
from generator.core.serialize import deal_from_dict
from generator.scoring import score_deal
from generator.store.rows import DealRow

RESCORES_PER_JOB = 16  # deals per job: one answer for many deals, small enough to share out evenly


@dataclass(frozen=True)
class RescoreTask:
    """Carried deals to score again: the workbooks they count for and the addresses of their stored models."""

    paths: tuple[str, ...]
    addresses: tuple[str, ...]  # each deal's stored document, in the order of `paths`
    as_of: date
    config: Config


def rescore_tasks(carried: dict[str, str], as_of: date, config: Config, workers: int) -> list[RescoreTask]:
    """Split carried deals (workbook path -> address of its stored model) into jobs, a few per worker at least."""
    items = list(carried.items())
    size = max(1, min(RESCORES_PER_JOB, len(items) // (max(1, workers) * 4)))
    return [RescoreTask(tuple(path for path, _ in chunk), tuple(address for _, address in chunk), as_of, config)
            for chunk in (items[start:start + size] for start in range(0, len(items), size))]


def rescore(documents: Mapping[str, str], task: RescoreTask) -> tuple[DealRow, ...]:
    """Decode each stored deal (`documents`: address -> JSON as stored) and score it as of the task's date.

    The documents reach a worker with the worker itself (inherited when it is forked, pickled once when it is
    spawned), not with each job: a job's message stays small, so sending one never waits on a busy worker.
    """
    rows = []
    for path, address in zip(task.paths, task.addresses, strict=True):
        deal = deal_from_dict(json.loads(documents[address]))
        rows.append(DealRow.of(deal, score_deal(deal, task.as_of, task.config), path))
    return tuple(rows)
