"""Find the workbooks below the harvested folders, without following links out of them.

Lock and temporary files are reported as skipped; files that are plainly not workbooks (by extension) are
ignored silently, since a shared drive holds many other documents. Whether a workbook file really is one is
decided later, by content (`generator.reader.file_check`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
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
    found: dict[str, Path] = {}  # real path -> path as found; a file reached twice is read once
    skipped: dict[str, WorkbookRecord] = {}
    for folder in folders:
        root = Path(os.path.abspath(folder))
        real_root = os.path.realpath(root)
        for directory, subdirectories, names in os.walk(root, followlinks=False):
            # Hidden folders (.git, .Trash) hold no deals; sorting makes every run list files in one order.
            subdirectories[:] = sorted(d for d in subdirectories if not d.startswith("."))
            for name in sorted(names):
                if not _looks_like_workbook(name):
                    continue
                path = Path(directory) / name
                if is_ignored_name(name):
                    skipped[str(path)] = WorkbookRecord(str(path), "skipped", (problems.lock_file(str(path)),))
                    continue
                real = os.path.realpath(path)
                if path.is_symlink() and os.path.commonpath([real, real_root]) != real_root:
                    skipped[str(path)] = WorkbookRecord(
                        str(path), "skipped", (problems.link_outside(str(path), real),))
                    continue
                found.setdefault(real, path)
    workbooks = tuple(sorted(set(found.values())))
    return Discovery(workbooks, tuple(skipped[key] for key in sorted(skipped)))


def _looks_like_workbook(name: str) -> bool:
    lowered = name.lower()
    if lowered.startswith(".~lock.") and lowered.endswith("#"):  # LibreOffice's lock file: .~lock.deal.xlsx#
        lowered = lowered[:-1]
    return lowered.endswith(WORKBOOK_SUFFIXES)
