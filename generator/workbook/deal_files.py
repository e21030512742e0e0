"""Name a deal's workbook file: a readable, safe stem from customer and project, never an existing file."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

MAX_STEM_BYTES = 150  # UTF-8 bytes; leaves room for "-NN.xlsx" under the usual 255-byte file name limit
WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL"} | {f"COM{n}" for n in range(1, 10)} | {f"LPT{n}" for n in range(1, 10)}
)
_UNSAFE = re.compile(r"[^\w]+")  # anything but letters (Chinese included), digits and underscore


def deal_file_stem(customer: str, project: str) -> str:
    """A file stem like 华东重工-ERP二期: letters and digits of any script kept, everything else a dash."""
    text = unicodedata.normalize("NFKC", f"{customer} {project}")
    stem = _UNSAFE.sub("-", text).strip("-_")
    stem = _truncate_utf8(stem, MAX_STEM_BYTES).strip("-_")
    if not stem:
        return "deal"
    if stem.upper() in WINDOWS_RESERVED:
        return f"{stem}_deal"
    return stem


def _truncate_utf8(text: str, limit: int) -> str:
    encoded = text.encode("utf-8")
    if len(encoded) <= limit:
        return text
    return encoded[:limit].decode("utf-8", errors="ignore")


def reserve_path(folder: Path, stem: str, suffix: str = ".xlsx") -> Path:
    """Create and return folder/stem.xlsx, or stem-2.xlsx, stem-3.xlsx ... whichever does not exist yet.

    The file is created empty (exclusively), so two runs at once never pick the same name.
    """
    folder.mkdir(parents=True, exist_ok=True)
    number = 1
    while True:
        name = f"{stem}{suffix}" if number == 1 else f"{stem}-{number}{suffix}"
        path = folder / name
        try:
            with path.open("x"):
                return path
        except FileExistsError:
            number += 1
