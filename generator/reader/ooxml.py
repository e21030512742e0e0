"""The few OOXML parts winplan reads itself: sheets, defined names and tables, with a parser that refuses DTDs.

python-calamine reads cell values but not defined names; these helpers read `xl/workbook.xml`, the
relationship parts and `xl/tables/*.xml` straight from the zip. Every part is small and its size is bounded by
`file_check` (zip-bomb limits) before anything here runs.
"""

from __future__ import annotations

import functools
import io
import posixpath
import re
import struct
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Protocol

from generator.core.raw import CellValue, column_letter

REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
STRICT_REL_NS = "http://purl.oclc.org/ooxml/officeDocument/relationships"

_CELL = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_PREFIX = rb"(?:[A-Za-z_][\w.-]*:)?"  # sheet XML may use a namespace prefix, e.g. <x:c>
_FORMULA = re.compile(rb"<" + _PREFIX + rb"f[\s/>]")
_CELL_OPEN = re.compile(rb"<" + _PREFIX + rb"c\s[^>]*?\br=\"([A-Za-z]{1,3}[0-9]{1,7})\"[^>]*>")
_CELL_CLOSE = re.compile(rb"</" + _PREFIX + rb"c>")
_CELL_REF = re.compile(rb"\sr=\"([A-Za-z]{1,3})([0-9]{1,7})\"")  # only cells have an r="A1"-like attribute
# The same without the leading space: a literal prefix lets the regex engine skip ahead, about 5x faster. It finds
# every match of _CELL_REF and maybe more, so an extent within bounds by this one is within bounds by _CELL_REF.
_CELL_REF_FAST = re.compile(rb"r=\"([A-Za-z]{1,3})([0-9]{1,7})\"")
# Any reference with three column letters or four row digits. Without one, every cell lies within ZZ999.
_LONG_REF = re.compile(rb"r=\"(?:[A-Za-z]{3}[0-9]|[A-Za-z]{1,2}[0-9]{4})")
_SHORT_REFS_AREA = 702 * 999  # columns A..ZZ, rows 1..999
_ERROR_CELL = re.compile(rb"<" + _PREFIX + rb"c\s[^>]*?\bt=[\"']e[\"'][^>]*>")
_CELL_REF_ATTRIBUTE = re.compile(rb"\sr=[\"']([A-Za-z]{1,3}[0-9]{1,7})[\"']")
_ERROR_TEXT = re.compile(rb"<" + _PREFIX + rb"v>([^<]*)<")
_SAVED_VALUE = re.compile(rb"<" + _PREFIX + rb"v>[^<]|<" + _PREFIX + rb"t[\s>]")


MAX_SHEET_CELLS = 2_000_000  # rows x columns spanned by a sheet's cells; calamine allocates all of them


class SheetTooLarge(ValueError):
    """A sheet's cells span an area no account plan needs (e.g. one stray value in cell XFD1048576)."""

    def __init__(self, sheet: str, extent: str) -> None:
        super().__init__(f"sheet {sheet!r} spans {extent}")
        self.sheet = sheet
        self.extent = extent


class UnsafeXml(ValueError):
    """An XML part declares a DTD (entities could expand or reach outside the file)."""


class _NoDoctype(ET.TreeBuilder):
    def doctype(self, name: str | None, pubid: str | None, system: str | None) -> None:
        raise UnsafeXml("XML with a DOCTYPE declaration is refused")


def safe_xml(data: bytes) -> ET.Element:
    """Parse one XML part, refusing any DOCTYPE (hence any entity declaration)."""
    parser = ET.XMLParser(target=_NoDoctype())
    parser.feed(data)
    root: ET.Element = parser.close()
    return root


def local(tag: str) -> str:
    """The tag without its namespace: '{ns}sheet' -> 'sheet'."""
    return tag.rsplit("}", 1)[-1]


def _children(element: ET.Element, name: str) -> Iterable[ET.Element]:
    return (child for child in element if local(child.tag) == name)


def _rel_id(element: ET.Element) -> str | None:
    return element.get(f"{{{REL_NS}}}id") or element.get(f"{{{STRICT_REL_NS}}}id")


@dataclass(frozen=True)
class TablePart:
    """An Excel table as declared in its `xl/tables/tableN.xml` part."""

    name: str  # displayName, what users and formulas see
    sheet: str
    ref: str  # e.g. "A3:K15"
    header_rows: int  # 0 or 1
    totals_rows: int
    columns: tuple[str, ...]


@dataclass(frozen=True)
class WorkbookParts:
    """What the package says about its sheets, workbook-scoped defined names and tables."""

    sheets: tuple[tuple[str, str], ...]  # (sheet name, worksheet part path) in workbook order
    names: dict[str, str]  # defined name as written -> its formula text, e.g. "'项目总汇'!$C$5"
    tables: tuple[TablePart, ...]
    date1904: bool = False  # `<workbookPr date1904="1"/>`: date serials count from 1904-01-01

    def sheet_part(self, sheet: str) -> str | None:
        for name, part in self.sheets:
            if name == sheet:
                return part
        return None


class Members(Protocol):
    """What the package readers need of a zip: its member names and a member's bytes (zipfile.ZipFile fits)."""

    def namelist(self) -> list[str]: ...

    def read(self, name: str) -> bytes: ...


_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature, (version .. sizes skipped), name length, extra length
_PLAIN_FLAGS = 0x08 | 0x800 | 0x06  # data descriptor, UTF-8 names, deflate level: nothing to decode differently


class Package:
    """An xlsx package held in memory, whose members are inflated straight from the bytes.

    zipfile's directory is used as is; reading a member skips zipfile's per-member file object (most of the
    cost for the small XML parts of a workbook). Anything unusual (encryption, another compression, a size or
    CRC that does not match) goes through `zipfile.ZipFile.read`, so it fails or succeeds exactly as there.
    """

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.archive = zipfile.ZipFile(io.BytesIO(data))

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *_: object) -> None:
        self.archive.close()

    def namelist(self) -> list[str]:
        return self.archive.namelist()

    def read(self, name: str) -> bytes:
        info = self.archive.getinfo(name)
        if info.flag_bits & ~_PLAIN_FLAGS or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            return self.archive.read(name)
        offset = info.header_offset
        header = self.data[offset : offset + _LOCAL_HEADER.size]
        if len(header) != _LOCAL_HEADER.size:
            return self.archive.read(name)
        signature, name_length, extra_length = _LOCAL_HEADER.unpack(header)
        if signature != b"PK\x03\x04":
            return self.archive.read(name)
        start = offset + _LOCAL_HEADER.size + name_length + extra_length
        stored = self.data[start : start + info.compress_size]
        if info.compress_type == zipfile.ZIP_STORED:
            content = stored
        else:
            # At most one byte more than declared is inflated: a part cannot expand beyond what file_check saw.
            content = zlib.decompressobj(-15).decompress(stored, info.file_size + 1)
        if len(content) != info.file_size or zlib.crc32(content) != info.CRC:
            return self.archive.read(name)
        return content


def read_workbook_parts(archive: Members) -> WorkbookParts:
    """Read sheets, workbook-scoped defined names and tables from an open xlsx/xlsm package."""
    members = set(archive.namelist())
    workbook_part = _office_document(archive, members)
    declared_sheets, names, date1904 = _workbook_xml(archive.read(workbook_part))
    relations = _relations(archive, members, workbook_part)
    sheets = tuple((name, relations[rel_id]) for name, rel_id in declared_sheets if rel_id in relations)
    tables: list[TablePart] = []
    for sheet_name, sheet_part in sheets:
        for target in _relations(archive, members, sheet_part, kind="/table").values():
            if target in members:
                table = _table_xml(archive.read(target))
                if table is not None:
                    tables.append(TablePart(table[0], sheet_name, *table[1:]))
    return WorkbookParts(sheets, dict(names), tuple(tables), date1904)


# Parts are parsed by pure functions of their bytes, cached: workbooks made from one template share most of
# them byte for byte (workbook.xml, relationships, table definitions), so a harvest parses each only once.
_PART_CACHE = 512


@functools.lru_cache(maxsize=_PART_CACHE)
def _workbook_xml(data: bytes) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...], bool]:
    """((sheet name, relationship id) in order, (defined name, formula text), 1904 date system) of a workbook part."""
    sheets: list[tuple[str, str]] = []
    names: dict[str, str] = {}
    date1904 = False
    for section in safe_xml(data):
        if local(section.tag) == "workbookPr":
            date1904 = section.get("date1904", "").strip().lower() in ("1", "true")  # xsd:boolean
        elif local(section.tag) == "sheets":
            for sheet in _children(section, "sheet"):
                if sheet.get("name") and _rel_id(sheet):
                    sheets.append((sheet.get("name", ""), _rel_id(sheet) or ""))
        elif local(section.tag) == "definedNames":
            for defined in _children(section, "definedName"):
                name = defined.get("name", "")
                # Sheet-scoped names (localSheetId) and Excel's own _xlnm.* names are not the workbook API.
                if not name or defined.get("localSheetId") is not None or name.lower().startswith("_xlnm."):
                    continue
                names.setdefault(name, (defined.text or "").strip())
    return tuple(sheets), tuple(names.items()), date1904


def _office_document(archive: Members, members: set[str]) -> str:
    if "_rels/.rels" in members:
        for target in _relations(archive, members, "", kind="/officeDocument").values():
            if target in members:
                return target
    return "xl/workbook.xml"


def _relations(archive: Members, members: set[str], part: str, kind: str = "") -> dict[str, str]:
    """Relationship id -> target part path of `part` (the package itself when part is ""), of one type."""
    folder, base = posixpath.split(part)
    rels_path = posixpath.join(folder, "_rels", f"{base}.rels")
    if rels_path not in members:
        return {}
    return dict(_relations_xml(archive.read(rels_path), folder, kind))


@functools.lru_cache(maxsize=_PART_CACHE)
def _relations_xml(data: bytes, folder: str, kind: str) -> tuple[tuple[str, str], ...]:
    result: list[tuple[str, str]] = []
    for relation in safe_xml(data):
        if local(relation.tag) != "Relationship" or relation.get("TargetMode") == "External":
            continue
        if kind and not relation.get("Type", "").endswith(kind):
            continue
        target = relation.get("Target", "")
        resolved = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        result.append((relation.get("Id", ""), resolved))
    return tuple(result)


@functools.lru_cache(maxsize=_PART_CACHE)
def _table_xml(data: bytes) -> tuple[str, str, int, int, tuple[str, ...]] | None:
    """(display name, ref, header rows, totals rows, column names) of a table part."""
    root = safe_xml(data)
    name = root.get("displayName") or root.get("name")
    ref = root.get("ref")
    if not name or not ref:
        return None
    columns: tuple[str, ...] = ()
    for section in _children(root, "tableColumns"):
        columns = tuple(unescape(column.get("name", "")) for column in _children(section, "tableColumn"))
    return name, ref, _count(root.get("headerRowCount"), 1), _count(root.get("totalsRowCount"), 0), columns


def _count(text: str | None, default: int) -> int:
    try:
        return max(0, int(text)) if text is not None else default
    except ValueError:
        return default


def unescape(text: str) -> str:
    """Undo OOXML's `_xHHHH_` escapes (e.g. `_x000a_` for a line break in a header)."""
    return _ESCAPE.sub(lambda match: chr(int(match.group(1), 16)), text)


@functools.lru_cache(maxsize=4096)
def parse_reference(formula: str) -> tuple[str, str] | None:
    """`'项目总汇'!$C$5` -> ("项目总汇", "C5"); the top-left cell of a range; None for anything else."""
    text = formula.strip().lstrip("=")
    if "!" not in text:
        return None
    sheet_text, _, cells = text.rpartition("!")
    if sheet_text.startswith("'") and sheet_text.endswith("'") and len(sheet_text) >= 2:
        sheet = sheet_text[1:-1].replace("''", "'")
    elif "'" in sheet_text or not sheet_text or any(c in sheet_text for c in " ,()&"):
        return None  # an unquoted sheet name cannot hold these; this is a formula, not a reference
    else:
        sheet = sheet_text
    first = cells.split(":", 1)[0]
    match = _CELL.match(first)
    if match is None:
        return None  # #REF!, a constant or a formula
    return sheet, f"{match.group(1).upper()}{int(match.group(2))}"


@functools.lru_cache(maxsize=4096)
def split_cell(ref: str) -> tuple[int, int]:
    """"C5" -> (row 5, column 3)."""
    match = _CELL.match(ref)
    if match is None:
        raise ValueError(f"not a cell reference: {ref!r}")
    column = 0
    for letter in match.group(1).upper():
        column = column * 26 + ord(letter) - 64
    return int(match.group(2)), column


@functools.lru_cache(maxsize=4096)
def split_range(ref: str) -> tuple[int, int, int, int]:
    """"A3:K15" -> (first row, first column, last row, last column)."""
    first, _, last = ref.partition(":")
    row1, column1 = split_cell(first)
    row2, column2 = split_cell(last or first)
    return min(row1, row2), min(column1, column2), max(row1, row2), max(column1, column2)


def formulas_without_value(sheet_xml: bytes, cells: set[str]) -> set[str]:
    """Which of `cells` hold a formula with no saved result.

    A byte scan, not a parse: it visits only the `<f>` elements (few, even in big sheets) and looks at the cell
    around each, so it costs microseconds where an XML parse of the sheet costs milliseconds. Nothing is
    expanded or resolved, so it is as safe as a parse that refuses DTDs.
    """
    found: set[str] = set()
    for formula in _FORMULA.finditer(sheet_xml):
        start = formula.start()
        openings = list(_CELL_OPEN.finditer(sheet_xml, max(0, start - 512), start))
        opening = openings[-1] if openings else None  # the cell the formula belongs to
        closing = _CELL_CLOSE.search(sheet_xml, start)
        if opening is None or closing is None:
            continue
        ref = opening.group(1).decode("ascii").upper()
        if ref in cells and not _SAVED_VALUE.search(sheet_xml, start, closing.start()):
            found.add(ref)
    return found


def error_values(sheet_xml: bytes) -> dict[str, str]:
    """Every cell of a sheet that shows an Excel error (`t="e"`), as ref -> the error text ("#DIV/0!").

    A byte scan like `formulas_without_value`: a sheet without any error cell costs one substring search.
    """
    if b't="e"' not in sheet_xml and b"t='e'" not in sheet_xml:
        return {}
    found: dict[str, str] = {}
    for opening in _ERROR_CELL.finditer(sheet_xml):
        ref = _CELL_REF_ATTRIBUTE.search(opening.group(0))
        closing = _CELL_CLOSE.search(sheet_xml, opening.end())
        if ref is None or closing is None or opening.group(0).endswith(b"/>"):
            continue
        value = _ERROR_TEXT.search(sheet_xml, opening.end(), closing.start())
        text = value.group(1).decode("utf-8", "replace").strip()[:20] if value else ""
        found[ref.group(1).decode("ascii").upper()] = text or "#N/A"  # Excel saves the text; "#N/A" if not
    return found


def check_extent(sheet: str, sheet_xml: bytes) -> None:
    """Raise SheetTooLarge when the cells of a sheet span more than MAX_SHEET_CELLS (before calamine sees it)."""
    if _SHORT_REFS_AREA <= MAX_SHEET_CELLS and _LONG_REF.search(sheet_xml) is None:
        return  # a search, no lists: every reference is short, so the extent is at most _SHORT_REFS_AREA
    if _extent(_CELL_REF_FAST.findall(sheet_xml))[0] <= MAX_SHEET_CELLS:
        return  # the fast pattern's matches include all of _CELL_REF's: their extent is no larger
    area, extent = _extent(_CELL_REF.findall(sheet_xml))
    if area > MAX_SHEET_CELLS:
        raise SheetTooLarge(sheet, extent)


def _extent(refs: list[tuple[bytes, bytes]]) -> tuple[int, str]:
    """The area (rows x columns) the cell references span, and that span as "A1:C9"."""
    if not refs:
        return 0, ""
    letters, numbers = map(set, zip(*refs, strict=True))
    rows = {int(number) for number in numbers}
    columns = {_column_number(text.upper()) for text in letters}
    area = (max(rows) - min(rows) + 1) * (max(columns) - min(columns) + 1)
    return area, f"{column_letter(min(columns))}{min(rows)}:{column_letter(max(columns))}{max(rows)}"


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def normalize_value(value: object) -> CellValue:
    """One cell value as every backend reports it: blanks are None, midnight datetimes are dates."""
    kind = type(value)
    if kind is float or kind is int or kind is bool:  # most cells: returned as they are
        return value  # type: ignore[return-value]
    if kind is str:
        return value or None  # type: ignore[return-value]
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date() if value.time() == time(0, 0) and value.tzinfo is None else value
    if isinstance(value, bool | int | float | str | date | time):
        return value
    if isinstance(value, timedelta):
        return value.total_seconds() / 86400  # a duration cell, as Excel stores it: days
    return str(value)
