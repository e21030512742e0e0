"""The problems the harvest itself reports about files (not about their content): what is wrong, what to do."""

from __future__ import annotations

import errno
import os

from generator.core.i18n import Bilingual as B
from generator.core.model import Problem
from generator.core.paths import display_path, is_undecodable, path_bytes

LOCK_FILE = "lock-file"
LINK_OUTSIDE = "link-outside-folder"
FOLDER_UNREADABLE = "folder-unreadable"
BROKEN_LINK = "broken-link"
LINK_LOOP = "link-loop"
NOT_A_REGULAR_FILE = "not-a-regular-file"
CANNOT_OPEN = "cannot-open"
PATH_TOO_LONG = "path-too-long"
UNSUPPORTED_FORMAT = "unsupported-spreadsheet"
NAME_NOT_UTF8 = "name-not-utf8"
OTHER_SETTINGS = "other-settings"
BEING_SAVED = "being-saved"
READER_CRASHED = "reader-crashed"
READER_TIMEOUT = "reader-timeout"
READER_MEMORY = "reader-out-of-memory"
READER_ERROR = "reader-error"
DEAL_CONFLICT = "deal-id-conflict"
DEAL_COPIED = "deal-id-copied"

# Codes that describe one harvest run rather than the file's content: never carried into the next snapshot.
# A name's encoding is told by discovery on every harvest, so it is not carried either (it would be doubled).
RUN_CODES = frozenset({BEING_SAVED, DEAL_CONFLICT, DEAL_COPIED, NAME_NOT_UTF8, OTHER_SETTINGS})

REPORT_FIX = B("在 Excel 中打开并另存为 .xlsx 后重新收集; 仍失败请把文件发给 winplan 维护者。",
               "Open it in Excel, save it again as .xlsx and harvest again; if it still fails, send the file to "
               "the winplan maintainers.")


def lock_file(path: str) -> Problem:
    """A lock or temporary file an office program keeps beside an open workbook."""
    return Problem(
        LOCK_FILE, "warning",
        B("这是 Excel/WPS/LibreOffice 打开工作簿时生成的锁定或临时文件, 不是工作簿, 已跳过。",
          "This is a lock or temporary file that Excel, WPS or LibreOffice keeps while a workbook is open; "
          "it is not a workbook and was skipped."),
        B("无需处理; 关闭工作簿后它会消失。若一直存在, 可以删除。",
          "Nothing to do; it goes away when the workbook is closed. If it stays, it can be deleted."),
        path)


def link_outside(path: str, target: str) -> Problem:
    """A symbolic link that leads out of the harvested folder."""
    target = display_path(target)
    return Problem(
        LINK_OUTSIDE, "warning",
        B(f"这是指向收集文件夹之外的链接 ({target}), 未读取。",
          f"This is a link to a file outside the harvested folder ({target}); it was not read."),
        B("收集该文件所在的文件夹, 或把文件复制到这里。",
          "Harvest the folder the file lives in, or copy the file here."),
        path)


def folder_unreadable(path: str, error: OSError) -> Problem:
    """A folder below the harvested one that could not be listed: the workbooks in it were not seen."""
    if error.errno == errno.ENAMETOOLONG:
        return path_too_long(path, folder=True)
    detail = error.strerror or str(error)
    return Problem(
        FOLDER_UNREADABLE, "error",
        B(f"无法列出此文件夹的内容 ({detail}); 其中的工作簿未被收集。",
          f"This folder could not be listed ({detail}); the workbooks in it were not harvested."),
        B("请让管理员给运行 winplan 的账户开放该文件夹的读取权限。",
          "Ask for read access to this folder for the account that runs winplan."),
        path)


def path_too_long(path: str, *, folder: bool = False) -> Problem:
    """A path longer than the operating system opens (ENAMETOOLONG): a folder nested very deep, or a long name."""
    length = len(path_bytes(path))
    what = B("文件夹", "folder") if folder else B("文件", "file")
    return Problem(
        PATH_TOO_LONG, "error",
        B(f"此{what.zh}的路径太长 ({length} 字节), 操作系统无法打开; "
          f"{'其中的工作簿' if folder else '它'}未被收集。",
          f"The path of this {what.en} is too long for the operating system to open ({length} bytes); "
          f"{'the workbooks in it were' if folder else 'it was'} not harvested."),
        B("把它移到层级较浅的文件夹, 或缩短文件夹和文件名。",
          "Move it to a folder nearer the top, or shorten the folder and file names."),
        path)


def broken_link(path: str, target: str) -> Problem:
    """A symbolic link named like a workbook whose target does not exist."""
    return Problem(
        BROKEN_LINK, "warning",
        B(f"这是一个失效的链接: 它指向的 {display_path(target)} 不存在, 未读取。",
          f"This is a broken link: what it points to ({display_path(target)}) does not exist; it was not read."),
        B("删除该链接, 或把它指向的工作簿放回原处。",
          "Delete the link, or put the workbook it points to back in place."),
        path)


def link_loop(path: str) -> Problem:
    """A symbolic link that leads back to itself (directly or through other links): it names no file."""
    return Problem(
        LINK_LOOP, "warning",
        B("这是一个循环链接 (它最终指向自己), 不指向任何文件, 未读取。",
          "This is a link that leads back to itself (a loop); it names no file and was not read."),
        B("删除该链接; 若需要, 用指向真实工作簿的链接代替。",
          "Delete the link; if it is needed, replace it with a link to the real workbook."),
        path)


_FILE_KINDS = {"fifo": B("命名管道 (FIFO)", "named pipe (FIFO)"), "socket": B("套接字", "socket"),
               "device": B("设备文件", "device"), "other": B("特殊文件", "special file")}


def not_a_regular_file(path: str, kind: str) -> Problem:
    """A pipe, socket or device with a workbook's name: never opened (a pipe would block the harvest)."""
    what = _FILE_KINDS.get(kind, _FILE_KINDS["other"])
    return Problem(
        NOT_A_REGULAR_FILE, "error",
        B(f"这是一个{what.zh}, 不是普通文件, 未打开。",
          f"This is a {what.en}, not a regular file; it was not opened."),
        B("删除它, 或把真正的工作簿以此名称保存。",
          "Delete it, or save the real workbook under this name."),
        path)


def cannot_open(path: str, error: OSError) -> Problem:
    """A workbook that could not be opened or examined: no permission, too long a path, gone meanwhile."""
    if error.errno == errno.ENAMETOOLONG:
        return path_too_long(path)
    if error.errno == errno.ELOOP:
        return link_loop(path)
    detail = error.strerror or str(error)
    if error.errno in (errno.EACCES, errno.EPERM):
        fix = B("请让管理员给运行 winplan 的账户开放该文件的读取权限。",
                "Ask for read access to this file for the account that runs winplan.")
    elif error.errno in (errno.ENOENT, errno.ENOTDIR):
        fix = B("文件在收集期间被移动或删除; 重新运行 winplan harvest。",
                "The file was moved or deleted during the harvest; run winplan harvest again.")
    else:
        fix = B("检查该文件所在的磁盘或网络共享, 然后重新运行 winplan harvest。",
                "Check the disk or network share the file is on, then run winplan harvest again.")
    return Problem(
        CANNOT_OPEN, "error",
        B(f"无法打开此文件 ({detail}), 未读取。", f"This file could not be opened ({detail}); it was not read."),
        fix, path)


_OPENDOCUMENT = (B("OpenDocument 电子表格不会被读取, 此文件未被收集。",
                   "OpenDocument spreadsheets are not read; this file was not harvested."),
                 B("请在 LibreOffice 中把它另存为 .xlsx (文件 > 另存为)。",
                   "Save it as .xlsx in LibreOffice (File > Save As)."))
_FORMATS = {
    ".ods": _OPENDOCUMENT,
    ".fods": _OPENDOCUMENT,
    ".numbers": (B("Numbers 电子表格不会被读取, 此文件未被收集。",
                   "Numbers spreadsheets are not read; this file was not harvested."),
                 B("请在 Numbers 中把它导出为 Excel (文件 > 导出为 > Excel)。",
                   "Export it to Excel in Numbers (File > Export To > Excel).")),
}
UNSUPPORTED_SUFFIXES = tuple(_FORMATS)


def unsupported_format(path: str) -> Problem:
    """A spreadsheet in a format winplan does not read (OpenDocument, Numbers): said so, never silently left out."""
    message, fix = _FORMATS[os.path.splitext(path)[1].lower()]
    return Problem(UNSUPPORTED_FORMAT, "error", message, fix, path)


def name_not_utf8(path: str) -> Problem:
    """A workbook whose name (or a folder's above it) is not UTF-8: read by its bytes, shown decoded."""
    name = os.path.basename(path)
    if is_undecodable(name):
        raw = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        what = B(f"此文件的名称不是 UTF-8 编码 (实际字节: {raw})", f"This file's name is not UTF-8 (its bytes: {raw})")
        shown = display_path(name)
    else:
        what = B("此文件所在文件夹的名称不是 UTF-8 编码", "The name of a folder above this file is not UTF-8")
        shown = display_path(os.path.dirname(path))
    return Problem(
        NAME_NOT_UTF8, "warning",
        B(f"{what.zh}, 常见于 Windows 压缩包中的 GBK 文件名; 这里显示为 {shown}。"
          "文件已正常读取, 但其他程序可能显示乱码。",
          f"{what.en}, as with GBK names unpacked from a Windows zip; it is shown here as {shown}. The file was "
          "read, but other programs may show the name garbled."),
        B("在文件管理器中把它重命名 (重新输入同样的名称), 名称即以 UTF-8 保存。",
          "Rename it in a file manager (type the same name again), so that the name is stored as UTF-8."),
        path)



def other_settings(path: str, own: str, harvest: str) -> Problem:
    """A workbook below a winplan.toml of its own: its Score button scores with that file, the harvest did not."""
    used_zh, used_en = (harvest, harvest) if harvest else ("默认设置", "the defaults")
    return Problem(
        OTHER_SETTINGS, "warning",
        B(f"此工作簿所在文件夹有自己的团队设置 {display_path(own)}, 其“评分”按钮按它评分; 本次采集用的是 {used_zh}, "
          "两者的评分可能不同。",
          f"This workbook's folder has team settings of its own, {display_path(own)}, which its Score button uses; "
          f"this harvest used {used_en}, so the two may score it differently."),
        B("整个团队只保留一个 winplan.toml (放在共享文件夹的根目录), 或单独采集这个文件夹。",
          "Keep one winplan.toml for the team, at the root of the shared folder, or harvest this folder on its own."),
        path)


def being_saved(path: str, detail: str, *, carried: bool) -> Problem:
    """A file that changed while it was read: not parsed, the previous result kept when there is one."""
    kept = (B("已保留上次收集的结果。", "The previous harvest's result was kept.") if carried
            else B("它尚未被收集过。", "It has not been harvested before."))
    return Problem(
        BEING_SAVED, "warning",
        B(f"读取时该文件正在被保存 ({detail}), 未读取。{kept.zh}",
          f"This file was being saved while the harvest looked at it ({detail}); it was not read. {kept.en}"),
        B("等保存完成后重新运行 winplan harvest。", "Run winplan harvest again once the save has finished."),
        path)


def reader_crashed(path: str, exit_code: int | None) -> Problem:
    """The isolated reader process died on this file."""
    how = f"signal {-exit_code}" if exit_code is not None and exit_code < 0 else f"exit code {exit_code}"
    return Problem(
        READER_CRASHED, "error",
        B(f"读取此文件时读取进程崩溃 ({how}); 文件可能已损坏。其他工作簿不受影响。",
          f"The reader process crashed while reading this file ({how}); the file is probably damaged. "
          "The other workbooks were harvested."),
        REPORT_FIX, path)


def reader_timeout(path: str, seconds: float) -> Problem:
    """Reading this file took longer than the per-file time limit."""
    return Problem(
        READER_TIMEOUT, "error",
        B(f"读取此文件超过 {seconds:g} 秒, 已停止。",
          f"Reading this file took longer than {seconds:g} s and was stopped."),
        REPORT_FIX, path)


def reader_out_of_memory(path: str, megabytes: int) -> Problem:
    """Reading this file needed more memory than the reader may use."""
    return Problem(
        READER_MEMORY, "error",
        B(f"读取此文件需要超过 {megabytes} MB 内存, 已停止。",
          f"Reading this file needed more than {megabytes} MB of memory and was stopped."),
        REPORT_FIX, path)


def reader_error(path: str, detail: str) -> Problem:
    """The reader raised an error it should have turned into a problem."""
    return Problem(
        READER_ERROR, "error",
        B(f"winplan 无法读取此文件: {detail}", f"winplan could not read this file: {detail}"),
        REPORT_FIX, path)


def deal_conflict(path: str, deal_id: str, paths: tuple[str, ...], counted: str) -> Problem:
    """Two or more workbooks claim one deal_id; only `counted` is in the pipeline."""
    others = ", ".join(display_path(p) for p in paths if p != path)
    counted = display_path(counted)
    return Problem(
        DEAL_CONFLICT, "error",
        B(f"另有工作簿使用相同的项目编号 {deal_id}: {others}。只统计了 {counted}。",
          f"Another workbook claims the same deal ID {deal_id}: {others}. Only {counted} is counted."),
        B("工作簿可能被复制过: 删除多余的副本; 若确是另一个项目, 请清空其“项目编号”单元格后点击「评分 Score」, "
          "并填写它自己的客户或项目名称。",
          "A workbook was probably copied: delete the extra copy; if it really is another deal, clear its Deal ID "
          "cell and click Score, and give it its own customer or project name."),
        path)


def deal_copied(path: str, deal_id: str, original: str, counted_as: str) -> Problem:
    """A copy of another deal's workbook: it carries that deal's id with another customer or project."""
    return Problem(
        DEAL_COPIED, "warning",
        B(f"该工作簿带有 {original} 的项目编号 {deal_id}, 但客户或项目名称不同; 它按一个新项目统计 "
          f"(临时编号 {counted_as})。",
          f"This workbook carries the deal ID {deal_id} of {original}, but another customer or project; it is "
          f"counted as a new deal (provisional ID {counted_as})."),
        B("清空此工作簿的“项目编号”单元格 (选中后按 Delete; 旧模板需先 审阅 > 撤消工作表保护), 再点击「评分 Score」, "
          "它会写入此项目自己的编号。",
          "Clear this workbook's Deal ID cell (select it and press Delete; in an older template first use "
          "Review > Unprotect Sheet), then click Score: it gives the workbook its own deal ID."),
        path)
