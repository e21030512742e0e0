"""Publish a built site into `--out` without ever deleting a file winplan did not write.

A winplan site folder carries a manifest (MANIFEST) listing every file winplan wrote there. `--out` is accepted
only when it does not exist, is truly empty (a dotfile is content), or is a winplan site with a valid manifest.

A build happens in a staging folder beside the target, `.<name>.winplan-build-XXXXXXXX/` (same parent, so renames
stay on one file system):

    .lock       held locked while the build runs; a folder whose lock can be taken belongs to a dead build
    work/       the build folder (mkdocs.yml, docs/, ...) unless the caller keeps its own
    site/       MkDocs' output, then the manifest
    previous/   the site that was published before, once the new one is in place

A folder in there that holds a manifest is a whole site (new, or the old one swapped out) and is only ever taken
apart file by file (`retire`); one without a manifest is MkDocs' unfinished output and is removed.

Publishing swaps `site/` and the target in one step (Linux: renameat2 RENAME_EXCHANGE; elsewhere two renames a
moment apart), then retires `previous/`: the files its manifest lists are deleted, everything else in it (a
`contract.docx` someone dropped in the site) is moved, untouched, into the new site at the same place. A build
that is killed leaves its staging folder, and the published site as it was; the next build into the same target
finishes or undoes what the dead one left (see `clear_leftovers`).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import json
import os
import shutil
import stat
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

from generator.core import strict_json
from generator.core.errors import WinplanError

MANIFEST = ".winplan-site.json"
MANIFEST_FORMAT = 1
LEGACY_MARKER = ".winplan-site"  # winplan 0.1 left this marker, with no list of its files
BUILD_TAG = ".winplan-build-"
LOCK = ".lock"
LOCK_SIGNATURE = "winplan build"  # the lock file's first words: only such folders are taken for winplan's own
LOCKLESS_GRACE_SECONDS = 600.0  # an empty staging folder without a lock file is removed after this long
SHOWN_NAMES = 5


class PublishError(WinplanError):
    """`--out` is not winplan's to write, or the site could not be put in place."""


def shown(path: Path | str) -> str:
    """A path as text that can always be printed (undecodable bytes of a file name become \\xNN)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def names(rels: list[str]) -> str:
    """A short list of entries for a message: the first few, then how many more."""
    listed = ", ".join(shown(rel) for rel in rels[:SHOWN_NAMES])
    return listed + (f" and {len(rels) - SHOWN_NAMES} more" if len(rels) > SHOWN_NAMES else "")


def _reason(error: OSError) -> str:
    where = f" ({shown(error.filename)})" if error.filename else ""
    return f"{error.strerror or error}{where}"


# --- the manifest -------------------------------------------------------------------------------------------


def _valid_entry(entry: Any) -> bool:
    if not isinstance(entry, str) or not entry or "\\" in entry or "\0" in entry:
        return False
    parts = PurePosixPath(entry).parts
    return not entry.startswith("/") and ":" not in parts[0] and all(p not in ("", ".", "..") for p in parts) \
        and "/".join(parts) == entry and entry != MANIFEST


def read_manifest(folder: Path) -> frozenset[str] | None:
    """The files the manifest in `folder` lists; None when there is none; PublishError when it is damaged."""
    path = folder / MANIFEST
    if not os.path.lexists(path):
        return None
    damaged = PublishError(f"{shown(path)} is damaged, so winplan cannot tell its files in {shown(folder)} from "
                           "anyone else's; move the folder aside and build again.")
    if not path.is_file() or path.is_symlink():
        raise damaged
    try:
        data = json.loads(path.read_bytes().decode("utf-8", "surrogateescape"))
    except (OSError, ValueError) as error:
        raise damaged from error
    if not isinstance(data, dict) or data.get("generator") != "winplan" or data.get("format") != MANIFEST_FORMAT:
        raise damaged
    files = data.get("files")
    if not isinstance(files, list) or not all(_valid_entry(entry) for entry in files):
        raise damaged
    return frozenset(files)


def write_manifest(site: Path) -> tuple[list[str], int]:
    """List every file below `site` in its manifest; return the files and their total size in bytes."""
    files: list[str] = []
    size = 0
    for directory, subfolders, filenames in os.walk(site):
        subfolders.sort()
        rel_dir = Path(directory).relative_to(site).as_posix()
        for filename in sorted(filenames):
            files.append(filename if rel_dir == "." else f"{rel_dir}/{filename}")
            size += os.stat(os.path.join(directory, filename)).st_size
    files.sort()
    body = {"generator": "winplan", "format": MANIFEST_FORMAT,
            "note": "winplan build replaces the files listed here and never touches any other file in this folder",
            "files": files}
    staged = site / f"{MANIFEST}.partial"
    staged.write_text(strict_json.dumps(body, indent=1, ascii_only=True), encoding="utf-8")
    os.replace(staged, site / MANIFEST)
    return files, size


def _ancestors(rels: frozenset[str] | list[str]) -> set[str]:
    folders: set[str] = set()
    for rel in rels:
        parts = rel.split("/")
        folders.update("/".join(parts[:n]) for n in range(1, len(parts)))
    return folders


def survey(folder: Path, listed: frozenset[str]) -> tuple[list[str], list[str]]:
    """(winplan's files, everything else) below `folder`, as relative paths; links are never followed.

    An entry is winplan's only when it is a regular file the manifest lists. A folder holding no listed file is
    foreign as a whole; the manifest itself is neither.
    """
    listed_folders = _ancestors(listed)
    own: list[str] = []
    foreign: list[str] = []

    def walk(directory: str, prefix: str) -> None:
        with os.scandir(directory) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
        for entry in entries:
            rel = prefix + entry.name
            if rel == MANIFEST:
                continue
            if entry.is_dir(follow_symlinks=False):
                if rel in listed_folders:
                    walk(entry.path, rel + "/")
                else:
                    foreign.append(rel)
            elif entry.is_file(follow_symlinks=False) and rel in listed:
                own.append(rel)
            else:
                foreign.append(rel)

    walk(str(folder), "")
    return own, foreign


def _at(folder: Path, rel: str) -> Path:
    return folder.joinpath(*rel.split("/"))


# --- the target ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """Where the site goes: `path` with links resolved, `given` as the user wrote it."""

    given: Path
    path: Path
    exists: bool
    previous: frozenset[str]  # files of the site there now (empty when the folder is absent or empty)

    @property
    def staging_prefix(self) -> str:
        return f".{self.path.name}{BUILD_TAG}"


def _holds_current_folder(path: Path) -> bool:
    try:
        here = Path(os.path.realpath(os.getcwd()))
    except OSError:
        return False
    return here == path or path in here.parents


def inspect_target(out: Path) -> Target:
    """Accept `out` only if it is absent, truly empty or a winplan site with a valid manifest."""
    path = Path(os.path.realpath(out))
    if not path.name:
        raise PublishError(f"{shown(out)} is the root of a file system; give --out a folder for the site.")
    if _holds_current_folder(path):
        raise PublishError(f"{shown(out)} is (or holds) the current folder, and winplan publishes by replacing the "
                           "whole folder; run winplan build from another folder.")
    if not os.path.lexists(path):
        return Target(out, path, exists=False, previous=frozenset())
    if not path.is_dir():
        raise PublishError(f"{shown(out)} is a file; give --out a folder for the site.")
    if os.path.ismount(path):
        raise PublishError(f"{shown(out)} is a mount point, and winplan publishes by renaming a whole folder; give "
                           f"--out a folder inside it (e.g. {shown(out / 'site')}) and serve that.")
    try:
        entries = sorted(os.listdir(path))
    except OSError as error:
        raise PublishError(f"Cannot read {shown(out)}: {_reason(error)}.") from error
    if not entries:
        return Target(out, path, exists=True, previous=frozenset())
    listed = read_manifest(path)
    if listed is None:
        old = " It was built by an older winplan that did not list its files;" if LEGACY_MARKER in entries else ""
        raise PublishError(
            f"{shown(out)} is not empty ({names(entries)}) and is not a winplan site with a manifest "
            f"({MANIFEST}).{old} winplan will not build there, so it cannot delete anything of yours: give --out "
            "a new or empty folder.")
    return Target(out, path, exists=True, previous=listed)


def _conflicts(foreign: list[str], new_files: list[str]) -> list[str]:
    """Foreign entries the new site would replace: the same path, or one a new file needs as a folder."""
    new = set(new_files) | {MANIFEST}
    new_folders = _ancestors(new_files)
    return [rel for rel in foreign
            if rel in new or rel in new_folders or any(ancestor in new for ancestor in _ancestors([rel]))]


# --- locks: which staging folders belong to a running build -------------------------------------------------


def _try_lock(handle: IO[str]) -> bool:
    """Take the build's lock on `handle` without waiting; False when another process holds it."""
    if sys.platform == "win32":
        import msvcrt

        handle.seek(0)  # msvcrt locks bytes from the current position: always the first one
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _belongs_to_dead_build(staging: Path) -> bool:
    """True for a staging folder with winplan's lock file that no running build holds."""
    lock = staging / LOCK
    try:
        if not lock.is_file() or lock.is_symlink():
            return False
        with open(lock, "r+", encoding="utf-8", errors="replace") as handle:
            return handle.read(len(LOCK_SIGNATURE)) == LOCK_SIGNATURE and _try_lock(handle)  # closing unlocks
    except OSError:
        return False


def _abandoned_before_locking(staging: Path) -> bool:
    """A build killed between creating its staging folder and its lock file left it empty."""
    try:
        return not any(staging.iterdir()) and time.time() - staging.lstat().st_mtime > LOCKLESS_GRACE_SECONDS
    except OSError:
        return False


# --- moving folders -----------------------------------------------------------------------------------------


def _exchange(first: Path, second: Path) -> bool:
    """Swap two existing paths in one atomic step; False when this system or file system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def _move_in(folder: Path, into: Path, rels: list[str]) -> list[str]:
    """Move foreign entries of `folder` to the same place in `into`; return those that could not be moved."""
    stuck: list[str] = []
    for rel in rels:
        destination = _at(into, rel)
        try:
            if os.path.lexists(destination):
                stuck.append(rel)
                continue
            destination.parent.mkdir(parents=True, exist_ok=True)
            os.rename(_at(folder, rel), destination)
        except OSError:
            stuck.append(rel)
    return stuck


def _delete_own(folder: Path, own: list[str], *, manifest_too: bool) -> None:
    """Delete winplan's files from `folder`, then (when asked) its manifest, then the folders left empty."""
    for rel in own:
        with contextlib.suppress(FileNotFoundError):
            _at(folder, rel).unlink()
    if manifest_too:
        with contextlib.suppress(FileNotFoundError):
            (folder / MANIFEST).unlink()
    for directory, _subfolders, _files in sorted(os.walk(folder), key=lambda walked: -len(walked[0])):
        with contextlib.suppress(OSError):
            os.rmdir(directory)


def retire(previous: Path, into: Path | None) -> list[str]:
    """Take a replaced site apart: delete its own files, move the rest into `into`; say what had to stay."""
    listed = read_manifest_or_none(previous) or frozenset()  # unreadable now: keep everything, delete nothing
    own, foreign = survey(previous, listed)
    stuck = _move_in(previous, into, foreign) if into is not None else foreign
    # A folder still holding someone's files keeps its manifest: it stays marked as a retired site, which
    # nothing removes wholesale, and the next build tries again to move them.
    _delete_own(previous, own, manifest_too=not stuck)
    notes = []
    carried = [rel for rel in foreign if rel not in stuck]
    if carried and into is not None:
        count = f"{len(carried)} {'entry' if len(carried) == 1 else 'entries'}"
        notes.append(f"Kept {count} in {shown(into)} that winplan did not write: {names(carried)}.")
    if stuck:
        notes.append(f"Kept {shown(previous)}: it still holds entries winplan did not write ({names(stuck)}); "
                     "move them where they belong and delete the folder.")
    return notes


# --- staging ------------------------------------------------------------------------------------------------


def _remove_own_folder(folder: Path) -> None:
    if os.path.lexists(folder):
        if folder.is_dir() and not folder.is_symlink():
            shutil.rmtree(folder)
        else:
            folder.unlink()


def _finish_staging(staging: Path, target: Path) -> list[str]:
    """Empty a staging folder: undo a half-done swap, retire an old site, drop unfinished output."""
    notes: list[str] = []
    previous, site = staging / "previous", staging / "site"
    if not os.path.lexists(target) and read_manifest_or_none(previous) is not None:
        os.rename(previous, target)  # killed between the two renames of a swap: the old site goes back
        notes.append(f"Put back the site {shown(target)} that an interrupted build had moved aside.")
    into = target if read_manifest_or_none(target) is not None else None
    for part in (previous, site):
        if not os.path.lexists(part):
            continue
        if read_manifest_or_none(part) is not None:
            notes.extend(retire(part, into))
        elif part == site:
            _remove_own_folder(site)  # MkDocs' unfinished output: no manifest yet, nothing of anyone else's
        else:
            with contextlib.suppress(OSError):
                part.rmdir()  # an empty folder that was swapped out, or what retire had to keep
    _remove_own_folder(staging / "work")
    return notes


def _remove_staging(staging: Path) -> list[str]:
    with contextlib.suppress(FileNotFoundError):
        (staging / LOCK).unlink()
    try:
        staging.rmdir()
    except FileNotFoundError:
        pass
    except OSError:
        return [f"Kept {shown(staging)}: it holds something winplan did not write."]
    return []


def read_manifest_or_none(folder: Path) -> frozenset[str] | None:
    """Like read_manifest, but a missing folder or a damaged manifest is None too."""
    try:
        return read_manifest(folder) if folder.is_dir() else None
    except PublishError:
        return None


def clear_leftovers(out: Path) -> list[str]:
    """Finish or undo what killed builds into `out` left beside it (only folders named and locked like ours)."""
    target = Path(os.path.realpath(out))
    prefix = f".{target.name}{BUILD_TAG}"
    notes: list[str] = []
    try:
        with os.scandir(target.parent) as scan:
            candidates = sorted(Path(entry.path) for entry in scan
                                if entry.name.startswith(prefix) and entry.is_dir(follow_symlinks=False))
    except OSError:
        return notes
    for staging in candidates:
        if _abandoned_before_locking(staging):
            with contextlib.suppress(OSError):
                staging.rmdir()
            continue
        if not _belongs_to_dead_build(staging):
            continue
        try:
            notes.append(f"Cleaned up after an interrupted build ({shown(staging.name)}).")
            notes.extend(_finish_staging(staging, target))
            notes.extend(_remove_staging(staging))
        except OSError as error:
            notes.append(f"Could not clean up {shown(staging)}: {_reason(error)}.")
    return notes


@dataclass
class Staging:
    """The folder a build writes into, beside its target; `publish` swaps the result in."""

    target: Target
    folder: Path
    lock: IO[str]
    notes: list[str] = field(default_factory=list)

    @property
    def site(self) -> Path:
        return self.folder / "site"

    @property
    def work(self) -> Path:
        return self.folder / "work"

    def publish(self) -> tuple[list[str], int]:
        """Put the built site in place of the target; return the manifest's files and their size in bytes."""
        try:
            files, size = write_manifest(self.site)
        except OSError as error:
            raise PublishError(f"Cannot write the new site's manifest in {shown(self.site)}: {_reason(error)}. "
                               f"The site at {shown(self.target.given)} is unchanged.") from error
        target = inspect_target(self.target.given)  # again: the folder may have changed while the site was built
        if target.path != self.target.path:
            raise PublishError(f"{shown(self.target.given)} now points somewhere else; build again.")
        try:
            if target.previous:
                _own, foreign = survey(target.path, target.previous)
                clash = _conflicts(foreign, files)
                if clash:
                    raise PublishError(
                        f"{shown(target.given)} holds entries winplan did not write where the new site puts its "
                        f"own ({names(clash)}); move them out of the way and build again. Nothing was changed.")
            old = self._swap(target)
        except OSError as error:
            raise PublishError(f"Cannot put the new site in place at {shown(target.given)}: {_reason(error)}. "
                               "The site there is unchanged.") from error
        if old is not None:
            try:
                self.notes.extend(retire(old, target.path))
            except OSError as error:
                self.notes.append(f"The new site is in place, but the old one could not be taken apart in "
                                  f"{shown(old)}: {_reason(error)}.")
        return files, size

    def _swap(self, target: Target) -> Path | None:
        """Rename the new site into place; return where the old folder went (None when there was none)."""
        if not target.exists:
            os.rename(self.site, target.path)
            return None
        os.chmod(self.site, stat.S_IMODE(target.path.stat().st_mode))  # keep what the web server needs
        previous = self.folder / "previous"
        if _exchange(self.site, target.path):
            try:
                os.rename(self.site, previous)  # the old site sat where the new one was built
            except OSError:
                return self.site  # it keeps its manifest there, so nothing cleans it up as unfinished output
            return previous
        os.rename(target.path, previous)
        try:
            os.rename(self.site, target.path)
        except OSError:
            os.rename(previous, target.path)
            raise
        return previous

    def close(self) -> None:
        """Remove the staging folder (the unpublished site with it, when the build did not get that far)."""
        try:
            self.notes.extend(_finish_staging(self.folder, self.target.path))
        finally:
            self.lock.close()  # before the lock file goes: Windows cannot delete an open file
            self.notes.extend(_remove_staging(self.folder))


@contextlib.contextmanager
def staging_for(target: Target) -> Iterator[Staging]:
    """A fresh, locked staging folder beside `target`, removed afterwards whatever happens."""
    parent = target.path.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix=target.staging_prefix, dir=parent))
    except OSError as error:
        blocker = next((p for p in (parent, *parent.parents) if os.path.lexists(p)), parent)
        if not blocker.is_dir():
            why = f"{shown(blocker)} is a file, not a folder"
        elif blocker == parent:
            why = (f"cannot write in {shown(parent)} ({error.strerror or error}), where winplan builds the new site "
                   "before swapping it in; let this user write there, or give --out a folder one level deeper")
        else:
            why = f"cannot create {shown(parent)} in {shown(blocker)} ({error.strerror or error})"
        raise PublishError(f"Cannot build the site into {shown(target.given)}: {why}.") from error
    lock = open(folder / LOCK, "w", encoding="utf-8")  # noqa: SIM115 - held open for the whole build
    _try_lock(lock)
    lock.write(f"{LOCK_SIGNATURE} (process {os.getpid()}) is writing a site here; a build removes this folder "
               "when it ends, or the next build does when this one was interrupted\n")
    lock.flush()
    staging = Staging(target, folder, lock)
    try:
        yield staging
    finally:
        staging.close()
