"""Search entries for account pages, made from their contexts instead of by re-parsing their HTML.

Material's search plugin parses every page's HTML, which costs more than everything else in a build of a
thousand accounts. Account pages are therefore excluded from it (`search: exclude` in their front matter) and
get their entries from here (the page, and one per section people search, anchored `s-<section>`), appended
to Material's index by the winplan plugin (plugin.py) after Material's search plugin wrote it.
Entries follow the plugin's own rules: text HTML-escaped (the search UI inserts it as HTML) and Chinese runs
segmented with jieba into words separated by zero-width spaces, which the configured separator splits on. A
team's pages repeat the same Chinese runs (names, criteria, stock phrases), so each run is segmented once.
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from generator.core import strict_json
from generator.core.binding import field_value
from generator.core.i18n import Language
from generator.core.spec import NEEDS_FIELDS, STRATEGY_FIELDS, SUMMARY_FIELDS
from generator.core.wording.site import word
from generator.site.context.account import AccountContext, more_text
from generator.site.escaping import one_line

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


# Anchored `s-<key>` on the page, in page order; each key is also the section's heading word.
SECTIONS = ("flags", "needs", "stakeholders", "criteria", "swot", "actions", "relationship_plan", "trust_plan",
            "uniqueness_plan", "software_strength", "decision_factors", "segment_upgrade", "procurement_timeline",
            "assessment_notes")
# Who and what the page is about: the summary's names, those every deal has (customer, project, rep) first, so a
# result's excerpt starts with them, then the others (account id, industry, region, people, competitors ...).
WHO_FIELDS = tuple(field.name for field in sorted(SUMMARY_FIELDS, key=lambda field: not field.required)
                   if field.kind == "text" and field.name != "template_version")
STRATEGY_TEXTS = tuple(field.name for field in STRATEGY_FIELDS if field.kind == "longtext")


def account_entries(account: AccountContext, lang: Language) -> list[dict[str, str]]:
    """The account page's search entries: the page (who, what, where from), then one per section people search
    (flags, needs, people, criteria, SWOT, actions, relationship strategy, executive trust, uniqueness and initial
    solution, software strength, decision factors, segment upgrade, procurement timeline, assessment comments and
    SWOT conclusions, and each of the spec's tables the model has no attribute for), so a result shows the account,
    the section and its text.
    A methodology section is searched as the page shows it: only when shown, with its words ("Lead", labels)."""
    deal, method = account.view.deal, account.methodology
    title = one_line(account.title)
    page = account.view.page.path
    sections: dict[str, list[str]] = {
        "flags": [*(flag.message.zh + " " + flag.message.en for flag in account.view.flags), deal.next_step],
        "needs": [field_value(deal, name) for name in NEEDS_FIELDS],
        "stakeholders": [f"{s.name} {s.department} {s.title} {s.business_needs} {s.personal_needs} {s.notes}"
                         for s in deal.stakeholders],
        "criteria": [f"{c.criterion} {c.evidence}" for c in deal.criteria],
        "swot": [*(f"{item.item} {item.versus}" for item in deal.swot),
                 *(field_value(deal, name) for name in STRATEGY_TEXTS)],
        "actions": [f"{a.action} {a.objective} {a.stakeholder} {a.owner} {a.outcome}" for a in deal.actions],
        "relationship_plan": [part for row in method.relationships
                              for part in (row.name, row.role, row.strategy, row.owner, row.next_step)],
        "trust_plan": [part for row in method.trust for part in (row.factor, row.evidence)],
        "uniqueness_plan": [*(note.value for note in method.solution),
                            *(part for row in method.uniqueness for part in (row.area, row.uniqueness,
                              row.customer_need, row.benefit, row.influence_target, row.planned_action))],
        "software_strength": [part for row in method.software
                              for part in (row.area, row.detail, row.standing, row.conclusion)],
        "decision_factors": [part for row in method.decision for part in (row.factor, row.standing, row.notes)],
        "segment_upgrade": [note.value for note in method.upgrade],
        "procurement_timeline": [part for row in method.procurement for part in (row.step, row.responsible, row.notes)],
        "assessment_notes": [note.value for note in (*method.comments, *method.swot_conclusions)],
    }
    who = [*(field_value(deal, name) for name in WHO_FIELDS),
           *(more_text(name, value, deal.currency, lang) for name, value in deal.more_fields.items()), account.source]
    entries = [{"location": page, "title": title, "text": _text(who)}]
    for key in SECTIONS:
        text = _text(sections[key])
        if text:
            entries.append({"location": f"{page}#s-{key}", "title": f"{title} · {word(key, lang)}", "text": text})
    for table in account.more_tables:
        text = _text([value for row in table.rows for value in row])
        if text:
            entries.append({"location": f"{page}#s-{table.key}", "title": f"{title} · {one_line(table.title)}",
                            "text": text})
    return entries


def _text(parts: list[str]) -> str:
    """The parts on one line, leaving out the empty ones and the dash the page shows for an empty value."""
    return " ".join(one_line(part) for part in parts if part and part.strip() and part.strip() != "–")


@lru_cache(maxsize=65536)
def _jieba_words(run: str) -> str:
    import jieba

    return "\u200b" + "\u200b".join(jieba.cut(run)) + "\u200b"


def segment(text: str) -> str:
    """Split runs of Chinese into jieba words joined by zero-width spaces, as Material's plugin does."""
    return _HAN.sub(lambda match: _jieba_words(match.group(0)), text).strip("\u200b")


def indexed(entry: dict[str, str]) -> dict[str, Any]:
    """An entry in the form of Material's index: escaped, segmented."""
    return {
        "location": entry["location"],
        "title": segment(html.escape(entry["title"], quote=False)),
        "text": segment(html.escape(entry["text"], quote=False)),
    }


def append_to_index(index_file: Path, entries: list[dict[str, str]]) -> int:
    """Add `entries` to the search index Material wrote; return how many were added."""
    index = json.loads(index_file.read_text(encoding="utf-8"))
    index["docs"].extend(indexed(entry) for entry in entries)
    index_file.write_text(strict_json.dumps(index, compact=True), encoding="utf-8")
    return len(entries)
