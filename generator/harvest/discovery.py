"""Find the workbooks below the harvested folders, without following links out of them.

Lock and temporary files are reported as skipped; files that are plainly not workbooks (by extension) are
ignored silently, since a shared drive holds many other documents. Whether a workbook file really is one is
decided later, by content (`generator.reader.file_check`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.errors import WinplanError
from generator.harvest import problems
from generator.reader.file_check import is_ignored_name
from generator.records import WorkbookRecord

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb")


@dataclass(frozen=True)
class Discovery:
    """The workbook files to look at (absolute, unique, sorted) and the files skipped by name."""

    workbooks: tuple[Path, ...]
    skipped: tuple[WorkbookRecord, ...]


def check_folders(folders: Sequence[Path]) -> None:
    """Raise a usage error (exit 2) when a folder to harvest is missing or is a file."""
    for folder in folders:
        if not folder.exists():
            raise WinplanError(f"{folder}: no such folder; give the folder that holds the team's workbooks")
        if not folder.is_dir():
            raise WinplanError(f"{folder} is a file, not a folder; give the folder that holds it")


def discover(folders: Sequence[Path]) -> Discovery:
    """Walk `folders` and sort what is found into workbooks to read and files skipped by name."""
    check_folders(folders)
    found: dict[str, str] = {}  # real path -> path as found; a file reached twice is read once
    skipped: dict[str, WorkbookRecord] = {}
    for folder in folders:
        root = os.path.abspath(folder)
        real_root = os.path.realpath(root)
        for directory, real_directory, entry in _entries(root, skipped):
            if not _looks_like_workbook(entry.name):
                continue
            path = os.path.join(directory, entry.name)
            if is_ignored_name(entry.name):
                skipped[path] = WorkbookRecord(path, "skipped", (problems.lock_file(path),))
                continue
            if entry.is_symlink():
                real = os.path.realpath(path)
                if os.path.commonpath([real, real_root]) != real_root:
                    skipped[path] = WorkbookRecord(path, "skipped", (problems.link_outside(path, real),))
                    continue
            else:
                real = os.path.join(real_directory, entry.name)  # one realpath per folder, not per file
            found.setdefault(real, path)
    return Discovery(tuple(Path(path) for path in sorted(set(found.values()))),
                     tuple(skipped[key] for key in sorted(skipped)))


def _entries(root: str, skipped: dict[str, WorkbookRecord]) -> Iterator[tuple[str, str, os.DirEntry[str]]]:
    """(folder, its real path, entry) for everything below `root` but folders; links to folders are not followed.

    Hidden folders (.git, .Trash) hold no deals and are not entered. A folder that cannot be listed is recorded
    in `skipped`, so the deals it may hold are not silently missing.
    """
    pending = [root]
    while pending:
        directory = pending.pop()
        real_directory = os.path.realpath(directory)
        try:
            with os.scandir(directory) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as error:
            skipped[directory] = WorkbookRecord(
                directory, "skipped", (problems.folder_unreadable(directory, error.strerror or str(error)),))
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if not entry.name.startswith("."):
                    pending.append(entry.path)
            elif not (entry.is_symlink() and entry.is_dir()):
                yield directory, real_directory, entry


def _looks_like_workbook(name: str) -> bool:
    lowered = name.lower()
    if lowered.startswith(".~lock.") and lowered.endswith("#"):  # LibreOffice's lock file: .~lock.deal.xlsx#
        lowered = lowered[:-1]
    return lowered.endswith(WORKBOOK_SUFFIXES)
