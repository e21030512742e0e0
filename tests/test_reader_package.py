"""The reader's fast paths give what the slow ones give: package parts as zipfile reads them, sheet extents."""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

import pytest

from generator.reader.ooxml import MAX_SHEET_CELLS, Package, SheetTooLarge, check_extent

EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "examples" / "workbooks").glob("*.xlsx"))


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.skipif(not EXAMPLES, reason="no example workbooks (python examples/generate.py)")
def test_package_reads_every_member_of_a_workbook_as_zipfile_does() -> None:
    data = EXAMPLES[0].read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive, Package(data) as package:
        assert package.namelist() == archive.namelist()
        for name in archive.namelist():
            assert package.read(name) == archive.read(name), name


@pytest.mark.parametrize("compression", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2])
def test_package_reads_stored_deflated_and_other_members(compression: int) -> None:
    members = {"xl/workbook.xml": b"<workbook/>" * 50, "empty.xml": b""}
    with Package(_zip(members, compression)) as package:
        assert {name: package.read(name) for name in members} == members


@pytest.mark.parametrize("compression", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
def test_plain_members_are_read_without_zipfiles_reader(compression: int, monkeypatch: pytest.MonkeyPatch) -> None:
    members = {"xl/workbook.xml": b"<workbook/>" * 50}
    with Package(_zip(members, compression)) as package:
        def refuse(name: str) -> bytes:
            raise AssertionError(f"zipfile read {name}")

        monkeypatch.setattr(package.archive, "read", refuse)
        assert package.read("xl/workbook.xml") == members["xl/workbook.xml"]


def test_a_damaged_member_fails_as_zipfile_fails() -> None:
    content = b"<worksheet>" + b"x" * 2000 + b"</worksheet>"
    data = bytearray(_zip({"xl/worksheets/sheet1.xml": content}, zipfile.ZIP_STORED))
    data[data.index(b"xxxx")] = ord("y")  # the stored bytes no longer match the CRC in the directory
    with Package(bytes(data)) as package, pytest.raises(zipfile.BadZipFile):
        package.read("xl/worksheets/sheet1.xml")


def test_a_member_larger_than_declared_reads_as_zipfile_reads_it() -> None:
    data = bytearray(_zip({"a.xml": b"a" * 1000}))
    # Declare 10 bytes (with their CRC) in the central directory, leaving 1000 bytes' worth of deflate behind it.
    directory = data.rindex(b"PK\x01\x02")
    data[directory + 16 : directory + 20] = zlib.crc32(b"a" * 10).to_bytes(4, "little")
    data[directory + 24 : directory + 28] = (10).to_bytes(4, "little")
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive, Package(bytes(data)) as package:
        assert archive.getinfo("a.xml").file_size == 10
        assert package.read("a.xml") == archive.read("a.xml") == b"a" * 10


def _sheet(*refs: str, prefix: str = " ") -> bytes:
    cells = "".join(f'<c{prefix}r="{ref}"><v>1</v></c>' for ref in refs)
    return f"<worksheet><sheetData><row>{cells}</row></sheetData></worksheet>".encode()


@pytest.mark.parametrize("refs", [("A1", "XFD1048576"), ("A1", "ZZZ9999"), ("A1", "B2000000"), ("C5", "AAA5000")])
def test_a_sheet_spanning_too_many_cells_is_refused(refs: tuple[str, str]) -> None:
    with pytest.raises(SheetTooLarge) as refused:
        check_extent("项目总汇", _sheet(*refs))
    assert refused.value.extent.endswith(refs[1])


@pytest.mark.parametrize("refs", [("A1", "ZZ999"), ("A1000", "K1200"), ("AAA1", "AAB9000"), ("A1", "A2000000")])
def test_a_sheet_within_bounds_passes(refs: tuple[str, str]) -> None:
    check_extent("项目总汇", _sheet(*refs))


def test_only_cell_references_count_toward_the_extent() -> None:
    # An attribute whose name merely ends in "r" is not a cell reference (the same rule as before the fast path).
    check_extent("SWOT", _sheet("A1", "B2") + b'<x headr="XFD1048576"/>')
    assert MAX_SHEET_CELLS < 1048576 * 16384
