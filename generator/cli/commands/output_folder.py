"""Make the folder a command writes into, or say in one sentence why it cannot be made (exit 2)."""

from __future__ import annotations

import errno
from pathlib import Path

from generator.core.errors import WinplanError


def make_folder(folder: Path, what: str = "output folder") -> Path:
    """Create `folder` and its parents when missing; a folder that cannot be made is a usage error."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise WinplanError(f"cannot create the {what} {folder}: {_why(folder, error)}; "
                           "choose another --out") from error
    return folder


def make_parent(folder: Path, what: str) -> Path:
    """Create the parent of `folder` (which is made later, e.g. swapped into place); errors name `folder` itself."""
    try:
        folder.absolute().parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise WinplanError(f"cannot create the {what} {folder}: {_why(folder, error)}; "
                           "choose another --out") from error
    return folder


def cannot_write(path: Path, error: OSError) -> WinplanError:
    """The usage error for a file that cannot be written into a folder that exists."""
    return WinplanError(f"cannot write {path}: {_why(path, error)}; choose another --out")


def _why(folder: Path, error: OSError) -> str:
    blocker = _file_in_the_way(folder)
    if blocker is not None:
        return f"{blocker} is a file, not a folder"
    if error.errno == errno.EROFS:
        return "the drive is read-only"
    if isinstance(error, PermissionError):
        return "permission denied"
    return error.strerror or str(error)


def _file_in_the_way(folder: Path) -> Path | None:
    """The nearest of `folder` and its parents that exists, when it is not a folder."""
    for candidate in (folder, *folder.parents):
        try:
            if candidate.exists():
                return None if candidate.is_dir() else candidate
        except OSError:
            return None
    return None
