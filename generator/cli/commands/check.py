"""`winplan check`: read, validate and score workbooks without writing anything; report as text or JSON.

Exit codes (mapped in generator.cli.main): 0 done; 1 with --strict when any problem was found (`ProblemsFound`); 2 when
a file is missing or unreadable (`UnreadableWorkbook`).
The JSON document is described in docs/check-json.md and docs/check.schema.json.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import click

from generator.core import strict_json
from generator.core.config import Config, SettingsLookup
from generator.core.errors import ProblemsFound, UnreadableWorkbook
from generator.core.i18n import Language
from generator.core.model import Deal, Problem
from generator.core.paths import display_path, shown_json
from generator.core.scorecard import QUADRANT_LABELS, VERDICT_LABELS, Scorecard
from generator.core.serialize import to_jsonable
from generator.core.vocabulary import STAGE, STATUS
from generator.core.wording.cli import CHECK_REPORT as WORDS
from generator.harvest.stale import scores_are_stale
from generator.reader import WorkbookReading, read_workbook
from generator.scoring import score_deal

SEVERITY_COLOURS = {"error": "red", "warning": "yellow"}
FLAG_COLOURS = {"high": "red", "medium": "yellow", "low": "cyan"}
NONE = "—"


@dataclass(frozen=True)
class CheckedWorkbook:
    """One workbook's reading and, when it has a deal, its scores."""

    reading: WorkbookReading
    scorecard: Scorecard | None
    stale_scores: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.reading.path,
            "readable": self.reading.readable,
            "deal": to_jsonable(self.reading.deal) if self.reading.deal is not None else None,
            "scores": self.scorecard.to_dict() if self.scorecard is not None else None,
            "stale_scores": self.stale_scores,
            "problems": [problem.to_dict() for problem in self.reading.problems],
        }


def check_workbook(path: Path, as_of: date, config: Config) -> CheckedWorkbook:
    """Read and score one workbook (never writes to it)."""
    reading = read_workbook(path, max_amount=config.reading.max_amount)
    if reading.deal is None:
        return CheckedWorkbook(reading, None, False)
    scorecard = score_deal(reading.deal, as_of, config)
    stale = scores_are_stale(reading.deal, reading.stored_scores, scorecard, config)
    return CheckedWorkbook(reading, scorecard, stale)


def run(workbooks: list[Path], as_of: date, settings: SettingsLookup, *, as_json: bool, strict: bool,
        lang: Language | None) -> None:
    """Check every workbook with the team settings found from its folder and print the report.

    After the report, raises `UnreadableWorkbook` when a workbook could not be opened, and `ProblemsFound` under
    `strict` when any workbook has a problem.

    Workbooks in different folders may have different settings (the nearest winplan.toml of each); each is
    scored with its own, as its Score button would. The report is in `lang`, else the first workbook's team
    language.
    """
    found = [settings.near(path) for path in workbooks]
    checked = [check_workbook(path, as_of, team.config) for path, team in zip(workbooks, found, strict=True)]
    lang = lang or found[0].config.language
    if as_json:
        document = {"as_of": as_of.isoformat(), "workbooks": [item.to_dict() for item in checked]}
        click.echo(strict_json.dumps(shown_json(document), indent=2))  # names that are not UTF-8
    else:
        for source in dict.fromkeys(team.source for team in found if team.source is not None):
            click.echo(f"{WORDS['settings'](lang)}: {source}", err=True)
        for index, item in enumerate(checked):
            if index:
                click.echo()
            click.echo(report(item, lang))
    if any(not item.reading.readable for item in checked):
        raise UnreadableWorkbook
    if strict and any(item.reading.problems for item in checked):
        raise ProblemsFound


def report(item: CheckedWorkbook, lang: Language) -> str:
    """The terminal report of one workbook (click.echo drops the colours when not printing to a terminal)."""
    lines = [click.style(display_path(item.reading.path), bold=True)]
    deal, card = item.reading.deal, item.scorecard
    if deal is not None and card is not None:
        lines += _deal_lines(deal, card, lang)
    elif item.reading.readable:
        lines.append("  " + WORDS["no_deal"](lang))
    if item.stale_scores:
        lines.append("  " + click.style(WORDS["stale"](lang), fg="yellow"))
    lines += _problem_lines(item.reading.problems, lang)
    return "\n".join(lines)


def _deal_lines(deal: Deal, card: Scorecard, lang: Language) -> list[str]:
    w = {key: word(lang) for key, word in WORDS.items()}
    stage = STAGE.label(deal.stage, lang) if deal.stage else NONE
    amount = f"{_money(deal.amount)} {deal.currency or ''}".rstrip()
    lines = [
        f"  {deal.customer_name or NONE} · {deal.project_name or NONE}  ({deal.deal_id or w['no_id']})",
        f"  {w['rep']}: {deal.sales_rep or NONE} · {w['stage']}: {stage} · {w['status']}: "
        f"{STATUS.label(deal.status, lang)} · {w['close']}: {deal.close_date or NONE} · {w['amount']}: {amount}",
        f"  {w['probability']}: {card.probability:.0%} · {w['weighted']}: {_money(card.weighted_amount)}",
        f"  {w['assessment']}: {_score(card.assessment)} ({w['worth']} {_score(card.worth)} · {w['compete']} "
        f"{_score(card.compete)} · {w['win']} {_score(card.win)}; {card.completeness:.0%} {w['completeness']})",
        f"  {w['verdict']}: {VERDICT_LABELS[card.verdict](lang) if card.verdict else NONE} · {w['quadrant']}: "
        f"{QUADRANT_LABELS[card.quadrant](lang) if card.quadrant else NONE} · {w['health']}: {_score(card.health)}",
        f"  {w['competitive']}: {_signed(card.competitive_index)} · {w['support']}: "
        f"{_signed(card.support_index)} · {w['overdue']}: {card.actions_overdue}",
    ]
    if card.flags:
        lines.append(f"  {w['flags']}:")
        for flag in card.flags:
            lines.append(f"    {click.style(flag.level, fg=FLAG_COLOURS.get(flag.level))}  {flag.message(lang)}")
    return lines


def _problem_lines(problems: tuple[Problem, ...], lang: Language) -> list[str]:
    if not problems:
        return ["  " + click.style(WORDS["ok"](lang), fg="green")]
    lines = [f"  {WORDS['problems'](lang)} ({len(problems)}):"]
    for problem in problems:
        where = "!".join(part for part in (problem.sheet, problem.cell) if part) or "-"
        severity = click.style(problem.severity, fg=SEVERITY_COLOURS[problem.severity])
        lines.append(f"    {severity}  {where}  {problem.message(lang)}  [{problem.code}]")
        lines.append(f"           {WORDS['fix'](lang)}: {problem.fix(lang)}")
    return lines


def _money(value: float | None) -> str:
    return NONE if value is None else f"{value:,.0f}"


def _score(value: float | None) -> str:
    return NONE if value is None else f"{value:.0f}"


def _signed(value: float | None) -> str:
    return NONE if value is None else f"{value:+.2f}"
