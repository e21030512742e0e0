"""Which deal each workbook holds: the deal_id it carries, a provisional id when it carries none, and an id of its
own when it is a copy of another deal's workbook. Pure: the harvest supplies the facts (docs/harvest.md).

- **A workbook with a deal_id** is that deal.
- **A workbook with no deal_id** (a copy of the blank template nobody clicked Score in yet) gets a provisional id:
  the one its path had in the previous snapshot when that was provisional too (so editing the customer or project
  keeps it); else the one of a provisional deal of the previous snapshot with the same customer and project whose
  file is gone (so moving or renaming the file keeps it); else one derived from its customer and project (its path
  when both are empty). Two such workbooks with one customer and project are one deal twice: a conflict.
- **Several workbooks with one deal_id**: those with the same customer and project as each other are the same deal
  (a true duplicate, reported as a conflict by `generator.harvest.conflicts`). When their customers or projects
  differ, one group is the original and keeps the deal_id: the one whose customer and project match the deal
  counted under that id in the previous snapshot; without one (a first harvest, or a previous snapshot that had
  them in conflict), the group holding the oldest workbook by created date, then modification time, then path.
  Each other group is a copy, counted as a new deal: under the id its path had last time when it was a copy of
  the same deal then, else under an id derived from the deal_id and its customer and project.

Derived ids are uuid5 in a namespace of winplan's own, so they are the same on every run and machine and never
equal a uuid4 that `winplan new` or the Score button writes.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from generator.core.text import fold_words

NAMESPACE = uuid.UUID("4f1f6c0e-9b7a-5d3e-8c21-6a0b3e9d7f15")  # winplan's derived deal ids; never change it


@dataclass(frozen=True)
class DealFacts:
    """What identifies a deal besides its id: its customer, project and created date."""

    customer: str
    project: str
    created: date | None = None

    @property
    def key(self) -> str:
        """Customer and project as compared: NFKC, case-folded, runs of spaces as one; "" when both are empty."""
        parts = [fold_words(text) for text in (self.customer, self.project)]
        return "\x1f".join(parts) if any(parts) else ""


@dataclass(frozen=True)
class Holder:
    """A workbook that offers a deal in this harvest."""

    path: str
    written_id: str | None  # the deal_id in the file; None when its cell is empty
    mtime: float


@dataclass(frozen=True)
class PriorWorkbook:
    """A workbook of the previous snapshot, as far as identity goes."""

    path: str
    written_id: str | None
    counted_id: str | None  # the deal it was counted as; None when it gave none or lost a conflict
    in_conflict: bool = False


@dataclass(frozen=True)
class Identity:
    """The deal a workbook is counted as."""

    deal_id: str
    provisional: bool = False  # no deal_id in the file: an id the harvest gave it
    copy_of: str | None = None  # for a copy of another deal's workbook: the path of the original


Facts = Callable[[str], DealFacts]  # a workbook path -> the facts of its deal (decoded only when asked)


def assign_identities(holders: Sequence[Holder], prior: Sequence[PriorWorkbook], facts: Facts,
                      prior_facts: Facts) -> dict[str, Identity]:
    """The identity of every holder, by path. `facts` and `prior_facts` are asked only about workbooks that have
    no deal_id or share theirs, so a harvest of workbooks with distinct ids decodes nothing."""
    before = {workbook.path: workbook for workbook in prior}
    by_id: dict[str, list[Holder]] = defaultdict(list)
    identities: dict[str, Identity] = {}
    for holder in holders:
        if holder.written_id:
            by_id[holder.written_id].append(holder)
    for deal_id, group in by_id.items():
        identities.update(_shared(deal_id, group, before, prior, facts, prior_facts))
    present = {holder.path for holder in holders}
    # Provisional deals of the previous snapshot whose file is gone: where a moved workbook is looked for.
    vanished = [workbook for workbook in prior
                if workbook.written_id is None and workbook.counted_id and workbook.path not in present]
    for holder in holders:
        if not holder.written_id:
            identities[holder.path] = _provisional(holder, before, vanished, facts, prior_facts)
    return identities


def derived_id(kind: str, *parts: str) -> str:
    """A deterministic deal id for `kind` ("provisional", "path", "copy") and what it is derived from."""
    return str(uuid.uuid5(NAMESPACE, "\x1e".join((kind, *parts))))


def _provisional(holder: Holder, before: dict[str, PriorWorkbook], vanished: Sequence[PriorWorkbook],
                 facts: Facts, prior_facts: Facts) -> Identity:
    last = before.get(holder.path)
    if last is not None and last.written_id is None and last.counted_id:
        return Identity(last.counted_id, provisional=True)  # same path: same deal, whatever was edited
    key = facts(holder.path).key
    if not key:
        return Identity(derived_id("path", holder.path), provisional=True)
    moved = sorted(workbook.path for workbook in vanished if prior_facts(workbook.path).key == key)
    if moved:
        counted = before[moved[0]].counted_id
        assert counted is not None  # selected above
        return Identity(counted, provisional=True)
    return Identity(derived_id("provisional", key), provisional=True)


def _shared(deal_id: str, group: list[Holder], before: dict[str, PriorWorkbook], prior: Sequence[PriorWorkbook],
            facts: Facts, prior_facts: Facts) -> dict[str, Identity]:
    if len(group) == 1:
        return {group[0].path: Identity(deal_id)}
    keys = {holder.path: facts(holder.path).key for holder in group}
    if len(set(keys.values())) == 1:  # the same deal twice: a conflict, decided later
        return {holder.path: Identity(deal_id) for holder in group}
    original_key = _original_key(deal_id, group, keys, prior, facts, prior_facts)
    original = min((holder for holder in group if keys[holder.path] == original_key),
                   key=lambda holder: _age(holder, facts))
    identities: dict[str, Identity] = {}
    for holder in group:
        if keys[holder.path] == original_key:
            identities[holder.path] = Identity(deal_id)
            continue
        last = before.get(holder.path)
        if last is not None and last.written_id == deal_id and last.counted_id not in (None, deal_id):
            copy_id = last.counted_id
        else:
            copy_id = derived_id("copy", deal_id, keys[holder.path])
        assert copy_id is not None
        identities[holder.path] = Identity(copy_id, copy_of=original.path)
    return identities


def _original_key(deal_id: str, group: list[Holder], keys: dict[str, str], prior: Sequence[PriorWorkbook],
                  facts: Facts, prior_facts: Facts) -> str:
    """The customer and project of the original among workbooks that share `deal_id` but not those."""
    counted = sorted(workbook.path for workbook in prior if workbook.counted_id == deal_id)
    disputed = any(workbook.in_conflict for workbook in prior if workbook.written_id == deal_id)
    if counted and not disputed:
        key = prior_facts(counted[0]).key
        if key in keys.values():
            return key
    return keys[min(group, key=lambda holder: _age(holder, facts)).path]


def _age(holder: Holder, facts: Facts) -> tuple[date, float, str]:
    """Oldest first: created date (none counts as newest), then modification time, then path."""
    return facts(holder.path).created or date.max, holder.mtime, holder.path
