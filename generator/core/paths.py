"""File paths as the file system gives them, as the history database keeps them and as people see them.

On Linux and macOS a file name is bytes, not text. Python hands over a name that is not valid UTF-8 (a GBK name
unpacked from a Windows zip, say) as a `str` whose undecodable bytes are lone surrogates (PEP 383,
"surrogateescape"). winplan keeps every path in that form from discovery to the database and back, so each file
is opened by its real name. Such a string cannot be written as UTF-8, so at the edges:

- `stored_path` / `loaded_path`: the database keeps a path that is not UTF-8 as its raw bytes (a BLOB), any other
  path as text; nothing is lost and two different names never meet.
- `display_path`: printable text for the summary, the site and messages. Undecodable names are read as GB18030
  (the superset of GBK that Chinese Windows uses) when their bytes are valid GB18030, otherwise each bad byte is
  shown as `\\xNN`; control and bidirectional-override characters are shown as escapes too.
- `shown_json`: any JSON-ready value with every such string made printable, for strict UTF-8 JSON;
  `shown_result`: a harvest with every path made printable, for the site.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from generator.core.i18n import Bilingual
from generator.core.model import Problem
from generator.core.records import HarvestResult

# Characters a terminal or a page must not receive raw: C0/C1 controls, DEL, bidirectional overrides, and
# surrogates left over after decoding (a lone surrogate from a Windows name).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_ESCAPED_BYTES = re.compile("[\udc80-\udcff]+")  # the undecodable bytes of a surrogateescape string
_SEPARATORS = re.compile("(" + "|".join(re.escape(s) for s in {os.sep, os.altsep or os.sep}) + ")")


def is_undecodable(path: str) -> bool:
    """Whether `path` holds bytes that are not UTF-8 (it cannot be written as UTF-8 text as it is)."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def path_bytes(path: str) -> bytes:
    """The bytes the file system knows `path` by."""
    return os.fsencode(path)


def stored_path(path: str) -> str | bytes:
    """What the database keeps for `path`: the text, or the raw bytes when the name is not UTF-8."""
    return path_bytes(path) if is_undecodable(path) else path


def loaded_path(value: str | bytes) -> str:
    """The path kept by `stored_path`, as the file system names it."""
    return os.fsdecode(value) if isinstance(value, bytes) else value


def display_path(path: str) -> str:
    """`path` as printable text: every name that is not UTF-8 decoded as GB18030 when it is valid GB18030,
    otherwise its bad bytes as `\\xNN`; control characters escaped. Only for showing: it may equal another path."""
    if not _UNPRINTABLE.search(path):
        return path
    return "".join(_display_name(part) for part in _SEPARATORS.split(path))


def shown_json(value: Any) -> Any:
    """`value` (made of dicts, lists and scalars) with every string that is not UTF-8 made printable."""
    if isinstance(value, str):
        return display_path(value) if is_undecodable(value) else value
    if isinstance(value, Mapping):
        return {shown_json(key): shown_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [shown_json(item) for item in value]
    return value


def _display_name(name: str) -> str:
    if _ESCAPED_BYTES.search(name):
        raw = name.encode("utf-8", "surrogateescape") if not _has_other_surrogates(name) else None
        if raw is not None and not _has_utf8_text(name):
            try:
                name = raw.decode("gb18030")  # the whole name is in a legacy encoding: the usual case
            except UnicodeDecodeError:
                name = raw.decode("utf-8", "backslashreplace")
        else:  # a name mixing UTF-8 text and stray bytes: decode each run of stray bytes alone
            name = _ESCAPED_BYTES.sub(_display_bytes, name)
    return _UNPRINTABLE.sub(_escape_char, name)


def _display_bytes(match: re.Match[str]) -> str:
    raw = match.group().encode("utf-8", "surrogateescape")
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return "".join(f"\\x{byte:02x}" for byte in raw)


def _has_other_surrogates(name: str) -> bool:
    return any("\ud800" <= char <= "\udfff" and not "\udc80" <= char <= "\udcff" for char in name)


def _has_utf8_text(name: str) -> bool:
    """Whether `name` has non-ASCII characters that did decode as UTF-8 next to its undecodable bytes."""
    return any(ord(char) > 0x7F and not "\ud800" <= char <= "\udfff" for char in name)


def _escape_char(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def shown_result(result: HarvestResult) -> HarvestResult:
    """`result` with every path (and every message quoting one) made printable, for pages that show files and
    never open them. The same object when nothing in it needs it, which is nearly always."""
    if not any(_needs_showing(record.path, record.problems) for record in result.workbooks) and not any(
            is_undecodable(folder) for folder in result.snapshot.folders):
        return result
    return replace(
        result,
        snapshot=replace(result.snapshot, folders=tuple(map(_shown, result.snapshot.folders))),
        deals=tuple(replace(record, source=_shown(record.source), problems=_shown_problems(record.problems))
                    for record in result.deals),
        workbooks=tuple(replace(record, path=_shown(record.path), problems=_shown_problems(record.problems))
                        for record in result.workbooks),
        conflicts=tuple((deal_id, tuple(map(_shown, paths))) for deal_id, paths in result.conflicts))


def _shown(text: str) -> str:
    return display_path(text) if is_undecodable(text) else text


def _needs_showing(path: str, problems: tuple[Problem, ...]) -> bool:
    return is_undecodable(path) or any(
        is_undecodable(p.file) or is_undecodable(p.message.zh) or is_undecodable(p.message.en) for p in problems)


def _shown_problems(problems: tuple[Problem, ...]) -> tuple[Problem, ...]:
    return tuple(replace(p, file=_shown(p.file), message=Bilingual(_shown(p.message.zh), _shown(p.message.en)))
                 for p in problems)
