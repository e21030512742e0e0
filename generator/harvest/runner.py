"""A harvest: find the workbooks, reuse what did not change, read the rest in isolated workers, store a snapshot.

Phases, in order: discovery (walk the folders) -> fingerprint (size, mtime, SHA-256; a file being saved is
skipped and its previous result carried) -> reuse or read (unchanged files keep the previous snapshot's
reading; the others are read and scored in worker processes) -> identity (the deal each workbook is counted as:
its deal_id, a provisional id when it has none, an id of its own when it is a copy of another deal's workbook;
`generator.harvest.identity`) -> conflicts (one deal claimed by several workbooks) -> store (one new snapshot,
in one transaction).

Models travel as the JSON documents the store keeps: workers encode what they read, and an unchanged workbook's
document is carried by its address, so a re-harvest of an unchanged folder (same date, same settings) neither
parses nor decodes a single deal. With a new date (the daily harvest) a carried deal's scores must be computed
again; its stored document goes to the same worker pool as the readings (`generator.harvest.rescoring`), so the
main process still only hashes files and writes the database.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from generator import __version__
from generator.core import strict_json
from generator.core.config import Config, find_config
from generator.core.errors import NothingHarvested, WinplanError
from generator.core.model import Problem
from generator.core.paths import display_path
from generator.core.records import HarvestResult, Snapshot, WorkbookRecord, WorkbookStatus
from generator.core.serialize import to_jsonable
from generator.harvest import problems
from generator.harvest.code_version import running_code
from generator.harvest.conflicts import Claim, Conflict, find_conflicts
from generator.harvest.discovery import discover
from generator.harvest.fingerprint import (
    SAVE_WAIT_SECONDS,
    SETTLE_SECONDS,
    BeingSaved,
    Fingerprint,
    NotARegularFile,
    fingerprint,
)
from generator.harvest.identity import DealFacts, Holder, Identity, PriorWorkbook, assign_identities
from generator.harvest.isolation import Limits, WorkerFailure, run_isolated
from generator.harvest.reading import ReadOutcome, ReadTask, read_and_score
from generator.harvest.rescoring import RescoreTask, rescore, rescore_tasks
from generator.scoring import score_deal
from generator.store import DealRow, Document, PreviousWorkbook, Store, WorkbookRow

Progress = Callable[[int, int, str], None]  # (files done, files in all, path just finished)
Notify = Callable[[str], None]  # a message about the harvest's progress for the person waiting (the wait for saves)
Reader = Callable[[ReadTask], ReadOutcome]
Carry = Callable[[DealRow | None], "_Outcome"]  # a carried workbook's outcome, given its deal as now scored


@dataclass(frozen=True)
class HarvestRun:
    """A stored harvest as the summary needs it: the snapshot, every workbook, and the counted deals' facts."""

    snapshot: Snapshot
    workbooks: tuple[WorkbookRecord, ...]  # sorted by path
    deals: tuple[DealRow, ...]  # sorted by path
    conflicts: tuple[tuple[str, tuple[str, ...]], ...]  # (deal_id, paths claiming it)


@dataclass(frozen=True)
class _Outcome:
    """One workbook's row for the store, and the deal it offers (counted unless it loses a conflict)."""

    row: WorkbookRow
    deal: DealRow | None = None


def harvest_folders(folders: list[Path], store: Store, as_of: date, config: Config, *,
                    progress: Progress | None = None, limits: Limits | None = None,
                    settle_seconds: float = SETTLE_SECONDS,
                    save_wait_seconds: float | None = None,
                    notify: Notify | None = None, reader: Reader = read_and_score) -> HarvestResult:
    """Harvest every workbook below `folders` into a new snapshot of `store`; return it with every model."""
    run = harvest_run(folders, store, as_of, config, progress=progress, limits=limits,
                      settle_seconds=settle_seconds, save_wait_seconds=save_wait_seconds, notify=notify,
                      reader=reader)
    result = store.snapshot(run.snapshot.id)
    assert result is not None  # just stored
    return result


def harvest_run(folders: list[Path], store: Store, as_of: date, config: Config, *,
                progress: Progress | None = None, limits: Limits | None = None,
                settle_seconds: float = SETTLE_SECONDS,
                save_wait_seconds: float | None = None,
                notify: Notify | None = None, reader: Reader = read_and_score,
                settings_file: Path | None = None) -> HarvestRun:
    """Harvest every workbook below `folders` into a new snapshot of `store`, scored as of `as_of`.

    `config` comes from `settings_file` (None: the defaults); a workbook whose folder has a nearer winplan.toml,
    which its Score button would use instead, is told so with a warning (`other-settings`).

    Returns what a summary needs without decoding any model. `reader` runs in the worker processes (a
    module-level function; tests pass one that misbehaves). Files that look like they are being saved are
    looked at again for up to `save_wait_seconds` (default SAVE_WAIT_SECONDS), and `notify` hears about the
    wait; those still being saved then are skipped, keeping their previous result.

    Raises WinplanError (exit 2) when the folders hold no workbook, and NothingHarvested (exit 1) when every
    workbook found was still being saved: no snapshot is stored in either case.
    """
    limits = limits or Limits()
    save_wait_seconds = SAVE_WAIT_SECONDS if save_wait_seconds is None else save_wait_seconds
    taken_at = datetime.now().astimezone()
    found = discover(folders)
    if not found.workbooks:  # nothing to harvest is a usage mistake, not an empty snapshot
        raise WinplanError(_no_workbooks(folders, found.unread))
    previous = store.previous_workbooks()
    settings = settings_fingerprint(config)
    total = len(found.workbooks)
    done = 0

    def tick(path: str) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total, path)

    def carried(prior: PreviousWorkbook | None, path: str) -> DealRow | None:
        """The prior deal of `path`, scored again (here, in this process) only when the date or settings moved."""
        if prior is None or prior.deal is None:
            return None
        if not _needs_scores(prior, as_of, settings):
            return prior.deal_row
        deal = store.deal(prior.deal)
        return DealRow.of(deal, score_deal(deal, as_of, config), path)

    outcomes: dict[str, _Outcome] = {}
    tasks: list[ReadTask] = []
    prints: dict[str, Fingerprint] = {}
    # Carried workbooks whose deal is scored again in the workers: its stored model, and how to finish the outcome.
    waiting: dict[str, tuple[Document, Carry]] = {}

    def carry(path: str, prior: PreviousWorkbook | None, finish: Carry) -> None:
        """Carry `path`'s prior deal: now when its scores still hold, else once a worker has scored it again."""
        if prior is not None and prior.deal is not None and _needs_scores(prior, as_of, settings):
            waiting[path] = (prior.deal, finish)
            return
        outcomes[path] = finish(carried(prior, path))
        tick(path)

    def examine(path: Path) -> str | None:
        """Fingerprint `path` and decide: reuse, read or fail it; or return why it seems to be being saved."""
        key = str(path)
        prior = previous.get(key)
        try:
            print_ = fingerprint(path, settle_seconds=settle_seconds)
        except BeingSaved as why:
            return str(why)
        except NotARegularFile:  # became a pipe or device since discovery looked
            outcomes[key] = _failed(key, None, problems.not_a_regular_file(key, "other"))
            tick(key)
            return None
        except OSError as error:
            outcomes[key] = _failed(key, None, problems.cannot_open(key, error))
            tick(key)
            return None
        if prior is not None and _reusable(prior, print_, settings):
            carry(key, prior, functools.partial(_reused, prior))
            return None
        prints[key] = print_
        tasks.append(ReadTask(key, print_.size, print_.mtime, print_.sha256, as_of, config))
        return None

    saving = {path: why for path in found.workbooks if (why := examine(path)) is not None}
    # Files copied in a moment ago look like files being saved: wait for them to settle, a bounded time.
    deadline = time.monotonic() + save_wait_seconds
    while saving and (left := deadline - time.monotonic()) > 0:
        if notify is not None:
            notify(f"waiting for {len(saving)} workbook(s) still being saved (at most {left:.0f} s more)")
        time.sleep(min(max(settle_seconds, 0.1), left))
        saving = {path: why for path in saving if (why := examine(path)) is not None}
    if found.workbooks and len(saving) == len(found.workbooks):
        raise NothingHarvested(_all_being_saved(folders, len(saving), save_wait_seconds))
    for path, why in saving.items():
        key = str(path)
        prior = previous.get(key)
        carry(key, prior, functools.partial(_being_saved, key, prior, why))

    documents = store.bodies(document.hash for document, _ in waiting.values())
    rescores = rescore_tasks({path: document.hash for path, (document, _) in waiting.items()}, as_of, config,
                             limits.workers)
    # Readings first: they take longest, so the short rescoring jobs fill in at the end.
    jobs: list[ReadTask | RescoreTask] = [*tasks, *rescores]
    for index, answer in run_isolated(jobs, functools.partial(_work, reader, documents), limits):
        if index >= len(tasks):
            rescored = rescores[index - len(tasks)]
            # A job that failed in a worker is done here instead, so a damaged document fails as it always did.
            scored = answer if isinstance(answer, tuple) else tuple(carried(previous[p], p) for p in rescored.paths)
            for source, deal_row in zip(rescored.paths, scored, strict=True):
                outcomes[source] = waiting[source][1](deal_row)
                tick(source)
            continue
        task = tasks[index]
        assert isinstance(answer, ReadOutcome | WorkerFailure)  # a reading's answer
        outcome = _from_answer(task, prints[task.path], answer, limits)
        if outcome is None:  # saved while it was read: skip it, carrying the previous reading
            prior = previous.get(task.path)
            assert isinstance(answer, ReadOutcome) and answer.being_saved is not None
            outcome = _being_saved(task.path, prior, answer.being_saved, carried(prior, task.path))
        outcomes[task.path] = outcome
        tick(task.path)

    saved_meanwhile = {path for path, outcome in outcomes.items() if _is_being_saved(outcome)}
    if found.workbooks and len(saved_meanwhile) == len(found.workbooks):  # changed while they were read
        raise NothingHarvested(_all_being_saved(folders, len(saved_meanwhile), save_wait_seconds))
    outcomes.update({record.path: _Outcome(WorkbookRow(record)) for record in found.unread})
    # Notes said on every harvest, never carried: a name that is not UTF-8, another winplan.toml nearer the file.
    for noted, notes in found.notes.items():
        outcomes[noted] = _noted(outcomes[noted], notes)
    for workbook, note in _other_settings(found.workbooks, settings_file).items():
        if outcomes[workbook].deal is not None:  # only a scored workbook can be scored otherwise
            outcomes[workbook] = _noted(outcomes[workbook], (note,))
    outcomes = _identify(outcomes, previous, store)
    outcomes, conflicts = _mark_conflicts(outcomes)
    losers = {path for conflict in conflicts for path in conflict.paths if path != conflict.counted}
    rows = [outcomes[path].row for path in sorted(outcomes)]
    deals = [outcome.deal for path, outcome in sorted(outcomes.items())
             if outcome.deal is not None and path not in losers]
    stale = sum(1 for deal in deals if outcomes[deal.source].row.stale_scores)
    conflict_pairs = tuple((conflict.deal_id, conflict.paths) for conflict in conflicts)
    snapshot = store.save_rows(
        taken_at=taken_at, as_of=as_of, folders=[str(Path(folder).absolute()) for folder in folders],
        counts=_counts(rows, len(deals), len(conflicts), stale), settings=settings, workbooks=rows, deals=deals,
        conflicts=conflict_pairs)
    return HarvestRun(snapshot, tuple(row.record for row in rows), tuple(deals), conflict_pairs)


# The code a reading depends on: when any of it changes (an upgrade, or a fix during development without a
# version bump), readings made before are not reused.
def settings_fingerprint(config: Config) -> str:
    """Identify the code and team settings a reading was made under; a change forces re-reading."""
    digest = hashlib.sha256(strict_json.dumps({"winplan": __version__, "code": running_code(),
                                               "config": to_jsonable(config)}, sort_keys=True).encode())
    return digest.hexdigest()[:16]


def _work(reader: Reader, documents: Mapping[str, str],
          job: ReadTask | RescoreTask) -> ReadOutcome | tuple[DealRow, ...]:
    """What a worker does with one job: read a workbook that changed, or score carried deals again."""
    return rescore(documents, job) if isinstance(job, RescoreTask) else reader(job)


def _needs_scores(prior: PreviousWorkbook, as_of: date, settings: str) -> bool:
    """Whether a carried deal must be scored again: its scores are for another date or settings, or it was not
    counted last time (a conflict's loser has no stored scores)."""
    return prior.deal_row is None or prior.as_of != as_of or prior.settings != settings


def _reusable(prior: PreviousWorkbook, print_: Fingerprint, settings: str) -> bool:
    record = prior.record
    return (prior.settings == settings and record.status in ("read", "reused", "failed")
            and (record.size, record.mtime, record.sha256) == (print_.size, print_.mtime, print_.sha256))


def _carried_problems(prior: PreviousWorkbook) -> tuple[Problem, ...]:
    return tuple(p for p in prior.record.problems if p.code not in problems.RUN_CODES)


def _reused(prior: PreviousWorkbook, deal: DealRow | None) -> _Outcome:
    """Carry an unchanged workbook's previous reading into this snapshot; a failure stays a failure."""
    status: WorkbookStatus = "failed" if prior.record.status == "failed" else "reused"
    record = replace(prior.record, status=status, problems=_carried_problems(prior))
    return _Outcome(WorkbookRow(record, prior.deal, prior.stale_scores), deal)


def _being_saved(path: str, prior: PreviousWorkbook | None, detail: str, deal: DealRow | None) -> _Outcome:
    """Skip a file in the middle of a save, keeping the previous reading of it when there is one.

    No fingerprint is recorded, so the next harvest reads the file again.
    """
    carried = _carried_problems(prior) if prior is not None and deal is not None else ()
    problem = problems.being_saved(path, detail, carried=deal is not None)
    written = prior.record.deal_id if prior is not None and deal is not None else None
    record = WorkbookRecord(path, "skipped", (*carried, problem), written)
    if prior is None or deal is None:
        return _Outcome(WorkbookRow(record))
    return _Outcome(WorkbookRow(record, prior.deal, prior.stale_scores), deal)


def _failed(path: str, print_: Fingerprint | None, *found: Problem) -> _Outcome:
    size, mtime, sha = (print_.size, print_.mtime, print_.sha256) if print_ else (None, None, None)
    return _Outcome(WorkbookRow(WorkbookRecord(path, "failed", found, None, size, mtime, sha)))


def _is_being_saved(outcome: _Outcome) -> bool:
    record = outcome.row.record
    return record.status == "skipped" and any(p.code == problems.BEING_SAVED for p in record.problems)


def _noted(outcome: _Outcome, notes: tuple[Problem, ...]) -> _Outcome:
    """`outcome` with `notes` put before its workbook's problems."""
    record = outcome.row.record
    return replace(outcome, row=replace(outcome.row, record=replace(record, problems=(*notes, *record.problems))))


def _other_settings(workbooks: Sequence[Path], settings_file: Path | None) -> dict[str, Problem]:
    """The workbooks whose nearest winplan.toml is another file than the harvest's: their Score button disagrees."""
    harvest = os.path.realpath(settings_file) if settings_file is not None else None
    nearest: dict[str, Path | None] = {}  # by folder: one look-up per folder, not per workbook
    found: dict[str, Problem] = {}
    for path in workbooks:
        folder = str(path.parent)
        if folder not in nearest:
            nearest[folder] = find_config(path.parent)
        own = nearest[folder]
        if own is not None and os.path.realpath(own) != harvest:
            found[str(path)] = problems.other_settings(str(path), str(own), str(settings_file or ""))
    return found


def _where(folders: Sequence[Path]) -> str:
    return ", ".join(display_path(str(folder)) for folder in folders)


def _no_workbooks(folders: Sequence[Path], skipped: Sequence[WorkbookRecord]) -> str:
    """The message for folders without a single workbook to read."""
    besides = f" (only {len(skipped)} item(s) that cannot be read, see below)" if skipped else ""
    notes = "".join(f"\n  {display_path(record.path)}: {record.problems[0].message.en}" for record in skipped[:5]
                    if record.problems)
    return (f"no workbooks found below {_where(folders)}{besides}; give the folder that holds the team's "
            f".xlsx/.xlsm deal workbooks. No snapshot was stored.{notes}")


def _all_being_saved(folders: Sequence[Path], count: int, waited: float) -> str:
    return (f"none of the {count} workbook(s) below {_where(folders)} could be read: they were still being saved "
            f"after waiting {waited:.0f} s. No snapshot was stored; run winplan harvest again once the copy or "
            "save has finished.")


def _from_answer(task: ReadTask, print_: Fingerprint, answer: ReadOutcome | WorkerFailure,
                 limits: Limits) -> _Outcome | None:
    """The outcome of one read, or None when the file was being saved meanwhile."""
    path = task.path
    if isinstance(answer, WorkerFailure):
        if answer.reason == "crashed":
            return _failed(path, print_, problems.reader_crashed(path, answer.exit_code))
        if answer.reason == "timeout":
            return _failed(path, print_, problems.reader_timeout(path, limits.timeout))
        if answer.reason == "memory":
            return _failed(path, print_, problems.reader_out_of_memory(path, limits.memory_megabytes))
        return _failed(path, print_, problems.reader_error(path, answer.detail))
    if answer.being_saved is not None:
        return None
    if answer.unreadable:
        return _failed(path, print_, *answer.problems)
    deal_id = answer.deal_row.deal_id or None if answer.deal_row else None  # as written: None when empty
    record = WorkbookRecord(path, "read", answer.problems, deal_id, print_.size, print_.mtime, print_.sha256)
    return _Outcome(WorkbookRow(record, answer.deal, answer.stale_scores), answer.deal_row)


def _identify(outcomes: dict[str, _Outcome], previous: Mapping[str, PreviousWorkbook],
              store: Store) -> dict[str, _Outcome]:
    """Count each workbook's deal under its identity; warn on a copy of another deal's workbook.

    A workbook record keeps the deal_id written in the file (None when empty); its deal row gets the id it is
    counted as. Deal models are decoded only for workbooks without a deal_id or sharing theirs.
    """
    holders = [Holder(path, outcome.row.record.deal_id or None, outcome.row.record.mtime or 0.0)
               for path, outcome in sorted(outcomes.items()) if outcome.deal is not None]
    prior = [PriorWorkbook(path, last.record.deal_id or None, last.deal_row.deal_id if last.deal_row else None,
                           any(p.code == problems.DEAL_CONFLICT for p in last.record.problems))
             for path, last in previous.items()]
    documents = {path: outcome.row.deal for path, outcome in outcomes.items() if outcome.row.deal is not None}
    prior_documents = {path: last.deal for path, last in previous.items() if last.deal is not None}

    known: dict[str, DealFacts] = {}

    def facts_of(document: Document | None) -> DealFacts:
        if document is None:
            return DealFacts("", "")
        if document.hash not in known:
            body = document.body if document.body is not None else store.bodies([document.hash])[document.hash]
            found = json.loads(body)
            created = found.get("created_date")
            known[document.hash] = DealFacts(found.get("customer_name") or "", found.get("project_name") or "",
                                             date.fromisoformat(created) if created else None)
        return known[document.hash]

    identities = assign_identities(holders, prior, lambda path: facts_of(documents.get(path)),
                                   lambda path: facts_of(prior_documents.get(path)))
    return {path: _counted_as(outcome, identities.get(path)) for path, outcome in outcomes.items()}


def _counted_as(outcome: _Outcome, identity: Identity | None) -> _Outcome:
    if outcome.deal is None or identity is None:
        return outcome
    deal = outcome.deal if outcome.deal.deal_id == identity.deal_id else replace(outcome.deal,
                                                                                deal_id=identity.deal_id)
    row = outcome.row
    if identity.copy_of is not None:
        written = row.record.deal_id or ""
        problem = problems.deal_copied(row.record.path, written, identity.copy_of, identity.deal_id)
        row = replace(row, record=replace(row.record, problems=(*row.record.problems, problem)))
    return replace(outcome, row=row, deal=deal)


def _mark_conflicts(outcomes: dict[str, _Outcome]) -> tuple[dict[str, _Outcome], list[Conflict]]:
    """Add a conflict problem to every workbook that shares its deal_id with another."""
    claims = [Claim(path, outcome.deal.deal_id, outcome.row.record.mtime or 0.0)
              for path, outcome in outcomes.items() if outcome.deal is not None]
    conflicts = find_conflicts(claims)
    marked = dict(outcomes)
    for conflict in conflicts:
        for path in conflict.paths:
            outcome = marked[path]
            problem = problems.deal_conflict(path, conflict.deal_id, conflict.paths, conflict.counted)
            record = replace(outcome.row.record, problems=(*outcome.row.record.problems, problem))
            marked[path] = replace(outcome, row=replace(outcome.row, record=record))
    return marked, conflicts


def _counts(rows: list[WorkbookRow], deals: int, conflicts: int, stale: int) -> dict[str, int]:
    """Counts kept with the snapshot; "problems" counts read or reused workbooks that have any."""
    statuses = [row.record.status for row in rows]
    return {
        "workbooks": len(rows),
        "read": statuses.count("read"),
        "reused": statuses.count("reused"),
        "skipped": statuses.count("skipped"),
        "failed": statuses.count("failed"),
        "problems": sum(1 for r in rows if r.record.status in ("read", "reused") and r.record.has_problems),
        "deals": deals,
        "conflicts": conflicts,
        "stale_scores": stale,
    }
