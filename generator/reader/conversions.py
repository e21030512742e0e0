"""Turn one untyped cell value into text, a date, a number or a vocabulary code, the way a rep meant it.

Pure functions: they raise `NotConvertible` and never build problems (parse.py does, knowing the cell).
Cell text is untrusted: it is only ever kept as a plain str, stripped of control characters and capped.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from datetime import date, datetime, time, timedelta

from generator.raw import CellValue
from generator.vocabulary import ROLE_ABBREVIATIONS, STAGES, VOCABULARIES

MAX_TEXT = 10_000  # characters kept of one cell's text; a longer text is cut (with a warning)
EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 = 1900-01-01 in Excel's 1900 date system (from serial 61 on)
MAX_SERIAL = 2_958_465  # 9999-12-31

_DATE_TEXT = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_CURRENCY_MARKS = re.compile(r"^(?:[¥￥$€£]|RMB|CNY|USD|EUR|HKD|JPY|GBP)\s*|\s*(?:元|RMB|CNY|USD|EUR)$", re.IGNORECASE)
_NUMBER_TEXT = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
_SCALE = {"万": 10_000.0, "亿": 100_000_000.0, "k": 1_000.0, "m": 1_000_000.0}
# Control characters (Unicode category Cc) except tab and line feed, and the bidi overrides that can make a
# name display as something else.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class NotConvertible(ValueError):
    """The cell holds something that is not of the kind the cell asks for."""


def display(value: CellValue, limit: int = 60) -> str:
    """The cell value as a short plain text for a problem message."""
    text = clean_text(value)[0].replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def clean_text(value: CellValue) -> tuple[str, bool]:
    """The cell as plain text without control characters; True when it had to be cut to MAX_TEXT."""
    if value is None:
        return "", False
    if isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, float):
        text = str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    elif isinstance(value, datetime | date | time):
        text = value.isoformat()
    else:
        text = str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROLS.sub("", text).strip()
    if len(text) > MAX_TEXT:
        return text[:MAX_TEXT], True
    return text, False


def is_blank(value: CellValue) -> bool:
    """Whether a cell counts as empty (nothing, or only spaces)."""
    return value is None or (type(value) is str and not value.strip())


def to_date(value: CellValue) -> date:
    """A real date, an Excel serial number, or ISO-like text ("2026-03-01", "2026/3/1", "2026年3月1日")."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool) or value is None or isinstance(value, time):
        raise NotConvertible("not a date")
    if isinstance(value, int | float):
        if not math.isfinite(value) or not 1 <= value <= MAX_SERIAL:
            raise NotConvertible("not a date serial")
        return EXCEL_EPOCH + timedelta(days=int(value))
    text = value.strip()
    match = _DATE_TEXT.match(text)
    if match is None:
        raise NotConvertible("not a date")
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError as error:
        raise NotConvertible("no such day") from error


def to_number(value: CellValue) -> tuple[float, bool]:
    """A number, and True when it was read from text such as "1,200,000", "¥1,200,000", "15%" or "120万"."""
    if isinstance(value, bool) or value is None or isinstance(value, datetime | date | time):
        raise NotConvertible("not a number")
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise NotConvertible("not a finite number")
        return float(value), False
    text = unicodedata.normalize("NFKC", value).strip()
    text = _CURRENCY_MARKS.sub("", text).strip()
    text = text.replace(",", "").replace(" ", "").replace("\u00a0", "").replace("_", "")
    factor = 1.0
    if text.endswith("%"):
        text, factor = text[:-1], 0.01
    elif text[-1:].lower() in _SCALE:
        text, factor = text[:-1], _SCALE[text[-1:].lower()]
    if not _NUMBER_TEXT.match(text):
        raise NotConvertible("not a number")
    number = float(text) * factor
    if not math.isfinite(number):
        raise NotConvertible("not a finite number")
    return number, True


def to_code(vocabulary: str, value: CellValue) -> str:
    """The canonical code of a drop-down value (a label in either language, or the code itself)."""
    if vocabulary == "yes_no" and isinstance(value, bool):
        return "yes" if value else "no"
    text = clean_text(value)[0]
    folded = "".join(text.split()).casefold()
    code = _codes(vocabulary).get(folded)
    if code is not None:
        return code
    if vocabulary == "role":
        first = text.split()[0].casefold() if text.split() else ""
        if first in ROLE_ABBREVIATIONS:
            return ROLE_ABBREVIATIONS[first]
    if vocabulary == "stage":
        match = re.match(r"^(\d)(?:\D|$)", folded)
        if match and 1 <= int(match.group(1)) <= len(STAGES):
            return STAGES[int(match.group(1)) - 1].code
    raise NotConvertible("not in the list")


@functools.cache
def _codes(vocabulary: str) -> dict[str, str]:
    """Every accepted spelling of a list's entries, folded as `Vocabulary.code_for` folds, -> its code."""
    codes: dict[str, str] = {}
    if vocabulary == "role":
        codes.update(ROLE_ABBREVIATIONS)  # EB, TB, U, Cor, Coa, Inf as the seeds write them
        for choice in VOCABULARIES["role"].choices:  # a label without its abbreviation: "决策者", "Coach"
            for label in (choice.label.zh, choice.label.en):
                codes.setdefault("".join(label.split()[1:]).casefold(), choice.code)
    if vocabulary == "yes_no":
        codes.update({"y": "yes", "true": "yes", "n": "no", "false": "no"})
    for choice in VOCABULARIES[vocabulary].choices:  # labels and codes win over the extras above
        for text in (choice.code, choice.label.zh, choice.label.en):
            codes["".join(text.split()).casefold()] = choice.code
    codes.pop("", None)
    return codes
