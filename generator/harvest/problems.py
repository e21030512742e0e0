"""The problems the harvest itself reports about files (not about their content): what is wrong, what to do."""

from __future__ import annotations

from generator.i18n import Bilingual as B
from generator.model import Problem

LOCK_FILE = "lock-file"
LINK_OUTSIDE = "link-outside-folder"
FOLDER_UNREADABLE = "folder-unreadable"
BEING_SAVED = "being-saved"
READER_CRASHED = "reader-crashed"
READER_TIMEOUT = "reader-timeout"
READER_MEMORY = "reader-out-of-memory"
READER_ERROR = "reader-error"
DEAL_CONFLICT = "deal-id-conflict"
DEAL_COPIED = "deal-id-copied"

# Codes that describe one harvest run rather than the file's content: never carried into the next snapshot.
RUN_CODES = frozenset({BEING_SAVED, DEAL_CONFLICT, DEAL_COPIED})

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
    return Problem(
        LINK_OUTSIDE, "warning",
        B(f"这是指向收集文件夹之外的链接 ({target}), 未读取。",
          f"This is a link to a file outside the harvested folder ({target}); it was not read."),
        B("收集该文件所在的文件夹, 或把文件复制到这里。",
          "Harvest the folder the file lives in, or copy the file here."),
        path)


def folder_unreadable(path: str, detail: str) -> Problem:
    """A folder below the harvested one that could not be listed: the workbooks in it were not seen."""
    return Problem(
        FOLDER_UNREADABLE, "error",
        B(f"无法列出此文件夹的内容 ({detail}); 其中的工作簿未被收集。",
          f"This folder could not be listed ({detail}); the workbooks in it were not harvested."),
        B("请让管理员给运行 winplan 的账户开放该文件夹的读取权限。",
          "Ask for read access to this folder for the account that runs winplan."),
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
    others = ", ".join(p for p in paths if p != path)
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
