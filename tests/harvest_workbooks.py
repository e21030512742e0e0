"""Build folders of deal workbooks for the harvest's tests: real templates filled by the real filler.

Filling a workbook takes a few tenths of a second, so each distinct deal is filled once per test session and
copied where a test needs it:

    book = HarvestBooks(tmp_path_factory.mktemp("books"))
    deal = book.put(folder / "east" / "华能.xlsx", customer_name="华能集团")   # returns the Deal written
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
import uuid
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

from deal_factory import healthy_deal
from reader_workbooks import template_path

from generator.core import spec
from generator.core.i18n import Language
from generator.core.model import Deal
from generator.workbook.filler import fill_workbook

AS_OF = date(2026, 11, 23)
SETTLED = 3600.0  # seconds: files older than the harvest's "being saved" window


def age(path: Path, seconds: float = SETTLED) -> None:
    """Set `path`'s modification time `seconds` into the past."""
    moment = time.time() - seconds
    os.utime(path, (moment, moment))


def deal_for(name: str, **changes: Any) -> Deal:
    """A healthy deal with a deal_id derived from `name`, so tests can predict it."""
    facts: dict[str, Any] = {"deal_id": str(uuid.uuid5(uuid.NAMESPACE_URL, name)),
                             "template_version": spec.TEMPLATE_VERSION}
    facts.update(changes)
    return healthy_deal(**facts)


class HarvestBooks:
    """Fills each distinct deal once, into a cache folder, and copies it wherever asked."""

    def __init__(self, cache: Path) -> None:
        self.cache = cache

    def template(self, lang: Language) -> Path:
        """The real blank template of `lang`, shared with the reader's test workbooks (written once a session)."""
        return template_path(lang, self.cache)

    def filled(self, deal: Deal, lang: Language = "zh") -> Path:
        """The cached workbook of `deal` in `lang`, filled on first use."""
        key = hashlib.sha256(repr((deal, lang)).encode()).hexdigest()[:20]
        path = self.cache / f"{key}.xlsx"
        if not path.exists():
            fill_workbook(self.template(lang), deal, path, lang=lang)
        return path

    def put(self, path: Path, deal: Deal | None = None, *, lang: Language = "zh", seconds_old: float = SETTLED,
            **changes: Any) -> Deal:
        """Write the workbook of `deal` (or of `deal_for(path.name, **changes)`) at `path`; return the deal."""
        deal = deal or deal_for(path.name, language=lang, **changes)
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.filled(deal, lang), path)
        age(path, seconds_old)
        return deal


def zip_bomb(path: Path) -> None:
    """A small .xlsx-named zip holding one part that unpacks to 300 MB of zeros."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/workbook.xml", "w", force_zip64=True) as part:
            block = b"\0" * (1 << 20)
            for _ in range(300):
                part.write(block)


def tree_state(folder: Path) -> dict[str, tuple[str, int, int]]:
    """Every file below `folder`: SHA-256, size and modification time in nanoseconds."""
    state = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            status = path.stat()
            state[str(path.relative_to(folder))] = (
                hashlib.sha256(path.read_bytes()).hexdigest(), status.st_size, status.st_mtime_ns)
    return state
