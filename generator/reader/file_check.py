"""Look at a file's bytes before any parser does: empty, truncated, encrypted, legacy, renamed or a zip bomb.

Every check goes by content, never by extension, and reads at most the file's head, its tail and the zip's
central directory (or looks at the bytes the caller read, so that what is checked is what is then parsed).
Limits are far beyond any real account plan (a filled template is well under 1 MB).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import IO

from generator.core.i18n import Bilingual as B
from generator.core.model import Problem

MAX_FILE_BYTES = 50 * 1024 * 1024  # a workbook larger than this is not an account plan
MAX_ZIP_ENTRIES = 2000  # a template has about 30 parts
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024  # all parts together, as declared in the zip directory
MAX_COMPRESSION_RATIO = 200  # on a big part; real sheet XML compresses 5-50:1
BIG_ENTRY_BYTES = 1024 * 1024  # parts from this size on must respect MAX_COMPRESSION_RATIO

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
ZIP_END_OF_DIRECTORY = b"PK\x05\x06"
ZIP_TAIL_BYTES = 65536 + 22  # the end-of-central-directory record lies within this many bytes of the end

# Problems of these codes mean the file could not be read at all (see generator.reader.read_workbook).
FILE_PROBLEM_CODES: frozenset[str] = frozenset({
    "file-not-found", "empty-file", "file-too-large", "truncated-file", "encrypted-workbook", "legacy-xls",
    "not-a-workbook", "not-a-spreadsheet", "zip-bomb", "unreadable", "sheet-too-large",
})

_SAVE_AS_XLSX = B(
    "请在 Excel 中打开该文件并另存为 Excel 工作簿 (.xlsx), 再重新运行。",
    "Open the file in Excel, save it as an Excel Workbook (.xlsx), and run again.",
)


def is_ignored_name(name: str) -> bool:
    """Tell whether a file name is an office lock file, a temp file or a dotfile, never a rep's workbook."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    lowered = base.lower()
    return (
        base.startswith("~$")  # Excel owner file while a workbook is open
        or base.startswith(".")  # dotfiles, including LibreOffice's .~lock.NAME#
        or lowered.endswith(".tmp")  # Excel's ~ABC123.tmp while saving
    )


def check_file(path: Path, content: bytes | None = None) -> Problem | None:
    """Return why `path` (or its `content`, read by the caller) cannot be read as a workbook, or None when a parser
    may open it."""
    file = str(path)
    try:
        size = path.stat().st_size if content is None else len(content)
        if content is None and not path.is_file():
            return _problem("not-a-workbook", file,
                            B("这不是一个文件 (可能是文件夹)。", "This is not a file (maybe a folder)."),
                            B("请指定一个 .xlsx 工作簿。", "Give the path of an .xlsx workbook."))
    except OSError:
        return _problem("file-not-found", file, B("找不到该文件。", "The file does not exist."),
                        B("请检查路径和文件名。", "Check the path and the file name."))
    if size == 0:
        return _problem("empty-file", file, B("文件是空的 (0 字节), 可能保存时中断了。",
                                              "The file is empty (0 bytes); saving it was probably interrupted."),
                        B("请从备份或同步历史中恢复该文件, 或在 Excel 中重新保存。",
                          "Restore the file from a backup or the sync history, or save it again in Excel."))
    if size > MAX_FILE_BYTES:
        return _problem("file-too-large", file,
                        B(f"文件太大 ({size // (1024 * 1024)} MB, 上限 {MAX_FILE_BYTES // (1024 * 1024)} MB)。",
                          f"The file is too large ({size // (1024 * 1024)} MB; the limit is "
                          f"{MAX_FILE_BYTES // (1024 * 1024)} MB)."),
                        B("请删除工作簿中的图片或多余数据后再保存。",
                          "Remove pictures or bulky data from the workbook and save it again."))
    try:
        with path.open("rb") if content is None else io.BytesIO(content) as handle:
            head = handle.read(8)
            if head.startswith(OLE2_MAGIC):
                return _check_ole2(handle, file)
            if head.startswith(ZIP_MAGICS):
                handle.seek(max(0, size - ZIP_TAIL_BYTES))
                tail = handle.read()
                if ZIP_END_OF_DIRECTORY not in tail:
                    return _truncated(file)
                return _check_zip(handle, file)
            handle.seek(0)
            sample = handle.read(4096)
    except OSError as error:
        return cannot_open(file, error)
    return _not_a_workbook(file, sample)


def cannot_open(file: str, error: OSError) -> Problem:
    """The problem of a file that the operating system does not let winplan read."""
    return _problem("unreadable", file, B(f"无法读取文件: {error}", f"The file cannot be read: {error}"),
                    B("请检查文件权限, 或文件是否被其他程序锁定。",
                      "Check the file's permissions, or whether another program locks it."))


def _check_ole2(handle: IO[bytes], file: str) -> Problem | None:
    # Imported here: the Score button in xlwings Lite reads through generator.reader without checking files,
    # and its pure-Python wheel (generator/workbook/lite_wheel.py) carries no olefile.
    import olefile  # type: ignore[import-untyped]

    try:
        handle.seek(0)
        with olefile.OleFileIO(handle) as ole:
            streams = {"/".join(entry).lower() for entry in ole.listdir(streams=True, storages=True)}
    except (OSError, ValueError, IndexError) as error:
        return _problem("unreadable", file,
                        B(f"这是一个已损坏的 Office 旧格式文件: {error}",
                          f"This is a damaged legacy Office file: {error}"), _SAVE_AS_XLSX)
    if "encryptedpackage" in streams:
        return _problem("encrypted-workbook", file,
                        B("工作簿设置了打开密码, 无法读取。",
                          "The workbook is protected with a password and cannot be read."),
                        B("请在 Excel 中打开, 通过 文件 > 信息 > 保护工作簿 > 用密码进行加密 删除密码后保存。"
                          " (只限制编辑的工作表保护不影响读取。)",
                          "Open it in Excel, remove the password under File > Info > Protect Workbook > "
                          "Encrypt with Password, and save. (Sheet protection that only limits editing is fine.)"))
    if "workbook" in streams or "book" in streams:
        return _problem("legacy-xls", file,
                        B("这是旧版 Excel 97-2003 工作簿 (.xls), 不受支持。",
                          "This is a legacy Excel 97-2003 workbook (.xls), which is not supported."),
                        _SAVE_AS_XLSX)
    return _problem("not-a-workbook", file,
                    B("这是一个 Office 旧格式文件, 但不是 Excel 工作簿 (可能是 Word 或 PowerPoint)。",
                      "This is a legacy Office file, but not an Excel workbook (maybe Word or PowerPoint)."),
                    B("请使用 winplan 模板创建的 .xlsx 工作簿。",
                      "Use an .xlsx workbook made from the winplan template."))


def _check_zip(handle: IO[bytes], file: str) -> Problem | None:
    try:
        with zipfile.ZipFile(handle) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return _truncated(file)
    if len(entries) > MAX_ZIP_ENTRIES:
        return _zip_bomb(file, B(f"包含 {len(entries)} 个部件", f"it has {len(entries)} parts"))
    total = sum(entry.file_size for entry in entries)
    if total > MAX_UNCOMPRESSED_BYTES:
        return _zip_bomb(file, B(f"解压后有 {total // (1024 * 1024)} MB", f"it unpacks to {total // (1024 * 1024)} MB"))
    for entry in entries:
        if entry.file_size >= BIG_ENTRY_BYTES and entry.file_size > MAX_COMPRESSION_RATIO * max(entry.compress_size, 1):
            return _zip_bomb(file, B(f"部件 {entry.filename} 压缩比超过 {MAX_COMPRESSION_RATIO}:1",
                                     f"part {entry.filename} is compressed more than {MAX_COMPRESSION_RATIO}:1"))
    names = {entry.filename for entry in entries}
    if "xl/workbook.xml" in names:
        return None
    if "xl/workbook.bin" in names:
        what = B("这是 Excel 二进制工作簿 (.xlsb), 不受支持。",
                 "This is an Excel binary workbook (.xlsb), which is not supported.")
    elif "word/document.xml" in names:
        what = B("这是 Word 文档, 不是 Excel 工作簿。", "This is a Word document, not an Excel workbook.")
    elif "ppt/presentation.xml" in names:
        what = B("这是 PowerPoint 演示文稿, 不是 Excel 工作簿。",
                 "This is a PowerPoint presentation, not an Excel workbook.")
    elif "content.xml" in names:
        what = B("这是 OpenDocument 文件 (如 WPS/LibreOffice 的 .ods), 不是 Excel 工作簿。",
                 "This is an OpenDocument file (e.g. .ods from LibreOffice), not an Excel workbook.")
    else:
        what = B("这是一个 zip 压缩包, 不是 Excel 工作簿。", "This is a zip archive, not an Excel workbook.")
    return _problem("not-a-spreadsheet", file, what, _SAVE_AS_XLSX)


def _not_a_workbook(file: str, sample: bytes) -> Problem:
    text = sample.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml")) or b"<html" in text[:512]:
        what = B("这是网页/XML 文件 (常见于系统导出的 \"Excel\"), 不是真正的 Excel 工作簿。",
                 "This is an HTML/XML file (often what a system exports as \"Excel\"), not a real Excel workbook.")
    elif b"\x00" not in sample:
        what = B("这是文本文件 (如 CSV), 只是扩展名被改成了 Excel。",
                 "This is a text file (such as CSV) renamed to look like an Excel workbook.")
    else:
        what = B("这不是 Excel 工作簿 (无法识别的文件格式)。", "This is not an Excel workbook (unknown file format).")
    return _problem("not-a-workbook", file, what, _SAVE_AS_XLSX)


def _truncated(file: str) -> Problem:
    return _problem("truncated-file", file,
                    B("文件不完整或已损坏 (可能保存或同步时中断)。",
                      "The file is incomplete or damaged (saving or syncing was probably interrupted)."),
                    B("请等待同步完成, 或从备份/版本历史中恢复该文件。",
                      "Wait for syncing to finish, or restore the file from a backup or its version history."))


def _zip_bomb(file: str, why: B) -> Problem:
    return _problem("zip-bomb", file,
                    B(f"文件结构异常, 为安全起见拒绝读取: {why.zh}。",
                      f"The file's structure is abnormal, so it is refused for safety: {why.en}."),
                    B("这不是正常的项目工作簿; 请使用 winplan 模板重新创建。",
                      "This is not a normal account-plan workbook; create it again from the winplan template."))


def _problem(code: str, file: str, message: B, fix: B) -> Problem:
    return Problem(code, "error", message, fix, file)
