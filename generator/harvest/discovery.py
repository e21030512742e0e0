"""Find the workbooks below the harvested folders, whatever else the folders hold.

The walk is iterative (no depth limit), never follows a link to a folder (so no link loop can trap it), never
opens anything, and turns every file-system oddity into a per-file problem instead of an exception:

- lock and temporary files: skipped with a note;
- links named like a workbook: read once when they lead to a file inside the folder; otherwise skipped with a
  note when they lead outside it, nowhere (broken) or back to themselves (a loop);
- pipes, sockets and devices named like a workbook: failed, never opened (a pipe would block the harvest);
- OpenDocument and Numbers spreadsheets: failed with how to save them as .xlsx;
- folders that cannot be listed, paths too long to open: reported, the rest of the walk goes on;
- names that are not UTF-8: read by their real bytes, with a note saying how they are shown.

Files that are plainly not workbooks (by extension), and links that are not named like one, are ignored silently,
since a shared drive holds many other documents. Whether a workbook file really is one is decided later, by
content (`generator.reader.file_check`).
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.core.errors import WinplanError
from generator.core.model import Problem
from generator.core.paths import display_path, is_undecodable
from generator.core.records import WorkbookRecord
from generator.harvest import problems
from generator.reader.file_check import is_ignored_name

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb")
_NAMED_LIKE_SPREADSHEET = WORKBOOK_SUFFIXES + problems.UNSUPPORTED_SUFFIXES


@dataclass(frozen=True)
class Discovery:
    """The workbook files to read (absolute, unique, sorted), the files settled without reading them (skipped or
    failed, with why), and the notes to add to a workbook's problems once it is read (a name that is not UTF-8)."""

    workbooks: tuple[Path, ...]
    unread: tuple[WorkbookRecord, ...]
    notes: dict[str, tuple[Problem, ...]] = field(default_factory=dict)


def check_folders(folders: Sequence[Path]) -> None:
    """Raise a usage error (exit 2) when a folder to harvest is missing, a file, or cannot be listed."""
    for folder in folders:
        shown = display_path(str(folder))
        try:
            status = os.stat(folder)
        except OSError as error:
            if error.errno in (errno.ENOENT, errno.ENOTDIR, errno.ELOOP):
                raise WinplanError(f"{shown}: no such folder; give the folder that holds the team's workbooks") \
                    from None
            raise WinplanError(f"{shown}: cannot open it ({error.strerror}); give a folder winplan can read") \
                from None
        if not stat.S_ISDIR(status.st_mode):
            raise WinplanError(f"{shown} is a file, not a folder; give the folder that holds it")
        try:
            with os.scandir(folder):
                pass
        except OSError as error:
            raise WinplanError(f"{shown}: cannot list it ({error.strerror}); ask for read access to it for the "
                               "account that runs winplan") from None


def discover(folders: Sequence[Path]) -> Discovery:
    """Walk `folders` and sort what is found into workbooks to read and files settled by discovery alone."""
    check_folders(folders)
    found: dict[str, str] = {}  # real path -> path as found; a file reached twice is read once
    unread: dict[str, WorkbookRecord] = {}
    for folder in folders:
        root = os.path.abspath(folder)
        real_root = os.path.realpath(root)
        for directory, real_directory, entry in _entries(root, real_root, unread):
            path = os.path.join(directory, entry.name)
            if is_ignored_name(entry.name):
                unread[path] = WorkbookRecord(path, "skipped", (problems.lock_file(path),))
                continue
            own = os.path.join(real_directory, entry.name)
            outcome = _look_at(entry, path, own, real_root)
            if isinstance(outcome, WorkbookRecord):
                unread[path] = outcome
            elif outcome is not None and (outcome == own or outcome not in found):
                found[outcome] = path  # a file also reached by a link inside the folder is known by its own name
    workbooks = sorted(set(found.values()))
    notes: dict[str, tuple[Problem, ...]] = {
        path: (problems.name_not_utf8(path),) for path in workbooks if is_undecodable(path)}
    return Discovery(tuple(Path(path) for path in workbooks), tuple(unread[key] for key in sorted(unread)), notes)


def _look_at(entry: os.DirEntry[str], path: str, real: str, real_root: str) -> str | WorkbookRecord | None:
    """The real path of a workbook to read, or the record of a file that is not to be read, or None (ignored).

    At most `lstat`/`stat` is called: nothing is opened.
    """
    try:
        if entry.is_symlink():
            try:
                status = os.stat(path)  # where the link leads
            except OSError as error:
                return _dead_link(path, error)
            if stat.S_ISDIR(status.st_mode):
                return None  # a link to a folder is never followed
            real = os.path.realpath(path)
            if os.path.commonpath([real, real_root]) != real_root:
                return WorkbookRecord(path, "skipped", (problems.link_outside(path, real),))
        elif not entry.is_file(follow_symlinks=False):  # the listing's file type: no system call for a file
            status = entry.stat(follow_symlinks=False)
        else:
            status = None
    except OSError as error:
        return WorkbookRecord(path, "failed", (problems.cannot_open(path, error),))
    if status is not None and not stat.S_ISREG(status.st_mode):
        return WorkbookRecord(path, "failed", (problems.not_a_regular_file(path, _kind(status.st_mode)),))
    if not entry.name.lower().endswith(WORKBOOK_SUFFIXES):
        return WorkbookRecord(path, "failed", (problems.unsupported_format(path),))
    return real


def _dead_link(path: str, error: OSError) -> WorkbookRecord:
    """The record of a link named like a workbook that leads to no file."""
    if error.errno == errno.ELOOP:
        return WorkbookRecord(path, "skipped", (problems.link_loop(path),))
    if error.errno in (errno.ENOENT, errno.ENOTDIR):
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        return WorkbookRecord(path, "skipped", (problems.broken_link(path, target),))
    return WorkbookRecord(path, "failed", (problems.cannot_open(path, error),))


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "other"


def _entries(root: str, real_root: str,
             unread: dict[str, WorkbookRecord]) -> Iterator[tuple[str, str, os.DirEntry[str]]]:
    """(folder, its real path, entry) for every entry below `root` named like a spreadsheet, folders excepted.

    Iterative, so any depth is fine; a folder's real path is its parent's plus its name (links to folders are
    not followed), so no per-folder `realpath`; a folder met again (a bind mount of an ancestor) is not listed
    twice. Hidden folders (.git, .Trash) hold no deals and are not entered.
    A folder that cannot be listed is recorded in `unread`, so the deals it may hold are not silently missing.
    """
    pending = [(root, real_root)]
    seen: set[tuple[int, int]] = set()  # (device, inode) of the folders listed: a bind mount loop ends here too
    while pending:
        directory, real_directory = pending.pop()
        try:
            identity = os.stat(directory, follow_symlinks=False)
            if (identity.st_dev, identity.st_ino) in seen:
                continue
            seen.add((identity.st_dev, identity.st_ino))
            with os.scandir(directory) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as error:
            unread[directory] = WorkbookRecord(directory, "skipped", (problems.folder_unreadable(directory, error),))
            continue
        for entry in entries:
            try:
                is_folder = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_folder = False  # looked at as a file, where the error becomes its problem
            if is_folder and entry.name.startswith("."):
                continue
            if is_folder and entry.name.lower().endswith(".numbers"):  # a Numbers document saved as a package
                path = os.path.join(directory, entry.name)
                unread[path] = WorkbookRecord(path, "failed", (problems.unsupported_format(path),))
            elif is_folder:
                pending.append((os.path.join(directory, entry.name), os.path.join(real_directory, entry.name)))
            elif _named_like_spreadsheet(entry.name):
                yield directory, real_directory, entry


def _named_like_spreadsheet(name: str) -> bool:
    lowered = name.lower()
    if lowered.startswith(".~lock.") and lowered.endswith("#"):  # LibreOffice's lock file: .~lock.deal.xlsx#
        lowered = lowered[:-1]
    return lowered.endswith(_NAMED_LIKE_SPREADSHEET)
