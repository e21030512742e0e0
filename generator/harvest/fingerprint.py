"""A workbook's fingerprint (size, modification time, SHA-256), and whether it is being saved right now."""

from __future__ import annotations

import hashlib
import os
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from generator.reader.file_check import MAX_FILE_BYTES

CHUNK = 1 << 20
SETTLE_SECONDS = 2.0  # a file modified more recently than this may still be in the middle of a save
SAVE_WAIT_SECONDS = 20.0  # how long a harvest waits, at most, for files being saved (e.g. just copied in)
TOO_LARGE = "not-hashed:too-large"  # the content checks refuse such a file unread, so its bytes never matter


@dataclass(frozen=True)
class Fingerprint:
    """What identifies one version of a file: equal fingerprints mean the content was not touched."""

    size: int
    mtime: float
    sha256: str


class BeingSaved(Exception):
    """The file changed while it was looked at, or so recently that a save may still be going on."""


class NotARegularFile(OSError):
    """A pipe, device or socket with a workbook's name: opening it could block the harvest for ever."""


def stat_signature(path: Path) -> tuple[int, float]:
    """Size and modification time of `path`."""
    status = os.stat(path)
    return status.st_size, status.st_mtime


def read_content(path: Path) -> bytes | None:
    """The file's bytes, read-only and in one go; None when it holds more than any workbook may (MAX_FILE_BYTES)."""
    with open(path, "rb") as file:
        content = file.read(MAX_FILE_BYTES + 1)
    return None if len(content) > MAX_FILE_BYTES else content


def fingerprint(path: Path, *, settle_seconds: float = SETTLE_SECONDS) -> Fingerprint:
    """Hash `path` read-only; raise BeingSaved when it is recent or its size or mtime moved during the read.

    Only a regular file is opened, and without blocking: a pipe put in the file's place after the check is found
    by `fstat` on the open descriptor and refused, instead of stopping the harvest on the open.
    """
    if not stat.S_ISREG(os.stat(path).st_mode):
        raise NotARegularFile(f"{path} is not a regular file (a pipe, device or socket)")
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(descriptor, "rb") as file:  # read-only: the harvest never modifies a source file
        status = os.fstat(file.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise NotARegularFile(f"{path} is not a regular file (a pipe, device or socket)")
        size, mtime = status.st_size, status.st_mtime
        # A future mtime is a file server's clock running ahead, not a save: only the recent past counts.
        if 0 <= time.time() - mtime < settle_seconds:
            raise BeingSaved(f"modified {time.time() - mtime:.1f} s ago")
        if size > MAX_FILE_BYTES:
            return Fingerprint(size, mtime, TOO_LARGE)
        digest = hashlib.sha256()
        while chunk := file.read(CHUNK):
            digest.update(chunk)
    if stat_signature(path) != (size, mtime):
        raise BeingSaved("its size or modification time changed while it was read")
    return Fingerprint(size, mtime, digest.hexdigest())
