"""File safety checks: every kind of file that is not a readable workbook is refused by content, with a fix."""

from __future__ import annotations

import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from msoffcrypto.format.ooxml import OOXMLFile
from reader_workbooks import filled_workbook

from generator.reader import file_check, read_workbook
from generator.reader.file_check import check_file, is_ignored_name


@pytest.fixture
def good(tmp_path: Path) -> Path:
    return filled_workbook(tmp_path / "good.xlsx", "zh")


def _code(path: Path) -> str | None:
    problem = check_file(path)
    if problem is not None:  # every refusal says what is wrong and what to do, in both languages
        assert problem.severity == "error" and problem.file == str(path)
        assert problem.message.zh and problem.message.en and problem.fix.zh and problem.fix.en
    return problem.code if problem else None


def test_a_real_workbook_passes(good: Path) -> None:
    assert check_file(good) is None


def test_missing_file(tmp_path: Path) -> None:
    assert _code(tmp_path / "nope.xlsx") == "file-not-found"


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    assert _code(path) == "empty-file"


def test_truncated_workbook(good: Path, tmp_path: Path) -> None:
    data = good.read_bytes()
    half = tmp_path / "half.xlsx"
    half.write_bytes(data[: len(data) // 2])
    assert _code(half) == "truncated-file"
    reading = read_workbook(half)
    assert reading.deal is None and not reading.readable


def test_password_protected_workbook(good: Path, tmp_path: Path) -> None:
    encrypted = tmp_path / "locked.xlsx"
    with good.open("rb") as source, encrypted.open("wb") as target:
        OOXMLFile(source).encrypt("secret", target)
    assert _code(encrypted) == "encrypted-workbook"


def test_legacy_xls(good: Path, tmp_path: Path, require_tool: Callable[[str], str]) -> None:
    soffice = require_tool("soffice")
    subprocess.run([soffice, "--headless", "--convert-to", "xls", "--outdir", str(tmp_path / "out"), str(good)],
                   check=True, capture_output=True, timeout=120)
    legacy = tmp_path / "out" / "good.xls"
    renamed = tmp_path / "renamed.xlsx"  # by content, not extension
    renamed.write_bytes(legacy.read_bytes())
    assert _code(renamed) == "legacy-xls"


@pytest.mark.parametrize("content, words", [
    ("客户,金额\n华东机械,1200000\n".encode("gbk"), "CSV"),
    (b"<!DOCTYPE html><html><body><table><tr><td>1</td></tr></table></body></html>", "HTML"),
    (b"\x00\x01\x02binary", "unknown"),
])
def test_renamed_files_are_not_workbooks(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "export.xlsx"
    path.write_bytes(content)
    problem = check_file(path)
    assert problem is not None and problem.code == "not-a-workbook"
    assert words in problem.message.en


@pytest.mark.parametrize("member, words", [
    ("word/document.xml", "Word"), ("xl/workbook.bin", ".xlsb"), ("content.xml", "OpenDocument"),
    ("readme.txt", "zip archive"),
])
def test_zip_without_a_workbook_part(tmp_path: Path, member: str, words: str) -> None:
    path = tmp_path / "thing.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(member, "<x/>")
    problem = check_file(path)
    assert problem is not None and problem.code == "not-a-spreadsheet"
    assert words in problem.message.en


def test_zip_bomb_by_compression_ratio(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (20 * 1024 * 1024))
    assert path.stat().st_size < 1024 * 1024
    assert _code(path) == "zip-bomb"


def test_zip_bomb_by_entry_count(tmp_path: Path) -> None:
    path = tmp_path / "many.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        for index in range(file_check.MAX_ZIP_ENTRIES + 1):
            archive.writestr(f"xl/media/{index}.bin", b"")
    assert _code(path) == "zip-bomb"


def test_zip_bomb_by_total_size(good: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    total = sum(entry.file_size for entry in zipfile.ZipFile(good).infolist())
    monkeypatch.setattr(file_check, "MAX_UNCOMPRESSED_BYTES", total - 1)
    assert _code(good) == "zip-bomb"


def test_oversized_file(tmp_path: Path) -> None:
    path = tmp_path / "huge.xlsx"
    with path.open("wb") as handle:
        handle.write(b"PK\x03\x04")
        handle.truncate(file_check.MAX_FILE_BYTES + 1)  # sparse: no real disk use
    assert _code(path) == "file-too-large"


def test_a_folder_is_not_a_workbook(tmp_path: Path) -> None:
    assert _code(tmp_path) == "not-a-workbook"


@pytest.mark.parametrize("name, ignored", [
    ("~$华东机械.xlsx", True), (".~lock.华东机械.xlsx#", True), (".DS_Store", True), ("~DF1234.tmp", True),
    ("Book1.TMP", True), ("deals/~$plan.xlsm", True), ("华东机械.xlsx", False), ("plan~v2.xlsx", False),
    ("deals/plan.xlsm", False),
])
def test_lock_and_temp_files_are_ignored(name: str, ignored: bool) -> None:
    assert is_ignored_name(name) is ignored
