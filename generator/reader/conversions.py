"""Turn one untyped cell value into text, a date, a number or a vocabulary code, the way a rep meant it.

Pure functions: they raise `NotConvertible` and never build problems (parse.py does, knowing the cell).
Cell text is untrusted: it is only ever kept as a plain str, stripped of control characters and capped.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from generator.core.raw import CellValue
from generator.core.text import fold
from generator.core.vocabulary import ROLE_ABBREVIATIONS, STAGES, VOCABULARIES

MAX_TEXT = 10_000  # characters kept of one cell's text; a longer text is cut (with a warning)
EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 = 1900-01-01 in Excel's 1900 date system (from serial 61 on)
EXCEL_1904_EPOCH = date(1904, 1, 1)  # serial 0 in the 1904 date system (`<workbookPr date1904="1"/>`)
LAST_DAY = date(9999, 12, 31)  # the last day Excel knows
# The default upper bound of any money cell (amount, budget, scope split); winplan.toml [reading] max_amount.
# Far above any real deal in any currency, far below where totals of millions of deals lose whole units.
MAX_AMOUNT = 1e15
# The highest bound a team may set: totals of any number of deals stay far from float overflow, and amounts stay
# exact to the unit up to 2**53 (about 9e15) and to a few units beyond.
MAX_AMOUNT_LIMIT = 1e18

_DATE_TEXT = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
# Currency markers a rep may type around an amount, and the currencies (vocabulary codes) each can mean. Matched
# after NFKC, so full-width "￥" and "＄" arrive as "¥" and "$".
CURRENCY_MARKERS: dict[str, frozenset[str]] = {
    **{code: frozenset({code}) for code in VOCABULARIES["currency"].codes},
    "RMB": frozenset({"CNY"}), "CN¥": frozenset({"CNY"}), "元": frozenset({"CNY"}), "人民币": frozenset({"CNY"}),
    "US$": frozenset({"USD"}), "美元": frozenset({"USD"}),
    "HK$": frozenset({"HKD"}), "港币": frozenset({"HKD"}), "港元": frozenset({"HKD"}),
    "JP¥": frozenset({"JPY"}), "円": frozenset({"JPY"}), "日元": frozenset({"JPY"}),
    "€": frozenset({"EUR"}), "欧元": frozenset({"EUR"}), "£": frozenset({"GBP"}), "英镑": frozenset({"GBP"}),
    "¥": frozenset({"CNY", "JPY"}), "$": frozenset({"USD", "HKD"}),
}
_MARKER_ALTERNATIVES = "|".join(re.escape(marker) for marker in sorted(CURRENCY_MARKERS, key=len, reverse=True))
_LEADING_MARKER = re.compile(rf"^({_MARKER_ALTERNATIVES})\s*", re.IGNORECASE)
_TRAILING_MARKER = re.compile(rf"\s*({_MARKER_ALTERNATIVES})$", re.IGNORECASE)
# The number itself once markers, spaces, a % or a scale word are gone. See `read_number` for the rule.
_PLAIN_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")  # 1200000  1200000.5  1.2e6
_COMMA_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")  # 2,400,000  2,400,000.50
_POINT_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?$")  # 2.400.000  2.400.000,50
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d{1,2}$")  # 2400000,50  1,5
_SCALE = {"万": 10_000.0, "亿": 100_000_000.0, "k": 1_000.0, "m": 1_000_000.0}
# Control characters (Unicode category Cc) except tab and line feed, and the bidi overrides that can make a
# name display as something else.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class NotConvertible(ValueError):
    """The cell holds something that is not of the kind the cell asks for."""


class UnclearSeparators(NotConvertible):
    """Number text whose commas and points could mean thousands or decimals, e.g. "2400000,500" or "1,23,4"."""


@dataclass(frozen=True)
class ReadNumber:
    """A number as read from a cell, with what the text said beyond the number itself."""

    value: float  # may be infinite (a float cell or "1e999"); never NaN
    from_text: bool = False  # typed as text such as "1,200,000", "¥1,200,000", "15%" or "120万"
    marker: str = ""  # the currency marker(s) typed with it, as written ("EUR", "€", "US$", "¥ 元"); "" when none
    currencies: frozenset[str] = frozenset()  # the currency codes the marker can mean ("¥": CNY or JPY)


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


def to_date(value: CellValue, *, date1904: bool = False) -> date:
    """A real date, an Excel serial number, or ISO-like text ("2026-03-01", "2026/3/1", "2026年3月1日").

    A serial (a date typed into a General-format cell) counts from the workbook's epoch: 1899-12-30 in Excel's
    default 1900 date system, 1904-01-01 when the workbook uses the 1904 date system.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool) or value is None or isinstance(value, time):
        raise NotConvertible("not a date")
    if isinstance(value, int | float):
        epoch, first = (EXCEL_1904_EPOCH, 0) if date1904 else (EXCEL_EPOCH, 1)
        if not math.isfinite(value) or not first <= value <= (LAST_DAY - epoch).days:
            raise NotConvertible("not a date serial")
        return epoch + timedelta(days=int(value))
    text = value.strip()
    match = _DATE_TEXT.match(text)
    if match is None:
        raise NotConvertible("not a date")
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError as error:
        raise NotConvertible("no such day") from error


def read_number(value: CellValue) -> ReadNumber:
    """A number cell, or number text as reps type it: "1,200,000", "¥1,200,000", "EUR 1000", "15%", "120万".

    Text is read by one rule, so a separator never silently scales a number:
    - a currency marker (CURRENCY_MARKERS) before or after the number is taken off and reported with it;
    - spaces, no-break spaces and underscores between digits are ignored;
    - a single point is a decimal point: "1.5", "1.234" (one point never groups thousands);
    - commas that each start a group of three digits, after one to three digits, group thousands, and a point may
      follow for decimals: "2,400,000", "2,400,000.50";
    - points that each start a group of three digits group thousands, and a comma may follow for decimals (the
      European way): "2.400.000", "2.400.000,50";
    - a single comma followed by one or two digits at the end is a decimal comma: "2400000,50" is 2400000.5;
    - any other mix of commas and points ("2400000,500", "1,23,4", "1.234.5") raises UnclearSeparators.
    """
    if isinstance(value, bool) or value is None or isinstance(value, datetime | date | time):
        raise NotConvertible("not a number")
    if isinstance(value, int | float):
        if math.isnan(value):
            raise NotConvertible("not a number")
        return ReadNumber(float(value))
    text = unicodedata.normalize("NFKC", value).strip()
    markers: list[str] = []
    for pattern in (_LEADING_MARKER, _TRAILING_MARKER):  # "￥ 1,200,000 元" has one on each side
        match = pattern.search(text)
        if match is not None:
            markers.append(match.group(1))
            text = text[: match.start()] + text[match.end():]
    text = text.strip().replace(" ", "").replace("_", "")  # NFKC made no-break and thin spaces plain spaces
    factor = 1.0
    if text.endswith("%"):
        text, factor = text[:-1], 0.01
    elif text[-1:].lower() in _SCALE:
        text, factor = text[:-1], _SCALE[text[-1:].lower()]
    if _PLAIN_NUMBER.match(text):
        digits = text
    elif _COMMA_THOUSANDS.match(text):
        digits = text.replace(",", "")
    elif _POINT_THOUSANDS.match(text):
        digits = text.replace(".", "").replace(",", ".")
    elif _DECIMAL_COMMA.match(text):
        digits = text.replace(",", ".")
    elif re.fullmatch(r"[+-]?[\d.,]*\d[\d.,]*", text):
        raise UnclearSeparators("commas and points that could group thousands or mark decimals")
    else:
        raise NotConvertible("not a number")
    currencies = functools.reduce(frozenset.intersection, (CURRENCY_MARKERS[_marker_key(m)] for m in markers),
                                  frozenset(VOCABULARIES["currency"].codes)) if markers else frozenset()
    return ReadNumber(float(digits) * factor, True, " ".join(markers), currencies)


def _marker_key(marker: str) -> str:
    """The CURRENCY_MARKERS key of a marker matched without regard to case ("usd", "Us$")."""
    return next(key for key in CURRENCY_MARKERS if key.casefold() == marker.casefold())


def to_code(vocabulary: str, value: CellValue) -> str:
    """The canonical code of a drop-down value (a label in either language, or the code itself)."""
    if vocabulary == "yes_no" and isinstance(value, bool):
        return "yes" if value else "no"
    text = clean_text(value)[0]
    folded = fold(text)
    code = _codes(vocabulary).get(folded)
    if code is not None:
        return code
    if vocabulary == "role":
        first = fold(text.split()[0]) if text.split() else ""
        if first in ROLE_ABBREVIATIONS:
            return ROLE_ABBREVIATIONS[first]
    if vocabulary == "stage":
        match = re.match(r"^(\d)(?:\D|$)", folded)
        if match and 1 <= int(match.group(1)) <= len(STAGES):
            return STAGES[int(match.group(1)) - 1].code
    raise NotConvertible("not in the list")


@functools.cache
def _codes(vocabulary: str) -> dict[str, str]:
    """Every accepted spelling of a list's entries, folded (`generator.core.text.fold`), -> its code."""
    codes: dict[str, str] = {}
    if vocabulary == "role":
        codes.update(ROLE_ABBREVIATIONS)  # EB, TB, U, Cor, Coa, Inf as the seeds write them
        for choice in VOCABULARIES["role"].choices:  # a label without its abbreviation: "决策者", "Coach"
            for label in (choice.label.zh, choice.label.en):
                codes.setdefault(fold(" ".join(label.split()[1:])), choice.code)
    if vocabulary == "yes_no":
        codes.update({"y": "yes", "true": "yes", "n": "no", "false": "no"})
    for choice in VOCABULARIES[vocabulary].choices:  # labels and codes win over the extras above
        for text in (choice.code, choice.label.zh, choice.label.en):
            codes[fold(text)] = choice.code
    codes.pop("", None)
    return codes
