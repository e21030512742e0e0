"""A harvest: find the workbooks, reuse what did not change, read the rest in isolated workers, store a snapshot.

Phases, in order: discovery (walk the folders) -> fingerprint (size, mtime, SHA-256; a file being saved is
skipped and its previous result carried) -> reuse or read (unchanged files keep the previous snapshot's
reading; the others are read and scored in worker processes) -> conflicts (one deal_id claimed by several
workbooks) -> store (one new snapshot, in one transaction).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from generator import __version__
from generator.config import Config
from generator.harvest import problems
from generator.harvest.conflicts import Claim, Conflict, find_conflicts
from generator.harvest.discovery import discover
from generator.harvest.fingerprint import SETTLE_SECONDS, BeingSaved, Fingerprint, fingerprint
from generator.harvest.isolation import Limits, WorkerFailure, run_isolated
from generator.harvest.reading import ReadOutcome, ReadTask, read_and_score
from generator.model import Deal, Problem
from generator.records import DealRecord, HarvestResult, WorkbookRecord, WorkbookStatus
from generator.scorecard import Scorecard
from generator.scoring import score_deal
from generator.serialize import to_jsonable
from generator.store import PreviousWorkbook, Store, WorkbookEntry

Progress = Callable[[int, int, str], None]  # (files done, files in all, path just finished)
Reader = Callable[[ReadTask], ReadOutcome]


@dataclass(frozen=True)
class _Outcome:
    """One workbook's entry for the store, with its scorecard when it holds a deal."""

    entry: WorkbookEntry
    scorecard: Scorecard | None = None


def harvest_folders(folders: list[Path], store: Store, as_of: date, config: Config, *,
                    progress: Progress | None = None, limits: Limits | None = None,
                    settle_seconds: float = SETTLE_SECONDS, reader: Reader = read_and_score) -> HarvestResult:
    """Harvest every workbook below `folders` into a new snapshot of `store`, scored as of `as_of`.

    `reader` runs in the worker processes (a module-level function; tests pass one that misbehaves).
    """
    taken_at = datetime.now().astimezone()
    found = discover(folders)
    previous = store.previous_workbooks()
    settings = settings_fingerprint(config)
    total = len(found.workbooks)
    done = 0

    def tick(path: str) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total, path)

    outcomes: dict[str, _Outcome] = {}
    tasks: list[ReadTask] = []
    prints: dict[str, Fingerprint] = {}
    for path in found.workbooks:
        key = str(path)
        prior = previous.get(key)
        try:
            print_ = fingerprint(path, settle_seconds=settle_seconds)
        except BeingSaved as why:
            outcomes[key] = _being_saved(key, prior, str(why))
            tick(key)
            continue
        except OSError as error:
            outcomes[key] = _failed(key, None, problems.reader_error(key, f"cannot open it: {error.strerror}"))
            tick(key)
            continue
        if prior is not None and _reusable(prior, print_, settings):
            outcomes[key] = _reused(prior)
            tick(key)
            continue
        prints[key] = print_
        tasks.append(ReadTask(key, print_.size, print_.mtime, as_of, config))

    for index, answer in run_isolated(tasks, reader, limits or Limits()):
        task = tasks[index]
        outcomes[task.path] = _from_answer(task, prints[task.path], answer, previous.get(task.path), limits)
        tick(task.path)

    outcomes = {path: _scored(outcome, as_of, config) for path, outcome in outcomes.items()}
    outcomes.update({record.path: _Outcome(WorkbookEntry(record)) for record in found.skipped})
    outcomes, conflicts = _mark_conflicts(outcomes)
    entries = [outcomes[path].entry for path in sorted(outcomes)]
    not_counted = {path for conflict in conflicts for path in conflict.paths if path != conflict.counted}
    deals = _deal_records(outcomes, not_counted)
    return store.save(
        taken_at=taken_at, as_of=as_of, folders=[str(Path(folder).absolute()) for folder in folders],
        counts=_counts(entries, deals, len(conflicts)), settings=settings, workbooks=entries, deals=deals,
        conflicts=[(conflict.deal_id, conflict.paths) for conflict in conflicts])


def settings_fingerprint(config: Config) -> str:
    """Identify the winplan version and team settings a reading was made under; a change forces re-reading."""
    document = json.dumps({"winplan": __version__, "config": to_jsonable(config)}, sort_keys=True)
    return hashlib.sha256(document.encode()).hexdigest()[:16]


def _reusable(prior: PreviousWorkbook, print_: Fingerprint, settings: str) -> bool:
    record = prior.record
    return (prior.settings == settings and record.status in ("read", "reused", "failed")
            and (record.size, record.mtime, record.sha256) == (print_.size, print_.mtime, print_.sha256))


def _carried_problems(prior: PreviousWorkbook) -> tuple[Problem, ...]:
    return tuple(p for p in prior.record.problems if p.code not in problems.RUN_CODES)


def _reused(prior: PreviousWorkbook) -> _Outcome:
    """Carry an unchanged workbook's previous reading into this snapshot; a failure stays a failure."""
    status: WorkbookStatus = "failed" if prior.record.status == "failed" else "reused"
    record = replace(prior.record, status=status, problems=_carried_problems(prior))
    return _Outcome(WorkbookEntry(record, prior.deal(), prior.stale_scores))


def _being_saved(path: str, prior: PreviousWorkbook | None, detail: str) -> _Outcome:
    """Skip a file in the middle of a save, keeping the previous reading of it when there is one.

    No fingerprint is recorded, so the next harvest reads the file again.
    """
    deal = prior.deal() if prior is not None else None
    carried = _carried_problems(prior) if prior is not None and deal is not None else ()
    problem = problems.being_saved(path, detail, carried=deal is not None)
    record = WorkbookRecord(path, "skipped", (*carried, problem), deal.deal_id if deal else None)
    return _Outcome(WorkbookEntry(record, deal, prior.stale_scores if prior and deal else False))


def _failed(path: str, print_: Fingerprint | None, *found: Problem) -> _Outcome:
    size, mtime, sha = (print_.size, print_.mtime, print_.sha256) if print_ else (None, None, None)
    return _Outcome(WorkbookEntry(WorkbookRecord(path, "failed", found, None, size, mtime, sha)))


def _from_answer(task: ReadTask, print_: Fingerprint, answer: ReadOutcome | WorkerFailure,
                 prior: PreviousWorkbook | None, limits: Limits | None) -> _Outcome:
    path = task.path
    if isinstance(answer, WorkerFailure):
        if answer.reason == "crashed":
            return _failed(path, print_, problems.reader_crashed(path, answer.exit_code))
        if answer.reason == "timeout":
            return _failed(path, print_, problems.reader_timeout(path, (limits or Limits()).timeout))
        if answer.reason == "memory":
            return _failed(path, print_, problems.reader_out_of_memory(path, (limits or Limits()).memory_megabytes))
        return _failed(path, print_, problems.reader_error(path, answer.detail))
    if answer.being_saved is not None:
        return _being_saved(path, prior, answer.being_saved)
    if answer.unreadable:
        return _failed(path, print_, *answer.problems)
    deal_id = answer.deal.deal_id if answer.deal else None
    record = WorkbookRecord(path, "read", answer.problems, deal_id, print_.size, print_.mtime, print_.sha256)
    return _Outcome(WorkbookEntry(record, answer.deal, answer.stale_scores), answer.scorecard)


def _scored(outcome: _Outcome, as_of: date, config: Config) -> _Outcome:
    """Score a carried deal as of this harvest (scores move with the date even when the file does not)."""
    deal = outcome.entry.deal
    if deal is None or outcome.scorecard is not None:
        return outcome
    return replace(outcome, scorecard=score_deal(deal, as_of, config))


def _mark_conflicts(outcomes: dict[str, _Outcome]) -> tuple[dict[str, _Outcome], list[Conflict]]:
    """Add a conflict problem to every workbook that shares its deal_id with another."""
    claims = [Claim(path, outcome.entry.deal.deal_id, outcome.entry.record.mtime or 0.0)
              for path, outcome in outcomes.items() if outcome.entry.deal is not None]
    conflicts = find_conflicts(claims)
    marked = dict(outcomes)
    for conflict in conflicts:
        for path in conflict.paths:
            outcome = marked[path]
            problem = problems.deal_conflict(path, conflict.deal_id, conflict.paths, conflict.counted)
            record = replace(outcome.entry.record, problems=(*outcome.entry.record.problems, problem))
            marked[path] = replace(outcome, entry=replace(outcome.entry, record=record))
    return marked, conflicts


def _deal_records(outcomes: dict[str, _Outcome], not_counted: set[str]) -> list[DealRecord]:
    records = []
    for path in sorted(outcomes):
        outcome = outcomes[path]
        deal: Deal | None = outcome.entry.deal
        if deal is None or outcome.scorecard is None or path in not_counted:
            continue
        records.append(DealRecord(deal, outcome.scorecard, path, outcome.entry.record.problems,
                                  outcome.entry.stale_scores))
    return records


def _counts(entries: Sequence[WorkbookEntry], deals: Sequence[DealRecord], conflicts: int) -> dict[str, int]:
    """Counts kept with the snapshot; "problems" counts read or reused workbooks that have any."""
    statuses = [entry.record.status for entry in entries]
    return {
        "workbooks": len(entries),
        "read": statuses.count("read"),
        "reused": statuses.count("reused"),
        "skipped": statuses.count("skipped"),
        "failed": statuses.count("failed"),
        "problems": sum(1 for e in entries if e.record.status in ("read", "reused") and e.record.has_problems),
        "deals": len(deals),
        "conflicts": conflicts,
        "stale_scores": sum(1 for deal in deals if deal.stale_scores),
    }
