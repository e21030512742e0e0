"""The text the Score button shows a rep in `score_message`: what it could not read, or why it could not score.

Kept apart from worksheets/ so the wording is decided once, in both languages, and tested without Excel.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from generator.core.i18n import Bilingual, Language
from generator.core.model import Problem
from generator.core.spec import SHEETS

MAX_LINES = 12  # a message cell longer than this is unreadable; the rest is counted, not listed

SCORED = Bilingual("已于 {day} 评分。", "Scored on {day}.")
NOTHING_TO_FIX = Bilingual("没有需要修改的地方。", "Nothing to fix.")
TO_FIX = Bilingual("请检查以下 {count} 处 (评分已尽量完成):",
                   "Please check these {count} item(s) (scored as far as possible):")
NOT_SCORED = Bilingual("无法评分, 请先修改以下 {count} 处:",
                       "Could not score yet; please fix these {count} item(s) first:")
MORE = Bilingual("… 另有 {count} 处, 请运行 winplan check 查看全部。",
                 "… and {count} more; run winplan check to see all.")
FAILED = Bilingual(
    "评分未完成: {what}。工作簿未被修改 (评分结果除外)。如果问题持续, 请把此工作簿发给销售运营。",
    "Score did not finish: {what}. Nothing but the score cells was changed. If this persists, send this "
    "workbook to sales operations.",
)


def workbook_language(sheet_names: Sequence[str]) -> Language:
    """Tell the template language from the sheet titles: Chinese unless more English titles are present."""
    names = set(sheet_names)
    english = sum(1 for sheet in SHEETS if sheet.title.en in names and sheet.title.en != sheet.title.zh)
    chinese = sum(1 for sheet in SHEETS if sheet.title.zh in names and sheet.title.en != sheet.title.zh)
    return "en" if english > chinese else "zh"


def scored_notice(problems: Sequence[Problem], as_of: date, lang: Language) -> str:
    """Say when the workbook was scored and list the problems found while reading it."""
    head = SCORED(lang).format(day=as_of.isoformat())
    if not problems:
        return f"{head} {NOTHING_TO_FIX(lang)}"
    return "\n".join([f"{head} {TO_FIX(lang).format(count=len(problems))}", *_problem_lines(problems, lang)])


def not_scored_notice(problems: Sequence[Problem], lang: Language) -> str:
    """Explain that nothing could be scored and list what to fix first."""
    return "\n".join([NOT_SCORED(lang).format(count=len(problems)), *_problem_lines(problems, lang)])


def failure_notice(error: BaseException, lang: Language) -> str:
    """Turn an unexpected error into one friendly sentence (no traceback)."""
    detail = str(error).strip().splitlines()[0] if str(error).strip() else ""
    what = f"{type(error).__name__}: {detail}" if detail else type(error).__name__
    return FAILED(lang).format(what=what[:200])


def _problem_lines(problems: Sequence[Problem], lang: Language) -> list[str]:
    ordered = sorted(problems, key=lambda p: p.severity != "error")  # stable: errors first, reader's order kept
    lines = [_problem_line(problem, lang) for problem in ordered[:MAX_LINES]]
    if len(ordered) > MAX_LINES:
        lines.append(MORE(lang).format(count=len(ordered) - MAX_LINES))
    return lines


def _problem_line(problem: Problem, lang: Language) -> str:
    where = "!".join(part for part in (problem.sheet, problem.cell) if part)
    place = f"{where}: " if where else ""
    return f"• {place}{problem.message(lang)} → {problem.fix(lang)}"
